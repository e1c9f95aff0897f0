/*
 * fleet.h: what targets.c and fleet.c share: the list of targets a
 * command runs over (--targets FILE, --targets-query URL SQL) and each
 * target's run, as the rollout in fleet.c fills it in.
 */
#ifndef CLI_FLEET_H
#define CLI_FLEET_H

#include "cli.h"

#include <sys/types.h>

typedef enum fl_result {
	FL_NOT_STARTED, /* the rollout stopped before it */
	FL_RUNNING,
	FL_OK,
	FL_BEHIND,	/* status/check/verify said no (exit 3) */
	FL_FAILED,
	FL_LOCKED,	/* another migrator held the lock (exit 4) */
	FL_INTERRUPTED, /* stopped between migrations (SIGINT, failures) */
	FL_TIMEOUT,	/* --timeout: killed */
} fl_result;

/* One target. name, url and where are malloc()ed (cli_targets_release);
 * url may hold a password: only its redacted form is ever printed. */
typedef struct fl_target {
	char *name, *url;
	char *where; /* "FILE:LINE" or "row N", for messages */
	/* the run (fleet.c) */
	pid_t pid;
	int ev_fd, out_fd; /* the child's event and output pipes, or -1 */
	rt_buf ev, out;	   /* an event line being read; the output */
	int64_t start_ms, ms;
	fl_result result;
	int exit_code;
	int applied;   /* migrations done (upgrade/downgrade) */
	char *current; /* the migration running, or NULL */
	long step, nsteps; /* its place in the target's plan: "3/50" */
	char *error;   /* the first error line of its output, or NULL */
	int have_status;
	long napplied, npending, npartial, nedited, nunknown;
	int stop_sent, killed;
} fl_target;

typedef struct fl_targets {
	fl_target *v;
	size_t n, cap;
} fl_targets;

/* Read the targets that ctx's options name; 0 or an exit status (the
 * error printed: file:line of a malformed line, a duplicate name). */
int cli_targets_load(fl_targets *out, cli_ctx *ctx);
void cli_targets_release(fl_targets *t);

#endif
