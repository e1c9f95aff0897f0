/*
 * squash.c: rt_squash, `retort squash [REV]`: one migration that stands
 * for the history up to REV (REV and every ancestor).
 *
 *   1. the history is applied to scratch database A (the machinery of
 *      `retort test` and dir:// sources) and its catalog read: the
 *      target; tables holding rows are noted (seed data a squash does
 *      not carry);
 *   2. scratch database B, empty, gives the empty catalog of the same
 *      engine and scope; the diff engine renders empty -> target as the
 *      up (dependencies first) and target -> empty as the down;
 *   3. the file is written to a temporary directory and run there
 *      against B by the runner, as an upgrade will run it: its catalog
 *      must equal the target, and its down must leave B's catalog as it
 *      was. A difference fails the call, naming it, and nothing is
 *      written into the migration directory.
 *
 * Both scratch databases are dropped on every path, also when
 * rt_squash_interrupt() (a signal handler) cancels the statement running.
 *
 * Layer: above engine/ (it runs upgrades), catalog/, diff/ and render/,
 * below the CLI, as testing/ is.
 */
#include "catalog/catalog.h"
#include "diff/diff.h"
#include "engine/engine.h"
#include "util/fs.h"

#include <signal.h>
#include <stdatomic.h>
#include <unistd.h>

/* rt_squash_result and what owns its strings. */
struct squash_private {
	rt_squash_result pub;
	rt_arena arena;
};

static _Atomic(rt_db *) squash_active;
static volatile sig_atomic_t squash_interrupted;

void rt_squash_interrupt(void)
{
	rt_db *db = atomic_load(&squash_active);

	squash_interrupted = 1;
	if (db && db->conn && db->be->cancel)
		db->be->cancel(db->conn);
}

static int interrupted(void)
{
	if (!squash_interrupted)
		return 0;
	return rt_error_set(RT_ERROR_OS, "interrupted");
}

typedef struct squasher {
	struct squash_private *res;
	const rt_squash_options *opts;
	const rt_backend *be;
	rt_dir *dir;
	const rt_migration *rev;
	rt_migration **replaced; /* in graph order, rev last */
	size_t nreplaced;
	rt_scratch a, b;
	rt_catalog *target, *empty;
	char *tmpdir, *tmpfile;
} squasher;

/* ---- 1. the history ---------------------------------------------------- */

/* REV and its ancestors, in graph order. A squash still beside its
 * replaced files in that history would leave a revision replaced twice. */
static int pick_history(squasher *q)
{
	const rt_dir *dir = q->dir;
	rt_target t;
	unsigned char *mark;
	size_t i;
	int error;

	if ((error = rt_target_resolve(&t, dir, q->opts->revision
						    ? q->opts->revision
						    : "head")) < 0)
		return error;
	if (t.kind != RT_TARGET_REVISION && t.kind != RT_TARGET_HEAD)
		return rt_error_setc(RT_EUSAGE, RT_ERROR_USAGE,
				     "squash takes a revision or head, not "
				     "'%s'",
				     q->opts->revision);
	q->rev = t.rev;
	if (t.rev->squash_alt)
		return rt_error_setc(RT_EUSAGE, RT_ERROR_USAGE,
				     "'%s' is a squash already", t.rev->name);
	mark = rt_arena_alloc(&q->res->arena, dir->count + 1);
	q->replaced = rt_arena_array(&q->res->arena, dir->count + 1,
				     sizeof(rt_migration *));
	if (!mark || !q->replaced)
		return RT_ERROR;
	rt_graph_mark_ancestors(dir, t.rev, mark);
	for (i = 0; i < dir->count; i++) {
		rt_migration *m = dir->migrations[i];

		if (!mark[i])
			continue;
		if (m->replaced_by) {
			rt_error_set(RT_ERROR_GRAPH,
				     "'%s' is replaced by squash '%s', whose "
				     "replaced files are still there",
				     m->name, m->replaced_by->name);
			rt_error_hint("delete the files '%s' replaces (once "
				      "every database is past them) or the "
				      "squash itself, then squash again",
				      m->replaced_by->name);
			rt_error_at(m->replaced_by->path, 0, 0);
			return RT_ERROR;
		}
		q->replaced[q->nreplaced++] = m;
	}
	return 0;
}

/* Upgrade scratch A through the history; an online migration is
 * expanded and completed before the next, as a finished deployment. */
static int apply_history(squasher *q, rt_db *db)
{
	rt_run_options ro = RT_RUN_OPTIONS_INIT;
	size_t i;
	int online = 0, error;

	/* replaying decided history deploys nothing: lint has nothing to
	 * protect here */
	ro.allow_unsafe = 1;
	for (i = 0; i < q->nreplaced; i++)
		online |= q->replaced[i]->online;
	if (!online) {
		ro.target = q->rev->name;
		return rt_upgrade(db, q->dir, &ro);
	}
	for (i = 0; i < q->nreplaced; i++) {
		ro.target = q->replaced[i]->name;
		if ((error = rt_upgrade(db, q->dir, &ro)) < 0 ||
		    (q->replaced[i]->online &&
		     (error = rt_online_complete(db, q->dir, NULL)) < 0))
			return error;
	}
	return 0;
}

struct any_row {
	int seen;
};

static int row_seen(void *payload, int ncols, const char *const *vals)
{
	RT_UNUSED(ncols);
	RT_UNUSED(vals);
	((struct any_row *)payload)->seen = 1;
	return 1;
}

/* The tables of the target that hold rows: what the history inserted. */
static int find_seeded(squasher *q, rt_db *db)
{
	rt_vec names = {0};
	rt_buf sql = RT_BUF_INIT;
	size_t i;
	int error = 0;

	rt_buf_init(&sql);
	for (i = 0; i < q->target->nobjs && !error; i++) {
		const rt_obj *o = q->target->objs[i];
		struct any_row x = {0};
		char *name;

		if (o->kind != RT_OBJ_TABLE || ((const rt_table *)o)->is_virtual)
			continue;
		rt_buf_clear(&sql);
		rt_buf_puts(&sql, "SELECT 1 FROM ");
		if (o->qname) {
			rt_buf_puts(&sql, o->qname);
		} else {
			if (o->schema) {
				db->be->quote_ident(&sql, o->schema);
				rt_buf_putc(&sql, '.');
			}
			db->be->quote_ident(&sql, o->name);
		}
		rt_buf_puts(&sql, " LIMIT 1");
		if ((error = rt_buf_check(&sql)) < 0 ||
		    (error = db->be->query(db->conn, sql.ptr, NULL, 0, row_seen,
					   &x)) < 0)
			break;
		if (!x.seen)
			continue;
		name = rt_arena_strdup(&q->res->arena,
				       o->qname ? o->qname : o->name);
		if (!name || rt_vec_push(&q->res->arena, &names, name) < 0)
			error = RT_ERROR;
	}
	rt_buf_release(&sql);
	q->res->pub.seeded = (const char **)names.items;
	q->res->pub.nseeded = names.len;
	return error;
}

static int open_scratch(squasher *q, rt_scratch *s)
{
	int error;
	char *src = rt_arena_printf(&q->res->arena, "squash of '%s'",
				    q->dir->path);

	if (!src)
		return RT_ERROR;
	error = q->be->catalog->scratch_open(s, q->opts->scratch_url, src,
					     q->opts->schema_name);
	atomic_store(&squash_active, s->db);
	if (error < 0)
		return error;
	return interrupted();
}

static void drop_scratch(squasher *q, rt_scratch *s)
{
	atomic_store(&squash_active, NULL);
	q->be->catalog->scratch_drop(s);
	memset(s, 0, sizeof(*s));
}

/* ---- 2. the file ------------------------------------------------------- */

static void put_replaces(rt_buf *b, const squasher *q)
{
	size_t i, col = 0;

	for (i = 0; i < q->nreplaced; i++) {
		const char *name = q->replaced[i]->name;

		if (col && col + 1 + strlen(name) > 78) {
			rt_buf_putc(b, '\n');
			col = 0;
		}
		if (!col) {
			rt_buf_puts(b, "-- retort:replaces");
			col = 18;
		}
		rt_buf_putc(b, ' ');
		rt_buf_puts(b, name);
		col += 1 + strlen(name);
	}
	rt_buf_putc(b, '\n');
}

static int compose(squasher *q, rt_buf *text, const char *up,
		   const char *down)
{
	rt_buf_printf(text,
		      "-- retort squash: the schema at %s, standing for %zu "
		      "revision%s\n-- (%s .. %s), written by retort %s.\n"
		      "-- Its up was run on a scratch database and gave the "
		      "catalog the replaced\n-- migrations give; its down left "
		      "none. Rows they inserted are not carried.\n",
		      q->rev->name, q->nreplaced, q->nreplaced == 1 ? "" : "s",
		      q->replaced[0]->name, q->rev->name, RT_VERSION);
	put_replaces(text, q);
	rt_buf_printf(text, "-- retort:up\n%s", up);
	if (*up && up[strlen(up) - 1] != '\n')
		rt_buf_putc(text, '\n');
	rt_buf_printf(text, "-- retort:down\n%s", down);
	if (*down && down[strlen(down) - 1] != '\n')
		rt_buf_putc(text, '\n');
	return rt_buf_check(text);
}

/* ---- 3. the check ------------------------------------------------------ */

static int differs(const char *what, const char *name, size_t n,
		   const char *sql)
{
	rt_error_set(RT_ERROR_STATE,
		     "the squash does not reproduce the history: %s differs "
		     "(%zu change%s)",
		     what, n, n == 1 ? "" : "s");
	rt_error_detail("what turns the squash's catalog into the history's "
			"(%s):\n%s",
			name, sql);
	rt_error_hint("nothing was written; this is a bug of retort's diff "
		      "or catalog for these objects: report it with the "
		      "detail above");
	return RT_ERROR;
}

static int verify(squasher *q, const char *name, const char *text)
{
	rt_run_options ro = RT_RUN_OPTIONS_INIT;
	rt_db *db = q->b.db;
	rt_dir *tdir = NULL;
	rt_catalog *got = NULL;
	rt_buf sql = RT_BUF_INIT;
	size_t n;
	int error;
	char tmpl[] = "/tmp/retort-squash-XXXXXX";

	if (!mkdtemp(tmpl))
		return rt_error_os("make a temporary directory", tmpl);
	q->tmpdir = rt_arena_strdup(&q->res->arena, tmpl);
	q->tmpfile = rt_arena_printf(&q->res->arena, "%s/%s.sql", tmpl, name);
	if (!q->tmpdir || !q->tmpfile)
		return RT_ERROR;
	if ((error = rt_fs_write_new(q->tmpfile, text, strlen(text))) < 0 ||
	    (error = rt_dir_load(&tdir, q->tmpdir)) < 0)
		goto done;
	/* as an upgrade of an empty database runs it: linted too */
	ro.target = "head";
	if ((error = rt_upgrade(db, tdir, &ro)) < 0) {
		rt_error_prefix("the squash's up failed on a scratch database");
		goto done;
	}
	rt_buf_init(&sql);
	if ((error = rt_catalog_load(&got, db)) < 0 ||
	    (error = rt_diff_sql(&sql, &n, got, q->target)) < 0)
		goto done;
	if (n) {
		error = differs("the catalog after its up", "up", n, sql.ptr);
		goto done;
	}
	rt_catalog_free(got);
	got = NULL;
	ro.target = "base";
	if ((error = rt_downgrade(db, tdir, &ro)) < 0) {
		rt_error_prefix("the squash's down failed on a scratch "
				"database");
		goto done;
	}
	rt_buf_clear(&sql);
	if ((error = rt_catalog_load(&got, db)) < 0 ||
	    (error = rt_diff_sql(&sql, &n, got, q->empty)) < 0)
		goto done;
	if (n)
		error = differs("the catalog after its down", "down", n,
				sql.ptr);
done:
	rt_buf_release(&sql);
	rt_catalog_free(got);
	rt_dir_free(tdir);
	return error;
}

/* ---- the run ----------------------------------------------------------- */

int rt_squash(rt_squash_result **out, const char *dirpath,
	      const rt_squash_options *opts)
{
	static const rt_squash_options none = RT_SQUASH_OPTIONS_INIT;
	struct squash_private *res;
	rt_buf up = RT_BUF_INIT, down = RT_BUF_INIT, text = RT_BUF_INIT;
	squasher q;
	char id[15], *name, *path;
	size_t n;
	int64_t t0 = rt_time_ms();
	int error;

	*out = NULL;
	if (!opts)
		opts = &none;
	squash_interrupted = 0;
	if (!(res = calloc(1, sizeof(*res))))
		return rt_error_nomem();
	rt_arena_init(&res->arena);
	memset(&q, 0, sizeof(q));
	q.res = res;
	q.opts = opts;
	rt_buf_init(&up);
	rt_buf_init(&down);
	rt_buf_init(&text);
	q.be = opts->dialect ? rt_backend_named(opts->dialect)
			     : rt_backend_default();
	if (!q.be) {
		error = rt_error_setc(RT_EUSAGE, RT_ERROR_USAGE,
				      "no engine named '%s' is built into "
				      "this retort",
				      opts->dialect);
		goto done;
	}
	if ((error = rt_dir_load(&q.dir, dirpath)) < 0 ||
	    (error = pick_history(&q)) < 0)
		goto done;

	if ((error = open_scratch(&q, &q.a)) < 0 ||
	    (error = apply_history(&q, q.a.db)) < 0 ||
	    (error = interrupted()) < 0 ||
	    (error = rt_catalog_load(&q.target, q.a.db)) < 0 ||
	    (error = find_seeded(&q, q.a.db)) < 0)
		goto done;
	drop_scratch(&q, &q.a);
	if ((error = open_scratch(&q, &q.b)) < 0 ||
	    (error = rt_catalog_load(&q.empty, q.b.db)) < 0 ||
	    (error = rt_diff_sql(&up, &n, q.empty, q.target)) < 0 ||
	    (error = rt_diff_sql(&down, &n, q.target, q.empty)) < 0)
		goto done;
	rt_new_id(id, dirpath, opts->now);
	name = rt_arena_printf(&res->arena, "%s_squash", id);
	path = name ? rt_fs_join(dirpath, name) : NULL;
	if (!path ||
	    !(res->pub.path = rt_arena_printf(&res->arena, "%s.sql", path))) {
		free(path);
		error = rt_error_nomem();
		goto done;
	}
	free(path);
	if ((error = compose(&q, &text, up.ptr, down.ptr)) < 0)
		goto done;
	res->pub.build_ms = rt_time_ms() - t0;
	t0 = rt_time_ms();
	if ((error = verify(&q, name, text.ptr)) < 0 ||
	    (error = interrupted()) < 0)
		goto done;
	res->pub.verify_ms = rt_time_ms() - t0;
	res->pub.text = rt_arena_strdup(&res->arena, text.ptr);
	res->pub.revision = rt_arena_strdup(&res->arena, q.rev->name);
	res->pub.nreplaced = q.nreplaced;
	res->pub.nobjects = q.target->nobjs;
	if (!res->pub.text || !res->pub.revision) {
		error = RT_ERROR;
		goto done;
	}
	if (!opts->dry_run)
		error = rt_fs_write_new(res->pub.path, text.ptr, text.len);
done:
	if (q.be) {
		drop_scratch(&q, &q.a);
		drop_scratch(&q, &q.b);
	}
	if (error < 0 && squash_interrupted)
		rt_error_detail("interrupted by a signal; the scratch databases "
				"were dropped");
	if (q.tmpfile)
		unlink(q.tmpfile);
	if (q.tmpdir)
		rmdir(q.tmpdir);
	rt_catalog_free(q.target);
	rt_catalog_free(q.empty);
	rt_dir_free(q.dir);
	rt_buf_release(&up);
	rt_buf_release(&down);
	rt_buf_release(&text);
	if (error < 0)
		rt_squash_result_free(&res->pub);
	else
		*out = &res->pub;
	return error;
}

void rt_squash_result_free(rt_squash_result *r)
{
	struct squash_private *p = (struct squash_private *)r;

	if (!p)
		return;
	rt_arena_release(&p->arena);
	free(p);
}
