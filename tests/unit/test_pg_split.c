/*
 * test_pg_split.c: PostgreSQL statement splitting (libpg_query), which
 * needs no server.
 */
#include "test.h"
#include "backend/backend.h"

struct stmts {
	char got[2048];
	size_t n;
	const char *sql;
};

static int collect(void *payload, size_t start, size_t len)
{
	struct stmts *s = payload;

	s->n += (size_t)snprintf(s->got + s->n, sizeof(s->got) - s->n, "[%.*s]",
				 (int)len, s->sql + start);
	return 0;
}

static void split(const char *sql, const char *want)
{
	struct stmts s;

	memset(&s, 0, sizeof(s));
	s.sql = sql;
	assert_int_equal(
		rt_backend_postgres.split(sql, strlen(sql), collect, &s), 0);
	assert_string_equal(s.got, want);
}

static void test_pg_split_quotes_and_bodies(void **state)
{
	(void)state;
	split("SELECT 1; SELECT ';'", "[SELECT 1;][SELECT ';']");
	split("-- c\nCREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ "
	      "LANGUAGE sql;\n/* x; */ SELECT 2;",
	      "[CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE "
	      "sql;][SELECT 2;]");
	split("CREATE FUNCTION g() RETURNS int LANGUAGE sql BEGIN ATOMIC "
	      "SELECT 1; SELECT 2; END; SELECT 3;",
	      "[CREATE FUNCTION g() RETURNS int LANGUAGE sql BEGIN ATOMIC "
	      "SELECT 1; SELECT 2; END;][SELECT 3;]");
	split("  -- only a comment\n", "");
}

/* Text the parser rejects is split by the scanner; what the scanner
 * skips must still reach the server, which then reports it. */
static void test_pg_split_keeps_unparsable_text(void **state)
{
	(void)state;
	split("CREATE TABLE a (x int);\nSELEC 1;\nCREATE TABLE b (x int);",
	      "[CREATE TABLE a (x int);][SELEC 1;][CREATE TABLE b (x int);]");
	split("CREATE TABLE a (x int); garbage",
	      "[CREATE TABLE a (x int);][garbage]");
}

/* What a transaction=false section cannot commit with its journal row. */
static void test_pg_autocommit_only(void **state)
{
	int (*f)(rt_conn *, const char *) = rt_backend_postgres.autocommit_only;

	(void)state;
	assert_true(f(NULL, "CREATE INDEX CONCURRENTLY i ON t (x)"));
	assert_true(f(NULL, "create unique index concurrently if not exists "
			    "\"I\" on s.t (x)"));
	assert_true(f(NULL, "DROP INDEX CONCURRENTLY IF EXISTS s.i"));
	assert_true(f(NULL, "REINDEX INDEX CONCURRENTLY i"));
	assert_true(f(NULL, "ALTER TABLE p DETACH PARTITION p1 CONCURRENTLY"));
	assert_true(f(NULL, "/* tidy */ VACUUM (ANALYZE) t"));
	assert_true(f(NULL, "CREATE DATABASE x"));
	assert_true(f(NULL, "ALTER SYSTEM SET work_mem = '64MB'"));
	assert_false(f(NULL, "REFRESH MATERIALIZED VIEW CONCURRENTLY v"));
	assert_false(f(NULL, "CREATE INDEX i ON t (x)"));
	assert_false(f(NULL, "UPDATE t SET note = 'concurrently'"));
	assert_false(f(NULL, "ALTER TYPE mood ADD VALUE 'meh'"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pg_split_quotes_and_bodies),
		cmocka_unit_test(test_pg_autocommit_only),
		cmocka_unit_test(test_pg_split_keeps_unparsable_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
