/*
 * cmd_online.c: `retort online start|status|complete|rollback|env|plan`,
 * the expand/contract life of a `-- retort:online` migration
 * (PostgreSQL). The backfill's progress goes to stderr: a bar redrawn in
 * place on a terminal, plain lines (one every few seconds) otherwise.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef cli_progress progress;

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void eta_text(char *out, size_t n, double s)
{
	if (s < 0)
		snprintf(out, n, "?");
	else if (s < 120)
		snprintf(out, n, "%.0fs", s);
	else
		snprintf(out, n, "%ldm%02lds", (long)s / 60, (long)s % 60);
}

static void on_progress(const rt_online_progress *p, void *payload)
{
	progress *pr = payload;
	double pct = p->rows_total > 0
			 ? 100.0 * (double)p->rows_done / (double)p->rows_total
			 : 100.0;
	char eta[32];
	int64_t now = now_ms();

	if (pr->ctx->args.quiet)
		return;
	eta_text(eta, sizeof(eta), p->eta_s);
	if (pr->tty) {
		int width = 30, fill = (int)(pct * width / 100), i;

		fprintf(stderr, "\r\033[Kbackfill %s [", p->table);
		for (i = 0; i < width; i++)
			fputc(i < fill ? '#' : '.', stderr);
		fprintf(stderr, "] %3.0f%% %lld/%lld rows, %.0f rows/s, ETA %s",
			pct, (long long)p->rows_done, (long long)p->rows_total,
			p->rows_per_s, p->finished ? "0s" : eta);
		pr->drawn = 1;
		if (p->finished) {
			fputc('\n', stderr);
			pr->drawn = 0;
		}
		fflush(stderr);
		return;
	}
	if (!p->finished && pr->last_ms && now - pr->last_ms < 2000)
		return;
	pr->last_ms = now;
	fprintf(stderr,
		"backfill %s: %lld/%lld rows (%.0f%%), %.0f rows/s%s%s\n",
		p->table, (long long)p->rows_done, (long long)p->rows_total,
		pct, p->rows_per_s, p->finished ? ", done" : ", ETA ",
		p->finished ? "" : eta);
}

/* A backfill's pause for a lagging replica: the bar's line ends first. */
static void on_event(const rt_event *ev, void *payload)
{
	progress *pr = payload;

	if (pr->drawn) {
		fputc('\n', stderr);
		pr->drawn = 0;
	}
	if (pr->ctx->args.json)
		cli_print_event(ev, (cli_ctx *)pr->ctx);
	else
		cli_print_replica_wait(ev, pr->ctx);
}

int cli_online_options(cli_ctx *ctx, rt_online_options *o, cli_progress *pr)
{
	int status;

	memset(pr, 0, sizeof(*pr));
	pr->ctx = ctx;
	pr->tty =
	    isatty(2) && !(getenv("TERM") && !strcmp(getenv("TERM"), "dumb"));
	o->on_progress = on_progress;
	o->payload = pr;
	o->on_event = on_event;
	o->event_payload = pr;
	if ((status = cli_int_option(ctx, "batch-size", ctx->args.batch_size,
				     1, &o->batch_size)) != 0)
		return status;
	if ((status = cli_int_option(ctx, "batch-delay", ctx->args.batch_delay,
				     0, &o->batch_delay_ms)) != 0)
		return status;
	/* 0 given on the command line means no pause; the API's 0 is the
	 * default */
	if (ctx->args.batch_delay && o->batch_delay_ms == 0)
		o->batch_delay_ms = -1;
	return 0;
}

static void put_json_ms(rt_buf *b, const char *key, int64_t ms)
{
	if (ms >= 0)
		rt_buf_printf(b, ", \"%s\": %lld", key, (long long)ms);
	else
		rt_buf_printf(b, ", \"%s\": null", key);
}

static int print_json(const rt_online_status *st)
{
	rt_buf b = RT_BUF_INIT;
	size_t i;
	int status;

	rt_buf_init(&b);
	if (!st->revision) {
		rt_buf_puts(&b, "{\"revision\": null, \"active\": false}\n");
	} else {
		rt_buf_puts(&b, "{\"revision\": ");
		rt_buf_put_json(&b, st->revision);
		rt_buf_printf(&b, ", \"active\": %s, \"phase\": ",
			      st->active ? "true" : "false");
		rt_buf_put_json(&b, st->phase);
		rt_buf_puts(&b, ", \"old_schema\": ");
		rt_buf_put_json(&b, st->old_schema);
		rt_buf_puts(&b, ", \"new_schema\": ");
		rt_buf_put_json(&b, st->new_schema);
		rt_buf_puts(&b, ", \"old_search_path\": ");
		rt_buf_put_json(&b, st->old_search_path);
		rt_buf_puts(&b, ", \"new_search_path\": ");
		rt_buf_put_json(&b, st->new_search_path);
		rt_buf_puts(&b, ", \"started_at\": ");
		rt_buf_put_json(&b, st->started_at);
		put_json_ms(&b, "expand_lock_ms", st->expand_lock_ms);
		put_json_ms(&b, "post_lock_ms", st->post_lock_ms);
		put_json_ms(&b, "contract_lock_ms", st->contract_lock_ms);
		rt_buf_puts(&b, ", \"tables\": [");
		for (i = 0; i < st->ntables; i++) {
			rt_buf_puts(&b, i ? ", {\"table\": " : "{\"table\": ");
			rt_buf_put_json(&b, st->tables[i].table);
			rt_buf_printf(&b,
				      ", \"rows_done\": %lld, \"rows_total\": "
				      "%lld, \"finished\": %s}",
				      (long long)st->tables[i].rows_done,
				      (long long)st->tables[i].rows_total,
				      st->tables[i].finished ? "true"
							     : "false");
		}
		rt_buf_puts(&b, "]}\n");
	}
	status = rt_buf_check(&b) < 0 ? CLI_EXIT_FAILURE : cli_write(&b);
	rt_buf_release(&b);
	return status;
}

static void print_locks(const rt_online_status *st)
{
	printf("longest ACCESS EXCLUSIVE lock held by retort: expand %lld ms",
	       (long long)st->expand_lock_ms);
	if (st->post_lock_ms >= 0)
		printf(", post-backfill %lld ms", (long long)st->post_lock_ms);
	if (st->contract_lock_ms >= 0)
		printf(", %s %lld ms",
		       !strcmp(st->phase, "rolled back") ? "rollback"
							 : "contract",
		       (long long)st->contract_lock_ms);
	printf("\n");
}

static void print_status(const cli_ctx *ctx, const rt_online_status *st)
{
	size_t i;

	if (!st->revision) {
		printf("no online migration\n");
		return;
	}
	printf("%sonline%s %s: %s%s%s\n", cli_color(ctx, "bold"),
	       CLI_RESET(ctx), st->revision,
	       cli_color(ctx, st->active ? "yellow" : "green"), st->phase,
	       CLI_RESET(ctx));
	printf("started %s by %s%s%s\n", st->started_at, st->started_by,
	       st->finished_at ? ", finished " : "",
	       st->finished_at ? st->finished_at : "");
	if (st->old_search_path)
		printf("old version: SET search_path TO %s;\n",
		       st->old_search_path);
	if (st->new_search_path)
		printf("new version: SET search_path TO %s;\n",
		       st->new_search_path);
	if (!st->active)
		printf("the versions' schemas are dropped: a search_path "
		       "naming one falls through to the tables\n");
	for (i = 0; i < st->ntables; i++)
		printf("backfill %s: %lld/%lld rows%s\n", st->tables[i].table,
		       (long long)st->tables[i].rows_done,
		       (long long)st->tables[i].rows_total,
		       st->tables[i].finished ? ", done" : "");
	if (st->expand_lock_ms >= 0)
		print_locks(st);
	if (st->active && !strcmp(st->phase, "backfill"))
		printf("the backfill stopped midway: 'retort online complete' "
		       "(or 'upgrade') resumes it\n");
	else if (st->active)
		printf("next: deploy the new version with its search_path; "
		       "once no old instance runs, 'retort online complete' "
		       "(or 'retort online rollback')\n");
}

static int load_status(cli_ctx *ctx, rt_online_status **st)
{
	if (rt_online_status_load(st, ctx->db) < 0)
		return cli_error(RT_ERROR);
	return 0;
}

int cli_online_show(cli_ctx *ctx)
{
	rt_online_status *st;
	int status;

	if ((status = load_status(ctx, &st)) != 0)
		return status;
	if (ctx->args.json)
		status = print_json(st);
	else
		print_status(ctx, st);
	rt_online_status_free(st);
	return status;
}

static void put_env(rt_buf *b, const char *name, const char *value)
{
	rt_buf_printf(b, "%s=", name);
	rt_buf_put_shell(b, value ? value : "");
	rt_buf_putc(b, '\n');
}

static int cmd_online_env(cli_ctx *ctx, const char *which)
{
	rt_online_status *st;
	const char *old = NULL, *new_path = NULL;
	int status;

	if (which && strcmp(which, "old") && strcmp(which, "new"))
		return cli_usage_error(ctx,
				       "'online env' takes 'old' or 'new', "
				       "not '%s'",
				       which);
	if ((status = load_status(ctx, &st)) != 0)
		return status;
	if (st->revision) {
		old = st->old_search_path;
		new_path = st->new_search_path;
	}
	if (which) {
		const char *v = !strcmp(which, "old") ? old : new_path;

		if (!v) {
			fprintf(stderr, "retort: no %s version: %s\n", which,
				st->revision ? "the online migration is over"
					     : "no online migration ran here");
			status = CLI_EXIT_NO;
		} else {
			printf("%s\n", v);
		}
	} else if (ctx->args.json) {
		status = print_json(st);
	} else {
		/* sourced by a shell: every value one single-quoted word */
		rt_buf b = RT_BUF_INIT;

		rt_buf_init(&b);
		put_env(&b, "RETORT_ONLINE_REVISION", st->revision);
		put_env(&b, "RETORT_ONLINE_PHASE",
			st->revision ? st->phase : NULL);
		put_env(&b, "RETORT_SEARCH_PATH_OLD", old);
		put_env(&b, "RETORT_SEARCH_PATH_NEW", new_path);
		status = rt_buf_check(&b) < 0 ? cli_error(RT_ERROR)
					      : cli_write(&b);
		rt_buf_release(&b);
	}
	rt_online_status_free(st);
	return status;
}

static int cmd_online_plan(cli_ctx *ctx, const char *rev)
{
	const rt_migration *m = NULL;
	rt_buf b = RT_BUF_INIT;
	size_t i;
	int status;

	if (rev) {
		/* a name or a unique prefix, as targets take */
		for (i = 0; i < ctx->migrations->count; i++) {
			const rt_migration *c = ctx->migrations->migrations[i];

			if (strncmp(c->name, rev, strlen(rev)) != 0)
				continue;
			if (m)
				return cli_usage_error(ctx,
						       "'%s' names several "
						       "migrations",
						       rev);
			m = c;
		}
	} else {
		for (i = 0; i < ctx->migrations->count && !m; i++)
			if (ctx->migrations->migrations[i]->online)
				m = ctx->migrations->migrations[i];
	}
	if (!m) {
		fprintf(stderr, "retort: error: no %s migration%s%s\n",
			rev ? "such" : "online", rev ? " " : "",
			rev ? rev : "");
		return CLI_EXIT_FAILURE;
	}
	if (!m->online) {
		fprintf(stderr,
			"retort: error: migration '%s' is not marked "
			"'-- retort:online'\n",
			m->name);
		return CLI_EXIT_FAILURE;
	}
	rt_buf_init(&b);
	if (rt_online_describe(&b, m) < 0) {
		rt_buf_release(&b);
		return cli_error(RT_ERROR);
	}
	status = cli_write(&b);
	rt_buf_release(&b);
	return status;
}

/* After start, complete, rollback: what happened and what to do next. */
static int report(cli_ctx *ctx, const char *what)
{
	rt_online_status *st;
	int status;

	if ((status = load_status(ctx, &st)) != 0)
		return status;
	if (ctx->args.json) {
		status = print_json(st);
	} else if (!ctx->args.quiet) {
		printf("%s%s%s %s\n", cli_color(ctx, "green"), what,
		       CLI_RESET(ctx), st->revision ? st->revision : "");
		print_status(ctx, st);
	}
	rt_online_status_free(st);
	return status;
}

static int cmd_online(cli_ctx *ctx)
{
	const char *sub = ctx->args.pos[0];
	const char *arg = ctx->args.npos > 1 ? ctx->args.pos[1] : NULL;
	rt_online_options o = RT_ONLINE_OPTIONS_INIT;
	progress pr;
	int status, error;

	if (ctx->args.npos > 2)
		return cli_usage_error(ctx, "too many arguments");
	if (!strcmp(sub, "plan"))
		return cmd_online_plan(ctx, arg);
	if (strcmp(sub, "start") && arg && strcmp(sub, "env"))
		return cli_usage_error(ctx, "'online %s' takes no argument",
				       sub);
	if (!strcmp(sub, "status") || !strcmp(sub, "env")) {
		if ((status = cli_open_db(ctx, 1)) != 0)
			return status;
		return !strcmp(sub, "env") ? cmd_online_env(ctx, arg)
					   : cli_online_show(ctx);
	}
	if (strcmp(sub, "start") && strcmp(sub, "complete") &&
	    strcmp(sub, "rollback"))
		return cli_usage_error(ctx, "unknown subcommand 'online %s'",
				       sub);
	if ((status = cli_online_options(ctx, &o, &pr)) != 0 ||
	    (status = cli_open_db(ctx, 0)) != 0)
		return status;
	if (!strcmp(sub, "start"))
		error = rt_online_start(ctx->db, ctx->migrations, arg, &o);
	else if (!strcmp(sub, "complete"))
		error = rt_online_complete(ctx->db, ctx->migrations, &o);
	else
		error = rt_online_rollback(ctx->db, ctx->migrations, &o);
	if (pr.drawn)
		fputc('\n', stderr);
	if (error < 0)
		return cli_error(error);
	return report(ctx, !strcmp(sub, "start")      ? "expanded"
			   : !strcmp(sub, "complete") ? "completed"
						      : "rolled back");
}

static const cli_option options[] = {
    CLI_STRING("batch-size", 0, batch_size, "N",
	       "rows per backfill batch (default 5000)"),
    CLI_STRING("batch-delay", 0, batch_delay, "MS",
	       "pause between backfill batches (default 0)"),
    CLI_END,
};

const cli_command cli_cmd_online = {
    .name = "online",
    .fn = cmd_online,
    .summary = "expand/contract migrations (PostgreSQL)",
    .usage = "start [REV] | status | complete | rollback | env [old|new] | "
	     "plan [REV]",
    .description =
	"A migration marked '-- retort:online' runs as expand/contract: "
	"'upgrade' (or\n'online start', with backfill options) adds the "
	"new shape beside the old,\nkeeps both in sync with triggers, "
	"backfills in batches and creates a schema\nof views per "
	"application version; each version picks its schema with\n"
	"search_path ('online env' prints it). 'online complete' drops "
	"the old shape\n(contract); 'online rollback' drops the new "
	"one. 'online plan' shows the\noperations a migration maps "
	"to, without a database.",
    .options = options,
    .max_args = 2,
    .min_args = 1,
    .flags = CLI_NEEDS_DIR,
};
