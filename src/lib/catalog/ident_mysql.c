/*
 * ident_mysql.c: MySQL/MariaDB identifiers and literals: the one quoter
 * (backticks, whatever sql_mode's ANSI_QUOTES says; for the driver's
 * quote_ident, the renderer and the catalog), string literals, and the
 * renaming of an identifier inside a definition the server printed.
 */
#include "catalog/catalog.h"

#include <strings.h>

void rt_mysql_put_ident(rt_buf *b, const char *ident)
{
	rt_buf_putc(b, '`');
	for (; *ident; ident++) {
		if (*ident == '`')
			rt_buf_putc(b, '`');
		rt_buf_putc(b, *ident);
	}
	rt_buf_putc(b, '`');
}

void rt_mysql_put_literal(rt_buf *b, const char *s)
{
	rt_buf_putc(b, '\'');
	for (; *s; s++) {
		if (*s == '\'' || *s == '\\')
			rt_buf_putc(b, *s);
		rt_buf_putc(b, *s);
	}
	rt_buf_putc(b, '\'');
}

const char *rt_mysql_skip_literal(const char *p)
{
	char q = *p++;

	while (*p && *p != q) {
		if (*p == '\\' && q != '`' && p[1])
			p++;
		p++;
	}
	return *p ? p + 1 : p;
}

/* `canon` with identifier `from` written `to` wherever it is a token:
 * backticked or bare, outside string literals. */
char *rt_mysql_canon_rename(rt_arena *arena, const char *canon,
			    const char *from, const char *to)
{
	rt_buf b = RT_BUF_INIT, id = RT_BUF_INIT;
	const char *p = canon;
	char *r = NULL;

	if (!canon)
		return NULL;
	rt_buf_init(&b);
	rt_buf_init(&id);
	while (*p) {
		const char *s = p;

		if (*p == '\'' || *p == '"') {
			p = rt_mysql_skip_literal(p);
			rt_buf_put(&b, s, (size_t)(p - s));
			continue;
		}
		rt_buf_clear(&id);
		if (*p == '`') {
			for (p++; *p; p++) {
				if (*p == '`' && p[1] == '`')
					rt_buf_putc(&id, *p++);
				else if (*p == '`')
					break;
				else
					rt_buf_putc(&id, *p);
			}
			if (*p)
				p++;
		} else if ((*p >= 'a' && *p <= 'z') ||
			   (*p >= 'A' && *p <= 'Z') || *p == '_' ||
			   (unsigned char)*p >= 0x80) {
			while ((*p >= 'a' && *p <= 'z') ||
			       (*p >= 'A' && *p <= 'Z') ||
			       (*p >= '0' && *p <= '9') || *p == '_' ||
			       *p == '$' || (unsigned char)*p >= 0x80)
				rt_buf_putc(&id, *p++);
		} else {
			rt_buf_putc(&b, *p++);
			continue;
		}
		/* column names match case-insensitively */
		if (!strcasecmp(rt_buf_cstr(&id), from)) {
			rt_mysql_put_ident(&b, to);
		} else {
			rt_buf_put(&b, s, (size_t)(p - s));
		}
	}
	if (rt_buf_check(&b) == 0)
		r = rt_arena_strdup(arena, rt_buf_cstr(&b));
	rt_buf_release(&b);
	rt_buf_release(&id);
	return r;
}
