/*
 * backend.c: choosing a driver and the rt_db wrapper of retort.h.
 */
#include "backend/backend.h"

#include <math.h>

static const rt_backend *const backends[] = {
	&rt_backend_sqlite,
	&rt_backend_postgres,
};

const rt_backend *rt_backend_named(const char *name)
{
	size_t i;

	for (i = 0; i < RT_ARRAY_SIZE(backends); i++)
		if (strcmp(backends[i]->name, name) == 0)
			return backends[i];
	return NULL;
}

const rt_backend *rt_backend_for(const char *scheme)
{
	const rt_backend *be = rt_backend_named(scheme);

	if (!be)
		rt_error_set(RT_ERROR_USAGE,
			     "the %s backend is not built into this retort",
			     scheme);
	return be;
}

/* A timeout that is not a number, or too long for the int milliseconds
 * the engines take, would wrap into "do not wait": refused here so no
 * embedder reaches a driver with one. */
static int check_durations(const rt_db_options *o)
{
	static const char *const names[] = {"lock_wait", "lock_timeout",
					    "statement_timeout"};
	double v[3];
	size_t i;

	v[0] = o->lock_wait;
	v[1] = o->lock_timeout;
	v[2] = o->statement_timeout;
	for (i = 0; i < 3; i++) {
		if (isfinite(v[i]) && v[i] <= RT_DURATION_MAX)
			continue;
		rt_error_set(RT_ERROR_USAGE, "%s of %g seconds is out of range",
			     names[i], v[i]);
		rt_error_hint("at most %.0f seconds (about 596 hours)",
			      RT_DURATION_MAX);
		return RT_ERROR;
	}
	return 0;
}

int rt_db_open(rt_db **out, const char *url, const rt_db_options *opts)
{
	rt_db *db = calloc(1, sizeof(*db));
	int error;

	*out = NULL;
	if (!db)
		return rt_error_nomem();
	rt_arena_init(&db->arena);
	if (opts)
		db->opts = *opts;
	if ((error = check_durations(&db->opts)) < 0)
		goto done;
	if (db->opts.lock_wait == 0)
		db->opts.lock_wait = 60;
	else if (db->opts.lock_wait < 0)
		db->opts.lock_wait = 0; /* do not wait at all */
	if (db->opts.lock_timeout == 0)
		db->opts.lock_timeout = 2;
	if (db->opts.retries == 0)
		db->opts.retries = 5;
	else if (db->opts.retries < 0)
		db->opts.retries = 0;
	if ((error = rt_url_parse(&db->url, &db->arena, url)) < 0)
		goto done;
	if (!(db->be = rt_backend_for(db->url.scheme))) {
		error = RT_ERROR;
		goto done;
	}
	db->exists = 1;
	error = db->be->connect(&db->conn, &db->url, &db->opts);
	if (error == RT_ENOTFOUND && db->opts.no_create) {
		/* reported as an empty database by read-only commands */
		db->exists = 0;
		rt_error_clear();
		error = 0;
	}
done:
	if (error < 0)
		rt_db_close(db);
	else
		*out = db;
	return error;
}

void rt_db_close(rt_db *db)
{
	if (!db)
		return;
	if (db->conn)
		db->be->close(db->conn);
	rt_arena_release(&db->arena);
	free(db);
}

const char *rt_db_backend(const rt_db *db)
{
	return db->be->name;
}

struct exec_ctx {
	rt_db *db;
	const char *sql;
	int error;
};

static int exec_one(void *payload, size_t start, size_t len)
{
	struct exec_ctx *x = payload;
	char *stmt = strndup(x->sql + start, len);

	if (!stmt)
		return x->error = rt_error_nomem();
	x->error = x->db->be->exec(x->db->conn, stmt, NULL);
	free(stmt);
	return x->error;
}

int rt_db_exec(rt_db *db, const char *sql)
{
	struct exec_ctx x = {db, sql, 0};
	int error;

	if (!db->conn)
		return rt_error_set(RT_ERROR_USAGE, "the database does not exist");
	error = db->be->split(sql, strlen(sql), exec_one, &x);
	return x.error < 0 ? x.error : error;
}
