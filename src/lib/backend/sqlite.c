/*
 * sqlite.c: the SQLite driver. The migration lock is the database's own
 * write lock: begin is BEGIN IMMEDIATE, waiting up to the lock timeout in
 * SQLite's busy handler, and the engine re-reads the applied set inside
 * that transaction (RT_CAP_LOCKING_BEGIN).
 *
 * A database file that does not exist is created only by the first write
 * (begin, or a statement that is not read-only); until then reads go to
 * an empty in-memory stand-in, which is what the missing file holds. So a
 * refused or dry run leaves no file behind without ever removing one: a
 * file another process may have opened meanwhile is never unlinked (its
 * writes would go to a file no one can open again).
 */
#include "backend/backend.h"
#include "diff/diff.h"
#include "lint/lint.h"
#include "util/fs.h"
#include "util/sql_lex.h"

#include <limits.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

struct rt_conn {
	sqlite3 *db;
	const char *path;
	double lock_wait;
	int pending; /* db is the stand-in: the file does not exist yet */
	/* the journal mode to go back to when a run ends ("": none, the
	 * run did not change it; see sq_run_start) */
	char run_mode[16];
};

struct rt_loader {
	rt_conn *conn;
	sqlite3_stmt *stmt;
	int ncols;
};

/* Translate the connection's last error. */
static int fail(rt_conn *c, int rc, const char *what)
{
	int code = rc == SQLITE_BUSY || rc == SQLITE_LOCKED ? RT_ELOCKED
							    : RT_ERROR;
	const char *msg = c && c->db ? sqlite3_errmsg(c->db) : sqlite3_errstr(rc);

	if (rc == SQLITE_NOTADB) {
		rt_error_setc(RT_ERROR, RT_ERROR_BACKEND,
			      "'%s' is not a SQLite database", c->path);
		rt_error_detail("%s", msg);
		return RT_ERROR;
	}
	if (code == RT_ELOCKED) {
		rt_error_setc(code, RT_ERROR_BACKEND,
			      "the database '%s' stayed locked for %g s",
			      c->path, c->lock_wait);
		rt_error_detail("%s", msg);
		rt_error_hint("another migrator or a long transaction holds the "
			      "write lock; retry, or raise --wait-lock");
		return code;
	}
	if (what)
		rt_error_setc(code, RT_ERROR_BACKEND, "%s: %s", what, msg);
	else
		rt_error_setc(code, RT_ERROR_BACKEND, "%s", msg);
	return code;
}

static void sq_close(rt_conn *c)
{
	if (!c)
		return;
	sqlite3_close_v2(c->db);
	free(c);
}

static int sq_exec(rt_conn *c, const char *sql, size_t len, int *errpos);
static int simple(rt_conn *c, const char *sql);

/* Open c->path into *db (a database file is not read yet). */
static int open_path(rt_conn *c, sqlite3 **db, int create)
{
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
	int rc;

	if (create)
		flags |= SQLITE_OPEN_CREATE;
	rc = sqlite3_open_v2(c->path, db, flags, NULL);
	if (rc != SQLITE_OK) {
		rt_error_set(RT_ERROR_BACKEND,
			     "could not open SQLite database '%s': %s", c->path,
			     *db ? sqlite3_errmsg(*db) : sqlite3_errstr(rc));
		sqlite3_close_v2(*db);
		*db = NULL;
		return RT_ERROR;
	}
	sqlite3_extended_result_codes(*db, 0);
	sqlite3_busy_timeout(*db, (int)(c->lock_wait * 1000));
	return 0;
}

/*
 * Leave the stand-in for the file: when `write`, creating the file, else
 * only once another process has created it (its contents are then what a
 * read must see). Never inside a transaction: begin leaves it first.
 */
static int materialize(rt_conn *c, int write)
{
	sqlite3 *db = NULL;
	int error;

	if (!c->pending || (!write && !rt_fs_exists(c->path)))
		return 0;
	if ((error = open_path(c, &db, 1)) < 0)
		return error;
	sqlite3_close_v2(c->db);
	c->db = db;
	c->pending = 0;
	/* a file that is not a database fails on its first read */
	return simple(c, "SELECT count(*) FROM sqlite_schema");
}

static int sq_connect(rt_conn **out, const rt_url *url,
		      const rt_db_options *opts)
{
	rt_conn *c = calloc(1, sizeof(*c));
	int error = 0;

	*out = NULL;
	if (!c)
		return rt_error_nomem();
	c->path = url->path;
	c->lock_wait = opts->lock_wait;
	if (strcmp(url->path, ":memory:") != 0 && !rt_fs_exists(url->path)) {
		if (opts->no_create) {
			error = rt_error_setc(RT_ENOTFOUND, RT_ERROR_BACKEND,
					      "database '%s' does not exist",
					      url->path);
			goto done;
		}
		c->pending = 1;
		if (sqlite3_open_v2(":memory:", &c->db,
				    SQLITE_OPEN_READWRITE |
					    SQLITE_OPEN_NOMUTEX,
				    NULL) != SQLITE_OK) {
			error = rt_error_nomem();
			goto done;
		}
		sqlite3_extended_result_codes(c->db, 0);
		goto done;
	}
	if ((error = open_path(c, &c->db, 0)) < 0)
		goto done;
	/* A file that is not a database fails on its first read. */
	error = simple(c, "SELECT count(*) FROM sqlite_schema");
done:
	if (error < 0)
		sq_close(c);
	else
		*out = c;
	return error;
}

/*
 * Another process's DDL between our prepare and first step shows as
 * SQLITE_SCHEMA once SQLite's own retries (one in prepare) run out; with
 * migrators committing schema changes back to back that happens outside
 * our write lock. No row has been seen and nothing written yet, so the
 * statement is simply prepared again.
 */
#define SCHEMA_RETRIES 100

/* sql[0..len), or up to its NUL when len is -1 */
static int prepare(rt_conn *c, const char *sql, int len, sqlite3_stmt **stmt,
		   const char **tail)
{
	int rc, tries = 0;

	do
		rc = sqlite3_prepare_v2(c->db, sql, len, stmt, tail);
	while (rc == SQLITE_SCHEMA && ++tries < SCHEMA_RETRIES);
	return rc;
}

static int sq_exec(rt_conn *c, const char *sql, size_t len, int *errpos)
{
	sqlite3_stmt *stmt = NULL;
	int rc, tries = 0;

	if (errpos)
		*errpos = -1;
	if (len > INT_MAX)
		return rt_error_set(RT_ERROR_BACKEND,
				    "statement of %zu bytes is over SQLite's "
				    "limit",
				    len);
	if (c->pending && (rc = materialize(c, 0)) < 0)
		return rc;
again:
	rc = prepare(c, sql, (int)len, &stmt, NULL);
	if (rc != SQLITE_OK)
		goto fail;
	if (!stmt)
		return 0; /* only comments */
	if (c->pending && !sqlite3_stmt_readonly(stmt)) {
		sqlite3_finalize(stmt);
		stmt = NULL;
		if ((rc = materialize(c, 1)) < 0)
			return rc;
		goto again;
	}
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		;
	if (rc == SQLITE_SCHEMA && ++tries < SCHEMA_RETRIES) {
		sqlite3_finalize(stmt);
		stmt = NULL;
		goto again;
	}
	if (rc != SQLITE_DONE)
		goto fail;
	sqlite3_finalize(stmt);
	return 0;
fail:
	if (errpos)
		*errpos = sqlite3_error_offset(c->db);
	rc = fail(c, rc, NULL);
	sqlite3_finalize(stmt);
	return rc;
}

static int sq_query(rt_conn *c, const char *sql, const char *const *params,
		    int nparams, rt_row_cb cb, void *payload)
{
	sqlite3_stmt *stmt = NULL;
	const char *vals[32];
	int rc, i, n, error = 0, rows = 0, tries = 0;

	if (c->pending && (error = materialize(c, 0)) < 0)
		return error;
again:
	rc = prepare(c, sql, -1, &stmt, NULL);
	if (rc != SQLITE_OK)
		return fail(c, rc, NULL);
	if (c->pending && stmt && !sqlite3_stmt_readonly(stmt)) {
		sqlite3_finalize(stmt);
		stmt = NULL;
		if ((error = materialize(c, 1)) < 0)
			return error;
		goto again;
	}
	for (i = 0; i < nparams; i++)
		if (params[i])
			sqlite3_bind_text(stmt, i + 1, params[i], -1,
					  SQLITE_STATIC);
	n = sqlite3_column_count(stmt);
	if (n > (int)RT_ARRAY_SIZE(vals))
		n = (int)RT_ARRAY_SIZE(vals);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		rows++;
		for (i = 0; i < n; i++)
			vals[i] = (const char *)sqlite3_column_text(stmt, i);
		if (cb && cb(payload, n, vals) != 0)
			break;
	}
	if (rc == SQLITE_SCHEMA && rows == 0 && ++tries < SCHEMA_RETRIES) {
		sqlite3_finalize(stmt);
		goto again;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		error = fail(c, rc, NULL);
	sqlite3_finalize(stmt);
	return error;
}

static int simple(rt_conn *c, const char *sql)
{
	return sq_exec(c, sql, strlen(sql), NULL);
}

static int sq_begin(rt_conn *c)
{
	int error;

	/* the transaction is the lock: it must be on the file itself */
	if ((error = materialize(c, 1)) < 0)
		return error;
	return simple(c, "BEGIN IMMEDIATE");
}

static int sq_commit(rt_conn *c)
{
	return simple(c, "COMMIT");
}

static int sq_rollback(rt_conn *c)
{
	if (sqlite3_get_autocommit(c->db))
		return 0; /* SQLite already rolled back */
	return simple(c, "ROLLBACK");
}

/*
 * Statements end at a ';' where sqlite3_complete() would say the text so
 * far is complete. Its state machine (sqlite3/complete.c) runs here over
 * one pass of tokens, so that CREATE TRIGGER ... BEGIN ...; ... END; is
 * one statement and splitting stays linear: asking sqlite3_complete at
 * every ';' re-reads the statement from its start, which is quadratic in
 * a long literal full of ';'. Comments do not nest, as in SQLite; one that
 * never ends, or a quote that never ends, is an error (SQLite would read
 * the rest of the text as a comment and run none of it). A remainder
 * without ';' is a last statement unless only comments.
 */
enum { SQ_START, SQ_NORMAL, SQ_EXPLAIN, SQ_CREATE, SQ_TRIGGER, SQ_SEMI,
       SQ_END };
enum { TK_SEMI, TK_WS, TK_OTHER, TK_EXPLAIN, TK_CREATE, TK_TEMP,
       TK_TRIGGER, TK_END };

static int sq_keyword(const char *w, size_t n)
{
#define KW(word) (n == sizeof(word) - 1 && strncasecmp(w, word, n) == 0)
	if (KW("create"))
		return TK_CREATE;
	if (KW("trigger"))
		return TK_TRIGGER;
	if (KW("temp") || KW("temporary"))
		return TK_TEMP;
	if (KW("end"))
		return TK_END;
	if (KW("explain"))
		return TK_EXPLAIN;
#undef KW
	return TK_OTHER;
}

/* Append a statement's bounds to a growing array of pairs. */
static int push_cut(size_t **cut, size_t *n, size_t *cap, size_t start,
		    size_t len)
{
	if (*n + 2 > *cap) {
		size_t c = *cap ? *cap * 2 : 64;
		size_t *p = realloc(*cut, c * sizeof(**cut));

		if (!p)
			return rt_error_nomem();
		*cut = p;
		*cap = c;
	}
	(*cut)[(*n)++] = start;
	(*cut)[(*n)++] = len;
	return 0;
}

static int sq_split(const char *sql, size_t len, rt_stmt_cb cb, void *payload)
{
	static const unsigned char trans[7][8] = {
		/* SEMI WS OTHER EXPLAIN CREATE TEMP TRIGGER END */
		{SQ_START, SQ_START, SQ_NORMAL, SQ_EXPLAIN, SQ_CREATE,
		 SQ_NORMAL, SQ_NORMAL, SQ_NORMAL}, /* START */
		{SQ_START, SQ_NORMAL, SQ_NORMAL, SQ_NORMAL, SQ_NORMAL,
		 SQ_NORMAL, SQ_NORMAL, SQ_NORMAL}, /* NORMAL */
		{SQ_START, SQ_EXPLAIN, SQ_EXPLAIN, SQ_NORMAL, SQ_CREATE,
		 SQ_NORMAL, SQ_NORMAL, SQ_NORMAL}, /* EXPLAIN */
		{SQ_START, SQ_CREATE, SQ_NORMAL, SQ_NORMAL, SQ_NORMAL,
		 SQ_CREATE, SQ_TRIGGER, SQ_NORMAL}, /* CREATE */
		{SQ_SEMI, SQ_TRIGGER, SQ_TRIGGER, SQ_TRIGGER, SQ_TRIGGER,
		 SQ_TRIGGER, SQ_TRIGGER, SQ_TRIGGER}, /* TRIGGER */
		{SQ_SEMI, SQ_SEMI, SQ_TRIGGER, SQ_TRIGGER, SQ_TRIGGER,
		 SQ_TRIGGER, SQ_TRIGGER, SQ_END}, /* SEMI */
		{SQ_START, SQ_END, SQ_TRIGGER, SQ_TRIGGER, SQ_TRIGGER,
		 SQ_TRIGGER, SQ_TRIGGER, SQ_TRIGGER}, /* END */
	};
	size_t i, start = 0, last = 0, *cut = NULL, ncut = 0, cap = 0;
	int state = SQ_START, in_stmt = 0, tk, error = 0;
	rt_sql_lexer lx;
	rt_sql_lexeme t;

	/* the statements' bounds first, so that nothing is handed out (and
	 * maybe run) before an unterminated comment or quote is found;
	 * blanks and comments change no state, so the lexer skips them */
	rt_sql_lexer_init(&lx, sql, 0, len, RT_SQL_SQLITE);
	while (rt_sql_lex(&lx, &t)) {
		if (t.open) {
			error = rt_sql_lexeme_error(&lx, &t, 1);
			goto done;
		}
		if (t.kind == RT_SQL_PUNCT && sql[t.start] == ';')
			tk = TK_SEMI;
		else if (t.kind == RT_SQL_WORD)
			tk = sq_keyword(sql + t.start, t.len);
		else
			tk = TK_OTHER;
		state = trans[state][tk];
		if (!in_stmt && tk != TK_SEMI) {
			in_stmt = 1;
			start = t.start;
		}
		last = t.start + t.len;
		if (in_stmt && tk == TK_SEMI && state == SQ_START) {
			if ((error = push_cut(&cut, &ncut, &cap, start,
					      last - start)) < 0)
				goto done;
			in_stmt = 0;
		}
	}
	/* the last statement, without ';' (and less the comments after) */
	if (in_stmt &&
	    (error = push_cut(&cut, &ncut, &cap, start, last - start)) < 0)
		goto done;
	for (i = 0; i < ncut && !error; i += 2)
		error = cb(payload, cut[i], cut[i + 1]);
done:
	free(cut);
	return error;
}

static int word_in(const char *w, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(w, *list) == 0)
			return 1;
	return 0;
}

/*
 * What cannot share a transaction with its journal row: VACUUM and ATTACH
 * are refused inside one, transaction control would end it, and PRAGMA
 * foreign_keys is a no-op there (journal_mode cannot change to or from
 * WAL there). These run on their own and may run again after a crash.
 */
static int sq_autocommit_only(rt_conn *c, const char *sql, size_t len)
{
	static const char *const first[] = {
		"vacuum", "attach", "detach", "begin", "commit", "end",
		"rollback", "savepoint", "release", NULL};
	static const char *const pragmas[] = {"foreign_keys", "journal_mode",
					      NULL};
	char w[3][32];
	int n = rt_sql_words(sql, len, w, 3);

	(void)c;
	if (n < 1)
		return 0;
	if (word_in(w[0], first))
		return 1;
	return strcmp(w[0], "pragma") == 0 &&
	       ((n > 1 && word_in(w[1], pragmas)) ||
		(n > 2 && word_in(w[2], pragmas)));
}

static int note_row(void *payload, int n, const char *const *vals)
{
	(void)n;
	(void)vals;
	*(int *)payload = 1;
	return 1;
}

static int sq_table_exists(rt_conn *c, const char *name, int *exists)
{
	const char *params[] = {name};

	*exists = 0;
	return sq_query(c,
			"SELECT 1 FROM sqlite_schema WHERE type = 'table'"
			" AND name = ?1",
			params, 1, note_row, exists);
}

static int sq_load_begin(rt_loader **out, rt_conn *c, const char *table,
			 const char *const *cols, int ncols)
{
	rt_buf sql = RT_BUF_INIT;
	rt_loader *l = calloc(1, sizeof(*l));
	int i, rc, error = 0;

	*out = NULL;
	rt_buf_init(&sql);
	if (!l)
		return rt_error_nomem();
	if ((error = materialize(c, 1)) < 0) {
		free(l);
		return error;
	}
	l->conn = c;
	l->ncols = ncols;
	/* the table as the migration wrote it: "Cat", main.cat */
	rt_buf_puts(&sql, "INSERT INTO ");
	rt_buf_puts(&sql, table);
	rt_buf_puts(&sql, " (");
	for (i = 0; i < ncols; i++) {
		if (i)
			rt_buf_puts(&sql, ", ");
		rt_sqlite_put_ident(&sql, cols[i]);
	}
	rt_buf_puts(&sql, ") VALUES (");
	for (i = 0; i < ncols; i++)
		rt_buf_puts(&sql, i ? ", ?" : "?");
	rt_buf_putc(&sql, ')');
	if ((error = rt_buf_check(&sql)) < 0)
		goto done;
	rc = prepare(c, sql.ptr, -1, &l->stmt, NULL);
	if (rc != SQLITE_OK)
		error = fail(c, rc, NULL);
done:
	rt_buf_release(&sql);
	if (error < 0) {
		sqlite3_finalize(l->stmt);
		free(l);
	} else {
		*out = l;
	}
	return error;
}

static int sq_load_row(rt_loader *l, const char *const *vals)
{
	int i, rc;

	for (i = 0; i < l->ncols; i++) {
		if (vals[i])
			sqlite3_bind_text(l->stmt, i + 1, vals[i], -1,
					  SQLITE_TRANSIENT);
		else
			sqlite3_bind_null(l->stmt, i + 1);
	}
	rc = sqlite3_step(l->stmt);
	sqlite3_reset(l->stmt);
	return rc == SQLITE_DONE ? 0 : fail(l->conn, rc, NULL);
}

static int sq_load_end(rt_loader *l, int ok)
{
	(void)ok; /* rows were inserted one by one; the transaction decides */
	if (l) {
		sqlite3_finalize(l->stmt);
		free(l);
	}
	return 0;
}

static const char state_ddl[] =
	"CREATE TABLE IF NOT EXISTS retort_migrations (\n"
	"    revision TEXT PRIMARY KEY,\n"
	"    checksum TEXT NOT NULL,\n"
	"    applied_at TEXT NOT NULL,\n"
	"    applied_by TEXT NOT NULL,\n"
	"    duration_ms INTEGER NOT NULL DEFAULT 0,\n"
	"    state TEXT NOT NULL DEFAULT 'applied',\n"
	"    direction TEXT NOT NULL DEFAULT 'up',\n"
	"    statements_done INTEGER NOT NULL DEFAULT 0,\n"
	"    locked_by TEXT\n"
	");\n"
	"CREATE TABLE IF NOT EXISTS retort_log (\n"
	"    id INTEGER PRIMARY KEY,\n"
	"    at TEXT NOT NULL,\n"
	"    event TEXT NOT NULL,\n"
	"    revision TEXT NOT NULL,\n"
	"    direction TEXT,\n"
	"    checksum TEXT,\n"
	"    statement INTEGER,\n"
	"    applied_by TEXT NOT NULL,\n"
	"    host TEXT NOT NULL,\n"
	"    duration_ms INTEGER,\n"
	"    retort_version TEXT NOT NULL,\n"
	"    message TEXT\n"
	");\n";

/*
 * SQLite's allocation statistics cost a mutex and bookkeeping on every
 * malloc: a tenth of parsing a schema of thousands of objects (status,
 * upgrade). Nothing reads them; a program that owns the process turns
 * them off (the library never would).
 */
static void sq_tune_process(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/* One text value of a PRAGMA into out (empty when it gives none). */
static int pragma_value(rt_conn *c, const char *sql, char *out, size_t size)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(c->db, sql, -1, &st, NULL);
	const unsigned char *v;

	out[0] = '\0';
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW &&
	    (v = sqlite3_column_text(st, 0)))
		snprintf(out, size, "%s", (const char *)v);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : RT_ERROR;
}

/*
 * A run commits once per migration. In a rollback journal (SQLite's
 * default, DELETE) a commit with synchronous=FULL flushes four times: the
 * journal, its directory, the journal again (its header, once the pages
 * are on disk), the database. In WAL mode a commit flushes once, the log,
 * and returns only when it is on disk: the same promise (stronger, even:
 * a rollback journal's commit is its unlink, which FULL never flushes).
 * So a run of RUN_WAL_MIN or more migrations switches the file to WAL
 * and back to its own mode when it ends; the synchronous level is set
 * again after the switch, so a build whose WAL default is lower cannot
 * weaken it. Both switches need the file to ourselves and never wait
 * (busy timeout 0): with another connection open the run keeps the
 * rollback journal, or the file stays in WAL mode, which every
 * connection on this host follows by itself. Switching costs about as
 * much as two commits each way, hence the minimum.
 */
#define RUN_WAL_MIN 4

static int rollback_mode(const char *mode)
{
	return !strcmp(mode, "delete") || !strcmp(mode, "truncate") ||
	       !strcmp(mode, "persist");
}

static void sq_run_start(rt_conn *c, size_t ntxn)
{
	char mode[16], sync[16], now[16], sql[64];

	c->run_mode[0] = '\0';
	if (ntxn < RUN_WAL_MIN || c->pending ||
	    pragma_value(c, "PRAGMA journal_mode", mode, sizeof(mode)) < 0 ||
	    !rollback_mode(mode) ||
	    pragma_value(c, "PRAGMA synchronous", sync, sizeof(sync)) < 0 ||
	    !sync[0])
		return;
	sqlite3_busy_timeout(c->db, 0);
	if (pragma_value(c, "PRAGMA journal_mode = WAL", now, sizeof(now)) ==
		    0 &&
	    !strcmp(now, "wal")) {
		snprintf(c->run_mode, sizeof(c->run_mode), "%s", mode);
		snprintf(sql, sizeof(sql), "PRAGMA synchronous = %d",
			 atoi(sync));
		sqlite3_exec(c->db, sql, NULL, NULL, NULL);
	}
	sqlite3_busy_timeout(c->db, (int)(c->lock_wait * 1000));
}

static void sq_run_end(rt_conn *c)
{
	char now[16], sql[64];

	if (!c->run_mode[0])
		return;
	sqlite3_busy_timeout(c->db, 0);
	snprintf(sql, sizeof(sql), "PRAGMA journal_mode = %s", c->run_mode);
	pragma_value(c, sql, now, sizeof(now));
	sqlite3_busy_timeout(c->db, (int)(c->lock_wait * 1000));
	c->run_mode[0] = '\0';
}

static const char *const sq_schemes[] = {"sqlite", NULL};

const rt_backend rt_backend_sqlite = {
	.name = "sqlite",
	.schemes = sq_schemes,
	.url_form = RT_URL_PATH,
	.caps = RT_CAP_TRANSACTIONAL_DDL | RT_CAP_LOCKING_BEGIN |
		RT_CAP_FOLD_TABLE_CASE | RT_CAP_FOLD_COLUMN_CASE |
		RT_CAP_FILE_DATABASE,
	.catalog = &rt_catalog_ops_sqlite,
	.diff = &rt_diff_dialect_sqlite,
	.render = &rt_render_ops_sqlite,
	.lint = &rt_lint_ops_sqlite,
	.tune_process = sq_tune_process,
	.connect = sq_connect,
	.close = sq_close,
	.exec = sq_exec,
	.query = sq_query,
	.begin = sq_begin,
	.commit = sq_commit,
	.rollback = sq_rollback,
	.split = sq_split,
	.table_exists = sq_table_exists,
	.load_begin = sq_load_begin,
	.load_row = sq_load_row,
	.load_end = sq_load_end,
	.quote_ident = rt_sqlite_put_ident,
	.quote_literal = rt_buf_put_sql_literal,
	.autocommit_only = sq_autocommit_only,
	.run_start = sq_run_start,
	.run_end = sq_run_end,
	.state_ddl = state_ddl,
	.script_prologue = "-- for the sqlite3 shell (sqlite3 DB < script.sql):"
			   " stop at the first error\n.bail on\n",
	.now_sql = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')",
	.applied_at_sql = "applied_at",
};
