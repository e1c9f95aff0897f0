/*
 * expand.c: the expand phase of an online migration. Expand resolves the
 * plan (plan.c) against the live catalog (resolve.c), writes the
 * migration's four scripts at once (script.c), and runs the expand
 * script in one transaction with the retort_online rows; then the
 * backfill and the post-backfill steps (backfill.c), and the migration
 * is active and applied: both application versions run.
 */
#include "online/online.h"
#include "util/fs.h"

static int record_expand_ms(rt_db *db, const char *rev, int64_t ms)
{
	char buf[24];
	const char *params[2] = {buf, rev};

	snprintf(buf, sizeof(buf), "%lld", (long long)ms);
	return db->be->query(db->conn,
			     "UPDATE retort_online SET expand_lock_ms = $1 "
			     "WHERE revision = $2",
			     params, 2, NULL, NULL);
}

static int expand_fresh(rt_db *db, const rt_migration *m, rt_arena *a)
{
	rt_online_plan *p = NULL;
	rt_online_scripts s;
	rt_online_xtable *xs = NULL;
	rt_buf all = RT_BUF_INIT;
	const char *base = NULL;
	size_t n;
	int64_t ms = 0;
	int error;

	rt_online_scripts_init(&s);
	s.be = db->be;
	rt_buf_init(&all);
	if ((error = rt_online_plan_make(&p, m)) < 0)
		goto done;
	n = p->tables.len;
	s.old_schema = rt_online_schema_name(a, m->parents[0]);
	s.new_schema = rt_online_schema_name(a, m->name);
	if (!(xs = rt_arena_array(a, n + 1, sizeof(*xs))) || !s.old_schema ||
	    !s.new_schema) {
		error = RT_ERROR;
		goto done;
	}
	if ((error = rt_online_ops_of(db)->current_schema(&base, a, db)) < 0)
		goto done;
	if (!base) {
		error = rt_error_set(RT_ERROR_STATE, "no schema is current: "
						     "the search_path names "
						     "none that exists");
		goto done;
	}
	if ((error = rt_online_resolve(xs, a, db, p, s.old_schema,
				       s.new_schema)) < 0 ||
	    (error = rt_online_scripts_write(&s, a, xs, n)) < 0)
		goto done;
	rt_buf_puts(&all, rt_buf_cstr(&s.expand));
	if ((error = rt_online_state_sql(&all, a, m, &s, base, xs, n)) < 0)
		goto done;
	if ((error = rt_online_txn(db, all.ptr, NULL, NULL, &ms)) < 0) {
		rt_error_prefix("online migration '%s', expand", m->name);
		goto done;
	}
	error = record_expand_ms(db, m->name, ms);
done:
	rt_online_plan_free(p);
	rt_online_scripts_release(&s);
	rt_buf_release(&all);
	return error;
}

int rt_online_expand(rt_db *db, const rt_dir *dir, const rt_migration *m,
		     const rt_online_options *opts)
{
	rt_arena a = RT_ARENA_INIT;
	const char *active, *phase;
	const char *params[1] = {m->name};
	rt_online_rows r;
	int error;

	rt_arena_init(&a);
	if ((error = rt_need_online(db->be, m->name)) < 0 ||
	    (error = rt_online_state_ensure(db)) < 0 ||
	    (error = rt_online_active(&active, &phase, &a, db)) < 0)
		goto done;
	if (active && strcmp(active, m->name) != 0) {
		error = rt_error_set(RT_ERROR_STATE,
				     "online migration '%s' is active: '%s' "
				     "waits for `retort online complete`",
				     active, m->name);
		rt_error_hint("one online migration at a time: complete or "
			      "roll back '%s' first",
			      active);
		goto done;
	}
	if ((error = rt_online_query(&r, &a, db,
				     "SELECT phase FROM retort_online "
				     "WHERE revision = $1",
				     params, 1)) < 0)
		goto done;
	/* an expand that stopped in its backfill resumes (the checksum is
	 * checked there); anything else starts afresh */
	if ((!r.v.len || strcmp(rt_online_cell(&r, 0, 0), "backfill") != 0) &&
	    (error = expand_fresh(db, m, &a)) < 0)
		goto done;
	error = rt_online_finish_expand(db, dir, m->name, opts);
done:
	rt_arena_release(&a);
	return error;
}

/* ---- the end of expand -------------------------------------------------- */

typedef struct activate {
	const rt_migration *m;
	int64_t post_lock_ms;
	int applied; /* already in retort_migrations */
} activate;

static int mark_active(rt_db *db, void *arg)
{
	activate *ac = arg;
	rt_state_writer w = {db, db->be, NULL, 0};
	rt_log_entry e = {0};
	char ms[24];
	const char *params[2] = {ms, ac->m->name};
	int error;

	snprintf(ms, sizeof(ms), "%lld", (long long)ac->post_lock_ms);
	if ((error = db->be->query(db->conn,
				   "UPDATE retort_online SET phase = 'active', "
				   "post_lock_ms = $1 WHERE revision = $2",
				   params, 2, NULL, NULL)) < 0)
		return error;
	if (ac->applied)
		return 0;
	e.event = "upgrade";
	e.revision = ac->m->name;
	e.direction = "up";
	e.checksum = ac->m->checksum;
	e.duration_ms = -1;
	e.message = "online: expanded, both versions live";
	if ((error = rt_state_mark_applied(&w, ac->m, 0, 0)) < 0)
		return error;
	return rt_state_log(&w, &e);
}

int rt_online_finish_expand(rt_db *db, const rt_dir *dir, const char *rev,
			    const rt_online_options *opts)
{
	activate ac = {NULL, 0, 0};
	rt_state_row row;
	rt_arena a = RT_ARENA_INIT;
	const char *params[1] = {rev};
	char *checksum;
	int error;

	rt_arena_init(&a);
	if (!(ac.m = rt_dir_get(dir, rev))) {
		error = rt_error_setc(RT_ENOTFOUND, RT_ERROR_STATE,
				      "online migration '%s' has no file in "
				      "'%s'",
				      rev, dir->path);
		goto done;
	}
	/* it will be recorded as applied with the file's checksum: the
	 * file must be the one expand ran */
	if ((error = rt_online_query_one(&checksum, &a, db,
					 "SELECT checksum FROM retort_online "
					 "WHERE revision = $1",
					 params, 1)) < 0)
		goto done;
	if (!checksum || strcmp(checksum, ac.m->checksum) != 0) {
		error = rt_error_setc(RT_ECHECKSUM, RT_ERROR_STATE,
				      "online migration '%s' changed since its "
				      "expand began",
				      rev);
		rt_error_hint("restore the file, or 'retort online rollback' "
			      "and upgrade again");
		rt_error_at(ac.m->path, 0, 0);
		goto done;
	}
	if ((error = rt_online_backfill(db, rev, opts)) < 0 ||
	    (error = rt_online_post_steps(db, rev, &ac.post_lock_ms)) < 0 ||
	    (error = rt_state_get(&row, &ac.applied, &a, db, rev)) < 0)
		goto done;
	error = rt_online_txn(db, NULL, mark_active, &ac, NULL);
done:
	rt_arena_release(&a);
	return error;
}
