/*
 * partition_mysql.c: a MySQL/MariaDB table's partitioning, in the one
 * canonical form the catalog stores (rt_table.partition_key), the diff
 * compares and the renderer splits again:
 *
 *   PARTITION BY RANGE (year(`d`))
 *   (PARTITION `p2020` VALUES LESS THAN (2021),
 *    PARTITION `pmax` VALUES LESS THAN MAXVALUE)
 *
 * The header on the first line (whitespace collapsed: MariaDB prints
 * "RANGE  COLUMNS(...)"), then the partitions, one a line, without the
 * "ENGINE = InnoDB" every one repeats (a partition's engine is its
 * table's). HASH and KEY partitioning without named partitions is the
 * header alone ("... PARTITIONS 3").
 *
 * It is read from SHOW CREATE TABLE, not information_schema.PARTITIONS:
 * there a LIST partition's DEFAULT and its VALUES IN (0) are the same
 * description ("0", MariaDB 10.11).
 */
#include "catalog/catalog.h"

#include <ctype.h>
#include <string.h>

/* Where the clause starts in SHOW CREATE TABLE's text: MariaDB writes
 * "\n PARTITION BY", MySQL the same in a versioned comment
 * ("\n/" "*!50100 PARTITION BY"). NULL: none. */
static const char *clause_start(const char *sql, int *versioned)
{
	const char *p = sql, *hit = NULL;

	*versioned = 0;
	while (*p) {
		if (*p == '\'' || *p == '"' || *p == '`') {
			p = rt_mysql_skip_literal(p);
			continue;
		}
		if (*p == '\n') {
			const char *q = p + 1;
			int v = 0;

			if (!strncmp(q, "/*!", 3)) {
				for (q += 3; isdigit((unsigned char)*q); q++)
					;
				v = 1;
			}
			while (*q == ' ')
				q++;
			if (!strncmp(q, "PARTITION BY ", 13)) {
				hit = q;
				*versioned = v;
				break;
			}
		}
		p++;
	}
	return hit;
}

/* Is " ENGINE = word" at p (outside quotes)? Its length, or 0. */
static size_t engine_clause(const char *p)
{
	const char *q = p;

	if (strncmp(q, " ENGINE = ", 10))
		return 0;
	for (q += 10; isalnum((unsigned char)*q) || *q == '_'; q++)
		;
	return (size_t)(q - p);
}

int rt_mysql_partitioning(rt_buf *out, const char *create_sql)
{
	int versioned, depth = 0, space = 0, in_list = 0;
	const char *p = clause_start(create_sql, &versioned);
	const char *end;
	rt_buf flat = RT_BUF_INIT;

	rt_buf_clear(out);
	if (!p)
		return 0;
	end = p + strlen(p);
	if (versioned) { /* MySQL: the comment's end closes the clause */
		const char *c = strstr(p, "*/");

		if (c)
			end = c;
	}
	/* one line, whitespace collapsed, no ENGINE clauses */
	rt_buf_init(&flat);
	while (p < end) {
		size_t k;

		if (*p == '\'' || *p == '"' || *p == '`') {
			const char *q = rt_mysql_skip_literal(p);

			if (space && flat.len)
				rt_buf_putc(&flat, ' ');
			space = 0;
			rt_buf_put(&flat, p, (size_t)(q - p));
			p = q;
			continue;
		}
		if (isspace((unsigned char)*p)) {
			space = 1;
			p++;
			continue;
		}
		if (space && (k = engine_clause(p - 1)) != 0) {
			p += k - 1;
			space = 0;
			continue;
		}
		if (space && flat.len)
			rt_buf_putc(&flat, ' ');
		space = 0;
		rt_buf_putc(&flat, *p++);
	}
	if (rt_buf_check(&flat) < 0)
		return RT_ERROR;
	/* the list: "(PARTITION" at depth 0; its items at depth 1 */
	for (p = rt_buf_cstr(&flat); *p; p++) {
		if (*p == '\'' || *p == '"' || *p == '`') {
			const char *q = rt_mysql_skip_literal(p);

			rt_buf_put(out, p, (size_t)(q - p));
			p = q - 1;
			continue;
		}
		if (*p == '(' && depth == 0 && !strncmp(p, "(PARTITION ", 11)) {
			while (out->len && out->ptr[out->len - 1] == ' ')
				out->len--;
			rt_buf_puts(out, "\n(");
			in_list = 1;
			depth++;
			continue;
		}
		if (*p == '(')
			depth++;
		else if (*p == ')')
			depth--;
		if (in_list && depth == 1 && *p == ',' && p[1] == ' ') {
			rt_buf_puts(out, ",\n ");
			p++;
			continue;
		}
		rt_buf_putc(out, *p);
	}
	rt_buf_release(&flat);
	return rt_buf_check(out);
}

int rt_mysql_partitions_split(const char *canon, rt_mysql_parts *pp)
{
	const char *p = strstr(canon, "\n(");

	memset(pp, 0, sizeof(*pp));
	pp->head = canon;
	pp->head_len = p ? (size_t)(p - canon) : strlen(canon);
	if (!p)
		return 0;
	for (p += 2; *p && pp->n < RT_MYSQL_MAX_PARTS;) {
		const char *e = strstr(p, ",\n ");
		size_t len = e ? (size_t)(e - p) : strlen(p);

		if (!e && len && p[len - 1] == ')')
			len--; /* the list's own ')' */
		pp->item[pp->n] = p;
		pp->len[pp->n++] = len;
		if (!e)
			return 0;
		p = e + 3;
	}
	return *p ? -1 : 0; /* more than this splits */
}
