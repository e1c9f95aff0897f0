/*
 * retort.h: the public API of libretort, the schema-migration library.
 *
 * A program that embeds retort loads a migration directory (rt_dir_load),
 * opens a database by URL (rt_db_open) and brings it to a target revision
 * (rt_upgrade). Everything the `retort` command does goes through these
 * functions.
 *
 * Conventions, the same for every function here:
 * - A function that can fail returns int: 0 on success, a negative RT_E*
 *   code on failure. The failure's description is then in rt_error_last(),
 *   per thread, until the next failing call.
 * - Results come back through the first parameter (`**out`) and are the
 *   caller's to release with the matching `_free`. Pointers reached from a
 *   result (a migration's name, a status entry) are borrowed: they live as
 *   long as the result that holds them.
 * - Structs shown here are read-only for callers; fields not documented
 *   are private.
 * - The library never prints and never exits.
 */
#ifndef RETORT_H
#define RETORT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RT_VERSION "0.1.0"

/*
 * What libretort.so exports. The library is compiled with hidden
 * visibility, so a function is part of the ABI exactly when it is
 * declared here with RT_EXTERN (tests/exports.sh checks that the shared
 * library's dynamic symbols and these declarations agree).
 */
#if defined(__GNUC__) || defined(__clang__)
#define RT_EXTERN __attribute__((visibility("default")))
#else
#define RT_EXTERN
#endif

/* ---- text buffers --------------------------------------------------- */

/*
 * A growable string: never NULL once used (ptr is "" when empty), always
 * NUL-terminated; after an allocation failure `oom` sticks and further
 * appends do nothing, so a writer checks once at the end.
 */
typedef struct rt_buf {
	char *ptr;
	size_t len, cap;
	int oom;
} rt_buf;

#define RT_BUF_INIT {0}

/* Free the contents; the buffer may be used again. */
RT_EXTERN void rt_buf_release(rt_buf *buf);

/* ---- errors ---------------------------------------------------------- */

enum {
	RT_OK = 0,
	RT_ERROR = -1,	  /* generic failure */
	RT_ENOTFOUND = -2, /* a revision, file or object does not exist */
	RT_ELOCKED = -3,   /* the migration lock was not acquired in time */
	RT_ECHECKSUM = -4, /* an applied migration's file has changed */
	RT_EDRIFT = -5,	   /* the check said no (pending, drift, partial) */
	RT_EUSAGE = -6,	   /* the caller asked for something meaningless */
	RT_EINTERRUPTED = -7, /* rt_run_options.stop: stopped between
				 migrations */
};

/* What kind of thing failed, for callers that format or classify. */
typedef enum rt_error_class {
	RT_ERROR_NONE = 0,
	RT_ERROR_NOMEMORY,
	RT_ERROR_OS,	  /* a file or system call */
	RT_ERROR_PARSE,	  /* a migration file, URL, config or CSV */
	RT_ERROR_GRAPH,	  /* parents, heads, targets */
	RT_ERROR_BACKEND, /* the database said no */
	RT_ERROR_STATE,	  /* retort's own bookkeeping disagrees */
	RT_ERROR_USAGE,
	RT_ERROR_INTERNAL, /* a bug in retort: the message says what */
} rt_error_class;

typedef struct rt_error {
	int klass;     /* rt_error_class */
	char *message; /* "migration 'x' names unknown parent 'y'" */
	char *detail;  /* or NULL */
	char *hint;    /* or NULL */
	char sqlstate[6]; /* from the backend, or "" */
	const char *file; /* the file it is about, or NULL */
	int line, column; /* 1-based; 0 when not known */
} rt_error;

/* The last error of this thread; never NULL (message "" when none). */
RT_EXTERN const rt_error *rt_error_last(void);
RT_EXTERN void rt_error_clear(void);

/* ---- migration directory --------------------------------------------- */

/* One step of a section: a run of SQL text or a CSV bulk load. */
typedef enum rt_step_kind {
	RT_STEP_SQL,
	RT_STEP_LOAD,
	RT_STEP_COPY
} rt_step_kind;

typedef struct rt_step {
	rt_step_kind kind;
	int line;	  /* first line of the step in the file */
	const char *sql;  /* RT_STEP_SQL: its lines, NUL-terminated (not the
			   * newline ending the last one) */
	const char *table;    /* RT_STEP_LOAD: the target table */
	const char *csv_path; /* RT_STEP_LOAD: resolved against the file */
	/* RT_STEP_COPY (table is the target): the source database's URL as
	 * written (${VAR} expanded when it runs), the query run there, and
	 * the target's columns named (NULL, 0: the table's, in order) */
	const char *copy_url, *copy_query;
	const char *const *copy_cols;
	int ncopy_cols;
} rt_step;

typedef struct rt_section {
	int present;	 /* the directive was there */
	int transaction; /* 1 unless `transaction=false` */
	int line;	 /* line of the `-- retort:up/down` directive */
	rt_step *steps;
	size_t nsteps;
} rt_section;

typedef struct rt_migration {
	const char *name; /* file stem: "20261122013000_add_cat_comment" */
	const char *id;	  /* the 14 digits */
	const char *slug;
	const char *path; /* as found: DIR/NAME.sql */
	const char *checksum; /* SHA-256 hex of the normalized file */
	const char **parents; /* names, as written */
	size_t nparents;
	rt_section up, down;
	int online; /* `-- retort:online` */
	/* `-- retort:lint-ignore RULE reason` directives, in file order
	 * (struct rt_lint_ignore: see the lint block at the end) */
	const struct rt_lint_ignore *lint_ignores;
	size_t nlint_ignores;
	/* graph, filled by rt_dir_load */
	struct rt_migration **parent_refs; /* nparents entries */
	struct rt_migration **children;
	size_t nchildren;
	size_t order; /* position in rt_dir.migrations */
	/* `-- retort:replaces REV...` (a squash, written by `retort
	 * squash`): the revisions it stands for, as written, in graph
	 * order; the last is the revision it squashes to, every other is
	 * an ancestor of that one */
	const char **replaces;
	size_t nreplaces;
	int replaces_line; /* of the first such directive */
	/* `-- retort:repeatable` (a file R_<slug>.sql, in
	 * rt_dir.repeatables): re-applied after the versioned migrations
	 * whenever its checksum differs from the last one applied; `after`:
	 * its `-- retort:after R_other` names, their lines in after_lines */
	int repeatable;
	const char **after;
	const int *after_lines;
	size_t nafter;
	/* graph, filled by rt_dir_load: a squash whose replaced files are
	 * all in the directory stands beside them as an alternative
	 * (squash_alt: it is nobody's parent and no head), and each of them
	 * names it in replaced_by; when they are gone, a parent naming one
	 * of them is the squash itself */
	struct rt_migration *replaced_by;
	int squash_alt;
} rt_migration;

typedef struct rt_dir {
	const char *path;
	/* every migration, topologically ordered: parents before children,
	 * ties broken by name (so by creation time) */
	rt_migration **migrations;
	size_t count;
	rt_migration **heads; /* by name */
	size_t nheads;
	rt_migration **by_name; /* every migration, sorted by name */
	/* the repeatable migrations (R_<slug>.sql), in the order they are
	 * applied: `-- retort:after` first, then by name */
	rt_migration **repeatables;
	size_t nrepeatables;
} rt_dir;

/*
 * Load and validate every `*.sql` migration in `path`. Fails on the first
 * malformed file (message names file:line), on a name that does not fit
 * `<14 digits>_<slug>.sql`, on a missing parent, a cycle or a duplicate.
 * A directory that does not exist is RT_ENOTFOUND.
 */
RT_EXTERN int rt_dir_load(rt_dir **out, const char *path);
/*
 * The same for `status`: every migration's name, path, parents, checksum
 * and online flag, but the sections may be empty (up.present 0): it is
 * for the applied set compared with the directory, never for running.
 * Files whose size, inode, mtime and ctime match the cache of an earlier
 * call (DIR/.retort-cache, written when possible) are not read again.
 */
RT_EXTERN int rt_dir_load_summary(rt_dir **out, const char *path);
RT_EXTERN void rt_dir_free(rt_dir *dir);

/* The migration named `name`, or NULL. */
RT_EXTERN rt_migration *rt_dir_get(const rt_dir *dir, const char *name);

/* ---- databases ------------------------------------------------------- */

typedef struct rt_db rt_db;

/* The longest duration an option takes, in seconds: timeouts end up as
 * milliseconds in an int (about 596 hours). */
#define RT_DURATION_MAX 2147483.0

typedef struct rt_db_options {
	/* Seconds to wait for the migration lock; 0: the default (60);
	 * < 0: do not wait. */
	double lock_wait;
	/* Do not create a database that does not exist yet (read-only
	 * commands): it is then reported as empty. */
	int no_create;
	/* PostgreSQL: seconds a migration statement may wait for a table
	 * lock before it gives up (0: the default, 2; < 0: no limit), and
	 * may run (0: no limit). */
	double lock_timeout, statement_timeout;
	/* Times a migration that gave up waiting for a lock is retried,
	 * with exponential backoff and jitter; 0: the default (5); < 0:
	 * never. */
	int retries;
	/* PostgreSQL: the schema migrations run in and retort's tables live
	 * in (else the URL's search_path, else the server's default). */
	const char *schema_name;
	/* PostgreSQL: how migrators exclude each other: 0, a session
	 * advisory lock; 1, a lease row in retort_lock with an expiry (for
	 * poolers in transaction mode, where session locks do not hold). */
	int lock_table;
	/* Engines with replicas (PostgreSQL streaming replication): online
	 * backfills and retort:load / retort:copy rows pause while any
	 * replica's replay lag exceeds this many seconds, read on the
	 * primary. 0: the default (10); < 0: never pause. */
	double max_replica_lag;
} rt_db_options;

/* The default of rt_db_options.max_replica_lag, seconds. */
#define RT_MAX_REPLICA_LAG 10.0

/* Connect to `url` (sqlite:PATH, sqlite::memory:, postgres://...).
 * Passwords never appear in error messages. */
RT_EXTERN int rt_db_open(rt_db **out, const char *url,
			 const rt_db_options *opts);
RT_EXTERN void rt_db_close(rt_db *db);
/* Run one query outside retort's bookkeeping, calling `cb` per row with
 * the values as text (NULL for SQL NULL); cb returning non-zero stops
 * (`--targets-query` reads its targets so). */
typedef int (*rt_db_row_cb)(void *payload, int ncols,
			    const char *const *vals);
RT_EXTERN int rt_db_query(rt_db *db, const char *sql, rt_db_row_cb cb,
			  void *payload);
/* The database of `url` as a whole (`retort create`, `retort drop`): a
 * SQLite file; a PostgreSQL or MySQL database (CREATE/DROP DATABASE on
 * the server's own database); with `?schema=NAME` (PostgreSQL) only that
 * schema. `*created` / `*dropped` is 0 when there was nothing to do. */
RT_EXTERN int rt_db_create(const char *url, int *created);
RT_EXTERN int rt_db_drop(const char *url, int *dropped);
/* 0 when the server of `url` answers (its database need not exist yet);
 * else the connection's error (`--wait` tries until a deadline). */
RT_EXTERN int rt_db_ping(const char *url);
/* The backend's name: "sqlite", "postgres". */
RT_EXTERN const char *rt_db_backend(const rt_db *db);
/* Run SQL text (several statements) outside retort's bookkeeping: for
 * tests, examples and applications that embed retort. */
RT_EXTERN int rt_db_exec(rt_db *db, const char *sql);

/* ---- replicas --------------------------------------------------------- */

/* One replica of the server of a database (PostgreSQL: a row of
 * pg_stat_replication on the primary, or a physical replication slot
 * nobody streams from). */
typedef struct rt_replica {
	const char *name;  /* application_name (cluster_name), or the slot */
	const char *state; /* "streaming", "catchup", "backup", "startup",
			      "disconnected" (a slot without a replica),
			      "unknown" (the role may not read it) */
	int streaming;	   /* state is "streaming" */
	double lag_s;	   /* replay lag, seconds; 0 caught up; < 0 unknown */
	int64_t lag_bytes; /* WAL not yet replayed; < 0 unknown */
} rt_replica;

typedef struct rt_replicas {
	rt_replica *replicas;
	size_t count;
	int supported;	  /* the engine has replicas retort can read */
	double max_lag_s; /* the pause threshold in force */
	void *priv;
} rt_replicas;

/* The replicas of `db`'s server and their lag (none where the engine has
 * none). `*out` is the caller's to free with rt_replicas_free. */
RT_EXTERN int rt_replicas_load(rt_replicas **out, rt_db *db);
RT_EXTERN void rt_replicas_free(rt_replicas *r);

/* ---- state ----------------------------------------------------------- */

typedef enum rt_rev_state {
	RT_REV_PENDING, /* in the directory, not applied */
	RT_REV_APPLIED,
	RT_REV_PARTIAL, /* a transaction=false section stopped midway */
	RT_REV_EDITED,	/* applied, but the file changed since */
	RT_REV_UNKNOWN, /* applied, but no file has that name */
} rt_rev_state;

typedef struct rt_status_entry {
	const char *revision;
	const rt_migration *migration; /* NULL for RT_REV_UNKNOWN */
	rt_rev_state state;
	/* when applied (any state but PENDING): */
	const char *checksum;	/* recorded when applied */
	const char *applied_at; /* ISO 8601 UTC */
	const char *applied_by;
	int64_t duration_ms;
	/* RT_REV_PARTIAL: statements completed, and in which direction */
	int statements_done;
	const char *partial_direction; /* "up" or "down" */
	/* Applied without a row of its own: the revision whose row stands
	 * for it (a squash for a revision it replaced that its up built, or
	 * the last replaced revision for a squash whose replaced revisions
	 * were all applied); NULL: its own row, or not applied. */
	const char *via;
	/* a squash: how many of the revisions it replaces have rows */
	size_t replaced_applied;
} rt_status_entry;

typedef struct rt_status {
	/* migrations in directory order, then unknown applied revisions */
	rt_status_entry *entries;
	size_t count;
	size_t npending, napplied, npartial, nedited, nunknown;
	/* the applied revisions that no applied revision names as parent */
	const char **current;
	size_t ncurrent;
	/* the repeatable migrations, in the order they apply: APPLIED (its
	 * row has the file's checksum), EDITED (changed since: it applies
	 * again) or PENDING (not applied) */
	rt_status_entry *repeatables;
	size_t nrepeatables;
	size_t nrep_pending; /* changed or never applied */
	/* a squash whose replaced files are gone, and the database is part
	 * way through them: no upgrade or downgrade can serve it */
	const char *stranded;
} rt_status;

/* Read the applied set from `db` and compare it with `dir`. Reads only:
 * a database that has no bookkeeping tables yet has nothing applied. */
RT_EXTERN int rt_status_load(rt_status **out, rt_db *db, const rt_dir *dir);
RT_EXTERN void rt_status_free(rt_status *st);
/* The entry of `revision`, or NULL. */
RT_EXTERN const rt_status_entry *rt_status_get(const rt_status *st,
					       const char *revision);

/* ---- running migrations --------------------------------------------- */

typedef enum rt_direction { RT_UP = 0, RT_DOWN = 1 } rt_direction;

typedef enum rt_event_kind {
	RT_EVENT_START,	  /* a migration begins */
	RT_EVENT_DONE,	  /* it committed */
	RT_EVENT_SKIP,	  /* another migrator applied it meanwhile */
	RT_EVENT_RESUME,  /* a partial migration resumes at `statement` */
	RT_EVENT_STAMP,	  /* marked without running */
	RT_EVENT_PLAN,	  /* dry run: would run */
	RT_EVENT_RETRY,	  /* gave up waiting for a lock; retry `statement` */
	RT_EVENT_PROGRESS, /* retort:copy: `rows` copied into `table` so far */
	/* a replica's replay lag is over rt_db_options.max_replica_lag:
	 * the rows of `table` wait (`replica`, `lag_s`; `finished` set once
	 * every replica is back under it, after `waited_s`), or a replica
	 * is not streaming (`replica_state`, reported once, not waited
	 * for) */
	RT_EVENT_REPLICA_WAIT,
} rt_event_kind;

typedef struct rt_event {
	rt_event_kind kind;
	rt_direction direction;
	const rt_migration *migration; /* NULL for an unknown revision */
	const char *revision;
	int statement;	   /* RT_EVENT_RESUME */
	int64_t duration_ms; /* RT_EVENT_DONE */
	/* RT_EVENT_PROGRESS: every RT_COPY_PROGRESS_ROWS rows, and once
	 * with `finished` set when the copy ends (however it ends) */
	const char *table;
	int64_t rows;
	int finished;
	/* RT_EVENT_REPLICA_WAIT */
	const char *replica;
	const char *replica_state; /* NULL: streaming (a lag wait) */
	double lag_s, max_lag_s, waited_s;
	/* the migration's place in the run's plan (1-based) and the plan's
	 * length, for "3 of 50" progress; 0 outside a plan's loop */
	size_t step, nsteps;
} rt_event;

#define RT_COPY_PROGRESS_ROWS 10000

typedef void (*rt_event_cb)(const rt_event *ev, void *payload);

typedef struct rt_run_options {
	/* Target, as DESIGN.md: "head", "heads", "base", a revision or a
	 * unique prefix, "+N", "-N". NULL: "head" for upgrade, "-1" for
	 * downgrade, required for stamp. */
	const char *target;
	int dry_run;		/* plan and report, change nothing */
	int single_transaction; /* all migrations in one transaction */
	/* Offline mode: the script is appended here and nothing connects.
	 * `from` is the revision the script starts at (NULL: base for
	 * upgrade, head for downgrade). */
	rt_buf *sql_out;
	const char *from;
	const char *dialect; /* offline: "sqlite" or "postgres" */
	const char *schema_name; /* offline, PostgreSQL: SET search_path */
	rt_event_cb on_event;
	void *payload;
	/* upgrade lints the pending migrations against the live catalog
	 * first (rt_lint_migrations, same_run) and refuses error-level
	 * findings with RT_EDRIFT, unless allow_unsafe: then they run, and
	 * each such migration's upgrade row in retort_log says which rules
	 * it broke. lint_ignore: rules suppressed project-wide. */
	int allow_unsafe;
	const char *const *lint_ignore;
	size_t nlint_ignore;
	/* the expand phase of an online migration in the plan: backfill
	 * batches and progress (NULL: the defaults, no progress) */
	const struct rt_online_options *online;
	/* When it points at a non-zero value (set from a signal handler or
	 * another thread), the run starts no further migration: the one
	 * running finishes, then the run fails with RT_EINTERRUPTED. */
	const volatile int *stop;
	/* Leave the repeatable migrations alone: neither applied at the
	 * head nor forgotten after a downgrade (retort test steps through
	 * the versioned migrations first, then checks the repeatable
	 * ones on their own). */
	int no_repeatables;
} rt_run_options;

#define RT_RUN_OPTIONS_INIT {0}

/* Apply pending migrations up to the target. */
RT_EXTERN int rt_upgrade(rt_db *db, const rt_dir *dir,
			 const rt_run_options *opts);
/* Revert applied migrations down to the target. */
RT_EXTERN int rt_downgrade(rt_db *db, const rt_dir *dir,
			   const rt_run_options *opts);
/* Make the recorded state exactly the target's ancestors, running
 * nothing; also resolves a partial revision. */
RT_EXTERN int rt_stamp(rt_db *db, const rt_dir *dir,
		       const rt_run_options *opts);
/* Offline: the SQL script of an upgrade or downgrade, with bookkeeping,
 * appended to opts->sql_out. */
RT_EXTERN int rt_script(const rt_dir *dir, rt_direction direction,
			const rt_run_options *opts);

/* ---- authoring ------------------------------------------------------- */

typedef struct rt_new_options {
	const char **parents; /* NULL: the directory's single head */
	size_t nparents;
	const char *up_sql;   /* body of the up section, or NULL */
	const char *down_sql; /* body of the down section, or NULL */
	const char *comment;  /* a first comment line, or NULL */
	int64_t now;	      /* 0: the current time; for tests */
	/* the section is marked transaction=false (CONCURRENTLY inside) */
	int up_no_transaction, down_no_transaction;
} rt_new_options;

/* Write a new migration file `<id>_<slug>.sql` into `dirpath`. The id is
 * the UTC time, moved past the newest existing id so names stay unique
 * and ordered. `*path_out` is the caller's to free(). */
RT_EXTERN int rt_new_migration(char **path_out, const char *dirpath,
			       const char *slug, const rt_new_options *opts);

/* `init`: the directory, retort.conf and an empty schema file; each is
 * created only when missing. */
RT_EXTERN int rt_init_project(const char *dirpath, const char *conf_path,
			      const char *schema_path);

/* ==== lint: safety analysis of migrations ============================= */
/*
 * `retort lint` and the check `upgrade` runs before it migrates. Each
 * statement of a migration's up section is checked against rules about
 * locks (a rewrite, a scan or a write-blocking build under a lock on a
 * table in use), compatibility (what breaks the application version still
 * running, or loses data) and statements that fail as written.
 * PostgreSQL statements are analysed from libpg_query parse trees; SQLite
 * statements by a small tokenizer-based classifier (SQLite ships no parse
 * tree library).
 *
 * Exemptions: a statement on a table created earlier in the same
 * migration, or in the same run (rt_lint_options.same_run), is exempt
 * from lock and compatibility rules: no application can be using it yet.
 * With a database (rt_lint_options.db), a table that does not exist there
 * is exempt the same way, and a lock-only hazard on a small table is kept
 * in the report but suppressed, with the figures that made it small.
 */

typedef enum rt_lint_severity {
	RT_LINT_WARNING = 1,
	RT_LINT_ERROR = 2,
} rt_lint_severity;

/* What a rule is about (rt_lint_rule.kinds); a rule may be several. */
enum {
	RT_LINT_LOCK = 1 << 0,	 /* locks, rewrites or scans a table in use */
	RT_LINT_COMPAT = 1 << 1, /* breaks the running application, or
				    loses data */
	RT_LINT_FAILS = 1 << 2,	 /* fails or misbehaves as written */
	RT_LINT_STYLE = 1 << 3,	 /* a design choice that hurts later */
};

typedef struct rt_lint_rule {
	const char *id;		   /* "set-not-null" */
	rt_lint_severity severity; /* the default of its findings */
	unsigned kinds;		   /* RT_LINT_LOCK | RT_LINT_COMPAT ... */
	const char *dialects;	   /* "postgres", "sqlite", "postgres,sqlite" */
	const char *summary;	   /* one line */
} rt_lint_rule;

/* Every rule, in a stable order; `*n` receives the count. Static. */
RT_EXTERN const rt_lint_rule *rt_lint_rules(size_t *n);
/* The rule named `id`, or NULL. */
RT_EXTERN const rt_lint_rule *rt_lint_rule_get(const char *id);

/* Where a `-- retort:lint-ignore` directive stands. */
typedef enum rt_lint_scope {
	RT_LINT_SCOPE_FILE, /* before the first section: the whole file */
	RT_LINT_SCOPE_UP,   /* in a section: the next statement of it */
	RT_LINT_SCOPE_DOWN,
} rt_lint_scope;

/* `-- retort:lint-ignore RULE[,RULE...] reason`, one entry per rule,
 * recorded by the parser in rt_migration.lint_ignores. */
typedef struct rt_lint_ignore {
	const char *rule;   /* as written; checked by lint, not the parser */
	const char *reason; /* the rest of the line, "" when none */
	int line;	    /* of the directive */
	rt_lint_scope scope;
} rt_lint_ignore;

typedef struct rt_lint_finding {
	const rt_lint_rule *rule;
	rt_lint_severity severity; /* the rule's, or lower when unsure */
	const char *file;	   /* the migration file */
	const char *revision;	   /* its name (file stem) */
	int line, column;	   /* 1-based, of the offending text */
	const char *source_line;   /* that line of the file, no newline */
	const char *statement;	   /* the whole statement */
	const char *table;	   /* the table concerned, or NULL */
	const char *message;	   /* what the statement does, one line */
	const char *effect;	   /* what happens: lock, rewrite, breakage */
	const char *hint;	   /* the safe way, in words */
	const char *safe_sql;	   /* the SQL to use instead, or NULL */
	/* NULL: the finding counts. Else why it does not:
	 * "lint-ignore: REASON", "retort.conf lint_ignore",
	 * "table 'x' is small (...)" */
	const char *suppressed;
} rt_lint_finding;

/* Catalog figures a report used, one entry per table looked up. */
typedef struct rt_lint_table {
	const char *name;
	int exists;	/* in the database */
	double rows;	/* estimate (pg_class.reltuples) or count (SQLite,
			   capped); < 0 when unknown */
	int64_t bytes;	/* pg_relation_size; < 0 when unknown */
	int small;	/* below the thresholds of rt_lint_options */
	const char *source; /* where the figures came from */
} rt_lint_table;

typedef struct rt_lint_report {
	const char *dialect; /* "postgres" or "sqlite" */
	rt_lint_finding *findings; /* in file and statement order */
	size_t count;
	/* counting findings that are not suppressed */
	size_t nerrors, nwarnings;
	size_t nsuppressed;
	size_t nmigrations, nstatements;
	int catalog; /* figures came from a database */
	rt_lint_table *tables;
	size_t ntables;
} rt_lint_report;

typedef struct rt_lint_options {
	/* "postgres" or "sqlite"; NULL: the backend of `db`, else
	 * "postgres" */
	const char *dialect;
	/* Optional: the target database. Tables are looked up there
	 * (existence, size) when a rule concerns them. Read only. */
	rt_db *db;
	/* The migrations run together, in the order given (upgrade, the
	 * pending set): a table one of them creates is new for all that
	 * follow. 0: each is linted as if those before it were applied
	 * long ago (--all, --since, files): only tables created earlier in
	 * the same migration are new. */
	int same_run;
	/* Tables created earlier in the run, before the first migration
	 * given ("name" or "schema.name"). */
	const char *const *created;
	size_t ncreated;
	/* Migrations run without a lock_timeout of retort's (`--lock-timeout
	 * 0`). 0: retort runs each under its own (PostgreSQL: 2 s unless
	 * told otherwise), so missing-lock-timeout concerns only a
	 * migration that turns it off, and plain SQL files, which something
	 * else runs (psql, an `upgrade --sql` script: it sets none). */
	int no_lock_timeout;
	/* Rules suppressed everywhere (retort.conf lint_ignore). */
	const char *const *ignore;
	size_t nignore;
	/* With `db`: a table with fewer rows than this (default 10000)
	 * and fewer bytes than this (default 8 MiB) is small. */
	double small_rows;
	int64_t small_bytes;
} rt_lint_options;

#define RT_LINT_OPTIONS_INIT {0}

/*
 * Lint the up sections of `migs` (n of them, in the order they would
 * run). `dir` is the directory they belong to, or NULL: with it, what an
 * earlier migration defined (an enum's labels) is known even when only
 * later ones are linted. Fails only when the analysis cannot run (out of
 * memory, the database failed): findings are results, not errors.
 * `*out` is the caller's to release with rt_lint_report_free.
 *
 * For `upgrade` (safe by default): the plan's migrations, in order, with
 * opts.db = the target, opts.same_run = 1, then rt_lint_check(); show
 * the findings with rt_lint_format_report().
 */
RT_EXTERN int rt_lint_migrations(rt_lint_report **out, const rt_dir *dir,
				 rt_migration *const *migs, size_t n,
				 const rt_lint_options *opts);

/* Lint files given by path, in that order. A file with `-- retort:`
 * sections is read as a migration; any other file as plain SQL, outside
 * a transaction unless it says BEGIN. Fails on an unreadable file or a
 * malformed migration (file:line in the error). */
RT_EXTERN int rt_lint_files(rt_lint_report **out, const char *const *paths,
			    size_t n, const rt_lint_options *opts);

/* Lint SQL text as the up section of a migration named `name` (used as
 * the file of findings, e.g. "-"), its statements in one transaction when
 * `transaction` is set: for SQL that is no file yet (`new
 * --autogenerate` asking whether a generated change is safe, stdin). */
RT_EXTERN int rt_lint_sql(rt_lint_report **out, const char *name,
			  const char *sql, int transaction,
			  const rt_lint_options *opts);

/* The migrations of `dir` that are neither `rev` nor its ancestors, in
 * directory order (`retort lint --since REV`). `rev` may be a unique
 * prefix. `*out` is the caller's to free() (the migrations stay
 * borrowed from `dir`). */
RT_EXTERN int rt_lint_since(rt_migration ***out, size_t *n, const rt_dir *dir,
			    const char *rev);

RT_EXTERN void rt_lint_report_free(rt_lint_report *r);

typedef enum rt_lint_format {
	RT_LINT_FORMAT_TEXT,
	RT_LINT_FORMAT_JSON,
	RT_LINT_FORMAT_GITHUB, /* workflow commands: ::error file=...:: */
} rt_lint_format;

enum {
	RT_LINT_OUT_COLOR = 1 << 0,	 /* ANSI colours (text) */
	RT_LINT_OUT_SUPPRESSED = 1 << 1, /* show suppressed findings too */
	RT_LINT_OUT_BRIEF = 1 << 2,	 /* one line a finding (text) */
};

/* Append the report to `out`, formatted. */
RT_EXTERN int rt_lint_format_report(rt_buf *out, const rt_lint_report *r,
				    rt_lint_format format, unsigned flags);

/*
 * The verdict for `upgrade`: 0 when no error-level finding counts, else
 * RT_EDRIFT with the error set ("N unsafe statements in pending
 * migrations", the first findings in the detail, the way out in the
 * hint).
 */
RT_EXTERN int rt_lint_check(const rt_lint_report *r);

/* ==== end of lint ===================================================== */

/* ==== schema (declarative: diff, check, dump) ========================= */

/*
 * A schema read into retort's catalog model by introspecting a live
 * database of the engine (opaque). Sources (DESIGN.md "Autogenerate"):
 * a database URL; `file://PATH` a schema file, loaded into a scratch
 * database; `dir://PATH` a migration directory, applied to a scratch
 * database up to its heads.
 */
typedef struct rt_schema rt_schema;

typedef struct rt_schema_options {
	/* the engine that reads file:// and dir:// sources: "sqlite" (NULL)
	 * or "postgres" */
	const char *dialect;
	/* PostgreSQL: the server the scratch databases of file:// and dir://
	 * are created on (a database retort_scratch_<pid>_<n>, dropped
	 * afterwards): --dev-url, else --url */
	const char *dev_url;
	/* PostgreSQL: read only this schema (--schema-name), the one a
	 * project's migrations run in; other schemas are neither compared
	 * nor changed, and file:// and dir:// are loaded into it. NULL:
	 * every schema. */
	const char *schema_name;
} rt_schema_options;

/* Cancel the work of a scratch database from a signal handler (async-
 * signal-safe): the running rt_schema_load fails at once and drops it. */
RT_EXTERN void rt_schema_interrupt(void);

/* Read `src`. A failing statement of a schema file is reported with the
 * file and line; a database that does not exist reads as empty. */
RT_EXTERN int rt_schema_load(rt_schema **out, const char *src,
			     const rt_schema_options *opts);
RT_EXTERN void rt_schema_free(rt_schema *schema);

typedef struct rt_schema_diff_options {
	/* rename decisions: "table.old=new" (a column), "old=new" (a table) */
	const char *const *renames;
	size_t nrenames;
	/*
	 * PostgreSQL: write the forms that do not block a table that exists
	 * already (lint's safe alternatives): indexes created and dropped
	 * CONCURRENTLY, foreign keys and checks added NOT VALID then
	 * validated, unique constraints and primary keys over an index
	 * built concurrently, SET NOT NULL behind a validated check. A
	 * section using CONCURRENTLY must run outside a transaction:
	 * rt_schema_changes.up_no_transaction / down_no_transaction.
	 */
	int safe;
	/*
	 * With `safe`: what PostgreSQL cannot do in one transaction is cut
	 * into several migrations (rt_schema_changes.steps): enum labels
	 * added and committed before the rest uses them, indexes built or
	 * dropped CONCURRENTLY in sections of their own outside a
	 * transaction, constraints validated after their NOT VALID add has
	 * committed.
	 */
	int split;
} rt_schema_diff_options;

/* One migration of a change cut in several (rt_schema_diff_options
 * .split), each with its own sections and their transaction modes. */
typedef struct rt_schema_step {
	const char *up_sql, *down_sql;
	int up_no_transaction, down_no_transaction;
	const char *why; /* what the step is for, one line; NULL for the
			    migration that holds everything else */
} rt_schema_step;

/* A dropped and an added column (or table) of the same shape: a rename
 * nobody decided on. Without a decision it is a drop and an add. */
typedef struct rt_schema_candidate {
	const char *rename;  /* the decision it would be: "cat.name=title" */
	const char *message; /* "column 'cat.name' dropped, 'cat.title' added
				(both text)" */
} rt_schema_candidate;

typedef struct rt_schema_changes {
	size_t count;	/* changes; 0: the two schemas are equal */
	char *up_sql;	/* `from` to `to` ("" when equal) */
	char *down_sql; /* back again: the diff in the other direction,
			   renames inverted */
	rt_schema_candidate *candidates;
	size_t ncandidates;
	/* what loses data: "drops column 'cat.name'", one a line */
	const char **data_loss;
	size_t ndata_loss;
	/* the decisions applied (given, or recorded in the migrations of a
	 * dir:// `from` by `-- retort:rename`), for the migration's header */
	const char **renames;
	size_t nrenames;
	/* with `safe`: the section has statements that cannot run inside a
	 * transaction block (mark it transaction=false) */
	int up_no_transaction, down_no_transaction;
	/* the migrations to write, in order, each the parent of the next:
	 * one (up_sql, down_sql) unless `split` cut the change; the downs
	 * run in the reverse order and each undoes its own up */
	const rt_schema_step *steps;
	size_t nsteps;
} rt_schema_changes;

/* Compare two schemas of one engine. */
RT_EXTERN int rt_schema_diff(rt_schema_changes **out, const rt_schema *from,
			     const rt_schema *to,
			     const rt_schema_diff_options *opts);
RT_EXTERN void rt_schema_changes_free(rt_schema_changes *changes);

/* The schema as SQL that recreates it in an empty database, objects in
 * dependency order then by name (deterministic). */
RT_EXTERN int rt_schema_dump(rt_buf *out, const rt_schema *schema);

/* ==== end of schema ==================================================== */

/* ==== online: expand/contract migrations (PostgreSQL) ================ */
/*
 * A migration marked `-- retort:online` holds plain DDL (rename a column,
 * change its type with USING, SET NOT NULL, add or drop a column, add a
 * constraint, create an index). `upgrade` (or rt_online_start) runs its
 * expand phase: the new shape beside the old, triggers that keep both in
 * sync, existing rows backfilled in batches, and a schema of views per
 * application version ("rt_<revision>"), chosen with search_path. The
 * migration then stays active, both versions running, until
 * rt_online_complete (contract: the old shape goes) or
 * rt_online_rollback (the new shape goes); either drops both schemas of
 * views. One is active at a time; the runner refuses later revisions
 * until then.
 */

typedef struct rt_online_progress {
	const char *revision;
	const char *table;
	int64_t rows_done;  /* this table, since the backfill began */
	int64_t rows_total; /* estimate (pg_class.reltuples) */
	double rows_per_s;  /* this run's rate */
	double eta_s;	    /* < 0 when unknown */
	int finished;	    /* the table's backfill is done */
} rt_online_progress;

typedef void (*rt_online_progress_cb)(const rt_online_progress *p,
				      void *payload);

typedef struct rt_online_options {
	/* rows a backfill batch updates (one transaction); 0: the default */
	int batch_size;
	/* pause between batches, milliseconds; 0: the default; < 0: none */
	int batch_delay_ms;
	/* called after each batch */
	rt_online_progress_cb on_progress;
	void *payload;
	/* the backfill's RT_EVENT_REPLICA_WAIT events (NULL: none) */
	rt_event_cb on_event;
	void *event_payload;
} rt_online_options;

#define RT_ONLINE_OPTIONS_INIT {0}
/* The defaults (docs/guide-online.md says how they were measured). */
#define RT_ONLINE_BATCH_SIZE 5000
#define RT_ONLINE_BATCH_DELAY_MS 0

typedef struct rt_online_table_status {
	const char *table;
	int64_t rows_done, rows_total;
	int finished;
} rt_online_table_status;

typedef struct rt_online_status {
	/* the active online migration, else the last one; NULL: none ever */
	const char *revision;
	int active;
	/* "backfill" (expanding), "active", "completed", "rolled back" */
	const char *phase;
	/* the two versions' schemas and their search_path settings,
	 * e.g. "rt_20261122013000_x, public". Once it is over both schemas
	 * are dropped: the surviving version's search_path is the base
	 * schema ("public"), the other's NULL. */
	const char *old_schema, *new_schema;
	const char *old_search_path, *new_search_path;
	const char *started_at, *finished_at, *started_by;
	/* the longest time retort held an ACCESS EXCLUSIVE lock in each
	 * phase, ms (-1: not run) */
	int64_t expand_lock_ms, post_lock_ms, contract_lock_ms;
	rt_online_table_status *tables;
	size_t ntables;
} rt_online_status;

/* Read retort_online; a database without it has no online migration. */
RT_EXTERN int rt_online_status_load(rt_online_status **out, rt_db *db);
RT_EXTERN void rt_online_status_free(rt_online_status *st);

/*
 * Expand the next pending online migration (or `revision`), whose
 * ancestors must all be applied, or resume one whose backfill stopped.
 * The same as `upgrade` to it, with options.
 */
RT_EXTERN int rt_online_start(rt_db *db, const rt_dir *dir,
			      const char *revision,
			      const rt_online_options *opts);
/* Contract the active online migration (finishing its backfill first
 * when it was interrupted). */
RT_EXTERN int rt_online_complete(rt_db *db, const rt_dir *dir,
				 const rt_online_options *opts);
/* Undo the active online migration's expand; it is pending again. */
RT_EXTERN int rt_online_rollback(rt_db *db, const rt_dir *dir,
				 const rt_online_options *opts);
/* The plan of an online migration, one operation a line (no database):
 * fails as upgrade would on a statement it cannot run online. */
RT_EXTERN int rt_online_describe(rt_buf *out, const rt_migration *m);

/* ==== end of online ==================================================== */

/* ==== import: adopting another migration tool's project =============== */
/*
 * `retort import TOOL SRC`: one retort migration per migration of the
 * other tool (its order and graph, up and down SQL, no-transaction
 * markers), written into an empty or absent directory; with a database,
 * the revisions the tool's version table says are applied are recorded
 * as applied in retort's state (nothing is run, the tool's table is only
 * read), in one transaction, each logged as an import.
 */

typedef struct rt_import_options {
	const char *dir; /* where to write; must be empty or absent */
	rt_db *db;	 /* the database to read and record, or NULL */
	const char *url; /* its URL (a tool may keep state beside it) */
	/* the dialect of SQL a tool renders (Alembic): NULL, the database's
	 * or else the default engine's */
	const char *dialect;
	int dry_run;  /* plan only: write nothing, record nothing */
	int64_t now;  /* 0: the current time (ids where versions are not
		       * times); for tests */
} rt_import_options;

typedef struct rt_import_entry {
	const char *revision; /* retort's name: "20240101120000_create_users" */
	const char *version;  /* the source tool's version */
	const char *name;     /* its description */
	const char *file;     /* the source file */
	const char **parents; /* retort names */
	size_t nparents;
	int reversible; /* has a down */
	int up_no_transaction, down_no_transaction;
	int applied; /* the tool's table says so */
} rt_import_entry;

typedef struct rt_import_result {
	const char *tool;  /* "dbmate" */
	const char *table; /* the tool's version table */
	const char *dir;   /* where the files are (or would be) */
	rt_import_entry *entries; /* in order */
	size_t count, napplied, nirreversible;
	int db_read;  /* a database was given and read */
	int recorded; /* the applied set was recorded (not a dry run) */
	const char **notes; /* remarks: a missing table, ... */
	size_t nnotes;
	void *priv;
} rt_import_result;

/* Import `src` of `tool`. An unknown tool is RT_EUSAGE naming the tools;
 * on any failure nothing is written and nothing recorded. */
RT_EXTERN int rt_import(rt_import_result **out, const char *tool,
			const char *src, const rt_import_options *opts);
RT_EXTERN void rt_import_result_free(rt_import_result *r);
/* The i-th tool's name and what its SRC is; NULL past the last. */
RT_EXTERN const char *rt_import_tool(size_t i, const char **src);

/* ==== end of import ==================================================== */
/* ==== test: migrations that prove themselves (`retort test`) ========== */
/*
 * On a scratch database of the engine (made on the server of
 * rt_test_options.scratch_url and dropped afterwards; SQLite: in memory):
 * the directory parses and has one head; applied checksums of a database
 * (rt_test_options.db) match the files; then the stairway: from base, each
 * revision in order is upgraded, its catalog recorded, downgraded (the
 * catalog must equal the one before its up) and upgraded again. A test
 * file `DIR/tests/<revision>.sql` holds a `-- retort:before` section
 * (statements run before the revision is applied) and a `-- retort:after`
 * section (queries that must each return one row whose first column is
 * true, after the up and again after the down/up round trip). Then the
 * head state equals the schema source, and lint over the migrations
 * tested. Everything runs in this process over one connection.
 */

typedef enum rt_test_status {
	RT_TEST_PASS = 0,
	RT_TEST_FAIL,
	RT_TEST_SKIP, /* not run, and why (an irreversible migration) */
} rt_test_status;

/* One check's result. Strings live as long as the report. */
typedef struct rt_test_check {
	rt_test_status status;
	const char *revision; /* the migration, or NULL (the directory) */
	/* "parse", "graph", "checksums", "test files", "from", "up",
	 * "data after up", "down", "catalog after down", "up again",
	 * "data after round trip", "schema", "lint" */
	const char *what;
	const char *message; /* one line, or NULL */
	const char *detail;  /* more lines (the SQL a down lacks, lint
				findings), or NULL */
	const char *file;    /* the file it is about, or NULL */
	int line;	     /* in it; 0 when not known */
	int64_t duration_ms;
} rt_test_check;

typedef void (*rt_test_cb)(const rt_test_check *c, void *payload);

typedef struct rt_test_options {
	/* the engine ("sqlite", "postgres", "mysql"; NULL: the default)
	 * and the server its scratch database is made on (--dev-url, else
	 * --url; not needed for SQLite) */
	const char *dialect;
	const char *scratch_url;
	/* PostgreSQL: the schema the migrations run in (--schema-name) */
	const char *schema_name;
	/* test only the revisions that follow this one (a unique prefix
	 * will do): the scratch database is upgraded to it first */
	const char *from;
	/* the schema source the head state must equal ("file://PATH"), or
	 * NULL: not compared */
	const char *schema_source;
	/* a database whose applied checksums are compared with the files
	 * (read only), or NULL */
	rt_db *db;
	/* rules lint suppresses everywhere (retort.conf lint_ignore) */
	const char *const *lint_ignore;
	size_t nlint_ignore;
	/* each check as it ends */
	rt_test_cb on_check;
	void *payload;
} rt_test_options;

#define RT_TEST_OPTIONS_INIT {0}

typedef struct rt_test_report {
	rt_test_check *checks; /* in the order they ran */
	size_t count;
	size_t npassed, nfailed, nskipped;
	size_t nmigrations; /* in the directory */
	size_t ntested;	    /* that went through the stairway */
	int64_t duration_ms;
} rt_test_report;

/*
 * Test the migration directory `dirpath`. Failed checks are results, not
 * errors: the call fails only when the test cannot run (no scratch
 * database, out of memory, interrupted), with the error set and the
 * scratch database dropped. `*out` (also on failure, the checks run so
 * far) is the caller's to release with rt_test_report_free.
 */
RT_EXTERN int rt_test_run(rt_test_report **out, const char *dirpath,
			  const rt_test_options *opts);
RT_EXTERN void rt_test_report_free(rt_test_report *r);
/* From a signal handler (async-signal-safe): the running rt_test_run
 * stops at once, drops its scratch database and fails. */
RT_EXTERN void rt_test_interrupt(void);

/* ==== end of test ====================================================== */

/* ==== squash: one migration for a long history (`retort squash`) ====== */
/*
 * The history up to a revision (it and every ancestor) applied to a
 * scratch database; its catalog rendered by the diff engine from an
 * empty one (objects in dependency order) as the up of one new
 * migration, and back again as its down; `-- retort:replaces` names every
 * revision it stands for, the squashed-to one last. Before anything is
 * written the file itself is applied to a second scratch database, whose
 * catalog must equal the history's, and its down must leave it empty:
 * otherwise the call fails naming the difference and writes nothing.
 * The squash carries the schema, not rows: tables the history left rows
 * in (seed data) are listed in the result.
 */
typedef struct rt_squash_options {
	/* the engine and the server of the scratch databases, as
	 * rt_test_options (NULL dialect: the default engine) */
	const char *dialect;
	const char *scratch_url;
	const char *schema_name;
	const char *revision; /* squash up to this one; NULL: the head */
	int dry_run;	      /* build and verify, write nothing */
	int64_t now;	      /* the new file's id time; 0: now */
} rt_squash_options;

#define RT_SQUASH_OPTIONS_INIT {0}

typedef struct rt_squash_result {
	const char *path;     /* the file written (or it would be) */
	const char *text;     /* its text */
	const char *revision; /* squashed to */
	size_t nreplaced;
	size_t nobjects;      /* objects of the catalog it creates */
	/* tables the replaced migrations left rows in: not carried */
	const char **seeded;
	size_t nseeded;
	int64_t build_ms, verify_ms;
	void *priv;
} rt_squash_result;

RT_EXTERN int rt_squash(rt_squash_result **out, const char *dirpath,
			const rt_squash_options *opts);
RT_EXTERN void rt_squash_result_free(rt_squash_result *r);
/* From a signal handler (async-signal-safe): the running rt_squash
 * stops, drops its scratch databases and fails. */
RT_EXTERN void rt_squash_interrupt(void);

/* ==== end of squash ==================================================== */

#ifdef __cplusplus
}
#endif
#endif
