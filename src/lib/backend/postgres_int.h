/*
 * postgres_int.h: what the PostgreSQL driver's files share (postgres.c:
 * connections, statements, the advisory lock; postgres_lease.c: the
 * --lock=table lease and its heartbeat). Not for anything outside
 * src/lib/backend/.
 */
#ifndef RT_POSTGRES_INT_H
#define RT_POSTGRES_INT_H

#include "backend/backend.h"
#include "backend/lease.h"

#include <libpq-fe.h>
#include <stdint.h>

/*
 * libpq is loaded when a postgres:// URL is first used (postgres.c,
 * pq_load), not linked: each function used is reached through a pointer
 * declared with libpq's own type, and the names below are redirected to
 * those pointers.
 */
#define PQ_FUNCS(X)                                                          \
	X(PQconnectdbParams)                                                 \
	X(PQstatus)                                                          \
	X(PQerrorMessage)                                                    \
	X(PQfinish)                                                          \
	X(PQexec)                                                            \
	X(PQexecParams)                                                      \
	X(PQresultStatus)                                                    \
	X(PQresultErrorField)                                                \
	X(PQresultErrorMessage)                                              \
	X(PQclear)                                                           \
	X(PQntuples)                                                         \
	X(PQnfields)                                                         \
	X(PQgetisnull)                                                       \
	X(PQgetvalue)                                                        \
	X(PQtransactionStatus)                                               \
	X(PQputCopyData)                                                     \
	X(PQputCopyEnd)                                                      \
	X(PQgetResult)                                                       \
	X(PQsetNoticeProcessor)                                              \
	X(PQgetCancel)                                                       \
	X(PQfreeCancel)                                                      \
	X(PQcancel)                                                          \
	X(PQgetCopyData)                                                     \
	X(PQfreemem)                                                         \
	X(PQsocket)                                                          \
	X(PQbackendPID)                                                      \
	X(PQsendQueryParams)                                                 \
	X(PQconsumeInput)                                                    \
	X(PQisBusy)                                                          \
	X(PQconnectStartParams)                                              \
	X(PQconnectPoll)                                                     \
	X(PQsetSingleRowMode)                                                \
	X(PQescapeLiteral)

#define PQ_DECLARE(f) extern __typeof__(f) *rt_pg_pq_##f;
PQ_FUNCS(PQ_DECLARE)
#undef PQ_DECLARE

#define PQ_RENAME(f) rt_pg_pq_##f
#define PQconnectdbParams PQ_RENAME(PQconnectdbParams)
#define PQstatus PQ_RENAME(PQstatus)
#define PQerrorMessage PQ_RENAME(PQerrorMessage)
#define PQfinish PQ_RENAME(PQfinish)
#define PQexec PQ_RENAME(PQexec)
#define PQexecParams PQ_RENAME(PQexecParams)
#define PQresultStatus PQ_RENAME(PQresultStatus)
#define PQresultErrorField PQ_RENAME(PQresultErrorField)
#define PQresultErrorMessage PQ_RENAME(PQresultErrorMessage)
#define PQclear PQ_RENAME(PQclear)
#define PQntuples PQ_RENAME(PQntuples)
#define PQnfields PQ_RENAME(PQnfields)
#define PQgetisnull PQ_RENAME(PQgetisnull)
#define PQgetvalue PQ_RENAME(PQgetvalue)
#define PQtransactionStatus PQ_RENAME(PQtransactionStatus)
#define PQputCopyData PQ_RENAME(PQputCopyData)
#define PQputCopyEnd PQ_RENAME(PQputCopyEnd)
#define PQgetResult PQ_RENAME(PQgetResult)
#define PQsetNoticeProcessor PQ_RENAME(PQsetNoticeProcessor)
#define PQgetCancel PQ_RENAME(PQgetCancel)
#define PQfreeCancel PQ_RENAME(PQfreeCancel)
#define PQgetCopyData PQ_RENAME(PQgetCopyData)
#define PQfreemem PQ_RENAME(PQfreemem)
#define PQcancel PQ_RENAME(PQcancel)
#define PQsocket PQ_RENAME(PQsocket)
#define PQbackendPID PQ_RENAME(PQbackendPID)
#define PQsendQueryParams PQ_RENAME(PQsendQueryParams)
#define PQconsumeInput PQ_RENAME(PQconsumeInput)
#define PQisBusy PQ_RENAME(PQisBusy)
#define PQconnectStartParams PQ_RENAME(PQconnectStartParams)
#define PQconnectPoll PQ_RENAME(PQconnectPoll)
#define PQsetSingleRowMode PQ_RENAME(PQsetSingleRowMode)
#define PQescapeLiteral PQ_RENAME(PQescapeLiteral)


struct rt_conn {
	PGconn *pg;
	PGconn *lock_pg; /* the advisory lock's own connection */
	const rt_url *url;
	rt_db_options opts;
	int64_t lock_key;  /* the migration lock, held on lock_pg */
	int64_t fence_key; /* held on pg while the lock is ours */
	char *redacted; /* the URL for messages */
	/* made at connect time: PQgetCancel allocates, so a signal
	 * handler cannot call it, while PQcancel is async-signal-safe */
	PGcancel *cancel;
	/* the migration lock: held (lock() succeeded, unlock() not yet);
	 * advisory: lock_key granted on lock_pg, fence_key on pg; lost:
	 * why it no longer is (lock_pg closed), for every later check */
	int locked, have_key, fenced, lost;
	char lost_why[256];
	int lock_pid;	   /* lock_pg's server process, for messages */
	int64_t verified;  /* rt_time_ms() of the last pg_locks check */
	int64_t lease_ms;  /* --lock=table: the lease's length */
	rt_lease_hb *hb;   /* --lock=table: renews the lease */
	PGconn *replica_pg; /* replica lag, asked apart (postgres_replica.c) */
	/* exec's statement made NUL-terminated for PQexec, reused */
	rt_buf text;
	/* inside a transaction (pg_begin), what waits for the next round
	 * trip on `pg`: BEGIN and the writes (pg_write), as literals */
	int txn;
	rt_buf pending;
};

/* postgres.c */
/* connection parameters: the URL's and retort's own, at most */
#define PG_MAXPARAMS 64
extern const char rt_pg_lock_settings[]; /* the lock connections' session */
int rt_pg_result_error(rt_conn *c, PGresult *res, int *errpos);
int rt_pg_ok_status(ExecStatusType st);
int rt_pg_run_simple(rt_conn *c, PGconn *pg, const char *sql);
void rt_pg_ignore_notice(void *arg, const char *message);
void rt_pg_conn_params(const char **keys, const char **vals, const rt_url *u,
		       int lock);

/* postgres_lease.c: --lock=table */
int rt_pg_lease_try(rt_conn *c, int *got, int64_t *t_sent);
int rt_pg_hb_start(rt_conn *c, int64_t t_sent);
void rt_pg_hb_stop(rt_conn *c);
int rt_pg_lease_check(rt_conn *c);
void rt_pg_lease_unlock(rt_conn *c);

/* postgres_replica.c: the replicas' replay lag */
int rt_pg_replica_lag(rt_conn *c, rt_replica_cb cb, void *payload);

#endif
