/*
 * mysql_load.c: libmariadb, loaded on first use (see mysql_load.h).
 */
#include "backend/mysql_load.h"
#include "util/error.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

/* the pointers mysql_load.h names; declared from the real prototypes, so a
 * libmariadb whose signature changed does not compile */
#undef mariadb_get_infov
#undef mysql_affected_rows
#undef mysql_thread_end
#undef mysql_thread_init
#undef mysql_close
#undef mysql_errno
#undef mysql_error
#undef mysql_fetch_row
#undef mysql_field_count
#undef mysql_free_result
#undef mysql_get_server_info
#undef mysql_init
#undef mysql_next_result
#undef mysql_num_fields
#undef mysql_optionsv
#undef mysql_real_connect
#undef mysql_real_escape_string
#undef mysql_real_query
#undef mysql_sqlstate
#undef mysql_ssl_set
#undef mysql_store_result
#undef mysql_thread_id

#define MY_DEFINE(f) __typeof__(f) *rt_my_##f;
MY_FUNCS(MY_DEFINE)
#undef MY_DEFINE

static pthread_once_t my_once = PTHREAD_ONCE_INIT;
static char my_load_error[512];

static void my_load(void)
{
	void *h = dlopen("libmariadb.so.3", RTLD_NOW | RTLD_LOCAL);

	if (!h) {
		snprintf(my_load_error, sizeof(my_load_error), "%s", dlerror());
		return;
	}
#define MY_LOAD(f)                                                           \
	if (!(*(void **)&rt_my_##f = dlsym(h, #f))) {                        \
		snprintf(my_load_error, sizeof(my_load_error),               \
			 "libmariadb has no %s", #f);                        \
		return;                                                      \
	}
	MY_FUNCS(MY_LOAD)
#undef MY_LOAD
}

int rt_my_ready(void)
{
	pthread_once(&my_once, my_load);
	if (!my_load_error[0])
		return 0;
	rt_error_set(RT_ERROR_BACKEND, "MySQL support needs libmariadb: %s",
		     my_load_error);
	rt_error_hint("install the libmariadb3 package");
	return RT_ERROR;
}
