/*
 * lint_algo_mysql.c: what an ALTER TABLE costs on MariaDB and MySQL, and
 * how two column definitions differ.
 *
 * The algorithm table says, per kind of change and server version, the
 * cheapest algorithm the server takes (INSTANT: metadata only; NOCOPY: no
 * rebuild of the clustered index; INPLACE: a rebuild in place; COPY: a
 * copy into a new table) and the least lock it allows with it (NONE:
 * reads and writes go on; SHARED: writes wait; EXCLUSIVE). MariaDB 10.11's
 * rows were measured on the server the suite runs (each change tried with
 * ALGORITHM=INSTANT, NOCOPY, INPLACE, COPY and LOCK=NONE, SHARED in turn,
 * on a table with rows); the version steps before it and MySQL 8's rows
 * follow the servers' manuals and are not tested here. MySQL has no
 * NOCOPY: its "in place, no rebuild" is INPLACE, and is named so.
 *
 * Every ALTER also takes an exclusive metadata lock briefly, to start and
 * to finish: that wait is what lock_wait_timeout (retort's --lock-timeout)
 * bounds, and is not a property of the algorithm.
 */
#include "lint/lint_mysql.h"

#include <ctype.h>
#include <stdlib.h>

int rt_lint_my_parse_version(my_server *out, const char *v)
{
	char *end;

	memset(out, 0, sizeof(*out));
	if (!v || !isdigit((unsigned char)*v))
		return RT_ERROR;
	out->major = (int)strtol(v, &end, 10);
	if (*end == '.')
		out->minor = (int)strtol(end + 1, &end, 10);
	if (*end == '.')
		out->patch = (int)strtol(end + 1, &end, 10);
	/* "5.5.5-10.11.6-MariaDB": the replication prefix old clients see */
	if (out->major == 5 && out->minor == 5 && out->patch == 5 &&
	    *end == '-' && strstr(v, "MariaDB"))
		return rt_lint_my_parse_version(out, end + 1);
	out->mariadb = strstr(v, "MariaDB") != NULL;
	return 0;
}

const char *rt_lint_my_server_name(lint_ctx *x, const my_server *s)
{
	return s->mariadb ? rt_lint_fmt(x, "MariaDB %d.%d", s->major, s->minor)
			  : rt_lint_fmt(x, "MySQL %d.%d.%d", s->major, s->minor,
					s->patch);
}

static int ge(const my_server *s, int major, int minor, int patch)
{
	if (s->major != major)
		return s->major > major;
	if (s->minor != minor)
		return s->minor > minor;
	return s->patch >= patch;
}

my_cost rt_lint_my_cost(my_op op, const my_server *s)
{
	const my_cost instant = {MY_INSTANT, MY_LOCK_NONE},
		      inplace = {MY_INPLACE, MY_LOCK_NONE},
		      shared = {MY_INPLACE, MY_LOCK_SHARED},
		      copy = {MY_COPY, MY_LOCK_SHARED};
	/* no rebuild: NOCOPY on MariaDB, INPLACE by MySQL's name */
	const my_cost nocopy = {s->mariadb ? MY_NOCOPY : MY_INPLACE,
				MY_LOCK_NONE};
	int maria = s->mariadb;

	switch (op) {
	case MY_OP_ADD_COLUMN:
		return (maria ? ge(s, 10, 3, 2) : ge(s, 8, 0, 12)) ? instant
								   : inplace;
	case MY_OP_ADD_COLUMN_PLACED:
	case MY_OP_DROP_COLUMN:
		return (maria ? ge(s, 10, 4, 0) : ge(s, 8, 0, 29)) ? instant
								   : inplace;
	case MY_OP_REORDER_COLUMN:
		return maria && ge(s, 10, 4, 0) ? instant : inplace;
	case MY_OP_ADD_COLUMN_AUTO_INC:
		return shared;
	case MY_OP_RENAME_COLUMN:
		return (maria ? ge(s, 10, 3, 0) : ge(s, 8, 0, 28)) ? instant
								   : nocopy;
	case MY_OP_SET_DEFAULT:
	case MY_OP_ENUM_APPEND:
	case MY_OP_TABLE_OPTION:
	case MY_OP_RENAME_TABLE:
		return instant;
	case MY_OP_VARCHAR_EXTEND:
		return maria && ge(s, 10, 4, 0) ? instant : nocopy;
	case MY_OP_CHARSET_UTF8MB4:
		/* MDEV-15564; MySQL copies */
		return maria && ge(s, 10, 6, 0) ? instant : copy;
	case MY_OP_COLLATION:
		/* at most the indexes on the column are rebuilt */
		return maria && ge(s, 10, 6, 0) ? nocopy : copy;
	case MY_OP_SET_NOT_NULL:
	case MY_OP_DROP_NOT_NULL:
	case MY_OP_ADD_PRIMARY_KEY:
	case MY_OP_REBUILD:
		return inplace;
	case MY_OP_ADD_INDEX:
	case MY_OP_DROP_INDEX:
	case MY_OP_DROP_CONSTRAINT:
	case MY_OP_ADD_FOREIGN_KEY_UNCHECKED:
		return nocopy;
	case MY_OP_RENAME_INDEX:
		return maria ? instant : nocopy;
	case MY_OP_ADD_FULLTEXT:
		return shared;
	case MY_OP_ADD_SPATIAL:
		return (my_cost){nocopy.alg, MY_LOCK_SHARED};
	case MY_OP_ADD_COLUMN_STORED:
	case MY_OP_TYPE_CHANGE:
	case MY_OP_DROP_PRIMARY_KEY:
	case MY_OP_ADD_FOREIGN_KEY:
	case MY_OP_ADD_CHECK:
	case MY_OP_CONVERT_CHARSET:
	case MY_OP_ENGINE_CHANGE:
	case MY_OP_ORDER_BY:
	case MY_OP_PARTITIONING:
	case MY_OP__COUNT:
		break;
	}
	return copy;
}

my_cost rt_lint_my_cost_fulltext(my_op op, const my_server *s, int *changed)
{
	my_cost c = rt_lint_my_cost(op, s);

	*changed = 0;
	switch (op) {
	case MY_OP_ADD_COLUMN:
	case MY_OP_ADD_COLUMN_PLACED:
	case MY_OP_DROP_COLUMN:
	case MY_OP_REORDER_COLUMN:
	case MY_OP_SET_NOT_NULL:
	case MY_OP_DROP_NOT_NULL:
	case MY_OP_ADD_PRIMARY_KEY:
	case MY_OP_REBUILD:
		if (c.alg != MY_COPY) {
			*changed = 1;
			c.alg = MY_INPLACE;
			c.lock = MY_LOCK_SHARED;
		}
		break;
	default:
		break;
	}
	return c;
}

const char *rt_lint_my_alg_name(my_alg a)
{
	static const char *const names[] = {"INSTANT", "NOCOPY", "INPLACE",
					    "COPY"};

	return names[a];
}

const char *rt_lint_my_lock_name(my_lock l)
{
	static const char *const names[] = {"NONE", "SHARED", "EXCLUSIVE"};

	return names[l];
}

/* ---- character sets ------------------------------------------------------ */

static const struct {
	const char *name;
	int maxlen, cls;
} charsets[] = {
    {"utf8mb4", 4, MY_CS_UNICODE}, {"utf16", 4, MY_CS_UNICODE},
    {"utf16le", 4, MY_CS_UNICODE}, {"utf32", 4, MY_CS_UNICODE},
    {"gb18030", 4, MY_CS_UNICODE}, {"utf8mb3", 3, MY_CS_BMP},
    {"ucs2", 2, MY_CS_BMP},	   {"big5", 2, MY_CS_BYTE},
    {"gbk", 2, MY_CS_BYTE},	   {"gb2312", 2, MY_CS_BYTE},
    {"sjis", 2, MY_CS_BYTE},	   {"cp932", 2, MY_CS_BYTE},
    {"euckr", 2, MY_CS_BYTE},	   {"ujis", 3, MY_CS_BYTE},
    {"eucjpms", 3, MY_CS_BYTE},
};

const char *rt_lint_my_cs_norm(const char *cs)
{
	if (!cs)
		return NULL;
	if (!strcasecmp(cs, "utf8"))
		return "utf8mb3";
	return cs;
}

int rt_lint_my_mbmaxlen(const char *cs)
{
	size_t i;

	cs = rt_lint_my_cs_norm(cs);
	for (i = 0; cs && i < RT_ARRAY_SIZE(charsets); i++)
		if (!strcasecmp(cs, charsets[i].name))
			return charsets[i].maxlen;
	return 1;
}

int rt_lint_my_cs_class(const char *cs)
{
	size_t i;

	cs = rt_lint_my_cs_norm(cs);
	if (!cs)
		return MY_CS_UNKNOWN;
	for (i = 0; i < RT_ARRAY_SIZE(charsets); i++)
		if (!strcasecmp(cs, charsets[i].name))
			return charsets[i].cls;
	/* latin1, ascii, cp1251 and the other single-byte sets */
	return MY_CS_BYTE;
}

/* ---- types --------------------------------------------------------------- */

enum family {
	F_INT,
	F_DECIMAL,
	F_FLOAT,
	F_STRING,
	F_BINARY,
	F_TEMPORAL,
	F_ENUM,
	F_OTHER
};

static const char *const ints[] = {"tinyint", "smallint", "mediumint", "int",
				   "bigint"};

static int int_rank(const char *t)
{
	size_t i;

	for (i = 0; i < RT_ARRAY_SIZE(ints); i++)
		if (!strcmp(t, ints[i]))
			return (int)i + 1;
	return 0;
}

static int is(const char *t, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(t, list[i]))
			return 1;
	return 0;
}

static enum family family(const char *t)
{
	static const char *const strings[] = {"char",  "varchar",    "tinytext",
					      "text",  "mediumtext", "longtext",
					      "nchar", "nvarchar",   "json"};
	static const char *const binaries[] = {"binary",     "varbinary",
					       "tinyblob",   "blob",
					       "mediumblob", "longblob"};
	static const char *const temporals[] = {"date", "time", "datetime",
						"timestamp", "year"};

	if (int_rank(t))
		return F_INT;
	if (!strcmp(t, "decimal"))
		return F_DECIMAL;
	if (!strcmp(t, "float") || !strcmp(t, "double"))
		return F_FLOAT;
	if (is(t, strings, RT_ARRAY_SIZE(strings)))
		return F_STRING;
	if (is(t, binaries, RT_ARRAY_SIZE(binaries)))
		return F_BINARY;
	if (is(t, temporals, RT_ARRAY_SIZE(temporals)))
		return F_TEMPORAL;
	if (!strcmp(t, "enum") || !strcmp(t, "set"))
		return F_ENUM;
	return F_OTHER;
}

/* The characters (bytes, for binary types) a string column holds. */
static double capacity(const my_column *c, const char *cs)
{
	static const struct {
		const char *name;
		double bytes;
	} lobs[] = {
	    {"tinytext", 255},
	    {"text", 65535},
	    {"mediumtext", 16777215},
	    {"longtext", 4294967295.0},
	    {"json", 4294967295.0},
	    {"tinyblob", 255},
	    {"blob", 65535},
	    {"mediumblob", 16777215},
	    {"longblob", 4294967295.0},
	};
	size_t i;

	for (i = 0; i < RT_ARRAY_SIZE(lobs); i++)
		if (!strcmp(c->type, lobs[i].name))
			return lobs[i].bytes / (family(c->type) == F_STRING
						    ? rt_lint_my_mbmaxlen(cs)
						    : 1);
	return c->len >= 0 ? (double)c->len : 1; /* char = char(1) */
}

/* Decimal digits before the point an integer or decimal column holds. */
static long int_digits(const my_column *c)
{
	static const long digits[] = {3, 5, 8, 10, 19};
	int r = int_rank(c->type);

	if (r)
		return digits[r - 1] + (c->is_unsigned && r == 5);
	return (c->len >= 0 ? c->len : 10) - (c->scale >= 0 ? c->scale : 0);
}

static long scale_of(const my_column *c)
{
	return c->scale >= 0 ? c->scale : 0;
}

const char *rt_lint_my_describe(lint_ctx *x, const my_column *c)
{
	const char *args = c->values ? rt_lint_fmt(x, "(%s)", c->values)
			   : c->len >= 0 && c->scale >= 0
			       ? rt_lint_fmt(x, "(%ld,%ld)", c->len, c->scale)
			   : c->len >= 0 && !int_rank(c->type)
			       ? rt_lint_fmt(x, "(%ld)", c->len)
			       : "";

	return rt_lint_fmt(x, "%s%s%s", c->type, args ? args : "",
			   c->is_unsigned ? " unsigned" : "");
}

static int temporal_rank(const char *t)
{
	/* what each can hold of the next: a date loses the time, a
	 * timestamp the years outside 1970-2038 */
	if (!strcmp(t, "year"))
		return 1;
	if (!strcmp(t, "date") || !strcmp(t, "time"))
		return 2;
	if (!strcmp(t, "timestamp"))
		return 3;
	return 4; /* datetime */
}

/* Can values of `f` fail to fit in `t`? A description, or NULL. */
static const char *narrowing(lint_ctx *x, const my_column *f, const char *fcs,
			     const my_column *t, const char *tcs)
{
	enum family ff = family(f->type), tf = family(t->type);
	const char *what = rt_lint_fmt(x, "%s to %s", rt_lint_my_describe(x, f),
				       rt_lint_my_describe(x, t));

	if (ff == F_INT && tf == F_INT) {
		if (int_rank(t->type) < int_rank(f->type))
			return what;
		if (f->is_unsigned != t->is_unsigned &&
		    !(f->is_unsigned && int_rank(t->type) > int_rank(f->type)))
			return what;
		return NULL;
	}
	if ((ff == F_INT || ff == F_DECIMAL) && tf == F_DECIMAL)
		return int_digits(t) < int_digits(f) ||
			       scale_of(t) < scale_of(f) ||
			       (!f->is_unsigned && t->is_unsigned)
			   ? what
			   : NULL;
	if (ff == F_DECIMAL && tf == F_INT)
		return scale_of(f) > 0 || int_digits(t) < int_digits(f) ||
			       (!f->is_unsigned && t->is_unsigned)
			   ? what
			   : NULL;
	if ((ff == F_INT || ff == F_DECIMAL) && tf == F_FLOAT)
		return NULL;
	if (ff == F_FLOAT && tf == F_FLOAT)
		return !strcmp(f->type, "double") && !strcmp(t->type, "float")
			   ? what
			   : NULL;
	if ((ff == F_STRING && tf == F_STRING) ||
	    (ff == F_BINARY && tf == F_BINARY) ||
	    (ff == F_ENUM && tf == F_STRING))
		return ff != F_ENUM && capacity(t, tcs) < capacity(f, fcs)
			   ? what
			   : NULL;
	if ((ff == F_INT || ff == F_DECIMAL || ff == F_FLOAT ||
	     ff == F_TEMPORAL) &&
	    tf == F_STRING)
		return capacity(t, tcs) < 20 ? what : NULL;
	if (ff == F_ENUM && tf == F_ENUM) {
		/* every old value must still be there */
		const char *v = f->values ? f->values : "";

		while (*v == '\'') {
			const char *e = strchr(v + 1, '\'');
			char *one;

			if (!e)
				break;
			one = rt_arena_strndup(x->a, v, (size_t)(e - v + 1));
			if (!one || !t->values || !strstr(t->values, one))
				return rt_lint_fmt(x, "%s: values removed",
						   what);
			v = e + 1 + (e[1] == ',');
		}
		return NULL;
	}
	if (ff == F_TEMPORAL && tf == F_TEMPORAL)
		return temporal_rank(t->type) < temporal_rank(f->type) ||
			       (strcmp(t->type, f->type) &&
				temporal_rank(t->type) ==
				    temporal_rank(f->type)) ||
			       (t->len >= 0 ? t->len : 0) <
				   (f->len >= 0 ? f->len : 0)
			   ? what
			   : NULL;
	/* another family: a string to a number, a date to a number ... */
	return what;
}

static int same_str(const char *a, const char *b)
{
	return a && b ? !strcasecmp(a, b) : a == b;
}

/* The old column's values are a prefix of the new list (ENUM/SET). */
static int appends(const my_column *f, const my_column *t)
{
	size_t n;

	if (!f->values || !t->values)
		return 0;
	n = strlen(f->values);
	return !strncmp(f->values, t->values, n) && t->values[n] == ',';
}

void rt_lint_my_compare(lint_ctx *x, const my_known *from,
			const char *from_table_cs, const my_column *to,
			const char *to_table_cs, my_change *out)
{
	const my_column *f = &from->col;
	enum family tf = family(to->type);
	int text = tf == F_STRING || tf == F_ENUM;
	const char *fcs = from->charset ? from->charset
			  : f->charset
			      ? f->charset
			      : (from_table_cs ? from_table_cs : to_table_cs);
	/* MODIFY without CHARACTER SET takes the table's default */
	const char *tcs =
	    to->charset ? to->charset : (to_table_cs ? to_table_cs : fcs);
	int same_type = !strcmp(f->type, to->type) && f->len == to->len &&
			f->scale == to->scale &&
			f->is_unsigned == to->is_unsigned &&
			same_str(f->values, to->values);
	int same_cs = !text || !fcs || !tcs || same_str(fcs, tcs);

	memset(out, 0, sizeof(*out));
	out->op = MY_OP__COUNT;
	if (f->generated != to->generated ||
	    (f->auto_increment && !to->auto_increment)) {
		out->op = MY_OP_TYPE_CHANGE;
	} else if (same_type && same_cs) {
		if (!same_str(f->collation, to->collation) && to->collation)
			/* a key column's collation orders the clustered
			 * index: a copy (measured) */
			out->op =
			    f->primary ? MY_OP_TYPE_CHANGE : MY_OP_COLLATION;
		else if (!f->not_null && to->not_null)
			out->op = MY_OP_SET_NOT_NULL;
		else if (f->not_null && !to->not_null)
			out->op = MY_OP_DROP_NOT_NULL;
		else if (to->placed)
			out->op = MY_OP_REORDER_COLUMN;
	} else if (same_type && text &&
		   !strcasecmp(rt_lint_my_cs_norm(fcs), "utf8mb3") &&
		   !strcasecmp(tcs, "utf8mb4")) {
		out->op = MY_OP_CHARSET_UTF8MB4;
	} else if (same_cs && !strcmp(f->type, to->type) &&
		   (!strcmp(f->type, "varchar") ||
		    !strcmp(f->type, "varbinary")) &&
		   f->len >= 0 && to->len >= f->len) {
		int mb =
		    !strcmp(f->type, "varchar") ? rt_lint_my_mbmaxlen(tcs) : 1;

		/* one length byte up to 255 bytes, two above */
		out->op = (f->len * mb > 255) == (to->len * mb > 255)
			      ? MY_OP_VARCHAR_EXTEND
			      : MY_OP_TYPE_CHANGE;
	} else if (same_cs && family(f->type) == F_ENUM &&
		   !strcmp(f->type, to->type) && appends(f, to)) {
		out->op = MY_OP_ENUM_APPEND;
	} else {
		out->op = MY_OP_TYPE_CHANGE;
	}
	if (!same_type)
		out->narrowing = narrowing(x, f, fcs, to, tcs);
	if (text &&
	    (family(f->type) == F_STRING || family(f->type) == F_ENUM) && fcs &&
	    tcs && !same_str(fcs, tcs)) {
		int fc = rt_lint_my_cs_class(fcs),
		    tc = rt_lint_my_cs_class(tcs);

		if (tc < fc || (tc == MY_CS_BYTE && fc == MY_CS_BYTE))
			out->charset_loss = rt_lint_fmt(
			    x, "%s to %s", rt_lint_my_cs_norm(fcs), tcs);
	}
	out->set_not_null = !f->not_null && to->not_null;
	if (text) {
		out->from_cs = rt_lint_my_cs_norm(fcs);
		out->to_cs = rt_lint_my_cs_norm(tcs);
	}
}
