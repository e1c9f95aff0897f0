/*
 * cmd_verify.c: `retort verify`: every applied migration's file still has
 * the checksum it was applied with. Exit 3 when one does not.
 */
#include "cli.h"

/* {"ok": false, "applied": N, "problems": [{"revision": ..., "problem":
 * "edited"|"missing", ...}]} */
static int verify_json(const rt_status *st)
{
	rt_buf b = RT_BUF_INIT;
	size_t i, bad = 0;
	int status;

	rt_buf_init(&b);
	rt_buf_puts(&b, "{\"problems\": [");
	for (i = 0; i < st->count; i++) {
		const rt_status_entry *e = &st->entries[i];

		if (e->state != RT_REV_EDITED && e->state != RT_REV_UNKNOWN)
			continue;
		rt_buf_puts(&b, bad++ ? ", {\"revision\": " : "{\"revision\": ");
		rt_buf_put_json(&b, e->revision);
		rt_buf_printf(&b, ", \"problem\": \"%s\", \"applied_checksum\": ",
			      e->state == RT_REV_EDITED ? "edited" : "missing");
		rt_buf_put_json(&b, e->checksum);
		if (e->migration) {
			rt_buf_puts(&b, ", \"file_checksum\": ");
			rt_buf_put_json(&b, e->migration->checksum);
		}
		rt_buf_putc(&b, '}');
	}
	rt_buf_printf(&b, "], \"applied\": %zu, \"ok\": %s}\n",
		      st->napplied + st->nedited, bad ? "false" : "true");
	status = cli_write(&b);
	rt_buf_release(&b);
	if (status)
		return status;
	return bad ? CLI_EXIT_NO : CLI_EXIT_OK;
}

static int cmd_verify(cli_ctx *ctx)
{
	rt_status *st = NULL;
	size_t i, bad = 0;

	if (rt_status_load(&st, ctx->db, ctx->migrations) < 0)
		return cli_error(RT_ERROR);
	if (ctx->args.json) {
		int status = verify_json(st);

		rt_status_free(st);
		return status;
	}
	for (i = 0; i < st->count; i++) {
		const rt_status_entry *e = &st->entries[i];

		if (e->state == RT_REV_EDITED) {
			printf("%sedited%s   %s  applied as %.12s, file now "
			       "%.12s\n",
			       cli_color(ctx, "red"), CLI_RESET(ctx),
			       e->revision, e->checksum, e->migration->checksum);
			bad++;
		} else if (e->state == RT_REV_UNKNOWN) {
			printf("%smissing%s  %s  applied, but no file has this "
			       "name\n",
			       cli_color(ctx, "red"), CLI_RESET(ctx),
			       e->revision);
			bad++;
		}
	}
	if (!bad)
		cli_info(ctx, "ok: %zu applied migration%s their files\n",
			 st->napplied,
			 st->napplied == 1 ? " matches" : "s match");
	rt_status_free(st);
	return bad ? CLI_EXIT_NO : CLI_EXIT_OK;
}

static const cli_option options[] = {CLI_END};

const cli_command cli_cmd_verify = {
	.name = "verify",
	.fn = cmd_verify,
	.summary = "check applied migrations against their files (checksums)",
	.usage = "[--json]",
	.options = options,
	.flags = CLI_NEEDS_DIR | CLI_NEEDS_DB | CLI_READ_ONLY,
};
