/*
 * test.h: what every unit test includes: cmocka and the library's
 * internal headers.
 */
#ifndef RT_TEST_H
#define RT_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "util/common.h"

/* The last error's message contains `s`. */
#define assert_error_contains(s)                                             \
	do {                                                                 \
		const char *m_ = rt_error_last()->message;                   \
		if (!strstr(m_, (s)))                                        \
			fail_msg("error '%s' lacks '%s'", m_, (s));          \
	} while (0)

#endif

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

/* A fresh temporary directory; the caller frees the string. */
static inline char *test_tmpdir(void)
{
	char tmpl[] = "/tmp/retort-unit-XXXXXX";
	char *d = mkdtemp(tmpl);

	return d ? strdup(d) : NULL;
}

/* Write `text` to dir/name. */
static inline void test_write(const char *dir, const char *name,
			      const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static inline void test_rmtree(const char *dir)
{
	char cmd[600];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fail_msg("could not remove %s", dir);
}
