/*
 * catalog_mysql.c: the catalog of a MySQL/MariaDB database, read from
 * information_schema in a fixed number of queries (nine: one per kind, two
 * for foreign keys, and the database's name) whatever the schema's size.
 *
 * Partitioned tables add one SHOW CREATE TABLE each (partition_mysql.c).
 *
 * A database is MySQL's schema: objects carry no schema (NULL), and names
 * the server prints qualified by the current database ("`db`.`t`" in a
 * view's text) lose the qualifier, so that two databases holding the same
 * schema read alike. Every definition is written here in one canonical
 * form, backtick-quoted, which is both what the diff compares and what
 * the renderer repeats:
 *
 *   table      options "ENGINE=e DEFAULT CHARSET=cs COLLATE=co"; comment
 *   column     "type [CHARACTER SET cs COLLATE co] [GENERATED ALWAYS AS
 *              (expr) VIRTUAL|STORED] [NOT NULL|NULL] [DEFAULT d]
 *              [ON UPDATE x] [AUTO_INCREMENT] [INVISIBLE] [COMMENT 'c']",
 *              the charset only where the collation differs from the
 *              table's; defaults as MariaDB 10.2.7+ reports them (string
 *              literals quoted, expressions bare, wrapped in parentheses)
 *   PRIMARY    a constraint: "PRIMARY KEY (`a`,`b`(10))"
 *   index      "[UNIQUE |FULLTEXT |SPATIAL ]INDEX `n` (`a`(10),`b` DESC)
 *              [COMMENT 'c']"
 *   check      a constraint: "CONSTRAINT `n` CHECK (clause)"
 *   foreign    "CONSTRAINT `n` FOREIGN KEY (`a`) REFERENCES `p` (`id`)
 *              ON DELETE r ON UPDATE r"
 *   partitions rt_table.partition_key, partition_mysql.c's form
 *   view       "CREATE OR REPLACE ALGORITHM=a SQL SECURITY s VIEW `v` AS
 *              select ... [WITH CASCADED CHECK OPTION]"
 *   trigger    "CREATE TRIGGER `n` BEFORE INSERT ON `t` FOR EACH ROW body"
 */
#include "catalog/catalog.h"

#include <ctype.h>
#include <stdatomic.h>
#include <strings.h>
#include <unistd.h>

/* Tables of retort's own, never part of a schema. */
#define OWN_TABLES "('retort_migrations', 'retort_log', 'retort_lock')"

/* A table as loaded: its collation decides which columns print one. */
typedef struct mytab {
	rt_table t;
	const char *collation;
	int partitioned; /* CREATE_OPTIONS says so: SHOW CREATE TABLE */
} mytab;

/* One key or index, gathered over its rows (one per column). */
typedef struct grp {
	rt_obj *obj; /* NULL: none open */
	const char *table, *name;
	const char *const *head; /* the first row's values, copied */
	const char *v[8];
	const char **cols, **refcols, **parts;
	int *desc;
	int spatial; /* SPATIAL: STATISTICS reports a SUB_PART DDL refuses */
	size_t n, cap;
} grp;

typedef struct myl {
	rt_catalog *cat;
	rt_db *db;
	const char *dbname;
	mytab **tables; /* tables and views, sorted by name (strcmp) */
	mytab *part_of; /* the table SHOW CREATE TABLE is read for */
	size_t ntables, cap;
	grp g;
	/* foreign keys' rules: "table\0name" keys, sorted after loading */
	struct fkrule {
		const char *table, *name, *on_delete, *on_update;
	} * rules;
	size_t nrules, rcap;
	int error;
} myl;

static char *my_dup(myl *l, const char *s)
{
	char *r = s ? rt_arena_strdup(&l->cat->arena, s) : NULL;

	if (s && !r)
		l->error = rt_error_nomem();
	return r;
}

static char *detach(myl *l, rt_buf *b)
{
	char *r;

	if (rt_buf_check(b) < 0) {
		l->error = RT_ERROR;
		rt_buf_release(b);
		return NULL;
	}
	r = my_dup(l, rt_buf_cstr(b));
	rt_buf_release(b);
	return r;
}

static int tab_cmp(const void *pa, const void *pb)
{
	return strcmp((*(mytab *const *)pa)->t.obj.name,
		      (*(mytab *const *)pb)->t.obj.name);
}

static mytab *find_table(myl *l, const char *name)
{
	mytab key, *kp = &key, **hit;

	if (!name || !l->ntables)
		return NULL;
	key.t.obj.name = name;
	hit = bsearch(&kp, l->tables, l->ntables, sizeof(*l->tables), tab_cmp);
	return hit ? *hit : NULL;
}

/* ---- queries ------------------------------------------------------------ */

static const char q_tables[] =
    "SELECT t.TABLE_NAME, t.TABLE_TYPE, t.ENGINE, t.TABLE_COLLATION,"
    " c.CHARACTER_SET_NAME, t.TABLE_COMMENT, t.CREATE_OPTIONS"
    " FROM information_schema.TABLES t"
    " LEFT JOIN information_schema.COLLATIONS c"
    " ON c.COLLATION_NAME = t.TABLE_COLLATION"
    " WHERE t.TABLE_SCHEMA = DATABASE()"
    " AND t.TABLE_NAME NOT IN " OWN_TABLES
    " AND t.TABLE_TYPE IN ('BASE TABLE', 'VIEW')"
    " ORDER BY t.TABLE_NAME";

static const char q_columns[] =
    "SELECT TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, COLUMN_DEFAULT,"
    " IS_NULLABLE, COLUMN_TYPE, CHARACTER_SET_NAME, COLLATION_NAME, EXTRA,"
    " COLUMN_COMMENT, GENERATION_EXPRESSION, IS_GENERATED"
    " FROM information_schema.COLUMNS"
    " WHERE TABLE_SCHEMA = DATABASE()"
    " AND TABLE_NAME NOT IN " OWN_TABLES
    " ORDER BY TABLE_NAME, ORDINAL_POSITION";

static const char q_indexes[] =
    "SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME, SUB_PART,"
    " INDEX_TYPE, COLLATION, INDEX_COMMENT"
    " FROM information_schema.STATISTICS"
    " WHERE TABLE_SCHEMA = DATABASE()"
    " AND TABLE_NAME NOT IN " OWN_TABLES
    " ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX";

/* Foreign keys in two queries: the join of the two views reads every
 * database's constraints once per key column (MariaDB 10.11). */
static const char q_fk_rules[] =
    "SELECT TABLE_NAME, CONSTRAINT_NAME, DELETE_RULE, UPDATE_RULE"
    " FROM information_schema.REFERENTIAL_CONSTRAINTS"
    " WHERE CONSTRAINT_SCHEMA = DATABASE()";

static const char q_foreign[] =
    "SELECT TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME,"
    " REFERENCED_TABLE_SCHEMA, REFERENCED_TABLE_NAME,"
    " REFERENCED_COLUMN_NAME"
    " FROM information_schema.KEY_COLUMN_USAGE"
    " WHERE TABLE_SCHEMA = DATABASE()"
    " AND REFERENCED_TABLE_NAME IS NOT NULL"
    " ORDER BY TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION";

static const char q_checks[] =
    "SELECT TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE"
    " FROM information_schema.CHECK_CONSTRAINTS"
    " WHERE CONSTRAINT_SCHEMA = DATABASE()"
    " ORDER BY TABLE_NAME, CONSTRAINT_NAME";

static const char q_views[] =
    "SELECT TABLE_NAME, VIEW_DEFINITION, CHECK_OPTION, SECURITY_TYPE,"
    " ALGORITHM"
    " FROM information_schema.VIEWS"
    " WHERE TABLE_SCHEMA = DATABASE()"
    " ORDER BY TABLE_NAME";

static const char q_triggers[] =
    "SELECT TRIGGER_NAME, EVENT_MANIPULATION, EVENT_OBJECT_TABLE,"
    " ACTION_TIMING, ACTION_STATEMENT"
    " FROM information_schema.TRIGGERS"
    " WHERE TRIGGER_SCHEMA = DATABASE()"
    " ORDER BY EVENT_OBJECT_TABLE, TRIGGER_NAME";

/* ---- rows --------------------------------------------------------------- */

static int row_dbname(void *payload, int n, const char *const *v)
{
	myl *l = payload;

	if (n >= 1 && v[0])
		l->dbname = my_dup(l, v[0]);
	return l->error;
}

static int row_table(void *payload, int n, const char *const *v)
{
	myl *l = payload;
	int view = v[1] && !strcmp(v[1], "VIEW");
	const char *p;
	mytab *m;
	rt_buf b = RT_BUF_INIT;

	if (n < 6 || !v[0])
		return 0;
	if (l->ntables == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		mytab **nt = rt_arena_array(&l->cat->arena, cap, sizeof(*nt));

		if (!nt)
			return l->error = rt_error_nomem();
		if (l->ntables)
			memcpy(nt, l->tables, l->ntables * sizeof(*nt));
		l->tables = nt;
		l->cap = cap;
	}
	m = (mytab *)rt_catalog_add(l->cat, view ? RT_OBJ_VIEW : RT_OBJ_TABLE,
				    sizeof(*m));
	if (!m)
		return l->error = rt_error_nomem();
	m->t.obj.name = my_dup(l, v[0]);
	l->tables[l->ntables++] = m;
	if (view)
		return l->error;
	m->collation = my_dup(l, v[3]);
	rt_buf_init(&b);
	if (v[2])
		rt_buf_printf(&b, "ENGINE=%s", v[2]);
	if (v[4])
		rt_buf_printf(&b, "%sDEFAULT CHARSET=%s", b.len ? " " : "",
			      v[4]);
	if (v[3])
		rt_buf_printf(&b, "%sCOLLATE=%s", b.len ? " " : "", v[3]);
	/* a ROW_FORMAT given explicitly (CREATE_OPTIONS says so only then) */
	if (n > 6 && v[6] && (p = strstr(v[6], "row_format=")) != NULL) {
		size_t k = strcspn(p + 11, " ");

		rt_buf_puts(&b, " ROW_FORMAT=");
		rt_buf_put(&b, p + 11, k);
	}
	m->t.options = detach(l, &b);
	m->partitioned = n > 6 && v[6] && strstr(v[6], "partitioned");
	m->t.obj.comment = v[5] && *v[5] ? my_dup(l, v[5]) : NULL;
	return l->error;
}

/* A default as COLUMN_DEFAULT reports it: a literal (MariaDB 10.2.7+
 * quotes string literals), else an expression. */
static int is_literal(const char *d)
{
	const char *p = d;

	if (!strcasecmp(d, "NULL"))
		return 1;
	if (*d == '\'')
		return d[strlen(d) - 1] == '\'';
	if ((d[0] == 'b' || d[0] == 'x' || d[0] == 'X') && d[1] == '\'')
		return 1;
	if (*p == '-' || *p == '+')
		p++;
	if (!*p)
		return 0;
	for (; *p; p++)
		if (!((*p >= '0' && *p <= '9') || *p == '.' || *p == 'e' ||
		      *p == 'E' || *p == '-' || *p == '+'))
			return 0;
	return 1;
}

static int row_column(void *payload, int n, const char *const *v)
{
	myl *l = payload;
	mytab *m;
	rt_table *t;
	rt_column *c, *nc;
	rt_buf b = RT_BUF_INIT;
	const char *extra, *p;
	int generated;

	if (n < 12 || !(m = find_table(l, v[0])))
		return 0;
	t = &m->t;
	extra = v[8] ? v[8] : "";
	generated = v[11] && !strcmp(v[11], "ALWAYS");
	nc = rt_arena_array(&l->cat->arena, t->ncolumns + 1, sizeof(*nc));
	if (!nc)
		return l->error = rt_error_nomem();
	if (t->ncolumns)
		memcpy(nc, t->columns, t->ncolumns * sizeof(*nc));
	t->columns = nc;
	c = &nc[t->ncolumns++];
	memset(c, 0, sizeof(*c));
	c->name = my_dup(l, v[1]);
	c->position = (int)t->ncolumns;
	c->type = my_dup(l, v[5]);
	c->not_null = v[4] && !strcmp(v[4], "NO");
	c->comment = v[9] && *v[9] ? my_dup(l, v[9]) : NULL;
	if (t->obj.kind == RT_OBJ_VIEW)
		return l->error;
	rt_buf_init(&b);
	rt_buf_puts(&b, v[5] ? v[5] : "");
	if (v[7] && (!m->collation || strcmp(v[7], m->collation))) {
		c->collation = my_dup(l, v[7]);
		rt_buf_printf(&b, " CHARACTER SET %s COLLATE %s",
			      v[6] ? v[6] : "binary", v[7]);
	}
	if (generated) {
		c->generated = my_dup(l, v[10] ? v[10] : "");
		c->generated_stored = strstr(extra, "STORED") != NULL ||
				      strstr(extra, "PERSISTENT") != NULL;
		rt_buf_printf(&b, " GENERATED ALWAYS AS (%s) %s", c->generated,
			      c->generated_stored ? "STORED" : "VIRTUAL");
	} else {
		rt_buf_puts(&b, c->not_null ? " NOT NULL" : " NULL");
		/* 'NULL' is the implicit default of a nullable column */
		if (v[3] && !(strcmp(v[3], "NULL") == 0 && !c->not_null)) {
			c->default_expr = my_dup(l, v[3]);
			rt_buf_puts(&b, " DEFAULT ");
			if (is_literal(v[3]))
				rt_buf_puts(&b, v[3]);
			else
				rt_buf_printf(&b, "(%s)", v[3]);
		}
	}
	if ((p = strstr(extra, "on update ")) != NULL) {
		const char *e = p + 10;
		size_t k = 0;

		while (e[k] && e[k] != ' ')
			k++;
		rt_buf_puts(&b, " ON UPDATE ");
		rt_buf_put(&b, e, k);
	}
	if (strstr(extra, "auto_increment"))
		rt_buf_puts(&b, " AUTO_INCREMENT");
	if (strstr(extra, "INVISIBLE"))
		rt_buf_puts(&b, " INVISIBLE");
	if (c->comment) {
		rt_buf_puts(&b, " COMMENT ");
		rt_mysql_put_literal(&b, c->comment);
	}
	c->canonical = detach(l, &b);
	rt_buf_init(&b);
	rt_mysql_put_ident(&b, c->name);
	rt_buf_putc(&b, ' ');
	if (c->canonical && v[7] && !c->collation) {
		/* the DDL names the table's collation too: a MODIFY in the
		 * statement that changes the table's default must not
		 * follow it */
		size_t tl = strlen(v[5] ? v[5] : "");

		rt_buf_put(&b, c->canonical, tl);
		rt_buf_printf(&b, " CHARACTER SET %s COLLATE %s",
			      v[6] ? v[6] : "binary", v[7]);
		rt_buf_puts(&b, c->canonical + tl);
	} else {
		rt_buf_puts(&b, c->canonical ? c->canonical : "");
	}
	c->definition = detach(l, &b);
	return l->error;
}

/* ---- keys, indexes and foreign keys: one row per column ----------------- */

static void put_cols(rt_buf *b, const grp *g, const char **cols, int parts)
{
	size_t i;

	rt_buf_putc(b, '(');
	for (i = 0; i < g->n; i++) {
		if (i)
			rt_buf_putc(b, ',');
		rt_mysql_put_ident(b, cols[i] ? cols[i] : "");
		if (parts && g->parts[i] && !g->spatial)
			rt_buf_printf(b, "(%s)", g->parts[i]);
		if (parts && g->desc[i])
			rt_buf_puts(b, " DESC");
	}
	rt_buf_putc(b, ')');
}

/* The key gathered is complete: write its definition. */
static int grp_flush(myl *l)
{
	grp *g = &l->g;
	rt_obj *o = g->obj;
	rt_buf b = RT_BUF_INIT;
	size_t i, k;

	if (!o)
		return l->error;
	g->obj = NULL;
	g->spatial = 0;
	rt_buf_init(&b);
	if (o->kind == RT_OBJ_CONSTRAINT) {
		mytab *m = find_table(l, o->table);

		rt_buf_puts(&b, "PRIMARY KEY ");
		put_cols(&b, g, g->cols, 1);
		for (i = 0; m && i < g->n; i++)
			for (k = 0; k < m->t.ncolumns; k++)
				if (g->cols[i] &&
				    !strcmp(m->t.columns[k].name, g->cols[i]))
					m->t.columns[k].pk = (int)i + 1;
	} else if (o->kind == RT_OBJ_INDEX) {
		rt_index *ix = (rt_index *)o;
		const char *type = g->v[5] ? g->v[5] : "BTREE";

		g->spatial = !strcmp(type, "SPATIAL");
		ix->unique = g->v[2] && !strcmp(g->v[2], "0");
		if (!strcmp(type, "FULLTEXT"))
			rt_buf_puts(&b, "FULLTEXT ");
		else if (!strcmp(type, "SPATIAL"))
			rt_buf_puts(&b, "SPATIAL ");
		else if (ix->unique)
			rt_buf_puts(&b, "UNIQUE ");
		rt_buf_puts(&b, "INDEX ");
		rt_mysql_put_ident(&b, o->name);
		rt_buf_putc(&b, ' ');
		put_cols(&b, g, g->cols, 1);
		if (!strcmp(type, "HASH"))
			rt_buf_puts(&b, " USING HASH");
		if (g->v[7] && *g->v[7]) {
			rt_buf_puts(&b, " COMMENT ");
			rt_mysql_put_literal(&b, g->v[7]);
		}
		ix->columns =
		    rt_arena_array(&l->cat->arena, g->n + 1, sizeof(char *));
		if (!ix->columns) {
			rt_buf_release(&b);
			return l->error = rt_error_nomem();
		}
		for (i = 0; i < g->n; i++)
			ix->columns[i] = g->cols[i];
		ix->ncolumns = g->n;
	} else {
		rt_buf_puts(&b, "CONSTRAINT ");
		rt_mysql_put_ident(&b, o->name);
		rt_buf_puts(&b, " FOREIGN KEY ");
		put_cols(&b, g, g->cols, 0);
		rt_buf_puts(&b, " REFERENCES ");
		if (g->v[3] && l->dbname && strcmp(g->v[3], l->dbname)) {
			rt_mysql_put_ident(&b, g->v[3]);
			rt_buf_putc(&b, '.');
		}
		rt_mysql_put_ident(&b, g->v[4] ? g->v[4] : "");
		rt_buf_putc(&b, ' ');
		put_cols(&b, g, g->refcols, 0);
		rt_buf_printf(&b, " ON DELETE %s ON UPDATE %s",
			      g->v[6] ? g->v[6] : "RESTRICT",
			      g->v[7] ? g->v[7] : "RESTRICT");
	}
	o->definition = detach(l, &b);
	g->n = 0;
	return l->error;
}

/* Row `v` (n values, at most 8 kept) belongs to the key of (v[0], v[1]):
 * open it when it is a new one, then add the row's column. */
static int grp_row(myl *l, rt_obj_kind kind, size_t size, int n,
		   const char *const *v, const char *col, const char *refcol,
		   const char *part, int desc)
{
	grp *g = &l->g;
	mytab *m = find_table(l, v[0]);
	int i;

	if (!m || !v[1])
		return 0;
	if (!g->obj || strcmp(g->table, v[0]) || strcmp(g->name, v[1])) {
		rt_obj *o;

		if (grp_flush(l) < 0)
			return l->error;
		if (!(o = rt_catalog_add(l->cat, kind, size)))
			return l->error = rt_error_nomem();
		o->table = m->t.obj.name;
		o->name = my_dup(l, v[1]);
		if (rt_obj_add_dep(l->cat, o, &m->t.obj) < 0)
			return l->error = rt_error_nomem();
		g->obj = o;
		g->table = o->table;
		g->name = o->name;
		for (i = 0; i < 8; i++)
			g->v[i] = i < n ? my_dup(l, v[i]) : NULL;
	}
	if (g->n == g->cap) {
		size_t cap = g->cap ? g->cap * 2 : 16;
		const char **c =
		    rt_arena_array(&l->cat->arena, cap, sizeof(*c));
		const char **r =
		    rt_arena_array(&l->cat->arena, cap, sizeof(*r));
		const char **p =
		    rt_arena_array(&l->cat->arena, cap, sizeof(*p));
		int *d = rt_arena_array(&l->cat->arena, cap, sizeof(*d));

		if (!c || !r || !p || !d)
			return l->error = rt_error_nomem();
		if (g->n) {
			memcpy(c, g->cols, g->n * sizeof(*c));
			memcpy(r, g->refcols, g->n * sizeof(*r));
			memcpy(p, g->parts, g->n * sizeof(*p));
			memcpy(d, g->desc, g->n * sizeof(*d));
		}
		g->cols = c;
		g->refcols = r;
		g->parts = p;
		g->desc = d;
		g->cap = cap;
	}
	g->cols[g->n] = my_dup(l, col);
	g->refcols[g->n] = my_dup(l, refcol);
	g->parts[g->n] = my_dup(l, part);
	g->desc[g->n] = desc;
	g->n++;
	return l->error;
}

static int row_index(void *payload, int n, const char *const *v)
{
	myl *l = payload;
	int primary;

	if (n < 8 || !v[1])
		return 0;
	primary = !strcmp(v[1], "PRIMARY");
	return grp_row(l, primary ? RT_OBJ_CONSTRAINT : RT_OBJ_INDEX,
		       primary ? sizeof(rt_obj) : sizeof(rt_index), n, v, v[3],
		       NULL, v[4], v[6] && !strcmp(v[6], "D"));
}

static int rule_cmp(const void *pa, const void *pb)
{
	const struct fkrule *a = pa, *b = pb;
	int c = strcmp(a->table, b->table);

	return c ? c : strcmp(a->name, b->name);
}

static int row_fk_rule(void *payload, int n, const char *const *v)
{
	myl *l = payload;
	struct fkrule *r;

	if (n < 4 || !v[0] || !v[1])
		return 0;
	if (l->nrules == l->rcap) {
		size_t cap = l->rcap ? l->rcap * 2 : 32;
		struct fkrule *nr =
		    rt_arena_array(&l->cat->arena, cap, sizeof(*nr));

		if (!nr)
			return l->error = rt_error_nomem();
		if (l->nrules)
			memcpy(nr, l->rules, l->nrules * sizeof(*nr));
		l->rules = nr;
		l->rcap = cap;
	}
	r = &l->rules[l->nrules++];
	r->table = my_dup(l, v[0]);
	r->name = my_dup(l, v[1]);
	r->on_delete = my_dup(l, v[2]);
	r->on_update = my_dup(l, v[3]);
	return l->error;
}

static const struct fkrule *fk_rule(const myl *l, const char *table,
				    const char *name)
{
	struct fkrule key;

	if (!l->nrules)
		return NULL;
	key.table = table;
	key.name = name;
	return bsearch(&key, l->rules, l->nrules, sizeof(key), rule_cmp);
}

static int row_foreign(void *payload, int n, const char *const *v)
{
	myl *l = payload;
	mytab *own, *ref;
	const struct fkrule *r;
	const char *row[8];

	if (n < 6)
		return 0;
	r = v[0] && v[1] ? fk_rule(l, v[0], v[1]) : NULL;
	memcpy(row, v, 6 * sizeof(*row));
	row[6] = r ? r->on_delete : NULL;
	row[7] = r ? r->on_update : NULL;
	if (grp_row(l, RT_OBJ_FOREIGN_KEY, sizeof(rt_obj), 8, row, v[2], v[5],
		    NULL, 0) < 0 ||
	    !l->g.obj)
		return l->error;
	/* the columns it reads on both sides: InnoDB refuses to change
	 * their type while it exists */
	own = find_table(l, v[0]);
	if (own && v[2] &&
	    rt_obj_add_coldep(l->cat, l->g.obj, &own->t.obj,
			      l->g.cols[l->g.n - 1]) < 0)
		return l->error = rt_error_nomem();
	if ((ref = find_table(l, v[4])) == NULL ||
	    (v[3] && l->dbname && strcmp(v[3], l->dbname)))
		return l->error;
	/* created after the table it references */
	if (rt_obj_add_dep(l->cat, l->g.obj, &ref->t.obj) < 0 ||
	    (v[5] && rt_obj_add_coldep(l->cat, l->g.obj, &ref->t.obj,
				       l->g.refcols[l->g.n - 1]) < 0))
		return l->error = rt_error_nomem();
	return l->error;
}

static int row_check(void *payload, int n, const char *const *v)
{
	myl *l = payload;
	mytab *m;
	rt_obj *o;
	rt_buf b = RT_BUF_INIT;

	if (n < 3 || !v[1] || !(m = find_table(l, v[0])))
		return 0;
	if (!(o = rt_catalog_add(l->cat, RT_OBJ_CONSTRAINT, sizeof(rt_obj))))
		return l->error = rt_error_nomem();
	o->table = m->t.obj.name;
	o->name = my_dup(l, v[1]);
	if (rt_obj_add_dep(l->cat, o, &m->t.obj) < 0)
		return l->error = rt_error_nomem();
	rt_buf_init(&b);
	rt_buf_puts(&b, "CONSTRAINT ");
	rt_mysql_put_ident(&b, v[1]);
	rt_buf_printf(&b, " CHECK (%s)", v[2] ? v[2] : "");
	o->definition = detach(l, &b);
	return l->error;
}

/*
 * `sql` without the qualifier of the current database ("`db`." before a
 * name), outside string literals; and every relation of the catalog it
 * names becomes a dependency of `o`.
 */
static char *unqualify(myl *l, rt_obj *o, const char *sql)
{
	rt_buf b = RT_BUF_INIT;
	const char *p = sql;
	size_t dn = l->dbname ? strlen(l->dbname) : 0;

	rt_buf_init(&b);
	while (*p) {
		if (*p == '\'' || *p == '"') {
			const char *s = p;

			p = rt_mysql_skip_literal(p);
			rt_buf_put(&b, s, (size_t)(p - s));
		} else if (*p == '`') {
			const char *s = p++;
			rt_buf id = RT_BUF_INIT;
			mytab *m;

			rt_buf_init(&id);
			while (*p) {
				if (*p == '`' && p[1] == '`') {
					rt_buf_putc(&id, '`');
					p += 2;
				} else if (*p == '`') {
					break;
				} else {
					rt_buf_putc(&id, *p++);
				}
			}
			if (*p)
				p++;
			if (dn && id.len == dn && p[0] == '.' &&
			    !strcmp(rt_buf_cstr(&id), l->dbname)) {
				p++; /* the qualifier goes */
			} else {
				rt_buf_put(&b, s, (size_t)(p - s));
				if ((m = find_table(l, rt_buf_cstr(&id))) &&
				    &m->t.obj != o &&
				    rt_obj_add_dep(l->cat, o, &m->t.obj) < 0)
					l->error = rt_error_nomem();
			}
			rt_buf_release(&id);
		} else {
			rt_buf_putc(&b, *p++);
		}
	}
	return detach(l, &b);
}

static int row_view(void *payload, int n, const char *const *v)
{
	myl *l = payload;
	mytab *m;
	rt_buf b = RT_BUF_INIT;
	const char *body;

	if (n < 5 || !(m = find_table(l, v[0])) || m->t.obj.kind != RT_OBJ_VIEW)
		return 0;
	if (!(body = unqualify(l, &m->t.obj, v[1] ? v[1] : "")))
		return l->error;
	rt_buf_init(&b);
	rt_buf_printf(&b,
		      "CREATE OR REPLACE ALGORITHM=%s SQL SECURITY %s VIEW ",
		      v[4] && *v[4] ? v[4] : "UNDEFINED",
		      v[3] && *v[3] ? v[3] : "DEFINER");
	rt_mysql_put_ident(&b, v[0]);
	rt_buf_printf(&b, " AS %s", body);
	if (v[2] && strcmp(v[2], "NONE"))
		rt_buf_printf(&b, " WITH %s CHECK OPTION", v[2]);
	m->t.obj.definition = detach(l, &b);
	return l->error;
}

static int row_trigger(void *payload, int n, const char *const *v)
{
	myl *l = payload;
	mytab *m;
	rt_obj *o;
	rt_buf b = RT_BUF_INIT;
	const char *body;

	if (n < 5 || !v[0] || !(m = find_table(l, v[2])))
		return 0;
	if (!(o = rt_catalog_add(l->cat, RT_OBJ_TRIGGER, sizeof(rt_obj))))
		return l->error = rt_error_nomem();
	o->table = m->t.obj.name;
	o->name = my_dup(l, v[0]);
	if (rt_obj_add_dep(l->cat, o, &m->t.obj) < 0)
		return l->error = rt_error_nomem();
	if (!(body = unqualify(l, o, v[4] ? v[4] : "")))
		return l->error;
	rt_buf_init(&b);
	rt_buf_puts(&b, "CREATE TRIGGER ");
	rt_mysql_put_ident(&b, v[0]);
	rt_buf_printf(&b, " %s %s ON ", v[3] ? v[3] : "", v[1] ? v[1] : "");
	rt_mysql_put_ident(&b, v[2]);
	rt_buf_printf(&b, " FOR EACH ROW %s", body);
	o->definition = detach(l, &b);
	return l->error;
}

/* ---- the load ----------------------------------------------------------- */

static int run(myl *l, const char *sql, rt_row_cb cb)
{
	int error = l->db->be->query(l->db->conn, sql, NULL, 0, cb, l);

	if (error < 0)
		return error;
	if (!l->error && rt_catalog_interrupted())
		l->error = rt_error_set(RT_ERROR_OS, "interrupted");
	return l->error;
}

/* SHOW CREATE TABLE's row: the partitioning of l->part_of. */
static int row_show_create(void *payload, int n, const char *const *v)
{
	myl *l = payload;
	rt_buf b = RT_BUF_INIT;

	if (n < 2 || !v[1] || !l->part_of)
		return 0;
	rt_buf_init(&b);
	if (rt_mysql_partitioning(&b, v[1]) < 0) {
		rt_buf_release(&b);
		return l->error = RT_ERROR;
	}
	if (b.len)
		l->part_of->t.partition_key = detach(l, &b);
	else
		rt_buf_release(&b);
	return l->error;
}

/* The partitioned tables' clauses: one SHOW CREATE TABLE each (they are
 * few; information_schema cannot tell a DEFAULT list partition). */
static int load_partitioning(myl *l)
{
	size_t i;
	int error = 0;

	for (i = 0; i < l->ntables && !error; i++) {
		rt_buf sql = RT_BUF_INIT;

		if (!l->tables[i]->partitioned)
			continue;
		rt_buf_init(&sql);
		rt_buf_puts(&sql, "SHOW CREATE TABLE ");
		rt_mysql_put_ident(&sql, l->tables[i]->t.obj.name);
		if ((error = rt_buf_check(&sql)) == 0) {
			l->part_of = l->tables[i];
			error = run(l, rt_buf_cstr(&sql), row_show_create);
			l->part_of = NULL;
		}
		rt_buf_release(&sql);
	}
	return error;
}

static int load_mysql(rt_catalog *cat, rt_db *db)
{
	myl l;
	size_t i;
	int error;

	memset(&l, 0, sizeof(l));
	l.cat = cat;
	l.db = db;
	if ((error = run(&l, "SELECT DATABASE()", row_dbname)) < 0 ||
	    (error = run(&l, q_tables, row_table)) < 0)
		goto done;
	/* the server sorts by its collation; lookups sort by bytes */
	if (l.ntables)
		qsort(l.tables, l.ntables, sizeof(*l.tables), tab_cmp);
	if ((error = load_partitioning(&l)) < 0 ||
	    (error = run(&l, q_columns, row_column)) < 0 ||
	    (error = run(&l, q_indexes, row_index)) < 0 ||
	    (error = grp_flush(&l)) < 0 ||
	    (error = run(&l, q_fk_rules, row_fk_rule)) < 0)
		goto done;
	if (l.nrules)
		qsort(l.rules, l.nrules, sizeof(*l.rules), rule_cmp);
	if ((error = run(&l, q_foreign, row_foreign)) < 0 ||
	    (error = grp_flush(&l)) < 0 ||
	    (error = run(&l, q_checks, row_check)) < 0 ||
	    (error = run(&l, q_views, row_view)) < 0 ||
	    (error = run(&l, q_triggers, row_trigger)) < 0)
		goto done;
	/* definitions are canonical already: the diff renames in them */
	for (i = 0; i < cat->nobjs; i++)
		if (cat->objs[i]->kind != RT_OBJ_TABLE)
			cat->objs[i]->canonical = cat->objs[i]->definition;
	error = rt_catalog_finish(cat);
done:
	if (error < 0 && !rt_error_last()->message[0])
		rt_error_nomem();
	return error;
}

/* ---- scratch databases ------------------------------------------------ */

/*
 * A database created for one load on the server of --dev-url (else
 * --url), named retort_scratch_<pid>_<n> (a process a SIGKILL stopped
 * is named by what it left behind), and dropped afterwards whatever
 * happened. It takes the charset and collation of the URL's database
 * (the server's defaults when that does not exist yet): a table a
 * schema file creates without naming them has the defaults of the
 * database it is read in, and the server's are often not the
 * application's, which would show every table as drifted. MySQL has no
 * schemas inside a database: no schema name is asked for (the engine
 * has no RT_CAP_SCHEMAS).
 */
typedef struct my_scratch {
	rt_db *admin; /* on the URL given, or its server */
	char name[64];
	int created;
	char charset[65], collation[65]; /* the URL's database's, or "" */
} my_scratch;

static int database_defaults_row(void *payload, int ncols,
				 const char *const *vals)
{
	my_scratch *ms = payload;

	if (ncols >= 2 && vals[0] && vals[1]) {
		snprintf(ms->charset, sizeof(ms->charset), "%s", vals[0]);
		snprintf(ms->collation, sizeof(ms->collation), "%s", vals[1]);
	}
	return 0;
}

/* Names of charsets and collations are words: anything else read back
 * is not put into the CREATE DATABASE. */
static int is_word(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!(isalnum((unsigned char)*s) || *s == '_'))
			return 0;
	return 1;
}

static atomic_uint scratch_count;

/* `url` with its database (the path after the authority) replaced by
 * `dbname`; a '/' in a password is percent-encoded, so the first '/'
 * after "://" starts the path. */
static char *with_database(const char *url, const char *dbname)
{
	const char *auth = strstr(url, "://"), *end, *query;
	rt_buf b = RT_BUF_INIT;

	rt_buf_init(&b);
	auth = auth ? auth + 3 : url;
	end = auth + strcspn(auth, "/?");
	query = strchr(auth, '?');
	rt_buf_put(&b, url, (size_t)(end - url));
	rt_buf_putc(&b, '/');
	rt_buf_puts(&b, dbname);
	if (query)
		rt_buf_puts(&b, query);
	if (rt_buf_check(&b) < 0) {
		rt_buf_release(&b);
		return NULL;
	}
	return rt_buf_detach(&b);
}

static int scratch_open_my(rt_scratch *s, const char *server, const char *src,
			   const char *schema_name)
{
	rt_buf sql = RT_BUF_INIT;
	my_scratch *ms;
	char *url = NULL;
	int error;

	RT_UNUSED(schema_name);
	if (!server) {
		rt_error_set(RT_ERROR_USAGE,
			     "cannot read '%s' with MySQL: no server for a "
			     "scratch database",
			     src);
		rt_error_hint("give --dev-url (or --url) a mysql:// URL; "
			      "retort creates a temporary database there and "
			      "drops it afterwards");
		return RT_EUSAGE;
	}
	if (!(ms = calloc(1, sizeof(*ms))))
		return rt_error_nomem();
	s->engine = ms;
	/* the database of the URL may not exist yet: information_schema,
	 * which every account may use, will do for creating another */
	if ((error = rt_db_open(&ms->admin, server, NULL)) < 0) {
		if (!(url = with_database(server, "information_schema")))
			return rt_error_nomem();
		rt_error_clear();
		error = rt_db_open(&ms->admin, url, NULL);
		free(url);
		url = NULL;
		if (error < 0)
			return error;
	} else if ((error = ms->admin->be->query(
			ms->admin->conn,
			"SELECT @@character_set_database, "
			"@@collation_database FROM DUAL WHERE DATABASE() IS "
			"NOT NULL AND DATABASE() <> 'information_schema'",
			NULL, 0, database_defaults_row, ms)) < 0) {
		return error;
	}
	snprintf(ms->name, sizeof(ms->name), "retort_scratch_%ld_%u",
		 (long)getpid(), atomic_fetch_add(&scratch_count, 1) + 1);
	rt_buf_init(&sql);
	rt_buf_puts(&sql, "CREATE DATABASE ");
	rt_mysql_put_ident(&sql, ms->name);
	if (is_word(ms->charset) && is_word(ms->collation))
		rt_buf_printf(&sql, " CHARACTER SET %s COLLATE %s", ms->charset,
			      ms->collation);
	if ((error = rt_buf_check(&sql)) < 0 ||
	    (error = ms->admin->be->exec(ms->admin->conn, sql.ptr, sql.len,
					 NULL)) < 0) {
		rt_error_prefix("creating scratch database '%s'", ms->name);
		goto done;
	}
	ms->created = 1;
	if (!(url = with_database(server, ms->name))) {
		error = rt_error_nomem();
		goto done;
	}
	error = rt_db_open(&s->db, url, NULL);
done:
	rt_buf_release(&sql);
	free(url);
	return error;
}

static void scratch_drop_my(rt_scratch *s)
{
	my_scratch *ms = s->engine;
	rt_error_saved *saved;
	rt_buf sql = RT_BUF_INIT;

	rt_db_close(s->db);
	s->db = NULL;
	if (!ms)
		return;
	if (ms->created && ms->admin) {
		saved = rt_error_save();
		rt_buf_init(&sql);
		rt_buf_puts(&sql, "DROP DATABASE IF EXISTS ");
		rt_mysql_put_ident(&sql, ms->name);
		if (rt_buf_check(&sql) == 0)
			ms->admin->be->exec(ms->admin->conn, sql.ptr, sql.len,
					    NULL);
		rt_buf_release(&sql);
		rt_error_restore(saved);
	}
	rt_db_close(ms->admin);
	free(ms);
	s->engine = NULL;
}

const rt_catalog_ops rt_catalog_ops_mysql = {
    .load = load_mysql,
    .scratch_open = scratch_open_my,
    .scratch_drop = scratch_drop_my,
};
