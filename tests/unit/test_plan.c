/*
 * test_plan.c: upgrade and downgrade plans over a branched graph.
 */
#include "test.h"
#include "engine/engine.h"

static char *tmp_dir;
static rt_dir *dir;

/* a -> b -> c, a -> x; m merges c and x */
static int setup(void **state)
{
	static const char *const files[][2] = {
		{"20260101000000_a.sql", ""},
		{"20260102000000_b.sql", "20260101000000_a"},
		{"20260103000000_c.sql", "20260102000000_b"},
		{"20260104000000_x.sql", "20260101000000_a"},
		{"20260105000000_m.sql", "20260103000000_c 20260104000000_x"},
	};
	size_t i;
	char text[256];

	(void)state;
	tmp_dir = test_tmpdir();
	for (i = 0; i < RT_ARRAY_SIZE(files); i++) {
		snprintf(text, sizeof(text),
			 "%s%s%s-- retort:up\nSELECT 1;\n-- retort:down\n",
			 files[i][1][0] ? "-- retort:parent " : "", files[i][1],
			 files[i][1][0] ? "\n" : "");
		test_write(tmp_dir, files[i][0], text);
	}
	return rt_dir_load(&dir, tmp_dir);
}

static int teardown(void **state)
{
	(void)state;
	rt_dir_free(dir);
	test_rmtree(tmp_dir);
	free(tmp_dir);
	return 0;
}

/* The plan's names as "a b c" (slugs). */
static void expect(const rt_plan *p, const char *want)
{
	char got[256] = "";
	size_t i, n = 0;

	for (i = 0; i < p->n; i++)
		n += (size_t)snprintf(got + n, sizeof(got) - n, "%s%s",
				      i ? " " : "", p->steps[i]->slug);
	assert_string_equal(got, want);
}

static void plan(const char *applied, rt_direction d, const char *target,
		 const char *want)
{
	rt_arena a = RT_ARENA_INIT;
	unsigned char mark[8] = {0};
	rt_plan p;
	size_t i;

	rt_arena_init(&a);
	for (i = 0; i < dir->count; i++)
		mark[i] = strstr(applied, dir->migrations[i]->slug) != NULL;
	assert_int_equal(rt_plan_make(&p, &a, dir, mark, NULL, d, target), 0);
	expect(&p, want);
	rt_arena_release(&a);
}

static void test_plan_upgrade_targets(void **state)
{
	(void)state;
	/* topological order, ties by name: a b c x m */
	plan("", RT_UP, "head", "a b c x m");
	plan("", RT_UP, "20260103", "a b c");
	plan("a b", RT_UP, "head", "c x m");
	plan("a", RT_UP, "+2", "b c");
	plan("a b c x m", RT_UP, "head", "");
	plan("a b c", RT_UP, "20260104000000_x", "x");
	plan("", RT_UP, "base", "");
}

static void test_plan_downgrade_targets(void **state)
{
	(void)state;
	plan("a b c x m", RT_DOWN, "-1", "m");
	plan("a b c x m", RT_DOWN, "-3", "m x c");
	plan("a b c x m", RT_DOWN, "base", "m x c b a");
	plan("a b c x m", RT_DOWN, "20260102", "m x c");
	plan("a b c x", RT_DOWN, "20260104000000_x", "c b");
}

static void test_plan_rejects_wrong_direction(void **state)
{
	rt_arena a = RT_ARENA_INIT;
	unsigned char mark[8] = {1, 1, 0, 0, 0};
	rt_plan p;

	(void)state;
	rt_arena_init(&a);
	assert_int_equal(rt_plan_make(&p, &a, dir, mark, NULL, RT_UP, "-1"),
			 RT_EUSAGE);
	assert_int_equal(rt_plan_make(&p, &a, dir, mark, NULL, RT_DOWN, "+1"),
			 RT_EUSAGE);
	assert_int_equal(rt_plan_make(&p, &a, dir, mark, NULL, RT_DOWN, "20260103"),
			 RT_ERROR);
	assert_error_contains("not applied");
	rt_arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plan_upgrade_targets),
		cmocka_unit_test(test_plan_downgrade_targets),
		cmocka_unit_test(test_plan_rejects_wrong_direction),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
