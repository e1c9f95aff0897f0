/*
 * fuzz_lint_mysql.c: libFuzzer target for MySQL/MariaDB's lint (its
 * tokenizer, column definitions, ALTER TABLE clauses and the algorithm
 * table), without a database. Checks, besides crashes: lint either fails
 * with an error set (an unterminated quote or comment the splitter
 * refuses) or gives a report whose findings lie inside the text.
 */
#include "retort.h"
#include "util/common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	rt_lint_options o = RT_LINT_OPTIONS_INIT;
	rt_lint_report *r = NULL;
	char *text = malloc(size + 1);
	size_t i;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	o.dialect = "mysql";
	if (rt_lint_sql(&r, "-", text, 0, &o) < 0) {
		if (!rt_error_last()->message)
			__builtin_trap();
		rt_error_clear();
	} else {
		for (i = 0; i < r->count; i++)
			if (r->findings[i].line < 1 ||
			    !r->findings[i].message ||
			    !r->findings[i].statement)
				__builtin_trap();
		rt_lint_report_free(r);
	}
	free(text);
	return 0;
}
