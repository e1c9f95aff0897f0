/*
 * state.c: retort's bookkeeping of online migrations (retort_online,
 * retort_online_table), the transaction every step of one runs in
 * (retried when a lock is not granted in time), and what the runner
 * refuses while one is active.
 */
#include "online/online.h"
#include "util/fs.h"

/* ---- queries ------------------------------------------------------------ */

static int collect(void *payload, int ncols, const char *const *vals)
{
	rt_online_rows *r = payload;
	const char **row =
	    rt_arena_array(r->a, (size_t)ncols + 1, sizeof(char *));
	int i;

	if (!row) {
		r->failed = 1;
		return 1;
	}
	for (i = 0; i < ncols; i++)
		if (vals[i] && !(row[i] = rt_arena_strdup(r->a, vals[i]))) {
			r->failed = 1;
			return 1;
		}
	r->ncols = ncols;
	if (rt_vec_push(r->a, &r->v, row) < 0) {
		r->failed = 1;
		return 1;
	}
	return 0;
}

int rt_online_query(rt_online_rows *out, rt_arena *a, rt_db *db,
		    const char *sql, const char *const *params, int n)
{
	int error;

	memset(out, 0, sizeof(*out));
	out->a = a;
	error = db->be->query(db->conn, sql, params, n, collect, out);
	if (!error && out->failed)
		error = RT_ERROR;
	return error;
}

const char *rt_online_cell(const rt_online_rows *r, size_t row, int col)
{
	const char **v = r->v.items[row];

	return col < r->ncols ? v[col] : NULL;
}

int rt_online_query_one(char **out, rt_arena *a, rt_db *db, const char *sql,
			const char *const *params, int n)
{
	rt_online_rows r;
	int error;

	*out = NULL;
	if ((error = rt_online_query(&r, a, db, sql, params, n)) < 0)
		return error;
	if (r.v.len && rt_online_cell(&r, 0, 0))
		*out = (char *)rt_online_cell(&r, 0, 0);
	return 0;
}

/* ---- the engine's table -----------------------------------------------------
 */

int rt_online_ops_complete(const rt_online_ops *ops)
{
	return ops->hook.check_plan && ops->hook.expand &&
	       ops->current_schema && ops->load_table && ops->relation_exists &&
	       ops->name_taken && ops->column_users && ops->column_indexes &&
	       ops->column_constraints && ops->key_columns && ops->index_valid;
}

/* ---- names ----------------------------------------------------------------
 */

const char *rt_online_qualified(rt_arena *a, const rt_backend *be,
				const char *schema, const char *name)
{
	rt_buf b = RT_BUF_INIT;
	char *s = NULL;

	rt_buf_init(&b);
	if (schema) {
		be->quote_ident(&b, schema);
		rt_buf_putc(&b, '.');
	}
	be->quote_ident(&b, name);
	if (rt_buf_check(&b) == 0)
		s = rt_arena_strdup(a, b.ptr);
	rt_buf_release(&b);
	return s;
}

const char *rt_online_ident(rt_arena *a, const rt_backend *be, const char *name)
{
	return rt_online_qualified(a, be, NULL, name);
}

/* ---- transactions ------------------------------------------------------- */

static int retryable(rt_db *db)
{
	return db->be->retryable && db->be->retryable(rt_error_last());
}

static void rollback_keep_error(rt_db *db)
{
	rt_error_saved *saved = rt_error_save();

	db->be->rollback(db->conn);
	rt_error_restore(saved);
}

/*
 * BEGIN, `sql` (statements), then `fn` (bookkeeping), COMMIT. A lock not
 * granted within lock_timeout rolls it back and it is tried again: a
 * statement queued behind a long transaction would otherwise block the
 * application behind itself for as long as that transaction runs.
 */
int rt_online_txn(rt_db *db, const char *sql, rt_online_txn_fn fn, void *arg,
		  int64_t *ms)
{
	const char *body = sql, *end;
	char *lock_sql = NULL;
	int attempt = 0, error;
	int64_t t0;

	/* a leading LOCK TABLE is the wait; the time after it is the time
	 * the locks were held */
	if (sql && !strncmp(sql, "LOCK TABLE ", 11) &&
	    (end = strstr(sql, ";\n"))) {
		if (!(lock_sql = strndup(sql, (size_t)(end - sql))))
			return rt_error_nomem();
		body = end + 2;
	}
	for (;;) {
		/* a migrator that lost the migration lock stops here, as the
		 * runner does before each statement */
		if ((db->be->check_lock &&
		     (error = db->be->check_lock(db->conn)) < 0) ||
		    (error = db->be->begin(db->conn)) < 0)
			break;
		if (!lock_sql || (error = rt_db_exec(db, lock_sql)) == 0)
			t0 = rt_time_ms();
		if (!error && (!body || (error = rt_db_exec(db, body)) == 0) &&
		    (!fn || (error = fn(db, arg)) == 0) &&
		    (error = db->be->commit(db->conn)) == 0) {
			if (ms)
				*ms = rt_time_ms() - t0;
			break;
		}
		rollback_keep_error(db);
		if (!retryable(db) || attempt >= db->opts.retries)
			break;
		rt_backoff(++attempt);
	}
	free(lock_sql);
	return error;
}

/* ---- state -------------------------------------------------------------- */

static const char state_ddl[] =
    "CREATE TABLE IF NOT EXISTS retort_online (\n"
    "    revision text PRIMARY KEY,\n"
    "    checksum text NOT NULL,\n"
    "    phase text NOT NULL,\n"
    "    old_schema text NOT NULL,\n"
    "    new_schema text NOT NULL,\n"
    "    base_schema text NOT NULL,\n"
    "    post_sql text NOT NULL,\n"
    "    post_done integer NOT NULL DEFAULT 0,\n"
    "    contract_sql text NOT NULL,\n"
    "    rollback_sql text NOT NULL,\n"
    "    expand_lock_ms bigint,\n"
    "    post_lock_ms bigint,\n"
    "    contract_lock_ms bigint,\n"
    "    started_at timestamptz NOT NULL DEFAULT now(),\n"
    "    finished_at timestamptz,\n"
    "    started_by text NOT NULL\n"
    ");\n"
    "CREATE TABLE IF NOT EXISTS retort_online_table (\n"
    "    revision text NOT NULL REFERENCES retort_online\n"
    "        ON DELETE CASCADE,\n"
    "    position integer NOT NULL,\n"
    "    table_name text NOT NULL,\n"
    "    pk text NOT NULL,\n"
    "    set_list text NOT NULL,\n"
    "    predicate text NOT NULL,\n"
    "    rows_total bigint NOT NULL,\n"
    "    rows_done bigint NOT NULL DEFAULT 0,\n"
    "    last_key text,\n"
    "    finished boolean NOT NULL DEFAULT false,\n"
    "    PRIMARY KEY (revision, position)\n"
    ");\n";

int rt_online_state_ensure(rt_db *db)
{
	int a = 0, b = 0, error;

	if ((error = db->be->table_exists(db->conn, "retort_online", &a)) < 0 ||
	    (error =
		 db->be->table_exists(db->conn, "retort_online_table", &b)) < 0)
		return error;
	if (a && b)
		return 0;
	return rt_online_txn(db, state_ddl, NULL, NULL, NULL);
}

int rt_online_active(const char **revision, const char **phase, rt_arena *a,
		     rt_db *db)
{
	rt_online_rows r;
	int exists = 0, error;

	*revision = *phase = NULL;
	if (!db || !db->conn)
		return 0;
	if ((error = db->be->table_exists(db->conn, "retort_online", &exists)) <
		0 ||
	    !exists)
		return error;
	if ((error =
		 rt_online_query(&r, a, db,
				 "SELECT revision, phase FROM retort_online "
				 "WHERE phase IN ('backfill', 'active') "
				 "ORDER BY started_at LIMIT 1",
				 NULL, 0)) < 0)
		return error;
	if (r.v.len) {
		*revision = rt_online_cell(&r, 0, 0);
		*phase = rt_online_cell(&r, 0, 1);
	}
	return 0;
}

int rt_online_check_plan(rt_db *db, rt_migration *const *steps, size_t n,
			 rt_direction d, int single_transaction)
{
	rt_arena a = RT_ARENA_INIT;
	const char *active, *phase;
	size_t i;
	int error = 0;

	rt_arena_init(&a);
	for (i = 0; d == RT_UP && i < n && !error; i++) {
		rt_online_plan *p;

		if (!steps[i]->online)
			continue;
		if (db && (error = rt_need_online(db->be, steps[i]->name)) < 0)
			break;
		/* a statement it cannot plan refuses the whole run, before
		 * the migrations ahead of it change anything */
		if ((error = rt_online_plan_make(&p, steps[i])) < 0)
			break;
		rt_online_plan_free(p);
		if (single_transaction) {
			error = rt_error_setc(RT_EUSAGE, RT_ERROR_USAGE,
					      "--single-transaction cannot "
					      "include online migration '%s'",
					      steps[i]->name);
			rt_error_detail("its expand phase commits in steps "
					"(backfill batches, concurrent "
					"indexes)");
			break;
		}
		if (i + 1 < n) {
			error =
			    rt_error_set(RT_ERROR_STATE,
					 "online migration '%s' must be "
					 "completed before '%s' runs",
					 steps[i]->name, steps[i + 1]->name);
			rt_error_detail(
			    "after its expand both application "
			    "versions run; later revisions wait for "
			    "`retort online complete`");
			rt_error_hint(
			    "run 'retort upgrade %s' (expand), deploy, "
			    "then 'retort online complete', then "
			    "upgrade the rest",
			    steps[i]->name);
			break;
		}
	}
	if (error < 0 || !n ||
	    (error = rt_online_active(&active, &phase, &a, db)) < 0 || !active)
		goto done;
	/* resuming the active one's interrupted expand is allowed */
	if (d == RT_UP && n == 1 && !strcmp(steps[0]->name, active))
		goto done;
	if (d == RT_UP) {
		error = rt_error_set(RT_ERROR_STATE,
				     "online migration '%s' is active: later "
				     "revisions wait for `retort online "
				     "complete`",
				     active);
		rt_error_detail("both application versions run against it "
				"(phase %s)",
				phase);
		rt_error_hint(
		    "once no old application instance runs, 'retort "
		    "online complete'; or undo it with 'retort online "
		    "rollback'");
	} else {
		error = rt_error_set(RT_ERROR_STATE,
				     "online migration '%s' is active: finish "
				     "or undo it before a downgrade",
				     active);
		rt_error_hint("'retort online rollback' undoes it; 'retort "
			      "online complete' finishes it");
	}
done:
	rt_arena_release(&a);
	return error;
}
