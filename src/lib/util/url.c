/*
 * url.c: URL parsing. Only the shapes retort accepts are parsed; anything
 * else is an error that says which shapes exist.
 */
#include "util/common.h"
#include "util/url.h"

#include <strings.h>

static const char url_hint[] =
	"use sqlite:PATH, sqlite::memory:, "
	"postgres://user:password@host:port/dbname or mysql://...";

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Percent-decode s[0..n) into the arena; NULL with *bad set on a broken
 * escape. */
static char *decode(rt_arena *a, const char *s, size_t n, int *bad)
{
	char *out = rt_arena_alloc(a, n + 1), *o = out;
	size_t i;

	if (!out)
		return NULL;
	for (i = 0; i < n; i++) {
		if (s[i] == '%') {
			int hi = i + 2 < n ? hexval(s[i + 1]) : -1;
			int lo = i + 2 < n ? hexval(s[i + 2]) : -1;

			if (hi < 0 || lo < 0) {
				*bad = 1;
				return NULL;
			}
			*o++ = (char)(hi * 16 + lo);
			i += 2;
		} else {
			*o++ = s[i];
		}
	}
	*o = '\0';
	return out;
}

/* A parameter name that holds a secret: password, sslpassword, pass,
 * passwd, pwd, secret, token, in any case (a passfile path is hidden
 * too: better too much than too little). */
static int secret_key(const char *k, size_t n)
{
	static const char *const words[] = {"pass", "pwd", "secret", "token"};
	size_t i, j;

	for (i = 0; i < RT_ARRAY_SIZE(words); i++) {
		size_t wl = strlen(words[i]);

		for (j = 0; j + wl <= n; j++)
			if (strncasecmp(k + j, words[i], wl) == 0)
				return 1;
	}
	return 0;
}

static int key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
}

/*
 * `s` with the value of every secret key=value replaced by "***": query
 * parameters (after '?' or '&') and libpq's "key=value key='v a l'"
 * words (after a blank or at the start when `words`). A value ends at
 * '&' or a blank; a quoted one at its closing quote.
 */
static void redact_params(rt_buf *out, const char *s, int words)
{
	const char *p = s;

	while (*p) {
		int start = p == s ? words
				   : (p[-1] == '?' || p[-1] == '&' ||
				      p[-1] == ' ' || p[-1] == '\t' ||
				      p[-1] == '\n');
		const char *k = p, *v;

		if (!start || !key_char(*p)) {
			rt_buf_putc(out, *p++);
			continue;
		}
		while (key_char(*p))
			p++;
		v = p;
		while (*v == ' ' || *v == '\t')
			v++;
		if (*v != '=' || !secret_key(k, (size_t)(p - k))) {
			rt_buf_put(out, k, (size_t)(p - k));
			continue;
		}
		rt_buf_put(out, k, (size_t)(p - k));
		rt_buf_puts(out, "=***");
		v++;
		while (*v == ' ' || *v == '\t')
			v++;
		if (*v == '\'') {
			for (v++; *v && *v != '\''; v++)
				if (*v == '\\' && v[1])
					v++;
			if (*v)
				v++;
		} else {
			while (*v && *v != '&' && *v != ' ' && *v != '\t' &&
			       *v != '\n')
				v++;
		}
		p = v;
	}
}

/*
 * One redactor for every URL that reaches output, parsed or not. After
 * "scheme:" and its slashes, everything up to the last '@' is user and
 * password (a password may hold an unencoded '/', '?', '@' or '#', and a
 * URL that fails to parse must not leak either); without an '@', a
 * "port" that is not a number is taken for a password. Then the secret
 * query parameters. A text with no scheme is read as libpq's key=value.
 */
void rt_url_redact(rt_buf *out, const char *s)
{
	const char *p = s, *auth, *at, *colon, *end;

	if (!s)
		return;
	if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'))
		while (key_char(*p) || *p == '+')
			p++;
	if (p == s || *p != ':') {
		redact_params(out, s, 1);
		return;
	}
	if (strncmp(s, "sqlite:", 7) == 0) {
		rt_buf_puts(out, s); /* a path: no secret */
		return;
	}
	auth = p + 1;
	while (*auth == '/')
		auth++;
	rt_buf_put(out, s, (size_t)(auth - s));
	at = strrchr(auth, '@');
	if (at) {
		colon = memchr(auth, ':', (size_t)(at - auth));
		if (colon) {
			rt_buf_put(out, auth, (size_t)(colon - auth));
			rt_buf_puts(out, ":***");
		} else {
			rt_buf_put(out, auth, (size_t)(at - auth));
		}
		redact_params(out, at, 0);
		return;
	}
	end = auth;
	if (*end == '[')
		while (*end && *end != ']')
			end++;
	end += strcspn(end, "/?#");
	colon = memchr(auth, ':', (size_t)(end - auth));
	if (colon && *auth != '[') {
		const char *d = colon + 1;

		while (d < end && *d >= '0' && *d <= '9')
			d++;
		if (d < end || d == colon + 1) {
			rt_buf_put(out, auth, (size_t)(colon - auth));
			rt_buf_puts(out, ":***");
			redact_params(out, end, 0);
			return;
		}
	}
	redact_params(out, auth, 0);
}

static int fail(const char *s, const char *why)
{
	rt_buf red = RT_BUF_INIT;

	rt_buf_init(&red);
	rt_url_redact(&red, s);
	rt_error_set(RT_ERROR_PARSE, "malformed database URL '%s': %s",
		     rt_buf_cstr(&red), why);
	rt_error_hint("%s", url_hint);
	rt_buf_release(&red);
	return RT_ERROR;
}

static int parse_sqlite(rt_url *out, rt_arena *a, const char *s,
			const char *rest)
{
	int bad = 0;
	const char *q;

	if (strcmp(rest, ":memory:") == 0) {
		out->path = ":memory:";
		return 0;
	}
	/* sqlite:///abs and sqlite://rel, as other tools write them */
	if (rest[0] == '/' && rest[1] == '/')
		rest += 2;
	q = strchr(rest, '?');
	if (q)
		return fail(s, "sqlite URLs take no parameters");
	if (!*rest)
		return fail(s, "the sqlite path is empty");
	out->path = decode(a, rest, strlen(rest), &bad);
	if (bad)
		return fail(s, "broken %-escape");
	return out->path ? 0 : RT_ERROR;
}

static int parse_params(rt_url *out, rt_arena *a, const char *s,
			const char *q)
{
	size_t n = 1, i = 0;
	const char *p;
	int bad = 0;

	for (p = q; *p; p++)
		n += *p == '&';
	out->params = rt_arena_array(a, n, sizeof(rt_url_param));
	if (!out->params)
		return RT_ERROR;
	while (*q) {
		const char *end = strchr(q, '&'), *eq;

		if (!end)
			end = q + strlen(q);
		eq = memchr(q, '=', (size_t)(end - q));
		if (end > q) {
			if (!eq || eq == q)
				return fail(s, "a parameter is not key=value");
			out->params[i].key = decode(a, q, (size_t)(eq - q), &bad);
			out->params[i].value =
				decode(a, eq + 1, (size_t)(end - eq - 1), &bad);
			if (bad)
				return fail(s, "broken %-escape");
			i++;
		}
		q = *end ? end + 1 : end;
	}
	out->nparams = i;
	return 0;
}

static int parse_server(rt_url *out, rt_arena *a, const char *s,
			const char *rest)
{
	const char *slash, *q, *at, *colon, *host, *hend;
	int bad = 0;

	if (rest[0] != '/' || rest[1] != '/')
		return fail(s, "expected '//' after the scheme");
	rest += 2;
	slash = strpbrk(rest, "/?");
	if (!slash)
		slash = rest + strlen(rest);
	at = memrchr(rest, '@', (size_t)(slash - rest));
	host = rest;
	if (at) {
		colon = memchr(rest, ':', (size_t)(at - rest));
		out->user = decode(a, rest,
				   (size_t)((colon ? colon : at) - rest), &bad);
		if (colon)
			out->password = decode(a, colon + 1,
					       (size_t)(at - colon - 1), &bad);
		host = at + 1;
	}
	hend = slash;
	if (host[0] == '[') {
		const char *rb = memchr(host, ']', (size_t)(slash - host));

		if (!rb)
			return fail(s, "unclosed '[' in the host");
		out->host = rt_arena_strndup(a, host + 1, (size_t)(rb - host - 1));
		colon = rb + 1 < slash && rb[1] == ':' ? rb + 1 : NULL;
		if (rb + 1 < slash && !colon)
			return fail(s, "unexpected text after ']'");
	} else {
		colon = memchr(host, ':', (size_t)(slash - host));
		out->host = decode(a, host,
				   (size_t)((colon ? colon : slash) - host), &bad);
	}
	if (colon) {
		const char *p;

		if (colon + 1 == hend)
			return fail(s, "the port is empty");
		for (p = colon + 1; p < hend; p++)
			if (*p < '0' || *p > '9')
				return fail(s, "the port is not a number");
		out->port = rt_arena_strndup(a, colon + 1,
					     (size_t)(hend - colon - 1));
	}
	if (*slash == '/') {
		q = strchr(slash, '?');
		if (!q)
			q = slash + strlen(slash);
		out->dbname = decode(a, slash + 1, (size_t)(q - slash - 1), &bad);
	} else {
		q = slash;
	}
	if (bad)
		return fail(s, "broken %-escape");
	if (*q == '?')
		return parse_params(out, a, s, q + 1);
	return 0;
}

int rt_url_parse_form(rt_url *out, rt_arena *a, const char *s,
		      const char *scheme, int server)
{
	const char *colon = strchr(s, ':');

	memset(out, 0, sizeof(*out));
	out->scheme = scheme;
	return server ? parse_server(out, a, s, colon + 1)
		      : parse_sqlite(out, a, s, colon + 1);
}

int rt_url_fail(const char *s, const char *why)
{
	return fail(s ? s : "", why);
}

const char *rt_url_param_get(const rt_url *url, const char *key)
{
	size_t i;

	for (i = 0; i < url->nparams; i++)
		if (strcmp(url->params[i].key, key) == 0)
			return url->params[i].value;
	return NULL;
}
