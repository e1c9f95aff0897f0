/*
 * sql_lex.c: the one SQL lexer (scan(): blanks, comments, quotes, words,
 * numbers, parameters, punctuation), the iterator and the coarse scanner
 * over it, and line numbers.
 */
#include "util/common.h"
#include "util/sql_lex.h"

static int blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

/* A character of an unquoted name or keyword (both engines allow '$'
 * after the first character; bytes of UTF-8 sequences are letters). */
static int word_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '$' || c >= 0x80;
}

/* The end of a quote opened at s[i] by `q`, a doubled `q` standing for
 * itself (and, with `backslash`, \x for x); 0 when it never ends. */
static size_t quote_end(const char *s, size_t len, size_t i, char q,
			int backslash)
{
	for (i++; i < len; i++) {
		if (backslash && s[i] == '\\')
			i++;
		else if (s[i] == q && i + 1 < len && s[i + 1] == q)
			i++;
		else if (s[i] == q)
			return i + 1;
	}
	return 0;
}

/* The length of a dollar quote's tag at s[i] ("$" "$tag$"), or 0. */
/* The end of the block comment opened at s[i], nested where the
 * engine nests them; *open is set when it never closes (the end is then
 * len). */
static size_t comment_end(const char *s, size_t len, size_t i,
			  unsigned flags, int *open)
{
	int depth = 1;

	for (i += 2; i < len && depth;) {
		if (s[i] == '*' && i + 1 < len && s[i + 1] == '/') {
			depth--;
			i += 2;
		} else if ((flags & RT_SQL_NESTED_COMMENTS) && s[i] == '/' &&
			   i + 1 < len && s[i + 1] == '*') {
			depth++;
			i += 2;
		} else {
			i++;
		}
	}
	*open = depth != 0;
	return i;
}

static size_t dollar_tag(const char *s, size_t len, size_t i)
{
	size_t j = i + 1;

	if (j < len && s[j] == '$')
		return 2;
	if (j >= len || (s[j] >= '0' && s[j] <= '9') ||
	    !word_char((unsigned char)s[j]) || s[j] == '$')
		return 0;
	while (j < len && word_char((unsigned char)s[j]) && s[j] != '$')
		j++;
	return j < len && s[j] == '$' ? j + 1 - i : 0;
}

static int digit(char c)
{
	return c >= '0' && c <= '9';
}

/* The end of the number at s[i] (SQLite's: 0x hex, digits, '.', '_'
 * separators, an exponent's sign when a digit follows it; name
 * characters run on, as in SQLite, where 1$x is one bad token). */
static size_t number_end(const char *s, size_t len, size_t i)
{
	int hex = s[i] == '0' && i + 1 < len && (s[i + 1] == 'x' || s[i + 1] == 'X');

	if (hex)
		i += 2;
	while (i < len) {
		if (word_char((unsigned char)s[i]) || s[i] == '.')
			i++;
		else if (!hex && (s[i] == '+' || s[i] == '-') &&
			 (s[i - 1] == 'e' || s[i - 1] == 'E') && i + 1 < len &&
			 digit(s[i + 1]))
			i++;
		else
			break;
	}
	return i;
}

/* The end of the punctuation at s[i]: SQLite's operators of more than
 * one character are one token. */
static size_t punct_end(const char *s, size_t len, size_t i)
{
	static const char *const ops[] = {
		"->>", "||", "<<", ">>", "<=", ">=", "==", "!=", "<>", "->",
	};
	size_t k, n;

	for (k = 0; k < RT_ARRAY_SIZE(ops); k++) {
		n = strlen(ops[k]);
		if (i + n <= len && !memcmp(s + i, ops[k], n))
			return i + n;
	}
	return i + 1;
}

/*
 * The one scanner: the token at s[i] (i < len), its end in *end, and in
 * *open whether it is a quote or block comment that never ends (*end is
 * then len).
 */
static rt_sql_kind scan(const char *s, size_t len, size_t i, unsigned flags,
			size_t *end, int *open)
{
	unsigned char c = (unsigned char)s[i];
	rt_sql_kind kind;
	size_t e, tag;

	*open = 0;
	if (blank((char)c)) {
		while (i < len && blank(s[i]))
			i++;
		*end = i;
		return RT_SQL_SPACE;
	}
	if (c == '-' && i + 1 < len && s[i + 1] == '-') {
		const char *nl = memchr(s + i, '\n', len - i);

		*end = nl ? (size_t)(nl - s) + 1 : len;
		return RT_SQL_SPACE;
	}
	if (c == '/' && i + 1 < len && s[i + 1] == '*') {
		*end = comment_end(s, len, i, flags, open);
		return *open ? RT_SQL_COMMENT : RT_SQL_SPACE;
	}
	if ((c == 'x' || c == 'X') && i + 1 < len && s[i + 1] == '\'') {
		kind = RT_SQL_BLOB;
		e = quote_end(s, len, i + 1, '\'', 0);
	} else if (c == '\'') {
		kind = RT_SQL_STRING;
		e = quote_end(s, len, i, '\'', 0);
	} else if (c == '"' || ((flags & RT_SQL_BRACKETS) && c == '`')) {
		kind = RT_SQL_QUOTED;
		e = quote_end(s, len, i, (char)c, 0);
	} else if ((flags & RT_SQL_BRACKETS) && c == '[') {
		const char *rb = memchr(s + i, ']', len - i);

		kind = RT_SQL_QUOTED;
		e = rb ? (size_t)(rb - s) + 1 : 0;
	} else if ((flags & RT_SQL_ESCAPE_STRINGS) && (c == 'E' || c == 'e') &&
		   i + 1 < len && s[i + 1] == '\'') {
		kind = RT_SQL_STRING;
		e = quote_end(s, len, i + 1, '\'', 1);
	} else if ((flags & RT_SQL_DOLLAR_QUOTES) && c == '$' &&
		   (tag = dollar_tag(s, len, i)) > 0) {
		const char *p = s + i + tag, *lim = s + len;

		kind = RT_SQL_STRING;
		e = 0;
		while ((p = memchr(p, '$', (size_t)(lim - p))) != NULL) {
			if ((size_t)(lim - p) >= tag &&
			    memcmp(p, s + i, tag) == 0) {
				e = (size_t)(p - s) + tag;
				break;
			}
			p++;
		}
	} else if (digit((char)c) ||
		   (c == '.' && i + 1 < len && digit(s[i + 1]))) {
		*end = number_end(s, len, i);
		return RT_SQL_NUMBER;
	} else if (word_char(c) && c != '$') {
		while (i < len && word_char((unsigned char)s[i]))
			i++;
		*end = i;
		return RT_SQL_WORD;
	} else if (c == '$' || ((flags & RT_SQL_BRACKETS) &&
				(c == '?' || c == ':' || c == '@'))) {
		for (i++; i < len && word_char((unsigned char)s[i]); i++)
			;
		*end = i;
		return RT_SQL_PARAM;
	} else {
		*end = punct_end(s, len, i);
		return RT_SQL_PUNCT;
	}
	*open = !e;
	*end = e ? e : len;
	return kind;
}

rt_sql_tok rt_sql_token(const char *s, size_t len, size_t i, unsigned flags,
			size_t *end)
{
	int open;

	switch (scan(s, len, i, flags, end, &open)) {
	case RT_SQL_SPACE:
		return RT_SQL_TOK_SPACE;
	case RT_SQL_WORD:
	case RT_SQL_NUMBER:
		return RT_SQL_TOK_WORD;
	case RT_SQL_PUNCT:
		return s[i] == ';' ? RT_SQL_TOK_SEMI : RT_SQL_TOK_OTHER;
	default:
		return open ? RT_SQL_TOK_UNTERMINATED : RT_SQL_TOK_OTHER;
	}
}

void rt_sql_lexer_init(rt_sql_lexer *lx, const char *s, size_t at, size_t len,
		       unsigned flags)
{
	lx->s = s;
	lx->at = at;
	lx->len = len;
	lx->flags = flags;
}

int rt_sql_lex(rt_sql_lexer *lx, rt_sql_lexeme *t)
{
	size_t e;

	while (lx->at < lx->len) {
		t->start = lx->at;
		t->kind = scan(lx->s, lx->len, lx->at, lx->flags, &e, &t->open);
		t->len = e - t->start;
		lx->at = e;
		if (t->kind != RT_SQL_SPACE)
			return 1;
	}
	t->kind = RT_SQL_END;
	t->start = lx->len;
	t->len = 0;
	t->open = 0;
	return 0;
}

int rt_sql_lexeme_is(const char *s, const rt_sql_lexeme *t, const char *w)
{
	size_t i, n = strlen(w);

	if (t->kind != RT_SQL_WORD || t->len != n)
		return 0;
	for (i = 0; i < n; i++) {
		char a = s[t->start + i], b = w[i];

		if (a >= 'A' && a <= 'Z')
			a = (char)(a - 'A' + 'a');
		if (b >= 'A' && b <= 'Z')
			b = (char)(b - 'A' + 'a');
		if (a != b)
			return 0;
	}
	return 1;
}

int rt_sql_lexeme_error(const rt_sql_lexer *lx, const rt_sql_lexeme *t,
			int first)
{
	return rt_sql_unterminated_error(lx->s, lx->len, t->start, lx->flags,
					 first);
}

void rt_sql_unquote(rt_buf *b, const char *s, size_t n)
{
	char close;
	size_t i;

	if (n < 2 ||
	    !(s[0] == '"' || s[0] == '`' || s[0] == '[' || s[0] == '\'')) {
		rt_buf_put(b, s, n);
		return;
	}
	close = s[0] == '[' ? ']' : s[0];
	/* the token ends with the closing quote when terminated */
	if (s[n - 1] == close)
		n--;
	for (i = 1; i < n; i++) {
		rt_buf_putc(b, s[i]);
		if (s[i] == close && close != ']' && i + 1 < n &&
		    s[i + 1] == close)
			i++;
	}
}

int rt_sql_unterminated_error(const char *s, size_t len, size_t at,
			      unsigned flags, int first)
{
	const char *what;
	size_t i, col = 1, n;
	int line = first;

	/* a blob's quote is what is open: x'00 */
	if ((s[at] == 'x' || s[at] == 'X') && at + 1 < len && s[at + 1] == '\'')
		at++;
	switch (s[at]) {
	case '/':
		what = "block comment";
		break;
	case '\'':
		what = "quoted string";
		break;
	case 'E':
	case 'e':
		what = "escape string";
		break;
	case '$':
		what = "dollar-quoted string";
		break;
	case '[':
		what = "bracketed identifier";
		break;
	default:
		what = "quoted identifier";
		break;
	}
	for (i = 0; i < at; i++) {
		col++;
		if (s[i] == '\n') {
			line++;
			col = 1;
		}
	}
	if (s[at] == '$')
		n = dollar_tag(s, len, at);
	else
		for (n = 0; n < 20 && at + n < len && s[at + n] != '\n'; n++)
			;
	rt_error_set(RT_ERROR_PARSE, "unterminated %s", what);
	if (s[at] == '$')
		rt_error_detail("'%.*s' has no closing '%.*s'", (int)n, s + at,
				(int)n, s + at);
	else if (s[at] == '/')
		rt_error_detail("'/*' has no closing '*/'%s",
				(flags & RT_SQL_NESTED_COMMENTS)
					? " (block comments nest)"
					: "");
	else
		rt_error_detail("it starts with: %.*s", (int)n, s + at);
	rt_error_hint("close it: the statements after it would be read as "
		      "part of it");
	rt_error_at(NULL, line, (int)col);
	return RT_ERROR;
}

int rt_sql_check_terminated(const char *s, size_t len, unsigned flags,
			    int first)
{
	size_t i = 0, e;

	while (i < len) {
		if (rt_sql_token(s, len, i, flags, &e) ==
		    RT_SQL_TOK_UNTERMINATED)
			return rt_sql_unterminated_error(s, len, i, flags,
							 first);
		i = e;
	}
	return 0;
}

size_t rt_sql_skip_space(const char *s, size_t len, size_t i)
{
	return rt_sql_skip_space_in(s, len, i, RT_SQL_NESTED_COMMENTS);
}

size_t rt_sql_skip_space_in(const char *s, size_t len, size_t i,
			    unsigned flags)
{
	while (i < len) {
		if (blank(s[i])) {
			i++;
		} else if (s[i] == '-' && i + 1 < len && s[i + 1] == '-') {
			while (i < len && s[i] != '\n')
				i++;
		} else if (s[i] == '/' && i + 1 < len && s[i + 1] == '*') {
			int open;

			i = comment_end(s, len, i, flags, &open);
		} else {
			break;
		}
	}
	return i;
}

int rt_sql_is_blank(const char *s, size_t len)
{
	return rt_sql_skip_space(s, len, 0) >= len;
}

size_t rt_sql_trim_end(const char *s, size_t len)
{
	while (len && blank(s[len - 1]))
		len--;
	return len;
}

int rt_sql_line_at(const char *s, size_t at, int first)
{
	size_t i;
	int line = first;

	for (i = 0; i < at && s[i]; i++)
		line += s[i] == '\n';
	return line;
}

int rt_sql_words(const char *s, size_t len, char (*words)[32], int max)
{
	size_t i = 0, k;
	int n = 0;

	while (n < max) {
		i = rt_sql_skip_space(s, len, i);
		while (i < len && s[i] == '.')
			i = rt_sql_skip_space(s, len, i + 1);
		if (i >= len)
			break;
		if (s[i] == '"') {
			for (i++; i < len && s[i] != '"'; i++)
				;
			i++;
			memcpy(words[n++], "\"", 2);
			continue;
		}
		if (!word_char((unsigned char)s[i]))
			break;
		for (k = 0; i < len && word_char((unsigned char)s[i]); i++)
			if (k < 31)
				words[n][k++] = (char)(s[i] >= 'A' && s[i] <= 'Z'
							       ? s[i] - 'A' + 'a'
							       : s[i]);
		words[n++][k] = '\0';
	}
	return n;
}

void rt_sql_lines_init(rt_sql_lines *c, const char *s, int first)
{
	c->s = s;
	c->at = 0;
	c->line = first;
}

int rt_sql_lines_at(rt_sql_lines *c, size_t at)
{
	const char *p, *end;

	if (at >= c->at) {
		p = c->s + c->at;
		end = c->s + at;
		while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
			c->line++;
			p++;
		}
	} else {
		for (p = c->s + at; p < c->s + c->at; p++)
			c->line -= *p == '\n';
	}
	c->at = at;
	return c->line;
}

int rt_sql_word_in(const char *w, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(w, list[i]))
			return 1;
	return 0;
}
