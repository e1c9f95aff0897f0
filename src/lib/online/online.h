/*
 * online.h: expand/contract migrations (internal).
 *
 * A migration marked `-- retort:online` is ordinary DDL. The planner
 * (plan.c) reads its up section with libpg_query and turns it into a
 * model per table: which columns are renamed, retyped (with the up and
 * the down conversion), made NOT NULL, added or dropped, and which
 * constraints and indexes are added. It needs no database, so it is
 * unit-tested on its own, and it refuses what it cannot run online before
 * anything starts, naming the statement's file:line.
 *
 * The files, by concern:
 *   state.c     retort_online and retort_online_table, the retried
 *               transaction, what the runner refuses (check_plan)
 *   resolve.c   the plan resolved against the live catalog (read through
 *               the engine's rt_online_ops) and what it refuses there
 *   script.c    the four scripts (expand, post, contract, rollback)
 *   expand.c    the expand transaction and the end of expand
 *   backfill.c  the batched backfill and the post-backfill steps
 *   contract.c  complete, rollback (the stored scripts) and the status
 *
 * Layers: online/ sits above engine/ and catalog/. It uses the engine's
 * bookkeeping (engine.h) and implements the runner's rt_online_hook
 * (engine.h), which the runner reaches through the engine descriptor
 * (rt_backend.online, whose first member it is): engine/ never includes
 * this header. The catalog reads are the engine's (rt_online_ops below,
 * PostgreSQL's in catalog/online_postgres.c), set only on the descriptor
 * of an engine with RT_CAP_ONLINE.
 *
 * Everything allocated here lives in the arena of the rt_online_plan (or
 * of the caller, for the helpers that take one).
 */
#ifndef RT_ONLINE_H
#define RT_ONLINE_H

#include "backend/backend.h"
#include "engine/engine.h"
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

/* ---- the catalog, as the engine reads it (rt_online_ops) --------------- */

/* What an online type change builds again over a shadow column. */
typedef struct rt_online_rebuilt {
	const char *name;
	const char *def;    /* the index's or constraint's definition, or
			       a twin's (a referencing key) */
	const char *quoted; /* an index: its name as the definition has it */
	const char *con;    /* an index: the primary key or unique
			       constraint it backs, or NULL */
	const char *kind;   /* with con: "p" or "u" */
	const char *table;  /* a twin: the referencing table, quoted */
	int valid;	    /* a constraint: validated */
	/* as read, for resolve.c to judge: the key's other columns (its
	 * own for a check or key, the referenced ones for a twin), by name
	 * joined by ","; a "_rt_<name>" constraint is there already; a key
	 * that references a column this migration retypes (that column
	 * builds it again); ON DELETE SET NULL / DEFAULT (columns) */
	const char *others;
	int taken, refs_retyped, sets_some;
} rt_online_rebuilt;

typedef struct rt_online_catcol {
	const char *name, *type, *default_sql;
	int not_null;
	const char *attnum;
	char identity; /* GENERATED ... AS IDENTITY: 'a' always, 'd' by
			  default; 0 not one */
	/* a retyped column's indexes that are plain (no constraint uses
	 * them) or back a primary key or unique constraint of the table:
	 * built again on the shadow column, put in place at contract */
	rt_online_rebuilt *ix;
	size_t nix;
	/* a retyped column's checks and own foreign keys: added again over
	 * the shadow column as "_rt_<name>" NOT VALID, validated after the
	 * backfill when the old one was, renamed into place at contract */
	rt_online_rebuilt *con;
	size_t ncon;
	/* the foreign keys that reference the retyped column: a twin
	 * "_rt_<name>" referencing the shadow column is added after its
	 * key's index is built (NOT VALID, then VALIDATE); at contract the
	 * old one is dropped and the twin takes its name */
	rt_online_rebuilt *rf;
	size_t nrf;
	/* the sequence the column owns (serial), "schema.name", and
	 * whether it must widen with the column (ALTER SEQUENCE ... AS) */
	const char *seq;
	int seq_widens;
	/* an identity column's sequence ("schema"."name" quoted, and its
	 * schema and name) and options: the shadow column draws from it
	 * until contract makes it an identity of its own, from where the
	 * old one stopped (see identity_sql) */
	const char *id_seq, *id_seq_schema, *id_seq_name, *id_options;
} rt_online_catcol;

/* A planned table resolved against the catalog. */
typedef struct rt_online_xtable {
	const rt_backend *be; /* its quoter */
	rt_online_table *t;
	const char *oid; /* NULL: no such relation */
	int ordinary;	 /* an ordinary table (not a view, partitioned,
			    foreign...) */
	const char *nspname, *relname;
	const char *q; /* "schema"."rel", quoted */
	rt_online_catcol *cols;
	size_t ncols;
	const char **pk; /* the primary key's columns, in key order */
	size_t npk;
	int64_t reltuples;
	int backfill; /* retyped columns or volatile defaults */
	int trigger;  /* retyped columns */
} rt_online_xtable;

/*
 * The catalog reads of online migrations: what an engine with
 * RT_CAP_ONLINE provides (rt_backend.online), checked when the engine is
 * registered. Each reads only, allocates in `a`, and sets the error on
 * failure. The runner's hook comes first (see rt_online_hook).
 */
typedef struct rt_online_ops {
	rt_online_hook hook; /* RT_ONLINE_HOOK: online/'s entry points */

	/* The schema unqualified names resolve in, or NULL: none. */
	int (*current_schema)(const char **out, rt_arena *a, rt_db *db);
	/* Resolve x->t (as written): x->oid stays NULL when there is no
	 * such relation; else its names, kind, row estimate (a count when
	 * there is none), columns and primary key. */
	int (*load_table)(rt_online_xtable *x, rt_arena *a, rt_db *db);
	/* Does relation `qualified` (quoted) exist? */
	int (*relation_exists)(int *exists, rt_arena *a, rt_db *db,
			       const char *qualified);
	/* Is `name` a relation in x's schema or a constraint of x? */
	int (*name_taken)(int *taken, rt_arena *a, rt_db *db,
			  const rt_online_xtable *x, const char *name);
	/* What uses column c (see resolve.c), one description a line, ""
	 * when nothing. */
	int (*column_users)(const char **out, rt_arena *a, rt_db *db,
			    const rt_online_xtable *x,
			    const rt_online_catcol *c, int views_only,
			    int plain_ok, const char *old_schema,
			    const char *new_schema);
	/* A retyped column's rebuilt indexes (c->ix), its sequences (c->seq,
	 * and c->id_seq* for an identity) as the type `new_type` needs. */
	int (*column_indexes)(rt_online_catcol *c, rt_arena *a, rt_db *db,
			      const rt_online_xtable *x, const char *new_type);
	/* Its checks and own foreign keys (c->con), and the foreign keys
	 * that reference it (c->rf), twins written over the shadows of
	 * every column plan p retypes. */
	int (*column_constraints)(rt_online_catcol *c, rt_arena *a, rt_db *db,
				  const rt_online_xtable *x,
				  const rt_online_plan *p);
	/* The primary key of `table` (quoted): its columns quoted, and
	 * their types, in key order; *n 0 when it has none. */
	int (*key_columns)(const char ***names, const char ***types, size_t *n,
			   rt_arena *a, rt_db *db, const char *table);
	/* The index `qualified` (quoted): "true" valid, "false" left
	 * INVALID by a build that stopped, NULL none. */
	int (*index_valid)(const char **out, rt_arena *a, rt_db *db,
			   const char *qualified);
} rt_online_ops;

/* Every slot set (rt_backend registration). */
int rt_online_ops_complete(const rt_online_ops *ops);

/* The runner's hook, the first member of an engine's rt_online_ops. */
#define RT_ONLINE_HOOK {rt_online_check_plan, rt_online_expand}

/* The engine's ops (the caller checked RT_CAP_ONLINE). */
static inline const rt_online_ops *rt_online_ops_of(const rt_db *db)
{
	return db->be->online;
}

/* ---- against a database -------------------------------------------------- */

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

/* Every row of a query, as text (NULL for SQL NULL), into `a`. */
typedef struct rt_online_rows {
	rt_arena *a;
	rt_vec v; /* const char ** per row, ncols entries */
	int ncols;
	int failed;
} rt_online_rows;
int rt_online_query(rt_online_rows *out, rt_arena *a, rt_db *db,
		    const char *sql, const char *const *params, int n);
/* Row `row`'s column `col`, or NULL. */
const char *rt_online_cell(const rt_online_rows *r, size_t row, int col);

/* Shared by the files here. */
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

/* `name` quoted by the engine's quoter, with `schema` (or NULL) before
 * it, into `a`; NULL when out of memory. */
const char *rt_online_qualified(rt_arena *a, const rt_backend *be,
				const char *schema, const char *name);
const char *rt_online_ident(rt_arena *a, const rt_backend *be,
			    const char *name);

/* ---- resolve.c, script.c, backfill.c ------------------------------------- */

/* Resolve every table of plan p against the catalog (xs: p->tables.len
 * entries) and refuse what cannot run online, before anything changes. */
int rt_online_resolve(rt_online_xtable *xs, rt_arena *a, rt_db *db,
		      const rt_online_plan *p, const char *old_schema,
		      const char *new_schema);
/* The column of x named `name` in the catalog, or NULL. */
rt_online_catcol *rt_online_catcol_find(const rt_online_xtable *x,
					const char *name);

/* The four scripts of a migration's life (script.c). */
typedef struct rt_online_scripts {
	rt_buf expand, post, contract, rollback;
	const rt_backend *be; /* its quoter */
	const char *old_schema, *new_schema;
} rt_online_scripts;
void rt_online_scripts_init(rt_online_scripts *s);
void rt_online_scripts_release(rt_online_scripts *s);
/* Everything of the resolved tables xs[0..n) into s (its engine and
 * schemas set). */
int rt_online_scripts_write(rt_online_scripts *s, rt_arena *a,
			    rt_online_xtable *xs, size_t n);
/* The state rows, appended to the expand transaction `b`. */
int rt_online_state_sql(rt_buf *b, rt_arena *a, const rt_migration *m,
			const rt_online_scripts *s, const char *base,
			rt_online_xtable *xs, size_t n);

/* The backfill of `rev`, resumed where it stopped (backfill.c). */
int rt_online_backfill(rt_db *db, const char *rev,
		       const rt_online_options *opts);
/* Its post-backfill steps; *lock_ms receives the longest lock held. */
int rt_online_post_steps(rt_db *db, const char *rev, int64_t *lock_ms);

#endif
