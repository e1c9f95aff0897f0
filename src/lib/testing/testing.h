/*
 * testing.h: `retort test` (internal): test files and the stairway. The
 * public face is rt_test_run (retort.h); this adds what the stairway and
 * the unit tests share.
 *
 * Layer: above engine/ (it runs upgrades and downgrades), catalog/,
 * diff/ and lint/, below the CLI.
 */
#ifndef RT_TESTING_H
#define RT_TESTING_H

#include "util/common.h"

/* The directory of test files inside a migration directory. */
#define RT_TEST_DIR "tests"

/* One section of a test file: its text, from the line after its
 * directive to the line before the next (lines verbatim, so an offset
 * maps back to a line). */
typedef struct rt_test_section {
	int present;
	int line;	 /* of the directive */
	const char *sql; /* NUL-terminated, "" when empty */
	size_t len;
} rt_test_section;

/* migrations/tests/<revision>.sql */
typedef struct rt_test_file {
	const char *path;
	const char *revision; /* the file stem */
	rt_test_section before, after;
} rt_test_file;

/*
 * Parse a test file's text (len bytes) into `*out`, strings in `a`.
 * Lines starting "-- retort:before" and "-- retort:after" open the
 * sections; before the first only comments and blank lines may stand. An
 * unknown directive, one given twice, one with text after it, SQL before
 * the first, and a file with no section are errors naming path:line.
 */
int rt_test_file_parse(rt_test_file *out, rt_arena *a, const char *path,
		       const char *revision, const char *text, size_t len);

/*
 * Is a query result's value "true"? PostgreSQL prints a boolean as "t",
 * SQLite and MySQL a comparison as 1; "true" is accepted too (any case).
 * NULL (SQL NULL) is not.
 */
int rt_test_value_true(const char *v);

#endif
