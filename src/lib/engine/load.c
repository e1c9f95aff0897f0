/*
 * load.c: `-- retort:load TABLE FROM 'file.csv'`. The header row names the
 * columns; every later record must have as many fields. Online the rows
 * go through the backend's prepared loader inside the migration's
 * transaction; offline they become multi-row INSERT statements.
 */
#include "engine/engine.h"
#include "util/csv.h"
#include "util/fs.h"

#define ROWS_PER_INSERT 100

struct load_ctx {
	rt_db *db;
	rt_buf *out;
	const rt_backend *be;
	const rt_step *step;
	const char *csv_path;
	rt_loader *loader;
	char **cols;
	int ncols;
	int rows; /* in the current offline INSERT */
	long long nrows;	/* records loaded */
	rt_replica_gate gate; /* live: the rows wait for lagging replicas */
};

static void insert_head(struct load_ctx *x)
{
	int i;

	rt_buf_puts(x->out, "INSERT INTO ");
	rt_buf_puts(x->out, x->step->table);
	rt_buf_puts(x->out, " (");
	for (i = 0; i < x->ncols; i++) {
		if (i)
			rt_buf_puts(x->out, ", ");
		x->be->quote_ident(x->out, x->cols[i]);
	}
	rt_buf_puts(x->out, ") VALUES\n");
}

static int record(void *payload, int line, int n, const char *const *f)
{
	struct load_ctx *x = payload;
	int i;

	if (!x->cols) {
		x->cols = calloc((size_t)n, sizeof(char *));
		if (!x->cols)
			return rt_error_nomem();
		x->ncols = n;
		for (i = 0; i < n; i++) {
			if (!f[i] || !*f[i]) {
				rt_error_set(RT_ERROR_PARSE,
					     "column %d of the CSV header is "
					     "empty",
					     i + 1);
				rt_error_at(x->csv_path, line, 0);
				return RT_ERROR;
			}
			if (!(x->cols[i] = strdup(f[i])))
				return rt_error_nomem();
		}
		if (x->db)
			return x->be->load_begin(&x->loader, x->db->conn,
						 x->step->table,
						 (const char *const *)x->cols,
						 n);
		return 0;
	}
	if (n != x->ncols) {
		rt_error_set(RT_ERROR_PARSE,
			     "CSV record has %d fields, the header has %d", n,
			     x->ncols);
		rt_error_at(x->csv_path, line, 0);
		return RT_ERROR;
	}
	if (x->db) {
		/* a batch is the rows between two passes of the gate */
		if (++x->nrows % RT_REPLICA_BATCH_ROWS == 0 &&
		    rt_replica_gate_pass(&x->gate) < 0) {
			rt_error_prefix("loading into '%s'", x->step->table);
			return RT_ERROR;
		}
		if (x->be->load_row(x->loader, f) < 0) {
			rt_error_prefix("loading into '%s'", x->step->table);
			rt_error_at(x->csv_path, line, 0);
			return RT_ERROR;
		}
		return 0;
	}
	if (x->rows == 0)
		insert_head(x);
	else
		rt_buf_puts(x->out, ",\n");
	rt_buf_putc(x->out, '(');
	for (i = 0; i < n; i++) {
		if (i)
			rt_buf_puts(x->out, ", ");
		if (f[i])
			x->be->quote_literal(x->out, f[i]);
		else
			rt_buf_puts(x->out, "NULL");
	}
	rt_buf_putc(x->out, ')');
	if (++x->rows == ROWS_PER_INSERT) {
		rt_buf_puts(x->out, ";\n");
		x->rows = 0;
	}
	return rt_buf_check(x->out);
}

int rt_csv_load(rt_db *db, rt_buf *out, const rt_backend *be,
		const rt_step *step, const char *migration_path,
		rt_event_cb progress, void *payload)
{
	struct load_ctx x;
	rt_buf text = RT_BUF_INIT;
	int error, i;

	memset(&x, 0, sizeof(x));
	x.db = db;
	x.out = out;
	x.be = be;
	x.step = step;
	x.csv_path = step->csv_path;
	rt_replica_gate_init(&x.gate, db, step->table, progress, payload);
	rt_buf_init(&text);
	if ((error = rt_fs_read(&text, step->csv_path)) < 0) {
		rt_error_at(migration_path, step->line, 0);
		goto done;
	}
	error = rt_csv_read(step->csv_path, text.ptr, text.len, record, &x);
	if (!error && !x.cols) {
		error = rt_error_set(RT_ERROR_PARSE,
				     "CSV file has no header row");
		rt_error_at(step->csv_path, 1, 0);
	}
	if (!error && !db && x.rows)
		rt_buf_puts(out, ";\n");
done:
	if (x.loader) {
		int end = be->load_end(x.loader, error == 0);

		if (!error && end < 0) {
			error = end;
			rt_error_at(step->csv_path, 0, 0);
		}
	}
	for (i = 0; i < x.ncols; i++)
		free(x.cols[i]);
	free(x.cols);
	rt_buf_release(&text);
	return error;
}
