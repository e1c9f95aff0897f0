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
 * A live migrator keeps its lease with the heartbeat of lease.h; here,
 * its MySQL side: a lost lease stops the main connection's statement
 * with KILL QUERY on its node, and the heartbeat's reads and writes time
 * out (a sixth of the lease at most), so a dead node cannot hold it past
 * the margin.
 *
 * RETORT_TEST_LEASE_MS sets the lease's length, for tests only.
 */
#include "backend/mysql_int.h"
#include "util/fs.h"

#include <errmsg.h>
#include <mysqld_error.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>


static void sleep_ms(long ms)
{
	struct timespec ts;

	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000L;
	while (nanosleep(&ts, &ts) != 0)
		;
}

/* The heartbeat's MySQL state (rt_lease_ops' `eng`). */
typedef struct my_beat {
	rt_conn *c; /* the url and redacted name only */
	int64_t lease_ms;
	unsigned long main_id; /* the main connection's id, to stop */
	char *renew_sql, *holder_sql;
	char *err; /* renew's error line */
	size_t esize;
	MYSQL *my; /* the thread's own */
} my_beat;

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

/* ---- the heartbeat (lease.h): its MySQL side ---------------------------- */

static void hb_error(my_beat *h, const char *what)
{
	const char *m = h->my ? mysql_error(h->my) : "could not connect";

	snprintf(h->err, h->esize, "%s: %.150s", what,
		 m && *m ? m : rt_error_last()->message);
}

/* The heartbeat's connection: its reads and writes give up after a sixth
 * of the lease, so a dead node answers "error" within the margin. */
static int hb_connect(my_beat *h)
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

static void hb_drop(my_beat *h)
{
	if (h->my)
		mysql_close(h->my);
	h->my = NULL;
}

/* Renew (the io timeout bounds the wait, not the deadline). */
static int my_renew(void *eng, rt_lease_hb *hb, int64_t deadline, char *who,
		    size_t wsize, char *err, size_t esize)
{
	my_beat *h = eng;
	MYSQL_RES *res;
	MYSQL_ROW row;

	h->err = err;
	h->esize = esize;
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

/* Stop what the main connection runs without the lease: KILL QUERY on
 * its node, through the heartbeat's connection or a new one. */
static void my_stop_main(void *eng)
{
	my_beat *h = eng;
	char sql[64], err[200];
	int n = snprintf(sql, sizeof(sql), "KILL QUERY %lu", h->main_id);

	h->err = err;
	h->esize = sizeof(err);
	if (!h->my && hb_connect(h) < 0)
		return;
	if (mysql_real_query(h->my, sql, (unsigned long)n))
		hb_drop(h);
}

static void my_thread_begin(void *eng)
{
	mysql_thread_init();
}

static void my_thread_end(void *eng)
{
	hb_drop(eng);
	mysql_thread_end();
}

static void my_beat_release(void *eng)
{
	my_beat *h = eng;

	if (!h)
		return;
	hb_drop(h);
	free(h->renew_sql);
	free(h->holder_sql);
	free(h);
}

static const rt_lease_ops my_lease_ops = {
    .renew = my_renew,
    .stop_main = my_stop_main,
    .thread_begin = my_thread_begin,
    .thread_end = my_thread_end,
    .release = my_beat_release,
};

static int hb_start(rt_conn *c, int64_t t_sent)
{
	my_beat *h = calloc(1, sizeof(*h));
	rt_buf renew = RT_BUF_INIT, holder = RT_BUF_INIT;

	if (!h)
		return rt_error_nomem();
	h->c = c;
	h->lease_ms = c->lease_ms;
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
		my_beat_release(h);
		return RT_ERROR;
	}
	h->renew_sql = rt_buf_detach(&renew);
	h->holder_sql = rt_buf_detach(&holder);
	return rt_lease_hb_start(&c->hb, c->lease_ms, t_sent, &my_lease_ops, h);
}

static void hb_stop(rt_conn *c)
{
	rt_lease_hb_stop(c->hb);
	c->hb = NULL;
}

int rt_my_lease_check(rt_conn *c)
{
	return rt_lease_check(c->hb, c->redacted);
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

	c->lease_ms = rt_lease_ms();
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
