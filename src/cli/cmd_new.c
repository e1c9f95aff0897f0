/*
 * cmd_new.c: `retort new SLUG`: a migration whose parent is the head.
 */
#include "cli.h"

#include <stdlib.h>

static int cmd_new(cli_ctx *ctx)
{
	char *path = NULL;
	int error;

	error = rt_new_migration(&path, ctx->dir, ctx->args.pos[0], NULL);
	if (error < 0)
		return cli_error(error);
	if (ctx->args.quiet)
		printf("%s\n", path);
	else
		printf("created %s\n", path);
	free(path);
	return CLI_EXIT_OK;
}

static const cli_option options[] = {CLI_END};

const cli_command cli_cmd_new = {
	.name = "new",
	.fn = cmd_new,
	.summary = "write a new migration whose parent is the current head",
	.usage = "SLUG",
	.options = options,
	.max_args = 1,
	.min_args = 1,
};
