/*
 * resolve.c: an online migration's plan (plan.c) resolved against the
 * live catalog, read through the engine's rt_online_ops, and what the
 * catalog shows cannot run online, refused before anything changes: a
 * column or table that is not there, a name that is taken, a retyped
 * column a view or a deferrable key uses, a constraint over two retyped
 * columns, a table without a primary key to backfill by.
 */
#include "online/online.h"

#include <stdarg.h>

rt_online_catcol *rt_online_catcol_find(const rt_online_xtable *x,
					const char *name)
{
	size_t i;

	for (i = 0; name && i < x->ncols; i++)
		if (!strcmp(x->cols[i].name, name))
			return &x->cols[i];
	return NULL;
}

static int table_error(const rt_online_plan *p, const rt_online_table *t,
		       const char *fmt, ...) RT_PRINTF(3, 4);

static int table_error(const rt_online_plan *p, const rt_online_table *t,
		       const char *fmt, ...)
{
	char detail[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	rt_error_set(RT_ERROR_STATE, "online migration '%s' cannot run",
		     p->m->name);
	rt_error_detail("%s", detail);
	rt_error_at(p->m->path, t->line, 0);
	return RT_ERROR;
}

static int col_error(const rt_online_plan *p, const rt_online_column *c,
		     const char *msg, const char *hint)
{
	rt_error_set(RT_ERROR_STATE, "online migration '%s' cannot run",
		     p->m->name);
	rt_error_detail("%s", msg);
	if (hint)
		rt_error_hint("%s", hint);
	rt_error_at(p->m->path, c->line, 0);
	return RT_ERROR;
}

/* Column c is used by `users` (rt_online_ops.column_users). */
static int used_error(const rt_online_plan *p, const rt_online_column *c,
		      rt_arena *a, const char *users, const char *hint)
{
	return col_error(
	    p, c,
	    rt_arena_printf(a, "column '%s' is used by %s", c->name, users),
	    hint);
}

/* Another column of the table that this migration retypes, named in
 * `names` (attnames joined by ","), or NULL. */
static const rt_online_column *other_retyped(const rt_online_xtable *x,
					     const rt_online_column *oc,
					     const char *names)
{
	size_t k;

	for (k = 0; names && k < x->t->columns.len; k++) {
		const rt_online_column *o = x->t->columns.items[k];
		size_t n = o->name ? strlen(o->name) : 0;
		const char *at = names;

		if (!o->retyped || o == oc || !n)
			continue;
		while ((at = strstr(at, o->name)) &&
		       !((at == names || at[-1] == ',') &&
			 (at[n] == ',' || !at[n])))
			at += n;
		if (at)
			return o;
	}
	return NULL;
}

/*
 * What an online type change builds again on the shadow column (see
 * rt_online_ops.column_indexes): the column's indexes that no constraint
 * uses, and the indexes of the table's primary key and unique
 * constraints over it (not deferrable). Each is built CONCURRENTLY after
 * the backfill as "_rt_<index>"; at contract a plain one takes the old
 * name, and a key's becomes the constraint again (ADD CONSTRAINT ...
 * USING INDEX), once the old column (and with it the old index and
 * constraint) is dropped. Also the sequence the column owns (serial): it
 * moves to the new column, and an integer sequence widens with it (int to
 * bigint: no overflow at 2^31). Refused: a shadow index's name taken.
 */
static int rebuilt_indexes(rt_online_catcol *c, rt_arena *a, rt_db *db,
			   const rt_online_xtable *x, const char *new_type)
{
	const rt_online_ops *ops = rt_online_ops_of(db);
	size_t i;
	int error, taken;

	if ((error = ops->column_indexes(c, a, db, x, new_type)) < 0)
		return error;
	for (i = 0; i < c->nix; i++) {
		const char *sh = rt_online_qualified(
		    a, x->be, x->nspname,
		    rt_online_shadow_name(a, c->ix[i].name));

		if (!sh)
			return RT_ERROR;
		if ((error = ops->relation_exists(&taken, a, db, sh)) < 0)
			return error;
		if (taken)
			return rt_error_set(RT_ERROR_STATE,
					    "%s already exists (left by "
					    "another tool?)",
					    sh);
	}
	if (c->identity && !c->id_seq)
		return rt_error_set(RT_ERROR_STATE,
				    "identity column '%s' of %s has no "
				    "sequence",
				    c->name, x->q);
	return 0;
}

/*
 * The retyped column's checks and foreign keys (its own, not those that
 * reference it): each is added again over the shadow column. The foreign
 * keys that reference it (other tables', and the table's own to itself)
 * are written again to reference the shadow column. Refused: one that
 * spans or references another column this migration retypes (it would
 * need both shadows at once), the ON DELETE SET NULL (columns) form, and
 * a "_rt_" name already taken.
 */
static int rebuilt_constraints(rt_online_catcol *c, rt_arena *a, rt_db *db,
			       const rt_online_xtable *x,
			       const rt_online_plan *p,
			       const rt_online_column *oc)
{
	const rt_online_column *o;
	size_t i;
	int error;

	if ((error = rt_online_ops_of(db)->column_constraints(c, a, db, x, p)) <
	    0)
		return error;
	for (i = 0; i < c->ncon; i++) {
		if (c->con[i].taken)
			return rt_error_set(RT_ERROR_STATE,
					    "constraint _rt_%s already exists "
					    "on %s (left by another tool?)",
					    c->con[i].name, x->q);
		if ((o = other_retyped(x, oc, c->con[i].others)))
			return col_error(p, oc,
					 rt_arena_printf(a,
							 "constraint %s spans "
							 "columns '%s' and "
							 "'%s', both retyped",
							 c->con[i].name,
							 oc->name, o->name),
					 "retype one of them in a later online "
					 "migration");
	}
	for (i = 0; i < c->nrf; i++) {
		if (c->rf[i].sets_some)
			return col_error(
			    p, oc,
			    rt_arena_printf(a,
					    "foreign key %s on %s sets only "
					    "some columns on delete",
					    c->rf[i].name, c->rf[i].table),
			    "drop it, or change it in an ordinary migration "
			    "first");
		if (c->rf[i].taken)
			return rt_error_set(RT_ERROR_STATE,
					    "constraint _rt_%s already exists "
					    "on %s (left by another tool?)",
					    c->rf[i].name, c->rf[i].table);
		if ((o = other_retyped(x, oc, c->rf[i].others)))
			return col_error(p, oc,
					 rt_arena_printf(a,
							 "foreign key %s on %s "
							 "references columns "
							 "'%s' and '%s', both "
							 "retyped",
							 c->rf[i].name,
							 c->rf[i].table,
							 oc->name, o->name),
					 "retype one of them in a later online "
					 "migration");
	}
	return 0;
}

static int load_table(rt_online_xtable *x, rt_arena *a, rt_db *db,
		      const rt_online_plan *p, rt_online_table *t)
{
	const char *name;
	int error;

	memset(x, 0, sizeof(*x));
	x->be = db->be;
	x->t = t;
	if (!(name = rt_online_qualified(a, db->be, t->schema, t->name)))
		return RT_ERROR;
	if ((error = rt_online_ops_of(db)->load_table(x, a, db)) < 0)
		return error;
	if (!x->oid)
		return table_error(p, t, "table %s does not exist", name);
	if (!x->ordinary)
		return table_error(p, t,
				   "%s is not an ordinary table (views, "
				   "partitioned and foreign tables are "
				   "not migrated online)",
				   name);
	return x->q ? 0 : RT_ERROR;
}

/* What the catalog shows cannot run online, before anything changes. */
static int check_table(rt_online_xtable *x, rt_arena *a, rt_db *db,
		       const rt_online_plan *p, const char *old_schema,
		       const char *new_schema)
{
	rt_online_table *t = x->t;
	const rt_online_ops *ops = rt_online_ops_of(db);
	const char *users, *name;
	size_t i, k;
	int error, taken;

	for (i = 0; i < t->columns.len; i++) {
		rt_online_column *c = t->columns.items[i];
		rt_online_catcol *cc = rt_online_catcol_find(x, c->name);
		rt_online_catcol *other = rt_online_catcol_find(x, c->new_name);

		if (c->name && !cc)
			return col_error(p, c,
					 rt_arena_printf(a,
							 "column '%s' of %s "
							 "does not exist",
							 c->name, x->q),
					 NULL);
		if (other && other != cc)
			return col_error(p, c,
					 rt_arena_printf(a,
							 "%s already has a "
							 "column '%s'",
							 x->q, c->new_name),
					 NULL);
		if (c->retyped) {
			if (rt_online_catcol_find(
				x, rt_online_shadow_name(a, c->name)))
				return col_error(
				    p, c,
				    rt_arena_printf(
					a,
					"%s already has a column "
					"'%s' (left by another tool?)",
					x->q,
					rt_online_shadow_name(a, c->name)),
				    NULL);
			if ((error = ops->column_users(&users, a, db, x, cc, 0,
						       1, old_schema,
						       new_schema)) < 0 ||
			    (error = rebuilt_indexes(cc, a, db, x, c->type)) <
				0 ||
			    (error = rebuilt_constraints(cc, a, db, x, p, c)) <
				0)
				return error;
			if (*users)
				return used_error(
				    p, c, a, users,
				    "an online type change copies the column "
				    "and builds its indexes, keys, checks and "
				    "foreign keys (and those that reference "
				    "it) again, but not a partitioned table's "
				    "key, a deferrable key or a view: drop "
				    "those first (a view in an rt_ "
				    "schema of an earlier version: DROP SCHEMA "
				    "... CASCADE once no application uses it)");
			x->trigger = x->backfill = 1;
		}
		if (c->volatile_default)
			x->backfill = 1;
		if (c->dropped) {
			if ((error =
				 ops->column_users(&users, a, db, x, cc, 1, 0,
						   old_schema, new_schema)) < 0)
				return error;
			if (*users)
				return used_error(p, c, a, users,
						  "drop or change those first");
			if (cc->not_null && !cc->default_sql)
				return col_error(
				    p, c,
				    rt_arena_printf(
					a,
					"column '%s' is NOT NULL "
					"without a default: the new "
					"version's inserts, which "
					"leave it out, would fail",
					c->name),
				    "give it a DEFAULT or DROP NOT NULL "
				    "in an ordinary migration first");
			for (k = 0; k < x->npk; k++)
				if (!strcmp(x->pk[k], c->name))
					return col_error(p, c,
							 "a column of the "
							 "primary key is "
							 "dropped",
							 NULL);
		}
	}
	if (x->backfill && !x->npk)
		return table_error(p, t,
				   "%s needs a primary key: the backfill walks "
				   "it in batches",
				   x->q);
	if (strcmp(t->name, t->new_name) != 0) {
		if (!(name = rt_online_qualified(a, x->be, x->nspname,
						 t->new_name)))
			return RT_ERROR;
		if ((error = ops->relation_exists(&taken, a, db, name)) < 0)
			return error;
		if (taken)
			return table_error(p, t, "%s already exists", name);
	}
	for (i = 0; i < t->indexes.len + t->constraints.len; i++) {
		name = i < t->indexes.len
			   ? ((rt_online_index *)t->indexes.items[i])->name
			   : ((rt_online_constraint *)
				  t->constraints.items[i - t->indexes.len])
				 ->name;
		if ((error = ops->name_taken(&taken, a, db, x, name)) < 0)
			return error;
		if (taken)
			return table_error(p, t, "the name '%s' is taken",
					   name);
	}
	return 0;
}

int rt_online_resolve(rt_online_xtable *xs, rt_arena *a, rt_db *db,
		      const rt_online_plan *p, const char *old_schema,
		      const char *new_schema)
{
	size_t i;
	int error;

	for (i = 0; i < p->tables.len; i++)
		if ((error = load_table(&xs[i], a, db, p, p->tables.items[i])) <
			0 ||
		    (error = check_table(&xs[i], a, db, p, old_schema,
					 new_schema)) < 0)
			return error;
	return 0;
}
