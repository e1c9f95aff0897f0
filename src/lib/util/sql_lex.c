/*
 * sql_lex.c: blanks and comments.
 */
#include "util/common.h"
#include "util/sql_lex.h"

static int blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

size_t rt_sql_skip_space(const char *s, size_t len, size_t i)
{
	while (i < len) {
		if (blank(s[i])) {
			i++;
		} else if (s[i] == '-' && i + 1 < len && s[i + 1] == '-') {
			while (i < len && s[i] != '\n')
				i++;
		} else if (s[i] == '/' && i + 1 < len && s[i + 1] == '*') {
			int depth = 1;

			i += 2;
			while (i < len && depth) {
				if (s[i] == '*' && i + 1 < len && s[i + 1] == '/') {
					depth--;
					i += 2;
				} else if (s[i] == '/' && i + 1 < len &&
					   s[i + 1] == '*') {
					depth++;
					i += 2;
				} else {
					i++;
				}
			}
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

static int word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

int rt_sql_words(const char *s, char (*words)[32], int max)
{
	size_t len = strlen(s), i = 0, k;
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
		if (!word_char(s[i]))
			break;
		for (k = 0; i < len && word_char(s[i]); i++)
			if (k < 31)
				words[n][k++] = (char)(s[i] >= 'A' && s[i] <= 'Z'
							       ? s[i] - 'A' + 'a'
							       : s[i]);
		words[n++][k] = '\0';
	}
	return n;
}
