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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pg_split_quotes_and_bodies),
		cmocka_unit_test(test_pg_split_keeps_unparsable_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
