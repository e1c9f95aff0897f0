/*
 * fault.c: fault injection for tests, as SQLite's test builds fail chosen
 * I/O calls. The runner passes named points; with the environment
 * variable RETORT_FAULT_INJECT=POINT[:N[:ACTION]] the N-th time (default
 * 1) this process reaches POINT, ACTION happens:
 *
 *   kill       the process stops hard (SIGKILL itself): the default
 *   fail       the operation at the point fails with an injected error
 *   drop-lock  the backend loses its migration lock as a server that
 *              closes the lock's connection would (rt_backend.drop_lock;
 *              nothing where the lock is the transaction), and the run
 *              goes on
 *
 * Points: lock (the lock is held, the applied set not yet read),
 * stmt-before and stmt-after (each migration statement or load),
 * commit-before and commit-after (each transaction of the runner and its
 * bookkeeping), write (each bookkeeping row written).
 *
 * Compiled in only with -Dfault_injection (meson; on by default except in
 * release and plain builds, which is how distributions build): elsewhere
 * rt_fault is a no-op and the variable is ignored.
 */
#include "engine/engine.h"

#ifdef RT_FAULT_INJECTION
#include <signal.h>
#include <unistd.h>

enum { ACT_KILL, ACT_FAIL, ACT_DROP };

struct fault_spec {
	int parsed;
	char point[32];
	long n;
	int action;
	long seen;
};

static _Thread_local struct fault_spec F;

static void parse_spec(struct fault_spec *f)
{
	const char *s = getenv("RETORT_FAULT_INJECT");
	const char *c1, *c2;
	size_t len;

	f->parsed = 1;
	f->n = 1;
	f->action = ACT_KILL;
	if (!s || !*s)
		return;
	c1 = strchr(s, ':');
	len = c1 ? (size_t)(c1 - s) : strlen(s);
	if (len >= sizeof(f->point))
		return;
	memcpy(f->point, s, len);
	f->point[len] = '\0';
	if (!c1)
		return;
	f->n = strtol(c1 + 1, NULL, 10);
	if ((c2 = strchr(c1 + 1, ':')) != NULL) {
		if (strcmp(c2 + 1, "fail") == 0)
			f->action = ACT_FAIL;
		else if (strcmp(c2 + 1, "drop-lock") == 0)
			f->action = ACT_DROP;
	}
}

int rt_fault(rt_db *db, const char *point)
{
	if (!F.parsed)
		parse_spec(&F);
	if (!F.point[0] || strcmp(point, F.point) != 0 || ++F.seen != F.n)
		return 0;
	switch (F.action) {
	case ACT_FAIL:
		return rt_error_set(RT_ERROR_BACKEND,
				    "injected fault at %s (%ld)", point, F.n);
	case ACT_DROP:
		if (db && db->conn && db->be->drop_lock)
			db->be->drop_lock(db->conn);
		return 0;
	default:
		raise(SIGKILL);
		_exit(137);
	}
}
#else
int rt_fault(rt_db *db, const char *point)
{
	(void)db;
	(void)point;
	return 0;
}
#endif

int rt_fault_commit(rt_db *db)
{
	int error;

	if ((error = rt_fault(db, "commit-before")) < 0 ||
	    (error = db->be->commit(db->conn)) < 0)
		return error;
	return rt_fault(db, "commit-after");
}
