/*
 * testfile.c: the test files of `retort test`,
 * `migrations/tests/<revision>.sql`:
 *
 *   -- retort:before
 *   INSERT INTO cat (name) VALUES ('Tom'), ('Felix');
 *   -- retort:after
 *   SELECT count(*) = 2 FROM cat WHERE title IS NOT NULL;
 *
 * Read line by line as migration files are: a line whose text starts with
 * "-- retort:" is a directive, every other line belongs to the section
 * opened last. The sections keep their lines verbatim, so the line of a
 * statement found in them is known (the splitting into statements is the
 * engine's, at run time).
 */
#include "testing/testing.h"
#include "util/similar.h"

#include <ctype.h>
#include <stdarg.h>
#include <strings.h>

#define DIRECTIVE "-- retort:"

static const char *const section_names[] = {"before", "after"};

/* Only blanks and `--` comments (not directives) on this line? */
static int is_comment_or_blank(const char *p, const char *eol)
{
	while (p < eol && isspace((unsigned char)*p))
		p++;
	return p == eol || (eol - p >= 2 && p[0] == '-' && p[1] == '-');
}

static int close_section(rt_test_section *sec, rt_arena *a, const char *from,
			 const char *to)
{
	if (!sec)
		return 0;
	sec->len = (size_t)(to - from);
	if (!(sec->sql = rt_arena_strndup(a, from, sec->len)))
		return RT_ERROR;
	return 0;
}

static int RT_PRINTF(3, 4)
    parse_error(const char *path, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	rt_error_vset(RT_ERROR_PARSE, fmt, ap);
	va_end(ap);
	rt_error_at(path, line, 0);
	return RT_ERROR;
}

int rt_test_file_parse(rt_test_file *out, rt_arena *a, const char *path,
		       const char *revision, const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	const char *body = NULL; /* first line of the open section */
	rt_test_section *cur = NULL;
	int line = 0, error = 0;

	memset(out, 0, sizeof(*out));
	if (!(out->path = rt_arena_strdup(a, path)) ||
	    !(out->revision = rt_arena_strdup(a, revision)))
		return RT_ERROR;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *q = p, *word, *w_end, *rest;
		size_t n;

		if (!eol)
			eol = end;
		line++;
		while (q < eol && (*q == ' ' || *q == '\t'))
			q++;
		if ((size_t)(eol - q) < strlen(DIRECTIVE) ||
		    strncmp(q, DIRECTIVE, strlen(DIRECTIVE)) != 0) {
			if (!cur && !is_comment_or_blank(p, eol))
				return parse_error(
				    path, line,
				    "SQL before the first section (add '%s' or "
				    "'-- retort:after' above it)",
				    DIRECTIVE "before");
			p = eol < end ? eol + 1 : end;
			continue;
		}
		word = q + strlen(DIRECTIVE);
		for (w_end = word; w_end < eol && !isspace((unsigned char)*w_end);
		     w_end++)
			;
		n = (size_t)(w_end - word);
		for (rest = w_end; rest < eol && isspace((unsigned char)*rest);
		     rest++)
			;
		if (n == strlen("before") && !strncmp(word, "before", n)) {
			if ((error = close_section(cur, a, body, p)) < 0)
				return error;
			cur = &out->before;
		} else if (n == strlen("after") && !strncmp(word, "after", n)) {
			if ((error = close_section(cur, a, body, p)) < 0)
				return error;
			cur = &out->after;
		} else {
			char *w = rt_arena_strndup(a, word, n);
			const char *near;

			if (!w)
				return RT_ERROR;
			near = rt_similar_closest(w, section_names,
						  RT_ARRAY_SIZE(section_names),
						  2);
			rt_error_set(RT_ERROR_PARSE,
				     "unknown directive '-- retort:%s' in a "
				     "test file",
				     w);
			if (near)
				rt_error_hint("did you mean '-- retort:%s'?",
					      near);
			else
				rt_error_hint("a test file has two sections: "
					      "'-- retort:before' (statements "
					      "run before the migration) and "
					      "'-- retort:after' (queries that "
					      "must return true)");
			rt_error_at(path, line, 0);
			return RT_ERROR;
		}
		if (cur->present) {
			rt_error_set(RT_ERROR_PARSE,
				     "section '-- retort:%s' given twice "
				     "(first at line %d)",
				     cur == &out->before ? "before" : "after",
				     cur->line);
			rt_error_at(path, line, 0);
			return RT_ERROR;
		}
		if (rest < eol)
			return parse_error(
			    path, line, "'-- retort:%s' takes no options",
			    cur == &out->before ? "before" : "after");
		cur->present = 1;
		cur->line = line;
		p = eol < end ? eol + 1 : end;
		body = p;
	}
	if (!cur) {
		rt_error_set(RT_ERROR_PARSE, "test file has no section");
		rt_error_hint("add '-- retort:before' (statements run before "
			      "migration '%s') or '-- retort:after' (queries "
			      "that must each return one row, true)",
			      revision);
		rt_error_at(path, line ? line : 1, 0);
		return RT_ERROR;
	}
	if ((error = close_section(cur, a, body, end)) < 0)
		return error;
	if (!out->before.present)
		out->before.sql = "";
	if (!out->after.present)
		out->after.sql = "";
	return 0;
}

int rt_test_value_true(const char *v)
{
	if (!v)
		return 0;
	return !strcasecmp(v, "t") || !strcasecmp(v, "true") ||
	       !strcmp(v, "1");
}
