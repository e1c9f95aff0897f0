/*
 * import_flyway.c: Flyway SQL migrations. SRC is the folder (its
 * subfolders too, as Flyway scans a location) of
 * V<version>__<description>.sql files (the version's parts separated by
 * '.' or '_': V1_1__x is version 1.1), each with an optional undo
 * U<version>__<description>.sql (its down) and an optional per-script
 * configuration <file>.conf whose executeInTransaction=false marks it to
 * run outside a transaction. Repeatable migrations (R__x.sql) have no
 * retort equivalent yet and are refused by name. Applied:
 * flyway_schema_history, in installed_rank order: a successful versioned
 * row applies its version, a BASELINE row every version up to it, a
 * successful UNDO_SQL or a DELETE row takes one back; failed rows apply
 * nothing.
 */
#include "import/import.h"

#include <ctype.h>

/* Flyway's version order: parts compared as integers, missing parts 0
 * (1.0 == 1). Versions are digits and dots here. */
static int cmp_version(const char *a, const char *b)
{
	while (*a || *b) {
		const char *as, *bs;
		size_t an, bn;
		int c;

		while (*a == '0' && isdigit((unsigned char)a[1]))
			a++;
		while (*b == '0' && isdigit((unsigned char)b[1]))
			b++;
		for (as = a; isdigit((unsigned char)*a); a++)
			;
		for (bs = b; isdigit((unsigned char)*b); b++)
			;
		an = (size_t)(a - as);
		bn = (size_t)(b - bs);
		if (!an && !bn && !*a && !*b)
			break;
		/* a missing part is 0 */
		if (!an) {
			as = "0";
			an = 1;
		}
		if (!bn) {
			bs = "0";
			bn = 1;
		}
		if (an != bn)
			return an < bn ? -1 : 1;
		if ((c = strncmp(as, bs, an)))
			return c;
		/* not digits and dots (a row's version): as text */
		if ((*a && *a != '.') || (*b && *b != '.'))
			return strcmp(a, b);
		if (*a == '.')
			a++;
		if (*b == '.')
			b++;
	}
	return 0;
}

static int by_version(const void *a, const void *b)
{
	return cmp_version((*(rt_import_migration *const *)a)->version,
			   (*(rt_import_migration *const *)b)->version);
}

static rt_import_migration *find_version(const rt_import_set *set,
					 const char *v)
{
	size_t i;

	for (i = 0; i < set->count; i++)
		if (!cmp_version(set->migrations[i]->version, v))
			return set->migrations[i];
	return NULL;
}

/*
 * "V1_1__add_x.sql": *version "1.1" (in the arena), *desc "add x".
 * 0 when the name does not fit.
 */
static int split_name(rt_import_set *set, const char *f, char **version,
		      char **desc)
{
	const char *p = f + 1, *sep = strstr(f, "__");
	size_t fl = strlen(f), i;
	char *v, *d;

	if (!sep || sep == p || fl < 4 || strcmp(f + fl - 4, ".sql"))
		return 0;
	for (; p < sep; p++)
		if (!isdigit((unsigned char)*p) && *p != '.' && *p != '_')
			return 0;
	if (!isdigit((unsigned char)f[1]) || !isdigit((unsigned char)sep[-1]))
		return 0;
	v = rt_import_strndup(set, f + 1, (size_t)(sep - f - 1));
	d = rt_import_strndup(set, sep + 2, (size_t)(f + fl - 4 - (sep + 2)));
	if (!v || !d)
		return -1;
	for (i = 0; v[i]; i++) {
		if (v[i] == '_')
			v[i] = '.';
		if (v[i] == '.' && (v[i + 1] == '.' || v[i + 1] == '_'))
			return 0;
	}
	for (i = 0; d[i]; i++)
		if (d[i] == '_')
			d[i] = ' ';
	*version = v;
	*desc = d;
	return 1;
}

/* <script>.conf: executeInTransaction, encoding (UTF-8 only). */
static int read_conf(int *no_tx, rt_import_set *set, const char *path)
{
	char *text;
	rt_import_line l;
	const char *at;
	int no = 1, error;

	*no_tx = 0;
	if ((error = rt_import_read_file(&text, NULL, set, path)) < 0)
		return error;
	for (at = text; rt_import_next_line(&l, at, no); at = l.next, no++) {
		const char *p = l.p, *e = l.p + l.len, *eq, *k, *ke, *v;

		while (p < e && isspace((unsigned char)*p))
			p++;
		if (p == e || *p == '#' || *p == '!')
			continue;
		if (!(eq = memchr(p, '=', (size_t)(e - p))))
			return rt_import_error_at(path, l.no,
						  "flyway: expected "
						  "'key=value'");
		for (k = p, ke = eq; ke > k && isspace((unsigned char)ke[-1]);
		     ke--)
			;
		for (v = eq + 1; v < e && isspace((unsigned char)*v); v++)
			;
		while (e > v && isspace((unsigned char)e[-1]))
			e--;
		if ((size_t)(ke - k) == 20 &&
		    !strncmp(k, "executeInTransaction", 20)) {
			if ((size_t)(e - v) == 5 && !strncasecmp(v, "false", 5))
				*no_tx = 1;
			else if ((size_t)(e - v) == 4 &&
				 !strncasecmp(v, "true", 4))
				*no_tx = 0;
			else
				return rt_import_error_at(
				    path, l.no,
				    "flyway: executeInTransaction is true "
				    "or false, not '%.*s'",
				    (int)(e - v), v);
		} else if ((size_t)(ke - k) == 8 &&
			   !strncmp(k, "encoding", 8)) {
			if (!((size_t)(e - v) == 5 &&
			      !strncasecmp(v, "UTF-8", 5)))
				return rt_import_error_at(
				    path, l.no,
				    "flyway: encoding '%.*s': retort reads "
				    "UTF-8 only",
				    (int)(e - v), v);
		} else {
			rt_import_error_at(path, l.no,
					   "flyway: script setting '%.*s' is "
					   "not supported by the import",
					   (int)(ke - k), k);
			rt_error_hint("executeInTransaction and encoding=UTF-8 "
				      "are");
			return RT_ERROR;
		}
	}
	return 0;
}

static int fw_read(rt_import_set *set, const rt_import_ctx *ctx)
{
	const char **names;
	size_t n, i;
	int error, pass;

	/* Flyway reads its locations' subdirectories too */
	if ((error = rt_import_list_tree(&names, &n, set, ctx->src, NULL)) < 0)
		return error;
	/* versioned scripts, then undo scripts and settings, which name one */
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < n; i++) {
			const char *f = strrchr(names[i], '/');
			size_t fl;
			char *path, *version, *desc, *text;
			rt_import_migration *m;
			int fit;

			f = f ? f + 1 : names[i];
			fl = strlen(f);
			if (!(path = rt_import_path(set, ctx->src, names[i])))
				return RT_ERROR;
			if (fl > 9 && !strcmp(f + fl - 9, ".sql.conf")) {
				char *script;
				int no_tx;

				if (!pass)
					continue;
				script = rt_import_strndup(set, f, fl - 5);
				if (!script)
					return RT_ERROR;
				if ((fit = split_name(set, script, &version,
						      &desc)) < 0)
					return RT_ERROR;
				m = fit ? find_version(set, version) : NULL;
				if (!m || script[0] != 'V') {
					if (fit && script[0] == 'U')
						continue; /* an undo's own */
					rt_error_set(RT_ERROR_PARSE,
						     "'%s' configures no "
						     "versioned migration of "
						     "SRC",
						     path);
					return RT_ERROR;
				}
				if ((error = read_conf(&no_tx, set, path)) < 0)
					return error;
				m->up_no_transaction = no_tx;
				continue;
			}
			if (fl < 4 || strcmp(f + fl - 4, ".sql"))
				continue;
			if (f[0] == 'R' && !strncmp(f, "R__", 3)) {
				rt_error_set(RT_ERROR_PARSE,
					     "'%s' is a Flyway repeatable "
					     "migration: retort has no "
					     "repeatable migrations yet",
					     path);
				rt_error_hint("move it out of SRC, import, and "
					      "add its SQL as a new retort "
					      "migration ('retort new')");
				return RT_ERROR;
			}
			fit = (f[0] == 'V' || f[0] == 'U')
				  ? split_name(set, f, &version, &desc)
				  : 0;
			if (fit < 0)
				return RT_ERROR;
			if (!fit) {
				if (pass)
					continue;
				rt_error_set(RT_ERROR_PARSE,
					     "'%s' is not a Flyway migration "
					     "name",
					     path);
				rt_error_hint("Flyway names migrations "
					      "V<version>__<description>.sql "
					      "(undo: U<version>__...sql), "
					      "e.g. V1_1__add_email.sql");
				return RT_ERROR;
			}
			if ((f[0] == 'V') != (pass == 0))
				continue;
			if ((error = rt_import_read_file(&text, NULL, set,
							 path)) < 0)
				return error;
			m = find_version(set, version);
			if (f[0] == 'V') {
				if (m) {
					rt_error_set(RT_ERROR_PARSE,
						     "two migrations have "
						     "version '%s': '%s' and "
						     "'%s'",
						     version, m->file, path);
					rt_error_hint("Flyway applies one "
						      "migration per version: "
						      "remove or renumber one "
						      "of them");
					return RT_ERROR;
				}
				if (!(m = rt_import_add(set)))
					return RT_ERROR;
				m->version = version;
				m->name = desc;
				m->file = path;
				m->up_sql = text;
				continue;
			}
			if (!m) {
				rt_error_set(RT_ERROR_PARSE,
					     "undo migration '%s' has no "
					     "V%s__*.sql to undo",
					     path, version);
				return RT_ERROR;
			}
			if (m->down_sql) {
				rt_error_set(RT_ERROR_PARSE,
					     "two undo migrations have version "
					     "'%s' ('%s' is the second)",
					     version, path);
				return RT_ERROR;
			}
			m->down_sql = text;
		}
	}
	rt_import_sort(set, by_version);
	return 0;
}

static int is_true(const char *v)
{
	return v &&
	       (!strcmp(v, "t") || !strcmp(v, "1") || !strcasecmp(v, "true"));
}

static int add_row(void *payload, int ncols, const char *const *vals)
{
	rt_import_set *set = payload;
	const char *version = vals[0], *type = vals[1];
	rt_import_migration *m;
	size_t i;

	if (ncols < 3 || !version || !type || !strcmp(type, "SCHEMA"))
		return 0; /* repeatables, the schema's creation */
	if (!is_true(vals[2]))
		return rt_import_note(set,
				      "flyway_schema_history has a failed "
				      "row for version %s: it stays "
				      "pending",
				      version);
	if (!strcmp(type, "BASELINE")) {
		for (i = 0; i < set->count; i++)
			if (cmp_version(set->migrations[i]->version, version) <=
			    0)
				set->migrations[i]->applied = 1;
		return 0;
	}
	m = find_version(set, version);
	if (!strcmp(type, "UNDO_SQL") || !strcmp(type, "DELETE")) {
		if (m)
			m->applied = 0;
		return 0;
	}
	if (!m)
		return rt_import_mark_applied(set, version);
	m->applied = 1;
	return 0;
}

static int fw_applied(rt_import_set *set, const rt_import_ctx *ctx)
{
	int exists, error;

	if ((error = rt_import_table_exists(ctx, "flyway_schema_history",
					    &exists)) < 0)
		return error;
	if (!exists)
		return rt_import_note(set, "no flyway_schema_history table in "
					   "the database: nothing is applied");
	return rt_import_query(ctx,
			       "SELECT version, type, success FROM "
			       "flyway_schema_history ORDER BY installed_rank",
			       add_row, set);
}

const rt_importer rt_importer_flyway = {
    .name = "flyway",
    .src = "the folder of V<version>__<description>.sql scripts",
    .table = "flyway_schema_history",
    .linear = 1,
    .read = fw_read,
    .applied = fw_applied,
};
