/*
 * dl.c: loading a library on first use (dl.h). A failure is kept, so
 * every later caller tells it too, and the library is not tried again.
 */
#include "util/dl.h"
#include "util/error.h"

#include <dlfcn.h>
#include <stdio.h>

static void load(rt_dl_lib *lib)
{
	void *h = NULL;
	size_t i;

	for (i = 0; lib->sonames[i] && !h; i++)
		h = dlopen(lib->sonames[i], RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		snprintf(lib->error, sizeof(lib->error), "%s", dlerror());
		return;
	}
	for (i = 0; i < lib->nsyms; i++)
		if (!(*lib->syms[i].slot = dlsym(h, lib->syms[i].name))) {
			snprintf(lib->error, sizeof(lib->error), "%s has no %s",
				 lib->label, lib->syms[i].name);
			return;
		}
}

int rt_dl_ready(rt_dl_lib *lib, const char *need, const char *hint)
{
	pthread_mutex_lock(&lib->lock);
	if (!lib->tried) {
		load(lib);
		lib->tried = 1;
	}
	pthread_mutex_unlock(&lib->lock);
	if (!lib->error[0])
		return 0;
	rt_error_set(RT_ERROR_BACKEND, "%s: %s", need, lib->error);
	rt_error_hint("%s", hint);
	return RT_ERROR;
}
