/*
 * cmd_new.c: `retort new SLUG`: a migration whose parent is the head;
 * with --autogenerate its up and down sections are the diff between the
 * directory's head state and the schema file.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Ask on the terminal; anything but y/yes is no. */
static int ask(const char *question)
{
	char line[64];

	fprintf(stderr, "%s [y/N] ", question);
	fflush(stderr);
	if (!fgets(line, sizeof(line), stdin))
		return 0;
	return !strcmp(line, "y\n") || !strcmp(line, "yes\n") ||
	       !strcmp(line, "Y\n");
}

/*
 * The diff, asking about each possible rename when both ends are a
 * terminal; a yes becomes a --rename and the diff runs again. Without a
 * terminal the candidates stay drop + add, with a warning.
 */
static int autogenerate(cli_ctx *ctx, rt_schema_changes **out)
{
	char *from = cli_source("dir://", ctx->dir);
	char *to = cli_source("file://", ctx->schema);
	int status = CLI_EXIT_FAILURE, asked = 0;
	size_t i;

	*out = NULL;
	if (!from || !to)
		goto done;
	for (;;) {
		int more = 0;

		if ((status = cli_schema_diff(ctx, out, from, to, 1)) != 0)
			goto done;
		if (asked || !(*out)->ncandidates || !isatty(0) || !isatty(2))
			break;
		for (i = 0; i < (*out)->ncandidates; i++) {
			char q[512], *copy;
			const rt_schema_candidate *c = &(*out)->candidates[i];

			snprintf(q, sizeof(q), "%s: is it a rename (%s)?",
				 c->message, c->rename);
			if (!ask(q))
				continue;
			/* the candidate's string lives as long as *out:
			 * keep a copy for the next round */
			if (!(copy = strdup(c->rename)) ||
			    cli_list_push(&ctx->args.renames, copy) < 0) {
				free(copy);
				status = CLI_EXIT_FAILURE;
				goto done;
			}
			more = 1;
		}
		asked = 1;
		if (!more)
			break;
		rt_schema_changes_free(*out);
		*out = NULL;
	}
done:
	free(from);
	free(to);
	return status;
}

/*
 * Say, for the generated migrations, which changes break the application
 * version still running (or lock a table in use) and which are backward
 * compatible: lint's verdict on each statement, without a database (the
 * running schema is the directory's head state, so nothing is new). They
 * are linted as the directory's newest migrations, so that what the ones
 * before them define (a column's type, say) is known.
 */
static void report_compat(const cli_ctx *ctx, const char *const *paths,
			  size_t n)
{
	rt_lint_options lo = RT_LINT_OPTIONS_INIT;
	rt_lint_report *rep = NULL;
	rt_buf out = RT_BUF_INIT, name = RT_BUF_INIT;
	rt_dir *dir = NULL;
	rt_migration **ms = NULL;
	size_t i, found = 0;
	int error;

	if (ctx->args.quiet || !n)
		return;
	if (!(lo.dialect = cli_dialect(ctx, NULL))) {
		rt_error_clear();
		return;
	}
	lo.ignore = ctx->lint_ignore;
	lo.nignore = ctx->nlint_ignore;
	rt_buf_init(&name);
	rt_buf_init(&out);
	/* a chain is linted as one run: what an earlier one of it adds
	 * (a NOT VALID check) is known to the later ones */
	if (rt_dir_load(&dir, ctx->dir) == 0 &&
	    (ms = calloc(n, sizeof(*ms))) != NULL) {
		for (i = 0; i < n; i++) {
			const char *base = strrchr(paths[i], '/');

			base = base ? base + 1 : paths[i];
			rt_buf_clear(&name);
			rt_buf_put(&name, base,
				   strlen(base) > 4 ? strlen(base) - 4 : 0);
			if (rt_buf_check(&name) == 0 &&
			    (ms[i] = rt_dir_get(dir, rt_buf_cstr(&name))))
				found++;
		}
	}
	rt_error_clear();
	error = found == n ? rt_lint_migrations(&rep, dir, ms, n, &lo)
			   : rt_lint_files(&rep, paths, n, &lo);
	rt_buf_release(&name);
	free(ms);
	if (error < 0) {
		rt_error_clear();
		rt_dir_free(dir);
		return;
	}
	if (!rep->nerrors && !rep->nwarnings) {
		printf("every change is backward compatible with the running "
		       "application\n");
	} else {
		rt_buf_puts(&out, "changes that are not backward compatible "
				  "or lock a table (upgrade refuses errors "
				  "unless --allow-unsafe; 'retort lint");
		for (i = 0; i < n; i++)
			rt_buf_printf(&out, " %s", paths[i]);
		rt_buf_puts(&out, "' explains):\n");
		rt_lint_format_report(&out, rep, RT_LINT_FORMAT_TEXT,
				      RT_LINT_OUT_BRIEF);
		fputs(rt_buf_cstr(&out), stdout);
	}
	rt_buf_release(&out);
	rt_lint_report_free(rep);
	rt_dir_free(dir);
}

/*
 * Write one migration per step of the change (rt_schema_changes.steps):
 * PostgreSQL needs a commit between some of them. Each names the one
 * before as its parent (it is the head by then) and takes the slug with
 * "_2", "_3"... after the first.
 */
static int write_steps(cli_ctx *ctx, const rt_schema_changes *ch,
		       const char *comment)
{
	rt_buf text = RT_BUF_INIT, slug = RT_BUF_INIT;
	char **paths = calloc(ch->nsteps + 1, sizeof(*paths));
	size_t i, k, written = 0;
	int status = CLI_EXIT_OK;

	rt_buf_init(&text);
	rt_buf_init(&slug);
	if (!paths)
		return cli_error(rt_error_nomem());
	for (i = 0; i < ch->nsteps && status == CLI_EXIT_OK; i++) {
		const rt_schema_step *st = &ch->steps[i];
		rt_new_options opts = {0};
		char *path = NULL;
		int error;

		rt_buf_clear(&text);
		rt_buf_clear(&slug);
		rt_buf_puts(&text, comment);
		if (ch->nsteps > 1)
			rt_buf_printf(&text, "\n-- migration %zu of %zu%s%s",
				      i + 1, ch->nsteps, st->why ? ": " : "",
				      st->why ? st->why : "");
		/* the rename decisions are recorded once, in the first */
		for (k = 0; i == 0 && k < ch->nrenames; k++) {
			/* a newline in a name must not end the comment */
			rt_buf_puts(&text, "\n-- retort:rename ");
			rt_buf_put_sql_comment(&text, ch->renames[k]);
		}
		rt_buf_puts(&slug, ctx->args.pos[0]);
		if (i)
			rt_buf_printf(&slug, "_%zu", i + 1);
		if (rt_buf_check(&text) < 0 || rt_buf_check(&slug) < 0) {
			status = cli_error(RT_ERROR);
			break;
		}
		opts.comment = text.ptr;
		opts.up_sql = st->up_sql;
		opts.down_sql = st->down_sql;
		opts.up_no_transaction = st->up_no_transaction;
		opts.down_no_transaction = st->down_no_transaction;
		error = rt_new_migration(&path, ctx->dir, slug.ptr, &opts);
		if (error < 0) {
			status = cli_error(error);
			break;
		}
		if (ctx->args.quiet)
			printf("%s\n", path);
		else
			printf("created %s\n", path);
		paths[i] = path;
		written++;
	}
	if (status == CLI_EXIT_OK)
		report_compat(ctx, (const char *const *)paths, written);
	/* a chain written in part would be applied in part: what this run
	 * wrote goes again */
	for (i = 0; status != CLI_EXIT_OK && i < written; i++)
		if (remove(paths[i]) == 0)
			fprintf(stderr, "retort: removed %s\n", paths[i]);
	for (i = 0; i < written; i++)
		free(paths[i]);
	free(paths);
	rt_buf_release(&text);
	rt_buf_release(&slug);
	return status;
}

static int cmd_new(cli_ctx *ctx)
{
	rt_new_options opts = {0};
	rt_schema_changes *ch = NULL;
	rt_buf comment = RT_BUF_INIT;
	char *path = NULL;
	int error, status, given = ctx->args.renames.n, k;

	rt_buf_init(&comment);
	if (ctx->args.renames.n && !ctx->args.autogenerate)
		return cli_usage_error(ctx,
				       "--rename goes with --autogenerate");
	if (ctx->args.autogenerate) {
		if ((status = autogenerate(ctx, &ch)) != 0)
			goto done;
		if (!ch->count) {
			fprintf(stderr,
				"retort: error: nothing to generate: '%s' "
				"matches the migrations in '%s'\n"
				"hint: edit the schema file first, or run "
				"'retort new %s' for a migration written by "
				"hand\n",
				ctx->schema, ctx->dir, ctx->args.pos[0]);
			status = CLI_EXIT_FAILURE;
			goto done;
		}
		cli_schema_warn(ctx, ch);
		/* the header records the rename decisions: a reviewer sees
		 * them, and so does the next autogenerate */
		rt_buf_puts(&comment, "generated by retort new --autogenerate "
				      "from '");
		rt_buf_put_sql_comment(&comment, ctx->schema);
		rt_buf_putc(&comment, '\'');
		if (rt_buf_check(&comment) < 0) {
			status = cli_error(RT_ERROR);
			goto done;
		}
		status = write_steps(ctx, ch, comment.ptr);
		goto done;
	}
	error = rt_new_migration(&path, ctx->dir, ctx->args.pos[0], &opts);
	if (error < 0) {
		status = cli_error(error);
		goto done;
	}
	if (ctx->args.quiet)
		printf("%s\n", path);
	else
		printf("created %s\n", path);
	status = CLI_EXIT_OK;
done:
	/* the renames answered on the terminal were copied */
	for (k = given; k < ctx->args.renames.n; k++)
		free((char *)ctx->args.renames.v[k]);
	ctx->args.renames.n = given;
	free(path);
	rt_schema_changes_free(ch);
	rt_buf_release(&comment);
	return status;
}

static const cli_option options[] = {
	CLI_BOOL("autogenerate", 0, autogenerate,
		 "up and down from the head state to the schema file"),
	CLI_LIST("rename", 0, renames, "T.OLD=NEW",
		 "a column (T.OLD=NEW) or table (OLD=NEW) rename"),
	CLI_END,
};

const cli_command cli_cmd_new = {
	.name = "new",
	.fn = cmd_new,
	.summary = "write a new migration whose parent is the current head",
	.usage = "SLUG [--autogenerate [--rename T.OLD=NEW]...]",
	.description =
		"--autogenerate: the diff between the state the migration "
		"directory produces\nand the schema file (-s) fills both "
		"sections. A dropped and an added column of\none type may be "
		"a rename: asked on a terminal, else written as drop + add\n"
		"with a warning; --rename (repeatable) decides, and the "
		"decision is recorded\nin the migration (-- retort:rename).",
	.options = options,
	.max_args = 1,
	.min_args = 1,
};
