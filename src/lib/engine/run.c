/*
 * run.c: the runner: upgrade, downgrade and stamp against a live database.
 *
 * Every migration runs in one transaction together with its bookkeeping.
 * With RT_CAP_LOCKING_BEGIN (SQLite) the transaction is the migration
 * lock, and the revision's row is re-read inside it: a migration another
 * process applied meanwhile is skipped, so any number of processes may
 * upgrade one database at once and each migration runs exactly once.
 *
 * A `transaction=false` section runs unit by unit; each unit's position
 * and hash are journaled (retort_log, event 'statement') and the row's
 * statements_done advances. With transactional DDL each unit commits in
 * one transaction with its journal row (with RT_CAP_LOCKING_BEGIN that
 * transaction takes the write lock), so a crash never leaves a done unit
 * unjournaled; only what the engine runs outside a transaction
 * (rt_backend.autocommit_only, refused_in_txn) commits apart from its
 * row, and may run again after a crash between the two. A failure leaves
 * the row 'partial'; the next run verifies the journaled hashes against
 * the file and resumes at the first unit not completed.
 *
 * Squashes (graph.c, status.c, plan.c): the plan picks a squash instead
 * of the files it replaces for a database that has none of them; a
 * squash's down also removes the rows of the revisions it replaced; a
 * squash whose files are gone and whose replaced revisions a database
 * applied gets its own row first (so its children find their parent),
 * and a database stranded part way through such a squash is refused.
 *
 * Repeatable migrations run after the versioned ones of an upgrade to
 * the head(s), each whose checksum differs from its row's (and each
 * that comes after one that runs), in one
 * transaction with its row and its log entry (event 'repeatable'). A
 * downgrade leaves their objects and forgets their rows, so the next
 * upgrade to the head applies them again.
 */
#include "engine/runner.h"
#include "util/fs.h"
#include "util/sql_lex.h"

#include <time.h>


void rt_runner_emit(runner *r, rt_event_kind kind, rt_direction d,
		 const rt_migration *m, int statement, int64_t ms)
{
	rt_event ev;

	if (!r->opts->on_event)
		return;
	memset(&ev, 0, sizeof(ev));
	ev.kind = kind;
	ev.direction = d;
	ev.migration = m;
	ev.revision = m ? m->name : r->cur_revision;
	ev.statement = statement;
	ev.duration_ms = ms;
	ev.step = r->step;
	ev.nsteps = r->nsteps;
	r->opts->on_event(&ev, r->opts->payload);
}

/* A copy's progress, as an event of the migration running it. */
struct copy_progress_ctx {
	runner *r;
	const rt_migration *m;
	const rt_step *step;
};

static void copy_progress(const rt_event *ev, void *payload)
{
	struct copy_progress_ctx *x = payload;
	const rt_section *up = &x->m->up;
	rt_event e = *ev;

	if (!x->r->opts->on_event)
		return;
	e.migration = x->m;
	e.revision = x->m->name;
	e.direction = x->step >= up->steps && x->step < up->steps + up->nsteps
			  ? RT_UP
			  : RT_DOWN;
	x->r->opts->on_event(&e, x->r->opts->payload);
}

const char *rt_runner_dirname(rt_direction d)
{
	return d == RT_UP ? "up" : "down";
}

const rt_section *rt_runner_section(const rt_migration *m, rt_direction d)
{
	return d == RT_UP ? &m->up : &m->down;
}

/* Record a failure in the audit trail in a transaction of its own,
 * keeping the error that caused it. */
void rt_runner_log_failure(runner *r, const rt_migration *m, rt_direction d,
			int statement)
{
	rt_error_saved *saved;
	rt_log_entry e = {0};

	if (r->in_single)
		return; /* rolled back with everything else */
	saved = rt_error_save();
	e.event = "failure";
	e.revision = m->name;
	e.direction = rt_runner_dirname(d);
	e.checksum = m->checksum;
	e.statement = statement;
	e.duration_ms = -1;
	e.message = rt_error_saved_message(saved);
	if (r->db->be->begin(r->db->conn) == 0) {
		if (rt_state_log(&r->w, &e) == 0)
			rt_fault_commit(r->db);
		else
			r->db->be->rollback(r->db->conn);
	}
	rt_error_restore(saved);
}

/* A database that had a schema before retort (built by hand, by another
 * tool) meets its first upgrade with "already exists": stamp is the way
 * in. SQLSTATE duplicate_table/object/schema/column, or, where the engine
 * gives no SQLSTATE, its words. */
static int already_exists(const rt_error *e)
{
	/* and ODBC's base table exists, column exists (MySQL) */
	static const char *const states[] = {"42P07", "42710", "42P06",
					     "42701", "42S01", "42S21"};
	size_t i;

	for (i = 0; i < RT_ARRAY_SIZE(states); i++)
		if (!strcmp(e->sqlstate, states[i]))
			return 1;
	return !e->sqlstate[0] && e->message &&
	       strstr(e->message, "already exists") != NULL;
}

static int nothing_applied(const runner *r)
{
	return r->st && r->st->napplied == 0 && r->st->npartial == 0 &&
	       r->st->nunknown == 0;
}

/* Commit a migration's transaction (its statements or its bookkeeping):
 * a failure here (a full disk, a lost connection) is the migration's, and
 * says so. */
int rt_runner_commit(runner *r, const rt_migration *m,
			    rt_direction d)
{
	int error = rt_fault_commit(r->db);

	if (error < 0 && error != RT_ELOCKED) {
		rt_error_prefix("migration '%s' could not be committed (%s)",
				m->name, rt_runner_dirname(d));
		rt_error_at(m->path, 0, 0);
	}
	return error;
}

/* The units of m's section in direction d: split when the plan is checked
 * (every section at once, so an unterminated quote stops the run before
 * anything runs), then kept for the run and its retries. */
static int units_of(rt_unit **out, size_t *n, runner *r, const rt_migration *m,
		    rt_direction d)
{
	struct unit_set *u = r->units ? &r->units[m->order] : NULL;
	int error;

	if (u && u->items) {
		*out = u->items;
		*n = u->n;
		return 0;
	}
	if ((error = rt_units_build(out, n, &r->arena, r->db->be,
				    rt_runner_section(m, d), m->path)) < 0)
		return error;
	if (u) {
		u->items = *out;
		u->n = *n;
	}
	return 0;
}

/* Run one unit; on failure, point the error at the file and line. */
static int run_unit(runner *r, const rt_migration *m, const rt_unit *u,
		    int index, int count)
{
	int errpos = -1, error;
	const rt_error *e;
	char shown[304];
	size_t len;

	/* Two migrators never both run a statement: one that lost the
	 * migration lock stops here. (Its bookkeeping commits are guarded
	 * by the backend: a lease is checked at COMMIT, and an advisory
	 * lock's fence keeps a newcomer out while this session lives.) */
	if (r->db->be->check_lock &&
	    (error = r->db->be->check_lock(r->db->conn)) < 0) {
		rt_error_prefix("migration '%s' stopped before statement %d "
				"of %d",
				m->name, index + 1, count);
		rt_error_at(m->path, u->line, 0);
		return error;
	}
	if (u->kind != RT_STEP_SQL) {
		struct copy_progress_ctx cp = {r, m, u->step};

		if ((error = rt_fault(r->db, "stmt-before")) < 0)
			return error;
		error = u->kind == RT_STEP_COPY
			    ? rt_copy_run(r->db, NULL, r->db->be, u->step,
					  m->path, copy_progress, &cp)
			    : rt_csv_load(r->db, NULL, r->db->be, u->step,
					  m->path, copy_progress, &cp);
		if (error < 0)
			rt_error_prefix("migration '%s'", m->name);
		return error < 0 ? error : rt_fault(r->db, "stmt-after");
	}
	if ((error = rt_fault(r->db, "stmt-before")) < 0)
		return error;
	error = r->db->be->exec(r->db->conn, u->sql, u->len, &errpos);
	if (!error)
		return rt_fault(r->db, "stmt-after");
	e = rt_error_last();
	rt_error_prefix("migration '%s' failed at statement %d of %d",
			m->name, index + 1, count);
	len = u->len;
	if (len > 300)
		snprintf(shown, sizeof(shown), "%.297s...", u->sql);
	else
		snprintf(shown, sizeof(shown), "%.*s", (int)len, u->sql);
	if (!e->detail)
		rt_error_detail("statement: %s", shown);
	if (!e->hint && nothing_applied(r) && already_exists(e))
		rt_error_hint("nothing is recorded as applied in this database, "
			      "but its schema is not empty: if it was built "
			      "before retort, record what it has with 'retort "
			      "stamp REVISION' and upgrade from there");
	if (errpos >= 0 && (size_t)errpos <= len)
		rt_error_at(m->path, rt_sql_line_at(u->sql, (size_t)errpos,
						    u->line),
			    0);
	else
		rt_error_at(m->path, u->line, 0);
	return error;
}

int rt_runner_run_units(runner *r, const rt_migration *m, rt_unit *units,
		     size_t n)
{
	size_t i;
	int error;

	for (i = 0; i < n; i++)
		if ((error = run_unit(r, m, &units[i], (int)i, (int)n)) < 0)
			return error;
	return 0;
}

static int log_done(runner *r, const rt_migration *m, rt_direction d,
		    int64_t ms)
{
	rt_log_entry e = {0};

	e.event = d == RT_UP ? "upgrade" : "downgrade";
	e.revision = m->name;
	e.direction = rt_runner_dirname(d);
	e.checksum = m->checksum;
	e.duration_ms = ms;
	e.message = r->unsafe ? r->unsafe[m->order] : NULL;
	return rt_state_log(&r->w, &e);
}

/* A revision reverted: its row goes, and a squash's down takes the rows
 * of the revisions it replaced too (a database that applied them before
 * the squash came has those). */
static int forget_revision(runner *r, const rt_migration *m)
{
	size_t i;
	int error;

	if ((error = rt_state_delete(&r->w, m->name)) < 0)
		return error;
	for (i = 0; i < m->nreplaces; i++)
		if ((error = rt_state_delete(&r->w, m->replaces[i])) < 0)
			return error;
	return 0;
}

static int check_reversible(const rt_migration *m, rt_direction d)
{
	if (d == RT_UP || m->down.present)
		return 0;
	rt_error_set(RT_ERROR_GRAPH, "migration '%s' is irreversible",
		     m->name);
	rt_error_detail("it has no '-- retort:down' section, so the "
			"downgrade cannot go past it");
	rt_error_hint("downgrade to '%s' or later, or add a down section",
		      m->name);
	rt_error_at(m->path, 0, 0);
	return RT_ERROR;
}

/*
 * The plan was made from the applied set read before the lock. Where each
 * migration's transaction is the lock (RT_CAP_LOCKING_BEGIN), another
 * migrator may have changed that set since, so inside the lock the step
 * is checked against the graph, not only against its own row: an up needs
 * every parent applied, a down needs every child reverted. A step that no
 * longer fits stops the run; recording it would leave an applied set that
 * is not closed under parents. Under a lock held for the whole run
 * (RT_CAP_ADVISORY_LOCK) the plan is still the truth.
 */
/* One migration in one transaction (or inside --single-transaction). */
static int run_transactional_once(runner *r, const rt_migration *m,
				  rt_direction d)
{
	const rt_backend *be = r->db->be;
	rt_state_row row;
	rt_unit *units;
	size_t n;
	int64_t t0, ms;
	int found = 0, error;

	if ((error = units_of(&units, &n, r, m, d)) < 0)
		return error;
	if (!r->in_single && (error = be->begin(r->db->conn)) < 0)
		return error;
	t0 = rt_time_ms(); /* the lock wait is not the migration's time */
	/* Re-read inside the lock: another migrator may have been first.
	 * Under a lock held for the whole run (RT_CAP_ADVISORY_LOCK) the
	 * applied set read at its start is still the truth, and the plan
	 * says it: one round trip less per migration. */
	if (be->caps & RT_CAP_ADVISORY_LOCK)
		found = d == RT_DOWN;
	else if ((error = rt_state_get(&row, &found, &r->arena, r->db,
				       m->name)) < 0)
		goto fail;
	if ((d == RT_UP && found) || (d == RT_DOWN && !found)) {
		if (!r->in_single)
			be->rollback(r->db->conn);
		rt_runner_emit(r, RT_EVENT_SKIP, d, m, 0, 0);
		return 0;
	}
	if ((error = rt_runner_check_neighbours(r, m, d)) < 0)
		goto fail;
	rt_runner_emit(r, RT_EVENT_START, d, m, 0, 0);
	if ((error = rt_runner_run_units(r, m, units, n)) < 0)
		goto fail;
	ms = rt_time_ms() - t0;
	if (d == RT_UP)
		error = rt_state_mark_applied(&r->w, m, ms, 0);
	else
		error = forget_revision(r, m);
	if (error < 0 || (error = log_done(r, m, d, ms)) < 0)
		goto fail;
	if (!r->in_single && (error = rt_runner_commit(r, m, d)) < 0)
		goto fail;
	rt_runner_emit(r, RT_EVENT_DONE, d, m, 0, ms);
	return 0;
fail:
	if (!r->in_single) {
		rt_error_saved *saved = rt_error_save();

		be->rollback(r->db->conn);
		rt_error_restore(saved);
	}
	return error;
}

void rt_backoff(int attempt)
{
	double cap = 0.1 * (double)(1 << (attempt < 6 ? attempt : 6));
	double s = (cap > 5 ? 5 : cap) * ((double)rand() / RAND_MAX);
	struct timespec ts;

	ts.tv_sec = (time_t)s;
	ts.tv_nsec = (long)((s - (double)ts.tv_sec) * 1e9);
	nanosleep(&ts, NULL);
}

/* A statement that gave up waiting for a lock (lock_timeout) rolled the
 * migration back; instead of queueing behind the long transaction that
 * holds the lock, and blocking the application behind itself, the whole
 * migration is tried again a few times. */
static int run_transactional(runner *r, const rt_migration *m, rt_direction d)
{
	const rt_backend *be = r->db->be;
	int attempt = 0, error;

	for (;;) {
		error = run_transactional_once(r, m, d);
		if (error >= 0 || r->in_single || !be->retryable ||
		    !be->retryable(rt_error_last()) ||
		    attempt >= r->db->opts.retries)
			break;
		attempt++;
		rt_runner_emit(r, RT_EVENT_RETRY, d, m, attempt, 0);
		rt_backoff(attempt);
	}
	if (error < 0 && error != RT_ELOCKED)
		rt_runner_log_failure(r, m, d, 0);
	return error;
}

void rt_sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	if (ms > 0)
		nanosleep(&ts, NULL);
}

/* Does unit u run in a transaction with its journal row? A load (or a
 * copy) always;
 * a statement unless the engine runs it on its own: where DDL is not
 * transactional, what autocommit_only names (it would commit the
 * transaction), else everything but DML. */
int rt_runner_unit_in_txn(runner *r, const rt_unit *u)
{
	const rt_backend *be = r->db->be;

	if (u->kind != RT_STEP_SQL)
		return 1;
	if (be->autocommit_only && be->autocommit_only(r->db->conn, u->sql, u->len))
		return 0;
	return (be->caps & RT_CAP_TRANSACTIONAL_DDL) || be->autocommit_only;
}

static int run_nontransactional(runner *r, const rt_migration *m,
				rt_direction d)
{
	const rt_backend *be = r->db->be;
	rt_unit *units;
	rt_log_entry e;
	size_t n, i = 0;
	int64_t t0 = rt_time_ms(), ms;
	int found = 0, done = 0, error, partial = 0, claimed = 0, open = 0;
	int attempt = 0;
	size_t committed = 0;

	if ((error = units_of(&units, &n, r, m, d)) < 0)
		return error;
	if (r->claimed_next == m) {
		/* claimed in the previous migration's closing transaction */
		r->claimed_next = NULL;
		rt_runner_emit(r, RT_EVENT_START, d, m, 0, 0);
	} else if ((error = rt_runner_claim(r, m, d, units, n, &found, &partial,
				  &done)) != 0) {
		return error < 0 ? error : 0;
	}
	committed = (size_t)done;
	claimed = 1;

	for (i = (size_t)done; i < n; i++) {
		int in_txn = rt_runner_unit_in_txn(r, &units[i]);

	again:
		if (in_txn && !open && (error = be->begin(r->db->conn)) < 0)
			goto fail;
		open = in_txn;
		error = run_unit(r, m, &units[i], (int)i, (int)n);
		if (error < 0) {
			if (in_txn) {
				rt_error_saved *saved = rt_error_save();

				be->rollback(r->db->conn);
				open = 0;
				rt_error_restore(saved);
				if (units[i].kind == RT_STEP_SQL &&
				    be->refused_in_txn &&
				    be->refused_in_txn(rt_error_last()) &&
				    committed == i) {
					in_txn = 0;
					goto again;
				}
			}
			/* a lock wait that timed out changed nothing: the
			 * statement is tried again, as a transactional
			 * migration is, unless a transaction with earlier
			 * statements was rolled back with it */
			if (!(be->caps & RT_CAP_TRANSACTIONAL_DDL) &&
			    committed == i && be->retryable &&
			    be->retryable(rt_error_last()) &&
			    attempt < r->db->opts.retries) {
				attempt++;
				rt_runner_emit(r, RT_EVENT_RETRY, d, m, attempt, 0);
				rt_backoff(attempt);
				goto again;
			}
			goto fail;
		}
		if (!in_txn && (error = be->begin(r->db->conn)) < 0)
			goto fail;
		open = 1;
		memset(&e, 0, sizeof(e));
		if (!(e.checksum = rt_unit_hash(&units[i], &r->arena))) {
			error = RT_ERROR;
			goto fail_txn;
		}
		e.event = "statement";
		e.revision = m->name;
		e.direction = rt_runner_dirname(d);
		e.statement = (int)i + 1;
		e.duration_ms = -1;
		/* the last statement's count would be overwritten by the
		 * record below, in the same transaction: not written; its
		 * journal row is written beside the log row (one INSERT of
		 * two rows where the engine batches them) */
		if (i + 1 == n)
			break;
		if ((error = rt_state_mark_partial(&r->w, m, d, (int)i + 1, 1,
						   1)) < 0 ||
		    (error = rt_state_log(&r->w, &e)) < 0)
			goto fail_txn;
		/* without transactional DDL, consecutive statements that run
		 * in a transaction (DML, loads) share one with their journal
		 * rows: it commits before the next one that cannot */
		if (!(be->caps & RT_CAP_TRANSACTIONAL_DDL) && in_txn &&
		    i + 1 < n && rt_runner_unit_in_txn(r, &units[i + 1]))
			continue;
		open = 0;
		if ((error = rt_runner_commit(r, m, d)) < 0)
			goto fail_txn;
		committed = i + 1;
	}

	ms = rt_time_ms() - t0;
	/* open: the transaction the last statement began or ran in */
	if (!open && (error = be->begin(r->db->conn)) < 0)
		goto fail;
	open = 1;
	if (d == RT_UP)
		error = rt_state_mark_applied(&r->w, m, ms, 1);
	else
		error = forget_revision(r, m);
	/* i < n: the loop stopped at the last statement, which ran here;
	 * its journal row (e) commits with the record, one commit fewer */
	if (error >= 0 && i < n)
		error = rt_state_log(&r->w, &e);
	if (error < 0 || (error = log_done(r, m, d, ms)) < 0 ||
	    (error = rt_runner_claim_next(r, d)) < 0 ||
	    (error = rt_runner_commit(r, m, d)) < 0)
		goto fail_txn;
	rt_runner_emit(r, RT_EVENT_DONE, d, m, 0, ms);
	return 0;

fail_txn: {
	rt_error_saved *saved = rt_error_save();

	be->rollback(r->db->conn);
	rt_error_restore(saved);
}
fail:
	/* a claim in the closing transaction went with it */
	r->claimed_next = NULL;
	if (claimed && !(be->caps & RT_CAP_TRANSACTIONAL_DDL) && d == RT_UP &&
	    !found && committed == 0)
		/* nothing of it committed: the database is as it was, and
		 * so is its record (none), as after a rolled back
		 * transactional migration */
		rt_runner_forget_claim(r, m);
	else if (claimed)
		rt_runner_release_claim(r, m);
	if (claimed && error != RT_ELOCKED && rt_runner_conn_lost(rt_error_last())) {
		rt_runner_hint_lost(r, d, units, n, i, committed);
		rt_runner_log_failure(r, m, d, (int)i + 1);
	} else if (claimed && error != RT_ELOCKED &&
		   !(be->caps & RT_CAP_TRANSACTIONAL_DDL)) {
		/* what is committed: statements run alone, and groups of
		 * DML whose transaction committed */
		if (partial && i == (size_t)done && committed == i && i < n &&
		    !rt_runner_unit_in_txn(r, &units[i]))
			/* a run stopped (killed) between this statement and
			 * its journal row: it may have committed */
			rt_error_hint("statement %zu is where an interrupted "
				      "run stopped: %s may have committed it "
				      "before its journal row; if its effect is "
				      "already in the database, do the rest by "
				      "hand and record the migration with "
				      "'retort stamp', else fix the cause and "
				      "run the %s again",
				      i + 1, be->name,
				      d == RT_UP ? "upgrade" : "downgrade");
		else if (committed)
			rt_error_hint("the migration is partial: %s commits DDL "
				      "on its own, so statements 1-%zu of its "
				      "%s section are committed and stay; fix "
				      "statement %zu in the file (the committed "
				      "ones must not change) and run the %s "
				      "again to resume at statement %zu, or, "
				      "once the rest is done by hand, 'retort "
				      "stamp' records the migration as %s",
				      be->name, committed, rt_runner_dirname(d), i + 1,
				      d == RT_UP ? "upgrade" : "downgrade",
				      committed + 1,
				      d == RT_UP ? "applied" : "reverted");
		else if (!rt_error_last()->hint)
			rt_error_hint("no statement of this migration was "
				      "committed; fix the cause and run the "
				      "%s again",
				      d == RT_UP ? "upgrade" : "downgrade");
		rt_runner_log_failure(r, m, d, (int)i + 1);
	} else if (claimed && error != RT_ELOCKED) {
		rt_error_hint("the migration is partial: the statements before "
			      "this one are done; fix the cause and run the "
			      "%s again to resume, or resolve by hand with "
			      "'retort stamp'",
			      d == RT_UP ? "upgrade" : "downgrade");
		rt_runner_log_failure(r, m, d, (int)i + 1);
	}
	return error;
}

/* An online migration's up step is its expand phase (src/lib/online): it
 * commits in steps of its own and leaves the migration active, both
 * application versions live, until `retort online complete`. */
static int run_online(runner *r, const rt_migration *m)
{
	const rt_online_hook *h = rt_online_hook_of(r->db->be);
	int64_t t0 = rt_time_ms();
	int error;

	rt_runner_emit(r, RT_EVENT_START, RT_UP, m, 0, 0);
	if ((error = h ? h->expand(r->db, r->dir, m, r->opts->online)
		       : rt_need_online(r->db->be, m->name)) < 0) {
		rt_runner_log_failure(r, m, RT_UP, 0);
		return error;
	}
	rt_runner_emit(r, RT_EVENT_DONE, RT_UP, m, 0, rt_time_ms() - t0);
	return 0;
}

int rt_need_online(const rt_backend *be, const char *rev)
{
	const rt_backend *const *all;
	rt_buf names = RT_BUF_INIT;
	size_t i, n;

	if (be->caps & RT_CAP_ONLINE)
		return 0;
	rt_buf_init(&names);
	all = rt_backend_all(&n);
	for (i = 0; i < n; i++)
		if (all[i]->caps & RT_CAP_ONLINE)
			rt_buf_printf(&names, "%s%s", names.len ? ", " : "",
				      all[i]->name);
	if (rev)
		rt_error_set(RT_ERROR_USAGE,
			     "online migration '%s' needs an engine with "
			     "online migrations",
			     rev);
	else
		rt_error_set(RT_ERROR_USAGE,
			     "online migrations need an engine that has "
			     "them");
	rt_error_detail("the database is %s; online migrations run on %s",
			be->name, names.len ? rt_buf_cstr(&names) : "none");
	if (rev)
		rt_error_hint("remove '-- retort:online' to run it as an "
			      "ordinary migration");
	rt_buf_release(&names);
	return RT_EUSAGE;
}

/* The online module's verdict on the plan (rt_online_hook.check_plan);
 * an engine without online migrations refuses any in it. */
static int check_online(rt_db *db, const rt_plan *plan, rt_direction d,
			int single_transaction)
{
	const rt_online_hook *h = rt_online_hook_of(db->be);
	size_t i;

	if (h)
		return h->check_plan(db, plan->steps, plan->n, d,
				     single_transaction);
	for (i = 0; d == RT_UP && i < plan->n; i++)
		if (plan->steps[i]->online)
			return rt_need_online(db->be, plan->steps[i]->name);
	return 0;
}

/*
 * Safe by default: the pending migrations are linted as one run against
 * the live catalog (a table the run creates, or one the database does not
 * have yet, is exempt: building a fresh database is never refused), and
 * error-level findings refuse the upgrade. With allow_unsafe they run, and
 * the rules they broke go into their log rows.
 */
static int lint_plan(runner *r, const rt_plan *plan)
{
	rt_lint_options lo = RT_LINT_OPTIONS_INIT;
	rt_lint_report *rep = NULL;
	rt_buf msg = RT_BUF_INIT;
	rt_migration **steps;
	size_t i, j, nsteps = 0;
	int error;

	lo.db = r->db->conn ? r->db : NULL;
	lo.dialect = r->db->be->name;
	lo.same_run = 1;
	/* the runner's own lock_timeout (--lock-timeout 0: none) */
	lo.no_lock_timeout = r->db->opts.lock_timeout < 0;
	lo.ignore = r->opts->lint_ignore;
	lo.nignore = r->opts->nlint_ignore;
	/* an online migration's statements are checked by its planner,
	 * which refuses what it cannot run safely: lint's verdict on the
	 * same DDL run offline does not apply */
	if (!(steps = rt_arena_array(&r->arena, plan->n + 1, sizeof(*steps))))
		return RT_ERROR;
	for (i = 0; i < plan->n; i++)
		if (!plan->steps[i]->online)
			steps[nsteps++] = plan->steps[i];
	if (!nsteps)
		return 0;
	if ((error = rt_lint_migrations(&rep, r->dir, steps, nsteps, &lo)) < 0)
		return error;
	if (!r->opts->allow_unsafe) {
		error = rt_lint_check(rep);
		rt_lint_report_free(rep);
		return error;
	}
	r->unsafe = rt_arena_array(&r->arena, r->dir->count + 1,
				   sizeof(char *));
	rt_buf_init(&msg);
	for (i = 0; r->unsafe && i < plan->n; i++) {
		const rt_migration *m = plan->steps[i];

		rt_buf_clear(&msg);
		for (j = 0; j < rep->count; j++) {
			const rt_lint_finding *f = &rep->findings[j];

			if (f->suppressed || f->severity != RT_LINT_ERROR ||
			    strcmp(f->revision, m->name) != 0 ||
			    strstr(msg.ptr ? msg.ptr : "", f->rule->id))
				continue;
			rt_buf_printf(&msg, "%s%s",
				      msg.len ? ", " : "allow-unsafe: ",
				      f->rule->id);
		}
		if (msg.len)
			r->unsafe[m->order] =
				rt_arena_strdup(&r->arena, msg.ptr);
	}
	error = r->unsafe ? rt_buf_check(&msg) : RT_ERROR;
	rt_buf_release(&msg);
	rt_lint_report_free(rep);
	return error;
}

/* The migration lock where transactions are not it (PostgreSQL's
 * advisory lock): held from before the applied set is read until the
 * run ends. */
static int lock_db(rt_db *db)
{
	if (!db || !db->conn || !db->be->lock)
		return 0;
	return db->be->lock(db->conn);
}

static void unlock_db(rt_db *db)
{
	if (db && db->conn && db->be->unlock)
		db->be->unlock(db->conn);
}

static int runner_init(runner *r, rt_db *db, const rt_dir *dir,
		       const rt_run_options *opts)
{
	size_t i;
	int error;

	memset(r, 0, sizeof(*r));
	r->db = db;
	r->dir = dir;
	r->opts = opts;
	r->w.db = db;
	r->w.be = db->be;
	rt_arena_init(&r->arena);
	if (!db->conn && !opts->dry_run)
		return rt_error_set(RT_ERROR_USAGE,
				    "the database does not exist");
	if ((error = rt_status_load(&r->st, db, dir)) < 0)
		return error;
	r->applied = rt_arena_alloc(&r->arena, dir->count + 1);
	r->virt = rt_arena_alloc(&r->arena, dir->count + 1);
	if (!r->applied || !r->virt)
		return RT_ERROR;
	for (i = 0; i < r->st->count; i++) {
		const rt_status_entry *e = &r->st->entries[i];

		/* a revision stopped midway going down is still applied:
		 * the downgrade plan resumes it first */
		if (e->migration &&
		    (e->state == RT_REV_APPLIED || e->state == RT_REV_EDITED ||
		     (e->state == RT_REV_PARTIAL &&
		      strcmp(e->partial_direction, "down") == 0)))
			r->applied[e->migration->order] = 1;
		/* a squash whose files are gone has its own row by the time
		 * a run plans (record_squashes) */
		if (e->migration && e->via &&
		    (e->migration->squash_alt || e->migration->replaced_by))
			r->virt[e->migration->order] = 1;
	}
	return 0;
}

static void runner_release(runner *r)
{
	rt_status_free(r->st);
	rt_arena_release(&r->arena);
}

/* A squash whose files are gone, and the database part way through
 * them: neither the squash (it would create what is there) nor the
 * files (gone) can go on from here. */
static int stranded(const rt_dir *dir, const rt_status *st)
{
	const rt_status_entry *e = rt_status_get(st, st->stranded);
	const rt_migration *s = e->migration;

	rt_error_set(RT_ERROR_STATE,
		     "the database is part way through the revisions squash "
		     "'%s' replaces, and their files are gone",
		     s->name);
	rt_error_detail("%zu of its %zu replaced revisions are applied, not "
			"'%s', the last: the squash would create what is "
			"already there",
			e->replaced_applied, s->nreplaces,
			s->replaces[s->nreplaces - 1]);
	rt_error_hint("restore the replaced files into '%s' from version "
		      "control (the commit before the squash): upgrade then "
		      "runs the rest of them",
		      dir->path);
	rt_error_at(s->path, s->replaces_line, 0);
	return RT_ERROR;
}

/*
 * A squash whose replaced files are gone, in a database that applied
 * them all: its own row, so that its children find their parent applied
 * and its down knows it is there (logged as a stamp). 0 when nothing
 * was recorded, 1 when something was (the status is read again).
 */
static int record_squashes(runner *r)
{
	size_t i;
	int error = 0, n = 0;

	for (i = 0; i < r->st->count; i++) {
		const rt_status_entry *e = &r->st->entries[i];
		const rt_migration *m = e->migration;
		rt_log_entry le = {0};

		if (!m || !m->nreplaces || m->squash_alt || !e->via)
			continue;
		if (!n++ && (error = r->db->be->begin(r->db->conn)) < 0)
			return error;
		le.event = "stamp";
		le.revision = m->name;
		le.direction = "up";
		le.checksum = m->checksum;
		le.duration_ms = -1;
		le.message = "squash: every revision it replaces is applied";
		if ((error = rt_state_mark_applied(&r->w, m, 0, 0)) < 0 ||
		    (error = rt_state_log(&r->w, &le)) < 0)
			break;
	}
	if (!n)
		return 0;
	if (error < 0) {
		rt_error_saved *saved = rt_error_save();

		r->db->be->rollback(r->db->conn);
		rt_error_restore(saved);
		return error;
	}
	if ((error = rt_fault_commit(r->db)) < 0)
		return error;
	return 1;
}

/* What an upgrade or downgrade refuses before it starts. */
static int preflight(runner *r, const rt_plan *plan)
{
	const rt_status *st = r->st;
	size_t i, j;

	if (st->stranded)
		return stranded(r->dir, st);
	for (i = 0; i < st->count; i++) {
		const rt_status_entry *e = &st->entries[i];
		int in_plan = 0;

		if (e->state == RT_REV_EDITED) {
			rt_error_setc(RT_ECHECKSUM, RT_ERROR_STATE,
				      "migration '%s' was changed after it "
				      "was applied",
				      e->revision);
			rt_error_detail("applied with checksum %.12s, the file "
					"now has %.12s",
					e->checksum, e->migration->checksum);
			if (st->ncurrent == 1)
				rt_error_hint("restore the file (a new change "
					      "belongs in a new migration), or "
					      "accept the edit with 'retort "
					      "stamp %s'",
					      st->current[0]);
			else
				rt_error_hint("restore the file (a new change "
					      "belongs in a new migration), or "
					      "accept the edit with 'retort "
					      "stamp' of the current revision");
			rt_error_at(e->migration->path, 0, 0);
			return RT_ECHECKSUM;
		}
		if (e->state == RT_REV_UNKNOWN && plan->direction == RT_DOWN) {
			rt_error_set(RT_ERROR_STATE,
				     "revision '%s' is applied but has no file "
				     "in '%s'",
				     e->revision, r->dir->path);
			rt_error_hint("downgrade from a checkout that has it, or "
				      "remove it from the record with 'retort "
				      "stamp'");
			return RT_ERROR;
		}
		if (e->state != RT_REV_PARTIAL)
			continue;
		for (j = 0; j < plan->n; j++)
			in_plan |= plan->steps[j] == e->migration;
		if (!in_plan) {
			rt_error_set(RT_ERROR_STATE,
				     "migration '%s' stopped midway (%d "
				     "statements done going %s)",
				     e->revision, e->statements_done,
				     e->partial_direction);
			rt_error_hint("run 'retort %s' to resume it, or resolve "
				      "it by hand with 'retort stamp'",
				      strcmp(e->partial_direction, "up") == 0
					      ? "upgrade"
					      : "downgrade");
			return RT_ERROR;
		}
	}
	return 0;
}

/* Does every step of the plan commit as one transaction of its own (no
 * transaction=false section, no online expand)? Only such a run is
 * offered to the engine's run_start. */
static int each_own_transaction(const rt_plan *plan, rt_direction d)
{
	size_t i;

	for (i = 0; i < plan->n; i++)
		if (!rt_runner_section(plan->steps[i], d)->transaction ||
		    (d == RT_UP && plan->steps[i]->online))
			return 0;
	return 1;
}

static int run(rt_db *db, const rt_dir *dir, const rt_run_options *opts,
	       rt_direction d)
{
	runner r;
	rt_plan plan;
	rt_unit *units;
	size_t i, nunits;
	int error, run_started = 0;
	const char *target = opts->target ? opts->target
					  : (d == RT_UP ? "head" : "-1");

	if (opts->sql_out)
		return rt_script(dir, d, opts);
	if (!opts->dry_run && (error = lock_db(db)) < 0)
		return error;
	if (!opts->dry_run && (error = rt_fault(db, "lock")) < 0) {
		unlock_db(db);
		return error;
	}
	if ((error = runner_init(&r, db, dir, opts)) < 0)
		goto done;
	if (!opts->dry_run && db->conn && !r.st->stranded) {
		/* (a squash applied through rows: the tables are there) */
		if ((error = record_squashes(&r)) < 0)
			goto done;
		if (error > 0) {
			runner_release(&r);
			if ((error = runner_init(&r, db, dir, opts)) < 0)
				goto done;
		}
	}
	if (!(r.units =
		  rt_arena_array(&r.arena, dir->count + 1, sizeof(*r.units)))) {
		error = RT_ERROR;
		goto done;
	}
	/* a partial revision in the plan counts as pending going up */
	if ((error = rt_plan_make(&plan, &r.arena, dir, r.applied, r.virt, d,
				  target)) < 0)
		goto done;
	if ((error = preflight(&r, &plan)) < 0)
		goto done;
	for (i = 0; i < plan.n; i++)
		if ((error = check_reversible(plan.steps[i], d)) < 0 ||
		    /* all split (no comment or quote left open)
		     * before the first migration runs */
		    (error = units_of(&units, &nunits, &r, plan.steps[i], d)) <
			0)
			goto done;
	if ((error = check_online(db, &plan, d, opts->single_transaction)) < 0)
		goto done;
	if (opts->single_transaction && plan.n &&
	    !(db->be->caps & RT_CAP_TRANSACTIONAL_DDL)) {
		rt_error_set(RT_ERROR_USAGE,
			     "--single-transaction cannot work on %s",
			     db->be->name);
		rt_error_detail("the engine commits every DDL statement on its "
				"own, so the run could never be rolled back as "
				"one transaction");
		rt_error_hint("run without it: each migration then runs "
			      "statement by statement, and a failed one is "
			      "resumed at the failed statement");
		error = RT_EUSAGE;
		goto done;
	}
	if (d == RT_UP && plan.n && (error = lint_plan(&r, &plan)) < 0)
		goto done;
	if (opts->dry_run) {
		for (i = 0; i < plan.n; i++)
			rt_runner_emit(&r, RT_EVENT_PLAN, d, plan.steps[i], 0, 0);
		if (d == RT_UP && !opts->no_repeatables &&
		    rt_reaches_heads(dir, target))
			error = rt_run_repeatables(&r);
		goto done;
	}
	/* only now, so a refused run leaves the database as it was */
	if (plan.n && (error = rt_state_ensure(db)) < 0)
		goto done;
	if (!opts->single_transaction && db->be->run_start &&
	    each_own_transaction(&plan, d)) {
		db->be->run_start(db->conn, plan.n);
		run_started = 1;
	}
	if (opts->single_transaction) {
		for (i = 0; i < plan.n; i++)
			if (!rt_runner_section(plan.steps[i], d)->transaction) {
				rt_error_set(RT_ERROR_USAGE,
					     "--single-transaction cannot include "
					     "migration '%s': its %s section has "
					     "transaction=false",
					     plan.steps[i]->name, rt_runner_dirname(d));
				error = RT_EUSAGE;
				goto done;
			}
		if ((error = db->be->begin(db->conn)) < 0)
			goto done;
		r.in_single = 1;
	}
	r.nsteps = plan.n;
	r.plan = &plan;
	for (i = 0; i < plan.n; i++) {
		const rt_migration *m = plan.steps[i];

		r.step = i + 1;
		if (opts->stop && *opts->stop && !r.in_single) {
			error = rt_error_setc(RT_EINTERRUPTED, RT_ERROR_USAGE,
					      "interrupted before migration "
					      "'%s'",
					      m->name);
			rt_error_detail("%zu of %zu migrations ran; the rest "
					"did not start",
					i, plan.n);
			rt_error_hint("run the command again to go on");
			break;
		}
		if (db->be->check_lock &&
		    (error = db->be->check_lock(db->conn)) < 0)
			break;
		if (d == RT_UP && m->online)
			error = run_online(&r, m);
		else if (rt_runner_section(m, d)->transaction &&
			 (db->be->caps & RT_CAP_TRANSACTIONAL_DDL))
			error = run_transactional(&r, m, d);
		else
			error = run_nontransactional(&r, m, d);
		if (error < 0)
			break;
	}
	if (r.claimed_next)
		rt_runner_forget_unreached(&r);
	if (r.in_single) {
		if (error < 0) {
			rt_error_saved *saved = rt_error_save();

			db->be->rollback(db->conn);
			rt_error_restore(saved);
		} else {
			error = rt_fault_commit(db);
		}
	}
	if (error >= 0 && d == RT_UP && !opts->no_repeatables &&
	    rt_reaches_heads(dir, target))
		error = rt_run_repeatables(&r);
	if (error >= 0 && d == RT_DOWN && plan.n && !opts->single_transaction &&
	    !opts->no_repeatables)
		error = rt_forget_repeatables(&r);
done:
	if (run_started && db->be->run_end)
		db->be->run_end(db->conn);
	runner_release(&r);
	if (!opts->dry_run)
		unlock_db(db);
	return error;
}

int rt_upgrade(rt_db *db, const rt_dir *dir, const rt_run_options *opts)
{
	return run(db, dir, opts, RT_UP);
}

int rt_downgrade(rt_db *db, const rt_dir *dir, const rt_run_options *opts)
{
	return run(db, dir, opts, RT_DOWN);
}

/*
 * stamp: the recorded set becomes exactly the target's ancestors. Rows of
 * revisions inside the set keep their time but take the file's current
 * checksum (accepting an edit); partial rows are resolved either way.
 */
int rt_stamp(rt_db *db, const rt_dir *dir, const rt_run_options *opts)
{
	runner r;
	rt_target t;
	unsigned char *want = NULL;
	size_t i;
	int error;
	rt_log_entry e;

	if (!opts->target)
		return rt_error_setc(RT_EUSAGE, RT_ERROR_USAGE,
				     "stamp needs a target");
	if (!opts->dry_run && (error = lock_db(db)) < 0)
		return error;
	if (!opts->dry_run && (error = rt_fault(db, "lock")) < 0) {
		unlock_db(db);
		return error;
	}
	if ((error = runner_init(&r, db, dir, opts)) < 0)
		goto done;
	if ((error = rt_target_resolve(&t, dir, opts->target)) < 0)
		goto done;
	if (!(want = rt_arena_alloc(&r.arena, dir->count + 1))) {
		error = RT_ERROR;
		goto done;
	}
	if (t.kind == RT_TARGET_RELATIVE) {
		error = rt_error_setc(RT_EUSAGE, RT_ERROR_USAGE,
				      "stamp takes head, heads, base or a "
				      "revision");
		goto done;
	}
	if (t.kind == RT_TARGET_HEADS)
		memset(want, 1, dir->count);
	else if (t.rev)
		rt_graph_mark_ancestors(dir, t.rev, want);
	if (opts->dry_run)
		goto done;
	if ((error = rt_state_ensure(db)) < 0 ||
	    (error = db->be->begin(db->conn)) < 0)
		goto done;
	/* where the transaction is the lock, the rows read before it may
	 * have changed: what is stamped comes from inside it */
	if (db->be->caps & RT_CAP_LOCKING_BEGIN) {
		rt_status_free(r.st);
		r.st = NULL;
		if ((error = rt_status_load(&r.st, db, dir)) < 0) {
			rt_error_saved *saved = rt_error_save();

			db->be->rollback(db->conn);
			rt_error_restore(saved);
			goto done;
		}
	}
	for (i = 0; i < r.st->count && !error; i++) {
		const rt_status_entry *s = &r.st->entries[i];
		const rt_migration *m = s->migration;
		int wanted = m && want[m->order];

		memset(&e, 0, sizeof(e));
		e.revision = s->revision;
		e.duration_ms = -1;
		/* applied through another's row (a squash): a row of its
		 * own when wanted; when not, only a squash whose files are
		 * gone has rows to remove (its replaced revisions') */
		if ((s->state == RT_REV_PENDING || s->via) && wanted) {
			e.event = "stamp";
			e.direction = "up";
			e.checksum = m->checksum;
			error = rt_state_mark_applied(&r.w, m, 0, 0);
		} else if (s->state != RT_REV_PENDING && !wanted) {
			if (s->via && !(m->nreplaces && !m->squash_alt))
				continue;
			e.event = "unstamp";
			e.direction = "down";
			e.checksum = s->checksum;
			error = m ? forget_revision(&r, m)
				  : rt_state_delete(&r.w, s->revision);
		} else if (wanted && (s->state == RT_REV_EDITED ||
				      s->state == RT_REV_PARTIAL)) {
			e.event = "stamp";
			e.direction = "up";
			e.checksum = m->checksum;
			e.message = s->state == RT_REV_EDITED
					    ? "accepted an edited file"
					    : "resolved a partial migration";
			if (s->state == RT_REV_PARTIAL)
				error = rt_state_mark_applied(&r.w, m, 0, 1);
			else
				error = rt_state_set_checksum(&r.w, m->name,
							      m->checksum);
		} else {
			continue;
		}
		if (!error)
			error = rt_state_log(&r.w, &e);
		r.cur_revision = s->revision;
		if (!error)
			rt_runner_emit(&r, RT_EVENT_STAMP,
			     strcmp(e.direction, "up") == 0 ? RT_UP : RT_DOWN,
			     m, 0, 0);
	}
	if (error < 0) {
		rt_error_saved *saved = rt_error_save();

		db->be->rollback(db->conn);
		rt_error_restore(saved);
	} else {
		error = rt_fault_commit(db);
	}
done:
	runner_release(&r);
	if (!opts->dry_run)
		unlock_db(db);
	return error;
}
