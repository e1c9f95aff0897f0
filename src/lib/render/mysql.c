/*
 * render/mysql.c: changes as MySQL/MariaDB SQL.
 *
 * Definitions come from catalog_mysql.c in their canonical form, which is
 * also valid DDL: a column's is what ADD and MODIFY COLUMN repeat, a key's
 * what ADD repeats. A new table is made with its primary key, indexes and
 * checks inside CREATE TABLE (an AUTO_INCREMENT column must be a key from
 * the start); its foreign keys come after every table, as on the other
 * engines.
 *
 * Consecutive changes of one table become one ALTER TABLE (one rebuild or
 * metadata change instead of several), except after RENAME COLUMN (later
 * clauses name the column by its new name) and DROP FOREIGN KEY (a key
 * added again under the same name must not meet it in one statement).
 * Each ALTER TABLE asks for the cheapest algorithm MariaDB 10.11 offers
 * for all its clauses, so that the server refuses rather than silently
 * copies the table when it cannot: ALGORITHM=INSTANT (metadata only),
 * ALGORITHM=INPLACE with LOCK=NONE (or LOCK=SHARED for FULLTEXT and
 * SPATIAL indexes), or nothing where only a copy can do it (a column's
 * type, a check or foreign key added with its scan, a dropped primary
 * key, an engine change).
 */
#include "diff/diff.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The algorithm classes, cheapest first; a statement takes the highest
 * of its clauses'. */
enum {
	ALG_INSTANT = 0,
	ALG_INPLACE,	    /* INPLACE, LOCK=NONE */
	ALG_INPLACE_SHARED, /* INPLACE, LOCK=SHARED */
	ALG_COPY,	    /* say nothing: only COPY can */
};

typedef struct alter {
	const char *table; /* the table the open statement changes, or NULL */
	rt_buf clauses;
	rt_buf notes; /* comment lines written before the statement */
	int alg;
	int n;
	int unlinked; /* unlink_dropped() has run */
	/* the open statement ends in RENAME COLUMN clauses: more of them
	 * may join (a swap a<->b is one statement), nothing else (later
	 * clauses would name the columns by their new names) */
	int renaming;
} alter;

static void flush(rt_buf *out, alter *a)
{
	static const char *const forms[] = {
	    [ALG_INSTANT] = ", ALGORITHM=INSTANT",
	    [ALG_INPLACE] = ", ALGORITHM=INPLACE, LOCK=NONE",
	    [ALG_INPLACE_SHARED] = ", ALGORITHM=INPLACE, LOCK=SHARED",
	    [ALG_COPY] = "",
	};

	if (!a->table)
		return;
	rt_buf_put(out, a->notes.ptr ? a->notes.ptr : "", a->notes.len);
	rt_buf_puts(out, "ALTER TABLE ");
	rt_mysql_put_ident(out, a->table);
	rt_buf_puts(out, "\n  ");
	rt_buf_put(out, a->clauses.ptr ? a->clauses.ptr : "", a->clauses.len);
	rt_buf_puts(out, forms[a->alg]);
	rt_buf_puts(out, ";\n");
	rt_buf_clear(&a->clauses);
	rt_buf_clear(&a->notes);
	a->table = NULL;
	a->n = 0;
	a->alg = ALG_INSTANT;
	a->renaming = 0;
}

/* Open (or continue) the ALTER TABLE of `table` for one more clause of
 * class `alg`; the caller appends the clause to a->clauses. */
static void clause(rt_buf *out, alter *a, const char *table, int alg)
{
	if (a->table && strcmp(a->table, table))
		flush(out, a);
	if (!a->table) {
		a->table = table;
		a->alg = ALG_INSTANT;
	}
	if (a->n++)
		rt_buf_puts(&a->clauses, ",\n  ");
	if (alg > a->alg)
		a->alg = alg;
}

static void note(alter *a, const char *what, const char *name,
		 const char *table)
{
	size_t at = a->notes.len;

	rt_buf_printf(&a->notes, "-- data loss: drops %s ", what);
	rt_mysql_put_ident(&a->notes, name);
	if (table) {
		rt_buf_puts(&a->notes, " of ");
		rt_mysql_put_ident(&a->notes, table);
	}
	rt_buf_comment_since(&a->notes, at);
	rt_buf_putc(&a->notes, '\n');
}

static int starts(const char *s, const char *prefix)
{
	return s && !strncmp(s, prefix, strlen(prefix));
}

/* Does the table have a FULLTEXT index in `cat`? (InnoDB then refuses
 * INSTANT column changes and LOCK=NONE.) */
static int has_fulltext(const rt_catalog *cat, const char *table)
{
	size_t i = rt_catalog_lower_bound(cat, RT_OBJ_INDEX, NULL, table, NULL);

	for (; i < cat->nobjs; i++) {
		const rt_obj *o = cat->objs[i];

		if (o->kind != RT_OBJ_INDEX || !o->table ||
		    strcmp(o->table, table))
			break;
		if (starts(o->definition, "FULLTEXT "))
			return 1;
	}
	return 0;
}

/* Is the column in an index or key of `cat`? */
static int indexed(const rt_catalog *cat, const char *table, const char *col)
{
	size_t i;

	for (i = 0; i < cat->nobjs; i++) {
		const rt_obj *o = cat->objs[i];
		size_t k;

		if (!o->table || strcmp(o->table, table))
			continue;
		if (o->kind == RT_OBJ_INDEX) {
			const rt_index *ix = (const rt_index *)o;

			for (k = 0; k < ix->ncolumns; k++)
				if (ix->columns[k] &&
				    !strcmp(ix->columns[k], col))
					return 1;
		}
	}
	return 0;
}

/* A default that is a literal (as COLUMN_DEFAULT reports it), not an
 * expression evaluated per row. */
static int literal_default(const char *d)
{
	return d[0] == '\'' || (d[0] >= '0' && d[0] <= '9') || d[0] == '-' ||
	       !strcmp(d, "NULL") || (d[0] == 'b' && d[1] == '\'');
}

static int same(const char *a, const char *b)
{
	return a && b ? !strcmp(a, b) : a == b;
}

/* The type with its length, without the attributes after it: what a
 * MODIFY keeps or changes the storage of. */
static int type_is(const rt_column *c, const char *prefix, int *len)
{
	size_t n = strlen(prefix);

	if (!c->type || strncmp(c->type, prefix, n) || c->type[n] != '(')
		return 0;
	*len = atoi(c->type + n + 1);
	return strchr(c->type + n, ')')[1] == '\0';
}

static int alter_class(const rt_catalog *from, const rt_table *ft,
		       const rt_column *f, const rt_column *t)
{
	int lf, lt;

	if (has_fulltext(from, ft->obj.name))
		return ALG_COPY;
	if (!same(f->type, t->type)) {
		/* a VARCHAR made longer within the same length bytes
		 * (MariaDB 10.4+) changes metadata only */
		if (!(type_is(f, "varchar", &lf) &&
		      type_is(t, "varchar", &lt) && lt >= lf &&
		      same(f->collation, t->collation) &&
		      (lt * 4 <= 255 || lf * 4 > 255)))
			return ALG_COPY;
	}
	if (!same(f->collation, t->collation) ||
	    !same(f->generated, t->generated) ||
	    f->generated_stored != t->generated_stored || f->pk || t->pk)
		return ALG_COPY;
	if ((strstr(f->canonical ? f->canonical : "", "AUTO_INCREMENT") ==
	     NULL) != (strstr(t->canonical ? t->canonical : "",
			      "AUTO_INCREMENT") == NULL))
		return ALG_COPY;
	/* NULL <-> NOT NULL: in place, the rows checked (strict mode),
	 * unless NULLs would become a default that is an expression */
	if (f->not_null != t->not_null)
		return t->default_expr && !literal_default(t->default_expr)
			   ? ALG_COPY
			   : ALG_INPLACE;
	return ALG_INSTANT;
}

static int add_class(const rt_catalog *from, const rt_table *ft,
		     const rt_column *c)
{
	if (has_fulltext(from, ft->obj.name) ||
	    (c->generated && c->generated_stored) ||
	    strstr(c->canonical ? c->canonical : "", "AUTO_INCREMENT"))
		return ALG_COPY;
	return ALG_INSTANT;
}

static int index_class(const rt_catalog *from, const rt_obj *o)
{
	if (starts(o->definition, "FULLTEXT ") ||
	    starts(o->definition, "SPATIAL "))
		return ALG_INPLACE_SHARED;
	if (has_fulltext(from, o->table))
		return ALG_COPY;
	return ALG_INPLACE;
}

/* The options of `to` that differ from `from`'s ("K=V K=V"), as
 * clauses; and the comment. */
static void table_options(rt_buf *b, const rt_table *f, const rt_table *t,
			  int *alg)
{
	const char *p = t->options ? t->options : "";
	size_t n = 0;

	*alg = ALG_INSTANT;
	while (*p) {
		const char *e = strchr(p, ' '), *eq;
		size_t len = e ? (size_t)(e - p) : strlen(p), klen;
		const char *fo = f->options ? f->options : "";
		int found = 0;

		/* "DEFAULT CHARSET=x" is one option of two words */
		if (!strncmp(p, "DEFAULT ", 8) && e) {
			const char *e2 = strchr(e + 1, ' ');

			len = e2 ? (size_t)(e2 - p) : strlen(p);
		}
		eq = memchr(p, '=', len);
		klen = eq ? (size_t)(eq - p) : len;
		/* the same K=V in the old options? */
		while (*fo && !found) {
			const char *fe = strchr(fo, ' ');
			size_t flen = fe ? (size_t)(fe - fo) : strlen(fo);

			if (!strncmp(fo, "DEFAULT ", 8) && fe) {
				const char *fe2 = strchr(fe + 1, ' ');

				flen = fe2 ? (size_t)(fe2 - fo) : strlen(fo);
			}
			found = flen == len && !strncmp(fo, p, len);
			fo += flen;
			while (*fo == ' ')
				fo++;
		}
		if (!found) {
			if (n++)
				rt_buf_putc(b, ' ');
			rt_buf_put(b, p, len);
			/* the default charset is metadata only (existing
			 * columns keep theirs); an engine or row format
			 * rebuilds the table */
			if (strncmp(p, "DEFAULT ", 8) &&
			    !(klen == 7 && !strncmp(p, "COLLATE", 7)))
				*alg = ALG_COPY;
		}
		p += len;
		while (*p == ' ')
			p++;
	}
	if (!same(f->obj.comment, t->obj.comment)) {
		if (n++)
			rt_buf_putc(b, ' ');
		rt_buf_puts(b, "COMMENT=");
		rt_mysql_put_literal(b, t->obj.comment ? t->obj.comment : "");
	}
}

static int dropped_table(const rt_changes *ch, const rt_obj *t)
{
	size_t i;

	for (i = 0; i < ch->n; i++)
		if (ch->items[i].kind == RT_CHANGE_DROP &&
		    ch->items[i].from == t)
			return 1;
	return 0;
}

/*
 * Before the first DROP TABLE: foreign keys of dropped tables that point
 * at other dropped tables go first. Their drops went with their tables
 * in the diff, but tables that point at each other cannot be dropped one
 * after the other (nor in one DROP TABLE).
 */
static void unlink_dropped(rt_buf *out, const rt_changes *ch,
			   const rt_catalog *from)
{
	size_t i, k;

	for (i = 0; i < from->nobjs; i++) {
		const rt_obj *o = from->objs[i];

		if (o->kind != RT_OBJ_FOREIGN_KEY)
			continue;
		for (k = 0; k < o->ndeps; k++) {
			const rt_obj *d = o->deps[k];

			if (d->kind != RT_OBJ_TABLE ||
			    !strcmp(d->name, o->table))
				continue;
			if (!dropped_table(ch, d) ||
			    !dropped_table(
				ch, rt_catalog_find(from, RT_OBJ_TABLE, NULL,
						    NULL, o->table)))
				continue;
			rt_buf_puts(out, "ALTER TABLE ");
			rt_mysql_put_ident(out, o->table);
			rt_buf_puts(out, " DROP FOREIGN KEY ");
			rt_mysql_put_ident(out, o->name);
			rt_buf_puts(out, ";\n");
			break;
		}
	}
}

/* Is table `name` created by this change list? */
static int created_table(const rt_changes *ch, const char *name)
{
	size_t i;

	for (i = 0; i < ch->n; i++) {
		const rt_change *c = &ch->items[i];

		if (c->kind == RT_CHANGE_CREATE &&
		    c->to->kind == RT_OBJ_TABLE && !strcmp(c->to->name, name))
			return 1;
	}
	return 0;
}

static void create_table(rt_buf *out, const rt_table *t, const rt_catalog *to)
{
	static const rt_obj_kind kinds[] = {RT_OBJ_CONSTRAINT, RT_OBJ_INDEX};
	size_t i, k;
	int dummy;
	rt_table none;

	rt_buf_puts(out, "CREATE TABLE ");
	rt_mysql_put_ident(out, t->obj.name);
	rt_buf_puts(out, " (");
	for (i = 0; i < t->ncolumns; i++) {
		rt_buf_puts(out, i ? ",\n  " : "\n  ");
		rt_buf_puts(out, t->columns[i].definition);
	}
	for (k = 0; k < RT_ARRAY_SIZE(kinds); k++) {
		for (i = rt_catalog_lower_bound(to, kinds[k], NULL, t->obj.name,
						NULL);
		     i < to->nobjs; i++) {
			const rt_obj *o = to->objs[i];

			if (o->kind != kinds[k] || !o->table ||
			    strcmp(o->table, t->obj.name))
				break;
			rt_buf_puts(out, ",\n  ");
			rt_buf_puts(out, o->definition);
		}
	}
	rt_buf_puts(out, "\n)");
	memset(&none, 0, sizeof(none));
	{
		rt_buf opts = RT_BUF_INIT;

		rt_buf_init(&opts);
		table_options(&opts, &none, t, &dummy);
		if (opts.len) {
			rt_buf_putc(out, ' ');
			rt_buf_put(out, opts.ptr, opts.len);
		}
		rt_buf_release(&opts);
	}
	if (t->partition_key) {
		rt_buf_putc(out, '\n');
		rt_buf_puts(out, t->partition_key);
	}
	rt_buf_puts(out, ";\n");
}

static int virtual_col(const rt_column *c)
{
	return c->generated && !c->generated_stored;
}

static const char *prev_column(const rt_table *t, const rt_column *c)
{
	return c->position > 1 ? t->columns[c->position - 2].name : NULL;
}

/*
 * A view's or trigger's CREATE statement. A trigger body of several
 * statements (BEGIN ... END with ';' inside) goes between DELIMITER
 * lines, as mysqldump writes it: the mariadb client then loads a dump or
 * a migration, and retort's splitter reads DELIMITER as the client does.
 */
static void put_definition(rt_buf *out, const rt_obj *o)
{
	if (o->kind == RT_OBJ_TRIGGER && strchr(o->definition, ';')) {
		rt_buf_puts(out, "DELIMITER ;;\n");
		rt_buf_puts(out, o->definition);
		rt_buf_puts(out, ";;\nDELIMITER ;\n");
		return;
	}
	rt_buf_puts(out, o->definition);
	rt_buf_puts(out, ";\n");
}

static int render_change(rt_buf *out, alter *a, const rt_change *c,
			 const rt_changes *ch, const rt_catalog *from,
			 const rt_catalog *to)
{
	const rt_obj *o = c->to ? c->to : c->from;
	const rt_table *ft = (const rt_table *)c->from;
	const rt_table *tt = (const rt_table *)c->to;
	const char *prev;

	if (a->renaming && c->kind != RT_CHANGE_RENAME_COLUMN)
		flush(out, a);
	switch (c->kind) {
	case RT_CHANGE_CREATE:
		switch (o->kind) {
		case RT_OBJ_TABLE:
			flush(out, a);
			create_table(out, tt, to);
			return 0;
		case RT_OBJ_VIEW:
		case RT_OBJ_TRIGGER:
			flush(out, a);
			put_definition(out, o);
			return 0;
		case RT_OBJ_CONSTRAINT:
		case RT_OBJ_INDEX:
			if (created_table(ch, o->table))
				return 0; /* made inside CREATE TABLE */
			clause(out, a, o->table,
			       o->kind == RT_OBJ_INDEX ? index_class(from, o)
			       : starts(o->definition, "PRIMARY ")
				   ? (has_fulltext(from, o->table)
					  ? ALG_COPY
					  : ALG_INPLACE)
				   : ALG_COPY);
			rt_buf_puts(&a->clauses, "ADD ");
			rt_buf_puts(&a->clauses, o->definition);
			return 0;
		case RT_OBJ_FOREIGN_KEY:
			/* the rows are checked: only COPY does that */
			clause(out, a, o->table, ALG_COPY);
			rt_buf_puts(&a->clauses, "ADD ");
			rt_buf_puts(&a->clauses, o->definition);
			return 0;
		default:
			break;
		}
		break;
	case RT_CHANGE_DROP:
		switch (o->kind) {
		case RT_OBJ_TABLE:
			flush(out, a);
			if (!a->unlinked) {
				unlink_dropped(out, ch, from);
				a->unlinked = 1;
			}
			note(a, "table", o->name, NULL);
			rt_buf_put(out, a->notes.ptr, a->notes.len);
			rt_buf_clear(&a->notes);
			rt_buf_puts(out, "DROP TABLE ");
			rt_mysql_put_ident(out, o->name);
			rt_buf_puts(out, ";\n");
			return 0;
		case RT_OBJ_VIEW:
		case RT_OBJ_TRIGGER:
			flush(out, a);
			rt_buf_puts(out, o->kind == RT_OBJ_VIEW
					     ? "DROP VIEW "
					     : "DROP TRIGGER ");
			rt_mysql_put_ident(out, o->name);
			rt_buf_puts(out, ";\n");
			return 0;
		case RT_OBJ_CONSTRAINT:
			if (starts(o->definition, "PRIMARY ")) {
				/* InnoDB rebuilds without a key to cluster
				 * on: only COPY */
				clause(out, a, o->table, ALG_COPY);
				rt_buf_puts(&a->clauses, "DROP PRIMARY KEY");
			} else {
				clause(out, a, o->table, ALG_INSTANT);
				rt_buf_puts(&a->clauses, "DROP CONSTRAINT ");
				rt_mysql_put_ident(&a->clauses, o->name);
			}
			return 0;
		case RT_OBJ_INDEX:
			clause(out, a, o->table, ALG_INPLACE);
			rt_buf_puts(&a->clauses, "DROP INDEX ");
			rt_mysql_put_ident(&a->clauses, o->name);
			return 0;
		case RT_OBJ_FOREIGN_KEY:
			clause(out, a, o->table, ALG_INSTANT);
			rt_buf_puts(&a->clauses, "DROP FOREIGN KEY ");
			rt_mysql_put_ident(&a->clauses, o->name);
			flush(out, a);
			return 0;
		default:
			break;
		}
		break;
	case RT_CHANGE_RENAME_TABLE:
		flush(out, a);
		rt_buf_puts(out, "RENAME TABLE ");
		rt_mysql_put_ident(out, c->from->name);
		rt_buf_puts(out, " TO ");
		rt_mysql_put_ident(out, c->to->name);
		rt_buf_puts(out, ";\n");
		return 0;
	case RT_CHANGE_RENAME_COLUMN:
		clause(out, a, tt->obj.name, ALG_INSTANT);
		rt_buf_puts(&a->clauses, "RENAME COLUMN ");
		rt_mysql_put_ident(&a->clauses, c->column_from->name);
		rt_buf_puts(&a->clauses, " TO ");
		rt_mysql_put_ident(&a->clauses, c->column_to->name);
		a->renaming = 1;
		return 0;
	case RT_CHANGE_ADD_COLUMN:
		/* a virtual column is added in place only by a statement of
		 * its own */
		if (virtual_col(c->column_to))
			flush(out, a);
		clause(out, a, tt->obj.name, add_class(from, ft, c->column_to));
		rt_buf_puts(&a->clauses, "ADD COLUMN ");
		rt_buf_puts(&a->clauses, c->column_to->definition);
		prev = prev_column(tt, c->column_to);
		if (!prev) {
			rt_buf_puts(&a->clauses, " FIRST");
		} else {
			rt_buf_puts(&a->clauses, " AFTER ");
			rt_mysql_put_ident(&a->clauses, prev);
		}
		if (virtual_col(c->column_to))
			flush(out, a);
		return 0;
	case RT_CHANGE_DROP_COLUMN:
		if (virtual_col(c->column_from))
			flush(out, a);
		clause(out, a, tt->obj.name,
		       c->column_from->pk || has_fulltext(from, ft->obj.name)
			   ? ALG_COPY
		       : indexed(from, ft->obj.name, c->column_from->name)
			   ? ALG_INPLACE
			   : ALG_INSTANT);
		note(a, "column", c->column_from->name, ft->obj.name);
		rt_buf_puts(&a->clauses, "DROP COLUMN ");
		rt_mysql_put_ident(&a->clauses, c->column_from->name);
		if (virtual_col(c->column_from))
			flush(out, a);
		return 0;
	case RT_CHANGE_ALTER_COLUMN:
		clause(out, a, tt->obj.name,
		       alter_class(from, ft, c->column_from, c->column_to));
		rt_buf_puts(&a->clauses, "MODIFY COLUMN ");
		rt_buf_puts(&a->clauses, c->column_to->definition);
		return 0;
	case RT_CHANGE_ALTER_TABLE: {
		rt_buf opts = RT_BUF_INIT;
		int alg;

		rt_buf_init(&opts);
		table_options(&opts, ft, tt, &alg);
		if (opts.len) {
			clause(out, a, tt->obj.name, alg);
			rt_buf_put(&a->clauses, opts.ptr, opts.len);
		}
		rt_buf_release(&opts);
		return 0;
	}
	default:
		break;
	}
	return rt_error_set(RT_ERROR_USAGE,
			    "cannot write this change of %s '%s' for MySQL",
			    rt_obj_kind_name(o->kind), o->name);
}

/*
 * Foreign keys the changes keep but that read a column whose type
 * changes: InnoDB refuses the change while they exist ("used in a
 * foreign key constraint"), on either side. They are dropped before
 * everything and added again after (`again` set), with their rows
 * checked then.
 */
static int fk_blocks(const rt_obj *fk, const rt_changes *ch)
{
	size_t i;

	for (i = 0; i < ch->n; i++) {
		const rt_change *c = &ch->items[i];

		if (c->kind == RT_CHANGE_DROP && c->from == fk)
			return 0; /* dropped anyway */
	}
	for (i = 0; i < ch->n; i++) {
		const rt_change *c = &ch->items[i];

		if (c->kind == RT_CHANGE_ALTER_COLUMN &&
		    !same(c->column_from->type, c->column_to->type) &&
		    rt_obj_reads_column(fk, c->from, c->column_from->name))
			return 1;
	}
	return 0;
}

static void fk_around(rt_buf *out, const rt_changes *ch, const rt_catalog *from,
		      const rt_catalog *to, int again)
{
	size_t i;

	for (i = 0; i < from->nobjs; i++) {
		const rt_obj *fk = from->objs[i], *t;

		if (fk->kind != RT_OBJ_FOREIGN_KEY || !fk_blocks(fk, ch))
			continue;
		rt_buf_puts(out, "ALTER TABLE ");
		rt_mysql_put_ident(out, fk->table);
		if (!again) {
			rt_buf_puts(out, " DROP FOREIGN KEY ");
			rt_mysql_put_ident(out, fk->name);
		} else if ((t = rt_catalog_find(to, RT_OBJ_FOREIGN_KEY, NULL,
						fk->table, fk->name))) {
			rt_buf_puts(out, " ADD ");
			rt_buf_puts(out, t->definition);
		}
		rt_buf_puts(out, ";\n");
	}
}

/* Did this change list rename `table` or one of its columns? */
static int renamed_in(const rt_changes *ch, const rt_obj *table)
{
	size_t i;

	for (i = 0; i < ch->n; i++) {
		const rt_change *c = &ch->items[i];

		if ((c->kind == RT_CHANGE_RENAME_TABLE ||
		     c->kind == RT_CHANGE_RENAME_COLUMN) &&
		    c->from == table)
			return 1;
	}
	return 0;
}

static int dropped_obj(const rt_changes *ch, const rt_obj *o)
{
	size_t i;

	for (i = 0; i < ch->n; i++)
		if (ch->items[i].kind == RT_CHANGE_DROP &&
		    ch->items[i].from == o)
			return 1;
	return 0;
}

/*
 * Views and triggers over a renamed table or column, that the diff kept
 * (their text reads the same once the renames apply): MySQL does not
 * rewrite them as PostgreSQL does, so a view would still name the old
 * table and a trigger the old column. They are written again, last,
 * when every table has its new name.
 */
static void rewrite_readers(rt_buf *out, const rt_changes *ch,
			    const rt_catalog *from, const rt_catalog *to)
{
	size_t i, k;

	for (i = 0; i < from->nobjs; i++) {
		const rt_obj *o = from->objs[i], *t = NULL;
		int hit = 0;

		if (o->kind != RT_OBJ_VIEW && o->kind != RT_OBJ_TRIGGER)
			continue;
		for (k = 0; k < o->ndeps && !hit; k++)
			hit = renamed_in(ch, o->deps[k]);
		if (!hit || dropped_obj(ch, o))
			continue;
		for (k = 0; k < to->nobjs && !t; k++)
			if (to->objs[k]->kind == o->kind &&
			    !strcmp(to->objs[k]->name, o->name))
				t = to->objs[k];
		if (!t)
			continue;
		if (o->kind == RT_OBJ_TRIGGER) {
			rt_buf_puts(out, "DROP TRIGGER ");
			rt_mysql_put_ident(out, o->name);
			rt_buf_puts(out, ";\n");
		}
		put_definition(out, t);
	}
}

/* ---- partitioning ---------------------------------------------------------
 *
 * A statement of its own (MariaDB takes partition operations alone in an
 * ALTER TABLE): REMOVE PARTITIONING before the table's other changes (a
 * key narrowed by them may no longer cover the partitioning columns),
 * everything else after them (the new partitioning may read a column or
 * need a key they add). Partitions appended to or dropped from a RANGE or
 * LIST partitioning under the same header are ADD PARTITION and DROP
 * PARTITION, which touch only those partitions (a dropped one's rows are
 * gone: lint says so); RANGE partitions inserted before kept ones are a
 * REORGANIZE of the one they split; any other change partitions the table
 * again, which copies it. */

static int same_items(const rt_mysql_parts *a, size_t i,
		      const rt_mysql_parts *b, size_t j)
{
	return a->len[i] == b->len[j] &&
	       !memcmp(a->item[i], b->item[j], a->len[i]);
}

/* Is `sub` `all` with some items left out, in the same order? */
static int is_subsequence(const rt_mysql_parts *sub, const rt_mysql_parts *all)
{
	size_t i = 0, j;

	for (j = 0; j < all->n && i < sub->n; j++)
		if (same_items(sub, i, all, j))
			i++;
	return i == sub->n;
}

/* The name of a partition's definition ("PARTITION `p` ..."). */
static void put_part_name(rt_buf *out, const char *item, size_t len)
{
	const char *p = item + 10, *e = item + len, *q;

	if (p >= e || *p != '`') {
		q = memchr(p, ' ', (size_t)(e - p));
		rt_buf_put(out, p, q ? (size_t)(q - p) : (size_t)(e - p));
		return;
	}
	for (q = p + 1; q < e; q++) {
		if (*q == '`' && q + 1 < e && q[1] == '`')
			q++;
		else if (*q == '`')
			break;
	}
	rt_buf_put(out, p, (size_t)(q + 1 - p));
}

static int repartition(rt_buf *out, const rt_table *ft, const rt_table *tt)
{
	rt_mysql_parts *a = NULL, *b = NULL;
	const char *head = NULL;
	size_t i;
	int error = 0;

	rt_buf_puts(out, "ALTER TABLE ");
	rt_mysql_put_ident(out, tt->obj.name);
	if (!ft->partition_key)
		goto whole;
	a = malloc(sizeof(*a));
	b = malloc(sizeof(*b));
	if (!a || !b) {
		error = rt_error_nomem();
		goto done;
	}
	if (rt_mysql_partitions_split(ft->partition_key, a) < 0 ||
	    rt_mysql_partitions_split(tt->partition_key, b) < 0 ||
	    a->head_len != b->head_len ||
	    memcmp(a->head, b->head, a->head_len) || !a->n || !b->n)
		goto whole;
	head = a->head;
	if (!(strstr(head, "PARTITION BY RANGE") == head ||
	      strstr(head, "PARTITION BY LIST") == head) ||
	    memmem(head, a->head_len, "SUBPARTITION", 12))
		goto whole;
	if (b->n > a->n) {
		size_t p = 0, q = 0;

		/* the old partitions kept at the start (p) and the end (q) */
		while (p < a->n && same_items(a, p, b, p))
			p++;
		while (q < a->n - p &&
		       same_items(a, a->n - 1 - q, b, b->n - 1 - q))
			q++;
		if (p == a->n) {
			rt_buf_puts(out, " ADD PARTITION (");
			for (i = a->n; i < b->n; i++) {
				if (i > a->n)
					rt_buf_puts(out, ",\n  ");
				rt_buf_put(out, b->item[i], b->len[i]);
			}
			rt_buf_puts(out, ");\n");
			goto done;
		}
		/* RANGE partitions inserted before kept ones (a new year
		 * before `pmax`, which ADD PARTITION refuses): the first kept
		 * one is reorganized into the new ones and itself, the same
		 * range, so only its rows are rewritten */
		if (p + q == a->n &&
		    strstr(head, "PARTITION BY RANGE") == head) {
			rt_buf_puts(out, " REORGANIZE PARTITION ");
			put_part_name(out, a->item[p], a->len[p]);
			rt_buf_puts(out, " INTO (");
			for (i = p; i <= b->n - q; i++) {
				if (i > p)
					rt_buf_puts(out, ",\n  ");
				rt_buf_put(out, b->item[i], b->len[i]);
			}
			rt_buf_puts(out, ");\n");
			goto done;
		}
		goto whole;
	}
	if (b->n < a->n && is_subsequence(b, a)) {
		size_t k = 0, n = 0;

		rt_buf_puts(out, " DROP PARTITION ");
		for (i = 0; i < a->n; i++) {
			if (k < b->n && same_items(a, i, b, k)) {
				k++;
				continue;
			}
			if (n++)
				rt_buf_puts(out, ", ");
			put_part_name(out, a->item[i], a->len[i]);
		}
		rt_buf_puts(out, ";\n");
		goto done;
	}
whole:
	rt_buf_putc(out, '\n');
	rt_buf_puts(out, tt->partition_key);
	rt_buf_puts(out, ";\n");
done:
	free(a);
	free(b);
	return error;
}

/* The partitioning statements of the changes: `after` 0 for those that go
 * before everything else (REMOVE PARTITIONING), 1 for the rest. */
static int partitioning(rt_buf *out, const rt_changes *ch, int after)
{
	size_t i;
	int error = 0;

	for (i = 0; i < ch->n && !error; i++) {
		const rt_change *c = &ch->items[i];
		const rt_table *ft = (const rt_table *)c->from;
		const rt_table *tt = (const rt_table *)c->to;

		if (c->kind != RT_CHANGE_ALTER_TABLE ||
		    same(ft->partition_key, tt->partition_key))
			continue;
		if (!tt->partition_key && !after) {
			rt_buf_puts(out, "ALTER TABLE ");
			rt_mysql_put_ident(out, ft->obj.name);
			rt_buf_puts(out, " REMOVE PARTITIONING;\n");
		} else if (tt->partition_key && after) {
			error = repartition(out, ft, tt);
		}
	}
	return error;
}

static int my_changes(rt_buf *out, const rt_changes *ch, const rt_catalog *from,
		      const rt_catalog *to, rt_render_options *ro)
{
	alter a;
	size_t i;
	int error = 0;

	RT_UNUSED(ro);
	memset(&a, 0, sizeof(a));
	rt_buf_init(&a.clauses);
	rt_buf_init(&a.notes);
	fk_around(out, ch, from, to, 0);
	error = partitioning(out, ch, 0);
	for (i = 0; i < ch->n && !error; i++)
		error = render_change(out, &a, &ch->items[i], ch, from, to);
	if (!error)
		flush(out, &a);
	if (!error)
		error = partitioning(out, ch, 1);
	if (!error) {
		fk_around(out, ch, from, to, 1);
		rewrite_readers(out, ch, from, to);
	}
	if (!error &&
	    (rt_buf_check(&a.clauses) < 0 || rt_buf_check(&a.notes) < 0))
		error = RT_ERROR;
	rt_buf_release(&a.clauses);
	rt_buf_release(&a.notes);
	if (!error)
		error = rt_buf_check(out);
	return error;
}

const rt_render_ops rt_render_ops_mysql = {
    .changes = my_changes,
};
