/*
 * lookup.h: single facts read from a live database, for callers that need
 * one answer rather than a whole catalog (lint: how big is a table, which
 * table owns an index, an enum's labels, a column's type). Read only, and
 * cheap: no question takes a lock a migration would queue behind.
 *
 * Each engine answers in catalog/lookup_<engine>.c through one const
 * table, reached through the engine descriptor (rt_lint_ops.lookup).
 * Required slots are checked once, with the descriptor; an optional slot
 * is NULL where the engine has no such object (SQLite has no enum types),
 * and the caller then reads the answer as "unknown".
 *
 * Strings returned live in the caller's arena `a`. `db` has a connection.
 */
#ifndef RT_LOOKUP_H
#define RT_LOOKUP_H

#include "backend/backend.h"

/* What a table's size is said to be, and by what. */
typedef struct rt_lookup_figures {
	int exists;	    /* in the database */
	double rows;	    /* estimate or (capped) count; < 0 unknown */
	int64_t bytes;	    /* < 0 unknown */
	const char *source; /* where the figures came from, for reports */
} rt_lookup_figures;

typedef struct rt_lookup_ops {
	/* The figures of `table`. An engine that counts rows stops
	 * counting past `row_cap`, so a large table costs no full count. */
	int (*table_figures)(rt_lookup_figures *out, rt_db *db, rt_arena *a,
			     const char *table, long long row_cap);
	/* The table index `index` belongs to; NULL when there is none. */
	int (*index_table)(const char **table, rt_db *db, rt_arena *a,
			   const char *index);
	/* A table's column names in order (pushed to `cols`); *found 0
	 * when the table is not there. */
	int (*columns)(rt_vec *cols, int *found, rt_db *db, rt_arena *a,
		       const char *table);

	/* Optional. An enum type's labels in order; *found 0 when the type
	 * is not there. */
	int (*enum_labels)(rt_vec *labels, int *found, rt_db *db, rt_arena *a,
			   const char *type);
	/* Optional. A column's type as the engine's catalog names it (a
	 * type outside the engine's own schema-qualified), its type
	 * modifier, and whether its collation is the type's default;
	 * *type NULL when the column is not there. */
	int (*column_type)(const char **type, int *typmod,
			   int *default_collation, rt_db *db, rt_arena *a,
			   const char *table, const char *column);
	/* Optional. The names of validated CHECK (col IS NOT NULL)
	 * constraints of `table` that the engine uses to skip the scan of
	 * SET NOT NULL (none where it does not). */
	int (*not_null_checks)(rt_vec *names, rt_db *db, rt_arena *a,
			       const char *table, const char *col);
	/* Optional. The column a CHECK constraint `conname` of `table` says
	 * IS NOT NULL (*col NULL when it says something else); *found 0
	 * when there is no such constraint. */
	int (*check_column)(const char **col, int *found, rt_db *db,
			    rt_arena *a, const char *table,
			    const char *conname);
	/* Optional. The hot standbys that replay the server's changes
	 * (their names, ", " between; *n 0: none, or none known). */
	int (*standbys)(const char **names, int *n, rt_db *db, rt_arena *a);
} rt_lookup_ops;

/* Every required slot is there (checked once, with the descriptor). */
int rt_lookup_ops_complete(const rt_lookup_ops *ops);

extern const rt_lookup_ops rt_lookup_ops_sqlite;
extern const rt_lookup_ops rt_lookup_ops_mysql;
extern const rt_lookup_ops rt_lookup_ops_postgres;

/*
 * For the engines' files: run `sql` with text parameters and keep, in
 * `a`, either the first row's first three columns (vals; the rest of the
 * result is not read) or, with `all` set, every row's first column
 * (pushed to *all). *nrows: the rows seen (at most 1 without `all`).
 */
typedef struct rt_lookup_rows {
	rt_arena *a;
	rt_vec *all;
	const char *vals[3];
	int nrows;
	int error;
} rt_lookup_rows;

int rt_lookup_query(rt_lookup_rows *r, rt_db *db, const char *sql,
		    const char *const *params, int nparams);
/* The first column of every row of `sql` (one parameter), pushed to
 * `out`; *found 0 when there is none. */
int rt_lookup_list(rt_vec *out, int *found, rt_db *db, rt_arena *a,
		   const char *sql, const char *param);
/* A table's figures from `sql` (one parameter, the table; one row of
 * rows and bytes, none when the table is not there), said to come from
 * `source`. */
int rt_lookup_figures_sql(rt_lookup_figures *out, rt_db *db, rt_arena *a,
			  const char *sql, const char *table,
			  const char *source);
/* The first row's first column of `sql` (one parameter), or NULL. */
int rt_lookup_value(const char **out, rt_db *db, rt_arena *a, const char *sql,
		    const char *param);

#endif
