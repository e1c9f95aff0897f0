/*
 * cmd_dump.c: `retort dump`: the database's schema as SQL that recreates
 * it, from retort's own catalog, in a deterministic order.
 */
#include "cli.h"
#include "util/fs.h"
#include "backend/backend.h"
#include "util/url.h"

#include <string.h>

/* A SQLite file that is not there is a typo, not an empty schema. */
static int missing(const cli_ctx *ctx)
{
	rt_arena a = RT_ARENA_INIT;
	const rt_backend *be;
	rt_url u;
	int gone = 0;

	rt_arena_init(&a);
	if (rt_url_parse_engine(&u, &a, ctx->url, &be) == 0 && be &&
	    (be->caps & RT_CAP_FILE_DATABASE) && strcmp(u.path, ":memory:") &&
	    !rt_fs_exists(u.path))
		gone = 1;
	rt_arena_release(&a);
	return gone;
}

/* The schema as SQL into `out`; a CLI exit status. */
static int dump_schema(cli_ctx *ctx, rt_buf *out)
{
	rt_schema *s = NULL;
	int status;

	if (missing(ctx)) {
		rt_buf red = RT_BUF_INIT;

		rt_buf_init(&red);
		rt_url_redact(&red, ctx->url);
		fprintf(stderr, "retort: error: database '%s' does not exist\n",
			rt_buf_cstr(&red));
		rt_buf_release(&red);
		return CLI_EXIT_FAILURE;
	}
	if ((status = cli_schema_load(ctx, &s, ctx->url)) != 0)
		return status;
	if (rt_schema_dump(out, s) < 0)
		status = cli_error(RT_ERROR);
	rt_schema_free(s);
	return status;
}

int cli_dump_to(cli_ctx *ctx, const char *file)
{
	rt_buf out = RT_BUF_INIT;
	int status;

	rt_buf_init(&out);
	if ((status = dump_schema(ctx, &out)) == 0) {
		if (rt_buf_check(&out) < 0 ||
		    rt_fs_write_replace(file, out.ptr ? out.ptr : "",
					out.len) < 0)
			status = cli_error(RT_ERROR);
		else if (!ctx->args.quiet && !ctx->args.json)
			printf("schema written to %s\n", file);
	}
	rt_buf_release(&out);
	return status;
}

static int cmd_dump(cli_ctx *ctx)
{
	rt_buf out = RT_BUF_INIT;
	int status;

	rt_buf_init(&out);
	if ((status = dump_schema(ctx, &out)) == 0)
		status = cli_write(&out);
	rt_buf_release(&out);
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
		"name. retort's own tables are left out. 'upgrade --dump FILE'\n"
		"and 'downgrade --dump FILE' refresh a committed dump after "
		"each run.",
	.options = options,
	.max_args = 0,
};
