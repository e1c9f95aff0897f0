/*
 * mysql.c: the MySQL/MariaDB driver (libmariadb), for mysql:// and
 * mariadb:// URLs.
 *
 * The engine commits every DDL statement implicitly, so the descriptor
 * has no RT_CAP_TRANSACTIONAL_DDL: the runner takes every section
 * statement by statement with its per-statement journal, and
 * autocommit_only() tells it which statements commit on their own (DDL,
 * account and transaction control) so that only DML runs inside a
 * transaction together with its journal row.
 *
 * The session is made independent of the server's defaults: a strict
 * sql_mode without ANSI_QUOTES (so "..." is a string and identifiers are
 * quoted with backticks by quote_ident), UTC, utf8mb4, and
 * lock_wait_timeout (metadata locks) and innodb_lock_wait_timeout (row
 * locks) from --lock-timeout, so that a migration statement queued behind
 * a long transaction gives up and is retried (retryable()) instead of
 * queueing the application behind itself.
 *
 * The migration lock is GET_LOCK on a connection of its own, and a fence
 * lock on the main connection; see mysql_lock().
 *
 * Statements are split by mysql_split.c, which needs no DELIMITER.
 *
 * Parameters ($1..$n) are bound as escaped literals in one text-protocol
 * round trip; the bookkeeping's rt_time_iso stamps become DATETIME text.
 */
#include "backend/mysql_int.h"
#include "diff/diff.h"
#include "lint/lint.h"
#include "catalog/catalog.h"
#include "util/fs.h"
#include "util/sql_lex.h"

#include <errmsg.h>
#include <mysqld_error.h>
#include <time.h>

/* until catalog_mysql.c, diff_mysql.c and render/mysql.c land */
extern const rt_catalog_ops rt_catalog_ops_mysql;
extern const rt_diff_dialect rt_diff_dialect_mysql;
extern const rt_render_ops rt_render_ops_mysql;


/* Rows are sent as multi-row INSERTs of about this many bytes. */
#define LOAD_BATCH_BYTES (256 * 1024)

struct rt_loader {
	rt_conn *conn;
	rt_buf head; /* INSERT INTO t (cols) VALUES */
	rt_buf sql;  /* head and the rows not sent yet */
	int ncols, rows;
	long long sent; /* rows sent in earlier batches */
	/* where each unsent row's "(...)" starts in sql, and ends */
	size_t *at;
	size_t nat, cap;
};

/* ---- errors -------------------------------------------------------- */

static int conn_lost(unsigned int no)
{
	return no == CR_SERVER_GONE_ERROR || no == CR_SERVER_LOST ||
	       no == CR_CONN_HOST_ERROR || no == CR_CONNECTION_ERROR;
}

/* The server's message with its error number (what the manual indexes),
 * and its SQLSTATE. */
int rt_my_set_error(rt_conn *c, MYSQL *my)
{
	unsigned int no = mysql_errno(my);

	if (conn_lost(no)) {
		rt_error_set(RT_ERROR_BACKEND,
			     "lost the connection to %s: %s (error %u)",
			     c->redacted, mysql_error(my), no);
		/* the client's own errors carry HY000: the runner knows a
		 * lost connection by its class, 08 (ODBC's communication
		 * link failure, as MySQL's connectors report it) */
		rt_error_sqlstate("08S01");
		return RT_ERROR;
	}
	rt_error_set(RT_ERROR_BACKEND, "%s (error %u)", mysql_error(my), no);
	rt_error_sqlstate(no ? mysql_sqlstate(my) : "");
	return RT_ERROR;
}

/*
 * A syntax error names no offset, only "near '<text>' at line N": the
 * text is looked up in the statement, so that the engine's caller can
 * point at the file's line. -1 when it cannot be found.
 */
static int error_position(MYSQL *my, const char *sql, size_t len)
{
	const char *m = mysql_error(my), *near = strstr(m, "near '");
	const char *end, *hit = NULL;
	size_t n, i;

	if (mysql_errno(my) != ER_PARSE_ERROR || !near)
		return -1;
	near += 6;
	end = strstr(near, "' at line ");
	if (!end || end == near)
		return -1;
	n = (size_t)(end - near);
	if (n > 40)
		n = 40; /* the server quotes the rest of the statement */
	for (i = 0; i + n <= len; i++)
		if (!memcmp(sql + i, near, n)) {
			hit = sql + i;
			break;
		}
	return hit ? (int)(hit - sql) : -1;
}

/* ---- connecting ---------------------------------------------------- */

static const char *const known_params[] = {
	"ssl-mode",	"ssl-ca",  "ssl-capath", "ssl-cert", "ssl-key",
	"ssl-cipher",	"ssl-crl", "ssl-crlpath", "connect-timeout",
	"charset",	NULL};

static const char *param(const rt_url *u, const char *key)
{
	return rt_url_param_get(u, key);
}

/*
 * TLS as libpq's sslmode: ssl-mode=disabled (plain), preferred (TLS when
 * the server offers it; the default where ssl-ca or a client certificate
 * is given), required (TLS or no connection, the server's certificate
 * not checked), verify-ca and verify-identity (the certificate is checked
 * against ssl-ca; libmariadb 3.3 checks the host name in both).
 */
static int set_tls(MYSQL *my, const rt_url *u)
{
	const char *mode = param(u, "ssl-mode");
	const char *ca = param(u, "ssl-ca"), *capath = param(u, "ssl-capath");
	const char *cert = param(u, "ssl-cert"), *key = param(u, "ssl-key");
	const char *cipher = param(u, "ssl-cipher");
	my_bool yes = 1, no = 0;
	int use, enforce, verify;

	if (!mode)
		mode = ca || capath || cert || key ? "preferred" : "disabled";
	if (!strcasecmp(mode, "disabled") || !strcasecmp(mode, "disable")) {
		use = enforce = verify = 0;
	} else if (!strcasecmp(mode, "preferred") ||
		   !strcasecmp(mode, "prefer")) {
		use = 1;
		enforce = verify = 0;
	} else if (!strcasecmp(mode, "required") ||
		   !strcasecmp(mode, "require")) {
		use = enforce = 1;
		verify = 0;
	} else if (!strcasecmp(mode, "verify-ca") ||
		   !strcasecmp(mode, "verify_ca") ||
		   !strcasecmp(mode, "verify-identity") ||
		   !strcasecmp(mode, "verify_identity") ||
		   !strcasecmp(mode, "verify-full")) {
		use = enforce = verify = 1;
	} else {
		rt_error_setc(RT_EUSAGE, RT_ERROR_USAGE, "unknown ssl-mode '%s'",
			      mode);
		rt_error_hint("one of disabled, preferred, required, verify-ca, "
			      "verify-identity");
		return RT_EUSAGE;
	}
	if (verify && !ca && !capath) {
		rt_error_setc(RT_EUSAGE, RT_ERROR_USAGE,
			      "ssl-mode=%s needs ssl-ca (or ssl-capath)", mode);
		rt_error_hint("add &ssl-ca=/path/to/ca.pem to the URL");
		return RT_EUSAGE;
	}
	if (use)
		mysql_ssl_set(my, key, cert, ca, capath, cipher);
	if (param(u, "ssl-crl"))
		mysql_optionsv(my, MYSQL_OPT_SSL_CRL, param(u, "ssl-crl"));
	if (param(u, "ssl-crlpath"))
		mysql_optionsv(my, MYSQL_OPT_SSL_CRLPATH,
			       param(u, "ssl-crlpath"));
	mysql_optionsv(my, MYSQL_OPT_SSL_ENFORCE, enforce ? &yes : &no);
	mysql_optionsv(my, MYSQL_OPT_SSL_VERIFY_SERVER_CERT,
		       verify ? &yes : &no);
	return 0;
}

static int check_params(const rt_url *u)
{
	size_t i, k;

	for (i = 0; i < u->nparams; i++) {
		for (k = 0; known_params[k]; k++)
			if (!strcmp(u->params[i].key, known_params[k]))
				break;
		if (known_params[k])
			continue;
		rt_error_setc(RT_EUSAGE, RT_ERROR_USAGE,
			      "unknown parameter '%s' in a mysql:// URL",
			      u->params[i].key);
		rt_error_hint("known: ssl-mode, ssl-ca, ssl-capath, ssl-cert, "
			      "ssl-key, ssl-cipher, ssl-crl, ssl-crlpath, "
			      "connect-timeout, charset");
		return RT_EUSAGE;
	}
	return 0;
}

/* Open one connection of `c` (the main one or the lock's). */
int rt_my_open(rt_conn *c, MYSQL **out, unsigned int io_timeout)
{
	const rt_url *u = c->url;
	const char *ct = param(u, "connect-timeout");
	unsigned int timeout = ct ? (unsigned int)strtoul(ct, NULL, 10) : 10;
	unsigned int port = u->port ? (unsigned int)strtoul(u->port, NULL, 10)
				    : 0;
	my_bool no = 0;
	MYSQL *my;
	int error;

	*out = NULL;
	if ((error = rt_my_ready()) < 0)
		return error;
	if (!(my = mysql_init(NULL)))
		return rt_error_nomem();
	mysql_optionsv(my, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
	if (io_timeout) {
		mysql_optionsv(my, MYSQL_OPT_READ_TIMEOUT, &io_timeout);
		mysql_optionsv(my, MYSQL_OPT_WRITE_TIMEOUT, &io_timeout);
	}
	mysql_optionsv(my, MYSQL_SET_CHARSET_NAME,
		       param(u, "charset") ? param(u, "charset") : "utf8mb4");
	mysql_optionsv(my, MYSQL_OPT_LOCAL_INFILE, &no);
	mysql_optionsv(my, MYSQL_OPT_RECONNECT, &no);
	/* no option file: the URL says everything */
	if ((error = set_tls(my, u)) < 0) {
		mysql_close(my);
		return error;
	}
	if (!mysql_real_connect(my, u->host && *u->host ? u->host : NULL,
				u->user && *u->user ? u->user : NULL,
				u->password, u->dbname, port, NULL,
				CLIENT_MULTI_STATEMENTS | CLIENT_FOUND_ROWS)) {
		unsigned int no_ = mysql_errno(my);

		rt_error_set(RT_ERROR_BACKEND, "could not connect to %s: %s",
			     c->redacted, mysql_error(my));
		if (no_ == ER_BAD_DB_ERROR) {
			/* the standard's invalid catalog name: what callers
			 * branch on for a database to create */
			rt_error_sqlstate("3D000");
			rt_error_hint("create it first (CREATE DATABASE, or "
				      "'retort create')");
		} else {
			rt_error_sqlstate(mysql_sqlstate(my));
		}
		mysql_close(my);
		return RT_ERROR;
	}
	*out = my;
	return 0;
}

/*
 * Deferred writes. Inside a transaction, START TRANSACTION and the
 * bookkeeping writes (my_write) wait on the client and reach the server
 * with the next statement sent on the main connection, as one text of
 * several statements (CLIENT_MULTI_STATEMENTS): a journal entry's START
 * TRANSACTION, UPDATE, INSERT and COMMIT make one round trip instead of
 * four. The server runs them in order and stops at the first that
 * fails, whose error is the one reported; a ROLLBACK drops what was not
 * sent. A statement whose error must point into its own text (exec)
 * sends what waits first, alone.
 */

static void pending_clear(rt_conn *c)
{
	rt_buf_clear(&c->pending);
	c->pending_insert = NULL;
}

/* Send sql[0..len) on `my`, after what waits when `my` is the main
 * connection (the results are the caller's to read); 0 or the error. */
static int send_query(rt_conn *c, MYSQL *my, const char *sql, size_t len)
{
	int rc;

	if (my != c->my || !c->pending.len)
		rc = mysql_real_query(my, sql, len);
	else {
		rt_buf_puts(&c->pending, ";\n");
		rt_buf_put(&c->pending, sql, len);
		if (c->pending.oom) {
			pending_clear(c);
			return rt_error_nomem();
		}
		rc = mysql_real_query(my, c->pending.ptr, c->pending.len);
		pending_clear(c);
	}
	return rc ? rt_my_set_error(c, my) : 0;
}

/* Send what waits, alone (before a statement that cannot carry it). */
static int flush_pending(rt_conn *c)
{
	MYSQL_RES *res;
	int rc;

	if (!c->pending.len)
		return 0;
	if (c->pending.oom) {
		pending_clear(c);
		return rt_error_nomem();
	}
	rc = mysql_real_query(c->my, c->pending.ptr, c->pending.len);
	pending_clear(c);
	if (rc)
		return rt_my_set_error(c, c->my);
	do {
		if ((res = mysql_store_result(c->my)))
			mysql_free_result(res);
	} while (mysql_next_result(c->my) == 0);
	return mysql_errno(c->my) ? rt_my_set_error(c, c->my) : 0;
}

int rt_my_run(rt_conn *c, MYSQL *my, const char *sql)
{
	MYSQL_RES *res;
	int error;

	if ((error = send_query(c, my, sql, strlen(sql))) < 0)
		return error;
	do {
		if ((res = mysql_store_result(my)))
			mysql_free_result(res);
	} while (mysql_next_result(my) == 0);
	if (mysql_errno(my))
		return rt_my_set_error(c, my);
	return 0;
}

/* Seconds for lock_wait_timeout: whole, at least 1 (0 would be NOWAIT,
 * not "no limit"); < 0 is no limit (a year, the server's maximum). */
static long wait_secs(double s)
{
	if (s < 0)
		return 31536000L;
	if (s < 1)
		return 1;
	return (long)s + ((double)(long)s < s);
}

/* Strict, and without ANSI_QUOTES: "..." is a string, `...` a name. */
#define SQL_MODE                                                             \
	"STRICT_TRANS_TABLES,STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,"   \
	"ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION"

int rt_my_session_setup(rt_conn *c, MYSQL *my, int lock)
{
	rt_buf sql = RT_BUF_INIT;
	int error;

	rt_buf_init(&sql);
	rt_buf_puts(&sql,
		    "SET SESSION sql_mode = '" SQL_MODE "', "
		    "time_zone = '+00:00', "
		    /* an idle session is closed after wait_timeout: the
		     * lock's session only ever waits */
		    "wait_timeout = 31536000");
	if (!lock) {
		long w = c->opts.lock_timeout > 0 ? wait_secs(c->opts.lock_timeout)
						  : wait_secs(-1);

		rt_buf_printf(&sql,
			      ", lock_wait_timeout = %ld, "
			      "innodb_lock_wait_timeout = %ld",
			      w, w > 1073741824L ? 1073741824L : w);
		if (c->mariadb)
			rt_buf_printf(&sql, ", max_statement_time = %.3f",
				      c->opts.statement_timeout);
	}
	if ((error = rt_buf_check(&sql)) == 0)
		error = rt_my_run(c, my, sql.ptr);
	rt_buf_release(&sql);
	return error;
}

/* A GET_LOCK name (at most 64 characters) for `what` in the database:
 * readable where it fits, else hashed. */
static void lock_name(char out[65], const char *what, const char *db)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */
	const char *p;

	size_t wl = strlen(what), dl = strlen(db);

	if (wl + dl <= 64) {
		memcpy(out, what, wl);
		memcpy(out + wl, db, dl + 1);
		return;
	}
	for (p = db; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	snprintf(out, 65, "%s%016llx", what, (unsigned long long)h);
}

static void my_close(rt_conn *c)
{
	if (!c)
		return;
	if (c->locked && c->lease)
		rt_my_lease_unlock(c);
	rt_my_cancel_unregister(c);
	if (c->lock_my)
		mysql_close(c->lock_my);
	if (c->my)
		mysql_close(c->my);
	rt_buf_release(&c->pending);
	free(c->redacted);
	free(c);
}

static int my_connect(rt_conn **out, const rt_url *url,
		      const rt_db_options *opts)
{
	rt_conn *c = calloc(1, sizeof(*c));
	rt_buf red = RT_BUF_INIT;
	const char *info;
	int error = 0;

	*out = NULL;
	if (!c)
		return rt_error_nomem();
	c->url = url;
	c->opts = *opts;
	rt_buf_init(&red);
	/* as status prints the URL: the password as *** */
	rt_buf_printf(&red, "mysql://%s%s%s%s%s%s/%s",
		      url->user ? url->user : "",
		      url->password ? ":***" : "",
		      url->user || url->password ? "@" : "",
		      url->host ? url->host : "", url->port ? ":" : "",
		      url->port ? url->port : "",
		      url->dbname ? url->dbname : "");
	if (!(c->redacted = rt_buf_detach(&red))) {
		free(c);
		return rt_error_nomem();
	}
	if ((error = check_params(url)) < 0)
		goto done;
	if (!url->dbname || !*url->dbname) {
		error = rt_error_set(RT_ERROR_USAGE,
				     "%s names no database", c->redacted);
		rt_error_hint("mysql://user:password@host:port/DATABASE");
		goto done;
	}
	if ((error = rt_my_open(c, &c->my, 0)) < 0)
		goto done;
	info = mysql_get_server_info(c->my);
	c->mariadb = info && strstr(info, "MariaDB") != NULL;
	if ((error = rt_my_session_setup(c, c->my, 0)) < 0)
		goto done;
	lock_name(c->lock_name, "retort:", url->dbname);
	lock_name(c->fence_name, "retort-fence:", url->dbname);
	rt_my_cancel_register(c);
done:
	if (error < 0)
		my_close(c);
	else
		*out = c;
	return error;
}

/* ---- statements ---------------------------------------------------- */

static int my_exec_n(rt_conn *c, const char *sql, size_t len, int *errpos)
{
	MYSQL_RES *res;

	if (errpos)
		*errpos = -1;
	if (c->pending.len) {
		int error = flush_pending(c);

		if (error < 0)
			return error;
	}
	/* the splitter keeps the ';': the server takes one statement */
	while (len && (sql[len - 1] == ';' || sql[len - 1] == ' ' ||
		       sql[len - 1] == '\n' || sql[len - 1] == '\t' ||
		       sql[len - 1] == '\r'))
		len--;
	if (mysql_real_query(c->my, sql, len) != 0)
		goto fail;
	do {
		if ((res = mysql_store_result(c->my)))
			mysql_free_result(res);
		else if (mysql_field_count(c->my) != 0)
			goto fail;
	} while (mysql_next_result(c->my) == 0);
	if (mysql_errno(c->my))
		goto fail;
	return 0;
fail:
	if (errpos)
		*errpos = error_position(c->my, sql, len);
	return rt_my_set_error(c, c->my);
}

/* Is s[0..n) a UTC time as rt_time_iso writes it (2026-01-02T03:04:05.678Z)?
 * DATETIME columns take it without the T and the Z. */
static int iso_time(const char *s, size_t n)
{
	static const char pat[] = "dddd-dd-ddTdd:dd:dd.dddZ";
	size_t i;

	if (n != sizeof(pat) - 1)
		return 0;
	for (i = 0; i < n; i++)
		if (pat[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != pat[i])
			return 0;
	return 1;
}

/* v as a quoted literal; `times`: a UTC time as rt_time_iso writes it
 * becomes DATETIME text (the bookkeeping's parameters, never loaded
 * data). */
void rt_my_put_literal(rt_conn *c, rt_buf *b, const char *v, int times)
{
	size_t n = strlen(v);
	char *to;

	if (times && iso_time(v, n)) {
		rt_buf_printf(b, "'%.10s %.12s'", v, v + 11);
		return;
	}
	rt_buf_grow(b, 2 * n + 3);
	if (rt_buf_check(b) < 0)
		return;
	to = b->ptr + b->len;
	*to++ = '\'';
	n = mysql_real_escape_string(c->my, to, v, (unsigned long)n);
	to[n] = '\'';
	b->len += n + 2;
	b->ptr[b->len] = '\0';
}

/* The end of the token at s[i] of a MySQL text (a quoted string or name,
 * a comment, or one character), or len when it never ends. */

/* `sql` with $1..$n replaced by quoted literals (outside strings and
 * comments). */
static int bind_params(rt_conn *c, rt_buf *out, const char *sql,
		       const char *const *params, int nparams)
{
	size_t len = strlen(sql), i = 0, end;
	int kind;

	while (i < len) {
		if (sql[i] == '$' && i + 1 < len && sql[i + 1] >= '1' &&
		    sql[i + 1] <= '9') {
			int k = 0;

			i++;
			while (i < len && sql[i] >= '0' && sql[i] <= '9')
				k = k * 10 + (sql[i++] - '0');
			if (k > nparams) {
				rt_error_set(RT_ERROR_BACKEND,
					     "query names $%d of %d parameters",
					     k, nparams);
				return RT_ERROR;
			}
			if (!params[k - 1])
				rt_buf_puts(out, "NULL");
			else
				rt_my_put_literal(c, out, params[k - 1], 1);
			continue;
		}
		end = rt_my_token_end(sql, len, i, &kind);
		rt_buf_put(out, sql + i, end - i);
		i = end;
	}
	return rt_buf_check(out);
}

static int my_query(rt_conn *c, const char *sql, const char *const *params,
		    int nparams, rt_row_cb cb, void *payload)
{
	rt_buf q = RT_BUF_INIT;
	MYSQL_RES *res = NULL;
	MYSQL_ROW row;
	int error = 0, stop = 0;

	rt_buf_init(&q);
	if (nparams > 0) {
		if ((error = bind_params(c, &q, sql, params, nparams)) < 0)
			goto done;
		sql = q.ptr;
	}
	if ((error = send_query(c, c->my, sql, strlen(sql))) < 0)
		goto done;
	do {
		res = mysql_store_result(c->my);
		if (!res) {
			if (mysql_field_count(c->my) != 0) {
				error = rt_my_set_error(c, c->my);
				goto done;
			}
			continue;
		}
		while (!stop && cb && (row = mysql_fetch_row(res)))
			stop = cb(payload, (int)mysql_num_fields(res),
				  (const char *const *)row) != 0;
		mysql_free_result(res);
		res = NULL;
	} while (mysql_next_result(c->my) == 0);
	if (mysql_errno(c->my))
		error = rt_my_set_error(c, c->my);
done:
	if (res)
		mysql_free_result(res);
	rt_buf_release(&q);
	return error;
}

static int my_begin(rt_conn *c)
{
	/* sent with the transaction's first statement */
	pending_clear(c);
	rt_buf_puts(&c->pending, "START TRANSACTION");
	c->txn = 1;
	return rt_buf_check(&c->pending);
}

/* The row of a single-row INSERT template ("INSERT INTO t (..) VALUES
 * ($1, ..)" and nothing after it), or NULL. */
static const char *insert_row(const char *sql)
{
	const char *row, *end;

	if (strncmp(sql, "INSERT INTO ", 12) != 0 ||
	    !(row = strstr(sql, " VALUES (")))
		return NULL;
	row += 8;
	end = strchr(row, ')');
	return end && end[1] == '\0' ? row : NULL;
}

/* A write inside the transaction waits for the next round trip; outside
 * one (autocommit), it is sent now. A row of the same INSERT as the write
 * before it (the last statement's journal row and the migration's log
 * row) joins that statement: one statement for the server to parse, open
 * its table for and lock, not one a row. */
static int my_write(rt_conn *c, const char *sql, const char *const *params,
		    int nparams)
{
	const char *row;
	int error;

	if (!c->txn)
		return my_query(c, sql, params, nparams, NULL, NULL);
	if (sql == c->pending_insert && c->pending.len == c->pending_row_end &&
	    (row = insert_row(sql))) {
		rt_buf_puts(&c->pending, ", ");
		error = bind_params(c, &c->pending, row, params, nparams);
	} else {
		if (c->pending.len)
			rt_buf_puts(&c->pending, ";\n");
		error = bind_params(c, &c->pending, sql, params, nparams);
	}
	c->pending_insert = error < 0 ? NULL : sql;
	c->pending_row_end = c->pending.len;
	return error;
}

static int my_commit(rt_conn *c)
{
	int error;

	/* a migrator that lost its lease records nothing: another may
	 * already run (mysql_lease.c) */
	if (c->hb && (error = rt_my_lease_check(c)) < 0) {
		rt_error_saved *saved = rt_error_save();

		pending_clear(c);
		c->txn = 0;
		rt_my_run(c, c->my, "ROLLBACK");
		rt_error_restore(saved);
		return error;
	}
	c->txn = 0;
	return rt_my_run(c, c->my, "COMMIT");
}

static int my_rollback(rt_conn *c)
{
	unsigned int st = 0;

	/* what was not sent never ran */
	pending_clear(c);
	c->txn = 0;

	if (mariadb_get_infov(c->my, MARIADB_CONNECTION_SERVER_STATUS, &st) ==
		    0 &&
	    !(st & SERVER_STATUS_IN_TRANS))
		return 0;
	return rt_my_run(c, c->my, "ROLLBACK");
}

/* ---- bookkeeping --------------------------------------------------- */

struct one_value {
	char v[64];
	int found, null;
};

static int get_one(void *payload, int ncols, const char *const *vals)
{
	struct one_value *x = payload;

	x->found = 1;
	x->null = ncols < 1 || !vals[0];
	if (!x->null)
		snprintf(x->v, sizeof(x->v), "%s", vals[0]);
	return 1;
}

static int my_table_exists(rt_conn *c, const char *name, int *exists)
{
	const char *vals[1] = {name};
	struct one_value x = {"", 0, 0};
	int error;

	error = my_query(c,
			 "SELECT count(*) FROM information_schema.tables "
			 "WHERE table_schema = DATABASE() AND table_name = $1",
			 vals, 1, get_one, &x);
	if (error < 0)
		return error;
	*exists = x.found && atoi(x.v) > 0;
	return 0;
}

/* ---- bulk load: multi-row INSERTs --------------------------------- */

/*
 * A batch the server refused names no row ("Column 'name' cannot be
 * null"). Its rows are sent again one by one, in the same transaction
 * (a failed INSERT undoes only itself), until the one refused: the error
 * is then that row's, as "line N" of the load (N counting from its first
 * row, as PostgreSQL's COPY numbers lines), and the caller rolls the
 * transaction back. A lost connection is reported as it is.
 */
static int find_bad_row(rt_loader *l)
{
	rt_buf one = RT_BUF_INIT;
	size_t i;
	int error = 0;

	rt_buf_init(&one);
	for (i = 0; i < l->nat; i++) {
		rt_buf_clear(&one);
		rt_buf_put(&one, l->head.ptr, l->head.len);
		rt_buf_put(&one, l->sql.ptr + l->at[i],
			   (i + 1 < l->nat ? l->at[i + 1] - 1 : l->sql.len) -
				   l->at[i]);
		if ((error = rt_buf_check(&one)) < 0)
			break;
		if ((error = rt_my_run(l->conn, l->conn->my, one.ptr)) < 0) {
			if (strncmp(rt_error_last()->sqlstate, "08", 2))
				rt_error_prefix("line %lld", l->sent + (long long)i + 1);
			break;
		}
	}
	rt_buf_release(&one);
	return error;
}

static int load_flush(rt_loader *l)
{
	int error;

	if (!l->rows)
		return 0;
	if ((error = rt_buf_check(&l->sql)) < 0)
		return error;
	error = rt_my_run(l->conn, l->conn->my, l->sql.ptr);
	if (error < 0 && strncmp(rt_error_last()->sqlstate, "08", 2)) {
		rt_error_saved *saved = rt_error_save();

		/* the batch's own error stands if every row passes alone */
		if (find_bad_row(l) < 0) {
			rt_error_saved *row = rt_error_save();

			rt_error_restore(saved); /* frees it */
			rt_error_restore(row);
		} else {
			rt_error_restore(saved);
		}
	}
	l->sent += l->rows;
	rt_buf_clear(&l->sql);
	rt_buf_put(&l->sql, l->head.ptr, l->head.len);
	l->rows = 0;
	l->nat = 0;
	return error;
}

static int my_load_begin(rt_loader **out, rt_conn *c, const char *table,
			 const char *const *cols, int ncols)
{
	rt_loader *l = calloc(1, sizeof(*l));
	int i, error;

	*out = NULL;
	if (!l)
		return rt_error_nomem();
	rt_buf_init(&l->head);
	rt_buf_init(&l->sql);
	l->conn = c;
	l->ncols = ncols;
	/* the table name is as the migration wrote it (maybe db.t) */
	rt_buf_printf(&l->head, "INSERT INTO %s (", table);
	for (i = 0; i < ncols; i++) {
		if (i)
			rt_buf_puts(&l->head, ", ");
		rt_mysql_put_ident(&l->head, cols[i]);
	}
	rt_buf_puts(&l->head, ") VALUES ");
	if ((error = rt_buf_check(&l->head)) < 0) {
		rt_buf_release(&l->head);
		free(l);
		return error;
	}
	rt_buf_put(&l->sql, l->head.ptr, l->head.len);
	*out = l;
	return 0;
}

static int my_load_row(rt_loader *l, const char *const *vals)
{
	int i;

	if (l->rows)
		rt_buf_putc(&l->sql, ',');
	if (l->nat == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 64;
		size_t *at = realloc(l->at, cap * sizeof(*at));

		if (!at)
			return rt_error_nomem();
		l->at = at;
		l->cap = cap;
	}
	l->at[l->nat++] = l->sql.len;
	rt_buf_putc(&l->sql, '(');
	for (i = 0; i < l->ncols; i++) {
		if (i)
			rt_buf_putc(&l->sql, ',');
		if (!vals[i])
			rt_buf_puts(&l->sql, "NULL");
		else
			rt_my_put_literal(l->conn, &l->sql, vals[i], 0);
	}
	rt_buf_putc(&l->sql, ')');
	l->rows++;
	if (l->sql.len >= LOAD_BATCH_BYTES)
		return load_flush(l);
	return rt_buf_check(&l->sql);
}

static int my_load_end(rt_loader *l, int ok)
{
	int error = 0;

	if (!l)
		return 0;
	if (ok)
		error = load_flush(l);
	rt_buf_release(&l->head);
	rt_buf_release(&l->sql);
	free(l->at);
	free(l);
	return error;
}

/* ---- the migration lock -------------------------------------------- */

/*
 * The lock is lock_name, taken with GET_LOCK on lock_my, a connection
 * that only ever waits; the server frees it when that session ends (a
 * killed migrator's socket closes). Once it is granted the migrator also
 * takes fence_name on its main connection, the one that runs the
 * statements, and a newcomer must hold both before it reads any state:
 * a migrator whose lock connection died still holds the fence for as
 * long as its main session lives, so two migrators never both run a
 * statement. check_lock asks the server, at most every VERIFY_MS, whether
 * lock_name is still held by lock_my's session (IS_USED_LOCK).
 */
#define VERIFY_MS 2000

/* SELECT GET_LOCK(name, secs) on `my`: 1 granted, 0 timed out. */
static int get_lock(rt_conn *c, MYSQL *my, const char *name, double secs,
		    int *got)
{
	rt_buf sql = RT_BUF_INIT;
	MYSQL_RES *res = NULL;
	MYSQL_ROW row;
	int error = 0;

	*got = 0;
	rt_buf_init(&sql);
	rt_buf_puts(&sql, "SELECT GET_LOCK(");
	rt_my_put_literal(c, &sql, name, 0);
	rt_buf_printf(&sql, ", %.3f)", secs < 0 ? 0 : secs);
	if ((error = rt_buf_check(&sql)) < 0)
		goto done;
	if (mysql_real_query(my, sql.ptr, sql.len) != 0 ||
	    !(res = mysql_store_result(my))) {
		error = rt_my_set_error(c, my);
		goto done;
	}
	if ((row = mysql_fetch_row(res)) && row[0])
		*got = atoi(row[0]) == 1;
done:
	if (res)
		mysql_free_result(res);
	rt_buf_release(&sql);
	return error;
}

static void release_lock(rt_conn *c, MYSQL *my, const char *name)
{
	rt_buf sql = RT_BUF_INIT;
	rt_error_saved *saved = rt_error_save();

	rt_buf_init(&sql);
	rt_buf_puts(&sql, "DO RELEASE_LOCK(");
	rt_my_put_literal(c, &sql, name, 0);
	rt_buf_putc(&sql, ')');
	if (rt_buf_check(&sql) == 0)
		rt_my_run(c, my, sql.ptr);
	rt_buf_release(&sql);
	rt_error_restore(saved);
}

static int my_lock(rt_conn *c)
{
	int64_t t0 = rt_time_ms();
	double wait = c->opts.lock_wait, left;
	int got, error;

	if (c->locked)
		return 0;
	/* a lease where GET_LOCK does not exclude (Galera) or where it
	 * is asked for; its heartbeat replaces the lock connection and the
	 * fence */
	if ((c->lease = rt_my_lease_reason(c))) {
		if ((error = rt_my_lease_lock(c)) < 0)
			return error;
		c->locked = 1;
		c->lost = 0;
		return 0;
	}
	if (!c->lock_my) {
		if ((error = rt_my_open(c, &c->lock_my, 0)) < 0)
			return error;
		if ((error = rt_my_session_setup(c, c->lock_my, 1)) < 0)
			goto fail;
		c->lock_id = mysql_thread_id(c->lock_my);
	}
	if ((error = get_lock(c, c->lock_my, c->lock_name, wait, &got)) < 0)
		goto fail;
	if (!got) {
		rt_error_setc(RT_ELOCKED, RT_ERROR_BACKEND,
			      "another migrator holds the migration lock of %s",
			      c->redacted);
		rt_error_detail("waited %g s for GET_LOCK('%s')", wait,
				c->lock_name);
		rt_error_hint("wait for it to finish, or raise --wait-lock; "
			      "SELECT IS_USED_LOCK('%s') names the holder's "
			      "connection",
			      c->lock_name);
		error = RT_ELOCKED;
		goto fail;
	}
	c->have_key = 1;
	left = wait - (double)(rt_time_ms() - t0) / 1000.0;
	if ((error = get_lock(c, c->my, c->fence_name, left, &got)) < 0)
		goto fail;
	if (!got) {
		rt_error_setc(RT_ELOCKED, RT_ERROR_BACKEND,
			      "another migrator still runs on %s", c->redacted);
		rt_error_detail("waited %g s: GET_LOCK('%s') was free, but the "
				"session of the migrator that held it still "
				"holds '%s'; it lost its lock connection and "
				"stops before its next statement",
				wait, c->lock_name, c->fence_name);
		rt_error_hint("wait for it to finish, or raise --wait-lock");
		error = RT_ELOCKED;
		goto fail;
	}
	c->fenced = 1;
	c->locked = 1;
	c->lost = 0;
	c->verified = rt_time_ms();
	return 0;
fail:
	if (c->have_key && c->lock_my)
		release_lock(c, c->lock_my, c->lock_name);
	c->have_key = 0;
	return error;
}

static int lost_error(rt_conn *c)
{
	return rt_backend_lock_lost(c->redacted, c->lost_why);
}

static int my_check_lock(rt_conn *c)
{
	const char *vals[1];
	struct one_value x = {"", 0, 0};
	int error;

	if (!c->locked)
		return 0;
	if (c->hb)
		return rt_my_lease_check(c);
	if (c->lost)
		return lost_error(c);
	if (!c->lock_my) {
		c->lost = 1;
		snprintf(c->lost_why, sizeof(c->lost_why),
			 "its connection (id %lu) closed", c->lock_id);
		return lost_error(c);
	}
	if (rt_time_ms() - c->verified < VERIFY_MS)
		return 0;
	vals[0] = c->lock_name;
	if ((error = my_query(c, "SELECT IS_USED_LOCK($1)", vals, 1, get_one,
			      &x)) < 0)
		return error;
	if (x.null || strtoul(x.v, NULL, 10) != c->lock_id) {
		c->lost = 1;
		snprintf(c->lost_why, sizeof(c->lost_why),
			 "GET_LOCK('%s') is no longer held by its connection "
			 "(id %lu)",
			 c->lock_name, c->lock_id);
		return lost_error(c);
	}
	c->verified = rt_time_ms();
	return 0;
}

static void my_unlock(rt_conn *c)
{
	if (!c->locked)
		return;
	c->locked = 0;
	if (c->lease) {
		rt_my_lease_unlock(c);
		return;
	}
	if (c->fenced)
		release_lock(c, c->my, c->fence_name);
	c->fenced = 0;
	if (c->have_key && c->lock_my && !c->lost)
		release_lock(c, c->lock_my, c->lock_name);
	c->have_key = 0;
}

/* Fault injection (drop-lock): the lock's connection goes, and the lock
 * with it, as when the server closes an idle session. */
static void my_drop_lock(rt_conn *c)
{
	if (c->lock_my) {
		mysql_close(c->lock_my);
		c->lock_my = NULL;
	}
}

/* ER_LOCK_WAIT_TIMEOUT (1205, metadata or row lock: lock_wait_timeout)
 * and deadlocks (40001) end the statement and are worth another try. */
static int my_retryable(const rt_error *e)
{
	return (!strcmp(e->sqlstate, "HY000") && e->message &&
		strstr(e->message, "Lock wait timeout exceeded")) ||
	       !strcmp(e->sqlstate, "40001");
}

/*
 * What commits on its own (the manual's "statements that cause an
 * implicit commit", and transaction control): run outside a transaction,
 * its journal row committed after it. DML (INSERT, UPDATE, DELETE,
 * REPLACE, SELECT, SET, LOAD DATA) runs in a transaction with its
 * journal row.
 */
static int my_autocommit_only(rt_conn *c, const char *sql, size_t len)
{
	static const char *const first[] = {
		"create",   "alter",  "drop",	  "rename",  "truncate",
		"grant",    "revoke", "lock",	  "unlock",  "analyze",
		"optimize", "repair", "check",	  "flush",   "install",
		"uninstall", "begin", "start",	  "commit",  "rollback",
		"savepoint", "release", "xa",	  "cache",   "call",
		"reset",    "purge",  "change",	  "backup"};
	char w[4][32];
	int n = rt_sql_words(sql, len, w, 4);

	(void)c;
	if (n < 1)
		return 0;
	if (!strcmp(w[0], "load") && n > 1 && !strcmp(w[1], "index"))
		return 1;
	if (!strcmp(w[0], "set") && n > 1 &&
	    (!strcmp(w[1], "password") || !strcmp(w[1], "autocommit") ||
	     !strcmp(w[1], "role")))
		return 1;
	return rt_sql_word_in(w[0], first, RT_ARRAY_SIZE(first));
}

/* ---- the descriptor ------------------------------------------------ */

static const char state_ddl[] =
	"CREATE TABLE IF NOT EXISTS retort_migrations (\n"
	"    revision varchar(255) COLLATE utf8mb4_bin NOT NULL PRIMARY KEY,\n"
	"    checksum varchar(128) NOT NULL,\n"
	"    applied_at datetime(3) NOT NULL,\n"
	"    applied_by varchar(255) NOT NULL,\n"
	"    duration_ms bigint NOT NULL DEFAULT 0,\n"
	"    state varchar(16) NOT NULL DEFAULT 'applied',\n"
	"    direction varchar(8) NOT NULL DEFAULT 'up',\n"
	"    statements_done integer NOT NULL DEFAULT 0,\n"
	"    locked_by varchar(255)\n"
	") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n"
	"CREATE TABLE IF NOT EXISTS retort_log (\n"
	"    id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY,\n"
	"    at datetime(3) NOT NULL,\n"
	"    event varchar(32) NOT NULL,\n"
	"    revision varchar(255) COLLATE utf8mb4_bin NOT NULL,\n"
	"    direction varchar(8),\n"
	"    checksum varchar(128),\n"
	"    statement integer,\n"
	"    applied_by varchar(255) NOT NULL,\n"
	"    host varchar(255) NOT NULL,\n"
	"    duration_ms bigint,\n"
	"    retort_version varchar(64) NOT NULL,\n"
	"    message text,\n"
	"    KEY retort_log_revision (revision, event)\n"
	") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n";

/*
 * The mariadb and mysql clients end a statement at every ';' outside
 * quotes, so a trigger or routine body (BEGIN ...; ...; END) would be
 * cut at its first inner one: such a statement goes between DELIMITER
 * lines, with a delimiter that does not occur in it.
 */
static void my_put_script_stmt(rt_buf *out, const char *sql, size_t len)
{
	char delim[16] = "$$";
	size_t body = len;
	int k = 0;

	while (body && (sql[body - 1] == ';' || sql[body - 1] == ' ' ||
			sql[body - 1] == '\t' || sql[body - 1] == '\n' ||
			sql[body - 1] == '\r'))
		body--;
	if (!memchr(sql, ';', body)) {
		rt_buf_put(out, sql, body);
		rt_buf_puts(out, ";\n");
		return;
	}
	while (memmem(sql, body, delim, strlen(delim)))
		snprintf(delim, sizeof(delim), "$$%d$$", ++k);
	rt_buf_printf(out, "DELIMITER %s\n", delim);
	rt_buf_put(out, sql, body);
	rt_buf_printf(out, "%s\nDELIMITER ;\n", delim);
}

static const char *const my_schemes[] = {"mysql", "mariadb", NULL};

const rt_backend rt_backend_mysql = {
	.name = "mysql",
	.schemes = my_schemes,
	.url_form = RT_URL_SERVER,
	/* each statement's journal row commits on its own, not with the
	 * next statement's implicit commit: that one may or may not have
	 * reached the server when the connection is lost, and the run could
	 * no longer say which statements are committed (t3004) */
	.caps = RT_CAP_ADVISORY_LOCK | RT_CAP_FOLD_COLUMN_CASE,
	.catalog = &rt_catalog_ops_mysql,
	.diff = &rt_diff_dialect_mysql,
	.render = &rt_render_ops_mysql,
	.connect = my_connect,
	.close = my_close,
	.exec = my_exec_n,
	.query = my_query,
	.write = my_write,
	.begin = my_begin,
	.commit = my_commit,
	.rollback = my_rollback,
	.split = rt_my_split,
	.table_exists = my_table_exists,
	.load_begin = my_load_begin,
	.load_row = my_load_row,
	.load_end = my_load_end,
	.lock = my_lock,
	.unlock = my_unlock,
	.check_lock = my_check_lock,
	.retryable = my_retryable,
	.drop_lock = my_drop_lock,
	.autocommit_only = my_autocommit_only,
	.lint = &rt_lint_ops_mysql,
	.quote_ident = rt_mysql_put_ident,
	.quote_literal = rt_mysql_put_literal,
	.put_script_stmt = my_put_script_stmt,
	.cancel = rt_my_cancel,
	.state_ddl = state_ddl,
	/* the session a live run has (session_setup), so that what the
	 * script creates (a trigger keeps its sql_mode) is the same */
	.script_prologue =
		"-- for the mariadb or mysql client (mariadb DB < script.sql):"
		" it stops at the first error\n"
		"-- MySQL/MariaDB commit every DDL statement on its own: a "
		"failure leaves\n-- the statements before it applied\n"
		"SET NAMES utf8mb4;\n"
		"SET SESSION sql_mode = '" SQL_MODE "', time_zone = '+00:00';\n",
	/* every account may connect to it, and CREATE/DROP DATABASE need
	 * no database of their own */
	.server_db = "information_schema",
	.now_sql = "UTC_TIMESTAMP(3)",
	.applied_at_sql = "CONCAT(DATE_FORMAT(applied_at, '%Y-%m-%dT%H:%i:%s.'), "
			  "LPAD(FLOOR(MICROSECOND(applied_at) / 1000), 3, "
			  "'0'), 'Z')",
};
