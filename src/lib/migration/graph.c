/*
 * graph.c: the revision graph.
 *
 * Input: dir->migrations[0..count) sorted by name (the load order).
 * Output: by_name (that order kept), migrations re-ordered topologically
 * (Kahn's algorithm, the ready set a min-heap on name, so the order is
 * deterministic and follows creation time where the graph allows), each
 * migration's `order`, parent_refs, children and the heads.
 * Failures: a duplicate id, an unknown parent (file:line of the parent
 * directive), a cycle (the files on it).
 */
#include "migration/migration.h"

static int cmp_name_key(const void *key, const void *elem)
{
	return strcmp(key, (*(rt_migration *const *)elem)->name);
}

/* A min-heap of indexes into by_name; by_name is sorted, so the smallest
 * index is the smallest name. */
typedef struct heap {
	size_t *v, n;
} heap;

static void heap_push(heap *h, size_t x)
{
	size_t i = h->n++;

	while (i && h->v[(i - 1) / 2] > x) {
		h->v[i] = h->v[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	h->v[i] = x;
}

static size_t heap_pop(heap *h)
{
	size_t top = h->v[0], x = h->v[--h->n], i = 0;

	for (;;) {
		size_t c = 2 * i + 1;

		if (c >= h->n)
			break;
		if (c + 1 < h->n && h->v[c + 1] < h->v[c])
			c++;
		if (h->v[c] >= x)
			break;
		h->v[i] = h->v[c];
		i = c;
	}
	if (h->n)
		h->v[i] = x;
	return top;
}

static int parent_line(const rt_migration *m)
{
	/* the parent directive is in the header: find its line again for
	 * the message (cheap, and only on the error path) */
	FILE *f = fopen(m->path, "r");
	char line[4096];
	int n = 0, found = 0;

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		n++;
		if (strstr(line, "-- retort:parent")) {
			found = n;
			break;
		}
	}
	fclose(f);
	return found;
}

/* Report one cycle among the nodes Kahn's algorithm could not order. */
static int report_cycle(rt_dir *dir, const size_t *indeg)
{
	rt_buf path = RT_BUF_INIT;
	rt_migration *start = NULL, *m;
	size_t i, steps;

	rt_buf_init(&path);
	for (i = 0; i < dir->count && !start; i++)
		if (indeg[i])
			start = dir->by_name[i];
	/* walk parents that are themselves unordered: in a finite set this
	 * must come back to a node already seen; walk count steps first to
	 * be sure to stand on the cycle */
	m = start;
	for (steps = 0; steps < dir->count; steps++) {
		for (i = 0; i < m->nparents; i++)
			if (indeg[m->parent_refs[i]->order]) {
				m = m->parent_refs[i];
				break;
			}
	}
	start = m;
	do {
		rt_buf_printf(&path, "%s%s", path.len ? " -> " : "", m->path);
		for (i = 0; i < m->nparents; i++)
			if (indeg[m->parent_refs[i]->order]) {
				m = m->parent_refs[i];
				break;
			}
	} while (m != start && path.len < 4000);
	rt_buf_printf(&path, " -> %s", start->path);
	rt_error_set(RT_ERROR_GRAPH, "the revision graph has a cycle");
	rt_error_detail("parents form a cycle: %s", rt_buf_cstr(&path));
	rt_error_hint("a migration's parent must be older than it; fix the "
		      "'-- retort:parent' lines");
	rt_error_at(start->path, parent_line(start), 0);
	rt_buf_release(&path);
	return RT_ERROR;
}

int rt_graph_build(rt_dir *dir, rt_arena *a)
{
	size_t n = dir->count, i, j, k, *indeg, *nchild;
	rt_migration **topo;
	heap h;

	dir->by_name = rt_arena_array(a, n + 1, sizeof(rt_migration *));
	topo = rt_arena_array(a, n + 1, sizeof(rt_migration *));
	indeg = rt_arena_array(a, n + 1, sizeof(size_t));
	nchild = rt_arena_array(a, n + 1, sizeof(size_t));
	h.v = rt_arena_array(a, n + 1, sizeof(size_t));
	h.n = 0;
	if (!dir->by_name || !topo || !indeg || !nchild || !h.v)
		return RT_ERROR;
	memcpy(dir->by_name, dir->migrations, n * sizeof(rt_migration *));
	for (i = 0; i < n; i++)
		dir->by_name[i]->order = i; /* by_name index, for now */

	for (i = 1; i < n; i++) {
		rt_migration *p = dir->by_name[i - 1], *m = dir->by_name[i];

		if (p->id && m->id && strcmp(p->id, m->id) == 0) {
			rt_error_set(RT_ERROR_GRAPH,
				     "duplicate revision id '%s'", m->id);
			rt_error_detail("both '%s' and '%s' use it", p->path,
					m->path);
			rt_error_hint("give one of them a new timestamp (and "
				      "update the parents that name it)");
			rt_error_at(m->path, 0, 0);
			return RT_ERROR;
		}
	}

	/* resolve parents, count children */
	for (i = 0; i < n; i++) {
		rt_migration *m = dir->by_name[i];

		m->parent_refs = rt_arena_array(a, m->nparents + 1,
						sizeof(rt_migration *));
		if (!m->parent_refs)
			return RT_ERROR;
		for (j = 0; j < m->nparents; j++) {
			rt_migration **hit = bsearch(m->parents[j], dir->by_name,
						     n, sizeof(rt_migration *),
						     cmp_name_key);

			if (!hit) {
				rt_error_set(RT_ERROR_GRAPH,
					     "migration '%s' names unknown "
					     "parent '%s'",
					     m->name, m->parents[j]);
				rt_error_at(m->path, parent_line(m), 0);
				rt_error_hint("no file '%s.sql' in '%s'",
					      m->parents[j], dir->path);
				return RT_ERROR;
			}
			for (k = 0; k < j; k++)
				if (m->parent_refs[k] == *hit) {
					rt_error_set(RT_ERROR_GRAPH,
						     "migration '%s' names parent "
						     "'%s' twice",
						     m->name, m->parents[j]);
					rt_error_at(m->path, parent_line(m), 0);
					return RT_ERROR;
				}
			if (*hit == m) {
				rt_error_set(RT_ERROR_GRAPH,
					     "migration '%s' names itself as "
					     "parent", m->name);
				rt_error_at(m->path, parent_line(m), 0);
				return RT_ERROR;
			}
			m->parent_refs[j] = *hit;
			nchild[(*hit)->order]++;
		}
		indeg[i] = m->nparents;
	}
	for (i = 0; i < n; i++) {
		rt_migration *m = dir->by_name[i];

		m->children = rt_arena_array(a, nchild[i] + 1,
					     sizeof(rt_migration *));
		if (!m->children)
			return RT_ERROR;
	}
	for (i = 0; i < n; i++) {
		rt_migration *m = dir->by_name[i];

		for (j = 0; j < m->nparents; j++) {
			rt_migration *p = m->parent_refs[j];

			p->children[p->nchildren++] = m;
		}
	}

	/* Kahn, smallest name first */
	for (i = 0; i < n; i++)
		if (!indeg[i])
			heap_push(&h, i);
	k = 0;
	while (h.n) {
		size_t x = heap_pop(&h);
		rt_migration *m = dir->by_name[x];

		topo[k++] = m;
		for (j = 0; j < m->nchildren; j++) {
			size_t c = m->children[j]->order;

			if (--indeg[c] == 0)
				heap_push(&h, c);
		}
	}
	if (k < n)
		return report_cycle(dir, indeg);

	dir->nheads = 0;
	for (i = 0; i < n; i++)
		dir->nheads += dir->by_name[i]->nchildren == 0;
	dir->heads = rt_arena_array(a, dir->nheads + 1, sizeof(rt_migration *));
	if (!dir->heads)
		return RT_ERROR;
	for (i = 0, j = 0; i < n; i++)
		if (!dir->by_name[i]->nchildren)
			dir->heads[j++] = dir->by_name[i];
	memcpy(dir->migrations, topo, n * sizeof(rt_migration *));
	for (i = 0; i < n; i++)
		dir->migrations[i]->order = i;
	return 0;
}

void rt_graph_mark_ancestors(const rt_dir *dir, const rt_migration *m,
			     unsigned char *mark)
{
	size_t i;

	/* Children come after parents in topological order: one backward
	 * sweep from m propagates the mark to every ancestor. */
	RT_UNUSED(dir);
	mark[m->order] = 1;
	for (i = m->order + 1; i-- > 0;) {
		const rt_migration *x = dir->migrations[i];
		size_t j;

		if (!mark[i])
			continue;
		for (j = 0; j < x->nparents; j++)
			mark[x->parent_refs[j]->order] = 1;
	}
}
