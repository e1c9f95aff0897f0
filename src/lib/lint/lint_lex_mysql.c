/*
 * lint_lex_mysql.c: a MySQL statement as tokens, and a column definition
 * read from them. MySQL has no parse tree library to borrow, and lint
 * needs little: the clauses of an ALTER TABLE (commas at depth 0), names,
 * and the words of a column definition. Comments (-- , #, slash-star)
 * are dropped; strings keep their text for ENUM values; `quoted` names are
 * names, "double quoted" text is a string (retort's sessions run without
 * ANSI_QUOTES).
 */
#include "lint/lint_mysql.h"

#include <ctype.h>
#include <stdlib.h>

static int push(lint_ctx *x, rt_vec *toks, rt_vec *depths, my_tok_kind kind,
		const char *s, size_t len, size_t pos, int depth)
{
	my_tok *t = rt_arena_alloc(x->a, sizeof(*t));
	int *d = rt_arena_alloc(x->a, sizeof(*d));
	size_t i;
	char *c;

	if (!t || !d || !(c = rt_arena_strndup(x->a, s, len)))
		return RT_ERROR;
	if (kind == MY_WORD)
		for (i = 0; c[i]; i++)
			c[i] = (char)tolower((unsigned char)c[i]);
	t->kind = kind;
	t->s = c;
	t->pos = pos;
	*d = depth;
	if (rt_vec_push(x->a, toks, t) < 0)
		return RT_ERROR;
	return rt_vec_push(x->a, depths, d);
}

/* A quoted run from s[i] (the quote) to its closing quote: a doubled
 * quote or a backslash (not in `names`) escapes. Returns the offset after
 * it; the text without quotes and escapes goes to `b`. */
static size_t quoted(const char *s, size_t i, size_t end, rt_buf *b)
{
	char q = s[i++];

	while (i < end) {
		if (s[i] == '\\' && q != '`' && i + 1 < end) {
			rt_buf_putc(b, s[i + 1]);
			i += 2;
		} else if (s[i] == q) {
			if (i + 1 < end && s[i + 1] == q) {
				rt_buf_putc(b, q);
				i += 2;
			} else {
				return i + 1;
			}
		} else {
			rt_buf_putc(b, s[i++]);
		}
	}
	return end;
}

int rt_lint_my_tokens(lint_ctx *x, my_stmt *out)
{
	return rt_lint_my_tokens_of(x, x->text, x->stmt_start, x->stmt_len,
				    out);
}

int rt_lint_my_tokens_of(lint_ctx *x, const char *s, size_t start, size_t len,
			 my_stmt *out)
{
	size_t i = start, end = start + len, j;
	rt_vec toks = {0}, depths = {0};
	rt_buf b = RT_BUF_INIT;
	int depth = 0, error = 0;
	size_t k;

	rt_buf_init(&b);
	while (i < end && !error) {
		unsigned char c = (unsigned char)s[i];

		if (isspace(c)) {
			i++;
		} else if (c == '#' ||
			   (c == '-' && i + 2 <= end && s[i + 1] == '-' &&
			    (i + 2 == end ||
			     isspace((unsigned char)s[i + 2])))) {
			while (i < end && s[i] != '\n')
				i++;
		} else if (c == '/' && i + 1 < end && s[i + 1] == '*') {
			for (i += 2;
			     i + 1 < end && !(s[i] == '*' && s[i + 1] == '/');
			     i++)
				;
			i = i + 2 < end ? i + 2 : end;
		} else if (c == '\'' || c == '"' || c == '`') {
			rt_buf_clear(&b);
			j = quoted(s, i, end, &b);
			if (rt_buf_check(&b) < 0)
				error = RT_ERROR;
			else
				error =
				    push(x, &toks, &depths,
					 c == '`' ? MY_IDENT : MY_STRING,
					 b.ptr ? b.ptr : "", b.len, i, depth);
			i = j;
		} else if (isalnum(c) || c == '_' || c == '$' || c >= 0x80) {
			int digits = 1;

			for (j = i; j < end && (isalnum((unsigned char)s[j]) ||
						s[j] == '_' || s[j] == '$' ||
						(unsigned char)s[j] >= 0x80 ||
						(digits && s[j] == '.'));
			     j++)
				if (!isdigit((unsigned char)s[j]) &&
				    s[j] != '.')
					digits = 0;
			error = push(x, &toks, &depths,
				     digits ? MY_NUMBER : MY_WORD, s + i, j - i,
				     i, depth);
			i = j;
		} else {
			if (c == ')' && depth > 0)
				depth--;
			error = push(x, &toks, &depths, MY_PUNCT, s + i, 1, i,
				     depth);
			if (c == '(')
				depth++;
			i++;
		}
	}
	rt_buf_release(&b);
	if (error < 0)
		return error;
	out->n = (int)toks.len;
	out->t = rt_arena_alloc(x->a, (toks.len + 1) * sizeof(*out->t));
	out->depth = rt_arena_alloc(x->a, (toks.len + 1) * sizeof(int));
	if (!out->t || !out->depth)
		return RT_ERROR;
	for (k = 0; k < toks.len; k++) {
		out->t[k] = *(my_tok *)toks.items[k];
		out->depth[k] = *(int *)depths.items[k];
	}
	/* a sentinel: t[n] reads as an empty punctuation token */
	out->t[k].kind = MY_PUNCT;
	out->t[k].s = "";
	out->t[k].pos = start + len;
	out->depth[k] = 0;
	return 0;
}

int rt_lint_my_is(const my_stmt *st, int i, const char *w)
{
	return i >= 0 && i < st->n && st->t[i].kind == MY_WORD &&
	       !strcmp(st->t[i].s, w);
}

static int punct(const my_stmt *st, int i, char c)
{
	return i >= 0 && i < st->n && st->t[i].kind == MY_PUNCT &&
	       st->t[i].s[0] == c;
}

const char *rt_lint_my_name(const my_stmt *st, int i, int *next)
{
	const char *name;

	*next = i;
	if (i >= st->n ||
	    (st->t[i].kind != MY_WORD && st->t[i].kind != MY_IDENT))
		return NULL;
	name = st->t[i].s;
	i++;
	/* db.table: the table */
	while (
	    punct(st, i, '.') && i + 1 < st->n &&
	    (st->t[i + 1].kind == MY_WORD || st->t[i + 1].kind == MY_IDENT)) {
		name = st->t[i + 1].s;
		i += 2;
	}
	*next = i;
	return name;
}

int rt_lint_my_skip_group(const my_stmt *st, int i)
{
	int d;

	if (!punct(st, i, '('))
		return i;
	d = st->depth[i];
	for (i++; i < st->n; i++)
		if (punct(st, i, ')') && st->depth[i] == d)
			return i + 1;
	return st->n;
}

/* "(10,2)" at token i: len and scale; the text for ENUM and SET. */
static int read_args(lint_ctx *x, const my_stmt *st, int i, my_column *c)
{
	int after = rt_lint_my_skip_group(st, i), k;

	if (after == i)
		return i;
	if (!strcmp(c->type, "enum") || !strcmp(c->type, "set")) {
		rt_buf b = RT_BUF_INIT;

		rt_buf_init(&b);
		for (k = i + 1; k < after - 1; k++) {
			if (st->t[k].kind == MY_STRING)
				rt_buf_printf(&b, "'%s'", st->t[k].s);
			else
				rt_buf_puts(&b, st->t[k].s);
		}
		if (rt_buf_check(&b) == 0)
			c->values = rt_arena_strdup(x->a, b.ptr ? b.ptr : "");
		rt_buf_release(&b);
		return after;
	}
	if (i + 1 < st->n && st->t[i + 1].kind == MY_NUMBER)
		c->len = atol(st->t[i + 1].s);
	if (punct(st, i + 2, ',') && i + 3 < st->n &&
	    st->t[i + 3].kind == MY_NUMBER)
		c->scale = atol(st->t[i + 3].s);
	return after;
}

/* Spellings MySQL takes for one type. */
static const char *canonical_type(const char *t)
{
	static const char *const alias[][2] = {
	    {"integer", "int"},		{"bool", "tinyint"},
	    {"boolean", "tinyint"},	{"dec", "decimal"},
	    {"numeric", "decimal"},	{"fixed", "decimal"},
	    {"real", "double"},		{"int4", "int"},
	    {"int8", "bigint"},		{"int2", "smallint"},
	    {"int1", "tinyint"},	{"int3", "mediumint"},
	    {"middleint", "mediumint"}, {"json", "longtext"},
	};
	size_t i;

	for (i = 0; i < RT_ARRAY_SIZE(alias); i++)
		if (!strcmp(t, alias[i][0]))
			return alias[i][1];
	return t;
}

void rt_lint_my_read_column(lint_ctx *x, const my_stmt *st, int i, int end,
			    my_column *c)
{
	memset(c, 0, sizeof(*c));
	c->len = c->scale = -1;
	if (i >= end || st->t[i].kind != MY_WORD)
		return;
	c->type = canonical_type(st->t[i].s);
	c->known = 1;
	i++;
	/* DOUBLE PRECISION, CHARACTER VARYING, NATIONAL ... : one word */
	if (rt_lint_my_is(st, i, "precision") ||
	    rt_lint_my_is(st, i, "varying"))
		i++;
	if (!strcmp(c->type, "character"))
		c->type = "char";
	if (!strcmp(c->type, "bool") || !strcmp(c->type, "boolean"))
		c->len = 1;
	i = read_args(x, st, i, c);
	/* int(11): a display width, not a size */
	if (!strcmp(c->type, "tinyint") || !strcmp(c->type, "smallint") ||
	    !strcmp(c->type, "mediumint") || !strcmp(c->type, "int") ||
	    !strcmp(c->type, "bigint"))
		c->len = -1;
	/* the lengths a type has when none is written */
	if (!strcmp(c->type, "decimal") && c->len < 0)
		c->len = 10;
	if (!strcmp(c->type, "decimal") && c->scale < 0)
		c->scale = 0;
	if ((!strcmp(c->type, "char") || !strcmp(c->type, "binary")) &&
	    c->len < 0)
		c->len = 1;
	for (; i < end; i++) {
		if (rt_lint_my_is(st, i, "unsigned")) {
			c->is_unsigned = 1;
		} else if ((rt_lint_my_is(st, i, "character") &&
			    rt_lint_my_is(st, i + 1, "set")) ||
			   rt_lint_my_is(st, i, "charset")) {
			i += rt_lint_my_is(st, i, "charset") ? 1 : 2;
			if (i < end)
				c->charset = rt_lint_my_cs_norm(st->t[i].s);
		} else if (rt_lint_my_is(st, i, "collate") && i + 1 < end) {
			c->collation = st->t[++i].s;
		} else if (rt_lint_my_is(st, i, "not") &&
			   rt_lint_my_is(st, i + 1, "null")) {
			c->not_null = 1;
			i++;
		} else if (rt_lint_my_is(st, i, "default")) {
			c->has_default = 1;
			i++;
			/* DEFAULT (expr): skip the expression */
			if (punct(st, i, '('))
				i = rt_lint_my_skip_group(st, i) - 1;
		} else if (rt_lint_my_is(st, i, "auto_increment")) {
			c->auto_increment = 1;
		} else if (rt_lint_my_is(st, i, "as") &&
			   punct(st, i + 1, '(')) {
			c->generated = c->generated ? c->generated : 1;
			i = rt_lint_my_skip_group(st, i + 1) - 1;
		} else if (rt_lint_my_is(st, i, "stored") ||
			   rt_lint_my_is(st, i, "persistent")) {
			c->generated = 2;
		} else if (rt_lint_my_is(st, i, "primary")) {
			c->primary = 1;
		} else if (rt_lint_my_is(st, i, "unique")) {
			c->unique = 1;
		} else if (rt_lint_my_is(st, i, "first") ||
			   rt_lint_my_is(st, i, "after")) {
			c->placed = 1;
			i += rt_lint_my_is(st, i, "after");
		} else if (punct(st, i, '(')) {
			i = rt_lint_my_skip_group(st, i) - 1;
		}
	}
	/* a generated column's value, an AUTO_INCREMENT's, a nullable
	 * column's NULL: every existing row has one without a DEFAULT */
	if (c->generated || c->auto_increment || !c->not_null)
		c->has_default = 1;
	/* SERIAL: BIGINT UNSIGNED NOT NULL AUTO_INCREMENT UNIQUE */
	if (!strcmp(c->type, "serial")) {
		c->type = "bigint";
		c->is_unsigned = c->not_null = c->auto_increment = 1;
		c->unique = c->has_default = 1;
	}
}
