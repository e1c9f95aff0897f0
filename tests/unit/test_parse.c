/*
 * test_parse.c: the migration file format.
 */
#include "test.h"
#include "migration/migration.h"

static rt_migration *parse(rt_arena *a, const char *text)
{
	rt_migration *m = NULL;

	rt_migration_parse(&m, a, "m/20260101000000_x.sql",
			   "20260101000000_x", text, strlen(text));
	return m;
}

static void test_parse_sections_and_options(void **state)
{
	rt_arena a = RT_ARENA_INIT;
	rt_migration *m;

	(void)state;
	rt_arena_init(&a);
	m = parse(&a, "-- a comment\n"
		      "-- retort:parent 20251231000000_a 20251231000001_b\n"
		      "\n"
		      "-- retort:up transaction=false\n"
		      "CREATE INDEX i ON t (a);\n"
		      "-- retort:down\n"
		      "DROP INDEX i;\n");
	assert_non_null(m);
	assert_string_equal(m->id, "20260101000000");
	assert_string_equal(m->slug, "x");
	assert_int_equal(m->nparents, 2);
	assert_string_equal(m->parents[1], "20251231000001_b");
	assert_true(m->up.present);
	assert_false(m->up.transaction);
	assert_int_equal(m->up.line, 4);
	assert_int_equal(m->up.nsteps, 1);
	assert_int_equal(m->up.steps[0].line, 5);
	assert_string_equal(m->up.steps[0].sql, "CREATE INDEX i ON t (a);");
	assert_true(m->down.transaction);
	assert_int_equal(strlen(m->checksum), 64);
	rt_arena_release(&a);
}

static void test_parse_load_splits_steps(void **state)
{
	rt_arena a = RT_ARENA_INIT;
	rt_migration *m;

	(void)state;
	rt_arena_init(&a);
	m = parse(&a, "-- retort:up\n"
		      "CREATE TABLE cat (name text);\n"
		      "-- retort:load cat FROM 'cats.csv'\n"
		      "UPDATE cat SET name = upper(name);\n"
		      "-- retort:down\n"
		      "DROP TABLE cat;\n");
	assert_non_null(m);
	assert_int_equal(m->up.nsteps, 3);
	assert_int_equal(m->up.steps[0].kind, RT_STEP_SQL);
	assert_int_equal(m->up.steps[1].kind, RT_STEP_LOAD);
	assert_string_equal(m->up.steps[1].table, "cat");
	assert_string_equal(m->up.steps[1].csv_path, "m/cats.csv");
	assert_int_equal(m->up.steps[1].line, 3);
	assert_int_equal(m->up.steps[2].line, 4);
	rt_arena_release(&a);
}

/* -- retort:copy: the table, the columns named, the URL as written and
 * the query with its doubled quotes read as one */
static void test_parse_copy(void **state)
{
	rt_arena a = RT_ARENA_INIT;
	rt_migration *m;
	const rt_step *st;

	(void)state;
	rt_arena_init(&a);
	m = parse(&a, "-- retort:up\n"
		      "CREATE TABLE cat (id int, name text);\n"
		      "-- retort:copy cat FROM 'postgres://u:${PW}@h/db' "
		      "QUERY 'SELECT id, name FROM cats WHERE x <> ''y'''\n"
		      "-- retort:copy \"Cat\" (name, \"Id\") from 'sqlite:a.db'"
		      "  query 'SELECT 1, 2'  \n"
		      "UPDATE cat SET name = upper(name);\n");
	assert_non_null(m);
	assert_int_equal(m->up.nsteps, 4);
	st = &m->up.steps[1];
	assert_int_equal(st->kind, RT_STEP_COPY);
	assert_string_equal(st->table, "cat");
	assert_string_equal(st->copy_url, "postgres://u:${PW}@h/db");
	assert_string_equal(st->copy_query,
			    "SELECT id, name FROM cats WHERE x <> 'y'");
	assert_int_equal(st->ncopy_cols, 0);
	assert_int_equal(st->line, 3);
	st = &m->up.steps[2];
	assert_int_equal(st->kind, RT_STEP_COPY);
	assert_string_equal(st->table, "\"Cat\"");
	assert_int_equal(st->ncopy_cols, 2);
	assert_string_equal(st->copy_cols[0], "name");
	assert_string_equal(st->copy_cols[1], "Id");
	assert_string_equal(st->copy_query, "SELECT 1, 2");
	assert_int_equal(m->up.steps[3].kind, RT_STEP_SQL);
	assert_int_equal(m->up.steps[3].line, 5);
	rt_arena_release(&a);
}

static void test_parse_irreversible_has_no_down(void **state)
{
	rt_arena a = RT_ARENA_INIT;
	rt_migration *m;

	(void)state;
	rt_arena_init(&a);
	m = parse(&a, "-- retort:up\nDROP TABLE old;\n");
	assert_non_null(m);
	assert_false(m->down.present);
	assert_null(m->parents);
	rt_arena_release(&a);
}

struct bad_case {
	const char *text;
	int line;
	const char *message;
};

static void test_parse_errors_name_line(void **state)
{
	static const struct bad_case cases[] = {
		{"-- retort:up\n-- retort:sideways\n", 2, "unknown directive"},
		{"-- retort:up\nX;\n-- retort:up\n", 3, "given twice"},
		{"CREATE TABLE t (a int);\n-- retort:up\n", 1, "text before"},
		{"-- retort:up\n-- retort:parent 20250101000000_a\n", 2,
		 "must come before"},
		{"-- retort:parent nope\n-- retort:up\n", 1, "not a revision"},
		{"-- retort:parent\n-- retort:up\n", 1, "names no revision"},
		{"-- retort:up transaction=maybe\n", 1, "unknown option"},
		{"-- retort:up\n-- retort:load cat 'x.csv'\n", 2,
		 "malformed 'retort:load'"},
		{"-- retort:load cat FROM 'x.csv'\n", 1, "must be inside"},
		{"-- retort:copy t FROM 'sqlite:a' QUERY 'SELECT 1'\n", 1,
		 "must be inside"},
		{"-- retort:up\n-- retort:copy t FROM 'sqlite:a'\n", 2,
		 "malformed 'retort:copy'"},
		{"-- retort:up\n-- retort:copy t FROM 'sqlite:a' QUERY 'x\n", 2,
		 "malformed 'retort:copy'"},
		{"-- retort:up\n-- retort:copy t () FROM 'a' QUERY 'x'\n", 2,
		 "malformed 'retort:copy'"},
		{"-- retort:up\n-- retort:copy t FROM 'a' QUERY 'x' more\n", 2,
		 "malformed 'retort:copy'"},
		{"-- retort:up\n-- retort:copy FROM 'a' QUERY 'x'\n", 2,
		 "malformed 'retort:copy'"},
		{"-- just a comment\n", 1, "no '-- retort:up'"},
		{"-- retort:down\nDROP TABLE t;\n", 2, "no '-- retort:up'"},
		{"-- retort:up\rCREATE TABLE t (a int);\r-- retort:down\r"
		 "DROP TABLE t;\r",
		 1, "carriage return alone"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < RT_ARRAY_SIZE(cases); i++) {
		rt_arena a = RT_ARENA_INIT;

		rt_arena_init(&a);
		if (parse(&a, cases[i].text))
			fail_msg("case %zu parsed", i);
		assert_error_contains(cases[i].message);
		assert_string_equal(rt_error_last()->file,
				    "m/20260101000000_x.sql");
		if (rt_error_last()->line != cases[i].line)
			fail_msg("case %zu: line %d, want %d", i,
				 rt_error_last()->line, cases[i].line);
		rt_arena_release(&a);
	}
}

/*
 * A comment that looks like a directive but is not written as one was a
 * plain comment: the down SQL after a near-miss `-- retort:down` ran on
 * upgrade. Each is an error at its line with the canonical spelling.
 */
static void test_parse_near_miss_directives(void **state)
{
	static const struct {
		const char *line, *want;
	} cases[] = {
		{"--retort:down", "-- retort:down"},
		{"-- RETORT:down", "-- retort:down"},
		{"--  retort:down", "-- retort:down"},
		{"-- retort :down", "-- retort:down"},
		{"-- Retort:Down", "-- retort:down"},
		{"-- retrot:down", "-- retort:down"},
		{"-- retort:dwon", "-- retort:down"},
		{"-- retort: down", "-- retort:down"},
		{"--retort down", "-- retort:down"},
		{"\t-- retort:DOWN", "-- retort:down"},
		{"--- retort:down", "-- retort:down"},
		{"-- retort:lint_ignore x", "-- retort:lint-ignore x"},
		{"-- retor:load t FROM 'x.csv'",
		 "-- retort:load t FROM 'x.csv'"},
		{"--retort:up transaction=false",
		 "-- retort:up transaction=false"},
		{"-- retor:dwon", "-- retort:down"},
		{"-- retort up transaction=false",
		 "-- retort:up transaction=false"},
	};
	size_t i;
	char text[256];

	(void)state;
	for (i = 0; i < RT_ARRAY_SIZE(cases); i++) {
		rt_arena a = RT_ARENA_INIT;

		rt_arena_init(&a);
		snprintf(text, sizeof(text),
			 "-- retort:up\nCREATE TABLE t (a int);\n%s\n"
			 "DELETE FROM t;\n",
			 cases[i].line);
		if (parse(&a, text))
			fail_msg("'%s' parsed as a comment", cases[i].line);
		assert_string_equal(rt_error_last()->file,
				    "m/20260101000000_x.sql");
		if (rt_error_last()->line != 3)
			fail_msg("'%s': line %d, want 3", cases[i].line,
				 rt_error_last()->line);
		if (!rt_error_last()->hint ||
		    !strstr(rt_error_last()->hint, cases[i].want))
			fail_msg("'%s': hint '%s' lacks '%s'", cases[i].line,
				 rt_error_last()->hint
					 ? rt_error_last()->hint
					 : "(none)",
				 cases[i].want);
		rt_arena_release(&a);
	}
}

/* Comments that merely mention retort, or look nothing like a
 * directive, stay comments. */
static void test_parse_prose_comments_stay_comments(void **state)
{
	static const char *const lines[] = {
		"-- retort is great",
		"-- see retort docs",
		"-- Retort manages this table",
		"--retort",
		"-- retort",
		"-- report: monthly totals",
		"-- return: the count",
		"-- retort down the road is a long way",
		"-- retorts: not a directive",
		"-- up: the new column",
		"-- TODO: down migration",
		"-----------------",
		"--",
	};
	size_t i;
	char text[256];

	(void)state;
	for (i = 0; i < RT_ARRAY_SIZE(lines); i++) {
		rt_arena a = RT_ARENA_INIT;
		rt_migration *m;

		rt_arena_init(&a);
		snprintf(text, sizeof(text),
			 "%s\n-- retort:up\n%s\nCREATE TABLE t (a int);\n",
			 lines[i], lines[i]);
		if (!(m = parse(&a, text)))
			fail_msg("'%s': %s", lines[i],
				 rt_error_last()->message);
		rt_arena_release(&a);
	}
}

/* An editor's byte order mark reads as nothing: the same sections and
 * the same checksum as without it. */
static void test_parse_byte_order_mark(void **state)
{
	const char *plain = "-- retort:up\nCREATE TABLE t (a int);\n"
			    "-- retort:down\nDROP TABLE t;\n";
	const char *bom = "\xef\xbb\xbf-- retort:up\nCREATE TABLE t (a int);"
			  "\n-- retort:down\nDROP TABLE t;\n";
	rt_arena a = RT_ARENA_INIT;
	rt_migration *m1, *m2;

	(void)state;
	rt_arena_init(&a);
	m1 = parse(&a, plain);
	m2 = parse(&a, bom);
	assert_non_null(m1);
	assert_non_null(m2);
	assert_true(m2->down.present);
	assert_string_equal(m2->up.steps[0].sql, m1->up.steps[0].sql);
	assert_string_equal(m1->checksum, m2->checksum);
	rt_arena_release(&a);
}

static void test_parse_revision_names(void **state)
{
	(void)state;
	assert_true(rt_revision_name_valid("20261122013000_add_x", 20));
	assert_false(rt_revision_name_valid("2026112201300_add_x", 19));
	assert_false(rt_revision_name_valid("20261122013000_Add", 18));
	assert_false(rt_revision_name_valid("20261122013000_", 15));
	assert_false(rt_revision_name_valid("20261122013000-add", 18));
}

/* A big file is parsed in its own buffer: the steps, their lines and the
 * checksum are those of the copying parse, and the text is cut at each
 * step's last newline only. */
static void test_parse_in_place_matches_copy(void **state)
{
	static const char text[] = "-- retort:up\r\n"
				   "CREATE TABLE t (a);\r\n"
				   "INSERT INTO t VALUES (1);\n"
				   "-- retort:load t FROM 'x.csv'\n"
				   "UPDATE t SET a = 2;\n"
				   "-- retort:down\n"
				   "DROP TABLE t;\n";
	rt_arena a = RT_ARENA_INIT;
	rt_migration *m1 = NULL, *m2 = NULL;
	char *buf = strdup(text);
	size_t i;

	(void)state;
	assert_non_null(buf);
	rt_arena_init(&a);
	assert_int_equal(rt_migration_parse(&m1, &a, "m/20260101000000_x.sql",
					    "20260101000000_x", text,
					    strlen(text)),
			 0);
	assert_int_equal(
	    rt_migration_parse_in_place(&m2, &a, "m/20260101000000_x.sql",
					"20260101000000_x", buf, strlen(text)),
	    0);
	assert_string_equal(m1->checksum, m2->checksum);
	assert_int_equal(m1->up.nsteps, 3);
	assert_int_equal(m2->up.nsteps, 3);
	for (i = 0; i < 3; i++) {
		assert_int_equal(m1->up.steps[i].kind, m2->up.steps[i].kind);
		assert_int_equal(m1->up.steps[i].line, m2->up.steps[i].line);
		if (m1->up.steps[i].kind == RT_STEP_SQL)
			assert_string_equal(m1->up.steps[i].sql,
					    m2->up.steps[i].sql);
	}
	assert_string_equal(m2->up.steps[0].sql,
			    "CREATE TABLE t (a);\r\nINSERT INTO t VALUES (1);");
	assert_string_equal(m2->down.steps[0].sql, "DROP TABLE t;");
	/* in place: the steps point into the buffer */
	assert_true(m2->up.steps[0].sql >= buf &&
		    m2->up.steps[0].sql < buf + sizeof(text));
	free(buf);
	rt_arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_sections_and_options),
	    cmocka_unit_test(test_parse_load_splits_steps),
	    cmocka_unit_test(test_parse_copy),
	    cmocka_unit_test(test_parse_irreversible_has_no_down),
	    cmocka_unit_test(test_parse_errors_name_line),
	    cmocka_unit_test(test_parse_revision_names),
	    cmocka_unit_test(test_parse_byte_order_mark),
	    cmocka_unit_test(test_parse_near_miss_directives),
	    cmocka_unit_test(test_parse_prose_comments_stay_comments),
	    cmocka_unit_test(test_parse_in_place_matches_copy),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
