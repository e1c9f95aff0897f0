/*
 * buf.h: rt_buf, the one growable string (type in retort.h). Modelled on
 * git's strbuf and SQLite's StrAccum: appends never fail loudly; an
 * allocation failure sets `oom`, which sticks, and rt_buf_check() turns it
 * into an error once at the end of a writer.
 */
#ifndef RT_BUF_H
#define RT_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "retort.h"
#include "util/error.h"

void rt_buf_init(rt_buf *b);
void rt_buf_grow(rt_buf *b, size_t extra);
void rt_buf_put(rt_buf *b, const void *data, size_t len);
void rt_buf_puts(rt_buf *b, const char *s);
void rt_buf_putc(rt_buf *b, char c);
void rt_buf_printf(rt_buf *b, const char *fmt, ...) RT_PRINTF(2, 3);
void rt_buf_vprintf(rt_buf *b, const char *fmt, va_list ap);
void rt_buf_clear(rt_buf *b);
void rt_buf_truncate(rt_buf *b, size_t len);
/* The contents, "" for a never-used buffer. */
const char *rt_buf_cstr(const rt_buf *b);
/* Hand the string over (caller frees); the buffer is empty after. */
char *rt_buf_detach(rt_buf *b);
/* 0, or RT_ERROR with the out-of-memory error set. */
int rt_buf_check(const rt_buf *b);

/* SQL identifier, as the standard and every backend quote it: "a""b" */
void rt_buf_put_ident(rt_buf *b, const char *ident);
/* SQL string literal: 'it''s' */
void rt_buf_put_sql_literal(rt_buf *b, const char *s);
/* JSON string, quotes included. */
void rt_buf_put_json(rt_buf *b, const char *s);
/* Text inside a SQL line comment (`-- ...`): control characters and
 * backslashes escaped C-style (\n, \x1b, \\), so nothing in `s` can end
 * the comment and become SQL or a client command. */
void rt_buf_put_sql_comment(rt_buf *b, const char *s);
/* The text appended since b->len was `from` becomes comment-safe as
 * rt_buf_put_sql_comment makes it (a comment line built in place). */
void rt_buf_comment_since(rt_buf *b, size_t from);
/* A POSIX shell word: 'it'\''s', safe to paste into a command line or a
 * sourced file whatever `s` holds. */
void rt_buf_put_shell(rt_buf *b, const char *s);

#endif
