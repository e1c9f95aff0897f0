/*
 * parse.c: the migration file format of DESIGN.md.
 *
 * The file is read line by line. A line whose text starts with
 * "-- retort:" is a directive; every other line is SQL (comments
 * included) and belongs to the section opened last. Before the first
 * section only comments, blank lines and header directives may appear.
 * SQL steps keep their lines verbatim so that an offset inside a step maps
 * back to a line of the file.
 */
#include "migration/migration.h"
#include "util/similar.h"
#include "util/sha256.h"
#include "util/sql_lex.h"

#include <ctype.h>

#define DIRECTIVE "-- retort:"

typedef struct parser {
	rt_arena *arena;
	const char *path;
	rt_migration *m;
	rt_section *cur;  /* section being filled, or NULL in the header */
	const char *sql_start; /* pending SQL lines of `cur` */
	int sql_line;
	/* the text is the steps' storage (rt_migration_parse_in_place):
	 * a step ends where its last newline was, now a NUL */
	int in_place;
	rt_vec steps;
	rt_vec ignores; /* rt_lint_ignore *, in file order */
	rt_vec replaces, after; /* names, in file order */
	rt_vec after_lines;	/* int *, one per `after` name */
	int parent_line, online_line, repeatable_line, after_line;
	int is_repeatable; /* the file is named R_<slug> */
} parser;

static int field(const char *s, int n)
{
	int v = 0;

	while (n--)
		v = v * 10 + (*s++ - '0');
	return v;
}

int rt_revision_name_valid(const char *name, size_t len)
{
	size_t i;
	int mon, day;

	if (len < 16)
		return 0;
	for (i = 0; i < 14; i++)
		if (!isdigit((unsigned char)name[i]))
			return 0;
	/* the id is a UTC time: an impossible one is a typo */
	mon = field(name + 4, 2);
	day = field(name + 6, 2);
	if (mon < 1 || mon > 12 || day < 1 || day > 31 ||
	    field(name + 8, 2) > 23 || field(name + 10, 2) > 59 ||
	    field(name + 12, 2) > 60)
		return 0;
	if (name[14] != '_')
		return 0;
	for (i = 15; i < len; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '_'))
			return 0;
	}
	return 1;
}

int rt_repeatable_name_valid(const char *name, size_t len)
{
	size_t i;

	if (len < 3 || name[0] != 'R' || name[1] != '_')
		return 0;
	for (i = 2; i < len; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '_'))
			return 0;
	}
	return 1;
}

static int perr(parser *p, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int perr(parser *p, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	rt_error_vset(RT_ERROR_PARSE, fmt, ap);
	va_end(ap);
	rt_error_at(p->path, line, 0);
	return RT_ERROR;
}

/* Close the pending run of SQL lines [sql_start, end) as a step: its
 * text less the newline ending its last line, which in place becomes the
 * NUL (every line before `end` has been read by then). */
static int flush_sql(parser *p, const char *end)
{
	size_t n;
	rt_step *st;

	if (!p->cur || !p->sql_start)
		return 0;
	n = (size_t)(end - p->sql_start);
	if (!rt_sql_is_blank(p->sql_start, n)) {
		st = rt_arena_alloc(p->arena, sizeof(*st));
		if (!st)
			return RT_ERROR;
		st->kind = RT_STEP_SQL;
		st->line = p->sql_line;
		if (p->sql_start[n - 1] == '\n')
			n--;
		if (p->in_place) {
			((char *)p->sql_start)[n] = '\0';
			st->sql = p->sql_start;
		} else {
			st->sql = rt_arena_strndup(p->arena, p->sql_start, n);
		}
		if (!st->sql || rt_vec_push(p->arena, &p->steps, st) < 0)
			return RT_ERROR;
	}
	p->sql_start = NULL;
	return 0;
}

static int close_section(parser *p, const char *end)
{
	size_t i;

	if (!p->cur)
		return 0;
	if (flush_sql(p, end) < 0)
		return RT_ERROR;
	p->cur->nsteps = p->steps.len;
	p->cur->steps = rt_arena_array(p->arena, p->steps.len + 1,
				       sizeof(rt_step));
	if (!p->cur->steps)
		return RT_ERROR;
	for (i = 0; i < p->steps.len; i++)
		p->cur->steps[i] = *(rt_step *)p->steps.items[i];
	p->steps.len = 0;
	p->cur = NULL;
	return 0;
}

/* Words of a directive's arguments, split on blanks. */
static size_t next_word(const char *s, size_t len, size_t *i, size_t *wlen)
{
	size_t start;

	while (*i < len && isspace((unsigned char)s[*i]))
		(*i)++;
	start = *i;
	while (*i < len && !isspace((unsigned char)s[*i]))
		(*i)++;
	*wlen = *i - start;
	return start;
}

/* The revision names of a directive's line (retort:parent,
 * retort:replaces), each checked, pushed onto `into`. */
static int push_revision_names(parser *p, int line, const char *args,
			       size_t len, rt_vec *into)
{
	size_t i = 0, w, wl;

	for (;;) {
		char *name;

		w = next_word(args, len, &i, &wl);
		if (!wl)
			return 0;
		if (!rt_revision_name_valid(args + w, wl))
			return perr(p, line,
				    "'%.*s' is not a revision name "
				    "(YYYYMMDDHHMMSS_slug)",
				    (int)wl, args + w);
		name = rt_arena_strndup(p->arena, args + w, wl);
		if (!name || rt_vec_push(p->arena, into, name) < 0)
			return RT_ERROR;
	}
}

static int parse_parent(parser *p, int line, const char *args, size_t len)
{
	rt_vec names = {0};
	int error;

	if (p->cur)
		return perr(p, line, "'retort:parent' must come before "
				     "'retort:up' and 'retort:down'");
	if (p->parent_line)
		return perr(p, line, "'retort:parent' given twice (first on "
				     "line %d); list every parent on one line",
			    p->parent_line);
	p->parent_line = line;
	if ((error = push_revision_names(p, line, args, len, &names)) < 0)
		return error;
	if (!names.len)
		return perr(p, line, "'retort:parent' names no revision");
	p->m->parents = (const char **)names.items;
	p->m->nparents = names.len;
	return 0;
}

static int parse_section(parser *p, int line, rt_section *sec,
			 const char *which, const char *args, size_t len,
			 const char *next_line)
{
	size_t i = 0, w, wl;

	if (sec->present)
		return perr(p, line, "section 'retort:%s' given twice (first "
				     "on line %d)",
			    which, sec->line);
	sec->present = 1;
	sec->transaction = 1;
	sec->line = line;
	for (;;) {
		w = next_word(args, len, &i, &wl);
		if (!wl)
			break;
		if (wl == 17 && strncmp(args + w, "transaction=false", wl) == 0)
			sec->transaction = 0;
		else if (wl == 16 &&
			 strncmp(args + w, "transaction=true", wl) == 0)
			sec->transaction = 1;
		else
			return perr(p, line,
				    "unknown option '%.*s' of 'retort:%s' "
				    "(known: transaction=false)",
				    (int)wl, args + w, which);
	}
	p->cur = sec;
	p->sql_start = next_line;
	p->sql_line = line + 1;
	return 0;
}

/* TABLE FROM 'file.csv'; TABLE may be "quoted" or schema.table. */
static int parse_load(parser *p, int line, const char *args, size_t len,
		      const char *next_line)
{
	size_t i = 0, tstart, tlen, q;
	rt_step *st;
	char *csv;

	if (!p->cur)
		return perr(p, line, "'retort:load' must be inside "
				     "'retort:up' or 'retort:down'");
	while (i < len && isspace((unsigned char)args[i]))
		i++;
	tstart = i;
	while (i < len && !isspace((unsigned char)args[i])) {
		if (args[i] == '"') {
			for (i++; i < len && args[i] != '"'; i++)
				;
		}
		i++;
	}
	if (i > len)
		i = len;
	tlen = i - tstart;
	while (i < len && isspace((unsigned char)args[i]))
		i++;
	if (!tlen || len - i < 4 || strncasecmp(args + i, "from", 4) != 0)
		goto bad;
	i += 4;
	while (i < len && isspace((unsigned char)args[i]))
		i++;
	if (i >= len || args[i] != '\'')
		goto bad;
	q = ++i;
	while (i < len && args[i] != '\'')
		i++;
	if (i >= len || i == q)
		goto bad;
	if (!rt_sql_is_blank(args + i + 1, len - i - 1))
		goto bad;
	st = rt_arena_alloc(p->arena, sizeof(*st));
	if (!st)
		return RT_ERROR;
	st->kind = RT_STEP_LOAD;
	st->line = line;
	st->table = rt_arena_strndup(p->arena, args + tstart, tlen);
	csv = rt_arena_strndup(p->arena, args + q, i - q);
	if (!st->table || !csv)
		return RT_ERROR;
	if (csv[0] == '/') {
		st->csv_path = csv;
	} else {
		const char *slash = strrchr(p->path, '/');

		st->csv_path = slash ? rt_arena_printf(p->arena, "%.*s/%s",
						       (int)(slash - p->path),
						       p->path, csv)
				     : csv;
	}
	if (!st->csv_path || rt_vec_push(p->arena, &p->steps, st) < 0)
		return RT_ERROR;
	p->sql_start = next_line;
	p->sql_line = line + 1;
	return 0;
bad:
	return perr(p, line, "malformed 'retort:load': expected "
			     "\"-- retort:load TABLE FROM 'file.csv'\"");
}

/* ---- -- retort:copy ---------------------------------------------------- */

/* A quoted SQL string at args[*i] ('' is a quote): its text, into the
 * arena; NULL (and *i unchanged) when there is none or it is unclosed. */
static char *copy_string(parser *p, const char *args, size_t len, size_t *i)
{
	rt_buf b = RT_BUF_INIT;
	size_t k = *i;
	char *s = NULL;

	if (k >= len || args[k] != '\'')
		return NULL;
	rt_buf_init(&b);
	for (k++; k < len; k++) {
		if (args[k] == '\'') {
			if (k + 1 < len && args[k + 1] == '\'') {
				rt_buf_putc(&b, '\'');
				k++;
				continue;
			}
			break;
		}
		rt_buf_putc(&b, args[k]);
	}
	if (k < len && b.len && rt_buf_check(&b) == 0) {
		s = rt_arena_strndup(p->arena, b.ptr, b.len);
		*i = k + 1;
	}
	rt_buf_release(&b);
	return s;
}

static size_t skip_blank(const char *args, size_t len, size_t i)
{
	while (i < len && isspace((unsigned char)args[i]))
		i++;
	return i;
}

/* The word `w` (any case) at args[*i], followed by a blank. */
static int copy_word(const char *args, size_t len, size_t *i, const char *w)
{
	size_t n = strlen(w);

	if (len - *i <= n || strncasecmp(args + *i, w, n) != 0 ||
	    !isspace((unsigned char)args[*i + n]))
		return 0;
	*i = skip_blank(args, len, *i + n);
	return 1;
}

/* "(a, b, "C")": the names, quotes kept (the loader quotes bare ones) */
static int copy_columns(parser *p, rt_step *st, const char *args, size_t len,
			size_t *i)
{
	rt_vec cols = {0};
	size_t k = *i + 1;

	for (;;) {
		size_t start, end;

		k = skip_blank(args, len, k);
		start = k;
		while (k < len && args[k] != ',' && args[k] != ')') {
			if (args[k] == '"')
				for (k++; k < len && args[k] != '"'; k++)
					;
			k++;
		}
		if (k >= len)
			return RT_ERROR;
		end = k;
		while (end > start && isspace((unsigned char)args[end - 1]))
			end--;
		if (end == start)
			return RT_ERROR;
		if (end - start >= 2 && args[start] == '"' &&
		    args[end - 1] == '"') {
			start++;
			end--;
		}
		if (rt_vec_push(p->arena, &cols,
				rt_arena_strndup(p->arena, args + start,
						 end - start)) < 0)
			return rt_error_nomem();
		if (args[k++] == ')')
			break;
	}
	st->copy_cols = (const char *const *)cols.items;
	st->ncopy_cols = (int)cols.len;
	*i = skip_blank(args, len, k);
	return 0;
}

/*
 * `-- retort:copy TABLE [(COL, ...)] FROM 'URL' QUERY 'SELECT ...'`: the
 * rows of a query on another database into TABLE, in the section's place
 * (engine/copy.c). Both strings are SQL literals ('' is a quote); the URL
 * is kept as written, ${VAR} expanded when it runs.
 */
static int parse_copy(parser *p, int line, const char *args, size_t len,
		      const char *next_line)
{
	size_t i, tstart;
	rt_step *st;

	if (!p->cur)
		return perr(p, line, "'retort:copy' must be inside "
				     "'retort:up' or 'retort:down'");
	st = rt_arena_alloc(p->arena, sizeof(*st));
	if (!st)
		return RT_ERROR;
	memset(st, 0, sizeof(*st));
	i = tstart = skip_blank(args, len, 0);
	while (i < len && !isspace((unsigned char)args[i]) && args[i] != '(') {
		if (args[i] == '"')
			for (i++; i < len && args[i] != '"'; i++)
				;
		i++;
	}
	if (i > len)
		i = len;
	if (i == tstart)
		goto bad;
	st->table = rt_arena_strndup(p->arena, args + tstart, i - tstart);
	i = skip_blank(args, len, i);
	if (i < len && args[i] == '(' && copy_columns(p, st, args, len, &i) < 0)
		goto bad;
	if (!copy_word(args, len, &i, "from") ||
	    !(st->copy_url = copy_string(p, args, len, &i)))
		goto bad;
	i = skip_blank(args, len, i);
	if (!copy_word(args, len, &i, "query") ||
	    !(st->copy_query = copy_string(p, args, len, &i)))
		goto bad;
	if (!rt_sql_is_blank(args + i, len - i))
		goto bad;
	st->kind = RT_STEP_COPY;
	st->line = line;
	if (!st->table || rt_vec_push(p->arena, &p->steps, st) < 0)
		return RT_ERROR;
	p->sql_start = next_line;
	p->sql_line = line + 1;
	return 0;
bad:
	return perr(p, line, "malformed 'retort:copy': expected \"-- "
			     "retort:copy TABLE [(COL, ...)] FROM 'URL' QUERY "
			     "'SELECT ...'\"");
}

/*
 * `-- retort:lint-ignore RULE[,RULE...] reason`: one entry per rule. The
 * rule ids are lint's business (it reports unknown ones); the parser
 * only records where the directive stands.
 */
static int parse_lint_ignore(parser *p, int line, const char *args,
			     size_t len)
{
	size_t i = 0, w, wl, r, rs;
	const char *reason;
	rt_lint_scope scope;

	w = next_word(args, len, &i, &wl);
	if (!wl)
		return perr(p, line, "'retort:lint-ignore' names no rule");
	while (i < len && isspace((unsigned char)args[i]))
		i++;
	if (!(reason = rt_arena_strndup(p->arena, args + i, len - i)))
		return RT_ERROR;
	scope = !p->cur ? RT_LINT_SCOPE_FILE
			: p->cur == &p->m->up ? RT_LINT_SCOPE_UP
					      : RT_LINT_SCOPE_DOWN;
	for (r = w; r < w + wl; r++) {
		rt_lint_ignore *ig;

		rs = r;
		while (r < w + wl && args[r] != ',')
			r++;
		if (r == rs)
			continue;
		if (!(ig = rt_arena_alloc(p->arena, sizeof(*ig))))
			return RT_ERROR;
		ig->rule = rt_arena_strndup(p->arena, args + rs, r - rs);
		ig->reason = reason;
		ig->line = line;
		ig->scope = scope;
		if (!ig->rule || rt_vec_push(p->arena, &p->ignores, ig) < 0)
			return RT_ERROR;
	}
	return 0;
}

/* One name of a rename: a word without '.', '=' and blanks, or a
 * double-quoted name with "" inside; the index after it, or 0. */
static size_t rename_name(const char *s, size_t i, size_t end)
{
	size_t start = i;

	if (i < end && s[i] == '"') {
		for (i++; i < end; i++) {
			if (s[i] == '"' && i + 1 < end && s[i + 1] == '"')
				i++;
			else if (s[i] == '"')
				return i + 1;
		}
		return 0;
	}
	while (i < end && s[i] != '.' && s[i] != '=' && s[i] != '"')
		i++;
	return i > start ? i : 0;
}

/*
 * `-- retort:rename TABLE.OLD=NEW` (a column) or `OLD=NEW` (a table), one
 * or more: the rename decisions `new --autogenerate` took. Only the form
 * is checked here; schema.c reads them when it builds a dir:// source.
 */
static int parse_rename(parser *p, int line, const char *args, size_t len)
{
	size_t i = 0, w, wl, k;
	int n = 0;

	for (;;) {
		/* a word ends at a blank outside double quotes */
		while (i < len && isspace((unsigned char)args[i]))
			i++;
		w = i;
		for (k = 0; i < len && (k || !isspace((unsigned char)args[i]));
		     i++)
			if (args[i] == '"')
				k = !k;
		wl = i - w;
		if (!wl)
			break;
		n++;
		k = rename_name(args, w, w + wl);
		if (k && k < w + wl && args[k] == '.')
			k = rename_name(args, k + 1, w + wl);
		if (k && k < w + wl && args[k] == '=')
			k = rename_name(args, k + 1, w + wl);
		else
			k = 0;
		if (k != w + wl)
			return perr(p, line,
				    "malformed 'retort:rename' '%.*s': expected "
				    "TABLE.OLD=NEW or OLD=NEW",
				    (int)wl, args + w);
	}
	if (!n)
		return perr(p, line, "'retort:rename' names no rename");
	return 0;
}

/*
 * `-- retort:replaces REV [REV...]`, on one line or several: the file is
 * a squash (`retort squash`) standing for these revisions. Header only;
 * what they are is the graph's business (graph.c).
 */
static int parse_replaces(parser *p, int line, const char *args, size_t len)
{
	size_t before = p->replaces.len;
	int error;

	if (p->is_repeatable)
		return perr(p, line, "a repeatable migration replaces nothing: "
				     "'retort:replaces' belongs in a squash");
	if (p->cur)
		return perr(p, line, "'retort:replaces' must come before "
				     "'retort:up' and 'retort:down'");
	if ((error = push_revision_names(p, line, args, len, &p->replaces)) <
	    0)
		return error;
	if (p->replaces.len == before)
		return perr(p, line, "'retort:replaces' names no revision");
	if (!p->m->replaces_line)
		p->m->replaces_line = line;
	return 0;
}

/* `-- retort:after R_other [R_more...]`: a repeatable migration applied
 * after these (anywhere in the file: in its SQL it is a comment). */
static int parse_after(parser *p, int line, const char *args, size_t len)
{
	size_t i = 0, w, wl, before = p->after.len;

	if (!p->is_repeatable)
		return perr(p, line, "'retort:after' orders repeatable "
				     "migrations: it belongs in a file named "
				     "R_<slug>.sql with '-- retort:repeatable'");
	for (;;) {
		char *name;
		int *at;

		w = next_word(args, len, &i, &wl);
		if (!wl)
			break;
		if (!rt_repeatable_name_valid(args + w, wl))
			return perr(p, line,
				    "'%.*s' is not a repeatable migration's "
				    "name (R_slug)",
				    (int)wl, args + w);
		name = rt_arena_strndup(p->arena, args + w, wl);
		at = rt_arena_alloc(p->arena, sizeof(*at));
		if (!name || !at || rt_vec_push(p->arena, &p->after, name) < 0)
			return RT_ERROR;
		*at = line;
		if (rt_vec_push(p->arena, &p->after_lines, at) < 0)
			return RT_ERROR;
	}
	if (p->after.len == before)
		return perr(p, line, "'retort:after' names no repeatable "
				     "migration");
	return 0;
}

/* The directives this parser knows; `args`: it takes free arguments
 * (up and down take key=value options only). */
static const struct known_directive {
	const char *name;
	int args;
} known[] = {
	{"parent", 1}, {"up", 0},	   {"down", 0},	  {"load", 1},
	{"online", 0}, {"lint-ignore", 1}, {"rename", 1},
	{"copy", 1},   {"replaces", 1},	   {"repeatable", 0},
	{"after", 1},
};

/* The known directive nearest to s[0,n), if within `max` edits (exact
 * for a name of two letters), else NULL. */
static const struct known_directive *nearest(const char *s, size_t n,
					     int max)
{
	const struct known_directive *best = NULL;
	int bd = max + 1, d;
	size_t i;

	for (i = 0; i < RT_ARRAY_SIZE(known); i++) {
		/* case and '_' do not count: "Lint_Ignore" is lint-ignore */
		d = rt_similar_distance(s, n, known[i].name,
					strlen(known[i].name));
		if (strlen(known[i].name) < 3 && d)
			continue;
		if (d < bd) {
			bd = d;
			best = &known[i];
		}
	}
	return best;
}

/* A word of a directive's name: letters, digits, '-' and '_'. */
static size_t name_len(const char *s, size_t len)
{
	size_t n = 0;

	while (n < len && (isalnum((unsigned char)s[n]) || s[n] == '-' ||
			   s[n] == '_'))
		n++;
	return n;
}

static int misspelt(parser *p, int line, const char *t, size_t tl,
		    const struct known_directive *k, const char *rest,
		    size_t rl)
{
	rt_error_set(RT_ERROR_PARSE, "malformed directive '%.*s'",
		     (int)(tl > 60 ? 60 : tl), t);
	rt_error_detail("a comment that looks like a directive is refused: "
			"read as a plain comment, the SQL after it would run "
			"in the wrong section");
	rt_error_hint("did you mean '-- retort:%s%s%.*s'?", k->name,
		      rl ? " " : "", (int)rl, rest);
	rt_error_at(p->path, line, 0);
	return RT_ERROR;
}

/*
 * A comment line that is not "-- retort:..." but looks like a directive
 * (the rule of docs/retort.1, FILE FORMAT): after "--", any more '-' and
 * blanks, its first word is
 *  - "retort" in any case, then ':' (blanks around it allowed) and any
 *    text; or a blank and a directive's name (any case) that ends the
 *    line, or is followed by arguments the directive takes (key=value
 *    options for up and down);
 *  - or within two edits of "retort" (4 letters or more), then ':' and a
 *    word within one edit of a directive's name (exactly "up");
 * and it is an error naming the canonical spelling. Anything else (prose
 * that mentions retort) is a plain comment.
 */
static int near_miss(parser *p, int line, const char *t, size_t tl)
{
	const struct known_directive *k;
	size_t i = 2, w, wl, n, nl, r;
	int colon = 0, exact, d;

	while (i < tl && t[i] == '-')
		i++;
	while (i < tl && isblank((unsigned char)t[i]))
		i++;
	for (w = i; i < tl && isalpha((unsigned char)t[i]); i++)
		;
	wl = i - w;
	d = rt_similar_distance(t + w, wl, "retort", 6);
	if (wl < 4 || d > 2)
		return 0;
	exact = d == 0;
	if (i < tl && isalnum((unsigned char)t[i]))
		return 0; /* "retorts2" */
	while (i < tl && isblank((unsigned char)t[i]))
		i++;
	if (i < tl && t[i] == ':') {
		colon = 1;
		i++;
		while (i < tl && isblank((unsigned char)t[i]))
			i++;
	} else if (i == w + wl) {
		return 0; /* "retort," */
	}
	n = i;
	nl = name_len(t + n, tl - n);
	for (r = n + nl; r < tl && isblank((unsigned char)t[r]); r++)
		;
	if (exact && colon) {
		k = nearest(t + n, nl, 2);
		if (!k) {
			rt_error_set(RT_ERROR_PARSE,
				     "malformed directive '%.*s'",
				     (int)(tl > 60 ? 60 : tl), t);
			rt_error_hint("a directive is written '-- retort:NAME' "
				      "(parent, up, down, load, online, "
				      "lint-ignore, rename, copy, replaces, "
				      "repeatable, after)");
			rt_error_at(p->path, line, 0);
			return RT_ERROR;
		}
	} else if (exact) {
		k = nearest(t + n, nl, 0);
		if (!k || (r < tl && !k->args && !memchr(t + r, '=', tl - r)))
			return 0;
	} else {
		k = colon ? nearest(t + n, nl, 1) : NULL;
		if (!k)
			return 0;
	}
	return misspelt(p, line, t, tl, k, t + r, tl - r);
}

static int directive(parser *p, int line, const char *text, size_t len,
		     const char *line_start, const char *next_line)
{
	size_t n = 0;
	const char *args;

	while (n < len && (isalnum((unsigned char)text[n]) || text[n] == '-'))
		n++;
	args = text + n;
	len -= n;
#define IS(word) (n == sizeof(word) - 1 && strncmp(text, word, n) == 0)
	if (p->is_repeatable &&
	    (IS("parent") || IS("up") || IS("down") || IS("online")))
		return perr(p, line,
			    "'retort:%.*s' in a repeatable migration: its SQL "
			    "follows '-- retort:repeatable', and it has no "
			    "parent, sections or online mode",
			    (int)n, text);
	if (IS("parent"))
		return parse_parent(p, line, args, len);
	if (IS("replaces"))
		return parse_replaces(p, line, args, len);
	if (IS("after"))
		return parse_after(p, line, args, len);
	if (IS("repeatable")) {
		if (!p->is_repeatable)
			return perr(p, line,
				    "'-- retort:repeatable' in a versioned "
				    "migration: a repeatable migration's file "
				    "is named R_<slug>.sql");
		p->repeatable_line = line;
		p->m->repeatable = 1;
		/* its SQL is the up section's */
		return parse_section(p, line, &p->m->up, "repeatable", args,
				     len, next_line);
	}
	if ((IS("up") || IS("down")) && close_section(p, line_start) < 0)
		return RT_ERROR;
	if (IS("up"))
		return parse_section(p, line, &p->m->up, "up", args, len,
				     next_line);
	if (IS("down"))
		return parse_section(p, line, &p->m->down, "down", args, len,
				     next_line);
	if (IS("load")) {
		/* flush_sql must stop before this directive's line */
		if (p->cur && flush_sql(p, line_start) < 0)
			return RT_ERROR;
		return parse_load(p, line, args, len, next_line);
	}
	if (IS("copy")) {
		if (p->cur && flush_sql(p, line_start) < 0)
			return RT_ERROR;
		return parse_copy(p, line, args, len, next_line);
	}
	if (IS("online")) {
		if (p->cur)
			return perr(p, line, "'retort:online' must come before "
					     "'retort:up'");
		p->m->online = 1;
		return 0;
	}
	/* kept in the SQL text too: to the server it is a comment */
	if (IS("lint-ignore"))
		return parse_lint_ignore(p, line, args, len);
	/* a recorded rename decision (new --autogenerate): checked here,
	 * read by the next autogenerate over this history */
	if (IS("rename"))
		return parse_rename(p, line, args, len);
#undef IS
	{
		/* "-- retort:dwon", "-- retort: down", "-- retort:lint_ignore" */
		size_t total = len + n, w = 0, wl, r;
		const struct known_directive *k;

		while (w < total && isblank((unsigned char)text[w]))
			w++;
		wl = name_len(text + w, total - w);
		k = nearest(text + w, wl, 2);
		for (r = w + wl; r < total && isblank((unsigned char)text[r]);
		     r++)
			;
		rt_error_set(RT_ERROR_PARSE, "unknown directive 'retort:%.*s'",
			     (int)(w + wl), text);
		if (k)
			rt_error_hint("did you mean '-- retort:%s%s%.*s'?",
				      k->name, r < total ? " " : "",
				      (int)(total - r), text + r);
		rt_error_at(p->path, line, 0);
		return RT_ERROR;
	}
}

/* A file whose lines end in CR alone reads as one line: its first
 * directive would swallow the rest ("unknown option 'CREATE'"). More lone
 * CRs than LFs is such a file; a CR inside one literal is not. */
static int cr_line_ends(const char *text, size_t len)
{
	size_t i, cr = 0, lf = 0;

	for (i = 0; i < len; i++) {
		if (text[i] == '\n')
			lf++;
		else if (text[i] == '\r' && (i + 1 == len || text[i + 1] != '\n'))
			cr++;
	}
	return cr > lf;
}

static int parse_text(rt_migration **out, rt_arena *arena, const char *path,
		      const char *name, const char *text, size_t len,
		      int in_place)
{
	parser p;
	rt_migration *m;
	char sum[RT_SHA256_HEX];
	const char *s, *end = text + len;
	int line = 0;

	*out = NULL;
	memset(&p, 0, sizeof(p));
	p.arena = arena;
	p.path = path;
	p.in_place = in_place;
	p.is_repeatable = rt_repeatable_name_valid(name, strlen(name));
	if (!(m = rt_arena_alloc(arena, sizeof(*m))))
		return RT_ERROR;
	p.m = m;
	m->path = rt_arena_strdup(arena, path);
	m->name = rt_arena_strdup(arena, name);
	if (!m->path || !m->name)
		return RT_ERROR;
	if (memchr(text, '\0', len)) {
		s = memchr(text, '\0', len);
		return perr(&p, rt_sql_line_at(text, (size_t)(s - text), 1),
			    "the file contains a NUL byte");
	}
	/* an editor's byte order mark is no text before the first
	 * directive, and no edit of the file either */
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) {
		text += 3;
		len -= 3;
	}
	if (cr_line_ends(text, len)) {
		perr(&p, 1, "lines end in a carriage return alone (old Mac "
			    "line endings): retort reads lines ended by LF or "
			    "CRLF");
		rt_error_hint("convert the file, e.g. with: tr '\\r' '\\n'");
		return RT_ERROR;
	}
	/* before the text is cut into steps in place */
	if (rt_checksum_text(sum, text, len) < 0)
		return RT_ERROR;
	if (rt_revision_name_valid(name, strlen(name))) {
		m->id = rt_arena_strndup(arena, name, 14);
		m->slug = m->name + 15;
	}
	for (s = text; s < end;) {
		const char *eol = memchr(s, '\n', (size_t)(end - s));
		const char *next = eol ? eol + 1 : end;
		const char *t = s;
		size_t tl;

		if (!eol)
			eol = end;
		line++;
		while (t < eol && (*t == ' ' || *t == '\t'))
			t++;
		tl = (size_t)(eol - t);
		while (tl && isspace((unsigned char)t[tl - 1]))
			tl--;
		if (tl >= sizeof(DIRECTIVE) - 1 &&
		    strncmp(t, DIRECTIVE, sizeof(DIRECTIVE) - 1) == 0) {
			if (directive(&p, line, t + sizeof(DIRECTIVE) - 1,
				      tl - (sizeof(DIRECTIVE) - 1), s,
				      next) < 0)
				return RT_ERROR;
		} else if (tl >= 2 && t[0] == '-' && t[1] == '-') {
			if (near_miss(&p, line, t, tl) < 0)
				return RT_ERROR;
		} else if (!p.cur && tl) {
			if (p.is_repeatable && !rt_sql_is_blank(t, tl)) {
				perr(&p, line,
				     "'%s' is named as a repeatable migration "
				     "but has no '-- retort:repeatable' before "
				     "its SQL",
				     name);
				rt_error_hint("start it with '-- retort:repeatable', "
					      "its SQL below (CREATE OR REPLACE "
					      "...)");
				return RT_ERROR;
			}
			if (!rt_sql_is_blank(t, tl))
				return perr(&p, line,
					    "text before the first "
					    "'-- retort:' section: '%.*s'",
					    (int)(tl > 40 ? 40 : tl), t);
		}
		s = next;
	}
	if (close_section(&p, end) < 0)
		return RT_ERROR;
	if (p.ignores.len) {
		rt_lint_ignore *igs = rt_arena_array(arena, p.ignores.len,
						     sizeof(*igs));
		size_t i;

		if (!igs)
			return RT_ERROR;
		for (i = 0; i < p.ignores.len; i++)
			igs[i] = *(rt_lint_ignore *)p.ignores.items[i];
		m->lint_ignores = igs;
		m->nlint_ignores = p.ignores.len;
	}
	if (p.is_repeatable && !m->repeatable) {
		perr(&p, 1, "'%s' is named as a repeatable migration but has no "
			    "'-- retort:repeatable'",
		     name);
		rt_error_hint("start it with '-- retort:repeatable', its SQL "
			      "below (CREATE OR REPLACE ...)");
		return RT_ERROR;
	}
	if (!m->up.present)
		return perr(&p, line ? line : 1, "no '-- retort:up' section");
	if (p.replaces.len) {
		if (p.parent_line)
			return perr(&p, p.parent_line,
				    "a squash ('retort:replaces') starts from "
				    "the base of the history it replaces: it "
				    "has no 'retort:parent'");
		m->replaces = (const char **)p.replaces.items;
		m->nreplaces = p.replaces.len;
	}
	if (p.after.len) {
		int *lines = rt_arena_array(arena, p.after.len, sizeof(int));
		size_t i;

		if (!lines)
			return RT_ERROR;
		for (i = 0; i < p.after.len; i++)
			lines[i] = *(int *)p.after_lines.items[i];
		m->after = (const char **)p.after.items;
		m->after_lines = lines;
		m->nafter = p.after.len;
	}
	if (!(m->checksum = rt_arena_strdup(arena, sum)))
		return RT_ERROR;
	*out = m;
	return 0;
}

int rt_migration_parse(rt_migration **out, rt_arena *arena, const char *path,
		       const char *name, const char *text, size_t len)
{
	return parse_text(out, arena, path, name, text, len, 0);
}

int rt_migration_parse_in_place(rt_migration **out, rt_arena *arena,
				const char *path, const char *name, char *text,
				size_t len)
{
	return parse_text(out, arena, path, name, text, len, 1);
}
