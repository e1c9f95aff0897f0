/*
 * sha256.h: SHA-256 through OpenSSL, and the checksum of a migration file.
 */
#ifndef RT_SHA256_H
#define RT_SHA256_H

#include <stddef.h>

#define RT_SHA256_HEX 65

/* Lowercase hex digest of the bytes, NUL-terminated. */
int rt_sha256_hex(char out[RT_SHA256_HEX], const void *data, size_t len);

/*
 * The checksum of a migration file: SHA-256 of its text with line endings
 * normalized to \n, trailing blanks of each line and trailing blank lines
 * removed, so a CRLF checkout or an editor's whitespace is not an edit.
 */
int rt_checksum_text(char out[RT_SHA256_HEX], const char *text, size_t len);

#endif
