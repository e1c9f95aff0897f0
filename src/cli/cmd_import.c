/*
 * cmd_import.c: `retort import TOOL SRC [--dry-run]`: another migration
 * tool's project becomes a retort directory (--dir, empty or absent) and,
 * with a database URL, the tool's applied versions become retort's
 * applied revisions (rt_import). Prints the plan: one line a migration.
 */
#include "cli.h"

#include <string.h>

static void print_entry(const cli_ctx *ctx, const rt_import_result *r,
			const rt_import_entry *e)
{
	const char *state = !r->db_read	 ? ""
			    : e->applied ? "applied "
					 : "pending ";

	cli_info(ctx, "  %s%s%s%s  from %s",
		 cli_color(ctx, e->applied ? "green" : "yellow"), state,
		 CLI_RESET(ctx), e->revision, e->file);
	if (e->up_no_transaction)
		cli_info(ctx, " [up: transaction=false]");
	if (e->reversible && e->down_no_transaction)
		cli_info(ctx, " [down: transaction=false]");
	if (!e->reversible)
		cli_info(ctx, " [irreversible: no down in the source]");
	cli_info(ctx, "\n");
}

static int print_json(const rt_import_result *r, int dry_run)
{
	rt_buf b = RT_BUF_INIT;
	size_t i, k;
	int status;

	rt_buf_puts(&b, "{\"tool\":");
	rt_buf_put_json(&b, r->tool);
	rt_buf_puts(&b, ",\"table\":");
	rt_buf_put_json(&b, r->table);
	rt_buf_puts(&b, ",\"dir\":");
	rt_buf_put_json(&b, r->dir);
	rt_buf_printf(&b,
		      ",\"dry_run\":%s,\"database_read\":%s,"
		      "\"recorded\":%s,\"migrations\":[",
		      dry_run ? "true" : "false", r->db_read ? "true" : "false",
		      r->recorded ? "true" : "false");
	for (i = 0; i < r->count; i++) {
		const rt_import_entry *e = &r->entries[i];

		rt_buf_puts(&b, i ? ",{\"revision\":" : "{\"revision\":");
		rt_buf_put_json(&b, e->revision);
		rt_buf_puts(&b, ",\"version\":");
		rt_buf_put_json(&b, e->version);
		rt_buf_puts(&b, ",\"name\":");
		rt_buf_put_json(&b, e->name);
		rt_buf_puts(&b, ",\"file\":");
		rt_buf_put_json(&b, e->file);
		rt_buf_puts(&b, ",\"parents\":[");
		for (k = 0; k < e->nparents; k++) {
			if (k)
				rt_buf_putc(&b, ',');
			rt_buf_put_json(&b, e->parents[k]);
		}
		rt_buf_printf(&b,
			      "],\"reversible\":%s,"
			      "\"up_transaction\":%s,"
			      "\"down_transaction\":%s,\"applied\":%s}",
			      e->reversible ? "true" : "false",
			      e->up_no_transaction ? "false" : "true",
			      e->down_no_transaction ? "false" : "true",
			      e->applied ? "true" : "false");
	}
	rt_buf_puts(&b, "],\"notes\":[");
	for (i = 0; i < r->nnotes; i++) {
		if (i)
			rt_buf_putc(&b, ',');
		rt_buf_put_json(&b, r->notes[i]);
	}
	rt_buf_puts(&b, "]}\n");
	status = cli_write(&b);
	rt_buf_release(&b);
	return status;
}

static int cmd_import(cli_ctx *ctx)
{
	rt_import_options o = {0};
	rt_import_result *r = NULL;
	const char *tool = ctx->args.pos[0], *src = ctx->args.pos[1];
	size_t i;
	int error, status;

	/* the tool's table is read only where a database was named: the
	 * built-in default (sqlite:retort.db) is no one's migrated
	 * database */
	if (ctx->url_source && strcmp(ctx->url_source, "default")) {
		if ((status = cli_open_db(ctx, 1)) != 0)
			return status;
		o.db = ctx->db;
		o.url = ctx->url;
	}
	o.dir = ctx->dir;
	o.dry_run = ctx->args.dry_run;
	if ((error = rt_import(&r, tool, src, &o)) < 0) {
		status = cli_error(error);
		if (error == RT_EUSAGE)
			fprintf(stderr, "usage: retort import %s\n",
				ctx->cmd->usage);
		return status;
	}
	if (ctx->args.json) {
		status = print_json(r, o.dry_run);
		rt_import_result_free(r);
		return status;
	}
	cli_info(ctx, "%s%s %s '%s' into '%s'%s: %zu migration%s",
		 cli_color(ctx, "bold"),
		 o.dry_run ? "would import" : "imported", r->tool, src, r->dir,
		 CLI_RESET(ctx), r->count, r->count == 1 ? "" : "s");
	if (r->db_read)
		cli_info(ctx, ", %zu applied in %s", r->napplied, r->table);
	if (r->nirreversible)
		cli_info(ctx, ", %zu irreversible", r->nirreversible);
	cli_info(ctx, "\n");
	for (i = 0; i < r->count; i++)
		print_entry(ctx, r, &r->entries[i]);
	for (i = 0; i < r->nnotes; i++)
		cli_info(ctx, "note: %s\n", r->notes[i]);
	if (o.dry_run)
		cli_info(ctx, "dry run: nothing written, nothing recorded\n");
	else if (r->recorded)
		cli_info(ctx,
			 "recorded %zu revision%s as applied (nothing "
			 "run; %s untouched)\n",
			 r->napplied, r->napplied == 1 ? "" : "s", r->table);
	rt_import_result_free(r);
	return CLI_EXIT_OK;
}

static const cli_option options[] = {
    CLI_BOOL("dry-run", 'n', dry_run,
	     "show the plan; write and record nothing"),
    CLI_END,
};

const cli_command cli_cmd_import = {
    .name = "import",
    .fn = cmd_import,
    .summary = "adopt another tool's migrations (alembic, dbmate, ...)",
    .usage = "TOOL SRC [--dry-run]",
    .description =
	"Writes one retort migration per migration of TOOL found in\n"
	"SRC into --dir (which must be empty or absent): order, up and\n"
	"down SQL and no-transaction markers kept, the source's version\n"
	"and name in the slug and a comment line. With a database URL\n"
	"(--url, $DATABASE_URL or retort.conf), the tool's version table\n"
	"is read and the revisions it lists are recorded as applied, in\n"
	"one transaction, logged as imports; nothing runs and the tool's\n"
	"table is not changed.\n"
	"TOOL: alembic, dbmate, goose, golang-migrate, sql-migrate,\n"
	"sqitch, flyway; SRC: the folder of alembic.ini (Alembic,\n"
	"Flask-Migrate) or sqitch.plan, else the migrations folder\n"
	"(man retort, 'retort import'). Alembic renders its revisions\n"
	"itself in offline mode, for the URL's dialect, run by\n"
	"$RETORT_PYTHON (default python3).",
    .options = options,
    .max_args = 2,
    .min_args = 2,
    .flags = 0,
};
