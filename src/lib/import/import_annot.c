/*
 * import_annot.c: the SQL files of goose and sql-migrate, whose parts are
 * marked by annotation comments (`-- +goose Up`, `-- +migrate Down`).
 * Both tools: only comments before the first Up or Down; StatementBegin
 * and StatementEnd pair up inside one part (their lines are dropped: the
 * statement between stays as written, and retort's splitter keeps a
 * function body with semicolons whole); an annotation they do not know
 * is an error, as in the tools.
 */
#include "import/import.h"

#include <ctype.h>

/* The annotation of a line: "-- +goose Up" gives "Up" in [*cmd, end).
 * 0 when the line is not one. */
static int annotation(const rt_import_line *l, const char *word,
		      const char **cmd, const char **end)
{
	const char *p = l->p, *e = l->p + l->len;
	size_t wl = strlen(word);

	while (p < e && (*p == ' ' || *p == '\t'))
		p++;
	if (e - p < 2 || p[0] != '-' || p[1] != '-')
		return 0;
	for (p += 2; p < e && (*p == ' ' || *p == '\t'); p++)
		;
	if ((size_t)(e - p) < wl || strncmp(p, word, wl))
		return 0;
	p += wl;
	if (p < e && !isspace((unsigned char)*p))
		return 0;
	while (p < e && isspace((unsigned char)*p))
		p++;
	while (e > p && isspace((unsigned char)e[-1]))
		e--;
	*cmd = p;
	*end = e;
	return 1;
}

static int is(const char *p, const char *e, const char *w)
{
	size_t n = strlen(w);

	return (size_t)(e - p) == n && !strncasecmp(p, w, n);
}

/* "Up" or "Up notransaction" (sql-migrate): 1 when it is `which`. */
static int direction(const char *p, const char *e, const char *which,
		     const char **opts)
{
	size_t n = strlen(which);

	if ((size_t)(e - p) < n || strncasecmp(p, which, n))
		return 0;
	if (p + n < e && !isspace((unsigned char)p[n]))
		return 0;
	for (p += n; p < e && isspace((unsigned char)*p); p++)
		;
	*opts = p;
	return 1;
}

int rt_import_parse_annotated(rt_import_migration *m, rt_import_set *set,
			      const char *file, const char *text,
			      const char *word)
{
	rt_import_part up = {0}, down = {0}, *cur = NULL;
	rt_import_line l;
	const char *at = text, *cmd, *end, *opts;
	const char *tool = set->importer->name;
	int goose = !strcmp(word, "+goose");
	int no = 1, error = 0, in_stmt = 0, no_tx = 0;

	rt_buf_init(&up.sql);
	rt_buf_init(&down.sql);
	while (rt_import_next_line(&l, at, no)) {
		rt_import_part *s = NULL;

		at = l.next;
		no++;
		if (!annotation(&l, word, &cmd, &end)) {
			if (!cur) {
				if (rt_import_line_is_comment(&l))
					continue;
				error = rt_import_error_at(
				    file, l.no,
				    "%s: statement before '-- %s Up'", tool,
				    word);
				rt_error_hint("%s runs only what stands under "
					      "'-- %s Up' or '-- %s Down'",
					      tool, word, word);
				goto done;
			}
			rt_buf_put(&cur->sql, l.p, l.len);
			rt_buf_putc(&cur->sql, '\n');
			continue;
		}
		if (direction(cmd, end, "Up", &opts))
			s = &up;
		else if (direction(cmd, end, "Down", &opts))
			s = &down;
		if (s) {
			if (in_stmt) {
				error = rt_import_error_at(
				    file, l.no,
				    "%s: '-- %s %.*s' inside a "
				    "StatementBegin block (its "
				    "StatementEnd is missing)",
				    tool, word, (int)(end - cmd), cmd);
				goto done;
			}
			if (s->seen) {
				error = rt_import_error_at(
				    file, l.no,
				    "%s: second '-- %s %s' (the first is "
				    "on line %d)",
				    tool, word, s == &up ? "Up" : "Down",
				    s->line);
				goto done;
			}
			s->seen = 1;
			s->line = l.no;
			if (!goose && is(opts, end, "notransaction")) {
				s->no_tx = 1;
			} else if (opts < end) {
				error = rt_import_error_at(
				    file, l.no,
				    "%s: unknown option '%.*s' of '-- %s "
				    "%s'",
				    tool, (int)(end - opts), opts, word,
				    s == &up ? "Up" : "Down");
				goto done;
			}
			cur = s;
			continue;
		}
		if (is(cmd, end, "StatementBegin")) {
			if (!cur || in_stmt) {
				error = rt_import_error_at(
				    file, l.no, "%s: StatementBegin %s", tool,
				    in_stmt ? "inside another one"
					    : "before Up or Down");
				goto done;
			}
			in_stmt = l.no;
		} else if (is(cmd, end, "StatementEnd")) {
			if (!in_stmt) {
				error = rt_import_error_at(
				    file, l.no,
				    "%s: StatementEnd without "
				    "StatementBegin",
				    tool);
				goto done;
			}
			in_stmt = 0;
		} else if (goose && is(cmd, end, "NO TRANSACTION")) {
			no_tx = 1;
		} else if (goose && (is(cmd, end, "ENVSUB ON") ||
				     is(cmd, end, "ENVSUB OFF"))) {
			error = rt_import_error_at(
			    file, l.no,
			    "goose: '-- +goose %.*s' is not supported: "
			    "retort does not substitute environment "
			    "variables in migrations",
			    (int)(end - cmd), cmd);
			rt_error_hint("write the values into the SQL before "
				      "importing");
			goto done;
		} else {
			error = rt_import_error_at(
			    file, l.no, "%s: unknown annotation '-- %s %.*s'",
			    tool, word, (int)(end - cmd), cmd);
			goto done;
		}
	}
	if (in_stmt) {
		error = rt_import_error_at(file, in_stmt,
					   "%s: StatementBegin without "
					   "StatementEnd",
					   tool);
		goto done;
	}
	if (!up.seen) {
		error = rt_import_error_at(file, 0, "%s: no '-- %s Up' part",
					   tool, word);
		goto done;
	}
	return rt_import_store_parts(m, set, &up, &down, no_tx);
done:
	rt_buf_release(&up.sql);
	rt_buf_release(&down.sql);
	return error;
}
