/*
 * lease.h: the heartbeat of a migration lock kept as a lease row
 * (retort_lock: --lock=table, and MySQL on a Galera node), whatever the
 * engine. The engine takes the lease and gives it back; the heartbeat
 * keeps it.
 *
 * A live migrator keeps its lease with a thread that has a connection of
 * its own and renews the lease every sixth of its length, whatever the
 * main connection is doing: renewal between statements could not, for one
 * long statement (an index build, a backfill) outlives any lease. The
 * lease is held with a margin: the migrator counts it valid only until a
 * third of the lease before it could expire (its own clock, from the
 * moment the last successful renewal was sent), so the server's clock
 * expires it only after the migrator has stopped using it. When the lease
 * is lost (the row names another holder or is gone, or renewals failed
 * until the margin), the heartbeat stops the statement running on the
 * main connection, and the engine's lock check and every COMMIT fail from
 * then on (rt_lease_check): a migrator that lost its lease writes nothing
 * more, for another may already run.
 *
 * Not for anything outside src/lib/backend/.
 */
#ifndef RT_BACKEND_LEASE_H
#define RT_BACKEND_LEASE_H

#include "util/common.h"

#include <stddef.h>
#include <stdint.h>

typedef struct rt_lease_hb rt_lease_hb;

/* The engine's side; `eng` is its state, owned by the heartbeat once
 * started. */
typedef struct rt_lease_ops {
	/* On the heartbeat's thread: renew the lease, waiting no later
	 * than `deadline` (rt_time_ms; rt_lease_hb_stopping says when to
	 * give up at once). 1 renewed; 0 the row is gone or names another
	 * holder (then in `who`); -1 could not ask (why, one line, in
	 * `err`). */
	int (*renew)(void *eng, rt_lease_hb *hb, int64_t deadline, char *who,
		     size_t wsize, char *err, size_t esize);
	/* On the thread, once the lease is lost: stop the statement the
	 * main connection runs. */
	void (*stop_main)(void *eng);
	/* Optional, on the thread: first and last (a client library's
	 * per-thread state; the thread's connection closed). */
	void (*thread_begin)(void *eng);
	void (*thread_end)(void *eng);
	/* Free `eng`, the thread having ended. */
	void (*release)(void *eng);
} rt_lease_ops;

/* The lease's length: 5 minutes (RETORT_TEST_LEASE_MS, for tests only,
 * 100 ms and up). */
int rt_lease_ms(void);

/* Start renewing the lease of `lease_ms` taken at t_sent (rt_time_ms of
 * its statement). On failure `eng` is released. */
int rt_lease_hb_start(rt_lease_hb **out, int64_t lease_ms, int64_t t_sent,
		      const rt_lease_ops *ops, void *eng);
/* Stop the thread, release the engine's state, free. NULL: nothing. */
void rt_lease_hb_stop(rt_lease_hb *hb);
/* Has a stop been asked for? (for the engine's waits in renew) */
int rt_lease_hb_stopping(rt_lease_hb *hb);
/* Is the lease still ours? No round trip: the heartbeat's verdict. 0
 * when it is (or there is no heartbeat); else the error set, naming the
 * database as `redacted`. */
int rt_lease_check(rt_lease_hb *hb, const char *redacted);

#endif
