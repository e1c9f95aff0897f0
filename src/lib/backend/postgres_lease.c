/*
 * postgres_lease.c: the PostgreSQL migration lock as a lease row
 * (--lock=table), kept by a heartbeat thread on a connection of its own.
 */
#include "backend/postgres_int.h"
#include "catalog/catalog.h"
#include "util/fs.h"

#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/*
 * --lock=table: where session advisory locks do not hold (PgBouncer in
 * transaction mode hands each transaction a different server session),
 * the lock is a lease row. Taking it is one statement that succeeds only
 * if the row is absent or expired, so a crashed migrator blocks the next
 * one at most until its lease runs out (LEASE_MS, 5 minutes).
 *
 * A live migrator keeps its lease with a heartbeat: a thread with a
 * connection of its own renews it every sixth of the lease, whatever the
 * main connection is doing, so a statement that runs longer than the
 * lease keeps it. Renewal between statements could not: one long
 * statement (an index build, a backfill) would outlive any lease. The
 * lease is held with a margin: the migrator counts it valid only until a
 * third of the lease before it could expire (its own clock, from the
 * moment the last successful renewal was sent), so the server's clock
 * expires it only after the migrator has stopped using it.
 *
 * When the lease is lost (the row names another holder or is gone, or
 * renewals failed until the margin), the heartbeat cancels the statement
 * running on the main connection (PQcancel), and check_lock and every
 * COMMIT (bookkeeping included) fail from then on: a migrator that lost
 * its lease writes nothing more, for another may already run. What
 * remains is what any lease has: a migrator frozen (SIGSTOP, a suspended
 * VM) for longer than the margin between its check and its next
 * statement could start it after its lease expired; the server ends a
 * dead migrator's statement within about a minute (keepalives and
 * client_connection_check_interval), well within the margin.
 *
 * RETORT_TEST_LEASE_MS sets the lease's length, for tests only.
 */
#define LEASE_MS 300000

struct heartbeat {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	/* under mu */
	int stop, lost;
	int64_t valid_until; /* rt_time_ms(): the lease counts until then */
	char why[256];	     /* once lost: why */
	char last_error[200];
	/* set before the thread starts, then read-only */
	int64_t lease_ms;
	char holder[320], secs[32];
	char *renew_sql;
	const char *keys[PG_MAXPARAMS], *vals[PG_MAXPARAMS];
	PGcancel *cancel; /* the main connection's, borrowed */
	/* the thread's own */
	PGconn *pg;
};

static int hb_stopping(heartbeat *h)
{
	int stop;

	pthread_mutex_lock(&h->mu);
	stop = h->stop;
	pthread_mutex_unlock(&h->mu);
	return stop;
}

/* Wait for `events` on `fd` until `deadline` (rt_time_ms), in slices
 * that notice a stop: 1 ready, 0 not (timeout, stop, error). */
static int hb_wait(heartbeat *h, int fd, short events, int64_t deadline)
{
	struct pollfd p;
	int64_t left;

	for (;;) {
		if (hb_stopping(h) || fd < 0)
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

static void hb_error(heartbeat *h, const char *what)
{
	const char *m = h->pg ? PQerrorMessage(h->pg) : "out of memory";
	const char *nl = strchr(m, '\n');

	pthread_mutex_lock(&h->mu);
	snprintf(h->last_error, sizeof(h->last_error), "%s: %.*s", what,
		 nl ? (int)(nl - m) : (int)strlen(m), m);
	pthread_mutex_unlock(&h->mu);
}

/* One statement on the heartbeat's connection, never waiting past
 * `deadline`; the first row's first two values into v1, v2. */
static int hb_exec(heartbeat *h, const char *sql, int nparams,
		   const char *const *params, int64_t deadline, char *v1,
		   char *v2, size_t vsize)
{
	PGresult *res;
	int ok = 0, first = 1;

	if (!PQsendQueryParams(h->pg, sql, nparams, NULL, params, NULL, NULL,
			       0))
		goto fail;
	while (PQisBusy(h->pg)) {
		if (!hb_wait(h, PQsocket(h->pg), POLLIN, deadline) ||
		    !PQconsumeInput(h->pg))
			goto fail;
	}
	while ((res = PQgetResult(h->pg))) {
		if (first) {
			ok = rt_pg_ok_status(PQresultStatus(res));
			if (ok && v1 && PQntuples(res) > 0 &&
			    PQnfields(res) >= 2) {
				snprintf(v1, vsize, "%s", PQgetvalue(res, 0, 0));
				snprintf(v2, vsize, "%s", PQgetvalue(res, 0, 1));
			}
			if (!ok)
				hb_error(h, "renewing the lease failed");
		}
		first = 0;
		PQclear(res);
	}
	return ok ? 0 : -1;
fail:
	/* a statement left half done: the connection is not reused */
	hb_error(h, "renewing the lease failed");
	PQfinish(h->pg);
	h->pg = NULL;
	return -1;
}

/* The heartbeat's connection, opened without blocking past `deadline`. */
static int hb_connect(heartbeat *h, int64_t deadline)
{
	PostgresPollingStatusType st = PGRES_POLLING_WRITING;

	if (h->pg && PQstatus(h->pg) == CONNECTION_OK)
		return 0;
	if (h->pg)
		PQfinish(h->pg);
	h->pg = PQconnectStartParams(h->keys, h->vals, 0);
	if (!h->pg || PQstatus(h->pg) == CONNECTION_BAD)
		goto fail;
	PQsetNoticeProcessor(h->pg, rt_pg_ignore_notice, NULL);
	while (st != PGRES_POLLING_OK) {
		if (st == PGRES_POLLING_FAILED ||
		    !hb_wait(h, PQsocket(h->pg),
			     st == PGRES_POLLING_READING ? POLLIN : POLLOUT,
			     deadline))
			goto fail;
		st = PQconnectPoll(h->pg);
	}
	return hb_exec(h, rt_pg_lock_settings, 0, NULL, deadline, NULL, NULL, 0);
fail:
	hb_error(h, "could not connect to renew the lease");
	if (h->pg)
		PQfinish(h->pg);
	h->pg = NULL;
	return -1;
}

/* Renew: 1 renewed, 0 the row is gone or names another holder (`who`),
 * -1 could not ask (the error in last_error). */
static int hb_renew(heartbeat *h, int64_t deadline, char *who, size_t wsize)
{
	const char *params[2] = {h->holder, h->secs};
	char n[32] = "", holder[320] = "";

	if (hb_connect(h, deadline) < 0 ||
	    hb_exec(h, h->renew_sql, 2, params, deadline, n, holder,
		    sizeof(holder)) < 0)
		return -1;
	if (n[0] == '1')
		return 1;
	snprintf(who, wsize, "%s", holder);
	return 0;
}

/* Under mu: the lease is no longer ours, for `why` (and the detail). */
static void hb_lose(heartbeat *h, const char *why, const char *detail)
{
	if (h->lost)
		return;
	h->lost = 1;
	snprintf(h->why, sizeof(h->why), "%s%.160s", why,
		 detail ? detail : "");
}

static void *hb_main(void *arg)
{
	heartbeat *h = arg;
	int64_t period = h->lease_ms / 6, next = rt_time_ms() + period;
	char who[320], errbuf[256];
	int lost;

	pthread_mutex_lock(&h->mu);
	while (!h->stop && !h->lost) {
		int64_t now = rt_time_ms(), until = h->valid_until, t_sent;
		int64_t wake = next < until ? next : until;
		int r;

		if (now >= until) {
			hb_lose(h, "the lease was not renewed in time: ",
				h->last_error[0] ? h->last_error
						 : "no answer");
			break;
		}
		if (now < wake) {
			struct timespec ts;

			ts.tv_sec = (time_t)(wake / 1000);
			ts.tv_nsec = (long)(wake % 1000) * 1000000L;
			pthread_cond_timedwait(&h->cv, &h->mu, &ts);
			continue;
		}
		pthread_mutex_unlock(&h->mu);
		t_sent = rt_time_ms();
		r = hb_renew(h, until, who, sizeof(who));
		pthread_mutex_lock(&h->mu);
		if (r > 0) {
			h->valid_until = t_sent + h->lease_ms - h->lease_ms / 3;
			h->last_error[0] = '\0';
			next = t_sent + period;
		} else if (r == 0) {
			if (who[0]) {
				char why[200];

				snprintf(why, sizeof(why),
					 "the lease in retort_lock is now "
					 "held by '%.120s'",
					 who);
				hb_lose(h, why, NULL);
			} else
				hb_lose(h,
					"the lease row in retort_lock is gone",
					NULL);
		} else {
			/* try again soon; the margin is several tries */
			next = rt_time_ms() + (period < 1000 ? period : 1000);
		}
	}
	lost = h->lost;
	pthread_mutex_unlock(&h->mu);
	/* stop the statement that runs without the lease */
	if (lost && h->cancel)
		PQcancel(h->cancel, errbuf, (int)sizeof(errbuf));
	return NULL;
}

int rt_pg_lease_ms(void)
{
	const char *env = getenv("RETORT_TEST_LEASE_MS");
	long ms = env ? strtol(env, NULL, 10) : 0;

	return ms >= 100 && ms <= LEASE_MS ? (int)ms : LEASE_MS;
}

static void hb_free(heartbeat *h)
{
	if (!h)
		return;
	if (h->pg)
		PQfinish(h->pg);
	free(h->renew_sql);
	pthread_cond_destroy(&h->cv);
	pthread_mutex_destroy(&h->mu);
	free(h);
}

/* Start renewing the lease taken at t_sent (rt_time_ms of its
 * statement). */
int rt_pg_hb_start(rt_conn *c, int64_t t_sent)
{
	const char *schema = c->opts.schema_name
				     ? c->opts.schema_name
				     : rt_url_param_get(c->url, "search_path");
	heartbeat *h = calloc(1, sizeof(*h));
	pthread_condattr_t ca;
	rt_buf sql = RT_BUF_INIT;

	if (!h)
		return rt_error_nomem();
	pthread_mutex_init(&h->mu, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&h->cv, &ca);
	pthread_condattr_destroy(&ca);
	h->lease_ms = c->lease_ms;
	h->valid_until = t_sent + h->lease_ms - h->lease_ms / 3;
	h->cancel = c->cancel;
	snprintf(h->holder, sizeof(h->holder), "%s", rt_holder());
	snprintf(h->secs, sizeof(h->secs), "%.3f", h->lease_ms / 1000.0);
	rt_pg_conn_params(h->keys, h->vals, c->url, 1);
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
		hb_free(h);
		return RT_ERROR;
	}
	h->renew_sql = rt_buf_detach(&sql);
	if (pthread_create(&h->thread, NULL, hb_main, h) != 0) {
		hb_free(h);
		return rt_error_set(RT_ERROR_OS,
				    "could not start the lease's heartbeat");
	}
	c->hb = h;
	return 0;
}

void rt_pg_hb_stop(rt_conn *c)
{
	heartbeat *h = c->hb;

	if (!h)
		return;
	pthread_mutex_lock(&h->mu);
	h->stop = 1;
	pthread_cond_signal(&h->cv);
	pthread_mutex_unlock(&h->mu);
	pthread_join(h->thread, NULL);
	hb_free(h);
	c->hb = NULL;
}

/* Is the lease still ours? No round trip: the heartbeat's verdict. */
int rt_pg_lease_check(rt_conn *c)
{
	heartbeat *h = c->hb;
	char why[256];
	int lost;

	pthread_mutex_lock(&h->mu);
	if (!h->lost && rt_time_ms() >= h->valid_until)
		hb_lose(h, "the lease was not renewed in time: ",
			h->last_error[0] ? h->last_error : "no answer");
	lost = h->lost;
	snprintf(why, sizeof(why), "%s", h->why);
	pthread_mutex_unlock(&h->mu);
	if (!lost)
		return 0;
	rt_error_set(RT_ERROR_BACKEND,
		     "lost the migration lock of %s (its lease in retort_lock)",
		     c->redacted);
	rt_error_detail("%s", why);
	rt_error_hint("nothing runs or is recorded without it; run the "
		      "command again to go on where it stopped");
	return RT_ERROR;
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

