/*
 * diff_sort.c: ordering the changes, as pg_dump_sort.c orders a dump.
 *
 * Each change belongs to a phase (rt_diff_dialect.phase_of, or the
 * default below); within a phase an edge joins two changes whose objects
 * depend on each other (creating: the dependency first; removing: the
 * dependant first) and a heap by seed order (phase, kind priority, table,
 * name, kind of change, column position) picks among the changes whose
 * predecessors are out, so the output is a stable topological sort.
 *
 * When no change of the lowest phase not done is free, its remaining
 * changes hold a loop (checked per phase, so that a loop's changes keep
 * their phase instead of coming after every later one). The loop is
 * found (walking predecessors from the first remaining change in seed
 * order) and handed to the repair functions below, each of which knows
 * one kind of loop and removes the edge that the DDL does not need, as
 * pg_dump's repair*Loop functions do. A loop no repair knows is an
 * internal error whose detail names the changes in it: a new kind of
 * loop gets a repair of its own and a corpus case, never an arbitrary
 * order.
 */
#include "diff/diff_int.h"

#include <ctype.h>

typedef struct onode {
	rt_change *c;
	const rt_obj *obj; /* the object dependencies are read from */
	int phase;
	int removal; /* a phase that removes: dependants first */
	size_t indeg;
	size_t *out; /* changes that must come after this one */
	size_t nout, capout;
	int done;
} onode;

static int phase_of(const rt_change *c, int *removal)
{
	const rt_obj *o = c->to ? c->to : c->from;

	*removal = c->kind == RT_CHANGE_DROP;
	switch (c->kind) {
	case RT_CHANGE_DROP:
		return c->from->kind > RT_OBJ_TABLE ? 0 : 1;
	case RT_CHANGE_RENAME_TABLE:
	case RT_CHANGE_RENAME_COLUMN:
	case RT_CHANGE_RENAME:
		return 2;
	case RT_CHANGE_CREATE:
	case RT_CHANGE_REPLACE:
	case RT_CHANGE_COMMENT:
		return o->kind > RT_OBJ_TABLE ? 4 : 3;
	default:
		return 3;
	}
}

static int change_rank(const rt_change *c)
{
	switch (c->kind) {
	case RT_CHANGE_RENAME_TABLE:
		return 0;
	case RT_CHANGE_RENAME_COLUMN:
		return 1;
	case RT_CHANGE_DROP:
	case RT_CHANGE_CREATE:
	case RT_CHANGE_REPLACE:
		return 2;
	case RT_CHANGE_REBUILD_TABLE:
		return 3;
	case RT_CHANGE_DROP_COLUMN:
		return 4;
	case RT_CHANGE_ADD_COLUMN:
		/* a generated column added again reads the columns as
		 * they are after their ALTERs */
		return c->readd ? 7 : 5;
	case RT_CHANGE_ALTER_COLUMN:
		return 6;
	case RT_CHANGE_ALTER_TABLE:
		return 8;
	default:
		return 9;
	}
}

static int strcmp_null(const char *a, const char *b)
{
	if (!a || !b)
		return a ? 1 : b ? -1 : 0;
	return strcmp(a, b);
}

/* Seed order: kind priority (reversed when dropping), then the owning
 * table and name, then the kind of change and the column position. */
static int seed_cmp(const onode *x, const onode *y)
{
	const rt_obj *a = x->obj, *b = y->obj;
	int c, drop = x->removal;
	const char *at = a->table ? a->table : a->name;
	const char *bt = b->table ? b->table : b->name;

	if (x->phase != y->phase)
		return x->phase < y->phase ? -1 : 1;
	if (a->kind != b->kind)
		return (a->kind < b->kind) != drop ? -1 : 1;
	if ((c = strcmp_null(a->schema, b->schema)) != 0)
		return c;
	if ((c = strcmp(at, bt)) != 0)
		return c;
	if ((c = strcmp(a->name, b->name)) != 0)
		return c;
	if ((c = change_rank(x->c) - change_rank(y->c)) != 0)
		return c;
	{
		const rt_column *ca =
		    x->c->column_to ? x->c->column_to : x->c->column_from;
		const rt_column *cb =
		    y->c->column_to ? y->c->column_to : y->c->column_from;
		int pa = ca ? ca->position : 0, pb = cb ? cb->position : 0;

		return pa - pb;
	}
}

typedef struct heap {
	size_t *v, n;
	onode *nodes;
} heap;

static int heap_less(const heap *h, size_t i, size_t j)
{
	int c = seed_cmp(&h->nodes[h->v[i]], &h->nodes[h->v[j]]);

	return c < 0 || (c == 0 && h->v[i] < h->v[j]);
}

static void heap_push(heap *h, size_t x)
{
	size_t i = h->n++;

	h->v[i] = x;
	while (i && heap_less(h, i, (i - 1) / 2)) {
		size_t p = (i - 1) / 2, t = h->v[p];

		h->v[p] = h->v[i];
		h->v[i] = t;
		i = p;
	}
}

static size_t heap_pop(heap *h)
{
	size_t top = h->v[0], i = 0;

	h->v[0] = h->v[--h->n];
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i, t;

		if (l < h->n && heap_less(h, l, m))
			m = l;
		if (r < h->n && heap_less(h, r, m))
			m = r;
		if (m == i)
			break;
		t = h->v[m];
		h->v[m] = h->v[i];
		h->v[i] = t;
		i = m;
	}
	return top;
}

static int add_edge(onode *nodes, size_t before, size_t after)
{
	onode *b = &nodes[before];
	size_t k;

	if (before == after)
		return 0;
	for (k = 0; k < b->nout; k++)
		if (b->out[k] == after)
			return 0;
	if (b->nout == b->capout) {
		size_t cap = b->capout ? b->capout * 2 : 4;
		size_t *n = realloc(b->out, cap * sizeof(*n));

		if (!n)
			return rt_error_nomem();
		b->out = n;
		b->capout = cap;
	}
	b->out[b->nout++] = after;
	nodes[after].indeg++;
	return 0;
}

/* Object -> nodes index: open addressing on the pointer. */
typedef struct omap {
	const rt_obj **keys;
	size_t *first; /* first node of the object; chained through next */
	size_t cap;
} omap;

static size_t omap_slot(const omap *m, const rt_obj *o)
{
	size_t h = ((uintptr_t)o >> 4) * 0x9E3779B97F4A7C15ull;

	h &= m->cap - 1;
	while (m->keys[h] && m->keys[h] != o)
		h = (h + 1) & (m->cap - 1);
	return h;
}

/* ---- loops ------------------------------------------------------------- */

/* Phases a dialect may use (rt_diff_dialect.phase_of): 0 .. this - 1. */
#define MAX_PHASES 16

/* One ordering: the changes as nodes (a repair may add some), the heap
 * of those free to go, and how many of each phase are not out yet. */
typedef struct sorter {
	rt_differ *df;
	onode *nodes;
	size_t n, cap;
	heap h;
	size_t left[MAX_PHASES];
} sorter;

/* A new node for change `c` in the phase of node `like`, no edges yet;
 * its index, or SIZE_MAX when out of memory. */
static size_t add_node(sorter *s, rt_change *c, size_t like)
{
	onode *x;

	if (s->n == s->cap) {
		size_t cap = s->cap * 2 + 4;
		onode *nodes = realloc(s->nodes, cap * sizeof(*nodes));
		size_t *v = realloc(s->h.v, cap * sizeof(*v));

		if (nodes)
			s->nodes = s->h.nodes = nodes;
		if (v)
			s->h.v = v;
		if (!nodes || !v) {
			rt_error_nomem();
			return SIZE_MAX;
		}
		memset(s->nodes + s->cap, 0,
		       (cap - s->cap) * sizeof(*s->nodes));
		s->cap = cap;
	}
	x = &s->nodes[s->n];
	x->c = c;
	x->phase = s->nodes[like].phase;
	x->removal = s->nodes[like].removal;
	x->obj = x->removal ? c->from : c->to;
	s->left[x->phase]++;
	return s->n++;
}

/* Remove the edge `before` -> `after`, freeing `after` when it was its
 * last remaining predecessor. */
static void remove_edge(sorter *s, size_t before, size_t after)
{
	onode *b = &s->nodes[before], *a = &s->nodes[after];
	size_t k;

	for (k = 0; k < b->nout; k++)
		if (b->out[k] == after) {
			b->out[k] = b->out[--b->nout];
			if (a->indeg && --a->indeg == 0 && !a->done)
				heap_push(&s->h, after);
			return;
		}
}

/* The object of a change as a table of the catalog the phase reads
 * (`to` creating, `from` removing), or NULL. */
static const rt_obj *node_table(const onode *x)
{
	return x->obj->kind == RT_OBJ_TABLE ? x->obj : NULL;
}

/* Does `cat` hold a foreign key of table `t` that references `ref`? */
static int references(const rt_catalog *cat, const rt_obj *t, const rt_obj *ref)
{
	size_t i, k;

	for (i = 0; i < cat->nobjs; i++) {
		const rt_obj *o = cat->objs[i];
		int own = 0, to = 0;

		if (o->kind != RT_OBJ_FOREIGN_KEY)
			continue;
		for (k = 0; k < o->ndeps; k++) {
			own |= o->deps[k] == t;
			to |= o->deps[k] == ref;
		}
		if (own && to)
			return 1;
	}
	return 0;
}

/*
 * Tables whose inline foreign keys point at each other (SQLite: the
 * REFERENCES clause is part of CREATE TABLE, so each table depends on
 * the other). The engine checks a reference only when rows are written,
 * not when the table is made or dropped, so the dependency of the table
 * first in seed order on the next one is dropped: it is made (or, when
 * removing, dropped) first, its foreign key pointing ahead. `cyc` is the
 * loop, cyc[i] before cyc[i + 1] and the last before the first.
 */
static int repair_inline_fk_loop(sorter *s, const size_t *cyc, size_t m)
{
	const rt_catalog *cat;
	size_t i, first = 0;

	if (!s->df->d->inline_constraints)
		return 0;
	for (i = 0; i < m; i++) {
		const onode *x = &s->nodes[cyc[i]];
		const onode *y = &s->nodes[cyc[(i + 1) % m]];
		const rt_obj *dependant, *dependency;

		if (!node_table(x) || !node_table(y))
			return 0;
		/* removing, the dependant comes first */
		dependant = x->removal ? x->obj : y->obj;
		dependency = x->removal ? y->obj : x->obj;
		cat = x->removal ? s->df->from : s->df->to;
		if (!references(cat, dependant, dependency))
			return 0;
		if (seed_cmp(&s->nodes[cyc[i]], &s->nodes[cyc[first]]) < 0)
			first = i;
	}
	remove_edge(s, cyc[(first + m - 1) % m], cyc[first]);
	return 1;
}

/* Does default `expr` call the function `fn` (by its bare name, as a
 * whole word followed by its argument list)? */
static int default_calls(const char *expr, const rt_obj *fn)
{
	const char *paren = strchr(fn->name, '(');
	size_t len = paren ? (size_t)(paren - fn->name) : strlen(fn->name);
	const char *p;

	if (!expr || !len)
		return 0;
	for (p = expr; (p = strchr(p, fn->name[0])) != NULL; p++) {
		const char *e = p + len;

		if (strncmp(p, fn->name, len))
			continue;
		if ((p == expr || !(isalnum((unsigned char)p[-1]) ||
				    p[-1] == '_' || p[-1] == '$')) &&
		    (*e == '(' || (*e == '"' && e[1] == '(')))
			return 1;
	}
	return 0;
}

/*
 * A table whose column default calls a function that reads the table
 * (PostgreSQL: a BEGIN ATOMIC body depends on what it reads). Creating,
 * the table is made without those defaults, then the function, then
 * ALTER COLUMN ... SET DEFAULT; removing, DROP DEFAULT goes first, then
 * the function, then the table. As pg_dump's repairTableAttrDefLoop: the
 * default becomes a change of its own, after (creating) or before
 * (removing) both.
 */
static int repair_table_default_loop(sorter *s, const size_t *cyc, size_t m)
{
	size_t i, k, nhit, ti, fi, xi, yi;
	rt_arena *a = s->df->a;

	for (i = 0; i < m; i++) {
		const onode *t, *f;
		const rt_table *tab;
		rt_table *copy;
		int removal;

		xi = cyc[i];
		yi = cyc[(i + 1) % m];
		removal = s->nodes[xi].removal;
		/* creating, the edge runs dependency -> dependant */
		ti = removal ? xi : yi;
		fi = removal ? yi : xi;
		t = &s->nodes[ti];
		f = &s->nodes[fi];
		if (t->obj->kind != RT_OBJ_TABLE ||
		    f->obj->kind != RT_OBJ_FUNCTION ||
		    t->c->kind != (removal ? RT_CHANGE_DROP : RT_CHANGE_CREATE))
			continue;
		tab = (const rt_table *)t->obj;
		for (k = 0, nhit = 0; k < tab->ncolumns; k++)
			nhit +=
			    default_calls(tab->columns[k].default_expr, f->obj);
		if (!nhit)
			continue;
		/* the table as CREATE writes it: without those defaults */
		if (!(copy = rt_arena_alloc(a, sizeof(*copy))))
			return RT_ERROR;
		*copy = *tab;
		copy->columns =
		    rt_arena_array(a, tab->ncolumns + 1, sizeof(rt_column));
		if (!copy->columns)
			return RT_ERROR;
		memcpy(copy->columns, tab->columns,
		       tab->ncolumns * sizeof(rt_column));
		for (k = 0; k < tab->ncolumns; k++) {
			rt_change *c;
			size_t ci;
			int error;

			if (!default_calls(tab->columns[k].default_expr,
					   f->obj))
				continue;
			copy->columns[k].default_expr = NULL;
			if (!(c = rt_arena_alloc(a, sizeof(*c))))
				return RT_ERROR;
			c->kind = RT_CHANGE_ALTER_COLUMN;
			c->from = removal ? &tab->obj : &copy->obj;
			c->to = removal ? &copy->obj : &tab->obj;
			c->column_from =
			    removal ? &tab->columns[k] : &copy->columns[k];
			c->column_to =
			    removal ? &copy->columns[k] : &tab->columns[k];
			if ((ci = add_node(s, c, ti)) == SIZE_MAX)
				return RT_ERROR;
			/* add_node may move the nodes: indexes from here */
			error = removal ? add_edge(s->nodes, ci, fi)
					: add_edge(s->nodes, fi, ci);
			if (!error)
				error = removal ? add_edge(s->nodes, ci, ti)
						: add_edge(s->nodes, ti, ci);
			if (error < 0)
				return error;
			if (!s->nodes[ci].indeg)
				heap_push(&s->h, ci);
		}
		if (!removal)
			s->nodes[ti].c->to = &copy->obj;
		remove_edge(s, xi, yi);
		return 1;
	}
	return 0;
}

typedef int (*repair_fn)(sorter *s, const size_t *cyc, size_t m);

static const repair_fn repairs[] = {
    repair_inline_fk_loop,
    repair_table_default_loop,
};

/* "create table "a"" for the loop's message. */
static void describe(rt_buf *b, const rt_change *c)
{
	static const char *const verbs[] = {
	    [RT_CHANGE_CREATE] = "create",
	    [RT_CHANGE_DROP] = "drop",
	    [RT_CHANGE_REPLACE] = "replace",
	    [RT_CHANGE_ADD_COLUMN] = "add column of",
	    [RT_CHANGE_DROP_COLUMN] = "drop column of",
	    [RT_CHANGE_ALTER_COLUMN] = "alter column of",
	    [RT_CHANGE_RENAME_COLUMN] = "rename column of",
	    [RT_CHANGE_RENAME_TABLE] = "rename",
	    [RT_CHANGE_REBUILD_TABLE] = "rebuild",
	};
	const rt_obj *o = c->to ? c->to : c->from;
	const char *verb =
	    (size_t)c->kind < RT_ARRAY_SIZE(verbs) && verbs[c->kind]
		? verbs[c->kind]
		: "change";
	const rt_column *col = c->column_to ? c->column_to : c->column_from;

	rt_buf_printf(b, "%s %s '%s%s%s'", verb, rt_obj_kind_name(o->kind),
		      o->qname ? o->qname : o->name, col ? "." : "",
		      col ? col->name : "");
}

/*
 * Every remaining change has a remaining predecessor (else the heap
 * would hold it): walk predecessors from the first remaining change in
 * seed order until one repeats; the changes from that one on are a
 * loop. Then the first repair that knows the loop removes an edge.
 */
static int repair_loop(sorter *s)
{
	size_t n = s->n, i, k, m = 0, at = SIZE_MAX, *pred, *walk, *cyc;
	unsigned char *seen;
	int error = 0;

	pred = malloc((n + 1) * sizeof(*pred));
	walk = malloc((n + 1) * sizeof(*walk));
	cyc = malloc((n + 1) * sizeof(*cyc));
	seen = calloc(n + 1, 1);
	if (!pred || !walk || !cyc || !seen) {
		error = rt_error_nomem();
		goto done;
	}
	/* the predecessor first in seed order, for each remaining change */
	for (i = 0; i < n; i++)
		pred[i] = SIZE_MAX;
	for (i = 0; i < n; i++) {
		const onode *x = &s->nodes[i];

		if (x->done)
			continue;
		if (at == SIZE_MAX || seed_cmp(x, &s->nodes[at]) < 0)
			at = i;
		for (k = 0; k < x->nout; k++) {
			size_t y = x->out[k];

			if (!s->nodes[y].done &&
			    (pred[y] == SIZE_MAX ||
			     seed_cmp(x, &s->nodes[pred[y]]) < 0))
				pred[y] = i;
		}
	}
	while (at != SIZE_MAX && !seen[at]) {
		seen[at] = 1;
		walk[m++] = at;
		at = pred[at];
	}
	if (at == SIZE_MAX) {
		error = rt_error_set(RT_ERROR_INTERNAL,
				     "internal error: the diff's ordering "
				     "stalled without a loop");
		goto done;
	}
	/* walk[] runs against the edges: its part from `at` on, read
	 * backwards, is the loop in edge order */
	for (i = m, k = 0; i-- > 0;) {
		cyc[k++] = walk[i];
		if (walk[i] == at)
			break;
	}
	/* from its change first in seed order, so messages are stable */
	for (i = 1, m = 0; i < k; i++)
		if (seed_cmp(&s->nodes[cyc[i]], &s->nodes[cyc[m]]) < 0)
			m = i;
	for (i = 0; i < k; i++)
		walk[i] = cyc[(m + i) % k];
	memcpy(cyc, walk, k * sizeof(*cyc));
	for (i = 0; i < RT_ARRAY_SIZE(repairs); i++)
		if ((error = repairs[i](s, cyc, k)) != 0)
			goto done;
	{
		rt_buf b;

		rt_buf_init(&b);
		for (i = 0; i < k; i++) {
			describe(&b, s->nodes[cyc[i]].c);
			rt_buf_puts(&b, " -> ");
		}
		describe(&b, s->nodes[cyc[0]].c);
		error = rt_error_set(RT_ERROR_INTERNAL,
				     "internal error: the changes depend on "
				     "each other in a loop no repair knows");
		rt_error_detail("%s", rt_buf_cstr(&b));
		rt_error_hint("report it with the two schemas compared");
		rt_buf_release(&b);
	}
done:
	free(pred);
	free(walk);
	free(cyc);
	free(seen);
	return error < 0 ? error : 0;
}

int rt_diff_order(rt_differ *df)
{
	size_t n = df->changes.len, i, k, emitted = 0, *emit = NULL;
	size_t *next = calloc(n + 1, sizeof(*next));
	int lowest = 0;
	sorter st = {0};
	omap m = {0};
	rt_change *items = NULL;
	int error = 0;

	st.df = df;
	st.n = n;
	st.cap = n + 1;
	st.nodes = calloc(st.cap, sizeof(*st.nodes));
	st.h.v = calloc(st.cap, sizeof(*st.h.v));
	st.h.nodes = st.nodes;
	m.cap = 16;
	while (m.cap < 2 * n + 2)
		m.cap *= 2;
	m.keys = calloc(m.cap, sizeof(*m.keys));
	m.first = calloc(m.cap, sizeof(*m.first));
	if (!st.nodes || !next || !m.keys || !m.first || !st.h.v) {
		error = rt_error_nomem();
		goto done;
	}
	for (i = 0; i < n && !error; i++) {
		onode *x = &st.nodes[i];
		size_t s;

		x->c = df->changes.items[i];
		x->phase = df->d->phase_of ? df->d->phase_of(x->c, &x->removal)
					   : phase_of(x->c, &x->removal);
		x->obj = x->removal ? x->c->from
				    : (x->c->to ? x->c->to : x->c->from);
		if (x->phase < 0 || x->phase >= MAX_PHASES) {
			error = rt_error_set(RT_ERROR_INTERNAL,
					     "internal error: change phase %d "
					     "out of range",
					     x->phase);
			break;
		}
		st.left[x->phase]++;
		s = omap_slot(&m, x->obj);
		next[i] = m.keys[s] ? m.first[s] : SIZE_MAX;
		m.keys[s] = x->obj;
		m.first[s] = i;
	}
	/* an edge for each dependency between two changes of one phase:
	 * creating, the dependency first; dropping, the dependant first */
	for (i = 0; i < n && !error; i++) {
		onode *x = &st.nodes[i];

		for (k = 0; k < x->obj->ndeps && !error; k++) {
			size_t s = omap_slot(&m, x->obj->deps[k]), j;

			if (!m.keys[s])
				continue;
			for (j = m.first[s]; j != SIZE_MAX && !error;
			     j = next[j]) {
				if (st.nodes[j].phase != x->phase)
					continue;
				error = x->removal ? add_edge(st.nodes, i, j)
						   : add_edge(st.nodes, j, i);
			}
		}
	}
	for (i = 0; i < n && !error; i++)
		if (!st.nodes[i].indeg)
			heap_push(&st.h, i);
	while (emitted < st.n && !error) {
		size_t x;

		while (lowest < MAX_PHASES && !st.left[lowest])
			lowest++;
		if (!st.h.n || st.nodes[st.h.v[0]].phase > lowest) {
			/* a loop holds the lowest phase back: a named
			 * repair frees one of its changes */
			error = repair_loop(&st);
			continue;
		}
		x = heap_pop(&st.h);
		if (st.nodes[x].done)
			continue;
		if (emitted % 64 == 0) {
			size_t *e = realloc(emit, (emitted + 64) * sizeof(*e));

			if (!e) {
				error = rt_error_nomem();
				break;
			}
			emit = e;
		}
		st.nodes[x].done = 1;
		st.left[st.nodes[x].phase]--;
		emit[emitted++] = x;
		for (k = 0; k < st.nodes[x].nout; k++) {
			size_t y = st.nodes[x].out[k];

			if (!st.nodes[y].done && st.nodes[y].indeg &&
			    --st.nodes[y].indeg == 0)
				heap_push(&st.h, y);
		}
	}
	if (!error &&
	    !(items = rt_arena_array(df->a, emitted + 1, sizeof(*items))))
		error = RT_ERROR;
	for (i = 0; i < emitted && !error; i++)
		items[i] = *st.nodes[emit[i]].c;
	if (!error) {
		df->ch->items = items;
		df->ch->n = emitted;
	}
done:
	for (i = 0; st.nodes && i < st.n; i++)
		free(st.nodes[i].out);
	free(st.nodes);
	free(st.h.v);
	free(emit);
	free(next);
	free(m.keys);
	free(m.first);
	return error;
}
