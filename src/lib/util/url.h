/*
 * url.h: database URLs as DESIGN.md fixes them:
 *   sqlite:PATH  sqlite::memory:  sqlite:///abs/path
 *   postgres://user:password@host:port/dbname?param=value (postgresql://)
 *   mysql://user:password@host:port/dbname
 * The password is kept only for connecting; rt_url_redact() is what any
 * message shows.
 */
#ifndef RT_URL_H
#define RT_URL_H

#include "util/arena.h"

typedef struct rt_url_param {
	const char *key, *value;
} rt_url_param;

typedef struct rt_url {
	const char *scheme; /* the engine's name (rt_backend.name) */
	const char *path;   /* sqlite: the file, or ":memory:" */
	const char *user, *password, *host, *port, *dbname; /* decoded */
	rt_url_param *params;
	size_t nparams;
} rt_url;

/* Parse `s`, whose scheme (before the first ':') names an engine of
 * canonical name `scheme` (a static string), into `out`, strings in
 * `arena`: a path form (server 0: PATH, //PATH, :memory:) or a server
 * form (server 1). Which engine a scheme names is backend.c's business:
 * rt_url_parse there. A malformed URL is an RT_ERROR_PARSE error whose
 * message shows the URL redacted. */
int rt_url_parse_form(rt_url *out, rt_arena *arena, const char *s,
		      const char *scheme, int server);
/* The error of a malformed URL `s` (shown redacted), for `why`. */
int rt_url_fail(const char *s, const char *why);
/* `s` with any password replaced by "***". */
void rt_url_redact(rt_buf *out, const char *s);
/* The value of a query parameter, or NULL. */
const char *rt_url_param_get(const rt_url *url, const char *key);

#endif
