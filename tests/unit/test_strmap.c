/*
 * test_strmap.c: the map lint looks names up in (util/strmap.c): put,
 * get, overwrite, delete with probes that pass a removed slot, clear,
 * and growth through many keys checked against a plain scan.
 */
#include "test.h"
#include "util/strmap.h"

#include <stdio.h>
#include <string.h>

static void test_strmap_put_get_overwrite(void **state)
{
	rt_arena a = RT_ARENA_INIT;
	rt_strmap m = RT_STRMAP_INIT;
	int one = 1, two = 2;
	char key[8] = "t1";

	(void)state;
	assert_null(rt_strmap_get(&m, "t1"));
	assert_int_equal(rt_strmap_put(&m, &a, key, &one), 0);
	/* the key is copied: the caller's buffer may change */
	memcpy(key, "zz", 3);
	assert_ptr_equal(rt_strmap_get(&m, "t1"), &one);
	assert_null(rt_strmap_get(&m, "zz"));
	assert_int_equal(rt_strmap_put(&m, &a, "t1", &two), 0);
	assert_ptr_equal(rt_strmap_get(&m, "t1"), &two);
	/* the empty key is a key */
	assert_int_equal(rt_strmap_put(&m, &a, "", &one), 0);
	assert_ptr_equal(rt_strmap_get(&m, ""), &one);
	rt_arena_release(&a);
}

static void test_strmap_delete_and_clear(void **state)
{
	rt_arena a = RT_ARENA_INIT;
	rt_strmap m = RT_STRMAP_INIT;
	int v[64];
	char k[32];
	int i;

	(void)state;
	for (i = 0; i < 64; i++) {
		snprintf(k, sizeof(k), "k%d", i);
		assert_int_equal(rt_strmap_put(&m, &a, k, &v[i]), 0);
	}
	/* every other key goes: the rest stay found past the holes */
	for (i = 0; i < 64; i += 2) {
		snprintf(k, sizeof(k), "k%d", i);
		rt_strmap_del(&m, k);
	}
	rt_strmap_del(&m, "not there");
	for (i = 0; i < 64; i++) {
		snprintf(k, sizeof(k), "k%d", i);
		if (i % 2)
			assert_ptr_equal(rt_strmap_get(&m, k), &v[i]);
		else
			assert_null(rt_strmap_get(&m, k));
	}
	/* a removed key comes back */
	assert_int_equal(rt_strmap_put(&m, &a, "k0", &v[1]), 0);
	assert_ptr_equal(rt_strmap_get(&m, "k0"), &v[1]);
	rt_strmap_clear(&m);
	for (i = 0; i < 64; i++) {
		snprintf(k, sizeof(k), "k%d", i);
		assert_null(rt_strmap_get(&m, k));
	}
	assert_int_equal(rt_strmap_put(&m, &a, "k5", &v[5]), 0);
	assert_ptr_equal(rt_strmap_get(&m, "k5"), &v[5]);
	rt_arena_release(&a);
}

/* Many puts and deletes, the map against an array scanned as lint did. */
static void test_strmap_matches_a_scan(void **state)
{
	enum { N = 5000 };
	rt_arena a = RT_ARENA_INIT;
	rt_strmap m = RT_STRMAP_INIT;
	static int live[N], v[N];
	char k[32];
	unsigned x = 12345;
	int i, step;

	(void)state;
	for (step = 0; step < 4 * N; step++) {
		x = x * 1103515245u + 12345u;
		i = (int)((x >> 8) % N);
		snprintf(k, sizeof(k), "table_%d", i);
		if ((x >> 4) % 3) {
			assert_int_equal(rt_strmap_put(&m, &a, k, &v[i]), 0);
			live[i] = 1;
		} else {
			rt_strmap_del(&m, k);
			live[i] = 0;
		}
	}
	for (i = 0; i < N; i++) {
		snprintf(k, sizeof(k), "table_%d", i);
		if (live[i])
			assert_ptr_equal(rt_strmap_get(&m, k), &v[i]);
		else
			assert_null(rt_strmap_get(&m, k));
	}
	rt_arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strmap_put_get_overwrite),
		cmocka_unit_test(test_strmap_delete_and_clear),
		cmocka_unit_test(test_strmap_matches_a_scan),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
