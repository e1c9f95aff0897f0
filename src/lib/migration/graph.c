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
 *
 * Squashes (`-- retort:replaces`): one whose replaced files are all in
 * the directory stands beside them (squash_alt): it is nobody's parent
 * and no head, each of them names it in replaced_by, and the order puts
 * it before every child of the replaced set that is not in it (so a
 * downgrade reverts those first). One whose replaced files are all gone
 * is an ordinary root, and a parent naming a replaced revision is it.
 * Some of the files there and some not is an error: a database part way
 * through could be served by neither.
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

/* A replaced revision's name and the squash that replaces it. */
typedef struct replaced {
	const char *name;
	rt_migration *squash;
} replaced;

static int cmp_replaced(const void *a, const void *b)
{
	return strcmp(((const replaced *)a)->name, ((const replaced *)b)->name);
}

static int cmp_replaced_key(const void *key, const void *elem)
{
	return strcmp(key, ((const replaced *)elem)->name);
}

/*
 * Classify each squash: all its replaced files here (squash_alt, each
 * gets replaced_by) or none (its names go into `*gone`, sorted, for the
 * parents that name them). Fails on a revision two squashes replace, and
 * on a squash with some of its files here and some not.
 */
static int classify_squashes(rt_dir *dir, rt_arena *a, replaced **gone,
			     size_t *ngone)
{
	size_t n = dir->count, i, j, total = 0, k = 0;

	for (i = 0; i < n; i++)
		total += dir->by_name[i]->nreplaces;
	*gone = rt_arena_array(a, total + 1, sizeof(replaced));
	*ngone = 0;
	if (!*gone)
		return RT_ERROR;
	for (i = 0; i < n; i++) {
		rt_migration *s = dir->by_name[i];
		size_t here = 0;
		const char *missing = NULL, *present = NULL;

		if (!s->nreplaces)
			continue;
		for (j = 0; j < s->nreplaces; j++) {
			rt_migration **hit =
			    bsearch(s->replaces[j], dir->by_name, n,
				    sizeof(rt_migration *), cmp_name_key);

			if (hit && *hit == s) {
				rt_error_set(RT_ERROR_GRAPH,
					     "squash '%s' names itself in "
					     "'retort:replaces'",
					     s->name);
				rt_error_at(s->path, s->replaces_line, 0);
				return RT_ERROR;
			}
			if (hit) {
				here++;
				present = s->replaces[j];
			} else {
				missing = s->replaces[j];
			}
		}
		if (here && here < s->nreplaces) {
			rt_error_set(RT_ERROR_GRAPH,
				     "squash '%s' replaces %zu revisions: %zu "
				     "have files in '%s', %zu do not",
				     s->name, s->nreplaces, here, dir->path,
				     s->nreplaces - here);
			rt_error_detail("e.g. '%s' is there and '%s' is not",
					present, missing);
			rt_error_hint("keep every replaced file (databases part "
				      "way through them are served by them) or "
				      "delete them all");
			rt_error_at(s->path, s->replaces_line, 0);
			return RT_ERROR;
		}
		s->squash_alt = here > 0;
		for (j = 0; j < s->nreplaces; j++) {
			if (!s->squash_alt) {
				(*gone)[k].name = s->replaces[j];
				(*gone)[k++].squash = s;
				continue;
			}
			{
				rt_migration *r = *(rt_migration **)bsearch(
				    s->replaces[j], dir->by_name, n,
				    sizeof(rt_migration *), cmp_name_key);

				if (r->replaced_by) {
					rt_error_set(RT_ERROR_GRAPH,
						     "revision '%s' is replaced "
						     "by two squashes, '%s' and "
						     "'%s'",
						     r->name,
						     r->replaced_by->name,
						     s->name);
					rt_error_hint("remove one of the two "
						      "squashes");
					rt_error_at(s->path, s->replaces_line,
						    0);
					return RT_ERROR;
				}
				r->replaced_by = s;
			}
		}
	}
	*ngone = k;
	if (k > 1)
		qsort(*gone, k, sizeof(replaced), cmp_replaced);
	for (i = 1; i < k; i++)
		if (!strcmp((*gone)[i - 1].name, (*gone)[i].name)) {
			rt_error_set(RT_ERROR_GRAPH,
				     "revision '%s' is replaced by two "
				     "squashes, '%s' and '%s'",
				     (*gone)[i].name, (*gone)[i - 1].squash->name,
				     (*gone)[i].squash->name);
			rt_error_hint("remove one of the two squashes");
			rt_error_at((*gone)[i].squash->path,
				    (*gone)[i].squash->replaces_line, 0);
			return RT_ERROR;
		}
	return 0;
}

/*
 * A squash beside its files must replace exactly the history of its last
 * revision (that one and every ancestor): anything else would leave a
 * database it builds short of, or beyond, that revision.
 */
static int check_squash_history(rt_dir *dir, rt_arena *a)
{
	size_t i, j, n = dir->count;
	unsigned char *mark = rt_arena_alloc(a, n + 1);

	if (!mark)
		return RT_ERROR;
	for (i = 0; i < n; i++) {
		rt_migration *s = dir->migrations[i], *last;
		size_t count = 0;

		if (!s->squash_alt)
			continue;
		last = rt_dir_get(dir, s->replaces[s->nreplaces - 1]);
		memset(mark, 0, n);
		rt_graph_mark_ancestors(dir, last, mark);
		for (j = 0; j < n; j++)
			count += mark[j];
		for (j = 0; j < s->nreplaces; j++) {
			rt_migration *r = rt_dir_get(dir, s->replaces[j]);

			if (mark[r->order])
				continue;
			rt_error_set(RT_ERROR_GRAPH,
				     "squash '%s' replaces '%s', which is not "
				     "an ancestor of '%s'",
				     s->name, r->name, last->name);
			rt_error_hint("a squash replaces one revision (named "
				      "last) and all its ancestors: write it "
				      "again with 'retort squash'");
			rt_error_at(s->path, s->replaces_line, 0);
			return RT_ERROR;
		}
		if (count != s->nreplaces) {
			for (j = 0; j < n; j++)
				if (mark[j] && dir->migrations[j]->replaced_by !=
						   s)
					break;
			rt_error_set(RT_ERROR_GRAPH,
				     "squash '%s' does not replace '%s', an "
				     "ancestor of '%s'",
				     s->name, dir->migrations[j]->name,
				     last->name);
			rt_error_hint("a squash replaces one revision (named "
				      "last) and all its ancestors: write it "
				      "again with 'retort squash'");
			rt_error_at(s->path, s->replaces_line, 0);
			return RT_ERROR;
		}
	}
	return 0;
}

static int is_head(const rt_migration *m)
{
	const rt_migration *s = m->replaced_by;

	if (m->nchildren || m->squash_alt)
		return 0;
	return !(s && s->nchildren &&
		 !strcmp(s->replaces[s->nreplaces - 1], m->name));
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
	size_t n = dir->count, i, j, k, *indeg, *nchild, ngone = 0;
	rt_migration **topo;
	replaced *gone = NULL;
	rt_vec *after_squash; /* by by_name index: children it must precede */
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

	if (classify_squashes(dir, a, &gone, &ngone) < 0)
		return RT_ERROR;

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
			replaced *g = !hit && ngone
					  ? bsearch(m->parents[j], gone, ngone,
						    sizeof(replaced),
						    cmp_replaced_key)
					  : NULL;

			/* a replaced revision whose file is gone: the squash
			 * stands for it */
			if (g)
				hit = &g->squash;
			if (g) {
				for (k = 0; k < j; k++)
					if (m->parent_refs[k] == g->squash)
						break;
				if (k < j) {
					/* two replaced parents: one squash */
					m->nparents--;
					memmove(&m->parents[j],
						&m->parents[j + 1],
						(m->nparents - j) *
						    sizeof(char *));
					j--;
					continue;
				}
			}
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

	/* a squash beside its files comes before every child of theirs
	 * outside the set: edges for the order only, not parents */
	if (!(after_squash = rt_arena_array(a, n + 1, sizeof(rt_vec))))
		return RT_ERROR;
	for (i = 0; i < n; i++) {
		rt_migration *r = dir->by_name[i];

		if (!r->replaced_by)
			continue;
		for (j = 0; j < r->nchildren; j++) {
			rt_migration *c = r->children[j];

			if (c->replaced_by == r->replaced_by)
				continue;
			if (rt_vec_push(a, &after_squash[r->replaced_by->order],
					c) < 0)
				return RT_ERROR;
			indeg[c->order]++;
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
		for (j = 0; j < after_squash[x].len; j++) {
			size_t c = ((rt_migration *)after_squash[x].items[j])
				       ->order;

			if (--indeg[c] == 0)
				heap_push(&h, c);
		}
	}
	if (k < n)
		return report_cycle(dir, indeg);

	/* a squash beside its files is an alternative, not a head; nor is
	 * the last revision it replaces once children follow the squash */
	dir->nheads = 0;
	for (i = 0; i < n; i++)
		dir->nheads += is_head(dir->by_name[i]);
	dir->heads = rt_arena_array(a, dir->nheads + 1, sizeof(rt_migration *));
	if (!dir->heads)
		return RT_ERROR;
	for (i = 0, j = 0; i < n; i++)
		if (is_head(dir->by_name[i]))
			dir->heads[j++] = dir->by_name[i];
	memcpy(dir->migrations, topo, n * sizeof(rt_migration *));
	for (i = 0; i < n; i++)
		dir->migrations[i]->order = i;
	return check_squash_history(dir, a);
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
