/*
 * cmd_downgrade.c: `retort downgrade [TARGET]` (default -1).
 */
#include "cli.h"

static int cmd_downgrade(cli_ctx *ctx)
{
	return cli_run_migrations(ctx, RT_DOWN);
}

static const cli_option options[] = {
    CLI_RUN_OPTIONS,
    CLI_STRING("dump", 0, dump, "FILE",
	       "then write the schema to FILE, as 'retort dump' does"),
    CLI_END,
};

const cli_command cli_cmd_downgrade = {
	.name = "downgrade",
	.fn = cmd_downgrade,
	.summary = "revert applied migrations down to TARGET (default -1)",
	.usage = "[TARGET] [--sql] [--dry-run] [--dump FILE]",
	.description = "TARGET: -N, base, or an applied revision (or prefix).",
	.options = options,
	.max_args = 1,
	.flags = CLI_NEEDS_DIR,
};
