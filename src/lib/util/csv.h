/*
 * csv.h: an RFC 4180 reader. Fields may be quoted ("a ""b"""), quoted
 * fields may hold separators and newlines; CRLF and LF both end records.
 * An empty unquoted field is NULL and a quoted empty one is "", as
 * PostgreSQL's COPY ... CSV reads them.
 */
#ifndef RT_CSV_H
#define RT_CSV_H

#include <stddef.h>

/* One record: `fields[i]` is NULL for NULL. `line` is where it starts.
 * A non-zero return stops the reader and is returned. */
typedef int (*rt_csv_record_cb)(void *payload, int line, int nfields,
				const char *const *fields);

/* Read every record of text[0..len). A malformed file (an unterminated
 * quote, text after a closing quote) fails with RT_ERROR_PARSE naming
 * `path` and the line. */
int rt_csv_read(const char *path, const char *text, size_t len,
		rt_csv_record_cb cb, void *payload);

#endif
