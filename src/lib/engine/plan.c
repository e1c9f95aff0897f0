/*
 * plan.c: which migrations an upgrade or downgrade runs, in what order.
 *
 * Invariants: an upgrade plan is closed under ancestors (every parent of a
 * step is applied or earlier in the plan) and in topological order; a
 * downgrade plan is closed under applied descendants (every applied child
 * of a step is earlier in the plan), children first. Both follow from
 * working on dir->migrations, which is topologically ordered.
 *
 * A squash beside its replaced files (graph.c squash_alt) is chosen
 * instead of them by an upgrade that would run all of them (nothing of
 * them applied, the last one wanted): it takes the place of the first of
 * them, and they are left out. A downgrade runs the squash's down only
 * where its row stands for them (`virt` says which applied entries have
 * no row of their own), and only down to below all of them.
 */
#include "engine/engine.h"

static int usage(const char *spec, const char *where)
{
	rt_error_set(RT_ERROR_USAGE, "'%s' goes %s: use 'retort %s'", spec,
		     where, strcmp(where, "up") == 0 ? "upgrade" : "downgrade");
	return RT_EUSAGE;
}

/* Upgrade: the squashes that run instead of their replaced files. */
static int pick_squashes(unsigned char **use, rt_arena *a, const rt_dir *dir,
			 const unsigned char *applied,
			 const unsigned char *want)
{
	size_t i, j;

	*use = NULL;
	for (i = 0; i < dir->count; i++) {
		const rt_migration *s = dir->migrations[i];
		const rt_migration *last;
		int any = 0;

		if (!s->squash_alt || applied[i])
			continue;
		last = rt_dir_get(dir, s->replaces[s->nreplaces - 1]);
		if (!want[last->order])
			continue;
		for (j = 0; j < s->nreplaces && !any; j++)
			any = applied[rt_dir_get(dir, s->replaces[j])->order];
		if (any)
			continue;
		if (!*use && !(*use = rt_arena_alloc(a, dir->count + 1)))
			return RT_ERROR;
		(*use)[i] = 1;
	}
	return 0;
}

/* Downgrade: a squash whose own row stands for its replaced revisions
 * goes only when none of them is wanted. */
static int squash_down(const rt_dir *dir, const rt_migration *s,
		       const unsigned char *want, int *revert)
{
	size_t j, nwant = 0;

	for (j = 0; j < s->nreplaces; j++)
		nwant += want[rt_dir_get(dir, s->replaces[j])->order];
	*revert = nwant == 0;
	if (!nwant || nwant == s->nreplaces)
		return 0;
	rt_error_set(RT_ERROR_GRAPH,
		     "the database was built by squash '%s': it cannot go "
		     "down to a revision inside the history it replaces",
		     s->name);
	rt_error_detail("the squash's down drops all of it at once");
	rt_error_hint("downgrade to base and upgrade to the revision (its "
		      "files are there), or stop at '%s'",
		      s->replaces[s->nreplaces - 1]);
	return RT_ERROR;
}

int rt_plan_make(rt_plan *out, rt_arena *a, const rt_dir *dir,
		 const unsigned char *applied, const unsigned char *virt,
		 rt_direction direction, const char *spec)
{
	unsigned char *use = NULL, *done = NULL;
	size_t n = dir->count, i, k = 0;
	unsigned char *want = rt_arena_alloc(a, n + 1);
	rt_target t;
	int error, limit = -1;

	memset(out, 0, sizeof(*out));
	out->direction = direction;
	out->steps = rt_arena_array(a, n + 1, sizeof(rt_migration *));
	if (!want || !out->steps)
		return RT_ERROR;
	if ((error = rt_target_resolve(&t, dir, spec)) < 0)
		return error;

	/* `want`: the set of revisions applied once the target is reached */
	switch (t.kind) {
	case RT_TARGET_BASE:
		break;
	case RT_TARGET_HEAD:
	case RT_TARGET_REVISION:
		rt_graph_mark_ancestors(dir, t.rev, want);
		break;
	case RT_TARGET_HEADS:
		memset(want, 1, n);
		break;
	case RT_TARGET_RELATIVE:
		if (direction == RT_UP && t.steps < 0)
			return usage(spec, "down");
		if (direction == RT_DOWN && t.steps > 0)
			return usage(spec, "up");
		limit = t.steps < 0 ? -t.steps : t.steps;
		if (direction == RT_UP)
			memset(want, 1, n);
		else
			memcpy(want, applied, n);
		break;
	}

	if (direction == RT_UP) {
		/* a squash wanted (a child of it is) wants what it stands
		 * for: it, or its files where the database is part way */
		for (i = 0; i < n; i++)
			if (dir->migrations[i]->squash_alt && want[i]) {
				const rt_migration *s = dir->migrations[i];

				rt_graph_mark_ancestors(
				    dir,
				    rt_dir_get(dir,
					       s->replaces[s->nreplaces - 1]),
				    want);
			}
		if ((error = pick_squashes(&use, a, dir, applied, want)) < 0)
			return error;
		if (use && !(done = rt_arena_alloc(a, n + 1)))
			return RT_ERROR;
		for (i = 0; i < n && limit != 0; i++) {
			rt_migration *m = dir->migrations[i];
			rt_migration *s = m->squash_alt ? m : m->replaced_by;

			if (s && use && use[s->order]) {
				/* the squash, once, where the first of its
				 * set stands */
				if (done[s->order])
					continue;
				done[s->order] = 1;
				m = s;
			} else if (!want[i] || applied[i] || m->squash_alt) {
				continue;
			}
			out->steps[k++] = m;
			if (limit > 0)
				limit--;
		}
		out->n = k;
		return 0;
	}

	if (t.kind == RT_TARGET_REVISION && !applied[t.rev->order]) {
		rt_error_set(RT_ERROR_GRAPH,
			     "cannot downgrade to '%s': it is not applied",
			     t.rev->name);
		rt_error_hint("'retort status' shows what is applied");
		return RT_ERROR;
	}
	for (i = n; i-- > 0 && limit != 0;) {
		const rt_migration *m = dir->migrations[i];
		int revert = limit > 0 ? applied[i] : applied[i] && !want[i];

		/* applied through another's row: that one's down undoes it */
		if (virt && virt[i])
			continue;
		if (m->squash_alt && applied[i] && limit < 0 &&
		    (error = squash_down(dir, m, want, &revert)) < 0)
			return error;

		if (revert) {
			out->steps[k++] = dir->migrations[i];
			if (limit > 0)
				limit--;
		}
	}
	out->n = k;
	return 0;
}
