/*
 * engine.h: plans, statement units, bookkeeping and the runner
 * (internal to the library).
 */
#ifndef RT_ENGINE_H
#define RT_ENGINE_H

#include "backend/backend.h"
#include "migration/migration.h"
#include "util/sha256.h"

/* ---- units: a section flattened into what runs one at a time --------- */

typedef struct rt_unit {
	rt_step_kind kind;
	int line; /* line of the statement's first character */
	const rt_step *step;
	/* RT_STEP_SQL: one statement, sql[0..len) inside the step's text
	 * (not NUL-terminated: nothing is copied); RT_STEP_LOAD: "load T
	 * from 'f'" (RT_STEP_COPY: rt_copy_describe), NUL-terminated, len
	 * its length */
	const char *sql;
	size_t len;
	/* journal hash (rt_unit_hash): NULL until first asked, since only
	 * a transaction=false section's journal needs it */
	const char *hash;
} rt_unit;

/* Split every step of `sec` (of the migration file `path`) with the
 * backend's splitter; a text it cannot split (an unterminated comment or
 * quote) is an error naming path:line. Units and their array live in
 * `a`. */
int rt_units_build(rt_unit **out, size_t *n, rt_arena *a,
		   const rt_backend *be, const rt_section *sec,
		   const char *path);
/* The unit's journal hash, of the statement (normalized as a file's
 * checksum is) or of a load's description; computed on first use into
 * `a`. NULL on failure (out of memory, error set). */
const char *rt_unit_hash(rt_unit *u, rt_arena *a);

/* ---- bookkeeping ----------------------------------------------------- */

typedef struct rt_state_row {
	const char *revision, *checksum, *applied_at, *applied_by;
	const char *state; /* "applied" or "partial" */
	const char *direction;
	int64_t duration_ms;
	int statements_done;
	const char *locked_by; /* "host:pid" running it now, or NULL */
} rt_state_row;

/* Create retort_migrations and retort_log when missing. */
int rt_state_ensure(rt_db *db);

/* Fault injection at a named point (fault.c; a no-op unless built with
 * -Dfault_injection and RETORT_FAULT_INJECT names the point): 0 to go on,
 * or negative with the error set (an injected failure). */
int rt_fault(rt_db *db, const char *point);
/* The backend's commit between the commit-before and commit-after
 * points. */
int rt_fault_commit(rt_db *db);
/* Every row of retort_migrations; none when the table does not exist. */
int rt_state_read(rt_state_row **rows, size_t *n, rt_arena *a, rt_db *db);
/* rt_status_load in its two halves, for a caller that reads the database
 * on one thread while another loads the directory: the rows (the status
 * freed with rt_status_free), then the comparison with the directory
 * (once; on failure the caller still frees it). */
int rt_status_read_rows(rt_status **out, rt_db *db);
int rt_status_match(rt_status *st, const rt_dir *dir);
/* The row of one revision, inside the migration transaction. */
int rt_state_get(rt_state_row *row, int *found, rt_arena *a, rt_db *db,
		 const char *revision);

/* One row of the audit trail. `statement` 0 and duration < 0 are NULL. */
typedef struct rt_log_entry {
	const char *event; /* upgrade, downgrade, stamp, unstamp, failure,
			      statement, partial */
	const char *revision;
	const char *direction; /* "up", "down" or NULL */
	const char *checksum;
	int statement;
	int64_t duration_ms;
	const char *message;
} rt_log_entry;

/* The SQL of bookkeeping changes. In `out` as a script with literals
 * when db is NULL (offline), else executed. */
typedef struct rt_state_writer {
	rt_db *db;	     /* online */
	const rt_backend *be; /* dialect */
	rt_buf *out;	     /* offline */
	/* online: send each write at once, never left for the next round
	 * trip (rt_backend.write), so that its failure is known here */
	int at_once;
} rt_state_writer;

int rt_state_log(rt_state_writer *w, const rt_log_entry *e);
/* `exists`: a partial row is there to update, else insert. */
int rt_state_mark_applied(rt_state_writer *w, const rt_migration *m,
			  int64_t duration_ms, int exists);
/* `held`: this process is running it (locked_by = rt_holder());
 * 0 releases it (after a failure). */
int rt_state_mark_partial(rt_state_writer *w, const rt_migration *m,
			  rt_direction d, int done, int exists, int held);
int rt_state_delete(rt_state_writer *w, const char *revision);
/* A partial row no longer names a holder; its statements_done stays what
 * the journal committed. */
int rt_state_release(rt_state_writer *w, const char *revision);
int rt_state_set_checksum(rt_state_writer *w, const char *revision,
			  const char *checksum);
/* Statement hashes journaled for a partial revision, by position. */
int rt_state_journal(char ***hashes, int *n, rt_arena *a, rt_db *db,
		     const char *revision, const char *direction);

/* ---- plans ----------------------------------------------------------- */

typedef struct rt_plan {
	rt_direction direction;
	rt_migration **steps; /* in the order to run */
	size_t n;
} rt_plan;

/*
 * The migrations to run from the applied set `applied` (a byte per
 * migration, by `order`) towards `target`. Upgrade: pending ancestors of
 * the target, parents first. Downgrade: applied revisions that are not
 * ancestors of the target, children first. `virt` (or NULL): applied
 * entries without a row of their own (rt_status_entry.via), which a
 * downgrade leaves to the revision whose row stands for them.
 */
int rt_plan_make(rt_plan *out, rt_arena *a, const rt_dir *dir,
		 const unsigned char *applied, const unsigned char *virt,
		 rt_direction direction, const char *target);

/* ---- replicas: bulk writes wait for them (replica.c) ------------------ */

/*
 * A gate a bulk writer passes between its batches: it returns at once
 * unless the engine has replicas (RT_CAP_REPLICAS) and one of them lags
 * more than db->opts.max_replica_lag; then it waits until none does,
 * reporting RT_EVENT_REPLICA_WAIT to `cb` (every few seconds while it
 * waits, and when it ends). A replica that is not streaming is reported
 * once and not waited for. The server is asked at most every 250 ms, so
 * a writer may pass it per row.
 */
typedef struct rt_replica_gate {
	rt_db *db;
	const char *table; /* what waits, for the events */
	rt_event_cb cb;
	void *payload;
	int enabled;
	int64_t next_check; /* rt_time_ms: not asked again before */
	int64_t waited_ms;  /* in all */
	char noted[8][64];  /* replicas reported as not streaming */
	size_t nnoted;
} rt_replica_gate;

/* Rows a loader writes between two passes (retort:load, retort:copy). */
#define RT_REPLICA_BATCH_ROWS 1000

void rt_replica_gate_init(rt_replica_gate *g, rt_db *db, const char *table,
			  rt_event_cb cb, void *payload);
int rt_replica_gate_pass(rt_replica_gate *g);

/* ---- CSV ------------------------------------------------------------- */

/* Load a CSV file into `table` through the backend's loader, or render it
 * as INSERT statements into `out` (offline, when db is NULL). `progress`
 * (NULL: none) gets RT_EVENT_REPLICA_WAIT events while the rows wait for
 * a lagging replica. */
int rt_csv_load(rt_db *db, rt_buf *out, const rt_backend *be,
		const rt_step *step, const char *migration_path,
		rt_event_cb progress, void *payload);

/* ---- copy: -- retort:copy TABLE FROM 'URL' QUERY '...' (copy.c) ------- */

/* Run the step's query on its source database and put the rows into the
 * table through the backend's loader on `db` (in the transaction open
 * there), or, offline (db NULL), render them into `out` as INSERT
 * statements after a comment saying a script cannot stream them.
 * `progress` (NULL: none) gets RT_EVENT_PROGRESS events, kind, table,
 * rows and finished set, the rest left for the caller to fill. A row
 * the target refuses is an error naming its position in the query's
 * result. */
int rt_copy_run(rt_db *db, rt_buf *out, const rt_backend *be,
		const rt_step *step, const char *migration_path,
		rt_event_cb progress, void *payload);
/* "copy T from 'URL' query '...'" with the URL's password hidden: the
 * unit's text (journal hash, messages). In `a`; NULL when out of memory. */
char *rt_copy_describe(rt_arena *a, const rt_step *step);

/* run_repeatable.c: does an upgrade to `target` end at the head(s),
 * where repeatable migrations run? */
int rt_reaches_heads(const rt_dir *dir, const char *target);

/* Substitute $1..$n in `tmpl` with `be`'s SQL literals (NULL: NULL;
 * raw[i]: the value as is, e.g. an expression). */
void rt_sql_bind_literals(rt_buf *out, const rt_backend *be, const char *tmpl,
			  const char *const *vals, const unsigned char *raw,
			  int n);

/* ---- retries --------------------------------------------------------- */

/* Sleep before retry `attempt` (1, 2, ...): 100 ms doubling, capped at
 * 5 s, with full jitter so that migrators queued behind one long
 * transaction do not all come back at once. The runner's and online
 * migrations' retries (lock_timeout) alike. */
void rt_backoff(int attempt);
/* Sleep `ms` milliseconds (none when ms <= 0). */
void rt_sleep_ms(long ms);

/* ---- online migrations: the runner's hook ---------------------------- */

/*
 * What the runner asks of online migrations (`-- retort:online`). online/
 * sits above engine/ and implements it; an engine with RT_CAP_ONLINE
 * carries it as the first member of its rt_backend.online table, so the
 * runner reaches it through the descriptor and never includes
 * online/online.h.
 */
typedef struct rt_online_hook {
	/* What the runner refuses in a plan while an online migration is
	 * active, or one it cannot run (rt_online_check_plan). */
	int (*check_plan)(rt_db *db, rt_migration *const *steps, size_t n,
			  rt_direction d, int single_transaction);
	/* An online migration's up step: its expand phase
	 * (rt_online_expand). */
	int (*expand)(rt_db *db, const rt_dir *dir, const rt_migration *m,
		      const rt_online_options *opts);
} rt_online_hook;

/* 0 when engine `be` runs online migrations (RT_CAP_ONLINE), else
 * RT_EUSAGE with the error set, naming revision `rev` (or none) and the
 * engines that do. */
int rt_need_online(const rt_backend *be, const char *rev);

/* The engine's hook, or NULL where it has no online migrations. */
static inline const rt_online_hook *rt_online_hook_of(const rt_backend *be)
{
	/* a pointer to a struct, converted, points to its first member */
	return be->online ? (const rt_online_hook *)(const void *)be->online
			  : NULL;
}

#endif
