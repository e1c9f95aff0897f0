/*
 * cmd_dump.c: `retort dump`: the database's schema as SQL that recreates
 * it, from retort's own catalog, in a deterministic order.
 */
#include "cli.h"
#include "util/fs.h"
#include "util/url.h"

#include <string.h>

/* A SQLite file that is not there is a typo, not an empty schema. */
static int missing(const cli_ctx *ctx)
{
	rt_arena a = RT_ARENA_INIT;
	rt_url u;
	int gone = 0;

	rt_arena_init(&a);
	if (rt_url_parse(&u, &a, ctx->url) == 0 &&
	    !strcmp(u.scheme, "sqlite") && strcmp(u.path, ":memory:") &&
	    !rt_fs_exists(u.path))
		gone = 1;
	rt_arena_release(&a);
	return gone;
}

static int cmd_dump(cli_ctx *ctx)
{
	rt_schema *s = NULL;
	rt_buf out = RT_BUF_INIT;
	int status;

	if (missing(ctx)) {
		fprintf(stderr, "retort: error: database '%s' does not exist\n",
			ctx->url);
		return CLI_EXIT_FAILURE;
	}
	if ((status = cli_schema_load(ctx, &s, ctx->url)) != 0)
		return status;
	rt_buf_init(&out);
	if (rt_schema_dump(&out, s) < 0)
		status = cli_error(RT_ERROR);
	else
		status = cli_write(&out);
	rt_buf_release(&out);
	rt_schema_free(s);
	return status;
}

static const cli_option options[] = {CLI_END};

const cli_command cli_cmd_dump = {
	.name = "dump",
	.fn = cmd_dump,
	.summary = "print the database's schema as SQL",
	.usage = "",
	.description =
		"Writes the schema of the database (--url) as SQL that "
		"recreates it in an empty\ndatabase: tables, then their "
		"indexes, views and triggers, in dependency order\nand then by "
		"name. retort's own tables are left out. (upgrade --dump FILE\n"
		"is not there yet: run dump after upgrade.)",
	.options = options,
	.max_args = 0,
};
