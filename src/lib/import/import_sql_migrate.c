/*
 * import_sql_migrate.c: sql-migrate (github.com/rubenv/sql-migrate). SRC
 * is the migrations folder; every *.sql file is a migration whose id is
 * its file name, ordered as the tool orders them (by the leading number
 * when both names have one, else by name), the parts marked
 * `-- +migrate Up [notransaction]` / `-- +migrate Down [notransaction]`
 * (import_annot.c). Applied: gorp_migrations(id), the file names.
 */
#include "import/import.h"

#include <ctype.h>

/* The leading digits of `s`, without leading zeros, into [*p, *p+*n). */
static int leading_number(const char *s, const char **p, size_t *n)
{
	const char *e = s;

	while (isdigit((unsigned char)*e))
		e++;
	if (e == s)
		return 0;
	while (s + 1 < e && *s == '0')
		s++;
	*p = s;
	*n = (size_t)(e - s);
	return 1;
}

/* sql-migrate's Less: numbers when both have one and they differ, else
 * the ids as strings. */
static int by_id(const void *a, const void *b)
{
	const char *x = (*(rt_import_migration *const *)a)->version;
	const char *y = (*(rt_import_migration *const *)b)->version;
	const char *xp, *yp;
	size_t xn, yn;

	if (leading_number(x, &xp, &xn) && leading_number(y, &yp, &yn)) {
		if (xn != yn)
			return xn < yn ? -1 : 1;
		if (strncmp(xp, yp, xn))
			return strncmp(xp, yp, xn);
	}
	return strcmp(x, y);
}

static int sm_read(rt_import_set *set, const rt_import_ctx *ctx)
{
	const char **names;
	size_t n, i;
	int error;

	if ((error = rt_import_list(&names, &n, set, ctx->src, ".sql")) < 0)
		return error;
	for (i = 0; i < n; i++) {
		const char *f = names[i], *p = f, *num;
		size_t fl = strlen(f), nl;
		rt_import_migration *m;
		char *text;

		if (!(m = rt_import_add(set)) ||
		    !(m->file = rt_import_path(set, ctx->src, f)))
			return RT_ERROR;
		m->version = f;
		/* the slug: the number, then the rest of the stem */
		if (leading_number(f, &num, &nl)) {
			m->tag =
			    rt_import_strndup(set, f, (size_t)(num + nl - f));
			p = num + nl;
			if (*p == '_' || *p == '-')
				p++;
		} else {
			m->tag = "";
		}
		m->name = rt_import_strndup(set, p, (size_t)(f + fl - 4 - p));
		if (!m->tag || !m->name)
			return RT_ERROR;
		if ((error = rt_import_read_file(&text, NULL, set, m->file)) <
			0 ||
		    (error = rt_import_parse_annotated(m, set, m->file, text,
						       "+migrate")) < 0)
			return error;
	}
	rt_import_sort(set, by_id);
	return 0;
}

static int add_row(void *payload, int ncols, const char *const *vals)
{
	if (ncols < 1 || !vals[0])
		return 0;
	return rt_import_mark_applied(payload, vals[0]);
}

static int sm_applied(rt_import_set *set, const rt_import_ctx *ctx)
{
	int exists, error;

	if ((error = rt_import_table_exists(ctx, "gorp_migrations", &exists)) <
	    0)
		return error;
	if (!exists)
		return rt_import_note(set, "no gorp_migrations table in the "
					   "database: nothing is applied");
	return rt_import_query(ctx, "SELECT id FROM gorp_migrations", add_row,
			       set);
}

const rt_importer rt_importer_sql_migrate = {
    .name = "sql-migrate",
    .src = "the migrations folder (the 'dir' of dbconfig.yml)",
    .table = "gorp_migrations",
    .linear = 1,
    .read = sm_read,
    .applied = sm_applied,
};
