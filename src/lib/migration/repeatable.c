/*
 * repeatable.c: the order of repeatable migrations (R_<slug>.sql). Each
 * may name others it must follow (`-- retort:after R_other`); the order
 * is Kahn's over those edges with the ready set taken by name, so it is
 * deterministic. Failures: an unknown name, a file naming itself, a
 * cycle (the files and the lines of the directives on it).
 */
#include "migration/migration.h"

static int cmp_name(const void *a, const void *b)
{
	return strcmp((*(rt_migration *const *)a)->name,
		      (*(rt_migration *const *)b)->name);
}

static int cmp_name_key(const void *key, const void *elem)
{
	return strcmp(key, (*(rt_migration *const *)elem)->name);
}

/* The index of `name` in the sorted `reps`, or n. */
static size_t find(rt_migration **reps, size_t n, const char *name)
{
	rt_migration **hit =
	    n ? bsearch(name, reps, n, sizeof(*reps), cmp_name_key) : NULL;

	return hit ? (size_t)(hit - reps) : n;
}

/* The `after` line of `m` that names `other`. */
static int line_naming(const rt_migration *m, const char *other)
{
	size_t i;

	for (i = 0; i < m->nafter; i++)
		if (!strcmp(m->after[i], other))
			return m->after_lines[i];
	return 0;
}

static int report_cycle(rt_migration **reps, size_t n, const size_t *indeg)
{
	rt_buf path = RT_BUF_INIT;
	rt_migration *start = NULL, *m, *next = NULL;
	size_t i, j, steps;

	for (i = 0; i < n && !start; i++)
		if (indeg[i])
			start = reps[i];
	/* walk `after` edges among the unordered: after n steps the walk
	 * stands on a cycle */
	m = start;
	for (steps = 0; steps < n; steps++)
		for (j = 0; j < m->nafter; j++) {
			size_t k = find(reps, n, m->after[j]);

			if (indeg[k]) {
				m = reps[k];
				break;
			}
		}
	start = m;
	rt_buf_init(&path);
	do {
		for (j = 0; j < m->nafter; j++) {
			size_t k = find(reps, n, m->after[j]);

			if (indeg[k]) {
				next = reps[k];
				break;
			}
		}
		rt_buf_printf(&path, "%s%s:%d (after %s)", path.len ? ", " : "",
			      m->path, line_naming(m, next->name), next->name);
		m = next;
	} while (m != start && path.len < 4000);
	rt_error_set(RT_ERROR_GRAPH,
		     "repeatable migrations name each other in a cycle");
	rt_error_detail("%s", rt_buf_cstr(&path));
	rt_error_hint("remove one of these '-- retort:after' lines");
	rt_error_at(start->path, line_naming(start, start->after[0]), 0);
	for (j = 0; j < start->nafter; j++) {
		size_t k = find(reps, n, start->after[j]);

		if (indeg[k]) {
			rt_error_at(start->path, start->after_lines[j], 0);
			break;
		}
	}
	rt_buf_release(&path);
	return RT_ERROR;
}

int rt_repeatables_order(rt_migration **reps, size_t n, rt_arena *a)
{
	size_t *indeg, i, j, k = 0, *ready, nready = 0;
	rt_migration **out;

	if (!n)
		return 0; /* reps may be NULL */
	if (n > 1)
		qsort(reps, n, sizeof(*reps), cmp_name);
	indeg = rt_arena_array(a, n + 1, sizeof(size_t));
	ready = rt_arena_array(a, n + 1, sizeof(size_t));
	out = rt_arena_array(a, n + 1, sizeof(*out));
	if (!indeg || !ready || !out)
		return RT_ERROR;
	for (i = 0; i < n; i++) {
		rt_migration *m = reps[i];

		for (j = 0; j < m->nafter; j++) {
			size_t at = find(reps, n, m->after[j]);

			if (at == n) {
				rt_error_set(RT_ERROR_GRAPH,
					     "repeatable migration '%s' comes "
					     "after '%s', which does not exist",
					     m->name, m->after[j]);
				rt_error_hint("no file '%s.sql' in the "
					      "directory",
					      m->after[j]);
				rt_error_at(m->path, m->after_lines[j], 0);
				return RT_ERROR;
			}
			if (reps[at] == m) {
				rt_error_set(RT_ERROR_GRAPH,
					     "repeatable migration '%s' names "
					     "itself in 'retort:after'",
					     m->name);
				rt_error_at(m->path, m->after_lines[j], 0);
				return RT_ERROR;
			}
			indeg[i]++;
		}
	}
	/* n is small (a project's views and functions): the ready set is
	 * an array scanned for the smallest name */
	for (i = 0; i < n; i++)
		if (!indeg[i])
			ready[nready++] = i;
	while (nready) {
		size_t best = 0, x;

		for (i = 1; i < nready; i++)
			if (ready[i] < ready[best])
				best = i;
		x = ready[best];
		ready[best] = ready[--nready];
		out[k++] = reps[x];
		/* who comes after x */
		for (i = 0; i < n; i++)
			for (j = 0; j < reps[i]->nafter; j++)
				if (!strcmp(reps[i]->after[j], reps[x]->name) &&
				    --indeg[i] == 0)
					ready[nready++] = i;
	}
	if (k < n)
		return report_cycle(reps, n, indeg);
	memcpy(reps, out, n * sizeof(*reps));
	for (i = 0; i < n; i++)
		reps[i]->order = i;
	return 0;
}
