/*
 * testing_int.h: what the files of the testing module share: the state
 * of one rt_test_run and the report it fills.
 */
#ifndef RT_TESTING_INT_H
#define RT_TESTING_INT_H

#include "catalog/catalog.h"
#include "diff/diff.h"
#include "engine/engine.h"
#include "testing/testing.h"
#include "util/fs.h"

#include <stdarg.h>

/* rt_test_report and what owns its strings. */
struct rt_test_report_private {
	rt_test_report pub;
	rt_arena arena; /* the checks' strings */
	size_t cap;	/* room in pub.checks (malloc()ed) */
};

/* One run of rt_test_run. */
typedef struct rt_tester {
	struct rt_test_report_private *rep;
	const rt_test_options *opts;
	const rt_backend *be;
	rt_dir *dir;
	rt_arena arena; /* for the run: test files, units */
	/* test files by migration order (NULL: none) */
	rt_test_file **tests;
	rt_scratch scratch;
	rt_db *db; /* scratch.db */
	/* the catalog before the revision being tested is applied */
	rt_catalog *prev;
	/* tested[order]: goes through the stairway (after --from) */
	unsigned char *tested;
	/* the stairway stopped (a failed up): what follows cannot run */
	int stopped;
	/* an irreversible migration ended the down checks */
	int downs_over;
	/* the highest order applied before the stairway (--from) */
	size_t from_top;
	int has_from;
	int64_t t0; /* start of the check being run */
} rt_tester;

int rt_test_report_new(struct rt_test_report_private **out);
/* Record a check (strings copied) and hand it to the callback; the next
 * check's time starts now. */
int rt_test_add(rt_tester *t, rt_test_status status, const rt_migration *m,
		const char *what, const char *message, const char *detail,
		const char *file, int line);
int rt_test_addf(rt_tester *t, rt_test_status status, const rt_migration *m,
		 const char *what, const char *fmt, ...) RT_PRINTF(5, 6);
/* A failed check from the last error (message, detail and hint, file and
 * line), `prefix: ` before its message when not NULL; the error is then
 * cleared (it is a result now). */
int rt_test_fail_error(rt_tester *t, const rt_migration *m, const char *what,
		       const char *prefix);

#endif
