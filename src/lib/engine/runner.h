/*
 * runner.h: the runner's state, shared by run.c (versioned migrations)
 * and run_repeatable.c (repeatable ones) inside engine/.
 */
#ifndef RT_RUNNER_H
#define RT_RUNNER_H

#include "engine/engine.h"

struct unit_set {
	rt_unit *items;
	size_t n;
};

typedef struct runner {
	rt_db *db;
	const rt_dir *dir;
	const rt_run_options *opts;
	rt_arena arena;
	rt_status *st;
	unsigned char *applied; /* by order: applied (or edited) */
	unsigned char *virt;	/* by order: applied through another's row */
	rt_state_writer w;
	int in_single; /* inside the --single-transaction transaction */
	const char *cur_revision; /* for events about revisions without file */
	/* by order: "allow-unsafe: rule, ..." for the upgrade's log row */
	const char **unsafe;
	/* by order: the units of the section the run goes through, split
	 * once before the first migration runs (units_of) */
	struct unit_set *units;
	/* the plan's step running now (1-based) and the plan's length */
	size_t step, nsteps;
	const rt_plan *plan;
	/* the next step, claimed in this one's closing transaction */
	const rt_migration *claimed_next;
} runner;

/* An event to the caller's callback (none without one). */
void rt_runner_emit(runner *r, rt_event_kind kind, rt_direction d,
		    const rt_migration *m, int statement, int64_t ms);
/* A failure in the audit trail, in a transaction of its own, keeping
 * the error. */
void rt_runner_log_failure(runner *r, const rt_migration *m, rt_direction d,
			   int statement);
/* Commit a migration's transaction; a failure names the migration. */
int rt_runner_commit(runner *r, const rt_migration *m, rt_direction d);
/* Run units in order; a failure points at file:line. */
int rt_runner_run_units(runner *r, const rt_migration *m, rt_unit *units,
			size_t n);

/* Apply the repeatable migrations that changed (and those after them);
 * with dry_run, report them as planned. */
int rt_run_repeatables(runner *r);
/* After a downgrade: forget their rows (their objects stay). */
int rt_forget_repeatables(runner *r);

/* "up" or "down"; m's section in direction d (run.c). */
const char *rt_runner_dirname(rt_direction d);
const rt_section *rt_runner_section(const rt_migration *m, rt_direction d);

/* run_claim.c. Without an advisory lock: are m's parents (up) or
 * children (down) where the plan expects them? */
int rt_runner_check_neighbours(runner *r, const rt_migration *m,
			       rt_direction d);
/* Claim m in a transaction of its own (its row partial, naming this
 * process), waiting while another live process holds it; a partial row
 * is verified against the file and resumed: *done statements are done.
 * 1: nothing to do (already where d goes); < 0: rolled back. */
int rt_runner_claim(runner *r, const rt_migration *m, rt_direction d,
		    rt_unit *units, size_t n, int *found, int *partial,
		    int *done);
/* Inside the closing transaction of step r->step going up: claim the
 * next step too when it is a plain one (r->claimed_next). */
int rt_runner_claim_next(runner *r, rt_direction d);
/* After a failure: the row no longer names this process (release), or
 * goes, nothing of the revision having committed (forget). */
void rt_runner_release_claim(runner *r, const rt_migration *m);
void rt_runner_forget_claim(runner *r, const rt_migration *m);
/* The run stopped before r->claimed_next: its claim goes. */
void rt_runner_forget_unreached(runner *r);

/* Does unit u run in a transaction with its journal row? (run.c) */
int rt_runner_unit_in_txn(runner *r, const rt_unit *u);
/* run_lost.c: is e a lost connection (SQLSTATE class 08)? */
int rt_runner_conn_lost(const rt_error *e);
/* The hint of a run whose connection went away while units[i] ran, with
 * units 1..committed known committed. */
void rt_runner_hint_lost(runner *r, rt_direction d, const rt_unit *units,
			 size_t n, size_t i, size_t committed);

#endif
