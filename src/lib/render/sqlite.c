/*
 * render/sqlite.c: changes as SQLite SQL.
 *
 * Creates repeat the definition SQLite stored (sqlite_schema.sql), so the
 * result is the schema file's own text. What ALTER TABLE cannot do comes
 * as RT_CHANGE_REBUILD_TABLE and is written as SQLite's documented
 * rebuild: create the new table under a temporary name, copy the common
 * columns (and the rowid), drop the old table, rename the new one, and
 * create the table's indexes and triggers again. Views and triggers that
 * read the table were dropped before it by the diff and are created
 * after it.
 *
 * Foreign keys: the rebuild must run with foreign_keys off, or DROP TABLE
 * would delete (or cascade to) child rows; inside the migration's
 * transaction SQLite ignores PRAGMA foreign_keys, so the generated SQL
 * cannot switch them off itself and relies on the connection having them
 * off (SQLite's default, and retort's). It checks them afterwards instead
 * (PRAGMA foreign_key_check through its table-valued form), failing the
 * migration on a violation.
 */
#include "diff/diff.h"

#include <strings.h>

#define TMP_PREFIX "_retort_new_"

static int same(const char *a, const char *b)
{
	return a && b && !strcasecmp(a, b);
}

static const char *drop_word(rt_obj_kind k)
{
	switch (k) {
	case RT_OBJ_TABLE:
		return "TABLE";
	case RT_OBJ_INDEX:
		return "INDEX";
	case RT_OBJ_VIEW:
		return "VIEW";
	case RT_OBJ_TRIGGER:
		return "TRIGGER";
	default:
		return NULL;
	}
}

/* The rowid is copied too when both tables have one that is not a
 * column of their own: it keeps what refers to rows by rowid (an FTS
 * index with external content) pointing at the same rows. */
static int has_rowid(const rt_table *t)
{
	return !t->is_virtual &&
	       !(t->options && strstr(t->options, "without rowid"));
}

static int rowid_alias(const rt_table *t)
{
	size_t i, npk = 0;
	const rt_column *pk = NULL;

	for (i = 0; i < t->ncolumns; i++)
		if (t->columns[i].pk) {
			npk++;
			pk = &t->columns[i];
		}
	return npk == 1 && pk->type && !strcasecmp(pk->type, "integer");
}

static int autoincrement(const rt_table *t)
{
	size_t i;

	for (i = 0; i < t->ncolumns; i++)
		if (t->columns[i].pk &&
		    rt_sqlite_canon_mentions(t->columns[i].canonical,
					     "autoincrement"))
			return 1;
	return 0;
}

/* The old columns the rebuild does not copy: their data is lost. */
static void lost_columns(rt_buf *out, const rt_change *c)
{
	const rt_table *ft = (const rt_table *)c->from;
	size_t i, k, n = 0, at = out->len;

	rt_buf_puts(out, "-- data loss: drops");
	for (i = 0; i < ft->ncolumns; i++) {
		int copied = ft->columns[i].generated != NULL;

		for (k = 0; k < c->ncopy && !copied; k++)
			copied = !strcmp(c->copy_from[k], ft->columns[i].name);
		if (copied)
			continue;
		rt_buf_puts(out, n++ ? ", " : " column ");
		rt_buf_put_ident(out, ft->columns[i].name);
	}
	rt_buf_comment_since(out, at); /* a name may hold a newline */
	rt_buf_putc(out, '\n');
}

static int render_rebuild(rt_buf *out, const rt_change *c, const rt_catalog *to)
{
	const rt_table *ft = (const rt_table *)c->from;
	const rt_table *tt = (const rt_table *)c->to;
	const char *name = tt->obj.name;
	size_t body = rt_sqlite_create_body(tt->obj.definition), i, at;
	int rowid = has_rowid(ft) && has_rowid(tt) && !rowid_alias(tt);
	rt_buf tmp = RT_BUF_INIT;

	if (!body)
		return rt_error_set(RT_ERROR_USAGE,
				    "cannot rebuild table '%s': no column list "
				    "in its definition",
				    name);
	rt_buf_init(&tmp);
	rt_buf_printf(&tmp, TMP_PREFIX "%s", name);
	rt_buf_puts(out, "\n");
	at = out->len;
	rt_buf_puts(out, "-- rebuild ");
	rt_buf_put_ident(out, name);
	rt_buf_printf(out, ": %s", c->reason ? c->reason : "");
	rt_buf_comment_since(out, at);
	rt_buf_putc(out, '\n');
	if (c->data_loss)
		lost_columns(out, c);
	rt_buf_puts(out, "CREATE TABLE ");
	rt_buf_put_ident(out, tmp.ptr);
	rt_buf_putc(out, ' ');
	rt_render_stmt(out, tt->obj.definition + body);
	if (c->ncopy || rowid) {
		rt_buf_puts(out, "INSERT INTO ");
		rt_buf_put_ident(out, tmp.ptr);
		rt_buf_puts(out, " (");
		if (rowid)
			rt_buf_puts(out, c->ncopy ? "rowid, " : "rowid");
		for (i = 0; i < c->ncopy; i++) {
			if (i)
				rt_buf_puts(out, ", ");
			rt_buf_put_ident(out, c->copy_to[i]);
		}
		rt_buf_puts(out, ")\n  SELECT ");
		if (rowid)
			rt_buf_puts(out, c->ncopy ? "rowid, " : "rowid");
		for (i = 0; i < c->ncopy; i++) {
			if (i)
				rt_buf_puts(out, ", ");
			rt_buf_put_ident(out, c->copy_from[i]);
		}
		rt_buf_puts(out, " FROM ");
		rt_buf_put_ident(out, name);
		rt_buf_puts(out, ";\n");
	}
	if (autoincrement(ft) && autoincrement(tt)) {
		/* DROP TABLE forgets the old counter, and the copy only
		 * knows the highest id still there: keep ids of deleted
		 * rows from coming back */
		rt_buf_puts(out, "DELETE FROM sqlite_sequence WHERE name = ");
		rt_buf_put_sql_literal(out, tmp.ptr);
		rt_buf_puts(out, ";\nINSERT INTO sqlite_sequence (name, seq) "
				 "SELECT ");
		rt_buf_put_sql_literal(out, tmp.ptr);
		rt_buf_puts(out, ", seq FROM sqlite_sequence WHERE name = ");
		rt_buf_put_sql_literal(out, name);
		rt_buf_puts(out, ";\n");
	}
	rt_buf_puts(out, "DROP TABLE ");
	rt_buf_put_ident(out, name);
	rt_buf_puts(out, ";\nALTER TABLE ");
	rt_buf_put_ident(out, tmp.ptr);
	rt_buf_puts(out, " RENAME TO ");
	rt_buf_put_ident(out, name);
	rt_buf_puts(out, ";\n");
	/* the table's own indexes and triggers went with DROP TABLE */
	for (i = 0; i < to->nobjs; i++) {
		const rt_obj *o = to->objs[i];

		if ((o->kind == RT_OBJ_INDEX || o->kind == RT_OBJ_TRIGGER) &&
		    same(o->table, name))
			rt_render_stmt(out, o->definition);
	}
	rt_buf_release(&tmp);
	return 0;
}

/* Tables whose foreign keys a rebuild may have broken: the rebuilt ones
 * and those that point at them, in the catalog's order. */
static int fk_check(rt_buf *out, const rt_changes *ch, const rt_catalog *to)
{
	unsigned char *hit = calloc(to->nobjs + 1, 1);
	rt_buf list = RT_BUF_INIT;
	size_t i, k, n = 0;

	if (!hit)
		return rt_error_nomem();
	rt_buf_init(&list);
	for (k = 0; k < ch->n; k++)
		if (ch->items[k].kind == RT_CHANGE_REBUILD_TABLE)
			hit[ch->items[k].to->id] = 1;
	for (i = 0; i < to->nobjs; i++) {
		const rt_obj *fk = to->objs[i];
		const rt_obj *child;

		if (fk->kind != RT_OBJ_FOREIGN_KEY || !fk->table)
			continue;
		for (k = 0; k < fk->ndeps; k++) {
			if (fk->deps[k]->kind != RT_OBJ_TABLE ||
			    !hit[fk->deps[k]->id] || hit[fk->deps[k]->id] == 2)
				continue;
			child = rt_catalog_find(to, RT_OBJ_TABLE, fk->schema,
						NULL, fk->table);
			if (child && !hit[child->id])
				hit[child->id] = 2;
		}
	}
	for (i = 0; i < to->nobjs; i++) {
		if (!hit[i])
			continue;
		rt_buf_puts(&list, n++ ? "\n  UNION ALL " : "  ");
		rt_buf_puts(&list, "SELECT \"table\" FROM "
				   "pragma_foreign_key_check(");
		rt_buf_put_sql_literal(&list, to->objs[i]->name);
		rt_buf_putc(&list, ')');
	}
	if (n) {
		rt_buf_puts(
		    out, "\n-- Foreign keys were not checked while tables "
			 "were rebuilt: SQLite ignores\n"
			 "-- PRAGMA foreign_keys inside a transaction, so a "
			 "rebuild cannot turn them\n"
			 "-- off and on again, and it needs them off "
			 "(SQLite's default and retort's;\n"
			 "-- with them on, DROP TABLE would delete or cascade "
			 "to child rows). Check\n"
			 "-- them now with PRAGMA foreign_key_check: a "
			 "violation fails the migration.\n");
		rt_buf_puts(out,
			    "CREATE TEMP TABLE \"retort_fk_check\" (\"table\" "
			    "TEXT,\n  CONSTRAINT \"foreign key violation after "
			    "a table rebuild (see PRAGMA foreign_key_check)\"\n"
			    "  CHECK (\"table\" IS NULL));\n"
			    "INSERT INTO \"retort_fk_check\"\n");
		rt_buf_put(out, list.ptr, list.len);
		rt_buf_puts(out, "\n  LIMIT 1;\nDROP TABLE "
				 "\"retort_fk_check\";\n");
	}
	rt_buf_release(&list);
	free(hit);
	return 0;
}

static int render_sqlite(rt_buf *out, const rt_changes *ch,
			 const rt_catalog *from, const rt_catalog *to)
{
	size_t i, start = out->len;
	int error = 0;

	RT_UNUSED(from);
	for (i = 0; i < ch->n && !error; i++) {
		const rt_change *c = &ch->items[i];
		const rt_obj *o = c->to ? c->to : c->from;
		const char *w;

		switch (c->kind) {
		case RT_CHANGE_CREATE:
			rt_render_stmt(out, c->to->definition);
			break;
		case RT_CHANGE_DROP:
			if (!(w = drop_word(c->from->kind)))
				goto cannot;
			if (c->data_loss) {
				size_t at = out->len;

				rt_buf_puts(out, "-- data loss: drops table ");
				rt_buf_put_ident(out, c->from->name);
				rt_buf_puts(out, " and its rows");
				rt_buf_comment_since(out, at);
				rt_buf_putc(out, '\n');
			}
			rt_buf_printf(out, "DROP %s ", w);
			rt_buf_put_ident(out, c->from->name);
			rt_buf_puts(out, ";\n");
			break;
		case RT_CHANGE_RENAME_TABLE:
			rt_buf_puts(out, "ALTER TABLE ");
			rt_buf_put_ident(out, c->from->name);
			rt_buf_puts(out, " RENAME TO ");
			rt_buf_put_ident(out, c->to->name);
			rt_buf_puts(out, ";\n");
			break;
		case RT_CHANGE_RENAME_COLUMN:
			rt_buf_puts(out, "ALTER TABLE ");
			rt_buf_put_ident(out, c->to->name);
			rt_buf_puts(out, " RENAME COLUMN ");
			rt_buf_put_ident(out, c->column_from->name);
			rt_buf_puts(out, " TO ");
			rt_buf_put_ident(out, c->column_to->name);
			rt_buf_puts(out, ";\n");
			break;
		case RT_CHANGE_ADD_COLUMN:
			rt_buf_puts(out, "ALTER TABLE ");
			rt_buf_put_ident(out, c->to->name);
			rt_buf_puts(out, " ADD COLUMN ");
			rt_render_stmt(out, c->column_to->definition);
			break;
		case RT_CHANGE_DROP_COLUMN: {
			size_t at = out->len;

			rt_buf_puts(out, "-- data loss: drops column ");
			rt_buf_put_ident(out, c->to->name);
			rt_buf_putc(out, '.');
			rt_buf_put_ident(out, c->column_from->name);
			rt_buf_comment_since(out, at);
			rt_buf_puts(out, "\nALTER TABLE ");
			rt_buf_put_ident(out, c->to->name);
			rt_buf_puts(out, " DROP COLUMN ");
			rt_buf_put_ident(out, c->column_from->name);
			rt_buf_puts(out, ";\n");
			break;
		}
		case RT_CHANGE_REBUILD_TABLE:
			error = render_rebuild(out, c, to);
			break;
		default:
			goto cannot;
		}
		continue;
	cannot:
		error = rt_error_set(RT_ERROR_USAGE,
				     "cannot express this change to %s '%s' in "
				     "SQLite",
				     rt_obj_kind_name(o->kind), o->name);
	}
	if (!error)
		error = fk_check(out, ch, to);
	/* blocks are set apart by a blank line, the first needs none */
	if (!error && out->len > start && out->ptr[start] == '\n') {
		memmove(out->ptr + start, out->ptr + start + 1,
			out->len - start);
		out->len--;
	}
	return error ? error : rt_buf_check(out);
}

static int render_changes(rt_buf *out, const rt_changes *ch,
			  const rt_catalog *from, const rt_catalog *to,
			  rt_render_options *ro)
{
	/* SQLite's DDL takes the database lock whatever the form: no safer
	 * form to choose */
	if (ro)
		ro->split = 0;
	return render_sqlite(out, ch, from, to);
}

const rt_render_ops rt_render_ops_sqlite = {
	.changes = render_changes,
};
