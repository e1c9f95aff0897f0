/*
 * import.c: what every importer shares (import.h says how one plugs in):
 * the table of importers, the set the importer fills, the retort names
 * (ids that are valid UTC times in order, slugs that keep the source's
 * version and name), the files, written into a temporary directory
 * beside DIR and renamed into place only when every one of them parses
 * and the graph loads, and the record of the applied revisions: one
 * transaction, a retort_log row each, the other tool's table only read.
 *
 * Failure outputs: an error set where it was found; no file in DIR and
 * no row in the database (the temporary directory is removed; the
 * transaction rolled back, the directory renamed back out of the way).
 */
#include "import/import.h"
#include "engine/engine.h"
#include "migration/migration.h"
#include "util/fs.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const rt_importer *const importers[] = {
    &rt_importer_alembic,	 &rt_importer_dbmate,	   &rt_importer_goose,
    &rt_importer_golang_migrate, &rt_importer_sql_migrate, &rt_importer_sqitch,
    &rt_importer_flyway,
};

const rt_importer *const *rt_importer_all(size_t *n)
{
	*n = RT_ARRAY_SIZE(importers);
	return importers;
}

const rt_importer *rt_importer_named(const char *name)
{
	size_t i;

	for (i = 0; i < RT_ARRAY_SIZE(importers); i++)
		if (!strcmp(importers[i]->name, name))
			return importers[i];
	return NULL;
}

const char *rt_import_tool(size_t i, const char **src)
{
	if (i >= RT_ARRAY_SIZE(importers))
		return NULL;
	if (src)
		*src = importers[i]->src;
	return importers[i]->name;
}

/* ---- the set ------------------------------------------------------- */

rt_import_migration *rt_import_add(rt_import_set *set)
{
	rt_import_migration *m;

	if (set->count == set->cap) {
		size_t cap = set->cap ? 2 * set->cap : 16;
		rt_import_migration **v =
		    rt_arena_array(&set->arena, cap, sizeof(*v));

		if (!v)
			return NULL;
		if (set->count)
			memcpy(v, set->migrations, set->count * sizeof(*v));
		set->migrations = v;
		set->cap = cap;
	}
	if (!(m = rt_arena_alloc(&set->arena, sizeof(*m))))
		return NULL;
	set->migrations[set->count++] = m;
	return m;
}

char *rt_import_strdup(rt_import_set *set, const char *s)
{
	return rt_arena_strdup(&set->arena, s);
}

char *rt_import_strndup(rt_import_set *set, const char *s, size_t n)
{
	return rt_arena_strndup(&set->arena, s, n);
}

int rt_import_note(rt_import_set *set, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = rt_arena_vprintf(&set->arena, fmt, ap);
	va_end(ap);
	if (!s)
		return RT_ERROR;
	if (set->nnotes == set->notes_cap) {
		size_t cap = set->notes_cap ? 2 * set->notes_cap : 4;
		const char **v = rt_arena_array(&set->arena, cap, sizeof(*v));

		if (!v)
			return RT_ERROR;
		if (set->nnotes)
			memcpy(v, set->notes, set->nnotes * sizeof(*v));
		set->notes = v;
		set->notes_cap = cap;
	}
	set->notes[set->nnotes++] = s;
	return 0;
}

int rt_import_read_file(char **out, size_t *len, rt_import_set *set,
			const char *path)
{
	rt_buf b = RT_BUF_INIT;
	int error;

	*out = NULL;
	rt_buf_init(&b);
	if ((error = rt_fs_read(&b, path)) < 0)
		goto done;
	if (memchr(b.ptr, '\0', b.len)) {
		error = rt_error_set(RT_ERROR_PARSE,
				     "'%s' holds a NUL byte: not an SQL file",
				     path);
		goto done;
	}
	if (!(*out = rt_arena_strndup(&set->arena, b.ptr, b.len))) {
		error = RT_ERROR;
		goto done;
	}
	if (len)
		*len = b.len;
done:
	rt_buf_release(&b);
	return error;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int rt_import_list(const char ***names, size_t *n, rt_import_set *set,
		   const char *dir, const char *suffix)
{
	DIR *d;
	struct dirent *e;
	rt_vec v = {0};
	size_t sl = suffix ? strlen(suffix) : 0;
	int error = 0;

	*names = NULL;
	*n = 0;
	if (!(d = opendir(dir))) {
		int missing = errno == ENOENT;

		error = rt_error_os("open directory", dir);
		if (missing)
			rt_error_hint("SRC is %s", set->importer->src);
		return missing ? RT_ENOTFOUND : error;
	}
	while ((e = readdir(d))) {
		size_t l = strlen(e->d_name);
		char *path;
		struct stat st;

		if (e->d_name[0] == '.')
			continue;
		if (sl && (l < sl || strcmp(e->d_name + l - sl, suffix)))
			continue;
		if (!(path = rt_import_path(set, dir, e->d_name))) {
			error = RT_ERROR;
			break;
		}
		if (stat(path, &st) < 0) {
			error = rt_error_os("read", path);
			break;
		}
		if (!S_ISREG(st.st_mode))
			continue;
		if ((error = rt_vec_push(
			 &set->arena, &v,
			 rt_arena_strdup(&set->arena, e->d_name))) < 0)
			break;
	}
	closedir(d);
	if (error < 0)
		return error;
	if (v.len)
		qsort(v.items, v.len, sizeof(*v.items), cmp_names);
	*names = (const char **)v.items;
	*n = v.len;
	return 0;
}

/* The files under `dir` + `rel` into `v` as paths relative to `dir`. */
static int list_tree(rt_vec *v, rt_import_set *set, const char *dir,
		     const char *rel, const char *suffix, int depth)
{
	const char *here = *rel ? rt_import_path(set, dir, rel) : dir;
	const char **names;
	size_t n, i;
	DIR *d;
	struct dirent *e;
	int error;

	if (!here)
		return RT_ERROR;
	if ((error = rt_import_list(&names, &n, set, here, suffix)) < 0)
		return error;
	for (i = 0; i < n; i++) {
		char *r = *rel ? rt_import_path(set, rel, names[i])
			       : rt_arena_strdup(&set->arena, names[i]);

		if (!r || rt_vec_push(&set->arena, v, r) < 0)
			return RT_ERROR;
	}
	if (depth >= 16 || !(d = opendir(here)))
		return 0;
	while ((e = readdir(d))) {
		struct stat st;
		char *sub, *path;

		if (e->d_name[0] == '.')
			continue;
		path = rt_import_path(set, here, e->d_name);
		if (!path || stat(path, &st) < 0 || !S_ISDIR(st.st_mode))
			continue;
		sub = *rel ? rt_import_path(set, rel, e->d_name)
			   : rt_arena_strdup(&set->arena, e->d_name);
		if (!sub) {
			error = RT_ERROR;
			break;
		}
		if ((error = list_tree(v, set, dir, sub, suffix, depth + 1)) <
		    0)
			break;
	}
	closedir(d);
	return error;
}

int rt_import_list_tree(const char ***names, size_t *n, rt_import_set *set,
			const char *dir, const char *suffix)
{
	rt_vec v = {0};
	int error = list_tree(&v, set, dir, "", suffix, 0);

	*names = (const char **)v.items;
	*n = v.len;
	return error;
}

char *rt_import_path(rt_import_set *set, const char *dir, const char *name)
{
	size_t l = strlen(dir);

	if (l && dir[l - 1] == '/')
		return rt_arena_printf(&set->arena, "%s%s", dir, name);
	return rt_arena_printf(&set->arena, "%s/%s", dir, name);
}

rt_import_migration *rt_import_find(const rt_import_set *set,
				    const char *version)
{
	size_t i;

	for (i = 0; i < set->count; i++)
		if (!strcmp(set->migrations[i]->version, version))
			return set->migrations[i];
	return NULL;
}

int rt_import_mark_applied(rt_import_set *set, const char *version)
{
	rt_import_migration *m = rt_import_find(set, version);

	if (!m) {
		rt_error_set(RT_ERROR_STATE,
			     "%s's table '%s' names version '%s' that no "
			     "migration in the source has",
			     set->importer->name, set->importer->table,
			     version);
		rt_error_detail("retort can record only the revisions it "
				"imports; a database ahead of the files would "
				"be left with a state no file explains");
		rt_error_hint("import the folder the database was migrated "
			      "from (is a file missing, or the URL another "
			      "project's?)");
		return RT_ERROR;
	}
	m->applied = 1;
	return 0;
}

int rt_import_table_exists(const rt_import_ctx *ctx, const char *name,
			   int *exists)
{
	*exists = 0;
	return ctx->db->be->table_exists(ctx->db->conn, name, exists);
}

typedef struct query_wrap {
	int (*cb)(void *payload, int ncols, const char *const *vals);
	void *payload;
	int error;
} query_wrap;

static int query_row(void *payload, int ncols, const char *const *vals)
{
	query_wrap *q = payload;

	q->error = q->cb(q->payload, ncols, vals);
	return q->error != 0;
}

int rt_import_query(const rt_import_ctx *ctx, const char *sql,
		    int (*cb)(void *payload, int ncols,
			      const char *const *vals),
		    void *payload)
{
	query_wrap q = {cb, payload, 0};
	int error =
	    ctx->db->be->query(ctx->db->conn, sql, NULL, 0, query_row, &q);

	return error < 0 ? error : q.error < 0 ? q.error : 0;
}

/* ---- lines --------------------------------------------------------- */

int rt_import_next_line(rt_import_line *l, const char *at, int no)
{
	const char *nl;

	if (!at || !*at)
		return 0;
	nl = strchr(at, '\n');
	l->p = at;
	l->len = nl ? (size_t)(nl - at) : strlen(at);
	if (l->len && at[l->len - 1] == '\r')
		l->len--;
	l->no = no;
	l->next = nl ? nl + 1 : at + strlen(at);
	return 1;
}

int rt_import_line_is_comment(const rt_import_line *l)
{
	size_t i = 0;

	while (i < l->len && isspace((unsigned char)l->p[i]))
		i++;
	return i == l->len ||
	       (i + 1 < l->len && l->p[i] == '-' && l->p[i + 1] == '-');
}

int rt_import_store_parts(rt_import_migration *m, rt_import_set *set,
			  rt_import_part *up, rt_import_part *down, int no_tx)
{
	int error;

	if ((error = rt_buf_check(&up->sql)) < 0 ||
	    (error = rt_buf_check(&down->sql)) < 0)
		goto done;
	m->up_sql = rt_import_strdup(set, rt_buf_cstr(&up->sql));
	m->up_no_transaction = up->no_tx || no_tx;
	if (down->seen) {
		m->down_sql = rt_import_strdup(set, rt_buf_cstr(&down->sql));
		m->down_no_transaction = down->no_tx || no_tx;
		if (!m->down_sql)
			error = RT_ERROR;
	}
	if (!m->up_sql)
		error = RT_ERROR;
done:
	rt_buf_release(&up->sql);
	rt_buf_release(&down->sql);
	return error;
}

void rt_import_sort(rt_import_set *set, int (*cmp)(const void *, const void *))
{
	if (set->count > 1)
		qsort(set->migrations, set->count, sizeof(*set->migrations),
		      cmp);
}

int rt_import_error_at(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	rt_error_vset(RT_ERROR_PARSE, fmt, ap);
	va_end(ap);
	rt_error_at(file, line, 0);
	return RT_ERROR;
}

/* ---- names --------------------------------------------------------- */

/* Is `v` 14 digits that make a valid UTC time? *t receives it. */
static int version_is_time(const char *v, time_t *t)
{
	struct tm tm, back;
	size_t i;

	if (strlen(v) != 14)
		return 0;
	for (i = 0; i < 14; i++)
		if (!isdigit((unsigned char)v[i]))
			return 0;
	memset(&tm, 0, sizeof(tm));
	if (sscanf(v, "%4d%2d%2d%2d%2d%2d", &tm.tm_year, &tm.tm_mon,
		   &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
		return 0;
	if (tm.tm_year < 1970)
		return 0;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	back = tm;
	*t = timegm(&tm);
	/* timegm normalizes 20241301...: a month 13 is not a time */
	return tm.tm_year == back.tm_year && tm.tm_mon == back.tm_mon &&
	       tm.tm_mday == back.tm_mday && tm.tm_hour == back.tm_hour &&
	       tm.tm_min == back.tm_min && tm.tm_sec == back.tm_sec;
}

static void format_id(char out[15], time_t t)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	if (strftime(out, 15, "%Y%m%d%H%M%S", &tm) != 14)
		memcpy(out, "99991231235959", 15);
}

/* `s` lowercased, every run of other characters one '_', none at
 * either end, at most `max` bytes. */
static void put_slug(rt_buf *b, const char *s, size_t max)
{
	size_t start = b->len;
	int gap = 0;

	for (; *s && b->len - start < max; s++) {
		unsigned char c = (unsigned char)*s;

		if (isalnum(c) && c < 128) {
			if (gap && b->len > start)
				rt_buf_putc(b, '_');
			rt_buf_putc(b, (char)tolower(c));
			gap = 0;
		} else {
			gap = 1;
		}
	}
}

/*
 * Ids: when every version is a valid time and they increase in the
 * set's order, the versions themselves (dbmate's and goose's default);
 * otherwise one second apart, ending at the import time, so every id is
 * in the past and a later `retort new` follows them. Slugs: the name,
 * after the version unless the id is the version.
 */
static int assign_names(rt_import_set *set, const rt_import_options *opts)
{
	time_t prev = 0, t, base;
	int times = 1;
	size_t i;
	rt_buf b = RT_BUF_INIT;
	int error = 0;

	rt_buf_init(&b);
	for (i = 0; i < set->count && times; i++) {
		if (!version_is_time(set->migrations[i]->version, &t) ||
		    (i && t <= prev))
			times = 0;
		prev = t;
	}
	base = opts->now ? (time_t)opts->now : time(NULL);
	base -= (time_t)set->count;
	for (i = 0; i < set->count; i++) {
		rt_import_migration *m = set->migrations[i];
		char id[15];
		size_t at;

		rt_buf_clear(&b);
		if (times) {
			memcpy(id, m->version, 15);
		} else {
			format_id(id, base + (time_t)i + 1);
		}
		rt_buf_printf(&b, "%s_", id);
		at = b.len;
		if (!times) {
			const char *tag = m->tag ? m->tag : m->version;

			if (isdigit((unsigned char)tag[0]))
				rt_buf_putc(&b, 'v');
			put_slug(&b, tag, 40);
		}
		if (m->name && *m->name) {
			size_t before = b.len;

			if (b.len > at)
				rt_buf_putc(&b, '_');
			put_slug(&b, m->name, 60);
			if (b.len == before + 1 && b.ptr[before] == '_')
				rt_buf_truncate(&b, before);
		}
		if (b.len == at)
			rt_buf_puts(&b, "import");
		if ((error = rt_buf_check(&b)) < 0)
			break;
		if (!(m->revision = rt_arena_strdup(&set->arena, b.ptr))) {
			error = RT_ERROR;
			break;
		}
	}
	rt_buf_release(&b);
	return error;
}

/* Duplicates, parents (linear: the previous one; else by version, which
 * must come earlier). */
static int link_parents(rt_import_set *set)
{
	size_t i, j, k;

	for (i = 0; i < set->count; i++) {
		rt_import_migration *m = set->migrations[i];

		if (!m->version || !*m->version || !m->up_sql)
			return rt_error_set(RT_ERROR_INTERNAL,
					    "importer '%s' left migration %zu "
					    "without a version or up SQL",
					    set->importer->name, i + 1);
		for (j = 0; j < i; j++)
			if (!strcmp(set->migrations[j]->version, m->version)) {
				rt_error_set(RT_ERROR_PARSE,
					     "two migrations have version "
					     "'%s': '%s' and '%s'",
					     m->version,
					     set->migrations[j]->file, m->file);
				rt_error_hint("%s applies one migration per "
					      "version: remove or renumber "
					      "one of them",
					      set->importer->name);
				return RT_ERROR;
			}
		if (set->importer->linear) {
			if (i == 0)
				continue;
			m->rparents =
			    rt_arena_array(&set->arena, 1, sizeof(char *));
			if (!m->rparents)
				return RT_ERROR;
			m->rparents[0] = set->migrations[i - 1]->revision;
			m->nrparents = 1;
			continue;
		}
		if (!m->nparents)
			continue;
		m->rparents =
		    rt_arena_array(&set->arena, m->nparents, sizeof(char *));
		if (!m->rparents)
			return RT_ERROR;
		for (k = 0; k < m->nparents; k++) {
			for (j = 0; j < i; j++)
				if (!strcmp(set->migrations[j]->version,
					    m->parents[k]))
					break;
			if (j == i) {
				rt_error_set(RT_ERROR_GRAPH,
					     "migration '%s' (%s) names "
					     "parent '%s', which is not an "
					     "earlier migration of the source",
					     m->version, m->file,
					     m->parents[k]);
				return RT_ERROR;
			}
			m->rparents[k] = set->migrations[j]->revision;
		}
		m->nrparents = m->nparents;
	}
	return 0;
}

/* The comment's text on one line: no newline can end it early. */
static void put_oneline(rt_buf *b, const char *s)
{
	for (; *s; s++)
		rt_buf_putc(b, *s == '\n' || *s == '\r' ? ' ' : *s);
}

static void put_section(rt_buf *b, const char *dir, int no_tx, const char *sql)
{
	size_t l = strlen(sql);

	rt_buf_printf(b, "-- retort:%s%s\n", dir,
		      no_tx ? " transaction=false" : "");
	rt_buf_puts(b, sql);
	if (l && sql[l - 1] != '\n')
		rt_buf_putc(b, '\n');
}

static void render(rt_buf *b, const rt_import_set *set,
		   const rt_import_migration *m)
{
	size_t k;

	rt_buf_printf(b, "-- imported from %s: ", set->importer->name);
	put_oneline(b, m->file ? m->file : "?");
	rt_buf_puts(b, " (version ");
	put_oneline(b, m->version);
	if (m->name && *m->name) {
		rt_buf_puts(b, ", ");
		put_oneline(b, m->name);
	}
	rt_buf_puts(b, ")\n");
	if (!m->down_sql)
		rt_buf_printf(b,
			      "-- irreversible: the %s migration has no "
			      "down part\n",
			      set->importer->name);
	if (m->nrparents) {
		rt_buf_puts(b, "-- retort:parent");
		for (k = 0; k < m->nrparents; k++)
			rt_buf_printf(b, " %s", m->rparents[k]);
		rt_buf_putc(b, '\n');
	}
	put_section(b, "up", m->up_no_transaction, m->up_sql);
	if (m->down_sql)
		put_section(b, "down", m->down_no_transaction, m->down_sql);
}

/* ---- the directory ------------------------------------------------- */

/* 0 when `dir` is absent or an empty directory; else the refusal. */
static int check_target_dir(const char *dir)
{
	DIR *d;
	struct dirent *e;
	int empty = 1;

	if (!rt_fs_exists(dir))
		return 0;
	if (!rt_fs_is_dir(dir))
		return rt_error_set(RT_ERROR_USAGE,
				    "'%s' exists and is not a directory", dir);
	if (!(d = opendir(dir)))
		return rt_error_os("open directory", dir);
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			empty = 0;
			break;
		}
	closedir(d);
	if (empty)
		return 0;
	rt_error_set(RT_ERROR_USAGE, "'%s' is not empty", dir);
	rt_error_detail("import writes a new migration directory and never "
			"mixes with files already there (a second import "
			"into one directory is refused)");
	rt_error_hint("import into a new directory (--dir DIR), or move "
		      "'%s' away first",
		      dir);
	return RT_ERROR;
}

/* SRC and DIR one directory: the import would write over its source. */
static int check_same_dir(const char *src, const char *dir)
{
	struct stat a, b;

	if (stat(src, &a) < 0 || stat(dir, &b) < 0 || a.st_dev != b.st_dev ||
	    a.st_ino != b.st_ino)
		return 0;
	rt_error_set(RT_ERROR_USAGE, "SRC '%s' is the migration directory '%s'",
		     src, dir);
	rt_error_hint("import writes a new directory: give another one with "
		      "--dir (e.g. --dir migrations.retort), then replace "
		      "the old one");
	return RT_ERROR;
}

/* Remove the files this import wrote into `tmp`, then `tmp`. */
static void remove_tmp(const char *tmp, const rt_import_set *set)
{
	size_t i;
	rt_buf p = RT_BUF_INIT;

	rt_buf_init(&p);
	for (i = 0; i < set->count; i++) {
		rt_buf_clear(&p);
		rt_buf_printf(&p, "%s/%s.sql", tmp,
			      set->migrations[i]->revision);
		if (!rt_buf_check(&p))
			unlink(p.ptr);
	}
	rt_buf_release(&p);
	rmdir(tmp);
}

/* The files into a new temporary directory beside `dir`; each is parsed
 * as it is written, so a source whose SQL retort would misread (a line
 * that looks like a retort directive) fails naming its source file. */
static int write_tmp(char **tmp_out, rt_import_set *set, const char *dir)
{
	rt_buf text = RT_BUF_INIT, path = RT_BUF_INIT;
	char *tmp = NULL, *slash;
	size_t i;
	int error = 0;

	*tmp_out = NULL;
	rt_buf_init(&text);
	rt_buf_init(&path);
	/* the parent of dir, created when missing */
	rt_buf_puts(&path, dir);
	while (path.len > 1 && path.ptr[path.len - 1] == '/')
		rt_buf_truncate(&path, path.len - 1);
	if ((error = rt_buf_check(&path)) < 0)
		goto done;
	slash = strrchr(path.ptr, '/');
	if (slash) {
		rt_buf_truncate(&path, (size_t)(slash - path.ptr) + 1);
		if (path.len > 1 &&
		    (error = rt_fs_mkdir(rt_buf_cstr(&path))) < 0)
			goto done;
	} else {
		rt_buf_clear(&path);
	}
	rt_buf_puts(&path, ".retort-import-XXXXXX");
	if ((error = rt_buf_check(&path)) < 0)
		goto done;
	if (!mkdtemp(path.ptr)) {
		error = rt_error_os("create a temporary directory", path.ptr);
		goto done;
	}
	tmp = rt_buf_detach(&path);
	for (i = 0; i < set->count; i++) {
		const rt_import_migration *m = set->migrations[i];
		rt_migration *parsed;
		rt_arena a = RT_ARENA_INIT;
		char *file;

		rt_buf_clear(&text);
		render(&text, set, m);
		if ((error = rt_buf_check(&text)) < 0)
			break;
		rt_arena_init(&a);
		file = rt_arena_printf(&a, "%s/%s.sql", tmp, m->revision);
		error = file
			    ? rt_migration_parse(&parsed, &a, file, m->revision,
						 text.ptr, text.len)
			    : RT_ERROR;
		if (error < 0) {
			rt_error_prefix("the retort file made from '%s' would "
					"not read back: ",
					m->file);
			rt_error_hint("the source holds a line retort reads as "
				      "a directive ('-- retort:...'): edit it "
				      "in the source and import again");
		} else {
			error = rt_fs_write_new(file, text.ptr, text.len);
		}
		rt_arena_release(&a);
		if (error < 0)
			break;
	}
done:
	rt_buf_release(&text);
	rt_buf_release(&path);
	if (error < 0 && tmp) {
		remove_tmp(tmp, set);
		free(tmp);
		tmp = NULL;
	}
	*tmp_out = tmp;
	return error;
}

/* ---- the record ---------------------------------------------------- */

static int lock_db(rt_db *db)
{
	return db->be->lock ? db->be->lock(db->conn) : 0;
}

static void unlock_db(rt_db *db)
{
	if (db->be->unlock)
		db->be->unlock(db->conn);
}

static int rollback(rt_db *db, int error)
{
	rt_error_saved *saved = rt_error_save();

	db->be->rollback(db->conn);
	rt_error_restore(saved);
	return error;
}

/*
 * In one transaction: refuse a database retort already keeps state in,
 * then a retort_migrations row and an "import" retort_log row per
 * applied revision; `tmp` becomes `dir` before the commit, and moves
 * back when the commit fails.
 */
static int record(rt_import_set *set, rt_db *db, const rt_dir *loaded,
		  const char *tmp, const char *dir)
{
	rt_state_writer w = {db, db->be, NULL, 0};
	rt_state_row *rows;
	size_t nrows, i;
	rt_arena a = RT_ARENA_INIT;
	int error, renamed = 0;

	rt_arena_init(&a);
	if ((error = lock_db(db)) < 0)
		return error;
	if ((error = rt_state_ensure(db)) < 0 ||
	    (error = db->be->begin(db->conn)) < 0)
		goto done;
	if ((error = rt_state_read(&rows, &nrows, &a, db)) < 0) {
		error = rollback(db, error);
		goto done;
	}
	if (nrows) {
		rt_error_set(RT_ERROR_STATE,
			     "the database already has retort state (%zu "
			     "revision%s recorded, e.g. '%s')",
			     nrows, nrows == 1 ? "" : "s", rows[0].revision);
		rt_error_hint("import records the other tool's state into a "
			      "database retort has not migrated yet; without "
			      "--url only the files are written");
		error = rollback(db, RT_ERROR);
		goto done;
	}
	for (i = 0; i < set->count && !error; i++) {
		const rt_import_migration *m = set->migrations[i];
		const rt_migration *rm;
		rt_log_entry e;
		char *msg;

		if (!m->applied)
			continue;
		if (!(rm = rt_dir_get(loaded, m->revision))) {
			error = rt_error_set(RT_ERROR_INTERNAL,
					     "imported revision '%s' missing "
					     "from the written directory",
					     m->revision);
			break;
		}
		msg = rt_arena_printf(&a,
				      "imported from %s: version %s "
				      "applied in %s",
				      set->importer->name, m->version,
				      set->importer->table);
		if (!msg) {
			error = RT_ERROR;
			break;
		}
		memset(&e, 0, sizeof(e));
		e.event = "import";
		e.revision = rm->name;
		e.direction = "up";
		e.checksum = rm->checksum;
		e.duration_ms = -1;
		e.message = msg;
		if ((error = rt_state_mark_applied(&w, rm, 0, 0)) == 0)
			error = rt_state_log(&w, &e);
	}
	if (error < 0) {
		error = rollback(db, error);
		goto done;
	}
	if (rename(tmp, dir) < 0) {
		error = rollback(db, rt_error_os("rename the "
						 "imported directory to",
						 dir));
		goto done;
	}
	renamed = 1;
	if ((error = rt_fault_commit(db)) < 0) {
		/* the commit failed: nothing recorded, so no files either */
		if (rename(dir, tmp) == 0)
			renamed = 0;
	}
done:
	unlock_db(db);
	rt_arena_release(&a);
	if (!error && !renamed)
		error = rt_error_set(RT_ERROR_INTERNAL, "import not renamed");
	return error;
}

/* A revision recorded as applied after one that is not (goose's
 * allow-missing, Flyway's outOfOrder): said in the plan, since upgrade
 * will then run the earlier one after the later. */
static int note_out_of_order(rt_import_set *set)
{
	size_t i, j;

	for (i = 0; i < set->count; i++) {
		rt_import_migration *m = set->migrations[i];

		if (!m->applied)
			continue;
		for (j = 0; j < i; j++)
			if (!set->migrations[j]->applied && m->nrparents &&
			    set->importer->linear)
				return rt_import_note(
				    set,
				    "version %s is applied but the "
				    "earlier %s is not (applied out of "
				    "order): upgrade will run %s after it",
				    m->version, set->migrations[j]->version,
				    set->migrations[j]->revision);
	}
	return 0;
}

/* ---- the entry point ----------------------------------------------- */

void rt_import_result_free(rt_import_result *r)
{
	rt_import_set *set;

	if (!r)
		return;
	set = r->priv;
	if (set) {
		rt_arena a = set->arena;

		/* the set, the result and everything in them live in it */
		rt_arena_release(&a);
		return;
	}
	free(r);
}

static int fill_result(rt_import_result *r, rt_import_set *set, const char *dir)
{
	size_t i;

	r->tool = set->importer->name;
	r->table = set->importer->table;
	r->dir = rt_arena_strdup(&set->arena, dir);
	r->entries =
	    rt_arena_array(&set->arena, set->count + 1, sizeof(*r->entries));
	if (!r->dir || !r->entries)
		return RT_ERROR;
	r->count = set->count;
	for (i = 0; i < set->count; i++) {
		const rt_import_migration *m = set->migrations[i];
		rt_import_entry *e = &r->entries[i];

		e->revision = m->revision;
		e->version = m->version;
		e->name = m->name ? m->name : "";
		e->file = m->file ? m->file : "";
		e->parents = m->rparents;
		e->nparents = m->nrparents;
		e->reversible = m->down_sql != NULL;
		e->up_no_transaction = m->up_no_transaction;
		e->down_no_transaction = m->down_no_transaction;
		e->applied = m->applied;
		r->napplied += m->applied != 0;
		r->nirreversible += m->down_sql == NULL;
	}
	r->notes = set->notes;
	r->nnotes = set->nnotes;
	return 0;
}

static int unknown_tool(const char *tool)
{
	rt_buf names = RT_BUF_INIT;
	size_t i;

	rt_buf_init(&names);
	for (i = 0; i < RT_ARRAY_SIZE(importers); i++)
		rt_buf_printf(&names, "%s%s", i ? ", " : "",
			      importers[i]->name);
	rt_error_set(RT_ERROR_USAGE, "unknown tool '%s'", tool);
	rt_error_hint("TOOL is one of: %s", rt_buf_cstr(&names));
	rt_buf_release(&names);
	return RT_EUSAGE;
}

int rt_import(rt_import_result **out, const char *tool, const char *src,
	      const rt_import_options *opts)
{
	rt_arena arena = RT_ARENA_INIT;
	rt_import_set *set;
	rt_import_result *r;
	rt_import_ctx ctx;
	const rt_importer *imp = rt_importer_named(tool);
	const char *dir = opts->dir ? opts->dir : "migrations";
	rt_dir *loaded = NULL;
	char *tmp = NULL;
	int error;

	*out = NULL;
	if (!imp)
		return unknown_tool(tool);
	if (!src || !*src)
		return rt_error_setc(RT_EUSAGE, RT_ERROR_USAGE,
				     "import needs SRC: %s", imp->src);
	rt_arena_init(&arena);
	set = rt_arena_alloc(&arena, sizeof(*set));
	r = rt_arena_alloc(&arena, sizeof(*r));
	if (!set || !r) {
		rt_arena_release(&arena);
		return RT_ERROR;
	}
	set->arena = arena; /* from here on, set->arena owns it all */
	set->importer = imp;
	r->priv = set;

	memset(&ctx, 0, sizeof(ctx));
	ctx.src = src;
	ctx.url = opts->url;
	ctx.db = opts->db;
	ctx.dialect = opts->dialect;
	if (!ctx.dialect)
		ctx.dialect =
		    opts->db ? opts->db->be->name : rt_backend_default()->name;

	if ((error = check_same_dir(src, dir)) < 0 ||
	    (error = check_target_dir(dir)) < 0)
		goto done;
	if ((error = imp->read(set, &ctx)) < 0)
		goto done;
	if (!set->count) {
		error =
		    rt_error_set(RT_ERROR_PARSE, "'%s' holds no %s migration",
				 src, imp->name);
		rt_error_hint("SRC is %s", imp->src);
		goto done;
	}
	if ((error = assign_names(set, opts)) < 0 ||
	    (error = link_parents(set)) < 0)
		goto done;
	if (opts->db && opts->db->exists) {
		if ((error = imp->applied(set, &ctx)) < 0 ||
		    (error = note_out_of_order(set)) < 0)
			goto done;
		r->db_read = 1;
	} else if (opts->db) {
		r->db_read = 1;
		if ((error = rt_import_note(set, "the database does not exist "
						 "yet: nothing is applied")) <
		    0)
			goto done;
	}
	/* the dry run writes and reads back too, then removes: it fails
	 * wherever the real import would */
	if ((error = write_tmp(&tmp, set, dir)) < 0)
		goto done;
	if ((error = rt_dir_load(&loaded, tmp)) < 0) {
		rt_error_prefix("the imported directory does not load: ");
		goto done;
	}
	if (opts->dry_run) {
		remove_tmp(tmp, set);
		goto done;
	}
	if (opts->db && opts->db->exists) {
		size_t i, any = 0;

		for (i = 0; i < set->count; i++)
			any |= set->migrations[i]->applied != 0;
		if (any) {
			if ((error = record(set, opts->db, loaded, tmp, dir)) <
			    0)
				goto done;
			r->recorded = 1;
			goto done;
		}
	}
	if (rename(tmp, dir) < 0)
		error = rt_error_os("rename the imported directory "
				    "to",
				    dir);
done:
	if (error < 0 && tmp)
		remove_tmp(tmp, set);
	free(tmp);
	rt_dir_free(loaded);
	if (!error)
		error = fill_result(r, set, dir);
	if (error < 0) {
		rt_import_result_free(r);
		return error;
	}
	*out = r;
	return 0;
}
