/*
 * diff_mysql.c: what MySQL/MariaDB's DDL can do, for the diff's lowering
 * and ordering. ALTER TABLE changes any column in place (MODIFY COLUMN
 * repeats the whole definition), adds and drops keys, indexes, checks and
 * foreign keys, and renames columns: tables are never rebuilt. Column
 * order is not compared (ADD COLUMN ... AFTER keeps it where the new
 * schema has it). Views and triggers are dropped and made again when they
 * change, like any other object but a table; the definitions compared
 * are catalog_mysql.c's canonical text.
 */
#include "diff/diff.h"

#include <strings.h>

/* `canon` with identifier `from` written `to` wherever it is a token:
 * backticked or bare, outside string literals. */
static char *my_rename(rt_arena *arena, const char *canon, const char *from,
		       const char *to)
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
			char q = *p++;

			while (*p && *p != q) {
				if (*p == '\\' && p[1])
					p++;
				p++;
			}
			if (*p)
				p++;
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
		} else if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			   *p == '_' || (unsigned char)*p >= 0x80) {
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
			const char *t;

			rt_buf_putc(&b, '`');
			for (t = to; *t; t++) {
				if (*t == '`')
					rt_buf_putc(&b, '`');
				rt_buf_putc(&b, *t);
			}
			rt_buf_putc(&b, '`');
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

const rt_diff_dialect rt_diff_dialect_mysql = {
	.name = "mysql",
	.inline_constraints = 0,
	.column_order = 0,
	.rebuild = 0,
	.replace_in_place = 0,
	.can_add_column = NULL,
	.can_drop_column = NULL,
	.can_alter_column = NULL,
	.rename_ident = my_rename,
	.column_deps = 0,
	.view_columns = 0,
	.rename_objects = 0,
	.can_replace = NULL,
	.phase_of = NULL,
};
