/*
 * import_golang_migrate.c: golang-migrate (github.com/golang-migrate/
 * migrate). SRC is the migrations folder of VERSION_title.up.sql and
 * VERSION_title.down.sql pairs, VERSION an unsigned integer (a sequence or
 * a time); a version may lack its down file (then it is irreversible),
 * never its up file. The tool runs no transaction of its own and has no
 * marker for one, so every retort migration is transactional. Applied:
 * schema_migrations(version, dirty), one row: every version up to it is
 * applied; dirty means a migration failed midway and the database is in
 * a state no version describes, which only a person can resolve.
 */
#include "import/import.h"

#include <ctype.h>

/* Digits without leading zeros, or NULL past uint64 (the tool's uint). */
static char *version_of(rt_import_set *set, const char *p, size_t n)
{
	while (n > 1 && *p == '0') {
		p++;
		n--;
	}
	if (n > 20 || (n == 20 && strncmp(p, "18446744073709551615", 20) > 0))
		return NULL;
	return rt_import_strndup(set, p, n);
}

/* Numeric order of decimal strings without leading zeros. */
static int cmp_version(const char *a, const char *b)
{
	size_t al = strlen(a), bl = strlen(b);

	if (al != bl)
		return al < bl ? -1 : 1;
	return strcmp(a, b);
}

static int by_version(const void *a, const void *b)
{
	return cmp_version((*(rt_import_migration *const *)a)->version,
			   (*(rt_import_migration *const *)b)->version);
}

static int gm_read(rt_import_set *set, const rt_import_ctx *ctx)
{
	const char **names;
	size_t n, i;
	int error;

	if ((error = rt_import_list(&names, &n, set, ctx->src, ".sql")) < 0)
		return error;
	/* ups first, so a down finds its up whatever the names' order */
	for (int pass = 0; pass < 2; pass++) {
		for (i = 0; i < n; i++) {
			const char *f = names[i], *p = f, *dot;
			size_t fl = strlen(f);
			int up;
			char *path, *version, *text;
			rt_import_migration *m;

			if (!(path = rt_import_path(set, ctx->src, f)))
				return RT_ERROR;
			while (isdigit((unsigned char)*p))
				p++;
			up = fl > 7 && !strcmp(f + fl - 7, ".up.sql");
			if (p == f || *p != '_' ||
			    (!up &&
			     (fl < 9 || strcmp(f + fl - 9, ".down.sql")))) {
				if (pass)
					continue;
				rt_error_set(RT_ERROR_PARSE,
					     "'%s' is not a golang-migrate "
					     "migration name",
					     path);
				rt_error_hint("golang-migrate names migrations "
					      "VERSION_title.up.sql and "
					      "VERSION_title.down.sql");
				return RT_ERROR;
			}
			if (up != (pass == 0))
				continue;
			if (!(version = version_of(set, f, (size_t)(p - f)))) {
				rt_error_set(RT_ERROR_PARSE,
					     "'%s': the version does not fit "
					     "golang-migrate's unsigned "
					     "64 bits",
					     path);
				return RT_ERROR;
			}
			dot = f + fl - (up ? 7 : 9);
			if ((error = rt_import_read_file(&text, NULL, set,
							 path)) < 0)
				return error;
			m = rt_import_find(set, version);
			if (up) {
				if (m) {
					rt_error_set(RT_ERROR_PARSE,
						     "two migrations have "
						     "version '%s': '%s' and "
						     "'%s'",
						     version, m->file, path);
					rt_error_hint("golang-migrate applies "
						      "one migration per "
						      "version: remove or "
						      "renumber one of them");
					return RT_ERROR;
				}
				if (!(m = rt_import_add(set)))
					return RT_ERROR;
				m->version = version;
				m->tag =
				    rt_import_strndup(set, f, (size_t)(p - f));
				m->name = rt_import_strndup(
				    set, p + 1, (size_t)(dot - (p + 1)));
				m->file = path;
				m->up_sql = text;
				if (!m->tag || !m->name)
					return RT_ERROR;
				continue;
			}
			if (!m) {
				rt_error_set(RT_ERROR_PARSE,
					     "'%s' has no up migration (no "
					     "%.*s_*.up.sql)",
					     path, (int)(p - f), f);
				rt_error_hint("a golang-migrate version needs "
					      "its .up.sql file");
				return RT_ERROR;
			}
			if (m->down_sql) {
				rt_error_set(RT_ERROR_PARSE,
					     "two down migrations have "
					     "version '%s': '%s' and another",
					     version, path);
				return RT_ERROR;
			}
			m->down_sql = text;
		}
	}
	rt_import_sort(set, by_version);
	return 0;
}

typedef struct row {
	const char *version;
	int dirty, n;
	rt_import_set *set;
} row;

static int is_true(const char *v)
{
	return v &&
	       (!strcmp(v, "t") || !strcmp(v, "1") || !strcasecmp(v, "true"));
}

static int one_row(void *payload, int ncols, const char *const *vals)
{
	row *r = payload;

	if (ncols < 2 || !vals[0])
		return 0;
	r->n++;
	if (!(r->version = rt_import_strdup(r->set, vals[0])))
		return RT_ERROR;
	r->dirty = is_true(vals[1]);
	return 0;
}

static int gm_applied(rt_import_set *set, const rt_import_ctx *ctx)
{
	row r = {NULL, 0, 0, set};
	int exists, error;
	size_t i;

	if ((error =
		 rt_import_table_exists(ctx, "schema_migrations", &exists)) < 0)
		return error;
	if (!exists)
		return rt_import_note(set, "no schema_migrations table in the "
					   "database: nothing is applied");
	if ((error = rt_import_query(ctx,
				     "SELECT version, dirty FROM "
				     "schema_migrations",
				     one_row, &r)) < 0)
		return error;
	if (!r.n)
		return rt_import_note(set, "schema_migrations is empty: "
					   "nothing is applied");
	if (r.n > 1)
		return rt_error_set(RT_ERROR_STATE,
				    "golang-migrate's schema_migrations has "
				    "%d rows; it keeps one",
				    r.n);
	if (r.dirty) {
		rt_error_set(RT_ERROR_STATE,
			     "golang-migrate's schema_migrations says version "
			     "%s is dirty: it failed midway, and the database "
			     "is in a state no version describes",
			     r.version);
		rt_error_hint("finish or undo that migration's changes by "
			      "hand, then 'migrate force %s' (it completed) "
			      "or 'migrate force' the version before it (it "
			      "did not), and import again",
			      r.version);
		return RT_ERROR;
	}
	if (r.version[0] == '-') /* NilVersion: migrated all the way down */
		return rt_import_note(set, "schema_migrations is at no "
					   "version: nothing is applied");
	if (!rt_import_find(set, r.version))
		return rt_import_mark_applied(set, r.version);
	for (i = 0; i < set->count; i++)
		if (cmp_version(set->migrations[i]->version, r.version) <= 0)
			set->migrations[i]->applied = 1;
	return 0;
}

const rt_importer rt_importer_golang_migrate = {
    .name = "golang-migrate",
    .src = "the migrations folder of VERSION_title.up.sql and "
	   ".down.sql files",
    .table = "schema_migrations",
    .linear = 1,
    .read = gm_read,
    .applied = gm_applied,
};
