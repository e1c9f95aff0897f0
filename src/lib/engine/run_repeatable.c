/*
 * run_repeatable.c: repeatable migrations (R_<slug>.sql) in an upgrade
 * and after a downgrade. Each that changed since its row (and each that
 * comes after one that runs) is applied after the versioned migrations
 * of an upgrade to the head(s), in one transaction with its row in
 * retort_migrations (under its R_ name) and its log entry (event
 * 'repeatable'); a downgrade leaves their objects and forgets the rows,
 * so the next upgrade to the head applies them again.
 */
#include "engine/runner.h"
#include "util/fs.h"

/* ---- repeatable migrations ------------------------------------------- */

static int log_repeatable(runner *r, const rt_migration *m, int64_t ms)
{
	rt_log_entry e = {0};

	e.event = "repeatable";
	e.revision = m->name;
	e.direction = "up";
	e.checksum = m->checksum;
	e.duration_ms = ms;
	return rt_state_log(&r->w, &e);
}

/*
 * One repeatable migration: with transactional DDL its statements, row
 * and log entry in one transaction; else the statements one by one, then
 * the row (a failure leaves the old row, so the next upgrade runs it
 * again whole: a repeatable migration is written to be run again).
 */
static int run_repeatable(runner *r, const rt_migration *m, int exists,
			  int again)
{
	const rt_backend *be = r->db->be;
	int txn = (be->caps & RT_CAP_TRANSACTIONAL_DDL) && m->up.transaction;
	rt_state_row row;
	rt_unit *units;
	size_t n;
	int64_t t0 = rt_time_ms(), ms;
	int found = 0, open = 0, error;

	if ((error = rt_units_build(&units, &n, &r->arena, be, &m->up,
				    m->path)) < 0)
		return error;
	if ((error = be->begin(r->db->conn)) < 0)
		return error;
	open = 1;
	/* another migrator may have applied this very text meanwhile */
	if ((error = rt_state_get(&row, &found, &r->arena, r->db, m->name)) <
	    0)
		goto fail;
	if (found && !again && !strcmp(row.checksum, m->checksum)) {
		be->rollback(r->db->conn);
		rt_runner_emit(r, RT_EVENT_SKIP, RT_UP, m, 0, 0);
		return 0;
	}
	exists = found;
	if (!txn) {
		be->rollback(r->db->conn);
		open = 0;
	}
	rt_runner_emit(r, RT_EVENT_START, RT_UP, m, 0, 0);
	if ((error = rt_runner_run_units(r, m, units, n)) < 0)
		goto fail;
	ms = rt_time_ms() - t0;
	if (!open && (error = be->begin(r->db->conn)) < 0)
		goto fail;
	open = 1;
	if ((error = rt_state_mark_applied(&r->w, m, ms, exists)) < 0 ||
	    (error = log_repeatable(r, m, ms)) < 0)
		goto fail;
	open = 0;
	if ((error = rt_runner_commit(r, m, RT_UP)) < 0)
		goto fail;
	rt_runner_emit(r, RT_EVENT_DONE, RT_UP, m, 0, ms);
	return 0;
fail:
	if (open) {
		rt_error_saved *saved = rt_error_save();

		be->rollback(r->db->conn);
		rt_error_restore(saved);
	}
	if (error != RT_ELOCKED)
		rt_runner_log_failure(r, m, RT_UP, 0);
	return error;
}

/*
 * After a downgrade that reverted something: the repeatable migrations'
 * objects stay as they are (a down that needs one gone drops it), but
 * their rows go, so the next upgrade to the head applies each again over
 * what the versioned migrations then built.
 */
int rt_forget_repeatables(runner *r)
{
	size_t i, n = 0;
	int error;

	for (i = 0; i < r->st->nrepeatables; i++)
		n += r->st->repeatables[i].state != RT_REV_PENDING;
	if (!n)
		return 0;
	if ((error = r->db->be->begin(r->db->conn)) < 0)
		return error;
	for (i = 0; i < r->st->nrepeatables && !error; i++) {
		const rt_status_entry *e = &r->st->repeatables[i];
		rt_log_entry le = {0};

		if (e->state == RT_REV_PENDING)
			continue;
		le.event = "repeatable";
		le.revision = e->revision;
		le.direction = "down";
		le.checksum = e->checksum;
		le.duration_ms = -1;
		le.message = "forgotten after a downgrade (its objects are "
			     "left): the next upgrade to the head applies it "
			     "again";
		if ((error = rt_state_delete(&r->w, e->revision)) == 0)
			error = rt_state_log(&r->w, &le);
	}
	if (error < 0) {
		rt_error_saved *saved = rt_error_save();

		r->db->be->rollback(r->db->conn);
		rt_error_restore(saved);
		return error;
	}
	return rt_fault_commit(r->db);
}

/* Does an upgrade to `target` end at the head(s), where repeatable
 * migrations run? */
int rt_reaches_heads(const rt_dir *dir, const char *target)
{
	rt_target t;

	if (!dir->nrepeatables || rt_target_resolve(&t, dir, target) < 0) {
		rt_error_clear();
		return 0;
	}
	if (t.kind == RT_TARGET_HEAD || t.kind == RT_TARGET_HEADS)
		return 1;
	return t.kind == RT_TARGET_REVISION && dir->nheads == 1 &&
	       t.rev == dir->heads[0];
}

/* Did this pass run one that `m` comes after (`ran` by order)? */
static int after_ran(const rt_dir *dir, const rt_migration *m,
		     const unsigned char *ran)
{
	size_t i, j;

	for (i = 0; i < m->nafter; i++)
		for (j = 0; j < dir->nrepeatables; j++)
			if (ran[j] && !strcmp(dir->repeatables[j]->name,
					      m->after[i]))
				return 1;
	return 0;
}

/* Each that changed, and each that comes after one that runs (its
 * `-- retort:after` says it reads what that one makes, which a DROP
 * ... CASCADE there may have taken with it). */
int rt_run_repeatables(runner *r)
{
	unsigned char *ran = rt_arena_alloc(&r->arena,
					    r->st->nrepeatables + 1);
	size_t i;
	int error;

	if (!ran)
		return RT_ERROR;
	/* outside the plan: no "i of n" */
	r->step = r->nsteps = 0;
	for (i = 0; i < r->st->nrepeatables; i++) {
		const rt_status_entry *e = &r->st->repeatables[i];

		if (e->state == RT_REV_APPLIED &&
		    !after_ran(r->dir, e->migration, ran))
			continue;
		ran[i] = 1;
		if (r->opts->dry_run) {
			rt_runner_emit(r, RT_EVENT_PLAN, RT_UP, e->migration, 0, 0);
			continue;
		}
		if (r->db->be->check_lock &&
		    (error = r->db->be->check_lock(r->db->conn)) < 0)
			return error;
		if ((error = run_repeatable(r, e->migration,
					    e->state != RT_REV_PENDING,
					    e->state == RT_REV_APPLIED)) < 0)
			return error;
	}
	return 0;
}

