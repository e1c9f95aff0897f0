/*
 * test_testing.c: `retort test`: test files, and the stairway on SQLite
 * (in memory) finding a down that forgets an index, a down that loses
 * rows, and a malformed test file.
 */
#include "test.h"
#include "testing/testing.h"

static int parse(rt_test_file *tf, rt_arena *a, const char *text)
{
	return rt_test_file_parse(tf, a, "m/tests/20260101000000_x.sql",
				  "20260101000000_x", text, strlen(text));
}

static void test_testing_file_sections(void **state)
{
	rt_arena a = RT_ARENA_INIT;
	rt_test_file tf;

	(void)state;
	rt_arena_init(&a);
	assert_int_equal(parse(&tf, &a,
			       "-- seeds for x\n"
			       "\n"
			       "-- retort:before\n"
			       "INSERT INTO t VALUES (1);\n"
			       "-- retort:after\n"
			       "SELECT count(*) = 1 FROM t;\n"
			       "SELECT true;\n"),
			 0);
	assert_string_equal(tf.revision, "20260101000000_x");
	assert_true(tf.before.present);
	assert_int_equal(tf.before.line, 3);
	assert_string_equal(tf.before.sql, "INSERT INTO t VALUES (1);\n");
	assert_true(tf.after.present);
	assert_int_equal(tf.after.line, 5);
	assert_string_equal(tf.after.sql,
			    "SELECT count(*) = 1 FROM t;\nSELECT true;\n");

	/* after alone; a last line without a newline */
	assert_int_equal(parse(&tf, &a, "-- retort:after\nSELECT 1"), 0);
	assert_false(tf.before.present);
	assert_string_equal(tf.before.sql, "");
	assert_string_equal(tf.after.sql, "SELECT 1");
	rt_arena_release(&a);
}

static void test_testing_file_errors_name_line(void **state)
{
	rt_arena a = RT_ARENA_INIT;
	rt_test_file tf;

	(void)state;
	rt_arena_init(&a);
	assert_int_equal(parse(&tf, &a, "-- ok\nINSERT INTO t VALUES (1);\n"),
			 RT_ERROR);
	assert_error_contains("SQL before the first section");
	assert_int_equal(rt_error_last()->line, 2);
	assert_string_equal(rt_error_last()->file,
			    "m/tests/20260101000000_x.sql");

	assert_int_equal(parse(&tf, &a, "-- retort:before\n\n-- retort:afterr\n"),
			 RT_ERROR);
	assert_error_contains("unknown directive '-- retort:afterr'");
	assert_int_equal(rt_error_last()->line, 3);
	assert_non_null(strstr(rt_error_last()->hint, "-- retort:after"));

	assert_int_equal(parse(&tf, &a,
			       "-- retort:after\nSELECT 1;\n-- retort:after\n"),
			 RT_ERROR);
	assert_error_contains("given twice (first at line 1)");
	assert_int_equal(rt_error_last()->line, 3);

	assert_int_equal(parse(&tf, &a, "-- retort:before now\n"), RT_ERROR);
	assert_error_contains("takes no options");

	assert_int_equal(parse(&tf, &a, "-- nothing here\n"), RT_ERROR);
	assert_error_contains("no section");
	rt_arena_release(&a);
}

static void test_testing_value_true(void **state)
{
	(void)state;
	assert_true(rt_test_value_true("t"));
	assert_true(rt_test_value_true("TRUE"));
	assert_true(rt_test_value_true("1"));
	assert_false(rt_test_value_true("f"));
	assert_false(rt_test_value_true("0"));
	assert_false(rt_test_value_true("2"));
	assert_false(rt_test_value_true(""));
	assert_false(rt_test_value_true(NULL));
}

/* ---- the stairway, on SQLite in memory ------------------------------ */

static const rt_test_check *find(const rt_test_report *r, const char *rev,
				 const char *what)
{
	size_t i;

	for (i = 0; i < r->count; i++)
		if (!strcmp(r->checks[i].what, what) &&
		    (rev ? r->checks[i].revision &&
			       !strcmp(r->checks[i].revision, rev)
			 : !r->checks[i].revision))
			return &r->checks[i];
	return NULL;
}

static void write_history(const char *dir, const char *down2)
{
	char buf[512];

	test_write(dir, "20260101000000_cat.sql",
		   "-- retort:up\n"
		   "CREATE TABLE cat (id integer PRIMARY KEY, name text);\n"
		   "-- retort:down\n"
		   "DROP TABLE cat;\n");
	snprintf(buf, sizeof(buf),
		 "-- retort:parent 20260101000000_cat\n"
		 "-- retort:up\n"
		 "CREATE INDEX cat_name ON cat (name);\n"
		 "ALTER TABLE cat ADD COLUMN title text;\n"
		 "UPDATE cat SET title = name;\n"
		 "-- retort:down\n"
		 "%s\n",
		 down2);
	test_write(dir, "20260102000000_title.sql", buf);
}

static rt_test_report *run(const char *dir)
{
	rt_test_options o = RT_TEST_OPTIONS_INIT;
	rt_test_report *r = NULL;

	/* no dialect: the default engine, SQLite, in memory */
	assert_int_equal(rt_test_run(&r, dir, &o), 0);
	return r;
}

static void test_testing_stairway_correct(void **state)
{
	char *dir = test_tmpdir();
	rt_test_report *r;

	(void)state;
	write_history(dir, "ALTER TABLE cat DROP COLUMN title;\n"
			   "DROP INDEX cat_name;");
	r = run(dir);
	assert_int_equal(r->nfailed, 0);
	assert_int_equal(r->ntested, 2);
	assert_non_null(find(r, "20260102000000_title", "catalog after down"));
	assert_int_equal(
	    find(r, "20260102000000_title", "catalog after down")->status,
	    RT_TEST_PASS);
	assert_int_equal(find(r, NULL, "graph")->status, RT_TEST_PASS);
	rt_test_report_free(r);
	test_rmtree(dir);
	free(dir);
}

static void test_testing_stairway_finds_forgotten_index(void **state)
{
	char *dir = test_tmpdir();
	const rt_test_check *c;
	rt_test_report *r;

	(void)state;
	write_history(dir, "ALTER TABLE cat DROP COLUMN title;");
	r = run(dir);
	assert_int_equal(r->nfailed, 1);
	c = find(r, "20260102000000_title", "catalog after down");
	assert_non_null(c);
	assert_int_equal(c->status, RT_TEST_FAIL);
	assert_non_null(strstr(c->detail, "DROP INDEX"));
	assert_non_null(strstr(c->detail, "cat_name"));
	/* repaired: the up again runs */
	assert_int_equal(find(r, "20260102000000_title", "up again")->status,
			 RT_TEST_PASS);
	rt_test_report_free(r);
	test_rmtree(dir);
	free(dir);
}

static void test_testing_stairway_finds_lost_rows(void **state)
{
	char *dir = test_tmpdir(), tests[256];
	const rt_test_check *c;
	rt_test_report *r;

	(void)state;
	/* the down drops the rows' titles: the catalog is the same */
	write_history(dir, "ALTER TABLE cat DROP COLUMN title;\n"
			   "DROP INDEX cat_name;\n"
			   "DELETE FROM cat WHERE name = 'Felix';");
	snprintf(tests, sizeof(tests), "%s/tests", dir);
	assert_int_equal(mkdir(tests, 0755), 0);
	test_write(tests, "20260102000000_title.sql",
		   "-- retort:before\n"
		   "INSERT INTO cat (name) VALUES ('Tom'), ('Felix');\n"
		   "-- retort:after\n"
		   "SELECT count(*) = 2 FROM cat WHERE title = name;\n");
	r = run(dir);
	assert_int_equal(find(r, "20260102000000_title", "data after up")
			     ->status,
			 RT_TEST_PASS);
	c = find(r, "20260102000000_title", "data after round trip");
	assert_non_null(c);
	assert_int_equal(c->status, RT_TEST_FAIL);
	assert_int_equal(c->line, 4);
	assert_non_null(strstr(c->message, "returned 0, expected true"));
	assert_int_equal(r->nfailed, 1);
	rt_test_report_free(r);

	/* a malformed test file names file:line and fails */
	test_write(tests, "20260102000000_title.sql",
		   "-- retort:before\nSELECT 1;\n-- retort:befor\n");
	r = run(dir);
	c = find(r, "20260102000000_title", "test files");
	assert_non_null(c);
	assert_int_equal(c->status, RT_TEST_FAIL);
	assert_int_equal(c->line, 3);
	assert_non_null(strstr(c->file, "tests/20260102000000_title.sql"));
	rt_test_report_free(r);

	/* one that names no migration */
	test_write(tests, "20260102000000_titel.sql", "-- retort:after\n");
	r = run(dir);
	c = find(r, NULL, "test files");
	assert_non_null(c);
	assert_non_null(strstr(c->message, "names no migration"));
	assert_non_null(strstr(c->detail, "20260102000000_title.sql"));
	rt_test_report_free(r);
	test_rmtree(dir);
	free(dir);
}

static void test_testing_irreversible_ends_downs(void **state)
{
	char *dir = test_tmpdir();
	const rt_test_check *c;
	rt_test_report *r;

	(void)state;
	test_write(dir, "20260101000000_cat.sql",
		   "-- retort:up\nCREATE TABLE cat (id integer);\n");
	test_write(dir, "20260102000000_dog.sql",
		   "-- retort:parent 20260101000000_cat\n"
		   "-- retort:up\nCREATE TABLE dog (id integer);\n"
		   "-- retort:down\n");
	r = run(dir);
	c = find(r, "20260101000000_cat", "down");
	assert_non_null(c);
	assert_int_equal(c->status, RT_TEST_SKIP);
	assert_non_null(strstr(c->message, "irreversible"));
	/* no down check after it: the forgotten DROP TABLE dog is not seen */
	assert_null(find(r, "20260102000000_dog", "down"));
	assert_int_equal(find(r, "20260102000000_dog", "up")->status,
			 RT_TEST_PASS);
	assert_int_equal(r->nfailed, 0);
	rt_test_report_free(r);
	test_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_testing_file_sections),
	    cmocka_unit_test(test_testing_file_errors_name_line),
	    cmocka_unit_test(test_testing_value_true),
	    cmocka_unit_test(test_testing_stairway_correct),
	    cmocka_unit_test(test_testing_stairway_finds_forgotten_index),
	    cmocka_unit_test(test_testing_stairway_finds_lost_rows),
	    cmocka_unit_test(test_testing_irreversible_ends_downs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
