/*
 * cmd_drop.c: `retort drop`: remove the database of the URL (a SQLite
 * file, a PostgreSQL or MySQL database, or with `?schema=NAME` that
 * schema and everything in it), or of every target. Asks on a terminal;
 * needs --force otherwise.
 */
#include "cli.h"
#include "util/url.h"

#include <string.h>
#include <unistd.h>

int cli_confirm_drop(const cli_ctx *ctx, const char *what)
{
	char answer[16];

	if (ctx->args.force)
		return 0;
	if (!isatty(0) || !isatty(2)) {
		fprintf(stderr, "retort: error: refusing to drop %s without "
				"--force\n", what);
		fprintf(stderr, "hint: no terminal to ask on; add --force to "
				"drop it\n");
		return CLI_EXIT_USAGE;
	}
	fprintf(stderr, "drop %s? everything in it is lost [y/N] ", what);
	fflush(stderr);
	if (!fgets(answer, sizeof(answer), stdin) ||
	    (strcmp(answer, "y\n") && strcmp(answer, "yes\n"))) {
		fprintf(stderr, "nothing dropped\n");
		return CLI_EXIT_FAILURE;
	}
	return 0;
}

static int cmd_drop(cli_ctx *ctx)
{
	rt_buf red = RT_BUF_INIT;
	int dropped = 0, error, status;

	rt_buf_init(&red);
	rt_url_redact(&red, ctx->url);
	if ((status = cli_confirm_drop(ctx, rt_buf_cstr(&red))) != 0)
		goto done;
	if ((error = rt_db_drop(ctx->url, &dropped)) < 0) {
		status = cli_error(error);
		goto done;
	}
	if (ctx->args.json)
		{
			rt_buf j = RT_BUF_INIT;

			rt_buf_init(&j);
			rt_buf_puts(&j, "{\"database\": ");
			rt_buf_put_json(&j, rt_buf_cstr(&red));
			rt_buf_printf(&j, ", \"dropped\": %s}\n",
				      dropped ? "true" : "false");
			cli_write(&j);
			rt_buf_release(&j);
		}
	else if (!ctx->args.quiet)
		printf("%s %s\n", dropped ? "dropped" : "absent ",
		       rt_buf_cstr(&red));
done:
	rt_buf_release(&red);
	return status;
}

static const cli_option options[] = {
	CLI_BOOL("force", 'f', force, "drop without asking"),
	CLI_END,
};

const cli_command cli_cmd_drop = {
	.name = "drop",
	.fn = cmd_drop,
	.summary = "drop the database of --url (or of every target)",
	.usage = "[--force]",
	.description = "A SQLite file (and its journal files), a PostgreSQL "
		       "or MySQL database, or the\nschema a PostgreSQL URL "
		       "names (?schema=NAME) with everything in it. Asks on\n"
		       "a terminal; --force is needed otherwise. Nothing "
		       "happens when it does not exist.",
	.options = options,
	.max_args = 0,
};
