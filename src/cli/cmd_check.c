/*
 * cmd_check.c: `retort check`: the CI gate. Exit 3, with the SQL that
 * is missing, when the schema file and the migrations' head state
 * differ; 0 when they agree.
 */
#include "cli.h"

#include <stdlib.h>

static int cmd_check(cli_ctx *ctx)
{
	rt_schema_changes *ch = NULL;
	char *from = cli_source("dir://", ctx->dir);
	char *to = cli_source("file://", ctx->schema);
	int status;

	if (!from || !to) {
		status = CLI_EXIT_FAILURE;
		goto done;
	}
	if ((status = cli_schema_diff(ctx, &ch, from, to, 0)) != 0)
		goto done;
	if (ctx->args.json) {
		/* the same object as diff --json; the exit status says it */
		status = cli_schema_json(ch, from, to);
		if (!status && ch->count)
			status = CLI_EXIT_NO;
		goto done;
	}
	if (!ch->count) {
		cli_info(ctx, "'%s' matches the migrations in '%s'\n",
			 ctx->schema, ctx->dir);
		status = CLI_EXIT_OK;
		goto done;
	}
	cli_schema_warn(ctx, ch);
	fputs(ch->up_sql, stdout);
	fflush(stdout);
	fprintf(stderr,
		"retort: '%s' and the migrations in '%s' differ (%zu change%s "
		"above)\n"
		"hint: run 'retort new SLUG --autogenerate' to write the "
		"migration\n",
		ctx->schema, ctx->dir, ch->count, ch->count == 1 ? "" : "s");
	status = CLI_EXIT_NO;
done:
	rt_schema_changes_free(ch);
	free(from);
	free(to);
	return status;
}

static const cli_option options[] = {CLI_END};

const cli_command cli_cmd_check = {
	.name = "check",
	.fn = cmd_check,
	.summary = "check that the schema file and the migrations agree",
	.usage = "",
	.description =
		"Compares the schema file (-s, default schema.sql) with the "
		"state the migration\ndirectory (-d) produces. Exit 0 when "
		"they agree; 3, printing the SQL that is\nmissing, when they "
		"differ. --json: the object diff --json prints.",
	.options = options,
	.max_args = 0,
};
