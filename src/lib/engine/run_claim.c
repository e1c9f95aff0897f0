/*
 * run_claim.c: a revision run statement by statement (transaction=false,
 * or every section where DDL is not transactional) is claimed first:
 * its row marked partial, naming the migrator, so that status shows it
 * and another migrator waits for it or resumes it once the holder is
 * gone. Going up, the next step's claim joins the closing transaction of
 * the one before it. After a failure the claim is released (the journal
 * stays) or, where nothing of the revision committed, forgotten.
 */
#include "engine/runner.h"
#include "util/fs.h"

#include <errno.h>
#include <signal.h>
#include <unistd.h>

int rt_runner_check_neighbours(runner *r, const rt_migration *m,
			       rt_direction d)
{
	const rt_migration *const *near =
		(const rt_migration *const *)(d == RT_UP ? m->parent_refs
							  : m->children);
	size_t i, n = d == RT_UP ? m->nparents : m->nchildren;
	rt_state_row row;
	int found, error;

	if (r->db->be->caps & RT_CAP_ADVISORY_LOCK)
		return 0;
	for (i = 0; i < n; i++) {
		if (!near[i])
			continue;
		if ((error = rt_state_get(&row, &found, &r->arena, r->db,
					  near[i]->name)) < 0)
			return error;
		if (d == RT_UP && found && strcmp(row.state, "applied") == 0)
			continue;
		/* a squash beside its files: applied through its last */
		if (d == RT_UP && !found && near[i]->squash_alt) {
			const rt_migration *sq = near[i];

			if ((error = rt_state_get(&row, &found, &r->arena, r->db,
						  sq->replaces[sq->nreplaces -
							       1])) < 0)
				return error;
			if (found && strcmp(row.state, "applied") == 0)
				continue;
			found = 0;
		}
		/* built by the squash that replaces it */
		if (d == RT_UP && !found && near[i]->replaced_by) {
			if ((error = rt_state_get(&row, &found, &r->arena, r->db,
						  near[i]->replaced_by->name)) <
			    0)
				return error;
			if (found && strcmp(row.state, "applied") == 0)
				continue;
			found = 0;
		}
		if (d == RT_DOWN && !found)
			continue;
		if (d == RT_UP)
			rt_error_set(RT_ERROR_STATE,
				     "migration '%s' cannot be applied: its "
				     "parent '%s' is %s",
				     m->name, near[i]->name,
				     found ? "partial" : "not applied");
		else
			rt_error_set(RT_ERROR_STATE,
				     "migration '%s' cannot be reverted: its "
				     "child '%s' is %s",
				     m->name, near[i]->name,
				     strcmp(row.state, "applied") == 0
					     ? "applied"
					     : "partial");
		rt_error_detail("another migrator changed the applied set "
				"after this %s planned its steps",
				d == RT_UP ? "upgrade" : "downgrade");
		rt_error_hint("let the other migrator finish, then run the "
			      "%s again",
			      d == RT_UP ? "upgrade" : "downgrade");
		rt_error_at(m->path, 0, 0);
		return RT_ERROR;
	}
	return 0;
}

/* Check that the units a partial run completed are still the same. */
static int verify_journal(runner *r, const rt_migration *m, rt_direction d,
			  rt_unit *units, size_t n, int done)
{
	char **hashes;
	int nh, i, error;

	if ((error = rt_state_journal(&hashes, &nh, &r->arena, r->db, m->name,
				      rt_runner_dirname(d))) < 0)
		return error;
	if (done > (int)n) {
		rt_error_set(RT_ERROR_STATE,
			     "migration '%s' is partial with %d statements done, "
			     "but its %s section now has only %zu",
			     m->name, done, rt_runner_dirname(d), n);
		rt_error_hint("restore the completed statements, or resolve "
			      "by hand with 'retort stamp'");
		return RT_ECHECKSUM;
	}
	for (i = 0; i < done; i++) {
		const char *h = rt_unit_hash(&units[i], &r->arena);

		if (!h)
			return RT_ERROR;
		if (i < nh && hashes[i] && strcmp(hashes[i], h) == 0)
			continue;
		rt_error_set(RT_ERROR_STATE,
			     "statement %d of partial migration '%s' changed "
			     "since it ran",
			     i + 1, m->name);
		rt_error_detail("completed statements must stay as they ran; "
				"only the failed one and later may change");
		rt_error_hint("restore it, or resolve by hand with 'retort "
			      "stamp'");
		rt_error_at(m->path, units[i].line, 0);
		return RT_ECHECKSUM;
	}
	return 0;
}

/*
 * Is the process named in a partial row's locked_by ("host:pid") still
 * running it? Under an advisory lock (PostgreSQL) no other migrator can
 * be: the holder is gone. Otherwise (SQLite, whose lock is only its
 * transactions) ask the kernel when the host is this one; a holder on
 * another host is taken to be alive and waited for up to the lock wait.
 */
static int holder_alive(const runner *r, const char *locked_by)
{
	const char *colon = strrchr(locked_by, ':');
	size_t hl = strlen(rt_hostname());
	long pid;

	if (r->db->be->caps & RT_CAP_ADVISORY_LOCK)
		return 0;
	if (!colon)
		return 0;
	pid = strtol(colon + 1, NULL, 10);
	if ((size_t)(colon - locked_by) != hl ||
	    strncmp(locked_by, rt_hostname(), hl) != 0)
		return 1;
	if (pid <= 0 || pid == (long)getpid())
		return 0;
	return kill((pid_t)pid, 0) == 0 || errno == EPERM;
}

/* After a failure, the partial row no longer names this process, so the
 * next run may resume it. Its count of statements done is left as the
 * journal committed it: a failure reported after a commit (a lost
 * connection, a commit whose outcome is unknown) must not make a done
 * statement look pending. */
void rt_runner_release_claim(runner *r, const rt_migration *m)
{
	rt_error_saved *saved = rt_error_save();

	if (r->db->be->begin(r->db->conn) == 0) {
		if (rt_state_release(&r->w, m->name) == 0)
			rt_fault_commit(r->db);
		else
			r->db->be->rollback(r->db->conn);
	}
	rt_error_restore(saved);
}

/* After a failure before anything of a new revision committed: its
 * partial row goes, as if the run had never started it. */
void rt_runner_forget_claim(runner *r, const rt_migration *m)
{
	rt_error_saved *saved = rt_error_save();

	if (r->db->be->begin(r->db->conn) == 0) {
		if (rt_state_delete(&r->w, m->name) == 0)
			rt_fault_commit(r->db);
		else
			r->db->be->rollback(r->db->conn);
	}
	rt_error_restore(saved);
}

/* The run stopped before the step claimed in the previous one's closing
 * transaction: its row goes, unless the migration lock is lost (then it
 * names a process that is gone, and the next run starts it from its
 * first statement). */
void rt_runner_forget_unreached(runner *r)
{
	rt_error_saved *saved = rt_error_save();

	if (!r->db->be->check_lock || r->db->be->check_lock(r->db->conn) == 0)
		rt_runner_forget_claim(r, r->claimed_next);
	r->claimed_next = NULL;
	rt_error_restore(saved);
}

/* Claim m for this process, in a transaction of its own: its row
 * partial, naming the holder; waits while another live process runs it.
 * 1: nothing to do (already where d goes); < 0: rolled back. */
int rt_runner_claim(runner *r, const rt_migration *m, rt_direction d,
		    rt_unit *units, size_t n, int *found, int *partial,
		    int *done)
{
	const rt_backend *be = r->db->be;
	int64_t t0 = rt_time_ms();
	rt_state_row row;
	int error;

	for (;;) {
		if ((error = be->begin(r->db->conn)) < 0)
			return error;
		if ((error = rt_state_get(&row, found, &r->arena, r->db,
					  m->name)) < 0)
			goto fail;
		*partial = *found && strcmp(row.state, "partial") == 0;
		if (!*partial || !row.locked_by ||
		    !holder_alive(r, row.locked_by))
			break;
		be->rollback(r->db->conn);
		if (rt_time_ms() - t0 >= (int64_t)(r->db->opts.lock_wait * 1000)) {
			rt_error_setc(RT_ELOCKED, RT_ERROR_STATE,
				      "migration '%s' is being run by %s",
				      m->name, row.locked_by);
			rt_error_detail("it runs outside a transaction "
					"(transaction=false); waited %g s",
					r->db->opts.lock_wait);
			rt_error_hint("wait for it, or raise --wait-lock");
			return RT_ELOCKED;
		}
		rt_sleep_ms(50 + rand() % 100);
	}
	if ((d == RT_UP && *found && !*partial) || (d == RT_DOWN && !*found)) {
		be->rollback(r->db->conn);
		rt_runner_emit(r, RT_EVENT_SKIP, d, m, 0, 0);
		return 1;
	}
	if ((error = rt_runner_check_neighbours(r, m, d)) < 0)
		goto fail;
	*done = 0;
	if (*partial) {
		if (strcmp(row.direction, rt_runner_dirname(d)) != 0) {
			error = rt_error_set(RT_ERROR_STATE,
					     "migration '%s' stopped midway "
					     "while going %s",
					     m->name, row.direction);
			rt_error_hint("run the %s again to finish it, or "
				      "resolve by hand with 'retort stamp'",
				      strcmp(row.direction, "up") == 0
					      ? "upgrade"
					      : "downgrade");
			goto fail;
		}
		*done = row.statements_done;
		if ((error = verify_journal(r, m, d, units, n, *done)) < 0)
			goto fail;
		rt_runner_emit(r, RT_EVENT_RESUME, d, m, *done + 1, 0);
	} else {
		rt_runner_emit(r, RT_EVENT_START, d, m, 0, 0);
	}
	if ((error = rt_state_mark_partial(&r->w, m, d, *done, *found, 1)) < 0 ||
	    (error = rt_fault_commit(r->db)) < 0)
		goto fail;
	return 0;

fail: {
	rt_error_saved *saved = rt_error_save();

	be->rollback(r->db->conn);
	rt_error_restore(saved);
	return error;
}
}

/* A statement of retort's own inside the migration transaction. */
static int txn_statement(runner *r, const char *sql)
{
	const rt_backend *be = r->db->be;

	if (be->write)
		return be->write(r->db->conn, sql, NULL, 0);
	return be->exec(r->db->conn, sql, strlen(sql), NULL);
}

/* Going up, the next step's claim joins this migration's closing
 * transaction when it is a plain one (run statement by statement): one
 * commit a migration fewer where every DDL statement commits by itself.
 * Its row commits with this one's record, or neither does; the loop
 * forgets a claim it does not reach (run). The claim is an INSERT
 * behind a savepoint, not a read first: a row already there (a partial
 * run to resume, another migrator's) fails it with a duplicate key, and
 * that, like any failure of the claim, is undone alone; the next step
 * then claims in a transaction of its own, as without the fold, and
 * decides and reports. A read would cost a statement a migration for a
 * row that is almost never there. */
int rt_runner_claim_next(runner *r, rt_direction d)
{
	static const char sp[] = "SAVEPOINT rt_claim",
			  undo[] = "ROLLBACK TO SAVEPOINT rt_claim";
	const rt_backend *be = r->db->be;
	const rt_migration *next;
	rt_error_saved *saved, *first;
	int error;

	if (d != RT_UP || r->in_single || !r->plan || r->step >= r->plan->n ||
	    (r->opts->stop && *r->opts->stop))
		return 0;
	next = r->plan->steps[r->step];
	if (next->online ||
	    (rt_runner_section(next, d)->transaction &&
	     (be->caps & RT_CAP_TRANSACTIONAL_DDL)))
		return 0;
	if ((error = txn_statement(r, sp)) < 0)
		return error;
	saved = rt_error_save();
	/* the claim's row is sent at once: a failure of it (a lock wait
	 * timeout) must be undone here, not found by the COMMIT, which
	 * would then lose this migration's record with it */
	r->w.at_once = 1;
	if ((error = rt_runner_check_neighbours(r, next, d)) == 0 &&
	    (error = rt_state_mark_partial(&r->w, next, d, 0, 0, 1)) == 0) {
		r->w.at_once = 0;
		r->claimed_next = next;
		rt_error_restore(saved);
		return 0;
	}
	r->w.at_once = 0;
	/* a row already there (resume, skip, wait) or a failure: the next
	 * step's own claim decides, and reports */
	first = rt_error_save();
	if ((error = txn_statement(r, undo)) < 0) {
		/* the first failure tells more (a write of this migration's
		 * own, sent with the claim, before the savepoint existed) */
		rt_error_saved *why = rt_error_save();

		rt_error_restore(saved);
		rt_error_restore(why);
		rt_error_restore(first);
		return error;
	}
	rt_error_restore(first);
	rt_error_restore(saved);
	return 0;
}
