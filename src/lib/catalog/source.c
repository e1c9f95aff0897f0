/*
 * source.c: schema sources (DESIGN.md "Autogenerate"): a database URL,
 * `file://PATH` (a schema file), `dir://PATH` (a migration directory) and
 * `exec:COMMAND` (a program that prints a schema file, such as
 * contrib/sqlalchemy), each read into a catalog by the engine itself. The two files are loaded
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
#include "util/proc.h"
#include "util/fs.h"
#include "util/sql_lex.h"

#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/wait.h>
#include <unistd.h>

#define FILE_PREFIX "file://"
#define DIR_PREFIX "dir://"
#define EXEC_PREFIX "exec:"
/* what of an exec: command's standard error an error shows: its end,
 * where programs say what went wrong */
#define EXEC_STDERR_MAX 2000

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
	if ((error =
		 (*be)->catalog->scratch_open(s, server, src, schema_name)) < 0)
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

/* Run schema text statement by statement; a failure names its line in
 * `name` (the file, or the exec: source). */
static int load_text(rt_db *db, const char *name, const char *text,
		     size_t len)
{
	struct load_ctx x;
	int error;

	memset(&x, 0, sizeof(x));
	x.db = db;
	x.path = name;
	x.text = text;
	error = db->be->split(x.text, len, load_stmt, &x);
	if (x.error < 0)
		error = x.error;
	else if (error < 0 && !rt_error_last()->file)
		/* the splitter's own error (an unterminated comment) */
		rt_error_at(name, rt_error_last()->line,
			    rt_error_last()->column);
	return error;
}

static int load_file(rt_db *db, const char *path)
{
	rt_buf text = RT_BUF_INIT;
	int error;

	rt_buf_init(&text);
	if ((error = rt_fs_read(&text, path)) >= 0)
		error = load_text(db, path, rt_buf_cstr(&text), text.len);
	rt_buf_release(&text);
	return error;
}

/*
 * exec:COMMAND. The command is the user's own shell text, run by
 * /bin/sh -c as written (retort adds nothing to it), with standard input
 * /dev/null so it cannot eat retort's (--targets -), RETORT_DIALECT set to
 * the engine's name (child_env), its standard output
 * the schema, and its standard error kept (its last EXEC_STDERR_MAX bytes)
 * for the error a failure shows: run by rt_proc_run (util/proc.c), which
 * reads both pipes together. A signal to retort (the CLI's handler sets
 * the interrupted flag) kills the child and fails the load.
 */
static void put_stderr_detail(rt_buf *err)
{
	const char *e;
	size_t len;

	while (err->len && (err->ptr[err->len - 1] == '\n' ||
			    err->ptr[err->len - 1] == ' '))
		rt_buf_truncate(err, err->len - 1);
	if (!err->len) {
		rt_error_detail("it wrote nothing to standard error");
		return;
	}
	e = rt_buf_cstr(err);
	len = err->len;
	if (len > EXEC_STDERR_MAX) {
		e += len - EXEC_STDERR_MAX;
		rt_error_detail("its standard error ended with:\n...%s", e);
	} else {
		rt_error_detail("its standard error:\n%s", e);
	}
}

/* Does the text hold anything but blanks and comments? */
static int has_sql(const char *text, size_t len)
{
	rt_sql_lexer lx;
	rt_sql_lexeme t;

	rt_sql_lexer_init(&lx, text, 0, len, RT_SQL_POSTGRES);
	return rt_sql_lex(&lx, &t) != 0;
}

/*
 * The child's environment: ours, with RETORT_DIALECT naming the engine
 * that reads the schema (so one command serves every engine: the
 * SQLAlchemy provider renders for it). Built before fork, as the child
 * may only make async-signal-safe calls.
 */
extern char **environ;

static char **child_env(rt_buf *dialect_var, const char *dialect)
{
	size_t n = 0, i, k = 0;
	char **env;

	while (environ[n])
		n++;
	if (!(env = calloc(n + 2, sizeof(char *))))
		return NULL;
	for (i = 0; i < n; i++)
		if (strncmp(environ[i], "RETORT_DIALECT=", 15) != 0)
			env[k++] = environ[i];
	rt_buf_printf(dialect_var, "RETORT_DIALECT=%s", dialect);
	if (rt_buf_check(dialect_var) < 0) {
		free(env);
		return NULL;
	}
	env[k++] = dialect_var->ptr;
	env[k] = NULL;
	return env;
}

int rt_catalog_exec_source(rt_buf *out, const char *src, const char *dialect)
{
	const char *cmd = src + strlen(EXEC_PREFIX);
	rt_buf err = RT_BUF_INIT, how = RT_BUF_INIT, var = RT_BUF_INIT;
	char **env = NULL;
	int error = 0, status = 0;

	rt_buf_init(&err);
	rt_buf_init(&how);
	rt_buf_init(&var);
	while (*cmd == ' ' || *cmd == '\t')
		cmd++;
	if (!*cmd) {
		rt_error_set(RT_ERROR_USAGE, "'%s' names no command", src);
		return RT_EUSAGE;
	}
	if (!(env = child_env(&var, dialect ? dialect
					     : rt_backend_default()->name))) {
		error = rt_error_nomem();
		goto done;
	}
	{
		const char *const argv[] = {"/bin/sh", "-c", cmd, NULL};

		error = rt_proc_run(out, &err, &status, argv, env,
				    EXEC_STDERR_MAX, rt_catalog_interrupted);
	}
	if (error < 0)
		goto done;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		rt_proc_describe(&how, status);
		error = rt_error_set(RT_ERROR_OS,
				     "schema source '%s' failed: the command %s",
				     src, rt_buf_cstr(&how));
		put_stderr_detail(&err);
		goto done;
	}
	if (!has_sql(rt_buf_cstr(out), out->len)) {
		error = rt_error_set(RT_ERROR_PARSE,
				     "schema source '%s' printed no SQL "
				     "(it exited with status 0)",
				     src);
		put_stderr_detail(&err);
		rt_error_hint("an exec: source must print the schema's "
			      "CREATE statements on standard output");
	}
done:
	free(env);
	rt_buf_release(&err);
	rt_buf_release(&how);
	rt_buf_release(&var);
	return error;
}

static int load_exec(rt_db *db, const char *src)
{
	rt_buf text = RT_BUF_INIT;
	int error;

	rt_buf_init(&text);
	if ((error = rt_catalog_exec_source(&text, src, db->be->name)) >= 0)
		error = load_text(db, src, rt_buf_cstr(&text), text.len);
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
	if (has_prefix(src, EXEC_PREFIX)) {
		if (!src[strlen(EXEC_PREFIX)]) {
			rt_error_set(RT_ERROR_USAGE, "'%s' names no command",
				     src);
			return RT_EUSAGE;
		}
		error = open_scratch(&s, &be, dialect, src, scratch_url,
				     schema_name);
		db = s.db;
		if (!error)
			error = load_exec(db, src);
	} else if (has_prefix(src, FILE_PREFIX) || has_prefix(src, DIR_PREFIX)) {
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
