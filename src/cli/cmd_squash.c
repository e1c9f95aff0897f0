/*
 * cmd_squash.c: `retort squash [REV]`: one migration standing for the
 * history up to REV (default: the head), checked on scratch databases
 * before it is written (rt_squash).
 */
#include "cli.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

static volatile sig_atomic_t caught;

/* Only what is async-signal-safe: the library cancels the scratch
 * database's statement and returns through the cleanup that drops it. */
static void on_signal(int sig)
{
	caught = sig;
	rt_squash_interrupt();
}

static void put_json(rt_buf *b, const rt_squash_result *r, int written)
{
	size_t i;

	rt_buf_puts(b, "{\"file\": ");
	rt_buf_put_json(b, r->path);
	rt_buf_printf(b, ", \"written\": %s, \"revision\": ",
		      written ? "true" : "false");
	rt_buf_put_json(b, r->revision);
	rt_buf_printf(b, ", \"replaced\": %zu, \"objects\": %zu, "
			 "\"build_ms\": %lld, \"verify_ms\": %lld, "
			 "\"seeded_tables\": [",
		      r->nreplaced, r->nobjects, (long long)r->build_ms,
		      (long long)r->verify_ms);
	for (i = 0; i < r->nseeded; i++) {
		if (i)
			rt_buf_puts(b, ", ");
		rt_buf_put_json(b, r->seeded[i]);
	}
	rt_buf_puts(b, "]}\n");
}

static void put_text(rt_buf *b, const cli_ctx *ctx, const rt_squash_result *r,
		     int written)
{
	size_t i;

	rt_buf_printf(b, "%s %s: the schema at %s, standing for %zu "
			 "revision%s (%zu objects)\n",
		      written ? "wrote" : "would write", r->path, r->revision,
		      r->nreplaced, r->nreplaced == 1 ? "" : "s", r->nobjects);
	rt_buf_printf(b, "  checked on a scratch database: its up gives the "
			 "history's catalog, its down leaves none (%.2f s "
			 "to build, %.2f s to check)\n",
		      (double)r->build_ms / 1000.0,
		      (double)r->verify_ms / 1000.0);
	if (r->nseeded) {
		rt_buf_printf(b, "  %snote:%s %zu table%s hold%s rows the "
				 "replaced migrations inserted, which the "
				 "squash does not carry:",
			      cli_color(ctx, "yellow"), CLI_RESET(ctx),
			      r->nseeded, r->nseeded == 1 ? "" : "s",
			      r->nseeded == 1 ? "s" : "");
		for (i = 0; i < r->nseeded; i++)
			rt_buf_printf(b, "%s %s", i ? "," : "", r->seeded[i]);
		rt_buf_puts(b, "\n  (add the rows a new database needs to "
			       "its up as INSERT statements)\n");
	}
	if (written)
		rt_buf_puts(b, "  databases that applied every replaced "
			       "revision are at the squash; an empty one "
			       "runs the squash alone; once every database is "
			       "past them, the replaced files may be "
			       "deleted\n");
}

/* The engine and server of the scratch databases: --dev-url's, else
 * --url's (as `retort test`). */
static int pick_engine(const cli_ctx *ctx, rt_squash_options *o)
{
	cli_ctx dev = *ctx;

	if (ctx->dev_url)
		dev.url = ctx->dev_url;
	if (!(o->dialect = cli_dialect(&dev, NULL)))
		return cli_error(RT_ERROR);
	o->scratch_url = ctx->dev_url ? ctx->dev_url : ctx->url;
	return 0;
}

static int cmd_squash(cli_ctx *ctx)
{
	rt_squash_options o = RT_SQUASH_OPTIONS_INIT;
	rt_squash_result *r = NULL;
	struct sigaction sa, old_int, old_term;
	rt_buf out = RT_BUF_INIT;
	int status, error;

	if ((status = pick_engine(ctx, &o)) != 0)
		return status;
	o.schema_name = ctx->args.schema_name;
	o.revision = ctx->args.npos ? ctx->args.pos[0] : NULL;
	o.dry_run = ctx->args.dry_run;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	error = rt_squash(&r, ctx->dir, &o);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	if (caught) {
		cli_error(error < 0 ? error : RT_ERROR);
		fflush(stderr);
		rt_squash_result_free(r);
		signal(caught, SIG_DFL);
		raise(caught);
		return CLI_EXIT_FAILURE;
	}
	if (error < 0)
		return cli_error(error);
	rt_buf_init(&out);
	if (ctx->args.json)
		put_json(&out, r, !o.dry_run);
	else if (!ctx->args.quiet)
		put_text(&out, ctx, r, !o.dry_run);
	if (o.dry_run && ctx->args.verbose && !ctx->args.json)
		rt_buf_puts(&out, r->text);
	status = cli_write(&out);
	rt_buf_release(&out);
	rt_squash_result_free(r);
	return status;
}

static const cli_option options[] = {
	CLI_BOOL("dry-run", 'n', dry_run,
		 "build and check the squash, write nothing (-v prints it)"),
	CLI_END,
};

const cli_command cli_cmd_squash = {
	.name = "squash",
	.fn = cmd_squash,
	.summary = "one migration for the history up to a revision",
	.usage = "[REV] [--dry-run] [--json]",
	.description =
		"Applies the history up to REV (default: the head) to a "
		"scratch database\n(--dev-url's server, else --url's; SQLite: "
		"in memory) and writes one migration\nwhose up creates that "
		"catalog and whose down drops it, with -- retort:replaces\n"
		"naming every revision it stands for. The file is run on a "
		"second scratch\ndatabase first: its catalog must equal the "
		"history's, else nothing is written.\nA database that applied "
		"every replaced revision is at the squash; an empty\none runs "
		"the squash alone; one part way through is served by the "
		"replaced\nfiles while they are there.",
	.options = options,
	.max_args = 1,
	.flags = CLI_NEEDS_DIR,
};
