/*
 * ident_postgres.c: PostgreSQL identifiers: the one quoter
 * (rt_backend_postgres.quote_ident, the renderer, the catalog), with the
 * server's own rules (quote_ident(): bare only when lower-case name
 * characters and not a reserved or column-name keyword), and the
 * renaming of an identifier inside a definition the server printed.
 */
#include "catalog/catalog.h"

#include <ctype.h>

/* The keywords quote_ident() quotes: every one not unreserved
 * (pg_get_keywords() WHERE catcode <> 'U', PostgreSQL 15). */
/* clang-format off */
static const char *const pg_keywords[] = {
	"all", "analyse", "analyze", "and", "any", "array", "as", "asc",
	"asymmetric", "authorization", "between", "bigint", "binary", "bit",
	"boolean", "both", "case", "cast", "char", "character", "check",
	"coalesce", "collate", "collation", "column", "concurrently",
	"constraint", "create", "cross", "current_catalog", "current_date",
	"current_role", "current_schema", "current_time",
	"current_timestamp", "current_user", "dec", "decimal", "default",
	"deferrable", "desc", "distinct", "do", "else", "end", "except",
	"exists", "extract", "false", "fetch", "float", "for", "foreign",
	"freeze", "from", "full", "grant", "greatest", "group", "grouping",
	"having", "ilike", "in", "initially", "inner", "inout", "int",
	"integer", "intersect", "interval", "into", "is", "isnull", "join",
	"lateral", "leading", "least", "left", "like", "limit", "localtime",
	"localtimestamp", "national", "natural", "nchar", "none",
	"normalize", "not", "notnull", "null", "nullif", "numeric", "offset",
	"on", "only", "or", "order", "out", "outer", "overlaps", "overlay",
	"placing", "position", "precision", "primary", "real", "references",
	"returning", "right", "row", "select", "session_user", "setof",
	"similar", "smallint", "some", "substring", "symmetric", "table",
	"tablesample", "then", "time", "timestamp", "to", "trailing",
	"treat", "trim", "true", "union", "unique", "user", "using",
	"values", "varchar", "variadic", "verbose", "when", "where",
	"window", "with", "xmlattributes", "xmlconcat", "xmlelement",
	"xmlexists", "xmlforest", "xmlnamespaces", "xmlparse", "xmlpi",
	"xmlroot", "xmlserialize", "xmltable",
};
/* clang-format on */

static int kw_cmp(const void *a, const void *b)
{
	return strcmp(a, *(const char *const *)b);
}

/* quote_identifier() of ruleutils.c: bare only when made of a-z, 0-9 and
 * '_', not starting with a digit, and not a keyword it would misread
 * ('$' is quoted too, though the lexer would read it in a name). */
static int needs_quotes(const char *s)
{
	const char *p;

	if (!((*s >= 'a' && *s <= 'z') || *s == '_'))
		return 1;
	for (p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		      *p == '_'))
			return 1;
	return bsearch(s, pg_keywords, RT_ARRAY_SIZE(pg_keywords),
		       sizeof(pg_keywords[0]), kw_cmp) != NULL;
}

void rt_pg_put_ident(rt_buf *b, const char *ident)
{
	if (needs_quotes(ident))
		rt_buf_put_ident(b, ident);
	else
		rt_buf_puts(b, ident);
}

/*
 * The end of the token at s[i] for the renamer: strings ('', E'' with
 * backslashes, $tag$...$tag$) and quoted identifiers are single tokens;
 * *ident gets 1 for an identifier (bare or quoted).
 */
static size_t pg_token_end(const char *s, size_t i, int *ident)
{
	size_t n = strlen(s), j;

	*ident = 0;
	if (s[i] == '\'' ||
	    ((s[i] == 'E' || s[i] == 'e') && s[i + 1] == '\'')) {
		int esc = s[i] != '\'';

		j = i + (esc ? 2 : 1);
		for (; j < n; j++) {
			if (esc && s[j] == '\\' && j + 1 < n) {
				j++;
				continue;
			}
			if (s[j] == '\'') {
				if (s[j + 1] == '\'') {
					j++;
					continue;
				}
				return j + 1;
			}
		}
		return n;
	}
	if (s[i] == '"') {
		*ident = 1;
		for (j = i + 1; j < n; j++)
			if (s[j] == '"') {
				if (s[j + 1] == '"') {
					j++;
					continue;
				}
				return j + 1;
			}
		return n;
	}
	if (s[i] == '$') {
		/* $tag$ ... $tag$, or a parameter $1 */
		const char *close;

		for (j = i + 1;
		     j < n && (isalnum((unsigned char)s[j]) || s[j] == '_');
		     j++)
			;
		if (s[j] != '$' || isdigit((unsigned char)s[i + 1]))
			return j > i + 1 ? j : i + 1;
		{
			size_t tl = j + 1 - i;
			char *tag = strndup(s + i, tl);

			if (!tag)
				return n;
			close = strstr(s + j + 1, tag);
			free(tag);
			return close ? (size_t)(close - s) + tl : n;
		}
	}
	if (isalpha((unsigned char)s[i]) || s[i] == '_' ||
	    (unsigned char)s[i] >= 0x80) {
		*ident = 1;
		for (j = i;
		     j < n && (isalnum((unsigned char)s[j]) || s[j] == '_' ||
			       s[j] == '$' || (unsigned char)s[j] >= 0x80);
		     j++)
			;
		return j;
	}
	return i + 1;
}

/* The name an identifier token spells, into `b`. */
static void token_name(rt_buf *b, const char *s, size_t len)
{
	size_t i;

	if (len >= 2 && s[0] == '"') {
		for (i = 1; i + 1 < len; i++) {
			rt_buf_putc(b, s[i]);
			if (s[i] == '"')
				i++;
		}
		return;
	}
	rt_buf_put(b, s, len);
}

char *rt_pg_canon_rename(rt_arena *arena, const char *canon, const char *from,
			 const char *to)
{
	rt_buf out = RT_BUF_INIT, name = RT_BUF_INIT;
	size_t i = 0;
	char *s = NULL;

	rt_buf_init(&out);
	rt_buf_init(&name);
	while (canon[i]) {
		int ident;
		size_t e = pg_token_end(canon, i, &ident);

		if (ident) {
			rt_buf_clear(&name);
			token_name(&name, canon + i, e - i);
			if (!strcmp(rt_buf_cstr(&name), from)) {
				rt_pg_put_ident(&out, to);
				i = e;
				continue;
			}
		}
		rt_buf_put(&out, canon + i, e - i);
		i = e;
	}
	if (rt_buf_check(&out) == 0 && rt_buf_check(&name) == 0)
		s = rt_arena_strndup(arena, out.ptr, out.len);
	rt_buf_release(&out);
	rt_buf_release(&name);
	return s;
}
