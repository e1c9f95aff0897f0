/*
 * source.c: schema sources (DESIGN.md "Autogenerate"): a database URL,
 * `file://PATH` (a schema file) and `dir://PATH` (a migration directory),
 * each read into a catalog by the engine itself. The two files are loaded
 * into a scratch database of the dialect asked for: SQLite in memory,
 * gone when the catalog is read.
 *
 * This sits above the engine (dir:// runs rt_upgrade), which is why it
 * is the only catalog file that includes more than the backend.
 */
#include "catalog/catalog.h"
#include "util/fs.h"
#include "util/sql_lex.h"

#define FILE_PREFIX "file://"
#define DIR_PREFIX "dir://"

static int has_prefix(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

static int open_scratch(rt_db **out, const char *dialect, const char *src)
{
	if (!strcmp(dialect, "sqlite"))
		return rt_db_open(out, "sqlite::memory:", NULL);
	rt_error_set(RT_ERROR_USAGE,
		     "cannot read '%s' with %s: scratch databases exist for "
		     "SQLite only so far",
		     src, dialect);
	rt_error_hint("PostgreSQL scratch databases (--dev-url) come next");
	return RT_EUSAGE;
}

struct load_ctx {
	rt_db *db;
	const char *path, *text;
	int error;
};

static int load_stmt(void *payload, size_t start, size_t len)
{
	struct load_ctx *x = payload;
	char *sql = strndup(x->text + start, len);
	int pos = -1;

	if (!sql)
		return x->error = rt_error_nomem();
	x->error = x->db->be->exec(x->db->conn, sql, &pos);
	free(sql);
	if (x->error < 0) {
		size_t at =
		    start + (pos >= 0 && (size_t)pos < len ? (size_t)pos : 0);
		int line = rt_sql_line_at(x->text, at, 1);
		int col = 1;

		while (at > 0 && x->text[at - 1] != '\n') {
			at--;
			col++;
		}
		rt_error_at(x->path, line, col);
	}
	return x->error;
}

/* Run a schema file statement by statement; a failure names its line. */
static int load_file(rt_db *db, const char *path)
{
	rt_buf text = RT_BUF_INIT;
	struct load_ctx x;
	int error;

	rt_buf_init(&text);
	if ((error = rt_fs_read(&text, path)) < 0)
		goto done;
	memset(&x, 0, sizeof(x));
	x.db = db;
	x.path = path;
	x.text = rt_buf_cstr(&text);
	error = db->be->split(x.text, text.len, load_stmt, &x);
	if (x.error < 0)
		error = x.error;
done:
	rt_buf_release(&text);
	return error;
}

static int load_dir(rt_db *db, const char *path)
{
	rt_run_options opts = RT_RUN_OPTIONS_INIT;
	rt_dir *dir = NULL;
	int error;

	if ((error = rt_dir_load(&dir, path)) < 0)
		return error;
	opts.target = "heads";
	/* replaying decided history into a scratch database deploys
	 * nothing: upgrade's safety lint has nothing to protect here */
	opts.allow_unsafe = 1;
	if (dir->count)
		error = rt_upgrade(db, dir, &opts);
	if (error < 0)
		rt_error_prefix("applying '%s%s'", DIR_PREFIX, path);
	rt_dir_free(dir);
	return error;
}

int rt_catalog_load_source(rt_catalog **out, const char *src,
			   const char *dialect)
{
	rt_db *db = NULL;
	rt_db_options dbo = {0};
	int error;

	*out = NULL;
	if (!dialect)
		dialect = "sqlite";
	if (has_prefix(src, FILE_PREFIX) || has_prefix(src, DIR_PREFIX)) {
		int is_file = has_prefix(src, FILE_PREFIX);
		const char *path =
		    src + strlen(is_file ? FILE_PREFIX : DIR_PREFIX);

		if (!*path) {
			rt_error_set(RT_ERROR_USAGE, "'%s' names no path", src);
			return RT_EUSAGE;
		}
		if ((error = open_scratch(&db, dialect, src)) < 0)
			return error;
		error = is_file ? load_file(db, path) : load_dir(db, path);
	} else {
		/* a database: read it as it is, never create it */
		dbo.no_create = 1;
		error = rt_db_open(&db, src, &dbo);
	}
	if (!error)
		error = rt_catalog_load(out, db);
	rt_db_close(db);
	return error;
}
