/*
 * import_goose.c: goose (github.com/pressly/goose), SQL migrations. SRC
 * is the migrations folder; each file is VERSION_name.sql, VERSION a
 * positive integer (a sequence, 00001, or a time, 20240101120000), the
 * parts marked `-- +goose Up` / `-- +goose Down` (import_annot.c), with
 * `-- +goose NO TRANSACTION` for the whole file. Go migrations (.go)
 * cannot be imported: they are code, not SQL. Applied versions:
 * goose_db_version(version_id, is_applied), one row per up or down in
 * order of id, so the latest row of a version says whether it is applied
 * (version 0 is goose's own first row).
 */
#include "import/import.h"

#include <ctype.h>

/* The decimal value of digits [p, p+n) without leading zeros, or NULL
 * when it is 0 or does not fit goose's int64. */
static char *version_of(rt_import_set *set, const char *p, size_t n)
{
	while (n > 1 && *p == '0') {
		p++;
		n--;
	}
	if ((n == 1 && *p == '0') || n > 19 ||
	    (n == 19 && strncmp(p, "9223372036854775807", 19) > 0))
		return NULL;
	return rt_import_strndup(set, p, n);
}

static int goose_read(rt_import_set *set, const rt_import_ctx *ctx)
{
	const char **names;
	size_t n, i;
	int error;

	if ((error = rt_import_list(&names, &n, set, ctx->src, NULL)) < 0)
		return error;
	for (i = 0; i < n; i++) {
		const char *f = names[i], *p = f;
		size_t fl = strlen(f);
		rt_import_migration *m;
		char *path, *text;

		if (fl > 3 && !strcmp(f + fl - 3, ".go")) {
			if (fl > 8 && !strcmp(f + fl - 8, "_test.go"))
				continue;
			rt_error_set(RT_ERROR_PARSE,
				     "'%s' is a goose Go migration: retort "
				     "imports SQL migrations only",
				     rt_import_path(set, ctx->src, f));
			rt_error_hint("rewrite it as a .sql migration (or run "
				      "'goose up' past it first and import "
				      "the rest)");
			return RT_ERROR;
		}
		if (fl < 4 || strcmp(f + fl - 4, ".sql"))
			continue;
		while (isdigit((unsigned char)*p))
			p++;
		if (!(path = rt_import_path(set, ctx->src, f)))
			return RT_ERROR;
		if (p == f || *p != '_') {
			rt_error_set(RT_ERROR_PARSE,
				     "'%s' is not a goose migration name",
				     path);
			rt_error_hint("goose names migrations VERSION_name.sql "
				      "(e.g. 00001_create_users.sql)");
			return RT_ERROR;
		}
		if (!(m = rt_import_add(set)))
			return RT_ERROR;
		if (!(m->version = version_of(set, f, (size_t)(p - f)))) {
			rt_error_set(RT_ERROR_PARSE,
				     "'%s': goose versions are integers from "
				     "1 to 9223372036854775807",
				     path);
			return RT_ERROR;
		}
		m->tag = rt_import_strndup(set, f, (size_t)(p - f));
		m->file = path;
		m->name = rt_import_strndup(set, p + 1,
					    (size_t)(f + fl - 4 - (p + 1)));
		if (!m->name || !m->tag)
			return RT_ERROR;
		if ((error = rt_import_read_file(&text, NULL, set, path)) < 0 ||
		    (error = rt_import_parse_annotated(m, set, path, text,
						       "+goose")) < 0)
			return error;
	}
	return 0;
}

/* goose orders by version, not by name: 9_x.sql before 10_y.sql */
static int by_version(const void *a, const void *b)
{
	const rt_import_migration *x = *(rt_import_migration *const *)a;
	const rt_import_migration *y = *(rt_import_migration *const *)b;
	size_t xl = strlen(x->version), yl = strlen(y->version);

	if (xl != yl)
		return xl < yl ? -1 : 1;
	return strcmp(x->version, y->version);
}

static int goose_read_sorted(rt_import_set *set, const rt_import_ctx *ctx)
{
	int error = goose_read(set, ctx);

	if (error == 0)
		rt_import_sort(set, by_version);
	return error;
}

static int is_true(const char *v)
{
	return v &&
	       (!strcmp(v, "t") || !strcmp(v, "1") || !strcasecmp(v, "true"));
}

/* Rows in order of id: "version\0" + "1" or "0", kept to be read back
 * from the last, since the latest row of a version wins. */
typedef struct rows {
	rt_import_set *set;
	rt_vec v;
} rows;

static int add_row(void *payload, int ncols, const char *const *vals)
{
	rows *r = payload;
	char *s;

	if (ncols < 2 || !vals[0] || !strcmp(vals[0], "0"))
		return 0;
	s = rt_arena_printf(&r->set->arena, "%s%c", vals[0],
			    is_true(vals[1]) ? '1' : '0');
	return s ? rt_vec_push(&r->set->arena, &r->v, s) : RT_ERROR;
}

static int goose_applied(rt_import_set *set, const rt_import_ctx *ctx)
{
	rows r = {set, {0}};
	int exists, error;
	size_t i, j;

	if ((error = rt_import_table_exists(ctx, "goose_db_version", &exists)) <
	    0)
		return error;
	if (!exists)
		return rt_import_note(set, "no goose_db_version table in the "
					   "database: nothing is applied");
	if ((error = rt_import_query(ctx,
				     "SELECT version_id, is_applied FROM "
				     "goose_db_version ORDER BY id",
				     add_row, &r)) < 0)
		return error;
	for (i = r.v.len; i-- > 0;) {
		char *s = r.v.items[i];
		size_t l = strlen(s);
		char state = s[l - 1];

		/* an earlier row of a version a later one decided */
		for (j = i + 1; j < r.v.len; j++)
			if (!strncmp(r.v.items[j], s, l - 1) &&
			    strlen(r.v.items[j]) == l)
				break;
		if (j < r.v.len)
			continue;
		s[l - 1] = '\0';
		/* a version rolled back whose file is gone is no matter */
		if (state == '1' &&
		    (error = rt_import_mark_applied(set, s)) < 0)
			return error;
		s[l - 1] = state;
	}
	return 0;
}

const rt_importer rt_importer_goose = {
    .name = "goose",
    .src = "the migrations folder of VERSION_name.sql files",
    .table = "goose_db_version",
    .linear = 1,
    .read = goose_read_sorted,
    .applied = goose_applied,
};
