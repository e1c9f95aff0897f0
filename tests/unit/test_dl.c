/*
 * test_dl.c: loading a library on first use (util/dl.c) against real
 * libraries: every symbol filled, a missing symbol or library told with
 * the caller's words and hint, and a failure kept (not tried again).
 */
#include "test.h"
#include "util/dl.h"

#include <string.h>

static double (*my_cos)(double);
static double (*my_nosuch)(double);

static void test_dl_fills_every_symbol(void **state)
{
	static const char *const names[] = {"libm.so.6", NULL};
	static const rt_dl_sym syms[] = {{"cos", (void **)&my_cos}};
	static rt_dl_lib lib = RT_DL_LIB(names, "libm", syms);

	(void)state;
	assert_int_equal(rt_dl_ready(&lib, "maths needs libm", "install"), 0);
	assert_non_null(my_cos);
	assert_true(my_cos(0.0) == 1.0);
	/* the second call finds it loaded */
	assert_int_equal(rt_dl_ready(&lib, "maths needs libm", "install"), 0);
}

static void test_dl_tells_a_missing_symbol(void **state)
{
	static const char *const names[] = {"libm.so.6", NULL};
	static const rt_dl_sym syms[] = {{"cos", (void **)&my_cos},
					 {"rt_no_such_function",
					  (void **)&my_nosuch}};
	static rt_dl_lib lib = RT_DL_LIB(names, "libm", syms);

	(void)state;
	assert_int_equal(rt_dl_ready(&lib, "maths needs libm", "get libm"),
			 RT_ERROR);
	assert_string_equal(rt_error_last()->message,
			    "maths needs libm: libm has no rt_no_such_function");
	assert_string_equal(rt_error_last()->hint, "get libm");
}

static void test_dl_tries_each_name_and_keeps_a_failure(void **state)
{
	static const char *const names[] = {"librt-no-such.so.1",
					    "librt-no-such-either.so", NULL};
	static const rt_dl_sym syms[] = {{"cos", (void **)&my_cos}};
	static rt_dl_lib lib = RT_DL_LIB(names, "librt-no-such", syms);
	char first[512];

	(void)state;
	assert_int_equal(rt_dl_ready(&lib, "X needs it", "install it"),
			 RT_ERROR);
	/* dlerror names the last name tried */
	assert_non_null(strstr(rt_error_last()->message,
			       "librt-no-such-either.so"));
	assert_true(strncmp(rt_error_last()->message, "X needs it: ", 12) ==
		    0);
	snprintf(first, sizeof(first), "%s", rt_error_last()->message);
	rt_error_clear();
	assert_int_equal(rt_dl_ready(&lib, "X needs it", "install it"),
			 RT_ERROR);
	assert_string_equal(rt_error_last()->message, first);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dl_fills_every_symbol),
		cmocka_unit_test(test_dl_tells_a_missing_symbol),
		cmocka_unit_test(test_dl_tries_each_name_and_keeps_a_failure),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
