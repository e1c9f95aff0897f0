/*
 * test_diff_mysql.c: the MySQL/MariaDB side of the diff without a server:
 * catalogs built by hand as catalog_mysql.c builds them (canonical column
 * definitions, keys, foreign keys with the tables they reference), then
 * the change list and its SQL, algorithm clauses included. The round
 * trips against a real server are tests/mysql_roundtrip over
 * tests/diff/mysql.
 */
#include "diff/diff.h"
#include "test.h"

/* The engine's tables as the driver will hold them (the descriptor's
 * own entry comes with the driver). */
static rt_backend my_be;

static rt_catalog *cat_new(void)
{
	rt_catalog *c = calloc(1, sizeof(*c));

	assert_non_null(c);
	rt_arena_init(&c->arena);
	my_be.name = "mysql";
	my_be.catalog = &rt_catalog_ops_mysql;
	my_be.diff = &rt_diff_dialect_mysql;
	my_be.render = &rt_render_ops_mysql;
	c->be = &my_be;
	c->dialect = "mysql";
	return c;
}

static rt_obj *obj(rt_catalog *c, rt_obj_kind kind, size_t size,
		   const char *table, const char *name, const char *def)
{
	rt_obj *o = rt_catalog_add(c, kind, size);

	assert_non_null(o);
	o->table = table;
	o->name = name;
	o->definition = def;
	return o;
}

/* A table of (name, canonical definition) pairs, NULL-terminated. */
static rt_table *table(rt_catalog *c, const char *name, const char *const *cols)
{
	rt_table *t = (rt_table *)obj(c, RT_OBJ_TABLE, sizeof(rt_table), NULL,
				      name, NULL);
	size_t n = 0, i;

	while (cols[2 * n])
		n++;
	t->columns = rt_arena_array(&c->arena, n + 1, sizeof(rt_column));
	t->ncolumns = n;
	for (i = 0; i < n; i++) {
		rt_column *col = &t->columns[i];
		const char *sp = strchr(cols[2 * i + 1], ' ');

		col->name = cols[2 * i];
		col->canonical = cols[2 * i + 1];
		col->type = sp ? rt_arena_strndup(&c->arena, cols[2 * i + 1],
						  (size_t)(sp - cols[2 * i + 1]))
			       : cols[2 * i + 1];
		col->not_null = strstr(col->canonical, "NOT NULL") != NULL;
		col->definition = rt_arena_printf(&c->arena, "`%s` %s",
						  col->name, col->canonical);
		col->position = (int)i + 1;
	}
	t->options = "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 "
		     "COLLATE=utf8mb4_general_ci";
	return t;
}

static rt_index *index_on(rt_catalog *c, const char *table, const char *name,
			  const char *def, const char *col)
{
	rt_index *ix = (rt_index *)obj(c, RT_OBJ_INDEX, sizeof(rt_index), table,
				       name, def);

	ix->columns = rt_arena_array(&c->arena, 1, sizeof(char *));
	ix->columns[0] = col;
	ix->ncolumns = 1;
	return ix;
}

static char *sql_of(rt_catalog *from, rt_catalog *to)
{
	rt_changes *ch = NULL;
	rt_buf b = RT_BUF_INIT;

	rt_buf_init(&b);
	assert_int_equal(rt_catalog_finish(from), 0);
	assert_int_equal(rt_catalog_finish(to), 0);
	if (rt_diff_catalogs(&ch, from, to, NULL) != 0 ||
	    rt_render_changes(&b, ch, from, to, NULL) != 0)
		fail_msg("%s", rt_error_last()->message);
	rt_changes_free(ch);
	return rt_buf_detach(&b);
}

static void expect_sql(rt_catalog *from, rt_catalog *to, const char *want)
{
	char *got = sql_of(from, to);

	assert_string_equal(got, want);
	free(got);
	rt_catalog_free(from);
	rt_catalog_free(to);
}

static const char *const two[] = {"id", "int(11) NOT NULL", "a",
				  "int(11) NULL", NULL};

static void test_mysql_quoting(void **state)
{
	rt_buf b = RT_BUF_INIT;

	(void)state;
	rt_buf_init(&b);
	rt_mysql_put_ident(&b, "odd `name`");
	rt_buf_putc(&b, ' ');
	rt_mysql_put_literal(&b, "it's a \\ path");
	assert_string_equal(rt_buf_cstr(&b),
			    "`odd ``name``` 'it''s a \\\\ path'");
	rt_buf_release(&b);
}

static void test_mysql_rename_tokens(void **state)
{
	rt_arena a;
	char *r;

	(void)state;
	rt_arena_init(&a);
	/* backticked and bare, any case; never inside a literal or as part
	 * of a longer name */
	r = rt_mysql_canon_rename(&a, "`a` + A * 2 + aa + concat('a', `a`)",
				  "a", "b c");
	assert_string_equal(r, "`b c` + `b c` * 2 + aa + concat('a', `b c`)");
	rt_arena_release(&a);
}

/* New columns keep their place (AFTER / FIRST) and are INSTANT. */
static void test_mysql_add_column_instant(void **state)
{
	static const char *const cols[] = {"z",	 "int(11) NULL",
					   "id", "int(11) NOT NULL",
					   "m",	 "date NULL",
					   "a",	 "int(11) NULL",
					   NULL};
	rt_catalog *from = cat_new(), *to = cat_new();

	(void)state;
	table(from, "t", two);
	table(to, "t", cols);
	expect_sql(from, to,
		   "ALTER TABLE `t`\n"
		   "  ADD COLUMN `z` int(11) NULL FIRST,\n"
		   "  ADD COLUMN `m` date NULL AFTER `id`, "
		   "ALGORITHM=INSTANT;\n");
}

/* A type change can only copy: no algorithm is asked for, and the
 * clauses of one table still share one ALTER TABLE. */
static void test_mysql_type_change_copies(void **state)
{
	static const char *const cols[] = {"id", "int(11) NOT NULL", "a",
					   "bigint(20) NOT NULL", NULL};
	rt_catalog *from = cat_new(), *to = cat_new();

	(void)state;
	table(from, "t", two);
	table(to, "t", cols);
	to->objs[0]->comment = "now";
	expect_sql(from, to,
		   "ALTER TABLE `t`\n"
		   "  MODIFY COLUMN `a` bigint(20) NOT NULL,\n"
		   "  COMMENT='now';\n");
}

/* An index is built in place without locks; on a table with a FULLTEXT
 * index, InnoDB cannot promise that, so nothing is asked. */
static void test_mysql_index_algorithms(void **state)
{
	rt_catalog *from = cat_new(), *to = cat_new();

	(void)state;
	table(from, "t", two);
	table(from, "f", two);
	index_on(from, "f", "ft", "FULLTEXT INDEX `ft` (`a`)", "a");
	table(to, "t", two);
	table(to, "f", two);
	index_on(to, "f", "ft", "FULLTEXT INDEX `ft` (`a`)", "a");
	index_on(to, "t", "a_i", "INDEX `a_i` (`a`)", "a");
	index_on(to, "f", "a_i", "INDEX `a_i` (`a`)", "a");
	expect_sql(from, to,
		   "ALTER TABLE `f`\n"
		   "  ADD INDEX `a_i` (`a`);\n"
		   "ALTER TABLE `t`\n"
		   "  ADD INDEX `a_i` (`a`), ALGORITHM=INPLACE, LOCK=NONE;\n");
}

/* Two tables that reference each other: their foreign keys go before
 * either DROP TABLE. */
static void test_mysql_drop_fk_cycle(void **state)
{
	rt_catalog *from = cat_new(), *to = cat_new();
	rt_table *a, *b;
	rt_obj *fa, *fb;

	(void)state;
	a = table(from, "a", two);
	b = table(from, "b", two);
	fa = obj(from, RT_OBJ_FOREIGN_KEY, sizeof(rt_obj), "a", "a_b",
		 "CONSTRAINT `a_b` FOREIGN KEY (`a`) REFERENCES `b` (`id`) "
		 "ON DELETE RESTRICT ON UPDATE RESTRICT");
	fb = obj(from, RT_OBJ_FOREIGN_KEY, sizeof(rt_obj), "b", "b_a",
		 "CONSTRAINT `b_a` FOREIGN KEY (`a`) REFERENCES `a` (`id`) "
		 "ON DELETE RESTRICT ON UPDATE RESTRICT");
	assert_int_equal(rt_obj_add_dep(from, fa, &a->obj), 0);
	assert_int_equal(rt_obj_add_dep(from, fa, &b->obj), 0);
	assert_int_equal(rt_obj_add_dep(from, fb, &b->obj), 0);
	assert_int_equal(rt_obj_add_dep(from, fb, &a->obj), 0);
	expect_sql(from, to,
		   "ALTER TABLE `a` DROP FOREIGN KEY `a_b`;\n"
		   "ALTER TABLE `b` DROP FOREIGN KEY `b_a`;\n"
		   "-- data loss: drops table `a`\n"
		   "DROP TABLE `a`;\n"
		   "-- data loss: drops table `b`\n"
		   "DROP TABLE `b`;\n");
}

/* A new table holds its keys; its foreign keys come after. */
static void test_mysql_create_table_with_keys(void **state)
{
	static const char *const cols[] = {"id", "int(11) NOT NULL "
						 "AUTO_INCREMENT",
					   "p", "int(11) NULL", NULL};
	rt_catalog *from = cat_new(), *to = cat_new();
	rt_table *t;

	(void)state;
	table(to, "p", two);
	t = table(to, "c", cols);
	t->obj.comment = "kids";
	obj(to, RT_OBJ_CONSTRAINT, sizeof(rt_obj), "c", "PRIMARY",
	    "PRIMARY KEY (`id`)");
	index_on(to, "c", "c_p", "INDEX `c_p` (`p`)", "p");
	rt_obj_add_dep(to,
		       obj(to, RT_OBJ_FOREIGN_KEY, sizeof(rt_obj), "c", "c_p",
			   "CONSTRAINT `c_p` FOREIGN KEY (`p`) REFERENCES "
			   "`p` (`id`) ON DELETE CASCADE ON UPDATE RESTRICT"),
		       &t->obj);
	table(from, "p", two);
	expect_sql(from, to,
		   "CREATE TABLE `c` (\n"
		   "  `id` int(11) NOT NULL AUTO_INCREMENT,\n"
		   "  `p` int(11) NULL,\n"
		   "  PRIMARY KEY (`id`),\n"
		   "  INDEX `c_p` (`p`)\n"
		   ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 "
		   "COLLATE=utf8mb4_general_ci COMMENT='kids';\n"
		   "ALTER TABLE `c`\n"
		   "  ADD CONSTRAINT `c_p` FOREIGN KEY (`p`) REFERENCES `p` "
		   "(`id`) ON DELETE CASCADE ON UPDATE RESTRICT;\n");
}

/* SHOW CREATE TABLE's clause as MariaDB and MySQL print it, in the
 * catalog's one form: no ENGINE per partition, whitespace collapsed,
 * quoted text (a comment naming PARTITION BY) left alone. */
static void test_mysql_partitioning_canonical(void **state)
{
	rt_buf b = RT_BUF_INIT;
	rt_mysql_parts *pp = malloc(sizeof(*pp));

	(void)state;
	assert_non_null(pp);
	rt_buf_init(&b);
	assert_int_equal(
	    rt_mysql_partitioning(
		&b, "CREATE TABLE `rc` (\n"
		    "  `a` varchar(10) DEFAULT NULL COMMENT 'x\\n PARTITION "
		    "BY HASH',\n  `b` int(11) DEFAULT NULL\n"
		    ") ENGINE=InnoDB DEFAULT CHARSET=latin1\n"
		    " PARTITION BY RANGE  COLUMNS(`a`,`b`)\n"
		    "(PARTITION `p0` VALUES LESS THAN ('m, n',5) ENGINE = "
		    "InnoDB,\n PARTITION `p1` VALUES LESS THAN "
		    "(MAXVALUE,MAXVALUE) ENGINE = InnoDB)"),
	    0);
	assert_string_equal(rt_buf_cstr(&b),
			    "PARTITION BY RANGE COLUMNS(`a`,`b`)\n"
			    "(PARTITION `p0` VALUES LESS THAN ('m, n',5),\n"
			    " PARTITION `p1` VALUES LESS THAN "
			    "(MAXVALUE,MAXVALUE))");
	assert_int_equal(rt_mysql_partitions_split(rt_buf_cstr(&b), pp), 0);
	assert_int_equal(pp->n, 2);
	assert_int_equal(pp->head_len, strlen("PARTITION BY RANGE "
					      "COLUMNS(`a`,`b`)"));
	assert_memory_equal(pp->item[1], "PARTITION `p1` VALUES LESS THAN "
					 "(MAXVALUE,MAXVALUE)",
			    pp->len[1]);
	/* MySQL: a versioned comment around the clause */
	assert_int_equal(
	    rt_mysql_partitioning(&b, "CREATE TABLE `h` (\n  `id` int NOT "
				      "NULL\n) ENGINE=InnoDB\n"
				      "/*!50100 PARTITION BY HASH (`id`)\n"
				      "PARTITIONS 3 */"),
	    0);
	assert_string_equal(rt_buf_cstr(&b),
			    "PARTITION BY HASH (`id`) PARTITIONS 3");
	assert_int_equal(rt_mysql_partitions_split(rt_buf_cstr(&b), pp), 0);
	assert_int_equal(pp->n, 0);
	/* none */
	assert_int_equal(rt_mysql_partitioning(&b, "CREATE TABLE `t` (\n  "
						    "`id` int\n) "
						    "ENGINE=InnoDB"),
			 0);
	assert_int_equal(b.len, 0);
	rt_buf_release(&b);
	free(pp);
}

static rt_table *parted(rt_catalog *c, const char *key)
{
	rt_table *t = table(c, "ev", two);

	t->options = "ENGINE=InnoDB";
	t->partition_key = key;
	return t;
}

#define RANGE2                                                              \
	"PARTITION BY RANGE (`id`)\n"                                       \
	"(PARTITION `p0` VALUES LESS THAN (10),\n"                          \
	" PARTITION `p1` VALUES LESS THAN (20)"

/* Appended partitions are ADD PARTITION, dropped ones DROP PARTITION
 * (after the table's other changes); anything else partitions the table
 * again; REMOVE PARTITIONING goes first. */
static void test_mysql_partition_changes(void **state)
{
	rt_catalog *from, *to;

	(void)state;
	from = cat_new(), to = cat_new();
	parted(from, RANGE2 ")");
	parted(to, RANGE2 ",\n PARTITION `p2` VALUES LESS THAN (30))");
	expect_sql(from, to,
		   "ALTER TABLE `ev` ADD PARTITION (PARTITION `p2` VALUES "
		   "LESS THAN (30));\n");
	from = cat_new(), to = cat_new();
	parted(from, RANGE2 ",\n PARTITION `p2` VALUES LESS THAN (30))");
	parted(to, "PARTITION BY RANGE (`id`)\n"
		   "(PARTITION `p1` VALUES LESS THAN (20))");
	expect_sql(from, to, "ALTER TABLE `ev` DROP PARTITION `p0`, `p2`;\n");
	/* a year before MAXVALUE: the last one is split */
	from = cat_new(), to = cat_new();
	parted(from, RANGE2 ",\n PARTITION `pmax` VALUES LESS THAN MAXVALUE)");
	parted(to, RANGE2 ",\n PARTITION `p2` VALUES LESS THAN (30),\n"
			  " PARTITION `pmax` VALUES LESS THAN MAXVALUE)");
	expect_sql(from, to,
		   "ALTER TABLE `ev` REORGANIZE PARTITION `pmax` INTO "
		   "(PARTITION `p2` VALUES LESS THAN (30),\n"
		   "  PARTITION `pmax` VALUES LESS THAN MAXVALUE);\n");
	from = cat_new(), to = cat_new();
	parted(from, RANGE2 ")");
	parted(to, "PARTITION BY HASH (`id`) PARTITIONS 4");
	expect_sql(from, to,
		   "ALTER TABLE `ev`\nPARTITION BY HASH (`id`) PARTITIONS 4;\n");
	from = cat_new(), to = cat_new();
	parted(from, RANGE2 ")");
	parted(to, NULL)->options = "ENGINE=MyISAM";
	expect_sql(from, to,
		   "ALTER TABLE `ev` REMOVE PARTITIONING;\n"
		   "ALTER TABLE `ev`\n  ENGINE=MyISAM;\n");
	/* a new table says its partitioning in CREATE TABLE */
	from = cat_new(), to = cat_new();
	parted(to, "PARTITION BY KEY (`id`) PARTITIONS 2");
	expect_sql(from, to,
		   "CREATE TABLE `ev` (\n  `id` int(11) NOT NULL,\n"
		   "  `a` int(11) NULL\n) ENGINE=InnoDB\n"
		   "PARTITION BY KEY (`id`) PARTITIONS 2;\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_mysql_quoting),
	    cmocka_unit_test(test_mysql_rename_tokens),
	    cmocka_unit_test(test_mysql_add_column_instant),
	    cmocka_unit_test(test_mysql_type_change_copies),
	    cmocka_unit_test(test_mysql_index_algorithms),
	    cmocka_unit_test(test_mysql_drop_fk_cycle),
	    cmocka_unit_test(test_mysql_create_table_with_keys),
	    cmocka_unit_test(test_mysql_partitioning_canonical),
	    cmocka_unit_test(test_mysql_partition_changes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
