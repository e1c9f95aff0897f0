/*
 * backend.c: choosing a driver and the rt_db wrapper of retort.h.
 */
#include "backend/backend.h"

#include <math.h>

#include "catalog/catalog.h"
#include "diff/diff.h"
#include "lint/lint.h"

/* The one name-to-engine table: the first is the default (a URL-less
 * offline script, a scratch database for file:// sources). */
static const rt_backend *const backends[] = {
	&rt_backend_sqlite,
	&rt_backend_postgres,
	&rt_backend_mysql,
};

/*
 * Every slot the layers call without checking, checked once for the
 * whole table, as libgit2's git_refdb_set_backend does: a descriptor
 * with a hole is a bug in retort, caught by the first command run.
 */
static const char *missing_slot(const rt_backend *be)
{
#define NEED(cond, slot)                                                       \
	do {                                                                   \
		if (!(cond))                                                   \
			return slot;                                           \
	} while (0)
	NEED(be->name && be->schemes && be->schemes[0], "name");
	NEED(be->connect && be->close && be->exec && be->query, "driver");
	NEED(be->begin && be->commit && be->rollback, "transaction");
	NEED(be->split && be->table_exists && be->quote_ident &&
		 be->quote_literal,
	     "dialect");
	NEED(be->load_begin && be->load_row && be->load_end, "load");
	NEED(be->state_ddl && be->script_prologue && be->now_sql &&
		 be->applied_at_sql,
	     "state");
	NEED((be->caps & RT_CAP_LOCKING_BEGIN) ||
		 (be->lock && be->unlock && be->check_lock),
	     "lock");
	NEED(!(be->caps & RT_CAP_SCHEMAS) || be->put_use_schema,
	     "put_use_schema");
	NEED(!(be->caps & RT_CAP_REPLICAS) == !be->replica_lag,
	     "replica_lag");
	NEED(be->catalog && rt_catalog_ops_complete(be->catalog), "catalog");
	NEED(be->diff && rt_diff_dialect_complete(be->diff), "diff");
	NEED(be->diff->lower, "diff lower");
	NEED(be->render && rt_render_ops_complete(be->render), "render");
	NEED(be->lint && rt_lint_ops_complete(be->lint), "lint");
	/* RT_CAP_ONLINE iff the engine has the online table (whose slots
	 * online/, above this layer, checks: rt_online_ops_complete) */
	NEED(!(be->caps & RT_CAP_ONLINE) == !be->online, "online");
#undef NEED
	return NULL;
}

const rt_backend *const *rt_backend_all(size_t *n)
{
	static int checked;
	size_t i;
	const char *slot;

	if (!checked) {
		for (i = 0; i < RT_ARRAY_SIZE(backends); i++)
			if ((slot = missing_slot(backends[i]))) {
				fprintf(stderr,
					"retort: internal error: the %s "
					"engine lacks its %s slots\n",
					backends[i]->name, slot);
				abort();
			}
		checked = 1;
	}
	*n = RT_ARRAY_SIZE(backends);
	return backends;
}

static const rt_backend *lookup(const char *name, size_t len)
{
	const rt_backend *const *all;
	const char *const *s;
	size_t i, n;

	all = rt_backend_all(&n);
	for (i = 0; i < n; i++)
		for (s = all[i]->schemes; *s; s++)
			if (strlen(*s) == len && !strncmp(*s, name, len))
				return all[i];
	return NULL;
}

const rt_backend *rt_backend_named(const char *name)
{
	return lookup(name, strlen(name));
}

const rt_backend *rt_backend_default(void)
{
	size_t n;

	return rt_backend_all(&n)[0];
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

int rt_url_parse_engine(rt_url *out, rt_arena *a, const char *s,
			const rt_backend **bep)
{
	const rt_backend *be;
	const char *colon;
	size_t n;

	if (bep)
		*bep = NULL;
	memset(out, 0, sizeof(*out));
	if (!s || !*s)
		return rt_url_fail("", "the URL is empty");
	colon = strchr(s, ':');
	if (!colon || colon == s)
		return rt_url_fail(s, "no scheme");
	n = (size_t)(colon - s);
	if (!(be = lookup(s, n)))
		return rt_url_fail(s, "unknown scheme");
	if (bep)
		*bep = be;
	return rt_url_parse_form(out, a, s, be->name,
				 be->url_form == RT_URL_SERVER);
}

int rt_url_parse(rt_url *out, rt_arena *a, const char *s)
{
	return rt_url_parse_engine(out, a, s, NULL);
}

int rt_backend_lock_lost(const char *redacted_url, const char *why)
{
	rt_error_set(RT_ERROR_BACKEND, "lost the migration lock of %s",
		     redacted_url);
	rt_error_detail("%s", why);
	rt_error_hint("nothing runs without it; run the command again to "
		      "go on where it stopped");
	return RT_ERROR;
}

void rt_backend_tune_process(void)
{
	const rt_backend *const *all;
	size_t i, n;

	all = rt_backend_all(&n);
	for (i = 0; i < n; i++)
		if (all[i]->tune_process)
			all[i]->tune_process();
}

/* A timeout that is not a number, or too long for the int milliseconds
 * the engines take, would wrap into "do not wait": refused here so no
 * embedder reaches a driver with one. */
static int check_durations(const rt_db_options *o)
{
	static const char *const names[] = {"lock_wait", "lock_timeout",
					    "statement_timeout",
					    "max_replica_lag"};
	double v[4];
	size_t i;

	v[0] = o->lock_wait;
	v[1] = o->lock_timeout;
	v[2] = o->statement_timeout;
	v[3] = o->max_replica_lag;
	for (i = 0; i < 4; i++) {
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

/* `?schema=NAME` (schema per tenant): the schema of retort's tables and
 * of the migrations' search_path, as --schema-name says, which wins. */
static int url_schema(rt_db *db)
{
	const char *schema = rt_url_param_get(&db->url, "schema");

	if (!schema)
		return 0;
	if (!(db->be->caps & RT_CAP_SCHEMAS)) {
		rt_error_set(RT_ERROR_PARSE,
			     "the URL names schema '%s', but %s has no schemas",
			     schema, db->be->name);
		rt_error_hint("name a database of its own for each target "
			      "instead");
		return RT_ERROR;
	}
	if (!*schema) {
		rt_error_set(RT_ERROR_PARSE, "the URL's schema parameter is "
					     "empty");
		return RT_ERROR;
	}
	if (!db->opts.schema_name)
		db->opts.schema_name = schema;
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
	if (db->opts.max_replica_lag == 0)
		db->opts.max_replica_lag = RT_MAX_REPLICA_LAG;
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
	if ((error = url_schema(db)) < 0)
		goto done;
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

int rt_db_query(rt_db *db, const char *sql, rt_db_row_cb cb, void *payload)
{
	if (!db->conn) {
		rt_error_set(RT_ERROR_USAGE, "the database does not exist");
		return RT_ERROR;
	}
	return db->be->query(db->conn, sql, NULL, 0, cb, payload);
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
	x->error = x->db->be->exec(x->db->conn, x->sql + start, len, NULL);
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
