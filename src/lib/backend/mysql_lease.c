/*
 * mysql_lease.c: the MySQL/MariaDB migration lock as a lease row in
 * retort_lock (--lock=table, and on a Galera cluster), kept by a
 * heartbeat thread on a connection of its own: the protocol of
 * postgres_lease.c.
 *
 * On Galera GET_LOCK is each node's own: two migrators connected to two
 * nodes would both hold it. A row, though, is the cluster's: writes to it
 * are certified in one total order, so of two migrators that take an
 * expired lease at once through two nodes, one commits and the other's
 * transaction is aborted (a deadlock error), and it sees the winner's row
 * when it reads again. Taking the lease is one INSERT ... ON DUPLICATE KEY
 * UPDATE that replaces the row only when it is expired or already ours;
 * reading it back says who holds it. A crashed migrator blocks the next
 * one at most until its lease runs out (5 minutes).
 *
 * A live migrator keeps its lease with a heartbeat: a thread with a
 * connection of its own renews it every sixth of the lease, whatever the
 * main connection is doing (one long ALTER TABLE outlives any lease
 * renewed between statements). The migrator counts the lease valid only
 * until a third of the lease before it could expire, by its own clock
 * from the moment the last renewal was sent. When the lease is lost (the
 * row names another holder or is gone, or renewals failed until the
 * margin), the heartbeat stops the statement running on the main
 * connection (KILL QUERY on its node), and check_lock and every COMMIT
 * fail from then on: a migrator that lost its lease writes nothing more.
 * The heartbeat's reads and writes time out (a sixth of the lease at
 * most), so a dead node cannot hold it past the margin.
 *
 * RETORT_TEST_LEASE_MS sets the lease's length, for tests only.
 */
#include "backend/mysql_int.h"
#include "util/fs.h"

#include <errmsg.h>
#include <mysqld_error.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define LEASE_MS 300000

static void sleep_ms(long ms)
{
	struct timespec ts;

	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000L;
	while (nanosleep(&ts, &ts) != 0)
		;
}

struct rt_my_heartbeat {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	/* under mu */
	int stop, lost;
	int64_t valid_until; /* rt_time_ms(): the lease counts until then */
	char why[256];	     /* once lost: why */
	char last_error[200];
	/* set before the thread starts, then read-only */
	rt_conn *c; /* the url and redacted name only */
	int64_t lease_ms;
	unsigned long main_id; /* the main connection's id, to stop */
	char *renew_sql, *holder_sql;
	/* the thread's own */
	MYSQL *my;
};

static int lease_ms(void)
{
	const char *env = getenv("RETORT_TEST_LEASE_MS");
	long ms = env ? strtol(env, NULL, 10) : 0;

	return ms >= 100 && ms <= LEASE_MS ? (int)ms : LEASE_MS;
}

const char *rt_my_lease_reason(rt_conn *c)
{
	MYSQL_RES *res;
	MYSQL_ROW row;
	int galera = 0;

	if (c->opts.lock_table)
		return "--lock=table";
	/* MySQL has no wsrep_on: the query fails, and GET_LOCK holds */
	if (c->mariadb &&
	    mysql_real_query(c->my, "SELECT @@wsrep_on", 17) == 0 &&
	    (res = mysql_store_result(c->my))) {
		galera = (row = mysql_fetch_row(res)) && row[0] &&
			 atoi(row[0]) == 1;
		mysql_free_result(res);
	}
	return galera ? "a Galera node (wsrep_on): GET_LOCK holds on one "
			"node only"
		      : NULL;
}

/* `<us> MICROSECOND`: the lease's length as an interval. */
static void put_interval(rt_buf *b, int64_t ms)
{
	rt_buf_printf(b, "INTERVAL %lld MICROSECOND", (long long)ms * 1000);
}

/* ---- the heartbeat ------------------------------------------------------ */

static void hb_error(rt_my_heartbeat *h, const char *what)
{
	const char *m = h->my ? mysql_error(h->my) : "could not connect";

	pthread_mutex_lock(&h->mu);
	snprintf(h->last_error, sizeof(h->last_error), "%s: %.150s", what,
		 m && *m ? m : rt_error_last()->message);
	pthread_mutex_unlock(&h->mu);
}

/* The heartbeat's connection: its reads and writes give up after a sixth
 * of the lease, so a dead node answers "error" within the margin. */
static int hb_connect(rt_my_heartbeat *h)
{
	unsigned int io = (unsigned int)(h->lease_ms / 6000);

	if (h->my)
		return 0;
	if (rt_my_open(h->c, &h->my, io ? io : 1) < 0) {
		h->my = NULL;
		hb_error(h, "could not connect to renew the lease");
		return -1;
	}
	/* a Galera node answers reads after the writes it has received
	 * (the renewal's check reads the row); elsewhere it is unknown */
	if (mysql_real_query(h->my, "SET SESSION wsrep_sync_wait = 1", 31))
		(void)mysql_errno(h->my);
	return 0;
}

static void hb_drop(rt_my_heartbeat *h)
{
	if (h->my)
		mysql_close(h->my);
	h->my = NULL;
}

/* Renew: 1 renewed, 0 the row is gone or names another holder (`who`),
 * -1 could not ask (the error in last_error). */
static int hb_renew(rt_my_heartbeat *h, char *who, size_t wsize)
{
	MYSQL_RES *res;
	MYSQL_ROW row;

	who[0] = '\0';
	if (hb_connect(h) < 0)
		return -1;
	if (mysql_real_query(h->my, h->renew_sql, strlen(h->renew_sql))) {
		hb_error(h, "renewing the lease failed");
		/* a failed write may leave the session anywhere: anew */
		hb_drop(h);
		return -1;
	}
	/* CLIENT_FOUND_ROWS: the rows matched, so a renewal within the
	 * same millisecond still counts */
	if (mysql_affected_rows(h->my) == 1)
		return 1;
	if (mysql_real_query(h->my, h->holder_sql, strlen(h->holder_sql)) ||
	    !(res = mysql_store_result(h->my))) {
		hb_error(h, "reading the lease failed");
		hb_drop(h);
		return -1;
	}
	if ((row = mysql_fetch_row(res)) && row[0])
		snprintf(who, wsize, "%s", row[0]);
	mysql_free_result(res);
	return 0;
}

static void hb_lose(rt_my_heartbeat *h, const char *why, const char *detail)
{
	if (h->lost)
		return;
	h->lost = 1;
	snprintf(h->why, sizeof(h->why), "%s%.160s", why,
		 detail ? detail : "");
}

/* Stop what the main connection runs without the lease: KILL QUERY on
 * its node, through the heartbeat's connection or a new one. */
static void hb_stop_main(rt_my_heartbeat *h)
{
	char sql[64];
	int n = snprintf(sql, sizeof(sql), "KILL QUERY %lu", h->main_id);

	if (!h->my && hb_connect(h) < 0)
		return;
	if (mysql_real_query(h->my, sql, (unsigned long)n))
		hb_drop(h);
}

static void *hb_main(void *arg)
{
	rt_my_heartbeat *h = arg;
	int64_t period = h->lease_ms / 6, next = rt_time_ms() + period;
	char who[320];
	int lost;

	mysql_thread_init();
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
		r = hb_renew(h, who, sizeof(who));
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
			} else {
				hb_lose(h,
					"the lease row in retort_lock is gone",
					NULL);
			}
		} else {
			/* try again soon; the margin is several tries */
			next = rt_time_ms() + (period < 1000 ? period : 1000);
		}
	}
	lost = h->lost;
	pthread_mutex_unlock(&h->mu);
	if (lost)
		hb_stop_main(h);
	hb_drop(h);
	mysql_thread_end();
	return NULL;
}

static void hb_free(rt_my_heartbeat *h)
{
	if (!h)
		return;
	hb_drop(h);
	free(h->renew_sql);
	free(h->holder_sql);
	pthread_cond_destroy(&h->cv);
	pthread_mutex_destroy(&h->mu);
	free(h);
}

static int hb_start(rt_conn *c, int64_t t_sent)
{
	rt_my_heartbeat *h = calloc(1, sizeof(*h));
	pthread_condattr_t ca;
	rt_buf renew = RT_BUF_INIT, holder = RT_BUF_INIT;

	if (!h)
		return rt_error_nomem();
	pthread_mutex_init(&h->mu, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&h->cv, &ca);
	pthread_condattr_destroy(&ca);
	h->c = c;
	h->lease_ms = c->lease_ms;
	h->valid_until = t_sent + h->lease_ms - h->lease_ms / 3;
	h->main_id = mysql_thread_id(c->my);
	rt_buf_init(&renew);
	rt_buf_init(&holder);
	rt_buf_puts(&renew, "UPDATE retort_lock SET expires_at = "
			    "UTC_TIMESTAMP(3) + ");
	put_interval(&renew, h->lease_ms);
	rt_buf_puts(&renew, " WHERE id = 1 AND holder = ");
	rt_my_put_literal(c, &renew, rt_holder(), 0);
	rt_buf_puts(&holder, "SELECT holder FROM retort_lock WHERE id = 1");
	if (rt_buf_check(&renew) < 0 || rt_buf_check(&holder) < 0) {
		rt_buf_release(&renew);
		rt_buf_release(&holder);
		hb_free(h);
		return RT_ERROR;
	}
	h->renew_sql = rt_buf_detach(&renew);
	h->holder_sql = rt_buf_detach(&holder);
	if (pthread_create(&h->thread, NULL, hb_main, h) != 0) {
		hb_free(h);
		return rt_error_set(RT_ERROR_OS,
				    "could not start the lease's heartbeat");
	}
	c->hb = h;
	return 0;
}

static void hb_stop(rt_conn *c)
{
	rt_my_heartbeat *h = c->hb;

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

int rt_my_lease_check(rt_conn *c)
{
	rt_my_heartbeat *h = c->hb;
	char why[256];
	int lost;

	if (!h)
		return 0;
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

/* ---- taking and giving back --------------------------------------------- */

/* One attempt: *got 1 when the row names us now; *holder_out the holder
 * otherwise (for the message). A certification conflict (two nodes took
 * it at once) or a row lock wait is a lost round, not an error. */
static int lease_try(rt_conn *c, int *got, int64_t *t_sent, char *holder_out,
		     size_t hsize)
{
	rt_buf sql = RT_BUF_INIT;
	MYSQL_RES *res = NULL;
	MYSQL_ROW row;
	unsigned int no;
	int error = 0;

	*got = 0;
	holder_out[0] = '\0';
	rt_buf_init(&sql);
	rt_buf_puts(&sql, "INSERT INTO retort_lock (id, holder, expires_at) "
			  "VALUES (1, ");
	rt_my_put_literal(c, &sql, rt_holder(), 0);
	rt_buf_puts(&sql, ", UTC_TIMESTAMP(3) + ");
	put_interval(&sql, c->lease_ms);
	/* left to right: holder first, then expires_at sees the new holder */
	rt_buf_puts(&sql, ") ON DUPLICATE KEY UPDATE holder = IF(expires_at < "
			  "UTC_TIMESTAMP(3) OR holder = VALUES(holder), "
			  "VALUES(holder), holder), expires_at = IF(holder = "
			  "VALUES(holder), VALUES(expires_at), expires_at)");
	if ((error = rt_buf_check(&sql)) < 0)
		goto done;
	*t_sent = rt_time_ms();
	if (mysql_real_query(c->my, sql.ptr, sql.len)) {
		no = mysql_errno(c->my);
		if (no == ER_LOCK_DEADLOCK || no == ER_LOCK_WAIT_TIMEOUT)
			goto done; /* another took it first: try again */
		error = rt_my_set_error(c, c->my);
		goto done;
	}
	if (mysql_real_query(c->my,
			     "SELECT holder FROM retort_lock WHERE id = 1",
			     43) ||
	    !(res = mysql_store_result(c->my))) {
		error = rt_my_set_error(c, c->my);
		goto done;
	}
	if ((row = mysql_fetch_row(res)) && row[0]) {
		*got = !strcmp(row[0], rt_holder());
		snprintf(holder_out, hsize, "%s", row[0]);
	}
done:
	if (res)
		mysql_free_result(res);
	rt_buf_release(&sql);
	return error;
}

int rt_my_lease_lock(rt_conn *c)
{
	int64_t deadline = rt_time_ms() + (int64_t)(c->opts.lock_wait * 1000);
	int64_t t_sent = 0;
	long wait = 50;
	char holder[320];
	int got, error;

	c->lease_ms = lease_ms();
	/* the table replicates like any DDL (on Galera, in total order);
	 * IF NOT EXISTS covers a migrator that made it at the same time */
	if ((error = rt_my_run(c, c->my,
			       "CREATE TABLE IF NOT EXISTS retort_lock (\n"
			       "    id integer NOT NULL PRIMARY KEY,\n"
			       "    holder varchar(320) NOT NULL,\n"
			       "    expires_at datetime(3) NOT NULL\n"
			       ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4")) < 0)
		return error;
	/* reads after the writes this node has received */
	if (mysql_real_query(c->my, "SET SESSION wsrep_sync_wait = 1", 31))
		(void)mysql_errno(c->my);
	for (;;) {
		if ((error = lease_try(c, &got, &t_sent, holder,
				       sizeof(holder))) < 0)
			return error;
		if (got)
			break;
		if (rt_time_ms() >= deadline) {
			rt_error_setc(RT_ELOCKED, RT_ERROR_BACKEND,
				      "another migrator holds the lease in "
				      "retort_lock of %s",
				      c->redacted);
			rt_error_detail("held by '%s'; waited %g s; a lease "
					"runs for %g s unless renewed (the "
					"lock is a lease: %s)",
					holder[0] ? holder : "?",
					c->opts.lock_wait,
					c->lease_ms / 1000.0, c->lease);
			rt_error_hint("SELECT * FROM retort_lock shows the "
				      "holder and when its lease expires; "
				      "raise --wait-lock to outwait it");
			return RT_ELOCKED;
		}
		sleep_ms(wait / 2 + rand() % (wait / 2 + 1));
		if (wait < 1000)
			wait *= 2;
	}
	if ((error = hb_start(c, t_sent)) < 0) {
		rt_error_saved *saved = rt_error_save();

		rt_my_lease_unlock(c);
		rt_error_restore(saved);
		return error;
	}
	return 0;
}

void rt_my_lease_unlock(rt_conn *c)
{
	rt_buf sql = RT_BUF_INIT;
	rt_error_saved *saved = rt_error_save();

	hb_stop(c);
	rt_buf_init(&sql);
	rt_buf_puts(&sql, "DELETE FROM retort_lock WHERE id = 1 AND holder = ");
	rt_my_put_literal(c, &sql, rt_holder(), 0);
	if (rt_buf_check(&sql) == 0 && c->my)
		rt_my_run(c, c->my, sql.ptr);
	rt_buf_release(&sql);
	rt_error_restore(saved);
}
