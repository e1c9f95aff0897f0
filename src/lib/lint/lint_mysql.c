/*
 * lint_mysql.c: MySQL/MariaDB's lint: the ops behind the descriptor, the
 * engine's state (the server judged for, the columns the run defined),
 * and the statements other than ALTER TABLE: DROP, RENAME, TRUNCATE,
 * LOCK TABLES, CREATE TABLE (its columns are remembered, so that a later
 * MODIFY can be compared with them) and SET foreign_key_checks.
 *
 * MySQL commits every DDL statement on its own, so what matters is what
 * each statement locks and copies while it runs, and what it loses or
 * breaks: see lint_alter_mysql.c and the algorithm table in
 * lint_algo_mysql.c.
 */
#include "lint/lint_mysql.h"
#include "catalog/lookup_mysql.h"

#include <ctype.h>

/* The prose of the rules whose shared text speaks of PostgreSQL. */
static const lint_text my_texts[R__COUNT] = {
    [R_ADD_COLUMN_NOT_NULL_NO_DEFAULT] =
	{"existing rows get the type's implicit default (0, '', the zero "
	 "date) without a word, and the application version still "
	 "running does not write the column: in strict mode its INSERTs "
	 "fail (\"Field doesn't have a default value\")",
	 "give the column a DEFAULT, or add it nullable, backfill it, and "
	 "make it NOT NULL once every writer sets it"},
    [R_SET_NOT_NULL] =
	{"the table is rebuilt in place (LOCK=NONE: writes go on) and the "
	 "statement fails if a row holds NULL; the application version "
	 "still running may write NULLs, which then fail",
	 "backfill the NULLs first, and make the column NOT NULL once no "
	 "running version writes NULL"},
    [R_CHANGE_COLUMN_TYPE] =
	{"MariaDB copies the table into a new one (ALGORITHM=COPY): a "
	 "shared lock lets reads go on and makes every INSERT, UPDATE and "
	 "DELETE wait until the whole copy is done; the application "
	 "version still running reads and writes the old type",
	 "expand and contract: add a column of the new type, keep both in "
	 "step, backfill in batches, switch readers, drop the old column "
	 "later; or run the change with an online schema change tool "
	 "(pt-online-schema-change, gh-ost). A VARCHAR made longer within "
	 "the same length bytes (up to 255 bytes, or above) and an ENUM "
	 "with values added at the end are instant: lint with --url, as "
	 "upgrade does, to have the old type compared"},
    [R_RENAME_COLUMN] =
	{"the application version still running uses the old name: its "
	 "queries fail from the moment the statement commits",
	 "expand and contract: add the new column, keep both in step while "
	 "both application versions run, backfill, and drop the old column "
	 "once no running version uses it"},
    [R_RENAME_TABLE] =
	{"the application version still running uses the old name: its "
	 "queries fail from the moment the statement commits",
	 "rename the table and leave a view under the old name for the "
	 "running version (a simple view is updatable), and drop the view "
	 "once no running version uses it"},
    [R_CREATE_INDEX_NON_CONCURRENTLY] =
	{"a FULLTEXT or SPATIAL index is built in place with LOCK=SHARED: "
	 "reads go on, every INSERT, UPDATE and DELETE waits until the "
	 "whole index is built (the first FULLTEXT index also rebuilds "
	 "the table)",
	 "the server has no way to build it without blocking writes: "
	 "build it at a quiet time, or on a copy made by an online schema "
	 "change tool (pt-online-schema-change, gh-ost)"},
    [R_ADD_FOREIGN_KEY_VALIDATED] =
	{"with foreign_key_checks on, MariaDB cannot add a foreign key in "
	 "place: it copies the table (ALGORITHM=COPY, LOCK=SHARED) and "
	 "writes wait until the copy is done",
	 "check the existing rows with a query first, then SET "
	 "foreign_key_checks = 0 before the ALTER (in place, LOCK=NONE, "
	 "existing rows not checked) and back to 1 after it"},
    [R_ADD_CHECK_VALIDATED] =
	{"MariaDB adds a CHECK constraint by copying the table "
	 "(ALGORITHM=COPY, LOCK=SHARED) to check every row: writes wait "
	 "until the copy is done",
	 "check the rows with a query and enforce the rule in the "
	 "application first; add the constraint at a quiet time or with "
	 "an online schema change tool (pt-online-schema-change, gh-ost)"},
    [R_TRUNCATE] =
	{"every row is gone: TRUNCATE drops and recreates the table under "
	 "an exclusive metadata lock, commits at once and cannot be "
	 "rolled back",
	 "DELETE in batches, in a migration of its own, once no running "
	 "version needs the rows"},
    [R_DROP_PARTITION] =
	{"the partition's rows are gone: the statement commits at once and "
	 "cannot be rolled back (dropping a RANGE or LIST partition is "
	 "cheap in itself, which is why it is used to expire old rows)",
	 "keep what is still needed first (ALTER TABLE ... EXCHANGE "
	 "PARTITION with an empty table of the same shape moves the rows "
	 "out), then drop it in a migration of its own; when expiring "
	 "rows is the point, say so with `-- retort:lint-ignore "
	 "drop-partition REASON`"},
    [R_LOCK_TABLE] =
	{"LOCK TABLES holds the tables until UNLOCK TABLES or the end of "
	 "the session (and DDL in between commits and releases it): every "
	 "query of the application on them waits meanwhile",
	 "take no explicit lock; a statement that needs one takes it "
	 "itself, for as short a time as it can"},
};

int rt_lint_my_hit(lint_ctx *x, enum lint_rule rule, const char *table,
		   long pos, const char *message, rt_lint_severity severity)
{
	lint_hit h = {0};

	if (!message)
		return RT_ERROR;
	h.rule = rule;
	h.table = table;
	h.pos = pos;
	h.message = message;
	h.severity = severity;
	h.effect = my_texts[rule].effect;
	h.hint = my_texts[rule].hint;
	return rt_lint_emit(x, &h, NULL);
}

/* ---- the server ---------------------------------------------------------- */

static rt_db *live(const lint_ctx *x)
{
	rt_db *db = x->opts->db;

	return db && db->conn ? db : NULL;
}

const my_server *rt_lint_my_server(lint_ctx *x)
{
	my_state *s = mys(x);
	const char *v = NULL;

	if (!s->server_read) {
		s->server_read = 1;
		/* the version tested; a database says its own */
		rt_lint_my_parse_version(&s->server, "10.11.0-MariaDB");
		if (live(x) &&
		    rt_lookup_mysql_version(&v, live(x), x->a) == 0 && v)
			rt_lint_my_parse_version(&s->server, v);
		rt_error_clear();
	}
	return &s->server;
}

/* ---- what the run knows of columns --------------------------------------- */

static int same_table(const lint_ctx *x, const char *a, const char *b)
{
	return rt_lint_name_eq(x, a, b);
}

/* The run's last record of a column (columns fold case in MySQL). */
static my_known *run_column(const lint_ctx *x, const char *table,
			    const char *col)
{
	char buf[RT_LINT_KEY_SIZE];
	const char *k = rt_lint_name_key(x, table, col, buf, sizeof(buf));

	return k ? rt_strmap_get(&mys(x)->column_by_key, k) : NULL;
}

/* A new record of a column: the latest, found by run_column. */
static int push_column(lint_ctx *x, my_known *k)
{
	char buf[RT_LINT_KEY_SIZE];
	const char *key =
	    rt_lint_name_key(x, k->table, k->name, buf, sizeof(buf));

	if (!key || rt_vec_push(x->a, &mys(x)->columns, k) < 0)
		return RT_ERROR;
	return rt_strmap_put(&mys(x)->column_by_key, x->a, key, k);
}

static const char *run_table_cs(const lint_ctx *x, const char *table,
				int *found)
{
	char buf[RT_LINT_KEY_SIZE];
	const char *k = rt_lint_name_key(x, table, NULL, buf, sizeof(buf));
	const my_table_cs *t = k ? rt_strmap_get(&mys(x)->table_cs, k) : NULL;

	*found = t != NULL;
	return t ? t->charset : NULL;
}

int rt_lint_my_table_charset(lint_ctx *x, const char *table, const char **out)
{
	lint_ctx *h;
	int found, error;

	*out = run_table_cs(x, table, &found);
	if (found)
		return 0;
	if (live(x)) {
		error = rt_lookup_mysql_table_charset(
		    out, live(x), x->a, rt_lint_db_name(x, table));
		if (error < 0)
			rt_error_prefix("lint: reading the catalog");
		return error;
	}
	if ((error = rt_lint_history(x, &h)) < 0 || !h)
		return error;
	*out = run_table_cs(h, table, &found);
	return 0;
}

int rt_lint_my_old_column(lint_ctx *x, const char *table, const char *col,
			  const my_known **out)
{
	const my_known *k = run_column(x, table, col);
	const char *def = NULL;
	int typmod, dc, error;
	lint_ctx *h;

	*out = NULL;
	if (k) {
		*out = k->col.known ? k : NULL;
		return 0;
	}
	if (live(x)) {
		my_known *n;
		my_stmt st;

		if ((error = rt_lint_catalog_column_type(
			 x, rt_lint_db_name(x, table), col, &def, &typmod,
			 &dc)) < 0 ||
		    !def)
			return error;
		if (!(n = rt_arena_alloc(x->a, sizeof(*n))) ||
		    rt_lint_my_tokens_of(x, def, 0, strlen(def), &st) < 0)
			return RT_ERROR;
		memset(n, 0, sizeof(*n));
		n->table = table;
		n->name = col;
		rt_lint_my_read_column(x, &st, 0, st.n, &n->col);
		n->charset = n->col.charset;
		*out = n->col.known ? n : NULL;
		return 0;
	}
	if ((error = rt_lint_history(x, &h)) < 0 || !h)
		return error;
	k = run_column(h, table, col);
	*out = k && k->col.known ? k : NULL;
	return 0;
}

static int run_fulltext(const lint_ctx *x, const char *table)
{
	char buf[RT_LINT_KEY_SIZE];
	const char *k = rt_lint_name_key(x, table, NULL, buf, sizeof(buf));

	return k && rt_strmap_get(&mys(x)->fulltext, k) != NULL;
}

int rt_lint_my_has_fulltext(lint_ctx *x, const char *table, int *yes)
{
	lint_ctx *h;
	int error;

	if ((*yes = run_fulltext(x, table)))
		return 0;
	if (rt_lint_is_new(x, table))
		return 0;
	if (live(x)) {
		error = rt_lookup_mysql_has_fulltext(yes, live(x), x->a,
						     rt_lint_db_name(x, table));
		if (error < 0)
			rt_error_prefix("lint: reading the catalog");
		return error;
	}
	if ((error = rt_lint_history(x, &h)) < 0 || !h)
		return error;
	*yes = run_fulltext(h, table);
	return 0;
}

int rt_lint_my_remember_fulltext(lint_ctx *x, const char *table)
{
	char buf[RT_LINT_KEY_SIZE];
	const char *k = rt_lint_name_key(x, table, NULL, buf, sizeof(buf));
	static char yes[] = "yes";

	return k ? rt_strmap_put(&mys(x)->fulltext, x->a, k, yes) : RT_ERROR;
}

int rt_lint_my_remember(lint_ctx *x, const char *table, const char *name,
			const my_column *col, int added)
{
	my_known *prev = run_column(x, table, name), *k;
	const char *cs = NULL;
	int found;

	if (!(k = rt_arena_alloc(x->a, sizeof(*k))))
		return RT_ERROR;
	memset(k, 0, sizeof(*k));
	if (!(k->table = rt_arena_strdup(x->a, table)) ||
	    !(k->name = rt_arena_strdup(x->a, name)))
		return RT_ERROR;
	if (col) {
		k->col = *col;
		cs = col->charset ? col->charset
				  : run_table_cs(x, table, &found);
		k->charset = cs;
	}
	k->added_by = added ? x->m : prev ? prev->added_by : NULL;
	return push_column(x, k);
}

int rt_lint_my_remember_table_cs(lint_ctx *x, const char *table,
				 const char *charset)
{
	my_table_cs *t = rt_arena_alloc(x->a, sizeof(*t));
	char buf[RT_LINT_KEY_SIZE];
	const char *k = rt_lint_name_key(x, table, NULL, buf, sizeof(buf));

	if (!t || !k || !(t->table = rt_arena_strdup(x->a, table)))
		return RT_ERROR;
	t->charset = charset;
	return rt_strmap_put(&mys(x)->table_cs, x->a, k, t);
}

int rt_lint_my_rename_column(lint_ctx *x, const char *table, const char *from,
			     const char *to)
{
	my_known *k = run_column(x, table, from), *n;

	if (!k)
		return 0;
	if (!(n = rt_arena_alloc(x->a, sizeof(*n))))
		return RT_ERROR;
	*n = *k;
	if (!(n->name = rt_arena_strdup(x->a, to)))
		return RT_ERROR;
	if (rt_lint_my_remember(x, table, from, NULL, 0) < 0)
		return RT_ERROR;
	return push_column(x, n);
}

int rt_lint_my_column_is_new(const lint_ctx *x, const char *table,
			     const char *col)
{
	const my_known *k = col ? run_column(x, table, col) : NULL;

	return k && k->added_by && (x->opts->same_run || k->added_by == x->m);
}

/* ---- statements ---------------------------------------------------------- */

/* A table's records follow RENAME TABLE (the run's own, under the new
 * name). */
static int rename_records(lint_ctx *x, const char *from, const char *to)
{
	size_t i, n = mys(x)->columns.len;
	const char *cs;
	int found;

	for (i = 0; i < n; i++) {
		my_known *k = mys(x)->columns.items[i], *c;

		if (!same_table(x, k->table, from) ||
		    run_column(x, from, k->name) != k)
			continue;
		if (!(c = rt_arena_alloc(x->a, sizeof(*c))))
			return RT_ERROR;
		*c = *k;
		c->table = rt_arena_strdup(x->a, to);
		if (!c->table || push_column(x, c) < 0)
			return RT_ERROR;
	}
	cs = run_table_cs(x, from, &found);
	if (found && rt_lint_my_remember_table_cs(x, to, cs) < 0)
		return RT_ERROR;
	return rt_lint_rename_table(x, from, to);
}

/* "utf8mb4_unicode_ci": utf8mb4 */
static const char *cs_of_collation(lint_ctx *x, const char *coll)
{
	const char *u = strchr(coll, '_');

	return u ? rt_arena_strndup(x->a, coll, (size_t)(u - coll)) : coll;
}

/* PRIMARY KEY (a, b) in CREATE TABLE, tokens [s, e): its columns are
 * key columns, NOT NULL (the records made so far are updated). */
static int primary_key_columns(lint_ctx *x, const my_stmt *st,
			       const char *table, int s, int e)
{
	int i, next, error;
	const char *col;

	for (i = s; i < e && st->t[i].s[0] != '('; i++)
		;
	for (i++; i < e && (col = rt_lint_my_name(st, i, &next)); i = next) {
		my_known *k = run_column(x, table, col);
		my_column c;

		if (k && k->col.known) {
			c = k->col;
			c.primary = c.not_null = 1;
			if ((error =
				 rt_lint_my_remember(x, table, col, &c, 0)) < 0)
				return error;
		}
		/* a prefix length, ASC/DESC: up to the next comma */
		while (next < e && st->t[next].s[0] != ',' &&
		       st->t[next].s[0] != ')')
			next = st->t[next].s[0] == '('
				   ? rt_lint_my_skip_group(st, next)
				   : next + 1;
		if (next >= e || st->t[next].s[0] != ',')
			break;
		next++;
	}
	return 0;
}

/* CREATE TABLE name (defs) options: the table is new; its columns and
 * default charset are remembered. */
static int create_table(lint_ctx *x, const my_stmt *st, int i)
{
	const char *table, *cs = NULL;
	int next, open, close, s, d, error;

	if (rt_lint_my_is(st, i, "if"))
		i += 3;
	if (!(table = rt_lint_my_name(st, i, &next)))
		return 0;
	if ((error = rt_lint_add_created(x, table)) < 0)
		return error;
	open = next;
	close = rt_lint_my_skip_group(st, open);
	/* table options first: a column's charset defaults to them */
	for (i = close; i < st->n; i++) {
		if ((rt_lint_my_is(st, i, "charset") ||
		     (rt_lint_my_is(st, i, "character") &&
		      rt_lint_my_is(st, i + 1, "set")))) {
			i += rt_lint_my_is(st, i, "charset") ? 1 : 2;
			i += i < st->n && st->t[i].s[0] == '=';
			if (i < st->n)
				cs = rt_lint_my_cs_norm(st->t[i].s);
		} else if (rt_lint_my_is(st, i, "collate") && !cs) {
			i++;
			i += i < st->n && st->t[i].s[0] == '=';
			if (i < st->n)
				cs = rt_lint_my_cs_norm(
				    cs_of_collation(x, st->t[i].s));
		}
	}
	if ((error = rt_lint_my_remember_table_cs(x, table, cs)) < 0)
		return error;
	if (close == open)
		return 0; /* CREATE TABLE ... LIKE / AS SELECT */
	d = st->depth[open] + 1;
	for (s = open + 1; s < close - 1; s = next + 1) {
		my_column c;
		const char *col;
		int after;

		for (next = s;
		     next < close - 1 &&
		     !(st->t[next].kind == MY_PUNCT &&
		       st->t[next].s[0] == ',' && st->depth[next] == d);
		     next++)
			;
		if (rt_lint_my_is(st, s, "fulltext") &&
		    (error = rt_lint_my_remember_fulltext(x, table)) < 0)
			return error;
		if (rt_lint_my_is(st, s, "primary") &&
		    (error = primary_key_columns(x, st, table, s, next)) < 0)
			return error;
		if (st->t[s].kind == MY_WORD &&
		    (rt_lint_my_is(st, s, "constraint") ||
		     rt_lint_my_is(st, s, "primary") ||
		     rt_lint_my_is(st, s, "unique") ||
		     rt_lint_my_is(st, s, "key") ||
		     rt_lint_my_is(st, s, "index") ||
		     rt_lint_my_is(st, s, "fulltext") ||
		     rt_lint_my_is(st, s, "spatial") ||
		     rt_lint_my_is(st, s, "foreign") ||
		     rt_lint_my_is(st, s, "check") ||
		     rt_lint_my_is(st, s, "period")))
			continue;
		if (!(col = rt_lint_my_name(st, s, &after)))
			continue;
		rt_lint_my_read_column(x, st, after, next, &c);
		if (c.primary)
			c.not_null = 1;
		if ((error = rt_lint_my_remember(x, table, col, &c, 1)) < 0)
			return error;
	}
	return 0;
}

/* DROP TABLE [IF EXISTS] a, b ... */
static int drop_tables(lint_ctx *x, const my_stmt *st, int i)
{
	const char *table;
	int next, error;

	if (rt_lint_my_is(st, i, "if"))
		i += 2;
	while ((table = rt_lint_my_name(st, i, &next))) {
		if ((error = rt_lint_table_dropped(x, table)) < 0 ||
		    (error = rt_lint_my_hit(
			 x, R_DROP_TABLE, table, (long)st->t[i].pos,
			 rt_lint_fmt(x, "dropping table '%s'", table), 0)) < 0)
			return error;
		rt_lint_forget_created(x, table);
		if (next >= st->n || st->t[next].s[0] != ',')
			break;
		i = next + 1;
	}
	return 0;
}

/* RENAME TABLE a TO b [, c TO d ...] */
static int rename_tables(lint_ctx *x, const my_stmt *st, int i)
{
	const char *from, *to;
	int next, error;

	while ((from = rt_lint_my_name(st, i, &next)) &&
	       rt_lint_my_is(st, next, "to") &&
	       (to = rt_lint_my_name(st, next + 1, &next))) {
		if ((error = rt_lint_my_hit(
			 x, R_RENAME_TABLE, from, (long)st->t[i].pos,
			 rt_lint_fmt(x, "table '%s' is renamed to '%s'", from,
				     to),
			 0)) < 0 ||
		    (error = rename_records(x, from, to)) < 0)
			return error;
		if (next >= st->n || st->t[next].s[0] != ',')
			break;
		i = next + 1;
	}
	return 0;
}

/* SET [SESSION] foreign_key_checks = 0: foreign keys added after it are
 * added in place, without a check of the rows. */
static void set_statement(lint_ctx *x, const my_stmt *st)
{
	int i;

	for (i = 1; i + 2 < st->n; i++) {
		if (!rt_lint_my_is(st, i, "foreign_key_checks") ||
		    st->t[i + 1].s[0] != '=')
			continue;
		mys(x)->fk_checks_off = !strcmp(st->t[i + 2].s, "0") ||
					rt_lint_my_is(st, i + 2, "off");
	}
}

static int analyse(lint_ctx *x)
{
	my_stmt st;
	const char *table;
	int i = 1, next, error;

	if ((error = rt_lint_my_tokens(x, &st)) < 0 || !st.n)
		return error;
	if (rt_lint_my_is(&st, 0, "alter")) {
		while (rt_lint_my_is(&st, i, "online") ||
		       rt_lint_my_is(&st, i, "ignore"))
			i++;
		if (rt_lint_my_is(&st, i, "table"))
			return rt_lint_my_alter_table(x, &st, i + 1);
		return 0;
	}
	if (rt_lint_my_is(&st, 0, "create")) {
		if (rt_lint_my_is(&st, i, "or") &&
		    rt_lint_my_is(&st, i + 1, "replace"))
			i += 2;
		if (rt_lint_my_is(&st, i, "temporary"))
			return 0;
		if (rt_lint_my_is(&st, i, "table"))
			return create_table(x, &st, i + 1);
		if (rt_lint_my_is(&st, i, "online"))
			i++;
		if (rt_lint_my_is(&st, i, "unique") ||
		    rt_lint_my_is(&st, i, "fulltext") ||
		    rt_lint_my_is(&st, i, "spatial"))
			i++;
		if (rt_lint_my_is(&st, i, "index"))
			return rt_lint_my_create_index(x, &st, 1);
		return 0;
	}
	if (rt_lint_my_is(&st, 0, "drop")) {
		if (rt_lint_my_is(&st, 1, "temporary"))
			return 0;
		if (rt_lint_my_is(&st, 1, "table") ||
		    rt_lint_my_is(&st, 1, "tables"))
			return drop_tables(x, &st, 2);
		if (rt_lint_my_is(&st, 1, "database") ||
		    rt_lint_my_is(&st, 1, "schema")) {
			i = rt_lint_my_is(&st, 2, "if") ? 4 : 2;
			table = rt_lint_my_name(&st, i, &next);
			return rt_lint_my_hit(
			    x, R_DROP_DATABASE, NULL, -1,
			    rt_lint_fmt(x, "dropping database '%s'",
					table ? table : "?"),
			    0);
		}
		return 0;
	}
	if (rt_lint_my_is(&st, 0, "rename") &&
	    (rt_lint_my_is(&st, 1, "table") || rt_lint_my_is(&st, 1, "tables")))
		return rename_tables(x, &st, 2);
	if (rt_lint_my_is(&st, 0, "truncate")) {
		i = rt_lint_my_is(&st, 1, "table") ? 2 : 1;
		if (!(table = rt_lint_my_name(&st, i, &next)))
			return 0;
		return rt_lint_my_hit(
		    x, R_TRUNCATE, table, -1,
		    rt_lint_fmt(x, "every row of '%s' is deleted", table), 0);
	}
	if (rt_lint_my_is(&st, 0, "lock") && (rt_lint_my_is(&st, 1, "tables") ||
					      rt_lint_my_is(&st, 1, "table"))) {
		table = rt_lint_my_name(&st, 2, &next);
		return rt_lint_my_hit(
		    x, R_LOCK_TABLE, table, -1,
		    rt_lint_fmt(x, "LOCK TABLES holds '%s' until UNLOCK TABLES",
				table ? table : "?"),
		    0);
	}
	if (rt_lint_my_is(&st, 0, "set"))
		set_statement(x, &st);
	if (rt_lint_my_is(&st, 0, "optimize")) {
		while (rt_lint_my_is(&st, i, "no_write_to_binlog") ||
		       rt_lint_my_is(&st, i, "local"))
			i++;
		if (rt_lint_my_is(&st, i, "table") ||
		    rt_lint_my_is(&st, i, "tables"))
			return rt_lint_my_optimize(x, &st, i + 1);
	}
	return 0;
}

static int my_step(lint_ctx *x)
{
	return rt_lint_each_statement(x, analyse);
}

static int my_state_new(void **out, lint_ctx *x)
{
	my_state *s = rt_arena_alloc(x->a, sizeof(*s));

	*out = s;
	if (!s)
		return RT_ERROR;
	memset(s, 0, sizeof(*s));
	return 0;
}

static void my_state_free(void *state)
{
	(void)state; /* in the report's arena */
}

static void my_begin_migration(lint_ctx *x)
{
	/* a session setting: retort runs each migration on its session as
	 * it left it, but a migration must not count on another's */
	mys(x)->fk_checks_off = 0;
}

#define R RT_LINT_RULE_BIT

const rt_lint_ops rt_lint_ops_mysql = {
    .rules = R(R_RENAME_COLUMN) | R(R_RENAME_TABLE) | R(R_DROP_COLUMN) |
	     R(R_DROP_TABLE) | R(R_DROP_DATABASE) | R(R_TRUNCATE) |
	     R(R_DROP_PARTITION) | R(R_LOCK_TABLE) | R(R_CHANGE_COLUMN_TYPE) |
	     R(R_SET_NOT_NULL) | R(R_ADD_COLUMN_NOT_NULL_NO_DEFAULT) |
	     R(R_CREATE_INDEX_NON_CONCURRENTLY) |
	     R(R_ADD_FOREIGN_KEY_VALIDATED) | R(R_ADD_CHECK_VALIDATED) |
	     R(R_BLOCKING_ALTER) | R(R_NARROWING_COLUMN_TYPE) |
	     R(R_LOSSY_CHARSET_CHANGE) | R(R_UNKNOWN_LINT_RULE),
    .state_new = my_state_new,
    .state_free = my_state_free,
    .begin_migration = my_begin_migration,
    .step = my_step,
    .lookup = &rt_lookup_ops_mysql,
};
