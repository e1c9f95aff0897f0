/*
 * cmd_upgrade.c: `retort upgrade [TARGET]`, and the run shared with
 * downgrade: live, --dry-run, or --sql (offline: nothing connects; the
 * target may be FROM:TO).
 */
#include "cli.h"
#include "util/fs.h"
#include "util/url.h"

#include <stdlib.h>
#include <string.h>

/* Checked before migrating: a typo in --dump should not surface only
 * after the migrations ran. */
static int dump_dir_exists(const char *file)
{
	const char *slash = strrchr(file, '/');
	char *dir;
	int ok;

	if (!slash)
		return 1;
	if (slash == file)
		return 1;
	if (!(dir = strndup(file, (size_t)(slash - file))))
		return 0;
	ok = rt_fs_is_dir(dir);
	free(dir);
	return ok;
}

/* The events of a live run: printed, and an online migration's expand
 * noted, so its status (the versions' search_paths) follows the run. */
typedef struct run_events {
	cli_ctx *ctx;
	cli_progress progress;
	int expanded;
} run_events;

static void on_event(const rt_event *ev, void *payload)
{
	run_events *re = payload;

	if (ev->kind == RT_EVENT_DONE && ev->direction == RT_UP &&
	    ev->migration && ev->migration->online)
		re->expanded = 1;
	if (re->progress.drawn) {
		fputc('\n', stderr);
		re->progress.drawn = 0;
	}
	cli_print_event(ev, re->ctx);
}

int cli_run_migrations(cli_ctx *ctx, rt_direction d)
{
	rt_run_options opts = RT_RUN_OPTIONS_INIT;
	rt_online_options online = RT_ONLINE_OPTIONS_INIT;
	run_events re = {0};
	rt_buf script = RT_BUF_INIT;
	const char *search_path = NULL;
	char *range = NULL;
	int error, status;

	opts.target = ctx->args.npos ? ctx->args.pos[0] : NULL;
	opts.dry_run = ctx->args.dry_run;
	opts.single_transaction = ctx->args.single_transaction;
	opts.on_event = cli_print_event;
	opts.payload = ctx;
	opts.allow_unsafe = ctx->args.allow_unsafe;
	opts.lint_ignore = ctx->lint_ignore;
	opts.nlint_ignore = ctx->nlint_ignore;
	if (ctx->args.sql) {
		char *colon;

		if (ctx->args.dry_run)
			return cli_usage_error(ctx, "--sql and --dry-run "
						    "exclude each other");
		if (ctx->args.dump)
			return cli_usage_error(ctx, "--sql and --dump "
						    "exclude each other");
		if (!(opts.dialect = cli_dialect(ctx, &search_path)))
			return cli_error(RT_ERROR);
		opts.schema_name = ctx->args.schema_name ? ctx->args.schema_name
							 : search_path;
		if (opts.target && (colon = strchr(opts.target, ':'))) {
			range = strdup(opts.target);
			if (!range)
				return CLI_EXIT_FAILURE;
			colon = range + (colon - opts.target);
			*colon = '\0';
			opts.from = range;
			opts.target = colon[1] ? colon + 1 : NULL;
		}
		rt_buf_init(&script);
		opts.sql_out = &script;
		error = d == RT_UP ? rt_upgrade(NULL, ctx->migrations, &opts)
				   : rt_downgrade(NULL, ctx->migrations, &opts);
		free(range);
		if (error < 0) {
			rt_buf_release(&script);
			return cli_error(error);
		}
		status = cli_write(&script);
		rt_buf_release(&script);
		return status;
	}
	if (ctx->args.dump && !dump_dir_exists(ctx->args.dump)) {
		fprintf(stderr, "retort: error: --dump %s: the directory does "
				"not exist\n", ctx->args.dump);
		return CLI_EXIT_FAILURE;
	}
	re.ctx = ctx;
	if (d == RT_UP &&
	    (status = cli_online_options(ctx, &online, &re.progress)) != 0)
		return status;
	online.on_event = on_event;
	online.event_payload = &re;
	opts.online = &online;
	opts.on_event = on_event;
	opts.payload = &re;
	if ((status = cli_open_db(ctx, opts.dry_run)) != 0)
		return status;
	error = d == RT_UP ? rt_upgrade(ctx->db, ctx->migrations, &opts)
			   : rt_downgrade(ctx->db, ctx->migrations, &opts);
	if (re.progress.drawn)
		fputc('\n', stderr);
	if (error < 0)
		return cli_error(error);
	if (re.expanded && !ctx->args.json && !ctx->args.quiet &&
	    (status = cli_online_show(ctx)) != 0)
		return status;
	/* like dbmate: the committed schema file follows every run */
	if (ctx->args.dump && !opts.dry_run)
		return cli_dump_to(ctx, ctx->args.dump);
	return CLI_EXIT_OK;
}

static int cmd_upgrade(cli_ctx *ctx)
{
	return cli_run_migrations(ctx, RT_UP);
}

static const cli_option options[] = {
    CLI_RUN_OPTIONS,
    CLI_BOOL("allow-unsafe", 0, allow_unsafe,
	     "run migrations lint refuses (recorded in retort_log)"),
    CLI_STRING("dump", 0, dump, "FILE",
	       "then write the schema to FILE, as 'retort dump' does"),
    CLI_STRING("batch-size", 0, batch_size, "N",
	       "online migrations: rows per backfill batch (default "
	       "5000)"),
    CLI_STRING("batch-delay", 0, batch_delay, "MS",
	       "online migrations: pause between backfill batches "
	       "(default 0)"),
    CLI_END,
};

const cli_command cli_cmd_upgrade = {
	.name = "upgrade",
	.fn = cmd_upgrade,
	.summary = "apply pending migrations up to TARGET (default head)",
	.usage = "[TARGET] [--sql] [--dry-run] [--single-transaction] "
		 "[--allow-unsafe] [--dump FILE]",
	.description =
		"TARGET: head, heads, base, +N, a revision or a unique prefix.\n"
		"Each migration runs in its own transaction with its "
		"bookkeeping.\nThe pending migrations are linted first "
		"against the live database; error-level\nfindings refuse "
		"the upgrade unless --allow-unsafe ('retort lint' shows "
		"them).",
	.options = options,
	.max_args = 1,
	.flags = CLI_NEEDS_DIR,
};
