/*
 * postgres.c: the PostgreSQL driver (libpq), the production backend.
 *
 * The migration lock is a session advisory lock taken with
 * pg_try_advisory_lock, polled, on a connection of its own that stays idle
 * outside any transaction: CREATE INDEX CONCURRENTLY waits for every
 * transaction that could see the table, and a lock held inside one would
 * make it wait for ever. A crashed migrator's connection closes and the
 * server frees the lock. How the lock is kept, and never lost silently,
 * is told above advisory_try().
 *
 * Migration statements run under lock_timeout (default 2 s) so that a
 * statement queued behind a long transaction gives up instead of blocking
 * the application behind itself; the engine retries (retryable()).
 * Statements are split with libpg_query, PostgreSQL's own parser.
 */
#include "backend/postgres_int.h"
#include "catalog/online_postgres.h"
#include "diff/diff.h"
#include "lint/lint.h"
#include "util/dl.h"
#include "util/fs.h"
#include "util/pgq.h"
#include "util/sql_lex.h"

#include <libpq-fe.h>
#include <poll.h>
#include <time.h>
#include <unistd.h>

/*
 * libpq is loaded when a postgres:// URL is first used, not linked: it
 * pulls in Kerberos, LDAP and two dozen more libraries whose relocation
 * would make every start of retort, SQLite-only ones included, several
 * times slower. Each function used is declared with libpq's own type.
 */
#define PQ_DEFINE(f) __typeof__(rt_pg_pq_##f) rt_pg_pq_##f;
PQ_FUNCS(PQ_DEFINE)
#undef PQ_DEFINE

static const char *const pq_sonames[] = {"libpq.so.5", NULL};

#define PQ_SYM(f) {#f, (void **)&rt_pg_pq_##f},
static const rt_dl_sym pq_syms[] = {PQ_FUNCS(PQ_SYM)};
#undef PQ_SYM

static rt_dl_lib pq_lib = RT_DL_LIB(pq_sonames, "libpq", pq_syms);

static int pq_ready(void)
{
	return rt_dl_ready(&pq_lib, "PostgreSQL support needs libpq",
			   "install the libpq5 package");
}

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
int rt_pg_result_error(rt_conn *c, PGresult *res, int *errpos)
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

int rt_pg_ok_status(ExecStatusType st)
{
	return st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK ||
	       st == PGRES_EMPTY_QUERY;
}

/*
 * Deferred writes (as mysql.c's). Inside a transaction, BEGIN and the
 * bookkeeping writes (pg_write) wait on the client, their parameters
 * bound as literals by PQescapeLiteral (the connection's own quoting
 * rules), and reach the server in one simple-query text: with the
 * COMMIT, or, when only BEGIN waits, with the transaction's first
 * statement. A migration's BEGIN, record, log row and COMMIT make two
 * round trips instead of five. The server runs the text's statements in
 * order and stops at the first that fails, whose error PQexec returns;
 * a ROLLBACK drops what was not sent. A query with parameters (the
 * extended protocol takes one statement) sends what waits first, alone.
 */

/* `sql` with $1..$n replaced by literals (not inside the template's own
 * quoted literals). */
static int bind_literals(rt_conn *c, rt_buf *out, const char *sql,
			 const char *const *params, int nparams)
{
	const char *p = sql;

	while (*p) {
		if (*p == '\'') {
			const char *q = p + 1;

			while (*q && !(*q == '\'' && q[1] != '\''))
				q += *q == '\'' ? 2 : 1;
			if (*q)
				q++;
			rt_buf_put(out, p, (size_t)(q - p));
			p = q;
			continue;
		}
		if (*p == '$' && p[1] >= '1' && p[1] <= '9') {
			const char *v;
			char *lit;
			int k = 0;

			for (p++; *p >= '0' && *p <= '9'; p++)
				k = k * 10 + (*p - '0');
			v = k <= nparams ? params[k - 1] : NULL;
			if (!v) {
				rt_buf_puts(out, "NULL");
				continue;
			}
			if (!(lit = PQescapeLiteral(c->pg, v, strlen(v))))
				return rt_error_set(RT_ERROR_BACKEND,
						    "could not quote a value: %s",
						    PQerrorMessage(c->pg));
			rt_buf_puts(out, lit);
			PQfreemem(lit);
			continue;
		}
		rt_buf_putc(out, *p++);
	}
	return rt_buf_check(out);
}

/* Send what waits, alone (before a statement that cannot carry it). */
static int flush_pending(rt_conn *c)
{
	PGresult *res;
	int error = 0;

	if (!c->pending.len)
		return 0;
	res = PQexec(c->pg, c->pending.ptr);
	rt_buf_clear(&c->pending);
	if (!res || !rt_pg_ok_status(PQresultStatus(res)))
		error = rt_pg_result_error(c, res, NULL);
	PQclear(res);
	return error;
}

int rt_pg_run_simple(rt_conn *c, PGconn *pg, const char *sql)
{
	PGresult *res;
	int error = 0;

	if (pg == c->pg && c->pending.len) {
		rt_buf_puts(&c->pending, ";\n");
		rt_buf_puts(&c->pending, sql);
		if ((error = rt_buf_check(&c->pending)) < 0) {
			rt_buf_release(&c->pending);
			return error;
		}
		res = PQexec(pg, c->pending.ptr);
		rt_buf_clear(&c->pending);
	} else {
		res = PQexec(pg, sql);
	}

	if (!res || !rt_pg_ok_status(PQresultStatus(res))) {
		PGconn *saved = c->pg;

		c->pg = pg;
		error = rt_pg_result_error(c, res, NULL);
		c->pg = saved;
	}
	PQclear(res);
	return error;
}


static void pg_close(rt_conn *c)
{
	if (!c)
		return;
	rt_pg_hb_stop(c); /* it uses c->cancel */
	if (c->cancel)
		PQfreeCancel(c->cancel);
	if (c->lock_pg)
		PQfinish(c->lock_pg);
	if (c->replica_pg)
		PQfinish(c->replica_pg);
	if (c->pg)
		PQfinish(c->pg);
	free(c->redacted);
	rt_buf_release(&c->text);
	rt_buf_release(&c->pending);
	free(c);
}

/* The library never prints: libpq's default would write NOTICEs
 * ("relation already exists, skipping") to stderr. */
void rt_pg_ignore_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}


static int url_has(const rt_url *u, const char *key)
{
	size_t i;

	for (i = 0; i < u->nparams; i++)
		if (!strcmp(u->params[i].key, key))
			return 1;
	return 0;
}

/*
 * libpq keywords from the URL: retort's own parts, then every query
 * parameter as it is (sslmode, sslrootcert, connect_timeout, options...),
 * so libpq's whole vocabulary passes through. Where the URL names none,
 * retort adds application_name, connect_timeout and TCP keepalives: a
 * connection that sits idle for long (the lock's, while a migration runs)
 * keeps its state in NAT and firewalls, and a dead server is noticed in
 * about a minute rather than two hours. The lock's and the heartbeat's
 * connections (`lock`) also bound unacknowledged sends, so that asking
 * the server whether the lock is still held never hangs on a dead network.
 */
void rt_pg_conn_params(const char **keys, const char **vals, const rt_url *u,
			int lock)
{
	static const char *const defaults[][2] = {
		{"application_name", "retort"},
		{"connect_timeout", "10"},
		{"keepalives", "1"},
		{"keepalives_idle", "30"},
		{"keepalives_interval", "10"},
		{"keepalives_count", "3"},
		{"tcp_user_timeout", "30000"}, /* the last: `lock` only */
	};
	size_t i, ndefaults = RT_ARRAY_SIZE(defaults) - (lock ? 0 : 1);
	int n = 0;

#define KV(k, v)                                                             \
	do {                                                                 \
		if ((v) && n < PG_MAXPARAMS - 1) {                           \
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
	for (i = 0; i < ndefaults; i++)
		if (!url_has(u, defaults[i][0]))
			KV(defaults[i][0], defaults[i][1]);
	for (i = 0; i < u->nparams; i++) {
		if (!strcmp(u->params[i].key, "search_path") ||
		    !strcmp(u->params[i].key, "schema"))
			continue; /* retort's, applied with SET */
		KV(u->params[i].key, u->params[i].value);
	}
#undef KV
	keys[n] = NULL;
	vals[n] = NULL;
}

static PGconn *open_pg(const rt_url *u, int lock)
{
	const char *keys[PG_MAXPARAMS], *vals[PG_MAXPARAMS];
	PGconn *pg;

	rt_pg_conn_params(keys, vals, u, lock);
	pg = PQconnectdbParams(keys, vals, 0);
	if (pg)
		PQsetNoticeProcessor(pg, rt_pg_ignore_notice, NULL);
	return pg;
}

/*
 * Server timeouts that a database or role may set (ALTER DATABASE ... SET
 * idle_session_timeout) close a session behind its client's back, and
 * with the lock's session the lock. Every session of retort turns off
 * those that end an idle session (it idles only while it waits for the
 * lock, and its bookkeeping transactions are short) and asks for server
 * keepalives, so that a dead migrator's session ends in about a minute;
 * the lock's own session, which only ever waits, turns off every
 * timeout. One statement, and settings an older server lacks are
 * skipped.
 */
#define SESSION_SETTINGS(extra)                                              \
	"SELECT set_config(s.name, v.value, false) FROM (VALUES "            \
	"('idle_session_timeout', '0'), "                                    \
	"('idle_in_transaction_session_timeout', '0'), "                     \
	"('tcp_keepalives_idle', '30'), "                                    \
	"('tcp_keepalives_interval', '10'), "                                \
	"('tcp_keepalives_count', '3')" extra                                \
	") v(name, value) JOIN pg_settings s ON s.name = v.name"
static const char main_settings[] = SESSION_SETTINGS("");
const char rt_pg_lock_settings[] = SESSION_SETTINGS(
	", ('statement_timeout', '0'), ('lock_timeout', '0'), "
	"('transaction_timeout', '0')");

/* A stable 64-bit key per schema: two projects in two schemas of one
 * database do not wait for each other. `what` tells the lock from the
 * fence ("retort:", "retort-fence:"). */
static int64_t lock_key(const char *what, const char *schema)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */
	const char *p = what;

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
	rt_buf_puts(&sql, main_settings);
	rt_buf_putc(&sql, ';');
	if (schema) {
		rt_buf_puts(&sql, "SET search_path TO ");
		rt_pg_put_ident(&sql, schema);
		rt_buf_putc(&sql, ';');
	}
	if ((error = rt_buf_check(&sql)) == 0)
		error = rt_pg_run_simple(c, c->pg, sql.ptr);
	rt_buf_release(&sql);
	c->lock_key = lock_key("retort:", schema);
	c->fence_key = lock_key("retort-fence:", schema);
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
	c->pg = open_pg(url, 0);
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

static int pg_exec(rt_conn *c, const char *sql, size_t len, int *errpos)
{
	static const char begin[] = "BEGIN;\n";
	PGresult *res;
	size_t before = 0;
	int error = 0;

	if (errpos)
		*errpos = -1;
	/* what waits goes first: BEGIN alone in this text (the server's
	 * error position is then shifted by it), writes apart */
	rt_buf_clear(&c->text);
	if (c->pending.len && strcmp(c->pending.ptr, "BEGIN") == 0) {
		rt_buf_puts(&c->text, begin);
		before = sizeof(begin) - 1;
		rt_buf_clear(&c->pending);
	} else if ((error = flush_pending(c)) < 0) {
		return error;
	}
	/* libpq takes only a C string: the one copy left on this path */
	rt_buf_put(&c->text, sql, len);
	if ((error = rt_buf_check(&c->text)) < 0) {
		rt_buf_release(&c->text); /* oom sticks otherwise */
		return error;
	}
	res = PQexec(c->pg, c->text.ptr);
	if (res && (PQresultStatus(res) == PGRES_COPY_IN ||
		    PQresultStatus(res) == PGRES_COPY_OUT ||
		    PQresultStatus(res) == PGRES_COPY_BOTH)) {
		error = refuse_copy(c, res);
	} else if (!res || !rt_pg_ok_status(PQresultStatus(res))) {
		error = rt_pg_result_error(c, res, errpos);
		if (errpos && *errpos >= 0)
			*errpos = *errpos >= (int)before ? *errpos - (int)before
							  : -1;
		/* cancelled by the heartbeat: the lease is the cause */
		if (c->hb && c->locked && rt_pg_lease_check(c) < 0 && errpos)
			*errpos = -1;
	}
	PQclear(res);
	return error;
}

static int pg_query(rt_conn *c, const char *sql, const char *const *params,
		    int nparams, rt_row_cb cb, void *payload)
{
	PGresult *res;
	const char *vals[32];
	int error, rows, cols, i, j;

	if ((error = flush_pending(c)) < 0)
		return error;
	res = PQexecParams(c->pg, sql, nparams, NULL, params, NULL, NULL, 0);

	if (!res || !rt_pg_ok_status(PQresultStatus(res))) {
		error = rt_pg_result_error(c, res, NULL);
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

/* Single-row mode: a row at a time off the wire, so a copy source of
 * any size streams. A callback that stops cancels the rest on the server
 * and drains what is already on its way. */
static int pg_query_stream(rt_conn *c, const char *sql, rt_row_cb cb,
			   void *payload)
{
	const char **vals = NULL;
	PGresult *res;
	int error = 0, stop = 0, cap = 0;

	if ((error = flush_pending(c)) < 0)
		return error;
	if (!PQsendQueryParams(c->pg, sql, 0, NULL, NULL, NULL, NULL, 0)) {
		set_conn_error("could not send a query to", c->redacted,
			       PQerrorMessage(c->pg));
		return RT_ERROR;
	}
	PQsetSingleRowMode(c->pg);
	while ((res = PQgetResult(c->pg))) {
		ExecStatusType st = PQresultStatus(res);

		if (st == PGRES_SINGLE_TUPLE && !stop && !error) {
			int j, n = PQnfields(res);

			if (n > cap) {
				const char **grown =
				    realloc(vals, (size_t)n * sizeof(*vals));

				if (!grown) {
					error = rt_error_nomem();
					PQclear(res);
					continue;
				}
				vals = grown;
				cap = n;
			}
			for (j = 0; j < n; j++)
				vals[j] = PQgetisnull(res, 0, j)
					      ? NULL
					      : PQgetvalue(res, 0, j);
			if (cb(payload, n, (const char *const *)vals) != 0) {
				char why[256];

				stop = 1;
				if (c->cancel)
					PQcancel(c->cancel, why, sizeof(why));
			}
		} else if (st != PGRES_SINGLE_TUPLE && !rt_pg_ok_status(st) &&
			   !error && !stop) {
			error = rt_pg_result_error(c, res, NULL);
		}
		PQclear(res);
	}
	free(vals);
	return error;
}

static int pg_begin(rt_conn *c)
{
	/* sent with the transaction's first statement */
	rt_buf_clear(&c->pending);
	rt_buf_puts(&c->pending, "BEGIN");
	c->txn = 1;
	return rt_buf_check(&c->pending);
}

/* A write inside the transaction waits for the next round trip; outside
 * one, it is sent now. */
static int pg_write(rt_conn *c, const char *sql, const char *const *params,
		    int nparams)
{
	if (!c->txn)
		return pg_query(c, sql, params, nparams, NULL, NULL);
	if (c->pending.len)
		rt_buf_puts(&c->pending, ";\n");
	return bind_literals(c, &c->pending, sql, params, nparams);
}

/* Under a lease, nothing commits once it is lost: another migrator may
 * run, and the journal must not say what this one did. */
static int pg_commit(rt_conn *c)
{
	c->txn = 0;
	if (c->hb && c->locked && rt_pg_lease_check(c) < 0) {
		rt_error_saved *saved = rt_error_save();

		rt_buf_clear(&c->pending);
		rt_pg_run_simple(c, c->pg, "ROLLBACK");
		rt_error_restore(saved);
		return RT_ERROR;
	}
	return rt_pg_run_simple(c, c->pg, "COMMIT");
}

static int pg_rollback(rt_conn *c)
{
	/* what was not sent never ran */
	rt_buf_clear(&c->pending);
	c->txn = 0;
	if (PQtransactionStatus(c->pg) == PQTRANS_IDLE)
		return 0;
	return rt_pg_run_simple(c, c->pg, "ROLLBACK");
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

	if ((error = rt_sql_check_terminated(sql, len, RT_SQL_POSTGRES, 1)) < 0 ||
	    (error = rt_pgq_ready()) < 0)
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
	PGresult *res;
	int error;

	if ((error = flush_pending(c)) < 0)
		return error;
	res = PQexecParams(c->pg, "SELECT to_regclass(quote_ident($1)) IS NOT NULL",
			   1, NULL, vals, NULL, NULL, 0);

	if (!res || PQresultStatus(res) != PGRES_TUPLES_OK)
		error = rt_pg_result_error(c, res, NULL);
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
		rt_pg_put_ident(&sql, cols[i]);
	}
	rt_buf_puts(&sql, ") FROM STDIN WITH (FORMAT csv)");
	if ((error = rt_buf_check(&sql)) < 0 ||
	    (error = flush_pending(c)) < 0)
		goto done;
	res = PQexec(c->pg, sql.ptr);
	if (!res || PQresultStatus(res) != PGRES_COPY_IN)
		error = rt_pg_result_error(c, res, NULL);
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
		if (ok && !error && PQresultStatus(res) != PGRES_COMMAND_OK) {
			/* "COPY t, line N, column c": which row it refused */
			const char *where =
			    PQresultErrorField(res, PG_DIAG_CONTEXT);

			error = rt_pg_result_error(l->conn, res, NULL);
			if (where) {
				const char *d = rt_error_last()->detail;
				char *had = d ? strdup(d) : NULL;

				rt_error_detail("%s%s%s", had ? had : "",
						had ? "\n" : "", where);
				free(had);
			}
		}
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

/*
 * The migration lock, and why it is never lost silently.
 *
 * Advisory (the default): the lock is lock_key, a session advisory lock
 * on lock_pg, a connection that only ever waits. A session lock lives as
 * long as its session, so the lock is lost only when that session ends:
 * by a server timeout (idle_session_timeout set on the database, turned
 * off for the session by rt_pg_lock_settings), a dead network (keepalives), or
 * pg_terminate_backend. Two things make the loss harmless:
 *
 * - the fence: once lock_key is granted, the migrator also takes
 *   fence_key on its main connection, the one that runs the statements,
 *   and a newcomer must hold both before it reads any state. A migrator
 *   whose lock connection died still holds the fence for as long as its
 *   main session lives, and it runs statements only through that
 *   session: the newcomer waits until the migrator has stopped (or its
 *   session is gone, and with it any chance of running another
 *   statement). So two migrators never both run a statement, whatever
 *   the timing, and the one that lost its lock may still commit the
 *   journal row of a statement it completed.
 * - the check (check_lock, before each statement): lock_pg's socket is
 *   polled without blocking; anything arriving on a connection that only
 *   waits (the server's FATAL before it closes) or, every few seconds, a
 *   pg_locks query on lock_pg confirms the lock, and a lost lock stops
 *   the run with an error before the next statement.
 *
 * --lock=table (a lease row, for poolers in transaction mode, where
 * sessions are shared and session locks mean nothing): see heartbeat.
 */
#define VERIFY_MS 5000

/* Why lock_pg (and the lock with it) is gone: the server's message. */
static void note_lost(rt_conn *c, PGconn *pg)
{
	const char *m = pg ? PQerrorMessage(pg) : "";
	const char *nl = strchr(m, '\n');

	c->lost = 1;
	if (!*m)
		snprintf(c->lost_why, sizeof(c->lost_why),
			 "pg_locks no longer shows advisory lock %lld held "
			 "by its connection (server process %d)",
			 (long long)c->lock_key, c->lock_pid);
	else
		snprintf(c->lost_why, sizeof(c->lost_why),
			 "its connection (server process %d) closed: %.*s",
			 c->lock_pid, nl ? (int)(nl - m) : (int)strlen(m), m);
}

static int lost_error(rt_conn *c)
{
	return rt_backend_lock_lost(c->redacted, c->lost_why);
}

/* The lock's own connection, every timeout off. */
static int lock_conn_open(rt_conn *c)
{
	c->lock_pg = open_pg(c->url, 1);
	if (!c->lock_pg || PQstatus(c->lock_pg) != CONNECTION_OK) {
		set_conn_error("could not connect to", c->redacted,
			       c->lock_pg ? PQerrorMessage(c->lock_pg)
					  : "out of memory");
		return RT_ERROR;
	}
	c->lock_pid = PQbackendPID(c->lock_pg);
	return rt_pg_run_simple(c, c->lock_pg, rt_pg_lock_settings);
}

/* One pg_try_advisory_lock($key) on `pg`. */
static int try_key(rt_conn *c, PGconn *pg, int64_t key, int *got)
{
	char k[32];
	const char *vals[1] = {k};
	PGresult *res;
	int error = 0;

	snprintf(k, sizeof(k), "%lld", (long long)key);
	res = PQexecParams(pg, "SELECT pg_try_advisory_lock($1)", 1, NULL,
			   vals, NULL, NULL, 0);
	if (!res || PQresultStatus(res) != PGRES_TUPLES_OK) {
		PGconn *saved = c->pg;

		c->pg = pg;
		error = rt_pg_result_error(c, res, NULL);
		c->pg = saved;
	} else {
		*got = PQgetvalue(res, 0, 0)[0] == 't';
	}
	PQclear(res);
	return error;
}

static void unlock_key(PGconn *pg, int64_t key)
{
	char k[32];
	const char *vals[1] = {k};

	if (!pg || PQstatus(pg) != CONNECTION_OK)
		return;
	snprintf(k, sizeof(k), "%lld", (long long)key);
	PQclear(PQexecParams(pg, "SELECT pg_advisory_unlock($1)", 1, NULL,
			     vals, NULL, NULL, 0));
}

/* One attempt: the lock on its own connection, then the fence. */
static int advisory_try(rt_conn *c, int *got)
{
	int error;

	*got = 0;
	if (c->lock_pg && PQstatus(c->lock_pg) != CONNECTION_OK) {
		/* lost in an earlier run of this connection */
		PQfinish(c->lock_pg);
		c->lock_pg = NULL;
		c->have_key = 0;
	}
	if (!c->lock_pg && (error = lock_conn_open(c)) < 0)
		return error;
	if (!c->have_key &&
	    (error = try_key(c, c->lock_pg, c->lock_key, &c->have_key)) < 0)
		return error;
	if (!c->have_key)
		return 0;
	if ((error = try_key(c, c->pg, c->fence_key, &c->fenced)) < 0)
		return error;
	*got = c->fenced;
	return 0;
}

/* Is the advisory lock still ours? No round trip unless lock_pg heard
 * from the server or the last pg_locks check is VERIFY_MS old. */
static int advisory_check(rt_conn *c)
{
	char classid[16], objid[16];
	const char *vals[2] = {classid, objid};
	struct pollfd p;
	PGresult *res;
	int64_t now = rt_time_ms();
	int held;

	if (c->lost)
		return lost_error(c);
	p.fd = PQsocket(c->lock_pg);
	p.events = POLLIN;
	p.revents = 0;
	if (PQstatus(c->lock_pg) == CONNECTION_OK && p.fd >= 0 &&
	    poll(&p, 1, 0) == 0 && now - c->verified < VERIFY_MS)
		return 0;
	/* a bigint key shows as its high and low halves */
	snprintf(classid, sizeof(classid), "%u",
		 (unsigned)((uint64_t)c->lock_key >> 32));
	snprintf(objid, sizeof(objid), "%u",
		 (unsigned)((uint64_t)c->lock_key & 0xffffffffu));
	res = PQexecParams(c->lock_pg,
			   "SELECT EXISTS (SELECT FROM pg_locks WHERE "
			   "locktype = 'advisory' AND granted AND "
			   "pid = pg_backend_pid() AND classid = $1::oid AND "
			   "objid = $2::oid AND objsubid = 1)",
			   2, NULL, vals, NULL, NULL, 0);
	held = res && PQresultStatus(res) == PGRES_TUPLES_OK &&
	       PQgetvalue(res, 0, 0)[0] == 't';
	PQclear(res);
	if (!held) {
		note_lost(c, PQstatus(c->lock_pg) == CONNECTION_OK
				     ? NULL
				     : c->lock_pg);
		return lost_error(c);
	}
	c->verified = rt_time_ms();
	return 0;
}

/* Try until the lock is ours or the wait is over, with growing, jittered
 * pauses up to 1 s between attempts. */
static int pg_lock(rt_conn *c)
{
	int64_t deadline = rt_time_ms() + (int64_t)(c->opts.lock_wait * 1000);
	int64_t t_sent = 0;
	long wait = 50;
	int got, error;

	if (c->locked)
		return 0;
	c->lease_ms = rt_lease_ms();
	for (;;) {
		error = c->opts.lock_table ? rt_pg_lease_try(c, &got, &t_sent)
					   : advisory_try(c, &got);
		if (error < 0)
			goto fail;
		if (got)
			break;
		if (rt_time_ms() >= deadline)
			goto timeout;
		sleep_ms(wait / 2 + rand() % (wait / 2 + 1));
		if (wait < 1000)
			wait *= 2;
	}
	if (c->opts.lock_table && (error = rt_pg_hb_start(c, t_sent)) < 0) {
		rt_error_saved *saved = rt_error_save();

		rt_pg_lease_unlock(c);
		rt_error_restore(saved);
		return error;
	}
	c->locked = 1;
	c->lost = 0;
	c->verified = rt_time_ms();
	return 0;
timeout:
	if (c->opts.lock_table) {
		rt_error_setc(RT_ELOCKED, RT_ERROR_BACKEND,
			      "another migrator holds the lease in retort_lock "
			      "of %s",
			      c->redacted);
		rt_error_detail("waited %g s; a lease runs for %g s unless "
				"renewed",
				c->opts.lock_wait, c->lease_ms / 1000.0);
		rt_error_hint("SELECT * FROM retort_lock shows the holder and "
			      "when its lease expires");
	} else if (c->have_key) {
		rt_error_setc(RT_ELOCKED, RT_ERROR_BACKEND,
			      "another migrator still runs on %s", c->redacted);
		rt_error_detail("waited %g s: advisory lock %lld was free, but "
				"the session of the migrator that held it still "
				"holds lock %lld; it lost its lock connection "
				"and stops before its next statement",
				c->opts.lock_wait, (long long)c->lock_key,
				(long long)c->fence_key);
		rt_error_hint("wait for it to finish, or raise --wait-lock; "
			      "pg_locks shows the holder");
	} else {
		rt_error_setc(RT_ELOCKED, RT_ERROR_BACKEND,
			      "another migrator holds the migration lock of %s",
			      c->redacted);
		rt_error_detail("waited %g s for advisory lock %lld",
				c->opts.lock_wait, (long long)c->lock_key);
		rt_error_hint("wait for it to finish, or raise --wait-lock; "
			      "pg_locks shows the holder");
	}
	error = RT_ELOCKED;
fail:
	if (c->have_key) {
		rt_error_saved *saved = rt_error_save();

		unlock_key(c->lock_pg, c->lock_key);
		c->have_key = 0;
		rt_error_restore(saved);
	}
	return error;
}

/* Before each statement, and before each migration: is the lock still
 * ours? */
static int pg_check_lock(rt_conn *c)
{
	if (!c->locked)
		return 0;
	return c->hb ? rt_pg_lease_check(c) : advisory_check(c);
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
static int pg_autocommit_only(rt_conn *c, const char *sql, size_t len)
{
	static const char *const first[] = {
		"vacuum", "begin", "start", "commit", "end", "rollback",
		"abort", "savepoint", "release", "prepare"};
	static const char *const objects[] = {"database", "tablespace",
					      "subscription", "system"};
	char w[12][32];
	int n = rt_sql_words(sql, len, w, 12), i;

	if (n < 1)
		return 0;
	if (rt_sql_word_in(w[0], first, RT_ARRAY_SIZE(first)) || (n == 1 && !strcmp(w[0], "cluster")))
		return 1;
	if (n > 1 && (!strcmp(w[0], "create") || !strcmp(w[0], "drop") ||
		      !strcmp(w[0], "alter")) &&
	    rt_sql_word_in(w[1], objects, RT_ARRAY_SIZE(objects)))
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
	if (!c->locked)
		return;
	c->locked = 0;
	if (c->opts.lock_table) {
		rt_pg_hb_stop(c);
		rt_pg_lease_unlock(c);
		return;
	}
	if (c->fenced && PQtransactionStatus(c->pg) == PQTRANS_IDLE)
		unlock_key(c->pg, c->fence_key);
	c->fenced = 0;
	if (c->have_key && !c->lost)
		unlock_key(c->lock_pg, c->lock_key);
	c->have_key = 0;
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

static void pg_put_use_schema(rt_buf *out, const char *schema)
{
	rt_buf_puts(out, "SET search_path TO ");
	rt_pg_put_ident(out, schema);
	rt_buf_puts(out, ";\n");
}

static const char *const pg_schemes[] = {"postgres", "postgresql", NULL};

const rt_backend rt_backend_postgres = {
	.name = "postgres",
	.schemes = pg_schemes,
	.url_form = RT_URL_SERVER,
	.caps = RT_CAP_TRANSACTIONAL_DDL | RT_CAP_ADVISORY_LOCK |
		RT_CAP_ONLINE | RT_CAP_CONCURRENT_INDEX | RT_CAP_SCHEMAS |
		RT_CAP_REPLICAS,
	.catalog = &rt_catalog_ops_postgres,
	.diff = &rt_diff_dialect_postgres,
	.render = &rt_render_ops_postgres,
	.lint = &rt_lint_ops_postgres,
	.online = &rt_online_ops_postgres,
	.connect = pg_connect,
	.close = pg_close,
	.exec = pg_exec,
	.query = pg_query,
	.write = pg_write,
	.query_stream = pg_query_stream,
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
	.check_lock = pg_check_lock,
	.retryable = pg_retryable,
	.drop_lock = pg_drop_lock,
	.autocommit_only = pg_autocommit_only,
	.refused_in_txn = pg_refused_in_txn,
	.quote_ident = rt_pg_put_ident,
	/* standard_conforming_strings: on since 9.1, and a backslash is
	 * just a character */
	.quote_literal = rt_buf_put_sql_literal,
	.put_use_schema = pg_put_use_schema,
	.cancel = pg_cancel,
	.replica_lag = rt_pg_replica_lag,
	.state_ddl = state_ddl,
	.script_prologue = "-- for psql (psql -f script.sql): stop at the first "
			   "error\n\\set ON_ERROR_STOP on\n",
	.now_sql = "now()",
	.applied_at_sql = "to_char(applied_at AT TIME ZONE 'UTC', "
			  "'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')",
	.server_db = "postgres",
};
