/*
 * lint_alter_mysql.c: ALTER TABLE (and CREATE INDEX) on MySQL/MariaDB.
 *
 * A statement is read clause by clause (commas at depth 0). Each clause
 * gets its cost from the algorithm table (lint_algo_mysql.c) and may have
 * findings of its own. The statement runs with the highest algorithm and
 * lock of its clauses, unless it names them:
 *
 *   - ALGORITHM=INSTANT/NOCOPY/INPLACE or LOCK=NONE/SHARED below what a
 *     clause needs: the server refuses the statement rather than copy or
 *     lock, so no lock finding is made (the author chose the guard);
 *   - ALGORITHM=COPY, LOCK=SHARED or LOCK=EXCLUSIVE: the statement blocks
 *     writes as written, and is reported so.
 *
 * A statement that blocks writes (COPY, or a lock of SHARED or more) gets
 * one finding per clause that makes it so, each saying the algorithm and
 * lock of the statement and the server they are for; findings about data
 * (narrowing types, charsets, dropped columns) and about the running
 * application (renames, NOT NULL) do not depend on the algorithm.
 */
#include "lint/lint_mysql.h"

/* A finding waiting for the statement's algorithm: it is made only when
 * the statement blocks writes. */
typedef struct pending {
	enum lint_rule rule;
	const char *what; /* "column 'n' of 'accounts' changes type ..." */
	long pos;
	rt_lint_severity severity;
} pending;

typedef struct alter {
	lint_ctx *x;
	const my_stmt *st;
	const char *table;
	const my_server *server;
	int fulltext;		 /* the table has a FULLTEXT index */
	my_cost need;		 /* the highest of the clauses' */
	int want_alg, want_lock; /* as written; -1: not said */
	int adds_pk, drops_pk;
	long drop_pk_pos;
	rt_vec pending; /* pending * */
} alter;

static int punct(const my_stmt *st, int i, char c)
{
	return i >= 0 && i < st->n && st->t[i].kind == MY_PUNCT &&
	       st->t[i].s[0] == c;
}

static long pos_of(const alter *a, int i)
{
	return i < a->st->n ? (long)a->st->t[i].pos : -1;
}

/* What a clause does, for a finding made without words of its own (a
 * clause that blocks only on some tables: one with a FULLTEXT index). */
static const char *const op_words[MY_OP__COUNT] = {
    [MY_OP_ADD_COLUMN] = "adds a column",
    [MY_OP_ADD_COLUMN_PLACED] = "adds a column",
    [MY_OP_ADD_COLUMN_AUTO_INC] = "adds an AUTO_INCREMENT column",
    [MY_OP_ADD_COLUMN_STORED] = "adds a STORED generated column",
    [MY_OP_DROP_COLUMN] = "drops a column",
    [MY_OP_REORDER_COLUMN] = "moves a column",
    [MY_OP_RENAME_COLUMN] = "renames a column",
    [MY_OP_SET_DEFAULT] = "changes a default",
    [MY_OP_VARCHAR_EXTEND] = "makes a VARCHAR longer",
    [MY_OP_ENUM_APPEND] = "adds ENUM values",
    [MY_OP_CHARSET_UTF8MB4] = "converts a column to utf8mb4",
    [MY_OP_COLLATION] = "changes a collation",
    [MY_OP_SET_NOT_NULL] = "makes a column NOT NULL",
    [MY_OP_DROP_NOT_NULL] = "makes a column nullable",
    [MY_OP_TYPE_CHANGE] = "changes a column's type",
    [MY_OP_ADD_INDEX] = "adds an index",
    [MY_OP_ADD_FULLTEXT] = "adds a FULLTEXT index",
    [MY_OP_ADD_SPATIAL] = "adds a SPATIAL index",
    [MY_OP_DROP_INDEX] = "drops an index",
    [MY_OP_RENAME_INDEX] = "renames an index",
    [MY_OP_ADD_PRIMARY_KEY] = "adds a primary key",
    [MY_OP_DROP_PRIMARY_KEY] = "drops the primary key",
    [MY_OP_ADD_FOREIGN_KEY] = "adds a foreign key",
    [MY_OP_ADD_FOREIGN_KEY_UNCHECKED] = "adds a foreign key",
    [MY_OP_DROP_CONSTRAINT] = "drops a constraint",
    [MY_OP_ADD_CHECK] = "adds a CHECK constraint",
    [MY_OP_CONVERT_CHARSET] = "converts the table's text",
    [MY_OP_TABLE_OPTION] = "changes a table option",
    [MY_OP_REBUILD] = "rebuilds the table",
    [MY_OP_ENGINE_CHANGE] = "changes the engine",
    [MY_OP_ORDER_BY] = "reorders the rows",
    [MY_OP_PARTITIONING] = "changes the partitioning",
    [MY_OP_RENAME_TABLE] = "renames the table",
};

/* Add a clause's cost; `rule` is the finding it makes if the statement
 * blocks writes and the clause is why (R__COUNT: none of its own: the
 * statement's, blocking-alter). */
static int cost(alter *a, my_op op, enum lint_rule rule, const char *what,
		long pos, rt_lint_severity severity)
{
	int changed = 0;
	my_cost c = a->fulltext
			? rt_lint_my_cost_fulltext(op, a->server, &changed)
			: rt_lint_my_cost(op, a->server);
	pending *p;

	if (c.alg > a->need.alg)
		a->need.alg = c.alg;
	if (c.lock > a->need.lock)
		a->need.lock = c.lock;
	if (c.alg != MY_COPY && c.lock == MY_LOCK_NONE)
		return 0;
	if (what && !*what)
		what = rt_lint_fmt(a->x, "ALTER TABLE '%s' %s", a->table,
				   op_words[op]);
	if (!what || !(p = rt_arena_alloc(a->x->a, sizeof(*p))))
		return RT_ERROR;
	p->rule = rule == R__COUNT ? R_BLOCKING_ALTER : rule;
	p->what = changed && *what ? rt_lint_fmt(a->x,
						 "%s (the table has a FULLTEXT "
						 "index: no INSTANT, no "
						 "LOCK=NONE)",
						 what)
				   : what;
	if (!p->what)
		return RT_ERROR;
	p->pos = pos;
	p->severity = severity;
	return rt_vec_push(a->x->a, &a->pending, p);
}

static int hit(alter *a, enum lint_rule rule, long pos, const char *message,
	       rt_lint_severity severity)
{
	return rt_lint_my_hit(a->x, rule, a->table, pos, message, severity);
}

/* "[=] value" after a word at i: the value's token. */
static int value_at(const my_stmt *st, int i)
{
	return punct(st, i, '=') ? i + 1 : i;
}

/* ---- columns ------------------------------------------------------------- */

static int add_column(alter *a, int i, int end)
{
	lint_ctx *x = a->x;
	my_column c;
	const char *col;
	int next, error;
	my_op op;

	if (!(col = rt_lint_my_name(a->st, i, &next)))
		return 0;
	rt_lint_my_read_column(x, a->st, next, end, &c);
	op = c.generated == 2	? MY_OP_ADD_COLUMN_STORED
	     : c.auto_increment ? MY_OP_ADD_COLUMN_AUTO_INC
	     : c.placed		? MY_OP_ADD_COLUMN_PLACED
				: MY_OP_ADD_COLUMN;
	if ((error = cost(a, op, R__COUNT,
			  rt_lint_fmt(x, "adding column '%s' to '%s'%s", col,
				      a->table,
				      op == MY_OP_ADD_COLUMN_STORED
					  ? " (a STORED generated column)"
				      : op == MY_OP_ADD_COLUMN_AUTO_INC
					  ? " (an AUTO_INCREMENT column)"
					  : ""),
			  pos_of(a, i), 0)) < 0)
		return error;
	if (c.primary) {
		a->adds_pk = 1;
		error = cost(a, MY_OP_ADD_PRIMARY_KEY, R__COUNT, "", -1, 0);
	} else if (c.unique && !c.auto_increment) {
		error = cost(a, MY_OP_ADD_INDEX, R__COUNT, "", -1, 0);
	}
	if (error < 0)
		return error;
	if (c.known && !c.has_default &&
	    (error = hit(a, R_ADD_COLUMN_NOT_NULL_NO_DEFAULT, pos_of(a, i),
			 rt_lint_fmt(x,
				     "column '%s' is added to '%s' NOT NULL "
				     "without a DEFAULT",
				     col, a->table),
			 0)) < 0)
		return error;
	return c.known ? rt_lint_my_remember(x, a->table, col, &c, 1) : 0;
}

static int drop_column(alter *a, int i)
{
	lint_ctx *x = a->x;
	const char *col;
	int next, error;

	if (!(col = rt_lint_my_name(a->st, i, &next)))
		return 0;
	if ((error = cost(
		 a, MY_OP_DROP_COLUMN, R__COUNT,
		 rt_lint_fmt(x, "dropping column '%s' of '%s'", col, a->table),
		 pos_of(a, i), 0)) < 0)
		return error;
	if (!rt_lint_my_column_is_new(x, a->table, col) &&
	    (error = hit(a, R_DROP_COLUMN, pos_of(a, i),
			 rt_lint_fmt(x, "column '%s' of '%s' is dropped", col,
				     a->table),
			 0)) < 0)
		return error;
	return rt_lint_my_remember(x, a->table, col, NULL, 0);
}

static int rename_column(alter *a, const char *from, const char *to, long pos)
{
	lint_ctx *x = a->x;
	int error;

	if (!strcasecmp(from, to))
		return 0;
	if (!rt_lint_my_column_is_new(x, a->table, from) &&
	    (error =
		 hit(a, R_RENAME_COLUMN, pos,
		     rt_lint_fmt(x, "column '%s' of '%s' is renamed to '%s'",
				 from, a->table, to),
		     0)) < 0)
		return error;
	return rt_lint_my_rename_column(x, a->table, from, to);
}

/* MODIFY col def / CHANGE old new def: compared with what the run, the
 * database or the history says the column was. */
static int modify_column(alter *a, const char *col, const char *newname, int i,
			 int end, long pos)
{
	lint_ctx *x = a->x;
	const my_known *old;
	const char *tcs = NULL, *what;
	my_column c;
	my_change ch;
	int error = 0;

	rt_lint_my_read_column(x, a->st, i, end, &c);
	if (!c.known)
		return 0;
	if ((error = rt_lint_my_old_column(x, a->table, col, &old)) < 0 ||
	    (error = rt_lint_my_table_charset(x, a->table, &tcs)) < 0)
		return error;
	if (newname && (error = rename_column(a, col, newname, pos)) < 0)
		return error;
	if (!old) {
		/* nobody says what it was: a type change is possible */
		error = cost(a, MY_OP_TYPE_CHANGE, R_CHANGE_COLUMN_TYPE,
			     rt_lint_fmt(x,
					 "column '%s' of '%s' is redefined "
					 "and its current type is not known "
					 "(lint with --url to compare): a "
					 "type change would copy the table",
					 col, a->table),
			     pos, RT_LINT_WARNING);
		goto remember;
	}
	rt_lint_my_compare(x, old, tcs, &c, tcs, &ch);
	what = rt_lint_fmt(x, "column '%s' of '%s'", col, a->table);
	if (ch.op == MY_OP_TYPE_CHANGE) {
		const char *f = rt_lint_my_describe(x, &old->col),
			   *t = rt_lint_my_describe(x, &c);

		error = cost(
		    a, ch.op, R_CHANGE_COLUMN_TYPE,
		    f && t && strcmp(f, t)
			? rt_lint_fmt(x, "%s changes type from %s to %s", what,
				      f, t)
		    : ch.from_cs && ch.to_cs && strcasecmp(ch.from_cs, ch.to_cs)
			? rt_lint_fmt(x,
				      "%s changes character set from %s to %s",
				      what, ch.from_cs, ch.to_cs)
			: rt_lint_fmt(x, "%s changes its definition", what),
		    pos, 0);
	} else if (ch.op != MY_OP__COUNT) {
		error = cost(a, ch.op, R__COUNT,
			     rt_lint_fmt(x, "%s is redefined", what), pos, 0);
	}
	if (error < 0)
		return error;
	if (ch.narrowing && (error = hit(a, R_NARROWING_COLUMN_TYPE, pos,
					 rt_lint_fmt(x, "%s is narrowed: %s",
						     what, ch.narrowing),
					 0)) < 0)
		return error;
	if (ch.charset_loss &&
	    (error = hit(a, R_LOSSY_CHARSET_CHANGE, pos,
			 rt_lint_fmt(x, "%s is converted from %s", what,
				     ch.charset_loss),
			 0)) < 0)
		return error;
	if (ch.set_not_null &&
	    !rt_lint_my_column_is_new(x, a->table, newname ? newname : col) &&
	    (error = hit(a, R_SET_NOT_NULL, pos,
			 rt_lint_fmt(x, "column '%s' of '%s' is made NOT NULL",
				     col, a->table),
			 0)) < 0)
		return error;
remember:
	if (error < 0)
		return error;
	return rt_lint_my_remember(x, a->table, newname ? newname : col, &c, 0);
}

/* CONVERT TO CHARACTER SET cs */
static int convert_charset(alter *a, int i, long pos)
{
	lint_ctx *x = a->x;
	const char *from = NULL, *to;
	int error, sure = 1;

	if (rt_lint_my_is(a->st, i, "character") &&
	    rt_lint_my_is(a->st, i + 1, "set"))
		i += 2;
	else if (rt_lint_my_is(a->st, i, "charset"))
		i++;
	if (i >= a->st->n)
		return 0;
	to = rt_lint_my_cs_norm(a->st->t[i].s);
	if ((error = cost(a, MY_OP_CONVERT_CHARSET, R__COUNT,
			  rt_lint_fmt(x, "converting '%s' to %s", a->table, to),
			  pos, 0)) < 0 ||
	    (error = rt_lint_my_table_charset(x, a->table, &from)) < 0)
		return error;
	if (!from) {
		/* MariaDB 10.11 and MySQL 8 make utf8mb4 tables unless
		 * told otherwise */
		from = "utf8mb4";
		sure = 0;
	}
	if (strcasecmp(from, to) &&
	    (rt_lint_my_cs_class(to) < rt_lint_my_cs_class(from) ||
	     (rt_lint_my_cs_class(to) == MY_CS_BYTE &&
	      rt_lint_my_cs_class(from) == MY_CS_BYTE)) &&
	    (error = hit(a, R_LOSSY_CHARSET_CHANGE, pos,
			 rt_lint_fmt(x,
				     "the text of '%s' is converted from "
				     "%s to %s%s",
				     a->table, from, to,
				     sure ? ""
					  : " (the table's charset is "
					    "not known: utf8mb4 assumed)"),
			 sure ? 0 : RT_LINT_WARNING)) < 0)
		return error;
	return rt_lint_my_remember_table_cs(x, a->table, to);
}

/* ---- clauses ------------------------------------------------------------- */

static int index_kind(const my_stmt *st, int i, my_op *op)
{
	if (rt_lint_my_is(st, i, "fulltext"))
		*op = MY_OP_ADD_FULLTEXT;
	else if (rt_lint_my_is(st, i, "spatial"))
		*op = MY_OP_ADD_SPATIAL;
	else if (rt_lint_my_is(st, i, "index") || rt_lint_my_is(st, i, "key") ||
		 rt_lint_my_is(st, i, "unique"))
		*op = MY_OP_ADD_INDEX;
	else if (rt_lint_my_is(st, i, "primary"))
		*op = MY_OP_ADD_PRIMARY_KEY;
	else
		return 0;
	return 1;
}

static int add_index(alter *a, my_op op, long pos)
{
	lint_ctx *x = a->x;

	int error;

	if (op == MY_OP_ADD_PRIMARY_KEY)
		a->adds_pk = 1;
	if (op == MY_OP_ADD_FULLTEXT &&
	    (error = rt_lint_my_remember_fulltext(x, a->table)) < 0)
		return error;
	return cost(a, op,
		    op == MY_OP_ADD_FULLTEXT || op == MY_OP_ADD_SPATIAL
			? R_CREATE_INDEX_NON_CONCURRENTLY
			: R__COUNT,
		    rt_lint_fmt(x, "a %s index is built on '%s'",
				op == MY_OP_ADD_FULLTEXT  ? "FULLTEXT"
				: op == MY_OP_ADD_SPATIAL ? "SPATIAL"
							  : "new",
				a->table),
		    pos, 0);
}

static int add_clause(alter *a, int s, int e)
{
	const my_stmt *st = a->st;
	lint_ctx *x = a->x;
	long pos = pos_of(a, s);
	int i = s + 1, column = 0, k, next;
	my_op op;

	if (rt_lint_my_is(st, i, "column")) {
		column = 1;
		i++;
	}
	if (rt_lint_my_is(st, i, "if") && rt_lint_my_is(st, i + 1, "not"))
		i += 3;
	if (!column && rt_lint_my_is(st, i, "constraint")) {
		i++;
		if (!rt_lint_my_is(st, i, "primary") &&
		    !rt_lint_my_is(st, i, "unique") &&
		    !rt_lint_my_is(st, i, "foreign") &&
		    !rt_lint_my_is(st, i, "check"))
			i++;
	}
	if (!column && rt_lint_my_is(st, i, "foreign"))
		return mys(x)->fk_checks_off
			   ? cost(a, MY_OP_ADD_FOREIGN_KEY_UNCHECKED, R__COUNT,
				  "", pos, 0)
			   : cost(a, MY_OP_ADD_FOREIGN_KEY,
				  R_ADD_FOREIGN_KEY_VALIDATED,
				  rt_lint_fmt(x,
					      "a foreign key is added to '%s' "
					      "with foreign_key_checks on",
					      a->table),
				  pos, 0);
	if (!column && rt_lint_my_is(st, i, "check"))
		return cost(a, MY_OP_ADD_CHECK, R_ADD_CHECK_VALIDATED,
			    rt_lint_fmt(x,
					"a CHECK constraint is added to '%s'",
					a->table),
			    pos, 0);
	if (!column && index_kind(st, i, &op))
		return add_index(a, op, pos);
	if (!column &&
	    (rt_lint_my_is(st, i, "partition") ||
	     rt_lint_my_is(st, i, "period") || rt_lint_my_is(st, i, "system")))
		return 0;
	if (punct(st, i, '(')) {
		/* ADD (a int, b int) */
		int close = rt_lint_my_skip_group(st, i), d = st->depth[i] + 1;

		for (k = i + 1; k < close - 1; k = next + 1) {
			int error;

			for (next = k;
			     next < close - 1 &&
			     !(punct(st, next, ',') && st->depth[next] == d);
			     next++)
				;
			if ((error = add_column(a, k, next)) < 0)
				return error;
		}
		return 0;
	}
	return add_column(a, i, e);
}

/* DROP PARTITION p[, q...] and TRUNCATE PARTITION p|ALL at i (the word
 * PARTITION): the rows in them are deleted, and DDL cannot roll back. */
static int partition_rows_gone(alter *a, int i, const char *verb)
{
	const my_stmt *st = a->st;
	lint_ctx *x = a->x;
	const char *name, *names = NULL;
	int next = i + 1;

	while ((name = rt_lint_my_name(st, next, &next)) != NULL) {
		names = names ? rt_lint_fmt(x, "%s, %s", names, name)
			      : rt_lint_fmt(x, "%s", name);
		if (!names || !punct(st, next, ','))
			break;
		next++;
	}
	return hit(a, R_DROP_PARTITION, pos_of(a, i - 1),
		   rt_lint_fmt(x,
			       "%s PARTITION deletes the rows of '%s' in "
			       "partition %s",
			       verb, a->table, names ? names : "?"),
		   0);
}

static int drop_clause(alter *a, int s)
{
	const my_stmt *st = a->st;
	int i = s + 1, column = 0;

	if (rt_lint_my_is(st, i, "column")) {
		column = 1;
		i++;
	}
	if (rt_lint_my_is(st, i, "if") && rt_lint_my_is(st, i + 1, "exists"))
		i += 2;
	if (!column && rt_lint_my_is(st, i, "primary")) {
		a->drops_pk = 1;
		a->drop_pk_pos = pos_of(a, s);
		return 0;
	}
	if (!column &&
	    (rt_lint_my_is(st, i, "index") || rt_lint_my_is(st, i, "key")))
		return cost(a, MY_OP_DROP_INDEX, R__COUNT, "", -1, 0);
	if (!column && (rt_lint_my_is(st, i, "foreign") ||
			rt_lint_my_is(st, i, "constraint") ||
			rt_lint_my_is(st, i, "check")))
		return cost(a, MY_OP_DROP_CONSTRAINT, R__COUNT, "", -1, 0);
	if (!column && rt_lint_my_is(st, i, "partition"))
		return partition_rows_gone(a, i, "DROP");
	if (!column &&
	    (rt_lint_my_is(st, i, "system") || rt_lint_my_is(st, i, "period")))
		return 0;
	return drop_column(a, i);
}

static int rename_clause(alter *a, int s)
{
	const my_stmt *st = a->st;
	lint_ctx *x = a->x;
	const char *from, *to;
	int i = s + 1, next, error;

	if (rt_lint_my_is(st, i, "column")) {
		if (!(from = rt_lint_my_name(st, i + 1, &next)) ||
		    !rt_lint_my_is(st, next, "to") ||
		    !(to = rt_lint_my_name(st, next + 1, &next)))
			return 0;
		if ((error =
			 cost(a, MY_OP_RENAME_COLUMN, R__COUNT, "", -1, 0)) < 0)
			return error;
		return rename_column(a, from, to, pos_of(a, s));
	}
	if (rt_lint_my_is(st, i, "index") || rt_lint_my_is(st, i, "key"))
		return cost(a, MY_OP_RENAME_INDEX, R__COUNT, "", -1, 0);
	if (rt_lint_my_is(st, i, "to") || rt_lint_my_is(st, i, "as"))
		i++;
	if (!(to = rt_lint_my_name(st, i, &next)))
		return 0;
	if ((error = cost(a, MY_OP_RENAME_TABLE, R__COUNT, "", -1, 0)) < 0 ||
	    (error = hit(
		 a, R_RENAME_TABLE, pos_of(a, s),
		 rt_lint_fmt(x, "table '%s' is renamed to '%s'", a->table, to),
		 0)) < 0)
		return error;
	/* later clauses and statements name it so */
	if ((error = rt_lint_rename_table(x, a->table, to)) < 0)
		return error;
	return 0;
}

/* ALGORITHM [=] x, LOCK [=] x */
static int option_value(const char *v, const char *const *names, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (!strcmp(v, names[i]))
			return i;
	return -1; /* DEFAULT */
}

static int clause(alter *a, int s, int e)
{
	static const char *const algs[] = {"instant", "nocopy", "inplace",
					   "copy"};
	static const char *const locks[] = {"none", "shared", "exclusive"};
	static const char *const options[] = {"auto_increment",
					      "comment",
					      "avg_row_length",
					      "max_rows",
					      "min_rows",
					      "pack_keys",
					      "checksum",
					      "delay_key_write",
					      "stats_persistent",
					      "stats_auto_recalc",
					      "stats_sample_pages",
					      "page_checksum",
					      "transactional",
					      "union",
					      "insert_method",
					      "with",
					      "without",
					      "connection",
					      "password",
					      "data",
					      "index",
					      "encryption_key_id",
					      "sequence",
					      "secondary_engine_attribute",
					      "compression",
					      "tablespace",
					      "storage"};
	const my_stmt *st = a->st;
	lint_ctx *x = a->x;
	const char *w = st->t[s].kind == MY_WORD ? st->t[s].s : "";
	long pos = pos_of(a, s);
	int i, next;
	size_t k;

	if (!strcmp(w, "add"))
		return add_clause(a, s, e);
	if (!strcmp(w, "drop"))
		return drop_clause(a, s);
	if (!strcmp(w, "truncate") && rt_lint_my_is(st, s + 1, "partition"))
		return partition_rows_gone(a, s + 1, "TRUNCATE");
	if (!strcmp(w, "modify") || !strcmp(w, "change")) {
		const char *col, *to = NULL;

		i = s + 1 + rt_lint_my_is(st, s + 1, "column");
		if (rt_lint_my_is(st, i, "if") &&
		    rt_lint_my_is(st, i + 1, "exists"))
			i += 2;
		if (!(col = rt_lint_my_name(st, i, &next)))
			return 0;
		if (!strcmp(w, "change") &&
		    !(to = rt_lint_my_name(st, next, &next)))
			return 0;
		return modify_column(a, col, to, next, e, pos);
	}
	if (!strcmp(w, "alter")) {
		/* ALTER [COLUMN] c SET/DROP DEFAULT, ALTER INDEX i VISIBLE */
		return cost(a, MY_OP_SET_DEFAULT, R__COUNT, "", -1, 0);
	}
	if (!strcmp(w, "rename"))
		return rename_clause(a, s);
	if (!strcmp(w, "convert") && rt_lint_my_is(st, s + 1, "to"))
		return convert_charset(a, s + 2, pos);
	if (!strcmp(w, "algorithm")) {
		i = value_at(st, s + 1);
		a->want_alg =
		    i < e && i < st->n ? option_value(st->t[i].s, algs, 4) : -1;
		return 0;
	}
	if (!strcmp(w, "lock")) {
		i = value_at(st, s + 1);
		a->want_lock = i < e && i < st->n
				   ? option_value(st->t[i].s, locks, 3)
				   : -1;
		return 0;
	}
	if (!strcmp(w, "default") || !strcmp(w, "character") ||
	    !strcmp(w, "charset") || !strcmp(w, "collate")) {
		i = s + rt_lint_my_is(st, s, "default");
		if (rt_lint_my_is(st, i, "character"))
			i++;
		if (rt_lint_my_is(st, i, "charset") ||
		    rt_lint_my_is(st, i, "set")) {
			i = value_at(st, i + 1);
			if (i < e && rt_lint_my_remember_table_cs(
					 x, a->table,
					 rt_lint_my_cs_norm(st->t[i].s)) < 0)
				return RT_ERROR;
		}
		return cost(a, MY_OP_TABLE_OPTION, R__COUNT, "", -1, 0);
	}
	if (!strcmp(w, "force") || !strcmp(w, "row_format") ||
	    !strcmp(w, "key_block_size") || !strcmp(w, "page_compressed") ||
	    !strcmp(w, "page_compression_level"))
		return cost(a, MY_OP_REBUILD, R__COUNT, "", -1, 0);
	if (!strcmp(w, "engine")) {
		i = value_at(st, s + 1);
		if (i < e && !strcasecmp(st->t[i].s, "innodb"))
			return cost(a, MY_OP_REBUILD, R__COUNT, "", -1, 0);
		return cost(a, MY_OP_ENGINE_CHANGE, R__COUNT,
			    rt_lint_fmt(x, "'%s' moves to the %s engine",
					a->table, i < e ? st->t[i].s : "?"),
			    pos, 0);
	}
	if (!strcmp(w, "order"))
		return cost(
		    a, MY_OP_ORDER_BY, R__COUNT,
		    rt_lint_fmt(x, "'%s' is reordered (ORDER BY)", a->table),
		    pos, 0);
	if (!strcmp(w, "partition") ||
	    (!strcmp(w, "remove") && rt_lint_my_is(st, s + 1, "partitioning")))
		return cost(
		    a, MY_OP_PARTITIONING, R__COUNT,
		    rt_lint_fmt(x, "'%s' is %spartitioned", a->table,
				!strcmp(w, "remove") ? "no longer " : ""),
		    pos, 0);
	for (k = 0; k < RT_ARRAY_SIZE(options); k++)
		if (!strcmp(w, options[k]))
			return cost(a, MY_OP_TABLE_OPTION, R__COUNT, "", -1, 0);
	/* partition maintenance, tablespaces, what lint does not know:
	 * not judged */
	return 0;
}

/* ---- the statement ------------------------------------------------------- */

/* After the clauses: does the statement block writes, and how? */
static int finish(alter *a)
{
	lint_ctx *x = a->x;
	my_alg alg;
	my_lock lock;
	const char *how, *asked = "";
	size_t i;
	int error;

	if (a->drops_pk && !a->adds_pk &&
	    (error = cost(a, MY_OP_DROP_PRIMARY_KEY, R__COUNT,
			  rt_lint_fmt(x,
				      "the primary key of '%s' is dropped "
				      "without a new one",
				      a->table),
			  a->drop_pk_pos, 0)) < 0)
		return error;
	/* refused as written: the server will not copy or lock */
	if (a->want_alg >= 0 && a->want_alg != MY_COPY &&
	    a->need.alg > (my_alg)a->want_alg)
		return 0;
	if (a->want_lock >= 0 && a->need.lock > (my_lock)a->want_lock)
		return 0;
	alg = a->want_alg == MY_COPY ? MY_COPY : a->need.alg;
	lock = a->want_lock >= 0 ? (my_lock)a->want_lock : a->need.lock;
	if (alg == MY_COPY && lock == MY_LOCK_NONE && a->want_lock < 0)
		lock = MY_LOCK_SHARED;
	if (alg != MY_COPY && lock == MY_LOCK_NONE)
		return 0;
	how = rt_lint_fmt(x, "ALGORITHM=%s, LOCK=%s on %s",
			  rt_lint_my_alg_name(alg), rt_lint_my_lock_name(lock),
			  rt_lint_my_server_name(x, a->server));
	if (!a->pending.len) {
		/* nothing needs it: the statement asks for it */
		asked =
		    a->want_alg == MY_COPY
			? "ALGORITHM=COPY"
			: rt_lint_fmt(x, "LOCK=%s", rt_lint_my_lock_name(lock));
		return hit(a, R_BLOCKING_ALTER, -1,
			   rt_lint_fmt(x,
				       "ALTER TABLE '%s' asks for %s (%s): "
				       "writes wait until it is done",
				       a->table, asked, how),
			   0);
	}
	for (i = 0; i < a->pending.len; i++) {
		pending *p = a->pending.items[i];

		if ((error = hit(a, p->rule, p->pos,
				 rt_lint_fmt(x,
					     "%s: %s, writes wait until it "
					     "is done",
					     p->what, how),
				 p->severity)) < 0)
			return error;
	}
	return 0;
}

static int run(alter *a, int from)
{
	const my_stmt *st = a->st;
	int s, e, error;

	for (s = from; s < st->n; s = e + 1) {
		for (e = s;
		     e < st->n && !(punct(st, e, ',') && st->depth[e] == 0);
		     e++)
			;
		if (e > s && st->t[s].kind == MY_PUNCT && st->t[s].s[0] == ';')
			continue;
		if (e > s && (error = clause(a, s, e)) < 0)
			return error;
	}
	return finish(a);
}

static int init(alter *a, lint_ctx *x, const my_stmt *st, const char *table)
{
	memset(a, 0, sizeof(*a));
	a->x = x;
	a->st = st;
	a->table = table;
	a->server = rt_lint_my_server(x);
	a->want_alg = a->want_lock = -1;
	return rt_lint_my_has_fulltext(x, table, &a->fulltext);
}

int rt_lint_my_alter_table(lint_ctx *x, const my_stmt *st, int at)
{
	alter a;
	const char *table;
	int next, online = 0, i;

	for (i = 0; i < at; i++)
		online |= rt_lint_my_is(st, i, "online");
	if (!(table = rt_lint_my_name(st, at, &next)))
		return 0;
	if (!(table = rt_arena_strdup(x->a, table)))
		return RT_ERROR;
	if (init(&a, x, st, table) < 0)
		return RT_ERROR;
	/* ALTER ONLINE TABLE: LOCK=NONE (MariaDB) */
	if (online)
		a.want_lock = MY_LOCK_NONE;
	return run(&a, next);
}

int rt_lint_my_create_index(lint_ctx *x, const my_stmt *st, int at)
{
	alter a;
	const char *table;
	my_op op = MY_OP_ADD_INDEX;
	int i, next, error;

	for (i = at; i < st->n && !rt_lint_my_is(st, i, "on"); i++)
		if (rt_lint_my_is(st, i, "fulltext"))
			op = MY_OP_ADD_FULLTEXT;
		else if (rt_lint_my_is(st, i, "spatial"))
			op = MY_OP_ADD_SPATIAL;
	if (!(table = rt_lint_my_name(st, i + 1, &next)) ||
	    !(table = rt_arena_strdup(x->a, table)))
		return table ? RT_ERROR : 0;
	if (init(&a, x, st, table) < 0)
		return RT_ERROR;
	for (i = 1; i < next; i++)
		if (rt_lint_my_is(st, i, "online"))
			a.want_lock = MY_LOCK_NONE;
	if ((error = add_index(&a, op, -1)) < 0)
		return error;
	/* the columns, then ALGORITHM= / LOCK= options */
	for (i = rt_lint_my_skip_group(st, next); i < st->n; i++) {
		if (rt_lint_my_is(st, i, "algorithm") ||
		    rt_lint_my_is(st, i, "lock")) {
			int v = value_at(st, i + 1);

			if ((error = clause(&a, i,
					    v + 1 < st->n ? v + 1 : st->n)) < 0)
				return error;
		}
	}
	return finish(&a);
}

int rt_lint_my_optimize(lint_ctx *x, const my_stmt *st, int at)
{
	alter a;
	const char *table;
	int next, error;

	/* OPTIMIZE TABLE a, b: InnoDB rebuilds each (ALTER TABLE ... FORCE) */
	while ((table = rt_lint_my_name(st, at, &next))) {
		if (!(table = rt_arena_strdup(x->a, table)) ||
		    init(&a, x, st, table) < 0)
			return RT_ERROR;
		if ((error = cost(
			 &a, MY_OP_REBUILD, R__COUNT,
			 rt_lint_fmt(x, "OPTIMIZE TABLE rebuilds '%s'", table),
			 (long)st->t[at].pos, 0)) < 0 ||
		    (error = finish(&a)) < 0)
			return error;
		if (next >= st->n || st->t[next].s[0] != ',')
			break;
		at = next + 1;
	}
	return 0;
}
