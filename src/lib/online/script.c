/*
 * script.c: the four scripts of an online migration, written at once at
 * expand from the plan resolved against the catalog (resolve.c):
 *
 *   expand    one transaction: the new columns beside the old, NOT VALID
 *             checks and constraints, the sync trigger, the two versions'
 *             schemas of views. Catalog-only statements: the ACCESS
 *             EXCLUSIVE locks last milliseconds.
 *   post      after the backfill, one statement at a time: VALIDATE
 *             (reads and writes go on), CREATE INDEX CONCURRENTLY, ADD
 *             CONSTRAINT ... USING INDEX.
 *   contract  one transaction, stored, run by `online complete`.
 *   rollback  one transaction, stored, run by `online rollback`.
 *
 * Storing contract and rollback at expand time means they undo exactly
 * what expand did, whatever happens to the file afterwards.
 *
 * The sync trigger tells the versions apart by current_schema(): a
 * session whose search_path starts with the new version's schema writes
 * the new shape (the old columns are computed from it with the down
 * conversion); every other session, retort's backfill included, writes
 * the old shape (the new columns follow with the up conversion).
 */
#include "online/online.h"
#include "util/fs.h"

#define ident(a, be, name) rt_online_ident(a, be, name)
#define qualified(a, be, schema, name) rt_online_qualified(a, be, schema, name)

/* The primary key's columns, quoted, ", " between (retort_online_table.pk:
 * what the backfill walks). */
static const char *pk_list(rt_arena *a, const rt_online_xtable *x)
{
	rt_buf b = RT_BUF_INIT;
	const char *out;
	size_t i;

	rt_buf_init(&b);
	for (i = 0; i < x->npk; i++) {
		if (i)
			rt_buf_puts(&b, ", ");
		rt_buf_puts(&b, ident(a, x->be, x->pk[i]));
	}
	out = rt_buf_check(&b) < 0 ? NULL : rt_arena_strdup(a, b.ptr);
	rt_buf_release(&b);
	return out;
}

/* The trigger function's name: "<schema>"."_rt_sync_<table>". */
static const char *sync_fn(rt_arena *a, const rt_online_xtable *x)
{
	char *name = rt_arena_printf(a, "_rt_sync_%s", x->relname);

	if (name && strlen(name) > 63)
		name[63] = '\0';
	return name ? qualified(a, x->be, x->nspname, name) : NULL;
}

static const char *nn_name(rt_arena *a, const char *col)
{
	char *name = rt_arena_printf(a, "_rt_nn_%s", col);

	if (name && strlen(name) > 63)
		name[63] = '\0';
	return name;
}

/* The physical column that holds a touched column's new shape. */
static const char *phys_new(rt_arena *a, const rt_online_column *c)
{
	if (c->added)
		return c->new_name;
	if (c->retyped)
		return rt_online_shadow_name(a, c->name);
	return c->name;
}

static int add_not_null_check(rt_online_scripts *s, rt_arena *a,
			      const rt_online_xtable *x, const char *phys,
			      const char *final_name, const char *key)
{
	const char *nn = nn_name(a, key);

	if (!nn)
		return RT_ERROR;
	rt_buf_printf(&s->expand,
		      "ALTER TABLE %s ADD CONSTRAINT %s CHECK "
		      "(%s IS NOT NULL) NOT VALID;\n",
		      x->q, ident(a, x->be, nn), ident(a, x->be, phys));
	rt_buf_printf(&s->post, "ALTER TABLE %s VALIDATE CONSTRAINT %s;\n",
		      x->q, ident(a, x->be, nn));
	/* PostgreSQL 12+ proves NOT NULL from the validated check: no scan
	 * under the ACCESS EXCLUSIVE lock */
	rt_buf_printf(&s->contract,
		      "ALTER TABLE %s ALTER COLUMN %s SET NOT "
		      "NULL;\nALTER TABLE %s DROP CONSTRAINT %s;\n",
		      x->q, ident(a, x->be, final_name), x->q,
		      ident(a, x->be, nn));
	rt_buf_printf(&s->rollback,
		      "ALTER TABLE %s DROP CONSTRAINT IF "
		      "EXISTS %s;\n",
		      x->q, ident(a, x->be, nn));
	return 0;
}

static int trigger_sql(rt_online_scripts *s, rt_arena *a,
		       const rt_online_xtable *x)
{
	const rt_online_table *t = x->t;
	const char *fn = sync_fn(a, x);
	size_t i;
	int error;

	if (!fn)
		return RT_ERROR;
	rt_buf_printf(&s->expand,
		      "CREATE FUNCTION %s() RETURNS trigger LANGUAGE plpgsql "
		      "AS $rt$\nBEGIN\n\tIF current_schema() = ",
		      fn);
	rt_buf_put_sql_literal(&s->expand, s->new_schema);
	rt_buf_puts(&s->expand, " THEN\n");
	for (i = 0; i < t->columns.len; i++) {
		const rt_online_column *c = t->columns.items[i];
		const rt_online_catcol *cc = rt_online_catcol_find(x, c->name);
		char *down;

		if (!c->retyped)
			continue;
		if (c->down_using) {
			if ((error =
				 rt_online_rewrite(&down, a, c->down_using, 1,
						   NULL, NULL, 0, "new")) < 0)
				return error;
		} else {
			down = rt_arena_printf(a, "new.%s::%s",
					       ident(a, x->be, phys_new(a, c)),
					       cc->type);
		}
		if (!down)
			return RT_ERROR;
		rt_buf_printf(&s->expand, "\t\tnew.%s := %s;\n",
			      ident(a, x->be, c->name), down);
	}
	rt_buf_puts(&s->expand, "\tELSE\n");
	for (i = 0; i < t->columns.len; i++) {
		const rt_online_column *c = t->columns.items[i];
		char *up;

		if (!c->retyped)
			continue;
		if ((error = rt_online_rewrite(&up, a, c->up_using, 1, NULL,
					       NULL, 0, "new")) < 0)
			return error;
		rt_buf_printf(&s->expand, "\t\tnew.%s := %s;\n",
			      ident(a, x->be, phys_new(a, c)), up);
	}
	rt_buf_printf(&s->expand,
		      "\tEND IF;\n\tRETURN new;\nEND\n$rt$;\n"
		      "CREATE TRIGGER _rt_sync BEFORE INSERT OR UPDATE ON %s "
		      "FOR EACH ROW WHEN (current_setting('retort.backfill', "
		      "true) IS DISTINCT FROM 'on') EXECUTE FUNCTION %s();\n",
		      x->q, fn);
	return 0;
}

/* The trigger goes first in contract and rollback: it writes the
 * columns they drop. */
static int trigger_drop_sql(rt_online_scripts *s, rt_arena *a,
			    const rt_online_xtable *x)
{
	const char *fn = sync_fn(a, x);

	if (!fn)
		return RT_ERROR;
	rt_buf_printf(&s->contract,
		      "DROP TRIGGER IF EXISTS _rt_sync ON %s;\n"
		      "DROP FUNCTION IF EXISTS %s();\n",
		      x->q, fn);
	rt_buf_printf(&s->rollback,
		      "DROP TRIGGER IF EXISTS _rt_sync ON %s;\n"
		      "DROP FUNCTION IF EXISTS %s();\n",
		      x->q, fn);
	return 0;
}

/* The two versions' views of the table. */
static void views_sql(rt_online_scripts *s, rt_arena *a,
		      const rt_online_xtable *x)
{
	const rt_online_table *t = x->t;
	size_t i, n = 0;

	rt_buf_printf(&s->expand,
		      "DROP VIEW IF EXISTS %s;\nCREATE VIEW %s AS "
		      "SELECT ",
		      qualified(a, x->be, s->old_schema, x->relname),
		      qualified(a, x->be, s->old_schema, x->relname));
	for (i = 0; i < x->ncols; i++)
		rt_buf_printf(&s->expand, "%s%s", i ? ", " : "",
			      ident(a, x->be, x->cols[i].name));
	rt_buf_printf(&s->expand, " FROM %s;\n", x->q);

	rt_buf_printf(&s->expand,
		      "DROP VIEW IF EXISTS %s;\nCREATE VIEW %s AS "
		      "SELECT ",
		      qualified(a, x->be, s->new_schema, t->new_name),
		      qualified(a, x->be, s->new_schema, t->new_name));
	for (i = 0; i < x->ncols; i++) {
		const rt_online_column *c =
		    rt_online_table_column(t, x->cols[i].name);

		if (c && c->name && strcmp(c->name, x->cols[i].name))
			c = NULL; /* the name is another column's new one */
		if (c && c->dropped)
			continue;
		rt_buf_puts(&s->expand, n++ ? ", " : "");
		if (!c || (!c->retyped && !c->renamed)) {
			rt_buf_puts(&s->expand,
				    ident(a, x->be, x->cols[i].name));
			continue;
		}
		rt_buf_printf(&s->expand, "%s AS %s",
			      ident(a, x->be, phys_new(a, c)),
			      ident(a, x->be, c->new_name));
	}
	for (i = 0; i < t->columns.len; i++) {
		const rt_online_column *c = t->columns.items[i];

		if (c->added)
			rt_buf_printf(&s->expand, "%s%s", n++ ? ", " : "",
				      ident(a, x->be, c->new_name));
	}
	rt_buf_printf(&s->expand, " FROM %s;\n", x->q);
}

/* "CREATE [UNIQUE] INDEX name ..." as deparsed, made CONCURRENTLY. */
static const char *concurrently(rt_arena *a, const char *sql)
{
	const char *idx = strstr(sql, "INDEX ");

	if (!idx)
		return sql;
	return rt_arena_printf(a, "%.*sINDEX CONCURRENTLY %s", (int)(idx - sql),
			       sql, idx + 6);
}

/*
 * `sql` (one statement naming an object NAME_PLACEHOLDER) with column
 * `from` rewritten to `to`, and the placeholder made `name`, quoted:
 * libpg_query's deparser prints index and constraint names unquoted, so
 * the name goes in after it. NULL with the error set when the
 * placeholder does not come back.
 */
#define NAME_PLACEHOLDER "rt_shadow_object_name_placeholder"

static const char *rewrite_named(rt_arena *a, const rt_online_xtable *x,
				 const char *sql, const char *from,
				 const char *to, const char *name)
{
	const char *froms[1] = {from}, *tos[1] = {to}, *at;
	char *rewritten;

	if (!sql || !name ||
	    rt_online_rewrite(&rewritten, a, sql, 0, froms, tos, 1, NULL) < 0)
		return NULL;
	if (!(at = strstr(rewritten, NAME_PLACEHOLDER))) {
		rt_error_set(RT_ERROR_STATE, "cannot write '%s' again for %s",
			     sql, name);
		return NULL;
	}
	return rt_arena_printf(a, "%.*s%s%s", (int)(at - rewritten), rewritten,
			       ident(a, x->be, name),
			       at + strlen(NAME_PLACEHOLDER));
}

/*
 * The retyped column's plain indexes, built again on the shadow column
 * after the backfill (post, CONCURRENTLY, resumable as the migration's
 * own indexes are) as "_rt_<index>"; the old ones go with the old column
 * at contract, and the new ones take their names. Rollback drops the
 * shadow column and its indexes with it.
 */
static int shadow_indexes(rt_online_scripts *s, rt_arena *a,
			  const rt_online_xtable *x, const rt_online_column *c,
			  const rt_online_catcol *cc, const char *sh)
{
	size_t k;

	for (k = 0; k < cc->nix; k++) {
		const char *def = cc->ix[k].def, *ish, *rest, *sql;
		size_t head;

		if (!strncmp(def, "CREATE INDEX ", 13))
			head = 13;
		else if (!strncmp(def, "CREATE UNIQUE INDEX ", 20))
			head = 20;
		else
			head = 0;
		rest = head ? def + head : NULL;
		if (!rest ||
		    strncmp(rest, cc->ix[k].quoted, strlen(cc->ix[k].quoted)) !=
			0 ||
		    strncmp(rest + strlen(cc->ix[k].quoted), " ON ", 4) != 0)
			return rt_error_set(RT_ERROR_STATE,
					    "index %s: unexpected definition "
					    "'%s'",
					    cc->ix[k].name, def);
		rest += strlen(cc->ix[k].quoted);
		ish = rt_online_shadow_name(a, cc->ix[k].name);
		if (!(sql = rewrite_named(
			  a, x,
			  rt_arena_printf(a, "%.*s" NAME_PLACEHOLDER "%s",
					  (int)head, def, rest),
			  c->name, sh, ish)))
			return RT_ERROR;
		rt_buf_printf(&s->post, "%s;\n", concurrently(a, sql));
		if (cc->ix[k].con)
			/* the index takes the constraint's name; a primary
			 * key's column is NOT NULL by then (proven by the
			 * validated check: no scan) */
			rt_buf_printf(&s->contract,
				      "ALTER TABLE %s ADD CONSTRAINT %s %s "
				      "USING INDEX %s;\n",
				      x->q, ident(a, x->be, cc->ix[k].con),
				      cc->ix[k].kind[0] == 'p' ? "PRIMARY KEY"
							       : "UNIQUE",
				      ident(a, x->be, ish));
		else
			rt_buf_printf(&s->contract,
				      "ALTER INDEX %s RENAME TO %s;\n",
				      qualified(a, x->be, x->nspname, ish),
				      ident(a, x->be, cc->ix[k].name));
	}
	return 0;
}

/*
 * The retyped column's checks and own foreign keys, added again over the
 * shadow column as "_rt_<name>" NOT VALID at expand (they hold for every
 * write from then on, either version's), validated after the backfill
 * when the old one was, and given the old name at contract, once the old
 * column has taken the old constraint with it. Rollback drops the shadow
 * column and them with it.
 */
static int shadow_constraints(rt_online_scripts *s, rt_arena *a,
			      const rt_online_xtable *x,
			      const rt_online_column *c,
			      const rt_online_catcol *cc, const char *sh)
{
	size_t k;

	for (k = 0; k < cc->ncon; k++) {
		const char *def = cc->con[k].def, *csh, *sql;
		size_t n = strlen(def);

		if (n > 10 && !strcmp(def + n - 10, " NOT VALID"))
			n -= 10;
		csh = rt_online_shadow_name(a, cc->con[k].name);
		if (!(sql = rewrite_named(
			  a, x,
			  rt_arena_printf(
			      a,
			      "ALTER TABLE %s ADD CONSTRAINT " NAME_PLACEHOLDER
			      " %.*s NOT VALID",
			      x->q, (int)n, def),
			  c->name, sh, csh)))
			return RT_ERROR;
		rt_buf_printf(&s->expand, "%s;\n", sql);
		if (cc->con[k].valid)
			rt_buf_printf(&s->post,
				      "ALTER TABLE %s VALIDATE CONSTRAINT "
				      "%s;\n",
				      x->q, ident(a, x->be, csh));
		rt_buf_printf(&s->contract,
			      "ALTER TABLE %s RENAME CONSTRAINT %s TO %s;\n",
			      x->q, ident(a, x->be, csh),
			      ident(a, x->be, cc->con[k].name));
	}
	return 0;
}

/*
 * Other tables' foreign keys that reference the retyped column: a twin
 * referencing the shadow column once its key's index is built (post:
 * NOT VALID, then VALIDATE, which scans the referencing table without
 * blocking its writes). Until contract both hold, the trigger keeping
 * the two columns equal; contract drops the old key first (the old
 * column's key goes with the column) and gives the twin its name.
 */
static void shadow_references(rt_online_scripts *s, rt_arena *a,
			      const rt_online_xtable *x,
			      const rt_online_catcol *cc)
{
	size_t k;

	for (k = 0; k < cc->nrf; k++) {
		const char *twin =
		    ident(a, x->be, rt_online_shadow_name(a, cc->rf[k].name));

		rt_buf_printf(&s->post,
			      "ALTER TABLE %s ADD CONSTRAINT %s %s NOT "
			      "VALID;\n",
			      cc->rf[k].table, twin, cc->rf[k].def);
		if (cc->rf[k].valid)
			rt_buf_printf(&s->post,
				      "ALTER TABLE %s VALIDATE CONSTRAINT "
				      "%s;\n",
				      cc->rf[k].table, twin);
		rt_buf_printf(&s->contract,
			      "ALTER TABLE %s RENAME CONSTRAINT %s TO %s;\n",
			      cc->rf[k].table, twin,
			      ident(a, x->be, cc->rf[k].name));
	}
}

/*
 * An identity column retyped: until contract the shadow column draws its
 * values from the identity's sequence (its default, for the new
 * version's inserts). Contract, before the old column (and with it the
 * old sequence) goes, makes the shadow column an identity of its own,
 * same kind and options, under the shadow of the sequence's name, and
 * sets it where the old one stopped; after the old column is dropped the
 * sequence takes the old name. The new sequence is of the new type: int
 * to bigint no longer ends at 2^31.
 */
static void identity_sql(rt_online_scripts *s, rt_arena *a,
			 const rt_online_xtable *x, const rt_online_column *c,
			 const rt_online_catcol *cc, const char *sh)
{
	const char *twin = qualified(a, x->be, cc->id_seq_schema,
				     rt_online_shadow_name(a, cc->id_seq_name));
	rt_buf lit = RT_BUF_INIT;

	rt_buf_init(&lit);
	rt_buf_put_sql_literal(&lit, cc->id_seq);
	rt_buf_printf(&s->expand,
		      "ALTER TABLE %s ALTER COLUMN %s SET DEFAULT "
		      "(nextval(%s::regclass))::%s;\n",
		      x->q, ident(a, x->be, sh), rt_buf_cstr(&lit), c->type);
	rt_buf_clear(&lit);
	rt_buf_put_sql_literal(&lit, twin ? twin : "");
	rt_buf_printf(&s->contract,
		      "ALTER TABLE %s ALTER COLUMN %s DROP DEFAULT;\n"
		      "ALTER TABLE %s ALTER COLUMN %s SET NOT NULL;\n"
		      "ALTER TABLE %s ALTER COLUMN %s ADD GENERATED %s AS "
		      "IDENTITY (SEQUENCE NAME %s %s);\n"
		      "SELECT setval(%s, last_value, is_called) FROM %s;\n",
		      x->q, ident(a, x->be, sh), x->q, ident(a, x->be, sh),
		      x->q, ident(a, x->be, sh),
		      cc->identity == 'a' ? "ALWAYS" : "BY DEFAULT", twin,
		      cc->id_options, rt_buf_cstr(&lit), cc->id_seq);
	rt_buf_release(&lit);
}

static int table_sql(rt_online_scripts *s, rt_arena *a,
		     const rt_online_xtable *x)
{
	const rt_online_table *t = x->t;
	size_t i, j;
	int error;

	if (x->trigger && (error = trigger_drop_sql(s, a, x)) < 0)
		return error;
	for (i = 0; i < t->columns.len; i++) {
		const rt_online_column *c = t->columns.items[i];
		const rt_online_catcol *cc = rt_online_catcol_find(x, c->name);
		const char *final = c->new_name;

		if (c->retyped) {
			const char *sh = rt_online_shadow_name(a, c->name);

			rt_buf_printf(&s->expand,
				      "ALTER TABLE %s ADD COLUMN %s "
				      "%s;\n",
				      x->q, ident(a, x->be, sh), c->type);
			/* ALTER ... TYPE casts the default along; so does
			 * the shadow column, for the new version's inserts
			 * (added without one: no table rewrite) */
			if (cc->default_sql)
				rt_buf_printf(&s->expand,
					      "ALTER TABLE %s ALTER COLUMN %s "
					      "SET DEFAULT (%s)::%s;\n",
					      x->q, ident(a, x->be, sh),
					      cc->default_sql, c->type);
			if (cc->identity)
				identity_sql(s, a, x, c, cc, sh);
			/* the referencing keys' twins stand in for them
			 * from here on */
			/* (IF EXISTS: a key whose own column the migration
			 * retypes too may have gone with that column) */
			for (j = 0; j < cc->nrf; j++)
				rt_buf_printf(
				    &s->contract,
				    "ALTER TABLE %s DROP CONSTRAINT IF "
				    "EXISTS %s;\n",
				    cc->rf[j].table,
				    ident(a, x->be, cc->rf[j].name));
			/* a serial's sequence would go with the old
			 * column: the new one owns it (and its default
			 * calls it) from now on */
			if (cc->seq)
				rt_buf_printf(&s->contract,
					      "ALTER SEQUENCE %s OWNED BY "
					      "%s.%s;\n",
					      cc->seq, x->q,
					      ident(a, x->be, sh));
			if (cc->seq && cc->seq_widens)
				rt_buf_printf(&s->contract,
					      "ALTER SEQUENCE %s AS %s;\n",
					      cc->seq, c->type);
			rt_buf_printf(&s->contract,
				      "ALTER TABLE %s DROP COLUMN "
				      "%s;\nALTER TABLE %s RENAME "
				      "COLUMN %s TO %s;\n",
				      x->q, ident(a, x->be, c->name), x->q,
				      ident(a, x->be, sh),
				      ident(a, x->be, final));
			if (cc->identity)
				rt_buf_printf(
				    &s->contract,
				    "ALTER SEQUENCE %s RENAME TO %s;\n",
				    qualified(a, x->be, cc->id_seq_schema,
					      rt_online_shadow_name(
						  a, cc->id_seq_name)),
				    ident(a, x->be, cc->id_seq_name));
			/* the twins reference the shadow column: they go
			 * before it */
			for (j = 0; j < cc->nrf; j++)
				rt_buf_printf(
				    &s->rollback,
				    "ALTER TABLE %s DROP CONSTRAINT IF EXISTS "
				    "%s;\n",
				    cc->rf[j].table,
				    ident(a, x->be,
					  rt_online_shadow_name(
					      a, cc->rf[j].name)));
			rt_buf_printf(&s->rollback,
				      "ALTER TABLE %s DROP COLUMN "
				      "IF EXISTS %s;\n",
				      x->q, ident(a, x->be, sh));
			if ((cc->not_null || c->set_not_null) &&
			    (error = add_not_null_check(s, a, x, sh, final,
							c->name)) < 0)
				return error;
			if ((error = shadow_indexes(s, a, x, c, cc, sh)) < 0 ||
			    (error = shadow_constraints(s, a, x, c, cc, sh)) <
				0)
				return error;
			shadow_references(s, a, x, cc);
		} else if (c->added) {
			rt_buf_printf(&s->expand,
				      "ALTER TABLE %s ADD COLUMN %s "
				      "%s",
				      x->q, ident(a, x->be, c->new_name),
				      c->type);
			if (c->default_sql && !c->volatile_default)
				rt_buf_printf(&s->expand, " DEFAULT %s%s",
					      c->default_sql,
					      c->not_null ? " NOT NULL" : "");
			rt_buf_puts(&s->expand, ";\n");
			if (c->volatile_default) {
				/* new rows get it now; existing rows are
				 * backfilled: a volatile default in ADD
				 * COLUMN would rewrite the table */
				rt_buf_printf(&s->expand,
					      "ALTER TABLE %s ALTER "
					      "COLUMN %s SET "
					      "DEFAULT %s;\n",
					      x->q,
					      ident(a, x->be, c->new_name),
					      c->default_sql);
				if (c->not_null &&
				    (error = add_not_null_check(
					 s, a, x, c->new_name, c->new_name,
					 c->new_name)) < 0)
					return error;
			}
			rt_buf_printf(&s->rollback,
				      "ALTER TABLE %s DROP COLUMN "
				      "IF EXISTS %s;\n",
				      x->q, ident(a, x->be, c->new_name));
		} else if (c->dropped) {
			rt_buf_printf(&s->contract,
				      "ALTER TABLE %s DROP COLUMN "
				      "%s;\n",
				      x->q, ident(a, x->be, c->name));
		} else {
			if (c->renamed)
				rt_buf_printf(&s->contract,
					      "ALTER TABLE %s RENAME COLUMN %s "
					      "TO %s;\n",
					      x->q, ident(a, x->be, c->name),
					      ident(a, x->be, final));
			if (c->set_not_null && !cc->not_null &&
			    (error = add_not_null_check(s, a, x, c->name, final,
							c->name)) < 0)
				return error;
		}
	}
	for (i = 0; i < t->constraints.len; i++) {
		const rt_online_constraint *k = t->constraints.items[i];

		if (k->kind == RT_ONLINE_UNIQUE) {
			rt_buf_printf(&s->post,
				      "%s;\nALTER TABLE %s ADD "
				      "CONSTRAINT %s UNIQUE USING "
				      "INDEX %s;\n",
				      concurrently(a, k->index_sql), x->q,
				      ident(a, x->be, k->name),
				      ident(a, x->be, k->name));
			rt_buf_printf(&s->rollback,
				      "DROP INDEX IF EXISTS %s;\n",
				      qualified(a, x->be, x->nspname, k->name));
		} else {
			rt_buf_printf(&s->expand, "%s;\n", k->clause);
			rt_buf_printf(&s->post,
				      "ALTER TABLE %s VALIDATE "
				      "CONSTRAINT %s;\n",
				      x->q, ident(a, x->be, k->name));
		}
		rt_buf_printf(&s->rollback,
			      "ALTER TABLE %s DROP CONSTRAINT IF "
			      "EXISTS %s;\n",
			      x->q, ident(a, x->be, k->name));
	}
	for (i = 0; i < t->indexes.len; i++) {
		const rt_online_index *ix = t->indexes.items[i];

		rt_buf_printf(&s->post, "%s;\n", concurrently(a, ix->sql));
		rt_buf_printf(&s->rollback, "DROP INDEX IF EXISTS %s;\n",
			      qualified(a, x->be, x->nspname, ix->name));
	}
	if (x->trigger && (error = trigger_sql(s, a, x)) < 0)
		return error;
	views_sql(s, a, x);
	if (strcmp(t->name, t->new_name) != 0)
		rt_buf_printf(&s->contract, "ALTER TABLE %s RENAME TO %s;\n",
			      x->q, ident(a, x->be, t->new_name));
	return 0;
}

/* The backfill of one table: what a batch sets and which rows need it. */
static int backfill_spec(const char **set, const char **pred, rt_arena *a,
			 const rt_online_xtable *x)
{
	rt_buf sb = RT_BUF_INIT, pb = RT_BUF_INIT;
	size_t i;
	int error = 0;

	rt_buf_init(&sb);
	rt_buf_init(&pb);
	for (i = 0; i < x->t->columns.len && !error; i++) {
		const rt_online_column *c = x->t->columns.items[i];
		char *up;

		if (c->retyped) {
			const char *sh = ident(a, x->be, phys_new(a, c));

			if ((error =
				 rt_online_rewrite(&up, a, c->up_using, 1, NULL,
						   NULL, 0, "_rt_t")) < 0)
				break;
			rt_buf_printf(&sb, "%s%s = %s", sb.len ? ", " : "", sh,
				      up);
			rt_buf_printf(&pb,
				      "%s(_rt_t.%s IS NULL AND _rt_t.%s IS "
				      "NOT NULL)",
				      pb.len ? " OR " : "", sh,
				      ident(a, x->be, c->name));
		} else if (c->volatile_default) {
			const char *col = ident(a, x->be, c->new_name);

			rt_buf_printf(&sb, "%s%s = coalesce(_rt_t.%s, %s)",
				      sb.len ? ", " : "", col, col,
				      c->default_sql);
			rt_buf_printf(&pb, "%s_rt_t.%s IS NULL",
				      pb.len ? " OR " : "", col);
		}
	}
	if (!error && !(error = rt_buf_check(&sb)) &&
	    !(error = rt_buf_check(&pb))) {
		*set = rt_arena_strdup(a, sb.ptr);
		*pred = rt_arena_strdup(a, pb.ptr);
		if (!*set || !*pred)
			error = RT_ERROR;
	}
	rt_buf_release(&sb);
	rt_buf_release(&pb);
	return error;
}

/* The state rows, appended to the expand transaction. */
int rt_online_state_sql(rt_buf *b, rt_arena *a, const rt_migration *m,
			const rt_online_scripts *s, const char *base,
			rt_online_xtable *xs, size_t n)
{
	size_t i;
	int pos = 0, error;

	rt_buf_puts(b, "DELETE FROM retort_online WHERE revision = ");
	rt_buf_put_sql_literal(b, m->name);
	rt_buf_puts(b, ";\nINSERT INTO retort_online (revision, checksum, "
		       "phase, old_schema, new_schema, base_schema, post_sql, "
		       "contract_sql, rollback_sql, started_by) VALUES (");
	rt_buf_put_sql_literal(b, m->name);
	rt_buf_puts(b, ", ");
	rt_buf_put_sql_literal(b, m->checksum);
	rt_buf_puts(b, ", 'backfill', ");
	rt_buf_put_sql_literal(b, s->old_schema);
	rt_buf_puts(b, ", ");
	rt_buf_put_sql_literal(b, s->new_schema);
	rt_buf_puts(b, ", ");
	rt_buf_put_sql_literal(b, base);
	rt_buf_puts(b, ", ");
	rt_buf_put_sql_literal(b, rt_buf_cstr(&s->post));
	rt_buf_puts(b, ", ");
	rt_buf_put_sql_literal(b, rt_buf_cstr(&s->contract));
	rt_buf_puts(b, ", ");
	rt_buf_put_sql_literal(b, rt_buf_cstr(&s->rollback));
	rt_buf_puts(b, ", ");
	rt_buf_put_sql_literal(b, rt_holder());
	rt_buf_puts(b, ");\n");
	for (i = 0; i < n; i++) {
		const char *set = NULL, *pred = NULL;

		if (!xs[i].backfill)
			continue;
		if ((error = backfill_spec(&set, &pred, a, &xs[i])) < 0)
			return error;
		rt_buf_printf(b, "INSERT INTO retort_online_table (revision, "
				 "position, table_name, pk, set_list, "
				 "predicate, rows_total) VALUES (");
		rt_buf_put_sql_literal(b, m->name);
		rt_buf_printf(b, ", %d, ", ++pos);
		rt_buf_put_sql_literal(b, xs[i].q);
		rt_buf_puts(b, ", ");
		rt_buf_put_sql_literal(b, pk_list(a, &xs[i]));
		rt_buf_puts(b, ", ");
		rt_buf_put_sql_literal(b, set);
		rt_buf_puts(b, ", ");
		rt_buf_put_sql_literal(b, pred);
		/* reltuples is -1 before the first ANALYZE */
		rt_buf_printf(
		    b, ", %lld);\n",
		    (long long)(xs[i].reltuples > 0 ? xs[i].reltuples : 0));
	}
	return rt_buf_check(b);
}

void rt_online_scripts_init(rt_online_scripts *s)
{
	memset(s, 0, sizeof(*s));
	rt_buf_init(&s->expand);
	rt_buf_init(&s->post);
	rt_buf_init(&s->contract);
	rt_buf_init(&s->rollback);
}

void rt_online_scripts_release(rt_online_scripts *s)
{
	rt_buf_release(&s->expand);
	rt_buf_release(&s->post);
	rt_buf_release(&s->contract);
	rt_buf_release(&s->rollback);
}

int rt_online_scripts_write(rt_online_scripts *s, rt_arena *a,
			    rt_online_xtable *xs, size_t n)
{
	const rt_backend *be = s->be;
	size_t i;
	int error;

	/* every relation first: the locks are taken at once, and the time
	 * they are held is measured from there. Contract and rollback drop
	 * the versions' views, which an application locks before the table
	 * behind them: they lock in that order too, or an application
	 * statement and the contract would wait for each other until the
	 * deadlock detector steps in (deadlock_timeout, 1 s) */
	for (i = 0; i < n; i++) {
		const char *head = i ? ", " : "LOCK TABLE ";

		rt_buf_printf(&s->expand, "%s%s", head, xs[i].q);
		rt_buf_printf(
		    &s->contract, "%s%s, %s", head,
		    qualified(a, be, s->new_schema, xs[i].t->new_name),
		    qualified(a, be, s->old_schema, xs[i].relname));
		rt_buf_printf(
		    &s->rollback, "%s%s, %s", head,
		    qualified(a, be, s->new_schema, xs[i].t->new_name),
		    qualified(a, be, s->old_schema, xs[i].relname));
	}
	for (i = 0; i < n; i++) {
		rt_buf_printf(&s->contract, ", %s", xs[i].q);
		rt_buf_printf(&s->rollback, ", %s", xs[i].q);
	}
	rt_buf_puts(&s->expand, " IN ACCESS EXCLUSIVE MODE;\n");
	rt_buf_puts(&s->contract, " IN ACCESS EXCLUSIVE MODE;\n");
	rt_buf_puts(&s->rollback, " IN ACCESS EXCLUSIVE MODE;\n");
	rt_buf_printf(&s->expand,
		      "CREATE SCHEMA IF NOT EXISTS %s;\nCREATE "
		      "SCHEMA IF NOT EXISTS %s;\n",
		      ident(a, be, s->old_schema), ident(a, be, s->new_schema));
	/* Both versions' schemas go at the end either way, first thing:
	 * their views use the columns that go. The surviving version loses
	 * nothing: its search_path falls through to the base schema, whose
	 * tables have its shape by then, and no view is left behind to
	 * block a later migration that changes those columns. */
	rt_buf_printf(&s->contract,
		      "DROP SCHEMA IF EXISTS %s CASCADE;\n"
		      "DROP SCHEMA IF EXISTS %s CASCADE;\n",
		      ident(a, be, s->old_schema), ident(a, be, s->new_schema));
	rt_buf_printf(&s->rollback,
		      "DROP SCHEMA IF EXISTS %s CASCADE;\n"
		      "DROP SCHEMA IF EXISTS %s CASCADE;\n",
		      ident(a, be, s->new_schema), ident(a, be, s->old_schema));
	for (i = 0; i < n; i++)
		if ((error = table_sql(s, a, &xs[i])) < 0)
			return error;
	if ((error = rt_buf_check(&s->expand)) < 0 ||
	    (error = rt_buf_check(&s->post)) < 0 ||
	    (error = rt_buf_check(&s->contract)) < 0)
		return error;
	return rt_buf_check(&s->rollback);
}
