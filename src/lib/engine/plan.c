/*
 * plan.c: which migrations an upgrade or downgrade runs, in what order.
 *
 * Invariants: an upgrade plan is closed under ancestors (every parent of a
 * step is applied or earlier in the plan) and in topological order; a
 * downgrade plan is closed under applied descendants (every applied child
 * of a step is earlier in the plan), children first. Both follow from
 * working on dir->migrations, which is topologically ordered.
 */
#include "engine/engine.h"

static int usage(const char *spec, const char *where)
{
	rt_error_set(RT_ERROR_USAGE, "'%s' goes %s: use 'retort %s'", spec,
		     where, strcmp(where, "up") == 0 ? "upgrade" : "downgrade");
	return RT_EUSAGE;
}

int rt_plan_make(rt_plan *out, rt_arena *a, const rt_dir *dir,
		 const unsigned char *applied, rt_direction direction,
		 const char *spec)
{
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
		for (i = 0; i < n && limit != 0; i++) {
			if (want[i] && !applied[i]) {
				out->steps[k++] = dir->migrations[i];
				if (limit > 0)
					limit--;
			}
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
		int revert = limit > 0 ? applied[i] : applied[i] && !want[i];

		if (revert) {
			out->steps[k++] = dir->migrations[i];
			if (limit > 0)
				limit--;
		}
	}
	out->n = k;
	return 0;
}
