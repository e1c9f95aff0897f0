/*
 * backfill.c: after the expand transaction, the rows that need the new
 * shape (retyped columns, volatile defaults) and the post-backfill steps
 * (VALIDATE, CREATE INDEX CONCURRENTLY, ADD CONSTRAINT ... USING INDEX).
 *
 * The backfill walks the primary key in batches, one transaction each
 * with its position (retort_online_table.last_key), so a killed run
 * resumes after the last batch that committed. The post steps run one at
 * a time, their position (retort_online.post_done) moved after each.
 */
#include "online/online.h"
#include "util/fs.h"

/* ---- backfill ----------------------------------------------------------- */

typedef struct bf_table {
	const char *position, *table, *pk, *set, *pred, *last_key;
	int64_t rows_total, rows_done;
	/* the key as SQL (key_sql): its text form, the ORDER BY both
	 * ways, the row value with and without the UPDATE's alias, and the
	 * key parameters $1 / $2 typed back */
	const char *key_text, *order, *order_desc, *row, *alias_row;
	const char *param1, *param2;
} bf_table;

/*
 * The SQL of the table's primary key for the batches, from the catalog
 * (the key does not change while the migration is active). One column
 * compares as itself, its text a parameter the server types. Several
 * compare as a row value, (a, b) > (x, y), which a btree on (a, b)
 * answers as a range; the last key travels as a text array whose
 * elements are cast back to the columns' types.
 */
static int key_sql(bf_table *t, rt_arena *a, rt_db *db)
{
	const char **names, **types;
	rt_buf text = RT_BUF_INIT, order = RT_BUF_INIT, desc = RT_BUF_INIT,
	       row = RT_BUF_INIT, arow = RT_BUF_INIT, p1 = RT_BUF_INIT,
	       p2 = RT_BUF_INIT;
	size_t i, n;
	int error;

	if ((error = rt_online_ops_of(db)->key_columns(&names, &types, &n, a,
						       db, t->table)) < 0)
		return error;
	if (!n)
		return rt_error_set(RT_ERROR_STATE,
				    "%s has no primary key any more: the "
				    "backfill cannot go on",
				    t->table);
	rt_buf_init(&text);
	rt_buf_init(&order);
	rt_buf_init(&desc);
	rt_buf_init(&row);
	rt_buf_init(&arow);
	rt_buf_init(&p1);
	rt_buf_init(&p2);
	if (n > 1) {
		rt_buf_puts(&text, "ARRAY[");
		rt_buf_putc(&row, '(');
		rt_buf_putc(&arow, '(');
		rt_buf_putc(&p1, '(');
		rt_buf_putc(&p2, '(');
	}
	for (i = 0; i < n; i++) {
		const char *col = names[i], *type = types[i];
		const char *sep = i ? ", " : "";

		rt_buf_printf(&text, "%s%s%s", sep, col, n > 1 ? "::text" : "");
		rt_buf_printf(&order, "%s%s", sep, col);
		rt_buf_printf(&desc, "%s%s DESC", sep, col);
		rt_buf_printf(&row, "%s%s", sep, col);
		rt_buf_printf(&arow, "%s_rt_t.%s", sep, col);
		if (n > 1) {
			rt_buf_printf(&p1, "%s($1::text[])[%zu]::%s", sep,
				      i + 1, type);
			rt_buf_printf(&p2, "%s($2::text[])[%zu]::%s", sep,
				      i + 1, type);
		}
	}
	if (n > 1) {
		rt_buf_putc(&text, ']');
		rt_buf_putc(&row, ')');
		rt_buf_putc(&arow, ')');
		rt_buf_putc(&p1, ')');
		rt_buf_putc(&p2, ')');
	} else {
		rt_buf_puts(&p1, "$1");
		rt_buf_puts(&p2, "$2");
	}
	if ((error = rt_buf_check(&text)) == 0 &&
	    (error = rt_buf_check(&order)) == 0 &&
	    (error = rt_buf_check(&desc)) == 0 &&
	    (error = rt_buf_check(&row)) == 0 &&
	    (error = rt_buf_check(&arow)) == 0 &&
	    (error = rt_buf_check(&p1)) == 0 &&
	    (error = rt_buf_check(&p2)) == 0) {
		t->key_text = rt_arena_strdup(a, text.ptr);
		t->order = rt_arena_strdup(a, order.ptr);
		t->order_desc = rt_arena_strdup(a, desc.ptr);
		t->row = rt_arena_strdup(a, row.ptr);
		t->alias_row = rt_arena_strdup(a, arow.ptr);
		t->param1 = rt_arena_strdup(a, p1.ptr);
		t->param2 = rt_arena_strdup(a, p2.ptr);
		if (!t->key_text || !t->order || !t->order_desc || !t->row ||
		    !t->alias_row || !t->param1 || !t->param2)
			error = rt_error_nomem();
	}
	rt_buf_release(&text);
	rt_buf_release(&order);
	rt_buf_release(&desc);
	rt_buf_release(&row);
	rt_buf_release(&arow);
	rt_buf_release(&p1);
	rt_buf_release(&p2);
	return error;
}

typedef struct batch_result {
	const char *revision;
	const bf_table *t;
	int limit;
	const char *last_key; /* the batch's last key, NULL: none left */
	int64_t scanned;
	rt_arena *a;
} batch_result;

/*
 * In the batch's transaction: the next batch's keys, the rows among them
 * that need it, then the position. The update takes the keys as a range
 * of the primary key index: a join with the key list lets the planner
 * pick a scan of the whole table, every batch.
 *
 * Only rows still out of sync are written: rows either version wrote
 * since expand are in sync already, and converting them again could
 * change what the new version wrote (a lossy round trip). A row a writer
 * changes while the batch waits for its lock is re-read (READ COMMITTED)
 * and the SET is computed from what it wrote. The sync trigger skips the
 * batch's own updates (retort.backfill): they set the new columns
 * themselves, and a PL/pgSQL call a row costs a third of the throughput.
 */
static int run_batch(rt_db *db, void *arg)
{
	batch_result *b = arg;
	const bf_table *t = b->t;
	rt_buf sql = RT_BUF_INIT;
	char n[24];
	const char *params[4];
	rt_online_rows r;
	int error;

	rt_buf_init(&sql);
	rt_buf_printf(&sql,
		      "WITH b AS (SELECT %s AS _rt_k, %s FROM %s%s ORDER BY "
		      "%s LIMIT $1::int) SELECT (SELECT count(*) FROM b), "
		      "(SELECT _rt_k FROM b ORDER BY %s LIMIT 1)::text",
		      t->key_text, t->order, t->table,
		      t->last_key ? rt_arena_printf(b->a, " WHERE %s > %s",
						    t->row, t->param2)
				  : "",
		      t->order, t->order_desc);
	if ((error = rt_buf_check(&sql)) < 0)
		goto done;
	params[0] = n;
	params[1] = t->last_key;
	snprintf(n, sizeof(n), "%d", b->limit);
	if ((error = rt_online_query(&r, b->a, db, sql.ptr, params,
				     t->last_key ? 2 : 1)) < 0)
		goto done;
	b->scanned = strtoll(rt_online_cell(&r, 0, 0), NULL, 10);
	b->last_key = rt_online_cell(&r, 0, 1);
	if (b->last_key) {
		rt_buf_clear(&sql);
		rt_buf_printf(&sql,
			      "UPDATE %s AS _rt_t SET %s WHERE %s%s <= %s AND "
			      "(%s)",
			      t->table, t->set,
			      t->last_key
				  ? rt_arena_printf(b->a, "%s > %s AND ",
						    t->alias_row, t->param2)
				  : "",
			      t->alias_row, t->param1, t->pred);
		params[0] = b->last_key;
		params[1] = t->last_key;
		if ((error = rt_buf_check(&sql)) < 0 ||
		    (error = rt_db_exec(db, "SET LOCAL retort.backfill = "
					    "'on'")) < 0 ||
		    (error = db->be->query(db->conn, sql.ptr, params,
					   t->last_key ? 2 : 1, NULL, NULL)) <
			0)
			goto done;
	}
	snprintf(n, sizeof(n), "%lld", (long long)b->scanned);
	params[0] = b->revision;
	params[1] = t->position;
	params[2] = b->last_key;
	params[3] = n;
	error = db->be->query(
	    db->conn,
	    b->last_key
		/* rows_total starts as the planner's estimate: once the
		 * walk passes it, or ends, the rows seen are the truth */
		? "UPDATE retort_online_table SET last_key = $3, "
		  "rows_done = rows_done + $4::bigint, rows_total = "
		  "greatest(rows_total, rows_done + $4::bigint) WHERE "
		  "revision = $1 AND position = $2::int"
		: "UPDATE retort_online_table SET finished = true, "
		  "rows_total = rows_done WHERE revision = $1 AND "
		  "position = $2::int",
	    params, b->last_key ? 4 : 2, NULL, NULL);
done:
	rt_buf_release(&sql);
	return error;
}

static int backfill_table(rt_db *db, const char *rev, bf_table *t,
			  const rt_online_options *opts)
{
	int size = opts && opts->batch_size > 0 ? opts->batch_size
						: RT_ONLINE_BATCH_SIZE;
	int delay = opts && opts->batch_delay_ms ? opts->batch_delay_ms
						 : RT_ONLINE_BATCH_DELAY_MS;
	int64_t t0 = rt_time_ms(), done0 = t->rows_done;
	rt_online_progress pr;
	rt_replica_gate gate;
	int error = 0;

	/* before each batch: no replica lags more than --max-replica-lag,
	 * so none falls further behind than that and one batch */
	rt_replica_gate_init(&gate, db, t->table, opts ? opts->on_event : NULL,
			     opts ? opts->event_payload : NULL);
	memset(&pr, 0, sizeof(pr));
	pr.revision = rev;
	pr.table = t->table;
	for (;;) {
		rt_arena a = RT_ARENA_INIT;
		batch_result b = {rev, t, size, NULL, 0, &a};
		double secs;

		rt_arena_init(&a);
		gate.next_check = 0; /* a batch is a pass: ask each time */
		if ((error = rt_replica_gate_pass(&gate)) < 0) {
			rt_arena_release(&a);
			break;
		}
		error = rt_online_txn(db, NULL, run_batch, &b, NULL);
		if (!error && b.last_key) {
			t->rows_done += b.scanned;
			free((char *)t->last_key);
			if (!(t->last_key = strdup(b.last_key)))
				error = rt_error_nomem();
		}
		rt_arena_release(&a);
		if (error < 0)
			break;
		secs = (double)(rt_time_ms() - t0) / 1000.0;
		pr.rows_done = t->rows_done;
		if (t->rows_total < t->rows_done || !b.last_key)
			t->rows_total = t->rows_done;
		pr.rows_total = t->rows_total;
		pr.rows_per_s =
		    secs > 0 ? (double)(t->rows_done - done0) / secs : 0;
		pr.eta_s =
		    pr.rows_per_s > 0
			? (double)(pr.rows_total - pr.rows_done) / pr.rows_per_s
			: -1;
		pr.finished = !b.last_key;
		if (opts && opts->on_progress)
			opts->on_progress(&pr, opts->payload);
		if (pr.finished)
			break;
		/* a lease (--lock=table) is renewed by its heartbeat, and
		 * each batch's rt_online_txn checks the lock is still ours */
		if (delay > 0)
			rt_sleep_ms(delay);
	}
	return error;
}

int rt_online_backfill(rt_db *db, const char *rev,
		       const rt_online_options *opts)
{
	rt_arena a = RT_ARENA_INIT;
	const char *params[1] = {rev};
	rt_online_rows r;
	size_t i;
	int error;

	rt_arena_init(&a);
	if ((error =
		 rt_online_query(&r, &a, db,
				 "SELECT position, table_name, pk, set_list, "
				 "predicate, last_key, rows_total, rows_done "
				 "FROM retort_online_table WHERE revision = $1 "
				 "AND NOT finished ORDER BY position",
				 params, 1)) < 0)
		goto done;
	for (i = 0; i < r.v.len && !error; i++) {
		bf_table t;

		t.position = rt_online_cell(&r, i, 0);
		t.table = rt_online_cell(&r, i, 1);
		t.pk = rt_online_cell(&r, i, 2);
		t.set = rt_online_cell(&r, i, 3);
		t.pred = rt_online_cell(&r, i, 4);
		t.last_key = rt_online_cell(&r, i, 5)
				 ? strdup(rt_online_cell(&r, i, 5))
				 : NULL;
		t.rows_total = strtoll(rt_online_cell(&r, i, 6), NULL, 10);
		t.rows_done = strtoll(rt_online_cell(&r, i, 7), NULL, 10);
		if (rt_online_cell(&r, i, 5) && !t.last_key) {
			error = rt_error_nomem();
			break;
		}
		if ((error = key_sql(&t, &a, db)) == 0)
			error = backfill_table(db, rev, &t, opts);
		free((char *)t.last_key);
	}
done:
	rt_arena_release(&a);
	if (error < 0)
		rt_error_prefix("online migration '%s', backfill", rev);
	return error;
}

/* ---- post steps --------------------------------------------------------- */

typedef struct post_ctx {
	rt_vec stmts; /* char * */
	rt_arena *a;
	const char *text;
} post_ctx;

static int on_post_stmt(void *payload, size_t start, size_t len)
{
	post_ctx *pc = payload;
	char *s = rt_arena_strndup(pc->a, pc->text + start, len);

	if (!s || rt_vec_push(pc->a, &pc->stmts, s) < 0)
		return RT_ERROR;
	return 0;
}

typedef struct post_step {
	const char *rev;
	int position; /* steps done after this one */
} post_step;

static int post_advance(rt_db *db, void *arg)
{
	const post_step *ps = arg;
	char n[16];
	const char *params[2] = {n, ps->rev};

	snprintf(n, sizeof(n), "%d", ps->position);
	return db->be->query(db->conn,
			     "UPDATE retort_online SET post_done = $1::int "
			     "WHERE revision = $2",
			     params, 2, NULL, NULL);
}

/* A concurrent build stopped midway leaves an INVALID index: drop it
 * before building again. A valid one was built by this step already. */
static int index_leftover(rt_db *db, rt_arena *a, const char *sql,
			  const char *base, int *skip)
{
	const char *schema, *name, *valid;
	const char *params[1];

	*skip = 0;
	if (!rt_online_index_target(&schema, &name, a, sql))
		return 0;
	params[0] =
	    rt_online_qualified(a, db->be, schema ? schema : base, name);
	if (!params[0] ||
	    rt_online_ops_of(db)->index_valid(&valid, a, db, params[0]) < 0)
		return RT_ERROR;
	if (!valid)
		return 0;
	if (!strcmp(valid, "true")) {
		*skip = 1;
		return 0;
	}
	return rt_db_exec(db, rt_arena_printf(a,
					      "DROP INDEX CONCURRENTLY IF "
					      "EXISTS %s",
					      params[0]));
}

/*
 * A concurrent build waits for every transaction that might see the
 * table; it holds SHARE UPDATE EXCLUSIVE meanwhile, which lets reads and
 * writes through, so it may wait without lock_timeout: under it, one
 * long transaction of the application would fail the build.
 */
static int build_concurrently(rt_db *db, rt_arena *a, const char *sql)
{
	char *saved, *reset;
	int error, restore;

	if ((error = rt_online_query_one(
		 &saved, a, db, "SELECT current_setting('lock_timeout')", NULL,
		 0)) < 0)
		return error;
	if (!(reset = rt_arena_printf(a, "SET lock_timeout = '%s'",
				      saved ? saved : "0")))
		return RT_ERROR;
	if ((error = rt_db_exec(db, "SET lock_timeout = 0")) < 0)
		return error;
	error = rt_db_exec(db, sql);
	restore = rt_db_exec(db, reset);
	return error < 0 ? error : restore;
}

int rt_online_post_steps(rt_db *db, const char *rev, int64_t *lock_ms)
{
	rt_arena a = RT_ARENA_INIT;
	const char *params[1] = {rev};
	post_ctx pc;
	post_step ps = {rev, 0};
	rt_online_rows r;
	size_t i;
	int error, done;

	rt_arena_init(&a);
	memset(&pc, 0, sizeof(pc));
	pc.a = &a;
	*lock_ms = 0;
	if ((error =
		 rt_online_query(&r, &a, db,
				 "SELECT post_sql, post_done, base_schema FROM "
				 "retort_online WHERE revision = $1",
				 params, 1)) < 0)
		goto done;
	pc.text = rt_online_cell(&r, 0, 0);
	done = atoi(rt_online_cell(&r, 0, 1));
	if ((error = db->be->split(pc.text, strlen(pc.text), on_post_stmt,
				   &pc)) < 0)
		goto done;
	for (i = (size_t)done; i < pc.stmts.len && !error; i++) {
		const char *sql = pc.stmts.items[i];
		int64_t ms = 0;
		int skip;

		ps.position = (int)i + 1;
		if (strstr(sql, "CONCURRENTLY")) {
			/* cannot run in a transaction: the position moves
			 * after it, so a crash repeats it (see
			 * index_leftover) */
			if ((error = index_leftover(db, &a, sql,
						    rt_online_cell(&r, 0, 2),
						    &skip)) < 0)
				break;
			if (!skip &&
			    ((db->be->check_lock &&
			      (error = db->be->check_lock(db->conn)) < 0) ||
			     (error = build_concurrently(db, &a, sql)) < 0))
				break;
			error =
			    rt_online_txn(db, NULL, post_advance, &ps, NULL);
		} else {
			error = rt_online_txn(db, sql, post_advance, &ps, &ms);
			/* VALIDATE scans under SHARE UPDATE EXCLUSIVE, which
			 * lets reads and writes through: not counted */
			if (!strstr(sql, "VALIDATE CONSTRAINT") &&
			    ms > *lock_ms)
				*lock_ms = ms;
		}
	}
done:
	rt_arena_release(&a);
	if (error < 0)
		rt_error_prefix("online migration '%s'", rev);
	return error;
}
