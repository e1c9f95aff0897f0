/*
 * mysql_load.h: libmariadb as the MySQL driver (mysql.c) reaches it.
 *
 * libmariadb is loaded when a mysql:// URL is first used (mysql_load.c),
 * not linked: it pulls in libssl, libcrypto and zlib, whose relocation
 * every start of retort paid, SQLite-only ones included. Each function
 * used is reached through a pointer declared with libmariadb's own type,
 * and the names below are redirected to those pointers, as postgres_int.h
 * does for libpq.
 */
#ifndef RT_BACKEND_MYSQL_LOAD_H
#define RT_BACKEND_MYSQL_LOAD_H

#include <errmsg.h>
#include <mysql.h>
#include <mysqld_error.h>

#define MY_FUNCS(X)                                                          \
	X(mariadb_get_infov)                                                 \
	X(mysql_affected_rows)                                               \
	X(mysql_close)                                                       \
	X(mysql_errno)                                                       \
	X(mysql_error)                                                       \
	X(mysql_fetch_row)                                                   \
	X(mysql_field_count)                                                 \
	X(mysql_free_result)                                                 \
	X(mysql_get_server_info)                                             \
	X(mysql_init)                                                        \
	X(mysql_next_result)                                                 \
	X(mysql_num_fields)                                                  \
	X(mysql_optionsv)                                                    \
	X(mysql_real_connect)                                                \
	X(mysql_real_escape_string)                                          \
	X(mysql_real_query)                                                  \
	X(mysql_sqlstate)                                                    \
	X(mysql_ssl_set)                                                     \
	X(mysql_store_result)                                                \
	X(mysql_thread_end)                                                  \
	X(mysql_thread_id)                                                   \
	X(mysql_thread_init)

#define MY_DECLARE(f) extern __typeof__(f) *rt_my_##f;
MY_FUNCS(MY_DECLARE)
#undef MY_DECLARE

#define mariadb_get_infov rt_my_mariadb_get_infov
#define mysql_affected_rows rt_my_mysql_affected_rows
#define mysql_close rt_my_mysql_close
#define mysql_errno rt_my_mysql_errno
#define mysql_error rt_my_mysql_error
#define mysql_fetch_row rt_my_mysql_fetch_row
#define mysql_field_count rt_my_mysql_field_count
#define mysql_free_result rt_my_mysql_free_result
#define mysql_get_server_info rt_my_mysql_get_server_info
#define mysql_init rt_my_mysql_init
#define mysql_next_result rt_my_mysql_next_result
#define mysql_num_fields rt_my_mysql_num_fields
#define mysql_optionsv rt_my_mysql_optionsv
#define mysql_real_connect rt_my_mysql_real_connect
#define mysql_real_escape_string rt_my_mysql_real_escape_string
#define mysql_real_query rt_my_mysql_real_query
#define mysql_sqlstate rt_my_mysql_sqlstate
#define mysql_ssl_set rt_my_mysql_ssl_set
#define mysql_store_result rt_my_mysql_store_result
#define mysql_thread_end rt_my_mysql_thread_end
#define mysql_thread_id rt_my_mysql_thread_id
#define mysql_thread_init rt_my_mysql_thread_init

/* Load libmariadb once (thread-safe); 0, or an error saying what to
 * install. Every path into mysql.c that makes a connection calls it
 * first. */
int rt_my_ready(void);

#endif
