/*
 * fuzz_csv.c: libFuzzer target for the CSV reader.
 */
#include "util/common.h"
#include "util/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int touch(void *payload, int line, int n, const char *const *f)
{
	int i;
	size_t *total = payload;

	(void)line;
	for (i = 0; i < n; i++)
		*total += f[i] ? strlen(f[i]) : 0;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t total = 0;

	rt_csv_read("fuzz.csv", (const char *)data, size, touch, &total);
	rt_error_clear();
	return 0;
}
