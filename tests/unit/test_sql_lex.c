/*
 * test_sql_lex.c: the one SQL lexer: token kinds and bounds under
 * SQLite's and PostgreSQL's rules, open quotes and comments, the unquote
 * helper, and the coarse scanner the splitters use.
 */
#include "test.h"
#include "util/sql_lex.h"

/* The tokens of `sql` as "kind:text" separated by blanks; an open one
 * is marked with '!'. */
static char *lex_all(const char *sql, unsigned flags)
{
	static const char *const names[] = {
		[RT_SQL_WORD] = "w",   [RT_SQL_QUOTED] = "q",
		[RT_SQL_STRING] = "s", [RT_SQL_BLOB] = "b",
		[RT_SQL_NUMBER] = "n", [RT_SQL_PARAM] = "v",
		[RT_SQL_PUNCT] = "p",  [RT_SQL_COMMENT] = "c",
	};
	rt_buf b = RT_BUF_INIT;
	rt_sql_lexer lx;
	rt_sql_lexeme t;

	rt_buf_init(&b);
	rt_sql_lexer_init(&lx, sql, 0, strlen(sql), flags);
	while (rt_sql_lex(&lx, &t)) {
		if (b.len)
			rt_buf_putc(&b, ' ');
		rt_buf_printf(&b, "%s%s:%.*s", names[t.kind], t.open ? "!" : "",
			      (int)t.len, sql + t.start);
	}
	assert_int_equal(t.kind, RT_SQL_END);
	assert_int_equal(t.start, strlen(sql));
	return rt_buf_detach(&b);
}

static void lexes(const char *sql, unsigned flags, const char *want)
{
	char *got = lex_all(sql, flags);

	assert_string_equal(got, want);
	free(got);
}

static void test_sql_lex_sqlite_tokens(void **state)
{
	(void)state;
	lexes("CREATE TABLE \"a\"\"b\" ([c d] INT, `e` x'0A') -- x\n;",
	      RT_SQL_SQLITE,
	      "w:CREATE w:TABLE q:\"a\"\"b\" p:( q:[c d] w:INT p:, q:`e` "
	      "b:x'0A' p:) p:;");
	/* numbers as SQLite reads them; an exponent's sign only before a
	 * digit */
	lexes("1 1.5e-3 .5 0x1F 1_000 1e-x", RT_SQL_SQLITE,
	      "n:1 n:1.5e-3 n:.5 n:0x1F n:1_000 n:1e p:- w:x");
	/* parameters, operators of two and three characters */
	lexes("?1 :a @b $c a||b c->>'$.x' d<>e f/*x*/g", RT_SQL_SQLITE,
	      "v:?1 v::a v:@b v:$c w:a p:|| w:b w:c p:->> s:'$.x' w:d p:<> "
	      "w:e w:f w:g");
	/* names with '$' and UTF-8 */
	lexes("a$b caf\xc3\xa9 _x", RT_SQL_SQLITE,
	      "w:a$b w:caf\xc3\xa9 w:_x");
	/* SQLite's comments do not nest */
	lexes("a /* /* */ b */", RT_SQL_SQLITE, "w:a w:b p:* p:/");
}

static void test_sql_lex_postgres_tokens(void **state)
{
	(void)state;
	/* nested comments, escape strings, dollar quotes, $1 */
	lexes("a /* /* */ b */ E'\\'' $f$ x $ y $f$ $1 [x] `y`",
	      RT_SQL_POSTGRES,
	      "w:a s:E'\\'' s:$f$ x $ y $f$ v:$1 p:[ w:x p:] p:` w:y p:`");
	/* a number runs on over name characters: no dollar quote opens */
	lexes("1$f$ 2", RT_SQL_POSTGRES, "n:1$f$ n:2");
}

static void test_sql_lex_open(void **state)
{
	rt_sql_lexer lx;
	rt_sql_lexeme t;
	const char *sql = "SELECT 1;\nSELECT x'0a;";

	(void)state;
	lexes("a 'b", RT_SQL_SQLITE, "w:a s!:'b");
	lexes("a [b", RT_SQL_SQLITE, "w:a q!:[b");
	lexes("a /* b", RT_SQL_SQLITE, "w:a c!:/* b");
	/* an open blob is reported at its quote */
	rt_sql_lexer_init(&lx, sql, 0, strlen(sql), RT_SQL_SQLITE);
	while (rt_sql_lex(&lx, &t) && !t.open)
		;
	assert_int_equal(t.kind, RT_SQL_BLOB);
	assert_int_equal(rt_sql_lexeme_error(&lx, &t, 1), RT_ERROR);
	assert_error_contains("unterminated quoted string");
	assert_int_equal(rt_error_last()->line, 2);
	assert_int_equal(rt_error_last()->column, 9);
	/* a lexer over part of a text stops at its end */
	rt_sql_lexer_init(&lx, sql, 7, 8, RT_SQL_SQLITE);
	assert_int_equal(rt_sql_lex(&lx, &t), 1);
	assert_int_equal(t.kind, RT_SQL_NUMBER);
	assert_int_equal(t.start, 7);
	assert_int_equal(rt_sql_lex(&lx, &t), 0);
}

static void unquotes(const char *tok, const char *want)
{
	rt_buf b = RT_BUF_INIT;

	rt_buf_init(&b);
	rt_sql_unquote(&b, tok, strlen(tok));
	assert_string_equal(rt_buf_cstr(&b), want);
	rt_buf_release(&b);
}

static void test_sql_lex_unquote(void **state)
{
	rt_sql_lexeme t = {RT_SQL_WORD, 2, 6, 0};

	(void)state;
	unquotes("\"a\"\"b\"", "a\"b");
	unquotes("`a``b`", "a`b");
	unquotes("[a]]", "a]");
	unquotes("'it''s'", "it's");
	unquotes("plain", "plain");
	unquotes("\"open", "open");
	assert_true(rt_sql_lexeme_is("x CREATE", &t, "create"));
	assert_false(rt_sql_lexeme_is("x CREATE", &t, "creat"));
}

/* The coarse scanner: blanks and comments are tokens, ';' is its own. */
static void test_sql_lex_coarse(void **state)
{
	const char *sql = "a /*c*/;'x";
	size_t e;

	(void)state;
	assert_int_equal(rt_sql_token(sql, 10, 0, RT_SQL_SQLITE, &e),
			 RT_SQL_TOK_WORD);
	assert_int_equal(rt_sql_token(sql, 10, 1, RT_SQL_SQLITE, &e),
			 RT_SQL_TOK_SPACE);
	assert_int_equal(rt_sql_token(sql, 10, 2, RT_SQL_SQLITE, &e),
			 RT_SQL_TOK_SPACE);
	assert_int_equal(e, 7);
	assert_int_equal(rt_sql_token(sql, 10, 7, RT_SQL_SQLITE, &e),
			 RT_SQL_TOK_SEMI);
	assert_int_equal(rt_sql_token(sql, 10, 8, RT_SQL_SQLITE, &e),
			 RT_SQL_TOK_UNTERMINATED);
	assert_int_equal(e, 10);
	assert_int_equal(rt_sql_check_terminated(sql, 10, RT_SQL_SQLITE, 1),
			 RT_ERROR);
	assert_int_equal(rt_sql_check_terminated("x'00'", 5, RT_SQL_SQLITE, 1),
			 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sql_lex_sqlite_tokens),
		cmocka_unit_test(test_sql_lex_postgres_tokens),
		cmocka_unit_test(test_sql_lex_open),
		cmocka_unit_test(test_sql_lex_unquote),
		cmocka_unit_test(test_sql_lex_coarse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
