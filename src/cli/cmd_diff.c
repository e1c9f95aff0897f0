/*
 * cmd_diff.c: `retort diff --from SRC --to SRC`: the SQL that turns one
 * schema into the other, nothing when they are equal. Also the helpers
 * the other schema commands (check, dump, new --autogenerate) share.
 */
#include "cli.h"
#include "util/url.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

/* The signal that interrupted a schema load, or 0. */
static volatile sig_atomic_t caught;

/* Only what is async-signal-safe: the library cancels the scratch
 * database's statement, and its load returns through the cleanup that
 * drops the database. */
static void on_signal(int sig)
{
	caught = sig;
	rt_schema_interrupt();
}

/*
 * file:// and dir:// sources are read by the engine of --url, in a
 * scratch database on the server of --dev-url (else --url). SIGINT and
 * SIGTERM during the load interrupt it (no SA_RESTART: a wait returns);
 * once the scratch database is gone, the signal is raised again with
 * its default action, so the exit status is the signal's.
 */
int cli_schema_load(const cli_ctx *ctx, rt_schema **out, const char *src)
{
	rt_schema_options opts = {0};
	struct sigaction sa, old_int, old_term;
	int error;

	if (!(opts.dialect = cli_dialect(ctx, NULL)))
		return cli_error(RT_ERROR);
	opts.dev_url = ctx->dev_url ? ctx->dev_url : ctx->url;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	error = rt_schema_load(out, src, &opts);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	if (caught) {
		rt_schema_free(*out);
		*out = NULL;
		cli_error(error < 0 ? error : RT_ERROR);
		fflush(stderr);
		signal(caught, SIG_DFL);
		raise(caught);
		return CLI_EXIT_FAILURE;
	}
	if (error < 0)
		return cli_error(error);
	return 0;
}

void cli_schema_warn(const cli_ctx *ctx, const rt_schema_changes *ch)
{
	size_t i;

	for (i = 0; i < ch->ncandidates; i++) {
		fprintf(stderr,
			"retort: warning: %s: written as a drop and an add, "
			"which loses the data of the dropped one\n",
			ch->candidates[i].message);
		fprintf(stderr,
			"hint: if it is a rename, say so with "
			"--rename %s\n",
			ch->candidates[i].rename);
	}
	if (ctx->args.quiet)
		return;
	for (i = 0; i < ch->ndata_loss; i++)
		fprintf(stderr, "retort: warning: data loss: %s\n",
			ch->data_loss[i]);
}

int cli_schema_diff(const cli_ctx *ctx, rt_schema_changes **out,
		    const char *from, const char *to, int safe)
{
	rt_schema *a = NULL, *b = NULL;
	rt_schema_diff_options opts = {0};
	int status;

	*out = NULL;
	opts.renames = ctx->args.renames.v;
	opts.nrenames = (size_t)ctx->args.renames.n;
	opts.safe = safe;
	/* `new` writes the migrations a split change takes */
	opts.split = safe;
	if ((status = cli_schema_load(ctx, &a, from)) == 0 &&
	    (status = cli_schema_load(ctx, &b, to)) == 0) {
		int error = rt_schema_diff(out, a, b, &opts);

		if (error < 0)
			status = cli_error(error);
	}
	rt_schema_free(a);
	rt_schema_free(b);
	return status;
}

static void put_json_strings(rt_buf *b, const char *key,
			     const char *const *v, size_t n)
{
	size_t i;

	rt_buf_printf(b, ", \"%s\": [", key);
	for (i = 0; i < n; i++) {
		if (i)
			rt_buf_puts(b, ", ");
		rt_buf_put_json(b, v[i]);
	}
	rt_buf_putc(b, ']');
}

int cli_schema_json(const rt_schema_changes *ch, const char *from,
		    const char *to)
{
	rt_buf b = RT_BUF_INIT;
	const char **cands = NULL;
	size_t i;
	int status;

	rt_buf_init(&b);
	if (ch->ncandidates &&
	    !(cands = calloc(ch->ncandidates, sizeof(*cands))))
		return CLI_EXIT_FAILURE;
	for (i = 0; i < ch->ncandidates; i++)
		cands[i] = ch->candidates[i].rename;
	rt_buf_puts(&b, "{\"from\": ");
	rt_buf_put_json(&b, from);
	rt_buf_puts(&b, ", \"to\": ");
	rt_buf_put_json(&b, to);
	rt_buf_printf(&b, ", \"equal\": %s, \"changes\": %zu, \"up\": ",
		      ch->count ? "false" : "true", ch->count);
	rt_buf_put_json(&b, ch->up_sql);
	rt_buf_puts(&b, ", \"down\": ");
	rt_buf_put_json(&b, ch->down_sql);
	put_json_strings(&b, "data_loss", ch->data_loss, ch->ndata_loss);
	put_json_strings(&b, "rename_candidates", cands, ch->ncandidates);
	put_json_strings(&b, "renames", ch->renames, ch->nrenames);
	rt_buf_puts(&b, "}\n");
	free(cands);
	status = cli_write(&b);
	rt_buf_release(&b);
	return status;
}

/* "dir://DIR" and "file://SCHEMA" of the resolved configuration. */
char *cli_source(const char *prefix, const char *path)
{
	size_t n = strlen(prefix) + strlen(path) + 1;
	char *s = malloc(n);

	if (s)
		snprintf(s, n, "%s%s", prefix, path);
	return s;
}

static int cmd_diff(cli_ctx *ctx)
{
	rt_schema_changes *ch = NULL;
	char *from = NULL, *to = NULL;
	int status;

	from = ctx->args.from ? strdup(ctx->args.from)
			      : cli_source("dir://", ctx->dir);
	to = ctx->args.to ? strdup(ctx->args.to)
			  : cli_source("file://", ctx->schema);
	if (!from || !to) {
		status = CLI_EXIT_FAILURE;
		goto done;
	}
	if ((status = cli_schema_diff(ctx, &ch, from, to, 0)) != 0)
		goto done;
	if (ctx->args.json) {
		status = cli_schema_json(ch, from, to);
		goto done;
	}
	cli_schema_warn(ctx, ch);
	fputs(ch->up_sql, stdout);
	status = fflush(stdout) == 0 ? CLI_EXIT_OK : CLI_EXIT_FAILURE;
done:
	rt_schema_changes_free(ch);
	free(from);
	free(to);
	return status;
}

static const cli_option options[] = {
	CLI_STRING("from", 0, from, "SRC",
		   "the schema now (default dir://DIR)"),
	CLI_STRING("to", 0, to, "SRC",
		   "the schema wanted (default file://SCHEMA)"),
	CLI_LIST("rename", 0, renames, "T.OLD=NEW",
		 "a column (T.OLD=NEW) or table (OLD=NEW) rename"),
	CLI_END,
};

const cli_command cli_cmd_diff = {
	.name = "diff",
	.fn = cmd_diff,
	.summary = "print the SQL that turns one schema into another",
	.usage = "[--from SRC] [--to SRC] [--rename T.OLD=NEW]...",
	.description =
		"SRC: a database URL, file://PATH.sql (a schema file) or "
		"dir://PATH (the state\nafter a migration directory). The "
		"files are read by a scratch database of the\nengine of "
		"--url (default sqlite): for PostgreSQL a database made and "
		"dropped\nagain on the server of --dev-url (else --url). "
		"Prints nothing when the schemas\nare equal. --json: one "
		"object (equal, changes, up, down, data_loss,\n"
		"rename_candidates, renames).",
	.options = options,
	.max_args = 0,
};
