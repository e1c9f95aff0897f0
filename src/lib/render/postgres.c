/*
 * render/postgres.c: changes as PostgreSQL SQL.
 *
 * Creates repeat the server's own definitions (pg_get_indexdef,
 * pg_get_viewdef, pg_get_constraintdef, pg_get_functiondef,
 * pg_get_triggerdef), read with search_path = pg_catalog, so every name
 * in them is schema-qualified and the SQL means the same under any
 * search_path. Tables are written from their columns; constraints and
 * foreign keys are added by ALTER TABLE after every table exists, as
 * pg_dump does, which also breaks cycles of foreign keys. Names are
 * quoted as quote_ident() would.
 */
#include "render/postgres_int.h"

/* Something written for step `s` (or `out`) cannot run in a transaction
 * block. */
static void concurrently(const pg_render *r, rt_render_step s)
{
	r->ro->no_transaction = 1;
	if (r->ro->split && !r->ro->down)
		r->ro->conc[s] = 1;
}

void rt_pgr_ident(rt_buf *out, const char *name)
{
	rt_pg_put_ident(out, name);
}

/* schema.name of an object, quoted */
static void qualified(rt_buf *out, const char *schema, const char *name)
{
	if (schema) {
		rt_pgr_ident(out, schema);
		rt_buf_putc(out, '.');
	}
	rt_pgr_ident(out, name);
}

static void qname(rt_buf *out, const rt_obj *o)
{
	if (o->qname && o->kind != RT_OBJ_INDEX &&
	    o->kind != RT_OBJ_CONSTRAINT && o->kind != RT_OBJ_FOREIGN_KEY &&
	    o->kind != RT_OBJ_TRIGGER && o->kind != RT_OBJ_POLICY)
		rt_buf_puts(out, o->qname);
	else if (o->kind == RT_OBJ_INDEX)
		qualified(out, o->schema, o->name); /* indexes: schema.name */
	else
		qualified(out, o->kind == RT_OBJ_SCHEMA ? NULL : o->schema,
			  o->name);
}

/* The table an object of a table belongs to. */
static void owner(rt_buf *out, const rt_obj *o)
{
	qualified(out, o->schema, o->table);
}

static const char *kind_word(const rt_obj *o)
{
	switch (o->kind) {
	case RT_OBJ_SCHEMA:
		return "SCHEMA";
	case RT_OBJ_EXTENSION:
		return "EXTENSION";
	case RT_OBJ_COLLATION:
		return "COLLATION";
	case RT_OBJ_ENUM:
	case RT_OBJ_DOMAIN:
	case RT_OBJ_COMPOSITE:
		return "TYPE";
	case RT_OBJ_SEQUENCE:
		return "SEQUENCE";
	case RT_OBJ_FUNCTION:
		return ((const rt_function *)o)->prokind == 'p' ? "PROCEDURE"
								: "FUNCTION";
	case RT_OBJ_TABLE:
		return "TABLE";
	case RT_OBJ_INDEX:
		return "INDEX";
	case RT_OBJ_VIEW:
		return "VIEW";
	case RT_OBJ_MATVIEW:
		return "MATERIALIZED VIEW";
	case RT_OBJ_CONSTRAINT:
	case RT_OBJ_FOREIGN_KEY:
		return "CONSTRAINT";
	case RT_OBJ_TRIGGER:
		return "TRIGGER";
	case RT_OBJ_POLICY:
		return "POLICY";
	default:
		return NULL;
	}
}

/* Objects named within their table: "name ON table". */
static int on_table(const rt_obj *o)
{
	return o->kind == RT_OBJ_CONSTRAINT || o->kind == RT_OBJ_FOREIGN_KEY ||
	       o->kind == RT_OBJ_TRIGGER || o->kind == RT_OBJ_POLICY;
}

void rt_pgr_comment_on(rt_buf *out, const rt_obj *o, const char *comment)
{
	rt_buf_printf(out, "COMMENT ON %s ", kind_word(o));
	if (on_table(o)) {
		rt_pgr_ident(out, o->name);
		rt_buf_puts(out, " ON ");
		owner(out, o);
	} else {
		qname(out, o);
	}
	rt_buf_puts(out, " IS ");
	if (comment)
		rt_buf_put_sql_literal(out, comment);
	else
		rt_buf_puts(out, "NULL");
	rt_buf_puts(out, ";\n");
}

/* The privileges a new object has before any GRANT, less its owner's:
 * PUBLIC may run functions and use types. */
static void default_acl(const rt_obj *o, const char *const **acl, size_t *n)
{
	static const char *const fn[] = {"PUBLIC EXECUTE"};
	static const char *const type[] = {"PUBLIC USAGE"};

	*n = 0;
	*acl = NULL;
	if (o->kind == RT_OBJ_FUNCTION) {
		*acl = fn;
		*n = 1;
	} else if (o->kind == RT_OBJ_ENUM || o->kind == RT_OBJ_DOMAIN ||
		   o->kind == RT_OBJ_COMPOSITE) {
		*acl = type;
		*n = 1;
	}
}

static int has_entry(const char *const *acl, size_t n, const char *e)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(acl[i], e))
			return 1;
	return 0;
}

/* One ACL entry, "grantee PRIVILEGE[ WITH GRANT OPTION]", as
 * "PRIVILEGE ON KIND name TO|FROM grantee". */
static void grant_line(rt_buf *out, const rt_obj *o, const char *e, int grant)
{
	const char *p = e, *priv;
	size_t glen;

	if (*p == '"') {
		for (p++; *p && !(*p == '"' && p[1] != '"'); p++)
			if (*p == '"')
				p++;
		if (*p)
			p++;
	} else {
		p += strcspn(p, " ");
	}
	glen = (size_t)(p - e);
	priv = *p ? p + 1 : p;
	rt_buf_puts(out, grant ? "GRANT " : "REVOKE ");
	rt_buf_put(out, priv, strcspn(priv, " "));
	rt_buf_puts(out, " ON ");
	switch (o->kind) {
	case RT_OBJ_SEQUENCE:
	case RT_OBJ_SCHEMA:
	case RT_OBJ_FUNCTION:
	case RT_OBJ_DOMAIN:
		rt_buf_printf(out, "%s ", kind_word(o));
		break;
	case RT_OBJ_ENUM:
	case RT_OBJ_COMPOSITE:
		rt_buf_puts(out, "TYPE ");
		break;
	default:
		rt_buf_puts(out, "TABLE ");
	}
	qname(out, o);
	rt_buf_puts(out, grant ? " TO " : " FROM ");
	rt_buf_put(out, e, glen);
	if (grant && strstr(priv, " WITH GRANT OPTION"))
		rt_buf_puts(out, " WITH GRANT OPTION");
	rt_buf_puts(out, ";\n");
}

/* REVOKE what `from` has and `to` has not, then GRANT the reverse. */
static void grants(rt_buf *out, const rt_obj *o, const char *const *from,
		   size_t nfrom, const char *const *to, size_t nto)
{
	size_t i;

	for (i = 0; i < nfrom; i++)
		if (!has_entry(to, nto, from[i]))
			grant_line(out, o, from[i], 0);
	for (i = 0; i < nto; i++)
		if (!has_entry(from, nfrom, to[i]))
			grant_line(out, o, to[i], 1);
}

/* The privileges of a new object, from its defaults. */
static void new_grants(rt_buf *out, const rt_obj *o)
{
	const char *const *def;
	size_t ndef;

	default_acl(o, &def, &ndef);
	grants(out, o, def, ndef, (const char *const *)o->acl, o->nacl);
}

void rt_pgr_column_comment(rt_buf *out, const rt_obj *t, const rt_column *c,
			   const char *comment)
{
	rt_buf_puts(out, "COMMENT ON COLUMN ");
	qname(out, t);
	rt_buf_printf(out, ".%s IS ", c->qname);
	if (comment)
		rt_buf_put_sql_literal(out, comment);
	else
		rt_buf_puts(out, "NULL");
	rt_buf_puts(out, ";\n");
}

void rt_pgr_alter_table(rt_buf *out, const rt_obj *t)
{
	rt_buf_puts(out, "ALTER TABLE ");
	qname(out, t);
	rt_buf_putc(out, ' ');
}

/* A column as CREATE TABLE and ADD COLUMN write it. */
static void column_def(rt_buf *out, const rt_column *c)
{
	rt_buf_printf(out, "%s %s", c->qname, c->type);
	if (c->collation)
		rt_buf_printf(out, " COLLATE %s", c->collation);
	if (c->generated)
		rt_buf_printf(out, " GENERATED ALWAYS AS (%s) STORED",
			      c->generated);
	else if (c->identity)
		rt_buf_printf(out, " GENERATED %s AS IDENTITY%s%s%s",
			      !strcmp(c->identity, "always") ? "ALWAYS"
							     : "BY DEFAULT",
			      c->identity_options ? " (" : "",
			      c->identity_options ? c->identity_options : "",
			      c->identity_options ? ")" : "");
	if (c->default_expr)
		rt_buf_printf(out, " DEFAULT %s", c->default_expr);
	/* identity columns are NOT NULL by themselves */
	if (c->not_null && !c->identity)
		rt_buf_puts(out, " NOT NULL");
}

void rt_pgr_rls(rt_buf *out, const rt_table *t, int enabled, int forced)
{
	if (enabled != t->rls_enabled) {
		rt_pgr_alter_table(out, &t->obj);
		rt_buf_printf(out, "%s ROW LEVEL SECURITY;\n",
			      t->rls_enabled ? "ENABLE" : "DISABLE");
	}
	if (forced != t->rls_forced) {
		rt_pgr_alter_table(out, &t->obj);
		rt_buf_printf(out, "%sFORCE ROW LEVEL SECURITY;\n",
			      t->rls_forced ? "" : "NO ");
	}
}

static void create_table(rt_buf *out, const rt_table *t)
{
	size_t i, n = 0;

	rt_buf_printf(out, "CREATE %sTABLE ", t->unlogged ? "UNLOGGED " : "");
	qname(out, &t->obj);
	if (t->partition_of) {
		rt_buf_printf(out, " PARTITION OF %s %s", t->partition_of,
			      t->partition_bound);
	} else {
		rt_buf_puts(out, " (");
		for (i = 0; i < t->ncolumns; i++) {
			if (t->columns[i].inherited)
				continue; /* comes from a parent */
			rt_buf_puts(out, n++ ? ",\n    " : "\n    ");
			column_def(out, &t->columns[i]);
		}
		rt_buf_puts(out, n ? "\n)" : ")");
		if (t->inherits)
			rt_buf_printf(out, " INHERITS (%s)", t->inherits);
	}
	if (t->partition_key)
		rt_buf_printf(out, " PARTITION BY %s", t->partition_key);
	if (t->options)
		rt_buf_printf(out, " WITH (%s)", t->options);
	rt_buf_puts(out, ";\n");
	if (t->obj.comment)
		rt_pgr_comment_on(out, &t->obj, t->obj.comment);
	for (i = 0; i < t->ncolumns; i++)
		if (t->columns[i].comment)
			rt_pgr_column_comment(out, &t->obj, &t->columns[i],
					      t->columns[i].comment);
	rt_pgr_rls(out, t, 0, 0);
	new_grants(out, &t->obj);
}

/* A relation (table or materialized view) of that name in `cat`. */
const rt_table *rt_pgr_relation(const rt_catalog *cat, const char *schema,
				const char *name)
{
	const rt_obj *t = rt_catalog_find(cat, RT_OBJ_TABLE, schema, NULL,
					  name);

	if (!t)
		t = rt_catalog_find(cat, RT_OBJ_MATVIEW, schema, NULL, name);
	return (const rt_table *)t;
}

/*
 * Does the safe form apply to `o`, an object of a table? Only when the
 * table is there before and after the change (applications may be using
 * it; a table made in the same migration is locked by nobody) and is
 * not partitioned (no CONCURRENTLY nor NOT VALID on a partitioned
 * parent).
 */
int rt_pgr_safe_on(const pg_render *r, const rt_obj *o)
{
	const rt_table *before;

	if (!r->ro || !r->ro->safe || !o->table)
		return 0;
	before = rt_pgr_relation(r->from, o->schema, o->table);
	return before && !before->partition_key &&
	       rt_pgr_relation(r->to, o->schema, o->table);
}

/*
 * The server prints an index of a partitioned table "ON ONLY parent",
 * as pg_dump writes it before attaching each partition's index. Run as
 * it is, that index stays invalid and the partitions get none: a valid
 * one is created without ONLY, which builds it on every partition
 * (attaching a partition's matching index where there is one) and
 * leaves it valid. An invalid one is written as it is.
 */
static void create_index(rt_buf *out, const rt_index *ix)
{
	const char *def = ix->obj.definition, *only = strstr(def, " ON ONLY ");

	if (ix->invalid || !only) {
		rt_render_stmt(out, def);
		return;
	}
	rt_buf_put(out, def, (size_t)(only - def) + strlen(" ON "));
	rt_render_stmt(out, only + strlen(" ON ONLY "));
}

/* "CREATE [UNIQUE] INDEX name ..." as "CREATE [UNIQUE] INDEX
 * CONCURRENTLY name ...": a SHARE UPDATE EXCLUSIVE lock, so writes go on
 * while it builds. */
static int create_index_concurrently(rt_buf *out, const pg_render *r,
				     const rt_obj *o)
{
	const char *def = o->definition, *at = strstr(def, " INDEX ");

	if (!at || strncmp(def, "CREATE ", 7) != 0 ||
	    strstr(def, "CONCURRENTLY"))
		return 0;
	at += strlen(" INDEX ");
	out = at_step(r, out, RT_STEP_CONC);
	rt_buf_put(out, def, (size_t)(at - def));
	rt_buf_puts(out, "CONCURRENTLY ");
	rt_render_stmt(out, at);
	concurrently(r, RT_STEP_CONC);
	return 1;
}

/* The text after the parenthesized list that starts at `open`, or NULL
 * when the list does not close. */
static const char *after_parens(const char *open)
{
	int depth = 0, quoted = 0;
	const char *p;

	for (p = open; *p; p++) {
		if (*p == '"')
			quoted = !quoted;
		else if (!quoted && *p == '(')
			depth++;
		else if (!quoted && *p == ')' && --depth == 0)
			return p + 1;
	}
	return NULL;
}

/* The parenthesized column list that starts at `open`, without the
 * parentheses, into `out`; 0 when there is none. */
static int column_list(char *out, size_t size, const char *open)
{
	const char *end;

	if (!open || *open != '(' || !(end = after_parens(open)) ||
	    (size_t)(end - open - 2) >= size)
		return 0;
	memcpy(out, open + 1, (size_t)(end - open - 2));
	out[end - open - 2] = '\0';
	return 1;
}

int rt_pgr_in_list(const char *list, const char *name, size_t n);

/* Do two ", "-separated column lists name the same columns? */
static int same_columns(const char *a, const char *b)
{
	const char *p = a;
	size_t na = 1, nb = 1;

	for (; *p; p++)
		na += *p == ',';
	for (p = b; *p; p++)
		nb += *p == ',';
	if (na != nb)
		return 0;
	for (p = a; p && *p;) {
		const char *e = strstr(p, ", ");
		size_t len = e ? (size_t)(e - p) : strlen(p);

		if (!rt_pgr_in_list(b, p, len))
			return 0;
		p = e ? e + 2 : NULL;
	}
	return 1;
}

/*
 * Does foreign key `fk` (of `with`) reference columns that a unique
 * constraint or unique index of `with` covers and `without` lacks: one
 * the same change builds, concurrently on a table in use? The referenced
 * table and columns are read from the server's definition
 * ("... REFERENCES schema.table(a, b) ...").
 */
static int references_new_index(const rt_obj *fk, const rt_catalog *with,
				const rt_catalog *without)
{
	const char *ref = strstr(fk->definition, " REFERENCES ");
	const rt_obj *t = NULL;
	char cols[512], ucols[512];
	size_t k, i, n;

	if (!ref)
		return 0;
	ref += strlen(" REFERENCES ");
	n = strcspn(ref, "(");
	if (!column_list(cols, sizeof(cols), ref + n))
		return 0;
	for (k = 0; k < fk->ndeps && !t; k++) {
		const rt_obj *d = fk->deps[k];

		if (d->kind == RT_OBJ_TABLE && d->qname &&
		    strlen(d->qname) == n && !strncmp(d->qname, ref, n))
			t = d;
	}
	for (i = 0; t && i < with->nobjs; i++) {
		const rt_obj *u = with->objs[i];
		const char *open = NULL;

		if (!u->table || strcmp(u->table, t->name) ||
		    strcmp(u->schema, t->schema) || !u->definition)
			continue;
		if (u->kind == RT_OBJ_CONSTRAINT &&
		    !strncmp(u->definition, "UNIQUE (", 8))
			open = u->definition + 7;
		else if (u->kind == RT_OBJ_CONSTRAINT &&
			 !strncmp(u->definition, "PRIMARY KEY (", 13))
			open = u->definition + 12;
		else if (u->kind == RT_OBJ_INDEX &&
			 !strncmp(u->definition, "CREATE UNIQUE INDEX ", 20) &&
			 strstr(u->definition, " ON "))
			open = strchr(strstr(u->definition, " ON "), '(');
		if (open && column_list(ucols, sizeof(ucols), open) &&
		    same_columns(cols, ucols) &&
		    !rt_catalog_find(without, u->kind, u->schema, u->table,
				     u->name))
			return 1;
	}
	return 0;
}

/*
 * A constraint on an existing table without the long lock: a foreign
 * key or check added NOT VALID (no scan under the ACCESS EXCLUSIVE-ish
 * lock) and validated after (SHARE UPDATE EXCLUSIVE: writes go on); a
 * unique constraint or primary key over a unique index built
 * concurrently, then attached. Other definitions (EXCLUDE, INCLUDE,
 * options) keep the plain form.
 */
static int add_constraint_safely(rt_buf *out, const pg_render *r,
				 const rt_obj *o)
{
	const char *def = o->definition, *word, *open, *rest;

	if (!strncmp(def, "FOREIGN KEY", 11) || !strncmp(def, "CHECK", 5)) {
		rt_buf *v = at_step(r, out, RT_STEP_VALIDATE);

		if (strstr(def, "NOT VALID"))
			return 0;
		rt_buf_puts(out, "ALTER TABLE ");
		owner(out, o);
		rt_buf_puts(out, " ADD CONSTRAINT ");
		rt_pgr_ident(out, o->name);
		rt_buf_printf(out, " %s NOT VALID;\n", def);
		/* validated once the add has committed: a later migration
		 * when splitting, whose down makes it NOT VALID again */
		rt_buf_puts(v, "ALTER TABLE ");
		owner(v, o);
		rt_buf_puts(v, " VALIDATE CONSTRAINT ");
		rt_pgr_ident(v, o->name);
		rt_buf_puts(v, ";\n");
		if (split_up(r)) {
			rt_buf *u = &r->ro->undo[RT_STEP_VALIDATE];

			rt_buf_puts(u, "ALTER TABLE ");
			owner(u, o);
			rt_buf_puts(u, " DROP CONSTRAINT ");
			rt_pgr_ident(u, o->name);
			rt_buf_puts(u, ";\nALTER TABLE ");
			owner(u, o);
			rt_buf_puts(u, " ADD CONSTRAINT ");
			rt_pgr_ident(u, o->name);
			rt_buf_printf(u, " %s NOT VALID;\n", def);
		}
		return 1;
	}
	if (!strncmp(def, "UNIQUE (", 8))
		word = "UNIQUE";
	else if (!strncmp(def, "PRIMARY KEY (", 13))
		word = "PRIMARY KEY";
	else
		return 0;
	open = def + strlen(word) + 1;
	rest = after_parens(open);
	if (!rest || (*rest && strncmp(rest, " DEFERRABLE", 11) != 0 &&
		      strncmp(rest, " NOT DEFERRABLE", 15) != 0))
		return 0;
	/* the constraint is made over the index in the same section: its
	 * down (DROP CONSTRAINT) takes the index along */
	out = at_step(r, out, RT_STEP_CONC);
	rt_buf_puts(out, "CREATE UNIQUE INDEX CONCURRENTLY ");
	rt_pgr_ident(out, o->name);
	rt_buf_puts(out, " ON ");
	owner(out, o);
	rt_buf_putc(out, ' ');
	rt_buf_put(out, open, (size_t)(rest - open));
	rt_buf_puts(out, ";\nALTER TABLE ");
	owner(out, o);
	rt_buf_puts(out, " ADD CONSTRAINT ");
	rt_pgr_ident(out, o->name);
	rt_buf_printf(out, " %s USING INDEX ", word);
	rt_pgr_ident(out, o->name);
	rt_buf_printf(out, "%s;\n", rest);
	concurrently(r, RT_STEP_CONC);
	return 1;
}

static void create(rt_buf *out, const rt_obj *o, const pg_render *r)
{
	switch (o->kind) {
	case RT_OBJ_TABLE:
		create_table(out, (const rt_table *)o);
		return;
	case RT_OBJ_CONSTRAINT:
	case RT_OBJ_FOREIGN_KEY:
		/* a key may reference a unique index that is built
		 * concurrently, after the main step: it waits for it */
		if (o->kind == RT_OBJ_FOREIGN_KEY && split_up(r) &&
		    references_new_index(o, r->to, r->from))
			out = at_step(r, out, RT_STEP_ATTACH);
		/* a split down runs in one transaction but for its
		 * indexes: constraints are added plainly there */
		if (rt_pgr_safe_on(r, o) && !split_down(r) &&
		    add_constraint_safely(out, r, o)) {
			/* after the constraint's last statement */
			if (!strncmp(o->definition, "UNIQUE", 6) ||
			    !strncmp(o->definition, "PRIMARY", 7))
				out = at_step(r, out, RT_STEP_VALIDATE);
			break;
		}
		rt_buf_puts(out, "ALTER TABLE ");
		owner(out, o);
		rt_buf_puts(out, " ADD CONSTRAINT ");
		rt_pgr_ident(out, o->name);
		rt_buf_putc(out, ' ');
		rt_render_stmt(out, o->definition);
		break;
	case RT_OBJ_INDEX:
		if (rt_pgr_safe_on(r, o) &&
		    create_index_concurrently(out, r, o)) {
			/* a comment waits for the index, in a transaction */
			out = at_step(r, out, RT_STEP_VALIDATE);
			break;
		}
		create_index(out, (const rt_index *)o);
		break;
	default:
		rt_render_stmt(out, o->definition);
	}
	if (o->comment && o->kind != RT_OBJ_EXTENSION)
		rt_pgr_comment_on(out, o, o->comment);
	if (o->kind == RT_OBJ_VIEW || o->kind == RT_OBJ_MATVIEW) {
		const rt_table *v = (const rt_table *)o;
		size_t i;

		for (i = 0; i < v->ncolumns; i++)
			if (v->columns[i].comment)
				rt_pgr_column_comment(out, o, &v->columns[i],
						      v->columns[i].comment);
	}
	new_grants(out, o);
}

static void drop(rt_buf *out, const rt_change *c, const pg_render *r)
{
	const rt_obj *o = c->from;

	if (c->data_loss && o->kind == RT_OBJ_TABLE) {
		size_t at = out->len;

		rt_buf_puts(out, "-- data loss: drops table ");
		qname(out, o);
		rt_buf_puts(out, " and its rows");
		rt_buf_comment_since(out, at); /* a name may hold a newline */
		rt_buf_putc(out, '\n');
	}
	if (o->kind == RT_OBJ_CONSTRAINT || o->kind == RT_OBJ_FOREIGN_KEY) {
		rt_buf_puts(out, "ALTER TABLE ");
		owner(out, o);
		rt_buf_puts(out, " DROP CONSTRAINT ");
		rt_pgr_ident(out, o->name);
		rt_buf_puts(out, ";\n");
		return;
	}
	/* without the ACCESS EXCLUSIVE lock that waits for every reader */
	if (o->kind == RT_OBJ_INDEX && !c->old_name && rt_pgr_safe_on(r, o)) {
		out = at_step(r, out, RT_STEP_DROP_CONC);
		rt_buf_puts(out, "DROP INDEX CONCURRENTLY ");
		concurrently(r, RT_STEP_DROP_CONC);
	} else {
		rt_buf_printf(out, "DROP %s ", kind_word(o));
	}
	if (on_table(o)) {
		rt_pgr_ident(out, o->name);
		rt_buf_puts(out, " ON ");
		owner(out, o);
	} else if (c->old_name) {
		qualified(out, o->schema, c->old_name);
	} else {
		qname(out, o);
	}
	rt_buf_puts(out, ";\n");
}

/* "... WITH SCHEMA s VERSION 'v'" of an extension's definition. */
static const char *ext_part(const rt_obj *o, const char *key)
{
	const char *p = strstr(o->definition, key);

	return p ? p + strlen(key) : "";
}

/*
 * ALTER SEQUENCE with the options that change. It keeps the counter,
 * which a narrower range may leave outside (the server then refuses):
 * the counter restarts at START WITH when the range shrinks.
 */
static void alter_sequence(rt_buf *out, const rt_sequence *f,
			   const rt_sequence *t)
{
	int shrinks = strtoll(t->min, NULL, 10) > strtoll(f->min, NULL, 10) ||
		      strtoll(t->max, NULL, 10) < strtoll(f->max, NULL, 10);

	if (shrinks)
		rt_buf_puts(out, "-- the range narrows: the counter restarts "
				 "at START WITH\n");
	rt_buf_puts(out, "ALTER SEQUENCE ");
	qname(out, &t->obj);
	if (strcmp(f->type, t->type))
		rt_buf_printf(out, " AS %s", t->type);
	if (strcmp(f->increment, t->increment))
		rt_buf_printf(out, " INCREMENT BY %s", t->increment);
	if (strcmp(f->min, t->min))
		rt_buf_printf(out, " MINVALUE %s", t->min);
	if (strcmp(f->max, t->max))
		rt_buf_printf(out, " MAXVALUE %s", t->max);
	if (strcmp(f->start, t->start))
		rt_buf_printf(out, " START WITH %s", t->start);
	if (strcmp(f->cache, t->cache))
		rt_buf_printf(out, " CACHE %s", t->cache);
	if (f->cycle != t->cycle)
		rt_buf_puts(out, t->cycle ? " CYCLE" : " NO CYCLE");
	if (shrinks)
		rt_buf_puts(out, " RESTART");
	rt_buf_puts(out, ";\n");
}

static int same_str(const char *a, const char *b)
{
	return a && b ? !strcmp(a, b) : a == b;
}

static int has_check(const rt_domain *d, const char *name, const char *def)
{
	size_t i;

	for (i = 0; i < d->nchecks; i++)
		if (!strcmp(d->check_names[i], name) &&
		    !strcmp(d->checks[i], def))
			return 1;
	return 0;
}

/* Does `d` have check `name` as `def` without its NOT VALID? */
static int validated_check(const rt_domain *d, const char *name,
			   const char *def)
{
	size_t i;

	for (i = 0; i < d->nchecks; i++)
		if (!strcmp(d->check_names[i], name) &&
		    rt_pg_validates(def, d->checks[i]))
			return 1;
	return 0;
}

/* ... or `def` NOT VALID: a validation, not a new check */
static int validated_from(const rt_domain *d, const char *name, const char *def)
{
	size_t i;

	for (i = 0; i < d->nchecks; i++)
		if (!strcmp(d->check_names[i], name) &&
		    rt_pg_validates(d->checks[i], def))
			return 1;
	return 0;
}

/* ALTER DOMAIN for what changes (the base type stays). */
static void alter_domain(rt_buf *out, const rt_domain *f, const rt_domain *t)
{
	size_t i;

	if (!same_str(f->default_expr, t->default_expr)) {
		rt_buf_printf(out, "ALTER DOMAIN %s ", t->obj.qname);
		if (t->default_expr)
			rt_buf_printf(out, "SET DEFAULT %s;\n",
				      t->default_expr);
		else
			rt_buf_puts(out, "DROP DEFAULT;\n");
	}
	if (f->not_null != t->not_null)
		rt_buf_printf(out, "ALTER DOMAIN %s %s NOT NULL;\n",
			      t->obj.qname, t->not_null ? "SET" : "DROP");
	for (i = 0; i < f->nchecks; i++)
		if (!has_check(t, f->check_names[i], f->checks[i]) &&
		    !validated_check(t, f->check_names[i], f->checks[i]))
			rt_buf_printf(out,
				      "ALTER DOMAIN %s DROP CONSTRAINT %s;\n",
				      t->obj.qname, f->check_names[i]);
	for (i = 0; i < f->nchecks; i++)
		if (validated_check(t, f->check_names[i], f->checks[i]))
			rt_buf_printf(out,
				      "ALTER DOMAIN %s VALIDATE CONSTRAINT "
				      "%s;\n",
				      t->obj.qname, f->check_names[i]);
	for (i = 0; i < t->nchecks; i++)
		if (!has_check(f, t->check_names[i], t->checks[i]) &&
		    !validated_from(f, t->check_names[i], t->checks[i]))
			rt_buf_printf(
			    out, "ALTER DOMAIN %s ADD CONSTRAINT %s %s;\n",
			    t->obj.qname, t->check_names[i], t->checks[i]);
}

/* Does anything of `cat` depend on `o`? */
static int has_dependants(const rt_catalog *cat, const rt_obj *o)
{
	size_t i, k;

	for (i = 0; i < cat->nobjs; i++)
		for (k = 0; k < cat->objs[i]->ndeps; k++)
			if (cat->objs[i]->deps[k] == o)
				return 1;
	return 0;
}

static void replace(rt_buf *out, const rt_change *c, const rt_catalog *from)
{
	const rt_obj *f = c->from, *t = c->to;

	switch (t->kind) {
	case RT_OBJ_VIEW: {
		const rt_table *fv = (const rt_table *)f;
		const rt_table *tv = (const rt_table *)t;
		size_t i;

		/* "CREATE VIEW" is where the definition starts */
		rt_buf_puts(out, "CREATE OR REPLACE");
		rt_render_stmt(out, t->definition + strlen("CREATE"));
		/* it keeps the old columns' comments */
		for (i = 0; i < tv->ncolumns; i++)
			if (!same_str(i < fv->ncolumns ? fv->columns[i].comment
						       : NULL,
				      tv->columns[i].comment))
				rt_pgr_column_comment(out, t, &tv->columns[i],
						      tv->columns[i].comment);
		break;
	}
	case RT_OBJ_SEQUENCE:
		alter_sequence(out, (const rt_sequence *)f,
			       (const rt_sequence *)t);
		break;
	case RT_OBJ_EXTENSION: {
		const char *fs = ext_part(f, " WITH SCHEMA ");
		const char *ts = ext_part(t, " WITH SCHEMA ");
		const char *fv = ext_part(f, " VERSION "),
			   *tv = ext_part(t, " VERSION ");

		if (strcmp(fv, tv) && !has_dependants(from, f)) {
			/* extensions ship update scripts forward only: one
			 * nothing uses is made again at its version */
			rt_buf_puts(out, "DROP EXTENSION ");
			qname(out, f);
			rt_buf_puts(out, ";\n");
			rt_render_stmt(out, t->definition);
			break;
		}
		if (strcmp(fv, tv)) {
			rt_buf_puts(out, "ALTER EXTENSION ");
			qname(out, t);
			rt_buf_printf(out, " UPDATE TO %s;\n", tv);
		}
		if (strncmp(fs, ts, (size_t)(tv - ts))) {
			rt_buf_puts(out, "ALTER EXTENSION ");
			qname(out, t);
			rt_buf_printf(out, " SET SCHEMA %.*s;\n",
				      (int)(strstr(ts, " VERSION ") - ts), ts);
		}
		break;
	}
	case RT_OBJ_DOMAIN:
		alter_domain(out, (const rt_domain *)f, (const rt_domain *)t);
		break;
	case RT_OBJ_COMPOSITE: {
		const rt_table *fc = (const rt_table *)f;
		const rt_table *tc = (const rt_table *)t;
		size_t i;

		for (i = 0; i < fc->ncolumns; i++)
			if (!rt_table_column(tc, fc->columns[i].name, 0))
				rt_buf_printf(out,
					      "ALTER TYPE %s DROP ATTRIBUTE "
					      "%s;\n",
					      t->qname, fc->columns[i].qname);
		for (i = 0; i < tc->ncolumns; i++) {
			const rt_column *a = &tc->columns[i];

			if (rt_table_column(fc, a->name, 0))
				continue;
			rt_buf_printf(out, "ALTER TYPE %s ADD ATTRIBUTE %s %s",
				      t->qname, a->qname, a->type);
			if (a->collation)
				rt_buf_printf(out, " COLLATE %s", a->collation);
			rt_buf_puts(out, ";\n");
		}
		break;
	}
	case RT_OBJ_SCHEMA:
		break;
	case RT_OBJ_CONSTRAINT:
	case RT_OBJ_FOREIGN_KEY:
		/* the same constraint, NOT VALID before (pg_can_replace):
		 * the rows are checked now, without blocking writes */
		rt_buf_puts(out, "ALTER TABLE ");
		owner(out, t);
		rt_buf_puts(out, " VALIDATE CONSTRAINT ");
		rt_pgr_ident(out, t->name);
		rt_buf_puts(out, ";\n");
		break;
	default:
		rt_render_stmt(out, t->definition);
	}
	if ((f->comment || t->comment) &&
	    (!f->comment || !t->comment || strcmp(f->comment, t->comment)))
		rt_pgr_comment_on(out, t, t->comment);
}

static int render_one(rt_buf *out, const rt_change *c, const pg_render *r)
{
	const rt_obj *o = c->to ? c->to : c->from;

	switch (c->kind) {
	case RT_CHANGE_CREATE:
		create(out, c->to, r);
		break;
	case RT_CHANGE_DROP:
		drop(out, c, r);
		break;
	case RT_CHANGE_REPLACE:
		replace(out, c, r->from);
		break;
	case RT_CHANGE_COMMENT:
		rt_pgr_comment_on(out, c->to, c->to->comment);
		break;
	case RT_CHANGE_RENAME_TABLE:
		rt_pgr_alter_table(out, c->from);
		rt_buf_puts(out, "RENAME TO ");
		rt_pgr_ident(out, c->to->name);
		rt_buf_puts(out, ";\n");
		break;
	case RT_CHANGE_RENAME_COLUMN:
		rt_pgr_alter_table(out, c->to);
		rt_buf_printf(out, "RENAME COLUMN %s TO %s;\n",
			      c->column_from->qname, c->column_to->qname);
		break;
	case RT_CHANGE_RENAME:
		/* an index's name is its schema's, a constraint's its
		 * table's (the one it has after a table rename) */
		if (c->to->kind == RT_OBJ_INDEX) {
			rt_buf_puts(out, "ALTER INDEX ");
			qname(out, c->from);
		} else {
			rt_buf_puts(out, "ALTER TABLE ");
			owner(out, c->to);
			rt_buf_puts(out, " RENAME CONSTRAINT ");
			rt_pgr_ident(out, c->from->name);
		}
		rt_buf_puts(out, c->to->kind == RT_OBJ_INDEX ? " RENAME TO "
							     : " TO ");
		rt_pgr_ident(out, c->to->name);
		rt_buf_puts(out, ";\n");
		break;
	case RT_CHANGE_ADD_COLUMN:
		rt_pgr_alter_table(out, c->to);
		rt_buf_puts(out, "ADD COLUMN ");
		column_def(out, c->column_to);
		rt_buf_puts(out, ";\n");
		if (c->column_to->comment)
			rt_pgr_column_comment(out, c->to, c->column_to,
					      c->column_to->comment);
		break;
	case RT_CHANGE_DROP_COLUMN:
		if (c->readd && !c->data_loss) {
			rt_buf_puts(out, "-- a generated column is added "
					 "again below\n");
		} else {
			size_t at = out->len;

			rt_buf_puts(out, "-- data loss: drops column ");
			qname(out, c->to);
			rt_buf_printf(out, ".%s", c->column_from->qname);
			rt_buf_comment_since(out, at);
			rt_buf_putc(out, '\n');
		}
		rt_buf_puts(out, "ALTER TABLE ");
		if (c->only)
			rt_buf_puts(out, "ONLY ");
		qname(out, c->to);
		rt_buf_printf(out, " DROP COLUMN %s;\n", c->column_from->qname);
		break;
	case RT_CHANGE_ALTER_COLUMN:
		rt_pgr_alter_column(out, c, r);
		break;
	case RT_CHANGE_ALTER_TABLE:
		rt_pgr_alter_table_attrs(out, c);
		break;
	case RT_CHANGE_ENUM_ADD_VALUE:
		/*
		 * PostgreSQL 12+ runs ADD VALUE inside the migration's
		 * transaction, but the new label cannot be used until that
		 * transaction commits ("unsafe use of new value"): a
		 * default, a check or a row that uses it belongs in a later
		 * migration.
		 */
		rt_buf_puts(out, "ALTER TYPE ");
		qname(out, c->to);
		rt_buf_puts(out, " ADD VALUE ");
		rt_buf_put_sql_literal(out, c->label);
		if (c->label_before) {
			rt_buf_puts(out, " BEFORE ");
			rt_buf_put_sql_literal(out, c->label_before);
		} else if (c->label_after) {
			rt_buf_puts(out, " AFTER ");
			rt_buf_put_sql_literal(out, c->label_after);
		}
		rt_buf_puts(out, ";\n");
		break;
	case RT_CHANGE_RENAME_OLD:
		rt_buf_puts(out, "-- the type is made again: moved aside, the "
				 "columns using it cast, then dropped\n");
		rt_buf_printf(out, "ALTER %s ", kind_word(c->from));
		qname(out, c->from);
		rt_buf_puts(out, " RENAME TO ");
		rt_pgr_ident(out, c->old_name);
		rt_buf_puts(out, ";\n");
		break;
	case RT_CHANGE_OWNED_BY: {
		const rt_sequence *s = (const rt_sequence *)c->to;

		rt_buf_puts(out, "ALTER SEQUENCE ");
		qname(out, c->to);
		rt_buf_puts(out, " OWNED BY ");
		qname(out, s->owner);
		rt_buf_printf(out, ".%s;\n", s->owner_qcol);
		break;
	}
	case RT_CHANGE_DISOWN:
		rt_buf_puts(out, "ALTER SEQUENCE ");
		qname(out, c->from);
		rt_buf_puts(out, " OWNED BY NONE;\n");
		break;
	case RT_CHANGE_GRANT:
		grants(out, c->to, (const char *const *)c->from->acl,
		       c->from->nacl, (const char *const *)c->to->acl,
		       c->to->nacl);
		break;
	case RT_CHANGE_DETACH:
		rt_buf_printf(out, "ALTER TABLE %s DETACH PARTITION ",
			      ((const rt_table *)c->from)->partition_of);
		qname(out, c->from);
		rt_buf_puts(out, ";\n");
		break;
	case RT_CHANGE_ATTACH:
		rt_buf_printf(out, "ALTER TABLE %s ATTACH PARTITION ",
			      ((const rt_table *)c->to)->partition_of);
		qname(out, c->to);
		rt_buf_printf(out, " %s;\n",
			      ((const rt_table *)c->to)->partition_bound);
		break;
	default:
		return rt_error_set(RT_ERROR_USAGE,
				    "cannot express this change to %s '%s' in "
				    "PostgreSQL",
				    rt_obj_kind_name(o->kind), o->name);
	}
	return 0;
}

/*
 * Splitting: the step of a change. Up, everything starts in the main step
 * and the safe forms move their statements on (create, drop,
 * set_not_null_safely). Down, each change goes to the step of the up
 * statement it undoes: an index built or dropped concurrently, a
 * constraint made over an index built concurrently, a foreign key added
 * NOT VALID, an enum that gained
 * labels in the enum step (made again without them).
 */
static rt_render_step step_of(const pg_render *r, const rt_change *c)
{
	const rt_obj *o = c->to ? c->to : c->from;

	if (!split_down(r))
		return c->kind == RT_CHANGE_ENUM_ADD_VALUE && r->ro &&
				       r->ro->split && r->ro->enum_step
			   ? RT_STEP_ENUM
			   : RT_STEP_MAIN;
	switch (c->kind) {
	case RT_CHANGE_DROP:
		if (c->old_name)
			return rt_pgr_undoes_add_value(r, c->from)
				   ? RT_STEP_ENUM
				   : RT_STEP_MAIN;
		if (o->kind == RT_OBJ_INDEX && rt_pgr_safe_on(r, o))
			return RT_STEP_CONC;
		if (o->kind == RT_OBJ_FOREIGN_KEY &&
		    references_new_index(o, r->from, r->to))
			return RT_STEP_ATTACH;
		if (o->kind == RT_OBJ_CONSTRAINT && rt_pgr_safe_on(r, o) &&
		    (!strncmp(o->definition, "UNIQUE (", 8) ||
		     !strncmp(o->definition, "PRIMARY KEY (", 13)))
			return RT_STEP_CONC;
		return RT_STEP_MAIN;
	case RT_CHANGE_CREATE:
		if (o->kind == RT_OBJ_INDEX && rt_pgr_safe_on(r, o))
			return RT_STEP_DROP_CONC;
		if (o->kind == RT_OBJ_ENUM &&
		    rt_catalog_find(r->from, RT_OBJ_ENUM, o->schema, NULL,
				    o->name))
			return rt_pgr_undoes_add_value(r, o) ? RT_STEP_ENUM
							     : RT_STEP_MAIN;
		return RT_STEP_MAIN;
	case RT_CHANGE_RENAME_OLD:
		return rt_pgr_undoes_add_value(r, c->from) ? RT_STEP_ENUM
							   : RT_STEP_MAIN;
	default:
		return RT_STEP_MAIN;
	}
}

static int render_postgres(rt_buf *out, const rt_changes *ch,
			   const rt_catalog *from, const rt_catalog *to,
			   rt_render_options *ro)
{
	pg_render r = {from, to, ro};
	int split = ro && ro->split;
	size_t i;
	int error = 0;

	if (split && !ro->down)
		for (i = 0; i < ch->n; i++)
			if (ch->items[i].kind == RT_CHANGE_ENUM_ADD_VALUE &&
			    ch->items[i].commit_first)
				ro->enum_step = 1;
	/*
	 * Functions are created before the tables a LANGUAGE sql body may
	 * read (a table's default may call a function, so the other order
	 * cannot hold in general): as pg_dump does, bodies are checked when
	 * called, not when created. The setting is the session's.
	 */
	for (i = 0; i < ch->n; i++) {
		const rt_change *c = &ch->items[i];

		if (c->to && c->to->kind == RT_OBJ_FUNCTION &&
		    (c->kind == RT_CHANGE_CREATE ||
		     c->kind == RT_CHANGE_REPLACE)) {
			rt_buf_puts(split ? &ro->step[RT_STEP_MAIN] : out,
				    "SET check_function_bodies = false;\n");
			break;
		}
	}
	for (i = 0; i < ch->n && !error; i++) {
		const rt_change *c = &ch->items[i];
		rt_render_step s = RT_STEP_MAIN;
		int before = ro ? ro->no_transaction : 0;

		if (!split) {
			error = render_one(out, c, &r);
			continue;
		}
		s = step_of(&r, c);
		ro->no_transaction = 0;
		error = render_one(&ro->step[s], c, &r);
		/* the down's steps say themselves what they hold */
		if (ro->down && ro->no_transaction)
			ro->conc[s] = 1;
		ro->no_transaction |= before;
	}
	if (!error && split)
		for (i = 0; i < RT_STEP__COUNT && !error; i++)
			error = rt_buf_check(&ro->step[i]) < 0 ||
					rt_buf_check(&ro->undo[i]) < 0
				    ? RT_ERROR
				    : 0;
	return error ? error : rt_buf_check(out);
}

const rt_render_ops rt_render_ops_postgres = {
	.changes = render_postgres,
};
