/*
 * lookup_mysql.c: MySQL/MariaDB's answers to lookup.h, from
 * information_schema of the connection's database. A table's figures are
 * the server's estimates (TABLE_ROWS, DATA_LENGTH + INDEX_LENGTH): nothing
 * is counted and no table is locked.
 */
#include "catalog/lookup.h"

#include <stdlib.h>

static int my_table_figures(rt_lookup_figures *out, rt_db *db, rt_arena *a,
			    const char *table, long long row_cap)
{
	(void)row_cap; /* an estimate: nothing is counted */
	return rt_lookup_figures_sql(
	    out, db, a,
	    "SELECT TABLE_ROWS, DATA_LENGTH + INDEX_LENGTH "
	    "FROM information_schema.TABLES WHERE "
	    "TABLE_SCHEMA = DATABASE() AND TABLE_NAME = $1",
	    table, "information_schema.TABLES");
}

static int my_index_table(const char **table, rt_db *db, rt_arena *a,
			  const char *index)
{
	return rt_lookup_value(table, db, a,
			       "SELECT TABLE_NAME FROM "
			       "information_schema.STATISTICS WHERE "
			       "TABLE_SCHEMA = DATABASE() AND INDEX_NAME = $1 "
			       "LIMIT 1",
			       index);
}

static int my_columns(rt_vec *cols, int *found, rt_db *db, rt_arena *a,
		      const char *table)
{
	return rt_lookup_list(cols, found, db, a,
			      "SELECT COLUMN_NAME FROM "
			      "information_schema.COLUMNS WHERE "
			      "TABLE_SCHEMA = DATABASE() AND TABLE_NAME = $1 "
			      "ORDER BY ORDINAL_POSITION",
			      table);
}

const rt_lookup_ops rt_lookup_ops_mysql = {
    .table_figures = my_table_figures,
    .index_table = my_index_table,
    .columns = my_columns,
};
