/*
 * lint_sqlite.c: the SQLite rules. SQLite ships no parse-tree library
 * (its parser lives inside the engine and yields bytecode, not a tree),
 * so statements are classified from their tokens: a small tokenizer that
 * knows SQLite's quoting ("x", `x`, [x], 'it''s') and comments, then a
 * match of the leading keywords of the statement kinds the rules care
 * about: CREATE TABLE/INDEX, DROP TABLE, ALTER TABLE ... RENAME/ADD/DROP,
 * VACUUM and transaction control. Anything else is not a hazard SQLite
 * has, and is left alone.
 *
 * What the rules are about on SQLite: ALTER TABLE refuses some column
 * additions (NOT NULL without a default, a non-constant default, PRIMARY
 * KEY, UNIQUE, STORED), renames and drops break the application still
 * running, and the 12-step table rebuild holds the write lock while it
 * copies.
 */
#include "lint/lint.h"
#include "util/sql_lex.h"

#include <ctype.h>

enum tok_kind { T_WORD, T_QUOTED, T_STRING, T_NUMBER, T_PUNCT };

typedef struct tok {
	enum tok_kind kind;
	size_t pos, len;
} tok;

#define MAX_TOKS 256 /* the head of a statement is all the rules read */

typedef struct stmt {
	lint_ctx *x;
	tok t[MAX_TOKS];
	int n;
} stmt;

static int is_ident_char(unsigned char c)
{
	return isalnum(c) || c == '_' || c == '$' || c >= 0x80;
}

/* Tokens of x->text[start, end), up to MAX_TOKS. */
static void tokenize(stmt *s, size_t start, size_t end)
{
	const char *p = s->x->text;
	size_t i = start;

	s->n = 0;
	while (s->n < MAX_TOKS) {
		tok *t = &s->t[s->n];
		char q;

		/* SQLite's block comments do not nest */
		i = rt_sql_skip_space_in(p, end, i, RT_SQL_SQLITE);
		if (i >= end)
			break;
		t->pos = i;
		q = p[i];
		if (q == '"' || q == '`' || q == '[' || q == '\'') {
			char close = q == '[' ? ']' : q;

			for (i++; i < end; i++) {
				if (p[i] != close)
					continue;
				if (close != ']' && i + 1 < end &&
				    p[i + 1] == close) {
					i++;
					continue;
				}
				break;
			}
			if (i < end)
				i++;
			t->kind = q == '\'' ? T_STRING : T_QUOTED;
		} else if (isdigit((unsigned char)q) ||
			   (q == '.' && i + 1 < end &&
			    isdigit((unsigned char)p[i + 1]))) {
			while (i < end &&
			       (isalnum((unsigned char)p[i]) || p[i] == '.'))
				i++;
			t->kind = T_NUMBER;
		} else if (is_ident_char((unsigned char)q)) {
			while (i < end && is_ident_char((unsigned char)p[i]))
				i++;
			t->kind = T_WORD;
		} else {
			i++;
			t->kind = T_PUNCT;
		}
		t->len = i - t->pos;
		s->n++;
	}
}

static int is_kw(const stmt *s, int i, const char *kw)
{
	const tok *t = &s->t[i];

	return i < s->n && t->kind == T_WORD && t->len == strlen(kw) &&
	       !strncasecmp(s->x->text + t->pos, kw, t->len);
}

static int is_punct(const stmt *s, int i, char c)
{
	return i < s->n && s->t[i].kind == T_PUNCT &&
	       s->x->text[s->t[i].pos] == c;
}

static int is_name(const stmt *s, int i)
{
	return i < s->n &&
	       (s->t[i].kind == T_WORD || s->t[i].kind == T_QUOTED ||
		s->t[i].kind == T_STRING);
}

/* The identifier at token i, unquoted, in the arena. */
static char *name_at(const stmt *s, int i)
{
	const tok *t = &s->t[i];
	const char *p = s->x->text + t->pos;
	rt_buf b = RT_BUF_INIT;
	size_t k;
	char *out;

	if (t->kind == T_WORD)
		return rt_arena_strndup(s->x->a, p, t->len);
	rt_buf_init(&b);
	for (k = 1; k + 1 < t->len; k++) {
		rt_buf_putc(&b, p[k]);
		if (p[0] != '[' && p[k] == p[0] && k + 2 < t->len)
			k++; /* a doubled quote */
	}
	if (rt_buf_check(&b) < 0)
		return NULL;
	out = rt_arena_strdup(s->x->a, rt_buf_cstr(&b));
	rt_buf_release(&b);
	return out;
}

/* A possibly qualified name at *i (schema.name): the last part; *i moves
 * past it. NULL when there is none. */
static char *qname(const stmt *s, int *i)
{
	char *n;

	if (!is_name(s, *i))
		return NULL;
	n = name_at(s, *i);
	(*i)++;
	if (is_punct(s, *i, '.') && is_name(s, *i + 1)) {
		n = name_at(s, *i + 1);
		*i += 2;
	}
	return n;
}

/* Skip IF [NOT] EXISTS at *i. */
static void skip_if_exists(const stmt *s, int *i)
{
	if (is_kw(s, *i, "IF")) {
		(*i)++;
		if (is_kw(s, *i, "NOT"))
			(*i)++;
		if (is_kw(s, *i, "EXISTS"))
			(*i)++;
	}
}

static int hit_rows(lint_ctx *x, enum lint_rule rule, const char *table,
		    long pos, const char *message, const char *effect,
		    const char *safe_sql, int needs_rows)
{
	lint_hit h = {0};

	if (!message)
		return RT_ERROR;
	h.rule = rule;
	h.needs_rows = needs_rows;
	h.table = table;
	h.pos = pos;
	h.message = message;
	h.effect = effect;
	h.safe_sql = safe_sql;
	return rt_lint_emit(x, &h, NULL);
}

static int hit(lint_ctx *x, enum lint_rule rule, const char *table, long pos,
	       const char *message, const char *effect, const char *safe_sql)
{
	return hit_rows(x, rule, table, pos, message, effect, safe_sql, 0);
}

/* Is the DEFAULT at token k non-constant: CURRENT_TIME/DATE/TIMESTAMP,
 * or a parenthesized expression that calls a function? (SQLite refuses
 * those in ADD COLUMN once the table has rows; `(1 + 1)` it takes.) */
static int non_constant_default(const stmt *s, int k)
{
	int depth = 0, i;

	if (is_kw(s, k, "CURRENT_TIME") || is_kw(s, k, "CURRENT_DATE") ||
	    is_kw(s, k, "CURRENT_TIMESTAMP"))
		return 1;
	if (!is_punct(s, k, '('))
		return 0;
	for (i = k; i < s->n; i++) {
		if (is_punct(s, i, '('))
			depth++;
		else if (is_punct(s, i, ')') && --depth == 0)
			return 0;
		else if ((s->t[i].kind == T_WORD && is_punct(s, i + 1, '(')) ||
			 is_kw(s, i, "CURRENT_TIME") ||
			 is_kw(s, i, "CURRENT_DATE") ||
			 is_kw(s, i, "CURRENT_TIMESTAMP") ||
			 is_kw(s, i, "SELECT"))
			return 1;
	}
	return 0;
}

/* A dropped table of this migration, with its finding: a rename of a new
 * table to its name makes the pair a rebuild. */
typedef struct dropped {
	const char *name;
	size_t finding; /* index in x->findings, or (size_t)-1 */
} dropped;

static int note_drop(lint_ctx *x, const char *name, size_t before)
{
	dropped *d = rt_arena_alloc(x->a, sizeof(*d));

	if (!d || !(d->name = rt_arena_strdup(x->a, name)))
		return RT_ERROR;
	d->finding = x->findings.len > before ? before : (size_t)-1;
	return rt_vec_push(x->a, &x->pending_drops, d);
}

/* `ALTER TABLE new RENAME TO name` after `DROP TABLE name`: the drop was
 * the middle of a rebuild; its finding becomes one of table-rebuild. */
static int rebuild(lint_ctx *x, const char *from, const char *to)
{
	size_t i;

	for (i = 0; i < x->pending_drops.len; i++) {
		dropped *d = x->pending_drops.items[i];
		rt_lint_finding *f;

		if (strcasecmp(d->name, to) != 0)
			continue;
		x->pending_drops.items[i] =
		    x->pending_drops.items[--x->pending_drops.len];
		if (d->finding == (size_t)-1)
			return 1;
		f = x->findings.items[d->finding];
		f->rule = &rt_lint_rule_table[R_TABLE_REBUILD];
		f->severity = f->rule->severity;
		f->message = rt_lint_fmt(x,
					 "table '%s' is rebuilt from '%s' "
					 "(drop, then rename)",
					 to, from);
		f->effect = rt_lint_texts[R_TABLE_REBUILD].effect;
		f->hint = rt_lint_texts[R_TABLE_REBUILD].hint;
		f->safe_sql = "PRAGMA foreign_key_check;  -- after the copy, "
			      "before COMMIT";
		if (!f->message)
			return RT_ERROR;
		/* the same file's lint-ignore for the old id still holds */
		return 1;
	}
	return 0;
}

static int create_stmt(stmt *s)
{
	lint_ctx *x = s->x;
	int i = 1;
	char *name, *table;

	if (is_kw(s, i, "TEMP") || is_kw(s, i, "TEMPORARY"))
		i++;
	if (is_kw(s, i, "TABLE")) {
		i++;
		skip_if_exists(s, &i);
		if ((name = qname(s, &i)))
			return rt_lint_add_created(x, name);
		return 0;
	}
	if (is_kw(s, i, "UNIQUE"))
		i++;
	if (!is_kw(s, i, "INDEX"))
		return 0;
	i++;
	skip_if_exists(s, &i);
	if (!(name = qname(s, &i)) || !is_kw(s, i, "ON"))
		return 0;
	i++;
	if (!(table = qname(s, &i)))
		return 0;
	return rt_lint_add_index(x, name, table);
}

static int drop_stmt(stmt *s)
{
	lint_ctx *x = s->x;
	int i = 2;
	size_t before = x->findings.len;
	long pos;
	char *name;
	int error;

	if (!is_kw(s, 1, "TABLE"))
		return 0;
	skip_if_exists(s, &i);
	pos = i < s->n ? (long)s->t[i].pos : -1;
	if (!(name = qname(s, &i)))
		return 0;
	if (rt_lint_is_new(x, name)) {
		rt_lint_forget_created(x, name);
		return 0;
	}
	error = hit(x, R_DROP_TABLE, name, pos,
		    rt_lint_fmt(x, "dropping table '%s'", name), NULL, NULL);
	if (error < 0)
		return error;
	return note_drop(x, name, before);
}

/* The column definition of ADD COLUMN, tokens [i, n): what SQLite's
 * ALTER TABLE refuses. */
static int add_column(stmt *s, const char *table, int i)
{
	lint_ctx *x = s->x;
	int not_null = 0, has_default = 0, k;
	long col_pos = i < s->n ? (long)s->t[i].pos : -1;
	char *col = is_name(s, i) ? name_at(s, i) : NULL;

	if (!col)
		return 0;
	for (k = i + 1; k < s->n; k++) {
		if (is_kw(s, k, "NOT") && is_kw(s, k + 1, "NULL"))
			not_null = 1;
		if (is_kw(s, k, "DEFAULT")) {
			has_default = 1;
			if (non_constant_default(s, k + 1)) {
				int e = hit_rows(
				    x, R_ADD_COLUMN_VOLATILE_DEFAULT, table,
				    (long)s->t[k].pos,
				    rt_lint_fmt(x,
						"column '%s' of '%s' gets "
						"a non-constant default",
						col, table),
				    "the statement fails once the table has "
				    "rows: SQLite's ALTER TABLE ADD COLUMN "
				    "takes only a constant default then",
				    rt_lint_fmt(x,
						"-- add it without the "
						"default, then fill it:\n"
						"ALTER TABLE %s ADD COLUMN "
						"%s ...;\nUPDATE %s SET %s "
						"= ...;",
						table, col, table, col),
				    1);
				if (e < 0)
					return e;
			}
		}
		if ((is_kw(s, k, "PRIMARY") && is_kw(s, k + 1, "KEY")) ||
		    is_kw(s, k, "UNIQUE")) {
			int pk = is_kw(s, k, "PRIMARY");
			int e = hit(
			    x, pk ? R_ADD_PRIMARY_KEY : R_ADD_UNIQUE_CONSTRAINT,
			    NULL, (long)s->t[k].pos,
			    rt_lint_fmt(x,
					"column '%s' of '%s' is added "
					"%s",
					col, table,
					pk ? "as PRIMARY KEY" : "UNIQUE"),
			    pk ? "the statement fails: SQLite cannot "
				 "add a PRIMARY KEY column"
			       : "the statement fails: SQLite cannot "
				 "add a UNIQUE column",
			    pk ? NULL
			       : rt_lint_fmt(x,
					     "ALTER TABLE %s ADD "
					     "COLUMN %s ...;\nCREATE "
					     "UNIQUE INDEX %s_%s_key "
					     "ON %s (%s);",
					     table, col, table, col, table,
					     col));
			if (e < 0)
				return e;
		}
		if (is_kw(s, k, "STORED")) {
			int e = hit_rows(x, R_ADD_COLUMN_VOLATILE_DEFAULT,
					 table, (long)s->t[k].pos,
					 rt_lint_fmt(x,
						     "column '%s' of '%s' is a "
						     "STORED generated column",
						     col, table),
					 "the statement fails once the table "
					 "has rows: SQLite cannot add a STORED "
					 "column to them (VIRTUAL it can)",
					 NULL, 1);
			if (e < 0)
				return e;
		}
	}
	if (not_null && !has_default)
		return hit(
		    x, R_ADD_COLUMN_NOT_NULL_NO_DEFAULT, table, col_pos,
		    rt_lint_fmt(x,
				"column '%s' is added to '%s' NOT NULL "
				"without a default",
				col, table),
		    "the statement fails once the table has rows: SQLite "
		    "adds a NOT NULL column to them only with a non-NULL "
		    "default; and the application version still running "
		    "does not write the column, so its INSERTs fail",
		    rt_lint_fmt(x,
				"ALTER TABLE %s ADD COLUMN %s ... NOT "
				"NULL DEFAULT <value>;",
				table, col));
	return 0;
}

static int alter_stmt(stmt *s)
{
	lint_ctx *x = s->x;
	int i = 2, error;
	long tpos;
	char *table, *a, *b;

	if (!is_kw(s, 1, "TABLE"))
		return 0;
	tpos = i < s->n ? (long)s->t[i].pos : -1;
	if (!(table = qname(s, &i)))
		return 0;
	if (is_kw(s, i, "RENAME")) {
		i++;
		if (is_kw(s, i, "TO")) {
			if (!is_name(s, i + 1) || !(b = name_at(s, i + 1)))
				return 0;
			if (rt_lint_is_new(x, table)) {
				/* a new table takes the name: the last
				 * step of a rebuild, or just a new table */
				rt_lint_forget_created(x, table);
				if ((error = rebuild(x, table, b)) < 0)
					return error;
				return rt_lint_add_created(x, b);
			}
			return hit(x, R_RENAME_TABLE, table, tpos,
				   rt_lint_fmt(x,
					       "table '%s' is renamed to '%s'",
					       table, b),
				   NULL,
				   rt_lint_fmt(x,
					       "ALTER TABLE %s RENAME TO %s;\n"
					       "CREATE VIEW %s AS SELECT * "
					       "FROM %s;  -- for the running "
					       "version; drop it later",
					       table, b, table, b));
		}
		if (is_kw(s, i, "COLUMN"))
			i++;
		if (!is_name(s, i) || !is_kw(s, i + 1, "TO") ||
		    !is_name(s, i + 2))
			return 0;
		a = name_at(s, i);
		b = name_at(s, i + 2);
		if (!a || !b)
			return RT_ERROR;
		return hit(x, R_RENAME_COLUMN, table, (long)s->t[i].pos,
			   rt_lint_fmt(x,
				       "column '%s' of '%s' is renamed to "
				       "'%s'",
				       a, table, b),
			   NULL,
			   rt_lint_fmt(x,
				       "-- expand: add the new column and "
				       "keep both in step\nALTER TABLE %s "
				       "ADD COLUMN %s ...;\nUPDATE %s SET %s "
				       "= %s;\n-- contract, once no running "
				       "version reads it:\nALTER TABLE %s "
				       "DROP COLUMN %s;",
				       table, b, table, b, a, table, a));
	}
	if (is_kw(s, i, "ADD")) {
		i++;
		if (is_kw(s, i, "COLUMN"))
			i++;
		return add_column(s, table, i);
	}
	if (is_kw(s, i, "DROP")) {
		i++;
		if (is_kw(s, i, "COLUMN"))
			i++;
		if (!is_name(s, i) || !(a = name_at(s, i)))
			return 0;
		return hit(
		    x, R_DROP_COLUMN, table, (long)s->t[i].pos,
		    rt_lint_fmt(x, "column '%s' of '%s' is dropped", a, table),
		    "the column's data is gone, the application "
		    "version still running fails on every query that "
		    "names it, and SQLite rewrites the table to drop "
		    "it",
		    NULL);
	}
	return 0;
}

static int analyse(lint_ctx *x)
{
	stmt *s = calloc(1, sizeof(*s));
	int error = 0;

	if (!s)
		return rt_error_nomem();
	s->x = x;
	tokenize(s, x->stmt_start, x->stmt_start + x->stmt_len);
	if (is_kw(s, 0, "CREATE")) {
		error = create_stmt(s);
	} else if (is_kw(s, 0, "DROP")) {
		error = drop_stmt(s);
	} else if (is_kw(s, 0, "ALTER")) {
		error = alter_stmt(s);
	} else if (is_kw(s, 0, "VACUUM")) {
		error =
		    hit(x, x->in_txn ? R_VACUUM_IN_TRANSACTION : R_VACUUM_FULL,
			NULL, -1,
			x->in_txn ? "VACUUM inside the migration's "
				    "transaction"
				  : "VACUUM rebuilds the whole database "
				    "file",
			x->in_txn ? NULL
				  : "the database file is rewritten while "
				    "an exclusive lock blocks every reader "
				    "and writer",
			NULL);
	} else if (is_kw(s, 0, "BEGIN") || is_kw(s, 0, "COMMIT") ||
		   is_kw(s, 0, "END") ||
		   (is_kw(s, 0, "ROLLBACK") && !is_kw(s, 1, "TO"))) {
		int begin = is_kw(s, 0, "BEGIN");

		if (!x->plain)
			error = hit(x, R_TRANSACTION_CONTROL, NULL, -1,
				    rt_lint_fmt(x, "%.*s inside a migration",
						(int)s->t[0].len,
						x->text + s->t[0].pos),
				    NULL, NULL);
		else if (!begin)
			error = rt_lint_end_transaction(x);
		if (x->plain)
			x->in_txn = begin;
	}
	free(s);
	return error;
}

static int on_stmt(void *payload, size_t start, size_t len)
{
	lint_ctx *x = payload;

	rt_lint_begin_statement(x, start, len);
	if (!x->stmt_len)
		return 0;
	return analyse(x);
}

int rt_lint_sqlite_step(lint_ctx *x)
{
	return rt_backend_sqlite.split(x->text, strlen(x->text), on_stmt, x);
}
