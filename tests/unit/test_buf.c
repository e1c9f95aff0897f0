/*
 * test_buf.c: rt_buf, rt_arena, errors and the checksum.
 */
#include "test.h"
#include "util/sha256.h"
#include "util/similar.h"

static void test_buf_appends_and_detaches(void **state)
{
	rt_buf b = RT_BUF_INIT;
	char *s;
	int i;

	(void)state;
	rt_buf_init(&b);
	assert_string_equal(rt_buf_cstr(&b), "");
	for (i = 0; i < 1000; i++)
		rt_buf_printf(&b, "%d,", i);
	assert_int_equal(rt_buf_check(&b), 0);
	assert_true(strncmp(b.ptr, "0,1,2,", 6) == 0);
	assert_int_equal(b.len, strlen(b.ptr));
	rt_buf_truncate(&b, 2);
	assert_string_equal(b.ptr, "0,");
	s = rt_buf_detach(&b);
	assert_string_equal(s, "0,");
	assert_string_equal(rt_buf_cstr(&b), "");
	free(s);
	rt_buf_release(&b);
}

static void test_buf_quotes_sql_and_json(void **state)
{
	rt_buf b = RT_BUF_INIT;

	(void)state;
	rt_buf_init(&b);
	rt_buf_put_sql_literal(&b, "it's");
	rt_buf_putc(&b, ' ');
	rt_buf_put_json(&b, "a\"b\\c\n\x01");
	assert_string_equal(b.ptr, "'it''s' \"a\\\"b\\\\c\\n\\u0001\"");
	rt_buf_release(&b);
}

/* Text pasted into a comment line, a shell word: nothing in it can end
 * the comment or the word. */
static void test_buf_quotes_comment_and_shell(void **state)
{
	rt_buf b = RT_BUF_INIT;

	(void)state;
	rt_buf_init(&b);
	rt_buf_put_sql_comment(&b, "dir\n; DROP TABLE x; --\r\t\\\x1b\x7f/a.sql");
	assert_string_equal(b.ptr,
			    "dir\\n; DROP TABLE x; --\\r\\t\\\\\\x1b\\x7f/a.sql");
	rt_buf_clear(&b);
	rt_buf_puts(&b, "SELECT 1;\n");
	rt_buf_puts(&b, "-- drops \"a\nDROP TABLE x;\"");
	rt_buf_comment_since(&b, strlen("SELECT 1;\n"));
	assert_string_equal(b.ptr, "SELECT 1;\n-- drops \"a\\nDROP TABLE x;\"");
	rt_buf_comment_since(&b, b.len); /* nothing since: unchanged */
	assert_string_equal(b.ptr, "SELECT 1;\n-- drops \"a\\nDROP TABLE x;\"");
	rt_buf_clear(&b);
	rt_buf_put_shell(&b, "x'$(touch pwned)`id`\"y");
	assert_string_equal(b.ptr, "'x'\\''$(touch pwned)`id`\"y'");
	rt_buf_clear(&b);
	rt_buf_put_shell(&b, "");
	assert_string_equal(b.ptr, "''");
	rt_buf_release(&b);
}

static void test_arena_allocates_zeroed_and_large(void **state)
{
	rt_arena a = RT_ARENA_INIT;
	rt_vec v = {0};
	char *big;
	int i, *x;

	(void)state;
	rt_arena_init(&a);
	x = rt_arena_alloc(&a, sizeof(int) * 4);
	assert_non_null(x);
	assert_int_equal(x[0] | x[1] | x[2] | x[3], 0);
	big = rt_arena_alloc(&a, 1 << 20);
	assert_non_null(big);
	assert_int_equal(big[(1 << 20) - 1], 0);
	for (i = 0; i < 100; i++)
		assert_int_equal(rt_vec_push(&a, &v, &x[i % 4]), 0);
	assert_int_equal(v.len, 100);
	assert_ptr_equal(v.items[5], &x[1]);
	assert_string_equal(rt_arena_printf(&a, "%s-%d", "x", 7), "x-7");
	rt_arena_release(&a);
}

/* Text packs byte by byte; objects after it are still 16-aligned, and a
 * formatted string longer than the stack buffer comes out whole. */
static void test_arena_packs_text_and_aligns_objects(void **state)
{
	rt_arena a = RT_ARENA_INIT;
	char long_word[600];
	char *s1, *s2, *p;
	void *o;
	int i;

	(void)state;
	rt_arena_init(&a);
	s1 = rt_arena_strdup(&a, "abc");
	s2 = rt_arena_strdup(&a, "de");
	assert_ptr_equal(s2, s1 + 4);
	assert_string_equal(s1, "abc");
	o = rt_arena_alloc(&a, 24);
	assert_int_equal((uintptr_t)o % 16, 0);
	/* across many blocks, the last bytes of one never spill */
	for (i = 0; i < 20000; i++) {
		p = rt_arena_printf(&a, "%d", i);
		assert_non_null(p);
		o = rt_arena_alloc(&a, 40);
		assert_int_equal((uintptr_t)o % 16, 0);
		assert_int_equal(atoi(p), i);
	}
	memset(long_word, 'x', sizeof(long_word) - 1);
	long_word[sizeof(long_word) - 1] = '\0';
	p = rt_arena_printf(&a, "<%s>", long_word);
	assert_non_null(p);
	assert_int_equal(strlen(p), sizeof(long_word) + 1);
	assert_true(p[0] == '<' && p[sizeof(long_word)] == '>');
	rt_arena_release(&a);
}

static void test_error_keeps_detail_hint_and_location(void **state)
{
	const rt_error *e;
	rt_error_saved *saved;

	(void)state;
	assert_int_equal(rt_error_set(RT_ERROR_PARSE, "bad %s", "thing"),
			 RT_ERROR);
	rt_error_detail("d %d", 1);
	rt_error_hint("h");
	rt_error_at("f.sql", 3, 4);
	rt_error_prefix("migration '%s'", "x");
	saved = rt_error_save();
	rt_error_set(RT_ERROR_OS, "other");
	rt_error_restore(saved);
	e = rt_error_last();
	assert_string_equal(e->message, "migration 'x': bad thing");
	assert_string_equal(e->detail, "d 1");
	assert_string_equal(e->hint, "h");
	assert_string_equal(e->file, "f.sql");
	assert_int_equal(e->line, 3);
	rt_error_clear();
	assert_string_equal(rt_error_last()->message, "");
}

static void test_checksum_ignores_line_endings_and_trailing_blanks(void **state)
{
	char a[RT_SHA256_HEX], b[RT_SHA256_HEX], c[RT_SHA256_HEX];
	const char *unix_text = "-- retort:up\nCREATE TABLE t (a int);\n";
	const char *dos_text = "-- retort:up  \r\nCREATE TABLE t (a int);\t\r\n\r\n\n";
	const char *edited = "-- retort:up\nCREATE TABLE t (b int);\n";

	(void)state;
	assert_int_equal(rt_checksum_text(a, unix_text, strlen(unix_text)), 0);
	assert_int_equal(rt_checksum_text(b, dos_text, strlen(dos_text)), 0);
	assert_int_equal(rt_checksum_text(c, edited, strlen(edited)), 0);
	assert_string_equal(a, b);
	assert_string_not_equal(a, c);
	assert_int_equal(strlen(a), 64);
	/* a known digest: sha256("abc") */
	assert_int_equal(rt_sha256_hex(a, "abc", 3), 0);
	assert_string_equal(a, "ba7816bf8f01cfea414140de5dae2223"
			       "b00361a396177a9cb410ff61f20015ad");
}

static void test_similar_finds_near_words_only(void **state)
{
	static const char *const cmds[] = {"upgrade", "downgrade", "status",
					   "stamp"};

	(void)state;
	assert_int_equal(rt_similar_distance("", 0, "", 0), 0);
	assert_int_equal(rt_similar_distance("down", 4, "DOWN", 4), 0);
	assert_int_equal(rt_similar_distance("dwon", 4, "down", 4), 1);
	assert_int_equal(rt_similar_distance("retrot", 6, "retort", 6), 1);
	assert_int_equal(rt_similar_distance("kitten", 6, "sitting", 7), 3);
	assert_int_equal(rt_similar_distance("lint_ignore", 11, "Lint-Ignore",
					     11),
			 0);
	assert_string_equal(rt_similar_closest("upgarde", cmds, 4, 2),
			    "upgrade");
	assert_string_equal(rt_similar_closest("stauts", cmds, 4, 2),
			    "status");
	assert_null(rt_similar_closest("zzzzzzzz", cmds, 4, 2));
	assert_true(rt_similar_distance(
			    "0123456789012345678901234567890123456789"
			    "0123456789012345678901234",
			    65, "a", 1) > 100);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf_appends_and_detaches),
		cmocka_unit_test(test_buf_quotes_sql_and_json),
		cmocka_unit_test(test_buf_quotes_comment_and_shell),
		cmocka_unit_test(test_arena_allocates_zeroed_and_large),
		cmocka_unit_test(test_arena_packs_text_and_aligns_objects),
		cmocka_unit_test(test_error_keeps_detail_hint_and_location),
		cmocka_unit_test(
			test_checksum_ignores_line_endings_and_trailing_blanks),
		cmocka_unit_test(test_similar_finds_near_words_only),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
