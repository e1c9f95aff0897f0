/*
 * postgres_lease.c: the PostgreSQL migration lock as a lease row
 * (--lock=table), kept by a heartbeat thread on a connection of its own.
 */
#include "backend/postgres_int.h"
#include "catalog/catalog.h"
#include "util/fs.h"

#include <poll.h>
#include <stdlib.h>
#include <string.h>

/*
 * --lock=table: where session advisory locks do not hold (PgBouncer in
 * transaction mode hands each transaction a different server session),
 * the lock is a lease row. Taking it is one statement that succeeds only
 * if the row is absent or expired, so a crashed migrator blocks the next
 * one at most until its lease runs out (5 minutes). A live migrator keeps
 * it with the heartbeat of lease.h; here, its PostgreSQL side: a
 * connection of its own, every wait bounded and noticing a stop, and a
 * lost lease cancels the main connection's statement (PQcancel). What
 * remains is what any lease has: a migrator frozen (SIGSTOP, a suspended
 * VM) for longer than the margin between its check and its next
 * statement could start it after its lease expired; the server ends a
 * dead migrator's statement within about a minute (keepalives and
 * client_connection_check_interval), well within the margin.
 */

/* The heartbeat's PostgreSQL state (rt_lease_ops' `eng`). */
typedef struct pg_beat {
	rt_lease_hb *hb; /* for its stop, while renewing */
	char holder[320], secs[32];
	char *renew_sql;
	const char *keys[PG_MAXPARAMS], *vals[PG_MAXPARAMS];
	PGcancel *cancel; /* the main connection's, borrowed */
	char *err;	  /* renew's error line */
	size_t esize;
	PGconn *pg; /* the thread's own */
} pg_beat;

/* Wait for `events` on `fd` until `deadline` (rt_time_ms), in slices
 * that notice a stop: 1 ready, 0 not (timeout, stop, error). */
static int hb_wait(pg_beat *b, int fd, short events, int64_t deadline)
{
	struct pollfd p;
	int64_t left;

	for (;;) {
		if (rt_lease_hb_stopping(b->hb) || fd < 0)
			return 0;
		left = deadline - rt_time_ms();
		if (left <= 0)
			return 0;
		p.fd = fd;
		p.events = events;
		p.revents = 0;
		if (poll(&p, 1, left > 100 ? 100 : (int)left) > 0)
			return 1;
	}
}

static void hb_error(pg_beat *b, const char *what)
{
	const char *m = b->pg ? PQerrorMessage(b->pg) : "out of memory";
	const char *nl = strchr(m, '\n');

	snprintf(b->err, b->esize, "%s: %.*s", what,
		 nl ? (int)(nl - m) : (int)strlen(m), m);
}

/* One statement on the heartbeat's connection, never waiting past
 * `deadline`; the first row's first two values into v1, v2. */
static int hb_exec(pg_beat *b, const char *sql, int nparams,
		   const char *const *params, int64_t deadline, char *v1,
		   char *v2, size_t vsize)
{
	PGresult *res;
	int ok = 0, first = 1;

	if (!PQsendQueryParams(b->pg, sql, nparams, NULL, params, NULL, NULL,
			       0))
		goto fail;
	while (PQisBusy(b->pg)) {
		if (!hb_wait(b, PQsocket(b->pg), POLLIN, deadline) ||
		    !PQconsumeInput(b->pg))
			goto fail;
	}
	while ((res = PQgetResult(b->pg))) {
		if (first) {
			ok = rt_pg_ok_status(PQresultStatus(res));
			if (ok && v1 && PQntuples(res) > 0 &&
			    PQnfields(res) >= 2) {
				snprintf(v1, vsize, "%s", PQgetvalue(res, 0, 0));
				snprintf(v2, vsize, "%s", PQgetvalue(res, 0, 1));
			}
			if (!ok)
				hb_error(b, "renewing the lease failed");
		}
		first = 0;
		PQclear(res);
	}
	return ok ? 0 : -1;
fail:
	/* a statement left half done: the connection is not reused */
	hb_error(b, "renewing the lease failed");
	PQfinish(b->pg);
	b->pg = NULL;
	return -1;
}

/* The heartbeat's connection, opened without blocking past `deadline`. */
static int hb_connect(pg_beat *b, int64_t deadline)
{
	PostgresPollingStatusType st = PGRES_POLLING_WRITING;

	if (b->pg && PQstatus(b->pg) == CONNECTION_OK)
		return 0;
	if (b->pg)
		PQfinish(b->pg);
	b->pg = PQconnectStartParams(b->keys, b->vals, 0);
	if (!b->pg || PQstatus(b->pg) == CONNECTION_BAD)
		goto fail;
	PQsetNoticeProcessor(b->pg, rt_pg_ignore_notice, NULL);
	while (st != PGRES_POLLING_OK) {
		if (st == PGRES_POLLING_FAILED ||
		    !hb_wait(b, PQsocket(b->pg),
			     st == PGRES_POLLING_READING ? POLLIN : POLLOUT,
			     deadline))
			goto fail;
		st = PQconnectPoll(b->pg);
	}
	return hb_exec(b, rt_pg_lock_settings, 0, NULL, deadline, NULL, NULL, 0);
fail:
	hb_error(b, "could not connect to renew the lease");
	if (b->pg)
		PQfinish(b->pg);
	b->pg = NULL;
	return -1;
}

static int pg_renew(void *eng, rt_lease_hb *hb, int64_t deadline, char *who,
		    size_t wsize, char *err, size_t esize)
{
	pg_beat *b = eng;
	const char *params[2] = {b->holder, b->secs};
	char n[32] = "", holder[320] = "";

	b->hb = hb;
	b->err = err;
	b->esize = esize;
	if (hb_connect(b, deadline) < 0 ||
	    hb_exec(b, b->renew_sql, 2, params, deadline, n, holder,
		    sizeof(holder)) < 0)
		return -1;
	if (n[0] == '1')
		return 1;
	snprintf(who, wsize, "%s", holder);
	return 0;
}

static void pg_stop_main(void *eng)
{
	pg_beat *b = eng;
	char errbuf[256];

	if (b->cancel)
		PQcancel(b->cancel, errbuf, (int)sizeof(errbuf));
}

static void pg_beat_release(void *eng)
{
	pg_beat *b = eng;

	if (!b)
		return;
	if (b->pg)
		PQfinish(b->pg);
	free(b->renew_sql);
	free(b);
}

static const rt_lease_ops pg_lease_ops = {
    .renew = pg_renew,
    .stop_main = pg_stop_main,
    .release = pg_beat_release,
};

/* Start renewing the lease taken at t_sent (rt_time_ms of its
 * statement). */
int rt_pg_hb_start(rt_conn *c, int64_t t_sent)
{
	const char *schema = c->opts.schema_name
				     ? c->opts.schema_name
				     : rt_url_param_get(c->url, "search_path");
	pg_beat *b = calloc(1, sizeof(*b));
	rt_buf sql = RT_BUF_INIT;

	if (!b)
		return rt_error_nomem();
	b->cancel = c->cancel;
	snprintf(b->holder, sizeof(b->holder), "%s", rt_holder());
	snprintf(b->secs, sizeof(b->secs), "%.3f", c->lease_ms / 1000.0);
	rt_pg_conn_params(b->keys, b->vals, c->url, 1);
	/* the table where the main connection's search_path finds it */
	rt_buf_init(&sql);
	rt_buf_puts(&sql, "WITH r AS (UPDATE ");
	if (schema) {
		rt_pg_put_ident(&sql, schema);
		rt_buf_putc(&sql, '.');
	}
	rt_buf_puts(&sql, "retort_lock SET expires_at = now() + "
			  "make_interval(secs => $2) WHERE id = 1 AND "
			  "holder = $1 RETURNING 1) SELECT (SELECT count(*) "
			  "FROM r), (SELECT holder FROM ");
	if (schema) {
		rt_pg_put_ident(&sql, schema);
		rt_buf_putc(&sql, '.');
	}
	rt_buf_puts(&sql, "retort_lock WHERE id = 1)");
	if (rt_buf_check(&sql) < 0) {
		pg_beat_release(b);
		return RT_ERROR;
	}
	b->renew_sql = rt_buf_detach(&sql);
	return rt_lease_hb_start(&c->hb, c->lease_ms, t_sent, &pg_lease_ops, b);
}

void rt_pg_hb_stop(rt_conn *c)
{
	rt_lease_hb_stop(c->hb);
	c->hb = NULL;
}

/* Is the lease still ours? No round trip: the heartbeat's verdict. */
int rt_pg_lease_check(rt_conn *c)
{
	return rt_lease_check(c->hb, c->redacted);
}

int rt_pg_lease_try(rt_conn *c, int *got, int64_t *t_sent)
{
	char secs[32];
	const char *holder_vals[2];
	int error;

	snprintf(secs, sizeof(secs), "%.3f", c->lease_ms / 1000.0);
	holder_vals[0] = rt_holder();
	holder_vals[1] = secs;
	*got = 0;
	error = rt_pg_run_simple(c, c->pg,
			   "CREATE TABLE IF NOT EXISTS retort_lock (\n"
			   "    id integer PRIMARY KEY CHECK (id = 1),\n"
			   "    holder text NOT NULL,\n"
			   "    expires_at timestamptz NOT NULL\n)");
	/* IF NOT EXISTS does not cover a migrator creating it at the same
	 * moment: the loser sees a duplicate pg_type or pg_class entry. */
	if (error < 0 && (!strcmp(rt_error_last()->sqlstate, "23505") ||
			  !strcmp(rt_error_last()->sqlstate, "42P07") ||
			  !strcmp(rt_error_last()->sqlstate, "42710"))) {
		error = 0;
		rt_error_clear();
	}
	if (!error) {
		PGresult *res;

		*t_sent = rt_time_ms();
		res = PQexecParams(
			c->pg,
			"INSERT INTO retort_lock AS l (id, holder, expires_at) "
			"VALUES (1, $1, now() + make_interval(secs => $2)) "
			"ON CONFLICT (id) DO UPDATE SET holder = EXCLUDED.holder,"
			" expires_at = EXCLUDED.expires_at "
			"WHERE l.expires_at < now() OR l.holder = EXCLUDED.holder "
			"RETURNING holder",
			2, NULL, holder_vals, NULL, NULL, 0);

		if (!res || PQresultStatus(res) != PGRES_TUPLES_OK)
			error = rt_pg_result_error(c, res, NULL);
		else
			*got = PQntuples(res) == 1;
		PQclear(res);
	}
	return error;
}

void rt_pg_lease_unlock(rt_conn *c)
{
	const char *vals[1] = {rt_holder()};
	PGresult *res;

	res = PQexecParams(c->pg, "DELETE FROM retort_lock WHERE holder = $1", 1,
			   NULL, vals, NULL, NULL, 0);
	PQclear(res);
}

