/*
 * lint_objects_postgres.c: the other statements on PostgreSQL's objects:
 * CREATE TABLE and INDEX, DROP, RENAME and enum types (recreated,
 * reordered, renamed labels).
 */
#include "catalog/stable_postgres.h"
#include "lint/lint_postgres.h"
#include "util/pg_tree.h"

#include <ctype.h>

/* ---- the other statements
 * --------------------------------------------------------- */

int rt_lint_pg_create_table(pgx *p, PgQuery__CreateStmt *s)
{
	lint_ctx *x = p->x;
	const char *table = rt_lint_pg_rv_name(x, s->relation);
	size_t i, k;
	int error;

	if (!table)
		return RT_ERROR;
	if (s->if_not_exists && x->opts->db) {
		const rt_lint_table *t;

		if ((error = rt_lint_catalog_table(x, table, &t)) < 0)
			return error;
		if (t && t->exists)
			return 0; /* the statement does nothing */
	}
	if ((error = rt_lint_add_created(x, table)) < 0)
		return error;
	for (i = 0; i < s->n_table_elts; i++) {
		const Node *n = s->table_elts[i];
		const PgQuery__ColumnDef *cd;
		int pk = 0, counter = 0;

		if (n->node_case != PG_QUERY__NODE__NODE_COLUMN_DEF)
			continue;
		cd = n->column_def;
		if (cd->colname && (error = rt_lint_pg_remember_column(
					x, table, cd->colname, cd->type_name,
					cd->coll_clause != NULL)) < 0)
			return error;
		for (k = 0; k < cd->n_constraints; k++)
			if (cd->constraints[k]->node_case ==
				PG_QUERY__NODE__NODE_CONSTRAINT &&
			    cd->constraints[k]->constraint->contype ==
				PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY)
				pk = 1;
			else if (cd->constraints[k]->node_case ==
				     PG_QUERY__NODE__NODE_CONSTRAINT &&
				 cd->constraints[k]->constraint->contype ==
				     PG_QUERY__CONSTR_TYPE__CONSTR_IDENTITY)
				counter = 1;
		counter = counter || rt_lint_pg_is_serial(cd->type_name);
		/* a table-level PRIMARY KEY naming the column; a member of a
		 * key of several columns runs out only if it counts rows
		 * (serial, identity): (role_id, user_id) has 2^62 values */
		for (k = 0; k < s->n_table_elts && !pk; k++) {
			const Node *c = s->table_elts[k];
			size_t j;

			if (c->node_case != PG_QUERY__NODE__NODE_CONSTRAINT ||
			    c->constraint->contype !=
				PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY)
				continue;
			for (j = 0; j < c->constraint->n_keys; j++) {
				const char *key = sval(c->constraint->keys[j]);

				if (key && !strcmp(key, cd->colname))
					pk = c->constraint->n_keys == 1 ||
					     counter;
			}
		}
		if ((error = rt_lint_pg_type_rules(p, cd->type_name,
						   cd->colname, pk)) < 0)
			return error;
	}
	return 0;
}

/* The index's name: given, or the one PostgreSQL chooses for an index on
 * plain columns (t_a_b_idx; names past 63 bytes, collisions and
 * expressions aside). */
static const char *index_name(lint_ctx *x, const PgQuery__IndexStmt *s)
{
	rt_buf b = RT_BUF_INIT;
	const char *name = NULL;
	size_t i;

	if (s->idxname && *s->idxname)
		return s->idxname;
	rt_buf_init(&b);
	rt_buf_puts(&b, s->relation->relname);
	for (i = 0; i < s->n_index_params; i++) {
		const Node *e = s->index_params[i];

		if (e->node_case != PG_QUERY__NODE__NODE_INDEX_ELEM ||
		    !e->index_elem->name)
			break;
		rt_buf_printf(&b, "_%s", e->index_elem->name);
	}
	if (i == s->n_index_params && i && rt_buf_check(&b) == 0) {
		rt_buf_puts(&b, "_idx");
		name = rt_arena_strdup(x->a, rt_buf_cstr(&b));
	}
	rt_buf_release(&b);
	return name ? name : "";
}

int rt_lint_pg_index_stmt(pgx *p, PgQuery__IndexStmt *s)
{
	lint_ctx *x = p->x;
	const char *table = rt_lint_pg_rv_name(x, s->relation);
	int error;

	if (!table)
		return RT_ERROR;
	if ((error = rt_lint_add_index(x, index_name(x, s), table)) < 0)
		return error;
	if (s->concurrent) {
		if (!x->in_txn)
			return 0;
		return rt_lint_pg_hit(
		    x, R_CONCURRENTLY_IN_TRANSACTION, NULL, -1,
		    "CREATE INDEX CONCURRENTLY inside the migration's "
		    "transaction",
		    "-- retort:up transaction=false");
	} else {
		Node n = PG_QUERY__NODE__INIT;
		PgQuery__IndexStmt copy = *s;
		const char *sql;

		copy.concurrent = 1;
		n.node_case = PG_QUERY__NODE__NODE_INDEX_STMT;
		n.index_stmt = &copy;
		sql = rt_lint_pg_deparse(x, &n);
		error = rt_lint_pg_hit(
		    x, R_CREATE_INDEX_NON_CONCURRENTLY, table, -1,
		    rt_lint_fmt(x,
				"index %s%s%son '%s' is built without "
				"CONCURRENTLY",
				s->idxname && *s->idxname ? "'" : "",
				s->idxname ? s->idxname : "",
				s->idxname && *s->idxname ? "' " : "", table),
		    sql ? rt_lint_fmt(x,
				      "-- retort:up transaction=false "
				      "(a migration of its own)\n%s",
				      sql)
			: NULL);
		if (error < 0)
			return error;
		return rt_lint_blocking_lock(x, table, -1);
	}
}

/* The table an index belongs to: created in the run, or the catalog's. */
int rt_lint_pg_index_table(lint_ctx *x, const char *index, const char **table)
{
	return rt_lint_index_known(x, index, table);
}

static int enum_gone(pgx *p, const char *name);

static int schema_is_new(const lint_ctx *x, const char *name)
{
	size_t i;

	for (i = 0; i < x->created_schemas.len; i++) {
		const lint_name *s = x->created_schemas.items[i];
		rt_buf b = RT_BUF_INIT;
		int eq;

		rt_buf_init(&b);
		rt_lint_put_ident(x, &b, s->name);
		eq = !rt_buf_check(&b) && !strcmp(b.ptr, name);
		rt_buf_release(&b);
		if (eq)
			return 1;
	}
	return 0;
}

int rt_lint_pg_drop_stmt(pgx *p, PgQuery__DropStmt *s)
{
	lint_ctx *x = p->x;
	size_t i;
	int error = 0;

	for (i = 0; i < s->n_objects && !error; i++) {
		const char *name = rt_lint_pg_object_name(x, s->objects[i]);

		if (!name)
			continue;
		switch (s->remove_type) {
		case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
			if (rt_lint_is_new(x, name)) {
				rt_lint_forget_created(x, name);
				break;
			}
			error = rt_lint_pg_hit(
			    x, R_DROP_TABLE, name, -1,
			    rt_lint_fmt(x, "table '%s' is dropped", name),
			    NULL);
			if (!error)
				error = rt_lint_table_dropped(x, name);
			if (!error)
				error = rt_lint_blocking_lock(x, name, -1);
			break;
		case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA:
			if (schema_is_new(x, name))
				break;
			error = rt_lint_pg_hit(
			    x, R_DROP_SCHEMA, NULL, -1,
			    rt_lint_fmt(
				x, "schema '%s' is dropped%s", name,
				s->behavior ==
					PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE
				    ? " with everything in "
				      "it"
				    : ""),
			    NULL);
			break;
		case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX: {
			const char *table;

			if (s->concurrent) {
				if (x->in_txn)
					error = rt_lint_pg_hit(
					    x, R_CONCURRENTLY_IN_TRANSACTION,
					    NULL, -1,
					    "DROP INDEX CONCURRENTLY inside "
					    "the migration's transaction",
					    "-- retort:up transaction=false");
				break;
			}
			/* IF EXISTS of an index that is not there drops
			 * nothing and locks nothing */
			if (s->missing_ok &&
			    (error = rt_lint_index_absent(x, name)) != 0) {
				if (error > 0)
					error = 0;
				break;
			}
			if ((error = rt_lint_pg_index_table(x, name, &table)) <
			    0)
				break;
			{
				Node n = PG_QUERY__NODE__INIT;
				PgQuery__DropStmt copy = *s;
				const char *sql;

				copy.concurrent = 1;
				copy.n_objects = 1;
				copy.objects = &s->objects[i];
				n.node_case = PG_QUERY__NODE__NODE_DROP_STMT;
				n.drop_stmt = &copy;
				sql = rt_lint_pg_deparse(x, &n);
				error = rt_lint_pg_hit(
				    x, R_DROP_INDEX_NON_CONCURRENTLY, table, -1,
				    table ? rt_lint_fmt(x,
							"index '%s' on '%s' "
							"is dropped without "
							"CONCURRENTLY",
							name, table)
					  : rt_lint_fmt(x,
							"index '%s' is "
							"dropped without "
							"CONCURRENTLY",
							name),
				    sql ? rt_lint_fmt(
					      x,
					      "-- retort:up "
					      "transaction=false (a "
					      "migration of its own)\n%s",
					      sql)
					: NULL);
			}
			if (!error)
				error = rt_lint_blocking_lock(x, table, -1);
			break;
		}
		case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
			error = enum_gone(p, name);
			break;
		default:
			break;
		}
	}
	return error;
}

/* A table renamed: the run's records of its columns and constraints
 * follow it. */
static int rename_records(lint_ctx *x, const char *from, const char *to)
{
	const char *dot = strrchr(from, '.');
	const char *name =
	    dot ? rt_lint_fmt(x, "%.*s.%s", (int)(dot - from), from, to)
		: rt_arena_strdup(x->a, to);
	size_t i;

	/* RENAME keeps the schema */
	if (!name)
		return RT_ERROR;
	for (i = 0; i < pgs(x)->checks.len; i++) {
		pg_check *c = pgs(x)->checks.items[i];

		if (rt_lint_pg_table_eq(c->table, from))
			c->table = name;
	}
	for (i = 0; i < pgs(x)->columns.len; i++) {
		lint_column *c = pgs(x)->columns.items[i];

		if (rt_lint_pg_table_eq(c->table, from))
			c->table = name;
	}
	if (rt_lint_pg_rekey_columns(x) < 0)
		return RT_ERROR;
	return rt_lint_rename_table(x, from, name);
}

int rt_lint_pg_rename_stmt(pgx *p, PgQuery__RenameStmt *s)
{
	lint_ctx *x = p->x;
	const char *table;
	int error;

	switch (s->rename_type) {
	case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
		if (!(table = rt_lint_pg_rv_name(x, s->relation)))
			return RT_ERROR;
		return rt_lint_rename_index(x, table, s->newname) < 0 ? RT_ERROR
								      : 0;
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
		if (!(table = rt_lint_pg_rv_name(x, s->relation)))
			return RT_ERROR;
		/* ALTER TABLE renames an index too */
		if (!rt_lint_is_new(x, table) &&
		    (error = rt_lint_rename_index(x, table, s->newname)) != 0)
			return error < 0 ? error : 0;
		if (rt_lint_is_new(x, table))
			return rename_records(x, table, s->newname);
		error = rt_lint_pg_hit(
		    x, R_RENAME_TABLE, table, at(p, s->relation->location),
		    rt_lint_fmt(x, "table '%s' is renamed to '%s'", table,
				s->newname),
		    rt_lint_fmt(x,
				"ALTER TABLE %s RENAME TO %s;\nCREATE "
				"VIEW %s AS SELECT * FROM %s;  -- for "
				"the running version; drop it later",
				table, s->newname, table, s->newname));
		if (error < 0 ||
		    (error = rt_lint_blocking_lock(x, table, -1)) < 0)
			return error;
		return rename_records(x, table, s->newname);
	case PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN:
		if (s->relation_type != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE)
			return 0;
		if (!(table = rt_lint_pg_rv_name(x, s->relation)))
			return RT_ERROR;
		{
			int fresh =
			    rt_lint_pg_column_is_new(x, table, s->subname);

			if (s->subname && s->newname &&
			    (error = rt_lint_pg_rename_column(
				 x, table, s->subname, s->newname)) < 0)
				return error;
			if (fresh)
				return rt_lint_blocking_lock(x, table, -1);
		}
		error = rt_lint_pg_hit(
		    x, R_RENAME_COLUMN, table,
		    rt_lint_pg_name_pos(p, at(p, s->relation->location),
					s->subname),
		    rt_lint_fmt(x, "column '%s' of '%s' is renamed to '%s'",
				s->subname, table, s->newname),
		    rt_lint_fmt(x,
				"-- expand: a new column, kept in step "
				"with the old one\nALTER TABLE %s ADD "
				"COLUMN %s <type of %s>;\n-- a trigger "
				"copying writes of %s to %s, then in "
				"batches:\nUPDATE %s SET %s = %s WHERE %s "
				"IS NULL AND <key range>;\n-- contract, "
				"once no running version reads %s:\nALTER "
				"TABLE %s DROP COLUMN %s;",
				table, s->newname, s->subname, s->subname,
				s->newname, table, s->newname, s->subname,
				s->newname, s->subname, table, s->subname));
		if (error < 0)
			return error;
		return rt_lint_blocking_lock(x, table, -1);
	case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE: {
		const char *old = rt_lint_pg_object_name(x, s->object);
		lint_enum *e, *n;
		size_t i;

		if (!old || !(e = rt_lint_enum(x, old, 0)))
			return enum_gone(p, old); /* known only to the db */
		if (!(n = rt_lint_enum(x, s->newname, 1)))
			return RT_ERROR;
		n->gone = 0;
		n->created_by = e->created_by;
		n->labels.len = 0;
		for (i = 0; i < e->labels.len; i++)
			if (rt_vec_push(x->a, &n->labels, e->labels.items[i]) <
			    0)
				return RT_ERROR;
		e->gone = 1;
		return 0;
	}
	default:
		return 0;
	}
}

/* Was the enum created by this run (or this migration, for history)? */
static int enum_is_new(const lint_ctx *x, const lint_enum *e)
{
	return e->created_by && (x->opts->same_run || e->created_by == x->m);
}

/* The type `name` is dropped or renamed away: keep its labels (known
 * from the run, else from the catalog) for a recreation to compare. */
static int enum_gone(pgx *p, const char *name)
{
	lint_ctx *x = p->x;
	lint_enum *e;
	int found, error;

	if (!name)
		return 0;
	if ((e = rt_lint_enum(x, name, 0))) {
		e->gone = 1;
		return 0;
	}
	if (!(e = rt_lint_enum(x, name, 1)))
		return RT_ERROR;
	e->gone = 2; /* labels unknown unless the catalog has them */
	if ((error = rt_lint_catalog_enum(x, name, &e->labels, &found)) < 0)
		return error;
	if (found)
		e->gone = 1;
	return 0;
}

static int label_index(const rt_vec *v, const char *label)
{
	size_t i;

	for (i = 0; i < v->len; i++)
		if (!strcmp(v->items[i], label))
			return (int)i;
	return -1;
}

int rt_lint_pg_create_enum(pgx *p, PgQuery__CreateEnumStmt *s)
{
	lint_ctx *x = p->x;
	const char *name = rt_lint_pg_dotted(x, s->type_name, s->n_type_name);
	lint_enum *e;
	rt_vec labels = {0};
	rt_buf missing = RT_BUF_INIT;
	size_t i;
	int error = 0, last = -1, reordered = 0;

	if (!name)
		return RT_ERROR;
	for (i = 0; i < s->n_vals; i++) {
		const char *v = sval(s->vals[i]);
		char *copy = v ? rt_arena_strdup(x->a, v) : NULL;

		/* the tree is freed after the step; the labels stay */
		if (v && (!copy || rt_vec_push(x->a, &labels, copy) < 0))
			return RT_ERROR;
	}
	e = rt_lint_enum(x, name, 0);
	if (e && e->gone == 2) {
		int found;

		/* not seen in this lint, not in a database: the directory's
		 * earlier migrations may define it */
		if ((error =
			 rt_lint_history_enum(x, name, &e->labels, &found)) < 0)
			return error;
		if (found)
			e->gone = 1;
	}
	if (e && (e->gone == 1 || e->gone == 2) &&
	    (enum_is_new(x, e) || (e->gone == 2 && x->opts->db))) {
		/* new in the run, or absent from the database: nothing can
		 * be using its values */
	} else if (e && e->gone == 2) {
		error = rt_lint_pg_hit(
		    x, R_ENUM_VALUE_REMOVED, NULL, -1,
		    rt_lint_fmt(x,
				"enum '%s' is recreated, and retort "
				"cannot see its old values (lint "
				"with --all, or --url)",
				name),
		    NULL);
		/* a warning: it is unsure */
		if (!error && x->findings.len) {
			rt_lint_finding *f =
			    x->findings.items[x->findings.len - 1];

			f->severity = RT_LINT_WARNING;
		}
	} else if (e && e->gone == 1) {
		rt_buf_init(&missing);
		for (i = 0; i < e->labels.len; i++) {
			int k = label_index(&labels, e->labels.items[i]);

			if (k < 0) {
				rt_buf_printf(&missing, "%s'%s'",
					      missing.len ? ", " : "",
					      (char *)e->labels.items[i]);
			} else {
				if (k < last)
					reordered = 1;
				last = k;
			}
		}
		if ((error = rt_buf_check(&missing)) == 0 && missing.len)
			error = rt_lint_pg_hit(
			    x, R_ENUM_VALUE_REMOVED, NULL, -1,
			    rt_lint_fmt(x,
					"enum '%s' is recreated without "
					"%s",
					name, missing.ptr),
			    NULL);
		else if (!error && reordered)
			error = rt_lint_pg_hit(
			    x, R_ENUM_VALUE_REORDERED, NULL, -1,
			    rt_lint_fmt(x,
					"enum '%s' is recreated with its "
					"values in another order",
					name),
			    NULL);
		rt_buf_release(&missing);
	}
	if (error < 0)
		return error;
	if (!e && !(e = rt_lint_enum(x, name, 1)))
		return RT_ERROR;
	e->gone = 0;
	e->labels = labels;
	e->created_by = x->m;
	return 0;
}

int rt_lint_pg_alter_enum(pgx *p, PgQuery__AlterEnumStmt *s)
{
	lint_ctx *x = p->x;
	const char *name = rt_lint_pg_dotted(x, s->type_name, s->n_type_name);
	lint_enum *e;
	char *new_val = NULL;
	int k;

	if (!name)
		return RT_ERROR;
	e = rt_lint_enum(x, name, 0);
	if (s->new_val && !(new_val = rt_arena_strdup(x->a, s->new_val)))
		return RT_ERROR;
	if (s->old_val && *s->old_val) {
		if (e && e->labels.len &&
		    (k = label_index(&e->labels, s->old_val)) >= 0)
			e->labels.items[k] = new_val;
		if (e && enum_is_new(x, e))
			return 0;
		return rt_lint_pg_hit(
		    x, R_RENAME_ENUM_VALUE, NULL, -1,
		    rt_lint_fmt(x,
				"value '%s' of enum '%s' is renamed "
				"to '%s'",
				s->old_val, name, s->new_val),
		    rt_lint_fmt(x,
				"ALTER TYPE %s ADD VALUE '%s';  -- then "
				"move rows to it, and stop writing "
				"'%s'",
				name, s->new_val, s->old_val));
	}
	if (!e || !s->new_val || !*s->new_val ||
	    label_index(&e->labels, s->new_val) >= 0)
		return 0;
	k = s->new_val_neighbor && *s->new_val_neighbor
		? label_index(&e->labels, s->new_val_neighbor)
		: -1;
	if (rt_vec_push(x->a, &e->labels, NULL) < 0)
		return RT_ERROR;
	if (k >= 0) {
		size_t to = (size_t)k + (s->new_val_is_after ? 1 : 0), i;

		for (i = e->labels.len - 1; i > to; i--)
			e->labels.items[i] = e->labels.items[i - 1];
		e->labels.items[to] = new_val;
	} else {
		e->labels.items[e->labels.len - 1] = new_val;
	}
	return 0;
}
