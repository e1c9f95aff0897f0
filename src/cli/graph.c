/*
 * graph.c: the lane drawing of `retort history --graph`.
 *
 * The layout rules are those of git's log --graph (as git drew it before
 * its 2.25 rewrite), so the picture is one users already know how to read.
 * Revisions come newest first; each one is drawn as up to four kinds of
 * rows:
 *
 *   pre-commit  a merge of three or more parents with lanes to its right
 *               first pushes those lanes out, to make room for its "-."
 *   commit      "*" in the revision's lane, a line in every other lane
 *   post-merge  a merge fans out to its parents: "|\", "|\ \", ...
 *   collapse    lanes that wait for one and the same revision slide left
 *               ("/", "_" for a long way) until they meet
 *
 * Invariants between two revisions:
 * - cols[] has one lane per revision that an already drawn child waits
 *   for, no revision twice, in the order the lanes were opened;
 * - lane i is drawn at screen column 2 * i, a space between lanes.
 * While a revision is drawn, map[] says for each screen column of the row
 * just drawn which lane of next[] (the lanes below the revision) the line
 * there leads to, NO_LANE where there is none. A line one column right of
 * its lane (2 * i + 1) has arrived: its "/" points into the lane.
 *
 * A lane never moves right except in pre-commit and post-merge rows, so
 * crossing lines are rare and never both move. Rows are collected first
 * and handed to the callback at the end, all padded to the widest, so the
 * names printed after them line up.
 *
 * Failure: RT_ERROR with the out-of-memory error set, and no callback.
 */
#include "util/common.h"

#include "graph.h"

#define NO_LANE SIZE_MAX

typedef enum row_kind {
	ROW_NONE,
	ROW_PRE_COMMIT,
	ROW_COMMIT,
	ROW_POST_MERGE,
	ROW_COLLAPSE,
} row_kind;

/* One output row; its text is graph.text[off, off + len). */
typedef struct graph_row {
	size_t off, len;
	const rt_migration *m; /* on a commit row, else NULL */
} graph_row;

/* Everything is owned by the graph and freed by graph_release(). */
typedef struct graph {
	const rt_migration **cols, **next;
	size_t ncols, nnext;
	size_t *map, *new_map;
	size_t map_len;

	const rt_migration *m; /* the revision being drawn */
	size_t lane;	       /* its lane in cols, ncols for a new head */
	size_t prev_lane;      /* of the revision drawn before */
	row_kind last;	       /* the kind of the last row drawn */
	row_kind prev_last;    /* that of the revision drawn before */

	rt_buf text;
	graph_row *rows;
	size_t nrows, rows_alloc;
	size_t row_start; /* offset in text of the row being built */
	size_t width;	  /* widest row so far, rounded up to a lane */
} graph;

static void graph_release(graph *g)
{
	free(g->cols);
	free(g->next);
	free(g->map);
	free(g->new_map);
	free(g->rows);
	rt_buf_release(&g->text);
}

/* How many lanes the rows of the current revision span: a new head opens
 * one right of the others. */
static size_t row_lanes(const graph *g)
{
	return g->lane < g->ncols ? g->ncols : g->ncols + 1;
}

static const rt_migration *lane_at(const graph *g, size_t i)
{
	return i < g->ncols ? g->cols[i] : g->m;
}

static void row_begin(graph *g)
{
	g->row_start = g->text.len;
}

static void put(graph *g, char c)
{
	rt_buf_putc(&g->text, c);
}

static int row_end(graph *g, row_kind kind, const rt_migration *m)
{
	graph_row *row;
	size_t len = g->text.len - g->row_start;

	if (g->nrows == g->rows_alloc) {
		size_t alloc = g->rows_alloc ? g->rows_alloc * 2 : 16;
		graph_row *rows = realloc(g->rows, alloc * sizeof(*rows));

		if (!rows)
			return rt_error_nomem();
		g->rows = rows;
		g->rows_alloc = alloc;
	}
	row = &g->rows[g->nrows++];
	row->off = g->row_start;
	row->len = len;
	row->m = m;
	/* a lane is two columns wide: its line and the space after it */
	len += len & 1;
	if (len > g->width)
		g->width = len;
	g->last = kind;
	return 0;
}

/* Give `m` the lane below it; a revision already waited for keeps the
 * lane it has, which is how two lines of descent join. */
static void place(graph *g, const rt_migration *m, size_t *pos)
{
	size_t i;

	for (i = 0; i < g->nnext && g->next[i] != m; i++)
		;
	if (i == g->nnext)
		g->next[g->nnext++] = m;
	g->map[*pos] = i;
	*pos += 2;
}

/* Lay out the lanes below `m`: every lane passes through unchanged
 * except m's, which is replaced by m's parents, in order. Lanes to the
 * right of m shift right for a merge's extra parents. */
static void graph_layout(graph *g, const rt_migration *m)
{
	size_t i, j, n, start, pos = 0;

	g->prev_lane = g->lane;
	g->prev_last = g->last;
	g->m = m;
	for (g->lane = 0; g->lane < g->ncols; g->lane++)
		if (g->cols[g->lane] == m)
			break;

	n = row_lanes(g);
	for (i = 0; i < 2 * (n + m->nparents); i++)
		g->map[i] = NO_LANE;
	g->nnext = 0;
	for (i = 0; i < n; i++) {
		if (lane_at(g, i) != m) {
			place(g, lane_at(g, i), &pos);
			continue;
		}
		start = pos;
		for (j = 0; j < m->nparents; j++)
			place(g, m->parent_refs[j], &pos);
		/* a root still takes its column on the commit row */
		if (pos == start)
			pos += 2;
	}
	g->map_len = pos;
}

static int map_settled(const graph *g)
{
	size_t i;

	for (i = 0; i < g->map_len; i++)
		if (g->map[i] != NO_LANE && g->map[i] != i / 2)
			return 0;
	return 1;
}

/*
 * Lane i right of the revision was drawn "\" on the post-merge row of the
 * revision before; keep drawing it "\" so the line does not kink.
 */
static int continues_merge(const graph *g, size_t i)
{
	return g->prev_last == ROW_POST_MERGE && g->prev_lane < i;
}

static int pre_commit_rows(graph *g)
{
	size_t i, r, nrows = 2 * (g->m->nparents - 2);
	int error;

	for (r = 0; r < nrows; r++) {
		int seen = 0;

		row_begin(g);
		for (i = 0; i < g->ncols; i++) {
			if (i == g->lane) {
				seen = 1;
				put(g, '|');
				rt_buf_printf(&g->text, "%*s", (int)r, "");
			} else if (seen && (r > 0 || continues_merge(g, i))) {
				put(g, '\\');
			} else {
				put(g, '|');
			}
			put(g, ' ');
		}
		if ((error = row_end(g, ROW_PRE_COMMIT, NULL)) < 0)
			return error;
	}
	return 0;
}

static int commit_row(graph *g)
{
	size_t i, j, n = row_lanes(g), k = g->m->nparents;
	int seen = 0;

	row_begin(g);
	for (i = 0; i < n; i++) {
		if (i == g->lane) {
			seen = 1;
			put(g, '*');
			/* the edges to parents 3..k leave sideways: "*-.",
			 * "*---.", one "-." per parent */
			if (k > 2) {
				for (j = 0; j < 2 * (k - 2) - 1; j++)
					put(g, '-');
				put(g, '.');
			}
		} else if (seen &&
			   (k > 2 || (k == 2 && continues_merge(g, i)))) {
			put(g, '\\');
		} else {
			put(g, '|');
		}
		put(g, ' ');
	}
	return row_end(g, ROW_COMMIT, g->m);
}

static int post_merge_row(graph *g)
{
	size_t i, j, n = row_lanes(g);
	int seen = 0;

	row_begin(g);
	for (i = 0; i < n; i++) {
		if (i == g->lane) {
			seen = 1;
			put(g, '|');
			for (j = 1; j < g->m->nparents; j++) {
				put(g, '\\');
				put(g, ' ');
			}
		} else {
			put(g, seen ? '\\' : '|');
			put(g, ' ');
		}
	}
	return row_end(g, ROW_POST_MERGE, NULL);
}

/*
 * One row of lines sliding left. Each line moves one column per row; the
 * first line that has to move (the "edge") may instead run along the row
 * as "_" when it has several lanes to pass, and a line that meets a lane
 * it does not belong to crosses it. The other lines wait their turn.
 * Unlike git, only the edge's own run is drawn "_": another line bound
 * for the same lane keeps its "/", or it would look cut off.
 */
static int collapse_row(graph *g)
{
	size_t i, j, t, edge = NO_LANE, edge_lane = NO_LANE;
	size_t run_end = 0; /* the "_" run is [2 * edge_lane + 3, run_end) */
	size_t *swap;
	int used_run = 0;

	for (i = 0; i < g->map_len; i++)
		g->new_map[i] = NO_LANE;
	for (i = 0; i < g->map_len; i++) {
		t = g->map[i];
		if (t == NO_LANE)
			continue;
		if (2 * t >= i) {
			/* in its lane (lines never lie left of their lane) */
			g->new_map[i] = t;
		} else if (g->new_map[i - 1] == NO_LANE) {
			g->new_map[i - 1] = t;
			if (edge == NO_LANE) {
				edge = i;
				edge_lane = t;
				run_end = i >= 2 ? i - 2 : 0;
				for (j = 2 * t + 3; j < run_end; j += 2)
					g->new_map[j] = t;
			}
		} else if (g->new_map[i - 1] != t) {
			/* a lane that is not ours: cross it */
			if (i >= 2)
				g->new_map[i - 2] = t;
			if (edge == NO_LANE)
				edge = i;
		}
		/* else the line on our left goes where we go: join it */
	}
	/* the line that was rightmost may have moved in by one */
	if (g->map_len && g->new_map[g->map_len - 1] == NO_LANE)
		g->map_len--;

	row_begin(g);
	for (i = 0; i < g->map_len; i++) {
		t = g->new_map[i];
		if (t == NO_LANE) {
			put(g, ' ');
		} else if (2 * t == i) {
			put(g, '|');
		} else if (t == edge_lane && i >= 2 * t + 3 && i < run_end) {
			/* the line goes on from the run's first segment */
			if (i != 2 * t + 3)
				g->new_map[i] = NO_LANE;
			used_run = 1;
			put(g, '_');
		} else {
			if (used_run && t == edge_lane && i + 1 == edge)
				g->new_map[i] = NO_LANE;
			put(g, '/');
		}
	}
	swap = g->map;
	g->map = g->new_map;
	g->new_map = swap;
	return row_end(g, ROW_COLLAPSE, NULL);
}

static int graph_revision(graph *g, const rt_migration *m)
{
	size_t n, limit;
	int error;

	graph_layout(g, m);
	if (m->nparents > 2 && g->lane + 1 < g->ncols &&
	    (error = pre_commit_rows(g)) < 0)
		return error;
	if ((error = commit_row(g)) < 0)
		return error;
	if (m->nparents > 1 && (error = post_merge_row(g)) < 0)
		return error;
	/* every line moves at least one column per row, so the guard only
	 * keeps a broken graph from looping */
	for (limit = g->map_len + 1; !map_settled(g) && limit; limit--)
		if ((error = collapse_row(g)) < 0)
			return error;

	n = g->nnext;
	memcpy(g->cols, g->next, n * sizeof(*g->cols));
	g->ncols = n;
	return 0;
}

static int graph_init(graph *g, const rt_dir *dir)
{
	size_t i, maxk = 0, nmap;

	memset(g, 0, sizeof(*g));
	rt_buf_init(&g->text);
	g->last = g->prev_last = ROW_NONE;
	for (i = 0; i < dir->count; i++)
		if (dir->migrations[i]->nparents > maxk)
			maxk = dir->migrations[i]->nparents;
	/* lanes wait for revisions not drawn yet, each once; a row spans the
	 * lanes plus a new head plus a merge's extra parents */
	nmap = 2 * (dir->count + maxk + 2);
	g->cols = calloc(dir->count + 1, sizeof(*g->cols));
	g->next = calloc(dir->count + 1, sizeof(*g->next));
	g->map = calloc(nmap, sizeof(*g->map));
	g->new_map = calloc(nmap, sizeof(*g->new_map));
	if (!g->cols || !g->next || !g->map || !g->new_map)
		return rt_error_nomem();
	return 0;
}

int cli_graph_draw(const rt_dir *dir, cli_graph_line_cb cb, void *payload)
{
	graph g;
	char *line = NULL;
	size_t i;
	int error;

	if ((error = graph_init(&g, dir)) < 0)
		goto done;
	for (i = dir->count; i-- > 0;)
		if ((error = graph_revision(&g, dir->migrations[i])) < 0)
			goto done;
	if ((error = rt_buf_check(&g.text)) < 0)
		goto done;

	if (!(line = malloc(g.width + 1))) {
		error = rt_error_nomem();
		goto done;
	}
	for (i = 0; i < g.nrows; i++) {
		const graph_row *row = &g.rows[i];

		memcpy(line, g.text.ptr + row->off, row->len);
		memset(line + row->len, ' ', g.width - row->len);
		line[g.width] = '\0';
		cb(payload, line, row->m);
	}

done:
	free(line);
	graph_release(&g);
	return error;
}
