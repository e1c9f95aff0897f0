/*
 * schema.c: the public face of the declarative schema (retort.h
 * "schema"): loading sources, diffing both ways with rename decisions,
 * and dumping. The CLI's diff, check, dump and new --autogenerate are
 * each a call or two here.
 */
#include "diff/diff.h"
#include "util/fs.h"

#include <ctype.h>

struct rt_schema {
	rt_catalog *cat;
	rt_arena arena;
	/* dir://: the decisions its migrations record (-- retort:rename) */
	rt_rename *recorded;
	const char **recorded_specs;
	size_t nrecorded;
};

#define DIRECTIVE "-- retort:rename"

/* The `-- retort:rename` decisions of one migration file. */
static int scan_renames(rt_schema *s, rt_vec *specs, const char *path)
{
	rt_buf text = RT_BUF_INIT;
	const char *p, *end;
	int error;

	rt_buf_init(&text);
	if ((error = rt_fs_read(&text, path)) < 0)
		goto done;
	p = rt_buf_cstr(&text);
	end = p + text.len;
	while (p < end && !error) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *q = p;

		if (!eol)
			eol = end;
		while (q < eol && (*q == ' ' || *q == '\t'))
			q++;
		if ((size_t)(eol - q) > strlen(DIRECTIVE) &&
		    !strncmp(q, DIRECTIVE, strlen(DIRECTIVE)) &&
		    isspace((unsigned char)q[strlen(DIRECTIVE)])) {
			q += strlen(DIRECTIVE);
			for (;;) {
				const char *w;
				char *spec;
				int quoted;

				while (q < eol && isspace((unsigned char)*q))
					q++;
				if (q >= eol)
					break;
				/* a blank inside double quotes is part of
				 * the name */
				for (w = q, quoted = 0;
				     q < eol &&
				     (quoted || !isspace((unsigned char)*q));
				     q++)
					if (*q == '"')
						quoted = !quoted;
				spec = rt_arena_strndup(&s->arena, w,
							(size_t)(q - w));
				if (!spec ||
				    (error = rt_vec_push(&s->arena, specs,
							 spec)) < 0) {
					error = RT_ERROR;
					break;
				}
			}
		}
		p = eol + 1;
	}
done:
	rt_buf_release(&text);
	return error;
}

static int load_recorded(rt_schema *s, const char *path)
{
	rt_dir *dir = NULL;
	rt_vec specs = {0};
	size_t i;
	int error;

	if ((error = rt_dir_load(&dir, path)) < 0)
		return error;
	for (i = 0; i < dir->count && !error; i++)
		error = scan_renames(s, &specs, dir->migrations[i]->path);
	rt_dir_free(dir);
	if (error < 0)
		return error;
	s->recorded =
	    rt_arena_array(&s->arena, specs.len + 1, sizeof(rt_rename));
	if (!s->recorded)
		return RT_ERROR;
	s->recorded_specs = (const char **)specs.items;
	for (i = 0; i < specs.len && !error; i++)
		error =
		    rt_rename_parse(&s->recorded[i], &s->arena, specs.items[i]);
	s->nrecorded = specs.len;
	return error;
}

int rt_schema_load(rt_schema **out, const char *src,
		   const rt_schema_options *opts)
{
	rt_schema *s = calloc(1, sizeof(*s));
	int error;

	*out = NULL;
	if (!s)
		return rt_error_nomem();
	rt_arena_init(&s->arena);
	error = rt_catalog_load_source_in(&s->cat, src,
					  opts ? opts->dialect : NULL,
					  opts ? opts->dev_url : NULL,
					  opts ? opts->schema_name : NULL);
	if (!error && !strncmp(src, "dir://", 6))
		error = load_recorded(s, src + 6);
	if (error < 0)
		rt_schema_free(s);
	else
		*out = s;
	return error;
}

void rt_schema_interrupt(void)
{
	rt_catalog_interrupt();
}

void rt_schema_free(rt_schema *s)
{
	if (!s)
		return;
	rt_catalog_free(s->cat);
	rt_arena_release(&s->arena);
	free(s);
}

/* ---- diff ----------------------------------------------------------- */

/* A name in a rename spec, quoted when it holds what the spec uses. */
static void spec_name(rt_buf *b, const char *name)
{
	if (strpbrk(name, ".=\" \t") || !*name)
		rt_buf_put_ident(b, name);
	else
		rt_buf_puts(b, name);
}

static char *spec_of(rt_arena *a, const rt_rename *r)
{
	rt_buf b = RT_BUF_INIT;
	char *s = NULL;

	rt_buf_init(&b);
	if (r->table) {
		spec_name(&b, r->table);
		rt_buf_putc(&b, '.');
	}
	spec_name(&b, r->from);
	rt_buf_putc(&b, '=');
	spec_name(&b, r->to);
	if (rt_buf_check(&b) == 0)
		s = rt_arena_strdup(a, b.ptr);
	rt_buf_release(&b);
	return s;
}

static rt_rename candidate_rename(const rt_change *c)
{
	rt_rename r;

	memset(&r, 0, sizeof(r));
	if (c->kind == RT_CHANGE_RENAME_TABLE) {
		r.from = c->from->name;
		r.to = c->to->name;
	} else {
		r.table = c->from->name;
		r.from = c->column_from->name;
		r.to = c->column_to->name;
	}
	return r;
}

/* Data loss of one change, as lines. */
static int note_loss(rt_arena *a, rt_vec *v, const rt_change *c)
{
	const rt_table *ft = (const rt_table *)c->from;
	char *m = NULL;
	size_t i, k;

	if (!c->data_loss)
		return 0;
	if (c->kind == RT_CHANGE_DROP) {
		m = rt_arena_printf(a, "drops %s '%s'",
				    rt_obj_kind_name(c->from->kind),
				    c->from->name);
	} else if (c->kind == RT_CHANGE_DROP_COLUMN) {
		m = rt_arena_printf(a, "drops column '%s.%s'", c->from->name,
				    c->column_from->name);
	} else if (c->kind == RT_CHANGE_REBUILD_TABLE) {
		for (i = 0; i < ft->ncolumns; i++) {
			int copied = ft->columns[i].generated != NULL;

			for (k = 0; k < c->ncopy && !copied; k++)
				copied = !strcmp(c->copy_from[k],
						 ft->columns[i].name);
			if (copied)
				continue;
			m = rt_arena_printf(a, "drops column '%s.%s'",
					    ft->obj.name, ft->columns[i].name);
			if (!m || rt_vec_push(a, v, m) < 0)
				return RT_ERROR;
		}
		return 0;
	} else {
		return 0;
	}
	return m ? rt_vec_push(a, v, m) : RT_ERROR;
}

typedef struct rt_schema_changes_priv {
	rt_schema_changes pub;
	rt_arena arena;
} priv;

static const char *const step_why[RT_STEP__COUNT] = {
    [RT_STEP_ENUM] = "enum labels added by ALTER TYPE ... ADD VALUE: they "
		     "must commit before the next migration uses them",
    [RT_STEP_DROP_CONC] = "indexes dropped CONCURRENTLY, outside a "
			  "transaction",
    [RT_STEP_MAIN] = NULL,
    [RT_STEP_CONC] = "indexes built CONCURRENTLY, outside a transaction",
    [RT_STEP_ATTACH] = "foreign keys added NOT VALID once the unique "
		       "indexes they reference are built",
    [RT_STEP_VALIDATE] = "constraints validated once their NOT VALID add "
			 "has committed",
};

/*
 * The migrations of a split change: one per step whose up holds
 * something. A down whose step has no up (it should not happen: the
 * down is routed to the steps of the up) keeps its place in the order
 * the downs run: before the down of the step below, else after the one
 * above.
 */
static int make_steps(priv *p, rt_buf *ups, const int *up_conc, rt_buf *undo,
		      rt_buf *downs, const int *down_conc)
{
	rt_buf down[RT_STEP__COUNT];
	int dconc[RT_STEP__COUNT];
	rt_schema_step *steps;
	size_t s, n = 0;
	int error = 0;

	steps = rt_arena_array(&p->arena, RT_STEP__COUNT, sizeof(*steps));
	if (!steps)
		return RT_ERROR;
	for (s = 0; s < RT_STEP__COUNT; s++) {
		rt_buf_init(&down[s]);
		rt_buf_puts(&down[s], rt_buf_cstr(&undo[s]));
		rt_buf_puts(&down[s], rt_buf_cstr(&downs[s]));
		dconc[s] = down_conc[s];
	}
	/* foreign keys wait for indexes only when some are built (the
	 * catalog may not say which index a key uses): else they close the
	 * main step, and their downs open its down */
	if (!ups[RT_STEP_CONC].len) {
		rt_buf m = RT_BUF_INIT;

		rt_buf_puts(&ups[RT_STEP_MAIN],
			    rt_buf_cstr(&ups[RT_STEP_ATTACH]));
		rt_buf_clear(&ups[RT_STEP_ATTACH]);
		rt_buf_init(&m);
		rt_buf_puts(&m, rt_buf_cstr(&down[RT_STEP_ATTACH]));
		rt_buf_puts(&m, rt_buf_cstr(&down[RT_STEP_MAIN]));
		rt_buf_release(&down[RT_STEP_MAIN]);
		down[RT_STEP_MAIN] = m;
		dconc[RT_STEP_MAIN] |= dconc[RT_STEP_ATTACH];
		rt_buf_clear(&down[RT_STEP_ATTACH]);
	}
	for (s = 0; s < RT_STEP__COUNT; s++) {
		size_t k, to = RT_STEP__COUNT;
		rt_buf moved = RT_BUF_INIT;

		if (ups[s].len || !down[s].len)
			continue;
		for (k = s; k-- > 0 && to == RT_STEP__COUNT;)
			if (ups[k].len)
				to = k;
		for (k = s + 1; k < RT_STEP__COUNT && to == RT_STEP__COUNT;
		     k++)
			if (ups[k].len)
				to = k;
		if (to == RT_STEP__COUNT)
			continue; /* no up at all: the caller's one step */
		rt_buf_init(&moved);
		if (to < s) {
			rt_buf_puts(&moved, rt_buf_cstr(&down[s]));
			rt_buf_puts(&moved, rt_buf_cstr(&down[to]));
		} else {
			rt_buf_puts(&moved, rt_buf_cstr(&down[to]));
			rt_buf_puts(&moved, rt_buf_cstr(&down[s]));
		}
		rt_buf_release(&down[to]);
		down[to] = moved;
		dconc[to] |= dconc[s];
		rt_buf_clear(&down[s]);
	}
	for (s = 0; s < RT_STEP__COUNT && !error; s++) {
		if (!ups[s].len)
			continue;
		if (rt_buf_check(&down[s]) < 0 ||
		    !(steps[n].up_sql =
			  rt_arena_strdup(&p->arena, rt_buf_cstr(&ups[s]))) ||
		    !(steps[n].down_sql = rt_arena_strdup(
			  &p->arena, rt_buf_cstr(&down[s])))) {
			error = RT_ERROR;
			break;
		}
		steps[n].up_no_transaction = up_conc[s];
		steps[n].down_no_transaction = dconc[s];
		steps[n].why = step_why[s];
		n++;
	}
	for (s = 0; s < RT_STEP__COUNT; s++)
		rt_buf_release(&down[s]);
	/* one step: it is the whole change, nothing to say about it */
	if (n == 1)
		steps[0].why = NULL;
	p->pub.steps = steps;
	p->pub.nsteps = n;
	return error;
}

static int has_rename(const rt_vec *specs, const char *spec)
{
	size_t i;

	for (i = 0; i < specs->len; i++)
		if (!strcmp(specs->items[i], spec))
			return 1;
	return 0;
}

int rt_schema_diff(rt_schema_changes **out, const rt_schema *from,
		   const rt_schema *to, const rt_schema_diff_options *opts)
{
	priv *p = calloc(1, sizeof(*p));
	rt_vec renames = {0}, specs = {0}, loss = {0}, cands = {0};
	rt_diff_options dopts = {0}, back = {0};
	rt_render_options ro = {0};
	rt_changes *up = NULL, *down = NULL;
	rt_buf sql = RT_BUF_INIT;
	rt_buf ups[RT_STEP__COUNT], undo[RT_STEP__COUNT], downs[RT_STEP__COUNT];
	int up_conc[RT_STEP__COUNT];
	rt_rename *inv = NULL;
	size_t i, k;
	int error = 0, again;

	*out = NULL;
	rt_buf_init(&sql);
	for (i = 0; i < RT_STEP__COUNT; i++) {
		rt_buf_init(&ups[i]);
		rt_buf_init(&undo[i]);
		rt_buf_init(&downs[i]);
	}
	if (!p)
		return rt_error_nomem();
	rt_arena_init(&p->arena);
	for (i = 0; opts && i < opts->nrenames && !error; i++) {
		rt_rename *r = rt_arena_alloc(&p->arena, sizeof(*r));
		char *spec;

		if (!r) {
			error = RT_ERROR;
			break;
		}
		if ((error = rt_rename_parse(r, &p->arena, opts->renames[i])) <
		    0)
			break;
		if (!(spec = spec_of(&p->arena, r)) ||
		    rt_vec_push(&p->arena, &renames, r) < 0 ||
		    rt_vec_push(&p->arena, &specs, spec) < 0)
			error = RT_ERROR;
	}
	/*
	 * Diff; a candidate that a migration of the history already decided
	 * to be a rename is taken as one, and the diff runs again.
	 */
	do {
		rt_diff_options o = {0};
		rt_rename *flat;

		again = 0;
		if (error)
			break;
		flat =
		    rt_arena_array(&p->arena, renames.len + 1, sizeof(*flat));
		if (!flat) {
			error = RT_ERROR;
			break;
		}
		for (i = 0; i < renames.len; i++)
			flat[i] = *(rt_rename *)renames.items[i];
		o.renames = flat;
		o.nrenames = renames.len;
		o.split = opts && opts->safe && opts->split;
		dopts = o;
		rt_changes_free(up);
		up = NULL;
		if ((error = rt_diff_catalogs(&up, from->cat, to->cat, &o)) < 0)
			break;
		for (i = 0; i < up->ncandidates; i++) {
			rt_rename r =
			    candidate_rename(&up->rename_candidates[i]);
			char *spec = spec_of(&p->arena, &r);

			if (!spec) {
				error = RT_ERROR;
				break;
			}
			for (k = 0; k < from->nrecorded; k++) {
				char *rec =
				    spec_of(&p->arena, &from->recorded[k]);

				if (!rec) {
					error = RT_ERROR;
					break;
				}
				if (strcmp(rec, spec) ||
				    has_rename(&specs, spec))
					continue;
				if (rt_vec_push(&p->arena, &renames,
						&from->recorded[k]) < 0 ||
				    rt_vec_push(&p->arena, &specs, spec) < 0) {
					error = RT_ERROR;
					break;
				}
				again = 1;
			}
		}
	} while (again && !error);
	if (error)
		goto done;
	ro.safe = opts && opts->safe;
	ro.split = ro.safe && opts->split;
	ro.step = ups;
	ro.undo = undo;
	if ((error = rt_render_changes(&sql, up, from->cat, to->cat, &ro)) < 0)
		goto done;
	p->pub.up_no_transaction = ro.no_transaction;
	/* the dialect may have nothing to split (it clears `split`) */
	for (i = 0; ro.split && i < RT_STEP__COUNT; i++)
		rt_buf_puts(&sql, rt_buf_cstr(&ups[i]));
	memcpy(up_conc, ro.conc, sizeof(up_conc));
	p->pub.up_sql = rt_buf_detach(&sql);
	/* down: the other direction, each rename the other way round */
	inv = rt_arena_array(&p->arena, dopts.nrenames + 1, sizeof(*inv));
	if (!inv || !p->pub.up_sql) {
		error = rt_error_nomem();
		goto done;
	}
	for (i = 0; i < dopts.nrenames; i++) {
		inv[i] = dopts.renames[i];
		inv[i].from = dopts.renames[i].to;
		inv[i].to = dopts.renames[i].from;
	}
	back.renames = inv;
	back.nrenames = dopts.nrenames;
	ro.down = 1;
	ro.step = downs;
	if ((error = rt_diff_catalogs(&down, to->cat, from->cat, &back)) < 0 ||
	    (error = rt_render_changes(&sql, down, to->cat, from->cat, &ro)) <
		0)
		goto done;
	p->pub.down_no_transaction = ro.no_transaction;
	/* the downs run last step first */
	for (i = RT_STEP__COUNT; ro.split && i-- > 0;) {
		rt_buf_puts(&sql, rt_buf_cstr(&undo[i]));
		rt_buf_puts(&sql, rt_buf_cstr(&downs[i]));
	}
	if (!(p->pub.down_sql = rt_buf_detach(&sql))) {
		error = rt_error_nomem();
		goto done;
	}
	if (ro.split && (error = make_steps(p, ups, up_conc, undo, downs,
					    ro.conc)) < 0)
		goto done;
	if (!p->pub.nsteps) {
		rt_schema_step *one = rt_arena_alloc(&p->arena, sizeof(*one));

		if (!one) {
			error = RT_ERROR;
			goto done;
		}
		memset(one, 0, sizeof(*one));
		one->up_sql = p->pub.up_sql;
		one->down_sql = p->pub.down_sql;
		one->up_no_transaction = p->pub.up_no_transaction;
		one->down_no_transaction = p->pub.down_no_transaction;
		p->pub.steps = one;
		p->pub.nsteps = 1;
	}
	p->pub.count = up->n;
	for (i = 0; i < up->n && !error; i++)
		error = note_loss(&p->arena, &loss, &up->items[i]);
	for (i = 0; i < up->ncandidates && !error; i++) {
		const rt_change *c = &up->rename_candidates[i];
		rt_schema_candidate *sc =
		    rt_arena_alloc(&p->arena, sizeof(*sc));
		rt_rename r = candidate_rename(c);

		if (!sc || !(sc->rename = spec_of(&p->arena, &r))) {
			error = RT_ERROR;
			break;
		}
		if (c->kind == RT_CHANGE_RENAME_TABLE)
			sc->message = rt_arena_printf(
			    &p->arena,
			    "table '%s' dropped, '%s' added (same columns)",
			    c->from->name, c->to->name);
		else
			sc->message = rt_arena_printf(
			    &p->arena,
			    "column '%s.%s' dropped, '%s.%s' added "
			    "(both %s)",
			    c->from->name, c->column_from->name, c->to->name,
			    c->column_to->name,
			    *c->column_to->type ? c->column_to->type
						: "untyped");
		if (!sc->message || rt_vec_push(&p->arena, &cands, sc) < 0)
			error = RT_ERROR;
	}
	if (error)
		goto done;
	p->pub.data_loss = (const char **)loss.items;
	p->pub.ndata_loss = loss.len;
	p->pub.renames = (const char **)specs.items;
	p->pub.nrenames = specs.len;
	p->pub.ncandidates = cands.len;
	p->pub.candidates = rt_arena_array(&p->arena, cands.len + 1,
					   sizeof(rt_schema_candidate));
	if (!p->pub.candidates) {
		error = RT_ERROR;
		goto done;
	}
	for (i = 0; i < cands.len; i++)
		p->pub.candidates[i] = *(rt_schema_candidate *)cands.items[i];
done:
	rt_changes_free(up);
	rt_changes_free(down);
	rt_buf_release(&sql);
	for (i = 0; i < RT_STEP__COUNT; i++) {
		rt_buf_release(&ups[i]);
		rt_buf_release(&undo[i]);
		rt_buf_release(&downs[i]);
	}
	if (error < 0) {
		if (!rt_error_last()->message[0])
			rt_error_nomem();
		rt_schema_changes_free(&p->pub);
	} else {
		*out = &p->pub;
	}
	return error;
}

void rt_schema_changes_free(rt_schema_changes *changes)
{
	priv *p = (priv *)changes;

	if (!p)
		return;
	free(p->pub.up_sql);
	free(p->pub.down_sql);
	rt_arena_release(&p->arena);
	free(p);
}

int rt_schema_dump(rt_buf *out, const rt_schema *schema)
{
	rt_catalog *empty = NULL;
	rt_changes *ch = NULL;
	int error;

	/* the dump is the diff from nothing: creates in dependency order */
	if ((error = rt_catalog_new(&empty, schema->cat->dialect)) < 0 ||
	    (error = rt_catalog_finish(empty)) < 0 ||
	    (error = rt_diff_catalogs(&ch, empty, schema->cat, NULL)) < 0)
		goto done;
	/* a schema read alone is the dump's container: it loads into an
	 * empty database, and as a schema file for the same schema */
	if (schema->cat->scope) {
		rt_buf_puts(out, "CREATE SCHEMA IF NOT EXISTS ");
		rt_pg_put_ident(out, schema->cat->scope);
		rt_buf_puts(out, ";\n");
	}
	error = rt_render_changes(out, ch, empty, schema->cat, NULL);
done:
	rt_changes_free(ch);
	rt_catalog_free(empty);
	return error;
}
