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

/* split fails at an unterminated token on line `line`, column `col` */
static void split_fails(const char *sql, const char *msg, int line, int col)
{
	struct stmts s;

	memset(&s, 0, sizeof(s));
	s.sql = sql;
	assert_true(rt_backend_postgres.split(sql, strlen(sql), collect, &s) <
		    0);
	assert_error_contains(msg);
	assert_int_equal(rt_error_last()->line, line);
	assert_int_equal(rt_error_last()->column, col);
	assert_int_equal(s.n, 0); /* refused before any statement */
}

/* Unterminated comments (which nest), strings, escape strings, quoted
 * names and dollar quotes: an error at the line where they start (the
 * scanner's message named neither the place nor, often, the cause). */
static void test_pg_split_unterminated(void **state)
{
	(void)state;
	split_fails("CREATE TABLE a(x int);\n/* a /* b */\nSELECT 1;",
		    "unterminated block comment", 2, 1);
	split_fails("SELECT 1;\nSELECT 'x;\nSELECT 2;",
		    "unterminated quoted string", 2, 8);
	split_fails("SELECT 1;\n\nSELECT E'x\\';\nSELECT 2;",
		    "unterminated escape string", 3, 8);
	split_fails("SELECT \"x;\nSELECT 2;", "unterminated quoted identifier",
		    1, 8);
	split_fails("CREATE FUNCTION f() RETURNS int AS $$\nSELECT 1;\n"
		    "LANGUAGE sql;", "unterminated dollar-quoted string", 1, 36);
	split_fails("SELECT 1;\nDO $body$ BEGIN END $bod$;",
		    "unterminated dollar-quoted string", 2, 4);
	/* what ends is no error: a nested comment, escapes, parameters,
	 * '$' inside names, a dollar quote holding another tag */
	split("/* a /* b */ c */ SELECT E'it\\'s', 'a\\'; SELECT a$b$ FROM t",
	      "[SELECT E'it\\'s', 'a\\';][SELECT a$b$ FROM t]");
	split("PREPARE p AS SELECT $1; DO $x$ SELECT $$;$$ $x$;",
	      "[PREPARE p AS SELECT $1;][DO $x$ SELECT $$;$$ $x$;]");
}

struct count {
	size_t n;
};

static int count_stmt(void *payload, size_t start, size_t len)
{
	(void)start;
	(void)len;
	((struct count *)payload)->n++;
	return 0;
}

/* 100,000 statements and a 1 MB literal holding 100,000 semicolons split
 * in linear time (the test's timeout catches a quadratic splitter). */
static void test_pg_split_linear(void **state)
{
	size_t n = 100000, i, len;
	char *sql = malloc(n * 32 + 64), *p = sql;
	struct count c = {0};

	(void)state;
	assert_non_null(sql);
	for (i = 0; i < n; i++)
		p += snprintf(p, 32, "INSERT INTO t VALUES (%zu);\n", i);
	len = (size_t)(p - sql);
	assert_int_equal(rt_backend_postgres.split(sql, len, count_stmt, &c),
			 0);
	assert_int_equal(c.n, n);
	p = sql;
	p += snprintf(p, 64, "SELECT '");
	for (i = 0; i < n; i++)
		p += snprintf(p, 16, "abcdefgh;");
	p += snprintf(p, 64, "';\nSELECT 2;");
	c.n = 0;
	assert_int_equal(rt_backend_postgres.split(sql, (size_t)(p - sql),
						   count_stmt, &c),
			 0);
	assert_int_equal(c.n, 2);
	free(sql);
}

/* What a transaction=false section cannot commit with its journal row. */
static void test_pg_autocommit_only(void **state)
{
	int (*f)(rt_conn *, const char *, size_t) =
	    rt_backend_postgres.autocommit_only;

#define F(s) f(NULL, s, strlen(s))
	(void)state;
	assert_true(F("CREATE INDEX CONCURRENTLY i ON t (x)"));
	assert_true(F("create unique index concurrently if not exists "
		      "\"I\" on s.t (x)"));
	assert_true(F("DROP INDEX CONCURRENTLY IF EXISTS s.i"));
	assert_true(F("REINDEX INDEX CONCURRENTLY i"));
	assert_true(F("ALTER TABLE p DETACH PARTITION p1 CONCURRENTLY"));
	assert_true(F("/* tidy */ VACUUM (ANALYZE) t"));
	assert_true(F("CREATE DATABASE x"));
	assert_true(F("ALTER SYSTEM SET work_mem = '64MB'"));
	assert_false(F("REFRESH MATERIALIZED VIEW CONCURRENTLY v"));
	assert_false(F("CREATE INDEX i ON t (x)"));
	assert_false(F("UPDATE t SET note = 'concurrently'"));
	assert_false(F("ALTER TYPE mood ADD VALUE 'meh'"));
#undef F
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pg_split_quotes_and_bodies),
		cmocka_unit_test(test_pg_autocommit_only),
		cmocka_unit_test(test_pg_split_keeps_unparsable_text),
		cmocka_unit_test(test_pg_split_unterminated),
		cmocka_unit_test(test_pg_split_linear),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
