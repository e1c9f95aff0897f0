/*
 * backend.h: one driver per database engine behind one const vtable, as
 * curl's vtls backends. Code above this layer tests capability bits and
 * never asks which backend it has. Drivers translate native errors into
 * rt_error (message, detail, hint, sqlstate); nothing above sees a native
 * error.
 */
#ifndef RT_BACKEND_H
#define RT_BACKEND_H

#include "util/common.h"
#include "util/url.h"

typedef struct rt_conn rt_conn; /* a driver's connection, opaque */
typedef struct rt_loader rt_loader;

/* The engine's tables for the layers above, each defined by its layer's
 * header (catalog.h, diff.h, ...) and by the engine's file there
 * (catalog_<engine>.c, diff_<engine>.c, ...). */
struct rt_catalog_ops;
struct rt_diff_dialect;
struct rt_render_ops;
struct rt_lint_ops;
struct rt_online_ops;

enum {
	/* DDL runs inside transactions and rolls back with them */
	RT_CAP_TRANSACTIONAL_DDL = 1 << 0,
	/* session-level advisory locks exist (pg_advisory_lock, GET_LOCK) */
	RT_CAP_ADVISORY_LOCK = 1 << 1,
	/* rt_backend.begin takes the migration lock itself (SQLite's
	 * BEGIN IMMEDIATE): the applied set is re-read inside it */
	RT_CAP_LOCKING_BEGIN = 1 << 2,
	/* online (expand/contract) migrations: rt_backend.online is set */
	RT_CAP_ONLINE = 1 << 3,
	/* indexes can be built without blocking writes, outside a
	 * transaction (CREATE INDEX CONCURRENTLY) */
	RT_CAP_CONCURRENT_INDEX = 1 << 4,
	/* table names match case-insensitively ("Cat" and cat are one) */
	RT_CAP_FOLD_TABLE_CASE = 1 << 5,
	/* column names match case-insensitively */
	RT_CAP_FOLD_COLUMN_CASE = 1 << 6,
	/* the database is a local file at rt_url.path, made on first use */
	RT_CAP_FILE_DATABASE = 1 << 7,
	/* a database holds schemas (namespaces): --schema-name applies */
	RT_CAP_SCHEMAS = 1 << 8,
	/* the server may stream its changes to replicas and tells their
	 * replay lag (PostgreSQL's pg_stat_replication): replica_lag is
	 * set, and bulk writes pause while a replica lags */
	RT_CAP_REPLICAS = 1 << 9,
};

/* How the rest of a URL after "scheme:" reads. */
typedef enum rt_url_form {
	RT_URL_PATH,   /* sqlite:PATH, sqlite:///abs, sqlite::memory: */
	RT_URL_SERVER, /* scheme://user:password@host:port/db?k=v */
} rt_url_form;

/* One row of a query result: column values as text, NULL for SQL NULL. */
typedef int (*rt_row_cb)(void *payload, int ncols, const char *const *vals);
/* One replica (rt_replica of retort.h, strings valid during the call);
 * returning non-zero stops. */
typedef int (*rt_replica_cb)(void *payload, const rt_replica *r);
/* One statement found by a splitter: [start, start+len) of the input. */
typedef int (*rt_stmt_cb)(void *payload, size_t start, size_t len);

typedef struct rt_backend {
	const char *name; /* the dialect's name, in messages and scripts */
	/* URL schemes naming this engine (name first), NULL-terminated */
	const char *const *schemes;
	rt_url_form url_form;
	unsigned caps;	  /* RT_CAP_* */

	/* One table per layer above the driver. online is NULL where the
	 * engine has no online migrations (RT_CAP_ONLINE unset). */
	const struct rt_catalog_ops *catalog;
	const struct rt_diff_dialect *diff;
	const struct rt_render_ops *render;
	const struct rt_lint_ops *lint;
	const struct rt_online_ops *online;

	int (*connect)(rt_conn **out, const rt_url *url,
		       const rt_db_options *opts);
	void (*close)(rt_conn *c);

	/* Run one statement, sql[0..len) (not NUL-terminated: statements
	 * are run where the file holds them, uncopied), discarding rows. On
	 * failure the error is set; *errpos, when not NULL, receives the
	 * byte offset within `sql` that the engine blamed, or -1. */
	int (*exec)(rt_conn *c, const char *sql, size_t len, int *errpos);
	/* Run one statement with text parameters $1..$n (in order of first
	 * use), calling `cb` per row; cb returning non-zero stops. */
	int (*query)(rt_conn *c, const char *sql, const char *const *params,
		     int nparams, rt_row_cb cb, void *payload);
	/* Optional (NULL: query without rows serves). A write inside the
	 * migration transaction that may wait for the next round trip on
	 * the connection: its failure is reported by whatever call sends
	 * it (the next query, statement or commit), and rollback drops it
	 * unsent. */
	int (*write)(rt_conn *c, const char *sql, const char *const *params,
		     int nparams);

	/* Optional (NULL: query serves). As query without parameters, for a
	 * result of any size and width: rows reach `cb` as the server sends
	 * them, never the whole result in memory (retort:copy). */
	int (*query_stream)(rt_conn *c, const char *sql, rt_row_cb cb,
			    void *payload);
	/* The migration transaction. With RT_CAP_LOCKING_BEGIN, begin waits
	 * up to the lock timeout and fails with RT_ELOCKED. */
	int (*begin)(rt_conn *c);
	int (*commit)(rt_conn *c);
	int (*rollback)(rt_conn *c);

	/* Split SQL text into statements (no connection needed). Comments
	 * and blanks between statements belong to no statement. */
	int (*split)(const char *sql, size_t len, rt_stmt_cb cb, void *payload);

	/* Does a table of retort's own exist (bookkeeping)? */
	int (*table_exists)(rt_conn *c, const char *name, int *exists);

	/* Bulk load: rows of text values (NULL for SQL NULL). */
	int (*load_begin)(rt_loader **out, rt_conn *c, const char *table,
			  const char *const *cols, int ncols);
	int (*load_row)(rt_loader *l, const char *const *vals);
	/* Finish (ok: commit the rows, report the engine's verdict) or abort;
	 * frees the loader either way. */
	int (*load_end)(rt_loader *l, int ok);

	/* The migration lock, for backends whose transactions are not the
	 * lock (RT_CAP_ADVISORY_LOCK): wait up to opts.lock_wait, then fail
	 * with RT_ELOCKED. NULL where begin locks. */
	int (*lock)(rt_conn *c);
	void (*unlock)(rt_conn *c);
	/* Is the migration lock taken by lock() still ours? Called before
	 * each statement and migration, so cheap (no round trip as a rule);
	 * a lost lock is an error that says so, and the caller stops.
	 * 0 when no lock is held. NULL where begin locks. */
	int (*check_lock)(rt_conn *c);
	/* Is the last error worth retrying the migration for (a lock
	 * timeout)? NULL: never. */
	int (*retryable)(const rt_error *e);
	/* Must this statement run outside a transaction (the engine refuses
	 * it in one, or ignores it there)? A transaction=false section runs
	 * every other statement in a transaction with its journal row. */
	int (*autocommit_only)(rt_conn *c, const char *sql, size_t len);
	/* Does error e say the statement cannot run in a transaction? It is
	 * then run again outside one. NULL: never. */
	int (*refused_in_txn)(const rt_error *e);
	/* Test hook (engine/fault.c, drop-lock): lose the migration lock as
	 * a server that closes the lock's connection would, without telling
	 * the rest of the driver. NULL where the lock is the transaction. */
	void (*drop_lock)(rt_conn *c);

	void (*quote_ident)(rt_buf *out, const char *ident);
	/* A text value as a string literal of the dialect, for offline
	 * scripts (MySQL reads a backslash in one as an escape). */
	void (*quote_literal)(rt_buf *out, const char *s);
	/* Optional. Write one statement of an offline script, terminated
	 * for the engine's client (MySQL's splits at every ';', so a
	 * trigger or routine body goes between DELIMITER lines). NULL: the
	 * statement and its ';'. */
	void (*put_script_stmt)(rt_buf *out, const char *sql, size_t len);
	/* Write the statement that makes `schema` the one unqualified names
	 * resolve in, for offline scripts (RT_CAP_SCHEMAS). */
	void (*put_use_schema)(rt_buf *out, const char *schema);
	/* Process-wide tuning for a program that owns the process (the
	 * CLI), never called by the library itself. NULL: none. */
	void (*tune_process)(void);

	/* RT_CAP_REPLICAS: each replica of the server `c` is on, with its
	 * replay lag. Asked on a connection of its own: the main one may be
	 * in the middle of a bulk load when the rows pause. NULL without
	 * the bit. */
	int (*replica_lag)(rt_conn *c, rt_replica_cb cb, void *payload);

	/* Ask the server to stop the statement running on `c`, from a
	 * signal handler: async-signal-safe (PQcancel is). NULL: no way. */
	void (*cancel)(rt_conn *c);

	/* Optional. An upgrade or downgrade is about to commit `ntxn`
	 * transactions one after another (one per migration): the engine
	 * may change how it commits for the run, never what a commit
	 * promises (SQLite: WAL, one flush a commit instead of four).
	 * run_end undoes it, whatever the run's outcome. Neither fails the
	 * run: what cannot be changed stays as it was. */
	void (*run_start)(rt_conn *c, size_t ntxn);
	void (*run_end)(rt_conn *c);

	/* Dialect bits for retort's own SQL */
	const char *state_ddl;	 /* creates retort_migrations, retort_log */
	/* The first lines of an offline script: a comment and the command
	 * that makes the engine's shell (sqlite3, psql) stop at the first
	 * error, so a failed migration is never followed by later ones or
	 * recorded as applied. */
	const char *script_prologue;
	const char *now_sql;	 /* an expression: the current UTC time */
	/* applied_at of retort_migrations as ISO 8601 text */
	const char *applied_at_sql;
	/* RT_URL_SERVER: the database to connect to for CREATE and DROP
	 * DATABASE (lifecycle.c); NULL: none named (the server's default) */
	const char *server_db;
} rt_backend;

extern const rt_backend rt_backend_sqlite;
extern const rt_backend rt_backend_postgres;
extern const rt_backend rt_backend_mysql;

/* The backend serving a URL scheme (any of its aliases), or NULL with
 * the error set. */
const rt_backend *rt_backend_for(const char *scheme);
/* By dialect name or alias, for offline scripts; NULL when unknown. */
const rt_backend *rt_backend_named(const char *name);
/* The engine of a URL without a database: the embedded one. */
const rt_backend *rt_backend_default(void);
/* Every backend built in, in order; *n receives the count. */
const rt_backend *const *rt_backend_all(size_t *n);
/* Parse database URL `s` into `out` (strings in `arena`), the form
 * chosen by its scheme's engine; *be (when not NULL) receives that
 * engine. A malformed URL is an RT_ERROR_PARSE error whose message shows
 * the URL redacted. */
int rt_url_parse(rt_url *out, rt_arena *arena, const char *s);
int rt_url_parse_engine(rt_url *out, rt_arena *arena, const char *s,
			const rt_backend **be);
/* Run every backend's tune_process (see the slot). */
void rt_backend_tune_process(void);
/* For the drivers: the error of a migrator that lost its lock (`why`:
 * how it was seen), that says nothing more runs; returns RT_ERROR. */
int rt_backend_lock_lost(const char *redacted_url, const char *why);

/* The library's view of an open database (rt_db in retort.h). */
struct rt_db {
	const rt_backend *be;
	rt_conn *conn;
	rt_arena arena;
	rt_url url;
	rt_db_options opts;
	int exists; /* 0: no_create and the database is not there */
};

#endif
