/*
 * sha256.c: digests with OpenSSL's SHA-256 (its assembler block function,
 * chosen for the CPU).
 *
 * The low-level SHA256_* interface is used on purpose: the EVP one of
 * OpenSSL 3 fetches the algorithm through its provider machinery, whose
 * first use reads openssl.cnf and builds name maps: over half of the
 * instructions `retort status` executed with a thousand migrations. The
 * low-level functions are deprecated for new protocols, not removed, and
 * compute the same digest with no set-up and no shared state.
 */
#define OPENSSL_API_COMPAT 10101
#define OPENSSL_SUPPRESS_DEPRECATED

#include "util/common.h"
#include "util/sha256.h"

#include <openssl/sha.h>

static void to_hex(char out[RT_SHA256_HEX], const unsigned char *md)
{
	static const char digits[] = "0123456789abcdef";
	int i;

	for (i = 0; i < SHA256_DIGEST_LENGTH; i++) {
		out[2 * i] = digits[md[i] >> 4];
		out[2 * i + 1] = digits[md[i] & 15];
	}
	out[2 * i] = '\0';
}

int rt_sha256_hex(char out[RT_SHA256_HEX], const void *data, size_t len)
{
	unsigned char md[SHA256_DIGEST_LENGTH];
	SHA256_CTX ctx;

	if (!SHA256_Init(&ctx) || !SHA256_Update(&ctx, data, len) ||
	    !SHA256_Final(md, &ctx))
		return rt_error_set(RT_ERROR_OS, "sha-256 failed");
	to_hex(out, md);
	return 0;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* The normalized text goes through a small buffer, so the digest sees a
 * few large updates rather than two per line. */
typedef struct norm {
	SHA256_CTX ctx;
	unsigned char buf[4096];
	size_t n;
	int ok;
} norm;

static void norm_put(norm *z, const char *p, size_t len)
{
	while (len && z->ok) {
		size_t k = sizeof(z->buf) - z->n;

		if (k > len)
			k = len;
		memcpy(z->buf + z->n, p, k);
		z->n += k;
		p += k;
		len -= k;
		if (z->n == sizeof(z->buf)) {
			z->ok = SHA256_Update(&z->ctx, z->buf, z->n);
			z->n = 0;
		}
	}
}

int rt_checksum_text(char out[RT_SHA256_HEX], const char *text, size_t len)
{
	unsigned char md[SHA256_DIGEST_LENGTH];
	size_t i = 0, pending_newlines = 0;
	norm z;
	int ok;

	z.n = 0;
	z.ok = SHA256_Init(&z.ctx);
	/* Each line is hashed without its trailing blanks; newlines are held
	 * back until a non-empty line follows, which drops trailing blank
	 * lines at the end of the file. */
	while (z.ok && i < len) {
		size_t start = i, end;
		const char *nl = memchr(text + i, '\n', len - i);

		i = nl ? (size_t)(nl - text) : len;
		end = i;
		while (end > start && is_blank(text[end - 1]))
			end--;
		if (end > start) {
			for (; pending_newlines; pending_newlines--)
				norm_put(&z, "\n", 1);
			norm_put(&z, text + start, end - start);
		}
		if (i < len) {
			pending_newlines++;
			i++;
		}
	}
	ok = z.ok && (!z.n || SHA256_Update(&z.ctx, z.buf, z.n));
	ok = ok && SHA256_Final(md, &z.ctx);
	if (!ok)
		return rt_error_set(RT_ERROR_OS, "sha-256 failed");
	to_hex(out, md);
	return 0;
}
