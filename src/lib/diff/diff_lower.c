/*
 * diff_lower.c: lowering shared by every dialect, and the default lower
 * slot (rt_diff_lower_default, for engines whose objects do not record
 * the columns they read: SQLite). Changes a create, drop or rebuild of
 * their table already does are removed; a REPLACE becomes DROP + CREATE
 * where the dialect has no in-place replace; views and triggers that
 * read a rebuilt relation are dropped before it and created after.
 */
#include "diff/diff_int.h"

/* ---- lowering ------------------------------------------------------------ */

static int rebuilt_to(const rt_differ *df, const char *schema,
		      const char *to_name)
{
	const rt_table *t =
	    to_name ? rt_diff_find_table(df->to, schema, to_name) : NULL;

	return t && (df->to_flags[t->obj.id] & F_REBUILT);
}

/* The relation an object of a table belongs to: a table, or (a trigger
 * on) a view. */
static const rt_obj *owner_of(const rt_catalog *cat, const rt_obj *o)
{
	static const rt_obj_kind kinds[] = {RT_OBJ_TABLE, RT_OBJ_VIEW,
					    RT_OBJ_MATVIEW};
	size_t k;

	for (k = 0; o->table && k < RT_ARRAY_SIZE(kinds); k++) {
		const rt_obj *r =
		    rt_catalog_find(cat, kinds[k], o->schema, NULL, o->table);

		if (r)
			return r;
	}
	return NULL;
}

/* Is the relation `f` belongs to dropped (so `f` goes with it)? */
int rt_diff_dropped_owner(const rt_differ *df, const rt_obj *f)
{
	const rt_table *tab = rt_diff_find_table(df->from, f->schema, f->table);
	const rt_obj *t = df->d->column_deps ? owner_of(df->from, f)
			  : tab		     ? &tab->obj
					     : NULL;

	return t && (df->from_flags[t->id] & F_DROPPED);
}

/* Is the change done already by what happens to its table? */
int rt_diff_absorbed(const rt_differ *df, const rt_change *c)
{
	const rt_obj *o = c->to ? c->to : c->from;

	if (!o->table)
		return 0;
	if (c->to && rebuilt_to(df, c->to->schema, c->to->table))
		return 1; /* the rebuild creates the table's own objects */
	if (c->from && !c->to &&
	    rebuilt_to(df, c->from->schema,
		       rt_diff_to_table_name(df, c->from->table)))
		return 1; /* ... and its DROP TABLE drops the old ones */
	/* gone with its table; except a foreign key, where tables that
	 * point at each other could not be dropped one after the other */
	if (c->from && !c->to && rt_diff_dropped_owner(df, c->from) &&
	    !(df->d->column_deps && o->kind == RT_OBJ_FOREIGN_KEY))
		return 1;
	if (df->d->inline_constraints && is_constraint_kind(o->kind))
		return 1; /* part of CREATE TABLE; a change there rebuilds */
	return 0;
}

/* The `to` object matching old `f` (same kind, mapped table, name). */
const rt_obj *rt_diff_to_of(const rt_differ *df, const rt_obj *f)
{
	const char *table =
	    f->table ? rt_diff_to_table_name(df, f->table) : NULL;

	return rt_catalog_find(df->to, f->kind, f->schema, table, f->name);
}

int rt_diff_lower_default(rt_differ *df)
{
	rt_vec out = {0};
	size_t i, j;
	int again = 1;

	for (i = 0; i < df->changes.len; i++) {
		rt_change *c = df->changes.items[i];

		if (rt_diff_absorbed(df, c))
			continue;
		if (c->kind == RT_CHANGE_REPLACE && !df->d->replace_in_place) {
			rt_change *drop = rt_arena_alloc(df->a, sizeof(*drop));

			if (!drop)
				return RT_ERROR;
			drop->kind = RT_CHANGE_DROP;
			drop->from = c->from;
			df->from_flags[c->from->id] |= F_DROPPED;
			df->to_flags[c->to->id] |= F_CREATED;
			drop->data_loss = c->from->kind == RT_OBJ_TABLE;
			c->kind = RT_CHANGE_CREATE;
			c->from = NULL;
			if (rt_vec_push(df->a, &out, drop) < 0)
				return RT_ERROR;
		}
		if (rt_vec_push(df->a, &out, c) < 0)
			return RT_ERROR;
	}
	df->changes = out;
	/*
	 * Views and triggers that read a rebuilt (or dropped and made again)
	 * relation: the rebuild's final rename checks every view and trigger
	 * in the schema, so they go first and come back after; to a fixed
	 * point, since a view over such a view is in the same position.
	 */
	while (again) {
		again = 0;
		for (i = 0; i < df->from->nobjs; i++) {
			const rt_obj *f = df->from->objs[i], *t;
			int hit = 0;

			if (f->kind != RT_OBJ_VIEW && f->kind != RT_OBJ_TRIGGER)
				continue;
			if (df->from_flags[f->id] & F_DROPPED)
				continue;
			if (f->table &&
			    rebuilt_to(df, f->schema,
				       rt_diff_to_table_name(df, f->table)))
				continue; /* dropped and made by the rebuild */
			for (j = 0; j < f->ndeps && !hit; j++) {
				const rt_obj *dep = f->deps[j];

				hit = (df->from_flags[dep->id] &
				       (F_DROPPED | F_REBUILT)) != 0;
			}
			if (!hit)
				continue;
			if (!rt_diff_add_change(df, RT_CHANGE_DROP, f, NULL))
				return RT_ERROR;
			t = rt_diff_to_of(df, f);
			if (t && !(df->to_flags[t->id] & F_CREATED) &&
			    !rt_diff_add_change(df, RT_CHANGE_CREATE, NULL, t))
				return RT_ERROR;
			again = 1;
		}
	}
	return 0;
}
