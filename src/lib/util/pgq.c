/*
 * pgq.c: loading libpg_query on first use (see pgq.h for why it is not
 * linked). Once per process, under pthread_once; a failure is kept and
 * told to every caller.
 */
#include "util/common.h"
#include "util/pgq.h"

#include <dlfcn.h>
#include <pthread.h>

#define PGQ_DEFINE(f) __typeof__(rt_pgq_##f) rt_pgq_##f;
PGQ_FUNCS(PGQ_DEFINE)
PGQ_DATA(PGQ_DEFINE)
#undef PGQ_DEFINE

static pthread_once_t pgq_once = PTHREAD_ONCE_INIT;
static char pgq_load_error[512];

static void pgq_load(void)
{
	/* the soname this build's headers came with (Debian:
	 * libpg-query1504.0), tried first; the development link second */
	static const char *const names[] = {"libpg_query.so.1504.0",
					    "libpg_query.so"};
	void *h = NULL;
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]) && !h; i++)
		h = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		snprintf(pgq_load_error, sizeof(pgq_load_error), "%s",
			 dlerror());
		return;
	}
#define PGQ_LOAD(f)                                                          \
	if (!(*(void **)&rt_pgq_##f = dlsym(h, #f))) {                      \
		snprintf(pgq_load_error, sizeof(pgq_load_error),             \
			 "libpg_query has no %s", #f);                       \
		return;                                                      \
	}
	PGQ_FUNCS(PGQ_LOAD)
	PGQ_DATA(PGQ_LOAD)
#undef PGQ_LOAD
}

int rt_pgq_ready(void)
{
	pthread_once(&pgq_once, pgq_load);
	if (!pgq_load_error[0])
		return 0;
	rt_error_set(RT_ERROR_BACKEND,
		     "parsing PostgreSQL's SQL needs libpg_query: %s",
		     pgq_load_error);
	rt_error_hint("install the libpg-query1504.0 package");
	return RT_ERROR;
}
