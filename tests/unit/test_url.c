/*
 * test_url.c: URL parsing and redaction.
 */
#include "test.h"
#include "util/url.h"

static void test_url_parses_sqlite_forms(void **state)
{
	rt_arena a = RT_ARENA_INIT;
	rt_url u;

	(void)state;
	rt_arena_init(&a);
	assert_int_equal(rt_url_parse(&u, &a, "sqlite:app.db"), 0);
	assert_string_equal(u.scheme, "sqlite");
	assert_string_equal(u.path, "app.db");
	assert_int_equal(rt_url_parse(&u, &a, "sqlite::memory:"), 0);
	assert_string_equal(u.path, ":memory:");
	assert_int_equal(rt_url_parse(&u, &a, "sqlite:///tmp/x%20y.db"), 0);
	assert_string_equal(u.path, "/tmp/x y.db");
	assert_int_equal(rt_url_parse(&u, &a, "sqlite:/abs/p.db"), 0);
	assert_string_equal(u.path, "/abs/p.db");
	rt_arena_release(&a);
}

static void test_url_parses_server_forms(void **state)
{
	rt_arena a = RT_ARENA_INIT;
	rt_url u;

	(void)state;
	rt_arena_init(&a);
	assert_int_equal(rt_url_parse(&u, &a,
				      "postgresql://bob:s%40cret@db.example:5433/"
				      "app?sslmode=require&application_name=x"),
			 0);
	assert_string_equal(u.scheme, "postgres");
	assert_string_equal(u.user, "bob");
	assert_string_equal(u.password, "s@cret");
	assert_string_equal(u.host, "db.example");
	assert_string_equal(u.port, "5433");
	assert_string_equal(u.dbname, "app");
	assert_int_equal(u.nparams, 2);
	assert_string_equal(rt_url_param_get(&u, "sslmode"), "require");
	assert_int_equal(rt_url_parse(&u, &a, "postgres://[::1]:5432/db"), 0);
	assert_string_equal(u.host, "::1");
	assert_int_equal(rt_url_parse(&u, &a, "mysql://root@localhost/x"), 0);
	assert_string_equal(u.scheme, "mysql");
	assert_null(u.password);
	rt_arena_release(&a);
}

static void test_url_rejects_malformed_without_password(void **state)
{
	rt_arena a = RT_ARENA_INIT;
	rt_url u;
	static const char *const bad[] = {
		"", "nourl", "ftp://x", "sqlite:", "postgres:/x",
		"postgres://u:pw@h:12x/db", "postgres://u:pw@h/db?novalue",
		"sqlite:a.db?mode=ro", "postgres://u:pw@h/%zz",
	};
	size_t i;

	(void)state;
	rt_arena_init(&a);
	for (i = 0; i < RT_ARRAY_SIZE(bad); i++) {
		assert_int_equal(rt_url_parse(&u, &a, bad[i]), RT_ERROR);
		assert_error_contains("malformed database URL");
		assert_null(strstr(rt_error_last()->message, "pw@"));
	}
	rt_arena_release(&a);
}

static void test_url_redacts_password(void **state)
{
	rt_buf b = RT_BUF_INIT;

	(void)state;
	rt_buf_init(&b);
	rt_url_redact(&b, "postgres://bob:hunter2@h:5/db?x=y");
	assert_string_equal(b.ptr, "postgres://bob:***@h:5/db?x=y");
	rt_buf_clear(&b);
	rt_url_redact(&b, "postgres://bob@h/db");
	assert_string_equal(b.ptr, "postgres://bob@h/db");
	rt_buf_clear(&b);
	rt_url_redact(&b, "postgres:/bob:pw@h/db");
	assert_string_equal(b.ptr, "postgres:/bob:***@h/db");
	rt_buf_clear(&b);
	rt_url_redact(&b, "mysql:bob:pw@h");
	assert_string_equal(b.ptr, "mysql:bob:***@h");
	rt_buf_clear(&b);
	rt_url_redact(&b, "sqlite:x.db");
	assert_string_equal(b.ptr, "sqlite:x.db");
	rt_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_url_parses_sqlite_forms),
		cmocka_unit_test(test_url_parses_server_forms),
		cmocka_unit_test(test_url_rejects_malformed_without_password),
		cmocka_unit_test(test_url_redacts_password),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
