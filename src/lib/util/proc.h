/*
 * proc.h: running a helper program to completion and keeping what it
 * says (the importers run Alembic's Python this way). No shell is
 * involved: argv goes to execvp as given.
 */
#ifndef RT_PROC_H
#define RT_PROC_H

#include "util/buf.h"

/*
 * Run argv[0] (searched in PATH) with `argv` (NULL-terminated), standard
 * input /dev/null, the environment `env` (NULL: ours). While it runs,
 * `interrupted` (NULL: none) is asked before each wait for output: when
 * it says so the child is sent SIGTERM and the run fails ("interrupted"). Its whole standard output
 * is appended to `out`, the last `err_max` bytes of its standard error to
 * `err` (both pipes are read together, so neither can block the child),
 * and its wait status goes to *status. A program that cannot be started
 * (not found, not executable) is an RT_ERROR_OS error naming it and the
 * reason, returned as RT_ENOTFOUND; a pipe or fork failure RT_ERROR.
 * Any exit status is a success here: the caller judges it.
 */
int rt_proc_run(rt_buf *out, rt_buf *err, int *status, const char *const *argv,
		char *const *env, size_t err_max, int (*interrupted)(void));

/* "exited with status 3", "was killed by signal 9 (Killed)" */
void rt_proc_describe(rt_buf *b, int status);

#endif
