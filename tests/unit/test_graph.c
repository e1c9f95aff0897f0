/*
 * test_graph.c: directory loading, the revision graph and targets.
 */
#include "test.h"
#include "migration/migration.h"

static const char *up_only = "-- retort:up\nSELECT 1;\n-- retort:down\n";

static void write_rev(const char *dir, const char *name, const char *parents)
{
	char file[256], text[512];

	snprintf(file, sizeof(file), "%s.sql", name);
	if (parents)
		snprintf(text, sizeof(text), "-- retort:parent %s\n%s", parents,
			 up_only);
	else
		snprintf(text, sizeof(text), "%s", up_only);
	test_write(dir, file, text);
}

static void test_graph_orders_branches_and_merges(void **state)
{
	char *d = test_tmpdir();
	rt_dir *dir = NULL;
	rt_target t;

	(void)state;
	write_rev(d, "20260101000000_a", NULL);
	write_rev(d, "20260102000000_b", "20260101000000_a");
	write_rev(d, "20260103000000_c", "20260101000000_a");
	write_rev(d, "20260104000000_m", "20260103000000_c 20260102000000_b");
	test_write(d, "notes.md", "ignored");
	test_write(d, "data.csv", "a\n1\n");
	assert_int_equal(rt_dir_load(&dir, d), 0);
	assert_int_equal(dir->count, 4);
	assert_string_equal(dir->migrations[0]->name, "20260101000000_a");
	assert_string_equal(dir->migrations[3]->name, "20260104000000_m");
	assert_int_equal(dir->nheads, 1);
	assert_string_equal(dir->heads[0]->name, "20260104000000_m");
	assert_int_equal(dir->migrations[0]->nchildren, 2);

	assert_int_equal(rt_target_resolve(&t, dir, "head"), 0);
	assert_ptr_equal(t.rev, dir->heads[0]);
	assert_int_equal(rt_target_resolve(&t, dir, "20260103"), 0);
	assert_string_equal(t.rev->name, "20260103000000_c");
	assert_int_equal(rt_target_resolve(&t, dir, "2026010"), RT_ERROR);
	assert_error_contains("ambiguous");
	assert_int_equal(rt_target_resolve(&t, dir, "2027"), RT_ENOTFOUND);
	assert_error_contains("unknown revision");
	assert_int_equal(rt_target_resolve(&t, dir, "-2"), 0);
	assert_int_equal(t.steps, -2);
	assert_int_equal(rt_target_resolve(&t, dir, "+x"), RT_EUSAGE);
	rt_dir_free(dir);
	test_rmtree(d);
	free(d);
}

static void test_graph_two_heads_refuse_head(void **state)
{
	char *d = test_tmpdir();
	rt_dir *dir = NULL;
	rt_target t;

	(void)state;
	write_rev(d, "20260101000000_a", NULL);
	write_rev(d, "20260102000000_b", "20260101000000_a");
	write_rev(d, "20260103000000_c", "20260101000000_a");
	assert_int_equal(rt_dir_load(&dir, d), 0);
	assert_int_equal(dir->nheads, 2);
	assert_int_equal(rt_target_resolve(&t, dir, "head"), RT_ERROR);
	assert_error_contains("2 heads: 20260102000000_b, 20260103000000_c");
	assert_non_null(strstr(rt_error_last()->hint, "retort merge"));
	assert_int_equal(rt_target_resolve(&t, dir, "heads"), 0);
	rt_dir_free(dir);
	test_rmtree(d);
	free(d);
}

static void expect_load_error(const char *d, const char *what,
			      const char *file)
{
	rt_dir *dir = NULL;

	assert_true(rt_dir_load(&dir, d) < 0);
	assert_null(dir);
	assert_error_contains(what);
	if (file && !strstr(rt_error_last()->file ? rt_error_last()->file : "",
			    file))
		fail_msg("error file '%s' lacks '%s'", rt_error_last()->file,
			 file);
}

static void test_graph_errors_name_files(void **state)
{
	char *d;

	(void)state;
	d = test_tmpdir();
	write_rev(d, "20260101000000_a", "20251231000000_gone");
	expect_load_error(d, "unknown parent '20251231000000_gone'",
			  "20260101000000_a.sql");
	assert_int_equal(rt_error_last()->line, 1);
	test_rmtree(d);
	free(d);

	d = test_tmpdir();
	write_rev(d, "20260101000000_a", "20260102000000_b");
	write_rev(d, "20260102000000_b", "20260101000000_a");
	expect_load_error(d, "cycle", NULL);
	assert_non_null(strstr(rt_error_last()->detail, "20260101000000_a.sql"));
	assert_non_null(strstr(rt_error_last()->detail, "20260102000000_b.sql"));
	test_rmtree(d);
	free(d);

	d = test_tmpdir();
	write_rev(d, "20260101000000_a", NULL);
	write_rev(d, "20260101000000_b", NULL);
	expect_load_error(d, "duplicate revision id '20260101000000'",
			  "20260101000000_b.sql");
	test_rmtree(d);
	free(d);

	d = test_tmpdir();
	test_write(d, "2026_bad.sql", up_only);
	expect_load_error(d, "not a migration name", "2026_bad.sql");
	test_rmtree(d);
	free(d);

	expect_load_error("/nonexistent/retort", "could not open", NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_graph_orders_branches_and_merges),
		cmocka_unit_test(test_graph_two_heads_refuse_head),
		cmocka_unit_test(test_graph_errors_name_files),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
