/*
 * canon_postgres.c: the comparable form of a PostgreSQL definition
 * (rt_obj.canonical). The server prints a definition from its parse
 * tree (pg_get_constraintdef, pg_get_indexdef), and loading that text
 * again may give another tree that prints differently but means the
 * same: the catalog compares the form a round trip settles on.
 *
 * The one such form known: an array built of one type and cast to an
 * array of another, as `col IN ('a', 'b')` on a varchar column is
 * stored,
 *
 *     (ARRAY['a'::character varying, 'b'::character varying])::text[]
 *
 * reads back with the cast pushed into the elements, which is how the
 * server prints it from then on:
 *
 *     ARRAY[('a'::character varying)::text, ('b'::character varying)::text]
 *
 * So the first is rewritten as the second (elements rewritten too), and
 * a database built by a squash compares equal to the one its history
 * built (issue 15). Literals and quoted names are copied untouched.
 */
#include "catalog/catalog.h"

#include <ctype.h>

/* Past the '...' or "..." at s[i] ('' and "" inside), or len. */
static size_t skip_quoted(const char *s, size_t i, size_t len)
{
	char q = s[i];

	for (i++; i < len; i++) {
		if (s[i] != q)
			continue;
		if (i + 1 < len && s[i + 1] == q) {
			i++;
			continue;
		}
		return i + 1;
	}
	return len;
}

/* The ']' closing the '[' at s[open], or len when it is not closed. */
static size_t closing(const char *s, size_t open, size_t len)
{
	size_t i = open + 1;
	int depth = 1;

	while (i < len) {
		char c = s[i];

		if (c == '\'' || c == '"') {
			i = skip_quoted(s, i, len);
			continue;
		}
		if (c == '(' || c == '[')
			depth++;
		else if ((c == ')' || c == ']') && --depth == 0)
			return c == ']' ? i : len;
		i++;
	}
	return len;
}

/* A type name at s[i] up to its "[]": words, blanks, dots, quoted names
 * and a (typmod); the index of the '[', or 0 when there is none. */
static size_t type_end(const char *s, size_t i, size_t len)
{
	size_t start = i;

	while (i < len) {
		char c = s[i];

		if (c == '"') {
			i = skip_quoted(s, i, len);
			continue;
		}
		if (c == '(') {
			while (i < len && s[i] != ')')
				i++;
			i++;
			continue;
		}
		if (c == '[')
			return i > start && i + 1 < len && s[i + 1] == ']' ? i
									    : 0;
		if (!isalnum((unsigned char)c) && c != '_' && c != ' ' &&
		    c != '.')
			return 0;
		i++;
	}
	return 0;
}

static void canon(rt_buf *out, const char *s, size_t len);

/* "(ARRAY[e, ...])::T[]" at s[i] (s[i] is '('): appended rewritten, and
 * the index after it; 0 when the text there is not that. */
static size_t array_cast(rt_buf *out, const char *s, size_t i, size_t len)
{
	size_t close, te, t0, e, k;
	int depth = 0;

	if (len - i < 8 || strncmp(s + i, "(ARRAY[", 7) != 0)
		return 0;
	close = closing(s, i + 6, len);
	if (close >= len || close + 3 >= len || s[close + 1] != ')' ||
	    s[close + 2] != ':' || s[close + 3] != ':')
		return 0;
	t0 = close + 4;
	if (!(te = type_end(s, t0, len)))
		return 0;
	rt_buf_puts(out, "ARRAY[");
	for (e = k = i + 7; k <= close; k++) {
		char c = s[k];

		if (k < close && (c == '\'' || c == '"')) {
			k = skip_quoted(s, k, len) - 1;
			continue;
		}
		if (c == '(' || c == '[')
			depth++;
		else if ((c == ')' || c == ']') && k < close)
			depth--;
		if (k < close && (c != ',' || depth))
			continue;
		while (e < k && s[e] == ' ')
			e++;
		if (e > i + 7)
			rt_buf_puts(out, ", ");
		rt_buf_putc(out, '(');
		canon(out, s + e, k - e);
		rt_buf_printf(out, ")::%.*s", (int)(te - t0), s + t0);
		e = k + 1;
	}
	rt_buf_putc(out, ']');
	return te + 2;
}

static void canon(rt_buf *out, const char *s, size_t len)
{
	size_t i = 0, next;

	while (i < len) {
		char c = s[i];

		if (c == '\'' || c == '"') {
			next = skip_quoted(s, i, len);
			rt_buf_put(out, s + i, next - i);
			i = next;
			continue;
		}
		if (c == '(' &&
		    (i == 0 || !(isalnum((unsigned char)s[i - 1]) ||
				 s[i - 1] == '_' || s[i - 1] == '"')) &&
		    (next = array_cast(out, s, i, len))) {
			i = next;
			continue;
		}
		rt_buf_putc(out, c);
		i++;
	}
}

char *rt_pg_canonical(rt_arena *arena, const char *def)
{
	rt_buf b = RT_BUF_INIT;
	char *r = NULL;

	/* the common case, no copy */
	if (!strstr(def, "(ARRAY["))
		return (char *)def;
	rt_buf_init(&b);
	canon(&b, def, strlen(def));
	if (rt_buf_check(&b) == 0)
		r = rt_arena_strndup(arena, b.ptr, b.len);
	rt_buf_release(&b);
	return r;
}
