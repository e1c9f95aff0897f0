/*
 * diff_sort.c: ordering the changes: phases, each a stable topological
 * sort seeded by kind priority and name.
 */
#include "diff/diff_int.h"

/* ---- ordering ----------------------------------------------------------- */

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

int rt_diff_order(rt_differ *df)
{
	size_t n = df->changes.len, i, k, emitted = 0;
	onode *nodes = calloc(n + 1, sizeof(*nodes));
	size_t *next = calloc(n + 1, sizeof(*next));
	omap m = {0};
	heap h = {0};
	rt_change *items = NULL;
	int error = 0;

	m.cap = 16;
	while (m.cap < 2 * n + 2)
		m.cap *= 2;
	m.keys = calloc(m.cap, sizeof(*m.keys));
	m.first = calloc(m.cap, sizeof(*m.first));
	h.v = calloc(n + 1, sizeof(*h.v));
	h.nodes = nodes;
	items = rt_arena_array(df->a, n + 1, sizeof(*items));
	if (!nodes || !next || !m.keys || !m.first || !h.v || !items) {
		error = rt_error_nomem();
		goto done;
	}
	for (i = 0; i < n; i++) {
		onode *x = &nodes[i];
		size_t s;

		x->c = df->changes.items[i];
		x->phase = df->d->phase_of ? df->d->phase_of(x->c, &x->removal)
					   : phase_of(x->c, &x->removal);
		x->obj = x->removal ? x->c->from
				    : (x->c->to ? x->c->to : x->c->from);
		s = omap_slot(&m, x->obj);
		next[i] = m.keys[s] ? m.first[s] : SIZE_MAX;
		m.keys[s] = x->obj;
		m.first[s] = i;
	}
	/* an edge for each dependency between two changes of one phase:
	 * creating, the dependency first; dropping, the dependant first */
	for (i = 0; i < n && !error; i++) {
		onode *x = &nodes[i];

		for (k = 0; k < x->obj->ndeps && !error; k++) {
			size_t s = omap_slot(&m, x->obj->deps[k]), j;

			if (!m.keys[s])
				continue;
			for (j = m.first[s]; j != SIZE_MAX && !error;
			     j = next[j]) {
				if (nodes[j].phase != x->phase)
					continue;
				error = x->removal ? add_edge(nodes, i, j)
						   : add_edge(nodes, j, i);
			}
		}
	}
	for (i = 0; i < n && !error; i++)
		if (!nodes[i].indeg)
			heap_push(&h, i);
	while (emitted < n && !error) {
		size_t x;

		if (!h.n) {
			/* a cycle: take the first remaining in seed order */
			size_t best = SIZE_MAX;

			for (i = 0; i < n; i++)
				if (!nodes[i].done &&
				    (best == SIZE_MAX ||
				     seed_cmp(&nodes[i], &nodes[best]) < 0))
					best = i;
			nodes[best].indeg = 0;
			heap_push(&h, best);
		}
		x = heap_pop(&h);
		if (nodes[x].done)
			continue;
		nodes[x].done = 1;
		items[emitted++] = *nodes[x].c;
		for (k = 0; k < nodes[x].nout; k++) {
			size_t y = nodes[x].out[k];

			if (!nodes[y].done && nodes[y].indeg &&
			    --nodes[y].indeg == 0)
				heap_push(&h, y);
		}
	}
	df->ch->items = items;
	df->ch->n = emitted;
done:
	for (i = 0; nodes && i < n; i++)
		free(nodes[i].out);
	free(nodes);
	free(next);
	free(m.keys);
	free(m.first);
	free(h.v);
	return error;
}
