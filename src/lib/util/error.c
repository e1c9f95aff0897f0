/*
 * error.c: the per-thread last error. Strings are malloc'd and owned by the
 * thread's slot; setting a new error frees the old one.
 */
#include "util/common.h"

#include <errno.h>

static _Thread_local rt_error last;
static _Thread_local char *last_file;
static _Thread_local int last_is_static;

static const char nomem_message[] = "out of memory";

static void clear_strings(void)
{
	if (!last_is_static)
		free(last.message);
	free(last.detail);
	free(last.hint);
	free(last_file);
	last_file = NULL;
	last_is_static = 0;
	memset(&last, 0, sizeof(last));
}

const rt_error *rt_error_last(void)
{
	if (!last.message) {
		last.message = (char *)"";
		last_is_static = 1;
	}
	return &last;
}

void rt_error_clear(void)
{
	clear_strings();
}

static char *vformat(const char *fmt, va_list ap)
{
	char *s = NULL;

	if (vasprintf(&s, fmt, ap) < 0)
		return NULL;
	return s;
}

int rt_error_vset(int klass, const char *fmt, va_list ap)
{
	char *msg = vformat(fmt, ap);

	clear_strings();
	if (!msg)
		return rt_error_nomem();
	last.klass = klass;
	last.message = msg;
	return RT_ERROR;
}

int rt_error_set(int klass, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	rt_error_vset(klass, fmt, ap);
	va_end(ap);
	return RT_ERROR;
}

int rt_error_setc(int code, int klass, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	rt_error_vset(klass, fmt, ap);
	va_end(ap);
	return code;
}

void rt_error_detail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	free(last.detail);
	last.detail = vformat(fmt, ap);
	va_end(ap);
}

void rt_error_hint(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	free(last.hint);
	last.hint = vformat(fmt, ap);
	va_end(ap);
}

void rt_error_at(const char *file, int line, int column)
{
	free(last_file);
	last_file = file ? strdup(file) : NULL;
	last.file = last_file;
	last.line = line;
	last.column = column;
}

void rt_error_sqlstate(const char *state)
{
	size_t n = state ? strlen(state) : 0;

	if (n > 5)
		n = 5;
	memcpy(last.sqlstate, state ? state : "", n);
	last.sqlstate[n] = '\0';
}

int rt_error_nomem(void)
{
	clear_strings();
	last.klass = RT_ERROR_NOMEMORY;
	last.message = (char *)nomem_message;
	last_is_static = 1;
	return RT_ERROR;
}

int rt_error_os(const char *what, const char *path)
{
	int e = errno;

	return rt_error_setc(e == ENOENT ? RT_ENOTFOUND : RT_ERROR,
			     RT_ERROR_OS, "could not %s '%s': %s", what, path,
			     strerror(e));
}

void rt_error_prefix(const char *fmt, ...)
{
	va_list ap;
	char *pre, *msg = NULL;

	if (last_is_static || !last.message)
		return;
	va_start(ap, fmt);
	pre = vformat(fmt, ap);
	va_end(ap);
	if (!pre)
		return;
	if (asprintf(&msg, "%s: %s", pre, last.message) >= 0) {
		free(last.message);
		last.message = msg;
	}
	free(pre);
}

struct rt_error_saved {
	rt_error err;
	char *file;
	int is_static;
};

rt_error_saved *rt_error_save(void)
{
	rt_error_saved *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	/* take ownership of the strings; the slot is left empty */
	s->err = last;
	s->file = last_file;
	s->is_static = last_is_static;
	memset(&last, 0, sizeof(last));
	last_file = NULL;
	last_is_static = 0;
	return s;
}

const char *rt_error_saved_message(const rt_error_saved *s)
{
	return s ? s->err.message : NULL;
}

void rt_error_restore(rt_error_saved *s)
{
	if (!s)
		return;
	clear_strings();
	last = s->err;
	last_file = s->file;
	last.file = last_file;
	last_is_static = s->is_static;
	free(s);
}
