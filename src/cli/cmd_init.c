/*
 * cmd_init.c: `retort init`: the migration directory, retort.conf and an
 * empty schema file, each only when missing.
 */
#include "cli.h"

static int cmd_init(cli_ctx *ctx)
{
	if (rt_init_project(ctx->dir, "retort.conf", ctx->schema) < 0)
		return cli_error(RT_ERROR);
	cli_info(ctx, "ready: %s/ for migrations, retort.conf, %s\n",
		 ctx->dir, ctx->schema);
	cli_info(ctx, "next: retort new create_something\n");
	return CLI_EXIT_OK;
}

static const cli_option options[] = {CLI_END};

const cli_command cli_cmd_init = {
	.name = "init",
	.fn = cmd_init,
	.summary = "create the migration directory, retort.conf and schema.sql",
	.usage = "",
	.options = options,
};
