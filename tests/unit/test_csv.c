/*
 * test_csv.c: the CSV reader.
 */
#include "test.h"
#include "util/csv.h"

struct rows {
	rt_buf out;
	int lines[16];
	int n;
};

static int collect(void *payload, int line, int nfields,
		   const char *const *fields)
{
	struct rows *r = payload;
	int i;

	if (r->n < 16)
		r->lines[r->n] = line;
	r->n++;
	for (i = 0; i < nfields; i++)
		rt_buf_printf(&r->out, "%s%s", i ? "|" : "",
			      fields[i] ? fields[i] : "<null>");
	rt_buf_putc(&r->out, '\n');
	return 0;
}

static void read_ok(const char *text, const char *want)
{
	struct rows r;

	memset(&r, 0, sizeof(r));
	rt_buf_init(&r.out);
	assert_int_equal(rt_csv_read("x.csv", text, strlen(text), collect, &r),
			 0);
	assert_string_equal(rt_buf_cstr(&r.out), want);
	rt_buf_release(&r.out);
}

static void test_csv_quotes_nulls_and_line_endings(void **state)
{
	(void)state;
	read_ok("a,b\n1,2\n", "a|b\n1|2\n");
	read_ok("a,b\r\n1,\r\n", "a|b\n1|<null>\n");
	read_ok("a,b\n\"\",\"x,\"\"y\"\"\"\n", "a|b\n|x,\"y\"\n");
	read_ok("a\n\"multi\nline\"\n", "a\nmulti\nline\n");
	read_ok("\xef\xbb\xbf" "name\nTom\n", "name\nTom\n");
	read_ok("a,b\n1,2", "a|b\n1|2\n");
	read_ok("a\n\n1\n", "a\n1\n");
}

static void test_csv_records_start_lines(void **state)
{
	const char *text = "a\n\"x\ny\"\nz\n";
	struct rows r;

	(void)state;
	memset(&r, 0, sizeof(r));
	rt_buf_init(&r.out);
	assert_int_equal(rt_csv_read("x.csv", text, strlen(text), collect, &r),
			 0);
	assert_int_equal(r.n, 3);
	assert_int_equal(r.lines[1], 2);
	assert_int_equal(r.lines[2], 4);
	rt_buf_release(&r.out);
}

static void test_csv_rejects_malformed(void **state)
{
	struct rows r;
	static const char *const bad[] = {"a\n\"open\n", "a\n\"x\"y\n",
					  "a\nx\"y\n"};
	size_t i;

	(void)state;
	for (i = 0; i < RT_ARRAY_SIZE(bad); i++) {
		memset(&r, 0, sizeof(r));
		rt_buf_init(&r.out);
		assert_int_equal(rt_csv_read("x.csv", bad[i], strlen(bad[i]),
					     collect, &r),
				 RT_ERROR);
		assert_error_contains("malformed CSV");
		assert_string_equal(rt_error_last()->file, "x.csv");
		assert_int_equal(rt_error_last()->line, 2);
		rt_buf_release(&r.out);
	}
}

/* A NUL byte cannot live in a C string field: it used to cut the value
 * short without a word. */
static void test_csv_rejects_nul_bytes(void **state)
{
	static const char plain[] = "a,b\nx\0y,z\n";
	static const char quoted[] = "a,b\n1,2\n\"x\0y\",z\n";
	struct rows r;

	(void)state;
	memset(&r, 0, sizeof(r));
	rt_buf_init(&r.out);
	assert_int_equal(rt_csv_read("x.csv", plain, sizeof(plain) - 1,
				     collect, &r),
			 RT_ERROR);
	assert_error_contains("NUL byte");
	assert_int_equal(rt_error_last()->line, 2);
	assert_int_equal(rt_csv_read("x.csv", quoted, sizeof(quoted) - 1,
				     collect, &r),
			 RT_ERROR);
	assert_error_contains("NUL byte");
	assert_int_equal(rt_error_last()->line, 3);
	rt_buf_release(&r.out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_quotes_nulls_and_line_endings),
		cmocka_unit_test(test_csv_records_start_lines),
		cmocka_unit_test(test_csv_rejects_malformed),
		cmocka_unit_test(test_csv_rejects_nul_bytes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
