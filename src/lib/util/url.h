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
	const char *scheme; /* "sqlite", "postgres", "mysql" (normalized) */
	const char *path;   /* sqlite: the file, or ":memory:" */
	const char *user, *password, *host, *port, *dbname; /* decoded */
	rt_url_param *params;
	size_t nparams;
} rt_url;

/* Parse `s` into `out`, strings in `arena`. A malformed URL is an
 * RT_ERROR_PARSE error whose message shows the URL redacted. */
int rt_url_parse(rt_url *out, rt_arena *arena, const char *s);
/* `s` with any password replaced by "***". */
void rt_url_redact(rt_buf *out, const char *s);
/* The value of a query parameter, or NULL. */
const char *rt_url_param_get(const rt_url *url, const char *key);

#endif
