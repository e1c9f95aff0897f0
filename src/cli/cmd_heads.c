/*
 * cmd_heads.c: `retort heads`: revisions no other names as parent.
 */
#include "cli.h"

static int cmd_heads(cli_ctx *ctx)
{
	const rt_dir *dir = ctx->migrations;
	rt_buf out = RT_BUF_INIT;
	size_t i;
	int status;

	rt_buf_init(&out);
	if (ctx->args.json)
		rt_buf_putc(&out, '[');
	for (i = 0; i < dir->nheads; i++) {
		if (ctx->args.json) {
			if (i)
				rt_buf_puts(&out, ", ");
			rt_buf_put_json(&out, dir->heads[i]->name);
		} else {
			rt_buf_printf(&out, "%s\n", dir->heads[i]->name);
		}
	}
	if (ctx->args.json)
		rt_buf_puts(&out, "]\n");
	status = cli_write(&out);
	rt_buf_release(&out);
	return status;
}

static const cli_option options[] = {CLI_END};

const cli_command cli_cmd_heads = {
	.name = "heads",
	.fn = cmd_heads,
	.summary = "the revisions no other revision names as parent",
	.usage = "[--json]",
	.options = options,
	.flags = CLI_NEEDS_DIR,
};
