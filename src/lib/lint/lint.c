/*
 * lint.c: the lint driver. It owns the report (one arena), walks the up
 * sections of the migrations in run order, keeps what the run has created
 * so far (tables and indexes, for exemptions; enum labels, for the enum
 * rules), hands each SQL step to the engine's analyser (rt_lint_ops, from
 * the engine descriptor) and turns hits into findings. Nothing here
 * depends on which engine it is: what differs is asked of the descriptor
 * (its lint ops, its quoter, whether it folds the case of table names).
 *
 * Invariants: findings are in run order (migration, step, statement);
 * a finding's strings live in the report's arena; a hit on a table new in
 * the run (or absent from the database) is dropped, never counted; every
 * other hit becomes a finding, suppressed or not, so the report shows
 * what was looked at.
 */
#include "lint/lint.h"
#include "util/fs.h"
#include "util/sql_lex.h"

#include <ctype.h>
#include <stdarg.h>

struct report {
	rt_lint_report pub; /* first: the public pointer is this one */
	rt_arena arena;
};

/* A backfill waiting for the end of its transaction, with the statement
 * it stood in. */
typedef struct saved_hit {
	lint_hit h;
	lint_where w;
} saved_hit;

char *rt_lint_fmt(lint_ctx *x, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = rt_arena_vprintf(x->a, fmt, ap);
	va_end(ap);
	return s;
}

void rt_lint_put_ident(const lint_ctx *x, rt_buf *b, const char *name)
{
	const char *p;
	int plain = name[0] && !isdigit((unsigned char)name[0]);

	for (p = name; *p && plain; p++)
		if (!((*p >= 'a' && *p <= 'z') || isdigit((unsigned char)*p) ||
		      *p == '_'))
			plain = 0;
	if (plain)
		rt_buf_puts(b, name);
	else
		x->be->quote_ident(b, name);
}

static int history(lint_ctx *x, lint_ctx **out);

/* ---- names ------------------------------------------------------------ */

/* The part of "schema.table" that identifies a table across spellings. */
static const char *key_of(const char *name)
{
	const char *dot = strrchr(name, '.');

	return dot ? dot + 1 : name;
}

int rt_lint_name_eq(const lint_ctx *x, const char *a, const char *b)
{
	a = key_of(a);
	b = key_of(b);
	/* an engine that folds every table name compares without case;
	 * elsewhere the parser has already folded the unquoted ones */
	return (x->be->caps & RT_CAP_FOLD_TABLE_CASE) ? !strcasecmp(a, b)
						      : !strcmp(a, b);
}

const char *rt_lint_pair_key(const lint_ctx *x, const char *table,
			     int fold_table, const char *col, int fold_col,
			     char *buf, size_t size)
{
	size_t tl = strlen(table), cl = col ? strlen(col) : 0, i;
	char *k;

	if (tl + cl + 2 <= size)
		k = buf;
	else if (!(k = rt_arena_alloc(x->a, tl + cl + 2)))
		return NULL;
	/* as strcasecmp compares: byte by byte, through tolower */
	for (i = 0; i < tl; i++)
		k[i] = fold_table ? (char)tolower((unsigned char)table[i])
				  : table[i];
	if (!col) {
		k[tl] = '\0';
		return k;
	}
	/* no name holds a NUL: table and column cannot run together */
	k[tl] = '\1';
	for (i = 0; i < cl; i++)
		k[tl + 1 + i] =
		    fold_col ? (char)tolower((unsigned char)col[i]) : col[i];
	k[tl + 1 + cl] = '\0';
	return k;
}

const char *rt_lint_name_key(const lint_ctx *x, const char *table,
			     const char *col, char *buf, size_t size)
{
	return rt_lint_pair_key(x, key_of(table),
				(x->be->caps & RT_CAP_FOLD_TABLE_CASE) != 0,
				col, 1, buf, size);
}

static lint_name *find_name(const lint_ctx *x, const rt_vec *v,
			    const char *name)
{
	size_t i;

	for (i = v->len; i-- > 0;) {
		lint_name *n = v->items[i];

		if (rt_lint_name_eq(x, n->name, name))
			return n;
	}
	return NULL;
}

/* The run's tables are looked up for every statement: by key, not by a
 * scan of all of them (a long history made that quadratic). */
static lint_name *find_created(const lint_ctx *x, const char *name)
{
	char buf[RT_LINT_KEY_SIZE];
	const char *k = rt_lint_name_key(x, name, NULL, buf, sizeof(buf));

	return k ? rt_strmap_get(&x->created, k) : NULL;
}

int rt_lint_add_created(lint_ctx *x, const char *name)
{
	char buf[RT_LINT_KEY_SIZE];
	const char *k = rt_lint_name_key(x, name, NULL, buf, sizeof(buf));
	lint_name *n;

	if (!k)
		return RT_ERROR;
	if (rt_strmap_get(&x->created, k))
		return 0;
	if (!(n = rt_arena_alloc(x->a, sizeof(*n))))
		return RT_ERROR;
	if (!(n->name = rt_arena_strdup(x->a, name)))
		return RT_ERROR;
	n->line = x->stmt_line;
	return rt_strmap_put(&x->created, x->a, k, n);
}

void rt_lint_forget_created(lint_ctx *x, const char *name)
{
	char buf[RT_LINT_KEY_SIZE];
	const char *k = rt_lint_name_key(x, name, NULL, buf, sizeof(buf));

	if (k)
		rt_strmap_del(&x->created, k);
}

int rt_lint_is_new(const lint_ctx *x, const char *name)
{
	return find_created(x, name) != NULL;
}

int rt_lint_add_index(lint_ctx *x, const char *index, const char *table)
{
	lint_name *n = rt_arena_alloc(x->a, sizeof(*n));

	if (!n)
		return RT_ERROR;
	n->name = rt_arena_strdup(x->a, index);
	n->value = rt_arena_strdup(x->a, table);
	if (!n->name || !n->value)
		return RT_ERROR;
	return rt_vec_push(x->a, &x->created_indexes, n);
}

const char *rt_lint_index_table(const lint_ctx *x, const char *index)
{
	lint_name *n = find_name(x, &x->created_indexes, index);

	return n ? n->value : NULL;
}

int rt_lint_index_known(lint_ctx *x, const char *index, const char **table)
{
	lint_ctx *h;
	int error;

	if ((*table = rt_lint_index_table(x, index)))
		return 0;
	if (x->opts->db)
		return rt_lint_catalog_index_table(x, index, table);
	if ((error = history(x, &h)) < 0 || !h)
		return error;
	*table = rt_lint_index_table(h, index);
	return 0;
}

int rt_lint_index_absent(lint_ctx *x, const char *index)
{
	const char *table;
	lint_ctx *h;
	int error;

	if (rt_lint_index_table(x, index))
		return 0;
	if (x->opts->db) {
		if (!x->opts->db->conn)
			return 0;
		if ((error = rt_lint_catalog_index_table(x, index, &table)) < 0)
			return error;
		return !table;
	}
	if ((error = history(x, &h)) < 0)
		return error;
	return h && !rt_lint_index_table(h, index);
}

const char *rt_lint_db_name(const lint_ctx *x, const char *table)
{
	lint_name *n = find_name(x, &x->renamed, table);

	return n ? n->value : table;
}

int rt_lint_rename_table(lint_ctx *x, const char *from, const char *to)
{
	lint_name *n;
	size_t i;

	for (i = 0; i < x->created_indexes.len; i++) {
		n = x->created_indexes.items[i];
		if (rt_lint_name_eq(x, n->value, from) &&
		    !(n->value = rt_arena_strdup(x->a, to)))
			return RT_ERROR;
	}
	if (rt_lint_is_new(x, from)) {
		rt_lint_forget_created(x, from);
		return rt_lint_add_created(x, to);
	}
	/* the database's table under another name: what the database
	 * says of it is said of the old name */
	if (!(n = rt_arena_alloc(x->a, sizeof(*n))) ||
	    !(n->name = rt_arena_strdup(x->a, to)) ||
	    !(n->value = rt_arena_strdup(x->a, rt_lint_db_name(x, from))))
		return RT_ERROR;
	n->line = x->stmt_line;
	return rt_vec_push(x->a, &x->renamed, n);
}

int rt_lint_rename_index(lint_ctx *x, const char *from, const char *to)
{
	lint_name *n = find_name(x, &x->created_indexes, from);
	const char *table;

	if (n) {
		/* the run's own index, whatever it is called now */
		if (!(n->name = rt_arena_strdup(x->a, to)))
			return RT_ERROR;
		return 1;
	}
	if (rt_lint_index_known(x, from, &table) < 0)
		return RT_ERROR;
	if (!table)
		return 0;
	return rt_lint_add_index(x, to, table) < 0 ? RT_ERROR : 1;
}

lint_enum *rt_lint_enum(lint_ctx *x, const char *name, int create)
{
	lint_enum *e;
	size_t i;

	for (i = x->enums.len; i-- > 0;) {
		e = x->enums.items[i];
		if (rt_lint_name_eq(x, e->name, name))
			return e;
	}
	if (!create)
		return NULL;
	if (!(e = rt_arena_alloc(x->a, sizeof(*e))) ||
	    !(e->name = rt_arena_strdup(x->a, name)) ||
	    rt_vec_push(x->a, &x->enums, e) < 0)
		return NULL;
	return e;
}

/* ---- statements and positions ------------------------------------------ */

/* Statements and findings come in order: a cursor keeps this linear. */
static int line_of(lint_ctx *x, size_t pos)
{
	if (x->lines.s != x->text || x->lines_step != x->step) {
		rt_sql_lines_init(&x->lines, x->text, x->step->line);
		x->lines_step = x->step;
	}
	return rt_sql_lines_at(&x->lines, pos);
}

struct each_statement {
	lint_ctx *x;
	int (*analyse)(lint_ctx *x);
};

static int on_statement(void *payload, size_t start, size_t len)
{
	struct each_statement *e = payload;

	rt_lint_begin_statement(e->x, start, len);
	if (!e->x->stmt_len)
		return 0;
	return e->analyse(e->x);
}

int rt_lint_each_statement(lint_ctx *x, int (*analyse)(lint_ctx *x))
{
	struct each_statement e = {x, analyse};

	return x->be->split(x->text, strlen(x->text), on_statement, &e);
}

void rt_lint_begin_statement(lint_ctx *x, size_t start, size_t len)
{
	size_t s = rt_sql_skip_space(x->text, start + len, start);

	len -= s - start;
	len = rt_sql_trim_end(x->text + s, len);
	x->prev_end_line = x->stmt_end_line;
	x->stmt_start = s;
	x->stmt_len = len;
	x->stmt_line = line_of(x, s);
	x->stmt_end_line = line_of(x, s + (len ? len - 1 : 0));
	x->nstatements++;
}

/* Does a lint-ignore of the migration cover `rule` at this statement?
 * A directive at the top of the file covers the whole file; one in the
 * up section covers the statement it precedes or stands in. */
static const rt_lint_ignore *ignored(const lint_ctx *x, const char *rule)
{
	size_t i;

	if (!x->m)
		return NULL;
	for (i = 0; i < x->m->nlint_ignores; i++) {
		const rt_lint_ignore *ig = &x->m->lint_ignores[i];

		if (strcmp(ig->rule, rule) != 0)
			continue;
		if (ig->scope == RT_LINT_SCOPE_FILE)
			return ig;
		if (ig->scope == RT_LINT_SCOPE_UP &&
		    ig->line > x->prev_end_line && ig->line <= x->stmt_end_line)
			return ig;
	}
	return NULL;
}

static int conf_ignored(const lint_ctx *x, const char *rule)
{
	size_t i;

	for (i = 0; i < x->opts->nignore; i++)
		if (!strcmp(x->opts->ignore[i], rule))
			return 1;
	return 0;
}

static const char *human_bytes(lint_ctx *x, int64_t b)
{
	if (b < 0)
		return "size unknown";
	if (b < 10 * 1024)
		return rt_lint_fmt(x, "%lld bytes", (long long)b);
	if (b < 10 * 1024 * 1024)
		return rt_lint_fmt(x, "%lld kB", (long long)(b / 1024));
	if (b < 10LL * 1024 * 1024 * 1024)
		return rt_lint_fmt(x, "%lld MB", (long long)(b >> 20));
	return rt_lint_fmt(x, "%lld GB", (long long)(b >> 30));
}

/* "12 rows, 8 kB (pg_class ...)" */
static const char *figures(lint_ctx *x, const rt_lint_table *t)
{
	const char *rows =
	    t->rows < 0 ? "rows unknown" : rt_lint_fmt(x, "%.0f rows", t->rows);

	return rt_lint_fmt(x, "%s, %s, from %s", rows, human_bytes(x, t->bytes),
			   t->source);
}

/* The line of x->text holding `pos`, without its newline. */
/* Is `pos` inside x->text? Asked without strlen of the whole text, which
 * per finding would make linting a long section quadratic. */
static int in_text(const lint_ctx *x, size_t pos)
{
	size_t from = x->stmt_start;

	if (pos < from)
		return 1;
	return strnlen(x->text + from, pos - from + 1) > pos - from;
}

static const char *source_line(lint_ctx *x, size_t pos, int *column)
{
	size_t b = pos, e = pos;

	while (b > 0 && x->text[b - 1] != '\n')
		b--;
	while (x->text[e] && x->text[e] != '\n')
		e++;
	if (e > b && x->text[e - 1] == '\r')
		e--;
	*column = (int)(pos - b) + 1;
	return rt_arena_strndup(x->a, x->text + b, e - b);
}

/* Does a lock or compatibility rule on `table` not apply (a table new
 * in the run, or absent from the database)? Sets *tbl to its figures. */
static int exempt(lint_ctx *x, const char *table, const rt_lint_table **tbl)
{
	*tbl = NULL;
	if (rt_lint_is_new(x, table))
		return 1;
	if (rt_lint_catalog_table(x, rt_lint_db_name(x, table), tbl) < 0)
		return RT_ERROR;
	return *tbl && !(*tbl)->exists;
}

int rt_lint_emit(lint_ctx *x, const lint_hit *h, int *counted)
{
	const rt_lint_rule *rule = &rt_lint_rule_table[h->rule];
	const lint_text *txt = &rt_lint_texts[h->rule];
	const rt_lint_table *tbl = NULL;
	const rt_lint_ignore *ig;
	rt_lint_finding *f;
	size_t pos;
	int error;

	if (counted)
		*counted = 0;
	if (x->silent)
		return 0;
	if (h->table && (rule->kinds & (RT_LINT_LOCK | RT_LINT_COMPAT))) {
		if ((error = exempt(x, h->table, &tbl)) != 0)
			return error < 0 ? error : 0;
	}
	if (!(f = rt_arena_alloc(x->a, sizeof(*f))))
		return RT_ERROR;
	f->rule = rule;
	f->severity = h->severity ? h->severity : rule->severity;
	f->file = x->m ? x->m->path : NULL;
	f->revision = x->m ? x->m->name : NULL;
	pos = h->pos >= 0 && in_text(x, (size_t)h->pos) ? (size_t)h->pos
							 : x->stmt_start;
	f->line = line_of(x, pos);
	f->source_line = source_line(x, pos, &f->column);
	f->statement =
	    rt_arena_strndup(x->a, x->text + x->stmt_start, x->stmt_len);
	f->table = h->table ? rt_arena_strdup(x->a, h->table) : NULL;
	f->message = h->message;
	f->effect = h->effect ? h->effect : txt->effect;
	f->hint = h->hint ? h->hint : txt->hint;
	f->safe_sql = h->safe_sql;
	if (!f->source_line || !f->statement || (h->table && !f->table) ||
	    !f->message)
		return RT_ERROR;
	if (tbl && h->needs_rows && tbl->rows == 0)
		f->suppressed = rt_lint_fmt(x, "table '%s' is empty (%s)",
					    h->table, figures(x, tbl));
	else if (tbl && tbl->small && rule->kinds == RT_LINT_LOCK &&
		 !h->needs_rows)
		f->suppressed = rt_lint_fmt(x, "table '%s' is small (%s)",
					    h->table, figures(x, tbl));
	else if ((ig = ignored(x, rule->id)))
		f->suppressed =
		    ig->reason[0]
			? rt_lint_fmt(x, "lint-ignore: %s", ig->reason)
			: "lint-ignore (no reason given)";
	else if (conf_ignored(x, rule->id))
		f->suppressed = "retort.conf lint_ignore";
	if (f->suppressed == NULL && counted)
		*counted = 1;
	return rt_vec_push(x->a, &x->findings, f);
}

int rt_lint_table_dropped(lint_ctx *x, const char *table)
{
	size_t i;

	if (!x->m)
		return 0;
	for (i = x->findings.len; i-- > 0;) {
		rt_lint_finding *f = x->findings.items[i];

		if (f->revision != x->m->name)
			break;
		if (f->suppressed || !f->table ||
		    f->rule->kinds != RT_LINT_LOCK ||
		    !rt_lint_name_eq(x, f->table, table))
			continue;
		if (!(f->suppressed = rt_lint_fmt(
			  x, "table '%s' is dropped at line %d of the migration",
			  table, x->stmt_line)))
			return RT_ERROR;
	}
	return 0;
}

int rt_lint_blocking_lock(lint_ctx *x, const char *table, long pos)
{
	const rt_lint_table *tbl;
	lint_hit h = {0};
	int error;

	if (table && (error = exempt(x, table, &tbl)) != 0)
		return error < 0 ? error : 0;
	if (x->in_txn)
		x->ddl_in_txn = 1;
	if (!(x->ops->rules & RT_LINT_RULE_BIT(R_MISSING_LOCK_TIMEOUT)) ||
	    x->lock_timeout || x->lock_timeout_reported)
		return 0;
	if (table && tbl && tbl->small)
		return 0;
	h.rule = R_MISSING_LOCK_TIMEOUT;
	h.pos = pos;
	h.message = table ? rt_lint_fmt(x,
					"the migration locks '%s' without "
					"a lock_timeout",
					table)
			  : "the migration takes an ACCESS EXCLUSIVE lock "
			    "without a lock_timeout";
	h.safe_sql = "SET lock_timeout = '2s';  -- first statement of the "
		     "section";
	x->lock_timeout_reported = 1;
	return rt_lint_emit(x, &h, NULL);
}

void rt_lint_where_save(const lint_ctx *x, lint_where *w)
{
	w->step = x->step;
	w->text = x->text;
	w->start = x->stmt_start;
	w->len = x->stmt_len;
	w->line = x->stmt_line;
	w->end_line = x->stmt_end_line;
	w->prev_end = x->prev_end_line;
}

/* Put the statement fields back as `w` says. */
static void where_restore(lint_ctx *x, const lint_where *w)
{
	x->step = w->step;
	x->text = w->text;
	x->stmt_start = w->start;
	x->stmt_len = w->len;
	x->stmt_line = w->line;
	x->stmt_end_line = w->end_line;
	x->prev_end_line = w->prev_end;
}

int rt_lint_emit_at(lint_ctx *x, const lint_where *w, const lint_hit *h)
{
	lint_where now;
	int error;

	/* positions and lint-ignores are the saved statement's */
	rt_lint_where_save(x, &now);
	where_restore(x, w);
	error = rt_lint_emit(x, h, NULL);
	where_restore(x, &now);
	return error;
}

int rt_lint_end_transaction(lint_ctx *x)
{
	size_t i;
	int error = 0;

	if (x->ddl_in_txn) {
		/* the hits stood in earlier statements */
		for (i = 0; i < x->backfills.len && !error; i++) {
			saved_hit *s = x->backfills.items[i];

			error = rt_lint_emit_at(x, &s->w, &s->h);
		}
	}
	x->backfills.len = 0;
	x->ddl_in_txn = 0;
	return error;
}

int rt_lint_hold_backfill(lint_ctx *x, const lint_hit *h)
{
	saved_hit *s;

	if (!x->in_txn)
		return 0;
	if (!(s = rt_arena_alloc(x->a, sizeof(*s))))
		return RT_ERROR;
	s->h = *h;
	rt_lint_where_save(x, &s->w);
	return rt_vec_push(x->a, &x->backfills, s);
}

/* ---- one migration ------------------------------------------------------ */

static int check_ignores(lint_ctx *x, const rt_migration *m)
{
	size_t i;
	int error = 0;

	if (x->silent)
		return 0;
	for (i = 0; i < m->nlint_ignores && !error; i++) {
		const rt_lint_ignore *ig = &m->lint_ignores[i];
		rt_lint_finding *f;

		if (rt_lint_rule_get(ig->rule))
			continue;
		if (!(f = rt_arena_alloc(x->a, sizeof(*f))))
			return RT_ERROR;
		f->rule = &rt_lint_rule_table[R_UNKNOWN_LINT_RULE];
		f->severity = f->rule->severity;
		f->file = m->path;
		f->revision = m->name;
		f->line = ig->line;
		f->column = 1;
		f->source_line = rt_lint_fmt(x, "-- retort:lint-ignore %s %s",
					     ig->rule, ig->reason);
		f->statement = f->source_line;
		f->message = rt_lint_fmt(x,
					 "lint-ignore names unknown rule "
					 "'%s'",
					 ig->rule);
		f->effect = rt_lint_texts[R_UNKNOWN_LINT_RULE].effect;
		f->hint = rt_lint_texts[R_UNKNOWN_LINT_RULE].hint;
		if (!f->source_line || !f->message)
			return RT_ERROR;
		error = rt_vec_push(x->a, &x->findings, f);
	}
	return error;
}

static int lint_one(lint_ctx *x, const rt_migration *m, int plain)
{
	const rt_section *sec = &m->up;
	size_t i;
	int error;

	x->m = m;
	x->plain = plain;
	x->in_txn = !plain && sec->transaction;
	/* retort runs a migration under a lock_timeout of its own (backend
	 * session setup) unless told not to; a plain file is run by
	 * something else (psql, an `upgrade --sql` script) */
	x->lock_timeout = !plain && !x->opts->no_lock_timeout;
	x->lock_timeout_reported = 0;
	x->ddl_in_txn = 0;
	x->backfills.len = 0;
	x->ops->begin_migration(x);
	x->stmt_end_line = sec->line;
	x->stmt_line = sec->line;
	if (!x->opts->same_run) {
		/* only what this migration creates is new (which table an
		 * index belongs to stays known) */
		rt_strmap_clear(&x->created);
		x->created_schemas.len = 0;
		x->renamed.len = 0;
		for (i = 0; i < x->opts->ncreated; i++)
			if (rt_lint_add_created(x, x->opts->created[i]) < 0)
				return RT_ERROR;
	}
	if ((error = check_ignores(x, m)) < 0)
		return error;
	for (i = 0; i < sec->nsteps; i++) {
		const rt_step *st = &sec->steps[i];

		if (st->kind != RT_STEP_SQL)
			continue;
		x->step = st;
		x->text = st->sql;
		error = x->ops->step(x);
		if (error < 0) {
			const rt_error *e = rt_error_last();

			/* a splitter's lines count from the step's */
			if (!e->file && e->line > 0)
				rt_error_at(m->path, st->line + e->line - 1,
					    e->column);
			return error;
		}
	}
	if ((error = rt_lint_end_transaction(x)) < 0)
		return error;
	x->rep->nmigrations++;
	return 0;
}

/*
 * The migrations of x->dir before the current one that the run does not
 * lint itself, read silently (only what they define is kept) into
 * x->history: once, and then as the run goes on, so that a look-up per
 * statement never reads the whole history again (lint --all of a
 * thousand files). *out NULL when there is no history to read.
 */
static int history(lint_ctx *x, lint_ctx **out)
{
	const rt_migration *m = x->m;
	lint_ctx *h = x->history;
	size_t i;
	int error = 0;

	*out = NULL;
	if (x->silent || !x->dir || !x->replayed || !m ||
	    rt_dir_get(x->dir, m->name) != m)
		return 0;
	if (!h) {
		rt_lint_options *opts = rt_arena_alloc(x->a, sizeof(*opts));
		rt_lint_report *rep = rt_arena_alloc(x->a, sizeof(*rep));

		if (!opts || !rep || !(h = rt_arena_alloc(x->a, sizeof(*h))))
			return RT_ERROR;
		memset(h, 0, sizeof(*h));
		memset(rep, 0, sizeof(*rep));
		*opts = *x->opts;
		opts->db = NULL;
		h->a = x->a;
		h->opts = opts;
		h->rep = rep;
		h->be = x->be;
		h->ops = x->ops;
		h->silent = 1;
		if (x->ops->state_new(&h->engine, h) < 0)
			return RT_ERROR;
		x->history = h;
	}
	for (i = 0; i < x->dir->count && !error; i++) {
		const rt_migration *e = x->dir->migrations[i];

		if (!x->replayed[e->order] && e->order < m->order) {
			x->replayed[e->order] = 1;
			error = lint_one(h, e, 0);
		}
	}
	if (error < 0)
		return error;
	*out = h;
	return 0;
}

int rt_lint_history_enum(lint_ctx *x, const char *name, rt_vec *labels,
			 int *found)
{
	lint_ctx *h;
	lint_enum *e;
	size_t i;
	int error;

	*found = 0;
	if ((error = history(x, &h)) < 0 || !h)
		return error;
	if ((e = rt_lint_enum(h, name, 0)) && !e->gone) {
		for (i = 0; i < e->labels.len; i++)
			if (rt_vec_push(x->a, labels, e->labels.items[i]) < 0)
				return RT_ERROR;
		*found = 1;
	}
	return 0;
}

int rt_lint_history(lint_ctx *x, lint_ctx **out)
{
	return history(x, out);
}

static int ctx_init(lint_ctx *x, struct report **rp,
		    const rt_lint_options *opts, const rt_lint_options *dflt)
{
	struct report *r = calloc(1, sizeof(*r));
	const rt_backend *be;
	size_t i;

	*rp = r;
	if (!r)
		return rt_error_nomem();
	rt_lint_rules_ready();
	rt_arena_init(&r->arena);
	memset(x, 0, sizeof(*x));
	x->a = &r->arena;
	x->opts = opts ? opts : dflt;
	x->rep = &r->pub;
	be = x->opts->dialect ? rt_backend_named(x->opts->dialect)
	     : x->opts->db    ? x->opts->db->be
			      : rt_lint_default_backend();
	if (!be)
		return rt_error_setc(RT_EUSAGE, RT_ERROR_USAGE,
				     "lint knows no dialect '%s'",
				     x->opts->dialect);
	x->be = be;
	x->ops = be->lint;
	if (x->ops->state_new(&x->engine, x) < 0)
		return RT_ERROR;
	r->pub.dialect = be->name;
	r->pub.catalog = x->opts->db != NULL;
	x->small_rows = x->opts->small_rows > 0 ? x->opts->small_rows : 10000;
	x->small_bytes =
	    x->opts->small_bytes > 0 ? x->opts->small_bytes : 8 << 20;
	for (i = 0; i < x->opts->nignore; i++)
		if (!rt_lint_rule_get(x->opts->ignore[i]))
			return rt_error_setc(RT_EUSAGE, RT_ERROR_USAGE,
					     "lint_ignore names unknown rule "
					     "'%s'",
					     x->opts->ignore[i]);
	for (i = 0; i < x->opts->ncreated; i++)
		if (rt_lint_add_created(x, x->opts->created[i]) < 0)
			return RT_ERROR;
	return 0;
}

/* Free the engines' states (the rest lives in the report's arena). */
static void ctx_release(lint_ctx *x)
{
	if (x->history && x->history->engine)
		x->ops->state_free(x->history->engine);
	if (x->engine)
		x->ops->state_free(x->engine);
	x->history = NULL;
	x->engine = NULL;
}

/* Move the vectors into the public arrays and count. */
static int ctx_finish(lint_ctx *x)
{
	rt_lint_report *r = x->rep;
	size_t i;

	r->findings =
	    rt_arena_array(x->a, x->findings.len + 1, sizeof(rt_lint_finding));
	r->tables =
	    rt_arena_array(x->a, x->tables.len + 1, sizeof(rt_lint_table));
	if (!r->findings || !r->tables)
		return RT_ERROR;
	for (i = 0; i < x->findings.len; i++) {
		rt_lint_finding *f = x->findings.items[i];

		r->findings[i] = *f;
		if (f->suppressed)
			r->nsuppressed++;
		else if (f->severity == RT_LINT_ERROR)
			r->nerrors++;
		else
			r->nwarnings++;
	}
	r->count = x->findings.len;
	for (i = 0; i < x->tables.len; i++)
		r->tables[i] = *(rt_lint_table *)x->tables.items[i];
	r->ntables = x->tables.len;
	r->nstatements = x->nstatements;
	return 0;
}

int rt_lint_migrations(rt_lint_report **out, const rt_dir *dir,
		       rt_migration *const *migs, size_t n,
		       const rt_lint_options *opts)
{
	rt_lint_options dflt = RT_LINT_OPTIONS_INIT;
	struct report *r = NULL;
	lint_ctx x = {0};
	size_t i;
	int error;

	*out = NULL;
	if ((error = ctx_init(&x, &r, opts, &dflt)) < 0)
		goto done;
	x.dir = dir;
	/* what the run lints is in its own memory: never read as history */
	if (dir && !(x.replayed = rt_arena_alloc(x.a, dir->count + 1)))
		error = RT_ERROR;
	if (x.replayed)
		memset(x.replayed, 0, dir->count + 1);
	for (i = 0; i < n && !error; i++) {
		if (x.replayed && rt_dir_get(dir, migs[i]->name) == migs[i])
			x.replayed[migs[i]->order] = 1;
		error = lint_one(&x, migs[i], 0);
	}
	if (!error)
		error = ctx_finish(&x);
done:
	ctx_release(&x);
	if (error < 0)
		rt_lint_report_free(r ? &r->pub : NULL);
	else
		*out = &r->pub;
	return error;
}

/* ---- files -------------------------------------------------------------- */

/* Does the text have a `-- retort:up` line (a migration file)? */
static int is_migration_text(const char *s)
{
	const char *p = s;

	while ((p = strstr(p, "-- retort:up"))) {
		const char *b = p;

		while (b > s && (b[-1] == ' ' || b[-1] == '\t'))
			b--;
		if (b == s || b[-1] == '\n')
			return 1;
		p++;
	}
	return 0;
}

/*
 * A plain SQL file as a migration: one up section, one step, outside a
 * transaction (as psql runs a file). Its `-- retort:lint-ignore` lines
 * are read here: before the first statement they cover the file, later
 * the statement they precede.
 */
static int plain_migration(rt_migration **out, rt_arena *a, const char *path,
			   const char *name, const char *text, size_t len)
{
	rt_migration *m = rt_arena_alloc(a, sizeof(*m));
	rt_step *st = rt_arena_alloc(a, sizeof(*st));
	rt_vec igs = {0};
	const char *s = text, *end = text + len;
	int line = 0, seen_sql = 0;
	size_t i;

	if (!m || !st)
		return RT_ERROR;
	m->path = rt_arena_strdup(a, path);
	m->name = rt_arena_strdup(a, name);
	st->kind = RT_STEP_SQL;
	st->line = 1;
	st->sql = rt_arena_strndup(a, text, len);
	if (!m->path || !m->name || !st->sql)
		return RT_ERROR;
	m->up.present = 1;
	m->up.transaction = 0;
	m->up.steps = st;
	m->up.nsteps = 1;
	for (; s < end; line++) {
		const char *eol = memchr(s, '\n', (size_t)(end - s));
		const char *t = s, *e = eol ? eol : end;
		static const char d[] = "-- retort:lint-ignore";

		while (t < e && (*t == ' ' || *t == '\t'))
			t++;
		if ((size_t)(e - t) >= sizeof(d) - 1 &&
		    !strncmp(t, d, sizeof(d) - 1)) {
			const char *r = t + sizeof(d) - 1, *rs, *re;

			while (r < e && isspace((unsigned char)*r))
				r++;
			rs = r;
			while (r < e && !isspace((unsigned char)*r))
				r++;
			re = r;
			while (r < e && isspace((unsigned char)*r))
				r++;
			while (rs < re) {
				const char *c = rs;
				rt_lint_ignore *ig;
				size_t rl = (size_t)(e - r);

				while (c < re && *c != ',')
					c++;
				if (c > rs) {
					if (!(ig = rt_arena_alloc(a,
								  sizeof(*ig))))
						return RT_ERROR;
					ig->rule = rt_arena_strndup(
					    a, rs, (size_t)(c - rs));
					while (
					    rl &&
					    isspace((unsigned char)r[rl - 1]))
						rl--;
					ig->reason = rt_arena_strndup(a, r, rl);
					ig->line = line + 1;
					ig->scope = seen_sql
							? RT_LINT_SCOPE_UP
							: RT_LINT_SCOPE_FILE;
					if (!ig->rule || !ig->reason ||
					    rt_vec_push(a, &igs, ig) < 0)
						return RT_ERROR;
				}
				rs = c + 1;
			}
		} else if (!rt_sql_is_blank(t, (size_t)(e - t))) {
			seen_sql = 1;
		}
		s = eol ? eol + 1 : end;
	}
	if (igs.len) {
		rt_lint_ignore *arr = rt_arena_array(a, igs.len, sizeof(*arr));

		if (!arr)
			return RT_ERROR;
		for (i = 0; i < igs.len; i++)
			arr[i] = *(rt_lint_ignore *)igs.items[i];
		m->lint_ignores = arr;
		m->nlint_ignores = igs.len;
	}
	*out = m;
	return 0;
}

int rt_lint_files(rt_lint_report **out, const char *const *paths, size_t n,
		  const rt_lint_options *opts)
{
	rt_lint_options dflt = RT_LINT_OPTIONS_INIT;
	struct report *r = NULL;
	rt_buf text = RT_BUF_INIT;
	lint_ctx x = {0};
	size_t i;
	int error;

	*out = NULL;
	rt_buf_init(&text);
	if ((error = ctx_init(&x, &r, opts, &dflt)) < 0)
		goto done;
	for (i = 0; i < n && !error; i++) {
		const char *base = strrchr(paths[i], '/');
		char *name;
		rt_migration *m = NULL;
		int plain;

		base = base ? base + 1 : paths[i];
		name = rt_arena_strdup(x.a, base);
		if (!name) {
			error = RT_ERROR;
			break;
		}
		if (strlen(name) > 4 &&
		    !strcmp(name + strlen(name) - 4, ".sql"))
			name[strlen(name) - 4] = '\0';
		rt_buf_clear(&text);
		if ((error = rt_fs_read(&text, paths[i])) < 0)
			break;
		plain = !is_migration_text(rt_buf_cstr(&text));
		error = plain
			    ? plain_migration(&m, x.a, paths[i], name,
					      rt_buf_cstr(&text), text.len)
			    : rt_migration_parse(&m, x.a, paths[i], name,
						 rt_buf_cstr(&text), text.len);
		if (!error)
			error = lint_one(&x, m, plain);
	}
	if (!error)
		error = ctx_finish(&x);
done:
	ctx_release(&x);
	rt_buf_release(&text);
	if (error < 0)
		rt_lint_report_free(r ? &r->pub : NULL);
	else
		*out = &r->pub;
	return error;
}

int rt_lint_sql(rt_lint_report **out, const char *name, const char *sql,
		int transaction, const rt_lint_options *opts)
{
	rt_lint_options dflt = RT_LINT_OPTIONS_INIT;
	struct report *r = NULL;
	rt_migration *m = NULL;
	lint_ctx x = {0};
	int error;

	*out = NULL;
	if ((error = ctx_init(&x, &r, opts, &dflt)) < 0)
		goto done;
	if ((error = plain_migration(&m, x.a, name, name, sql, strlen(sql))) <
	    0)
		goto done;
	m->up.transaction = transaction != 0;
	if ((error = lint_one(&x, m, 0)) == 0)
		error = ctx_finish(&x);
done:
	ctx_release(&x);
	if (error < 0)
		rt_lint_report_free(r ? &r->pub : NULL);
	else
		*out = &r->pub;
	return error;
}

void rt_lint_report_free(rt_lint_report *r)
{
	struct report *impl = (struct report *)r;

	if (!impl)
		return;
	rt_arena_release(&impl->arena);
	free(impl);
}

int rt_lint_since(rt_migration ***out, size_t *n, const rt_dir *dir,
		  const char *rev)
{
	rt_target t;
	unsigned char *mark = NULL;
	size_t i;
	int error;

	*out = NULL;
	*n = 0;
	if ((error = rt_target_resolve(&t, dir, rev)) < 0)
		return error;
	if (t.kind != RT_TARGET_REVISION || !t.rev)
		return rt_error_setc(RT_EUSAGE, RT_ERROR_USAGE,
				     "--since takes a revision, not '%s'", rev);
	mark = calloc(dir->count + 1, 1);
	*out = calloc(dir->count + 1, sizeof(**out));
	if (!mark || !*out) {
		free(mark);
		free(*out);
		*out = NULL;
		return rt_error_nomem();
	}
	rt_graph_mark_ancestors(dir, t.rev, mark);
	for (i = 0; i < dir->count; i++)
		if (!mark[dir->migrations[i]->order])
			(*out)[(*n)++] = dir->migrations[i];
	free(mark);
	return 0;
}

int rt_lint_check(const rt_lint_report *r)
{
	rt_buf d = RT_BUF_INIT;
	size_t i, shown = 0;

	if (!r || !r->nerrors)
		return 0;
	rt_buf_init(&d);
	for (i = 0; i < r->count && shown < 5; i++) {
		const rt_lint_finding *f = &r->findings[i];

		if (f->suppressed || f->severity != RT_LINT_ERROR)
			continue;
		rt_buf_printf(&d, "%s%s:%d:%d: %s: %s", shown ? "\n" : "",
			      f->file ? f->file : "-", f->line, f->column,
			      f->rule->id, f->message);
		shown++;
	}
	if (r->nerrors > shown)
		rt_buf_printf(&d, "\n... and %zu more", r->nerrors - shown);
	rt_error_setc(RT_EDRIFT, RT_ERROR_STATE,
		      "lint found %zu unsafe statement%s in the migrations to "
		      "run",
		      r->nerrors, r->nerrors == 1 ? "" : "s");
	if (rt_buf_check(&d) == 0)
		rt_error_detail("%s", d.ptr);
	rt_error_hint("'retort lint' explains each and shows the safe way; "
		      "mark a deliberate one with '-- retort:lint-ignore RULE "
		      "reason', or run with --allow-unsafe");
	rt_buf_release(&d);
	return RT_EDRIFT;
}
