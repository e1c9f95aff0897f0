/*
 * expand.c: the expand phase of an online migration, its backfill, and
 * retort's bookkeeping of online migrations (retort_online,
 * retort_online_table).
 *
 * Expand resolves the plan (plan.c) against the live catalog, refuses
 * what the catalog shows cannot run online (a retyped column an index or
 * a view uses, a table without a primary key to backfill by), and writes
 * the migration's four scripts at once:
 *
 *   expand    one transaction: the new columns beside the old, NOT VALID
 *             checks and constraints, the sync trigger, the two versions'
 *             schemas of views, and the retort_online rows. Catalog-only
 *             statements: the ACCESS EXCLUSIVE locks last milliseconds.
 *   post      after the backfill, one statement at a time: VALIDATE
 *             (reads and writes go on), CREATE INDEX CONCURRENTLY, ADD
 *             CONSTRAINT ... USING INDEX.
 *   contract  one transaction, stored, run by `online complete`.
 *   rollback  one transaction, stored, run by `online rollback`.
 *
 * Storing contract and rollback at expand time means they undo exactly
 * what expand did, whatever happens to the file afterwards.
 *
 * The sync trigger tells the versions apart by current_schema(): a
 * session whose search_path starts with the new version's schema writes
 * the new shape (the old columns are computed from it with the down
 * conversion); every other session, retort's backfill included, writes
 * the old shape (the new columns follow with the up conversion).
 *
 * The backfill walks the primary key in batches, one transaction each
 * with its position (retort_online_table.last_key), so a killed run
 * resumes after the last batch that committed.
 */
#include "engine/engine.h"
#include "online/online.h"
#include "util/fs.h"

#include <stdarg.h>
#include <time.h>

/* ---- queries ------------------------------------------------------------ */

typedef struct rows {
	rt_arena *a;
	rt_vec v; /* const char ** per row, ncols entries */
	int ncols;
	int failed;
} rows;

static int collect(void *payload, int ncols, const char *const *vals)
{
	rows *r = payload;
	const char **row =
	    rt_arena_array(r->a, (size_t)ncols + 1, sizeof(char *));
	int i;

	if (!row) {
		r->failed = 1;
		return 1;
	}
	for (i = 0; i < ncols; i++)
		if (vals[i] && !(row[i] = rt_arena_strdup(r->a, vals[i]))) {
			r->failed = 1;
			return 1;
		}
	r->ncols = ncols;
	if (rt_vec_push(r->a, &r->v, row) < 0) {
		r->failed = 1;
		return 1;
	}
	return 0;
}

/* Every row of a query, as text, into `a`. */
static int query_rows(rows *out, rt_arena *a, rt_db *db, const char *sql,
		      const char *const *params, int n)
{
	int error;

	memset(out, 0, sizeof(*out));
	out->a = a;
	error = db->be->query(db->conn, sql, params, n, collect, out);
	if (!error && out->failed)
		error = RT_ERROR;
	return error;
}

static const char *cell(const rows *r, size_t row, int col)
{
	const char **v = r->v.items[row];

	return col < r->ncols ? v[col] : NULL;
}

int rt_online_query_one(char **out, rt_arena *a, rt_db *db, const char *sql,
			const char *const *params, int n)
{
	rows r;
	int error;

	*out = NULL;
	if ((error = query_rows(&r, a, db, sql, params, n)) < 0)
		return error;
	if (r.v.len && cell(&r, 0, 0))
		*out = (char *)cell(&r, 0, 0);
	return 0;
}

/* ---- transactions ------------------------------------------------------- */

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	if (ms > 0)
		nanosleep(&ts, NULL);
}

/* 100 ms doubling to 5 s, with full jitter, as the runner's retries. */
static void backoff(int attempt)
{
	long cap = 100L << (attempt < 6 ? attempt : 6);

	sleep_ms((cap > 5000 ? 5000 : cap) * (rand() % 1001) / 1000);
}

static int retryable(rt_db *db)
{
	return db->be->retryable && db->be->retryable(rt_error_last());
}

static void rollback_keep_error(rt_db *db)
{
	rt_error_saved *saved = rt_error_save();

	db->be->rollback(db->conn);
	rt_error_restore(saved);
}

/*
 * BEGIN, `sql` (statements), then `fn` (bookkeeping), COMMIT. A lock not
 * granted within lock_timeout rolls it back and it is tried again: a
 * statement queued behind a long transaction would otherwise block the
 * application behind itself for as long as that transaction runs.
 */
int rt_online_txn(rt_db *db, const char *sql, rt_online_txn_fn fn, void *arg,
		  int64_t *ms)
{
	const char *body = sql, *end;
	char *lock_sql = NULL;
	int attempt = 0, error;
	int64_t t0;

	/* a leading LOCK TABLE is the wait; the time after it is the time
	 * the locks were held */
	if (sql && !strncmp(sql, "LOCK TABLE ", 11) &&
	    (end = strstr(sql, ";\n"))) {
		if (!(lock_sql = strndup(sql, (size_t)(end - sql))))
			return rt_error_nomem();
		body = end + 2;
	}
	for (;;) {
		/* a migrator that lost the migration lock stops here, as the
		 * runner does before each statement */
		if ((db->be->check_lock &&
		     (error = db->be->check_lock(db->conn)) < 0) ||
		    (error = db->be->begin(db->conn)) < 0)
			break;
		if (!lock_sql || (error = rt_db_exec(db, lock_sql)) == 0)
			t0 = rt_time_ms();
		if (!error && (!body || (error = rt_db_exec(db, body)) == 0) &&
		    (!fn || (error = fn(db, arg)) == 0) &&
		    (error = db->be->commit(db->conn)) == 0) {
			if (ms)
				*ms = rt_time_ms() - t0;
			break;
		}
		rollback_keep_error(db);
		if (!retryable(db) || attempt >= db->opts.retries)
			break;
		backoff(++attempt);
	}
	free(lock_sql);
	return error;
}

/* ---- state -------------------------------------------------------------- */

static const char state_ddl[] =
    "CREATE TABLE IF NOT EXISTS retort_online (\n"
    "    revision text PRIMARY KEY,\n"
    "    checksum text NOT NULL,\n"
    "    phase text NOT NULL,\n"
    "    old_schema text NOT NULL,\n"
    "    new_schema text NOT NULL,\n"
    "    base_schema text NOT NULL,\n"
    "    post_sql text NOT NULL,\n"
    "    post_done integer NOT NULL DEFAULT 0,\n"
    "    contract_sql text NOT NULL,\n"
    "    rollback_sql text NOT NULL,\n"
    "    expand_lock_ms bigint,\n"
    "    post_lock_ms bigint,\n"
    "    contract_lock_ms bigint,\n"
    "    started_at timestamptz NOT NULL DEFAULT now(),\n"
    "    finished_at timestamptz,\n"
    "    started_by text NOT NULL\n"
    ");\n"
    "CREATE TABLE IF NOT EXISTS retort_online_table (\n"
    "    revision text NOT NULL REFERENCES retort_online\n"
    "        ON DELETE CASCADE,\n"
    "    position integer NOT NULL,\n"
    "    table_name text NOT NULL,\n"
    "    pk text NOT NULL,\n"
    "    set_list text NOT NULL,\n"
    "    predicate text NOT NULL,\n"
    "    rows_total bigint NOT NULL,\n"
    "    rows_done bigint NOT NULL DEFAULT 0,\n"
    "    last_key text,\n"
    "    finished boolean NOT NULL DEFAULT false,\n"
    "    PRIMARY KEY (revision, position)\n"
    ");\n";

int rt_online_state_ensure(rt_db *db)
{
	int a = 0, b = 0, error;

	if ((error = db->be->table_exists(db->conn, "retort_online", &a)) < 0 ||
	    (error =
		 db->be->table_exists(db->conn, "retort_online_table", &b)) < 0)
		return error;
	if (a && b)
		return 0;
	return rt_online_txn(db, state_ddl, NULL, NULL, NULL);
}

int rt_online_active(const char **revision, const char **phase, rt_arena *a,
		     rt_db *db)
{
	rows r;
	int exists = 0, error;

	*revision = *phase = NULL;
	if (!db || !db->conn)
		return 0;
	if ((error = db->be->table_exists(db->conn, "retort_online", &exists)) <
		0 ||
	    !exists)
		return error;
	if ((error = query_rows(&r, a, db,
				"SELECT revision, phase FROM retort_online "
				"WHERE phase IN ('backfill', 'active') "
				"ORDER BY started_at LIMIT 1",
				NULL, 0)) < 0)
		return error;
	if (r.v.len) {
		*revision = cell(&r, 0, 0);
		*phase = cell(&r, 0, 1);
	}
	return 0;
}

/* The SQL of online migrations is PostgreSQL's (PL/pgSQL triggers,
 * updatable views, CONCURRENTLY): no capability bit stands for that. */
static int need_postgres(rt_db *db, const char *rev)
{
	if (!strcmp(db->be->name, "postgres"))
		return 0;
	rt_error_set(RT_ERROR_USAGE, "online migration '%s' needs PostgreSQL",
		     rev);
	rt_error_detail("the database is %s", db->be->name);
	rt_error_hint("remove '-- retort:online' to run it as an ordinary "
		      "migration");
	return RT_EUSAGE;
}

int rt_online_check_plan(rt_db *db, rt_migration *const *steps, size_t n,
			 rt_direction d, int single_transaction)
{
	rt_arena a = RT_ARENA_INIT;
	const char *active, *phase;
	size_t i;
	int error = 0;

	rt_arena_init(&a);
	for (i = 0; d == RT_UP && i < n && !error; i++) {
		rt_online_plan *p;

		if (!steps[i]->online)
			continue;
		if (db && (error = need_postgres(db, steps[i]->name)) < 0)
			break;
		/* a statement it cannot plan refuses the whole run, before
		 * the migrations ahead of it change anything */
		if ((error = rt_online_plan_make(&p, steps[i])) < 0)
			break;
		rt_online_plan_free(p);
		if (single_transaction) {
			error = rt_error_setc(RT_EUSAGE, RT_ERROR_USAGE,
					      "--single-transaction cannot "
					      "include online migration '%s'",
					      steps[i]->name);
			rt_error_detail("its expand phase commits in steps "
					"(backfill batches, concurrent "
					"indexes)");
			break;
		}
		if (i + 1 < n) {
			error =
			    rt_error_set(RT_ERROR_STATE,
					 "online migration '%s' must be "
					 "completed before '%s' runs",
					 steps[i]->name, steps[i + 1]->name);
			rt_error_detail(
			    "after its expand both application "
			    "versions run; later revisions wait for "
			    "`retort online complete`");
			rt_error_hint(
			    "run 'retort upgrade %s' (expand), deploy, "
			    "then 'retort online complete', then "
			    "upgrade the rest",
			    steps[i]->name);
			break;
		}
	}
	if (error < 0 || !n ||
	    (error = rt_online_active(&active, &phase, &a, db)) < 0 || !active)
		goto done;
	/* resuming the active one's interrupted expand is allowed */
	if (d == RT_UP && n == 1 && !strcmp(steps[0]->name, active))
		goto done;
	if (d == RT_UP) {
		error = rt_error_set(RT_ERROR_STATE,
				     "online migration '%s' is active: later "
				     "revisions wait for `retort online "
				     "complete`",
				     active);
		rt_error_detail("both application versions run against it "
				"(phase %s)",
				phase);
		rt_error_hint(
		    "once no old application instance runs, 'retort "
		    "online complete'; or undo it with 'retort online "
		    "rollback'");
	} else {
		error = rt_error_set(RT_ERROR_STATE,
				     "online migration '%s' is active: finish "
				     "or undo it before a downgrade",
				     active);
		rt_error_hint("'retort online rollback' undoes it; 'retort "
			      "online complete' finishes it");
	}
done:
	rt_arena_release(&a);
	return error;
}

/* ---- the catalog -------------------------------------------------------- */

/* What an online type change builds again over a shadow column. */
typedef struct rebuilt {
	const char *name;
	const char *def;    /* pg_get_indexdef, pg_get_constraintdef, or a
			       twin's definition */
	const char *quoted; /* an index: its name as the definition has it */
	const char *con;    /* an index: the primary key or unique
			       constraint it backs, or NULL */
	const char *kind;   /* with con: "p" or "u" */
	const char *table;  /* a twin: the referencing table, quoted */
	int valid;	    /* a constraint: validated */
} rebuilt;

typedef struct cat_col {
	const char *name, *type, *default_sql;
	int not_null;
	const char *attnum;
	char identity; /* GENERATED ... AS IDENTITY: 'a' always, 'd' by
			  default; 0 not one */
	/* a retyped column's indexes that are plain (no constraint uses
	 * them) or back a primary key or unique constraint of the table:
	 * built again on the shadow column, put in place at contract */
	rebuilt *ix;
	size_t nix;
	/* a retyped column's checks and own foreign keys: added again over
	 * the shadow column as "_rt_<name>" NOT VALID, validated after the
	 * backfill when the old one was, renamed into place at contract */
	rebuilt *con;
	size_t ncon;
	/* the foreign keys that reference the retyped column: a twin
	 * "_rt_<name>" referencing the shadow column is added after its
	 * key's index is built (NOT VALID, then VALIDATE); at contract the
	 * old one is dropped and the twin takes its name */
	rebuilt *rf;
	size_t nrf;
	/* the sequence the column owns (serial), "schema.name", and
	 * whether it must widen with the column (ALTER SEQUENCE ... AS) */
	const char *seq;
	int seq_widens;
	/* an identity column's sequence ("schema"."name" quoted, and its
	 * schema and name) and options: the shadow column draws from it
	 * until contract makes it an identity of its own, from where the
	 * old one stopped (see identity_sql) */
	const char *id_seq, *id_seq_schema, *id_seq_name, *id_options;
} cat_col;

/* A planned table resolved against the catalog. */
typedef struct xtable {
	rt_online_table *t;
	const char *oid, *nspname, *relname;
	const char *q; /* "schema"."rel", quoted */
	cat_col *cols;
	size_t ncols;
	const char **pk; /* the primary key's columns, in key order */
	size_t npk;
	int64_t reltuples;
	int backfill; /* retyped columns or volatile defaults */
	int trigger;  /* retyped columns */
} xtable;

static void put_qualified(rt_buf *b, const char *schema, const char *name)
{
	rt_buf_put_ident(b, schema);
	rt_buf_putc(b, '.');
	rt_buf_put_ident(b, name);
}

static const char *qualified(rt_arena *a, const char *schema, const char *name)
{
	rt_buf b = RT_BUF_INIT;
	char *s = NULL;

	rt_buf_init(&b);
	if (schema) {
		put_qualified(&b, schema, name);
	} else {
		rt_buf_put_ident(&b, name);
	}
	if (rt_buf_check(&b) == 0)
		s = rt_arena_strdup(a, b.ptr);
	rt_buf_release(&b);
	return s;
}

static const char *ident(rt_arena *a, const char *name)
{
	return qualified(a, NULL, name);
}

/* The primary key's columns, quoted, ", " between (retort_online_table.pk:
 * what the backfill walks). */
static const char *pk_list(rt_arena *a, const xtable *x)
{
	rt_buf b = RT_BUF_INIT;
	const char *out;
	size_t i;

	rt_buf_init(&b);
	for (i = 0; i < x->npk; i++) {
		if (i)
			rt_buf_puts(&b, ", ");
		rt_buf_puts(&b, ident(a, x->pk[i]));
	}
	out = rt_buf_check(&b) < 0 ? NULL : rt_arena_strdup(a, b.ptr);
	rt_buf_release(&b);
	return out;
}

static cat_col *cat_find(const xtable *x, const char *name)
{
	size_t i;

	for (i = 0; name && i < x->ncols; i++)
		if (!strcmp(x->cols[i].name, name))
			return &x->cols[i];
	return NULL;
}

static int table_error(const rt_online_plan *p, const rt_online_table *t,
		       const char *fmt, ...) RT_PRINTF(3, 4);

static int table_error(const rt_online_plan *p, const rt_online_table *t,
		       const char *fmt, ...)
{
	char detail[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	rt_error_set(RT_ERROR_STATE, "online migration '%s' cannot run",
		     p->m->name);
	rt_error_detail("%s", detail);
	rt_error_at(p->m->path, t->line, 0);
	return RT_ERROR;
}

static int col_error(const rt_online_plan *p, const rt_online_column *c,
		     const char *msg, const char *hint)
{
	rt_error_set(RT_ERROR_STATE, "online migration '%s' cannot run",
		     p->m->name);
	rt_error_detail("%s", msg);
	if (hint)
		rt_error_hint("%s", hint);
	rt_error_at(p->m->path, c->line, 0);
	return RT_ERROR;
}

/* What uses the column (indexes, constraints, views), the default and an
 * owned sequence aside: one description a line, "" when nothing.
 * views_only: only views and other tables' constraints; plain_ok: not
 * what an online type change builds again (see rebuilt_indexes and
 * rebuilt_constraints): the table's own indexes that no constraint uses,
 * its primary key and unique constraints that are not deferrable, and
 * its checks and foreign keys over the column, and the foreign keys of
 * other (ordinary) tables that reference it. One of the table's own
 * that references the column, or one of a partitioned table: still a
 * user. */
static int column_users(const char **out, rt_arena *a, rt_db *db,
			const xtable *x, const cat_col *c, int views_only,
			int plain_ok, const char *old_schema,
			const char *new_schema)
{
	const char *params[6] = {x->oid,     c->attnum,	 views_only ? "t" : "f",
				 old_schema, new_schema, plain_ok ? "t" : "f"};

	return rt_online_query_one(
	    (char **)out, a, db,
	    "SELECT coalesce(string_agg(DISTINCT pg_describe_object("
	    "d.classid, d.objid, d.objsubid), ', '), '') FROM pg_depend d "
	    "WHERE d.refclassid = 'pg_class'::regclass AND d.refobjid = "
	    "$1::oid AND d.refobjsubid = $2::int AND d.classid <> "
	    "'pg_attrdef'::regclass AND NOT (d.classid = "
	    "'pg_class'::regclass AND EXISTS (SELECT 1 FROM pg_class s "
	    "WHERE s.oid = d.objid AND s.relkind = 'S')) AND (NOT "
	    "$3::bool OR d.classid = 'pg_rewrite'::regclass OR (d.classid "
	    "= 'pg_constraint'::regclass AND EXISTS (SELECT 1 FROM "
	    "pg_constraint k WHERE k.oid = d.objid AND k.conrelid <> "
	    "$1::oid))) AND NOT EXISTS (SELECT 1 FROM pg_rewrite w JOIN "
	    "pg_class v ON v.oid = w.ev_class WHERE d.classid = "
	    "'pg_rewrite'::regclass AND w.oid = d.objid AND "
	    "v.relnamespace::regnamespace::text IN ($4, $5)) AND NOT "
	    "($6::bool AND d.classid = 'pg_class'::regclass AND EXISTS "
	    "(SELECT 1 FROM pg_index ix WHERE ix.indexrelid = d.objid AND "
	    "ix.indrelid = $1::oid AND NOT EXISTS (SELECT 1 FROM "
	    "pg_constraint k WHERE k.conindid = d.objid AND NOT (k.conrelid "
	    "= $1::oid AND k.contype IN ('p', 'u') AND NOT "
	    "k.condeferrable)))) AND NOT ($6::bool AND d.classid = "
	    "'pg_constraint'::regclass AND EXISTS (SELECT 1 FROM "
	    "pg_constraint k WHERE k.oid = d.objid AND k.conrelid = $1::oid "
	    "AND (k.contype IN ('p', 'u') AND NOT k.condeferrable OR "
	    "k.contype IN ('c', 'f') AND $2::int2 = ANY (k.conkey) AND NOT "
	    "(k.confrelid = $1::oid AND $2::int2 = ANY (k.confkey)))) OR "
	    "$6::bool AND d.classid = 'pg_constraint'::regclass AND EXISTS "
	    "(SELECT 1 FROM pg_constraint k JOIN pg_class r ON r.oid = "
	    "k.conrelid WHERE k.oid = d.objid AND k.contype = 'f' AND "
	    "k.confrelid = $1::oid AND NOT (k.conrelid = $1::oid AND "
	    "$2::int2 = ANY (k.conkey)) AND r.relkind = 'r'))",
	    params, 6);
}

/*
 * What an online type change builds again on the shadow column: the
 * column's indexes that no constraint uses, and the indexes of the
 * table's primary key and unique constraints over it (not deferrable).
 * Each is built CONCURRENTLY after the backfill as "_rt_<index>"; at
 * contract a plain one takes the old name, and a key's becomes the
 * constraint again (ADD CONSTRAINT ... USING INDEX), once the old column
 * (and with it the old index and constraint) is dropped. Also the
 * sequence the column owns (serial): it moves to the new column, and an
 * integer sequence widens with it (int to bigint: no overflow at 2^31).
 */
static int rebuilt_indexes(cat_col *c, rt_arena *a, rt_db *db,
			   const xtable *x, const char *new_type)
{
	const char *params[3] = {x->oid, c->attnum, new_type};
	rows r;
	size_t i;
	int error;

	if ((error = query_rows(
		 &r, a, db,
		 "SELECT DISTINCT s.relname, pg_get_indexdef(s.oid), "
		 "quote_ident(s.relname), NULL::text, NULL::text FROM "
		 "pg_depend d JOIN pg_index ix ON ix.indexrelid = d.objid JOIN "
		 "pg_class s ON s.oid = d.objid WHERE d.classid = "
		 "'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass "
		 "AND d.refobjid = $1::oid AND d.refobjsubid = $2::int AND "
		 "ix.indrelid = $1::oid AND NOT EXISTS (SELECT 1 FROM "
		 "pg_constraint k WHERE k.conindid = s.oid) "
		 "UNION SELECT s.relname, pg_get_indexdef(s.oid), "
		 "quote_ident(s.relname), k.conname::text, k.contype::text FROM "
		 "pg_constraint k JOIN pg_class s ON s.oid = k.conindid WHERE "
		 "k.conrelid = $1::oid AND k.contype IN ('p', 'u') AND NOT "
		 "k.condeferrable AND $2::int2 = ANY (k.conkey) ORDER BY 1",
		 params, 2)) < 0)
		return error;
	c->nix = r.v.len;
	if (!(c->ix = rt_arena_array(a, c->nix + 1, sizeof(rebuilt))))
		return RT_ERROR;
	for (i = 0; i < c->nix; i++) {
		const char *sh = rt_online_shadow_name(a, cell(&r, i, 0));
		const char *taken_params[1];
		char *taken;

		c->ix[i].name = cell(&r, i, 0);
		c->ix[i].def = cell(&r, i, 1);
		c->ix[i].quoted = cell(&r, i, 2);
		c->ix[i].con = cell(&r, i, 3);
		c->ix[i].kind = cell(&r, i, 4);
		taken_params[0] = qualified(a, x->nspname, sh);
		if ((error = rt_online_query_one(&taken, a, db,
						 "SELECT to_regclass($1)::text",
						 taken_params, 1)) < 0)
			return error;
		if (taken)
			return rt_error_set(RT_ERROR_STATE,
					    "%s already exists (left by "
					    "another tool?)",
					    taken_params[0]);
	}
	if ((error = query_rows(
		 &r, a, db,
		 "SELECT quote_ident(n.nspname) || '.' || quote_ident(r.relname), "
		 "q.seqtypid = 'int2'::regtype AND $3::regtype IN "
		 "('int4'::regtype, 'int8'::regtype) OR q.seqtypid = "
		 "'int4'::regtype AND $3::regtype = 'int8'::regtype FROM "
		 "pg_depend d JOIN pg_sequence q ON q.seqrelid = d.objid JOIN "
		 "pg_class r ON r.oid = q.seqrelid JOIN pg_namespace n ON n.oid "
		 "= r.relnamespace WHERE d.classid = 'pg_class'::regclass "
		 "AND d.refclassid = 'pg_class'::regclass AND d.refobjid = "
		 "$1::oid AND d.refobjsubid = $2::int AND d.deptype = 'a'",
		 params, 3)) < 0)
		return error;
	c->seq = r.v.len ? cell(&r, 0, 0) : NULL;
	c->seq_widens = r.v.len && cell(&r, 0, 1)[0] == 't';
	if (!c->identity)
		return 0;
	if ((error = query_rows(
		 &r, a, db,
		 "SELECT n.nspname, s.relname, 'INCREMENT BY ' || "
		 "q.seqincrement || ' CACHE ' || q.seqcache || CASE WHEN "
		 "q.seqcycle THEN ' CYCLE' ELSE ' NO CYCLE' END FROM pg_depend "
		 "d JOIN pg_sequence q ON q.seqrelid = d.objid JOIN pg_class s "
		 "ON s.oid = q.seqrelid JOIN pg_namespace n ON n.oid = "
		 "s.relnamespace WHERE d.classid = 'pg_class'::regclass AND "
		 "d.refclassid = 'pg_class'::regclass AND d.refobjid = $1::oid "
		 "AND d.refobjsubid = $2::int AND d.deptype = 'i'",
		 params, 2)) < 0)
		return error;
	if (!r.v.len)
		return rt_error_set(RT_ERROR_STATE,
				    "identity column '%s' of %s has no "
				    "sequence",
				    c->name, x->q);
	c->id_seq_schema = cell(&r, 0, 0);
	c->id_seq_name = cell(&r, 0, 1);
	c->id_options = cell(&r, 0, 2);
	c->id_seq = qualified(a, c->id_seq_schema, c->id_seq_name);
	return c->id_seq ? 0 : RT_ERROR;
}

/* "WITH m(rel, col, sh) AS (VALUES ...) ": each column that this
 * migration retypes (its table's oid, its name) and its shadow column,
 * for a query to map names. */
static const char *retyped_map(rt_arena *a, const rt_online_plan *p)
{
	rt_buf b = RT_BUF_INIT;
	const char *out = NULL;
	size_t i, k, n = 0;

	rt_buf_init(&b);
	rt_buf_puts(&b, "WITH m(rel, col, sh) AS (VALUES ");
	for (i = 0; i < p->tables.len; i++) {
		const rt_online_table *t = p->tables.items[i];
		const char *name = qualified(a, t->schema, t->name);

		for (k = 0; name && k < t->columns.len; k++) {
			const rt_online_column *o = t->columns.items[k];

			if (!o->retyped || !o->name)
				continue;
			rt_buf_puts(&b, n++ ? ", (to_regclass(" : "(to_regclass(");
			rt_buf_put_sql_literal(&b, name);
			rt_buf_puts(&b, ")::oid, ");
			rt_buf_put_sql_literal(&b, o->name);
			rt_buf_puts(&b, ", ");
			rt_buf_put_sql_literal(&b,
					       rt_online_shadow_name(a, o->name));
			rt_buf_putc(&b, ')');
		}
	}
	if (!n)
		rt_buf_puts(&b, "(NULL::oid, NULL, NULL)");
	rt_buf_puts(&b, ") ");
	if (rt_buf_check(&b) == 0)
		out = rt_arena_strdup(a, rt_buf_cstr(&b));
	rt_buf_release(&b);
	return out;
}

/* Another column of the table that this migration retypes, named in
 * `names` (attnames joined by ","), or NULL. */
static const rt_online_column *other_retyped(const xtable *x,
					     const rt_online_column *oc,
					     const char *names)
{
	size_t k;

	for (k = 0; names && k < x->t->columns.len; k++) {
		const rt_online_column *o = x->t->columns.items[k];
		size_t n = o->name ? strlen(o->name) : 0;
		const char *at = names;

		if (!o->retyped || o == oc || !n)
			continue;
		while ((at = strstr(at, o->name)) &&
		       !((at == names || at[-1] == ',') &&
			 (at[n] == ',' || !at[n])))
			at += n;
		if (at)
			return o;
	}
	return NULL;
}

/*
 * The retyped column's checks and foreign keys (its own, not those that
 * reference it): each is added again over the shadow column. One that
 * spans another column this migration retypes is refused: it would need
 * both shadows at once.
 */
static int rebuilt_constraints(cat_col *c, rt_arena *a, rt_db *db,
			       const xtable *x, const rt_online_plan *p,
			       const rt_online_column *oc, const char *map)
{
	const char *params[2] = {x->oid, c->attnum};
	const char *sql;
	const rt_online_column *o;
	rows r;
	size_t i;
	int error;

	if (!(sql = rt_arena_printf(a, "%s%s", map,
		 "SELECT k.conname::text, pg_get_constraintdef(k.oid), "
		 "k.convalidated, (SELECT string_agg(a.attname, ',') FROM "
		 "pg_attribute a WHERE a.attrelid = k.conrelid AND a.attnum = "
		 "ANY (k.conkey) AND a.attnum <> $2::int2), EXISTS (SELECT 1 "
		 "FROM pg_constraint o WHERE o.conrelid = k.conrelid AND "
		 "o.conname = '_rt_' || k.conname), k.contype = 'f' AND EXISTS "
		 "(SELECT 1 FROM m JOIN pg_attribute a ON a.attrelid = m.rel AND "
		 "a.attname::text = m.col WHERE m.rel = k.confrelid AND a.attnum "
		 "= ANY (k.confkey)) FROM pg_constraint k WHERE "
		 "k.conrelid = $1::oid AND k.contype IN ('c', 'f') AND "
		 "$2::int2 = ANY (k.conkey) AND NOT (k.confrelid = $1::oid AND "
		 "$2::int2 = ANY (k.confkey)) ORDER BY 1")))
		return RT_ERROR;
	if ((error = query_rows(&r, a, db, sql, params, 2)) < 0)
		return error;
	c->ncon = 0;
	if (!(c->con = rt_arena_array(a, r.v.len + 1, sizeof(rebuilt))))
		return RT_ERROR;
	for (i = 0; i < r.v.len; i++) {
		/* a foreign key that references a column this migration
		 * retypes is that column's to build again (its
		 * rebuilt_references), with both sides' shadows */
		if (cell(&r, i, 5)[0] == 't')
			continue;
		if (cell(&r, i, 4)[0] == 't')
			return rt_error_set(RT_ERROR_STATE,
					    "constraint _rt_%s already exists "
					    "on %s (left by another tool?)",
					    cell(&r, i, 0), x->q);
		if ((o = other_retyped(x, oc, cell(&r, i, 3))))
			return col_error(p, oc,
					 rt_arena_printf(a,
							 "constraint %s spans "
							 "columns '%s' and "
							 "'%s', both retyped",
							 cell(&r, i, 0),
							 oc->name, o->name),
					 "retype one of them in a later online "
					 "migration");
		c->con[c->ncon].name = cell(&r, i, 0);
		c->con[c->ncon].def = cell(&r, i, 1);
		c->con[c->ncon].valid = cell(&r, i, 2)[0] == 't';
		c->ncon++;
	}
	return 0;
}

/*
 * The foreign keys that reference the retyped column (other tables', and
 * the table's own to itself), each written again to reference the shadow
 * column (and, for one of the table's own, over the shadows of its own
 * columns that this migration retypes): the definition is built from the
 * catalog's fields, not edited from its text. Refused: a key that also
 * references another column this migration retypes, and the ON DELETE
 * SET NULL (columns) form.
 */
static int rebuilt_references(cat_col *c, rt_arena *a, rt_db *db,
			      const xtable *x, const rt_online_plan *p,
			      const rt_online_column *oc, const char *map)
{
	const char *params[3] = {x->oid, c->attnum, x->q};
	const char *sql;
	const rt_online_column *o;
	rows r;
	size_t i;
	int error;

#define RT_FK_ACTION(col, verb)                                               \
	"CASE " col " WHEN 'r' THEN ' " verb " RESTRICT' WHEN 'c' THEN ' " verb \
	" CASCADE' WHEN 'n' THEN ' " verb " SET NULL' WHEN 'd' THEN ' " verb   \
	" SET DEFAULT' ELSE '' END"
	/* every column this migration retypes is its shadow in the twin:
	 * the referenced ones, and the key's own (a table's key to itself,
	 * or another table's that the migration retypes too) */
	sql = rt_arena_printf(
	    a, "%s%s", map,
	    "SELECT k.conname::text, quote_ident(rn.nspname) || '.' || "
	    "quote_ident(rr.relname), 'FOREIGN KEY (' || (SELECT "
	    "string_agg(quote_ident(coalesce((SELECT m.sh FROM m WHERE m.rel "
	    "= k.conrelid AND m.col = a.attname::text), a.attname)), ', ' "
	    "ORDER BY u.n) FROM unnest(k.conkey) WITH "
	    "ORDINALITY u(attnum, n) JOIN pg_attribute a ON a.attrelid = "
	    "k.conrelid AND a.attnum = u.attnum) || ') REFERENCES ' || $3 || "
	    "'(' || (SELECT string_agg(quote_ident(coalesce((SELECT m.sh FROM "
	    "m WHERE m.rel = k.confrelid AND m.col = a.attname::text), "
	    "a.attname)), ', ' ORDER BY "
	    "u.n) FROM unnest(k.confkey) WITH ORDINALITY u(attnum, n) JOIN "
	    "pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = "
	    "u.attnum) || ')' || CASE k.confmatchtype WHEN 'f' THEN ' MATCH "
	    "FULL' ELSE '' END || " RT_FK_ACTION("k.confupdtype", "ON UPDATE")
	    " || " RT_FK_ACTION("k.confdeltype", "ON DELETE")
	    " || CASE WHEN k.condeferrable THEN ' DEFERRABLE' || CASE WHEN "
	    "k.condeferred THEN ' INITIALLY DEFERRED' ELSE '' END ELSE '' "
	    "END, k.convalidated, pg_get_constraintdef(k.oid) ~ 'ON DELETE "
	    "SET (NULL|DEFAULT) \\(', (SELECT string_agg(a.attname, ',') "
	    "FROM pg_attribute a WHERE a.attrelid = k.confrelid AND "
	    "a.attnum = ANY (k.confkey) AND a.attnum <> $2::int2), EXISTS "
	    "(SELECT 1 FROM pg_constraint o WHERE o.conrelid = k.conrelid "
	    "AND o.conname = '_rt_' || k.conname) FROM pg_constraint k "
	    "JOIN pg_class rr ON rr.oid = k.conrelid JOIN pg_namespace rn "
	    "ON rn.oid = rr.relnamespace WHERE k.contype = 'f' AND "
	    "k.confrelid = $1::oid AND NOT (k.conrelid = $1::oid AND "
	    "$2::int2 = ANY (k.conkey)) AND rr.relkind = 'r' AND $2::int2 = "
	    "ANY (k.confkey) ORDER BY 2, 1");
	if (!sql)
		return RT_ERROR;
	if ((error = query_rows(&r, a, db, sql, params, 3)) < 0)
		return error;
#undef RT_FK_ACTION
	c->nrf = r.v.len;
	if (!(c->rf = rt_arena_array(a, c->nrf + 1, sizeof(rebuilt))))
		return RT_ERROR;
	for (i = 0; i < c->nrf; i++) {
		c->rf[i].name = cell(&r, i, 0);
		c->rf[i].table = cell(&r, i, 1);
		c->rf[i].def = cell(&r, i, 2);
		c->rf[i].valid = cell(&r, i, 3)[0] == 't';
		if (cell(&r, i, 4)[0] == 't')
			return col_error(
			    p, oc,
			    rt_arena_printf(a,
					    "foreign key %s on %s sets only "
					    "some columns on delete",
					    c->rf[i].name, c->rf[i].table),
			    "drop it, or change it in an ordinary migration "
			    "first");
		if (cell(&r, i, 6)[0] == 't')
			return rt_error_set(RT_ERROR_STATE,
					    "constraint _rt_%s already exists "
					    "on %s (left by another tool?)",
					    c->rf[i].name, c->rf[i].table);
		if ((o = other_retyped(x, oc, cell(&r, i, 5))))
			return col_error(p, oc,
					 rt_arena_printf(a,
							 "foreign key %s on %s "
							 "references columns "
							 "'%s' and '%s', both "
							 "retyped",
							 c->rf[i].name,
							 c->rf[i].table,
							 oc->name, o->name),
					 "retype one of them in a later online "
					 "migration");
	}
	return 0;
}

static int load_table(xtable *x, rt_arena *a, rt_db *db,
		      const rt_online_plan *p, rt_online_table *t)
{
	const char *name = qualified(a, t->schema, t->name);
	const char *params[1];
	rows r;
	size_t i;
	int error;

	memset(x, 0, sizeof(*x));
	x->t = t;
	if (!name)
		return RT_ERROR;
	params[0] = name;
	if ((error =
		 query_rows(&r, a, db,
			    "SELECT c.oid, n.nspname, c.relname, c.relkind, "
			    "c.reltuples::bigint FROM pg_class c JOIN "
			    "pg_namespace n ON n.oid = c.relnamespace "
			    "WHERE c.oid = to_regclass($1)",
			    params, 1)) < 0)
		return error;
	if (!r.v.len)
		return table_error(p, t, "table %s does not exist", name);
	if (strcmp(cell(&r, 0, 3), "r") != 0)
		return table_error(p, t,
				   "%s is not an ordinary table (views, "
				   "partitioned and foreign tables are "
				   "not migrated online)",
				   name);
	x->oid = cell(&r, 0, 0);
	x->nspname = cell(&r, 0, 1);
	x->relname = cell(&r, 0, 2);
	x->reltuples = strtoll(cell(&r, 0, 4), NULL, 10);
	if (!(x->q = qualified(a, x->nspname, x->relname)))
		return RT_ERROR;
	if (x->reltuples < 0) {
		/* never analysed: no estimate for the progress; a count
		 * takes only an ACCESS SHARE lock */
		char *n;

		if ((error = rt_online_query_one(
			 &n, a, db,
			 rt_arena_printf(a, "SELECT count(*) FROM %s", x->q),
			 NULL, 0)) < 0)
			return error;
		x->reltuples = n ? strtoll(n, NULL, 10) : 0;
	}
	params[0] = x->oid;
	if ((error =
		 query_rows(&r, a, db,
			    "SELECT a.attname, format_type(a.atttypid, "
			    "a.atttypmod), a.attnotnull, pg_get_expr("
			    "d.adbin, d.adrelid), a.attnum, a.attidentity "
			    "FROM "
			    "pg_attribute a LEFT JOIN pg_attrdef d ON "
			    "d.adrelid = a.attrelid AND d.adnum = a.attnum "
			    "WHERE a.attrelid = $1::oid AND a.attnum > 0 AND "
			    "NOT a.attisdropped ORDER BY a.attnum",
			    params, 1)) < 0)
		return error;
	x->ncols = r.v.len;
	if (!(x->cols = rt_arena_array(a, x->ncols + 1, sizeof(cat_col))))
		return RT_ERROR;
	for (i = 0; i < x->ncols; i++) {
		x->cols[i].name = cell(&r, i, 0);
		x->cols[i].type = cell(&r, i, 1);
		x->cols[i].not_null = cell(&r, i, 2)[0] == 't';
		x->cols[i].default_sql = cell(&r, i, 3);
		x->cols[i].attnum = cell(&r, i, 4);
		x->cols[i].identity = cell(&r, i, 5) ? cell(&r, i, 5)[0] : 0;
	}
	if ((error = query_rows(&r, a, db,
				"SELECT a.attname FROM pg_index i CROSS JOIN "
				"LATERAL unnest(i.indkey::int2[]) WITH "
				"ORDINALITY AS k(attnum, n) JOIN pg_attribute a "
				"ON a.attrelid = i.indrelid AND a.attnum = "
				"k.attnum WHERE i.indrelid = $1::oid AND "
				"i.indisprimary ORDER BY k.n",
				params, 1)) < 0)
		return error;
	x->npk = r.v.len;
	if (!(x->pk = rt_arena_array(a, x->npk + 1, sizeof(*x->pk))))
		return RT_ERROR;
	for (i = 0; i < x->npk; i++)
		x->pk[i] = cell(&r, i, 0);
	return 0;
}

/* What the catalog shows cannot run online, before anything changes. */
static int check_table(xtable *x, rt_arena *a, rt_db *db,
		       const rt_online_plan *p, const char *old_schema,
		       const char *new_schema)
{
	rt_online_table *t = x->t;
	const char *users, *exists;
	const char *params[2];
	const char *map = NULL; /* retyped_map: the plan's, built once */
	size_t i, k;
	int error;

	for (i = 0; i < t->columns.len; i++) {
		rt_online_column *c = t->columns.items[i];
		cat_col *cc = cat_find(x, c->name);
		cat_col *other = cat_find(x, c->new_name);

		if (c->name && !cc)
			return col_error(p, c,
					 rt_arena_printf(a,
							 "column '%s' of %s "
							 "does not exist",
							 c->name, x->q),
					 NULL);
		if (other && other != cc)
			return col_error(p, c,
					 rt_arena_printf(a,
							 "%s already has a "
							 "column '%s'",
							 x->q, c->new_name),
					 NULL);
		if (c->retyped) {
			if (cat_find(x, rt_online_shadow_name(a, c->name)))
				return col_error(
				    p, c,
				    rt_arena_printf(
					a,
					"%s already has a column "
					"'%s' (left by another tool?)",
					x->q,
					rt_online_shadow_name(a, c->name)),
				    NULL);
			if ((error = column_users(&users, a, db, x, cc, 0, 1,
						  old_schema, new_schema)) < 0 ||
			    (error = rebuilt_indexes(cc, a, db, x, c->type)) <
				0 ||
			    (!map && !(map = retyped_map(a, p))) ||
			    (error = rebuilt_constraints(cc, a, db, x, p, c,
							 map)) < 0 ||
			    (error = rebuilt_references(cc, a, db, x, p, c,
							map)) < 0)
				return error < 0 ? error : RT_ERROR;
			if (*users)
				return col_error(
				    p, c,
				    rt_arena_printf(a,
						    "column '%s' is used "
						    "by %s",
						    c->name, users),
				    "an online type change copies the column "
				    "and builds its indexes, keys, checks and "
				    "foreign keys (and those that reference "
				    "it) again, but not a partitioned table's "
				    "key, a deferrable key or a view: drop "
				    "those first (a view in an rt_ "
				    "schema of an earlier version: DROP SCHEMA "
				    "... CASCADE once no application uses it)");
			x->trigger = x->backfill = 1;
		}
		if (c->volatile_default)
			x->backfill = 1;
		if (c->dropped) {
			if ((error = column_users(&users, a, db, x, cc, 1, 0,
						  old_schema, new_schema)) < 0)
				return error;
			if (*users)
				return col_error(
				    p, c,
				    rt_arena_printf(a,
						    "column '%s' is used "
						    "by %s",
						    c->name, users),
				    "drop or change those first");
			if (cc->not_null && !cc->default_sql)
				return col_error(
				    p, c,
				    rt_arena_printf(
					a,
					"column '%s' is NOT NULL "
					"without a default: the new "
					"version's inserts, which "
					"leave it out, would fail",
					c->name),
				    "give it a DEFAULT or DROP NOT NULL "
				    "in an ordinary migration first");
			for (k = 0; k < x->npk; k++)
				if (!strcmp(x->pk[k], c->name))
					return col_error(p, c,
							 "a column of the "
							 "primary key is "
							 "dropped",
							 NULL);
		}
	}
	if (x->backfill && !x->npk)
		return table_error(p, t,
				   "%s needs a primary key: the backfill walks "
				   "it in batches",
				   x->q);
	if (strcmp(t->name, t->new_name) != 0) {
		params[0] = qualified(a, x->nspname, t->new_name);
		if ((error = rt_online_query_one((char **)&exists, a, db,
						 "SELECT to_regclass($1)::text",
						 params, 1)) < 0)
			return error;
		if (exists)
			return table_error(p, t, "%s already exists",
					   params[0]);
	}
	for (i = 0; i < t->indexes.len + t->constraints.len; i++) {
		const char *name =
		    i < t->indexes.len
			? ((rt_online_index *)t->indexes.items[i])->name
			: ((rt_online_constraint *)
			       t->constraints.items[i - t->indexes.len])
			      ->name;

		params[0] = x->oid;
		params[1] = name;
		if ((error = rt_online_query_one(
			 (char **)&exists, a, db,
			 "SELECT relname::text FROM pg_class WHERE relname "
			 "= $2 AND relnamespace = (SELECT relnamespace "
			 "FROM pg_class WHERE oid = $1::oid) UNION ALL "
			 "SELECT conname::text FROM pg_constraint WHERE "
			 "conrelid = $1::oid AND conname = $2",
			 params, 2)) < 0)
			return error;
		if (exists)
			return table_error(p, t, "the name '%s' is taken",
					   name);
	}
	return 0;
}

/* ---- the scripts -------------------------------------------------------- */

typedef struct scripts {
	rt_buf expand, post, contract, rollback;
	const char *old_schema, *new_schema;
} scripts;

/* The trigger function's name: "<schema>"."_rt_sync_<table>". */
static const char *sync_fn(rt_arena *a, const xtable *x)
{
	char *name = rt_arena_printf(a, "_rt_sync_%s", x->relname);

	if (name && strlen(name) > 63)
		name[63] = '\0';
	return name ? qualified(a, x->nspname, name) : NULL;
}

static const char *nn_name(rt_arena *a, const char *col)
{
	char *name = rt_arena_printf(a, "_rt_nn_%s", col);

	if (name && strlen(name) > 63)
		name[63] = '\0';
	return name;
}

/* The physical column that holds a touched column's new shape. */
static const char *phys_new(rt_arena *a, const rt_online_column *c)
{
	if (c->added)
		return c->new_name;
	if (c->retyped)
		return rt_online_shadow_name(a, c->name);
	return c->name;
}

static int add_not_null_check(scripts *s, rt_arena *a, const xtable *x,
			      const char *phys, const char *final_name,
			      const char *key)
{
	const char *nn = nn_name(a, key);

	if (!nn)
		return RT_ERROR;
	rt_buf_printf(&s->expand,
		      "ALTER TABLE %s ADD CONSTRAINT %s CHECK "
		      "(%s IS NOT NULL) NOT VALID;\n",
		      x->q, ident(a, nn), ident(a, phys));
	rt_buf_printf(&s->post, "ALTER TABLE %s VALIDATE CONSTRAINT %s;\n",
		      x->q, ident(a, nn));
	/* PostgreSQL 12+ proves NOT NULL from the validated check: no scan
	 * under the ACCESS EXCLUSIVE lock */
	rt_buf_printf(&s->contract,
		      "ALTER TABLE %s ALTER COLUMN %s SET NOT "
		      "NULL;\nALTER TABLE %s DROP CONSTRAINT %s;\n",
		      x->q, ident(a, final_name), x->q, ident(a, nn));
	rt_buf_printf(&s->rollback,
		      "ALTER TABLE %s DROP CONSTRAINT IF "
		      "EXISTS %s;\n",
		      x->q, ident(a, nn));
	return 0;
}

static int trigger_sql(scripts *s, rt_arena *a, const xtable *x)
{
	const rt_online_table *t = x->t;
	const char *fn = sync_fn(a, x);
	size_t i;
	int error;

	if (!fn)
		return RT_ERROR;
	rt_buf_printf(&s->expand,
		      "CREATE FUNCTION %s() RETURNS trigger LANGUAGE plpgsql "
		      "AS $rt$\nBEGIN\n\tIF current_schema() = ",
		      fn);
	rt_buf_put_sql_literal(&s->expand, s->new_schema);
	rt_buf_puts(&s->expand, " THEN\n");
	for (i = 0; i < t->columns.len; i++) {
		const rt_online_column *c = t->columns.items[i];
		const cat_col *cc = cat_find(x, c->name);
		char *down;

		if (!c->retyped)
			continue;
		if (c->down_using) {
			if ((error =
				 rt_online_rewrite(&down, a, c->down_using, 1,
						   NULL, NULL, 0, "new")) < 0)
				return error;
		} else {
			down =
			    rt_arena_printf(a, "new.%s::%s",
					    ident(a, phys_new(a, c)), cc->type);
		}
		if (!down)
			return RT_ERROR;
		rt_buf_printf(&s->expand, "\t\tnew.%s := %s;\n",
			      ident(a, c->name), down);
	}
	rt_buf_puts(&s->expand, "\tELSE\n");
	for (i = 0; i < t->columns.len; i++) {
		const rt_online_column *c = t->columns.items[i];
		char *up;

		if (!c->retyped)
			continue;
		if ((error = rt_online_rewrite(&up, a, c->up_using, 1, NULL,
					       NULL, 0, "new")) < 0)
			return error;
		rt_buf_printf(&s->expand, "\t\tnew.%s := %s;\n",
			      ident(a, phys_new(a, c)), up);
	}
	rt_buf_printf(&s->expand,
		      "\tEND IF;\n\tRETURN new;\nEND\n$rt$;\n"
		      "CREATE TRIGGER _rt_sync BEFORE INSERT OR UPDATE ON %s "
		      "FOR EACH ROW WHEN (current_setting('retort.backfill', "
		      "true) IS DISTINCT FROM 'on') EXECUTE FUNCTION %s();\n",
		      x->q, fn);
	return 0;
}

/* The trigger goes first in contract and rollback: it writes the
 * columns they drop. */
static int trigger_drop_sql(scripts *s, rt_arena *a, const xtable *x)
{
	const char *fn = sync_fn(a, x);

	if (!fn)
		return RT_ERROR;
	rt_buf_printf(&s->contract,
		      "DROP TRIGGER IF EXISTS _rt_sync ON %s;\n"
		      "DROP FUNCTION IF EXISTS %s();\n",
		      x->q, fn);
	rt_buf_printf(&s->rollback,
		      "DROP TRIGGER IF EXISTS _rt_sync ON %s;\n"
		      "DROP FUNCTION IF EXISTS %s();\n",
		      x->q, fn);
	return 0;
}

/* The two versions' views of the table. */
static void views_sql(scripts *s, rt_arena *a, const xtable *x)
{
	const rt_online_table *t = x->t;
	size_t i, n = 0;

	rt_buf_printf(&s->expand,
		      "DROP VIEW IF EXISTS %s;\nCREATE VIEW %s AS "
		      "SELECT ",
		      qualified(a, s->old_schema, x->relname),
		      qualified(a, s->old_schema, x->relname));
	for (i = 0; i < x->ncols; i++)
		rt_buf_printf(&s->expand, "%s%s", i ? ", " : "",
			      ident(a, x->cols[i].name));
	rt_buf_printf(&s->expand, " FROM %s;\n", x->q);

	rt_buf_printf(&s->expand,
		      "DROP VIEW IF EXISTS %s;\nCREATE VIEW %s AS "
		      "SELECT ",
		      qualified(a, s->new_schema, t->new_name),
		      qualified(a, s->new_schema, t->new_name));
	for (i = 0; i < x->ncols; i++) {
		const rt_online_column *c =
		    rt_online_table_column(t, x->cols[i].name);

		if (c && c->name && strcmp(c->name, x->cols[i].name))
			c = NULL; /* the name is another column's new one */
		if (c && c->dropped)
			continue;
		rt_buf_puts(&s->expand, n++ ? ", " : "");
		if (!c || (!c->retyped && !c->renamed)) {
			rt_buf_puts(&s->expand, ident(a, x->cols[i].name));
			continue;
		}
		rt_buf_printf(&s->expand, "%s AS %s", ident(a, phys_new(a, c)),
			      ident(a, c->new_name));
	}
	for (i = 0; i < t->columns.len; i++) {
		const rt_online_column *c = t->columns.items[i];

		if (c->added)
			rt_buf_printf(&s->expand, "%s%s", n++ ? ", " : "",
				      ident(a, c->new_name));
	}
	rt_buf_printf(&s->expand, " FROM %s;\n", x->q);
}

/* "CREATE [UNIQUE] INDEX name ..." as deparsed, made CONCURRENTLY. */
static const char *concurrently(rt_arena *a, const char *sql)
{
	const char *idx = strstr(sql, "INDEX ");

	if (!idx)
		return sql;
	return rt_arena_printf(a, "%.*sINDEX CONCURRENTLY %s", (int)(idx - sql),
			       sql, idx + 6);
}

/*
 * `sql` (one statement naming an object NAME_PLACEHOLDER) with column
 * `from` rewritten to `to`, and the placeholder made `name`, quoted:
 * libpg_query's deparser prints index and constraint names unquoted, so
 * the name goes in after it. NULL with the error set when the
 * placeholder does not come back.
 */
#define NAME_PLACEHOLDER "rt_shadow_object_name_placeholder"

static const char *rewrite_named(rt_arena *a, const char *sql,
				 const char *from, const char *to,
				 const char *name)
{
	const char *froms[1] = {from}, *tos[1] = {to}, *at;
	char *rewritten;

	if (!sql || !name ||
	    rt_online_rewrite(&rewritten, a, sql, 0, froms, tos, 1, NULL) < 0)
		return NULL;
	if (!(at = strstr(rewritten, NAME_PLACEHOLDER))) {
		rt_error_set(RT_ERROR_STATE, "cannot write '%s' again for %s",
			     sql, name);
		return NULL;
	}
	return rt_arena_printf(a, "%.*s%s%s", (int)(at - rewritten), rewritten,
			       ident(a, name), at + strlen(NAME_PLACEHOLDER));
}

/*
 * The retyped column's plain indexes, built again on the shadow column
 * after the backfill (post, CONCURRENTLY, resumable as the migration's
 * own indexes are) as "_rt_<index>"; the old ones go with the old column
 * at contract, and the new ones take their names. Rollback drops the
 * shadow column and its indexes with it.
 */
static int shadow_indexes(scripts *s, rt_arena *a, const xtable *x,
			  const rt_online_column *c, const cat_col *cc,
			  const char *sh)
{
	size_t k;

	for (k = 0; k < cc->nix; k++) {
		const char *def = cc->ix[k].def, *ish, *rest, *sql;
		size_t head;

		if (!strncmp(def, "CREATE INDEX ", 13))
			head = 13;
		else if (!strncmp(def, "CREATE UNIQUE INDEX ", 20))
			head = 20;
		else
			head = 0;
		rest = head ? def + head : NULL;
		if (!rest || strncmp(rest, cc->ix[k].quoted,
				     strlen(cc->ix[k].quoted)) != 0 ||
		    strncmp(rest + strlen(cc->ix[k].quoted), " ON ", 4) != 0)
			return rt_error_set(RT_ERROR_STATE,
					    "index %s: unexpected definition "
					    "'%s'",
					    cc->ix[k].name, def);
		rest += strlen(cc->ix[k].quoted);
		ish = rt_online_shadow_name(a, cc->ix[k].name);
		if (!(sql = rewrite_named(
			  a,
			  rt_arena_printf(a, "%.*s" NAME_PLACEHOLDER "%s",
					  (int)head, def, rest),
			  c->name, sh, ish)))
			return RT_ERROR;
		rt_buf_printf(&s->post, "%s;\n", concurrently(a, sql));
		if (cc->ix[k].con)
			/* the index takes the constraint's name; a primary
			 * key's column is NOT NULL by then (proven by the
			 * validated check: no scan) */
			rt_buf_printf(&s->contract,
				      "ALTER TABLE %s ADD CONSTRAINT %s %s "
				      "USING INDEX %s;\n",
				      x->q, ident(a, cc->ix[k].con),
				      cc->ix[k].kind[0] == 'p' ? "PRIMARY KEY"
							       : "UNIQUE",
				      ident(a, ish));
		else
			rt_buf_printf(&s->contract,
				      "ALTER INDEX %s RENAME TO %s;\n",
				      qualified(a, x->nspname, ish),
				      ident(a, cc->ix[k].name));
	}
	return 0;
}

/*
 * The retyped column's checks and own foreign keys, added again over the
 * shadow column as "_rt_<name>" NOT VALID at expand (they hold for every
 * write from then on, either version's), validated after the backfill
 * when the old one was, and given the old name at contract, once the old
 * column has taken the old constraint with it. Rollback drops the shadow
 * column and them with it.
 */
static int shadow_constraints(scripts *s, rt_arena *a, const xtable *x,
			      const rt_online_column *c, const cat_col *cc,
			      const char *sh)
{
	size_t k;

	for (k = 0; k < cc->ncon; k++) {
		const char *def = cc->con[k].def, *csh, *sql;
		size_t n = strlen(def);

		if (n > 10 && !strcmp(def + n - 10, " NOT VALID"))
			n -= 10;
		csh = rt_online_shadow_name(a, cc->con[k].name);
		if (!(sql = rewrite_named(
			  a,
			  rt_arena_printf(a,
					  "ALTER TABLE %s ADD CONSTRAINT "
					  NAME_PLACEHOLDER " %.*s NOT VALID",
					  x->q, (int)n, def),
			  c->name, sh, csh)))
			return RT_ERROR;
		rt_buf_printf(&s->expand, "%s;\n", sql);
		if (cc->con[k].valid)
			rt_buf_printf(&s->post,
				      "ALTER TABLE %s VALIDATE CONSTRAINT "
				      "%s;\n",
				      x->q, ident(a, csh));
		rt_buf_printf(&s->contract,
			      "ALTER TABLE %s RENAME CONSTRAINT %s TO %s;\n",
			      x->q, ident(a, csh),
			      ident(a, cc->con[k].name));
	}
	return 0;
}

/*
 * Other tables' foreign keys that reference the retyped column: a twin
 * referencing the shadow column once its key's index is built (post:
 * NOT VALID, then VALIDATE, which scans the referencing table without
 * blocking its writes). Until contract both hold, the trigger keeping
 * the two columns equal; contract drops the old key first (the old
 * column's key goes with the column) and gives the twin its name.
 */
static void shadow_references(scripts *s, rt_arena *a, const cat_col *cc)
{
	size_t k;

	for (k = 0; k < cc->nrf; k++) {
		const char *twin =
		    ident(a, rt_online_shadow_name(a, cc->rf[k].name));

		rt_buf_printf(&s->post,
			      "ALTER TABLE %s ADD CONSTRAINT %s %s NOT "
			      "VALID;\n",
			      cc->rf[k].table, twin, cc->rf[k].def);
		if (cc->rf[k].valid)
			rt_buf_printf(&s->post,
				      "ALTER TABLE %s VALIDATE CONSTRAINT "
				      "%s;\n",
				      cc->rf[k].table, twin);
		rt_buf_printf(&s->contract,
			      "ALTER TABLE %s RENAME CONSTRAINT %s TO %s;\n",
			      cc->rf[k].table, twin,
			      ident(a, cc->rf[k].name));
	}
}

/*
 * An identity column retyped: until contract the shadow column draws its
 * values from the identity's sequence (its default, for the new
 * version's inserts). Contract, before the old column (and with it the
 * old sequence) goes, makes the shadow column an identity of its own,
 * same kind and options, under the shadow of the sequence's name, and
 * sets it where the old one stopped; after the old column is dropped the
 * sequence takes the old name. The new sequence is of the new type: int
 * to bigint no longer ends at 2^31.
 */
static void identity_sql(scripts *s, rt_arena *a, const xtable *x,
			 const rt_online_column *c, const cat_col *cc,
			 const char *sh)
{
	const char *twin = qualified(a, cc->id_seq_schema,
				     rt_online_shadow_name(a, cc->id_seq_name));
	rt_buf lit = RT_BUF_INIT;

	rt_buf_init(&lit);
	rt_buf_put_sql_literal(&lit, cc->id_seq);
	rt_buf_printf(&s->expand,
		      "ALTER TABLE %s ALTER COLUMN %s SET DEFAULT "
		      "(nextval(%s::regclass))::%s;\n",
		      x->q, ident(a, sh), rt_buf_cstr(&lit), c->type);
	rt_buf_clear(&lit);
	rt_buf_put_sql_literal(&lit, twin ? twin : "");
	rt_buf_printf(&s->contract,
		      "ALTER TABLE %s ALTER COLUMN %s DROP DEFAULT;\n"
		      "ALTER TABLE %s ALTER COLUMN %s SET NOT NULL;\n"
		      "ALTER TABLE %s ALTER COLUMN %s ADD GENERATED %s AS "
		      "IDENTITY (SEQUENCE NAME %s %s);\n"
		      "SELECT setval(%s, last_value, is_called) FROM %s;\n",
		      x->q, ident(a, sh), x->q, ident(a, sh), x->q,
		      ident(a, sh),
		      cc->identity == 'a' ? "ALWAYS" : "BY DEFAULT", twin,
		      cc->id_options, rt_buf_cstr(&lit), cc->id_seq);
	rt_buf_release(&lit);
}

static int table_sql(scripts *s, rt_arena *a, const xtable *x)
{
	const rt_online_table *t = x->t;
	size_t i, j;
	int error;

	if (x->trigger && (error = trigger_drop_sql(s, a, x)) < 0)
		return error;
	for (i = 0; i < t->columns.len; i++) {
		const rt_online_column *c = t->columns.items[i];
		const cat_col *cc = cat_find(x, c->name);
		const char *final = c->new_name;

		if (c->retyped) {
			const char *sh = rt_online_shadow_name(a, c->name);

			rt_buf_printf(&s->expand,
				      "ALTER TABLE %s ADD COLUMN %s "
				      "%s;\n",
				      x->q, ident(a, sh), c->type);
			/* ALTER ... TYPE casts the default along; so does
			 * the shadow column, for the new version's inserts
			 * (added without one: no table rewrite) */
			if (cc->default_sql)
				rt_buf_printf(&s->expand,
					      "ALTER TABLE %s ALTER COLUMN %s "
					      "SET DEFAULT (%s)::%s;\n",
					      x->q, ident(a, sh),
					      cc->default_sql, c->type);
			if (cc->identity)
				identity_sql(s, a, x, c, cc, sh);
			/* the referencing keys' twins stand in for them
			 * from here on */
			/* (IF EXISTS: a key whose own column the migration
			 * retypes too may have gone with that column) */
			for (j = 0; j < cc->nrf; j++)
				rt_buf_printf(&s->contract,
					      "ALTER TABLE %s DROP CONSTRAINT IF "
					      "EXISTS %s;\n",
					      cc->rf[j].table,
					      ident(a, cc->rf[j].name));
			/* a serial's sequence would go with the old
			 * column: the new one owns it (and its default
			 * calls it) from now on */
			if (cc->seq)
				rt_buf_printf(&s->contract,
					      "ALTER SEQUENCE %s OWNED BY "
					      "%s.%s;\n",
					      cc->seq, x->q, ident(a, sh));
			if (cc->seq && cc->seq_widens)
				rt_buf_printf(&s->contract,
					      "ALTER SEQUENCE %s AS %s;\n",
					      cc->seq, c->type);
			rt_buf_printf(&s->contract,
				      "ALTER TABLE %s DROP COLUMN "
				      "%s;\nALTER TABLE %s RENAME "
				      "COLUMN %s TO %s;\n",
				      x->q, ident(a, c->name), x->q,
				      ident(a, sh), ident(a, final));
			if (cc->identity)
				rt_buf_printf(
				    &s->contract,
				    "ALTER SEQUENCE %s RENAME TO %s;\n",
				    qualified(a, cc->id_seq_schema,
					      rt_online_shadow_name(
						  a, cc->id_seq_name)),
				    ident(a, cc->id_seq_name));
			/* the twins reference the shadow column: they go
			 * before it */
			for (j = 0; j < cc->nrf; j++)
				rt_buf_printf(
				    &s->rollback,
				    "ALTER TABLE %s DROP CONSTRAINT IF EXISTS "
				    "%s;\n",
				    cc->rf[j].table,
				    ident(a,
					  rt_online_shadow_name(
					      a, cc->rf[j].name)));
			rt_buf_printf(&s->rollback,
				      "ALTER TABLE %s DROP COLUMN "
				      "IF EXISTS %s;\n",
				      x->q, ident(a, sh));
			if ((cc->not_null || c->set_not_null) &&
			    (error = add_not_null_check(s, a, x, sh, final,
							c->name)) < 0)
				return error;
			if ((error = shadow_indexes(s, a, x, c, cc, sh)) < 0 ||
			    (error = shadow_constraints(s, a, x, c, cc, sh)) <
				0)
				return error;
			shadow_references(s, a, cc);
		} else if (c->added) {
			rt_buf_printf(&s->expand,
				      "ALTER TABLE %s ADD COLUMN %s "
				      "%s",
				      x->q, ident(a, c->new_name), c->type);
			if (c->default_sql && !c->volatile_default)
				rt_buf_printf(&s->expand, " DEFAULT %s%s",
					      c->default_sql,
					      c->not_null ? " NOT NULL" : "");
			rt_buf_puts(&s->expand, ";\n");
			if (c->volatile_default) {
				/* new rows get it now; existing rows are
				 * backfilled: a volatile default in ADD
				 * COLUMN would rewrite the table */
				rt_buf_printf(&s->expand,
					      "ALTER TABLE %s ALTER "
					      "COLUMN %s SET "
					      "DEFAULT %s;\n",
					      x->q, ident(a, c->new_name),
					      c->default_sql);
				if (c->not_null &&
				    (error = add_not_null_check(
					 s, a, x, c->new_name, c->new_name,
					 c->new_name)) < 0)
					return error;
			}
			rt_buf_printf(&s->rollback,
				      "ALTER TABLE %s DROP COLUMN "
				      "IF EXISTS %s;\n",
				      x->q, ident(a, c->new_name));
		} else if (c->dropped) {
			rt_buf_printf(&s->contract,
				      "ALTER TABLE %s DROP COLUMN "
				      "%s;\n",
				      x->q, ident(a, c->name));
		} else {
			if (c->renamed)
				rt_buf_printf(&s->contract,
					      "ALTER TABLE %s RENAME COLUMN %s "
					      "TO %s;\n",
					      x->q, ident(a, c->name),
					      ident(a, final));
			if (c->set_not_null && !cc->not_null &&
			    (error = add_not_null_check(s, a, x, c->name, final,
							c->name)) < 0)
				return error;
		}
	}
	for (i = 0; i < t->constraints.len; i++) {
		const rt_online_constraint *k = t->constraints.items[i];

		if (k->kind == RT_ONLINE_UNIQUE) {
			rt_buf_printf(&s->post,
				      "%s;\nALTER TABLE %s ADD "
				      "CONSTRAINT %s UNIQUE USING "
				      "INDEX %s;\n",
				      concurrently(a, k->index_sql), x->q,
				      ident(a, k->name), ident(a, k->name));
			rt_buf_printf(&s->rollback,
				      "DROP INDEX IF EXISTS %s;\n",
				      qualified(a, x->nspname, k->name));
		} else {
			rt_buf_printf(&s->expand, "%s;\n", k->clause);
			rt_buf_printf(&s->post,
				      "ALTER TABLE %s VALIDATE "
				      "CONSTRAINT %s;\n",
				      x->q, ident(a, k->name));
		}
		rt_buf_printf(&s->rollback,
			      "ALTER TABLE %s DROP CONSTRAINT IF "
			      "EXISTS %s;\n",
			      x->q, ident(a, k->name));
	}
	for (i = 0; i < t->indexes.len; i++) {
		const rt_online_index *ix = t->indexes.items[i];

		rt_buf_printf(&s->post, "%s;\n", concurrently(a, ix->sql));
		rt_buf_printf(&s->rollback, "DROP INDEX IF EXISTS %s;\n",
			      qualified(a, x->nspname, ix->name));
	}
	if (x->trigger && (error = trigger_sql(s, a, x)) < 0)
		return error;
	views_sql(s, a, x);
	if (strcmp(t->name, t->new_name) != 0)
		rt_buf_printf(&s->contract, "ALTER TABLE %s RENAME TO %s;\n",
			      x->q, ident(a, t->new_name));
	return 0;
}

/* The backfill of one table: what a batch sets and which rows need it. */
static int backfill_spec(const char **set, const char **pred, rt_arena *a,
			 const xtable *x)
{
	rt_buf sb = RT_BUF_INIT, pb = RT_BUF_INIT;
	size_t i;
	int error = 0;

	rt_buf_init(&sb);
	rt_buf_init(&pb);
	for (i = 0; i < x->t->columns.len && !error; i++) {
		const rt_online_column *c = x->t->columns.items[i];
		char *up;

		if (c->retyped) {
			const char *sh = ident(a, phys_new(a, c));

			if ((error =
				 rt_online_rewrite(&up, a, c->up_using, 1, NULL,
						   NULL, 0, "_rt_t")) < 0)
				break;
			rt_buf_printf(&sb, "%s%s = %s", sb.len ? ", " : "", sh,
				      up);
			rt_buf_printf(&pb,
				      "%s(_rt_t.%s IS NULL AND _rt_t.%s IS "
				      "NOT NULL)",
				      pb.len ? " OR " : "", sh,
				      ident(a, c->name));
		} else if (c->volatile_default) {
			const char *col = ident(a, c->new_name);

			rt_buf_printf(&sb, "%s%s = coalesce(_rt_t.%s, %s)",
				      sb.len ? ", " : "", col, col,
				      c->default_sql);
			rt_buf_printf(&pb, "%s_rt_t.%s IS NULL",
				      pb.len ? " OR " : "", col);
		}
	}
	if (!error && !(error = rt_buf_check(&sb)) &&
	    !(error = rt_buf_check(&pb))) {
		*set = rt_arena_strdup(a, sb.ptr);
		*pred = rt_arena_strdup(a, pb.ptr);
		if (!*set || !*pred)
			error = RT_ERROR;
	}
	rt_buf_release(&sb);
	rt_buf_release(&pb);
	return error;
}

/* ---- expand ------------------------------------------------------------- */

static void scripts_release(scripts *s)
{
	rt_buf_release(&s->expand);
	rt_buf_release(&s->post);
	rt_buf_release(&s->contract);
	rt_buf_release(&s->rollback);
}

/* The state rows, appended to the expand transaction. */
static int state_sql(rt_buf *b, rt_arena *a, const rt_migration *m,
		     const scripts *s, const char *base, xtable *xs, size_t n)
{
	size_t i;
	int pos = 0, error;

	rt_buf_puts(b, "DELETE FROM retort_online WHERE revision = ");
	rt_buf_put_sql_literal(b, m->name);
	rt_buf_puts(b, ";\nINSERT INTO retort_online (revision, checksum, "
		       "phase, old_schema, new_schema, base_schema, post_sql, "
		       "contract_sql, rollback_sql, started_by) VALUES (");
	rt_buf_put_sql_literal(b, m->name);
	rt_buf_puts(b, ", ");
	rt_buf_put_sql_literal(b, m->checksum);
	rt_buf_puts(b, ", 'backfill', ");
	rt_buf_put_sql_literal(b, s->old_schema);
	rt_buf_puts(b, ", ");
	rt_buf_put_sql_literal(b, s->new_schema);
	rt_buf_puts(b, ", ");
	rt_buf_put_sql_literal(b, base);
	rt_buf_puts(b, ", ");
	rt_buf_put_sql_literal(b, rt_buf_cstr(&s->post));
	rt_buf_puts(b, ", ");
	rt_buf_put_sql_literal(b, rt_buf_cstr(&s->contract));
	rt_buf_puts(b, ", ");
	rt_buf_put_sql_literal(b, rt_buf_cstr(&s->rollback));
	rt_buf_puts(b, ", ");
	rt_buf_put_sql_literal(b, rt_holder());
	rt_buf_puts(b, ");\n");
	for (i = 0; i < n; i++) {
		const char *set = NULL, *pred = NULL;

		if (!xs[i].backfill)
			continue;
		if ((error = backfill_spec(&set, &pred, a, &xs[i])) < 0)
			return error;
		rt_buf_printf(b, "INSERT INTO retort_online_table (revision, "
				 "position, table_name, pk, set_list, "
				 "predicate, rows_total) VALUES (");
		rt_buf_put_sql_literal(b, m->name);
		rt_buf_printf(b, ", %d, ", ++pos);
		rt_buf_put_sql_literal(b, xs[i].q);
		rt_buf_puts(b, ", ");
		rt_buf_put_sql_literal(b, pk_list(a, &xs[i]));
		rt_buf_puts(b, ", ");
		rt_buf_put_sql_literal(b, set);
		rt_buf_puts(b, ", ");
		rt_buf_put_sql_literal(b, pred);
		/* reltuples is -1 before the first ANALYZE */
		rt_buf_printf(
		    b, ", %lld);\n",
		    (long long)(xs[i].reltuples > 0 ? xs[i].reltuples : 0));
	}
	return rt_buf_check(b);
}

static int record_expand_ms(rt_db *db, const char *rev, int64_t ms)
{
	char buf[24];
	const char *params[2] = {buf, rev};

	snprintf(buf, sizeof(buf), "%lld", (long long)ms);
	return db->be->query(db->conn,
			     "UPDATE retort_online SET expand_lock_ms = $1 "
			     "WHERE revision = $2",
			     params, 2, NULL, NULL);
}

static int expand_fresh(rt_db *db, const rt_migration *m, rt_arena *a)
{
	rt_online_plan *p = NULL;
	scripts s;
	xtable *xs = NULL;
	rt_buf all = RT_BUF_INIT;
	char *base = NULL;
	size_t i, n;
	int64_t ms = 0;
	int error;

	memset(&s, 0, sizeof(s));
	rt_buf_init(&s.expand);
	rt_buf_init(&s.post);
	rt_buf_init(&s.contract);
	rt_buf_init(&s.rollback);
	rt_buf_init(&all);
	if ((error = rt_online_plan_make(&p, m)) < 0)
		goto done;
	n = p->tables.len;
	s.old_schema = rt_online_schema_name(a, m->parents[0]);
	s.new_schema = rt_online_schema_name(a, m->name);
	if (!(xs = rt_arena_array(a, n + 1, sizeof(*xs))) || !s.old_schema ||
	    !s.new_schema) {
		error = RT_ERROR;
		goto done;
	}
	if ((error = rt_online_query_one(
		 &base, a, db, "SELECT current_schema()::text", NULL, 0)) < 0)
		goto done;
	if (!base) {
		error = rt_error_set(RT_ERROR_STATE, "no schema is current: "
						     "the search_path names "
						     "none that exists");
		goto done;
	}
	for (i = 0; i < n; i++)
		if ((error = load_table(&xs[i], a, db, p, p->tables.items[i])) <
			0 ||
		    (error = check_table(&xs[i], a, db, p, s.old_schema,
					 s.new_schema)) < 0)
			goto done;
	/* every relation first: the locks are taken at once, and the time
	 * they are held is measured from there. Contract and rollback drop
	 * the versions' views, which an application locks before the table
	 * behind them: they lock in that order too, or an application
	 * statement and the contract would wait for each other until the
	 * deadlock detector steps in (deadlock_timeout, 1 s) */
	for (i = 0; i < n; i++) {
		const char *head = i ? ", " : "LOCK TABLE ";

		rt_buf_printf(&s.expand, "%s%s", head, xs[i].q);
		rt_buf_printf(&s.contract, "%s%s, %s", head,
			      qualified(a, s.new_schema, xs[i].t->new_name),
			      qualified(a, s.old_schema, xs[i].relname));
		rt_buf_printf(&s.rollback, "%s%s, %s", head,
			      qualified(a, s.new_schema, xs[i].t->new_name),
			      qualified(a, s.old_schema, xs[i].relname));
	}
	for (i = 0; i < n; i++) {
		rt_buf_printf(&s.contract, ", %s", xs[i].q);
		rt_buf_printf(&s.rollback, ", %s", xs[i].q);
	}
	rt_buf_puts(&s.expand, " IN ACCESS EXCLUSIVE MODE;\n");
	rt_buf_puts(&s.contract, " IN ACCESS EXCLUSIVE MODE;\n");
	rt_buf_puts(&s.rollback, " IN ACCESS EXCLUSIVE MODE;\n");
	rt_buf_printf(&s.expand,
		      "CREATE SCHEMA IF NOT EXISTS %s;\nCREATE "
		      "SCHEMA IF NOT EXISTS %s;\n",
		      ident(a, s.old_schema), ident(a, s.new_schema));
	/* Both versions' schemas go at the end either way, first thing:
	 * their views use the columns that go. The surviving version loses
	 * nothing: its search_path falls through to the base schema, whose
	 * tables have its shape by then, and no view is left behind to
	 * block a later migration that changes those columns. */
	rt_buf_printf(&s.contract,
		      "DROP SCHEMA IF EXISTS %s CASCADE;\n"
		      "DROP SCHEMA IF EXISTS %s CASCADE;\n",
		      ident(a, s.old_schema), ident(a, s.new_schema));
	rt_buf_printf(&s.rollback,
		      "DROP SCHEMA IF EXISTS %s CASCADE;\n"
		      "DROP SCHEMA IF EXISTS %s CASCADE;\n",
		      ident(a, s.new_schema), ident(a, s.old_schema));
	for (i = 0; i < n; i++)
		if ((error = table_sql(&s, a, &xs[i])) < 0)
			goto done;
	rt_buf_puts(&all, rt_buf_cstr(&s.expand));
	if ((error = rt_buf_check(&s.expand)) < 0 ||
	    (error = rt_buf_check(&s.post)) < 0 ||
	    (error = rt_buf_check(&s.contract)) < 0 ||
	    (error = rt_buf_check(&s.rollback)) < 0 ||
	    (error = state_sql(&all, a, m, &s, base, xs, n)) < 0)
		goto done;
	if ((error = rt_online_txn(db, all.ptr, NULL, NULL, &ms)) < 0) {
		rt_error_prefix("online migration '%s', expand", m->name);
		goto done;
	}
	error = record_expand_ms(db, m->name, ms);
done:
	rt_online_plan_free(p);
	scripts_release(&s);
	rt_buf_release(&all);
	return error;
}

int rt_online_expand(rt_db *db, const rt_dir *dir, const rt_migration *m,
		     const rt_online_options *opts)
{
	rt_arena a = RT_ARENA_INIT;
	const char *active, *phase;
	const char *params[1] = {m->name};
	rows r;
	int error;

	rt_arena_init(&a);
	if ((error = need_postgres(db, m->name)) < 0 ||
	    (error = rt_online_state_ensure(db)) < 0 ||
	    (error = rt_online_active(&active, &phase, &a, db)) < 0)
		goto done;
	if (active && strcmp(active, m->name) != 0) {
		error = rt_error_set(RT_ERROR_STATE,
				     "online migration '%s' is active: '%s' "
				     "waits for `retort online complete`",
				     active, m->name);
		rt_error_hint("one online migration at a time: complete or "
			      "roll back '%s' first",
			      active);
		goto done;
	}
	if ((error = query_rows(&r, &a, db,
				"SELECT phase FROM retort_online "
				"WHERE revision = $1",
				params, 1)) < 0)
		goto done;
	/* an expand that stopped in its backfill resumes (the checksum is
	 * checked there); anything else starts afresh */
	if ((!r.v.len || strcmp(cell(&r, 0, 0), "backfill") != 0) &&
	    (error = expand_fresh(db, m, &a)) < 0)
		goto done;
	error = rt_online_finish_expand(db, dir, m->name, opts);
done:
	rt_arena_release(&a);
	return error;
}

/* ---- backfill ----------------------------------------------------------- */

typedef struct bf_table {
	const char *position, *table, *pk, *set, *pred, *last_key;
	int64_t rows_total, rows_done;
	/* the key as SQL (key_sql): its text form, the ORDER BY both
	 * ways, the row value with and without the UPDATE's alias, and the
	 * key parameters $1 / $2 typed back */
	const char *key_text, *order, *order_desc, *row, *alias_row;
	const char *param1, *param2;
} bf_table;

/*
 * The SQL of the table's primary key for the batches, from the catalog
 * (the key does not change while the migration is active). One column
 * compares as itself, its text a parameter the server types. Several
 * compare as a row value, (a, b) > (x, y), which a btree on (a, b)
 * answers as a range; the last key travels as a text array whose
 * elements are cast back to the columns' types.
 */
static int key_sql(bf_table *t, rt_arena *a, rt_db *db)
{
	const char *params[1] = {t->table};
	rt_buf text = RT_BUF_INIT, order = RT_BUF_INIT, desc = RT_BUF_INIT,
	       row = RT_BUF_INIT, arow = RT_BUF_INIT, p1 = RT_BUF_INIT,
	       p2 = RT_BUF_INIT;
	rows r;
	size_t i, n;
	int error;

	if ((error = query_rows(&r, a, db,
				"SELECT quote_ident(a.attname), format_type("
				"a.atttypid, a.atttypmod) FROM pg_index i "
				"CROSS JOIN LATERAL unnest(i.indkey::int2[]) "
				"WITH ORDINALITY AS k(attnum, n) JOIN "
				"pg_attribute a ON a.attrelid = i.indrelid AND "
				"a.attnum = k.attnum WHERE i.indrelid = "
				"$1::regclass AND i.indisprimary ORDER BY k.n",
				params, 1)) < 0)
		return error;
	if (!(n = r.v.len))
		return rt_error_set(RT_ERROR_STATE,
				    "%s has no primary key any more: the "
				    "backfill cannot go on",
				    t->table);
	rt_buf_init(&text);
	rt_buf_init(&order);
	rt_buf_init(&desc);
	rt_buf_init(&row);
	rt_buf_init(&arow);
	rt_buf_init(&p1);
	rt_buf_init(&p2);
	if (n > 1) {
		rt_buf_puts(&text, "ARRAY[");
		rt_buf_putc(&row, '(');
		rt_buf_putc(&arow, '(');
		rt_buf_putc(&p1, '(');
		rt_buf_putc(&p2, '(');
	}
	for (i = 0; i < n; i++) {
		const char *col = cell(&r, i, 0), *type = cell(&r, i, 1);
		const char *sep = i ? ", " : "";

		rt_buf_printf(&text, "%s%s%s", sep, col, n > 1 ? "::text" : "");
		rt_buf_printf(&order, "%s%s", sep, col);
		rt_buf_printf(&desc, "%s%s DESC", sep, col);
		rt_buf_printf(&row, "%s%s", sep, col);
		rt_buf_printf(&arow, "%s_rt_t.%s", sep, col);
		if (n > 1) {
			rt_buf_printf(&p1, "%s($1::text[])[%zu]::%s", sep,
				      i + 1, type);
			rt_buf_printf(&p2, "%s($2::text[])[%zu]::%s", sep,
				      i + 1, type);
		}
	}
	if (n > 1) {
		rt_buf_putc(&text, ']');
		rt_buf_putc(&row, ')');
		rt_buf_putc(&arow, ')');
		rt_buf_putc(&p1, ')');
		rt_buf_putc(&p2, ')');
	} else {
		rt_buf_puts(&p1, "$1");
		rt_buf_puts(&p2, "$2");
	}
	if ((error = rt_buf_check(&text)) == 0 &&
	    (error = rt_buf_check(&order)) == 0 &&
	    (error = rt_buf_check(&desc)) == 0 &&
	    (error = rt_buf_check(&row)) == 0 &&
	    (error = rt_buf_check(&arow)) == 0 &&
	    (error = rt_buf_check(&p1)) == 0 &&
	    (error = rt_buf_check(&p2)) == 0) {
		t->key_text = rt_arena_strdup(a, text.ptr);
		t->order = rt_arena_strdup(a, order.ptr);
		t->order_desc = rt_arena_strdup(a, desc.ptr);
		t->row = rt_arena_strdup(a, row.ptr);
		t->alias_row = rt_arena_strdup(a, arow.ptr);
		t->param1 = rt_arena_strdup(a, p1.ptr);
		t->param2 = rt_arena_strdup(a, p2.ptr);
		if (!t->key_text || !t->order || !t->order_desc || !t->row ||
		    !t->alias_row || !t->param1 || !t->param2)
			error = rt_error_nomem();
	}
	rt_buf_release(&text);
	rt_buf_release(&order);
	rt_buf_release(&desc);
	rt_buf_release(&row);
	rt_buf_release(&arow);
	rt_buf_release(&p1);
	rt_buf_release(&p2);
	return error;
}

typedef struct batch_result {
	const char *revision;
	const bf_table *t;
	int limit;
	const char *last_key; /* the batch's last key, NULL: none left */
	int64_t scanned;
	rt_arena *a;
} batch_result;

/*
 * In the batch's transaction: the next batch's keys, the rows among them
 * that need it, then the position. The update takes the keys as a range
 * of the primary key index: a join with the key list lets the planner
 * pick a scan of the whole table, every batch.
 *
 * Only rows still out of sync are written: rows either version wrote
 * since expand are in sync already, and converting them again could
 * change what the new version wrote (a lossy round trip). A row a writer
 * changes while the batch waits for its lock is re-read (READ COMMITTED)
 * and the SET is computed from what it wrote. The sync trigger skips the
 * batch's own updates (retort.backfill): they set the new columns
 * themselves, and a PL/pgSQL call a row costs a third of the throughput.
 */
static int run_batch(rt_db *db, void *arg)
{
	batch_result *b = arg;
	const bf_table *t = b->t;
	rt_buf sql = RT_BUF_INIT;
	char n[24];
	const char *params[4];
	rows r;
	int error;

	rt_buf_init(&sql);
	rt_buf_printf(&sql,
		      "WITH b AS (SELECT %s AS _rt_k, %s FROM %s%s ORDER BY "
		      "%s LIMIT $1::int) SELECT (SELECT count(*) FROM b), "
		      "(SELECT _rt_k FROM b ORDER BY %s LIMIT 1)::text",
		      t->key_text, t->order, t->table,
		      t->last_key ? rt_arena_printf(b->a, " WHERE %s > %s",
						    t->row, t->param2)
				  : "",
		      t->order, t->order_desc);
	if ((error = rt_buf_check(&sql)) < 0)
		goto done;
	params[0] = n;
	params[1] = t->last_key;
	snprintf(n, sizeof(n), "%d", b->limit);
	if ((error = query_rows(&r, b->a, db, sql.ptr, params,
				t->last_key ? 2 : 1)) < 0)
		goto done;
	b->scanned = strtoll(cell(&r, 0, 0), NULL, 10);
	b->last_key = cell(&r, 0, 1);
	if (b->last_key) {
		rt_buf_clear(&sql);
		rt_buf_printf(&sql,
			      "UPDATE %s AS _rt_t SET %s WHERE %s%s <= %s AND "
			      "(%s)",
			      t->table, t->set,
			      t->last_key ? rt_arena_printf(b->a, "%s > %s AND ",
							    t->alias_row,
							    t->param2)
					  : "",
			      t->alias_row, t->param1, t->pred);
		params[0] = b->last_key;
		params[1] = t->last_key;
		if ((error = rt_buf_check(&sql)) < 0 ||
		    (error = rt_db_exec(db, "SET LOCAL retort.backfill = "
					    "'on'")) < 0 ||
		    (error = db->be->query(db->conn, sql.ptr, params,
					   t->last_key ? 2 : 1, NULL, NULL)) <
			0)
			goto done;
	}
	snprintf(n, sizeof(n), "%lld", (long long)b->scanned);
	params[0] = b->revision;
	params[1] = t->position;
	params[2] = b->last_key;
	params[3] = n;
	error = db->be->query(
	    db->conn,
	    b->last_key
		/* rows_total starts as the planner's estimate: once the
		 * walk passes it, or ends, the rows seen are the truth */
		? "UPDATE retort_online_table SET last_key = $3, "
		  "rows_done = rows_done + $4::bigint, rows_total = "
		  "greatest(rows_total, rows_done + $4::bigint) WHERE "
		  "revision = $1 AND position = $2::int"
		: "UPDATE retort_online_table SET finished = true, "
		  "rows_total = rows_done WHERE revision = $1 AND "
		  "position = $2::int",
	    params, b->last_key ? 4 : 2, NULL, NULL);
done:
	rt_buf_release(&sql);
	return error;
}

static int backfill_table(rt_db *db, const char *rev, bf_table *t,
			  const rt_online_options *opts)
{
	int size = opts && opts->batch_size > 0 ? opts->batch_size
						: RT_ONLINE_BATCH_SIZE;
	int delay = opts && opts->batch_delay_ms ? opts->batch_delay_ms
						 : RT_ONLINE_BATCH_DELAY_MS;
	int64_t t0 = rt_time_ms(), done0 = t->rows_done;
	rt_online_progress pr;
	int error = 0;

	memset(&pr, 0, sizeof(pr));
	pr.revision = rev;
	pr.table = t->table;
	for (;;) {
		rt_arena a = RT_ARENA_INIT;
		batch_result b = {rev, t, size, NULL, 0, &a};
		double secs;

		rt_arena_init(&a);
		error = rt_online_txn(db, NULL, run_batch, &b, NULL);
		if (!error && b.last_key) {
			t->rows_done += b.scanned;
			free((char *)t->last_key);
			if (!(t->last_key = strdup(b.last_key)))
				error = rt_error_nomem();
		}
		rt_arena_release(&a);
		if (error < 0)
			break;
		secs = (double)(rt_time_ms() - t0) / 1000.0;
		pr.rows_done = t->rows_done;
		if (t->rows_total < t->rows_done || !b.last_key)
			t->rows_total = t->rows_done;
		pr.rows_total = t->rows_total;
		pr.rows_per_s =
		    secs > 0 ? (double)(t->rows_done - done0) / secs : 0;
		pr.eta_s =
		    pr.rows_per_s > 0
			? (double)(pr.rows_total - pr.rows_done) / pr.rows_per_s
			: -1;
		pr.finished = !b.last_key;
		if (opts && opts->on_progress)
			opts->on_progress(&pr, opts->payload);
		if (pr.finished)
			break;
		/* a lease (--lock=table) is renewed by its heartbeat, and
		 * each batch's rt_online_txn checks the lock is still ours */
		if (delay > 0)
			sleep_ms(delay);
	}
	return error;
}

static int backfill(rt_db *db, const char *rev, const rt_online_options *opts)
{
	rt_arena a = RT_ARENA_INIT;
	const char *params[1] = {rev};
	rows r;
	size_t i;
	int error;

	rt_arena_init(&a);
	if ((error = query_rows(&r, &a, db,
				"SELECT position, table_name, pk, set_list, "
				"predicate, last_key, rows_total, rows_done "
				"FROM retort_online_table WHERE revision = $1 "
				"AND NOT finished ORDER BY position",
				params, 1)) < 0)
		goto done;
	for (i = 0; i < r.v.len && !error; i++) {
		bf_table t;

		t.position = cell(&r, i, 0);
		t.table = cell(&r, i, 1);
		t.pk = cell(&r, i, 2);
		t.set = cell(&r, i, 3);
		t.pred = cell(&r, i, 4);
		t.last_key = cell(&r, i, 5) ? strdup(cell(&r, i, 5)) : NULL;
		t.rows_total = strtoll(cell(&r, i, 6), NULL, 10);
		t.rows_done = strtoll(cell(&r, i, 7), NULL, 10);
		if (cell(&r, i, 5) && !t.last_key) {
			error = rt_error_nomem();
			break;
		}
		if ((error = key_sql(&t, &a, db)) == 0)
			error = backfill_table(db, rev, &t, opts);
		free((char *)t.last_key);
	}
done:
	rt_arena_release(&a);
	if (error < 0)
		rt_error_prefix("online migration '%s', backfill", rev);
	return error;
}

/* ---- post steps --------------------------------------------------------- */

typedef struct post_ctx {
	rt_vec stmts; /* char * */
	rt_arena *a;
	const char *text;
} post_ctx;

static int on_post_stmt(void *payload, size_t start, size_t len)
{
	post_ctx *pc = payload;
	char *s = rt_arena_strndup(pc->a, pc->text + start, len);

	if (!s || rt_vec_push(pc->a, &pc->stmts, s) < 0)
		return RT_ERROR;
	return 0;
}

typedef struct post_step {
	const char *rev;
	int position; /* steps done after this one */
} post_step;

static int post_advance(rt_db *db, void *arg)
{
	const post_step *ps = arg;
	char n[16];
	const char *params[2] = {n, ps->rev};

	snprintf(n, sizeof(n), "%d", ps->position);
	return db->be->query(db->conn,
			     "UPDATE retort_online SET post_done = $1::int "
			     "WHERE revision = $2",
			     params, 2, NULL, NULL);
}

/* A concurrent build stopped midway leaves an INVALID index: drop it
 * before building again. A valid one was built by this step already. */
static int index_leftover(rt_db *db, rt_arena *a, const char *sql,
			  const char *base, int *skip)
{
	const char *schema, *name, *valid;
	const char *params[1];

	*skip = 0;
	if (!rt_online_index_target(&schema, &name, a, sql))
		return 0;
	params[0] = qualified(a, schema ? schema : base, name);
	if (rt_online_query_one((char **)&valid, a, db,
				"SELECT i.indisvalid::text FROM pg_index i "
				"WHERE i.indexrelid = to_regclass($1)",
				params, 1) < 0)
		return RT_ERROR;
	if (!valid)
		return 0;
	if (!strcmp(valid, "true")) {
		*skip = 1;
		return 0;
	}
	return rt_db_exec(db, rt_arena_printf(a,
					      "DROP INDEX CONCURRENTLY IF "
					      "EXISTS %s",
					      params[0]));
}

/*
 * A concurrent build waits for every transaction that might see the
 * table; it holds SHARE UPDATE EXCLUSIVE meanwhile, which lets reads and
 * writes through, so it may wait without lock_timeout: under it, one
 * long transaction of the application would fail the build.
 */
static int build_concurrently(rt_db *db, rt_arena *a, const char *sql)
{
	char *saved, *reset;
	int error, restore;

	if ((error = rt_online_query_one(
		 &saved, a, db, "SELECT current_setting('lock_timeout')", NULL,
		 0)) < 0)
		return error;
	if (!(reset = rt_arena_printf(a, "SET lock_timeout = '%s'",
				      saved ? saved : "0")))
		return RT_ERROR;
	if ((error = rt_db_exec(db, "SET lock_timeout = 0")) < 0)
		return error;
	error = rt_db_exec(db, sql);
	restore = rt_db_exec(db, reset);
	return error < 0 ? error : restore;
}

static int post_steps(rt_db *db, const char *rev, int64_t *lock_ms)
{
	rt_arena a = RT_ARENA_INIT;
	const char *params[1] = {rev};
	post_ctx pc;
	post_step ps = {rev, 0};
	rows r;
	size_t i;
	int error, done;

	rt_arena_init(&a);
	memset(&pc, 0, sizeof(pc));
	pc.a = &a;
	*lock_ms = 0;
	if ((error = query_rows(&r, &a, db,
				"SELECT post_sql, post_done, base_schema FROM "
				"retort_online WHERE revision = $1",
				params, 1)) < 0)
		goto done;
	pc.text = cell(&r, 0, 0);
	done = atoi(cell(&r, 0, 1));
	if ((error = db->be->split(pc.text, strlen(pc.text), on_post_stmt,
				   &pc)) < 0)
		goto done;
	for (i = (size_t)done; i < pc.stmts.len && !error; i++) {
		const char *sql = pc.stmts.items[i];
		int64_t ms = 0;
		int skip;

		ps.position = (int)i + 1;
		if (strstr(sql, "CONCURRENTLY")) {
			/* cannot run in a transaction: the position moves
			 * after it, so a crash repeats it (see
			 * index_leftover) */
			if ((error = index_leftover(db, &a, sql, cell(&r, 0, 2),
						    &skip)) < 0)
				break;
			if (!skip &&
			    ((db->be->check_lock &&
			      (error = db->be->check_lock(db->conn)) < 0) ||
			     (error = build_concurrently(db, &a, sql)) < 0))
				break;
			error =
			    rt_online_txn(db, NULL, post_advance, &ps, NULL);
		} else {
			error = rt_online_txn(db, sql, post_advance, &ps, &ms);
			/* VALIDATE scans under SHARE UPDATE EXCLUSIVE, which
			 * lets reads and writes through: not counted */
			if (!strstr(sql, "VALIDATE CONSTRAINT") &&
			    ms > *lock_ms)
				*lock_ms = ms;
		}
	}
done:
	rt_arena_release(&a);
	if (error < 0)
		rt_error_prefix("online migration '%s'", rev);
	return error;
}

/* ---- the end of expand -------------------------------------------------- */

typedef struct activate {
	const rt_migration *m;
	int64_t post_lock_ms;
	int applied; /* already in retort_migrations */
} activate;

static int mark_active(rt_db *db, void *arg)
{
	activate *ac = arg;
	rt_state_writer w = {db, db->be, NULL};
	rt_log_entry e = {0};
	char ms[24];
	const char *params[2] = {ms, ac->m->name};
	int error;

	snprintf(ms, sizeof(ms), "%lld", (long long)ac->post_lock_ms);
	if ((error = db->be->query(db->conn,
				   "UPDATE retort_online SET phase = 'active', "
				   "post_lock_ms = $1 WHERE revision = $2",
				   params, 2, NULL, NULL)) < 0)
		return error;
	if (ac->applied)
		return 0;
	e.event = "upgrade";
	e.revision = ac->m->name;
	e.direction = "up";
	e.checksum = ac->m->checksum;
	e.duration_ms = -1;
	e.message = "online: expanded, both versions live";
	if ((error = rt_state_mark_applied(&w, ac->m, 0, 0)) < 0)
		return error;
	return rt_state_log(&w, &e);
}

int rt_online_finish_expand(rt_db *db, const rt_dir *dir, const char *rev,
			    const rt_online_options *opts)
{
	activate ac = {NULL, 0, 0};
	rt_state_row row;
	rt_arena a = RT_ARENA_INIT;
	const char *params[1] = {rev};
	char *checksum;
	int error;

	rt_arena_init(&a);
	if (!(ac.m = rt_dir_get(dir, rev))) {
		error = rt_error_setc(RT_ENOTFOUND, RT_ERROR_STATE,
				      "online migration '%s' has no file in "
				      "'%s'",
				      rev, dir->path);
		goto done;
	}
	/* it will be recorded as applied with the file's checksum: the
	 * file must be the one expand ran */
	if ((error = rt_online_query_one(&checksum, &a, db,
					 "SELECT checksum FROM retort_online "
					 "WHERE revision = $1",
					 params, 1)) < 0)
		goto done;
	if (!checksum || strcmp(checksum, ac.m->checksum) != 0) {
		error = rt_error_setc(RT_ECHECKSUM, RT_ERROR_STATE,
				      "online migration '%s' changed since its "
				      "expand began",
				      rev);
		rt_error_hint("restore the file, or 'retort online rollback' "
			      "and upgrade again");
		rt_error_at(ac.m->path, 0, 0);
		goto done;
	}
	if ((error = backfill(db, rev, opts)) < 0 ||
	    (error = post_steps(db, rev, &ac.post_lock_ms)) < 0 ||
	    (error = rt_state_get(&row, &ac.applied, &a, db, rev)) < 0)
		goto done;
	error = rt_online_txn(db, NULL, mark_active, &ac, NULL);
done:
	rt_arena_release(&a);
	return error;
}
