/*
 * fuzz_url.c: libFuzzer target for URL parsing and redaction.
 */
#include "backend/backend.h"
#include "util/common.h"
#include "util/url.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	rt_arena a = RT_ARENA_INIT;
	rt_buf b = RT_BUF_INIT;
	char *s = strndup((const char *)data, size);
	rt_url u;

	if (!s)
		return 0;
	rt_arena_init(&a);
	rt_buf_init(&b);
	rt_url_parse(&u, &a, s);
	rt_url_redact(&b, s);
	rt_error_clear();
	rt_buf_release(&b);
	rt_arena_release(&a);
	free(s);
	return 0;
}
