/*
 * source.c: schema sources (DESIGN.md "Autogenerate"): a database URL,
 * `file://PATH` (a schema file) and `dir://PATH` (a migration directory),
 * each read into a catalog by the engine itself. The two files are loaded
 * into a scratch database of the engine asked for, which its catalog ops
 * make and drop (scratch_open, scratch_drop: catalog_<engine>.c); this
 * file knows no engine.
 *
 * Dropping it also when the user interrupts: the CLI's SIGINT/SIGTERM
 * handler calls rt_catalog_interrupt(), which sets a flag and cancels the
 * statement the scratch database is running (rt_backend.cancel is
 * async-signal-safe). The load then fails at once, or at the next
 * statement boundary where it checks the flag, and returns through the
 * one cleanup path below, which closes the connection and drops the
 * database; the CLI exits with the signal's status afterwards. The drop
 * cannot happen in the handler itself (a driver allocates) nor from
 * atexit() (exit() is not async-signal-safe, and the load would still be
 * running on the connection). A SIGKILL runs nothing: a server's scratch
 * database is then left behind, and its name says which process left it.
 *
 * This sits above the engine (dir:// runs rt_upgrade), which is why it
 * is the only catalog file that includes more than the backend.
 */
#include "catalog/catalog.h"
#include "util/fs.h"
#include "util/sql_lex.h"

#include <signal.h>
#include <stdatomic.h>

#define FILE_PREFIX "file://"
#define DIR_PREFIX "dir://"

static int has_prefix(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

/* The connection working in a scratch database, for the signal path. */
static _Atomic(rt_db *) scratch_active;
static volatile sig_atomic_t scratch_interrupted;

void rt_catalog_interrupt(void)
{
	rt_db *db = atomic_load(&scratch_active);

	scratch_interrupted = 1;
	if (db && db->conn && db->be->cancel)
		db->be->cancel(db->conn);
}

int rt_catalog_interrupted(void)
{
	return scratch_interrupted != 0;
}

/* The engine whose scratch database reads a file:// or dir:// source. */
static const rt_backend *scratch_engine(const char *dialect, const char *src)
{
	const rt_backend *be =
	    dialect ? rt_backend_named(dialect) : rt_backend_default();

	if (!be)
		rt_error_set(RT_ERROR_USAGE,
			     "cannot read '%s' with %s: no such engine is "
			     "built into this retort",
			     src, dialect);
	return be;
}

static int open_scratch(rt_scratch *s, const rt_backend **be,
			const char *dialect, const char *src,
			const char *server, const char *schema_name)
{
	int error;

	if (!(*be = scratch_engine(dialect, src)))
		return RT_EUSAGE;
	if ((error = (*be)->catalog->scratch_open(s, server, src,
						  schema_name)) < 0)
		return error;
	atomic_store(&scratch_active, s->db);
	if (rt_catalog_interrupted())
		return rt_error_set(RT_ERROR_OS, "interrupted");
	return 0;
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
	if (rt_catalog_interrupted()) {
		free(sql);
		return x->error = rt_error_set(RT_ERROR_OS, "interrupted");
	}
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
	else if (error < 0 && !rt_error_last()->file)
		/* the splitter's own error (an unterminated comment) */
		rt_error_at(path, rt_error_last()->line,
			    rt_error_last()->column);
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
			   const char *dialect, const char *scratch_url)
{
	return rt_catalog_load_source_in(out, src, dialect, scratch_url, NULL);
}

int rt_catalog_load_source_in(rt_catalog **out, const char *src,
			      const char *dialect, const char *scratch_url,
			      const char *schema_name)
{
	const rt_backend *be = NULL;
	rt_db *db = NULL;
	rt_db_options dbo = {0};
	rt_scratch s = {NULL, NULL};
	int error;

	*out = NULL;
	/* an interruption is about the load it interrupted */
	scratch_interrupted = 0;
	if (has_prefix(src, FILE_PREFIX) || has_prefix(src, DIR_PREFIX)) {
		int is_file = has_prefix(src, FILE_PREFIX);
		const char *path =
		    src + strlen(is_file ? FILE_PREFIX : DIR_PREFIX);

		if (!*path) {
			rt_error_set(RT_ERROR_USAGE, "'%s' names no path", src);
			return RT_EUSAGE;
		}
		error = open_scratch(&s, &be, dialect, src, scratch_url,
				     schema_name);
		db = s.db;
		if (!error)
			error = is_file ? load_file(db, path)
					: load_dir(db, path);
	} else {
		/* a database: read it as it is, never create it */
		dbo.no_create = 1;
		dbo.schema_name = schema_name;
		error = rt_db_open(&db, src, &dbo);
	}
	if (!error)
		error = rt_catalog_load(out, db);
	atomic_store(&scratch_active, NULL);
	if (be)
		be->catalog->scratch_drop(&s);
	else
		rt_db_close(db);
	if (error < 0 && rt_catalog_interrupted())
		rt_error_detail("interrupted by a signal; the scratch database "
				"was dropped");
	return error;
}
