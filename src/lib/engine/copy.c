/*
 * copy.c: `-- retort:copy TABLE [(COL, ...)] FROM 'URL' QUERY 'SELECT ...'`
 * (DESIGN.md "Adopting and testing"): the rows of a query on another
 * database, of any engine retort speaks, put into TABLE inside the
 * migration's transaction, through the target backend's loader (COPY on
 * PostgreSQL, a prepared INSERT per row elsewhere), as `-- retort:load`
 * puts a CSV file's.
 *
 * The URL is expanded when the step runs (${VAR} from the environment, so
 * the file holds no password) and is never shown but redacted. The
 * query's columns go, in order, to the columns named, else to the target
 * table's first columns in the table's order (as INSERT INTO t SELECT
 * does). A row the target refuses fails the migration, and the error
 * names the row's position in the query's result.
 *
 * Offline (`upgrade --sql`), a script cannot stream from a database when
 * it runs: the rows are read now, when the script is written, and
 * rendered as INSERT statements after a comment that says so.
 */
#include "engine/engine.h"
#include "lint/lint.h"

#include <ctype.h>

#define ROWS_PER_INSERT 100

/* The URL with each ${VAR} replaced by the variable's value; an unset
 * variable is an error naming it. */
static int expand_url(rt_buf *out, const char *url)
{
	const char *s = url;

	while (*s) {
		const char *end, *val;
		char name[128];

		if (s[0] != '$' || s[1] != '{') {
			rt_buf_putc(out, *s++);
			continue;
		}
		end = strchr(s + 2, '}');
		if (!end || end == s + 2 || (size_t)(end - s - 2) >= sizeof(name))
			return rt_error_set(RT_ERROR_PARSE,
					    "malformed ${VAR} in the copy "
					    "source URL");
		snprintf(name, sizeof(name), "%.*s", (int)(end - s - 2), s + 2);
		if (!(val = getenv(name))) {
			rt_error_set(RT_ERROR_USAGE,
				     "the copy source URL names ${%s}, which "
				     "is not set",
				     name);
			rt_error_hint("export %s before running retort", name);
			return RT_ERROR;
		}
		rt_buf_puts(out, val);
		s = end + 1;
	}
	return rt_buf_check(out);
}

char *rt_copy_describe(rt_arena *a, const rt_step *step)
{
	rt_buf b = RT_BUF_INIT;
	char *s = NULL;
	int i;

	rt_buf_init(&b);
	rt_buf_printf(&b, "copy %s", step->table);
	for (i = 0; i < step->ncopy_cols; i++)
		rt_buf_printf(&b, "%s%s", i ? ", " : " (", step->copy_cols[i]);
	rt_buf_puts(&b, step->ncopy_cols ? ") from '" : " from '");
	rt_url_redact(&b, step->copy_url);
	rt_buf_puts(&b, "' query ");
	rt_buf_put_sql_literal(&b, step->copy_query);
	if (rt_buf_check(&b) == 0)
		s = rt_arena_strdup(a, rt_buf_cstr(&b));
	rt_buf_release(&b);
	return s;
}

struct copy_ctx {
	rt_db *db;   /* the target, or NULL offline */
	rt_buf *out; /* offline: the script */
	const rt_backend *be;
	const rt_step *step;
	rt_loader *loader;
	const char *const *cols; /* the target's columns (NULL offline
				    without a list: positional INSERT) */
	int ncols;		 /* how many of them there are */
	int nsrc;		 /* the query's columns, from its first row */
	long long row;		 /* rows seen */
	rt_event_cb progress;
	void *payload;
	int batch;		 /* rows in the current offline INSERT */
	int error;
	rt_replica_gate gate; /* live: rows wait for lagging replicas */
};

static void insert_head(struct copy_ctx *x)
{
	int i;

	rt_buf_puts(x->out, "INSERT INTO ");
	rt_buf_puts(x->out, x->step->table);
	if (x->cols) {
		rt_buf_puts(x->out, " (");
		for (i = 0; i < x->nsrc; i++) {
			if (i)
				rt_buf_puts(x->out, ", ");
			x->be->quote_ident(x->out, x->cols[i]);
		}
		rt_buf_putc(x->out, ')');
	}
	rt_buf_puts(x->out, " VALUES\n");
}

/* The first row: the query's width against the target's columns. */
static int first_row(struct copy_ctx *x, int n)
{
	x->nsrc = n;
	if (x->cols && n > x->ncols) {
		rt_error_set(RT_ERROR_USAGE,
			     "the copy query returns %d columns and '%s' "
			     "takes %d",
			     n, x->step->table, x->ncols);
		rt_error_hint("name the target's columns: -- retort:copy "
			      "%s (COL, ...) FROM ...",
			      x->step->table);
		return RT_ERROR;
	}
	if (x->step->ncopy_cols && n != x->ncols) {
		rt_error_set(RT_ERROR_USAGE,
			     "the copy query returns %d columns and %d are "
			     "named for '%s'",
			     n, x->ncols, x->step->table);
		return RT_ERROR;
	}
	if (x->db)
		return x->be->load_begin(&x->loader, x->db->conn,
					 x->step->table, x->cols, n);
	return 0;
}

static int put_row(struct copy_ctx *x, const char *const *vals)
{
	int i;

	if (x->batch == 0)
		insert_head(x);
	else
		rt_buf_puts(x->out, ",\n");
	rt_buf_putc(x->out, '(');
	for (i = 0; i < x->nsrc; i++) {
		if (i)
			rt_buf_puts(x->out, ", ");
		if (vals[i])
			x->be->quote_literal(x->out, vals[i]);
		else
			rt_buf_puts(x->out, "NULL");
	}
	rt_buf_putc(x->out, ')');
	if (++x->batch == ROWS_PER_INSERT) {
		rt_buf_puts(x->out, ";\n");
		x->batch = 0;
	}
	return rt_buf_check(x->out);
}

static void report(struct copy_ctx *x, int finished)
{
	rt_event ev;

	if (!x->progress)
		return;
	memset(&ev, 0, sizeof(ev));
	ev.kind = RT_EVENT_PROGRESS;
	ev.table = x->step->table;
	ev.rows = x->row;
	ev.finished = finished;
	x->progress(&ev, x->payload);
}

static int row(void *payload, int n, const char *const *vals)
{
	struct copy_ctx *x = payload;

	if (x->row && x->row % RT_COPY_PROGRESS_ROWS == 0)
		report(x, 0);
	x->row++;
	if (x->row == 1 && (x->error = first_row(x, n)) < 0)
		return 1;
	if (!x->db) {
		x->error = put_row(x, vals);
		return x->error < 0;
	}
	if (x->row % RT_REPLICA_BATCH_ROWS == 0 &&
	    (x->error = rt_replica_gate_pass(&x->gate)) < 0)
		return 1;
	if (x->be->load_row(x->loader, vals) < 0) {
		x->error = RT_ERROR;
		rt_error_prefix("row %lld of the copy query", x->row);
		return 1;
	}
	return 0;
}

/* The target's columns: those named, else the table's (online: asked of
 * the database; offline there is none to ask, and the INSERTs go by
 * position). */
static int target_columns(struct copy_ctx *x, rt_arena *a)
{
	rt_vec cols = {0};
	int found = 0, error;

	if (x->step->ncopy_cols) {
		x->cols = x->step->copy_cols;
		x->ncols = x->step->ncopy_cols;
		return 0;
	}
	if (!x->db)
		return 0;
	if ((error = x->be->lint->lookup->columns(&cols, &found, x->db, a,
						  x->step->table)) < 0)
		return error;
	if (!found || !cols.len)
		return rt_error_set(RT_ERROR_USAGE,
				    "copy target table '%s' does not exist",
				    x->step->table);
	x->cols = (const char *const *)cols.items;
	x->ncols = (int)cols.len;
	return 0;
}

int rt_copy_run(rt_db *db, rt_buf *out, const rt_backend *be,
		const rt_step *step, const char *migration_path,
		rt_event_cb progress, void *payload)
{
	struct copy_ctx x;
	rt_db_options dbo = {0};
	rt_buf url = RT_BUF_INIT, shown = RT_BUF_INIT;
	rt_arena a;
	rt_db *src = NULL;
	int error;

	memset(&x, 0, sizeof(x));
	x.db = db;
	x.out = out;
	x.be = be;
	x.step = step;
	x.progress = progress;
	x.payload = payload;
	rt_replica_gate_init(&x.gate, db, step->table, progress, payload);
	rt_arena_init(&a);
	rt_buf_init(&url);
	rt_buf_init(&shown);
	rt_url_redact(&shown, step->copy_url);
	if ((error = expand_url(&url, step->copy_url)) < 0)
		goto done;
	if ((error = target_columns(&x, &a)) < 0)
		goto done;
	/* read it as it is: a source that is not there is an error, never
	 * an empty database made for the occasion */
	dbo.no_create = 1;
	if ((error = rt_db_open(&src, rt_buf_cstr(&url), &dbo)) < 0)
		goto done;
	if (!src->exists) {
		error = rt_error_set(RT_ERROR_USAGE,
				     "copy source database '%s' does not "
				     "exist",
				     rt_buf_cstr(&shown));
		goto done;
	}
	if (!db) {
		rt_buf_puts(out, "-- a script cannot stream from a database: "
				 "the rows below were read from\n-- ");
		rt_buf_put_sql_comment(out, rt_buf_cstr(&shown));
		rt_buf_puts(out, " when this script was written\n");
	}
	error = src->be->query_stream
		    ? src->be->query_stream(src->conn, step->copy_query, row, &x)
		    : src->be->query(src->conn, step->copy_query, NULL, 0, row,
				     &x);
	if (x.error < 0)
		error = x.error;
	else if (error < 0)
		rt_error_prefix("the copy query on '%s'", rt_buf_cstr(&shown));
	if (!error && !db && x.batch)
		rt_buf_puts(out, ";\n");
	if (!error && !db)
		rt_buf_printf(out, "-- %lld row%s copied\n", x.row,
			      x.row == 1 ? "" : "s");
done:
	if (x.loader) {
		int end = be->load_end(x.loader, error == 0);

		/* COPY reports a refused row when it ends: its line is the
		 * row's position in the query's result */
		if (!error && end < 0) {
			error = end;
			rt_error_prefix("copying %lld rows", x.row);
			if (!rt_error_last()->hint)
				rt_error_hint("the rows are numbered as the copy "
					      "query returned them: a line N "
					      "above is its row N");
		}
	}
	if (x.row >= RT_COPY_PROGRESS_ROWS)
		report(&x, 1);
	if (error < 0) {
		rt_error_prefix("retort:copy into '%s'", step->table);
		rt_error_at(migration_path, step->line, 0);
	}
	rt_db_close(src);
	rt_arena_release(&a);
	rt_buf_release(&url);
	rt_buf_release(&shown);
	return error;
}
