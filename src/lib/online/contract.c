/*
 * contract.c: the commands of an online migration's life after expand:
 * start (expand with options, outside `upgrade`), complete (contract),
 * rollback, and the status. Each takes the migration lock, as upgrade
 * does, so that it never runs beside a migrator.
 *
 * complete and rollback run the script expand stored for them, in one
 * transaction with their bookkeeping: either all of the contract happened
 * or none of it, and a lock not granted in time (lock_timeout) rolls it
 * back and tries again.
 */
#include "catalog/catalog.h"
#include "engine/engine.h"
#include "migration/migration.h"
#include "online/online.h"
#include "util/fs.h"

static int lock(rt_db *db)
{
	return db->be->lock ? db->be->lock(db->conn) : 0;
}

static void unlock(rt_db *db)
{
	if (db->be->unlock)
		db->be->unlock(db->conn);
}

static int need_db(rt_db *db)
{
	if (!db || !db->conn)
		return rt_error_set(RT_ERROR_USAGE,
				    "the database does not exist");
	return rt_need_online(db->be, NULL);
}

/* ---- start -------------------------------------------------------------- */

static int start_locked(rt_db *db, const rt_dir *dir, const char *revision,
			const rt_online_options *opts)
{
	rt_status *st = NULL;
	rt_migration *m = NULL;
	unsigned char *mark = NULL;
	size_t i;
	int error;

	if ((error = rt_state_ensure(db)) < 0 ||
	    (error = rt_online_state_ensure(db)) < 0 ||
	    (error = rt_status_load(&st, db, dir)) < 0)
		goto done;
	if (revision) {
		rt_target t;

		if ((error = rt_target_resolve(&t, dir, revision)) < 0)
			goto done;
		if (t.kind != RT_TARGET_REVISION || !t.rev) {
			error =
			    rt_error_setc(RT_EUSAGE, RT_ERROR_USAGE,
					  "'online start' takes a revision");
			goto done;
		}
		m = t.rev;
		if (!m->online) {
			error = rt_error_setc(RT_EUSAGE, RT_ERROR_USAGE,
					      "migration '%s' is not marked "
					      "'-- retort:online'",
					      m->name);
			goto done;
		}
	} else {
		for (i = 0; i < dir->count && !m; i++) {
			const rt_status_entry *e =
			    rt_status_get(st, dir->migrations[i]->name);

			if (dir->migrations[i]->online && e &&
			    e->state == RT_REV_PENDING)
				m = dir->migrations[i];
		}
		if (!m) {
			error = rt_error_setc(RT_ENOTFOUND, RT_ERROR_STATE,
					      "no online migration is pending");
			goto done;
		}
	}
	if (rt_status_get(st, m->name)->state != RT_REV_PENDING) {
		error = rt_error_set(RT_ERROR_STATE,
				     "online migration '%s' is applied already",
				     m->name);
		rt_error_hint("'retort online status' shows whether it is "
			      "active");
		goto done;
	}
	if ((error = rt_online_check_plan(db, &m, 1, RT_UP, 0)) < 0)
		goto done;
	if (!(mark = calloc(dir->count + 1, 1))) {
		error = rt_error_nomem();
		goto done;
	}
	rt_graph_mark_ancestors(dir, m, mark);
	for (i = 0; i < dir->count; i++) {
		const rt_migration *a = dir->migrations[i];
		const rt_status_entry *e = rt_status_get(st, a->name);

		if (!mark[a->order] || a == m || !e ||
		    e->state == RT_REV_APPLIED)
			continue;
		error = rt_error_set(RT_ERROR_STATE,
				     "revision '%s', before online migration "
				     "'%s', is %s",
				     a->name, m->name,
				     e->state == RT_REV_PENDING ? "pending"
								: "not applied "
								  "cleanly");
		rt_error_hint("'retort upgrade %s' first", m->parents[0]);
		goto done;
	}
	error = rt_online_expand(db, dir, m, opts);
done:
	free(mark);
	rt_status_free(st);
	return error;
}

int rt_online_start(rt_db *db, const rt_dir *dir, const char *revision,
		    const rt_online_options *opts)
{
	int error;

	if ((error = need_db(db)) < 0 || (error = lock(db)) < 0)
		return error;
	error = start_locked(db, dir, revision, opts);
	unlock(db);
	return error;
}

/* ---- complete and rollback ---------------------------------------------- */

/* In the transaction of the stored script: the bookkeeping. */
typedef struct finish {
	const char *rev, *checksum;
	int rollback;
} finish;

static int log_finish(rt_db *db, void *arg)
{
	const finish *f = arg;
	rt_state_writer w = {db, db->be, NULL, 0};
	rt_log_entry e = {0};
	const char *params[1] = {f->rev};
	int error;

	if ((error = db->be->query(
		 db->conn,
		 f->rollback ? "UPDATE retort_online SET phase = 'rolled "
			       "back', finished_at = now() WHERE revision = $1"
			     : "UPDATE retort_online SET phase = "
			       "'completed', finished_at = now() WHERE "
			       "revision = $1",
		 params, 1, NULL, NULL)) < 0)
		return error;
	if (f->rollback && (error = rt_state_delete(&w, f->rev)) < 0)
		return error;
	e.event = f->rollback ? "online rollback" : "online complete";
	e.revision = f->rev;
	e.direction = f->rollback ? "down" : "up";
	e.checksum = f->checksum;
	e.duration_ms = -1;
	return rt_state_log(&w, &e);
}

static int finish_locked(rt_db *db, const rt_dir *dir, int rollback,
			 const rt_online_options *opts)
{
	rt_arena a = RT_ARENA_INIT;
	const char *rev, *phase;
	char *script = NULL, *checksum = NULL;
	const char *params[2];
	finish f;
	char ms_text[24];
	int64_t ms = 0;
	int error;

	rt_arena_init(&a);
	if ((error = rt_online_state_ensure(db)) < 0 ||
	    (error = rt_online_active(&rev, &phase, &a, db)) < 0)
		goto done;
	if (!rev) {
		error = rt_error_setc(RT_ENOTFOUND, RT_ERROR_STATE,
				      "no online migration is active");
		rt_error_hint("'retort online status' shows the last one");
		goto done;
	}
	if (!rollback && !strcmp(phase, "backfill") &&
	    (error = rt_online_finish_expand(db, dir, rev, opts)) < 0)
		goto done;
	params[0] = rev;
	if ((error = rt_online_query_one(
		 &script, &a, db,
		 rollback ? "SELECT rollback_sql FROM retort_online WHERE "
			    "revision = $1"
			  : "SELECT contract_sql FROM retort_online WHERE "
			    "revision = $1",
		 params, 1)) < 0 ||
	    (error = rt_online_query_one(&checksum, &a, db,
					 "SELECT checksum FROM retort_online "
					 "WHERE revision = $1",
					 params, 1)) < 0)
		goto done;
	f.rev = rev;
	f.checksum = checksum;
	f.rollback = rollback;
	if ((error = rt_online_txn(db, script, log_finish, &f, &ms)) < 0) {
		rt_error_prefix("online migration '%s', %s", rev,
				rollback ? "rollback" : "complete");
		goto done;
	}
	snprintf(ms_text, sizeof(ms_text), "%lld", (long long)ms);
	params[0] = ms_text;
	params[1] = rev;
	error = db->be->query(db->conn,
			      "UPDATE retort_online SET contract_lock_ms = $1 "
			      "WHERE revision = $2",
			      params, 2, NULL, NULL);
done:
	rt_arena_release(&a);
	return error;
}

static int finish_run(rt_db *db, const rt_dir *dir, int rollback,
		      const rt_online_options *opts)
{
	int error;

	if ((error = need_db(db)) < 0 || (error = lock(db)) < 0)
		return error;
	error = finish_locked(db, dir, rollback, opts);
	unlock(db);
	return error;
}

int rt_online_complete(rt_db *db, const rt_dir *dir,
		       const rt_online_options *opts)
{
	return finish_run(db, dir, 0, opts);
}

int rt_online_rollback(rt_db *db, const rt_dir *dir,
		       const rt_online_options *opts)
{
	return finish_run(db, dir, 1, opts);
}

/* ---- status ------------------------------------------------------------- */

typedef struct status_ctx {
	rt_online_status st;
	rt_arena arena;
	rt_vec tables;
	int failed;
} status_ctx;

#define ISO(col)                                                               \
	"to_char(" col " AT TIME ZONE 'UTC', "                                 \
	"'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"

static char *dup(status_ctx *s, const char *v)
{
	char *d;

	if (!v)
		return NULL;
	if (!(d = rt_arena_strdup(&s->arena, v)))
		s->failed = 1;
	return d;
}

static int64_t ms_of(const char *v)
{
	return v ? strtoll(v, NULL, 10) : -1;
}

/* A search_path value: the schemas as SQL identifiers, quoted where
 * PostgreSQL needs it, so `SET search_path TO <it>` and
 * `-c search_path=<it>` mean these schemas whatever their names. */
static char *search_path(status_ctx *s, const char *version,
			 const char *base)
{
	rt_buf b = RT_BUF_INIT;
	char *out = NULL;

	rt_buf_init(&b);
	if (version) {
		rt_pg_put_ident(&b, version);
		rt_buf_puts(&b, ", ");
	}
	rt_pg_put_ident(&b, base);
	if (rt_buf_check(&b) == 0)
		out = rt_arena_strdup(&s->arena, b.ptr);
	rt_buf_release(&b);
	if (!out)
		s->failed = 1;
	return out;
}

static int on_status(void *payload, int ncols, const char *const *v)
{
	status_ctx *s = payload;
	const char *base = v[4];

	(void)ncols;
	s->st.revision = dup(s, v[0]);
	s->st.phase = dup(s, v[1]);
	s->st.active = !strcmp(v[1], "backfill") || !strcmp(v[1], "active");
	s->st.old_schema = dup(s, v[2]);
	s->st.new_schema = dup(s, v[3]);
	/* once it is over, the surviving version's schema is gone and its
	 * search_path falls through to the base schema */
	s->st.old_search_path =
	    !strcmp(v[1], "completed") ? NULL
	    : search_path(s, !strcmp(v[1], "rolled back") ? NULL : v[2], base);
	s->st.new_search_path =
	    !strcmp(v[1], "rolled back") ? NULL
	    : search_path(s, !strcmp(v[1], "completed") ? NULL : v[3], base);
	s->st.started_at = dup(s, v[5]);
	s->st.finished_at = dup(s, v[6]);
	s->st.started_by = dup(s, v[7]);
	s->st.expand_lock_ms = ms_of(v[8]);
	s->st.post_lock_ms = ms_of(v[9]);
	s->st.contract_lock_ms = ms_of(v[10]);
	if (!s->st.old_search_path && !s->st.new_search_path)
		s->failed = 1;
	return 1;
}

static int on_table(void *payload, int ncols, const char *const *v)
{
	status_ctx *s = payload;
	rt_online_table_status *t = rt_arena_alloc(&s->arena, sizeof(*t));

	(void)ncols;
	if (!t || rt_vec_push(&s->arena, &s->tables, t) < 0) {
		s->failed = 1;
		return 1;
	}
	t->table = dup(s, v[0]);
	t->rows_done = strtoll(v[1], NULL, 10);
	t->rows_total = strtoll(v[2], NULL, 10);
	t->finished = v[3][0] == 't';
	return 0;
}

int rt_online_status_load(rt_online_status **out, rt_db *db)
{
	status_ctx *s = calloc(1, sizeof(*s));
	const char *params[1];
	int exists = 0, error = 0;
	size_t i;

	*out = NULL;
	if (!s)
		return rt_error_nomem();
	rt_arena_init(&s->arena);
	if (!db || !db->conn || !(db->be->caps & RT_CAP_ONLINE))
		goto done;
	if ((error = db->be->table_exists(db->conn, "retort_online", &exists)) <
		0 ||
	    !exists)
		goto done;
	if ((error = db->be->query(
		 db->conn,
		 "SELECT revision, phase, old_schema, new_schema, "
		 "base_schema, " ISO("started_at") ", " ISO(
		     "finished_at") ", started_by, expand_lock_ms, "
				    "post_lock_ms, "
				    "contract_lock_ms FROM retort_online ORDER "
				    "BY phase IN "
				    "('backfill', 'active') DESC, started_at "
				    "DESC LIMIT 1",
		 NULL, 0, on_status, s)) < 0)
		goto done;
	if (s->st.revision) {
		params[0] = s->st.revision;
		if ((error = db->be->query(db->conn,
					   "SELECT table_name, rows_done, "
					   "rows_total, finished FROM "
					   "retort_online_table WHERE revision "
					   "= $1 ORDER BY position",
					   params, 1, on_table, s)) < 0)
			goto done;
	}
	if (s->failed) {
		error = RT_ERROR;
		goto done;
	}
	s->st.ntables = s->tables.len;
	s->st.tables =
	    rt_arena_array(&s->arena, s->tables.len + 1, sizeof(*s->st.tables));
	if (!s->st.tables) {
		error = RT_ERROR;
		goto done;
	}
	for (i = 0; i < s->tables.len; i++)
		s->st.tables[i] =
		    *(const rt_online_table_status *)s->tables.items[i];
done:
	if (error < 0) {
		rt_arena_release(&s->arena);
		free(s);
	} else {
		*out = &s->st;
	}
	return error;
}

void rt_online_status_free(rt_online_status *st)
{
	status_ctx *s = (status_ctx *)st;

	if (!s)
		return;
	rt_arena_release(&s->arena);
	free(s);
}
