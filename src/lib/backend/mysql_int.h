/*
 * mysql_int.h: what the MySQL/MariaDB driver's files share (mysql.c:
 * connections, statements, GET_LOCK; mysql_lease.c: the lease in
 * retort_lock and its heartbeat). Not for anything outside src/lib/backend/.
 */
#ifndef RT_MYSQL_INT_H
#define RT_MYSQL_INT_H

#include "backend/backend.h"

#include "backend/lease.h"
#include "backend/mysql_load.h"
#include <stdint.h>


struct rt_conn {
	MYSQL *my;
	MYSQL *lock_my; /* GET_LOCK's own connection */
	const rt_url *url;
	rt_db_options opts;
	char *redacted; /* the URL for messages */
	int mariadb;	/* the server says it is MariaDB */
	/* the migration lock: lock_name on lock_my, fence_name on my */
	char lock_name[65], fence_name[65];
	int locked, have_key, fenced, lost;
	unsigned long lock_id; /* lock_my's connection id */
	int64_t verified;      /* rt_time_ms() of the last IS_USED_LOCK */
	char lost_why[256];
	/* the lease (mysql_lease.c), taken instead of GET_LOCK when asked
	 * for (--lock=table) or on a Galera node, whose GET_LOCK is the
	 * node's own: `lease` says why, hb renews it while it is held */
	const char *lease;
	int64_t lease_ms;
	rt_lease_hb *hb;
	struct rt_conn *cancel_next; /* mysql_cancel.c's registry */
	/* inside a transaction (my_begin), what waits for the next round
	 * trip on `my`: START TRANSACTION and the writes (my_write) */
	int txn;
	rt_buf pending;
	/* the INSERT template whose row ends `pending` at pending_row_end:
	 * a row more of it joins that statement (my_write) */
	const char *pending_insert;
	size_t pending_row_end;
};

/* mysql.c */
/* Open a connection of `c` (the main one, the lock's, the heartbeat's);
 * io_timeout (seconds, 0: none) bounds each read and write on it. */
int rt_my_open(rt_conn *c, MYSQL **out, unsigned int io_timeout);
/* Run `sql` (results discarded) on `my`, one of c's connections. */
int rt_my_run(rt_conn *c, MYSQL *my, const char *sql);
int rt_my_set_error(rt_conn *c, MYSQL *my);
int rt_my_session_setup(rt_conn *c, MYSQL *my, int lock);
/* `v` as an SQL string literal (escaped for c's main connection). */
void rt_my_put_literal(rt_conn *c, rt_buf *b, const char *v, int times);

/* mysql_split.c */
enum { TOK_CHAR, TOK_SPACE, TOK_COMMENT, TOK_QUOTED, TOK_UNTERMINATED };
/* The end of the token at s[i] (a quoted string or name, a comment, a
 * space or one character), its kind in *kind. */
size_t rt_my_token_end(const char *s, size_t len, size_t i, int *kind);
/* The backend's split slot. */
int rt_my_split(const char *sql, size_t len, rt_stmt_cb cb, void *payload);

/* mysql_cancel.c */
/* Make c's statements stoppable by rt_my_cancel (starts the process's
 * canceller thread with the first connection); unregister before closing
 * c's connection. */
void rt_my_cancel_register(rt_conn *c);
void rt_my_cancel_unregister(rt_conn *c);
/* The backend's cancel slot: async-signal-safe. */
void rt_my_cancel(rt_conn *c);

/* mysql_lease.c */
/* Why the lease is the lock on this server, or NULL (GET_LOCK holds):
 * --lock=table, or a Galera node (wsrep_on), where GET_LOCK excludes
 * only the migrators of the same node. */
const char *rt_my_lease_reason(rt_conn *c);
/* Take the lease within opts.lock_wait (RT_ELOCKED after) and start its
 * heartbeat. */
int rt_my_lease_lock(rt_conn *c);
/* Is the lease still ours? No round trip: the heartbeat's verdict. */
int rt_my_lease_check(rt_conn *c);
/* Stop the heartbeat and give the lease back. */
void rt_my_lease_unlock(rt_conn *c);

#endif
