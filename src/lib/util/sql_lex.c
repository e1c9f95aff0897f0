/*
 * sql_lex.c: blanks, comments, quotes and line numbers.
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

rt_sql_tok rt_sql_token(const char *s, size_t len, size_t i, unsigned flags,
			size_t *end)
{
	unsigned char c = (unsigned char)s[i];
	size_t e, tag;

	if (blank((char)c)) {
		while (i < len && blank(s[i]))
			i++;
		*end = i;
		return RT_SQL_TOK_SPACE;
	}
	if (c == '-' && i + 1 < len && s[i + 1] == '-') {
		const char *nl = memchr(s + i, '\n', len - i);

		*end = nl ? (size_t)(nl - s) + 1 : len;
		return RT_SQL_TOK_SPACE;
	}
	if (c == '/' && i + 1 < len && s[i + 1] == '*') {
		int open;

		*end = comment_end(s, len, i, flags, &open);
		return open ? RT_SQL_TOK_UNTERMINATED : RT_SQL_TOK_SPACE;
	}
	if (c == ';') {
		*end = i + 1;
		return RT_SQL_TOK_SEMI;
	}
	if (c == '\'' || c == '"' ||
	    ((flags & RT_SQL_BRACKETS) && c == '`'))
		e = quote_end(s, len, i, (char)c, 0);
	else if ((flags & RT_SQL_BRACKETS) && c == '[') {
		const char *rb = memchr(s + i, ']', len - i);

		e = rb ? (size_t)(rb - s) + 1 : 0;
	}
	else if ((flags & RT_SQL_ESCAPE_STRINGS) && (c == 'E' || c == 'e') &&
		 i + 1 < len && s[i + 1] == '\'')
		e = quote_end(s, len, i + 1, '\'', 1);
	else if ((flags & RT_SQL_DOLLAR_QUOTES) && c == '$' &&
		 (tag = dollar_tag(s, len, i)) > 0) {
		const char *p = s + i + tag, *lim = s + len;

		e = 0;
		while ((p = memchr(p, '$', (size_t)(lim - p))) != NULL) {
			if ((size_t)(lim - p) >= tag &&
			    memcmp(p, s + i, tag) == 0) {
				e = (size_t)(p - s) + tag;
				break;
			}
			p++;
		}
	} else if (word_char(c) && c != '$') {
		while (i < len && word_char((unsigned char)s[i]))
			i++;
		*end = i;
		return RT_SQL_TOK_WORD;
	} else if (c == '$') {
		/* $1, or SQLite's $name parameter */
		for (i++; i < len && word_char((unsigned char)s[i]); i++)
			;
		*end = i;
		return RT_SQL_TOK_OTHER;
	} else {
		*end = i + 1;
		return RT_SQL_TOK_OTHER;
	}
	if (!e) {
		*end = len;
		return RT_SQL_TOK_UNTERMINATED;
	}
	*end = e;
	return RT_SQL_TOK_OTHER;
}

int rt_sql_unterminated_error(const char *s, size_t len, size_t at,
			      unsigned flags, int first)
{
	const char *what;
	size_t i, col = 1, n;
	int line = first;

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
