/*
 * catalog_postgres.c: PostgreSQL introspection (pg_catalog) into the
 * catalog model.
 *
 * A fixed number of queries loads a whole database, however many tables
 * it has: one per object kind (schemas, extensions, types and their
 * labels, relations, columns, constraints, indexes, functions, triggers,
 * policies) and one over pg_depend. They run in one read-only
 * repeatable-read transaction (one snapshot) with search_path set to
 * pg_catalog alone, so everything the server prints for us (format_type,
 * pg_get_expr, pg_get_viewdef, pg_get_indexdef, pg_get_constraintdef,
 * pg_get_functiondef, pg_get_triggerdef) names user objects with their
 * schema: a definition means the same whatever search_path the generated
 * migration later runs under, and two databases compare equal when the
 * server normalizes their definitions to the same text.
 *
 * With a schema name (rt_db_options.schema_name, --schema-name), only
 * the objects of that schema are read, and the schema itself is left
 * out as public is: another schema's tables are neither compared nor
 * dropped.
 *
 * Left out: the system schemas, objects that belong to an extension
 * (they come with CREATE EXTENSION), identity sequences (they belong to
 * their column), clones on partitions and inherited constraints (they
 * come with their parent), plpgsql, and retort's own tables.
 *
 * Dependencies come from pg_depend only, never from reading definitions:
 * a view's rewrite rule is mapped to the view, a column default
 * (pg_attrdef) and a column to its table, a table's row type to the
 * table, an array type to its element type, an object that belongs to
 * an extension to the extension. Column-level entries (refobjsubid) are
 * kept as rt_coldep: they decide what a dropped or retyped column takes
 * with it. A sequence's OWNED BY link is an attribute, not a dependency.
 */
#include "catalog/catalog.h"

#include <ctype.h>
#include <stdatomic.h>
#include <strings.h>
#include <unistd.h>

/* ---- the loader -------------------------------------------------------- */

/* An object by its catalog and OID: 'c' pg_class (tables, views,
 * sequences, indexes; a constraint's index maps to the constraint), 't'
 * pg_type, 'p' pg_proc, 'k' pg_constraint, 'g' pg_trigger, 'o'
 * pg_policy, 's' pg_namespace, 'x' pg_extension. */
typedef struct oentry {
	unsigned long oid;
	char code;
	rt_obj *obj;
} oentry;

typedef struct ltable {
	rt_table *t;
	unsigned long oid;
	rt_vec cols; /* rt_column * */
} ltable;

typedef struct pgl {
	rt_catalog *cat;
	rt_db *db;
	int error;
	oentry *map;
	size_t mapcap, maplen;
	rt_vec tables;	/* ltable *, tables and views */
	rt_vec enums;	/* rt_enum *, with their labels vec */
	rt_vec labels;	/* per enum: rt_vec * */
	rt_vec domains; /* rt_domain * */
} pgl;

#define STR(x) ((x) ? rt_arena_strdup(&l->cat->arena, (x)) : NULL)

static int set_error(pgl *l, int error)
{
	if (error < 0 && !l->error)
		l->error = error;
	return error < 0 ? 1 : 0;
}

static size_t slot_of(const pgl *l, char code, unsigned long oid)
{
	size_t h = (size_t)(oid * 0x9E3779B97F4A7C15ull + (unsigned char)code);

	h &= l->mapcap - 1;
	while (l->map[h].code &&
	       !(l->map[h].code == code && l->map[h].oid == oid))
		h = (h + 1) & (l->mapcap - 1);
	return h;
}

static int map_put(pgl *l, char code, const char *oidtext, rt_obj *obj)
{
	unsigned long oid = strtoul(oidtext, NULL, 10);
	size_t s;

	if (2 * (l->maplen + 1) > l->mapcap) {
		oentry *old = l->map;
		size_t oldcap = l->mapcap, i;

		l->mapcap = oldcap ? oldcap * 2 : 256;
		l->map = calloc(l->mapcap, sizeof(*l->map));
		if (!l->map) {
			l->map = old;
			l->mapcap = oldcap;
			return rt_error_nomem();
		}
		for (i = 0; i < oldcap; i++)
			if (old[i].code)
				l->map[slot_of(l, old[i].code, old[i].oid)] =
				    old[i];
		free(old);
	}
	s = slot_of(l, code, oid);
	if (!l->map[s].code)
		l->maplen++;
	l->map[s].code = code;
	l->map[s].oid = oid;
	l->map[s].obj = obj;
	return 0;
}

static rt_obj *map_get(const pgl *l, char code, const char *oidtext)
{
	size_t s;

	if (!l->mapcap || !oidtext)
		return NULL;
	s = slot_of(l, code, strtoul(oidtext, NULL, 10));
	return l->map[s].code ? l->map[s].obj : NULL;
}

static int truth(const char *v)
{
	return v && v[0] == 't';
}

/* A common header: kind, schema, name, qualified name, comment. */
static rt_obj *new_obj(pgl *l, rt_obj_kind kind, size_t size,
		       const char *schema, const char *name, const char *qname,
		       const char *comment)
{
	rt_obj *o = rt_catalog_add(l->cat, kind, size);

	if (!o)
		return NULL;
	o->schema = STR(schema);
	o->name = STR(name);
	o->qname = STR(qname);
	o->comment = STR(comment);
	if ((schema && !o->schema) || !o->name || (qname && !o->qname) ||
	    (comment && !o->comment))
		return NULL;
	return o;
}

/* The definition, which is also what is compared (renames rewrite it). */
static int set_def(pgl *l, rt_obj *o, const char *def)
{
	size_t n = strlen(def);

	/* the server's texts end in blanks or ';' (pg_get_viewdef) */
	while (n && (isspace((unsigned char)def[n - 1]) || def[n - 1] == ';'))
		n--;
	o->definition = rt_arena_strndup(&l->cat->arena, def, n);
	if (!o->definition)
		return RT_ERROR;
	/* compared as a round trip through the server leaves it */
	o->canonical = rt_pg_canonical(&l->cat->arena, o->definition);
	return o->canonical ? 0 : RT_ERROR;
}

/* ---- queries ----------------------------------------------------------- */

/* clang-format off */

/* $1: the one schema read (--schema-name), or NULL for all */
#define NSP_OK                                                               \
	" n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')" \
	" AND n.nspname NOT LIKE 'pg\\_temp\\_%'"                            \
	" AND n.nspname NOT LIKE 'pg\\_toast\\_temp\\_%'"                      \
	" AND ($1::text IS NULL OR n.nspname = $1::text)"

/* not an extension's member */
#define NOT_EXT(cls, oid)                                                    \
	" AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = '" cls \
	"'::regclass AND e.objid = " oid " AND e.deptype = 'e')"

/* retort's own tables, online migrations' bookkeeping included */
#define NOT_RETORT(c)                                                        \
	" AND " c ".relname NOT IN ('retort_migrations', 'retort_log',"      \
	" 'retort_lock', 'retort_online', 'retort_online_table')"

#define QUAL(nsp, name) "quote_ident(" nsp ") || '.' || quote_ident(" name ")"

/* The comment of an object, joined (obj_description() and
 * col_description() run a query per row: a third of a large load) */
#define DESCR(oid, cat, sub)                                                 \
	" LEFT JOIN pg_description ds ON ds.objoid = " oid                   \
	" AND ds.classoid = '" cat "'::regclass AND ds.objsubid = " sub

/* a collation as DDL names it: those of pg_catalog bare */
#define COLLATION(oid)                                                       \
	" (SELECT CASE WHEN cn.nspname = 'pg_catalog'"                       \
	"  THEN quote_ident(co.collname)"                                    \
	"  ELSE " QUAL("cn.nspname", "co.collname") " END"                   \
	"  FROM pg_collation co"                                             \
	"  JOIN pg_namespace cn ON cn.oid = co.collnamespace"                \
	"  WHERE co.oid = " oid ")"

static const char q_schemas[] =
	"SELECT n.oid, n.nspname, quote_ident(n.nspname), ds.description"
	" FROM pg_namespace n" DESCR("n.oid", "pg_namespace", "0")
	" WHERE" NSP_OK " AND n.nspname <> 'public'"
	/* the schema read alone is the container, as public is */
	" AND $1::text IS NULL"
	NOT_EXT("pg_namespace", "n.oid");

static const char q_extensions[] =
	"SELECT x.oid, x.extname, quote_ident(x.extname),"
	" quote_ident(n.nspname), x.extversion, ds.description"
	" FROM pg_extension x JOIN pg_namespace n ON n.oid = x.extnamespace"
	DESCR("x.oid", "pg_extension", "0")
	" WHERE x.extname <> 'plpgsql'"
	" AND ($1::text IS NULL OR n.nspname = $1::text)";

/* to_jsonb: the ICU locale's column is colliculocale up to PostgreSQL 16
 * and colllocale from 17 */
static const char q_collations[] =
	"SELECT co.oid, n.nspname, co.collname,"
	" " QUAL("n.nspname", "co.collname") ","
	" co.collprovider, co.collcollate, co.collctype,"
	" coalesce(to_jsonb(co) ->> 'colllocale',"
	"  to_jsonb(co) ->> 'colliculocale'),"
	" co.collisdeterministic, ds.description"
	" FROM pg_collation co JOIN pg_namespace n ON n.oid = co.collnamespace"
	DESCR("co.oid", "pg_collation", "0") " WHERE" NSP_OK NOT_EXT("pg_collation", "co.oid");

static const char q_types[] =
	"SELECT t.oid, n.nspname, t.typname,"
	" " QUAL("n.nspname", "t.typname") ","
	" t.typtype, ds.description,"
	" format_type(t.typbasetype, t.typtypmod), t.typnotnull,"
	" pg_get_expr(t.typdefaultbin, 0),"
	" CASE WHEN t.typcollation <> 0 AND t.typcollation <>"
	"  (SELECT b.typcollation FROM pg_type b WHERE b.oid = t.typbasetype)"
	"  THEN" COLLATION("t.typcollation") " END"
	" FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace"
	DESCR("t.oid", "pg_type", "0")
	" WHERE t.typtype IN ('e', 'd') AND" NSP_OK
	NOT_EXT("pg_type", "t.oid");

static const char q_domain_checks[] =
	"SELECT k.contypid, quote_ident(k.conname), pg_get_constraintdef(k.oid),"
	" k.oid"
	" FROM pg_constraint k JOIN pg_type t ON t.oid = k.contypid"
	" JOIN pg_namespace n ON n.oid = t.typnamespace"
	" WHERE k.contype = 'c' AND" NSP_OK " ORDER BY k.contypid, k.conname";

static const char q_labels[] =
	"SELECT e.enumtypid, e.enumlabel FROM pg_enum e"
	" JOIN pg_type t ON t.oid = e.enumtypid"
	" JOIN pg_namespace n ON n.oid = t.typnamespace WHERE" NSP_OK
	" ORDER BY e.enumtypid, e.enumsortorder";

static const char q_relations[] =
	"SELECT c.oid, n.nspname, c.relname,"
	" " QUAL("n.nspname", "c.relname") ","
	" c.relkind, c.relpersistence, c.relrowsecurity,"
	" c.relforcerowsecurity, ds.description,"
	" CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid) END,"
	" CASE WHEN c.relispartition"
	"  THEN pg_get_expr(c.relpartbound, c.oid) END,"
	" CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END,"
	" array_to_string(c.reloptions, ', '),"
	" (SELECT string_agg(" QUAL("pn.nspname", "pc.relname") ", ', '"
	"   ORDER BY i.inhseqno)"
	"  FROM pg_inherits i"
	"  JOIN pg_class pc ON pc.oid = i.inhparent"
	"  JOIN pg_namespace pn ON pn.oid = pc.relnamespace"
	"  WHERE i.inhrelid = c.oid),"
	" format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement,"
	" s.seqmin, s.seqmax, s.seqcache, s.seqcycle, c.reltype"
	" FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
	" LEFT JOIN pg_sequence s ON s.seqrelid = c.oid"
	DESCR("c.oid", "pg_class", "0")
	" WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'c') AND" NSP_OK
	NOT_EXT("pg_class", "c.oid") NOT_EXT("pg_type", "c.reltype")
	NOT_RETORT("c")
	/* identity sequences belong to their column */
	" AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d"
	"  WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid"
	"  AND d.refclassid = 'pg_class'::regclass AND d.deptype = 'i'))";

static const char q_columns[] =
	"SELECT a.attrelid, a.attnum, a.attname, quote_ident(a.attname),"
	" format_type(a.atttypid, a.atttypmod), a.attnotnull,"
	" pg_get_expr(ad.adbin, ad.adrelid), a.attidentity, a.attgenerated,"
	" CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation"
	"  THEN" COLLATION("a.attcollation") " END,"
	" ds.description, a.attislocal,"
	/* an identity column's sequence: its options, the range only
	 * where it is not the one that follows from the column's type and
	 * the direction (a negative START needs its MINVALUE) */
	" CASE WHEN a.attidentity <> '' THEN"
	"  (SELECT format('%s%sSTART WITH %s INCREMENT BY %s CACHE %s %s',"
	"    CASE WHEN s.seqmin <> CASE WHEN s.seqincrement > 0 THEN 1"
	"     WHEN s.seqtypid = 'int2'::regtype THEN -32768"
	"     WHEN s.seqtypid = 'int4'::regtype THEN -2147483648"
	"     ELSE -9223372036854775808 END"
	"     THEN format('MINVALUE %s ', s.seqmin) END,"
	"    CASE WHEN s.seqmax <> CASE WHEN s.seqincrement < 0 THEN -1"
	"     WHEN s.seqtypid = 'int2'::regtype THEN 32767"
	"     WHEN s.seqtypid = 'int4'::regtype THEN 2147483647"
	"     ELSE 9223372036854775807 END"
	"     THEN format('MAXVALUE %s ', s.seqmax) END,"
	"    s.seqstart, s.seqincrement, s.seqcache,"
	"    CASE WHEN s.seqcycle THEN 'CYCLE' ELSE 'NO CYCLE' END)"
	"   FROM pg_depend d JOIN pg_sequence s ON s.seqrelid = d.objid"
	"   WHERE d.classid = 'pg_class'::regclass"
	"   AND d.refclassid = 'pg_class'::regclass"
	"   AND d.refobjid = a.attrelid AND d.refobjsubid = a.attnum"
	"   AND d.deptype = 'i') END"
	" FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
	" JOIN pg_namespace n ON n.oid = c.relnamespace"
	" JOIN pg_type t ON t.oid = a.atttypid"
	" LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid"
	"  AND ad.adnum = a.attnum"
	DESCR("a.attrelid", "pg_class", "a.attnum")
	" WHERE a.attnum > 0 AND NOT a.attisdropped"
	" AND c.relkind IN ('r', 'p', 'v', 'm', 'c') AND" NSP_OK
	" ORDER BY a.attrelid, a.attnum";

static const char q_constraints[] =
	"SELECT k.oid, k.conrelid, k.conname, quote_ident(k.conname),"
	" k.contype, pg_get_constraintdef(k.oid),"
	" ds.description, k.conindid"
	" FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid"
	" JOIN pg_namespace n ON n.oid = c.relnamespace"
	DESCR("k.oid", "pg_constraint", "0")
	" WHERE k.contype IN ('p', 'u', 'c', 'x', 'f') AND k.conislocal"
	" AND k.conparentid = 0 AND" NSP_OK
	" ORDER BY k.conrelid, k.conname";

static const char q_indexes[] =
	"SELECT i.indexrelid, i.indrelid, ic.relname, quote_ident(ic.relname),"
	" pg_get_indexdef(i.indexrelid), i.indisunique,"
	" i.indpred IS NOT NULL, ds.description, NOT i.indisvalid"
	" FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid"
	" JOIN pg_class c ON c.oid = i.indrelid"
	" JOIN pg_namespace n ON n.oid = c.relnamespace"
	DESCR("i.indexrelid", "pg_class", "0")
	" WHERE NOT ic.relispartition AND" NSP_OK
	" AND NOT EXISTS (SELECT 1 FROM pg_constraint k"
	"  WHERE k.conindid = i.indexrelid AND k.conrelid = i.indrelid"
	"  AND k.contype IN ('p', 'u', 'x'))";

static const char q_functions[] =
	"SELECT p.oid, n.nspname, p.proname,"
	" " QUAL("n.nspname", "p.proname") ","
	" pg_get_function_identity_arguments(p.oid),"
	" oidvectortypes(p.proargtypes), p.prokind, pg_get_functiondef(p.oid),"
	" pg_get_function_result(p.oid), ds.description"
	" FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
	DESCR("p.oid", "pg_proc", "0")
	" WHERE p.prokind IN ('f', 'p') AND" NSP_OK NOT_EXT("pg_proc", "p.oid");

static const char q_triggers[] =
	"SELECT t.oid, t.tgrelid, t.tgname, quote_ident(t.tgname),"
	" pg_get_triggerdef(t.oid), ds.description"
	" FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
	" JOIN pg_namespace n ON n.oid = c.relnamespace"
	DESCR("t.oid", "pg_trigger", "0")
	" WHERE NOT t.tgisinternal AND t.tgparentid = 0 AND" NSP_OK;

static const char q_policies[] =
	"SELECT p.oid, p.polrelid, p.polname, quote_ident(p.polname),"
	" p.polpermissive, p.polcmd,"
	" (SELECT string_agg(CASE WHEN r = 0 THEN 'PUBLIC'"
	"   ELSE quote_ident(pg_get_userbyid(r)) END, ', ' ORDER BY 1)"
	"  FROM unnest(p.polroles) r),"
	" pg_get_expr(p.polqual, p.polrelid),"
	" pg_get_expr(p.polwithcheck, p.polrelid),"
	" ds.description"
	" FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid"
	" JOIN pg_namespace n ON n.oid = c.relnamespace"
	DESCR("p.oid", "pg_policy", "0") " WHERE" NSP_OK;

/*
 * Privileges, every kind that has them in one query: the ACL, or the
 * default for the kind when it is NULL, less the owner's own entries
 * (the owner is not part of the schema retort compares).
 */
#define GRANTEE                                                              \
	" CASE WHEN a.grantee = 0 THEN 'PUBLIC'"                             \
	" ELSE quote_ident(pg_get_userbyid(a.grantee)) END,"                 \
	" a.privilege_type, a.is_grantable"

#define ACL(acl, kind, owner)                                                \
	" aclexplode(coalesce(" acl ", acldefault(" kind "::\"char\","       \
	" " owner "))) a WHERE a.grantee <> " owner " AND"

static const char q_acls[] =
	"SELECT 'c', c.oid," GRANTEE
	" FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace,"
	ACL("c.relacl", "(CASE c.relkind WHEN 'S' THEN 's' ELSE 'r' END)",
	    "c.relowner")
	" c.relkind IN ('r', 'p', 'v', 'm', 'S') AND" NSP_OK
	" UNION ALL SELECT 'p', p.oid," GRANTEE
	" FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace,"
	ACL("p.proacl", "'f'", "p.proowner") NSP_OK
	" UNION ALL SELECT 's', n.oid," GRANTEE " FROM pg_namespace n,"
	ACL("n.nspacl", "'n'", "n.nspowner") NSP_OK
	" UNION ALL SELECT 't', t.oid," GRANTEE
	" FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace,"
	ACL("t.typacl", "'T'", "t.typowner")
	" t.typtype IN ('e', 'd', 'c') AND" NSP_OK
	" ORDER BY 1, 2, 3, 4";

/*
 * pg_depend, user objects only (OIDs from FirstNormalObjectId), as
 * (code, oid, subid) pairs in the loader's terms: rules are their view,
 * column defaults their column, row types their table, array types
 * their element, extension members their extension.
 */
#define CODE_OF(cls)                                                         \
	" CASE " cls " WHEN 'pg_class'::regclass THEN 'c'"                   \
	" WHEN 'pg_rewrite'::regclass THEN 'c'"                              \
	" WHEN 'pg_attrdef'::regclass THEN 'c'"                              \
	" WHEN 'pg_type'::regclass THEN 't'"                                 \
	" WHEN 'pg_proc'::regclass THEN 'p'"                                 \
	" WHEN 'pg_constraint'::regclass THEN 'k'"                           \
	" WHEN 'pg_trigger'::regclass THEN 'g'"                              \
	" WHEN 'pg_policy'::regclass THEN 'o'"                               \
	" WHEN 'pg_namespace'::regclass THEN 's'"                            \
	" WHEN 'pg_collation'::regclass THEN 'l'"                            \
	" WHEN 'pg_extension'::regclass THEN 'x' END"

static const char q_depend[] =
	"SELECT" CODE_OF("d.classid") ","
	" CASE d.classid"
	"  WHEN 'pg_rewrite'::regclass THEN"
	"   (SELECT r.ev_class FROM pg_rewrite r WHERE r.oid = d.objid)"
	"  WHEN 'pg_attrdef'::regclass THEN"
	"   (SELECT a.adrelid FROM pg_attrdef a WHERE a.oid = d.objid)"
	"  ELSE d.objid END,"
	" CASE d.classid"
	"  WHEN 'pg_rewrite'::regclass THEN 0"
	"  WHEN 'pg_attrdef'::regclass THEN"
	"   (SELECT a.adnum FROM pg_attrdef a WHERE a.oid = d.objid)"
	"  ELSE d.objsubid END,"
	" CASE WHEN x.objid IS NOT NULL THEN 'x'"
	"  WHEN rt.typrelid <> 0 THEN 'c' ELSE" CODE_OF("d.refclassid") " END,"
	" CASE WHEN x.objid IS NOT NULL THEN x.refobjid"
	"  WHEN rt.typrelid <> 0 THEN rt.typrelid"
	"  WHEN rt.typelem <> 0 AND rt.typcategory = 'A' THEN rt.typelem"
	"  ELSE d.refobjid END,"
	" CASE WHEN x.objid IS NOT NULL THEN 0 ELSE d.refobjsubid END,"
	" d.deptype"
	" FROM pg_depend d"
	" LEFT JOIN pg_type rt ON d.refclassid = 'pg_type'::regclass"
	"  AND rt.oid = d.refobjid"
	" LEFT JOIN pg_depend x ON x.classid = d.refclassid"
	"  AND x.objid = d.refobjid AND x.deptype = 'e'"
	" WHERE d.objid >= 16384 AND d.deptype IN ('n', 'a')";

/* clang-format on */

/* ---- rows -------------------------------------------------------------- */

/* oid, nspname, quoted, comment */
static int row_schema(void *payload, int n, const char *const *v)
{
	pgl *l = payload;
	rt_obj *o;
	rt_buf def = RT_BUF_INIT;
	int error;

	(void)n;
	o = new_obj(l, RT_OBJ_SCHEMA, sizeof(rt_obj), NULL, v[1], v[2], v[3]);
	if (!o)
		return set_error(l, RT_ERROR);
	rt_buf_init(&def);
	rt_buf_printf(&def, "CREATE SCHEMA %s", v[2]);
	error = rt_buf_check(&def);
	if (!error)
		error = set_def(l, o, def.ptr);
	rt_buf_release(&def);
	if (!error)
		error = map_put(l, 's', v[0], o);
	return set_error(l, error);
}

/* oid, name, quoted, schema (quoted), version, comment */
static int row_extension(void *payload, int n, const char *const *v)
{
	pgl *l = payload;
	rt_obj *o;
	rt_buf def = RT_BUF_INIT;
	int error;

	(void)n;
	o = new_obj(l, RT_OBJ_EXTENSION, sizeof(rt_obj), NULL, v[1], v[2],
		    v[5]);
	if (!o)
		return set_error(l, RT_ERROR);
	rt_buf_init(&def);
	rt_buf_printf(&def,
		      "CREATE EXTENSION IF NOT EXISTS %s WITH SCHEMA %s "
		      "VERSION ",
		      v[2], v[3]);
	rt_buf_put_sql_literal(&def, v[4]);
	error = rt_buf_check(&def);
	if (!error)
		error = set_def(l, o, def.ptr);
	rt_buf_release(&def);
	if (!error)
		error = map_put(l, 'x', v[0], o);
	return set_error(l, error);
}

/* 0 oid, 1 schema, 2 name, 3 qualified, 4 provider, 5 collate,
 * 6 ctype, 7 ICU locale, 8 deterministic, 9 comment */
static int row_collation(void *payload, int n, const char *const *v)
{
	pgl *l = payload;
	rt_obj *o;
	rt_buf def = RT_BUF_INIT;
	int error;

	(void)n;
	o = new_obj(l, RT_OBJ_COLLATION, sizeof(rt_obj), v[1], v[2], v[3],
		    v[9]);
	if (!o)
		return set_error(l, RT_ERROR);
	rt_buf_init(&def);
	rt_buf_printf(&def, "CREATE COLLATION %s (provider = %s", v[3],
		      v[4][0] == 'i' ? "icu" : "libc");
	if (v[4][0] == 'i') {
		rt_buf_puts(&def, ", locale = ");
		rt_buf_put_sql_literal(&def, v[7] ? v[7] : "");
	} else {
		rt_buf_puts(&def, ", lc_collate = ");
		rt_buf_put_sql_literal(&def, v[5] ? v[5] : "");
		rt_buf_puts(&def, ", lc_ctype = ");
		rt_buf_put_sql_literal(&def, v[6] ? v[6] : "");
	}
	if (!truth(v[8]))
		rt_buf_puts(&def, ", deterministic = false");
	rt_buf_putc(&def, ')');
	error = rt_buf_check(&def);
	if (!error)
		error = set_def(l, o, def.ptr);
	rt_buf_release(&def);
	if (!error)
		error = map_put(l, 'l', v[0], o);
	return set_error(l, error);
}

/* 0 oid, 1 schema, 2 name, 3 qualified, 4 base, 5 not null,
 * 6 default, 7 collation, 8 comment */
static int row_domain(pgl *l, const char *const *v)
{
	rt_domain *d;

	d = (rt_domain *)new_obj(l, RT_OBJ_DOMAIN, sizeof(rt_domain), v[1],
				 v[2], v[3], v[8]);
	if (!d)
		return RT_ERROR;
	d->base = STR(v[4]);
	d->not_null = truth(v[5]);
	d->default_expr = STR(v[6]);
	d->collation = STR(v[7]);
	if (!d->base || rt_vec_push(&l->cat->arena, &l->domains, d) < 0)
		return RT_ERROR;
	return map_put(l, 't', v[0], &d->obj);
}

/* 0 oid, 1 schema, 2 name, 3 qualified, 4 typtype, 5 comment, 6 base,
 * 7 not null, 8 default, 9 collation */
static int row_type(void *payload, int n, const char *const *v)
{
	pgl *l = payload;
	rt_enum *e;
	rt_vec *labels;

	(void)n;
	if (v[4][0] == 'd') {
		const char *dv[9] = {v[0], v[1], v[2], v[3], v[6],
				     v[7], v[8], v[9], v[5]};

		return set_error(l, row_domain(l, dv));
	}
	e = (rt_enum *)new_obj(l, RT_OBJ_ENUM, sizeof(rt_enum), v[1], v[2],
			       v[3], v[5]);
	labels = rt_arena_alloc(&l->cat->arena, sizeof(*labels));
	if (!e || !labels)
		return set_error(l, RT_ERROR);
	if (set_error(l, rt_vec_push(&l->cat->arena, &l->enums, e)) ||
	    set_error(l, rt_vec_push(&l->cat->arena, &l->labels, labels)))
		return 1;
	return set_error(l, map_put(l, 't', v[0], &e->obj));
}

/* enum oid, label */
static int row_label(void *payload, int n, const char *const *v)
{
	pgl *l = payload;
	rt_obj *o = map_get(l, 't', v[0]);
	size_t i;
	char *label;

	(void)n;
	if (!o || o->kind != RT_OBJ_ENUM)
		return 0;
	for (i = 0; i < l->enums.len; i++)
		if (l->enums.items[i] == (void *)o)
			break;
	if (i == l->enums.len)
		return 0;
	if (!(label = STR(v[1])))
		return set_error(l, RT_ERROR);
	return set_error(
	    l, rt_vec_push(&l->cat->arena, l->labels.items[i], label));
}

/* domain oid, quoted name, CHECK (...) */
static int row_domain_check(void *payload, int n, const char *const *v)
{
	pgl *l = payload;
	rt_domain *d = (rt_domain *)map_get(l, 't', v[0]);
	const char **names, **defs;

	(void)n;
	if (!d || d->obj.kind != RT_OBJ_DOMAIN)
		return 0;
	names = rt_arena_array(&l->cat->arena, d->nchecks + 1, sizeof(*names));
	defs = rt_arena_array(&l->cat->arena, d->nchecks + 1, sizeof(*defs));
	if (!names || !defs)
		return set_error(l, RT_ERROR);
	if (d->nchecks) {
		memcpy(names, d->check_names, d->nchecks * sizeof(*names));
		memcpy(defs, d->checks, d->nchecks * sizeof(*defs));
	}
	names[d->nchecks] = STR(v[1]);
	defs[d->nchecks] = STR(v[2]);
	if (!names[d->nchecks] || !defs[d->nchecks])
		return set_error(l, RT_ERROR);
	d->check_names = names;
	d->checks = defs;
	d->nchecks++;
	/* what its checks call (pg_depend names the constraint) is the
	 * domain's to need: a function is made before it, dropped after */
	return set_error(l, map_put(l, 'k', v[3], &d->obj));
}

static int finish_domains(pgl *l)
{
	rt_buf def = RT_BUF_INIT;
	size_t i, k;
	int error = 0;

	rt_buf_init(&def);
	for (i = 0; i < l->domains.len && !error; i++) {
		rt_domain *d = l->domains.items[i];

		rt_buf_clear(&def);
		rt_buf_printf(&def, "CREATE DOMAIN %s AS %s", d->obj.qname,
			      d->base);
		if (d->collation)
			rt_buf_printf(&def, " COLLATE %s", d->collation);
		if (d->default_expr)
			rt_buf_printf(&def, " DEFAULT %s", d->default_expr);
		if (d->not_null)
			rt_buf_puts(&def, " NOT NULL");
		for (k = 0; k < d->nchecks; k++)
			rt_buf_printf(&def, " CONSTRAINT %s %s",
				      d->check_names[k], d->checks[k]);
		if (!(error = rt_buf_check(&def)))
			error = set_def(l, &d->obj, def.ptr);
	}
	rt_buf_release(&def);
	return error;
}

static int finish_enums(pgl *l)
{
	rt_buf def = RT_BUF_INIT;
	size_t i, k;
	int error = 0;

	rt_buf_init(&def);
	for (i = 0; i < l->enums.len && !error; i++) {
		rt_enum *e = l->enums.items[i];
		rt_vec *lv = l->labels.items[i];

		e->labels = (const char **)lv->items;
		e->nlabels = lv->len;
		rt_buf_clear(&def);
		rt_buf_printf(&def, "CREATE TYPE %s AS ENUM (", e->obj.qname);
		for (k = 0; k < e->nlabels; k++) {
			if (k)
				rt_buf_puts(&def, ", ");
			rt_buf_put_sql_literal(&def, e->labels[k]);
		}
		rt_buf_putc(&def, ')');
		if (!(error = rt_buf_check(&def)))
			error = set_def(l, &e->obj, def.ptr);
	}
	rt_buf_release(&def);
	return error;
}

/* A relation: 0 oid, 1 schema, 2 name, 3 qualified, 4 relkind,
 * 5 persistence, 6 rls, 7 force rls, 8 comment, 9 viewdef, 10 bound,
 * 11 partition key, 12 reloptions, 13 parents, 14 seq type, 15 start,
 * 16 increment, 17 min, 18 max, 19 cache, 20 cycle */
static int row_sequence(pgl *l, const char *const *v)
{
	rt_sequence *s;
	rt_buf def = RT_BUF_INIT;
	int error;

	s = (rt_sequence *)new_obj(l, RT_OBJ_SEQUENCE, sizeof(rt_sequence),
				   v[1], v[2], v[3], v[8]);
	if (!s)
		return RT_ERROR;
	rt_buf_init(&def);
	rt_buf_printf(&def,
		      "AS %s INCREMENT BY %s MINVALUE %s MAXVALUE %s "
		      "START WITH %s CACHE %s %s",
		      v[14], v[16], v[17], v[18], v[15], v[19],
		      truth(v[20]) ? "CYCLE" : "NO CYCLE");
	if ((error = rt_buf_check(&def)) < 0)
		goto done;
	s->type = STR(v[14]);
	s->start = STR(v[15]);
	s->increment = STR(v[16]);
	s->min = STR(v[17]);
	s->max = STR(v[18]);
	s->cache = STR(v[19]);
	s->cycle = truth(v[20]);
	if (!(s->options = STR(def.ptr)) || !s->type || !s->start ||
	    !s->increment || !s->min || !s->max || !s->cache) {
		error = RT_ERROR;
		goto done;
	}
	rt_buf_clear(&def);
	rt_buf_printf(&def, "CREATE SEQUENCE %s %s", v[3], s->options);
	if (!(error = rt_buf_check(&def)))
		error = set_def(l, &s->obj, def.ptr);
	if (!error)
		error = map_put(l, 'c', v[0], &s->obj);
done:
	rt_buf_release(&def);
	return error;
}

static int row_relation(void *payload, int n, const char *const *v)
{
	pgl *l = payload;
	char kind = v[4][0];
	rt_obj_kind ok;
	ltable *lt;
	rt_table *t;
	rt_buf def = RT_BUF_INIT;
	int error = 0;

	(void)n;
	if (kind == 'S')
		return set_error(l, row_sequence(l, v));
	ok = kind == 'v'   ? RT_OBJ_VIEW
	     : kind == 'm' ? RT_OBJ_MATVIEW
	     : kind == 'c' ? RT_OBJ_COMPOSITE
			   : RT_OBJ_TABLE;
	t = (rt_table *)new_obj(l, ok, sizeof(rt_table), v[1], v[2], v[3],
				v[8]);
	lt = rt_arena_alloc(&l->cat->arena, sizeof(*lt));
	if (!t || !lt)
		return set_error(l, RT_ERROR);
	lt->t = t;
	lt->oid = strtoul(v[0], NULL, 10);
	t->unlogged = v[5][0] == 'u';
	t->rls_enabled = truth(v[6]);
	t->rls_forced = truth(v[7]);
	t->partition_bound = STR(v[10]);
	t->partition_key = STR(v[11]);
	t->options = v[12] && *v[12] ? STR(v[12]) : NULL;
	if (v[10] && v[13])
		t->partition_of = STR(v[13]);
	else
		t->inherits = STR(v[13]);
	rt_buf_init(&def);
	if (ok == RT_OBJ_COMPOSITE) {
		/* its definition is written once its columns are read */
		if (map_put(l, 't', v[21], &t->obj) < 0)
			error = RT_ERROR;
	} else if (ok != RT_OBJ_TABLE) {
		rt_buf_printf(&def, "CREATE %sVIEW %s",
			      ok == RT_OBJ_MATVIEW ? "MATERIALIZED " : "",
			      v[3]);
		if (t->options)
			rt_buf_printf(&def, " WITH (%s)", t->options);
		rt_buf_printf(&def, " AS\n%s", v[9] ? v[9] : "");
		if (!(error = rt_buf_check(&def)))
			error = set_def(l, &t->obj, def.ptr);
	}
	rt_buf_release(&def);
	if (!error)
		error = map_put(l, 'c', v[0], &t->obj);
	if (!error)
		error = rt_vec_push(&l->cat->arena, &l->tables, lt);
	return set_error(l, error);
}

static ltable *find_ltable(pgl *l, const char *oidtext)
{
	unsigned long oid = strtoul(oidtext, NULL, 10);
	size_t lo = 0, hi = l->tables.len;

	/* sorted by oid before the columns are read */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		ltable *lt = l->tables.items[mid];

		if (lt->oid == oid)
			return lt;
		if (lt->oid < oid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int lt_cmp(const void *pa, const void *pb)
{
	const ltable *a = *(ltable *const *)pa, *b = *(ltable *const *)pb;

	return a->oid < b->oid ? -1 : a->oid > b->oid;
}

/* 0 relid, 1 attnum, 2 name, 3 quoted, 4 type, 5 not null, 6 default,
 * 7 identity, 8 generated, 9 collation, 10 comment, 11 local,
 * 12 identity options */
static int row_column(void *payload, int n, const char *const *v)
{
	pgl *l = payload;
	ltable *lt = find_ltable(l, v[0]);
	rt_column *c;

	(void)n;
	if (!lt)
		return 0;
	if (!(c = rt_arena_alloc(&l->cat->arena, sizeof(*c))))
		return set_error(l, RT_ERROR);
	c->name = STR(v[2]);
	c->qname = STR(v[3]);
	c->type = STR(v[4]);
	c->attnum = atoi(v[1]);
	c->position = (int)lt->cols.len + 1;
	c->not_null = truth(v[5]);
	c->inherited = !truth(v[11]);
	if (v[8] && v[8][0] == 's') {
		c->generated = STR(v[6]);
		c->generated_stored = 1;
	} else {
		c->default_expr = STR(v[6]);
	}
	if (v[7] && v[7][0] == 'a')
		c->identity = "always";
	else if (v[7] && v[7][0] == 'd')
		c->identity = "by default";
	c->collation = STR(v[9]);
	c->comment = STR(v[10]);
	c->identity_options = STR(v[12]);
	if (!c->name || !c->qname || !c->type)
		return set_error(l, RT_ERROR);
	return set_error(l, rt_vec_push(&l->cat->arena, &lt->cols, c));
}

/* CREATE TYPE x AS (a integer, b text COLLATE "C") */
static int composite_def(pgl *l, rt_table *t)
{
	rt_buf def = RT_BUF_INIT;
	size_t k;
	int error;

	rt_buf_init(&def);
	rt_buf_printf(&def, "CREATE TYPE %s AS (", t->obj.qname);
	for (k = 0; k < t->ncolumns; k++) {
		const rt_column *c = &t->columns[k];

		rt_buf_printf(&def, "%s%s %s", k ? ", " : "", c->qname, c->type);
		if (c->collation)
			rt_buf_printf(&def, " COLLATE %s", c->collation);
	}
	rt_buf_putc(&def, ')');
	error = rt_buf_check(&def);
	if (!error)
		error = set_def(l, &t->obj, def.ptr);
	rt_buf_release(&def);
	return error;
}

static int finish_tables(pgl *l)
{
	size_t i, k;

	for (i = 0; i < l->tables.len; i++) {
		ltable *lt = l->tables.items[i];
		rt_table *t = lt->t;

		t->ncolumns = lt->cols.len;
		t->columns = rt_arena_array(&l->cat->arena, t->ncolumns + 1,
					    sizeof(rt_column));
		if (!t->columns)
			return RT_ERROR;
		for (k = 0; k < t->ncolumns; k++)
			t->columns[k] = *(rt_column *)lt->cols.items[k];
		if (t->obj.kind == RT_OBJ_COMPOSITE &&
		    composite_def(l, t) < 0)
			return RT_ERROR;
	}
	return 0;
}

/* The table (or view) an object of a table belongs to. */
static int own_table(pgl *l, rt_obj *o, const char *relid, rt_obj **table)
{
	rt_obj *t = map_get(l, 'c', relid);

	*table = t;
	if (!t || (t->kind != RT_OBJ_TABLE && t->kind != RT_OBJ_VIEW &&
		   t->kind != RT_OBJ_MATVIEW))
		return 0;
	o->table = t->name;
	o->schema = t->schema;
	return rt_obj_add_dep(l->cat, o, t) < 0 ? RT_ERROR : 1;
}

/* 0 oid, 1 relid, 2 name, 3 quoted, 4 contype, 5 def, 6 comment,
 * 7 index */
static int row_constraint(void *payload, int n, const char *const *v)
{
	pgl *l = payload;
	rt_obj *o, *t = map_get(l, 'c', v[1]);
	char type = v[4][0];
	int error;

	(void)n;
	if (!t || t->kind != RT_OBJ_TABLE)
		return 0; /* retort's, or an extension's */
	o = new_obj(l, type == 'f' ? RT_OBJ_FOREIGN_KEY : RT_OBJ_CONSTRAINT,
		    sizeof(rt_obj), NULL, v[2], v[3], v[6]);
	if (!o)
		return set_error(l, RT_ERROR);
	if ((error = own_table(l, o, v[1], &t)) < 0 ||
	    (error = set_def(l, o, v[5])) < 0 ||
	    (error = map_put(l, 'k', v[0], o)) < 0)
		return set_error(l, error);
	/* what points at its index (a foreign key) points at it */
	if (type == 'p' || type == 'u' || type == 'x')
		error = map_put(l, 'c', v[7], o);
	return set_error(l, error);
}

/* 0 oid, 1 relid, 2 name, 3 quoted, 4 def, 5 unique, 6 partial,
 * 7 comment, 8 invalid */
static int row_index(void *payload, int n, const char *const *v)
{
	pgl *l = payload;
	rt_obj *t = map_get(l, 'c', v[1]);
	rt_index *ix;
	int error;

	(void)n;
	if (!t)
		return 0;
	ix = (rt_index *)new_obj(l, RT_OBJ_INDEX, sizeof(rt_index), NULL, v[2],
				 v[3], v[7]);
	if (!ix)
		return set_error(l, RT_ERROR);
	ix->unique = truth(v[5]);
	ix->partial = truth(v[6]);
	ix->invalid = truth(v[8]);
	if ((error = own_table(l, &ix->obj, v[1], &t)) < 0 ||
	    (error = set_def(l, &ix->obj, v[4])) < 0)
		return set_error(l, error);
	return set_error(l, map_put(l, 'c', v[0], &ix->obj));
}

/* 0 oid, 1 schema, 2 name, 3 qualified, 4 identity args, 5 arg types,
 * 6 prokind, 7 def, 8 result, 9 comment */
static int row_function(void *payload, int n, const char *const *v)
{
	pgl *l = payload;
	rt_arena *a = &l->cat->arena;
	rt_function *f;
	char *name, *qname;

	(void)n;
	name = rt_arena_printf(a, "%s(%s)", v[2], v[5]);
	qname = rt_arena_printf(a, "%s(%s)", v[3], v[4]);
	if (!name || !qname)
		return set_error(l, RT_ERROR);
	f = (rt_function *)new_obj(l, RT_OBJ_FUNCTION, sizeof(rt_function),
				   v[1], name, qname, v[9]);
	if (!f)
		return set_error(l, RT_ERROR);
	f->argdecl = STR(v[4]);
	f->result = STR(v[8]);
	f->prokind = v[6][0];
	if (set_error(l, set_def(l, &f->obj, v[7])))
		return 1;
	return set_error(l, map_put(l, 'p', v[0], &f->obj));
}

/* 0 oid, 1 relid, 2 name, 3 quoted, 4 def, 5 comment */
static int row_trigger(void *payload, int n, const char *const *v)
{
	pgl *l = payload;
	rt_obj *o, *t;
	int error;

	(void)n;
	if (!map_get(l, 'c', v[1]))
		return 0;
	o = new_obj(l, RT_OBJ_TRIGGER, sizeof(rt_obj), NULL, v[2], v[3], v[5]);
	if (!o)
		return set_error(l, RT_ERROR);
	if ((error = own_table(l, o, v[1], &t)) < 0 ||
	    (error = set_def(l, o, v[4])) < 0)
		return set_error(l, error);
	return set_error(l, map_put(l, 'g', v[0], o));
}

/* 0 oid, 1 relid, 2 name, 3 quoted, 4 permissive, 5 cmd, 6 roles,
 * 7 using, 8 with check, 9 comment */
static int row_policy(void *payload, int n, const char *const *v)
{
	pgl *l = payload;
	rt_obj *o, *t = map_get(l, 'c', v[1]);
	rt_buf def = RT_BUF_INIT;
	const char *cmd;
	int error;

	(void)n;
	if (!t)
		return 0;
	o = new_obj(l, RT_OBJ_POLICY, sizeof(rt_obj), NULL, v[2], v[3], v[9]);
	if (!o)
		return set_error(l, RT_ERROR);
	if ((error = own_table(l, o, v[1], &t)) < 0)
		return set_error(l, error);
	switch (v[5][0]) {
	case 'r':
		cmd = "SELECT";
		break;
	case 'a':
		cmd = "INSERT";
		break;
	case 'w':
		cmd = "UPDATE";
		break;
	case 'd':
		cmd = "DELETE";
		break;
	default:
		cmd = "ALL";
	}
	rt_buf_init(&def);
	rt_buf_printf(&def, "CREATE POLICY %s ON %s AS %s FOR %s TO %s", v[3],
		      t->qname, truth(v[4]) ? "PERMISSIVE" : "RESTRICTIVE", cmd,
		      v[6] ? v[6] : "PUBLIC");
	if (v[7])
		rt_buf_printf(&def, " USING (%s)", v[7]);
	if (v[8])
		rt_buf_printf(&def, " WITH CHECK (%s)", v[8]);
	if (!(error = rt_buf_check(&def)))
		error = set_def(l, o, def.ptr);
	rt_buf_release(&def);
	if (!error)
		error = map_put(l, 'o', v[0], o);
	return set_error(l, error);
}

/* code, oid, grantee, privilege, grantable: rows of one object come
 * together, in order */
static int row_acl(void *payload, int n, const char *const *v)
{
	pgl *l = payload;
	rt_obj *o = map_get(l, v[0][0], v[1]);
	const char **acl;

	(void)n;
	if (!o || (v[0][0] == 'c' && o->kind != RT_OBJ_TABLE &&
		   o->kind != RT_OBJ_VIEW && o->kind != RT_OBJ_MATVIEW &&
		   o->kind != RT_OBJ_SEQUENCE))
		return 0;
	acl = rt_arena_array(&l->cat->arena, o->nacl + 1, sizeof(*acl));
	if (!acl)
		return set_error(l, RT_ERROR);
	if (o->nacl)
		memcpy(acl, o->acl, o->nacl * sizeof(*acl));
	acl[o->nacl] = rt_arena_printf(&l->cat->arena, "%s %s%s", v[2], v[3],
				       truth(v[4]) ? " WITH GRANT OPTION" : "");
	if (!acl[o->nacl])
		return set_error(l, RT_ERROR);
	o->acl = acl;
	o->nacl++;
	return 0;
}

static const rt_column *column_by_attnum(const rt_obj *o, int attnum)
{
	const rt_table *t = (const rt_table *)o;
	size_t i;

	if (o->kind != RT_OBJ_TABLE && o->kind != RT_OBJ_VIEW &&
	    o->kind != RT_OBJ_MATVIEW)
		return NULL;
	for (i = 0; i < t->ncolumns; i++)
		if (t->columns[i].attnum == attnum)
			return &t->columns[i];
	return NULL;
}

/* 0 code, 1 oid, 2 subid, 3 ref code, 4 ref oid, 5 ref subid, 6 type */
static int row_depend(void *payload, int n, const char *const *v)
{
	pgl *l = payload;
	rt_obj *o, *ref;
	int sub, refsub, error = 0;

	(void)n;
	if (!v[0] || !v[3] || !v[1] || !v[4])
		return 0;
	o = map_get(l, v[0][0], v[1]);
	ref = map_get(l, v[3][0], v[4]);
	if (!o || !ref)
		return 0;
	sub = v[2] ? atoi(v[2]) : 0;
	refsub = v[5] ? atoi(v[5]) : 0;
	if (o == ref && sub > 0 && refsub > 0 && sub != refsub) {
		/* a generated column reads another of its table */
		rt_column *c = (rt_column *)column_by_attnum(o, sub);
		const rt_column *r = column_by_attnum(o, refsub);
		const char **reads;

		if (!c || !r)
			return 0;
		reads = rt_arena_array(&l->cat->arena, c->nreads + 1,
				       sizeof(*reads));
		if (!reads)
			return set_error(l, RT_ERROR);
		if (c->nreads)
			memcpy(reads, c->reads, c->nreads * sizeof(*reads));
		reads[c->nreads++] = r->name;
		c->reads = reads;
		return 0;
	}
	if (o == ref)
		return 0;
	if (o->kind == RT_OBJ_SEQUENCE && ref->kind == RT_OBJ_TABLE &&
	    refsub > 0 && v[6][0] == 'a') {
		/* OWNED BY: an attribute (the owner's default needs the
		 * sequence first) */
		rt_sequence *s = (rt_sequence *)o;
		const rt_column *c = column_by_attnum(ref, refsub);

		if (c) {
			s->owner = ref;
			s->owner_column = c->name;
			s->owner_qcol = c->qname;
		}
		return 0;
	}
	if (sub > 0 && o->kind == RT_OBJ_TABLE &&
	    (ref->kind == RT_OBJ_ENUM || ref->kind == RT_OBJ_DOMAIN ||
	     ref->kind == RT_OBJ_COMPOSITE)) {
		rt_column *c = (rt_column *)column_by_attnum(o, sub);

		if (c)
			c->type_obj = ref;
	}
	if ((error = rt_obj_add_dep(l->cat, o, ref)) == 0 && refsub > 0) {
		const rt_column *c = column_by_attnum(ref, refsub);

		if (c)
			error = rt_obj_add_coldep(l->cat, o, ref, c->name);
	}
	return set_error(l, error);
}

/* Objects of a schema depend on it even where pg_depend is silent (an
 * index, a constraint: their table's dependency covers them). */
static int schema_deps(pgl *l)
{
	size_t i;
	int error = 0;

	for (i = 0; i < l->cat->nobjs && !error; i++) {
		rt_obj *o = l->cat->objs[i], *s;

		if (!o->schema || o->kind == RT_OBJ_SCHEMA)
			continue;
		s = rt_catalog_find(l->cat, RT_OBJ_SCHEMA, NULL, NULL,
				    o->schema);
		if (s)
			error = rt_obj_add_dep(l->cat, o, s);
	}
	return error;
}

/* One statement of our own, a C string. */
static int exec_text(rt_db *db, const char *sql)
{
	return db->be->exec(db->conn, sql, strlen(sql), NULL);
}

static int run(pgl *l, const char *sql, rt_row_cb cb)
{
	const char *scope[1] = {l->db->opts.schema_name};
	int error = l->db->be->query(l->db->conn, sql, scope,
				     strstr(sql, "$1") ? 1 : 0, cb, l);

	if (error < 0)
		return error;
	if (!l->error && rt_catalog_interrupted())
		l->error = rt_error_set(RT_ERROR_OS, "interrupted");
	return l->error;
}

static int load_postgres(rt_catalog *cat, rt_db *db)
{
	pgl l;
	int error, in_tx = 0;

	memset(&l, 0, sizeof(l));
	l.cat = cat;
	l.db = db;
	if (db->opts.schema_name &&
	    !(cat->scope = rt_arena_strdup(&cat->arena, db->opts.schema_name)))
		return rt_error_nomem();
	/* one snapshot, and names qualified wherever they are printed */
	if ((error = exec_text(db, "BEGIN ISOLATION LEVEL REPEATABLE READ "
				   "READ ONLY")) < 0)
		goto done;
	in_tx = 1;
	if ((error = exec_text(db, "SET LOCAL search_path = pg_catalog")) < 0 ||
	    (error = run(&l, q_schemas, row_schema)) < 0 ||
	    (error = run(&l, q_extensions, row_extension)) < 0 ||
	    (error = run(&l, q_collations, row_collation)) < 0 ||
	    (error = run(&l, q_types, row_type)) < 0 ||
	    (error = run(&l, q_labels, row_label)) < 0 ||
	    (error = finish_enums(&l)) < 0 ||
	    (error = run(&l, q_domain_checks, row_domain_check)) < 0 ||
	    (error = finish_domains(&l)) < 0 ||
	    (error = run(&l, q_relations, row_relation)) < 0)
		goto done;
	if (l.tables.len)
		qsort(l.tables.items, l.tables.len, sizeof(void *), lt_cmp);
	if ((error = run(&l, q_columns, row_column)) < 0 ||
	    (error = finish_tables(&l)) < 0 ||
	    (error = run(&l, q_constraints, row_constraint)) < 0 ||
	    (error = run(&l, q_indexes, row_index)) < 0 ||
	    (error = run(&l, q_functions, row_function)) < 0 ||
	    (error = run(&l, q_triggers, row_trigger)) < 0 ||
	    (error = run(&l, q_policies, row_policy)) < 0 ||
	    (error = run(&l, q_acls, row_acl)) < 0 ||
	    (error = run(&l, q_depend, row_depend)) < 0)
		goto done;
	error = rt_catalog_finish(cat);
	if (!error)
		error = schema_deps(&l);
done:
	if (in_tx)
		exec_text(db, error < 0 ? "ROLLBACK" : "COMMIT");
	free(l.map);
	if (error < 0 && !rt_error_last()->message[0])
		rt_error_nomem();
	return error;
}

/* ---- scratch databases ------------------------------------------------ */

/*
 * A database created for one load on the server of --dev-url (else
 * --url), named retort_scratch_<pid>_<n> so that one a SIGKILL left
 * behind says which process made it, from template0 so that nothing a
 * server's template1 holds leaks into the schema read, and dropped WITH
 * (FORCE) afterwards whatever happened (source.c calls the drop on
 * every path, an interrupted load included).
 */
typedef struct pg_scratch {
	rt_db *admin; /* on the server's database of the URL given */
	char name[64];
	int created;
} pg_scratch;

static atomic_uint scratch_count;

/* `url` naming database `dbname` instead: the path after the authority
 * (DESIGN.md's postgres://user:password@host:port/dbname?params; a '/'
 * in a password is percent-encoded, so the first '/' after "://" starts
 * the path). */
static char *url_with_db(const char *url, const char *dbname)
{
	const char *auth = strstr(url, "://"), *path, *query;
	rt_buf b = RT_BUF_INIT;

	rt_buf_init(&b);
	auth = auth ? auth + 3 : url;
	path = strchr(auth, '/');
	query = strchr(auth, '?');
	if (query && path && path > query)
		path = NULL;
	if (!path)
		path = query ? query : url + strlen(url);
	rt_buf_put(&b, url, (size_t)(path - url));
	rt_buf_printf(&b, "/%s", dbname);
	if (query)
		rt_buf_puts(&b, query);
	return rt_buf_detach(&b);
}

static int open_admin(pg_scratch *ps, const char *server)
{
	char *alt;
	int error = rt_db_open(&ps->admin, server, NULL);

	/* the database of --url may not exist yet: the server's own will
	 * do for creating another */
	if (error < 0 && !strcmp(rt_error_last()->sqlstate, "3D000")) {
		if (!(alt = url_with_db(server, "postgres")))
			return rt_error_nomem();
		rt_error_clear();
		error = rt_db_open(&ps->admin, alt, NULL);
		free(alt);
	}
	return error;
}

static int scratch_open_pg(rt_scratch *s, const char *server, const char *src,
			   const char *schema_name)
{
	rt_buf sql = RT_BUF_INIT;
	rt_db_options dbo = {0};
	pg_scratch *ps;
	char *url = NULL;
	int error;

	if (!server) {
		rt_error_set(RT_ERROR_USAGE,
			     "cannot read '%s' with PostgreSQL: no server for "
			     "a scratch database",
			     src);
		rt_error_hint("give --dev-url (or --url) a postgres:// URL; "
			      "retort creates a temporary database there and "
			      "drops it afterwards");
		return RT_EUSAGE;
	}
	if (!(ps = calloc(1, sizeof(*ps))))
		return rt_error_nomem();
	s->engine = ps;
	if ((error = open_admin(ps, server)) < 0)
		return error;
	snprintf(ps->name, sizeof(ps->name), "retort_scratch_%ld_%u",
		 (long)getpid(), atomic_fetch_add(&scratch_count, 1) + 1);
	rt_buf_init(&sql);
	rt_buf_printf(&sql, "CREATE DATABASE %s TEMPLATE template0", ps->name);
	if ((error = rt_buf_check(&sql)) < 0 ||
	    (error = ps->admin->be->exec(ps->admin->conn, sql.ptr, sql.len,
					 NULL)) < 0) {
		rt_error_prefix("creating scratch database '%s'", ps->name);
		goto done;
	}
	ps->created = 1;
	if (!(url = url_with_db(server, ps->name))) {
		error = rt_error_nomem();
		goto done;
	}
	/* a schema read alone: the file's and the migrations' unqualified
	 * names land in it, as they do in the database compared */
	dbo.schema_name = schema_name;
	if ((error = rt_db_open(&s->db, url, &dbo)) < 0)
		goto done;
	if (schema_name) {
		rt_buf_clear(&sql);
		rt_buf_puts(&sql, "CREATE SCHEMA IF NOT EXISTS ");
		rt_pg_put_ident(&sql, schema_name);
		if ((error = rt_buf_check(&sql)) < 0 ||
		    (error = s->db->be->exec(s->db->conn, sql.ptr, sql.len,
					     NULL)) < 0)
			goto done;
	}
done:
	rt_buf_release(&sql);
	free(url);
	return error;
}

static void scratch_drop_pg(rt_scratch *s)
{
	pg_scratch *ps = s->engine;
	rt_error_saved *saved;
	rt_buf sql = RT_BUF_INIT;

	rt_db_close(s->db);
	s->db = NULL;
	if (!ps)
		return;
	if (ps->created && ps->admin) {
		saved = rt_error_save();
		rt_buf_init(&sql);
		/* FORCE: a connection the engine left open (the lock's)
		 * must not keep the database alive */
		rt_buf_printf(&sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)",
			      ps->name);
		if (rt_buf_check(&sql) == 0)
			ps->admin->be->exec(ps->admin->conn, sql.ptr, sql.len,
					    NULL);
		rt_buf_release(&sql);
		rt_error_restore(saved);
	}
	rt_db_close(ps->admin);
	free(ps);
	s->engine = NULL;
}

const rt_catalog_ops rt_catalog_ops_postgres = {
    .load = load_postgres,
    .scratch_open = scratch_open_pg,
    .scratch_drop = scratch_drop_pg,
};
