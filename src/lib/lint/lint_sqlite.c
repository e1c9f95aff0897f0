/*
 * lint_sqlite.c: the SQLite rules. SQLite ships no parse-tree library
 * (its parser lives inside the engine and yields bytecode, not a tree),
 * so statements are classified from their tokens: the one SQL lexer
 * (util/sql_lex.c) under SQLite's quoting ("x", `x`, [x], 'it''s') and
 * comments, then a
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

/* The head of a statement is all most rules read; CREATE TABLE and
 * INSERT ... SELECT are read whole (column lists). */
#define HEAD_TOKS 256
#define ALL_TOKS (1 << 16)

typedef struct stmt {
	lint_ctx *x;
	tok *t;
	int n, cap;
} stmt;

/* The lexer's token as the rules read it: a blob is a literal like a
 * string, a parameter reads as a word. */
static enum tok_kind tok_kind_of(rt_sql_kind k)
{
	switch (k) {
	case RT_SQL_WORD:
	case RT_SQL_PARAM:
		return T_WORD;
	case RT_SQL_QUOTED:
		return T_QUOTED;
	case RT_SQL_STRING:
	case RT_SQL_BLOB:
		return T_STRING;
	case RT_SQL_NUMBER:
		return T_NUMBER;
	default:
		return T_PUNCT;
	}
}

/* Tokens of x->text[start, end), up to `max` (the one SQL lexer,
 * util/sql_lex.c, under SQLite's rules: its block comments do not
 * nest, one that never ends runs to the end). */
static int tokenize(stmt *s, size_t start, size_t end, int max)
{
	rt_sql_lexer lx;
	rt_sql_lexeme m;

	s->n = 0;
	rt_sql_lexer_init(&lx, s->x->text, start, end, RT_SQL_SQLITE);
	while (s->n < max && rt_sql_lex(&lx, &m)) {
		tok *t;

		if (m.kind == RT_SQL_COMMENT)
			break;
		if (s->n == s->cap) {
			int cap = s->cap ? s->cap * 2 : 64;
			tok *nt = realloc(s->t, (size_t)cap * sizeof(*nt));

			if (!nt)
				return rt_error_nomem();
			s->t = nt;
			s->cap = cap;
		}
		t = &s->t[s->n++];
		t->kind = tok_kind_of(m.kind);
		t->pos = m.start;
		t->len = m.len;
	}
	return 0;
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
	char *out;

	if (t->kind == T_WORD)
		return rt_arena_strndup(s->x->a, p, t->len);
	rt_buf_init(&b);
	rt_sql_unquote(&b, p, t->len);
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

/* ---- what the run knows of a table's columns ---------------------------- */

/* A table's columns as the statements read so far leave them. */
typedef struct lint_cols {
	const char *table;
	rt_vec cols; /* char * */
	int known;   /* 0: lint cannot list them (CREATE TABLE ... AS) */
} lint_cols;

/* What the SQLite analyser keeps across statements (x->engine): its
 * vectors live in x->a. */
typedef struct sq_state {
	rt_vec tables;	      /* lint_cols *, across migrations */
	rt_vec copies;	      /* INSERT ... SELECT, this migration */
	rt_vec pending_drops; /* dropped tables, for rebuilds */
} sq_state;

static sq_state *sq(const lint_ctx *x)
{
	return x->engine;
}

/* The record of `table` in the run, or NULL. */
static lint_cols *cols_find(const lint_ctx *x, const char *table)
{
	size_t i;

	for (i = sq(x)->tables.len; i-- > 0;) {
		lint_cols *c = sq(x)->tables.items[i];

		if (rt_lint_name_eq(x, c->table, table))
			return c;
	}
	return NULL;
}

/* A table's columns as the migrations of x->dir before the current one
 * leave them (*out NULL: none of them says). */
static int history_cols(lint_ctx *x, const char *table, const lint_cols **out)
{
	lint_ctx *h;
	int error;

	*out = NULL;
	if ((error = rt_lint_history(x, &h)) < 0 || !h)
		return error;
	*out = cols_find(h, table);
	return 0;
}

/*
 * The columns of `table` as the statements read so far leave them: the
 * run's own record, else the database's (seeded on first use, so that
 * the run's changes apply to it), else the directory's migrations before
 * this one. NULL: nobody knows.
 */
static lint_cols *cols_of(lint_ctx *x, const char *table)
{
	lint_cols *c = cols_find(x, table);
	const lint_cols *h = NULL;
	rt_vec cols = {0};
	size_t i;
	int found = 0;

	if (c)
		return c->known ? c : NULL;
	if (x->opts->db && !rt_lint_is_new(x, table)) {
		if (rt_lint_catalog_columns(x, rt_lint_db_name(x, table), &cols,
					    &found) < 0)
			return NULL;
	} else if (history_cols(x, table, &h) < 0) {
		return NULL;
	}
	if (!found && !(h && h->known))
		return NULL;
	if (!(c = rt_arena_alloc(x->a, sizeof(*c))) ||
	    !(c->table = rt_arena_strdup(x->a, table)))
		return NULL;
	c->known = 1;
	if (found)
		c->cols = cols;
	for (i = 0; h && i < h->cols.len; i++)
		if (rt_vec_push(x->a, &c->cols, h->cols.items[i]) < 0)
			return NULL;
	return rt_vec_push(x->a, &sq(x)->tables, c) < 0 ? NULL : c;
}

/* A new record for `table` (CREATE TABLE); known 0: columns unknown. */
static lint_cols *cols_new(lint_ctx *x, const char *table, int known)
{
	lint_cols *c = rt_arena_alloc(x->a, sizeof(*c));

	if (!c || !(c->table = rt_arena_strdup(x->a, table)))
		return NULL;
	c->known = known;
	return rt_vec_push(x->a, &sq(x)->tables, c) < 0 ? NULL : c;
}

static int col_index(const lint_cols *c, const char *col)
{
	size_t i;

	for (i = 0; i < c->cols.len; i++)
		if (!strcasecmp(c->cols.items[i], col))
			return (int)i;
	return -1;
}

static void cols_drop(lint_cols *c, const char *col)
{
	int k = c ? col_index(c, col) : -1;
	size_t i;

	if (k < 0)
		return;
	for (i = (size_t)k; i + 1 < c->cols.len; i++)
		c->cols.items[i] = c->cols.items[i + 1];
	c->cols.len--;
}

/* ---- rebuilds ------------------------------------------------------------ */

/* `INSERT INTO into ... SELECT ... FROM from` of this migration: the
 * columns of `from` its select list leaves behind, and where it stood. */
typedef struct copy {
	const char *into, *from;
	rt_vec missing; /* char * */
	lint_where where;
} copy;

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
	return rt_vec_push(x->a, &sq(x)->pending_drops, d);
}

/* The copy of this migration from `from` into `into`, or NULL. */
static copy *find_copy(lint_ctx *x, const char *into, const char *from)
{
	size_t i;

	for (i = sq(x)->copies.len; i-- > 0;) {
		copy *c = sq(x)->copies.items[i];

		if (!strcasecmp(c->into, into) && !strcasecmp(c->from, from))
			return c;
	}
	return NULL;
}

/* The last m findings (about the copy, which stands before the drop)
 * move in front of x->findings[at]: findings stay in statement order. */
static void keep_order(lint_ctx *x, size_t at, size_t m)
{
	size_t n = x->findings.len, i;
	void **v = x->findings.items;

	while (m-- > 0) {
		void *f = v[n - 1];

		for (i = n - 1; i > at; i--)
			v[i] = v[i - 1];
		v[at] = f;
		/* the drops still pending moved up with it */
		for (i = 0; i < sq(x)->pending_drops.len; i++) {
			dropped *d = sq(x)->pending_drops.items[i];

			if (d->finding != (size_t)-1 && d->finding >= at)
				d->finding++;
		}
	}
}

/*
 * `ALTER TABLE new RENAME TO name` after `DROP TABLE name`: the drop was
 * the middle of a rebuild. When `new` was filled from `name`, the drop's
 * finding becomes one of table-rebuild, and each column of `name` the
 * copy left behind is a drop-column, where the copy stands: its data is
 * gone as surely as with DROP COLUMN. Without a copy the drop stays a
 * drop-table: every row is gone.
 */
static int rebuild(lint_ctx *x, const char *from, const char *to)
{
	size_t i, k, before;

	for (i = 0; i < sq(x)->pending_drops.len; i++) {
		dropped *d = sq(x)->pending_drops.items[i];
		rt_lint_finding *f;
		copy *c;

		if (strcasecmp(d->name, to) != 0)
			continue;
		sq(x)->pending_drops.items[i] =
		    sq(x)->pending_drops.items[--sq(x)->pending_drops.len];
		if (d->finding == (size_t)-1)
			return 1;
		if (!(c = find_copy(x, from, to)))
			return 0;
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
		before = x->findings.len;
		for (k = 0; k < c->missing.len; k++) {
			const char *col = c->missing.items[k];
			lint_hit h = {0};
			int error;

			h.rule = R_DROP_COLUMN;
			h.table = to;
			h.pos = -1;
			h.message =
			    rt_lint_fmt(x,
					"column '%s' of '%s' is dropped: "
					"the rebuild's copy does not "
					"carry it",
					col, to);
			h.effect = "the column's data is gone (the rebuilt "
				   "table is filled without it), and the "
				   "application version still running fails "
				   "on every query that names it";
			h.hint = "carry the column in the INSERT ... SELECT "
				 "of the rebuild; if it is renamed, say so "
				 "(retort new --autogenerate --rename "
				 "table.old=new, or ALTER TABLE ... RENAME "
				 "COLUMN); if it is meant to go, drop it once "
				 "no running version uses it (say so with "
				 "`-- retort:lint-ignore drop-column "
				 "REASON`)";
			if (!h.message)
				return RT_ERROR;
			if ((error = rt_lint_emit_at(x, &c->where, &h)) < 0)
				return error;
		}
		keep_order(x, d->finding, x->findings.len - before);
		return 1;
	}
	return 0;
}

/* The column definitions of CREATE TABLE name (...), from token i (the
 * '('): the first word of each item that is no table constraint. */
static int create_columns(stmt *s, lint_cols *c, int i)
{
	int depth = 0, start = 1;

	for (; i < s->n; i++) {
		if (is_punct(s, i, '(')) {
			depth++;
			continue;
		}
		if (is_punct(s, i, ')')) {
			if (--depth == 0)
				return 0;
			continue;
		}
		if (depth == 1 && is_punct(s, i, ',')) {
			start = 1;
			continue;
		}
		if (depth != 1 || !start)
			continue;
		start = 0;
		if (is_kw(s, i, "CONSTRAINT") || is_kw(s, i, "PRIMARY") ||
		    is_kw(s, i, "UNIQUE") || is_kw(s, i, "CHECK") ||
		    is_kw(s, i, "FOREIGN") || !is_name(s, i))
			continue;
		if (rt_vec_push(s->x->a, &c->cols, name_at(s, i)) < 0)
			return RT_ERROR;
	}
	c->known = 0; /* unterminated: unsure */
	return 0;
}

static int create_stmt(stmt *s)
{
	lint_ctx *x = s->x;
	int i = 1, error;
	char *name, *table;
	lint_cols *c;

	if (is_kw(s, i, "TEMP") || is_kw(s, i, "TEMPORARY"))
		i++;
	if (is_kw(s, i, "VIRTUAL") && is_kw(s, i + 1, "TABLE")) {
		i += 2;
		skip_if_exists(s, &i);
		if (!(name = qname(s, &i)))
			return 0;
		if ((error = rt_lint_add_created(x, name)) < 0)
			return error;
		return cols_new(x, name, 0) ? 0 : RT_ERROR;
	}
	if (is_kw(s, i, "TABLE")) {
		int if_not_exists = is_kw(s, i + 1, "IF");
		const rt_lint_table *t;

		i++;
		skip_if_exists(s, &i);
		if (!(name = qname(s, &i)))
			return 0;
		/* the database's table stays: the statement does nothing */
		if (if_not_exists && x->opts->db && !rt_lint_is_new(x, name)) {
			if ((error = rt_lint_catalog_table(x, name, &t)) < 0)
				return error;
			if (t && t->exists)
				return 0;
		}
		if ((error = rt_lint_add_created(x, name)) < 0)
			return error;
		if (!(c = cols_new(x, name, is_punct(s, i, '('))))
			return RT_ERROR;
		return c->known ? create_columns(s, c, i) : 0;
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
	lint_cols *c;
	int error;

	if (!is_kw(s, 1, "TABLE"))
		return 0;
	skip_if_exists(s, &i);
	pos = i < s->n ? (long)s->t[i].pos : -1;
	if (!(name = qname(s, &i)))
		return 0;
	if ((c = cols_find(x, name))) {
		c->known = 0;
		c->cols.len = 0;
	} else if (!cols_new(x, name, 0)) {
		return RT_ERROR;
	}
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

/* INSERT [OR ...] INTO t [(...)] SELECT list FROM src: which columns of
 * src the select list names (any mention counts: a cast or a function
 * of the column carries it); `*` carries all. */
static int insert_stmt(stmt *s)
{
	lint_ctx *x = s->x;
	int i = 1, depth = 0, k, all = 0, sel, from = -1;
	char *into, *src;
	lint_cols *cols;
	copy *c;
	size_t j;

	if (is_kw(s, i, "OR"))
		i += 2;
	if (!is_kw(s, i, "INTO"))
		return 0;
	i++;
	if (!(into = qname(s, &i)))
		return 0;
	if (is_kw(s, i, "AS"))
		i += 2;
	if (is_punct(s, i, '(')) {
		for (; i < s->n; i++) {
			if (is_punct(s, i, '('))
				depth++;
			else if (is_punct(s, i, ')') && --depth == 0)
				break;
		}
		i++;
	}
	if (!is_kw(s, i, "SELECT"))
		return 0;
	sel = ++i;
	for (depth = 0; i < s->n; i++) {
		if (is_punct(s, i, '('))
			depth++;
		else if (is_punct(s, i, ')'))
			depth--;
		else if (depth == 0 && is_kw(s, i, "FROM")) {
			from = i;
			break;
		} else if (depth == 0 && is_punct(s, i, '*'))
			all = 1; /* `*` or `t.*` (a product has operands) */
	}
	k = from + 1;
	if (from < 0 || !(src = qname(s, &k)))
		return 0;
	if (!(c = rt_arena_alloc(x->a, sizeof(*c))))
		return RT_ERROR;
	c->into = into;
	c->from = src;
	rt_lint_where_save(x, &c->where);
	if (!all && (cols = cols_of(x, src))) {
		for (j = 0; j < cols->cols.len; j++) {
			const char *col = cols->cols.items[j];
			int named = 0;

			for (k = sel; k < from && !named; k++) {
				char *n;

				if (s->t[k].kind != T_WORD &&
				    s->t[k].kind != T_QUOTED)
					continue;
				if (!(n = name_at(s, k)))
					return RT_ERROR;
				named = !strcasecmp(n, col);
			}
			if (!named &&
			    rt_vec_push(x->a, &c->missing, (char *)col) < 0)
				return RT_ERROR;
		}
	}
	return rt_vec_push(x->a, &sq(x)->copies, c);
}

/* A statement SQLite's grammar refuses: it fails as written, and lint
 * reads nothing into it. */
static int not_sqlite(lint_ctx *x, long pos, const char *what)
{
	return hit(x, R_UNPARSED_STATEMENT, NULL, pos,
		   rt_lint_fmt(x,
			       "SQLite has no %s: the statement is a syntax "
			       "error there",
			       what),
		   "the statement fails, and no rule checked it", NULL);
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

/* The run's record of a table follows its rename. */
static int cols_rename(lint_ctx *x, const char *from, const char *to)
{
	lint_cols *c = cols_of(x, from);
	lint_cols *old = cols_find(x, to);

	if (old && old != c) {
		old->known = 0;
		old->cols.len = 0;
	}
	if (!c)
		return 0;
	if (!(c->table = rt_arena_strdup(x->a, to)))
		return RT_ERROR;
	/* found first from now on */
	return rt_vec_push(x->a, &sq(x)->tables, c);
}

static int alter_stmt(stmt *s)
{
	lint_ctx *x = s->x;
	int i = 2, error;
	long tpos;
	char *table, *a, *b;
	lint_cols *c;

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
			if ((error = cols_rename(x, table, b)) < 0)
				return error;
			if (rt_lint_is_new(x, table)) {
				/* a new table takes the name: the last
				 * step of a rebuild, or just a new table */
				if ((error = rebuild(x, table, b)) < 0)
					return error;
				return rt_lint_rename_table(x, table, b);
			}
			error =
			    hit(x, R_RENAME_TABLE, table, tpos,
				rt_lint_fmt(x, "table '%s' is renamed to '%s'",
					    table, b),
				NULL,
				rt_lint_fmt(x,
					    "ALTER TABLE %s RENAME TO %s;\n"
					    "CREATE VIEW %s AS SELECT * "
					    "FROM %s;  -- for the running "
					    "version; drop it later",
					    table, b, table, b));
			if (error < 0)
				return error;
			return rt_lint_rename_table(x, table, b);
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
		if ((c = cols_of(x, table)) && (error = col_index(c, a)) >= 0)
			c->cols.items[error] = b;
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
		if (is_kw(s, i, "IF") && is_kw(s, i + 1, "NOT") &&
		    is_kw(s, i + 2, "EXISTS"))
			return not_sqlite(x, (long)s->t[i].pos,
					  "ADD COLUMN IF NOT EXISTS");
		if (is_name(s, i) && (c = cols_of(x, table)) &&
		    (a = name_at(s, i)) && rt_vec_push(x->a, &c->cols, a) < 0)
			return RT_ERROR;
		return add_column(s, table, i);
	}
	if (is_kw(s, i, "DROP")) {
		i++;
		if (is_kw(s, i, "COLUMN"))
			i++;
		if (is_kw(s, i, "IF") && is_kw(s, i + 1, "EXISTS"))
			return not_sqlite(x, (long)s->t[i].pos,
					  "DROP COLUMN IF EXISTS");
		if (!is_name(s, i) || !(a = name_at(s, i)))
			return 0;
		cols_drop(cols_of(x, table), a);
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
	if ((error = tokenize(s, x->stmt_start, x->stmt_start + x->stmt_len,
			      HEAD_TOKS)) < 0)
		goto done;
	/* column lists are read whole */
	if (s->n == HEAD_TOKS &&
	    (is_kw(s, 0, "CREATE") || is_kw(s, 0, "INSERT") ||
	     is_kw(s, 0, "REPLACE")) &&
	    (error = tokenize(s, x->stmt_start, x->stmt_start + x->stmt_len,
			      ALL_TOKS)) < 0)
		goto done;
	if (is_kw(s, 0, "INSERT") || is_kw(s, 0, "REPLACE")) {
		error = insert_stmt(s);
	} else if (is_kw(s, 0, "CREATE")) {
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
done:
	free(s->t);
	free(s);
	return error;
}

static int sq_step(lint_ctx *x)
{
	return rt_lint_each_statement(x, analyse);
}

/* ---- the engine's lint ----------------------------------------------------
 */

static int sq_state_new(void **out, lint_ctx *x)
{
	(void)x;
	if (!(*out = calloc(1, sizeof(sq_state))))
		return rt_error_nomem();
	return 0;
}

static void sq_state_free(void *state)
{
	free(state);
}

static void sq_begin_migration(lint_ctx *x)
{
	sq(x)->pending_drops.len = 0;
	sq(x)->copies.len = 0;
}

#define R RT_LINT_RULE_BIT

const rt_lint_ops rt_lint_ops_sqlite = {
    .rules = R(R_ADD_COLUMN_VOLATILE_DEFAULT) |
	     R(R_ADD_COLUMN_NOT_NULL_NO_DEFAULT) | R(R_RENAME_COLUMN) |
	     R(R_RENAME_TABLE) | R(R_DROP_COLUMN) | R(R_DROP_TABLE) |
	     R(R_ADD_UNIQUE_CONSTRAINT) | R(R_ADD_PRIMARY_KEY) |
	     R(R_VACUUM_FULL) | R(R_VACUUM_IN_TRANSACTION) |
	     R(R_TRANSACTION_CONTROL) | R(R_TABLE_REBUILD) |
	     R(R_UNPARSED_STATEMENT) | R(R_UNKNOWN_LINT_RULE),
    .state_new = sq_state_new,
    .state_free = sq_state_free,
    .begin_migration = sq_begin_migration,
    .step = sq_step,
    .lookup = &rt_lookup_ops_sqlite,
};
