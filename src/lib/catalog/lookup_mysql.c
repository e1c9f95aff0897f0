/*
 * lookup_mysql.c: MySQL/MariaDB's answers to lookup.h, from
 * information_schema of the connection's database. A table's figures are
 * the server's estimates (TABLE_ROWS, DATA_LENGTH + INDEX_LENGTH): nothing
 * is counted and no table is locked.
 *
 * A column's "type" (lookup.h column_type) is, on this engine, the column's
 * definition as MySQL writes it: COLUMN_TYPE, then CHARACTER SET and
 * COLLATE when it has them, NOT NULL, AUTO_INCREMENT, PRIMARY KEY (a
 * column of the primary key), and AS (...) VIRTUAL
 * or STORED for a generated column: lint compares it with the definition a
 * MODIFY gives, read by the same code.
 */
#include "catalog/lookup_mysql.h"

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

static int my_column_type(const char **type, int *typmod,
			  int *default_collation, rt_db *db, rt_arena *a,
			  const char *table, const char *column)
{
	const char *params[2] = {table, column};
	rt_lookup_rows r = {.a = a};
	int error;

	*type = NULL;
	*typmod = -1;
	*default_collation = 1;
	error = rt_lookup_query(
	    &r, db,
	    "SELECT CONCAT(COLUMN_TYPE, "
	    "IF(CHARACTER_SET_NAME IS NULL, '', "
	    "CONCAT(' CHARACTER SET ', CHARACTER_SET_NAME, "
	    "' COLLATE ', COLLATION_NAME)), "
	    "IF(IS_NULLABLE = 'NO', ' NOT NULL', ''), "
	    "IF(EXTRA LIKE '%auto_increment%', ' AUTO_INCREMENT', ''), "
	    "IF(COLUMN_KEY = 'PRI', ' PRIMARY KEY', ''), "
	    "IF(EXTRA LIKE '%GENERATED%', CONCAT(' AS (', "
	    "GENERATION_EXPRESSION, ')', IF(EXTRA LIKE '%STORED%', "
	    "' STORED', ' VIRTUAL')), '')) "
	    "FROM information_schema.COLUMNS WHERE "
	    "TABLE_SCHEMA = DATABASE() AND TABLE_NAME = $1 AND "
	    "COLUMN_NAME = $2",
	    params, 2);
	if (error < 0)
		return error;
	*type = r.vals[0];
	return 0;
}

int rt_lookup_mysql_table_charset(const char **charset, rt_db *db,
				  rt_arena *a, const char *table)
{
	return rt_lookup_value(charset, db, a,
			       "SELECT c.CHARACTER_SET_NAME FROM "
			       "information_schema.TABLES t JOIN "
			       "information_schema.COLLATIONS c ON "
			       "c.COLLATION_NAME = t.TABLE_COLLATION WHERE "
			       "t.TABLE_SCHEMA = DATABASE() AND "
			       "t.TABLE_NAME = $1",
			       table);
}

int rt_lookup_mysql_has_fulltext(int *yes, rt_db *db, rt_arena *a,
				 const char *table)
{
	const char *v = NULL;
	int error;

	*yes = 0;
	error = rt_lookup_value(&v, db, a,
				"SELECT 1 FROM information_schema.STATISTICS "
				"WHERE TABLE_SCHEMA = DATABASE() AND "
				"TABLE_NAME = $1 AND INDEX_TYPE = 'FULLTEXT' "
				"LIMIT 1",
				table);
	*yes = v != NULL;
	return error;
}

int rt_lookup_mysql_version(const char **version, rt_db *db, rt_arena *a)
{
	rt_lookup_rows r = {.a = a};
	int error;

	*version = NULL;
	if ((error = rt_lookup_query(&r, db, "SELECT VERSION()", NULL, 0)) <
	    0)
		return error;
	*version = r.vals[0];
	return 0;
}

const rt_lookup_ops rt_lookup_ops_mysql = {
    .table_figures = my_table_figures,
    .index_table = my_index_table,
    .columns = my_columns,
    .column_type = my_column_type,
};
