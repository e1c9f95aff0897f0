/*
 * dl.h: a shared library loaded on first use, not linked (libpq,
 * libmariadb, libpg_query): each function or datum used is reached
 * through a pointer the library's table names, filled once per process.
 */
#ifndef RT_DL_H
#define RT_DL_H

#include <pthread.h>
#include <stddef.h>

typedef struct rt_dl_sym {
	const char *name;
	void **slot; /* the pointer to fill, of the symbol's own type */
} rt_dl_sym;

typedef struct rt_dl_lib {
	const char *const *sonames; /* tried in order, NULL-terminated */
	const char *label;	    /* "libpq", in messages */
	const rt_dl_sym *syms;
	size_t nsyms;
	/* the state of the one load: left to rt_dl_ready */
	pthread_mutex_t lock;
	int tried;
	char error[512];
} rt_dl_lib;

#define RT_DL_LIB(sonames, label, syms)                                      \
	{(sonames), (label), (syms), sizeof(syms) / sizeof((syms)[0]),       \
	 PTHREAD_MUTEX_INITIALIZER, 0, {0}}

/* Load `lib` the first time (any thread); 0 when every symbol is there,
 * else RT_ERROR with "`need`: why" and the hint set, every time. */
int rt_dl_ready(rt_dl_lib *lib, const char *need, const char *hint);

#endif
