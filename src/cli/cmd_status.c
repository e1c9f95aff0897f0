/*
 * cmd_status.c: `retort status`: applied, pending, partial, edited and
 * unknown revisions. Exit 0 when up to date, 3 otherwise.
 */
#include "cli.h"
#include "backend/backend.h"
#include "engine/engine.h"
#include "util/url.h"

#include <string.h>

/* A repeatable migration's state: applied, changed (edited since its
 * last run: upgrade runs it again) or pending (not applied). */
static const char *rep_state(rt_rev_state s)
{
	return s == RT_REV_APPLIED ? "applied"
	       : s == RT_REV_EDITED ? "changed"
				    : "pending";
}

static const char *state_color(rt_rev_state s)
{
	switch (s) {
	case RT_REV_APPLIED:
		return "green";
	case RT_REV_PENDING:
		return "yellow";
	default:
		return "red";
	}
}

/*
 * The active online migration (PostgreSQL), or NULL: it is applied, but
 * both application versions still run until `retort online complete`,
 * which status says rather than letting it pass for a finished one.
 * Looked up only when the directory has an online migration.
 */
static rt_online_status *active_online(cli_ctx *ctx)
{
	rt_online_status *on = NULL;
	const rt_backend *be = cli_engine(ctx);
	size_t i;

	if (!be || !(be->caps & RT_CAP_ONLINE)) {
		rt_error_clear();
		return NULL;
	}
	for (i = 0; i < ctx->migrations->count; i++)
		if (ctx->migrations->migrations[i]->online)
			break;
	if (i == ctx->migrations->count)
		return NULL;
	if (rt_online_status_load(&on, ctx->db) < 0) {
		rt_error_clear();
		return NULL;
	}
	if (!on->revision || !on->active) {
		rt_online_status_free(on);
		return NULL;
	}
	return on;
}

/*
 * The server's replicas and their replay lag, where the engine has them
 * (RT_CAP_REPLICAS), or NULL. A role that may not read them gets a note,
 * never a failed status: the migrations' state is what status is for.
 */
static rt_replicas *replicas(cli_ctx *ctx, const char **note)
{
	rt_replicas *r = NULL;
	const rt_backend *be = cli_engine(ctx);

	*note = NULL;
	if (!be || !(be->caps & RT_CAP_REPLICAS)) {
		rt_error_clear();
		return NULL;
	}
	if (rt_replicas_load(&r, ctx->db) < 0) {
		*note = rt_error_last()->message;
		return NULL;
	}
	return r;
}

static void put_replicas_json(rt_buf *b, const rt_replicas *r)
{
	size_t i;

	if (!r) {
		rt_buf_puts(b, ", \"replicas\": null");
		return;
	}
	rt_buf_printf(b, ", \"max_replica_lag_s\": %.3f, \"replicas\": [",
		      r->max_lag_s);
	for (i = 0; i < r->count; i++) {
		const rt_replica *p = &r->replicas[i];

		rt_buf_puts(b, i ? ", {\"name\": " : "{\"name\": ");
		rt_buf_put_json(b, p->name);
		rt_buf_puts(b, ", \"state\": ");
		rt_buf_put_json(b, p->state);
		if (p->lag_s >= 0)
			rt_buf_printf(b, ", \"lag_s\": %.3f", p->lag_s);
		else
			rt_buf_puts(b, ", \"lag_s\": null");
		if (p->lag_bytes >= 0)
			rt_buf_printf(b, ", \"lag_bytes\": %lld}",
				      (long long)p->lag_bytes);
		else
			rt_buf_puts(b, ", \"lag_bytes\": null}");
	}
	rt_buf_putc(b, ']');
}

static void put_replicas_text(rt_buf *b, const cli_ctx *ctx,
			      const rt_replicas *r, const char *note)
{
	size_t i, w = 0;

	if (note) {
		rt_buf_printf(b, "replicas: not read (%s)\n", note);
		return;
	}
	if (!r || !r->count)
		return;
	for (i = 0; i < r->count; i++)
		if (strlen(r->replicas[i].name) > w)
			w = strlen(r->replicas[i].name);
	if (r->max_lag_s > 0)
		rt_buf_printf(b, "\nreplicas (writes pause over %.1f s of "
				 "lag):\n",
			      r->max_lag_s);
	else
		rt_buf_puts(b, "\nreplicas:\n");
	for (i = 0; i < r->count; i++) {
		const rt_replica *p = &r->replicas[i];
		int over = r->max_lag_s > 0 && p->lag_s > r->max_lag_s;

		rt_buf_printf(b, "  %-*s  %s%-12s%s", (int)w, p->name,
			      cli_color(ctx, p->streaming ? "green" : "red"),
			      p->state, CLI_RESET(ctx));
		if (p->lag_s >= 0)
			rt_buf_printf(b, " lag %s%.1f s%s", 
				      over ? cli_color(ctx, "yellow") : "",
				      p->lag_s, over ? CLI_RESET(ctx) : "");
		if (p->lag_bytes >= 0)
			rt_buf_printf(b, " (%lld bytes of WAL behind)",
				      (long long)p->lag_bytes);
		rt_buf_putc(b, '\n');
	}
}

static void put_json(rt_buf *b, const cli_ctx *ctx, const rt_status *st,
		     const rt_online_status *on, int up_to_date)
{
	rt_buf url = RT_BUF_INIT;
	size_t i;

	rt_buf_init(&url);
	rt_url_redact(&url, ctx->url);
	rt_buf_puts(b, "{\"database\": ");
	rt_buf_put_json(b, rt_buf_cstr(&url));
	rt_buf_printf(b, ", \"up_to_date\": %s, \"applied\": %zu, "
			 "\"pending\": %zu, \"partial\": %zu, \"edited\": %zu, "
			 "\"unknown\": %zu, \"current\": [",
		      up_to_date ? "true" : "false", st->napplied, st->npending,
		      st->npartial, st->nedited, st->nunknown);
	for (i = 0; i < st->ncurrent; i++) {
		if (i)
			rt_buf_puts(b, ", ");
		rt_buf_put_json(b, st->current[i]);
	}
	rt_buf_puts(b, "], \"online\": ");
	if (on) {
		rt_buf_puts(b, "{\"revision\": ");
		rt_buf_put_json(b, on->revision);
		rt_buf_puts(b, ", \"phase\": ");
		rt_buf_put_json(b, on->phase);
		rt_buf_putc(b, '}');
	} else {
		rt_buf_puts(b, "null");
	}
	put_replicas_json(b, ctx->replicas);
	rt_buf_puts(b, ", \"revisions\": [");
	for (i = 0; i < st->count; i++) {
		const rt_status_entry *e = &st->entries[i];

		rt_buf_puts(b, i ? ",\n  {" : "\n  {");
		rt_buf_puts(b, "\"revision\": ");
		rt_buf_put_json(b, e->revision);
		rt_buf_printf(b, ", \"state\": \"%s\"", cli_state_name(e->state));
		if (e->migration) {
			rt_buf_puts(b, ", \"file\": ");
			rt_buf_put_json(b, e->migration->path);
		}
		if (e->state != RT_REV_PENDING) {
			rt_buf_puts(b, ", \"applied_at\": ");
			rt_buf_put_json(b, e->applied_at);
			rt_buf_puts(b, ", \"applied_by\": ");
			rt_buf_put_json(b, e->applied_by);
			rt_buf_printf(b, ", \"duration_ms\": %lld",
				      (long long)e->duration_ms);
			rt_buf_puts(b, ", \"checksum\": ");
			rt_buf_put_json(b, e->checksum);
		}
		if (e->state == RT_REV_PARTIAL) {
			rt_buf_printf(b, ", \"statements_done\": %d, "
					 "\"direction\": ",
				      e->statements_done);
			rt_buf_put_json(b, e->partial_direction);
		}
		if (e->via) {
			rt_buf_puts(b, ", \"through\": ");
			rt_buf_put_json(b, e->via);
		}
		if (e->migration && e->migration->nreplaces)
			rt_buf_printf(b, ", \"replaces\": %zu",
				      e->migration->nreplaces);
		rt_buf_putc(b, '}');
	}
	rt_buf_printf(b, "\n], \"repeatable_pending\": %zu, "
			 "\"repeatables\": [",
		      st->nrep_pending);
	for (i = 0; i < st->nrepeatables; i++) {
		const rt_status_entry *e = &st->repeatables[i];

		rt_buf_puts(b, i ? ",\n  {" : "\n  {");
		rt_buf_puts(b, "\"name\": ");
		rt_buf_put_json(b, e->revision);
		rt_buf_printf(b, ", \"state\": \"%s\", \"file\": ",
			      rep_state(e->state));
		rt_buf_put_json(b, e->migration->path);
		if (e->state != RT_REV_PENDING) {
			rt_buf_puts(b, ", \"applied_at\": ");
			rt_buf_put_json(b, e->applied_at);
			rt_buf_puts(b, ", \"checksum\": ");
			rt_buf_put_json(b, e->checksum);
		}
		rt_buf_putc(b, '}');
	}
	rt_buf_puts(b, "\n]}\n");
	rt_buf_release(&url);
}

static void put_text(rt_buf *b, const cli_ctx *ctx, const rt_status *st,
		     const rt_online_status *on)
{
	rt_buf url = RT_BUF_INIT;
	size_t i, w = 0;

	rt_buf_init(&url);
	rt_url_redact(&url, ctx->url);
	if (!ctx->args.quiet)
		rt_buf_printf(b, "database:   %s\ndirectory:  %s (%zu "
				 "migration%s)\n\n",
			      rt_buf_cstr(&url), ctx->dir,
			      ctx->migrations->count,
			      ctx->migrations->count == 1 ? "" : "s");
	for (i = 0; i < st->count; i++)
		if (strlen(st->entries[i].revision) > w)
			w = strlen(st->entries[i].revision);
	/* an applied revision's line, at once: no copy on every growth */
	rt_buf_grow(b, st->count * (w + 40));
	for (i = 0; i < st->count; i++) {
		const rt_status_entry *e = &st->entries[i];

		int pad = (int)(w - strlen(e->revision)) + 2;
		int online = on && e->state == RT_REV_APPLIED &&
			     !strcmp(e->revision, on->revision);

		if (ctx->args.quiet && e->state == RT_REV_APPLIED && !online)
			continue;
		if (online) {
			rt_buf_printf(b, "  %s%-8s%s %s%*sonline, %s: both "
					 "versions live until 'retort "
					 "online complete'\n",
				      cli_color(ctx, "yellow"), "active",
				      CLI_RESET(ctx), e->revision, pad, "",
				      on->phase);
			continue;
		}
		rt_buf_printf(b, "  %s%-8s%s %s",
			      cli_color(ctx, state_color(e->state)),
			      cli_state_name(e->state), CLI_RESET(ctx),
			      e->revision);
		if (e->state == RT_REV_PARTIAL)
			rt_buf_printf(b, "%*sstopped going %s after statement "
					 "%d",
				      pad, "", e->partial_direction,
				      e->statements_done);
		else if (e->state == RT_REV_EDITED)
			rt_buf_printf(b, "%*sfile changed since it was applied",
				      pad, "");
		else if (e->state == RT_REV_UNKNOWN)
			rt_buf_printf(b, "%*sapplied, but no file has this "
					 "name",
				      pad, "");
		else if (e->state == RT_REV_APPLIED && e->via)
			rt_buf_printf(b, "%*s%s%s (through %s)%s", pad, "",
				      cli_color(ctx, "dim"), e->applied_at,
				      e->via, CLI_RESET(ctx));
		else if (e->state == RT_REV_APPLIED)
			rt_buf_printf(b, "%*s%s%s%s", pad, "",
				      cli_color(ctx, "dim"), e->applied_at,
				      CLI_RESET(ctx));
		else if (e->state == RT_REV_PENDING && e->replaced_applied &&
			 !e->migration->squash_alt)
			rt_buf_printf(b, "%*sstranded: %zu of the %zu revisions "
					 "it replaces are applied, and their "
					 "files are gone",
				      pad, "", e->replaced_applied,
				      e->migration->nreplaces);
		else if (e->state == RT_REV_PENDING && e->migration &&
			 e->migration->squash_alt)
			rt_buf_printf(b, "%*ssquash of %zu revisions: runs "
					 "instead of them on an empty "
					 "database",
				      pad, "", e->migration->nreplaces);
		rt_buf_putc(b, '\n');
	}
	if (st->nrepeatables) {
		size_t rw = 0;

		for (i = 0; i < st->nrepeatables; i++)
			if (strlen(st->repeatables[i].revision) > rw)
				rw = strlen(st->repeatables[i].revision);
		if (!ctx->args.quiet || st->nrep_pending)
			rt_buf_puts(b, "\nrepeatable (applied after the "
				       "versioned ones when changed):\n");
		for (i = 0; i < st->nrepeatables; i++) {
			const rt_status_entry *e = &st->repeatables[i];
			int pad = (int)(rw - strlen(e->revision)) + 2;

			if (ctx->args.quiet && e->state == RT_REV_APPLIED)
				continue;
			rt_buf_printf(b, "  %s%-8s%s %s%*s",
				      cli_color(ctx, state_color(
							 e->state == RT_REV_EDITED
							     ? RT_REV_PENDING
							     : e->state)),
				      rep_state(e->state), CLI_RESET(ctx),
				      e->revision, pad, "");
			if (e->state == RT_REV_APPLIED)
				rt_buf_printf(b, "%s%s%s", cli_color(ctx, "dim"),
					      e->applied_at, CLI_RESET(ctx));
			else if (e->state == RT_REV_EDITED)
				rt_buf_puts(b, "changed since it was applied: "
					       "upgrade applies it again");
			else
				rt_buf_puts(b, "not applied");
			rt_buf_putc(b, '\n');
		}
	}
	rt_buf_printf(b, "%s%zu applied, %zu pending",
		      b->len && b->ptr[b->len - 1] == '\n' &&
				      !(b->len > 1 && b->ptr[b->len - 2] == '\n')
			      ? "\n"
			      : "",
		      st->napplied + st->nedited, st->npending);
	if (st->npartial)
		rt_buf_printf(b, ", %zu partial", st->npartial);
	if (st->nedited)
		rt_buf_printf(b, ", %zu edited", st->nedited);
	if (st->nunknown)
		rt_buf_printf(b, ", %zu unknown", st->nunknown);
	if (st->nrep_pending)
		rt_buf_printf(b, ", %zu repeatable to apply", st->nrep_pending);
	if (on)
		rt_buf_printf(b, ", 1 online migration active");
	rt_buf_putc(b, '\n');
	put_replicas_text(b, ctx, ctx->replicas, ctx->replicas_note);
	rt_buf_release(&url);
}

static int cmd_status(cli_ctx *ctx)
{
	rt_status *st = NULL;
	rt_online_status *on;
	rt_buf out = RT_BUF_INIT;
	int up_to_date, status;

	if (ctx->status_rows) {
		st = ctx->status_rows;
		ctx->status_rows = NULL;
		if (rt_status_match(st, ctx->migrations) < 0) {
			rt_status_free(st);
			return cli_error(RT_ERROR);
		}
	} else if (rt_status_load(&st, ctx->db, ctx->migrations) < 0) {
		return cli_error(RT_ERROR);
	}
	on = active_online(ctx);
	ctx->replicas = replicas(ctx, &ctx->replicas_note);
	up_to_date = !st->npending && !st->npartial && !st->nedited &&
		     !st->nunknown && !st->nrep_pending;
	rt_buf_init(&out);
	if (ctx->args.json)
		put_json(&out, ctx, st, on, up_to_date);
	else
		put_text(&out, ctx, st, on);
	status = cli_write(&out);
	rt_buf_release(&out);
	rt_status_free(st);
	rt_online_status_free(on);
	rt_replicas_free(ctx->replicas);
	ctx->replicas = NULL;
	if (status)
		return status;
	return up_to_date ? CLI_EXIT_OK : CLI_EXIT_NO;
}

static const cli_option options[] = {CLI_END};

const cli_command cli_cmd_status = {
	.name = "status",
	.fn = cmd_status,
	.summary = "applied, pending, partial and edited revisions",
	.usage = "[--json]",
	.description = "Exit status 0 when the database is up to date, 3 "
		       "otherwise.",
	.options = options,
	.flags = CLI_NEEDS_DIR | CLI_NEEDS_DB | CLI_READ_ONLY |
		 CLI_DIR_SUMMARY,
};
