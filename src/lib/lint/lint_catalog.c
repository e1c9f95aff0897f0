/*
 * lint_catalog.c: what lint asks the target database (read only): does a
 * table exist, how big is it, which table an index belongs to, which
 * labels an enum has. PostgreSQL answers from pg_class alone (reltuples,
 * the planner's row estimate, and relpages): pg_table_size() would take a
 * lock on the table, and the upgrade that lints first would then queue
 * behind the very transaction its lock_timeout exists to avoid. SQLite
 * answers from sqlite_schema and a row count capped just past the
 * "small" threshold, so a large table costs no full count. Every answer about a table is kept in
 * x->tables and ends up in the report: it says which figures it used.
 */
#include "lint/lint.h"

struct rows {
	lint_ctx *x;
	int n;
	char *v[3];
	rt_vec *labels; /* every first column, when set */
	int error;
};

static int collect(void *payload, int ncols, const char *const *vals)
{
	struct rows *r = payload;
	int i;

	if (r->labels) {
		char *s = rt_arena_strdup(r->x->a, vals[0] ? vals[0] : "");

		if (!s || rt_vec_push(r->x->a, r->labels, s) < 0) {
			r->error = RT_ERROR;
			return 1;
		}
		r->n++;
		return 0;
	}
	for (i = 0; i < ncols && i < 3; i++)
		if (vals[i] && !(r->v[i] = rt_arena_strdup(r->x->a, vals[i]))) {
			r->error = RT_ERROR;
			return 1;
		}
	r->n++;
	return 1; /* the first row is enough */
}

static int query_n(lint_ctx *x, struct rows *r, const char *sql,
		   const char *const *params, int nparams)
{
	rt_db *db = x->opts->db;
	int error;

	r->x = x;
	error = db->be->query(db->conn, sql, params, nparams, collect, r);
	if (error < 0)
		rt_error_prefix("lint: reading the catalog");
	return error < 0 ? error : r->error;
}

static int query(lint_ctx *x, struct rows *r, const char *sql,
		 const char *param)
{
	const char *params[1] = {param};

	return query_n(x, r, sql, params, 1);
}

int rt_lint_catalog_table(lint_ctx *x, const char *table,
			  const rt_lint_table **out)
{
	rt_db *db = x->opts->db;
	rt_lint_table *t;
	struct rows r = {0};
	size_t i;
	int error;

	*out = NULL;
	if (!db)
		return 0;
	for (i = 0; i < x->tables.len; i++) {
		t = x->tables.items[i];
		if (x->pg ? !strcmp(t->name, table)
			  : !strcasecmp(t->name, table)) {
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
	} else if (x->pg) {
		error =
		    query(x, &r,
			  "SELECT c.reltuples::float8, c.relpages::int8 * "
			  "current_setting('block_size')::int8 "
			  "FROM pg_class c WHERE c.oid = to_regclass($1)",
			  table);
		if (error < 0)
			return error;
		t->exists = r.n > 0;
		t->source = "pg_class.reltuples, relpages";
		if (t->exists) {
			t->rows = r.v[0] ? strtod(r.v[0], NULL) : -1;
			t->bytes = r.v[1] ? strtoll(r.v[1], NULL, 10) : -1;
		}
	} else {
		rt_buf sql = RT_BUF_INIT;
		long long cap = (long long)x->small_rows + 1;

		error =
		    query(x, &r,
			  "SELECT 1 FROM sqlite_schema WHERE type = 'table' "
			  "AND name = ?1 COLLATE NOCASE",
			  table);
		if (error < 0)
			return error;
		t->exists = r.n > 0;
		t->source = rt_lint_fmt(x, "count(*) up to %lld", cap);
		if (t->exists) {
			memset(&r, 0, sizeof(r));
			rt_buf_init(&sql);
			rt_buf_puts(&sql,
				    "SELECT count(*) FROM (SELECT 1 FROM ");
			rt_buf_put_ident(&sql, table);
			rt_buf_printf(&sql, " LIMIT %lld) WHERE ?1 IS NULL",
				      cap);
			if ((error = rt_buf_check(&sql)) == 0)
				error = query(x, &r, sql.ptr, NULL);
			rt_buf_release(&sql);
			if (error < 0)
				return error;
			t->rows = r.v[0] ? strtod(r.v[0], NULL) : -1;
		}
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
	rt_db *db = x->opts->db;
	struct rows r = {0};
	int error;

	*table = NULL;
	if (!db || !db->conn)
		return 0;
	error =
	    query(x, &r,
		  x->pg ? "SELECT i.indrelid::regclass::text FROM pg_index i "
			  "WHERE i.indexrelid = to_regclass($1)"
			: "SELECT tbl_name FROM sqlite_schema WHERE type = "
			  "'index' AND name = ?1 COLLATE NOCASE",
		  index);
	if (error < 0)
		return error;
	*table = r.v[0];
	return 0;
}

int rt_lint_catalog_enum(lint_ctx *x, const char *type, rt_vec *labels,
			 int *found)
{
	rt_db *db = x->opts->db;
	struct rows r = {0};
	int error;

	*found = 0;
	if (!db || !db->conn || !x->pg)
		return 0;
	r.labels = labels;
	error = query(x, &r,
		      "SELECT enumlabel FROM pg_enum WHERE enumtypid = "
		      "to_regtype($1) ORDER BY enumsortorder",
		      type);
	if (error < 0)
		return error;
	*found = r.n > 0;
	return 0;
}

int rt_lint_catalog_column_type(lint_ctx *x, const char *table,
				const char *column, const char **type,
				int *typmod, int *default_collation)
{
	rt_db *db = x->opts->db;
	const char *params[2] = {table, column};
	struct rows r = {0};
	int error;

	*type = NULL;
	*typmod = -1;
	*default_collation = 0;
	if (!db || !db->conn || !x->pg)
		return 0;
	/* the type's own name, schema-qualified only outside pg_catalog,
	 * so that a user type named "varchar" is never taken for it */
	error = query_n(x, &r,
			"SELECT CASE WHEN t.typnamespace = "
			"'pg_catalog'::regnamespace THEN t.typname::text ELSE "
			"t.typnamespace::regnamespace::text || '.' || "
			"t.typname END, a.atttypmod::text, "
			"(a.attcollation IN (0, t.typcollation))::text "
			"FROM pg_attribute a JOIN pg_type t ON t.oid = "
			"a.atttypid WHERE a.attrelid = to_regclass($1) AND "
			"a.attname = $2 AND a.attnum > 0 AND NOT "
			"a.attisdropped",
			params, 2);
	if (error < 0)
		return error;
	if (r.n && r.v[0] && r.v[1] && r.v[2]) {
		*type = r.v[0];
		*typmod = (int)strtol(r.v[1], NULL, 10);
		*default_collation = !strcmp(r.v[2], "true");
	}
	return 0;
}

int rt_lint_catalog_columns(lint_ctx *x, const char *table, rt_vec *cols,
			    int *found)
{
	rt_db *db = x->opts->db;
	struct rows r = {0};
	int error;

	*found = 0;
	if (!db || !db->conn)
		return 0;
	r.labels = cols;
	error = query(x, &r,
		      x->pg ? "SELECT attname FROM pg_attribute WHERE attrelid "
			      "= to_regclass($1) AND attnum > 0 AND NOT "
			      "attisdropped ORDER BY attnum"
			    : "SELECT name FROM pragma_table_info(?1) ORDER BY "
			      "cid",
		      table);
	if (error < 0)
		return error;
	*found = r.n > 0;
	return 0;
}

int rt_lint_catalog_not_null_checks(lint_ctx *x, const char *table,
				    const char *col, rt_vec *names)
{
	rt_db *db = x->opts->db;
	const char *params[2] = {table, col};
	struct rows r = {0};

	if (!db || !db->conn || !x->pg)
		return 0;
	r.labels = names;
	/* pg_get_constraintdef writes the check as PostgreSQL stores it;
	 * PostgreSQL 12 is the first to let SET NOT NULL use it */
	return query_n(x, &r,
		       "SELECT c.conname::text FROM pg_constraint c WHERE "
		       "c.conrelid = to_regclass($1) AND c.contype = 'c' AND "
		       "c.convalidated AND pg_get_constraintdef(c.oid) = "
		       "format('CHECK ((%s IS NOT NULL))', quote_ident($2)) "
		       "AND current_setting('server_version_num')::int >= "
		       "120000",
		       params, 2);
}

int rt_lint_catalog_check_column(lint_ctx *x, const char *table,
				 const char *conname, const char **col,
				 int *found)
{
	rt_db *db = x->opts->db;
	const char *params[2] = {table, conname};
	struct rows r = {0};
	int error;

	*col = NULL;
	*found = 0;
	if (!db || !db->conn || !x->pg)
		return 0;
	error = query_n(x, &r,
			"SELECT (SELECT a.attname::text FROM pg_attribute a "
			"WHERE a.attrelid = c.conrelid AND a.attnum > 0 AND "
			"NOT a.attisdropped AND regexp_replace("
			"pg_get_constraintdef(c.oid), ' NOT VALID$', '') = "
			"format('CHECK ((%s IS NOT NULL))', "
			"quote_ident(a.attname))) FROM pg_constraint c WHERE "
			"c.conrelid = to_regclass($1) AND c.conname = $2 AND "
			"c.contype = 'c'",
			params, 2);
	if (error < 0)
		return error;
	*found = r.n > 0;
	*col = r.v[0];
	return 0;
}
