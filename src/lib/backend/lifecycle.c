/*
 * lifecycle.c: a database as a whole, by URL: rt_db_create, rt_db_drop
 * and rt_db_ping (`retort create`, `retort drop`, `--wait`).
 *
 * A file engine's database (RT_CAP_FILE_DATABASE) is its file: created
 * empty (SQLite reads a zero-length file as an empty database), removed
 * with its journal files. A server engine's database is made and removed
 * by CREATE/DROP DATABASE on a connection to the server's own database
 * (rt_backend.server_db); a URL that names a schema (`?schema=NAME`,
 * RT_CAP_SCHEMAS) makes or removes only that schema, in a database made
 * first when it is missing.
 */
#include "backend/backend.h"
#include "util/fs.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

typedef struct lc_target {
	rt_arena arena;
	rt_url url;
	const rt_backend *be;
	const char *schema; /* ?schema=, or NULL */
} lc_target;

static int target_open(lc_target *t, const char *url)
{
	rt_arena_init(&t->arena);
	if (rt_url_parse_engine(&t->url, &t->arena, url, &t->be) < 0)
		return RT_ERROR;
	t->schema = rt_url_param_get(&t->url, "schema");
	if (t->schema && (!(t->be->caps & RT_CAP_SCHEMAS) || !*t->schema)) {
		rt_error_set(RT_ERROR_PARSE, "the URL's schema parameter '%s' "
					     "cannot be used with %s",
			     t->schema, t->be->name);
		return RT_ERROR;
	}
	if (t->be->caps & RT_CAP_FILE_DATABASE) {
		if (!t->url.path || !strcmp(t->url.path, ":memory:")) {
			rt_error_set(RT_ERROR_USAGE, "an in-memory database "
						     "cannot be created or "
						     "dropped");
			return RT_EUSAGE;
		}
	} else if (!t->url.dbname || !*t->url.dbname) {
		rt_error_set(RT_ERROR_USAGE, "the URL names no database");
		rt_error_hint("add one after the host: "
			      "scheme://user@host:port/NAME");
		return RT_EUSAGE;
	}
	return 0;
}

/* A connection to the URL's database (server 0) or to the server's own
 * (server 1), with the defaults rt_db_open would give. */
static int target_connect(rt_conn **out, const lc_target *t, int server)
{
	rt_url u = t->url;
	rt_db_options o = {0};

	o.lock_wait = 60;
	o.lock_timeout = 2;
	o.retries = 5;
	o.no_create = 1;
	if (server)
		u.dbname = t->be->server_db;
	return t->be->connect(out, &u, &o);
}

/* Does the URL's database exist? A refused connection that says the
 * database is missing (SQLSTATE 3D000, as the drivers set it) is a no. */
static int db_exists(int *exists, const lc_target *t)
{
	rt_conn *c = NULL;

	*exists = 0;
	if (target_connect(&c, t, 0) < 0) {
		if (!strcmp(rt_error_last()->sqlstate, "3D000")) {
			rt_error_clear();
			return 0;
		}
		return RT_ERROR;
	}
	t->be->close(c);
	*exists = 1;
	return 0;
}

/* `verb` (CREATE/DROP ...) and the quoted name, on `c`; `ok_state`: the
 * SQLSTATE that means there was nothing to do (*done is then 0). */
static int run_named(rt_conn *c, const lc_target *t, const char *verb,
		     const char *name, const char *tail, const char *ok_state,
		     int *done)
{
	rt_buf sql = RT_BUF_INIT;
	int error;

	rt_buf_init(&sql);
	rt_buf_puts(&sql, verb);
	rt_buf_putc(&sql, ' ');
	t->be->quote_ident(&sql, name);
	rt_buf_puts(&sql, tail);
	if ((error = rt_buf_check(&sql)) == 0)
		error = t->be->exec(c, sql.ptr, sql.len, NULL);
	*done = error == 0;
	if (error < 0 && ok_state &&
	    !strcmp(rt_error_last()->sqlstate, ok_state)) {
		rt_error_clear();
		error = 0;
	}
	rt_buf_release(&sql);
	return error;
}

static int on_server(const lc_target *t, const char *verb, int *done)
{
	rt_conn *c = NULL;
	int error;

	if ((error = target_connect(&c, t, 1)) < 0)
		return error;
	error = run_named(c, t, verb, t->url.dbname, "", NULL, done);
	t->be->close(c);
	return error;
}

static int on_database(const lc_target *t, const char *verb, const char *tail,
		       const char *ok_state, int *done)
{
	rt_conn *c = NULL;
	int error;

	if ((error = target_connect(&c, t, 0)) < 0)
		return error;
	error = run_named(c, t, verb, t->schema, tail, ok_state, done);
	t->be->close(c);
	return error;
}

static int create_file(const char *path, int *created)
{
	int fd;

	if (rt_fs_exists(path))
		return 0;
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666)) <
	    0) {
		if (errno == EEXIST)
			return 0;
		rt_error_set(RT_ERROR_OS, "cannot create '%s': %s", path,
			     strerror(errno));
		return RT_ERROR;
	}
	close(fd);
	*created = 1;
	return 0;
}

static int drop_file(const char *path, int *dropped)
{
	static const char *const journals[] = {"-wal", "-shm", "-journal"};
	char side[4096];
	size_t i;

	if (!rt_fs_exists(path))
		return 0;
	if (unlink(path) < 0) {
		rt_error_set(RT_ERROR_OS, "cannot remove '%s': %s", path,
			     strerror(errno));
		return RT_ERROR;
	}
	*dropped = 1;
	for (i = 0; i < RT_ARRAY_SIZE(journals); i++)
		if (snprintf(side, sizeof(side), "%s%s", path, journals[i]) <
		    (int)sizeof(side))
			unlink(side); /* most are not there */
	return 0;
}

int rt_db_create(const char *url, int *created)
{
	lc_target t;
	int exists = 0, made = 0, error;

	*created = 0;
	if ((error = target_open(&t, url)) < 0)
		goto done;
	if (t.be->caps & RT_CAP_FILE_DATABASE) {
		error = create_file(t.url.path, created);
		goto done;
	}
	if ((error = db_exists(&exists, &t)) < 0)
		goto done;
	if (!exists && (error = on_server(&t, "CREATE DATABASE", &made)) < 0)
		goto done;
	*created = made;
	/* 42P06 duplicate_schema: already there */
	if (t.schema &&
	    (error = on_database(&t, "CREATE SCHEMA", "", "42P06", &made)) == 0)
		*created |= made;
done:
	rt_arena_release(&t.arena);
	return error;
}

int rt_db_drop(const char *url, int *dropped)
{
	lc_target t;
	int exists = 0, error;

	*dropped = 0;
	if ((error = target_open(&t, url)) < 0)
		goto done;
	if (t.be->caps & RT_CAP_FILE_DATABASE) {
		error = drop_file(t.url.path, dropped);
		goto done;
	}
	if ((error = db_exists(&exists, &t)) < 0 || !exists)
		goto done;
	/* 3F000 invalid_schema_name: not there */
	if (t.schema)
		error = on_database(&t, "DROP SCHEMA", " CASCADE", "3F000",
				    dropped);
	else
		error = on_server(&t, "DROP DATABASE", dropped);
done:
	rt_arena_release(&t.arena);
	return error;
}

int rt_db_ping(const char *url)
{
	lc_target t;
	int exists, error;

	rt_arena_init(&t.arena);
	if ((error = rt_url_parse_engine(&t.url, &t.arena, url, &t.be)) == 0 &&
	    !(t.be->caps & RT_CAP_FILE_DATABASE))
		error = db_exists(&exists, &t); /* a file is always there */
	rt_arena_release(&t.arena);
	return error;
}
