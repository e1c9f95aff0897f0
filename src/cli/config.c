/*
 * config.c: where each setting comes from. Flags win, then
 * $DATABASE_URL (for the URL), then retort.conf in the working directory,
 * then the defaults of DESIGN.md.
 */
#include "cli.h"
#include "backend/backend.h"
#include "util/url.h"

#include <errno.h>
#include <ini.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define CONF_FILE "retort.conf"

struct conf {
	char *url, *dir, *schema, *dev_url, *wait_lock, *lint_ignore;
	char bad_section[64], bad_key[64];
	int bad_line;
};

static int conf_entry(void *user, const char *section, const char *name,
		      const char *value)
{
	struct conf *c = user;
	char **slot = NULL;

	if (section[0] && strcmp(section, "retort") != 0)
		goto bad;
	if (!strcmp(name, "url"))
		slot = &c->url;
	else if (!strcmp(name, "dir"))
		slot = &c->dir;
	else if (!strcmp(name, "schema"))
		slot = &c->schema;
	else if (!strcmp(name, "dev_url") || !strcmp(name, "dev-url"))
		slot = &c->dev_url;
	else if (!strcmp(name, "wait_lock") || !strcmp(name, "wait-lock"))
		slot = &c->wait_lock;
	else if (!strcmp(name, "lint_ignore") || !strcmp(name, "lint-ignore"))
		slot = &c->lint_ignore;
	else
		goto bad;
	free(*slot);
	*slot = strdup(value);
	return *slot != NULL;
bad:
	if (!c->bad_line) {
		snprintf(c->bad_section, sizeof(c->bad_section), "%s", section);
		snprintf(c->bad_key, sizeof(c->bad_key), "%s", name);
		c->bad_line = -1;
	}
	return 1;
}

/* The line of `key` in `section` of the file: this inih build does not
 * pass line numbers to the handler, and an error must say where. */
static int line_of(const char *path, const char *section, const char *key)
{
	FILE *f = fopen(path, "r");
	char line[1024], cur[64] = "";
	int n = 0, found = 0;
	size_t klen = strlen(key);

	if (!f)
		return 0;
	while (!found && fgets(line, sizeof(line), f)) {
		const char *p = line;

		n++;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '[') {
			const char *end = strchr(p, ']');

			snprintf(cur, sizeof(cur), "%.*s",
				 end ? (int)(end - p - 1) : 0, p + 1);
			continue;
		}
		if (!strcmp(cur, section) && !strncmp(p, key, klen) &&
		    (p[klen] == ' ' || p[klen] == '\t' || p[klen] == '=' ||
		     p[klen] == ':'))
			found = n;
	}
	fclose(f);
	return found;
}

/* inih reads an indented line as the continuation of the value above
 * it: a mistyped key would silently change another setting. */
static int indented_line(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[1024];
	int n = 0, found = 0;

	if (!f)
		return 0;
	while (!found && fgets(line, sizeof(line), f)) {
		const char *p = line;

		n++;
		if (*p != ' ' && *p != '\t')
			continue;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p && *p != '\n' && *p != '\r' && *p != '#' && *p != ';')
			found = n;
	}
	fclose(f);
	return found;
}

static int ignored(const cli_ctx *ctx, const char *rule)
{
	size_t i;

	for (i = 0; i < ctx->nlint_ignore; i++)
		if (!strcmp(ctx->lint_ignore[i], rule))
			return 1;
	return 0;
}

/* `lint_ignore = rule1, rule2`: split on commas and blanks (in place:
 * the string lives as long as the process), each a known rule. */
static int split_rules(cli_ctx *ctx, char *p)
{
	while (*p) {
		char *start;

		while (*p == ',' || *p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		start = p;
		while (*p && *p != ',' && *p != ' ' && *p != '\t')
			p++;
		if (*p)
			*p++ = '\0';
		if (!rt_lint_rule_get(start)) {
			fprintf(stderr,
				"retort: error: %s:%d: lint_ignore names "
				"unknown rule '%s'\nhint: 'retort lint --rules' "
				"lists them\n",
				CONF_FILE, line_of(CONF_FILE, "", "lint_ignore"),
				start);
			return -1;
		}
		/* each rule once: the known rules fit (36 of 64 today) */
		if (ignored(ctx, start))
			continue;
		if (ctx->nlint_ignore == sizeof(ctx->lint_ignore) / sizeof(ctx->lint_ignore[0])) {
			fprintf(stderr, "retort: error: %s: lint_ignore names "
					"more rules than retort can hold\n",
				CONF_FILE);
			return -1;
		}
		ctx->lint_ignore[ctx->nlint_ignore++] = start;
	}
	return 0;
}

/* "30s", "2m", "500ms", "1.5" (seconds). Every duration ends up in
 * milliseconds in an int (sqlite3_busy_timeout, PostgreSQL's timeouts):
 * past that, or not a number at all (inf, nan), it would silently turn
 * into "do not wait", so it is refused. */
static int parse_duration(const char *s, double *out)
{
	char *end;
	double v = strtod(s, &end);

	if (end == s || !isfinite(v) || v < 0)
		return -1;
	if (!*end || !strcmp(end, "s"))
		;
	else if (!strcmp(end, "ms"))
		v /= 1000;
	else if (!strcmp(end, "m"))
		v *= 60;
	else if (!strcmp(end, "h"))
		v *= 3600;
	else
		return -1;
	if (v > RT_DURATION_MAX)
		return -1;
	*out = v;
	return 0;
}

int cli_parse_duration(const char *s, double *out)
{
	return parse_duration(s, out);
}

#define DURATION_HINT "a duration is a number of s, ms, m or h, at most 596h"

const rt_backend *cli_engine(const cli_ctx *ctx)
{
	static rt_arena a; /* the URL's strings live as long as the process */
	const rt_backend *be;
	rt_url u;

	if (rt_url_parse_engine(&u, &a, ctx->url, &be) < 0)
		return NULL;
	if (!be)
		rt_backend_for(u.scheme); /* says it is not built in */
	return be;
}

const char *cli_dialect(const cli_ctx *ctx, const char **search_path)
{
	static rt_arena a; /* the search_path lives as long as the process */
	rt_url u;

	if (rt_url_parse(&u, &a, ctx->url) < 0)
		return NULL;
	if (search_path)
		*search_path = rt_url_param_get(&u, "search_path")
				       ? rt_url_param_get(&u, "search_path")
				       : rt_url_param_get(&u, "schema");
	return u.scheme; /* a static string */
}

/* retort.conf is read by name three times (inih opens it itself): a FIFO
 * would block every command until a writer came, a directory reads as an
 * empty file. Only a regular file (or none) is a configuration. */
static int conf_file_check(const char *path)
{
	struct stat sb;

	if (stat(path, &sb) < 0) {
		if (errno == ENOENT)
			return 0;
		fprintf(stderr, "retort: error: cannot read '%s': %s\n", path,
			strerror(errno));
		return CLI_EXIT_FAILURE;
	}
	if (S_ISREG(sb.st_mode))
		return 0;
	fprintf(stderr, "retort: error: '%s' is not a regular file\n", path);
	fprintf(stderr, "hint: retort reads its settings from a plain file "
			"'%s' in the working directory; move the %s away\n",
		path, S_ISDIR(sb.st_mode) ? "directory" : "special file");
	return CLI_EXIT_FAILURE;
}

int cli_config_resolve(cli_ctx *ctx)
{
	static struct conf c; /* lives for the process, like ctx */
	const char *env = getenv("DATABASE_URL");
	const char *wait;
	int rc;

	if ((rc = conf_file_check(CONF_FILE)) != 0)
		return rc;
	if ((rc = indented_line(CONF_FILE)) > 0) {
		fprintf(stderr, "retort: error: %s:%d: indented setting\n",
			CONF_FILE, rc);
		fprintf(stderr, "hint: start each 'key = value' line at its "
				"first column\n");
		return CLI_EXIT_FAILURE;
	}
	rc = ini_parse(CONF_FILE, conf_entry, &c);
	if (rc > 0) {
		fprintf(stderr, "retort: error: %s:%d: malformed line\n",
			CONF_FILE, rc);
		fprintf(stderr, "hint: settings are 'key = value' lines\n");
		return CLI_EXIT_FAILURE;
	}
	if (c.bad_line) {
		c.bad_line = line_of(CONF_FILE, c.bad_section, c.bad_key);
		fprintf(stderr, "retort: error: %s:%d: unknown setting '%s%s%s'\n",
			CONF_FILE, c.bad_line, c.bad_section,
			c.bad_section[0] ? "." : "", c.bad_key);
		fprintf(stderr, "hint: known settings: url, dir, schema, "
				"dev_url, wait_lock, lint_ignore\n");
		return CLI_EXIT_FAILURE;
	}
	if (ctx->args.url) {
		ctx->url = ctx->args.url;
		ctx->url_source = "--url";
	} else if (env && *env) {
		ctx->url = env;
		ctx->url_source = "DATABASE_URL";
	} else if (c.url) {
		ctx->url = c.url;
		ctx->url_source = CONF_FILE;
	} else {
		ctx->url = "sqlite:retort.db";
		ctx->url_source = "default";
	}
	ctx->dir = ctx->args.dir ? ctx->args.dir
				 : (c.dir ? c.dir : "migrations");
	ctx->schema = ctx->args.schema ? ctx->args.schema
				       : (c.schema ? c.schema : "schema.sql");
	ctx->dev_url = ctx->args.dev_url ? ctx->args.dev_url : c.dev_url;
	if (c.lint_ignore && split_rules(ctx, c.lint_ignore) < 0)
		return CLI_EXIT_FAILURE;
	wait = ctx->args.wait_lock ? ctx->args.wait_lock : c.wait_lock;
	ctx->wait_lock = 60;
	if (wait && parse_duration(wait, &ctx->wait_lock) < 0)
		return cli_usage_error(ctx, "'%s' is not a duration (e.g. 30s, "
					    "2m, 500ms; at most 596h)",
				       wait);
	/* the API's 0 means "the default": an explicit 0 is "no limit" */
	ctx->lock_timeout = 0;
	if (ctx->args.lock_timeout) {
		if (parse_duration(ctx->args.lock_timeout, &ctx->lock_timeout) < 0)
			return cli_usage_error(ctx, "'%s' is not a duration "
						    "(" DURATION_HINT ")",
					       ctx->args.lock_timeout);
		if (ctx->lock_timeout == 0)
			ctx->lock_timeout = -1;
	}
	if (ctx->args.statement_timeout &&
	    parse_duration(ctx->args.statement_timeout,
			   &ctx->statement_timeout) < 0)
		return cli_usage_error(ctx, "'%s' is not a duration "
					    "(" DURATION_HINT ")",
				       ctx->args.statement_timeout);
	/* the API's 0 is the default: an explicit 0 is "never pause" */
	ctx->max_replica_lag = 0;
	if (ctx->args.max_replica_lag) {
		if (parse_duration(ctx->args.max_replica_lag,
				   &ctx->max_replica_lag) < 0)
			return cli_usage_error(ctx, "'%s' is not a duration "
						    "(" DURATION_HINT ")",
					       ctx->args.max_replica_lag);
		if (ctx->max_replica_lag == 0)
			ctx->max_replica_lag = -1;
	}
	ctx->retries = 0;
	if (ctx->args.retries) {
		char *end;
		long v = strtol(ctx->args.retries, &end, 10);

		if (*end || v < 0 || v > 100)
			return cli_usage_error(ctx, "--retries takes a number "
						    "from 0 to 100");
		ctx->retries = v ? (int)v : -1; /* the API's 0 is the default */
	}
	if (ctx->args.lock_mode) {
		if (!strcmp(ctx->args.lock_mode, "table"))
			ctx->lock_table = 1;
		else if (strcmp(ctx->args.lock_mode, "advisory") != 0)
			return cli_usage_error(ctx, "--lock takes 'advisory' or "
						    "'table'");
	}
	return 0;
}
