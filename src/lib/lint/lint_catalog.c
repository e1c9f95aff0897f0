/*
 * lint_catalog.c: what lint asks the target database (read only): does a
 * table exist, how big is it, which table an index belongs to, which
 * labels an enum has. The questions are the engine's catalog look-ups
 * (catalog/lookup.h, reached through the descriptor's lint ops); this file
 * keeps what is lint's own: no database means "unknown", every answer
 * about a table is kept in x->tables (it ends up in the report, which
 * says which figures it used), and "small" is judged here against
 * lint's thresholds.
 */
#include "lint/lint.h"

/* Is there a database to ask? */
static rt_db *live(const lint_ctx *x)
{
	rt_db *db = x->opts->db;

	return db && db->conn ? db : NULL;
}

static int failed(int error)
{
	if (error < 0)
		rt_error_prefix("lint: reading the catalog");
	return error;
}

int rt_lint_catalog_standbys(lint_ctx *x, int *n, const char **names)
{
	rt_db *db = x->opts->db;
	int error;

	*n = 0;
	*names = NULL;
	if (!db || !db->conn || !x->ops->lookup->standbys)
		return 0;
	if (!x->standbys_read) {
		if ((error = x->ops->lookup->standbys(&x->standbys,
						      &x->nstandbys, db,
						      x->a)) < 0)
			return failed(error);
		x->standbys_read = 1;
	}
	*n = x->nstandbys;
	*names = x->standbys;
	return 0;
}

int rt_lint_catalog_table(lint_ctx *x, const char *table,
			  const rt_lint_table **out)
{
	rt_db *db = x->opts->db;
	rt_lookup_figures fig = {0};
	rt_lint_table *t;
	size_t i;
	int error;

	*out = NULL;
	if (!db)
		return 0;
	for (i = 0; i < x->tables.len; i++) {
		t = x->tables.items[i];
		if ((x->be->caps & RT_CAP_FOLD_TABLE_CASE)
			? !strcasecmp(t->name, table)
			: !strcmp(t->name, table)) {
			*out = t;
			return 0;
		}
	}
	if (!(t = rt_arena_alloc(x->a, sizeof(*t))) ||
	    !(t->name = rt_arena_strdup(x->a, table)))
		return RT_ERROR;
	t->rows = -1;
	t->bytes = -1;
	if (!db->conn) {
		t->source = "the database does not exist yet";
	} else {
		error = x->ops->lookup->table_figures(
		    &fig, db, x->a, table, (long long)x->small_rows + 1);
		if (error < 0)
			return failed(error);
		t->exists = fig.exists;
		t->source = fig.source;
		t->rows = fig.rows;
		t->bytes = fig.bytes;
	}
	t->small = t->exists && (t->rows < 0 || t->rows < x->small_rows) &&
		   (t->bytes < 0 || t->bytes < x->small_bytes) &&
		   (t->rows >= 0 || t->bytes >= 0);
	if (rt_vec_push(x->a, &x->tables, t) < 0)
		return RT_ERROR;
	*out = t;
	return 0;
}

int rt_lint_catalog_index_table(lint_ctx *x, const char *index,
				const char **table)
{
	rt_db *db = live(x);

	*table = NULL;
	if (!db)
		return 0;
	return failed(x->ops->lookup->index_table(table, db, x->a, index));
}

int rt_lint_catalog_enum(lint_ctx *x, const char *type, rt_vec *labels,
			 int *found)
{
	rt_db *db = live(x);

	*found = 0;
	if (!db || !x->ops->lookup->enum_labels)
		return 0;
	return failed(
	    x->ops->lookup->enum_labels(labels, found, db, x->a, type));
}

int rt_lint_catalog_column_type(lint_ctx *x, const char *table,
				const char *column, const char **type,
				int *typmod, int *default_collation)
{
	rt_db *db = live(x);

	*type = NULL;
	*typmod = -1;
	*default_collation = 0;
	if (!db || !x->ops->lookup->column_type)
		return 0;
	return failed(x->ops->lookup->column_type(
	    type, typmod, default_collation, db, x->a, table, column));
}

int rt_lint_catalog_columns(lint_ctx *x, const char *table, rt_vec *cols,
			    int *found)
{
	rt_db *db = live(x);

	*found = 0;
	if (!db)
		return 0;
	return failed(x->ops->lookup->columns(cols, found, db, x->a, table));
}

int rt_lint_catalog_not_null_checks(lint_ctx *x, const char *table,
				    const char *col, rt_vec *names)
{
	rt_db *db = live(x);

	if (!db || !x->ops->lookup->not_null_checks)
		return 0;
	return failed(
	    x->ops->lookup->not_null_checks(names, db, x->a, table, col));
}

int rt_lint_catalog_check_column(lint_ctx *x, const char *table,
				 const char *conname, const char **col,
				 int *found)
{
	rt_db *db = live(x);

	*col = NULL;
	*found = 0;
	if (!db || !x->ops->lookup->check_column)
		return 0;
	return failed(
	    x->ops->lookup->check_column(col, found, db, x->a, table, conname));
}
