/*
 * mysql_roundtrip.c: the MySQL diff corpus (tests/diff/mysql) on a real
 * MariaDB, before the retort binary speaks MySQL: the catalog loader,
 * the diff and the renderer of libretort, fed through libmariadb here.
 *
 *   RT_MYSQL_TEST=host:port:user:password mysql_roundtrip DIR [CASE...]
 *   RT_MYSQL_TEST=... mysql_roundtrip --load DATABASE  (the loader's time)
 *   RT_MYSQL_TEST=... mysql_roundtrip --dump DATABASE  (its catalog)
 *
 * Per case: databases rtrt_a (from.sql), rtrt_b (to.sql) and rtrt_c
 * (from.sql again). The diff a->b is rendered and run on a; a must then
 * read as b (no change left). The diff a->c is rendered and run on a; a
 * must then read as c. A case's `renames` (TABLE.OLD=NEW, OLD=NEW) are
 * the up step's decisions, reversed for the down step; its data.sql is
 * run on a first, and the columns a keeps must hold the same rows after
 * the up step. Without RT_MYSQL_TEST it exits 77 (skipped).
 * Output: one line per case, "ok" or "FAIL" with the reason and the SQL.
 */
#include "backend/backend.h"
#include "diff/diff.h"

#include <dirent.h>
#include <mysql.h>
#include <stdio.h>
#include <time.h>

struct rt_conn {
	MYSQL *m;
};

static int my_query(rt_conn *c, const char *sql, const char *const *params,
		    int nparams, rt_row_cb cb, void *payload)
{
	MYSQL_RES *res;
	MYSQL_ROW row;
	int error = 0;

	struct timespec t0, t1;

	RT_UNUSED(params);
	RT_UNUSED(nparams);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (mysql_query(c->m, sql))
		return rt_error_set(RT_ERROR_BACKEND, "%s", mysql_error(c->m));
	res = mysql_store_result(c->m);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (getenv("RT_SHOW_TIMES"))
		fprintf(stderr, "%8.1f ms  %.60s\n",
			(double)(t1.tv_sec - t0.tv_sec) * 1e3 +
			    (double)(t1.tv_nsec - t0.tv_nsec) / 1e6,
			sql);
	if (!res)
		return 0;
	while (!error && (row = mysql_fetch_row(res)))
		error = cb(payload, (int)mysql_num_fields(res),
			   (const char *const *)row);
	mysql_free_result(res);
	return error;
}

static rt_backend test_be;

static MYSQL *conn;
static const char *host, *user, *pass;
static unsigned port;

struct run_ctx {
	const char *sql;
	char *err;
	size_t errlen;
};

/* One statement of the splitter's: the server takes it alone. */
static int run_one(void *payload, size_t start, size_t len)
{
	struct run_ctx *x = payload;
	int status;

	if (mysql_real_query(conn, x->sql + start, (unsigned long)len)) {
		snprintf(x->err, x->errlen, "%s", mysql_error(conn));
		return -1;
	}
	do {
		MYSQL_RES *r = mysql_store_result(conn);

		if (r)
			mysql_free_result(r);
		if ((status = mysql_next_result(conn)) > 0) {
			snprintf(x->err, x->errlen, "%s", mysql_error(conn));
			return -1;
		}
	} while (status == 0);
	return 0;
}

/* SQL as retort runs it: split by the engine's splitter (which reads the
 * DELIMITER lines the renderer writes around compound triggers, as the
 * mariadb client does), one statement at a time. */
static int run_sql(const char *db, const char *sql, char *err, size_t errlen)
{
	struct run_ctx x = {sql, err, errlen};

	err[0] = '\0';
	if (db && mysql_select_db(conn, db)) {
		snprintf(err, errlen, "%s", mysql_error(conn));
		return -1;
	}
	if (rt_backend_mysql.split(sql, strlen(sql), run_one, &x) != 0) {
		if (!err[0] && rt_error_last()->message)
			snprintf(err, errlen, "%s", rt_error_last()->message);
		return -1;
	}
	return 0;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	rt_buf b = RT_BUF_INIT;
	char chunk[4096];
	size_t n;

	if (!f)
		return NULL;
	rt_buf_init(&b);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		rt_buf_put(&b, chunk, n);
	fclose(f);
	return rt_buf_detach(&b);
}

static int load(rt_catalog **out, const char *db)
{
	rt_db d;
	struct rt_conn c;
	char err[512];

	if (run_sql(db, "SELECT 1", err, sizeof(err)) < 0)
		return rt_error_set(RT_ERROR_BACKEND, "%s", err);
	memset(&d, 0, sizeof(d));
	c.m = conn;
	d.be = &test_be;
	d.conn = &c;
	return rt_catalog_load(out, &d);
}

/* The case's rename decisions (its `renames` file), for the up step;
 * the down step takes them reversed. */
static rt_rename renames[16];
static size_t nrenames;
static rt_arena rename_arena;

static void read_renames(const char *path)
{
	char *text = slurp(path), *line, *save = NULL;

	nrenames = 0;
	rt_arena_release(&rename_arena);
	rt_arena_init(&rename_arena);
	if (!text)
		return;
	for (line = strtok_r(text, "\n", &save); line && nrenames < 16;
	     line = strtok_r(NULL, "\n", &save))
		if (*line && rt_rename_parse(&renames[nrenames], &rename_arena,
					     line) == 0)
			nrenames++;
	free(text);
}

/* The SQL that turns database `a` into `b`; "" when none. */
static int diff_sql(rt_buf *sql, const char *a, const char *b, int reverse)
{
	rt_catalog *ca = NULL, *cb = NULL;
	rt_changes *ch = NULL;
	rt_diff_options opts;
	rt_rename rev[16];
	size_t i;
	int error;

	memset(&opts, 0, sizeof(opts));
	for (i = 0; i < nrenames; i++) {
		rev[i] = renames[i];
		if (reverse) {
			rev[i].from = renames[i].to;
			rev[i].to = renames[i].from;
			/* a column rename names the table as it is then */
			if (rev[i].table)
				for (size_t k = 0; k < nrenames; k++)
					if (!renames[k].table &&
					    !strcmp(renames[k].from,
						    rev[i].table))
						rev[i].table = renames[k].to;
		}
	}
	opts.renames = rev;
	opts.nrenames = nrenames;
	rt_buf_clear(sql);
	if ((error = load(&ca, a)) < 0 || (error = load(&cb, b)) < 0 ||
	    (error = rt_diff_catalogs(&ch, ca, cb, &opts)) < 0)
		goto done;
	error = rt_render_changes(sql, ch, ca, cb, NULL);
done:
	rt_changes_free(ch);
	rt_catalog_free(ca);
	rt_catalog_free(cb);
	return error;
}

static int reset_db(const char *db, const char *file, char *err, size_t n)
{
	char q[256];
	char *sql;
	int r;

	snprintf(q, sizeof(q), "DROP DATABASE IF EXISTS %s", db);
	if (run_sql(NULL, q, err, n) < 0)
		return -1;
	snprintf(q, sizeof(q),
		 "CREATE DATABASE %s CHARACTER SET utf8mb4 "
		 "COLLATE utf8mb4_general_ci",
		 db);
	if (run_sql(NULL, q, err, n) < 0)
		return -1;
	if (!(sql = slurp(file))) {
		snprintf(err, n, "cannot read %s", file);
		return -1;
	}
	r = run_sql(db, sql, err, n);
	free(sql);
	return r;
}

/* Every row of every table of `db`, in a stable order, as text: what a
 * case with data.sql compares before and after. Column names are left
 * out (a rename keeps the values); columns that come and go are
 * compared by the caller choosing the tables' common columns. */
static int rows_of(rt_buf *out, const char *db, const char *cols_of)
{
	char q[1024], err[512];
	MYSQL_RES *r, *t;
	MYSQL_ROW row, trow;

	rt_buf_clear(out);
	if (run_sql(db, "SELECT 1", err, sizeof(err)) < 0)
		return -1;
	snprintf(q, sizeof(q),
		 "SELECT c.TABLE_NAME, GROUP_CONCAT(CONCAT('`', c.COLUMN_NAME, "
		 "'`') ORDER BY c.COLUMN_NAME) FROM information_schema.COLUMNS "
		 "c JOIN information_schema.COLUMNS o ON o.TABLE_SCHEMA = '%s' "
		 "AND o.TABLE_NAME = c.TABLE_NAME AND o.COLUMN_NAME = "
		 "c.COLUMN_NAME JOIN information_schema.TABLES tt ON "
		 "tt.TABLE_SCHEMA = c.TABLE_SCHEMA AND tt.TABLE_NAME = "
		 "c.TABLE_NAME AND tt.TABLE_TYPE = 'BASE TABLE' "
		 "WHERE c.TABLE_SCHEMA = '%s' GROUP BY c.TABLE_NAME "
		 "ORDER BY c.TABLE_NAME",
		 cols_of, db);
	if (mysql_query(conn, q) || !(t = mysql_store_result(conn)))
		return -1;
	while ((trow = mysql_fetch_row(t))) {
		rt_buf sel = RT_BUF_INIT;

		rt_buf_init(&sel);
		rt_buf_printf(&sel, "SELECT %s FROM `%s` ORDER BY %s", trow[1],
			      trow[0], trow[1]);
		if (mysql_query(conn, rt_buf_cstr(&sel)) ||
		    !(r = mysql_store_result(conn))) {
			rt_buf_release(&sel);
			mysql_free_result(t);
			return -1;
		}
		rt_buf_printf(out, "%s:\n", trow[0]);
		while ((row = mysql_fetch_row(r))) {
			unsigned i;

			for (i = 0; i < mysql_num_fields(r); i++)
				rt_buf_printf(out, "%s|",
					      row[i] ? row[i] : "NULL");
			rt_buf_putc(out, '\n');
		}
		mysql_free_result(r);
		rt_buf_release(&sel);
	}
	mysql_free_result(t);
	return 0;
}

/* Apply `a` -> `b` on a; then a must equal b. */
static int step(const char *dir, const char *b, const char *what, int reverse)
{
	rt_buf sql = RT_BUF_INIT, left = RT_BUF_INIT;
	char err[1024];
	size_t nrenames_saved;
	int ok = 0, error;

	rt_buf_init(&sql);
	rt_buf_init(&left);
	if (diff_sql(&sql, "rtrt_a", b, reverse) < 0) {
		printf("FAIL %s %s: diff: %s\n", dir, what,
		       rt_error_last()->message);
		goto done;
	}
	if (sql.len &&
	    run_sql("rtrt_a", rt_buf_cstr(&sql), err, sizeof(err)) < 0) {
		printf("FAIL %s %s: the server refused: %s\n--\n%s--\n", dir,
		       what, err, rt_buf_cstr(&sql));
		goto done;
	}
	nrenames_saved = nrenames;
	nrenames = 0; /* a database equal to b needs no decision */
	error = diff_sql(&left, "rtrt_a", b, 0);
	nrenames = nrenames_saved;
	if (error < 0) {
		printf("FAIL %s %s: diff after: %s\n", dir, what,
		       rt_error_last()->message);
		goto done;
	}
	if (left.len) {
		printf(
		    "FAIL %s %s: changes left after\n--\n%s--\nleft:\n%s--\n",
		    dir, what, rt_buf_cstr(&sql), rt_buf_cstr(&left));
		goto done;
	}
	if (!sql.len) {
		printf("FAIL %s %s: no change found\n", dir, what);
		goto done;
	}
	if (getenv("RT_SHOW_SQL"))
		printf("-- %s %s\n%s", dir, what, rt_buf_cstr(&sql));
	ok = 1;
done:
	rt_buf_release(&sql);
	rt_buf_release(&left);
	return ok;
}

static int run_case(const char *root, const char *name)
{
	char from[4096], to[4096], err[1024], path[4096];
	rt_buf before = RT_BUF_INIT, after = RT_BUF_INIT;
	char *data;
	int ok = 0;

	snprintf(from, sizeof(from), "%s/%s/from.sql", root, name);
	snprintf(to, sizeof(to), "%s/%s/to.sql", root, name);
	if (reset_db("rtrt_a", from, err, sizeof(err)) < 0 ||
	    reset_db("rtrt_b", to, err, sizeof(err)) < 0 ||
	    reset_db("rtrt_c", from, err, sizeof(err)) < 0) {
		printf("FAIL %s: loading the case: %s\n", name, err);
		return 0;
	}
	snprintf(path, sizeof(path), "%s/%s/renames", root, name);
	read_renames(path);
	snprintf(path, sizeof(path), "%s/%s/data.sql", root, name);
	rt_buf_init(&before);
	rt_buf_init(&after);
	if ((data = slurp(path)) != NULL) {
		int r = run_sql("rtrt_a", data, err, sizeof(err));

		free(data);
		if (r < 0) {
			printf("FAIL %s: data.sql: %s\n", name, err);
			goto done;
		}
		/* without renames: the columns a and b share keep values */
		if (!nrenames && rows_of(&before, "rtrt_a", "rtrt_b") < 0)
			goto done;
	}
	if (!step(name, "rtrt_b", "up", 0))
		goto done;
	if (before.len) {
		/* the columns from and to share, read again */
		if (rows_of(&after, "rtrt_a", "rtrt_c") < 0)
			goto done;
		if (strcmp(rt_buf_cstr(&before), rt_buf_cstr(&after))) {
			printf("FAIL %s up: rows changed\nbefore:\n%s"
			       "after:\n%s",
			       name, rt_buf_cstr(&before), rt_buf_cstr(&after));
			goto done;
		}
	}
	if (!step(name, "rtrt_c", "down", 1))
		goto done;
	printf("ok %s\n", name);
	ok = 1;
done:
	rt_buf_release(&before);
	rt_buf_release(&after);
	return ok;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	const char *spec = getenv("RT_MYSQL_TEST");
	char *copy, *p;
	int i, pass_n = 0, total = 0;

	if (!spec || argc < 2) {
		fprintf(stderr, "mysql_roundtrip: RT_MYSQL_TEST unset, "
				"skipped\n");
		return 77;
	}
	copy = strdup(spec);
	host = copy;
	p = strchr(copy, ':');
	if (!p)
		return 2;
	*p++ = 0;
	port = (unsigned)atoi(p);
	user = (p = strchr(p, ':')) ? ++p : "root";
	pass = (p = strchr(p, ':')) ? ++p : "";
	if (p && p[-1] == ':')
		p[-1] = 0;
	test_be.name = "mysql";
	test_be.catalog = &rt_catalog_ops_mysql;
	test_be.diff = &rt_diff_dialect_mysql;
	test_be.render = &rt_render_ops_mysql;
	test_be.query = my_query;
	conn = mysql_init(NULL);
	if (!mysql_real_connect(conn, host, user, pass, NULL, port, NULL,
				CLIENT_MULTI_STATEMENTS)) {
		fprintf(stderr, "mysql_roundtrip: %s\n", mysql_error(conn));
		return 1;
	}
	mysql_query(conn, "SET SESSION sql_mode = 'STRICT_ALL_TABLES,"
			  "NO_ENGINE_SUBSTITUTION'");
	if (!strcmp(argv[1], "--dump") && argc == 3) {
		/* the catalog of database argv[2], one line per object and
		 * column: what the loader's golden test compares */
		rt_catalog *cat = NULL;
		size_t k, c;

		if (load(&cat, argv[2]) < 0) {
			fprintf(stderr, "%s\n", rt_error_last()->message);
			return 1;
		}
		for (k = 0; k < cat->nobjs; k++) {
			const rt_obj *o = cat->objs[k];

			printf("%s %s%s%s: %s\n", rt_obj_kind_name(o->kind),
			       o->table ? o->table : "", o->table ? "." : "",
			       o->name, o->definition ? o->definition : "");
			if (o->kind == RT_OBJ_TABLE) {
				const rt_table *t = (const rt_table *)o;

				printf("  options: %s\n",
				       t->options ? t->options : "");
				if (o->comment)
					printf("  comment: %s\n", o->comment);
				for (c = 0; c < t->ncolumns; c++)
					printf("  column %s\n",
					       t->columns[c].definition);
			}
			for (c = 0; c < o->ndeps; c++)
				printf("  needs %s %s\n",
				       rt_obj_kind_name(o->deps[c]->kind),
				       o->deps[c]->name);
		}
		rt_catalog_free(cat);
		total = pass_n = 0;
	} else if (!strcmp(argv[1], "--load") && argc == 3) {
		/* the loader's time on database argv[2] */
		struct timespec t0, t1;
		rt_catalog *cat = NULL;

		clock_gettime(CLOCK_MONOTONIC, &t0);
		if (load(&cat, argv[2]) < 0) {
			fprintf(stderr, "%s\n", rt_error_last()->message);
			return 1;
		}
		clock_gettime(CLOCK_MONOTONIC, &t1);
		printf("%zu objects in %.1f ms\n", cat->nobjs,
		       (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
			   (double)(t1.tv_nsec - t0.tv_nsec) / 1e6);
		rt_catalog_free(cat);
		total = pass_n = 0;
	} else if (argc > 2) {
		for (i = 2; i < argc; i++, total++)
			pass_n += run_case(argv[1], argv[i]);
	} else {
		DIR *d = opendir(argv[1]);
		struct dirent *e;
		char **names = NULL;
		size_t n = 0, k;

		if (!d)
			return 2;
		while ((e = readdir(d)))
			if (e->d_name[0] != '.') {
				names =
				    realloc(names, (n + 1) * sizeof(*names));
				names[n++] = strdup(e->d_name);
			}
		closedir(d);
		qsort(names, n, sizeof(*names), name_cmp);
		for (k = 0; k < n; k++, total++) {
			pass_n += run_case(argv[1], names[k]);
			free(names[k]);
		}
		free(names);
	}
	printf("%d/%d cases pass both ways\n", pass_n, total);
	mysql_close(conn);
	free(copy);
	return pass_n == total ? 0 : 1;
}
