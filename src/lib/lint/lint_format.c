/*
 * lint_format.c: a lint report as text (for people: each finding with its
 * line and a caret, what happens and the safe way), JSON (for tools) or
 * GitHub workflow commands (annotations on the pull request's diff). In
 * the library, not the CLI, so that `upgrade` refusing unsafe migrations
 * shows them exactly as `lint` does.
 */
#include "lint/lint.h"

#define WIDTH 80

static const char *sev_name(rt_lint_severity s)
{
	return s == RT_LINT_ERROR ? "error" : "warning";
}

/* Append `text` wrapped at WIDTH, each line indented by `indent` blanks
 * and the first one starting after `first` (already written). */
static void put_wrapped(rt_buf *b, const char *text, int indent, int first)
{
	int col = first;
	const char *p = text;

	while (*p) {
		const char *w = p;
		int wl;

		while (*w == ' ')
			w++;
		p = w;
		if (*p == '`') {
			/* `-- retort:up transaction=false` stays whole */
			const char *q = strchr(p + 1, '`');

			if (q)
				p = q;
		}
		while (*p && *p != ' ' && *p != '\n')
			p++;
		wl = (int)(p - w);
		if (!wl && !*p)
			break;
		if (col > indent && col + 1 + wl > WIDTH) {
			rt_buf_printf(b, "\n%*s", indent, "");
			col = indent;
		} else if (col > indent) {
			rt_buf_putc(b, ' ');
			col++;
		}
		rt_buf_put(b, w, (size_t)wl);
		col += wl;
		if (*p == '\n') {
			rt_buf_printf(b, "\n%*s", indent, "");
			col = indent;
			p++;
		}
	}
	rt_buf_putc(b, '\n');
}

/* Each line of `text`, indented. */
static void put_indented(rt_buf *b, const char *text, int indent)
{
	const char *p = text;

	while (*p) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);

		rt_buf_printf(b, "%*s%.*s\n", indent, "", (int)n, p);
		p += n;
		if (*p)
			p++;
	}
}

static void put_text_finding(rt_buf *b, const rt_lint_finding *f,
			     unsigned flags)
{
	int color = (flags & RT_LINT_OUT_COLOR) != 0;
	const char *sc = !color				? ""
			 : f->suppressed		? "\033[2m"
			 : f->severity == RT_LINT_ERROR ? "\033[1;31m"
							: "\033[1;33m";
	const char *bold = color ? "\033[1m" : "",
		   *cyan = color ? "\033[36m" : "";
	const char *dim = color ? "\033[2m" : "",
		   *reset = color ? "\033[0m" : "";
	int gutter, col;
	char num[16];

	rt_buf_printf(b, "%s%s:%d:%d:%s %s%s%s%s %s[%s]%s %s\n", bold,
		      f->file ? f->file : "-", f->line, f->column, reset, sc,
		      f->suppressed ? "suppressed " : "", sev_name(f->severity),
		      reset, cyan, f->rule->id, reset, f->message);
	if (flags & RT_LINT_OUT_BRIEF)
		return;
	gutter = snprintf(num, sizeof(num), "%d", f->line);
	rt_buf_printf(b, " %s%s |%s ", dim, num, reset);
	rt_buf_puts(b, f->source_line ? f->source_line : "");
	rt_buf_printf(b, "\n %*s %s|%s ", gutter, "", dim, reset);
	for (col = 1; col < f->column && f->source_line; col++)
		rt_buf_putc(b, f->source_line[col - 1] == '\t' ? '\t' : ' ');
	rt_buf_printf(b, "%s^%s\n", sc, reset);
	rt_buf_puts(b, "  what happens:");
	put_wrapped(b, f->effect, 4, 15);
	rt_buf_puts(b, "  safe way:");
	put_wrapped(b, f->hint, 4, 11);
	if (f->safe_sql) {
		rt_buf_printf(b, "%s", color ? "\033[32m" : "");
		put_indented(b, f->safe_sql, 6);
		rt_buf_puts(b, reset);
	}
	if (f->suppressed)
		rt_buf_printf(b, "  %ssuppressed: %s%s\n", dim, f->suppressed,
			      reset);
	rt_buf_putc(b, '\n');
}

static void put_text(rt_buf *b, const rt_lint_report *r, unsigned flags)
{
	size_t i, shown = 0;

	for (i = 0; i < r->count; i++) {
		const rt_lint_finding *f = &r->findings[i];

		if (f->suppressed && !(flags & RT_LINT_OUT_SUPPRESSED))
			continue;
		put_text_finding(b, f, flags);
		shown++;
	}
	if (r->catalog && r->ntables && !(flags & RT_LINT_OUT_BRIEF)) {
		rt_buf_puts(b, "catalog figures used:\n");
		for (i = 0; i < r->ntables; i++) {
			const rt_lint_table *t = &r->tables[i];

			if (!t->exists)
				rt_buf_printf(b,
					      "  %s: not in the database "
					      "(%s)\n",
					      t->name, t->source);
			else {
				rt_buf_printf(b, "  %s: ", t->name);
				if (t->rows >= 0)
					rt_buf_printf(b, "%.0f rows", t->rows);
				else
					rt_buf_puts(b, "rows unknown");
				if (t->bytes >= 0)
					rt_buf_printf(b, ", %lld bytes",
						      (long long)t->bytes);
				rt_buf_printf(b, " (%s): %s\n", t->source,
					      t->small ? "small" : "not small");
			}
		}
	}
	rt_buf_printf(b, "%zu error%s, %zu warning%s", r->nerrors,
		      r->nerrors == 1 ? "" : "s", r->nwarnings,
		      r->nwarnings == 1 ? "" : "s");
	if (r->nsuppressed)
		rt_buf_printf(b, " (%zu suppressed%s)", r->nsuppressed,
			      flags & RT_LINT_OUT_SUPPRESSED
				  ? ""
				  : ", shown with --verbose");
	rt_buf_printf(b, " in %zu migration%s, %zu statement%s (%s)\n",
		      r->nmigrations, r->nmigrations == 1 ? "" : "s",
		      r->nstatements, r->nstatements == 1 ? "" : "s",
		      r->dialect);
	(void)shown;
}

static void put_json_str(rt_buf *b, const char *key, const char *v)
{
	rt_buf_printf(b, ", \"%s\": ", key);
	if (v)
		rt_buf_put_json(b, v);
	else
		rt_buf_puts(b, "null");
}

static void put_json(rt_buf *b, const rt_lint_report *r)
{
	size_t i;

	rt_buf_puts(b, "{\"dialect\": ");
	rt_buf_put_json(b, r->dialect);
	rt_buf_printf(b,
		      ", \"migrations\": %zu, \"statements\": %zu, "
		      "\"errors\": %zu, \"warnings\": %zu, "
		      "\"suppressed\": %zu, \"catalog\": ",
		      r->nmigrations, r->nstatements, r->nerrors, r->nwarnings,
		      r->nsuppressed);
	if (!r->catalog) {
		rt_buf_puts(b, "null");
	} else {
		rt_buf_puts(b, "[");
		for (i = 0; i < r->ntables; i++) {
			const rt_lint_table *t = &r->tables[i];

			rt_buf_puts(b, i ? ",\n  {\"table\": "
					 : "\n  {\"table\": ");
			rt_buf_put_json(b, t->name);
			rt_buf_printf(b, ", \"exists\": %s",
				      t->exists ? "true" : "false");
			if (t->rows >= 0)
				rt_buf_printf(b, ", \"rows\": %.0f", t->rows);
			else
				rt_buf_puts(b, ", \"rows\": null");
			if (t->bytes >= 0)
				rt_buf_printf(b, ", \"bytes\": %lld",
					      (long long)t->bytes);
			else
				rt_buf_puts(b, ", \"bytes\": null");
			rt_buf_printf(b, ", \"small\": %s",
				      t->small ? "true" : "false");
			put_json_str(b, "source", t->source);
			rt_buf_putc(b, '}');
		}
		rt_buf_puts(b, "]");
	}
	rt_buf_puts(b, ", \"findings\": [");
	for (i = 0; i < r->count; i++) {
		const rt_lint_finding *f = &r->findings[i];

		rt_buf_puts(b, i ? ",\n  {\"rule\": " : "\n  {\"rule\": ");
		rt_buf_put_json(b, f->rule->id);
		rt_buf_printf(b, ", \"severity\": \"%s\"",
			      sev_name(f->severity));
		put_json_str(b, "file", f->file);
		put_json_str(b, "revision", f->revision);
		rt_buf_printf(b, ", \"line\": %d, \"column\": %d", f->line,
			      f->column);
		put_json_str(b, "table", f->table);
		put_json_str(b, "message", f->message);
		put_json_str(b, "effect", f->effect);
		put_json_str(b, "hint", f->hint);
		put_json_str(b, "safe_sql", f->safe_sql);
		put_json_str(b, "statement", f->statement);
		put_json_str(b, "source_line", f->source_line);
		put_json_str(b, "suppressed", f->suppressed);
		rt_buf_putc(b, '}');
	}
	rt_buf_puts(b, "\n]}\n");
}

/* GitHub's workflow-command escaping: data escapes %, CR and LF;
 * properties also ':' and ','. */
static void put_gh(rt_buf *b, const char *s, int property)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '%':
			rt_buf_puts(b, "%25");
			break;
		case '\r':
			rt_buf_puts(b, "%0D");
			break;
		case '\n':
			rt_buf_puts(b, "%0A");
			break;
		case ':':
			rt_buf_puts(b, property ? "%3A" : ":");
			break;
		case ',':
			rt_buf_puts(b, property ? "%2C" : ",");
			break;
		default:
			rt_buf_putc(b, *s);
		}
	}
}

static void put_github(rt_buf *b, const rt_lint_report *r)
{
	size_t i;

	for (i = 0; i < r->count; i++) {
		const rt_lint_finding *f = &r->findings[i];

		if (f->suppressed)
			continue;
		rt_buf_printf(b, "::%s file=", sev_name(f->severity));
		put_gh(b, f->file ? f->file : "-", 1);
		rt_buf_printf(b, ",line=%d,col=%d,title=", f->line, f->column);
		put_gh(b, "retort lint: ", 1);
		put_gh(b, f->rule->id, 1);
		rt_buf_puts(b, "::");
		put_gh(b, f->message, 0);
		put_gh(b, "\n\nWhat happens: ", 0);
		put_gh(b, f->effect, 0);
		put_gh(b, "\nSafe way: ", 0);
		put_gh(b, f->hint, 0);
		if (f->safe_sql) {
			put_gh(b, "\n\n", 0);
			put_gh(b, f->safe_sql, 0);
		}
		rt_buf_putc(b, '\n');
	}
	rt_buf_printf(b,
		      "retort lint: %zu error%s, %zu warning%s, %zu "
		      "suppressed in %zu migration%s\n",
		      r->nerrors, r->nerrors == 1 ? "" : "s", r->nwarnings,
		      r->nwarnings == 1 ? "" : "s", r->nsuppressed,
		      r->nmigrations, r->nmigrations == 1 ? "" : "s");
}

int rt_lint_format_report(rt_buf *out, const rt_lint_report *r,
			  rt_lint_format format, unsigned flags)
{
	switch (format) {
	case RT_LINT_FORMAT_TEXT:
		put_text(out, r, flags);
		break;
	case RT_LINT_FORMAT_JSON:
		put_json(out, r);
		break;
	case RT_LINT_FORMAT_GITHUB:
		put_github(out, r);
		break;
	default:
		return rt_error_setc(RT_EUSAGE, RT_ERROR_USAGE,
				     "unknown lint output format");
	}
	return rt_buf_check(out);
}
