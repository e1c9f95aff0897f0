/*
 * online.h: expand/contract migrations on PostgreSQL (internal).
 *
 * A migration marked `-- retort:online` is ordinary DDL. The planner
 * (plan.c) reads its up section with libpg_query and turns it into a
 * model per table: which columns are renamed, retyped (with the up and
 * the down conversion), made NOT NULL, added or dropped, and which
 * constraints and indexes are added. It needs no database, so it is
 * unit-tested on its own, and it refuses what it cannot run online before
 * anything starts, naming the statement's file:line.
 *
 * expand.c resolves that model against the live catalog and writes the
 * four scripts of the migration's life (expand, post-backfill steps,
 * contract, rollback), runs expand and the backfill, and keeps the state
 * in retort_online and retort_online_table. contract.c runs complete and
 * rollback from the stored scripts, and reads the status.
 *
 * Everything allocated here lives in the arena of the rt_online_plan (or
 * of the caller, for the helpers that take one).
 */
#ifndef RT_ONLINE_H
#define RT_ONLINE_H

#include "backend/backend.h"
#include "util/common.h"

/* The operations the planner maps statements to, for listing a plan. */
typedef enum rt_online_op_kind {
	RT_ONLINE_RENAME_COLUMN,
	RT_ONLINE_ALTER_TYPE,
	RT_ONLINE_SET_NOT_NULL,
	RT_ONLINE_ADD_COLUMN,
	RT_ONLINE_DROP_COLUMN,
	RT_ONLINE_ADD_CHECK,
	RT_ONLINE_ADD_FOREIGN_KEY,
	RT_ONLINE_ADD_UNIQUE,
	RT_ONLINE_CREATE_INDEX,
	RT_ONLINE_RENAME_TABLE,
} rt_online_op_kind;

typedef struct rt_online_op {
	rt_online_op_kind kind;
	const char *table;  /* as written: "t" or "s.t" */
	const char *column; /* the column or constraint/index name, or NULL */
	const char *detail; /* "to message", "integer using size::integer" */
	int line;	    /* of the statement in the file */
} rt_online_op;

/*
 * A column the migration touches. `name` is its name before the
 * migration (in the catalog), NULL for an added column; `new_name` its
 * name after, NULL when dropped. The physical column that holds the new
 * shape while both versions run is `name` itself unless it is retyped
 * (then "_rt_<name>", beside the old one) or added.
 */
typedef struct rt_online_column {
	const char *name, *new_name;
	int renamed, dropped, added, set_not_null;
	/* retyped or added: the type as written (deparsed) */
	const char *type;
	int retyped;
	/* retyped: the conversions as SQL over the row's columns, by the
	 * names of the old shape (up) and of the new (down); NULL: a cast */
	const char *up_using, *down_using;
	/* added: DEFAULT as SQL (NULL: none), whether it is volatile (then
	 * existing rows are backfilled in batches), NOT NULL */
	const char *default_sql;
	int volatile_default, not_null;
	int line; /* of the first statement about it */
} rt_online_column;

typedef enum rt_online_cons_kind {
	RT_ONLINE_CHECK = 'c',
	RT_ONLINE_FOREIGN_KEY = 'f',
	RT_ONLINE_UNIQUE = 'u',
} rt_online_cons_kind;

/* An added constraint: the ADD CONSTRAINT clause as written, with the
 * column names of the new shape (mapped to physical ones at expand). */
typedef struct rt_online_constraint {
	rt_online_cons_kind kind;
	const char *name;
	const char *clause; /* "ALTER TABLE t ADD CONSTRAINT ..." */
	/* UNIQUE: the index it is built on, "CREATE UNIQUE INDEX n ON t
	 * (...)", made CONCURRENTLY when it runs */
	const char *index_sql;
	int line;
} rt_online_constraint;

/* An added index: the CREATE INDEX statement as written, made
 * CONCURRENTLY when it runs. */
typedef struct rt_online_index {
	const char *name;
	const char *sql;
	int line;
} rt_online_index;

typedef struct rt_online_table {
	const char *schema;   /* as written, or NULL */
	const char *name;     /* before the migration */
	const char *new_name; /* after: `name` unless RENAME TO */
	rt_vec columns;	      /* rt_online_column * */
	rt_vec constraints;   /* rt_online_constraint * */
	rt_vec indexes;	      /* rt_online_index * */
	int line;
} rt_online_table;

typedef struct rt_online_plan {
	rt_arena arena;
	const rt_migration *m;
	rt_vec tables; /* rt_online_table *, in order of first mention */
	rt_vec ops;    /* rt_online_op *, in file order */
} rt_online_plan;

/*
 * Plan migration `m` (its up section, and its down section for the
 * reverse conversions). Fails with file:line and the reason on the first
 * statement it cannot run online. `*out` is the caller's to free with
 * rt_online_plan_free.
 */
int rt_online_plan_make(rt_online_plan **out, const rt_migration *m);
void rt_online_plan_free(rt_online_plan *p);

/* The column of `t` that has `name` in the old or the new shape. */
rt_online_column *rt_online_table_column(const rt_online_table *t,
					 const char *name);

/* A name of one operation kind: "rename column". Static. */
const char *rt_online_op_name(rt_online_op_kind kind);

/*
 * Column names rewritten: the last field of every ColumnRef, the column
 * of index elements and the key lists of constraints (not the referenced
 * table's) that equal from[i] become to[i]. With `prefix`, every column
 * reference becomes prefix.column (a trigger's NEW, an alias). `sql` is
 * an expression when `expr` is set, else one statement; the result is
 * deparsed by libpg_query, into `a`.
 */
int rt_online_rewrite(char **out, rt_arena *a, const char *sql, int expr,
		      const char *const *from, const char *const *to, size_t n,
		      const char *prefix);

/* Is `sql` a CREATE INDEX? Then 1, with its name and the schema its
 * table is written with (or NULL), into `a`. */
int rt_online_index_target(const char **schema, const char **name, rt_arena *a,
			   const char *sql);

/* The physical name of a retyped column's new shape: "_rt_<name>",
 * cut to PostgreSQL's 63 bytes. */
const char *rt_online_shadow_name(rt_arena *a, const char *name);
/* The schema of views that presents revision `rev`: "rt_<rev>". */
const char *rt_online_schema_name(rt_arena *a, const char *rev);

/* ---- against a database (expand.c, contract.c) ------------------------ */

/* Is an online migration active (expanded, not completed or rolled
 * back)? *revision (arena) and *phase receive it, or NULL. */
int rt_online_active(const char **revision, const char **phase, rt_arena *a,
		     rt_db *db);

/*
 * The runner's hook for an up step of an online migration, inside the
 * run's migration lock: expand, backfill, post steps, then mark it
 * applied. Resumes a migration whose expand was interrupted. `opts` may
 * be NULL (the defaults).
 */
int rt_online_expand(rt_db *db, const rt_dir *dir, const rt_migration *m,
		     const rt_online_options *opts);

/*
 * What the runner refuses while an online migration is active, or in a
 * plan it cannot run: a plan with steps after an online migration (they
 * wait for `retort online complete`), --single-transaction over one, a
 * downgrade of the active one (that is `retort online rollback`).
 */
int rt_online_check_plan(rt_db *db, rt_migration *const *steps, size_t n,
			 rt_direction d, int single_transaction);

/* Create retort_online and retort_online_table when missing. */
int rt_online_state_ensure(rt_db *db);

/* Shared by expand.c and contract.c. */
int rt_online_query_one(char **out, rt_arena *a, rt_db *db, const char *sql,
			const char *const *params, int n);
/* BEGIN, `sql` (statements, or NULL), `fn` (or NULL), COMMIT; retried
 * with backoff when a lock was not granted within lock_timeout. *ms
 * (or NULL) receives the time of the attempt that committed. */
typedef int (*rt_online_txn_fn)(rt_db *db, void *arg);
int rt_online_txn(rt_db *db, const char *sql, rt_online_txn_fn fn, void *arg,
		  int64_t *ms);
/* Resume the backfill and post-backfill steps of `rev`, then mark it
 * active and applied. */
int rt_online_finish_expand(rt_db *db, const rt_dir *dir, const char *rev,
			    const rt_online_options *opts);

#endif
