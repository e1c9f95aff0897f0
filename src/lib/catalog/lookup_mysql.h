/*
 * lookup_mysql.h: MySQL/MariaDB's look-ups beyond lookup.h, for the
 * engine's own lint (lint_*_mysql.c): a table's default character set and
 * the server's version. Strings live in `a`; `db` has a connection.
 */
#ifndef RT_LOOKUP_MYSQL_H
#define RT_LOOKUP_MYSQL_H

#include "catalog/lookup.h"

/* The character set of the table's collation; NULL when there is no
 * such table. */
int rt_lookup_mysql_table_charset(const char **charset, rt_db *db, rt_arena *a,
				  const char *table);
/* Does the table have a FULLTEXT index? (InnoDB then rebuilds it with
 * LOCK=SHARED for column changes that are otherwise instant or online.) */
int rt_lookup_mysql_has_fulltext(int *yes, rt_db *db, rt_arena *a,
				 const char *table);
/* VERSION(): "10.11.6-MariaDB-0+deb12u1", "8.0.36". */
int rt_lookup_mysql_version(const char **version, rt_db *db, rt_arena *a);

#endif
