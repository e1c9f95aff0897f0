/*
 * pgq.h: libpg_query, loaded on first use (pgq.c), not linked, as libpq
 * and libmariadb are. Its protobuf descriptors hold 8,000 pointers that
 * a position-independent program relocates at every start: 43 pages
 * copied and written before main, a millisecond of every run (status,
 * --version) on a machine where a page's first write is the slow thing,
 * for a parser only PostgreSQL's split, lint and online migrations use.
 *
 * Include this instead of pg_query.h: each function and descriptor used
 * is reached through a pointer of libpg_query's own type, and the names
 * below are redirected to those pointers. Call rt_pgq_ready() before the
 * first use in a process; every parse, split and deparse entry does.
 */
#ifndef RT_PGQ_H
#define RT_PGQ_H

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

#define PGQ_FUNCS(X)                                                         \
	X(pg_query_parse_protobuf)                                           \
	X(pg_query_free_protobuf_parse_result)                               \
	X(pg_query_deparse_protobuf)                                         \
	X(pg_query_free_deparse_result)                                      \
	X(pg_query_split_with_scanner)                                       \
	X(pg_query_split_with_parser)                                        \
	X(pg_query_free_split_result)                                        \
	X(pg_query__parse_result__unpack)                                    \
	X(pg_query__parse_result__pack)                                      \
	X(pg_query__parse_result__get_packed_size)                           \
	X(pg_query__node__init)                                              \
	X(pg_query__string__init)                                            \
	X(pg_query__index_elem__init)

/* the data the *__INIT initializers name: descriptors, and protobuf-c's
 * empty string (string fields' default) */
#define PGQ_DATA(X)                                                          \
	X(protobuf_c_empty_string)                                           \
	X(pg_query__alter_table_cmd__descriptor)                             \
	X(pg_query__alter_table_stmt__descriptor)                            \
	X(pg_query__a__const__descriptor)                                    \
	X(pg_query__column_def__descriptor)                                  \
	X(pg_query__index_stmt__descriptor)                                  \
	X(pg_query__node__descriptor)                                        \
	X(pg_query__parse_result__descriptor)                                \
	X(pg_query__raw_stmt__descriptor)                                    \
	X(pg_query__res_target__descriptor)                                  \
	X(pg_query__select_stmt__descriptor)                                 \
	X(pg_query__type_cast__descriptor)

#define PGQ_DECLARE(f) extern __typeof__(f) *rt_pgq_##f;
PGQ_FUNCS(PGQ_DECLARE)
PGQ_DATA(PGQ_DECLARE)
#undef PGQ_DECLARE

/* 0 when libpg_query is loaded; else RT_ERROR with the error set */
int rt_pgq_ready(void);

#define pg_query_parse_protobuf rt_pgq_pg_query_parse_protobuf
#define pg_query_free_protobuf_parse_result                                  \
	rt_pgq_pg_query_free_protobuf_parse_result
#define pg_query_deparse_protobuf rt_pgq_pg_query_deparse_protobuf
#define pg_query_free_deparse_result rt_pgq_pg_query_free_deparse_result
#define pg_query_split_with_scanner rt_pgq_pg_query_split_with_scanner
#define pg_query_split_with_parser rt_pgq_pg_query_split_with_parser
#define pg_query_free_split_result rt_pgq_pg_query_free_split_result
#define pg_query__parse_result__unpack rt_pgq_pg_query__parse_result__unpack
#define pg_query__parse_result__pack rt_pgq_pg_query__parse_result__pack
#define pg_query__parse_result__get_packed_size                              \
	rt_pgq_pg_query__parse_result__get_packed_size
#define pg_query__node__init rt_pgq_pg_query__node__init
#define pg_query__string__init rt_pgq_pg_query__string__init
#define pg_query__index_elem__init rt_pgq_pg_query__index_elem__init

#define protobuf_c_empty_string (*rt_pgq_protobuf_c_empty_string)
#define pg_query__alter_table_cmd__descriptor                                \
	(*rt_pgq_pg_query__alter_table_cmd__descriptor)
#define pg_query__alter_table_stmt__descriptor                               \
	(*rt_pgq_pg_query__alter_table_stmt__descriptor)
#define pg_query__a__const__descriptor (*rt_pgq_pg_query__a__const__descriptor)
#define pg_query__column_def__descriptor                                     \
	(*rt_pgq_pg_query__column_def__descriptor)
#define pg_query__index_stmt__descriptor                                     \
	(*rt_pgq_pg_query__index_stmt__descriptor)
#define pg_query__node__descriptor (*rt_pgq_pg_query__node__descriptor)
#define pg_query__parse_result__descriptor                                   \
	(*rt_pgq_pg_query__parse_result__descriptor)
#define pg_query__raw_stmt__descriptor (*rt_pgq_pg_query__raw_stmt__descriptor)
#define pg_query__res_target__descriptor                                     \
	(*rt_pgq_pg_query__res_target__descriptor)
#define pg_query__select_stmt__descriptor                                    \
	(*rt_pgq_pg_query__select_stmt__descriptor)
#define pg_query__type_cast__descriptor                                      \
	(*rt_pgq_pg_query__type_cast__descriptor)

#endif
