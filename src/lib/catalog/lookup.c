/*
 * lookup.c: what the engines' look-ups share (lookup.h): the check of a
 * table, and a query that keeps its first row or its first column.
 */
#include "catalog/lookup.h"

#include <stdlib.h>

int rt_lookup_ops_complete(const rt_lookup_ops *ops)
{
	return ops->table_figures && ops->index_table && ops->columns;
}

static int collect(void *payload, int ncols, const char *const *vals)
{
	rt_lookup_rows *r = payload;
	int i;

	if (r->all) {
		char *s = rt_arena_strdup(r->a, vals[0] ? vals[0] : "");

		if (!s || rt_vec_push(r->a, r->all, s) < 0) {
			r->error = RT_ERROR;
			return 1;
		}
		r->nrows++;
		return 0;
	}
	for (i = 0; i < ncols && i < 3; i++)
		if (vals[i] && !(r->vals[i] = rt_arena_strdup(r->a, vals[i]))) {
			r->error = RT_ERROR;
			return 1;
		}
	r->nrows++;
	return 1; /* the first row is enough */
}

int rt_lookup_query(rt_lookup_rows *r, rt_db *db, const char *sql,
		    const char *const *params, int nparams)
{
	int error = db->be->query(db->conn, sql, params, nparams, collect, r);

	return error < 0 ? error : r->error;
}

int rt_lookup_list(rt_vec *out, int *found, rt_db *db, rt_arena *a,
		   const char *sql, const char *param)
{
	const char *params[1] = {param};
	rt_lookup_rows r = {.a = a, .all = out};
	int error;

	*found = 0;
	if ((error = rt_lookup_query(&r, db, sql, params, 1)) < 0)
		return error;
	*found = r.nrows > 0;
	return 0;
}

int rt_lookup_value(const char **out, rt_db *db, rt_arena *a, const char *sql,
		    const char *param)
{
	const char *params[1] = {param};
	rt_lookup_rows r = {.a = a};
	int error;

	*out = NULL;
	if ((error = rt_lookup_query(&r, db, sql, params, 1)) < 0)
		return error;
	*out = r.vals[0];
	return 0;
}

int rt_lookup_figures_sql(rt_lookup_figures *out, rt_db *db, rt_arena *a,
			  const char *sql, const char *table,
			  const char *source)
{
	const char *params[1] = {table};
	rt_lookup_rows r = {.a = a};
	int error;

	out->exists = 0;
	out->rows = -1;
	out->bytes = -1;
	if ((error = rt_lookup_query(&r, db, sql, params, 1)) < 0)
		return error;
	out->exists = r.nrows > 0;
	out->source = source;
	if (out->exists) {
		out->rows = r.vals[0] ? strtod(r.vals[0], NULL) : -1;
		out->bytes = r.vals[1] ? strtoll(r.vals[1], NULL, 10) : -1;
	}
	return 0;
}
