/*
 * state.c: retort_migrations and retort_log. Each change is one SQL
 * template with $n parameters, used twice: executed with bound text
 * parameters online, or rendered with literals into an offline script,
 * so the script and the live run record exactly the same thing.
 */
#include "engine/engine.h"
#include "util/fs.h"

#include <unistd.h>

static const char sql_log[] =
	"INSERT INTO retort_log (at, event, revision, direction, checksum, "
	"statement, applied_by, host, duration_ms, retort_version, message) "
	"VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";

static const char sql_applied_insert[] =
	"INSERT INTO retort_migrations (revision, checksum, applied_at, "
	"applied_by, duration_ms, state, direction, statements_done) "
	"VALUES ($1, $2, $3, $4, $5, 'applied', 'up', 0)";

static const char sql_applied_update[] =
	"UPDATE retort_migrations SET checksum = $1, applied_at = $2, "
	"applied_by = $3, duration_ms = $4, state = 'applied', "
	"direction = 'up', statements_done = 0, locked_by = NULL "
	"WHERE revision = $5";

static const char sql_partial_insert[] =
	"INSERT INTO retort_migrations (revision, checksum, applied_at, "
	"applied_by, duration_ms, state, direction, statements_done, "
	"locked_by) VALUES ($1, $2, $3, $4, 0, 'partial', $5, $6, $7)";

static const char sql_partial_update[] =
	"UPDATE retort_migrations SET state = 'partial', direction = $1, "
	"statements_done = $2, locked_by = $3 WHERE revision = $4";

static const char sql_release[] =
	"UPDATE retort_migrations SET locked_by = NULL "
	"WHERE revision = $1 AND state = 'partial'";

static const char sql_delete[] =
	"DELETE FROM retort_migrations WHERE revision = $1";

static const char sql_checksum[] =
	"UPDATE retort_migrations SET checksum = $1 WHERE revision = $2";

/* The rows, with applied_at as ISO 8601 text in every dialect. */
static int select_sql(rt_buf *b, const rt_backend *be, int one)
{
	rt_buf_printf(b, "SELECT revision, checksum, %s, applied_by, "
			 "duration_ms, state, direction, statements_done, "
			 "locked_by FROM retort_migrations%s",
		      be->applied_at_sql, one ? " WHERE revision = $1" : "");
	return rt_buf_check(b);
}

static const char sql_journal[] =
	"SELECT statement, checksum FROM retort_log WHERE revision = $1 "
	"AND event = 'statement' AND direction = $2 ORDER BY id";

void rt_sql_bind_literals(rt_buf *out, const rt_backend *be, const char *tmpl,
			  const char *const *vals, const unsigned char *raw,
			  int n)
{
	const char *p = tmpl;

	while (*p) {
		if (*p == '$' && p[1] >= '1' && p[1] <= '9') {
			int k = 0;

			p++;
			while (*p >= '0' && *p <= '9')
				k = k * 10 + (*p++ - '0');
			if (k < 1 || k > n || !vals[k - 1])
				rt_buf_puts(out, "NULL");
			else if (raw && raw[k - 1])
				rt_buf_puts(out, vals[k - 1]);
			else
				be->quote_literal(out, vals[k - 1]);
			continue;
		}
		rt_buf_putc(out, *p++);
	}
}

/* Run or render one bookkeeping statement. Parameter 1-based index
 * `now_at` (0: none) is the current time: bound as text online, the
 * dialect's now() expression offline. */
static int write_sql(rt_state_writer *w, const char *tmpl,
		     const char **vals, int n, int now_at)
{
	char now[RT_TIME_ISO];
	unsigned char raw[16] = {0};
	int error;

	if (w->db) {
		if (now_at) {
			rt_time_iso(now);
			vals[now_at - 1] = now;
		}
		if ((error = rt_fault(w->db, "write")) < 0)
			return error;
		if (w->db->be->write && !w->at_once)
			return w->db->be->write(w->db->conn, tmpl, vals, n);
		return w->db->be->query(w->db->conn, tmpl, vals, n, NULL, NULL);
	}
	if (now_at) {
		vals[now_at - 1] = w->be->now_sql;
		raw[now_at - 1] = 1;
	}
	rt_sql_bind_literals(w->out, w->be, tmpl, vals, raw, n);
	rt_buf_puts(w->out, ";\n");
	return rt_buf_check(w->out);
}

int rt_state_ensure(rt_db *db)
{
	int a = 0, b = 0, error;

	if ((error = db->be->table_exists(db->conn, "retort_migrations", &a)) <
		    0 ||
	    (error = db->be->table_exists(db->conn, "retort_log", &b)) < 0)
		return error;
	if (a && b)
		return 0;
	/* one transaction, so one commit: with SQLite's durability each
	 * commit is a sync, and a fresh database pays this once */
	if ((error = db->be->begin(db->conn)) < 0)
		return error;
	if ((error = rt_db_exec(db, db->be->state_ddl)) < 0) {
		rt_error_saved *saved = rt_error_save();

		db->be->rollback(db->conn);
		rt_error_restore(saved);
		return error;
	}
	return rt_fault_commit(db);
}

int rt_state_log(rt_state_writer *w, const rt_log_entry *e)
{
	char stmt[24], dur[24];
	const char *vals[11];

	snprintf(stmt, sizeof(stmt), "%d", e->statement);
	snprintf(dur, sizeof(dur), "%lld", (long long)e->duration_ms);
	vals[0] = NULL; /* now */
	vals[1] = e->event;
	vals[2] = e->revision;
	vals[3] = e->direction;
	vals[4] = e->checksum;
	vals[5] = e->statement ? stmt : NULL;
	vals[6] = rt_whoami();
	vals[7] = rt_hostname();
	vals[8] = e->duration_ms >= 0 ? dur : NULL;
	vals[9] = RT_VERSION;
	vals[10] = e->message;
	return write_sql(w, sql_log, vals, 11, 1);
}

int rt_state_mark_applied(rt_state_writer *w, const rt_migration *m,
			  int64_t duration_ms, int exists)
{
	char dur[24];
	const char *vals[5];

	snprintf(dur, sizeof(dur), "%lld", (long long)duration_ms);
	if (!exists) {
		vals[0] = m->name;
		vals[1] = m->checksum;
		vals[2] = NULL;
		vals[3] = rt_whoami();
		vals[4] = dur;
		return write_sql(w, sql_applied_insert, vals, 5, 3);
	}
	/* a partial row (transaction=false) becomes applied */
	vals[0] = m->checksum;
	vals[1] = NULL;
	vals[2] = rt_whoami();
	vals[3] = dur;
	vals[4] = m->name;
	return write_sql(w, sql_applied_update, vals, 5, 2);
}

int rt_state_mark_partial(rt_state_writer *w, const rt_migration *m,
			  rt_direction d, int done, int exists, int held)
{
	char n[24];
	const char *vals[7];
	const char *holder = held ? rt_holder() : NULL;

	snprintf(n, sizeof(n), "%d", done);
	if (!exists) {
		vals[0] = m->name;
		vals[1] = m->checksum;
		vals[2] = NULL;
		vals[3] = rt_whoami();
		vals[4] = d == RT_UP ? "up" : "down";
		vals[5] = n;
		vals[6] = holder;
		return write_sql(w, sql_partial_insert, vals, 7, 3);
	}
	vals[0] = d == RT_UP ? "up" : "down";
	vals[1] = n;
	vals[2] = holder;
	vals[3] = m->name;
	return write_sql(w, sql_partial_update, vals, 4, 0);
}

int rt_state_delete(rt_state_writer *w, const char *revision)
{
	const char *vals[1] = {revision};

	return write_sql(w, sql_delete, vals, 1, 0);
}

int rt_state_release(rt_state_writer *w, const char *revision)
{
	const char *vals[1] = {revision};

	return write_sql(w, sql_release, vals, 1, 0);
}

int rt_state_set_checksum(rt_state_writer *w, const char *revision,
			  const char *checksum)
{
	const char *vals[2] = {checksum, revision};

	return write_sql(w, sql_checksum, vals, 2, 0);
}

/* The rows grow in one malloc'd array the arena adopts at the end: a
 * thousand rows are copied once, not allocated one by one and then
 * gathered (status at N=1000 touches each page it writes, and on a
 * virtual machine a page's first touch costs microseconds). */
struct read_ctx {
	rt_arena *a;
	rt_state_row *rows;
	size_t n, cap;
	int error;
};

static const char *copy(rt_arena *a, const char *s)
{
	return rt_arena_strdup(a, s ? s : "");
}

/* A value as the previous row had it (applied_by, often applied_at) is
 * not copied again. */
static const char *shared(rt_arena *a, const char *s, const char *prev)
{
	return prev && s && strcmp(prev, s) == 0 ? prev : copy(a, s);
}

/* Nor is one of the words the state and direction columns hold. */
static const char *word(rt_arena *a, const char *s)
{
	static const char *const words[] = {"applied", "partial", "up",
					    "down"};
	size_t i;

	for (i = 0; s && i < sizeof(words) / sizeof(words[0]); i++)
		if (strcmp(words[i], s) == 0)
			return words[i];
	return copy(a, s);
}

static int read_row(void *payload, int ncols, const char *const *v)
{
	struct read_ctx *x = payload;
	const rt_state_row *prev;
	rt_state_row *r;

	if (ncols < 9)
		return x->error = rt_error_set(RT_ERROR_STATE,
					       "retort_migrations has an "
					       "unexpected shape");
	if (x->n == x->cap) {
		size_t cap = x->cap ? x->cap * 2 : 16;
		rt_state_row *rows = realloc(x->rows, cap * sizeof(*rows));

		if (!rows)
			return x->error = rt_error_nomem();
		x->rows = rows;
		x->cap = cap;
	}
	prev = x->n ? &x->rows[x->n - 1] : NULL;
	r = &x->rows[x->n];
	r->revision = copy(x->a, v[0]);
	r->checksum = copy(x->a, v[1]);
	r->applied_at = shared(x->a, v[2], prev ? prev->applied_at : NULL);
	r->applied_by = shared(x->a, v[3], prev ? prev->applied_by : NULL);
	r->duration_ms = v[4] ? strtoll(v[4], NULL, 10) : 0;
	r->state = word(x->a, v[5]);
	r->direction = word(x->a, v[6]);
	r->statements_done = v[7] ? atoi(v[7]) : 0;
	r->locked_by = v[8] ? rt_arena_strdup(x->a, v[8]) : NULL;
	if (!r->revision || !r->checksum || !r->applied_at || !r->applied_by ||
	    !r->state || !r->direction || (v[8] && !r->locked_by))
		return x->error = RT_ERROR;
	x->n++;
	return 0;
}

/* The rows read into the arena (an empty array for none); x's own array
 * is freed either way. */
static int read_done(struct read_ctx *x, rt_state_row **rows, size_t *n)
{
	if (!x->rows && !(x->rows = calloc(1, sizeof(*x->rows))))
		return rt_error_nomem();
	if (rt_arena_adopt(x->a, x->rows) < 0) /* it freed them */
		return RT_ERROR;
	*rows = x->rows;
	*n = x->n;
	return 0;
}

int rt_state_read(rt_state_row **rows, size_t *n, rt_arena *a, rt_db *db)
{
	struct read_ctx x = {a, NULL, 0, 0, 0};
	rt_buf sql = RT_BUF_INIT;
	int exists = 0, error;

	*rows = NULL;
	*n = 0;
	if (!db->conn)
		return 0;
	if ((error = db->be->table_exists(db->conn, "retort_migrations",
					  &exists)) < 0)
		return error;
	if (!exists)
		return 0;
	rt_buf_init(&sql);
	if ((error = select_sql(&sql, db->be, 0)) == 0)
		error = db->be->query(db->conn, sql.ptr, NULL, 0, read_row, &x);
	rt_buf_release(&sql);
	if (x.error < 0 || error < 0) {
		free(x.rows);
		return x.error < 0 ? x.error : error;
	}
	return read_done(&x, rows, n);
}

int rt_state_get(rt_state_row *row, int *found, rt_arena *a, rt_db *db,
		 const char *revision)
{
	struct read_ctx x = {a, NULL, 0, 0, 0};
	const char *vals[1] = {revision};
	rt_buf sql = RT_BUF_INIT;
	int error;

	*found = 0;
	rt_buf_init(&sql);
	if ((error = select_sql(&sql, db->be, 1)) == 0)
		error = db->be->query(db->conn, sql.ptr, vals, 1, read_row, &x);
	rt_buf_release(&sql);
	if (x.error < 0 || error < 0) {
		free(x.rows);
		return x.error < 0 ? x.error : error;
	}
	if (x.n) {
		*row = x.rows[0];
		*found = 1;
	}
	free(x.rows);
	return 0;
}

struct journal_ctx {
	rt_arena *a;
	rt_vec v;
	int error;
};

static int journal_row(void *payload, int ncols, const char *const *v)
{
	struct journal_ctx *x = payload;
	int pos = ncols > 1 && v[0] ? atoi(v[0]) : 0;
	char *h;

	if (pos < 1 || !v[1])
		return 0;
	/* positions restart when a run starts over: keep the newest */
	while ((int)x->v.len >= pos)
		x->v.len--;
	while ((int)x->v.len < pos - 1)
		if (rt_vec_push(x->a, &x->v, NULL) < 0)
			return x->error = RT_ERROR;
	if (!(h = rt_arena_strdup(x->a, v[1])) ||
	    rt_vec_push(x->a, &x->v, h) < 0)
		return x->error = RT_ERROR;
	return 0;
}

int rt_state_journal(char ***hashes, int *n, rt_arena *a, rt_db *db,
		     const char *revision, const char *direction)
{
	struct journal_ctx x = {a, {0}, 0};
	const char *vals[2] = {revision, direction};
	int error;

	error = db->be->query(db->conn, sql_journal, vals, 2, journal_row, &x);
	if (x.error < 0)
		return x.error;
	if (error < 0)
		return error;
	*hashes = (char **)x.v.items;
	*n = (int)x.v.len;
	return 0;
}
