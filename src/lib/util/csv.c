/*
 * csv.c: the reader. Fields are decoded into one scratch buffer per
 * record; `fields` point into it and live until the callback returns.
 */
#include "util/common.h"
#include "util/csv.h"

#define MAX_FIELDS 1024
/* fields are handed on as C strings: a NUL would cut one short */
#define NUL_BYTE "a NUL byte in a field (binary data cannot be loaded " \
		 "from CSV)"

static int bad(const char *path, int line, const char *why)
{
	rt_error_set(RT_ERROR_PARSE, "malformed CSV: %s", why);
	rt_error_at(path, line, 0);
	return RT_ERROR;
}

int rt_csv_read(const char *path, const char *text, size_t len,
		rt_csv_record_cb cb, void *payload)
{
	rt_buf scratch = RT_BUF_INIT;
	size_t offs[MAX_FIELDS];
	unsigned char isnull[MAX_FIELDS];
	const char *fields[MAX_FIELDS];
	size_t i = 0;
	int line = 1, error = 0;

	rt_buf_init(&scratch);
	/* a UTF-8 byte order mark is not part of the first column's name */
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < len && !error) {
		int start_line = line, n = 0, f;

		rt_buf_clear(&scratch);
		/* skip a blank line */
		if (text[i] == '\n' || (text[i] == '\r' && i + 1 < len &&
					text[i + 1] == '\n')) {
			i += text[i] == '\r' ? 2 : 1;
			line++;
			continue;
		}
		for (;;) {
			int quoted = 0;

			if (n == MAX_FIELDS) {
				error = bad(path, start_line,
					    "more than 1024 fields");
				goto done;
			}
			offs[n] = scratch.len;
			if (i < len && text[i] == '"') {
				quoted = 1;
				i++;
				for (;;) {
					if (i >= len) {
						error = bad(path, start_line,
							    "unterminated "
							    "quoted field");
						goto done;
					}
					if (text[i] == '"') {
						if (i + 1 < len &&
						    text[i + 1] == '"') {
							rt_buf_putc(&scratch,
								    '"');
							i += 2;
							continue;
						}
						i++;
						break;
					}
					if (text[i] == '\n')
						line++;
					if (!text[i]) {
						error = bad(path, line, NUL_BYTE);
						goto done;
					}
					rt_buf_putc(&scratch, text[i++]);
				}
			} else {
				while (i < len && text[i] != ',' &&
				       text[i] != '\n' && text[i] != '\r') {
					if (text[i] == '"' || !text[i]) {
						error = bad(path, line,
							    text[i] ? "a quote "
							    "inside an unquoted "
							    "field" : NUL_BYTE);
						goto done;
					}
					rt_buf_putc(&scratch, text[i++]);
				}
			}
			isnull[n] = !quoted && scratch.len == offs[n];
			rt_buf_putc(&scratch, '\0');
			n++;
			if (i >= len)
				break;
			if (text[i] == ',') {
				i++;
				continue;
			}
			if (text[i] == '\r' && i + 1 < len && text[i + 1] == '\n')
				i++;
			if (text[i] == '\n' || text[i] == '\r') {
				i++;
				line++;
				break;
			}
			error = bad(path, line, "text after a closing quote");
			goto done;
		}
		if ((error = rt_buf_check(&scratch)) < 0)
			goto done;
		for (f = 0; f < n; f++)
			fields[f] = isnull[f] ? NULL : scratch.ptr + offs[f];
		error = cb(payload, start_line, n, fields);
	}
done:
	rt_buf_release(&scratch);
	return error;
}
