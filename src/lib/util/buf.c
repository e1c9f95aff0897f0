/*
 * buf.c: rt_buf. The empty buffer points at a static "" so readers never
 * see NULL; the first append allocates.
 */
#include "util/common.h"

static char empty[1];

void rt_buf_init(rt_buf *b)
{
	b->ptr = empty;
	b->len = b->cap = 0;
	b->oom = 0;
}

void rt_buf_release(rt_buf *b)
{
	if (b->cap)
		free(b->ptr);
	rt_buf_init(b);
}

void rt_buf_grow(rt_buf *b, size_t extra)
{
	size_t want, cap;
	char *p;

	if (b->oom)
		return;
	if (!b->ptr)
		rt_buf_init(b);
	want = b->len + extra + 1;
	if (want <= b->cap)
		return;
	cap = b->cap ? b->cap : 64;
	while (cap < want)
		cap = cap * 3 / 2 + 16;
	p = realloc(b->cap ? b->ptr : NULL, cap);
	if (!p) {
		b->oom = 1;
		return;
	}
	if (!b->cap)
		p[0] = '\0';
	b->ptr = p;
	b->cap = cap;
}

void rt_buf_put(rt_buf *b, const void *data, size_t len)
{
	rt_buf_grow(b, len);
	if (b->oom)
		return;
	memcpy(b->ptr + b->len, data, len);
	b->len += len;
	b->ptr[b->len] = '\0';
}

void rt_buf_puts(rt_buf *b, const char *s)
{
	rt_buf_put(b, s, strlen(s));
}

void rt_buf_putc(rt_buf *b, char c)
{
	rt_buf_put(b, &c, 1);
}

void rt_buf_vprintf(rt_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	rt_buf_grow(b, 64);
	if (b->oom)
		return;
	va_copy(cp, ap);
	n = vsnprintf(b->ptr + b->len, b->cap - b->len, fmt, cp);
	va_end(cp);
	if (n < 0) {
		b->oom = 1;
		return;
	}
	if ((size_t)n >= b->cap - b->len) {
		rt_buf_grow(b, (size_t)n);
		if (b->oom)
			return;
		vsnprintf(b->ptr + b->len, b->cap - b->len, fmt, ap);
	}
	b->len += (size_t)n;
}

void rt_buf_printf(rt_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	rt_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void rt_buf_clear(rt_buf *b)
{
	rt_buf_truncate(b, 0);
}

void rt_buf_truncate(rt_buf *b, size_t len)
{
	if (!b->cap || len >= b->len)
		return;
	b->len = len;
	b->ptr[len] = '\0';
}

const char *rt_buf_cstr(const rt_buf *b)
{
	return b->ptr ? b->ptr : empty;
}

char *rt_buf_detach(rt_buf *b)
{
	char *s = b->cap ? b->ptr : strdup("");

	rt_buf_init(b);
	return s;
}

int rt_buf_check(const rt_buf *b)
{
	return b->oom ? rt_error_nomem() : 0;
}

void rt_buf_put_ident(rt_buf *b, const char *ident)
{
	rt_buf_putc(b, '"');
	for (; *ident; ident++) {
		if (*ident == '"')
			rt_buf_putc(b, '"');
		rt_buf_putc(b, *ident);
	}
	rt_buf_putc(b, '"');
}

void rt_buf_put_sql_literal(rt_buf *b, const char *s)
{
	rt_buf_putc(b, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			rt_buf_putc(b, '\'');
		rt_buf_putc(b, *s);
	}
	rt_buf_putc(b, '\'');
}

void rt_buf_put_json(rt_buf *b, const char *s)
{
	rt_buf_putc(b, '"');
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		switch (c) {
		case '"':
			rt_buf_puts(b, "\\\"");
			break;
		case '\\':
			rt_buf_puts(b, "\\\\");
			break;
		case '\n':
			rt_buf_puts(b, "\\n");
			break;
		case '\r':
			rt_buf_puts(b, "\\r");
			break;
		case '\t':
			rt_buf_puts(b, "\\t");
			break;
		default:
			if (c < 0x20)
				rt_buf_printf(b, "\\u%04x", c);
			else
				rt_buf_putc(b, (char)c);
		}
	}
	rt_buf_putc(b, '"');
}

void rt_buf_put_sql_comment(rt_buf *b, const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '\n')
			rt_buf_puts(b, "\\n");
		else if (c == '\r')
			rt_buf_puts(b, "\\r");
		else if (c == '\t')
			rt_buf_puts(b, "\\t");
		else if (c == '\\')
			rt_buf_puts(b, "\\\\");
		else if (c < 0x20 || c == 0x7f)
			rt_buf_printf(b, "\\x%02x", c);
		else
			rt_buf_putc(b, (char)c);
	}
}

void rt_buf_comment_since(rt_buf *b, size_t from)
{
	char *tail;

	if (b->oom || from >= b->len)
		return;
	if (!(tail = strdup(b->ptr + from))) {
		b->oom = 1;
		return;
	}
	rt_buf_truncate(b, from);
	rt_buf_put_sql_comment(b, tail);
	free(tail);
}

void rt_buf_put_shell(rt_buf *b, const char *s)
{
	rt_buf_putc(b, '\'');
	for (; s && *s; s++) {
		if (*s == '\'')
			rt_buf_puts(b, "'\\''");
		else
			rt_buf_putc(b, *s);
	}
	rt_buf_putc(b, '\'');
}
