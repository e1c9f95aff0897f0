/*
 * cmd_check.c: `retort check`: the CI gate. Exit 3, with the SQL that
 * is missing, when the schema file and the migrations' head state
 * differ; 0 when they agree.
 */
#include "cli.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int newer(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec != b->tv_sec ? a->tv_sec > b->tv_sec
				      : a->tv_nsec > b->tv_nsec;
}

/*
 * Which side is behind, the schema file or the migrations, decides what
 * fixes a difference: autogenerating against a schema file that lacks a
 * hand-written migration's change would write that change's undoing.
 * The files' times are the witness: the path of a migration file changed
 * after the schema file, in `out`, or "" when the schema file is newest.
 */
static void migration_newer_than(char *out, size_t n, const char *dir,
				 const char *schema)
{
	struct stat ss, ms;
	struct timespec best;
	struct dirent *de;
	DIR *d;
	char path[4096];

	out[0] = '\0';
	if (stat(schema, &ss) < 0 || !(d = opendir(dir)))
		return;
	best = ss.st_mtim;
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);

		if (len < 5 || strcmp(de->d_name + len - 4, ".sql") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (stat(path, &ms) == 0 && newer(&ms.st_mtim, &best)) {
			best = ms.st_mtim;
			snprintf(out, n, "%s", path);
		}
	}
	closedir(d);
}

static int cmd_check(cli_ctx *ctx)
{
	rt_schema_changes *ch = NULL;
	char *from = cli_source("dir://", ctx->dir);
	char *to = cli_source("file://", ctx->schema);
	char newest[4096];
	int status;

	if (!from || !to) {
		status = CLI_EXIT_FAILURE;
		goto done;
	}
	if ((status = cli_schema_diff(ctx, &ch, from, to, 0)) != 0)
		goto done;
	if (ctx->args.json) {
		/* the same object as diff --json; the exit status says it */
		status = cli_schema_json(ch, from, to);
		if (!status && ch->count)
			status = CLI_EXIT_NO;
		goto done;
	}
	if (!ch->count) {
		cli_info(ctx, "'%s' matches the migrations in '%s'\n",
			 ctx->schema, ctx->dir);
		status = CLI_EXIT_OK;
		goto done;
	}
	cli_schema_warn(ctx, ch);
	fputs(ch->up_sql, stdout);
	fflush(stdout);
	fprintf(stderr,
		"retort: '%s' and the migrations in '%s' differ (%zu change%s "
		"above)\n",
		ctx->schema, ctx->dir, ch->count, ch->count == 1 ? "" : "s");
	migration_newer_than(newest, sizeof(newest), ctx->dir, ctx->schema);
	if (newest[0])
		fprintf(stderr,
			"hint: '%s' is newer than '%s': if that migration is "
			"right, the schema file is behind; 'retort diff --from "
			"%s --to %s' prints what it lacks; if the schema file "
			"is right, run 'retort new SLUG --autogenerate'\n",
			newest, ctx->schema, to, from);
	else
		fprintf(stderr, "hint: run 'retort new SLUG --autogenerate' "
				"to write the migration\n");
	status = CLI_EXIT_NO;
done:
	rt_schema_changes_free(ch);
	free(from);
	free(to);
	return status;
}

static const cli_option options[] = {CLI_END};

const cli_command cli_cmd_check = {
	.name = "check",
	.fn = cmd_check,
	.summary = "check that the schema file and the migrations agree",
	.usage = "",
	.description =
		"Compares the schema file (-s, default schema.sql) with the "
		"state the migration\ndirectory (-d) produces. Exit 0 when "
		"they agree; 3, printing the SQL that is\nmissing, when they "
		"differ. --json: the object diff --json prints.",
	.options = options,
	.max_args = 0,
};
