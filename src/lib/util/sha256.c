/*
 * sha256.c: digests with OpenSSL's EVP interface (one-shot EVP_Digest
 * keeps no state between calls, so it is thread-safe).
 */
#include "util/common.h"
#include "util/sha256.h"

#include <openssl/evp.h>
#include <pthread.h>

/* OpenSSL 3 looks the algorithm up again on every EVP_DigestInit_ex
 * with EVP_sha256(); fetching it once per thread, with a context kept
 * for reuse, makes a thousand checksums cost what hashing them costs.
 * Both are freed at thread exit. */
static _Thread_local EVP_MD *sha256_md;
static _Thread_local EVP_MD_CTX *sha256_ctx;
static pthread_key_t cleanup_key;
static pthread_once_t cleanup_once = PTHREAD_ONCE_INIT;

static void release_thread(void *unused)
{
	(void)unused;
	EVP_MD_CTX_free(sha256_ctx);
	EVP_MD_free(sha256_md);
	sha256_ctx = NULL;
	sha256_md = NULL;
}

static void make_key(void)
{
	pthread_key_create(&cleanup_key, release_thread);
}

static EVP_MD_CTX *digest_ctx(void)
{
	if (!sha256_ctx) {
		pthread_once(&cleanup_once, make_key);
		sha256_md = EVP_MD_fetch(NULL, "SHA256", NULL);
		sha256_ctx = EVP_MD_CTX_new();
		if (!sha256_md || !sha256_ctx) {
			release_thread(NULL);
			return NULL;
		}
		pthread_setspecific(cleanup_key, sha256_md);
	}
	return sha256_ctx;
}

/* The main thread's copies, at exit (leak checkers look there). */
__attribute__((destructor)) static void release_main(void)
{
	release_thread(NULL);
}

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
	EVP_MD_CTX *ctx = digest_ctx();
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;

	if (!ctx || !EVP_DigestInit_ex(ctx, sha256_md, NULL) ||
	    !EVP_DigestUpdate(ctx, data, len) ||
	    !EVP_DigestFinal_ex(ctx, md, &n))
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
	EVP_MD_CTX *ctx = digest_ctx();
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	size_t i = 0, pending_newlines = 0;
	int ok = ctx && EVP_DigestInit_ex(ctx, sha256_md, NULL);

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
	if (!ok)
		return rt_error_set(RT_ERROR_OS, "sha-256 failed");
	to_hex(out, md, n);
	return 0;
}
