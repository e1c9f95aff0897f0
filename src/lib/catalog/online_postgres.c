/*
 * online_postgres.c: what PostgreSQL's catalog says about the tables an
 * online migration touches (rt_online_ops, online.h): a planned table's
 * columns and primary key, what uses a column, and what a type change
 * builds again over its shadow column (indexes, sequences, checks,
 * foreign keys both ways). Read only; every query takes pg_catalog's
 * ACCESS SHARE locks at most (a count(*) for a table never analysed).
 * The judgement (what is refused) is online/resolve.c's.
 */
#include "catalog/online_postgres.h"
#include "online/online.h"

static const char *qualified(rt_arena *a, rt_db *db, const char *schema,
			     const char *name)
{
	return rt_online_qualified(a, db->be, schema, name);
}

#define cell rt_online_cell

static int pg_current_schema(const char **out, rt_arena *a, rt_db *db)
{
	return rt_online_query_one((char **)out, a, db,
				   "SELECT current_schema()::text", NULL, 0);
}

static int pg_relation_exists(int *exists, rt_arena *a, rt_db *db,
			      const char *name)
{
	const char *params[1] = {name};
	char *found;
	int error;

	*exists = 0;
	if ((error = rt_online_query_one(
		 &found, a, db, "SELECT to_regclass($1)::text", params, 1)) < 0)
		return error;
	*exists = found != NULL;
	return 0;
}

static int pg_name_taken(int *taken, rt_arena *a, rt_db *db,
			 const rt_online_xtable *x, const char *name)
{
	const char *params[2] = {x->oid, name};
	char *found;
	int error;

	*taken = 0;
	if ((error = rt_online_query_one(
		 &found, a, db,
		 "SELECT relname::text FROM pg_class WHERE relname "
		 "= $2 AND relnamespace = (SELECT relnamespace "
		 "FROM pg_class WHERE oid = $1::oid) UNION ALL "
		 "SELECT conname::text FROM pg_constraint WHERE "
		 "conrelid = $1::oid AND conname = $2",
		 params, 2)) < 0)
		return error;
	*taken = found != NULL;
	return 0;
}

/* What uses the column (indexes, constraints, views), the default and an
 * owned sequence aside: one description a line, "" when nothing.
 * views_only: only views and other tables' constraints; plain_ok: not
 * what an online type change builds again (see online/resolve.c): the table's own indexes that no constraint uses,
 * its primary key and unique constraints that are not deferrable, and
 * its checks and foreign keys over the column, and the foreign keys of
 * other (ordinary) tables that reference it. One of the table's own
 * that references the column, or one of a partitioned table: still a
 * user. */
static int pg_column_users(const char **out, rt_arena *a, rt_db *db,
			   const rt_online_xtable *x, const rt_online_catcol *c,
			   int views_only, int plain_ok, const char *old_schema,
			   const char *new_schema)
{
	const char *params[6] = {x->oid,     c->attnum,	 views_only ? "t" : "f",
				 old_schema, new_schema, plain_ok ? "t" : "f"};

	return rt_online_query_one(
	    (char **)out, a, db,
	    "SELECT coalesce(string_agg(DISTINCT pg_describe_object("
	    "d.classid, d.objid, d.objsubid), ', '), '') FROM pg_depend d "
	    "WHERE d.refclassid = 'pg_class'::regclass AND d.refobjid = "
	    "$1::oid AND d.refobjsubid = $2::int AND d.classid <> "
	    "'pg_attrdef'::regclass AND NOT (d.classid = "
	    "'pg_class'::regclass AND EXISTS (SELECT 1 FROM pg_class s "
	    "WHERE s.oid = d.objid AND s.relkind = 'S')) AND (NOT "
	    "$3::bool OR d.classid = 'pg_rewrite'::regclass OR (d.classid "
	    "= 'pg_constraint'::regclass AND EXISTS (SELECT 1 FROM "
	    "pg_constraint k WHERE k.oid = d.objid AND k.conrelid <> "
	    "$1::oid))) AND NOT EXISTS (SELECT 1 FROM pg_rewrite w JOIN "
	    "pg_class v ON v.oid = w.ev_class WHERE d.classid = "
	    "'pg_rewrite'::regclass AND w.oid = d.objid AND "
	    "v.relnamespace::regnamespace::text IN ($4, $5)) AND NOT "
	    "($6::bool AND d.classid = 'pg_class'::regclass AND EXISTS "
	    "(SELECT 1 FROM pg_index ix WHERE ix.indexrelid = d.objid AND "
	    "ix.indrelid = $1::oid AND NOT EXISTS (SELECT 1 FROM "
	    "pg_constraint k WHERE k.conindid = d.objid AND NOT (k.conrelid "
	    "= $1::oid AND k.contype IN ('p', 'u') AND NOT "
	    "k.condeferrable)))) AND NOT ($6::bool AND d.classid = "
	    "'pg_constraint'::regclass AND EXISTS (SELECT 1 FROM "
	    "pg_constraint k WHERE k.oid = d.objid AND k.conrelid = $1::oid "
	    "AND (k.contype IN ('p', 'u') AND NOT k.condeferrable OR "
	    "k.contype IN ('c', 'f') AND $2::int2 = ANY (k.conkey) AND NOT "
	    "(k.confrelid = $1::oid AND $2::int2 = ANY (k.confkey)))) OR "
	    "$6::bool AND d.classid = 'pg_constraint'::regclass AND EXISTS "
	    "(SELECT 1 FROM pg_constraint k JOIN pg_class r ON r.oid = "
	    "k.conrelid WHERE k.oid = d.objid AND k.contype = 'f' AND "
	    "k.confrelid = $1::oid AND NOT (k.conrelid = $1::oid AND "
	    "$2::int2 = ANY (k.conkey)) AND r.relkind = 'r'))",
	    params, 6);
}

/* A retyped column's indexes that no constraint uses, and those of the
 * table's primary key and unique constraints over it (not deferrable);
 * the sequence it owns (serial) and whether it widens to `new_type`; an
 * identity's sequence and options. What becomes of them: resolve.c. */
static int pg_column_indexes(rt_online_catcol *c, rt_arena *a, rt_db *db,
			     const rt_online_xtable *x, const char *new_type)
{
	const char *params[3] = {x->oid, c->attnum, new_type};
	rt_online_rows r;
	size_t i;
	int error;

	if ((error = rt_online_query(
		 &r, a, db,
		 "SELECT DISTINCT s.relname, pg_get_indexdef(s.oid), "
		 "quote_ident(s.relname), NULL::text, NULL::text FROM "
		 "pg_depend d JOIN pg_index ix ON ix.indexrelid = d.objid JOIN "
		 "pg_class s ON s.oid = d.objid WHERE d.classid = "
		 "'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass "
		 "AND d.refobjid = $1::oid AND d.refobjsubid = $2::int AND "
		 "ix.indrelid = $1::oid AND NOT EXISTS (SELECT 1 FROM "
		 "pg_constraint k WHERE k.conindid = s.oid) "
		 "UNION SELECT s.relname, pg_get_indexdef(s.oid), "
		 "quote_ident(s.relname), k.conname::text, k.contype::text "
		 "FROM "
		 "pg_constraint k JOIN pg_class s ON s.oid = k.conindid WHERE "
		 "k.conrelid = $1::oid AND k.contype IN ('p', 'u') AND NOT "
		 "k.condeferrable AND $2::int2 = ANY (k.conkey) ORDER BY 1",
		 params, 2)) < 0)
		return error;
	c->nix = r.v.len;
	if (!(c->ix = rt_arena_array(a, c->nix + 1, sizeof(rt_online_rebuilt))))
		return RT_ERROR;
	for (i = 0; i < c->nix; i++) {
		c->ix[i].name = cell(&r, i, 0);
		c->ix[i].def = cell(&r, i, 1);
		c->ix[i].quoted = cell(&r, i, 2);
		c->ix[i].con = cell(&r, i, 3);
		c->ix[i].kind = cell(&r, i, 4);
	}
	if ((error = rt_online_query(
		 &r, a, db,
		 "SELECT quote_ident(n.nspname) || '.' || "
		 "quote_ident(r.relname), "
		 "q.seqtypid = 'int2'::regtype AND $3::regtype IN "
		 "('int4'::regtype, 'int8'::regtype) OR q.seqtypid = "
		 "'int4'::regtype AND $3::regtype = 'int8'::regtype FROM "
		 "pg_depend d JOIN pg_sequence q ON q.seqrelid = d.objid JOIN "
		 "pg_class r ON r.oid = q.seqrelid JOIN pg_namespace n ON "
		 "n.oid "
		 "= r.relnamespace WHERE d.classid = 'pg_class'::regclass "
		 "AND d.refclassid = 'pg_class'::regclass AND d.refobjid = "
		 "$1::oid AND d.refobjsubid = $2::int AND d.deptype = 'a'",
		 params, 3)) < 0)
		return error;
	c->seq = r.v.len ? cell(&r, 0, 0) : NULL;
	c->seq_widens = r.v.len && cell(&r, 0, 1)[0] == 't';
	if (!c->identity)
		return 0;
	if ((error = rt_online_query(
		 &r, a, db,
		 "SELECT n.nspname, s.relname, 'INCREMENT BY ' || "
		 "q.seqincrement || ' CACHE ' || q.seqcache || CASE WHEN "
		 "q.seqcycle THEN ' CYCLE' ELSE ' NO CYCLE' END FROM pg_depend "
		 "d JOIN pg_sequence q ON q.seqrelid = d.objid JOIN pg_class s "
		 "ON s.oid = q.seqrelid JOIN pg_namespace n ON n.oid = "
		 "s.relnamespace WHERE d.classid = 'pg_class'::regclass AND "
		 "d.refclassid = 'pg_class'::regclass AND d.refobjid = $1::oid "
		 "AND d.refobjsubid = $2::int AND d.deptype = 'i'",
		 params, 2)) < 0)
		return error;
	if (!r.v.len)
		return 0; /* resolve.c refuses it */
	c->id_seq_schema = cell(&r, 0, 0);
	c->id_seq_name = cell(&r, 0, 1);
	c->id_options = cell(&r, 0, 2);
	c->id_seq = qualified(a, db, c->id_seq_schema, c->id_seq_name);
	return c->id_seq ? 0 : RT_ERROR;
}

/* "WITH m(rel, col, sh) AS (VALUES ...) ": each column that this
 * migration retypes (its table's oid, its name) and its shadow column,
 * for a query to map names. */
static const char *retyped_map(rt_arena *a, rt_db *db, const rt_online_plan *p)
{
	rt_buf b = RT_BUF_INIT;
	const char *out = NULL;
	size_t i, k, n = 0;

	rt_buf_init(&b);
	rt_buf_puts(&b, "WITH m(rel, col, sh) AS (VALUES ");
	for (i = 0; i < p->tables.len; i++) {
		const rt_online_table *t = p->tables.items[i];
		const char *name = qualified(a, db, t->schema, t->name);

		for (k = 0; name && k < t->columns.len; k++) {
			const rt_online_column *o = t->columns.items[k];

			if (!o->retyped || !o->name)
				continue;
			rt_buf_puts(&b,
				    n++ ? ", (to_regclass(" : "(to_regclass(");
			rt_buf_put_sql_literal(&b, name);
			rt_buf_puts(&b, ")::oid, ");
			rt_buf_put_sql_literal(&b, o->name);
			rt_buf_puts(&b, ", ");
			rt_buf_put_sql_literal(
			    &b, rt_online_shadow_name(a, o->name));
			rt_buf_putc(&b, ')');
		}
	}
	if (!n)
		rt_buf_puts(&b, "(NULL::oid, NULL, NULL)");
	rt_buf_puts(&b, ") ");
	if (rt_buf_check(&b) == 0)
		out = rt_arena_strdup(a, rt_buf_cstr(&b));
	rt_buf_release(&b);
	return out;
}

/*
 * The retyped column's checks and foreign keys (its own, not those that
 * reference it): each is added again over the shadow column. One that
 * spans another column this migration retypes is refused: it would need
 * both shadows at once.
 */
static int rebuilt_constraints(rt_online_catcol *c, rt_arena *a, rt_db *db,
			       const rt_online_xtable *x, const char *map)
{
	const char *params[2] = {x->oid, c->attnum};
	const char *sql;
	rt_online_rows r;
	size_t i;
	int error;

	if (!(sql = rt_arena_printf(
		  a, "%s%s", map,
		  "SELECT k.conname::text, pg_get_constraintdef(k.oid), "
		  "k.convalidated, (SELECT string_agg(a.attname, ',') FROM "
		  "pg_attribute a WHERE a.attrelid = k.conrelid AND a.attnum = "
		  "ANY (k.conkey) AND a.attnum <> $2::int2), EXISTS (SELECT 1 "
		  "FROM pg_constraint o WHERE o.conrelid = k.conrelid AND "
		  "o.conname = '_rt_' || k.conname), k.contype = 'f' AND "
		  "EXISTS "
		  "(SELECT 1 FROM m JOIN pg_attribute a ON a.attrelid = m.rel "
		  "AND "
		  "a.attname::text = m.col WHERE m.rel = k.confrelid AND "
		  "a.attnum "
		  "= ANY (k.confkey)) FROM pg_constraint k WHERE "
		  "k.conrelid = $1::oid AND k.contype IN ('c', 'f') AND "
		  "$2::int2 = ANY (k.conkey) AND NOT (k.confrelid = $1::oid "
		  "AND "
		  "$2::int2 = ANY (k.confkey)) ORDER BY 1")))
		return RT_ERROR;
	if ((error = rt_online_query(&r, a, db, sql, params, 2)) < 0)
		return error;
	c->ncon = 0;
	if (!(c->con =
		  rt_arena_array(a, r.v.len + 1, sizeof(rt_online_rebuilt))))
		return RT_ERROR;
	for (i = 0; i < r.v.len; i++) {
		/* a foreign key that references a column this migration
		 * retypes is that column's to build again (its
		 * references), with both sides' shadows */
		if (cell(&r, i, 5)[0] == 't')
			continue;
		c->con[c->ncon].name = cell(&r, i, 0);
		c->con[c->ncon].def = cell(&r, i, 1);
		c->con[c->ncon].valid = cell(&r, i, 2)[0] == 't';
		c->con[c->ncon].others = cell(&r, i, 3);
		c->con[c->ncon].taken = cell(&r, i, 4)[0] == 't';
		c->ncon++;
	}
	return 0;
}

/*
 * The foreign keys that reference the retyped column (other tables', and
 * the table's own to itself), each written again to reference the shadow
 * column (and, for one of the table's own, over the shadows of its own
 * columns that this migration retypes): the definition is built from the
 * catalog's fields, not edited from its text. Refused: a key that also
 * references another column this migration retypes, and the ON DELETE
 * SET NULL (columns) form.
 */
static int rebuilt_references(rt_online_catcol *c, rt_arena *a, rt_db *db,
			      const rt_online_xtable *x, const char *map)
{
	const char *params[3] = {x->oid, c->attnum, x->q};
	const char *sql;
	rt_online_rows r;
	size_t i;
	int error;

#define RT_FK_ACTION(col, verb)                                                \
	"CASE " col " WHEN 'r' THEN ' " verb                                   \
	" RESTRICT' WHEN 'c' THEN ' " verb " CASCADE' WHEN 'n' THEN ' " verb   \
	" SET NULL' WHEN 'd' THEN ' " verb " SET DEFAULT' ELSE '' END"
	/* every column this migration retypes is its shadow in the twin:
	 * the referenced ones, and the key's own (a table's key to itself,
	 * or another table's that the migration retypes too) */
	sql = rt_arena_printf(
	    a, "%s%s", map,
	    "SELECT k.conname::text, quote_ident(rn.nspname) || '.' || "
	    "quote_ident(rr.relname), 'FOREIGN KEY (' || (SELECT "
	    "string_agg(quote_ident(coalesce((SELECT m.sh FROM m WHERE m.rel "
	    "= k.conrelid AND m.col = a.attname::text), a.attname)), ', ' "
	    "ORDER BY u.n) FROM unnest(k.conkey) WITH "
	    "ORDINALITY u(attnum, n) JOIN pg_attribute a ON a.attrelid = "
	    "k.conrelid AND a.attnum = u.attnum) || ') REFERENCES ' || $3 || "
	    "'(' || (SELECT string_agg(quote_ident(coalesce((SELECT m.sh FROM "
	    "m WHERE m.rel = k.confrelid AND m.col = a.attname::text), "
	    "a.attname)), ', ' ORDER BY "
	    "u.n) FROM unnest(k.confkey) WITH ORDINALITY u(attnum, n) JOIN "
	    "pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = "
	    "u.attnum) || ')' || CASE k.confmatchtype WHEN 'f' THEN ' MATCH "
	    "FULL' ELSE '' END || " RT_FK_ACTION(
		"k.confupdtype",
		"ON UPDATE") " || " RT_FK_ACTION("k.confdeltype",
						 "ON DELETE") " || CASE WHEN "
							      "k.condeferrable "
							      "THEN ' "
							      "DEFERRABLE' || "
							      "CASE WHEN "
							      "k.condeferred "
							      "THEN ' "
							      "INITIALLY "
							      "DEFERRED' ELSE "
							      "'' END ELSE '' "
							      "END, "
							      "k.convalidated, "
							      "pg_get_"
							      "constraintdef(k."
							      "oid) ~ 'ON "
							      "DELETE "
							      "SET "
							      "(NULL|DEFAULT) "
							      "\\(', (SELECT "
							      "string_agg(a."
							      "attname, ',') "
							      "FROM "
							      "pg_attribute a "
							      "WHERE "
							      "a.attrelid = "
							      "k.confrelid AND "
							      "a.attnum = ANY "
							      "(k.confkey) AND "
							      "a.attnum <> "
							      "$2::int2), "
							      "EXISTS "
							      "(SELECT 1 FROM "
							      "pg_constraint o "
							      "WHERE "
							      "o.conrelid = "
							      "k.conrelid "
							      "AND o.conname = "
							      "'_rt_' || "
							      "k.conname) FROM "
							      "pg_constraint k "
							      "JOIN pg_class "
							      "rr ON rr.oid = "
							      "k.conrelid JOIN "
							      "pg_namespace rn "
							      "ON rn.oid = "
							      "rr.relnamespace "
							      "WHERE k.contype "
							      "= 'f' AND "
							      "k.confrelid = "
							      "$1::oid AND NOT "
							      "(k.conrelid = "
							      "$1::oid AND "
							      "$2::int2 = ANY "
							      "(k.conkey)) AND "
							      "rr.relkind = "
							      "'r' AND "
							      "$2::int2 = "
							      "ANY (k.confkey) "
							      "ORDER BY 2, 1");
	if (!sql)
		return RT_ERROR;
	if ((error = rt_online_query(&r, a, db, sql, params, 3)) < 0)
		return error;
#undef RT_FK_ACTION
	c->nrf = r.v.len;
	if (!(c->rf = rt_arena_array(a, c->nrf + 1, sizeof(rt_online_rebuilt))))
		return RT_ERROR;
	for (i = 0; i < c->nrf; i++) {
		c->rf[i].name = cell(&r, i, 0);
		c->rf[i].table = cell(&r, i, 1);
		c->rf[i].def = cell(&r, i, 2);
		c->rf[i].valid = cell(&r, i, 3)[0] == 't';
		c->rf[i].sets_some = cell(&r, i, 4)[0] == 't';
		c->rf[i].others = cell(&r, i, 5);
		c->rf[i].taken = cell(&r, i, 6)[0] == 't';
	}
	return 0;
}

static int pg_column_constraints(rt_online_catcol *c, rt_arena *a, rt_db *db,
				 const rt_online_xtable *x,
				 const rt_online_plan *p)
{
	const char *map = retyped_map(a, db, p);
	int error;

	if (!map)
		return RT_ERROR;
	if ((error = rebuilt_constraints(c, a, db, x, map)) < 0)
		return error;
	return rebuilt_references(c, a, db, x, map);
}

static int pg_load_table(rt_online_xtable *x, rt_arena *a, rt_db *db)
{
	const char *name = qualified(a, db, x->t->schema, x->t->name);
	const char *params[1];
	rt_online_rows r;
	size_t i;
	int error;

	if (!name)
		return RT_ERROR;
	params[0] = name;
	if ((error = rt_online_query(
		 &r, a, db,
		 "SELECT c.oid, n.nspname, c.relname, c.relkind, "
		 "c.reltuples::bigint FROM pg_class c JOIN "
		 "pg_namespace n ON n.oid = c.relnamespace "
		 "WHERE c.oid = to_regclass($1)",
		 params, 1)) < 0)
		return error;
	if (!r.v.len)
		return 0;
	x->oid = cell(&r, 0, 0);
	if (!(x->ordinary = !strcmp(cell(&r, 0, 3), "r")))
		return 0;
	x->nspname = cell(&r, 0, 1);
	x->relname = cell(&r, 0, 2);
	x->reltuples = strtoll(cell(&r, 0, 4), NULL, 10);
	if (!(x->q = qualified(a, db, x->nspname, x->relname)))
		return RT_ERROR;
	if (x->reltuples < 0) {
		/* never analysed: no estimate for the progress; a count
		 * takes only an ACCESS SHARE lock */
		char *n;

		if ((error = rt_online_query_one(
			 &n, a, db,
			 rt_arena_printf(a, "SELECT count(*) FROM %s", x->q),
			 NULL, 0)) < 0)
			return error;
		x->reltuples = n ? strtoll(n, NULL, 10) : 0;
	}
	params[0] = x->oid;
	if ((error = rt_online_query(
		 &r, a, db,
		 "SELECT a.attname, format_type(a.atttypid, "
		 "a.atttypmod), a.attnotnull, pg_get_expr("
		 "d.adbin, d.adrelid), a.attnum, a.attidentity "
		 "FROM "
		 "pg_attribute a LEFT JOIN pg_attrdef d ON "
		 "d.adrelid = a.attrelid AND d.adnum = a.attnum "
		 "WHERE a.attrelid = $1::oid AND a.attnum > 0 AND "
		 "NOT a.attisdropped ORDER BY a.attnum",
		 params, 1)) < 0)
		return error;
	x->ncols = r.v.len;
	if (!(x->cols =
		  rt_arena_array(a, x->ncols + 1, sizeof(rt_online_catcol))))
		return RT_ERROR;
	for (i = 0; i < x->ncols; i++) {
		x->cols[i].name = cell(&r, i, 0);
		x->cols[i].type = cell(&r, i, 1);
		x->cols[i].not_null = cell(&r, i, 2)[0] == 't';
		x->cols[i].default_sql = cell(&r, i, 3);
		x->cols[i].attnum = cell(&r, i, 4);
		x->cols[i].identity = cell(&r, i, 5) ? cell(&r, i, 5)[0] : 0;
	}
	if ((error = rt_online_query(
		 &r, a, db,
		 "SELECT a.attname FROM pg_index i CROSS JOIN "
		 "LATERAL unnest(i.indkey::int2[]) WITH "
		 "ORDINALITY AS k(attnum, n) JOIN pg_attribute a "
		 "ON a.attrelid = i.indrelid AND a.attnum = "
		 "k.attnum WHERE i.indrelid = $1::oid AND "
		 "i.indisprimary ORDER BY k.n",
		 params, 1)) < 0)
		return error;
	x->npk = r.v.len;
	if (!(x->pk = rt_arena_array(a, x->npk + 1, sizeof(*x->pk))))
		return RT_ERROR;
	for (i = 0; i < x->npk; i++)
		x->pk[i] = cell(&r, i, 0);
	return 0;
}

static int pg_key_columns(const char ***names, const char ***types, size_t *n,
			  rt_arena *a, rt_db *db, const char *table)
{
	const char *params[1] = {table};
	rt_online_rows r;
	size_t i;
	int error;

	*n = 0;
	if ((error = rt_online_query(&r, a, db,
				     "SELECT quote_ident(a.attname), "
				     "format_type(a.atttypid, a.atttypmod) "
				     "FROM pg_index i CROSS JOIN LATERAL "
				     "unnest(i.indkey::int2[]) WITH ORDINALITY "
				     "AS k(attnum, n) JOIN pg_attribute a ON "
				     "a.attrelid = i.indrelid AND a.attnum = "
				     "k.attnum WHERE i.indrelid = "
				     "$1::regclass AND i.indisprimary ORDER "
				     "BY k.n",
				     params, 1)) < 0)
		return error;
	if (!(*names = rt_arena_array(a, r.v.len + 1, sizeof(char *))) ||
	    !(*types = rt_arena_array(a, r.v.len + 1, sizeof(char *))))
		return RT_ERROR;
	for (i = 0; i < r.v.len; i++) {
		(*names)[i] = cell(&r, i, 0);
		(*types)[i] = cell(&r, i, 1);
	}
	*n = r.v.len;
	return 0;
}

static int pg_index_valid(const char **out, rt_arena *a, rt_db *db,
			  const char *name)
{
	const char *params[1] = {name};

	return rt_online_query_one((char **)out, a, db,
				   "SELECT i.indisvalid::text FROM pg_index i "
				   "WHERE i.indexrelid = to_regclass($1)",
				   params, 1);
}

const rt_online_ops rt_online_ops_postgres = {
    .hook = RT_ONLINE_HOOK,
    .current_schema = pg_current_schema,
    .load_table = pg_load_table,
    .relation_exists = pg_relation_exists,
    .name_taken = pg_name_taken,
    .column_users = pg_column_users,
    .column_indexes = pg_column_indexes,
    .column_constraints = pg_column_constraints,
    .key_columns = pg_key_columns,
    .index_valid = pg_index_valid,
};
