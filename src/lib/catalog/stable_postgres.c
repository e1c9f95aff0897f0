/*
 * stable_postgres.c: the functions retort knows the volatility of, by
 * name, without a server (see stable_postgres.h). One list for lint and
 * online migrations: a function missing here reads as volatile, the safe
 * side for both (lint reports a rewrite, online backfills).
 */
#include "catalog/stable_postgres.h"
#include "util/sql_lex.h"

#include "util/common.h"

/* Functions known to be volatile: their value differs per row. */
static const char *const volatile_fns[] = {
    "random",
    "random_normal",
    "gen_random_uuid",
    "uuid_generate_v1",
    "uuid_generate_v1mc",
    "uuid_generate_v4",
    "uuidv4",
    "uuidv7",
    "gen_random_bytes",
    "clock_timestamp",
    "timeofday",
    "nextval",
    "setval",
    "txid_current",
    "pg_current_xact_id",
    "currval",
    "lastval",
};

/* Functions known not to be: immutable or stable, stored once by
 * ADD COLUMN ... DEFAULT since PostgreSQL 11. (current_date is
 * an SQL value function to the parser, listed for callers that see it
 * written as a call.) */
static const char *const stable_fns[] = {
    "now",
    "transaction_timestamp",
    "statement_timestamp",
    "current_date",
    "current_setting",
    "current_database",
    "current_schema",
    "lower",
    "upper",
    "length",
    "concat",
    "concat_ws",
    "abs",
    "round",
    "trunc",
    "coalesce",
    "nullif",
    "greatest",
    "least",
    "jsonb_build_object",
    "json_build_object",
    "jsonb_build_array",
    "json_build_array",
    "to_jsonb",
    "to_json",
    "array_fill",
    "make_date",
    "make_time",
    "make_timestamp",
    "make_timestamptz",
    "make_interval",
    "date_trunc",
    "to_timestamp",
    "to_date",
    "to_char",
    "to_number",
    "md5",
    "btrim",
    "ltrim",
    "rtrim",
    "replace",
    "substr",
    "substring",
    "left",
    "right",
    "repeat",
    "format",
    "timezone",
    "date_part",
    "extract",
    "age",
    "array_length",
    "cardinality",
    "int4",
    "int8",
    "text",
    "numeric",
};

int rt_pg_fn_is_stable(const char *name)
{
	return rt_sql_word_in(name, stable_fns, RT_ARRAY_SIZE(stable_fns));
}

int rt_pg_fn_is_volatile(const char *name)
{
	return rt_sql_word_in(name, volatile_fns, RT_ARRAY_SIZE(volatile_fns));
}
