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
