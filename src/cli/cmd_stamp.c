/*
 * cmd_stamp.c: `retort stamp TARGET`: record the target's ancestors as
 * applied without running anything.
 */
#include "cli.h"

static int cmd_stamp(cli_ctx *ctx)
{
	rt_run_options opts = RT_RUN_OPTIONS_INIT;
	int error;

	opts.target = ctx->args.pos[0];
	opts.dry_run = ctx->args.dry_run;
	opts.on_event = cli_print_event;
	opts.payload = ctx;
	if ((error = rt_stamp(ctx->db, ctx->migrations, &opts)) < 0)
		return cli_error(error);
	return CLI_EXIT_OK;
}

static const cli_option options[] = {CLI_END};

const cli_command cli_cmd_stamp = {
	.name = "stamp",
	.fn = cmd_stamp,
	.summary = "mark the database as at TARGET without running migrations",
	.usage = "TARGET",
	.description =
		"The recorded set becomes exactly TARGET and its ancestors.\n"
		"Also accepts an edited file (its checksum is re-recorded) and\n"
		"resolves a partial migration by hand.",
	.options = options,
	.max_args = 1,
	.min_args = 1,
	.flags = CLI_NEEDS_DIR | CLI_NEEDS_DB,
};
