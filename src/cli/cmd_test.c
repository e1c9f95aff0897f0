/*
 * cmd_test.c: `retort test [--from REV]`: the migrations prove
 * themselves on a scratch database (rt_test_run): one line per check as
 * it ends, a closing "N passed, N failed" line, exit 3 on any failure.
 */
#include "cli.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

/* The signal that interrupted the run, or 0. */
static volatile sig_atomic_t caught;

/* Only what is async-signal-safe: the library cancels the scratch
 * database's statement and returns through the cleanup that drops it. */
static void on_signal(int sig)
{
	caught = sig;
	rt_test_interrupt();
}

typedef struct printer {
	const cli_ctx *ctx;
} printer;

static const char *status_word(rt_test_status s)
{
	return s == RT_TEST_PASS ? "ok" : s == RT_TEST_FAIL ? "not ok" : "skip";
}

/* "ok REV what: message (N ms)", then the detail indented. */
static void print_check(const rt_test_check *c, void *payload)
{
	const printer *p = payload;
	const cli_ctx *ctx = p->ctx;
	const char *color = c->status == RT_TEST_PASS	? "green"
			    : c->status == RT_TEST_FAIL ? "red"
							: "yellow";
	const char *s;

	if (ctx->args.quiet && c->status != RT_TEST_FAIL)
		return;
	printf("%s%s%s ", cli_color(ctx, color), status_word(c->status),
	       CLI_RESET(ctx));
	if (c->revision)
		printf("%s ", c->revision);
	printf("%s", c->what);
	if (c->message)
		printf(": %s", c->message);
	printf(" (%lld ms)\n", (long long)c->duration_ms);
	if (c->status != RT_TEST_PASS && c->file && (!c->detail ||
						     !strstr(c->detail, c->file)))
		printf(c->line ? "    at %s:%d\n" : "    in %s\n", c->file,
		       c->line);
	for (s = c->detail; s && *s;) {
		const char *eol = strchr(s, '\n');
		int n = eol ? (int)(eol - s) : (int)strlen(s);

		printf("    %.*s\n", n, s);
		s += n + (eol ? 1 : 0);
	}
	fflush(stdout);
}

static void put_json_field(rt_buf *b, const char *name, const char *v)
{
	rt_buf_printf(b, ", \"%s\": ", name);
	if (v)
		rt_buf_put_json(b, v);
	else
		rt_buf_puts(b, "null");
}

/* {"checks": [...], "passed": N, "failed": N, "skipped": N, ...} */
static int print_json(const rt_test_report *r)
{
	rt_buf b = RT_BUF_INIT;
	size_t i;
	int status;

	rt_buf_init(&b);
	rt_buf_puts(&b, "{\"checks\": [");
	for (i = 0; i < r->count; i++) {
		const rt_test_check *c = &r->checks[i];

		rt_buf_printf(&b, "%s\n  {\"status\": \"%s\"", i ? "," : "",
			      status_word(c->status));
		put_json_field(&b, "revision", c->revision);
		put_json_field(&b, "check", c->what);
		put_json_field(&b, "message", c->message);
		put_json_field(&b, "detail", c->detail);
		put_json_field(&b, "file", c->file);
		rt_buf_printf(&b, ", \"line\": %d, \"duration_ms\": %lld}",
			      c->line, (long long)c->duration_ms);
	}
	rt_buf_printf(&b,
		      "%s], \"passed\": %zu, \"failed\": %zu, \"skipped\": "
		      "%zu, \"migrations\": %zu, \"tested\": %zu, "
		      "\"duration_ms\": %lld, \"ok\": %s}\n",
		      r->count ? "\n" : "", r->npassed, r->nfailed, r->nskipped,
		      r->nmigrations, r->ntested, (long long)r->duration_ms,
		      r->nfailed ? "false" : "true");
	status = cli_write(&b);
	rt_buf_release(&b);
	return status;
}

/* The engine of the scratch database: --dev-url's, else --url's; the
 * server it is made on: --dev-url, else --url. */
static int pick_engine(const cli_ctx *ctx, rt_test_options *o)
{
	cli_ctx dev = *ctx;

	if (ctx->dev_url) {
		dev.url = ctx->dev_url;
		if (!(o->dialect = cli_dialect(&dev, NULL)))
			return cli_error(RT_ERROR);
		o->scratch_url = ctx->dev_url;
		return 0;
	}
	if (!(o->dialect = cli_dialect(ctx, NULL)))
		return cli_error(RT_ERROR);
	o->scratch_url = ctx->url;
	return 0;
}

static int cmd_test(cli_ctx *ctx)
{
	rt_test_options o = RT_TEST_OPTIONS_INIT;
	rt_test_report *r = NULL;
	struct sigaction sa, old_int, old_term;
	printer p = {ctx};
	char *schema = NULL;
	int status, error;

	if ((status = pick_engine(ctx, &o)) != 0)
		return status;
	/* the applied checksums of the database (never created) */
	if ((status = cli_open_db(ctx, 1)) != 0)
		return status;
	o.db = ctx->db;
	o.from = ctx->args.from;
	o.schema_name = ctx->args.schema_name;
	o.lint_ignore = ctx->lint_ignore;
	o.nlint_ignore = ctx->nlint_ignore;
	if (!(schema = cli_source("file://", ctx->schema))) {
		fputs("retort: error: out of memory\n", stderr);
		return CLI_EXIT_FAILURE;
	}
	o.schema_source = schema;
	if (!ctx->args.json) {
		o.on_check = print_check;
		o.payload = &p;
	}

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	error = rt_test_run(&r, ctx->dir, &o);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	if (caught) {
		rt_test_report_free(r);
		free(schema);
		fflush(stdout);
		cli_error(error < 0 ? error : RT_ERROR);
		fflush(stderr);
		signal(caught, SIG_DFL);
		raise(caught);
		return CLI_EXIT_FAILURE;
	}
	if (error < 0) {
		status = cli_error(error);
		goto done;
	}
	if (ctx->args.json) {
		status = print_json(r);
	} else {
		printf("%zu passed, %zu failed", r->npassed, r->nfailed);
		if (r->nskipped)
			printf(", %zu skipped", r->nskipped);
		printf(" (%zu of %zu migrations through the stairway, %.2f s)\n",
		       r->ntested, r->nmigrations,
		       (double)r->duration_ms / 1000.0);
		status = CLI_EXIT_OK;
	}
	if (!status && r->nfailed)
		status = CLI_EXIT_NO;
done:
	rt_test_report_free(r);
	free(schema);
	return status;
}

static const cli_option options[] = {
	CLI_STRING("from", 0, from, "REV",
		   "test only the revisions that follow REV"),
	CLI_END,
};

const cli_command cli_cmd_test = {
	.name = "test",
	.fn = cmd_test,
	.summary = "prove every migration on a scratch database",
	.usage = "[--from REV] [--json]",
	.description =
		"On a scratch database (--dev-url's server, else --url's; "
		"SQLite: in memory),\nmade and dropped again: the directory "
		"parses and has one head, applied\nchecksums of --url match "
		"the files, then each revision in order is upgraded,\n"
		"downgraded (the catalog must equal the one before) and "
		"upgraded again, with\nthe test file DIR/tests/REVISION.sql "
		"(-- retort:before statements, -- retort:after\nqueries that "
		"must return true); then the head equals the schema file, "
		"and lint.\nExit 0 when every check passed, 3 when one "
		"failed.",
	.options = options,
	.max_args = 0,
};
