/*
 * cmd_create.c: `retort create`: make the database of the URL (a SQLite
 * file, a PostgreSQL or MySQL database, or with `?schema=NAME` that
 * schema), or of every target; nothing to do when it exists.
 */
#include "cli.h"
#include "util/url.h"

static int cmd_create(cli_ctx *ctx)
{
	rt_buf red = RT_BUF_INIT;
	int created = 0, error;

	if ((error = rt_db_create(ctx->url, &created)) < 0)
		return cli_error(error);
	if (!ctx->args.quiet) {
		rt_buf_init(&red);
		rt_url_redact(&red, ctx->url);
		if (ctx->args.json)
			{
			rt_buf j = RT_BUF_INIT;

			rt_buf_init(&j);
			rt_buf_puts(&j, "{\"database\": ");
			rt_buf_put_json(&j, rt_buf_cstr(&red));
			rt_buf_printf(&j, ", \"created\": %s}\n",
				      created ? "true" : "false");
			cli_write(&j);
			rt_buf_release(&j);
		}
		else
			printf("%s %s\n", created ? "created" : "exists ",
			       rt_buf_cstr(&red));
		rt_buf_release(&red);
	}
	return CLI_EXIT_OK;
}

static const cli_option options[] = {CLI_END};

const cli_command cli_cmd_create = {
	.name = "create",
	.fn = cmd_create,
	.summary = "create the database of --url (or of every target)",
	.usage = "",
	.description = "A SQLite file, a PostgreSQL or MySQL database, or the "
		       "schema a PostgreSQL URL\nnames (?schema=NAME). Nothing "
		       "happens when it exists already.",
	.options = options,
	.max_args = 0,
};
