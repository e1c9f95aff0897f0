/*
 * lookup_postgres.c: PostgreSQL's answers to lookup.h, from the system
 * catalogs. A table's figures come from pg_class alone (reltuples, the
 * planner's row estimate, and relpages): pg_table_size() would take a
 * lock on the table, and the upgrade that lints first would then queue
 * behind the very transaction its lock_timeout exists to avoid. Names are
 * resolved as the session's search_path does (to_regclass, to_regtype).
 */
#include "catalog/lookup.h"

static int pg_table_figures(rt_lookup_figures *out, rt_db *db, rt_arena *a,
			    const char *table, long long row_cap)
{
	(void)row_cap; /* an estimate: nothing is counted */
	return rt_lookup_figures_sql(
	    out, db, a,
	    "SELECT c.reltuples::float8, c.relpages::int8 * "
	    "current_setting('block_size')::int8 "
	    "FROM pg_class c WHERE c.oid = to_regclass($1)",
	    table, "pg_class.reltuples, relpages");
}

static int pg_index_table(const char **table, rt_db *db, rt_arena *a,
			  const char *index)
{
	return rt_lookup_value(table, db, a,
			       "SELECT i.indrelid::regclass::text FROM "
			       "pg_index i WHERE i.indexrelid = "
			       "to_regclass($1)",
			       index);
}

static int pg_columns(rt_vec *cols, int *found, rt_db *db, rt_arena *a,
		      const char *table)
{
	return rt_lookup_list(cols, found, db, a,
			      "SELECT attname FROM pg_attribute WHERE "
			      "attrelid = to_regclass($1) AND attnum > 0 "
			      "AND NOT attisdropped ORDER BY attnum",
			      table);
}

static int pg_enum_labels(rt_vec *labels, int *found, rt_db *db, rt_arena *a,
			  const char *type)
{
	return rt_lookup_list(labels, found, db, a,
			      "SELECT enumlabel FROM pg_enum WHERE "
			      "enumtypid = to_regtype($1) ORDER BY "
			      "enumsortorder",
			      type);
}

static int pg_column_type(const char **type, int *typmod,
			  int *default_collation, rt_db *db, rt_arena *a,
			  const char *table, const char *column)
{
	const char *params[2] = {table, column};
	rt_lookup_rows r = {.a = a};
	int error;

	*type = NULL;
	*typmod = -1;
	*default_collation = 0;
	/* the type's own name, schema-qualified only outside pg_catalog,
	 * so that a user type named "varchar" is never taken for it */
	error = rt_lookup_query(
	    &r, db,
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
	if (r.nrows && r.vals[0] && r.vals[1] && r.vals[2]) {
		*type = r.vals[0];
		*typmod = (int)strtol(r.vals[1], NULL, 10);
		*default_collation = !strcmp(r.vals[2], "true");
	}
	return 0;
}

static int pg_not_null_checks(rt_vec *names, rt_db *db, rt_arena *a,
			      const char *table, const char *col)
{
	const char *params[2] = {table, col};
	rt_lookup_rows r = {.a = a, .all = names};

	/* pg_get_constraintdef writes the check as PostgreSQL stores it;
	 * PostgreSQL 12 is the first to let SET NOT NULL use it */
	return rt_lookup_query(
	    &r, db,
	    "SELECT c.conname::text FROM pg_constraint c WHERE "
	    "c.conrelid = to_regclass($1) AND c.contype = 'c' AND "
	    "c.convalidated AND pg_get_constraintdef(c.oid) = "
	    "format('CHECK ((%s IS NOT NULL))', quote_ident($2)) "
	    "AND current_setting('server_version_num')::int >= "
	    "120000",
	    params, 2);
}

static int pg_check_column(const char **col, int *found, rt_db *db, rt_arena *a,
			   const char *table, const char *conname)
{
	const char *params[2] = {table, conname};
	rt_lookup_rows r = {.a = a};
	int error;

	*col = NULL;
	*found = 0;
	error = rt_lookup_query(
	    &r, db,
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
	*found = r.nrows > 0;
	*col = r.vals[0];
	return 0;
}

/*
 * Physical standbys: walsenders that serve no logical slot (a logical
 * subscriber replays rows, not locks), and physical slots whose standby
 * is away for now (it replays the locks when it is back). A role
 * without pg_read_all_stats still sees the walsenders' rows.
 */
static int pg_standbys(const char **names, int *n, rt_db *db, rt_arena *a)
{
	rt_lookup_rows r = {.a = a};
	int error;

	*names = NULL;
	*n = 0;
	error = rt_lookup_query(
	    &r, db,
	    "SELECT count(*), string_agg(name, ', ' ORDER BY name) FROM ("
	    "SELECT coalesce(nullif(r.application_name, ''), "
	    "'pid ' || r.pid) AS name FROM pg_stat_replication r "
	    "WHERE NOT EXISTS (SELECT FROM pg_replication_slots s "
	    "WHERE s.active_pid = r.pid AND s.slot_type = 'logical') "
	    "UNION ALL SELECT slot_name::text FROM pg_replication_slots "
	    "WHERE slot_type = 'physical' AND active_pid IS NULL) s",
	    NULL, 0);
	if (error < 0)
		return error;
	*n = r.vals[0] ? atoi(r.vals[0]) : 0;
	*names = r.vals[1];
	return 0;
}

const rt_lookup_ops rt_lookup_ops_postgres = {
    .standbys = pg_standbys,
    .table_figures = pg_table_figures,
    .index_table = pg_index_table,
    .columns = pg_columns,
    .enum_labels = pg_enum_labels,
    .column_type = pg_column_type,
    .not_null_checks = pg_not_null_checks,
    .check_column = pg_check_column,
};
