/*
 * catalog_sqlite.c: SQLite introspection into the catalog model, and the
 * canonical form SQLite definitions are compared in.
 *
 * SQLite keeps each object's CREATE text as written (only the first words
 * are normalized) and answers the rest through pragmas. Six queries load
 * a whole database, however many tables it has: pragma_table_list (to
 * know the virtual tables and leave out their shadow tables),
 * sqlite_schema, then pragma_table_xinfo, pragma_index_list,
 * pragma_index_xinfo and pragma_foreign_key_list, each as a table-valued
 * function joined to sqlite_schema. What no pragma shows (generation
 * expressions, CHECK and table-level UNIQUE constraints, DEFERRABLE, constraint
 * names, WITHOUT ROWID) is read from the CREATE TABLE text with a small
 * tokenizer that follows SQLite's own (tokenize.c) closely enough to split it.
 *
 * SQLite records no dependencies between views, triggers and tables, so
 * a view or trigger depends on every table or view whose name appears as
 * an identifier in its text: an over-approximation, which costs at most
 * a needless drop and re-create of a view when a table is rebuilt.
 */
#include "catalog/catalog.h"

#include <ctype.h>
#include <strings.h>

/* ---- tokens ----------------------------------------------------------- */

enum {
	TK_WORD = 1, /* a bare word: keyword or identifier */
	TK_QIDENT,   /* "x", [x] or `x` */
	TK_STRING,   /* 'x' */
	TK_BLOB,     /* x'00' */
	TK_NUMBER,
	TK_VAR, /* ?1 :a @a $a */
	TK_LP,
	TK_RP,
	TK_COMMA,
	TK_SEMI,
	TK_DOT,
	TK_OP,
};

typedef struct sq_tok {
	int type;
	size_t start, len;
} sq_tok;

typedef struct sq_toks {
	const char *s;
	sq_tok *v;
	size_t n, cap;
} sq_toks;

static int is_idchar(unsigned char c)
{
	return isalnum(c) || c == '_' || c == '$' || c >= 0x80;
}

/* Offset after the quoted run starting at s[i] (the opening quote), with
 * the closing quote doubled as the escape; len when unterminated. */
static size_t skip_quoted(const char *s, size_t len, size_t i, char close)
{
	for (i++; i < len; i++) {
		if (s[i] != close)
			continue;
		if (close != ']' && i + 1 < len && s[i + 1] == close) {
			i++;
			continue;
		}
		return i + 1;
	}
	return len;
}

/* The next token at or after i; 0 at the end. */
static int lex_one(const char *s, size_t len, size_t *i, sq_tok *t)
{
	size_t p = *i;
	unsigned char c;

	for (;;) {
		while (p < len && isspace((unsigned char)s[p]))
			p++;
		if (p + 1 < len && s[p] == '-' && s[p + 1] == '-') {
			while (p < len && s[p] != '\n')
				p++;
			continue;
		}
		if (p + 1 < len && s[p] == '/' && s[p + 1] == '*') {
			p += 2;
			while (p + 1 < len && !(s[p] == '*' && s[p + 1] == '/'))
				p++;
			p = p + 2 < len ? p + 2 : len;
			continue;
		}
		break;
	}
	if (p >= len)
		return 0;
	t->start = p;
	c = (unsigned char)s[p];
	if ((c == 'x' || c == 'X') && p + 1 < len && s[p + 1] == '\'') {
		t->type = TK_BLOB;
		p = skip_quoted(s, len, p + 1, '\'');
	} else if (isalpha(c) || c == '_' || c >= 0x80) {
		t->type = TK_WORD;
		while (p < len && is_idchar((unsigned char)s[p]))
			p++;
	} else if (isdigit(c) || (c == '.' && p + 1 < len &&
				  isdigit((unsigned char)s[p + 1]))) {
		t->type = TK_NUMBER;
		if (c == '0' && p + 1 < len &&
		    (s[p + 1] == 'x' || s[p + 1] == 'X'))
			p += 2;
		while (p < len && (isalnum((unsigned char)s[p]) ||
				   s[p] == '.' || s[p] == '_' ||
				   ((s[p] == '+' || s[p] == '-') &&
				    (s[p - 1] == 'e' || s[p - 1] == 'E'))))
			p++;
	} else if (c == '\'') {
		t->type = TK_STRING;
		p = skip_quoted(s, len, p, '\'');
	} else if (c == '"' || c == '`') {
		t->type = TK_QIDENT;
		p = skip_quoted(s, len, p, (char)c);
	} else if (c == '[') {
		t->type = TK_QIDENT;
		p = skip_quoted(s, len, p, ']');
	} else if (c == '?' || c == ':' || c == '@' || c == '$') {
		t->type = TK_VAR;
		p++;
		while (p < len && is_idchar((unsigned char)s[p]))
			p++;
	} else {
		/* the operators of more than one character */
		static const char *const ops[] = {
			"->>", "||", "<<", ">>", "<=",
			">=",  "==", "!=", "<>", "->",
		};
		size_t k, n = 1;

		t->type = c == '('   ? TK_LP
			  : c == ')' ? TK_RP
			  : c == ',' ? TK_COMMA
			  : c == ';' ? TK_SEMI
			  : c == '.' ? TK_DOT
				     : TK_OP;
		for (k = 0; k < RT_ARRAY_SIZE(ops); k++) {
			size_t ol = strlen(ops[k]);

			if (p + ol <= len && !strncmp(s + p, ops[k], ol)) {
				n = ol;
				break;
			}
		}
		p += n;
	}
	t->len = p - t->start;
	*i = p;
	return 1;
}

static int toks_lex(sq_toks *tk, const char *s, size_t len)
{
	size_t i = 0;
	sq_tok t;

	memset(tk, 0, sizeof(*tk));
	tk->s = s;
	while (lex_one(s, len, &i, &t)) {
		if (tk->n == tk->cap) {
			size_t cap = tk->cap ? tk->cap * 2 : 64;
			sq_tok *v = realloc(tk->v, cap * sizeof(*v));

			if (!v)
				return rt_error_nomem();
			tk->v = v;
			tk->cap = cap;
		}
		tk->v[tk->n++] = t;
	}
	return 0;
}

static void toks_release(sq_toks *tk)
{
	free(tk->v);
	memset(tk, 0, sizeof(*tk));
}

/* Is token i the word `w` (any case)? */
static int is_word(const sq_toks *tk, size_t i, const char *w)
{
	size_t n = strlen(w);

	return i < tk->n && tk->v[i].type == TK_WORD && tk->v[i].len == n &&
	       strncasecmp(tk->s + tk->v[i].start, w, n) == 0;
}

/* The index after the group that opens at i (a '(' token), or after the
 * single token at i. */
static size_t skip_group(const sq_toks *tk, size_t i)
{
	int depth = 0;

	if (i >= tk->n || tk->v[i].type != TK_LP)
		return i + 1;
	for (; i < tk->n; i++) {
		if (tk->v[i].type == TK_LP)
			depth++;
		else if (tk->v[i].type == TK_RP && --depth == 0)
			return i + 1;
	}
	return tk->n;
}

/* ---- canonical text ---------------------------------------------------- */

static int plain_word(const char *s, size_t n)
{
	size_t i;

	if (!n || !(isalpha((unsigned char)s[0]) || s[0] == '_'))
		return 0;
	for (i = 0; i < n; i++)
		if (!(isalnum((unsigned char)s[i]) || s[i] == '_' ||
		      s[i] == '$'))
			return 0;
	return 1;
}

void rt_sqlite_put_ident(rt_buf *b, const char *ident)
{
	rt_buf_put_ident(b, ident);
}

/* An identifier's name, unquoted, as canonical text: lower case, bare
 * when plain. The quotes are the canonical form's own, not a quoter's:
 * the form stays what stored catalogs were compared in. */
static void canon_name_n(rt_buf *b, const char *s, size_t n)
{
	size_t i;

	if (plain_word(s, n)) {
		for (i = 0; i < n; i++)
			rt_buf_putc(b, (char)tolower((unsigned char)s[i]));
		return;
	}
	rt_buf_putc(b, '"');
	for (i = 0; i < n; i++) {
		if (s[i] == '"')
			rt_buf_putc(b, '"');
		rt_buf_putc(b, (char)tolower((unsigned char)s[i]));
	}
	rt_buf_putc(b, '"');
}

/* The name inside a quoted identifier token, unescaped, into `b`. */
static void unquote(rt_buf *b, const char *s, size_t n)
{
	char close;
	size_t i;

	if (n < 2 ||
	    !(s[0] == '"' || s[0] == '`' || s[0] == '[' || s[0] == '\'')) {
		rt_buf_put(b, s, n);
		return;
	}
	close = s[0] == '[' ? ']' : s[0];
	/* the token ends with the closing quote when terminated */
	if (s[n - 1] == close)
		n--;
	for (i = 1; i < n; i++) {
		rt_buf_putc(b, s[i]);
		if (s[i] == close && close != ']' && i + 1 < n &&
		    s[i + 1] == close)
			i++;
	}
}

static void canon_tok(rt_buf *b, const sq_toks *tk, size_t i)
{
	const sq_tok *t = &tk->v[i];
	const char *s = tk->s + t->start;

	if (t->type == TK_WORD) {
		canon_name_n(b, s, t->len);
	} else if (t->type == TK_QIDENT) {
		rt_buf name = RT_BUF_INIT;

		rt_buf_init(&name);
		unquote(&name, s, t->len);
		canon_name_n(b, rt_buf_cstr(&name), name.len);
		if (name.oom)
			b->oom = 1;
		rt_buf_release(&name);
	} else {
		rt_buf_put(b, s, t->len);
	}
}

/* Tokens [from, to) as canonical text, appended to b. */
static void canon_range(rt_buf *b, const sq_toks *tk, size_t from, size_t to)
{
	size_t i;

	for (i = from; i < to && i < tk->n; i++) {
		if (b->len && b->ptr[b->len - 1] != ' ')
			rt_buf_putc(b, ' ');
		canon_tok(b, tk, i);
	}
}

static char *buf_to_arena(rt_arena *a, rt_buf *b)
{
	char *s;

	if (rt_buf_check(b) < 0)
		return NULL;
	s = rt_arena_strndup(a, rt_buf_cstr(b), b->len);
	rt_buf_clear(b);
	return s;
}

char *rt_sqlite_canonical(rt_arena *arena, const char *sql, size_t len)
{
	sq_toks tk;
	rt_buf b = RT_BUF_INIT;
	char *out = NULL;

	rt_buf_init(&b);
	if (toks_lex(&tk, sql, len) < 0)
		return NULL;
	canon_range(&b, &tk, 0, tk.n);
	out = buf_to_arena(arena, &b);
	toks_release(&tk);
	rt_buf_release(&b);
	return out;
}

/* Is token i of canonical text the identifier whose canonical form is
 * `want`? */
static int tok_is_ident(const sq_toks *tk, size_t i, const char *want,
			size_t wlen)
{
	const sq_tok *t = &tk->v[i];

	return (t->type == TK_WORD || t->type == TK_QIDENT) && t->len == wlen &&
	       memcmp(tk->s + t->start, want, wlen) == 0;
}

char *rt_sqlite_canon_rename(rt_arena *arena, const char *canon,
			     const char *from, const char *to)
{
	rt_buf b = RT_BUF_INIT, want = RT_BUF_INIT;
	sq_toks tk;
	size_t i;
	char *out = NULL;

	rt_buf_init(&b);
	rt_buf_init(&want);
	canon_name_n(&want, from, strlen(from));
	if (rt_buf_check(&want) < 0 || toks_lex(&tk, canon, strlen(canon)) < 0)
		goto done;
	for (i = 0; i < tk.n; i++) {
		if (i)
			rt_buf_putc(&b, ' ');
		if (tok_is_ident(&tk, i, want.ptr, want.len))
			canon_name_n(&b, to, strlen(to));
		else
			rt_buf_put(&b, canon + tk.v[i].start, tk.v[i].len);
	}
	out = buf_to_arena(arena, &b);
	toks_release(&tk);
done:
	rt_buf_release(&b);
	rt_buf_release(&want);
	return out;
}

int rt_sqlite_canon_mentions(const char *canon, const char *ident)
{
	rt_buf want = RT_BUF_INIT;
	sq_toks tk;
	size_t i;
	int found = 0;

	if (!canon)
		return 0;
	rt_buf_init(&want);
	canon_name_n(&want, ident, strlen(ident));
	if (rt_buf_check(&want) < 0 ||
	    toks_lex(&tk, canon, strlen(canon)) < 0) {
		rt_buf_release(&want);
		return 1; /* cannot tell: assume the worst */
	}
	for (i = 0; i < tk.n && !found; i++)
		found = tok_is_ident(&tk, i, want.ptr, want.len);
	toks_release(&tk);
	rt_buf_release(&want);
	return found;
}

/* ---- CREATE TABLE ------------------------------------------------------ */

/* A column as its CREATE TABLE text defines it. */
typedef struct pcol {
	char *name;
	const char *definition; /* raw text of the element */
	const char *canonical;	/* everything after the name */
	const char *generated;	/* canonical expression or NULL */
	const char *collation;
	int stored, unique, references;
} pcol;

/* A FOREIGN KEY clause or a column's REFERENCES: what the pragma does
 * not say. */
typedef struct pfk {
	const char *cols;	/* canonical "a, b" */
	const char *name;	/* CONSTRAINT name, or NULL */
	const char *deferrable; /* canonical, or NULL */
} pfk;

/* A table-level PRIMARY KEY, UNIQUE or CHECK. */
typedef struct pcons {
	const char *name;	/* CONSTRAINT name, or NULL */
	const char *kind;	/* "pkey", "key", "check" */
	const char *cols;	/* canonical column list, or NULL */
	const char *definition; /* raw, without the name */
	const char *canonical;
} pcons;

typedef struct ptable {
	pcol **cols;
	size_t ncols;
	pfk **fks;
	size_t nfks;
	pcons **cons;
	size_t ncons;
	const char *options;
} ptable;

typedef struct vecs {
	rt_vec cols, fks, cons;
} vecs;

static char *range_raw(rt_arena *a, const sq_toks *tk, size_t from, size_t to)
{
	size_t s, e;

	if (from >= to)
		return rt_arena_strdup(a, "");
	s = tk->v[from].start;
	e = tk->v[to - 1].start + tk->v[to - 1].len;
	return rt_arena_strndup(a, tk->s + s, e - s);
}

static char *range_canon(rt_arena *a, const sq_toks *tk, size_t from, size_t to)
{
	rt_buf b = RT_BUF_INIT;
	char *s;

	rt_buf_init(&b);
	canon_range(&b, tk, from, to);
	s = buf_to_arena(a, &b);
	rt_buf_release(&b);
	return s;
}

static char *tok_name(rt_arena *a, const sq_toks *tk, size_t i)
{
	rt_buf b = RT_BUF_INIT;
	char *s;

	rt_buf_init(&b);
	unquote(&b, tk->s + tk->v[i].start, tk->v[i].len);
	s = buf_to_arena(a, &b);
	rt_buf_release(&b);
	return s;
}

static int starts_column_constraint(const sq_toks *tk, size_t i)
{
	static const char *const words[] = {
	    "constraint", "primary",   "not",	  "null",
	    "unique",	  "check",     "default", "collate",
	    "references", "generated", "as",
	};
	size_t k;

	for (k = 0; k < RT_ARRAY_SIZE(words); k++)
		if (is_word(tk, i, words[k]))
			return 1;
	return 0;
}

/* ON CONFLICT x, when at i; the index after it. */
static size_t skip_conflict(const sq_toks *tk, size_t i, size_t end)
{
	if (i + 2 < end + 1 && is_word(tk, i, "on") &&
	    is_word(tk, i + 1, "conflict"))
		return i + 3 <= end ? i + 3 : end;
	return i;
}

/* The clauses after REFERENCES tbl (cols): actions, MATCH, DEFERRABLE.
 * Returns the index after them; *def_from the start of the DEFERRABLE
 * part (or `end` of the clauses when there is none). */
static size_t skip_fk_clauses(const sq_toks *tk, size_t i, size_t end,
			      size_t *def_from)
{
	*def_from = 0;
	while (i < end) {
		if (is_word(tk, i, "on") && i + 1 < end) {
			i += 2; /* ON DELETE/UPDATE */
			if (is_word(tk, i, "set") || is_word(tk, i, "no"))
				i += 2;
			else
				i += 1;
		} else if (is_word(tk, i, "match")) {
			i += 2;
		} else if (is_word(tk, i, "deferrable") ||
			   (is_word(tk, i, "not") &&
			    is_word(tk, i + 1, "deferrable"))) {
			*def_from = i;
			i += is_word(tk, i, "not") ? 2 : 1;
			if (is_word(tk, i, "initially"))
				i += 2;
		} else {
			break;
		}
	}
	return i < end ? i : end;
}

/* REFERENCES tbl [(cols)] at i; the index after it. */
static size_t skip_references(const sq_toks *tk, size_t i, size_t end)
{
	i += 2; /* REFERENCES tbl */
	if (i < end && tk->v[i].type == TK_DOT)
		i += 2; /* schema.tbl */
	if (i < end && tk->v[i].type == TK_LP)
		i = skip_group(tk, i);
	return i < end ? i : end;
}

static int push(rt_arena *a, rt_vec *v, void *item)
{
	return item ? rt_vec_push(a, v, item) : RT_ERROR;
}

/* One column definition, tokens [from, to). */
static int parse_column(rt_arena *a, vecs *vs, const sq_toks *tk, size_t from,
			size_t to)
{
	pcol *c = rt_arena_alloc(a, sizeof(*c));
	rt_buf canon = RT_BUF_INIT, rest = RT_BUF_INIT;
	size_t i = from + 1, type_end;
	int error = RT_ERROR;

	rt_buf_init(&canon);
	rt_buf_init(&rest);
	if (!c || !(c->name = tok_name(a, tk, from)) ||
	    !(c->definition = range_raw(a, tk, from, to)))
		goto done;
	while (i < to && !starts_column_constraint(tk, i))
		i = skip_group(tk, i);
	type_end = i;
	canon_range(&canon, tk, from + 1, type_end);
	while (i < to) {
		size_t cstart = i, j;
		const char *cname = NULL;

		if (is_word(tk, i, "constraint") && i + 1 < to) {
			if (!(cname = tok_name(a, tk, i + 1)))
				goto done;
			i += 2;
		}
		if (is_word(tk, i, "not") && is_word(tk, i + 1, "null")) {
			j = skip_conflict(tk, i + 2, to);
			if (j > i + 2 || cname) {
				canon_range(&rest, tk, cstart, j);
			} else {
				canon_range(&canon, tk, i, j);
			}
			i = j;
		} else if (is_word(tk, i, "null")) {
			i = skip_conflict(tk, i + 1, to);
		} else if (is_word(tk, i, "default")) {
			j = i + 1;
			if (j < to && tk->v[j].type == TK_OP &&
			    (tk->s[tk->v[j].start] == '-' ||
			     tk->s[tk->v[j].start] == '+'))
				j++;
			j = skip_group(tk, j);
			canon_range(&canon, tk, i, j);
			i = j;
		} else if (is_word(tk, i, "collate")) {
			if (!(c->collation = range_canon(a, tk, i + 1, i + 2)))
				goto done;
			canon_range(&canon, tk, i, i + 2);
			i += 2;
		} else if (is_word(tk, i, "generated") ||
			   is_word(tk, i, "as")) {
			if (is_word(tk, i, "generated"))
				i += 2;		   /* GENERATED ALWAYS */
			j = skip_group(tk, i + 1); /* AS (expr) */
			if (!(c->generated = range_canon(a, tk, i + 2, j - 1)))
				goto done;
			c->stored = is_word(tk, j, "stored");
			if (is_word(tk, j, "stored") ||
			    is_word(tk, j, "virtual"))
				j++;
			rt_buf_printf(&canon, " as ( %s ) %s", c->generated,
				      c->stored ? "stored" : "virtual");
			i = j;
		} else if (is_word(tk, i, "references")) {
			size_t def;
			pfk *fk = rt_arena_alloc(a, sizeof(*fk));

			j = skip_references(tk, i, to);
			j = skip_fk_clauses(tk, j, to, &def);
			if (!fk ||
			    !(fk->cols = range_canon(a, tk, from, from + 1)))
				goto done;
			fk->name = cname;
			if (def &&
			    !(fk->deferrable = range_canon(a, tk, def, j)))
				goto done;
			if (push(a, &vs->fks, fk) < 0)
				goto done;
			c->references = 1;
			i = j;
		} else {
			/* PRIMARY KEY, UNIQUE, CHECK (...) and anything newer:
			 * compared as written */
			if (is_word(tk, i, "unique"))
				c->unique = 1;
			if (is_word(tk, i, "check")) {
				j = skip_group(tk, i + 1);
			} else {
				j = i + 1;
				while (j < to &&
				       !starts_column_constraint(tk, j))
					j = skip_group(tk, j);
			}
			canon_range(&rest, tk, cstart, j);
			i = j;
		}
	}
	if (rest.len) {
		rt_buf_putc(&canon, ' ');
		rt_buf_put(&canon, rest.ptr, rest.len);
	}
	if (!(c->canonical = buf_to_arena(a, &canon)))
		goto done;
	error = push(a, &vs->cols, c);
done:
	rt_buf_release(&canon);
	rt_buf_release(&rest);
	return error;
}

/* The canonical names inside the group at i: "(a, b)" -> "a , b". */
static char *group_cols(rt_arena *a, const sq_toks *tk, size_t i)
{
	size_t end = skip_group(tk, i);

	if (i >= tk->n || tk->v[i].type != TK_LP)
		return NULL;
	return range_canon(a, tk, i + 1, end - 1);
}

static int parse_constraint(rt_arena *a, vecs *vs, const sq_toks *tk,
			    size_t from, size_t to)
{
	size_t i = from;
	const char *name = NULL;

	if (is_word(tk, i, "constraint") && i + 1 < to) {
		if (!(name = tok_name(a, tk, i + 1)))
			return RT_ERROR;
		i += 2;
	}
	if (is_word(tk, i, "foreign")) {
		pfk *fk = rt_arena_alloc(a, sizeof(*fk));
		size_t j, def;

		if (!fk || !(fk->cols = group_cols(a, tk, i + 2)))
			return RT_ERROR;
		fk->name = name;
		j = skip_group(tk, i + 2); /* FOREIGN KEY (cols) */
		j = skip_references(tk, j, to);
		skip_fk_clauses(tk, j, to, &def);
		if (def && !(fk->deferrable = range_canon(a, tk, def, to)))
			return RT_ERROR;
		return push(a, &vs->fks, fk);
	} else {
		pcons *c = rt_arena_alloc(a, sizeof(*c));

		if (!c)
			return RT_ERROR;
		c->name = name;
		if (is_word(tk, i, "primary")) {
			c->kind = "pkey";
			c->cols = group_cols(a, tk, i + 2);
		} else if (is_word(tk, i, "unique")) {
			c->kind = "key";
			c->cols = group_cols(a, tk, i + 1);
		} else {
			c->kind = "check";
		}
		if (!(c->definition = range_raw(a, tk, i, to)) ||
		    !(c->canonical = range_canon(a, tk, i, to)))
			return RT_ERROR;
		return push(a, &vs->cons, c);
	}
}

static int is_constraint_start(const sq_toks *tk, size_t i)
{
	return is_word(tk, i, "constraint") || is_word(tk, i, "primary") ||
	       is_word(tk, i, "unique") || is_word(tk, i, "check") ||
	       is_word(tk, i, "foreign");
}

/* The token index of the '(' opening a CREATE TABLE's body, or tk->n. */
static size_t body_open(const sq_toks *tk)
{
	size_t i;

	for (i = 0; i < tk->n; i++) {
		if (tk->v[i].type == TK_LP)
			return i;
		if (is_word(tk, i, "as"))
			break; /* CREATE TABLE ... AS SELECT is stored expanded
				*/
	}
	return tk->n;
}

size_t rt_sqlite_create_body(const char *sql)
{
	sq_toks tk;
	size_t i, off = 0;

	if (toks_lex(&tk, sql, strlen(sql)) < 0)
		return 0;
	i = body_open(&tk);
	if (i < tk.n)
		off = tk.v[i].start;
	toks_release(&tk);
	return off;
}

static int parse_table(ptable *pt, rt_arena *a, const char *sql)
{
	sq_toks tk;
	vecs vs;
	size_t open, close, i, el;
	int error = 0;

	memset(pt, 0, sizeof(*pt));
	memset(&vs, 0, sizeof(vs));
	if ((error = toks_lex(&tk, sql, strlen(sql))) < 0)
		return error;
	open = body_open(&tk);
	close = skip_group(&tk, open) - 1;
	if (open >= tk.n || close >= tk.n || tk.v[close].type != TK_RP) {
		error = rt_error_set(RT_ERROR_BACKEND,
				     "could not read the table definition '%s'",
				     sql);
		goto done;
	}
	for (el = i = open + 1; i <= close && !error;) {
		if (i == close || tk.v[i].type == TK_COMMA) {
			if (i > el)
				error =
				    is_constraint_start(&tk, el)
					? parse_constraint(a, &vs, &tk, el, i)
					: parse_column(a, &vs, &tk, el, i);
			el = ++i;
			continue;
		}
		i = skip_group(&tk, i);
	}
	if (!error && close + 1 < tk.n &&
	    !(pt->options = range_canon(a, &tk, close + 1, tk.n)))
		error = RT_ERROR;
	if (!error) {
		pt->cols = (pcol **)vs.cols.items;
		pt->ncols = vs.cols.len;
		pt->fks = (pfk **)vs.fks.items;
		pt->nfks = vs.fks.len;
		pt->cons = (pcons **)vs.cons.items;
		pt->ncons = vs.cons.len;
	}
done:
	toks_release(&tk);
	return error;
}

/* ---- loading ----------------------------------------------------------- */

/* One table while loading: the model, its parsed text, its columns. */
typedef struct ltable {
	rt_table *t;
	ptable parsed;
	rt_vec cols; /* rt_column * */
	rt_vec fks;  /* pragma rows grouped later */
} ltable;

typedef struct loader {
	rt_catalog *cat;
	rt_db *db;
	rt_vec tables;	/* ltable *, by name once sorted */
	rt_vec indexes; /* rt_index * */
	rt_vec others;	/* views and triggers: rt_obj * */
	rt_vec rels;	/* tables and views, by name without case */
	rt_vec kinds;	/* "s<name>" shadow, "v<name>" virtual, by name */
	int error;
} loader;

static const char *const own_tables[] = {"retort_migrations", "retort_log",
					 "retort_lock"};

static int own_table(const char *name)
{
	size_t i;

	for (i = 0; i < RT_ARRAY_SIZE(own_tables); i++)
		if (!strcmp(name, own_tables[i]))
			return 1;
	return 0;
}

static ltable *find_table(loader *l, const char *name)
{
	size_t lo = 0, hi = l->tables.len;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		ltable *lt = l->tables.items[mid];
		int c = strcmp(lt->t->obj.name, name);

		if (!c)
			return lt;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* A table or view by name as written in another object's text: SQLite
 * resolves names without regard to case. */
static rt_obj *find_relation(loader *l, const char *name)
{
	size_t lo = 0, hi = l->rels.len;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		rt_obj *o = l->rels.items[mid];
		int c = strcasecmp(o->name, name);

		if (!c)
			return o;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int rel_cmp(const void *pa, const void *pb)
{
	const rt_obj *a = *(rt_obj *const *)pa, *b = *(rt_obj *const *)pb;

	return strcasecmp(a->name, b->name);
}

static int obj_name_cmp(const void *pa, const void *pb)
{
	const rt_obj *a = *(rt_obj *const *)pa, *b = *(rt_obj *const *)pb;

	return strcmp(a->name, b->name);
}

static int set_error(loader *l, int error)
{
	if (error < 0 && !l->error)
		l->error = error;
	return error < 0 ? 1 : 0;
}

#define STR(x) rt_arena_strdup(&l->cat->arena, (x))

/* name, type: the shadow and virtual tables (pragma_table_list) */
static int row_kind(void *payload, int n, const char *const *v)
{
	loader *l = payload;
	char *k;

	(void)n;
	k = rt_arena_printf(&l->cat->arena, "%c%s", v[1][0], v[0]);
	return set_error(l, k ? rt_vec_push(&l->cat->arena, &l->kinds, k)
			      : RT_ERROR);
}

/* 's' (shadow), 'v' (virtual) or 0 for a table name. */
static char kind_of(loader *l, const char *name)
{
	size_t lo = 0, hi = l->kinds.len;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *k = l->kinds.items[mid];
		int c = strcmp(k + 1, name);

		if (!c)
			return k[0];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

static int kind_cmp(const void *pa, const void *pb)
{
	const char *a = *(char *const *)pa, *b = *(char *const *)pb;

	return strcmp(a + 1, b + 1);
}

/* type, name, tbl_name, sql */
static int row_object(void *payload, int n, const char *const *v)
{
	loader *l = payload;
	rt_arena *a = &l->cat->arena;
	const char *type = v[0], *name = v[1], *tbl = v[2], *sql = v[3];
	char kind = kind_of(l, tbl);
	rt_obj *o = NULL;

	(void)n;
	if (!sql || own_table(tbl) || kind == 's')
		return 0;
	if (!strcmp(type, "table")) {
		ltable *lt = rt_arena_alloc(a, sizeof(*lt));
		rt_table *t = (rt_table *)rt_catalog_add(l->cat, RT_OBJ_TABLE,
							 sizeof(rt_table));

		if (!lt || !t)
			return set_error(l, RT_ERROR);
		lt->t = t;
		o = &t->obj;
		t->is_virtual = kind == 'v';
		if (!t->is_virtual &&
		    set_error(l, parse_table(&lt->parsed, a, sql)))
			return 1;
		t->options = lt->parsed.options;
		if (set_error(l, rt_vec_push(a, &l->tables, lt)))
			return 1;
	} else if (!strcmp(type, "index")) {
		rt_index *ix = (rt_index *)rt_catalog_add(l->cat, RT_OBJ_INDEX,
							  sizeof(rt_index));

		if (!ix || set_error(l, rt_vec_push(a, &l->indexes, ix)))
			return set_error(l, RT_ERROR);
		o = &ix->obj;
	} else if (!strcmp(type, "view") || !strcmp(type, "trigger")) {
		o = rt_catalog_add(
		    l->cat, type[0] == 'v' ? RT_OBJ_VIEW : RT_OBJ_TRIGGER,
		    sizeof(rt_obj));
		if (!o || set_error(l, rt_vec_push(a, &l->others, o)))
			return set_error(l, RT_ERROR);
	} else {
		return 0;
	}
	if (!(o->name = STR(name)) || !(o->definition = STR(sql)))
		return set_error(l, RT_ERROR);
	if (o->kind == RT_OBJ_INDEX || o->kind == RT_OBJ_TRIGGER) {
		if (!(o->table = STR(tbl)))
			return set_error(l, RT_ERROR);
	}
	/* a table compares column by column; only a virtual one by text */
	if (o->kind != RT_OBJ_TABLE || ((rt_table *)o)->is_virtual) {
		if (!(o->canonical = rt_sqlite_canonical(a, sql, strlen(sql))))
			return set_error(l, RT_ERROR);
	}
	return 0;
}

static int lt_cmp(const void *pa, const void *pb)
{
	const ltable *a = *(ltable *const *)pa, *b = *(ltable *const *)pb;

	return strcmp(a->t->obj.name, b->t->obj.name);
}

static const pcol *parsed_column(const ltable *lt, const char *name)
{
	size_t i;

	for (i = 0; i < lt->parsed.ncols; i++)
		if (!strcasecmp(lt->parsed.cols[i]->name, name))
			return lt->parsed.cols[i];
	return NULL;
}

/* table, cid, name, type, notnull, dflt_value, pk, hidden */
static int row_column(void *payload, int n, const char *const *v)
{
	loader *l = payload;
	rt_arena *a = &l->cat->arena;
	ltable *lt = find_table(l, v[0]);
	rt_column *c;
	const pcol *pc;
	int hidden;

	(void)n;
	if (!lt)
		return 0;
	hidden = v[7] ? atoi(v[7]) : 0;
	if (hidden == 1)
		return 0; /* a virtual table's hidden column */
	if (!(c = rt_arena_alloc(a, sizeof(*c))))
		return set_error(l, RT_ERROR);
	c->name = STR(v[2]);
	c->type =
	    rt_sqlite_canonical(a, v[3] ? v[3] : "", v[3] ? strlen(v[3]) : 0);
	c->not_null = v[4] && atoi(v[4]);
	if (v[5] &&
	    !(c->default_expr = rt_sqlite_canonical(a, v[5], strlen(v[5]))))
		return set_error(l, RT_ERROR);
	c->pk = v[6] ? atoi(v[6]) : 0;
	c->position = (int)lt->cols.len + 1;
	if ((pc = parsed_column(lt, v[2]))) {
		c->definition = pc->definition;
		c->canonical = pc->canonical;
		c->generated = pc->generated;
		c->generated_stored = pc->stored;
		c->collation = pc->collation;
		c->unique = pc->unique;
		c->references = pc->references;
	}
	if (!c->name || !c->type)
		return set_error(l, RT_ERROR);
	return set_error(l, rt_vec_push(a, &lt->cols, c));
}

static rt_index *find_index(loader *l, const char *name)
{
	size_t lo = 0, hi = l->indexes.len;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		rt_index *ix = l->indexes.items[mid];
		int c = strcmp(ix->obj.name, name);

		if (!c)
			return ix;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* index name, unique, partial */
static int row_index(void *payload, int n, const char *const *v)
{
	loader *l = payload;
	rt_index *ix = find_index(l, v[0]);

	(void)n;
	if (ix) {
		ix->unique = v[1] && atoi(v[1]);
		ix->partial = v[2] && atoi(v[2]);
	}
	return 0;
}

/* index name, seqno, cid, column name */
static int row_index_col(void *payload, int n, const char *const *v)
{
	loader *l = payload;
	rt_index *ix = find_index(l, v[0]);
	const char **cols;

	(void)n;
	if (!ix)
		return 0;
	cols = rt_arena_array(&l->cat->arena, ix->ncolumns + 1, sizeof(*cols));
	if (!cols)
		return set_error(l, RT_ERROR);
	if (ix->ncolumns)
		memcpy(cols, ix->columns, ix->ncolumns * sizeof(*cols));
	cols[ix->ncolumns] = v[3] ? STR(v[3]) : NULL;
	ix->columns = cols;
	ix->ncolumns++;
	return 0;
}

/* One row of pragma_foreign_key_list, kept until grouped by id. */
typedef struct fkrow {
	int id;
	const char *table, *from, *to, *on_update, *on_delete, *match;
} fkrow;

/* table, id, seq, ref table, from, to, on_update, on_delete, match */
static int row_fk(void *payload, int n, const char *const *v)
{
	loader *l = payload;
	ltable *lt = find_table(l, v[0]);
	fkrow *r;

	(void)n;
	if (!lt)
		return 0;
	if (!(r = rt_arena_alloc(&l->cat->arena, sizeof(*r))))
		return set_error(l, RT_ERROR);
	r->id = atoi(v[1]);
	r->table = STR(v[3]);
	r->from = STR(v[4]);
	r->to = v[5] ? STR(v[5]) : NULL;
	r->on_update = STR(v[6] ? v[6] : "NO ACTION");
	r->on_delete = STR(v[7] ? v[7] : "NO ACTION");
	r->match = STR(v[8] ? v[8] : "NONE");
	if (!r->table || !r->from || !r->on_update || !r->on_delete ||
	    !r->match)
		return set_error(l, RT_ERROR);
	return set_error(l, rt_vec_push(&l->cat->arena, &lt->fks, r));
}

static void lower_into(rt_buf *b, const char *s)
{
	for (; *s; s++)
		rt_buf_putc(b, (char)tolower((unsigned char)*s));
}

/* "constraint NAME " + canonical text */
static const char *named(loader *l, const char *name, const char *canon)
{
	rt_buf b = RT_BUF_INIT;
	char *s;

	rt_buf_init(&b);
	rt_buf_puts(&b, "constraint ");
	canon_name_n(&b, name, strlen(name));
	rt_buf_printf(&b, " %s", canon);
	s = buf_to_arena(&l->cat->arena, &b);
	rt_buf_release(&b);
	return s;
}

/* Foreign keys of one table from its pragma rows (grouped by id, in
 * seq order) and its parsed text (names, DEFERRABLE). */
static int build_fks(loader *l, ltable *lt)
{
	rt_arena *a = &l->cat->arena;
	rt_buf def = RT_BUF_INIT, cols = RT_BUF_INIT, name = RT_BUF_INIT;
	size_t i = 0, j, k;
	int error = 0;

	rt_buf_init(&def);
	rt_buf_init(&cols);
	rt_buf_init(&name);
	while (i < lt->fks.len && !error) {
		fkrow *first = lt->fks.items[i];
		const pfk *pf = NULL;
		rt_obj *o, *ref;

		rt_buf_clear(&def);
		rt_buf_clear(&cols);
		for (j = i; j < lt->fks.len &&
			    ((fkrow *)lt->fks.items[j])->id == first->id;
		     j++) {
			if (j > i)
				rt_buf_puts(&cols, " , ");
			canon_name_n(&cols, ((fkrow *)lt->fks.items[j])->from,
				     strlen(((fkrow *)lt->fks.items[j])->from));
		}
		for (k = 0; k < lt->parsed.nfks; k++)
			if (!strcmp(lt->parsed.fks[k]->cols,
				    rt_buf_cstr(&cols)))
				pf = lt->parsed.fks[k];
		rt_buf_printf(&def, "foreign key ( %s ) references ",
			      rt_buf_cstr(&cols));
		canon_name_n(&def, first->table, strlen(first->table));
		if (first->to) {
			rt_buf_puts(&def, " (");
			for (k = i; k < j; k++) {
				fkrow *r = lt->fks.items[k];

				rt_buf_puts(&def, k > i ? " , " : " ");
				canon_name_n(&def, r->to, strlen(r->to));
			}
			rt_buf_puts(&def, " )");
		}
		rt_buf_puts(&def, " on update ");
		lower_into(&def, first->on_update);
		rt_buf_puts(&def, " on delete ");
		lower_into(&def, first->on_delete);
		if (strcasecmp(first->match, "NONE")) {
			rt_buf_puts(&def, " match ");
			lower_into(&def, first->match);
		}
		if (pf && pf->deferrable)
			rt_buf_printf(&def, " %s", pf->deferrable);
		rt_buf_clear(&name);
		if (pf && pf->name) {
			rt_buf_puts(&name, pf->name);
		} else {
			rt_buf_puts(&name, lt->t->obj.name);
			for (k = i; k < j; k++)
				rt_buf_printf(
				    &name, "_%s",
				    ((fkrow *)lt->fks.items[k])->from);
			rt_buf_puts(&name, "_fkey");
		}
		if (!(o = rt_catalog_add(l->cat, RT_OBJ_FOREIGN_KEY,
					 sizeof(rt_obj))) ||
		    !(o->name = buf_to_arena(a, &name)) ||
		    !(o->definition = buf_to_arena(a, &def))) {
			error = RT_ERROR;
			break;
		}
		o->canonical = pf && pf->name
				   ? named(l, pf->name, o->definition)
				   : o->definition;
		o->table = lt->t->obj.name;
		if (!o->canonical) {
			error = RT_ERROR;
			break;
		}
		ref = find_relation(l, first->table);
		if ((error = rt_obj_add_dep(l->cat, o, &lt->t->obj)) < 0 ||
		    (error = rt_obj_add_dep(l->cat, o, ref)) < 0 ||
		    (error = rt_obj_add_dep(l->cat, &lt->t->obj, ref)) < 0)
			break;
		i = j;
	}
	rt_buf_release(&def);
	rt_buf_release(&cols);
	rt_buf_release(&name);
	return error;
}

static int build_constraints(loader *l, ltable *lt)
{
	rt_arena *a = &l->cat->arena;
	size_t i;

	for (i = 0; i < lt->parsed.ncons; i++) {
		const pcons *pc = lt->parsed.cons[i];
		rt_obj *o =
		    rt_catalog_add(l->cat, RT_OBJ_CONSTRAINT, sizeof(rt_obj));

		if (!o)
			return RT_ERROR;
		/* an unnamed CHECK is known by what it says */
		if (pc->name)
			o->name = pc->name;
		else if (!strcmp(pc->kind, "check"))
			o->name = rt_arena_printf(a, "%s_%s", lt->t->obj.name,
						  pc->canonical);
		else
			o->name =
			    rt_arena_printf(a, "%s_%s_%s", lt->t->obj.name,
					    pc->cols ? pc->cols : "", pc->kind);
		o->table = lt->t->obj.name;
		o->definition = pc->definition;
		/* the name is part of the text SQLite keeps: renaming one
		 * is a change */
		o->canonical = pc->name ? named(l, pc->name, pc->canonical)
					: pc->canonical;
		if (!o->canonical)
			return RT_ERROR;
		if (!o->name || rt_obj_add_dep(l->cat, o, &lt->t->obj) < 0)
			return RT_ERROR;
	}
	return 0;
}

/* Views and triggers depend on the relations their text names. */
static int text_deps(loader *l, rt_obj *o)
{
	sq_toks tk;
	rt_buf name = RT_BUF_INIT;
	size_t i;
	int error = 0;

	rt_buf_init(&name);
	if (o->table &&
	    (error = rt_obj_add_dep(l->cat, o, find_relation(l, o->table))) < 0)
		return error;
	if ((error = toks_lex(&tk, o->definition, strlen(o->definition))) < 0)
		return error;
	for (i = 0; i < tk.n && !error; i++) {
		rt_obj *dep;

		if (tk.v[i].type != TK_WORD && tk.v[i].type != TK_QIDENT)
			continue;
		rt_buf_clear(&name);
		unquote(&name, tk.s + tk.v[i].start, tk.v[i].len);
		if ((error = rt_buf_check(&name)) < 0)
			break;
		dep = find_relation(l, name.ptr);
		if (dep && dep != o)
			error = rt_obj_add_dep(l->cat, o, dep);
	}
	toks_release(&tk);
	rt_buf_release(&name);
	return error;
}

/* pragma_table_list is read once: joined to sqlite_schema it would be
 * evaluated again for every row. */
static const char q_kinds[] =
	"SELECT name, type FROM pragma_table_list"
	" WHERE schema = 'main' AND type IN ('shadow', 'virtual')";

static const char q_objects[] =
	"SELECT type, name, tbl_name, sql FROM sqlite_schema"
	" WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
	" ORDER BY type, name";

/* The rest is per table; rows of tables left out (shadow tables, retort's)
 * find no table and are skipped. */
#define TABLES " FROM sqlite_schema s"

static const char q_columns[] =
	"SELECT s.name, c.cid, c.name, c.type, c.\"notnull\", c.dflt_value,"
	" c.pk, c.hidden" TABLES ", pragma_table_xinfo(s.name) c"
	" WHERE s.type = 'table' ORDER BY s.name, c.cid";

static const char q_indexes[] =
	"SELECT il.name, il.\"unique\", il.partial" TABLES
	", pragma_index_list(s.name) il"
	" WHERE s.type = 'table' AND il.origin = 'c'";

static const char q_index_cols[] =
	"SELECT il.name, ix.seqno, ix.cid, ix.name" TABLES
	", pragma_index_list(s.name) il, pragma_index_xinfo(il.name) ix"
	" WHERE s.type = 'table' AND il.origin = 'c' AND ix.key"
	" ORDER BY il.name, ix.seqno";

static const char q_fks[] =
	"SELECT s.name, f.id, f.seq, f.\"table\", f.\"from\", f.\"to\","
	" f.on_update, f.on_delete, f.\"match\"" TABLES
	", pragma_foreign_key_list(s.name) f WHERE s.type = 'table'"
	" ORDER BY s.name, f.id, f.seq";

static int run(loader *l, const char *sql, rt_row_cb cb)
{
	int error = l->db->be->query(l->db->conn, sql, NULL, 0, cb, l);

	if (error < 0)
		return error;
	return l->error;
}

static int load_sqlite(rt_catalog *cat, rt_db *db)
{
	loader l;
	size_t i, k;
	int error;

	memset(&l, 0, sizeof(l));
	l.cat = cat;
	l.db = db;
	if ((error = run(&l, q_kinds, row_kind)) < 0)
		goto done;
	if (l.kinds.len)
		qsort(l.kinds.items, l.kinds.len, sizeof(void *), kind_cmp);
	if ((error = run(&l, q_objects, row_object)) < 0)
		goto done;
	if (l.tables.len)
		qsort(l.tables.items, l.tables.len, sizeof(void *), lt_cmp);
	if (l.indexes.len)
		qsort(l.indexes.items, l.indexes.len, sizeof(void *),
		      obj_name_cmp);
	for (i = 0; i < l.tables.len && !error; i++)
		error = rt_vec_push(&cat->arena, &l.rels,
				    &((ltable *)l.tables.items[i])->t->obj);
	for (i = 0; i < l.others.len && !error; i++)
		if (((rt_obj *)l.others.items[i])->kind == RT_OBJ_VIEW)
			error = rt_vec_push(&cat->arena, &l.rels,
					    l.others.items[i]);
	if (error < 0)
		goto done;
	if (l.rels.len)
		qsort(l.rels.items, l.rels.len, sizeof(void *), rel_cmp);
	if ((error = run(&l, q_columns, row_column)) < 0 ||
	    (error = run(&l, q_indexes, row_index)) < 0 ||
	    (error = run(&l, q_index_cols, row_index_col)) < 0 ||
	    (error = run(&l, q_fks, row_fk)) < 0)
		goto done;
	for (i = 0; i < l.tables.len; i++) {
		ltable *lt = l.tables.items[i];
		rt_table *t = lt->t;

		t->ncolumns = lt->cols.len;
		t->columns = rt_arena_array(&cat->arena, t->ncolumns + 1,
					    sizeof(rt_column));
		if (!t->columns) {
			error = RT_ERROR;
			goto done;
		}
		for (k = 0; k < t->ncolumns; k++)
			t->columns[k] = *(rt_column *)lt->cols.items[k];
		if ((error = build_fks(&l, lt)) < 0 ||
		    (error = build_constraints(&l, lt)) < 0)
			goto done;
	}
	for (i = 0; i < l.indexes.len; i++) {
		rt_index *ix = l.indexes.items[i];

		if ((error = rt_obj_add_dep(
			 cat, &ix->obj, find_relation(&l, ix->obj.table))) < 0)
			goto done;
	}
	for (i = 0; i < l.others.len; i++)
		if ((error = text_deps(&l, l.others.items[i])) < 0)
			goto done;
done:
	if (error < 0 && !rt_error_last()->message[0])
		rt_error_nomem();
	return error;
}

/* ---- scratch databases ------------------------------------------------ */

/* In memory: nothing on disk to drop, nothing left behind by a kill. */
static int scratch_open_sqlite(rt_scratch *s, const char *server,
			       const char *src, const char *schema_name)
{
	(void)server;
	(void)src;
	(void)schema_name;
	return rt_db_open(&s->db, "sqlite::memory:", NULL);
}

static void scratch_drop_sqlite(rt_scratch *s)
{
	rt_db_close(s->db);
	s->db = NULL;
}

const rt_catalog_ops rt_catalog_ops_sqlite = {
	.load = load_sqlite,
	.scratch_open = scratch_open_sqlite,
	.scratch_drop = scratch_drop_sqlite,
};
