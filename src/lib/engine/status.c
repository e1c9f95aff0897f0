/*
 * status.c: the applied set compared with the directory.
 *
 * Squashes (graph.c): a squash is applied when its row is there, or
 * when the last revision it replaces is applied (the applied set is
 * closed under parents, so every replaced one is): it then shows applied
 * `via` that revision, and nothing runs. While its replaced files are
 * there, a squash that ran shows each of them applied `via` it. Rows of
 * replaced revisions whose files are gone belong to their squash (not
 * unknown); some of them without the last one is a database stranded
 * part way, which no run can serve. A pending squash beside its files is
 * not counted pending: they are.
 *
 * Repeatable migrations (R_<slug>) keep their row in retort_migrations
 * under that name, which no revision can have; they are listed apart.
 */
#include "engine/engine.h"

struct status_private {
	rt_status pub;
	rt_arena arena;
	rt_state_row *rows; /* rt_status_read_rows: sorted by revision */
	size_t nrows;
};

static int cmp_row(const void *a, const void *b)
{
	return strcmp(((const rt_state_row *)a)->revision,
		      ((const rt_state_row *)b)->revision);
}

static int cmp_row_key(const void *key, const void *elem)
{
	return strcmp(key, ((const rt_state_row *)elem)->revision);
}

static const rt_state_row *row_of(const rt_state_row *rows, size_t nrows,
				   const char *name)
{
	return nrows ? bsearch(name, rows, nrows, sizeof(*rows), cmp_row_key)
		     : NULL;
}

static void fill_applied(rt_status_entry *e, const rt_state_row *r)
{
	e->checksum = r->checksum;
	e->applied_at = r->applied_at;
	e->applied_by = r->applied_by;
	e->duration_ms = r->duration_ms;
	if (strcmp(r->state, "partial") == 0) {
		e->state = RT_REV_PARTIAL;
		e->statements_done = r->statements_done;
		e->partial_direction = r->direction;
	}
}

/* An entry applied through another revision's row. */
static void set_via(rt_status *st, rt_status_entry *e, const rt_state_row *r,
		    const char *via)
{
	fill_applied(e, r);
	e->state = RT_REV_APPLIED;
	e->via = via;
	st->npending--;
	st->napplied++;
}

static void squashes(rt_status *st, const rt_dir *dir,
		     const rt_state_row *rows, size_t nrows,
		     unsigned char *known, unsigned char *applied)
{
	size_t i, j;

	for (i = 0; i < dir->count; i++) {
		const rt_migration *s = dir->migrations[i];
		rt_status_entry *e = &st->entries[i];
		const char *last_name;
		const rt_state_row *last, *own;

		if (!s->nreplaces)
			continue;
		last_name = s->replaces[s->nreplaces - 1];
		last = row_of(rows, nrows, last_name);
		own = row_of(rows, nrows, s->name);
		for (j = 0; j < s->nreplaces; j++) {
			const rt_state_row *r =
			    row_of(rows, nrows, s->replaces[j]);

			if (!r)
				continue;
			e->replaced_applied++;
			/* gone files: the rows are the squash's */
			if (!s->squash_alt)
				known[r - rows] = 1;
		}
		if (last && strcmp(last->state, "applied") != 0)
			last = NULL;
		if (e->state == RT_REV_PENDING && last) {
			set_via(st, e, last, last_name);
			applied[i] = 1;
		} else if (s->squash_alt && own &&
			   (e->state == RT_REV_APPLIED ||
			    e->state == RT_REV_EDITED)) {
			for (j = 0; j < s->nreplaces; j++) {
				const rt_migration *r =
				    rt_dir_get(dir, s->replaces[j]);
				rt_status_entry *re = &st->entries[r->order];

				if (re->state != RT_REV_PENDING)
					continue;
				set_via(st, re, own, s->name);
				applied[r->order] = 1;
			}
		} else if (!s->squash_alt && e->state == RT_REV_PENDING &&
			   e->replaced_applied) {
			st->stranded = s->name;
		}
		/* beside its files, a pending squash is their alternative:
		 * they are the ones counted */
		if (s->squash_alt && e->state == RT_REV_PENDING)
			st->npending--;
	}
}

int rt_status_read_rows(rt_status **out, rt_db *db)
{
	struct status_private *p = calloc(1, sizeof(*p));
	int error;

	*out = NULL;
	if (!p)
		return rt_error_nomem();
	rt_arena_init(&p->arena);
	if ((error = rt_state_read(&p->rows, &p->nrows, &p->arena, db)) < 0) {
		rt_status_free(&p->pub);
		return error;
	}
	if (p->nrows > 1)
		qsort(p->rows, p->nrows, sizeof(*p->rows), cmp_row);
	*out = &p->pub;
	return 0;
}

int rt_status_load(rt_status **out, rt_db *db, const rt_dir *dir)
{
	int error;

	if ((error = rt_status_read_rows(out, db)) < 0)
		return error;
	if ((error = rt_status_match(*out, dir)) < 0) {
		rt_status_free(*out);
		*out = NULL;
	}
	return error;
}

int rt_status_match(rt_status *st, const rt_dir *dir)
{
	struct status_private *p = (struct status_private *)st;
	rt_state_row *rows = p->rows;
	unsigned char *known, *applied;
	size_t nrows = p->nrows, i, j, k = 0;
	int error = 0;

	known = rt_arena_alloc(&p->arena, nrows + 1);
	applied = rt_arena_alloc(&p->arena, dir->count + 1);
	/* room for every row unknown too, seldom used: zeroed entry by
	 * entry as they are filled */
	st->entries = rt_arena_array_raw(&p->arena, dir->count + nrows + 1,
					 sizeof(rt_status_entry));
	st->current = rt_arena_array(&p->arena, dir->count + nrows + 1,
				     sizeof(char *));
	st->repeatables = rt_arena_array(&p->arena, dir->nrepeatables + 1,
					 sizeof(rt_status_entry));
	if (!known || !applied || !st->entries || !st->current ||
	    !st->repeatables) {
		error = RT_ERROR;
		goto done;
	}
	for (i = 0; i < dir->count; i++) {
		const rt_migration *m = dir->migrations[i];
		rt_status_entry *e = &st->entries[k++];
		const rt_state_row *r =
			nrows ? bsearch(m->name, rows, nrows, sizeof(*rows),
					cmp_row_key)
			      : NULL;

		memset(e, 0, sizeof(*e));
		e->revision = m->name;
		e->migration = m;
		e->state = RT_REV_PENDING;
		if (!r) {
			st->npending++;
			continue;
		}
		known[r - rows] = 1;
		e->state = RT_REV_APPLIED;
		fill_applied(e, r);
		if (e->state == RT_REV_PARTIAL) {
			st->npartial++;
			continue;
		}
		applied[i] = 1;
		if (strcmp(r->checksum, m->checksum) != 0) {
			e->state = RT_REV_EDITED;
			st->nedited++;
		} else {
			st->napplied++;
		}
	}
	st->count = k;
	for (i = 0; i < dir->nrepeatables; i++) {
		const rt_migration *m = dir->repeatables[i];
		rt_status_entry *e = &st->repeatables[i];
		const rt_state_row *r = row_of(rows, nrows, m->name);

		e->revision = m->name;
		e->migration = m;
		e->state = RT_REV_PENDING;
		if (r) {
			known[r - rows] = 1;
			fill_applied(e, r);
			e->state = strcmp(r->checksum, m->checksum)
				       ? RT_REV_EDITED
				       : RT_REV_APPLIED;
		}
		st->nrep_pending += e->state != RT_REV_APPLIED;
	}
	st->nrepeatables = dir->nrepeatables;
	squashes(st, dir, rows, nrows, known, applied);
	k = st->count;
	for (j = 0; j < nrows; j++) {
		rt_status_entry *e;

		if (known[j])
			continue;
		e = &st->entries[k++];
		memset(e, 0, sizeof(*e));
		e->revision = rows[j].revision;
		e->state = RT_REV_UNKNOWN;
		fill_applied(e, &rows[j]);
		if (e->state == RT_REV_PARTIAL)
			st->npartial++;
		else
			e->state = RT_REV_UNKNOWN;
		st->nunknown++;
		st->current[st->ncurrent++] = e->revision;
	}
	st->count = k;
	/* current: applied revisions with no applied child (a squash beside
	 * its files has none: its last replaced revision is current) */
	for (i = 0; i < dir->count; i++) {
		const rt_migration *m = dir->migrations[i];
		int child_applied = 0;

		if (!applied[i] || m->squash_alt)
			continue;
		for (j = 0; j < m->nchildren && !child_applied; j++)
			child_applied = applied[m->children[j]->order];
		if (!child_applied)
			st->current[st->ncurrent++] = m->name;
	}
done:
	return error;
}

void rt_status_free(rt_status *st)
{
	struct status_private *p = (struct status_private *)st;

	if (!p)
		return;
	rt_arena_release(&p->arena);
	free(p);
}

const rt_status_entry *rt_status_get(const rt_status *st, const char *revision)
{
	size_t i;

	for (i = 0; i < st->count; i++)
		if (strcmp(st->entries[i].revision, revision) == 0)
			return &st->entries[i];
	return NULL;
}
