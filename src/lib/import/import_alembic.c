/*
 * import_alembic.c: Alembic and Flask-Migrate. SRC is the folder holding
 * alembic.ini (a Flask-Migrate `migrations/` folder is one). The
 * revisions are Python, so Alembic itself reads them: import_alembic.py
 * (embedded at build time as rt_import_alembic_py) runs under python3
 * ($RETORT_PYTHON, else python3 in PATH: the interpreter that has
 * alembic and the project's own packages), walks the ScriptDirectory and
 * renders each revision's upgrade() and downgrade() in offline mode on
 * the project's env.py, for the dialect of the URL. Its records (the
 * .py's header comment) become the set here.
 *
 * The graph is Alembic's: down_revision (a tuple on a merge) and
 * depends_on are the parents, in the order Alembic walks them. A
 * revision that cannot render offline (it reads data through
 * op.get_bind()) fails the import, every such revision named with the
 * reason, before anything is written.
 *
 * Applied: alembic_version (or the version_table env.py configures)
 * holds one row per applied head; every ancestor of a head is applied,
 * and the rest stays pending.
 */
#include "backend/backend.h"
#include "import/import.h"
#include "util/fs.h"
#include "util/proc.h"

#include <stdlib.h>
#include <sys/wait.h>

/* import_alembic.py, NUL-terminated (the build's import_alembic_py.c) */
extern const char rt_import_alembic_py[];

/* the helper's standard error kept for a failure's detail */
#define HELPER_STDERR_MAX 4000
/* the helper's exit status when it could not read the project */
#define HELPER_FATAL 3

/* What read() learns that applied() needs, in the set's arena. */
typedef struct alembic_state {
	const char *table, *schema;
} alembic_state;

/* One `KEY LENGTH\nBYTES\n` field of the helper's output. */
typedef struct field {
	const char *key, *val;
	size_t klen, vlen;
} field;

static int next_field(field *f, const char **at, const char *end)
{
	const char *p = *at, *sp, *nl;
	char *stop;
	unsigned long long n;

	if (p >= end)
		return 0;
	if (!(nl = memchr(p, '\n', (size_t)(end - p))) ||
	    !(sp = memchr(p, ' ', (size_t)(nl - p))))
		goto bad;
	n = strtoull(sp + 1, &stop, 10);
	if (stop != nl || n > (unsigned long long)(end - nl - 1) ||
	    nl[1 + n] != '\n')
		goto bad;
	f->key = p;
	f->klen = (size_t)(sp - p);
	f->val = nl + 1;
	f->vlen = (size_t)n;
	*at = nl + 2 + n;
	return 1;
bad:
	return rt_error_set(RT_ERROR_INTERNAL,
			    "the Alembic reader's output is malformed at "
			    "byte %zu",
			    (size_t)(*at - p));
}

static int is(const field *f, const char *key)
{
	return f->klen == strlen(key) && !memcmp(f->key, key, f->klen);
}

/* A revision that would not render, kept for the one error at the end. */
typedef struct failure {
	const char *rev, *file, *reason;
} failure;

static int report_failures(failure *const *fails, size_t n)
{
	rt_buf d = RT_BUF_INIT;
	size_t i;

	rt_buf_init(&d);
	for (i = 0; i < n; i++)
		rt_buf_printf(&d, "%s%s (%s): %s", i ? "\n" : "", fails[i]->rev,
			      fails[i]->file, fails[i]->reason);
	rt_error_set(RT_ERROR_PARSE,
		     "alembic: %zu revision%s cannot be rendered as SQL "
		     "offline: '%s' (%s)",
		     n, n == 1 ? "" : "s", fails[0]->rev, fails[0]->file);
	rt_error_detail("%s", rt_buf_cstr(&d));
	rt_error_hint("Alembic's offline mode (--sql) has no database "
		      "connection: a migration that reads rows through "
		      "op.get_bind() cannot become a SQL file. Write the "
		      "change as SQL (op.execute(\"UPDATE ... FROM ...\")) "
		      "and import again; nothing was written");
	rt_buf_release(&d);
	return RT_ERROR;
}

/* The helper's records into the set. */
static int parse_output(rt_import_set *set, alembic_state *st, const char *text,
			size_t len)
{
	const char *at = text, *end = text + len;
	const char *label = NULL;
	rt_import_migration *m = NULL;
	rt_vec parents = {0}, fails = {0};
	failure *fail;
	field f;
	int r;

	while ((r = next_field(&f, &at, end)) > 0) {
		char *v = rt_import_strndup(set, f.val, f.vlen);

		if (!v)
			return RT_ERROR;
		if (is(&f, "rev")) {
			if (!(m = rt_import_add(set)))
				return RT_ERROR;
			m->version = v;
			m->name = "";
			m->file = "";
			memset(&parents, 0, sizeof(parents));
		} else if (is(&f, "table")) {
			st->table = v;
		} else if (is(&f, "schema")) {
			st->schema = v;
		} else if (is(&f, "label")) {
			label = v;
		} else if (is(&f, "labelrev")) {
			if (label && rt_import_note(set,
						    "branch label '%s' is "
						    "revision %s",
						    label, v) < 0)
				return RT_ERROR;
		} else if (!m) {
			return rt_error_set(RT_ERROR_INTERNAL,
					    "the Alembic reader wrote '%.*s' "
					    "before a revision",
					    (int)f.klen, f.key);
		} else if (is(&f, "parent")) {
			if (rt_vec_push(&set->arena, &parents, v) < 0)
				return RT_ERROR;
			m->parents = (const char **)parents.items;
			m->nparents = parents.len;
		} else if (is(&f, "name")) {
			m->name = v;
		} else if (is(&f, "file")) {
			m->file = v;
		} else if (is(&f, "up")) {
			m->up_sql = v;
		} else if (is(&f, "down")) {
			m->down_sql = v;
		} else if (is(&f, "upnotx")) {
			m->up_no_transaction = 1;
		} else if (is(&f, "downnotx")) {
			m->down_no_transaction = 1;
		} else if (is(&f, "fail")) {
			if (!(fail =
				  rt_arena_alloc(&set->arena, sizeof(*fail))))
				return RT_ERROR;
			fail->rev = m->version;
			fail->file = m->file;
			fail->reason = v;
			if (rt_vec_push(&set->arena, &fails, fail) < 0)
				return RT_ERROR;
			m->up_sql = "";
		}
	}
	if (r < 0)
		return r;
	if (fails.len)
		return report_failures((failure *const *)fails.items,
				       fails.len);
	return 0;
}

/* The helper's fatal record, if it wrote one. */
static const char *fatal_message(rt_import_set *set, const rt_buf *out)
{
	const char *at = out->ptr, *end = out->ptr + out->len;
	field f;

	while (next_field(&f, &at, end) > 0)
		if (is(&f, "fatal"))
			return rt_import_strndup(set, f.val, f.vlen);
	return NULL;
}

static void stderr_detail(rt_buf *err)
{
	while (err->len && (err->ptr[err->len - 1] == '\n' ||
			    err->ptr[err->len - 1] == ' '))
		rt_buf_truncate(err, err->len - 1);
	if (err->len)
		rt_error_detail("%s%s",
				err->len >= HELPER_STDERR_MAX ? "..." : "",
				rt_buf_cstr(err));
}

static const char *python_of(void)
{
	const char *p = getenv("RETORT_PYTHON");

	return p && *p ? p : "python3";
}

static int alembic_read(rt_import_set *set, const rt_import_ctx *ctx)
{
	rt_buf out = RT_BUF_INIT, err = RT_BUF_INIT, how = RT_BUF_INIT;
	const char *python = python_of(), *msg;
	const char *argv[6];
	alembic_state *st;
	char *ini;
	int status, error;

	rt_buf_init(&out);
	rt_buf_init(&err);
	rt_buf_init(&how);
	if (!(ini = rt_import_path(set, ctx->src, "alembic.ini")) ||
	    !(st = rt_arena_alloc(&set->arena, sizeof(*st))))
		return RT_ERROR;
	set->tool = st;
	if (!rt_fs_exists(ini)) {
		rt_error_set(RT_ERROR_PARSE, "'%s' holds no alembic.ini",
			     ctx->src);
		rt_error_hint("SRC is %s", set->importer->src);
		return RT_ENOTFOUND;
	}
	argv[0] = python;
	argv[1] = "-c";
	argv[2] = rt_import_alembic_py;
	argv[3] = ctx->src;
	argv[4] = ctx->dialect;
	argv[5] = NULL;
	error = rt_proc_run(&out, &err, &status, argv, NULL, HELPER_STDERR_MAX,
			    NULL);
	if (error == RT_ENOTFOUND) {
		rt_error_prefix("alembic");
		rt_error_hint("Alembic renders its migrations itself: set "
			      "RETORT_PYTHON to a python3 that has alembic "
			      "and your project's packages (a virtualenv's "
			      "bin/python)");
		goto done;
	}
	if (error < 0)
		goto done;
	if (WIFEXITED(status) && WEXITSTATUS(status) == HELPER_FATAL &&
	    (msg = fatal_message(set, &out))) {
		error = rt_error_set(RT_ERROR_PARSE, "alembic: %s", msg);
		stderr_detail(&err);
		rt_error_hint("%s runs Alembic on '%s' as `alembic` would "
			      "(RETORT_PYTHON chooses the interpreter)",
			      python, ctx->src);
		goto done;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		rt_proc_describe(&how, status);
		error = rt_error_set(RT_ERROR_OS,
				     "alembic: reading '%s' with %s failed: "
				     "it %s",
				     ctx->src, python, rt_buf_cstr(&how));
		stderr_detail(&err);
		goto done;
	}
	error = parse_output(set, st, out.ptr, out.len);
done:
	rt_buf_release(&out);
	rt_buf_release(&err);
	rt_buf_release(&how);
	return error;
}

/* `m` and every ancestor applied (an explicit stack: graphs are deep). */
static int mark_with_ancestors(rt_import_set *set, rt_import_migration *head)
{
	rt_vec stack = {0};
	int error;

	if ((error = rt_vec_push(&set->arena, &stack, head)) < 0)
		return error;
	while (stack.len) {
		rt_import_migration *m = stack.items[--stack.len];
		size_t k;

		if (m->applied)
			continue;
		m->applied = 1;
		for (k = 0; k < m->nparents; k++) {
			rt_import_migration *p =
			    rt_import_find(set, m->parents[k]);

			if (p && !p->applied &&
			    (error = rt_vec_push(&set->arena, &stack, p)) < 0)
				return error;
		}
	}
	return 0;
}

static int add_head(void *payload, int ncols, const char *const *vals)
{
	rt_import_set *set = payload;
	rt_import_migration *m;
	int error;

	if (ncols < 1 || !vals[0])
		return 0;
	/* an unknown version is the shared error of every importer */
	if ((error = rt_import_mark_applied(set, vals[0])) < 0)
		return error;
	m = rt_import_find(set, vals[0]);
	m->applied = 0;
	return mark_with_ancestors(set, m);
}

static int alembic_applied(rt_import_set *set, const rt_import_ctx *ctx)
{
	const alembic_state *st = set->tool;
	rt_buf sql = RT_BUF_INIT;
	int exists = 1, error;

	if (!st->schema &&
	    (error = rt_import_table_exists(ctx, st->table, &exists)) < 0)
		return error;
	if (!exists)
		return rt_import_note(set,
				      "no %s table in the database: nothing "
				      "is applied",
				      st->table);
	rt_buf_init(&sql);
	rt_buf_puts(&sql, "SELECT version_num FROM ");
	if (st->schema) {
		ctx->db->be->quote_ident(&sql, st->schema);
		rt_buf_putc(&sql, '.');
	}
	ctx->db->be->quote_ident(&sql, st->table);
	if ((error = rt_buf_check(&sql)) == 0)
		error = rt_import_query(ctx, rt_buf_cstr(&sql), add_head, set);
	rt_buf_release(&sql);
	return error;
}

const rt_importer rt_importer_alembic = {
    .name = "alembic",
    .src = "the folder holding alembic.ini (a Flask-Migrate "
	   "'migrations' folder is one)",
    .table = "alembic_version",
    .linear = 0,
    .read = alembic_read,
    .applied = alembic_applied,
};
