/*
 * mysql_load.c: libmariadb, loaded on first use (see mysql_load.h).
 */
#include "backend/mysql_load.h"
#include "util/dl.h"
#include "util/error.h"

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

static const char *const my_sonames[] = {"libmariadb.so.3", NULL};

#define MY_SYM(f) {#f, (void **)&rt_my_##f},
static const rt_dl_sym my_syms[] = {MY_FUNCS(MY_SYM)};
#undef MY_SYM

static rt_dl_lib my_lib = RT_DL_LIB(my_sonames, "libmariadb", my_syms);

int rt_my_ready(void)
{
	return rt_dl_ready(&my_lib, "MySQL support needs libmariadb",
			   "install the libmariadb3 package");
}
