/*
 * lookup_sqlite.c: SQLite's answers to lookup.h, from sqlite_schema and
 * pragma_table_info. SQLite keeps no row estimate, so a table's rows are
 * counted, up to a cap: a large table costs no full count. Names match
 * case-insensitively, as SQLite resolves them.
 */
#include "catalog/lookup.h"

static int sq_table_figures(rt_lookup_figures *out, rt_db *db, rt_arena *a,
			    const char *table, long long row_cap)
{
	const char *params[1] = {table};
	rt_lookup_rows r = {.a = a};
	rt_buf sql = RT_BUF_INIT;
	int error;

	out->exists = 0;
	out->rows = -1;
	out->bytes = -1;
	error = rt_lookup_query(&r, db,
				"SELECT 1 FROM sqlite_schema WHERE type = "
				"'table' AND name = ?1 COLLATE NOCASE",
				params, 1);
	if (error < 0)
		return error;
	out->exists = r.nrows > 0;
	if (!(out->source = rt_arena_printf(a, "count(*) up to %lld", row_cap)))
		return RT_ERROR;
	if (!out->exists)
		return 0;
	memset(&r, 0, sizeof(r));
	r.a = a;
	params[0] = NULL;
	rt_buf_init(&sql);
	rt_buf_puts(&sql, "SELECT count(*) FROM (SELECT 1 FROM ");
	db->be->quote_ident(&sql, table);
	rt_buf_printf(&sql, " LIMIT %lld) WHERE ?1 IS NULL", row_cap);
	if ((error = rt_buf_check(&sql)) == 0)
		error = rt_lookup_query(&r, db, sql.ptr, params, 1);
	rt_buf_release(&sql);
	if (error < 0)
		return error;
	out->rows = r.vals[0] ? strtod(r.vals[0], NULL) : -1;
	return 0;
}

static int sq_index_table(const char **table, rt_db *db, rt_arena *a,
			  const char *index)
{
	return rt_lookup_value(table, db, a,
			       "SELECT tbl_name FROM sqlite_schema WHERE "
			       "type = 'index' AND name = ?1 COLLATE NOCASE",
			       index);
}

static int sq_columns(rt_vec *cols, int *found, rt_db *db, rt_arena *a,
		      const char *table)
{
	return rt_lookup_list(cols, found, db, a,
			      "SELECT name FROM pragma_table_info(?1) "
			      "ORDER BY cid",
			      table);
}

const rt_lookup_ops rt_lookup_ops_sqlite = {
    .table_figures = sq_table_figures,
    .index_table = sq_index_table,
    .columns = sq_columns,
};
