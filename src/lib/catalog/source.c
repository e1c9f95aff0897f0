/*
 * source.c: schema sources (DESIGN.md "Autogenerate"): a database URL,
 * `file://PATH` (a schema file) and `dir://PATH` (a migration directory),
 * each read into a catalog by the engine itself. The two files are loaded
 * into a scratch database of the dialect asked for: SQLite in memory,
 * gone when the catalog is read; PostgreSQL a database created for the
 * load on the server of --dev-url (else --url), named
 * retort_scratch_<pid>_<n>, and dropped afterwards, whatever happened.
 *
 * Dropping it also when the user interrupts: the CLI's SIGINT/SIGTERM
 * handler calls rt_catalog_interrupt(), which sets a flag and cancels the
 * statement the scratch database is running (PQcancel is
 * async-signal-safe). The load then fails at once, or at the next
 * statement boundary where it checks the flag, and returns through the
 * one cleanup path below, which closes the connection and drops the
 * database; the CLI exits with the signal's status afterwards. The drop
 * cannot happen in the handler itself (it needs libpq, which allocates)
 * nor from atexit() (exit() is not async-signal-safe, and the load would
 * still be running on the connection). A SIGKILL runs nothing: the
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
#include <unistd.h>

#define FILE_PREFIX "file://"
#define DIR_PREFIX "dir://"

static int has_prefix(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

/* The connection working in a scratch database, for the signal path. */
static _Atomic(rt_db *) scratch_active;
static volatile sig_atomic_t scratch_interrupted;
static atomic_uint scratch_count;

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

/* A PostgreSQL scratch database and the connection that made it. */
typedef struct scratch {
	rt_db *admin; /* on the server's database of the URL given */
	char name[64];
	int created;
} scratch;

/* `url` naming database `dbname` instead: the path after the authority
 * (DESIGN.md's postgres://user:password@host:port/dbname?params; a '/'
 * in a password is percent-encoded, so the first '/' after "://" starts
 * the path). */
static char *url_with_db(const char *url, const char *dbname)
{
	const char *auth = strstr(url, "://"), *path, *query;
	rt_buf b = RT_BUF_INIT;

	rt_buf_init(&b);
	auth = auth ? auth + 3 : url;
	path = strchr(auth, '/');
	query = strchr(auth, '?');
	if (query && path && path > query)
		path = NULL;
	if (!path)
		path = query ? query : url + strlen(url);
	rt_buf_put(&b, url, (size_t)(path - url));
	rt_buf_printf(&b, "/%s", dbname);
	if (query)
		rt_buf_puts(&b, query);
	return rt_buf_detach(&b);
}

static int open_admin(scratch *s, const char *server)
{
	char *alt;
	int error = rt_db_open(&s->admin, server, NULL);

	/* the database of --url may not exist yet: the server's own will
	 * do for creating another */
	if (error < 0 && !strcmp(rt_error_last()->sqlstate, "3D000")) {
		if (!(alt = url_with_db(server, "postgres")))
			return rt_error_nomem();
		rt_error_clear();
		error = rt_db_open(&s->admin, alt, NULL);
		free(alt);
	}
	return error;
}

static int scratch_open_pg(rt_db **out, scratch *s, const char *server,
			   const char *src, const char *schema_name)
{
	rt_buf sql = RT_BUF_INIT;
	rt_db_options dbo = {0};
	char *url = NULL;
	int error;

	*out = NULL;
	if (!server) {
		rt_error_set(RT_ERROR_USAGE,
			     "cannot read '%s' with PostgreSQL: no server for "
			     "a scratch database",
			     src);
		rt_error_hint("give --dev-url (or --url) a postgres:// URL; "
			      "retort creates a temporary database there and "
			      "drops it afterwards");
		return RT_EUSAGE;
	}
	if ((error = open_admin(s, server)) < 0)
		return error;
	snprintf(s->name, sizeof(s->name), "retort_scratch_%ld_%u",
		 (long)getpid(), atomic_fetch_add(&scratch_count, 1) + 1);
	rt_buf_init(&sql);
	/* template0: nothing a server's template1 holds leaks into the
	 * schema read */
	rt_buf_printf(&sql, "CREATE DATABASE %s TEMPLATE template0", s->name);
	if ((error = rt_buf_check(&sql)) < 0 ||
	    (error = s->admin->be->exec(s->admin->conn, sql.ptr, sql.len,
					NULL)) < 0) {
		rt_error_prefix("creating scratch database '%s'", s->name);
		goto done;
	}
	s->created = 1;
	if (!(url = url_with_db(server, s->name))) {
		error = rt_error_nomem();
		goto done;
	}
	/* a schema read alone: the file's and the migrations' unqualified
	 * names land in it, as they do in the database compared */
	dbo.schema_name = schema_name;
	if ((error = rt_db_open(out, url, &dbo)) < 0)
		goto done;
	atomic_store(&scratch_active, *out);
	if (schema_name) {
		rt_buf_clear(&sql);
		rt_buf_puts(&sql, "CREATE SCHEMA IF NOT EXISTS ");
		rt_buf_put_ident(&sql, schema_name);
		if ((error = rt_buf_check(&sql)) < 0 ||
		    (error = (*out)->be->exec((*out)->conn, sql.ptr, sql.len,
					      NULL)) < 0)
			goto done;
	}
	if (rt_catalog_interrupted())
		error = rt_error_set(RT_ERROR_OS, "interrupted");
done:
	rt_buf_release(&sql);
	free(url);
	return error;
}

/* Close the scratch connection and drop its database, keeping the error
 * that brought us here (if any) over one the drop may raise. */
static void scratch_close(scratch *s, rt_db *db)
{
	rt_error_saved *saved;
	rt_buf sql = RT_BUF_INIT;

	atomic_store(&scratch_active, NULL);
	rt_db_close(db);
	if (!s->admin)
		return;
	if (s->created) {
		saved = rt_error_save();
		rt_buf_init(&sql);
		/* FORCE: a connection the engine left open (the lock's)
		 * must not keep the database alive */
		rt_buf_printf(&sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)",
			      s->name);
		if (rt_buf_check(&sql) == 0)
			s->admin->be->exec(s->admin->conn, sql.ptr, sql.len,
					   NULL);
		rt_buf_release(&sql);
		rt_error_restore(saved);
	}
	rt_db_close(s->admin);
	s->admin = NULL;
}

static int open_scratch(rt_db **out, scratch *s, const char *dialect,
			const char *src, const char *server,
			const char *schema_name)
{
	if (!strcmp(dialect, "sqlite"))
		return rt_db_open(out, "sqlite::memory:", NULL);
	if (!strcmp(dialect, "postgres"))
		return scratch_open_pg(out, s, server, src, schema_name);
	rt_error_set(RT_ERROR_USAGE,
		     "cannot read '%s' with %s: scratch databases exist for "
		     "SQLite and PostgreSQL",
		     src, dialect);
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
	int pos = -1;

	if (rt_catalog_interrupted())
		return x->error = rt_error_set(RT_ERROR_OS, "interrupted");
	x->error = x->db->be->exec(x->db->conn, x->text + start, len, &pos);
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
	rt_db *db = NULL;
	rt_db_options dbo = {0};
	scratch s;
	int error;

	memset(&s, 0, sizeof(s));
	*out = NULL;
	/* an interruption is about the load it interrupted */
	scratch_interrupted = 0;
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
		if ((error = open_scratch(&db, &s, dialect, src, scratch_url,
					  schema_name)) == 0)
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
	scratch_close(&s, db);
	if (error < 0 && rt_catalog_interrupted())
		rt_error_detail("interrupted by a signal; the scratch database "
				"was dropped");
	return error;
}
