/*
 * test_url.c: URL parsing and redaction.
 */
#include "test.h"
#include "backend/backend.h"
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

/* Every place a secret can sit, parsed or not: the redacted text never
 * holds the secret, and keeps what is not secret. */
static void test_url_redacts_every_secret(void **state)
{
	static const char *const cases[][2] = {
		/* unencoded '/', '?', '@', '#' in the password */
		{"postgres://bob:Zq9/x@h:5/db", "postgres://bob:***@h:5/db"},
		{"postgres://bob:Zq9?x@h/db", "postgres://bob:***@h/db"},
		{"postgres://bob:Zq9@x@h/db", "postgres://bob:***@h/db"},
		{"postgres://bob:Zq9#x@h/db", "postgres://bob:***@h/db"},
		{"postgres://bob:a/b?c#d@e@h/db?sslmode=require",
		 "postgres://bob:***@h/db?sslmode=require"},
		{"postgresql://:Zq9@h/db", "postgresql://:***@h/db"},
		/* no '@': a port that is not a number may be a password */
		{"postgres://bob:Zq9/db", "postgres://bob:***/db"},
		{"postgres://h:5432/db", "postgres://h:5432/db"},
		{"postgres://[::1]:5432/db", "postgres://[::1]:5432/db"},
		/* query parameters, any case, anywhere in the query */
		{"postgres://h/db?password=Zq9", "postgres://h/db?password=***"},
		{"postgres://h/db?sslmode=require&PASSWORD=Zq9&x=1",
		 "postgres://h/db?sslmode=require&PASSWORD=***&x=1"},
		{"postgres://h/db?sslpassword=Zq9", "postgres://h/db?sslpassword=***"},
		{"postgres://h/db?pwd=Zq9&pass=Zq9",
		 "postgres://h/db?pwd=***&pass=***"},
		{"postgres://u:Zq9@h/db?password=Zq9",
		 "postgres://u:***@h/db?password=***"},
		{"mysql://root:Zq9@h/x", "mysql://root:***@h/x"},
		{"weird://u:Zq9@h", "weird://u:***@h"},
		/* libpq key=value strings */
		{"host=h password=Zq9 dbname=x", "host=h password=*** dbname=x"},
		{"host=h password = 'Z q\\'9' port=5", "host=h password=*** port=5"},
		{"sslpassword=Zq9", "sslpassword=***"},
		{"sqlite:x.db", "sqlite:x.db"},
		{"", ""},
	};
	rt_buf b = RT_BUF_INIT;
	size_t i;

	(void)state;
	rt_buf_init(&b);
	for (i = 0; i < RT_ARRAY_SIZE(cases); i++) {
		rt_buf_clear(&b);
		rt_url_redact(&b, cases[i][0]);
		assert_string_equal(rt_buf_cstr(&b), cases[i][1]);
		assert_null(strstr(rt_buf_cstr(&b), "Zq9"));
	}
	rt_buf_release(&b);
}

/* A URL that fails to parse is shown redacted in the error. */
static void test_url_malformed_message_hides_password(void **state)
{
	static const char *const bad[] = {
		"postgres://u:Zq9/x@h/db",  "postgres://u:Zq9?x@h:1a/db",
		"postgres://u:Zq9#x@h:x/db", "postgres://u:Zq9@h/db?novalue",
		"postgres://u@h/db?password=Zq9&novalue",
		"postgres://u:Zq9",	    "postgres:/u:Zq9@[h/db",
	};
	rt_arena a = RT_ARENA_INIT;
	rt_url u;
	size_t i;

	(void)state;
	rt_arena_init(&a);
	for (i = 0; i < RT_ARRAY_SIZE(bad); i++) {
		if (rt_url_parse(&u, &a, bad[i]) == 0)
			continue; /* parsed: nothing printed */
		assert_error_contains("malformed database URL");
		if (strstr(rt_error_last()->message, "Zq9"))
			fail_msg("'%s' leaks in '%s'", bad[i],
				 rt_error_last()->message);
	}
	rt_arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_url_parses_sqlite_forms),
		cmocka_unit_test(test_url_parses_server_forms),
		cmocka_unit_test(test_url_rejects_malformed_without_password),
		cmocka_unit_test(test_url_redacts_password),
		cmocka_unit_test(test_url_redacts_every_secret),
		cmocka_unit_test(test_url_malformed_message_hides_password),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
