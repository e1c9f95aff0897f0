/*
 * cmd_history.c: `retort history [--graph]`: every revision, newest
 * first, marked with its state when the database exists.
 */
#include "cli.h"
#include "graph.h"

#include <string.h>

struct hist {
	cli_ctx *ctx;
	rt_status *st;
	rt_buf *out;
	size_t width;
};

static const char *state_of(const struct hist *h, const rt_migration *m)
{
	const rt_status_entry *e;

	if (!h->st)
		return NULL;
	e = &h->st->entries[m->order]; /* entries follow directory order */
	return cli_state_name(e->state);
}

static void put_line(void *payload, const char *graph, const rt_migration *m)
{
	struct hist *h = payload;
	const char *state;

	if (!m) {
		/* a connector line: the graph alone, without its padding */
		size_t n = strlen(graph);

		while (n && graph[n - 1] == ' ')
			n--;
		rt_buf_put(h->out, graph, n);
		rt_buf_putc(h->out, '\n');
		return;
	}
	rt_buf_puts(h->out, graph);
	rt_buf_printf(h->out, "%s%s%s", cli_color(h->ctx, "yellow"), m->name,
		      CLI_RESET(h->ctx));
	if ((state = state_of(h, m)))
		rt_buf_printf(h->out, "%*s %s", (int)(h->width - strlen(m->name)),
			      "", state);
	if (!m->nchildren)
		rt_buf_printf(h->out, " %s(head)%s", cli_color(h->ctx, "cyan"),
			      CLI_RESET(h->ctx));
	if (m->nparents > 1)
		rt_buf_puts(h->out, " (merge)");
	if (!m->down.present)
		rt_buf_puts(h->out, " (irreversible)");
	rt_buf_putc(h->out, '\n');
}

static void put_json(struct hist *h)
{
	const rt_dir *dir = h->ctx->migrations;
	size_t i, j;

	rt_buf_puts(h->out, "[");
	for (i = dir->count; i-- > 0;) {
		const rt_migration *m = dir->migrations[i];
		const char *state = state_of(h, m);

		rt_buf_puts(h->out, i + 1 < dir->count ? ",\n {" : "\n {");
		rt_buf_puts(h->out, "\"revision\": ");
		rt_buf_put_json(h->out, m->name);
		rt_buf_puts(h->out, ", \"file\": ");
		rt_buf_put_json(h->out, m->path);
		rt_buf_puts(h->out, ", \"parents\": [");
		for (j = 0; j < m->nparents; j++) {
			if (j)
				rt_buf_puts(h->out, ", ");
			rt_buf_put_json(h->out, m->parents[j]);
		}
		rt_buf_printf(h->out, "], \"head\": %s, \"reversible\": %s",
			      m->nchildren ? "false" : "true",
			      m->down.present ? "true" : "false");
		if (state) {
			rt_buf_puts(h->out, ", \"state\": ");
			rt_buf_put_json(h->out, state);
		}
		rt_buf_putc(h->out, '}');
	}
	rt_buf_puts(h->out, "\n]\n");
}

static int cmd_history(cli_ctx *ctx)
{
	const rt_dir *dir = ctx->migrations;
	rt_buf out = RT_BUF_INIT;
	struct hist h = {ctx, NULL, &out, 0};
	size_t i;
	int status;

	rt_buf_init(&out);
	if ((status = cli_open_db(ctx, 1)) != 0)
		return status;
	if (rt_status_load(&h.st, ctx->db, dir) < 0)
		return cli_error(RT_ERROR);
	for (i = 0; i < dir->count; i++)
		if (strlen(dir->migrations[i]->name) > h.width)
			h.width = strlen(dir->migrations[i]->name);
	if (ctx->args.json) {
		put_json(&h);
	} else if (ctx->args.graph) {
		if (cli_graph_draw(dir, put_line, &h) < 0) {
			rt_buf_release(&out);
			rt_status_free(h.st);
			return cli_error(RT_ERROR);
		}
	} else {
		for (i = dir->count; i-- > 0;)
			put_line(&h, "", dir->migrations[i]);
	}
	status = cli_write(&out);
	rt_buf_release(&out);
	rt_status_free(h.st);
	return status;
}

static const cli_option options[] = {
	CLI_BOOL("graph", 'g', graph, "draw the revision graph"),
	CLI_END,
};

const cli_command cli_cmd_history = {
	.name = "history",
	.fn = cmd_history,
	.summary = "list revisions, newest first",
	.usage = "[--graph] [--json]",
	.options = options,
	.flags = CLI_NEEDS_DIR,
};
