/*
 * test_sqlite.c: the SQLite backend through the library API: splitting,
 * errors with positions, the state tables, and an upgrade/downgrade
 * round trip on a real database file.
 */
#include "test.h"
#include "engine/engine.h"

struct stmts {
	char got[1024];
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
	assert_int_equal(rt_backend_sqlite.split(sql, strlen(sql), collect, &s),
			 0);
	assert_string_equal(s.got, want);
}

static void test_sqlite_split_statements(void **state)
{
	(void)state;
	split("SELECT 1; SELECT 2;", "[SELECT 1;][SELECT 2;]");
	split("-- c\nSELECT ';'; /* ; */ SELECT 2",
	      "[SELECT ';';][SELECT 2]");
	split("CREATE TRIGGER t AFTER INSERT ON a BEGIN\n"
	      "  UPDATE b SET x = 1; DELETE FROM c;\nEND;\nSELECT 3;",
	      "[CREATE TRIGGER t AFTER INSERT ON a BEGIN\n"
	      "  UPDATE b SET x = 1; DELETE FROM c;\nEND;][SELECT 3;]");
	split("  \n-- only a comment\n", "");
	split(";;SELECT 1;", "[SELECT 1;]");
}

/* split fails at an unterminated token on line `line`, column `col` */
static void split_fails(const char *sql, const char *msg, int line, int col)
{
	struct stmts s;

	memset(&s, 0, sizeof(s));
	s.sql = sql;
	assert_true(rt_backend_sqlite.split(sql, strlen(sql), collect, &s) <
		    0);
	assert_error_contains(msg);
	assert_int_equal(rt_error_last()->line, line);
	assert_int_equal(rt_error_last()->column, col);
	/* nothing after the unterminated token was handed out */
	assert_null(strstr(s.got, "b("));
}

/* SQLite reads an unterminated block comment as a comment to the end of
 * the text: the statements after it silently never ran. Every comment or
 * quote that never ends is an error at the line where it starts. */
static void test_sqlite_split_unterminated(void **state)
{
	(void)state;
	split_fails("CREATE TABLE a(x);\n  /* oops\nCREATE TABLE b(y);",
		    "unterminated block comment", 2, 3);
	split_fails("SELECT 1;\nSELECT 'x;\nCREATE TABLE b(y);",
		    "unterminated quoted string", 2, 8);
	split_fails("SELECT \"x;\nCREATE TABLE b(y);",
		    "unterminated quoted identifier", 1, 8);
	split_fails("SELECT `x;\nCREATE TABLE b(y);",
		    "unterminated quoted identifier", 1, 8);
	split_fails("SELECT [x;\nCREATE TABLE b(y);",
		    "unterminated bracketed identifier", 1, 8);
	/* SQLite's block comments do not nest: this one ends */
	split("/* a /* b */ SELECT 1; SELECT [;]; SELECT `;`;",
	      "[SELECT 1;][SELECT [;];][SELECT `;`;]");
	split("SELECT 'it''s;'; SELECT 2 -- done", "[SELECT 'it''s;';][SELECT 2]");
}

struct count {
	size_t n, last_start;
};

static int count_stmt(void *payload, size_t start, size_t len)
{
	struct count *c = payload;

	(void)len;
	c->n++;
	c->last_start = start;
	return 0;
}

/* A 1 MB literal holding 100,000 semicolons is one statement, split in
 * one pass (asking sqlite3_complete at each ';' took 48 s: the test's
 * timeout catches a quadratic splitter). */
static void test_sqlite_split_linear(void **state)
{
	size_t n = 100000, i, len;
	char *sql = malloc(n * 10 + 64), *p = sql;
	struct count c = {0, 0};

	(void)state;
	assert_non_null(sql);
	p += snprintf(p, 64, "SELECT '");
	for (i = 0; i < n; i++)
		p += snprintf(p, 16, "abcdefgh;");
	p += snprintf(p, 64, "';\nSELECT 2;");
	len = (size_t)(p - sql);
	assert_int_equal(rt_backend_sqlite.split(sql, len, count_stmt, &c), 0);
	assert_int_equal(c.n, 2);
	assert_int_equal(c.last_start, len - strlen("SELECT 2;"));
	free(sql);
}

/* What a transaction=false section cannot commit with its journal row. */
static void test_sqlite_autocommit_only(void **state)
{
	int (*f)(rt_conn *, const char *, size_t) =
	    rt_backend_sqlite.autocommit_only;

#define F(s) f(NULL, s, strlen(s))
	(void)state;
	assert_true(F("VACUUM"));
	assert_true(F("-- compact\n  vacuum main;"));
	assert_true(F("PRAGMA foreign_keys = OFF"));
	assert_true(F("pragma main.journal_mode=WAL"));
	assert_true(F("ATTACH 'x.db' AS x"));
	assert_false(F("PRAGMA user_version = 3"));
	assert_false(F("CREATE TABLE vacuum_log(x int)"));
	assert_false(F("INSERT INTO t VALUES ('VACUUM')"));
#undef F
}

static void test_sqlite_round_trip(void **state)
{
	char *d = test_tmpdir(), url[600];
	rt_dir *dir = NULL;
	rt_db *db = NULL;
	rt_status *st = NULL;
	rt_run_options o = RT_RUN_OPTIONS_INIT;

	(void)state;
	test_write(d, "20260101000000_a.sql",
		   "-- retort:up\nCREATE TABLE cat (name text);\n"
		   "-- retort:down\nDROP TABLE cat;\n");
	test_write(d, "20260102000000_b.sql",
		   "-- retort:parent 20260101000000_a\n-- retort:up\n"
		   "ALTER TABLE cat ADD COLUMN age int;\n"
		   "INSERT INTO cat VALUES ('tom', 3);\n"
		   "-- retort:down\nALTER TABLE cat DROP COLUMN age;\n");
	snprintf(url, sizeof(url), "sqlite:%s/t.db", d);
	assert_int_equal(rt_dir_load(&dir, d), 0);
	assert_int_equal(rt_db_open(&db, url, NULL), 0);

	assert_int_equal(rt_upgrade(db, dir, &o), 0);
	assert_int_equal(rt_status_load(&st, db, dir), 0);
	assert_int_equal(st->napplied, 2);
	assert_int_equal(st->npending, 0);
	assert_int_equal(st->ncurrent, 1);
	assert_string_equal(st->current[0], "20260102000000_b");
	rt_status_free(st);

	o.target = "base";
	assert_int_equal(rt_downgrade(db, dir, &o), 0);
	assert_int_equal(rt_status_load(&st, db, dir), 0);
	assert_int_equal(st->napplied, 0);
	assert_int_equal(st->npending, 2);
	rt_status_free(st);

	rt_db_close(db);
	rt_dir_free(dir);
	test_rmtree(d);
	free(d);
}

static void test_sqlite_failure_rolls_back_and_names_line(void **state)
{
	char *d = test_tmpdir(), url[600];
	rt_dir *dir = NULL;
	rt_db *db = NULL;
	rt_status *st = NULL;
	rt_run_options o = RT_RUN_OPTIONS_INIT;

	(void)state;
	test_write(d, "20260101000000_a.sql",
		   "-- retort:up\nCREATE TABLE cat (name text);\n"
		   "INSERT INTO cat VALUES ('x');\n\n"
		   "INSERT INTO nosuch VALUES (1);\n"
		   "-- retort:down\nDROP TABLE cat;\n");
	snprintf(url, sizeof(url), "sqlite:%s/t.db", d);
	assert_int_equal(rt_dir_load(&dir, d), 0);
	assert_int_equal(rt_db_open(&db, url, NULL), 0);
	assert_int_equal(rt_upgrade(db, dir, &o), RT_ERROR);
	assert_error_contains("failed at statement 3 of 3");
	assert_error_contains("no such table: nosuch");
	assert_int_equal(rt_error_last()->line, 5);
	assert_int_equal(rt_status_load(&st, db, dir), 0);
	assert_int_equal(st->napplied, 0);
	rt_status_free(st);
	/* the table of the failed migration was rolled back */
	assert_int_equal(rt_db_exec(db, "SELECT * FROM cat"), RT_ERROR);
	rt_db_close(db);
	rt_dir_free(dir);
	test_rmtree(d);
	free(d);
}

static void test_sqlite_not_a_database(void **state)
{
	char *d = test_tmpdir(), url[600];
	rt_db *db = NULL;

	(void)state;
	test_write(d, "junk.db", "this is not a database file, not at all; "
				 "it is long enough to have a header though");
	snprintf(url, sizeof(url), "sqlite:%s/junk.db", d);
	assert_int_equal(rt_db_open(&db, url, NULL), RT_ERROR);
	assert_error_contains("is not a SQLite database");
	assert_null(db);
	test_rmtree(d);
	free(d);
}

/*
 * Two connections to a path that does not exist yet: the first only
 * reads and closes (a refused run), the second writes. The first must
 * neither create the file nor remove what the second opened: a file
 * unlinked under an open connection takes that connection's writes
 * with it.
 */
static void test_sqlite_reader_never_removes_the_file(void **state)
{
	char *d = test_tmpdir(), url[700], path[600];
	rt_db *reader = NULL, *writer = NULL, *again = NULL;
	int exists = 0;

	(void)state;
	snprintf(path, sizeof(path), "%s/t.db", d);
	snprintf(url, sizeof(url), "sqlite:%s", path);
	assert_int_equal(rt_db_open(&reader, url, NULL), 0);
	assert_int_equal(rt_db_exec(reader, "SELECT count(*) FROM "
					    "sqlite_schema"),
			 0);
	/* reading creates nothing */
	assert_int_equal(access(path, F_OK), -1);
	assert_int_equal(rt_db_open(&writer, url, NULL), 0);
	rt_db_close(reader);
	assert_int_equal(rt_state_ensure(writer), 0);
	assert_int_equal(rt_db_exec(writer, "CREATE TABLE kept (x int)"), 0);
	rt_db_close(writer);
	assert_int_equal(access(path, F_OK), 0);
	assert_int_equal(rt_db_open(&again, url, NULL), 0);
	assert_int_equal(again->be->table_exists(again->conn, "kept", &exists),
			 0);
	assert_true(exists);
	rt_db_close(again);
	test_rmtree(d);
	free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sqlite_split_statements),
		cmocka_unit_test(test_sqlite_split_unterminated),
		cmocka_unit_test(test_sqlite_split_linear),
		cmocka_unit_test(test_sqlite_round_trip),
		cmocka_unit_test(test_sqlite_autocommit_only),
		cmocka_unit_test(test_sqlite_failure_rolls_back_and_names_line),
		cmocka_unit_test(test_sqlite_not_a_database),
		cmocka_unit_test(test_sqlite_reader_never_removes_the_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
