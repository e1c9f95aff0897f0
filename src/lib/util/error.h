/*
 * error.h: setting the per-thread rt_error where a failure is detected.
 *
 * The pattern, everywhere: the function that detects the failure calls
 * rt_error_set() (then _detail, _hint, _at as known) and returns the code
 * it returns; callers pass the code up unchanged and never overwrite the
 * message. Only the CLI reads and prints it.
 */
#ifndef RT_ERROR_H
#define RT_ERROR_H

#include <stdarg.h>

#include "retort.h"

#define RT_PRINTF(f, a) __attribute__((format(printf, f, a)))

/* Replace the last error; returns RT_ERROR so callers can
 * `return rt_error_set(...)`. */
int rt_error_set(int klass, const char *fmt, ...) RT_PRINTF(2, 3);
int rt_error_vset(int klass, const char *fmt, va_list ap);
/* The same with a specific code returned. */
int rt_error_setc(int code, int klass, const char *fmt, ...) RT_PRINTF(3, 4);
void rt_error_detail(const char *fmt, ...) RT_PRINTF(1, 2);
void rt_error_hint(const char *fmt, ...) RT_PRINTF(1, 2);
/* Where: `file` is copied. */
void rt_error_at(const char *file, int line, int column);
void rt_error_sqlstate(const char *state);
/* Out of memory: sets a static message without allocating. */
int rt_error_nomem(void);
/* errno-based failure on `path`: "could not open 'x': No such file". */
int rt_error_os(const char *what, const char *path);

/* Prefix the current message, e.g. with the revision it happened in:
 * "migration 'x': <message>". */
void rt_error_prefix(const char *fmt, ...) RT_PRINTF(1, 2);

#endif

#ifndef RT_ERROR_SAVE_H
#define RT_ERROR_SAVE_H
/* Keep the current error across a cleanup step that may fail (logging a
 * failure): save, run it, restore. The saved error is freed by restore. */
typedef struct rt_error_saved rt_error_saved;
rt_error_saved *rt_error_save(void);
void rt_error_restore(rt_error_saved *saved);
/* The saved message, for recording it before it is restored. */
const char *rt_error_saved_message(const rt_error_saved *saved);
#endif
