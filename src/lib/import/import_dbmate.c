/*
 * import_dbmate.c: dbmate (github.com/amacneil/dbmate). SRC is the
 * migrations folder (db/migrations); each file is VERSION_name.sql,
 * VERSION its leading digits, with
 *
 *	-- migrate:up [transaction:false]
 *	...
 *	-- migrate:down [transaction:false]
 *	...
 *
 * Only comments may stand before the first marker (dbmate refuses
 * statements outside the blocks); a file without `-- migrate:down` has
 * no down. Applied versions: schema_migrations(version).
 */
#include "import/import.h"

#include <ctype.h>

/* `-- migrate:up` and its options; 1 when the line is a marker of
 * `which`. dbmate's pattern is "^--\s*migrate:up(.*)$". */
static int marker(const rt_import_line *l, const char *which, const char **rest)
{
	const char *p = l->p, *end = l->p + l->len;
	size_t wl = strlen(which);

	if (l->len < 2 || p[0] != '-' || p[1] != '-')
		return 0;
	for (p += 2; p < end && isspace((unsigned char)*p); p++)
		;
	if ((size_t)(end - p) < 8 + wl || strncmp(p, "migrate:", 8) ||
	    strncmp(p + 8, which, wl))
		return 0;
	p += 8 + wl;
	if (p < end && !isspace((unsigned char)*p))
		return 0; /* "migrate:upgrade" */
	*rest = p;
	return 1;
}

/* Options after the marker: `transaction:false` (or true). */
static int options(rt_import_part *s, const char *file, const rt_import_line *l,
		   const char *p)
{
	const char *end = l->p + l->len;

	while (p < end) {
		const char *w;

		while (p < end && isspace((unsigned char)*p))
			p++;
		if (p == end)
			break;
		for (w = p; p < end && !isspace((unsigned char)*p); p++)
			;
		if ((size_t)(p - w) == 17 &&
		    !strncmp(w, "transaction:false", 17))
			s->no_tx = 1;
		else if ((size_t)(p - w) == 16 &&
			 !strncmp(w, "transaction:true", 16))
			s->no_tx = 0;
		else
			return rt_import_error_at(
			    file, l->no,
			    "dbmate: unknown migration option '%.*s'",
			    (int)(p - w), w);
	}
	return 0;
}

static int parse(rt_import_migration *m, rt_import_set *set, const char *file,
		 const char *text)
{
	rt_import_part up = {0}, down = {0}, *cur = NULL;
	rt_import_line l;
	const char *at = text, *rest;
	int no = 1, error = 0;

	rt_buf_init(&up.sql);
	rt_buf_init(&down.sql);
	while (rt_import_next_line(&l, at, no)) {
		rt_import_part *s = NULL;

		at = l.next;
		no++;
		if (marker(&l, "up", &rest))
			s = &up;
		else if (marker(&l, "down", &rest))
			s = &down;
		if (s) {
			if (s->seen) {
				error = rt_import_error_at(
				    file, l.no,
				    "dbmate: second '-- migrate:%s' (the "
				    "first is on line %d)",
				    s == &up ? "up" : "down", s->line);
				goto done;
			}
			s->seen = 1;
			s->line = l.no;
			if ((error = options(s, file, &l, rest)) < 0)
				goto done;
			cur = s;
			continue;
		}
		if (!cur) {
			if (rt_import_line_is_comment(&l))
				continue;
			error = rt_import_error_at(
			    file, l.no,
			    "dbmate: statement before '-- migrate:up'");
			rt_error_hint("dbmate runs only what stands under "
				      "'-- migrate:up' or '-- migrate:down'");
			goto done;
		}
		rt_buf_put(&cur->sql, l.p, l.len);
		rt_buf_putc(&cur->sql, '\n');
	}
	if (!up.seen) {
		error = rt_import_error_at(file, 0,
					   "dbmate: no '-- migrate:up' block");
		rt_error_hint("a dbmate migration starts its up part with "
			      "'-- migrate:up'");
		goto done;
	}
	return rt_import_store_parts(m, set, &up, &down, 0);
done:
	rt_buf_release(&up.sql);
	rt_buf_release(&down.sql);
	return error;
}

static int dbmate_read(rt_import_set *set, const rt_import_ctx *ctx)
{
	const char **names;
	size_t n, i;
	int error;

	if ((error = rt_import_list(&names, &n, set, ctx->src, ".sql")) < 0)
		return error;
	for (i = 0; i < n; i++) {
		const char *f = names[i], *p = f;
		size_t fl = strlen(f), vl;
		rt_import_migration *m;
		char *path, *text;

		while (isdigit((unsigned char)*p))
			p++;
		vl = (size_t)(p - f);
		if (!vl || (*p != '_' && p != f + fl - 4)) {
			rt_error_set(RT_ERROR_PARSE,
				     "'%s' is not a dbmate migration name",
				     rt_import_path(set, ctx->src, f));
			rt_error_hint("dbmate names migrations "
				      "VERSION_name.sql (VERSION digits, "
				      "e.g. 20240101120000_create_users.sql); "
				      "rename or move the file");
			return RT_ERROR;
		}
		if (!(m = rt_import_add(set)) ||
		    !(path = rt_import_path(set, ctx->src, f)) ||
		    !(m->version = rt_import_strndup(set, f, vl)))
			return RT_ERROR;
		m->file = path;
		m->name = *p == '_'
			      ? rt_import_strndup(
				    set, p + 1, (size_t)(f + fl - 4 - (p + 1)))
			      : "";
		if (!m->name)
			return RT_ERROR;
		if ((error = rt_import_read_file(&text, NULL, set, path)) < 0 ||
		    (error = parse(m, set, path, text)) < 0)
			return error;
	}
	return 0;
}

static int add_row(void *payload, int ncols, const char *const *vals)
{
	rt_import_set *set = payload;

	if (ncols < 1 || !vals[0])
		return 0;
	return rt_import_mark_applied(set, vals[0]);
}

static int dbmate_applied(rt_import_set *set, const rt_import_ctx *ctx)
{
	int exists, error;

	if ((error =
		 rt_import_table_exists(ctx, "schema_migrations", &exists)) < 0)
		return error;
	if (!exists)
		return rt_import_note(set, "no schema_migrations table in the "
					   "database: nothing is applied");
	return rt_import_query(ctx, "SELECT version FROM schema_migrations",
			       add_row, set);
}

const rt_importer rt_importer_dbmate = {
    .name = "dbmate",
    .src = "the migrations folder (db/migrations)",
    .table = "schema_migrations",
    .linear = 1,
    .read = dbmate_read,
    .applied = dbmate_applied,
};
