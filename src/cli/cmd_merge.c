/*
 * cmd_merge.c: `retort merge [-m SLUG]`: a merge revision whose parents
 * are the current heads.
 */
#include "cli.h"

#include <stdlib.h>

static int cmd_merge(cli_ctx *ctx)
{
	const rt_dir *dir = ctx->migrations;
	rt_new_options o = {0};
	const char **parents;
	char *path = NULL;
	size_t i;
	int error;

	if (dir->nheads < 2) {
		fprintf(stderr, "retort: nothing to merge: the directory has "
				"%zu head%s\n",
			dir->nheads, dir->nheads == 1 ? "" : "s");
		return CLI_EXIT_NO;
	}
	parents = calloc(dir->nheads, sizeof(*parents));
	if (!parents)
		return CLI_EXIT_FAILURE;
	for (i = 0; i < dir->nheads; i++)
		parents[i] = dir->heads[i]->name;
	o.parents = parents;
	o.nparents = dir->nheads;
	o.comment = "merge revision: joins the branches named as parents";
	error = rt_new_migration(&path, ctx->dir,
				 ctx->args.message ? ctx->args.message
						   : "merge",
				 &o);
	free(parents);
	if (error < 0)
		return cli_error(error);
	cli_info(ctx, "created %s\n", path);
	free(path);
	return CLI_EXIT_OK;
}

static const cli_option options[] = {
	CLI_STRING("message", 'm', message, "SLUG",
		   "the merge revision's slug (default: merge)"),
	CLI_END,
};

const cli_command cli_cmd_merge = {
	.name = "merge",
	.fn = cmd_merge,
	.summary = "write a merge revision whose parents are the heads",
	.usage = "[-m SLUG]",
	.options = options,
	.flags = CLI_NEEDS_DIR,
};
