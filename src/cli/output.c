/*
 * output.c: errors, colours and the lines commands print. Colour only
 * when the stream is a terminal, NO_COLOR is unset and --no-color was not
 * given; piped output is plain and stable for scripts.
 */
#include "cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int cli_no_color; /* --no-color, for messages printed before a ctx */

static int stderr_color(void)
{
	const char *term = getenv("TERM");

	return !cli_no_color && isatty(2) && !getenv("NO_COLOR") &&
	       !(term && !strcmp(term, "dumb"));
}

int cli_error(int code)
{
	const rt_error *e = rt_error_last();
	int c = stderr_color();

	fprintf(stderr, "retort: %serror:%s ", c ? "\033[1;31m" : "",
		c ? "\033[0m" : "");
	if (e->file && e->line)
		fprintf(stderr, "%s:%d: ", e->file, e->line);
	else if (e->file)
		fprintf(stderr, "%s: ", e->file);
	fprintf(stderr, "%s\n", e->message && *e->message ? e->message
							  : "unknown error");
	if (e->detail)
		fprintf(stderr, "detail: %s\n", e->detail);
	if (e->hint)
		fprintf(stderr, "hint: %s\n", e->hint);
	switch (code) {
	case RT_ELOCKED:
		return CLI_EXIT_LOCKED;
	case RT_EUSAGE:
		return CLI_EXIT_USAGE;
	case RT_EDRIFT:
		return CLI_EXIT_NO;
	default:
		return CLI_EXIT_FAILURE;
	}
}

int cli_usage_error(const cli_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	fputs("retort: usage error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (ctx && ctx->cmd)
		fprintf(stderr, "usage: retort %s %s\n       'retort %s --help' "
				"for the options\n",
			ctx->cmd->name, ctx->cmd->usage, ctx->cmd->name);
	else
		fputs("usage: retort [OPTIONS] COMMAND [ARGS]; 'retort --help' "
		      "lists the commands\n",
		      stderr);
	return CLI_EXIT_USAGE;
}

int cli_int_option(const cli_ctx *ctx, const char *name, const char *v,
		   int min, int *out)
{
	char *end;
	long n;

	if (!v)
		return 0;
	n = strtol(v, &end, 10);
	if (end == v || *end || n < min || n > 100000000)
		return cli_usage_error(ctx, "--%s takes a whole number of at "
					    "least %d, not '%s'",
				       name, min, v);
	*out = (int)n;
	return 0;
}

const char *cli_color(const cli_ctx *ctx, const char *what)
{
	static const struct {
		const char *name, *code;
	} codes[] = {
		{"reset", "\033[0m"},	{"bold", "\033[1m"},
		{"dim", "\033[2m"},	{"red", "\033[31m"},
		{"green", "\033[32m"},	{"yellow", "\033[33m"},
		{"blue", "\033[34m"},	{"magenta", "\033[35m"},
		{"cyan", "\033[36m"},
	};
	size_t i;

	if (!ctx->color)
		return "";
	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		if (!strcmp(codes[i].name, what))
			return codes[i].code;
	return "";
}

void cli_info(const cli_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	if (ctx->args.quiet)
		return;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
}

const char *cli_state_name(rt_rev_state s)
{
	switch (s) {
	case RT_REV_PENDING:
		return "pending";
	case RT_REV_APPLIED:
		return "applied";
	case RT_REV_PARTIAL:
		return "partial";
	case RT_REV_EDITED:
		return "edited";
	case RT_REV_UNKNOWN:
		return "unknown";
	}
	return "?";
}

/* --json: one object a line (JSON Lines), so a script can follow a long
 * run as it goes. */
static void print_event_json(const rt_event *ev)
{
	static const char *const kinds[] = {
		[RT_EVENT_START] = "start",   [RT_EVENT_DONE] = "done",
		[RT_EVENT_SKIP] = "skip",     [RT_EVENT_RESUME] = "resume",
		[RT_EVENT_STAMP] = "stamp",   [RT_EVENT_PLAN] = "plan",
		[RT_EVENT_RETRY] = "retry",   [RT_EVENT_PROGRESS] = "progress",
		[RT_EVENT_REPLICA_WAIT] = "replica_wait",
	};
	rt_buf b = RT_BUF_INIT;

	rt_buf_init(&b);
	rt_buf_printf(&b, "{\"event\": \"%s\", \"direction\": \"%s\", "
			  "\"revision\": ",
		      kinds[ev->kind], ev->direction == RT_UP ? "up" : "down");
	rt_buf_put_json(&b, ev->revision);
	if (ev->kind == RT_EVENT_DONE)
		rt_buf_printf(&b, ", \"duration_ms\": %lld",
			      (long long)ev->duration_ms);
	if ((ev->kind == RT_EVENT_START || ev->kind == RT_EVENT_DONE) &&
	    ev->nsteps)
		rt_buf_printf(&b, ", \"step\": %zu, \"steps\": %zu", ev->step,
			      ev->nsteps);
	if (ev->kind == RT_EVENT_PROGRESS) {
		rt_buf_puts(&b, ", \"table\": ");
		rt_buf_put_json(&b, ev->table);
		rt_buf_printf(&b, ", \"rows\": %lld, \"finished\": %s",
			      (long long)ev->rows,
			      ev->finished ? "true" : "false");
	}
	if (ev->kind == RT_EVENT_REPLICA_WAIT) {
		rt_buf_puts(&b, ", \"table\": ");
		rt_buf_put_json(&b, ev->table);
		rt_buf_puts(&b, ", \"replica\": ");
		rt_buf_put_json(&b, ev->replica);
		rt_buf_puts(&b, ", \"replica_state\": ");
		rt_buf_put_json(&b, ev->replica_state);
		rt_buf_printf(&b,
			      ", \"lag_s\": %.3f, \"max_lag_s\": %.3f, "
			      "\"waited_s\": %.3f, \"finished\": %s",
			      ev->lag_s, ev->max_lag_s, ev->waited_s,
			      ev->finished ? "true" : "false");
	}
	if (ev->kind == RT_EVENT_RESUME || ev->kind == RT_EVENT_RETRY)
		rt_buf_printf(&b, ", \"%s\": %d",
			      ev->kind == RT_EVENT_RESUME ? "statement"
							  : "attempt",
			      ev->kind == RT_EVENT_RESUME ? ev->statement
							  : ev->statement + 1);
	rt_buf_puts(&b, "}\n");
	if (!b.oom)
		fputs(b.ptr, stdout);
	rt_buf_release(&b);
}

void cli_print_event(const rt_event *ev, void *payload)
{
	const cli_ctx *ctx = payload;
	const char *arrow = ev->direction == RT_UP ? "up  " : "down";

	if (ctx->args.json) {
		print_event_json(ev);
		fflush(stdout);
		return;
	}
	if (ctx->args.quiet)
		return;
	switch (ev->kind) {
	case RT_EVENT_START:
		if (ctx->args.verbose)
			printf("%s%s%s %s ...\n", cli_color(ctx, "dim"), arrow,
			       CLI_RESET(ctx), ev->revision);
		break;
	case RT_EVENT_DONE:
		printf("%s%s%s %s %s(%lld ms)%s\n",
		       cli_color(ctx, ev->direction == RT_UP ? "green"
							     : "yellow"),
		       arrow, CLI_RESET(ctx), ev->revision,
		       cli_color(ctx, "dim"), (long long)ev->duration_ms,
		       CLI_RESET(ctx));
		break;
	case RT_EVENT_SKIP:
		if (ctx->args.verbose)
			printf("skip %s (another migrator ran it)\n",
			       ev->revision);
		break;
	case RT_EVENT_RESUME:
		printf("%sresume%s %s at statement %d\n",
		       cli_color(ctx, "cyan"), CLI_RESET(ctx), ev->revision,
		       ev->statement);
		break;
	case RT_EVENT_STAMP:
		printf("%sstamp%s %s %s\n", cli_color(ctx, "cyan"),
		       CLI_RESET(ctx), ev->direction == RT_UP ? "+" : "-",
		       ev->revision);
		break;
	case RT_EVENT_RETRY:
		printf("%sretry%s %s (attempt %d: a table lock was not "
		       "granted in time)\n",
		       cli_color(ctx, "yellow"), CLI_RESET(ctx), ev->revision,
		       ev->statement + 1);
		break;
	case RT_EVENT_PLAN:
		printf("would run %s %s\n", arrow, ev->revision);
		break;
	case RT_EVENT_PROGRESS:
		/* a count redrawn in place, on a terminal only */
		if (!isatty(2))
			break;
		fprintf(stderr, "\r\033[Kcopy into %s: %lld rows%s",
			ev->table, (long long)ev->rows,
			ev->finished ? "\n" : "");
		fflush(stderr);
		break;
	case RT_EVENT_REPLICA_WAIT:
		cli_print_replica_wait(ev, ctx);
		break;
	}
	fflush(stdout);
}

/* A pause for a lagging replica, on stderr: it is news about the run,
 * not its result, and it must reach a log even when stdout is piped. */
void cli_print_replica_wait(const rt_event *ev, const cli_ctx *ctx)
{
	if (ctx->args.quiet)
		return;
	if (ev->replica_state)
		fprintf(stderr,
			"retort: warning: replica '%s' is not streaming (%s): "
			"the writes to '%s' do not wait for it\n",
			ev->replica, ev->replica_state,
			ev->table ? ev->table : "?");
	else if (ev->finished)
		fprintf(stderr,
			"retort: replicas back under %.1f s of lag after "
			"%.1f s: the writes to '%s' go on\n",
			ev->max_lag_s, ev->waited_s,
			ev->table ? ev->table : "?");
	else
		fprintf(stderr,
			"retort: waiting for replica '%s': replay lag %.1f s "
			"over --max-replica-lag %.1f s; the writes to '%s' "
			"pause (%.0f s so far)\n",
			ev->replica, ev->lag_s, ev->max_lag_s,
			ev->table ? ev->table : "?", ev->waited_s);
	fflush(stderr);
}

void cli_print_help(const cli_command *cmd)
{
	const cli_option *o;

	printf("usage: retort %s %s\n\n%s\n", cmd->name, cmd->usage,
	       cmd->summary);
	if (cmd->description)
		printf("\n%s\n", cmd->description);
	if (cmd->options && cmd->options->long_name) {
		printf("\noptions:\n");
		for (o = cmd->options; o->long_name; o++) {
			char left[64];

			if (o->short_name)
				snprintf(left, sizeof(left), "-%c, --%s%s%s",
					 o->short_name, o->long_name,
					 o->arg_name ? " " : "",
					 o->arg_name ? o->arg_name : "");
			else
				snprintf(left, sizeof(left), "    --%s%s%s",
					 o->long_name, o->arg_name ? " " : "",
					 o->arg_name ? o->arg_name : "");
			printf("  %-28s %s\n", left, o->help);
		}
	}
	printf("\nglobal options: -u/--url URL, -d/--dir DIR, -s/--schema "
	       "FILE, --dev-url URL,\n  --wait-lock DURATION, --json, -q, "
	       "-v, --no-color, --help, --version\n");
}

int cli_write(const rt_buf *b)
{
	if (b->len && fwrite(b->ptr, 1, b->len, stdout) != b->len)
		return CLI_EXIT_FAILURE;
	return fflush(stdout) == 0 ? CLI_EXIT_OK : CLI_EXIT_FAILURE;
}
