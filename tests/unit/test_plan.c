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

/*
 * A squash beside the 300 files it replaces, then a child of the last:
 * an empty database runs the squash once (its place is kept by a flag,
 * not a counter: a byte counter wrapped at 256 and ran it twice), one
 * part way runs the files, and a downgrade reverts the squash's own row
 * only, leaving what it stands for to it.
 */
static void test_plan_squash_replaces_many(void **state)
{
	char *tdir = test_tmpdir(), name[64], file[72], prev[64] = "";
	char text[256];
	rt_buf sq = RT_BUF_INIT;
	rt_dir *d = NULL;
	rt_arena a = RT_ARENA_INIT;
	unsigned char *applied, *virt;
	rt_plan p;
	size_t i;
	int n = 300;

	(void)state;
	rt_buf_init(&sq);
	for (i = 0; i < (size_t)n; i++) {
		snprintf(name, sizeof(name), "20260101%02d%02d%02d_r%zu",
			 (int)(i / 3600), (int)(i / 60 % 60), (int)(i % 60), i);
		snprintf(text, sizeof(text),
			 "%s%s%s-- retort:up\nSELECT 1;\n-- retort:down\n",
			 *prev ? "-- retort:parent " : "", prev,
			 *prev ? "\n" : "");
		snprintf(file, sizeof(file), "%s.sql", name);
		test_write(tdir, file, text);
		rt_buf_printf(&sq, "-- retort:replaces %s\n", name);
		memcpy(prev, name, sizeof(prev));
	}
	rt_buf_puts(&sq, "-- retort:up\nSELECT 1;\n-- retort:down\n");
	test_write(tdir, "20270101000000_squash.sql", sq.ptr);
	snprintf(text, sizeof(text),
		 "-- retort:parent %s\n-- retort:up\nSELECT 1;\n", prev);
	test_write(tdir, "20270102000000_child.sql", text);
	assert_int_equal(rt_dir_load(&d, tdir), 0);
	assert_int_equal(d->count, (size_t)n + 2);
	assert_int_equal(d->nheads, 1);
	rt_arena_init(&a);
	applied = rt_arena_alloc(&a, d->count);
	virt = rt_arena_alloc(&a, d->count);

	/* empty: the squash once, then the child */
	assert_int_equal(rt_plan_make(&p, &a, d, applied, NULL, RT_UP, "head"),
			 0);
	assert_int_equal(p.n, 2);
	assert_string_equal(p.steps[0]->slug, "squash");
	assert_string_equal(p.steps[1]->slug, "child");

	/* part way: the files */
	for (i = 0; i < d->count; i++)
		applied[i] = !strcmp(d->migrations[i]->slug, "r0") ||
			     !strcmp(d->migrations[i]->slug, "r1");
	assert_int_equal(rt_plan_make(&p, &a, d, applied, NULL, RT_UP, "head"),
			 0);
	assert_int_equal(p.n, (size_t)n - 2 + 1);
	for (i = 0; i < p.n; i++)
		assert_string_not_equal(p.steps[i]->slug, "squash");

	/* built by the squash: its row stands for the files */
	for (i = 0; i < d->count; i++) {
		applied[i] = 1;
		virt[i] = d->migrations[i]->replaced_by != NULL;
	}
	assert_int_equal(rt_plan_make(&p, &a, d, applied, virt, RT_DOWN,
				      "base"),
			 0);
	expect(&p, "child squash");
	/* not into the history it replaced */
	assert_int_equal(rt_plan_make(&p, &a, d, applied, virt, RT_DOWN,
				      "20260101000001_r1"),
			 RT_ERROR);
	assert_error_contains("built by squash");

	rt_arena_release(&a);
	rt_buf_release(&sq);
	rt_dir_free(d);
	test_rmtree(tdir);
	free(tdir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plan_upgrade_targets),
		cmocka_unit_test(test_plan_downgrade_targets),
		cmocka_unit_test(test_plan_rejects_wrong_direction),
		cmocka_unit_test(test_plan_squash_replaces_many),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
