/*
 * postgres.c: the PostgreSQL driver (libpq), the production backend.
 *
 * The migration lock is a session advisory lock taken with
 * pg_try_advisory_lock, polled, on a connection of its own that stays idle
 * outside any transaction: CREATE INDEX CONCURRENTLY waits for every
 * transaction that could see the table, and a lock held inside one would
 * make it wait for ever. A crashed migrator's connection closes and the
 * server frees the lock.
 *
 * Migration statements run under lock_timeout (default 2 s) so that a
 * statement queued behind a long transaction gives up instead of blocking
 * the application behind itself; the engine retries (retryable()).
 * Statements are split with libpg_query, PostgreSQL's own parser.
 */
#include "backend/backend.h"
#include "util/fs.h"
#include "util/sql_lex.h"

#include <dlfcn.h>
#include <libpq-fe.h>
#include <pg_query.h>
#include <pthread.h>
#include <time.h>
#include <unistd.h>

/*
 * libpq is loaded when a postgres:// URL is first used, not linked: it
 * pulls in Kerberos, LDAP and two dozen more libraries whose relocation
 * would make every start of retort, SQLite-only ones included, several
 * times slower. Each function used is declared with libpq's own type.
 */
#define PQ_FUNCS(X)                                                          \
	X(PQconnectdbParams)                                                 \
	X(PQstatus)                                                          \
	X(PQerrorMessage)                                                    \
	X(PQfinish)                                                          \
	X(PQexec)                                                            \
	X(PQexecParams)                                                      \
	X(PQresultStatus)                                                    \
	X(PQresultErrorField)                                                \
	X(PQresultErrorMessage)                                              \
	X(PQclear)                                                           \
	X(PQntuples)                                                         \
	X(PQnfields)                                                         \
	X(PQgetisnull)                                                       \
	X(PQgetvalue)                                                        \
	X(PQtransactionStatus)                                               \
	X(PQputCopyData)                                                     \
	X(PQputCopyEnd)                                                      \
	X(PQgetResult)                                                       \
	X(PQsetNoticeProcessor)                                              \
	X(PQgetCancel)                                                       \
	X(PQfreeCancel)                                                      \
	X(PQcancel)                                                          \
	X(PQgetCopyData)                                                     \
	X(PQfreemem)

#define PQ_DECLARE(f) static __typeof__(f) *pq_##f;
PQ_FUNCS(PQ_DECLARE)
#undef PQ_DECLARE

static pthread_once_t pq_once = PTHREAD_ONCE_INIT;
static char pq_load_error[512];

static void pq_load(void)
{
	void *h = dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL);

	if (!h) {
		snprintf(pq_load_error, sizeof(pq_load_error), "%s", dlerror());
		return;
	}
#define PQ_LOAD(f)                                                           \
	if (!(*(void **)&pq_##f = dlsym(h, #f))) {                          \
		snprintf(pq_load_error, sizeof(pq_load_error),               \
			 "libpq has no %s", #f);                             \
		return;                                                      \
	}
	PQ_FUNCS(PQ_LOAD)
#undef PQ_LOAD
}

static int pq_ready(void)
{
	pthread_once(&pq_once, pq_load);
	if (!pq_load_error[0])
		return 0;
	rt_error_set(RT_ERROR_BACKEND, "PostgreSQL support needs libpq: %s",
		     pq_load_error);
	rt_error_hint("install the libpq5 package");
	return RT_ERROR;
}

#define PQ_RENAME(f) pq_##f
#define PQconnectdbParams PQ_RENAME(PQconnectdbParams)
#define PQstatus PQ_RENAME(PQstatus)
#define PQerrorMessage PQ_RENAME(PQerrorMessage)
#define PQfinish PQ_RENAME(PQfinish)
#define PQexec PQ_RENAME(PQexec)
#define PQexecParams PQ_RENAME(PQexecParams)
#define PQresultStatus PQ_RENAME(PQresultStatus)
#define PQresultErrorField PQ_RENAME(PQresultErrorField)
#define PQresultErrorMessage PQ_RENAME(PQresultErrorMessage)
#define PQclear PQ_RENAME(PQclear)
#define PQntuples PQ_RENAME(PQntuples)
#define PQnfields PQ_RENAME(PQnfields)
#define PQgetisnull PQ_RENAME(PQgetisnull)
#define PQgetvalue PQ_RENAME(PQgetvalue)
#define PQtransactionStatus PQ_RENAME(PQtransactionStatus)
#define PQputCopyData PQ_RENAME(PQputCopyData)
#define PQputCopyEnd PQ_RENAME(PQputCopyEnd)
#define PQgetResult PQ_RENAME(PQgetResult)
#define PQsetNoticeProcessor PQ_RENAME(PQsetNoticeProcessor)
#define PQgetCancel PQ_RENAME(PQgetCancel)
#define PQfreeCancel PQ_RENAME(PQfreeCancel)
#define PQgetCopyData PQ_RENAME(PQgetCopyData)
#define PQfreemem PQ_RENAME(PQfreemem)
#define PQcancel PQ_RENAME(PQcancel)

struct rt_conn {
	PGconn *pg;
	PGconn *lock_pg; /* the advisory lock's own connection */
	const rt_url *url;
	rt_db_options opts;
	int64_t lock_key;
	char *redacted; /* the URL for messages */
	/* made at connect time: PQgetCancel allocates, so a signal
	 * handler cannot call it, while PQcancel is async-signal-safe */
	PGcancel *cancel;
};

struct rt_loader {
	rt_conn *conn;
	int ncols;
	rt_buf line;
	int failed;
};

/* The first line of a libpq message is the message; the rest (libpq's
 * "Is the server running...") is detail. */
static void set_conn_error(const char *what, const char *redacted,
			   const char *msg)
{
	const char *nl = msg ? strchr(msg, '\n') : NULL;
	int n = nl ? (int)(nl - msg) : (int)(msg ? strlen(msg) : 0);

	rt_error_set(RT_ERROR_BACKEND, "%s %s: %.*s", what, redacted, n,
		     msg ? msg : "");
	if (nl && nl[1]) {
		const char *d = nl + 1;
		size_t len;

		while (*d == '\t' || *d == ' ')
			d++;
		len = strlen(d);
		while (len && (d[len - 1] == '\n' || d[len - 1] == ' '))
			len--;
		if (len)
			rt_error_detail("%.*s", (int)len, d);
	}
}

/* Translate a failed result; *errpos gets the statement position. */
static int result_error(rt_conn *c, PGresult *res, int *errpos)
{
	const char *primary, *detail, *hint, *state, *pos;

	if (errpos)
		*errpos = -1;
	if (!res || PQstatus(c->pg) == CONNECTION_BAD) {
		set_conn_error("lost the connection to", c->redacted,
			       PQerrorMessage(c->pg));
		return RT_ERROR;
	}
	primary = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
	detail = PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL);
	hint = PQresultErrorField(res, PG_DIAG_MESSAGE_HINT);
	state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	pos = PQresultErrorField(res, PG_DIAG_STATEMENT_POSITION);
	rt_error_set(RT_ERROR_BACKEND, "%s",
		     primary ? primary : PQresultErrorMessage(res));
	if (detail)
		rt_error_detail("%s", detail);
	if (hint)
		rt_error_hint("%s", hint);
	if (state)
		rt_error_sqlstate(state);
	if (errpos && pos)
		*errpos = atoi(pos) - 1;
	return RT_ERROR;
}

static int ok_status(ExecStatusType st)
{
	return st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK ||
	       st == PGRES_EMPTY_QUERY;
}

static int run_simple(rt_conn *c, PGconn *pg, const char *sql)
{
	PGresult *res = PQexec(pg, sql);
	int error = 0;

	if (!res || !ok_status(PQresultStatus(res))) {
		PGconn *saved = c->pg;

		c->pg = pg;
		error = result_error(c, res, NULL);
		c->pg = saved;
	}
	PQclear(res);
	return error;
}

static void pg_close(rt_conn *c)
{
	if (!c)
		return;
	if (c->cancel)
		PQfreeCancel(c->cancel);
	if (c->lock_pg)
		PQfinish(c->lock_pg);
	if (c->pg)
		PQfinish(c->pg);
	free(c->redacted);
	free(c);
}

/* The library never prints: libpq's default would write NOTICEs
 * ("relation already exists, skipping") to stderr. */
static void ignore_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* libpq keywords from the URL: retort's own parts, then every query
 * parameter as it is (sslmode, sslrootcert, connect_timeout, options...),
 * so libpq's whole vocabulary passes through. */
static PGconn *open_pg(const rt_url *u)
{
	const char *keys[48], *vals[48];
	int n = 0, has_app = 0, has_timeout = 0;
	size_t i;

#define KV(k, v)                                                             \
	do {                                                                 \
		if ((v) && n < 44) {                                         \
			keys[n] = (k);                                       \
			vals[n] = (v);                                       \
			n++;                                                 \
		}                                                            \
	} while (0)
	KV("host", u->host && *u->host ? u->host : NULL);
	KV("port", u->port);
	KV("user", u->user && *u->user ? u->user : NULL);
	KV("password", u->password);
	KV("dbname", u->dbname && *u->dbname ? u->dbname : NULL);
	for (i = 0; i < u->nparams; i++) {
		if (!strcmp(u->params[i].key, "search_path"))
			continue; /* retort's, applied with SET */
		has_app |= !strcmp(u->params[i].key, "application_name");
		has_timeout |= !strcmp(u->params[i].key, "connect_timeout");
		KV(u->params[i].key, u->params[i].value);
	}
	if (!has_app)
		KV("application_name", "retort");
	if (!has_timeout)
		KV("connect_timeout", "10");
#undef KV
	keys[n] = NULL;
	vals[n] = NULL;
	{
		PGconn *pg = PQconnectdbParams(keys, vals, 0);

		if (pg)
			PQsetNoticeProcessor(pg, ignore_notice, NULL);
		return pg;
	}
}

/* A stable 64-bit key per schema: two projects in two schemas of one
 * database do not wait for each other. */
static int64_t lock_key(const char *schema)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */
	const char *p = "retort:";

	for (; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	for (p = schema ? schema : ""; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	return (int64_t)(h >> 1);
}

static int session_setup(rt_conn *c)
{
	rt_buf sql = RT_BUF_INIT;
	const char *schema = c->opts.schema_name
				     ? c->opts.schema_name
				     : rt_url_param_get(c->url, "search_path");
	int error;

	rt_buf_init(&sql);
	/* the timeouts bound every statement of the session; retort's own
	 * bookkeeping touches only its small tables under the advisory
	 * lock, so only migration statements ever come near them */
	if (c->opts.lock_timeout > 0)
		rt_buf_printf(&sql, "SET lock_timeout = '%dms';",
			      (int)(c->opts.lock_timeout * 1000));
	else
		rt_buf_puts(&sql, "SET lock_timeout = 0;");
	rt_buf_printf(&sql, "SET statement_timeout = '%dms';",
		      (int)(c->opts.statement_timeout * 1000));
	/* a server notices a killed migrator only when it next talks to it;
	 * without this a statement of a SIGKILLed retort runs on, holding
	 * its locks, and the next upgrade waits on it (PostgreSQL 14+) */
	rt_buf_puts(&sql, "SELECT set_config('client_connection_check_interval',"
			  " '1s', false) WHERE current_setting("
			  "'server_version_num')::int >= 140000;");
	if (schema) {
		rt_buf_puts(&sql, "SET search_path TO ");
		rt_buf_put_ident(&sql, schema);
		rt_buf_putc(&sql, ';');
	}
	if ((error = rt_buf_check(&sql)) == 0)
		error = run_simple(c, c->pg, sql.ptr);
	rt_buf_release(&sql);
	c->lock_key = lock_key(schema);
	return error;
}

static int pg_connect(rt_conn **out, const rt_url *url,
		      const rt_db_options *opts)
{
	rt_conn *c = calloc(1, sizeof(*c));
	rt_buf red = RT_BUF_INIT;
	int error = 0;

	*out = NULL;
	if (pq_ready() < 0) {
		free(c);
		return RT_ERROR;
	}
	if (!c)
		return rt_error_nomem();
	c->url = url;
	c->opts = *opts;
	rt_buf_init(&red);
	/* as status prints the URL: the password as *** */
	rt_buf_printf(&red, "postgres://%s%s%s%s%s%s/%s",
		      url->user ? url->user : "",
		      url->password ? ":***" : "",
		      url->user || url->password ? "@" : "",
		      url->host ? url->host : "",
		      url->port ? ":" : "", url->port ? url->port : "",
		      url->dbname ? url->dbname : "");
	c->redacted = rt_buf_detach(&red);
	c->pg = open_pg(url);
	if (!c->pg || PQstatus(c->pg) != CONNECTION_OK) {
		const char *m = c->pg ? PQerrorMessage(c->pg) : "out of memory";

		set_conn_error("could not connect to", c->redacted, m);
		/* a refused connection has no result to carry a SQLSTATE:
		 * the one callers branch on (a database to create, or to
		 * read as empty) is recognized by the server's message */
		if (strstr(m, "database \"") && strstr(m, "\" does not exist"))
			rt_error_sqlstate("3D000");
		error = RT_ERROR;
		goto done;
	}
	error = session_setup(c);
	if (!error)
		c->cancel = PQgetCancel(c->pg);
done:
	if (error < 0)
		pg_close(c);
	else
		*out = c;
	return error;
}

/*
 * COPY FROM STDIN / TO STDOUT put the connection into a copy state that
 * only a client with the data (psql) can serve: a migration has none
 * (inline data after the statement is not SQL the splitter could pass). The
 * copy is ended with an error so the server rolls it back and the
 * connection is usable again, and the message says what to write instead.
 */
static int refuse_copy(rt_conn *c, PGresult *res)
{
	ExecStatusType st = PQresultStatus(res);
	PGresult *r;
	char *buf;

	if (st == PGRES_COPY_IN || st == PGRES_COPY_BOTH)
		PQputCopyEnd(c->pg, "retort sends no COPY data");
	else
		while (PQgetCopyData(c->pg, &buf, 0) > 0)
			PQfreemem(buf);
	while ((r = PQgetResult(c->pg)))
		PQclear(r);
	rt_error_set(RT_ERROR_BACKEND, "COPY %s cannot run in a migration",
		     st == PGRES_COPY_OUT ? "TO STDOUT" : "FROM STDIN");
	rt_error_detail("the statement exchanges rows with the client, which "
			"only an interactive client such as psql serves");
	rt_error_hint("load a CSV file with '-- retort:load TABLE FROM "
		      "'file.csv'' (a path relative to the migration), or "
		      "use INSERT ... VALUES");
	return RT_ERROR;
}

static int pg_exec(rt_conn *c, const char *sql, int *errpos)
{
	PGresult *res = PQexec(c->pg, sql);
	int error = 0;

	if (errpos)
		*errpos = -1;
	if (res && (PQresultStatus(res) == PGRES_COPY_IN ||
		    PQresultStatus(res) == PGRES_COPY_OUT ||
		    PQresultStatus(res) == PGRES_COPY_BOTH))
		error = refuse_copy(c, res);
	else if (!res || !ok_status(PQresultStatus(res)))
		error = result_error(c, res, errpos);
	PQclear(res);
	return error;
}

static int pg_query(rt_conn *c, const char *sql, const char *const *params,
		    int nparams, rt_row_cb cb, void *payload)
{
	PGresult *res = PQexecParams(c->pg, sql, nparams, NULL, params, NULL,
				     NULL, 0);
	const char *vals[32];
	int error = 0, rows, cols, i, j;

	if (!res || !ok_status(PQresultStatus(res))) {
		error = result_error(c, res, NULL);
		goto done;
	}
	rows = PQntuples(res);
	cols = PQnfields(res);
	if (cols > (int)RT_ARRAY_SIZE(vals))
		cols = (int)RT_ARRAY_SIZE(vals);
	for (i = 0; i < rows && cb; i++) {
		for (j = 0; j < cols; j++)
			vals[j] = PQgetisnull(res, i, j) ? NULL
							 : PQgetvalue(res, i, j);
		if (cb(payload, cols, vals) != 0)
			break;
	}
done:
	PQclear(res);
	return error;
}

static int pg_begin(rt_conn *c)
{
	return run_simple(c, c->pg, "BEGIN");
}

static int pg_commit(rt_conn *c)
{
	return run_simple(c, c->pg, "COMMIT");
}

static int pg_rollback(rt_conn *c)
{
	if (PQtransactionStatus(c->pg) == PQTRANS_IDLE)
		return 0;
	return run_simple(c, c->pg, "ROLLBACK");
}

/*
 * libpg_query's parser-based splitter knows dollar quotes, comments,
 * BEGIN ATOMIC bodies and CREATE RULE (...; ...). Text it cannot parse is
 * split by its scanner instead, so the server reports the syntax error
 * of the right statement.
 */
/* Hand text[start, start+n) to the callback as one statement, less its
 * leading blanks and comments and trailing blanks; nothing if blank. */
static int emit_stmt(const char *text, size_t start, size_t n, rt_stmt_cb cb,
		     void *payload)
{
	size_t s2 = rt_sql_skip_space(text, start + n, start);

	n -= s2 - start;
	start = s2;
	n = rt_sql_trim_end(text + start, n);
	if (!n || rt_sql_is_blank(text + start, n) ||
	    (n == 1 && text[start] == ';'))
		return 0;
	return cb(payload, start, n);
}

/*
 * libpg_query's parser-based splitter knows dollar quotes, comments,
 * BEGIN ATOMIC bodies and CREATE RULE (...; ...). Text it cannot parse is
 * split by its scanner instead, so the server reports the syntax error
 * of the right statement. The scanner skips what does not start with a
 * keyword ("SELEC 1;"): text between the statements it found is passed
 * on as statements too, so nothing in a migration is silently dropped.
 * A comment, quote or dollar quote that never ends is refused first, with
 * the line where it starts (libpg_query's message names no place).
 */
static int pg_split(const char *sql, size_t len, rt_stmt_cb cb, void *payload)
{
	char *text;
	PgQuerySplitResult r;
	size_t prev = 0;
	int i, error = 0;

	if ((error = rt_sql_check_terminated(sql, len, RT_SQL_POSTGRES, 1)) < 0)
		return error;
	if (!(text = strndup(sql, len)))
		return rt_error_nomem();
	r = pg_query_split_with_parser(text);
	if (r.error) {
		pg_query_free_split_result(r);
		r = pg_query_split_with_scanner(text);
	}
	if (r.error) {
		rt_error_set(RT_ERROR_PARSE, "could not split SQL: %s",
			     r.error->message);
		error = RT_ERROR;
		goto done;
	}
	for (i = 0; i < r.n_stmts && !error; i++) {
		size_t start = (size_t)r.stmts[i]->stmt_location;
		size_t n = (size_t)r.stmts[i]->stmt_len;

		if (start > prev)
			error = emit_stmt(text, prev, start - prev, cb, payload);
		if (error)
			break;
		if (n == 0)
			n = len - start; /* the last statement, no ';' */
		else if (start + n < len && text[start + n] == ';')
			n++;
		error = emit_stmt(text, start, n, cb, payload);
		prev = start + n;
	}
	if (!error && prev < len)
		error = emit_stmt(text, prev, len - prev, cb, payload);
done:
	pg_query_free_split_result(r);
	free(text);
	return error;
}

static int pg_table_exists(rt_conn *c, const char *name, int *exists)
{
	const char *vals[1] = {name};
	PGresult *res = PQexecParams(c->pg,
				     "SELECT to_regclass(quote_ident($1)) "
				     "IS NOT NULL",
				     1, NULL, vals, NULL, NULL, 0);
	int error = 0;

	if (!res || PQresultStatus(res) != PGRES_TUPLES_OK)
		error = result_error(c, res, NULL);
	else
		*exists = PQgetvalue(res, 0, 0)[0] == 't';
	PQclear(res);
	return error;
}

/* COPY ... FROM STDIN in CSV: rows are re-encoded (every value quoted,
 * NULL as the empty unquoted field) after retort's reader validated them. */
static int pg_load_begin(rt_loader **out, rt_conn *c, const char *table,
			 const char *const *cols, int ncols)
{
	rt_buf sql = RT_BUF_INIT;
	rt_loader *l = calloc(1, sizeof(*l));
	PGresult *res = NULL;
	int i, error = 0;

	*out = NULL;
	if (!l)
		return rt_error_nomem();
	rt_buf_init(&sql);
	rt_buf_init(&l->line);
	l->conn = c;
	l->ncols = ncols;
	/* the table name is as the migration wrote it (maybe schema.t) */
	rt_buf_printf(&sql, "COPY %s (", table);
	for (i = 0; i < ncols; i++) {
		if (i)
			rt_buf_puts(&sql, ", ");
		rt_buf_put_ident(&sql, cols[i]);
	}
	rt_buf_puts(&sql, ") FROM STDIN WITH (FORMAT csv)");
	if ((error = rt_buf_check(&sql)) < 0)
		goto done;
	res = PQexec(c->pg, sql.ptr);
	if (!res || PQresultStatus(res) != PGRES_COPY_IN)
		error = result_error(c, res, NULL);
done:
	PQclear(res);
	rt_buf_release(&sql);
	if (error < 0) {
		rt_buf_release(&l->line);
		free(l);
	} else {
		*out = l;
	}
	return error;
}

static int pg_load_row(rt_loader *l, const char *const *vals)
{
	int i;

	rt_buf_clear(&l->line);
	for (i = 0; i < l->ncols; i++) {
		const char *v = vals[i];

		if (i)
			rt_buf_putc(&l->line, ',');
		if (!v)
			continue;
		rt_buf_putc(&l->line, '"');
		for (; *v; v++) {
			if (*v == '"')
				rt_buf_putc(&l->line, '"');
			rt_buf_putc(&l->line, *v);
		}
		rt_buf_putc(&l->line, '"');
	}
	rt_buf_putc(&l->line, '\n');
	if (rt_buf_check(&l->line) < 0)
		return RT_ERROR;
	if (PQputCopyData(l->conn->pg, l->line.ptr, (int)l->line.len) != 1) {
		l->failed = 1;
		set_conn_error("COPY failed on", l->conn->redacted,
			       PQerrorMessage(l->conn->pg));
		return RT_ERROR;
	}
	return 0;
}

static int pg_load_end(rt_loader *l, int ok)
{
	PGresult *res;
	int error = 0;

	if (!l)
		return 0;
	PQputCopyEnd(l->conn->pg, ok && !l->failed ? NULL
						    : "retort: load aborted");
	while ((res = PQgetResult(l->conn->pg))) {
		if (ok && !error && PQresultStatus(res) != PGRES_COMMAND_OK)
			error = result_error(l->conn, res, NULL);
		PQclear(res);
	}
	rt_buf_release(&l->line);
	free(l);
	return error;
}

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

/* One attempt at the session advisory lock, on its own connection. */
static int advisory_try(rt_conn *c, int *got)
{
	char key[32];
	const char *vals[1] = {key};
	PGresult *res;
	int error = 0;

	*got = 0;
	if (!c->lock_pg) {
		c->lock_pg = open_pg(c->url);
		if (!c->lock_pg || PQstatus(c->lock_pg) != CONNECTION_OK) {
			set_conn_error("could not connect to", c->redacted,
				       c->lock_pg ? PQerrorMessage(c->lock_pg)
						  : "out of memory");
			return RT_ERROR;
		}
	}
	snprintf(key, sizeof(key), "%lld", (long long)c->lock_key);
	res = PQexecParams(c->lock_pg, "SELECT pg_try_advisory_lock($1)", 1,
			   NULL, vals, NULL, NULL, 0);
	if (!res || PQresultStatus(res) != PGRES_TUPLES_OK) {
		PGconn *saved = c->pg;

		c->pg = c->lock_pg;
		error = result_error(c, res, NULL);
		c->pg = saved;
	} else {
		*got = PQgetvalue(res, 0, 0)[0] == 't';
	}
	PQclear(res);
	return error;
}

/*
 * --lock=table: where session advisory locks do not hold (PgBouncer in
 * transaction mode hands each transaction a different server session),
 * the lock is a lease row. Taking it is one statement that succeeds only
 * if the row is absent or expired, so a crashed migrator blocks the next
 * one at most until its lease runs out; a live one renews the lease at
 * each migration (lock() again).
 */
#define LEASE_SECONDS 300

static int lease_try(rt_conn *c, int *got)
{
	char secs[16];
	const char *holder_vals[2];
	int error;

	snprintf(secs, sizeof(secs), "%d", LEASE_SECONDS);
	holder_vals[0] = rt_holder();
	holder_vals[1] = secs;
	*got = 0;
	error = run_simple(c, c->pg,
			   "CREATE TABLE IF NOT EXISTS retort_lock (\n"
			   "    id integer PRIMARY KEY CHECK (id = 1),\n"
			   "    holder text NOT NULL,\n"
			   "    expires_at timestamptz NOT NULL\n)");
	/* IF NOT EXISTS does not cover a migrator creating it at the same
	 * moment: the loser sees a duplicate pg_type or pg_class entry. */
	if (error < 0 && (!strcmp(rt_error_last()->sqlstate, "23505") ||
			  !strcmp(rt_error_last()->sqlstate, "42P07") ||
			  !strcmp(rt_error_last()->sqlstate, "42710"))) {
		error = 0;
		rt_error_clear();
	}
	if (!error) {
		PGresult *res = PQexecParams(
			c->pg,
			"INSERT INTO retort_lock AS l (id, holder, expires_at) "
			"VALUES (1, $1, now() + make_interval(secs => $2)) "
			"ON CONFLICT (id) DO UPDATE SET holder = EXCLUDED.holder,"
			" expires_at = EXCLUDED.expires_at "
			"WHERE l.expires_at < now() OR l.holder = EXCLUDED.holder "
			"RETURNING holder",
			2, NULL, holder_vals, NULL, NULL, 0);

		if (!res || PQresultStatus(res) != PGRES_TUPLES_OK)
			error = result_error(c, res, NULL);
		else
			*got = PQntuples(res) == 1;
		PQclear(res);
	}
	return error;
}

/* Try until the lock is ours or the wait is over, with growing, jittered
 * pauses up to 1 s between attempts. */
static int pg_lock(rt_conn *c)
{
	int (*try_once)(rt_conn *, int *) =
		c->opts.lock_table ? lease_try : advisory_try;
	int64_t deadline = rt_time_ms() + (int64_t)(c->opts.lock_wait * 1000);
	long wait = 50;
	int got, error;

	for (;;) {
		if ((error = try_once(c, &got)) < 0)
			return error;
		if (got)
			return 0;
		if (rt_time_ms() >= deadline)
			break;
		sleep_ms(wait / 2 + rand() % (wait / 2 + 1));
		if (wait < 1000)
			wait *= 2;
	}
	if (c->opts.lock_table) {
		rt_error_setc(RT_ELOCKED, RT_ERROR_BACKEND,
			      "another migrator holds the lease in retort_lock "
			      "of %s",
			      c->redacted);
		rt_error_detail("waited %g s; a lease runs for %d s unless "
				"renewed",
				c->opts.lock_wait, LEASE_SECONDS);
		rt_error_hint("SELECT * FROM retort_lock shows the holder and "
			      "when its lease expires");
	} else {
		rt_error_setc(RT_ELOCKED, RT_ERROR_BACKEND,
			      "another migrator holds the migration lock of %s",
			      c->redacted);
		rt_error_detail("waited %g s for advisory lock %lld",
				c->opts.lock_wait, (long long)c->lock_key);
		rt_error_hint("wait for it to finish, or raise --wait-lock; "
			      "pg_locks shows the holder");
	}
	return RT_ELOCKED;
}

static void lease_unlock(rt_conn *c)
{
	const char *vals[1] = {rt_holder()};
	PGresult *res;

	res = PQexecParams(c->pg, "DELETE FROM retort_lock WHERE holder = $1", 1,
			   NULL, vals, NULL, NULL, 0);
	PQclear(res);
}

static int pg_renew(rt_conn *c)
{
	int got, error;

	if (!c->opts.lock_table)
		return 0;
	if ((error = lease_try(c, &got)) < 0)
		return error;
	if (!got)
		return rt_error_setc(RT_ELOCKED, RT_ERROR_BACKEND,
				     "the migration lease in retort_lock "
				     "expired and another migrator took it");
	return 0;
}

static int word_is(const char *w, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(w, *list) == 0)
			return 1;
	return 0;
}

/*
 * What PostgreSQL refuses inside a transaction block, so that a
 * transaction=false statement cannot commit together with its journal row
 * (and may run again after a crash): anything CONCURRENTLY, VACUUM,
 * CREATE/DROP DATABASE and TABLESPACE, ALTER SYSTEM, CLUSTER of every
 * table, subscriptions and transaction control. What this misses (ALTER
 * TYPE ... ADD VALUE before PostgreSQL 12, a DO block or procedure that
 * commits) is caught by pg_refused_in_txn and run again outside.
 */
static int pg_autocommit_only(rt_conn *c, const char *sql)
{
	static const char *const first[] = {
		"vacuum", "begin", "start", "commit", "end", "rollback",
		"abort", "savepoint", "release", "prepare", NULL};
	static const char *const objects[] = {"database", "tablespace",
					      "subscription", "system", NULL};
	char w[12][32];
	int n = rt_sql_words(sql, w, 12), i;

	if (n < 1)
		return 0;
	if (word_is(w[0], first) || (n == 1 && !strcmp(w[0], "cluster")))
		return 1;
	if (n > 1 && (!strcmp(w[0], "create") || !strcmp(w[0], "drop") ||
		      !strcmp(w[0], "alter")) &&
	    word_is(w[1], objects))
		return 1;
	(void)c;
	for (i = 1; i < n; i++)
		if (!strcmp(w[i], "concurrently") && strcmp(w[0], "refresh"))
			return 1;
	return 0;
}

/* active_sql_transaction ("cannot run inside a transaction block") and
 * invalid_transaction_termination (a procedure or DO block that commits) */
static int pg_refused_in_txn(const rt_error *e)
{
	return !strcmp(e->sqlstate, "25001") || !strcmp(e->sqlstate, "2D000");
}

/* Fault injection (drop-lock): the advisory lock's connection goes, and
 * the session's lock with it, as when the server closes an idle session. */
static void pg_drop_lock(rt_conn *c)
{
	if (c->lock_pg) {
		PQfinish(c->lock_pg);
		c->lock_pg = NULL;
	}
}

static void pg_unlock(rt_conn *c)
{
	char key[32];
	const char *vals[1] = {key};
	PGresult *res;

	if (c->opts.lock_table) {
		lease_unlock(c);
		return;
	}
	if (!c->lock_pg)
		return;
	snprintf(key, sizeof(key), "%lld", (long long)c->lock_key);
	res = PQexecParams(c->lock_pg, "SELECT pg_advisory_unlock($1)", 1, NULL,
			   vals, NULL, NULL, 0);
	PQclear(res);
}

static void pg_cancel(rt_conn *c)
{
	char errbuf[256];

	if (c && c->cancel)
		PQcancel(c->cancel, errbuf, (int)sizeof(errbuf));
}

static int pg_retryable(const rt_error *e)
{
	/* lock_not_available: lock_timeout expired */
	return strcmp(e->sqlstate, "55P03") == 0;
}

static const char state_ddl[] =
	"CREATE TABLE IF NOT EXISTS retort_migrations (\n"
	"    revision text PRIMARY KEY,\n"
	"    checksum text NOT NULL,\n"
	"    applied_at timestamptz NOT NULL,\n"
	"    applied_by text NOT NULL,\n"
	"    duration_ms bigint NOT NULL DEFAULT 0,\n"
	"    state text NOT NULL DEFAULT 'applied',\n"
	"    direction text NOT NULL DEFAULT 'up',\n"
	"    statements_done integer NOT NULL DEFAULT 0,\n"
	"    locked_by text\n"
	");\n"
	"CREATE TABLE IF NOT EXISTS retort_log (\n"
	"    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
	"    at timestamptz NOT NULL,\n"
	"    event text NOT NULL,\n"
	"    revision text NOT NULL,\n"
	"    direction text,\n"
	"    checksum text,\n"
	"    statement integer,\n"
	"    applied_by text NOT NULL,\n"
	"    host text NOT NULL,\n"
	"    duration_ms bigint,\n"
	"    retort_version text NOT NULL,\n"
	"    message text\n"
	");\n";

const rt_backend rt_backend_postgres = {
	.name = "postgres",
	.caps = RT_CAP_TRANSACTIONAL_DDL | RT_CAP_ADVISORY_LOCK,
	.connect = pg_connect,
	.close = pg_close,
	.exec = pg_exec,
	.query = pg_query,
	.begin = pg_begin,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.split = pg_split,
	.table_exists = pg_table_exists,
	.load_begin = pg_load_begin,
	.load_row = pg_load_row,
	.load_end = pg_load_end,
	.lock = pg_lock,
	.unlock = pg_unlock,
	.renew = pg_renew,
	.retryable = pg_retryable,
	.drop_lock = pg_drop_lock,
	.autocommit_only = pg_autocommit_only,
	.refused_in_txn = pg_refused_in_txn,
	.quote_ident = rt_buf_put_ident,
	.cancel = pg_cancel,
	.state_ddl = state_ddl,
	.script_prologue = "-- for psql (psql -f script.sql): stop at the first "
			   "error\n\\set ON_ERROR_STOP on\n",
	.now_sql = "now()",
	.applied_at_sql = "to_char(applied_at AT TIME ZONE 'UTC', "
			  "'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')",
};
