/*
 * stable_postgres.h: what retort knows of PostgreSQL functions' volatility
 * without asking a server: the one list lint (add-column-volatile-default)
 * and online migrations (is a default backfilled?) read.
 */
#ifndef RT_STABLE_POSTGRES_H
#define RT_STABLE_POSTGRES_H

/* Is the function (its unqualified name) known to be immutable or stable:
 * a DEFAULT calling it is computed once by ADD COLUMN (PostgreSQL 11+),
 * not per row? 0 for every other name, known volatile or unknown. */
int rt_pg_fn_is_stable(const char *name);

/* Is it known to be volatile (its value differs per row: random(),
 * nextval(), clock_timestamp())? 0 for unknown names too. */
int rt_pg_fn_is_volatile(const char *name);

#endif
