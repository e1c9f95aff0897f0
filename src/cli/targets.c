/*
 * targets.c: the databases a command runs over (DESIGN.md "Many
 * databases"). `--targets FILE` (`-`: standard input) holds one target a
 * line, `NAME URL` or just `URL` (named after its database, schema or
 * file), `#` comments, `${VAR}` taken from the environment so passwords
 * stay out of the file. `--targets-query URL SQL` reads the rows of SQL
 * on a control database: (url), (name, url), or (name, schema), a schema
 * on the --url server. Names are unique; a bad line is reported with
 * FILE:LINE and nothing runs.
 */
#include "fleet.h"
#include "backend/backend.h"
#include "util/fs.h"
#include "util/url.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static int fail(const char *where, const char *msg, const char *hint)
{
	fprintf(stderr, "retort: error: %s: %s\n", where, msg);
	if (hint)
		fprintf(stderr, "hint: %s\n", hint);
	return CLI_EXIT_FAILURE;
}

/* Is `url` one retort can open? The parser's message when not. */
static int url_ok(const char *url, const char *where)
{
	rt_arena a;
	rt_url u;
	int ok;

	rt_arena_init(&a);
	ok = rt_url_parse_engine(&u, &a, url, NULL) == 0;
	rt_arena_release(&a);
	if (!ok)
		return fail(where, rt_error_last()->message,
			    "a target is 'NAME URL' or 'URL', the URL as "
			    "--url takes it");
	return 0;
}

/* A target's name when the line gives none: the database (with its
 * schema), or the SQLite file. */
static char *default_name(const char *url)
{
	rt_arena a;
	rt_url u;
	rt_buf b = RT_BUF_INIT;
	const char *schema;

	rt_arena_init(&a);
	rt_buf_init(&b);
	if (rt_url_parse_engine(&u, &a, url, NULL) == 0) {
		schema = rt_url_param_get(&u, "schema");
		if (u.path)
			rt_buf_puts(&b, u.path);
		else if (u.dbname)
			rt_buf_puts(&b, u.dbname);
		if (schema)
			rt_buf_printf(&b, "%s%s", b.len ? "." : "", schema);
	}
	if (!b.len)
		rt_url_redact(&b, url);
	rt_arena_release(&a);
	return rt_buf_detach(&b);
}

static int add(fl_targets *t, char *name, char *url, char *where)
{
	fl_target *x;

	if (!name || !url || !where)
		goto oom;
	if (t->n == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 16;
		fl_target *v = realloc(t->v, cap * sizeof(*v));

		if (!v)
			goto oom;
		t->v = v;
		t->cap = cap;
	}
	x = &t->v[t->n++];
	memset(x, 0, sizeof(*x));
	x->name = name;
	x->url = url;
	x->where = where;
	x->ev_fd = x->out_fd = -1;
	rt_buf_init(&x->ev);
	rt_buf_init(&x->out);
	return 0;
oom:
	free(name);
	free(url);
	free(where);
	fputs("retort: error: out of memory\n", stderr);
	return CLI_EXIT_FAILURE;
}

/* `${VAR}` in s[0..len) from the environment, into out. */
static int expand(rt_buf *out, const char *s, size_t len, const char *where)
{
	size_t i = 0;
	char msg[256];

	rt_buf_clear(out);
	while (i < len) {
		const char *end;
		char var[128];
		const char *val;

		if (s[i] != '$' || i + 1 >= len || s[i + 1] != '{') {
			rt_buf_putc(out, s[i++]);
			continue;
		}
		end = memchr(s + i + 2, '}', len - i - 2);
		if (!end)
			return fail(where, "'${' without its closing '}'",
				    "write ${NAME}, NAME an environment "
				    "variable");
		snprintf(var, sizeof(var), "%.*s", (int)(end - s - i - 2),
			 s + i + 2);
		if (!(val = getenv(var))) {
			snprintf(msg, sizeof(msg),
				 "environment variable '%s' is not set", var);
			return fail(where, msg, NULL);
		}
		rt_buf_puts(out, val);
		i = (size_t)(end - s) + 1;
	}
	return rt_buf_check(out) < 0 ? CLI_EXIT_FAILURE : 0;
}

static int read_all(rt_buf *out, const char *path)
{
	char chunk[8192];
	size_t n;

	if (strcmp(path, "-") != 0)
		return rt_fs_read(out, path) < 0 ? -1 : 0;
	while ((n = fread(chunk, 1, sizeof(chunk), stdin)) > 0)
		rt_buf_put(out, chunk, n);
	if (ferror(stdin)) {
		rt_error_set(RT_ERROR_OS, "cannot read standard input");
		return -1;
	}
	return rt_buf_check(out);
}

static int parse_file(fl_targets *t, const char *path)
{
	const char *shown = strcmp(path, "-") ? path : "standard input";
	rt_buf text = RT_BUF_INIT, f1 = RT_BUF_INIT, f2 = RT_BUF_INIT;
	char where[512];
	const char *p, *line_end;
	int lineno = 0, status = 0;

	rt_buf_init(&text);
	rt_buf_init(&f1);
	rt_buf_init(&f2);
	if (read_all(&text, path) < 0) {
		status = cli_error(RT_ERROR);
		goto done;
	}
	for (p = text.ptr; !status && *p; p = *line_end ? line_end + 1 : line_end) {
		const char *field[3];
		size_t flen[3];
		int nf = 0;
		const char *q;

		lineno++;
		if (!(line_end = strchr(p, '\n')))
			line_end = p + strlen(p);
		snprintf(where, sizeof(where), "%s:%d", shown, lineno);
		for (q = p; q < line_end;) {
			const char *start;

			while (q < line_end && isspace((unsigned char)*q))
				q++;
			if (q == line_end || *q == '#')
				break;
			start = q;
			while (q < line_end && !isspace((unsigned char)*q))
				q++;
			if (nf < 3) {
				field[nf] = start;
				flen[nf] = (size_t)(q - start);
			}
			nf++;
		}
		if (nf == 0)
			continue;
		if (nf > 2) {
			status = fail(where, "expected 'NAME URL' or 'URL', "
					     "found more fields",
				      "a '#' starts a comment; a space in a "
				      "password is written %20");
			break;
		}
		if ((status = expand(&f1, field[0], flen[0], where)) != 0 ||
		    (nf == 2 &&
		     (status = expand(&f2, field[1], flen[1], where)) != 0))
			break;
		if ((status = url_ok(nf == 2 ? f2.ptr : f1.ptr, where)) != 0)
			break;
		if (nf == 2)
			status = add(t, strdup(f1.ptr), strdup(f2.ptr),
				     strdup(where));
		else
			status = add(t, default_name(f1.ptr), strdup(f1.ptr),
				     strdup(where));
	}
	if (!status && !t->n)
		status = fail(shown, "no targets", "one a line: 'NAME URL' "
						   "or 'URL'");
done:
	rt_buf_release(&text);
	rt_buf_release(&f1);
	rt_buf_release(&f2);
	return status;
}

/* --targets-query: the rows of SQL on the control database */
typedef struct query_rows {
	fl_targets *t;
	const char *base; /* the --url server, for (name, schema) rows */
	int row, status;
} query_rows;

static char *with_schema(const char *base, const char *schema)
{
	rt_buf b = RT_BUF_INIT;

	rt_buf_init(&b);
	rt_buf_printf(&b, "%s%cschema=%s", base, strchr(base, '?') ? '&' : '?',
		      schema);
	return rt_buf_detach(&b);
}

static int on_row(void *payload, int ncols, const char *const *vals)
{
	query_rows *q = payload;
	char where[64];
	const char *name, *second;
	rt_arena a;
	rt_url u;
	int is_url;

	snprintf(where, sizeof(where), "--targets-query row %d", ++q->row);
	if (ncols < 1 || ncols > 2) {
		q->status = fail(where, "expected the columns (name, url) or "
					"(name, schema), or (url)",
				 NULL);
		return 1;
	}
	name = ncols == 2 ? vals[0] : NULL;
	second = vals[ncols - 1];
	if ((ncols == 2 && !name) || !second) {
		q->status = fail(where, "a NULL value", NULL);
		return 1;
	}
	rt_arena_init(&a);
	is_url = strchr(second, ':') &&
		 rt_url_parse_engine(&u, &a, second, NULL) == 0;
	rt_arena_release(&a);
	rt_error_clear();
	if (is_url || ncols == 1) {
		if ((q->status = url_ok(second, where)) != 0)
			return 1;
		q->status = add(q->t, name ? strdup(name) : default_name(second),
				strdup(second), strdup(where));
	} else {
		q->status = add(q->t, strdup(name), with_schema(q->base, second),
				strdup(where));
	}
	return q->status != 0;
}

static int run_query(fl_targets *t, cli_ctx *ctx)
{
	rt_db_options o = {0};
	rt_db *db = NULL;
	query_rows q = {t, ctx->url, 0, 0};
	int error;

	o.no_create = 1;
	if (rt_db_open(&db, ctx->args.targets_query[0], &o) < 0) {
		rt_error_prefix("--targets-query");
		return cli_error(RT_ERROR);
	}
	error = rt_db_query(db, ctx->args.targets_query[1], on_row, &q);
	if (error < 0 && !q.status) {
		rt_error_prefix("--targets-query");
		q.status = cli_error(error);
	}
	rt_db_close(db);
	if (!q.status && !q.row)
		q.status = fail("--targets-query", "the query returned no rows",
				NULL);
	return q.status;
}

int cli_targets_load(fl_targets *out, cli_ctx *ctx)
{
	size_t i, j;
	int status = 0;

	memset(out, 0, sizeof(*out));
	if (ctx->args.targets && (status = parse_file(out, ctx->args.targets)))
		return status;
	if (ctx->args.targets_query[0] && (status = run_query(out, ctx)))
		return status;
	for (i = 0; i < out->n; i++)
		for (j = 0; j < i; j++)
			if (!strcmp(out->v[i].name, out->v[j].name)) {
				char msg[512];

				snprintf(msg, sizeof(msg),
					 "target name '%s' is already the "
					 "name of %s",
					 out->v[i].name, out->v[j].where);
				return fail(out->v[i].where, msg,
					    "names must be unique: write "
					    "'NAME URL' to name a target");
			}
	return 0;
}

void cli_targets_release(fl_targets *t)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		free(t->v[i].name);
		free(t->v[i].url);
		free(t->v[i].where);
		free(t->v[i].current);
		free(t->v[i].error);
		rt_buf_release(&t->v[i].ev);
		rt_buf_release(&t->v[i].out);
	}
	free(t->v);
	memset(t, 0, sizeof(*t));
}
