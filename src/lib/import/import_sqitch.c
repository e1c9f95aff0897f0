/*
 * import_sqitch.c: sqitch (sqitch.org). SRC is the folder holding
 * sqitch.plan, with deploy/, revert/ (and verify/) beside it. The plan:
 *
 *	%project=flipr
 *	appschema 2024-01-01T00:00:00Z Ann <ann@example.com> # note
 *	users [appschema] 2024-01-02T00:00:00Z Ann <ann@example.com> # note
 *	@v1.0 2024-01-03T00:00:00Z Ann <ann@example.com> # a tag
 *	users [users@v1.0] 2024-01-04T00:00:00Z Ann <ann@example.com> # rework
 *
 * Each change is a migration: up = deploy/NAME.sql, down =
 * revert/NAME.sql (a missing revert makes it irreversible), with the
 * BEGIN;/COMMIT; sqitch's templates wrap them in left out (retort runs
 * each migration in its own transaction). verify/ is not imported.
 * A reworked change (the name again later in the plan, after a tag) is
 * one migration per appearance: the earlier ones read the files sqitch
 * kept for them, NAME@TAG.sql (TAG: the last tag before the rework),
 * and their version is NAME@TAG.
 *
 * Parents: the plan's dependencies ([dep ...]: NAME, NAME@TAG,
 * PROJECT:NAME of this project; conflicts !NAME are not dependencies,
 * and another project's changes are noted and left out), plus the
 * previous change of the plan whenever the dependencies do not already
 * lead to it: sqitch deploys in plan order, and so does the import (one
 * head, and no change runs before one that came earlier in the plan).
 *
 * Applied: the registry's changes table (schema or database `sqitch`,
 * or the sqitch.conf `registry`), rows of this project. On an engine
 * whose database is a file, sqitch keeps the registry in a file of its
 * own beside it: sqitch.EXT for a database NAME.EXT. Sqitch deploys in
 * plan order, so N rows for a name are its first N appearances.
 */
#include "backend/backend.h"
#include "import/import.h"
#include "util/fs.h"

#include <ctype.h>

typedef struct change {
	const char *name;
	rt_import_migration *m;
	int line;
	const char *deps_text; /* between [ and ], or NULL */
	size_t deps_len;
	size_t ntags_before; /* tags of the plan before this change */
} change;

typedef struct sqitch_plan {
	const char *project;
	const char *registry;
	change *changes;
	size_t nchanges, cap;
	const char **tags; /* in plan order */
	size_t *tag_after; /* number of changes before each tag */
	size_t ntags, tags_cap;
} sqitch_plan;

static const char *skip_space(const char *p, const char *end)
{
	while (p < end && isspace((unsigned char)*p))
		p++;
	return p;
}

static const char *word_end(const char *p, const char *end)
{
	while (p < end && !isspace((unsigned char)*p) && *p != '[')
		p++;
	return p;
}

static int grow(rt_import_set *set, void **v, size_t *cap, size_t n,
		size_t size)
{
	void *nv;

	if (n < *cap)
		return 0;
	if (!(nv = rt_arena_array(&set->arena, *cap ? 2 * *cap : 16, size)))
		return RT_ERROR;
	if (n)
		memcpy(nv, *v, n * size);
	*v = nv;
	*cap = *cap ? 2 * *cap : 16;
	return 0;
}

static int add_tag(rt_import_set *set, sqitch_plan *p, const char *name)
{
	size_t cap = p->tags_cap;

	if (grow(set, (void **)&p->tags, &p->tags_cap, p->ntags,
		 sizeof(*p->tags)) < 0 ||
	    grow(set, (void **)&p->tag_after, &cap, p->ntags,
		 sizeof(*p->tag_after)) < 0)
		return RT_ERROR;
	p->tags[p->ntags] = name;
	p->tag_after[p->ntags] = p->nchanges;
	p->ntags++;
	return 0;
}

/* One plan line that is neither blank nor a comment. */
static int plan_line(rt_import_set *set, sqitch_plan *p, const char *file,
		     const rt_import_line *l)
{
	const char *s = skip_space(l->p, l->p + l->len), *end = l->p + l->len;
	const char *w;
	change *c;

	if (*s == '%') {
		const char *eq = memchr(s, '=', (size_t)(end - s));

		if (eq && eq - s == 8 && !strncmp(s, "%project", 8)) {
			const char *v = skip_space(eq + 1, end), *ve = end;

			while (ve > v && isspace((unsigned char)ve[-1]))
				ve--;
			if (!(p->project =
				  rt_import_strndup(set, v, (size_t)(ve - v))))
				return RT_ERROR;
		}
		return 0;
	}
	if (*s == '@') {
		char *name;

		w = word_end(s + 1, end);
		if (w == s + 1)
			return rt_import_error_at(file, l->no,
						  "sqitch: a tag without a "
						  "name");
		if (!(name =
			  rt_import_strndup(set, s + 1, (size_t)(w - s - 1))))
			return RT_ERROR;
		return add_tag(set, p, name);
	}
	if (*s == '-') {
		rt_import_error_at(file, l->no,
				   "sqitch: the plan reverts a change here "
				   "('-%.*s')",
				   (int)(word_end(s + 1, end) - s - 1), s + 1);
		rt_error_hint("retort imports a plan of deployed changes: "
			      "remove the change and its '-' line from the "
			      "plan (sqitch rebase) and import again");
		return RT_ERROR;
	}
	if (*s == '+')
		s++;
	w = word_end(s, end);
	if (w == s)
		return rt_import_error_at(file, l->no,
					  "sqitch: a change without a name");
	if (grow(set, (void **)&p->changes, &p->cap, p->nchanges,
		 sizeof(*p->changes)) < 0)
		return RT_ERROR;
	c = &p->changes[p->nchanges];
	memset(c, 0, sizeof(*c));
	if (!(c->name = rt_import_strndup(set, s, (size_t)(w - s))))
		return RT_ERROR;
	c->line = l->no;
	c->ntags_before = p->ntags;
	s = skip_space(w, end);
	if (s < end && *s == '[') {
		const char *close = memchr(s, ']', (size_t)(end - s));

		if (!close)
			return rt_import_error_at(file, l->no,
						  "sqitch: '[' without ']' in "
						  "the dependencies of '%s'",
						  c->name);
		c->deps_text = s + 1;
		c->deps_len = (size_t)(close - s - 1);
	}
	p->nchanges++;
	return 0;
}

/* `registry = NAME` in sqitch.conf (any section), else "sqitch". */
static int read_registry(rt_import_set *set, sqitch_plan *p, const char *src)
{
	char *path = rt_import_path(set, src, "sqitch.conf"), *text;
	rt_import_line l;
	const char *at;
	int no = 1, error;

	p->registry = "sqitch";
	if (!path)
		return RT_ERROR;
	if (!rt_fs_exists(path))
		return 0;
	if ((error = rt_import_read_file(&text, NULL, set, path)) < 0)
		return error;
	for (at = text; rt_import_next_line(&l, at, no); at = l.next, no++) {
		const char *s = skip_space(l.p, l.p + l.len),
			   *end = l.p + l.len, *v, *ve;

		if ((size_t)(end - s) < 8 || strncmp(s, "registry", 8))
			continue;
		v = skip_space(s + 8, end);
		if (v == end || *v != '=')
			continue;
		v = skip_space(v + 1, end);
		for (ve = v; ve < end && !isspace((unsigned char)*ve) &&
			     *ve != '#' && *ve != ';';
		     ve++)
			;
		if (ve > v && !(p->registry = rt_import_strndup(
				    set, v, (size_t)(ve - v))))
			return RT_ERROR;
	}
	return 0;
}

/* The appearance of `name` a dependency names: the last one before
 * change `before` (exclusive), or with @TAG the last one before that
 * tag. -1 when there is none. */
static long resolve(const sqitch_plan *p, const char *name, size_t nlen,
		    const char *tag, size_t tlen, size_t before)
{
	size_t limit = before, i;
	long found = -1;

	if (tag) {
		for (i = 0; i < p->ntags; i++)
			if (strlen(p->tags[i]) == tlen &&
			    !strncmp(p->tags[i], tag, tlen))
				break;
		if (i == p->ntags)
			return -2;
		if (p->tag_after[i] < limit)
			limit = p->tag_after[i];
	}
	for (i = 0; i < limit; i++)
		if (strlen(p->changes[i].name) == nlen &&
		    !strncmp(p->changes[i].name, name, nlen))
			found = (long)i;
	return found;
}

static int link(rt_import_set *set, sqitch_plan *p, const char *file)
{
	size_t i;

	for (i = 0; i < p->nchanges; i++) {
		change *c = &p->changes[i];
		rt_vec parents = {0};
		const char *s = c->deps_text, *end = s ? s + c->deps_len : s;
		int follows_prev = 0;
		size_t k;

		while (s && (s = skip_space(s, end)) < end) {
			const char *w = s, *colon, *at, *name = s;
			long j;

			while (w < end && !isspace((unsigned char)*w))
				w++;
			s = w;
			if (*name == '!')
				continue; /* a conflict, not a dependency */
			colon = memchr(name, ':', (size_t)(w - name));
			if (colon) {
				if (!p->project ||
				    strlen(p->project) !=
					(size_t)(colon - name) ||
				    strncmp(p->project, name,
					    (size_t)(colon - name))) {
					if (rt_import_note(
						set,
						"'%s' depends on '%.*s' of "
						"another project: not "
						"imported",
						c->name, (int)(w - name),
						name) < 0)
						return RT_ERROR;
					continue;
				}
				name = colon + 1;
			}
			at = memchr(name, '@', (size_t)(w - name));
			j = resolve(p, name, (size_t)((at ? at : w) - name),
				    at ? at + 1 : NULL,
				    at ? (size_t)(w - at - 1) : 0, i);
			if (j < 0) {
				rt_import_error_at(
				    file, c->line,
				    "sqitch: '%s' depends on '%.*s', which "
				    "is no earlier change of the plan",
				    c->name, (int)(w - name), name);
				rt_error_hint("sqitch deploys a change only "
					      "after its dependencies: fix "
					      "the plan, or depend on a change "
					      "by name or NAME@TAG");
				return RT_ERROR;
			}
			if (rt_vec_push(&set->arena, &parents,
					(void *)p->changes[j].m->version) < 0)
				return RT_ERROR;
		}
		c->m->parents = (const char **)parents.items;
		c->m->nparents = parents.len;
		if (i == 0)
			continue;
		/* every dependency is earlier in the plan: only the
		 * previous change itself leads to the previous change */
		for (k = 0; k < parents.len; k++)
			follows_prev |= parents.items[k] ==
					(void *)p->changes[i - 1].m->version;
		if (!follows_prev) {
			if (rt_vec_push(&set->arena, &parents,
					(void *)p->changes[i - 1].m->version) <
			    0)
				return RT_ERROR;
			c->m->parents = (const char **)parents.items;
			c->m->nparents = parents.len;
		}
	}
	return 0;
}

/* BEGIN;, START TRANSACTION;, COMMIT; (with WORK/TRANSACTION): the
 * wrappers of sqitch's templates. */
static int is_wrapper(const rt_import_line *l, int commit)
{
	static const char *const begins[] = {"begin;", "begin work;",
					     "begin transaction;",
					     "start transaction;", NULL};
	static const char *const commits[] = {"commit;", "commit work;",
					      "commit transaction;", NULL};
	const char *const *w = commit ? commits : begins;
	const char *s = skip_space(l->p, l->p + l->len), *e = l->p + l->len;
	char buf[32];
	size_t n = 0;

	while (e > s && isspace((unsigned char)e[-1]))
		e--;
	for (; s < e && n + 1 < sizeof(buf); s++) {
		if (isspace((unsigned char)*s)) {
			if (n && buf[n - 1] == ' ')
				continue;
			buf[n++] = ' ';
		} else {
			buf[n++] = (char)tolower((unsigned char)*s);
		}
	}
	if (s < e)
		return 0;
	if (n > 1 && buf[n - 1] == ';' && buf[n - 2] == ' ') {
		buf[n - 2] = ';';
		n--;
	}
	buf[n] = '\0';
	for (; *w; w++)
		if (!strcmp(buf, *w))
			return 1;
	return 0;
}

/* The script without the first statement line when it is BEGIN; and
 * the last when it is COMMIT;. */
static char *unwrap(rt_import_set *set, const char *text)
{
	rt_import_line l;
	const char *at, *first = NULL, *last = NULL;
	int no = 1;
	rt_buf b = RT_BUF_INIT;
	char *out;

	for (at = text; rt_import_next_line(&l, at, no); at = l.next, no++) {
		if (rt_import_line_is_comment(&l))
			continue;
		if (!first)
			first = l.p;
		last = l.p;
	}
	rt_buf_init(&b);
	no = 1;
	for (at = text; rt_import_next_line(&l, at, no); at = l.next, no++) {
		if ((l.p == first && is_wrapper(&l, 0)) ||
		    (l.p == last && last != first && is_wrapper(&l, 1)))
			continue;
		rt_buf_put(&b, l.p, (size_t)(l.next - l.p));
	}
	out = rt_buf_check(&b) < 0 ? NULL
				   : rt_import_strdup(set, rt_buf_cstr(&b));
	rt_buf_release(&b);
	return out;
}

/* deploy/VERSION.sql and revert/VERSION.sql into `m`. */
static int read_scripts(rt_import_set *set, rt_import_migration *m,
			const char *src)
{
	char *deploy, *revert, *text, *name;
	int error;

	if (!(name = rt_arena_printf(&set->arena, "%s.sql", m->version)) ||
	    !(deploy = rt_import_path(set, src, "deploy")) ||
	    !(deploy = rt_import_path(set, deploy, name)) ||
	    !(revert = rt_import_path(set, src, "revert")) ||
	    !(revert = rt_import_path(set, revert, name)))
		return RT_ERROR;
	m->file = deploy;
	if ((error = rt_import_read_file(&text, NULL, set, deploy)) < 0) {
		rt_error_hint("sqitch deploys change '%s' from %s", m->name,
			      deploy);
		return error;
	}
	if (!(m->up_sql = unwrap(set, text)))
		return RT_ERROR;
	if (!rt_fs_exists(revert))
		return 0;
	if ((error = rt_import_read_file(&text, NULL, set, revert)) < 0)
		return error;
	if (!(m->down_sql = unwrap(set, text)))
		return RT_ERROR;
	return 0;
}

static int sqitch_read(rt_import_set *set, const rt_import_ctx *ctx)
{
	sqitch_plan *p;
	char *file, *text;
	rt_import_line l;
	const char *at;
	size_t i, j, t;
	int no = 1, error;

	if (!(p = rt_arena_alloc(&set->arena, sizeof(*p))) ||
	    !(file = rt_import_path(set, ctx->src, "sqitch.plan")))
		return RT_ERROR;
	set->tool = p;
	if (!rt_fs_exists(file)) {
		rt_error_set(RT_ERROR_PARSE, "'%s' holds no sqitch.plan",
			     ctx->src);
		rt_error_hint("SRC is %s", set->importer->src);
		return RT_ENOTFOUND;
	}
	if ((error = rt_import_read_file(&text, NULL, set, file)) < 0 ||
	    (error = read_registry(set, p, ctx->src)) < 0)
		return error;
	for (at = text; rt_import_next_line(&l, at, no); at = l.next, no++) {
		const char *s = skip_space(l.p, l.p + l.len);

		if (s == l.p + l.len || *s == '#')
			continue;
		if ((error = plan_line(set, p, file, &l)) < 0)
			return error;
	}
	/* versions: NAME, and NAME@TAG for an appearance reworked later */
	for (i = 0; i < p->nchanges; i++) {
		change *c = &p->changes[i];
		rt_import_migration *m;
		const char *version = c->name;

		for (j = i + 1; j < p->nchanges; j++)
			if (!strcmp(p->changes[j].name, c->name))
				break;
		if (j < p->nchanges) {
			/* sqitch names the kept files after the last tag
			 * before the rework */
			t = p->changes[j].ntags_before;
			if (t <= c->ntags_before) {
				rt_import_error_at(
				    file, p->changes[j].line,
				    "sqitch: change '%s' appears again "
				    "without a tag since line %d",
				    c->name, c->line);
				rt_error_hint("sqitch reworks a change only "
					      "after a tag (sqitch tag, then "
					      "sqitch rework)");
				return RT_ERROR;
			}
			version = rt_arena_printf(&set->arena, "%s@%s", c->name,
						  p->tags[t - 1]);
			if (!version)
				return RT_ERROR;
		}
		if (!(m = rt_import_add(set)))
			return RT_ERROR;
		c->m = m;
		m->version = version;
		m->name = version;
		m->tag = "";
		if ((error = read_scripts(set, m, ctx->src)) < 0)
			return error;
	}
	return link(set, p, file);
}

typedef struct applied_rows {
	rt_import_set *set;
	const sqitch_plan *plan;
} applied_rows;

/* One registry row: the next appearance of that name not yet applied. */
static int add_change(void *payload, int ncols, const char *const *vals)
{
	applied_rows *a = payload;
	size_t i;

	if (ncols < 1 || !vals[0])
		return 0;
	for (i = 0; i < a->plan->nchanges; i++) {
		rt_import_migration *m = a->plan->changes[i].m;

		if (!strcmp(a->plan->changes[i].name, vals[0]) && !m->applied)
			return rt_import_mark_applied(a->set, m->version);
	}
	for (i = 0; i < a->plan->nchanges; i++)
		if (!strcmp(a->plan->changes[i].name, vals[0])) {
			rt_error_set(RT_ERROR_STATE,
				     "sqitch's registry lists change '%s' "
				     "more often than the plan has it",
				     vals[0]);
			rt_error_hint("import the plan the database was "
				      "deployed from");
			return RT_ERROR;
		}
	/* no such change: the error every importer gives */
	return rt_import_mark_applied(a->set, vals[0]);
}

/* 'text', quotes doubled */
static void put_literal(rt_buf *b, const char *text)
{
	rt_buf_putc(b, '\'');
	for (; *text; text++) {
		if (*text == '\'')
			rt_buf_putc(b, '\'');
		rt_buf_putc(b, *text);
	}
	rt_buf_putc(b, '\'');
}

/* SELECT change FROM <registry-table> WHERE project = '<project>'; the
 * column quoted by the engine, CHANGE being a reserved word in MySQL */
static int query_changes(rt_import_set *set, const sqitch_plan *p, rt_db *db,
			 const char *table)
{
	rt_import_ctx c = {0};
	applied_rows a = {set, p};
	rt_buf sql = RT_BUF_INIT;
	int error;

	c.db = db;
	rt_buf_init(&sql);
	rt_buf_puts(&sql, "SELECT ");
	db->be->quote_ident(&sql, "change");
	rt_buf_printf(&sql, " FROM %s", table);
	if (p->project) {
		rt_buf_puts(&sql, " WHERE project = ");
		put_literal(&sql, p->project);
	}
	if ((error = rt_buf_check(&sql)) == 0)
		error = rt_import_query(&c, rt_buf_cstr(&sql), add_change, &a);
	rt_buf_release(&sql);
	return error;
}

/* The registry file sqitch keeps beside a file database: the database
 * file's name with its stem replaced by the registry's. */
static char *registry_file(rt_import_set *set, const char *db_path,
			   const char *registry)
{
	const char *slash = strrchr(db_path, '/'), *base, *dot;

	if (strchr(registry, '/'))
		return rt_import_strdup(set, registry);
	base = slash ? slash + 1 : db_path;
	dot = strchr(base, '.');
	return rt_arena_printf(&set->arena, "%.*s%s%s", (int)(base - db_path),
			       db_path, registry,
			       dot && !strchr(registry, '.') ? dot : "");
}

static int applied_in_file(rt_import_set *set, const sqitch_plan *p,
			   const rt_import_ctx *ctx)
{
	rt_db_options o = {0};
	rt_db *reg = NULL;
	char *path, *url;
	int exists, error;

	if (!(path = registry_file(set, ctx->db->url.path, p->registry)))
		return RT_ERROR;
	if (!rt_fs_exists(path))
		return rt_import_note(set,
				      "no sqitch registry '%s' beside the "
				      "database: nothing is applied",
				      path);
	if (!(url = rt_arena_printf(&set->arena, "%s:%s", ctx->db->url.scheme,
				    path)))
		return RT_ERROR;
	o.no_create = 1;
	if ((error = rt_db_open(&reg, url, &o)) < 0) {
		rt_error_prefix("sqitch registry '%s'", path);
		return error;
	}
	if ((error = reg->be->table_exists(reg->conn, "changes", &exists)) ==
	    0) {
		if (!exists)
			error = rt_import_note(set,
					       "the sqitch registry '%s' has "
					       "no changes table: nothing is "
					       "applied",
					       path);
		else
			error = query_changes(set, p, reg, "changes");
	}
	rt_db_close(reg);
	return error;
}

static int count_row(void *payload, int ncols, const char *const *vals)
{
	if (ncols >= 1 && vals[0])
		*(int *)payload = atoi(vals[0]);
	return 0;
}

static int sqitch_applied(rt_import_set *set, const rt_import_ctx *ctx)
{
	const sqitch_plan *p = set->tool;
	rt_buf sql = RT_BUF_INIT, table = RT_BUF_INIT;
	int n = 0, error;

	if (ctx->db->be->caps & RT_CAP_FILE_DATABASE)
		return applied_in_file(set, p, ctx);
	/* a schema (PostgreSQL) or a database (MySQL) of its own: either
	 * way information_schema's table_schema */
	rt_buf_init(&sql);
	rt_buf_init(&table);
	rt_buf_puts(&sql, "SELECT count(*) FROM information_schema.tables "
			  "WHERE table_name = 'changes' AND table_schema = ");
	put_literal(&sql, p->registry);
	ctx->db->be->quote_ident(&table, p->registry);
	rt_buf_puts(&table, ".changes");
	if ((error = rt_buf_check(&sql)) < 0 ||
	    (error = rt_buf_check(&table)) < 0 ||
	    (error = rt_import_query(ctx, rt_buf_cstr(&sql), count_row, &n)) <
		0)
		goto done;
	if (!n)
		error = rt_import_note(set,
				       "no %s.changes table in the database: "
				       "nothing is applied",
				       p->registry);
	else
		error = query_changes(set, p, ctx->db, rt_buf_cstr(&table));
done:
	rt_buf_release(&sql);
	rt_buf_release(&table);
	return error;
}

const rt_importer rt_importer_sqitch = {
    .name = "sqitch",
    .src = "the folder holding sqitch.plan (with deploy/ and revert/)",
    .table = "sqitch.changes",
    .linear = 0,
    .read = sqitch_read,
    .applied = sqitch_applied,
};
