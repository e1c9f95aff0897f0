/*
 * fuzz_split.c: libFuzzer target for the statement splitters and the
 * lexing under them. Checks, besides crashes: statements come in order,
 * inside the text, without overlap, each starting at a non-blank; a
 * failure is a parse error with a line; the line cursor agrees with
 * rt_sql_line_at; a SQLite statement that another follows is one that
 * sqlite3_complete() calls complete (the splitter runs its state machine).
 */
#include "engine/engine.h"
#include "util/sql_lex.h"

#include <sqlite3.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct seen {
	const char *text;
	size_t size, end;
	int sqlite;
	rt_sql_lines lines;
	size_t prev_start, prev_len; /* the statement before, if any */
	int have_prev;
};

/* A SQLite statement that another follows ends where sqlite3_complete
 * says the text is complete (the last one may be an incomplete rest). */
static void complete_or_trap(const struct seen *s)
{
	const char *t = s->text + s->prev_start;
	char *stmt;

	if (!s->have_prev || !s->sqlite || memchr(t, '\0', s->prev_len))
		return;
	if (!(stmt = strndup(t, s->prev_len)))
		return;
	if (!sqlite3_complete(stmt))
		__builtin_trap();
	free(stmt);
}

static int check(void *payload, size_t start, size_t len)
{
	struct seen *s = payload;

	if (start < s->end || len == 0 || start + len > s->size)
		__builtin_trap();
	if (s->text[start] == ' ' || s->text[start] == '\n' ||
	    s->text[start] == '\t')
		__builtin_trap();
	if (rt_sql_lines_at(&s->lines, start) !=
	    rt_sql_line_at(s->text, start, 1))
		__builtin_trap();
	complete_or_trap(s);
	s->prev_start = start;
	s->prev_len = len;
	s->have_prev = 1;
	s->end = start + len;
	return 0;
}

static void split_one(const rt_backend *be, const char *text, size_t size,
		      int sqlite)
{
	struct seen s = {text, size, 0, sqlite, {0}, 0, 0, 0};

	rt_sql_lines_init(&s.lines, text, 1);
	if (be->split(text, size, check, &s) < 0 &&
	    (rt_error_last()->klass != RT_ERROR_PARSE &&
	     rt_error_last()->klass != RT_ERROR_NOMEMORY))
		__builtin_trap();
	rt_error_clear();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	/* the splitters take C text: what a NUL ends is the text */
	size = strlen(text);
	split_one(&rt_backend_sqlite, text, size, 1);
	split_one(&rt_backend_postgres, text, size, 0);
	free(text);
	return 0;
}
