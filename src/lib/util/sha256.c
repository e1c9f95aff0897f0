/*
 * sha256.c: digests with OpenSSL's EVP interface (one-shot EVP_Digest
 * keeps no state between calls, so it is thread-safe).
 */
#include "util/common.h"
#include "util/sha256.h"

#include <openssl/evp.h>

static void to_hex(char out[RT_SHA256_HEX], const unsigned char *md,
		   unsigned int n)
{
	static const char digits[] = "0123456789abcdef";
	unsigned int i;

	for (i = 0; i < n && i < 32; i++) {
		out[2 * i] = digits[md[i] >> 4];
		out[2 * i + 1] = digits[md[i] & 15];
	}
	out[2 * i] = '\0';
}

int rt_sha256_hex(char out[RT_SHA256_HEX], const void *data, size_t len)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;

	if (!EVP_Digest(data, len, md, &n, EVP_sha256(), NULL))
		return rt_error_set(RT_ERROR_OS, "sha-256 failed");
	to_hex(out, md, n);
	return 0;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

int rt_checksum_text(char out[RT_SHA256_HEX], const char *text, size_t len)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	size_t i = 0, pending_newlines = 0;
	int ok = ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);

	/* Each line is hashed without its trailing blanks; newlines are held
	 * back until a non-empty line follows, which drops trailing blank
	 * lines at the end of the file. */
	while (ok && i < len) {
		size_t start = i, end;

		while (i < len && text[i] != '\n')
			i++;
		end = i;
		while (end > start && is_blank(text[end - 1]))
			end--;
		if (end > start) {
			for (; ok && pending_newlines; pending_newlines--)
				ok = EVP_DigestUpdate(ctx, "\n", 1);
			ok = ok && EVP_DigestUpdate(ctx, text + start,
						    end - start);
		}
		if (i < len) {
			pending_newlines++;
			i++;
		}
	}
	ok = ok && EVP_DigestFinal_ex(ctx, md, &n);
	EVP_MD_CTX_free(ctx);
	if (!ok)
		return rt_error_set(RT_ERROR_OS, "sha-256 failed");
	to_hex(out, md, n);
	return 0;
}
