/*
 * test_lint.c: the lint analysers and driver. The rule cases are data
 * (tests/lint/DIALECT/RULE/{trigger,safe}): every rule of every dialect
 * must have one, the trigger must raise the rule, the safe twin must not
 * (nor any error). The rest: positions, suppression, exemptions, the
 * catalog (SQLite in memory), formats and the upgrade verdict.
 */
#include "migration/migration.h"
#include "test.h"
#include "util/fs.h"

#include <dirent.h>
#include <libgen.h>

/* ---- helpers ---------------------------------------------------------- */

static char *tmp;

static int setup(void **state)
{
	(void)state;
	tmp = test_tmpdir();
	return tmp ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	test_rmtree(tmp);
	free(tmp);
	return 0;
}

/* Lint texts as files 1.sql, 2.sql ... of a fresh directory. */
static rt_lint_report *lint_texts(const char *dialect, const char *const *texts,
				  size_t n, const rt_lint_options *base)
{
	rt_lint_options o = RT_LINT_OPTIONS_INIT;
	rt_lint_report *r = NULL;
	char *paths[8], name[32];
	size_t i;
	int error;

	if (base)
		o = *base;
	o.dialect = dialect;
	assert_true(n <= 8);
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "%zu.sql", i + 1);
		test_write(tmp, name, texts[i]);
		paths[i] = rt_fs_join(tmp, name);
	}
	error = rt_lint_files(&r, (const char *const *)paths, n, &o);
	if (error < 0)
		fail_msg("lint failed: %s", rt_error_last()->message);
	for (i = 0; i < n; i++)
		free(paths[i]);
	return r;
}

static rt_lint_report *lint1(const char *dialect, const char *text)
{
	return lint_texts(dialect, &text, 1, NULL);
}

/* The first finding of `rule` (counted or not), or NULL. */
static const rt_lint_finding *find(const rt_lint_report *r, const char *rule)
{
	size_t i;

	for (i = 0; i < r->count; i++)
		if (!strcmp(r->findings[i].rule->id, rule))
			return &r->findings[i];
	return NULL;
}

static size_t count_active(const rt_lint_report *r, const char *rule)
{
	size_t i, n = 0;

	for (i = 0; i < r->count; i++)
		if (!strcmp(r->findings[i].rule->id, rule) &&
		    !r->findings[i].suppressed)
			n++;
	return n;
}

/* ---- the data cases --------------------------------------------------- */

/* tests/lint, found from this file's path (meson compiles it by a path
 * relative to the build directory; tests run one level further down). */
static const char *cases_root(void)
{
	static char root[1024];
	const char *env = getenv("RT_LINT_CASES");
	char src[1024], *dir;
	const char *prefixes[] = {"", "../", "../../"};
	size_t i;

	if (env)
		return env;
	snprintf(src, sizeof(src), "%s", __FILE__);
	dir = dirname(src);
	for (i = 0; i < RT_ARRAY_SIZE(prefixes); i++) {
		snprintf(root, sizeof(root), "%s%s/../lint",
			 dir[0] == '/' ? "" : prefixes[i], dir);
		if (rt_fs_is_dir(root))
			return root;
	}
	/* run from the source tree's root */
	if (!strncmp(dir, "../", 3)) {
		snprintf(root, sizeof(root), "%s/../lint", dir + 3);
		if (rt_fs_is_dir(root))
			return root;
	}
	fail_msg("tests/lint not found from %s", __FILE__);
	return NULL;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The files of a case: base.sql, or base/ *.sql in name order. */
static size_t case_files(char **paths, size_t max, const char *base)
{
	char p[1200];
	DIR *d;
	struct dirent *e;
	size_t n = 0;

	snprintf(p, sizeof(p), "%s.sql", base);
	if (rt_fs_exists(p)) {
		paths[0] = strdup(p);
		return 1;
	}
	if (!(d = opendir(base)))
		return 0;
	while ((e = readdir(d)) && n < max) {
		size_t l = strlen(e->d_name);

		if (l > 4 && !strcmp(e->d_name + l - 4, ".sql")) {
			snprintf(p, sizeof(p), "%s/%s", base, e->d_name);
			paths[n++] = strdup(p);
		}
	}
	closedir(d);
	qsort(paths, n, sizeof(*paths), cmp_str);
	return n;
}

/* Lint one case; 0 when it behaves, else a message in `why`. */
static int run_case(rt_buf *why, const char *dialect, const char *rule,
		    const char *base, int trigger)
{
	rt_lint_options o = RT_LINT_OPTIONS_INIT;
	rt_lint_report *r = NULL;
	char *paths[16];
	size_t n, i;
	int bad = 0;

	n = case_files(paths, 16, base);
	if (!n) {
		rt_buf_printf(why, "%s/%s: no %s case\n", dialect, rule,
			      trigger ? "trigger" : "safe");
		return 1;
	}
	o.dialect = dialect;
	if (rt_lint_files(&r, (const char *const *)paths, n, &o) < 0) {
		rt_buf_printf(why, "%s: lint failed: %s\n", base,
			      rt_error_last()->message);
		bad = 1;
	} else if (trigger && !count_active(r, rule)) {
		rt_buf_printf(why, "%s: does not raise %s\n", base, rule);
		bad = 1;
	} else if (!trigger && (count_active(r, rule) || r->nerrors)) {
		rt_buf_printf(why, "%s: the safe twin raises %s\n", base,
			      count_active(r, rule) ? rule
			      : r->nerrors	    ? "an error"
						    : "?");
		for (i = 0; i < r->count; i++)
			if (!r->findings[i].suppressed)
				rt_buf_printf(why, "    %s: %s\n",
					      r->findings[i].rule->id,
					      r->findings[i].message);
		bad = 1;
	}
	rt_lint_report_free(r);
	for (i = 0; i < n; i++)
		free(paths[i]);
	return bad;
}

static void test_lint_rule_cases(void **state)
{
	const char *dialects[] = {"postgres", "sqlite", "mysql"};
	const rt_lint_rule *rules;
	rt_buf why = RT_BUF_INIT;
	size_t n, i, d, ran = 0;
	char base[1200];

	(void)state;
	rt_buf_init(&why);
	rules = rt_lint_rules(&n);
	for (d = 0; d < RT_ARRAY_SIZE(dialects); d++) {
		for (i = 0; i < n; i++) {
			if (!strstr(rules[i].dialects, dialects[d]))
				continue;
			/* SQLite statements are classified, never parsed:
			 * nothing is left unparsed */
			if (!strcmp(rules[i].id, "unparsed-statement") &&
			    !strcmp(dialects[d], "sqlite"))
				continue;
			/* fires only when a database's catalog shows
			 * standbys: tests/e2e/t9003-replicas.sh has both
			 * sides, with a replica and without */
			if (!strcmp(rules[i].id, "standby-conflict"))
				continue;
			snprintf(base, sizeof(base), "%s/%s/%s/trigger",
				 cases_root(), dialects[d], rules[i].id);
			run_case(&why, dialects[d], rules[i].id, base, 1);
			snprintf(base, sizeof(base), "%s/%s/%s/safe",
				 cases_root(), dialects[d], rules[i].id);
			run_case(&why, dialects[d], rules[i].id, base, 0);
			ran += 2;
		}
	}
	if (why.len)
		fail_msg("%s", why.ptr);
	assert_true(ran > 60);
	rt_buf_release(&why);
}

/* A rule's dialects are the engines whose lint ops list it, by name in
 * alphabetical order; a dialect no engine has is refused. */
static void test_lint_rule_dialects(void **state)
{
	rt_lint_options o = RT_LINT_OPTIONS_INIT;
	rt_lint_report *r = NULL;

	(void)state;
	assert_string_equal(rt_lint_rule_get("drop-table")->dialects,
			    "mysql,postgres,sqlite");
	assert_string_equal(rt_lint_rule_get("set-not-null")->dialects,
			    "mysql,postgres");
	assert_string_equal(rt_lint_rule_get("blocking-alter")->dialects,
			    "mysql");
	assert_string_equal(rt_lint_rule_get("table-rebuild")->dialects,
			    "sqlite");
	o.dialect = "postgresql"; /* an alias of the engine's */
	assert_int_equal(rt_lint_sql(&r, "x", "SELECT 1;", 1, &o), 0);
	assert_string_equal(r->dialect, "postgres");
	rt_lint_report_free(r);
	o.dialect = "oracle";
	assert_true(rt_lint_sql(&r, "x", "SELECT 1;", 1, &o) < 0);
	assert_null(r);
	assert_non_null(
	    strstr(rt_error_last()->message, "no dialect 'oracle'"));
}

/* ---- positions and text ---------------------------------------------- */

static void test_lint_positions(void **state)
{
	rt_lint_report *r;
	const rt_lint_finding *f;

	(void)state;
	r = lint1("postgres",
		  "-- retort:up\n"
		  "SET lock_timeout = '1s';\n"
		  "ALTER TABLE accounts\n"
		  "  ADD COLUMN token uuid DEFAULT gen_random_uuid();\n"
		  "ALTER TABLE accounts ALTER COLUMN email SET NOT "
		  "NULL;\n");
	f = find(r, "add-column-volatile-default");
	assert_non_null(f);
	assert_int_equal(f->line, 4);
	assert_int_equal(f->column, 33);
	assert_string_equal(
	    f->source_line,
	    "  ADD COLUMN token uuid DEFAULT gen_random_uuid();");
	assert_string_equal(f->table, "accounts");
	assert_non_null(strstr(f->message, "gen_random_uuid"));
	assert_non_null(f->safe_sql);
	assert_non_null(strstr(f->safe_sql, "ALTER TABLE accounts ADD COLUMN "
					    "token uuid;"));
	assert_non_null(strstr(f->safe_sql, "SET DEFAULT gen_random_uuid()"));
	f = find(r, "set-not-null");
	assert_non_null(f);
	assert_int_equal(f->line, 5);
	assert_int_equal(f->column, 35); /* "email" */
	assert_non_null(strstr(f->safe_sql, "NOT VALID"));
	assert_non_null(strstr(f->safe_sql, "VALIDATE CONSTRAINT"));
	assert_null(find(r, "missing-lock-timeout"));
	assert_int_equal(r->nerrors, 2);
	assert_int_equal(r->nstatements, 3);
	rt_lint_report_free(r);
}

static void test_lint_safe_sql_is_deparsed(void **state)
{
	rt_lint_report *r;
	const rt_lint_finding *f;

	(void)state;
	r = lint1("postgres",
		  "-- retort:up\n"
		  "CREATE UNIQUE INDEX accounts_email_idx ON accounts "
		  "(lower(email)) WHERE deleted_at IS NULL;\n"
		  "ALTER TABLE accounts ADD CONSTRAINT fk FOREIGN KEY "
		  "(owner_id) REFERENCES users (id) ON DELETE CASCADE;\n");
	f = find(r, "create-index-non-concurrently");
	assert_non_null(f);
	assert_non_null(strstr(f->safe_sql, "transaction=false"));
	assert_non_null(strstr(f->safe_sql, "CREATE UNIQUE INDEX CONCURRENTLY "
					    "accounts_email_idx ON accounts"));
	assert_non_null(strstr(f->safe_sql, "WHERE deleted_at IS NULL"));
	f = find(r, "add-foreign-key-validated");
	assert_non_null(f);
	assert_non_null(strstr(f->safe_sql, "NOT VALID"));
	assert_non_null(strstr(f->safe_sql, "ON DELETE CASCADE"));
	assert_non_null(strstr(f->safe_sql, "VALIDATE CONSTRAINT fk"));
	/* retort runs the migration under its own lock_timeout */
	assert_null(find(r, "missing-lock-timeout"));
	rt_lint_report_free(r);
}

/* ---- exemptions ------------------------------------------------------ */

static void test_lint_new_table_is_exempt(void **state)
{
	rt_lint_report *r;

	(void)state;
	r = lint1("postgres", "-- retort:up\n"
			      "CREATE TABLE t (id bigint, email text);\n"
			      "CREATE INDEX t_email ON t (email);\n"
			      "ALTER TABLE t ALTER COLUMN email SET NOT NULL;\n"
			      "ALTER TABLE t ADD COLUMN x int NOT NULL;\n"
			      "ALTER TABLE t RENAME COLUMN email TO mail;\n"
			      "UPDATE t SET x = 1;\n"
			      "DROP INDEX t_email;\n"
			      "ALTER TABLE t RENAME TO t2;\n"
			      "ALTER TABLE t2 DROP COLUMN x;\n");
	assert_int_equal(r->count, 0);
	rt_lint_report_free(r);
}

static void test_lint_same_run(void **state)
{
	const char *texts[] = {
	    "-- retort:up\nCREATE TABLE t (id bigint, email text);\n",
	    "-- retort:up\nSET lock_timeout = '1s';\n"
	    "CREATE INDEX t_email ON t (email);\n",
	};
	rt_lint_options o = RT_LINT_OPTIONS_INIT;
	const char *created[] = {"accounts"};
	rt_lint_report *r;

	(void)state;
	/* linted as history: the table may be old and busy by then */
	r = lint_texts("postgres", texts, 2, NULL);
	assert_int_equal(count_active(r, "create-index-non-concurrently"), 1);
	rt_lint_report_free(r);
	/* one run (upgrade): nobody can use t yet */
	o.same_run = 1;
	r = lint_texts("postgres", texts, 2, &o);
	assert_int_equal(r->count, 0);
	rt_lint_report_free(r);
	/* created before the first migration given */
	o.same_run = 0;
	o.created = created;
	o.ncreated = 1;
	r = lint1("postgres", "-- retort:up\nDROP TABLE accounts;\n");
	assert_int_equal(count_active(r, "drop-table"), 1);
	rt_lint_report_free(r);
	texts[0] = "-- retort:up\nDROP TABLE accounts;\n";
	r = lint_texts("postgres", texts, 1, &o);
	assert_int_equal(r->count, 0);
	rt_lint_report_free(r);
}

/* Building a database from base (CI, a new environment): every object is
 * new to the run, so no lock or compatibility rule refuses it. */
static void test_lint_fresh_build_is_never_refused(void **state)
{
	const char *texts[] = {
	    "-- retort:up\nCREATE SCHEMA app;\n"
	    "CREATE TABLE app.t (id bigint PRIMARY KEY, email text);\n"
	    "CREATE TYPE mood AS ENUM ('a', 'b', 'c');\n",
	    "-- retort:up\nALTER TABLE app.t ALTER COLUMN email SET NOT "
	    "NULL;\nCREATE INDEX t_email ON app.t (email);\n"
	    "ALTER TYPE mood RENAME VALUE 'a' TO 'z';\n",
	    "-- retort:up\nALTER TYPE mood RENAME TO mood_old;\n"
	    "CREATE TYPE mood AS ENUM ('c', 'b');\n"
	    "ALTER TABLE app.t ADD COLUMN m mood NOT NULL;\n"
	    "ALTER TABLE app.t RENAME TO u;\nDROP TABLE app.u;\n"
	    "DROP SCHEMA app CASCADE;\n",
	};
	rt_lint_options o = RT_LINT_OPTIONS_INIT;
	rt_lint_report *r;

	(void)state;
	o.same_run = 1;
	r = lint_texts("postgres", texts, 3, &o);
	if (r->nerrors)
		fail_msg("refused: %s", r->findings[0].message);
	rt_lint_report_free(r);
	/* as history, the later migrations change what is in use */
	r = lint_texts("postgres", texts, 3, NULL);
	assert_true(count_active(r, "set-not-null") == 1);
	assert_true(count_active(r, "rename-enum-value") == 1);
	assert_true(count_active(r, "enum-value-removed") == 1);
	assert_true(count_active(r, "drop-schema") == 1);
	rt_lint_report_free(r);
}

/* ---- suppression ------------------------------------------------------ */

static void test_lint_ignore_directives(void **state)
{
	rt_lint_report *r;
	const rt_lint_finding *f;
	size_t i, suppressed = 0;

	(void)state;
	r = lint1("postgres",
		  "-- retort:lint-ignore rename-table the view covers it\n"
		  "-- retort:up\n"
		  "SET lock_timeout = '1s';\n"
		  "ALTER TABLE a RENAME TO b;\n"
		  "-- retort:lint-ignore drop-column,set-not-null checked in "
		  "staging\n"
		  "ALTER TABLE c DROP COLUMN x;\n"
		  "ALTER TABLE d DROP COLUMN y;\n"
		  "ALTER TABLE e\n"
		  "  -- retort:lint-ignore set-not-null inside the statement\n"
		  "  ALTER COLUMN z SET NOT NULL;\n"
		  "-- retort:lint-ignore no-such-rule oops\n"
		  "SELECT 1;\n");
	for (i = 0; i < r->count; i++)
		if (r->findings[i].suppressed)
			suppressed++;
	assert_int_equal(suppressed, 3);
	f = find(r, "rename-table");
	assert_non_null(f);
	assert_string_equal(f->suppressed, "lint-ignore: the view covers it");
	f = find(r, "drop-column");
	assert_string_equal(f->suppressed, "lint-ignore: checked in staging");
	/* the second drop is another statement */
	assert_int_equal(count_active(r, "drop-column"), 1);
	assert_int_equal(count_active(r, "set-not-null"), 0);
	f = find(r, "unknown-lint-rule");
	assert_non_null(f);
	assert_int_equal(f->line, 11);
	assert_non_null(strstr(f->message, "no-such-rule"));
	assert_int_equal(r->nerrors, 1);
	assert_int_equal(r->nsuppressed, 3);
	rt_lint_report_free(r);
}

static void test_lint_directives_recorded(void **state)
{
	rt_arena a = RT_ARENA_INIT;
	rt_migration *m = NULL;
	const char *text = "-- retort:lint-ignore drop-table,drop-column "
			   "because  \n"
			   "-- retort:up\n"
			   "-- retort:lint-ignore set-not-null\n"
			   "SELECT 1;\n"
			   "-- retort:down\n"
			   "-- retort:lint-ignore drop-table x\n";

	(void)state;
	rt_arena_init(&a);
	assert_int_equal(rt_migration_parse(&m, &a, "m/20260101000000_x.sql",
					    "20260101000000_x", text,
					    strlen(text)),
			 0);
	assert_int_equal(m->nlint_ignores, 4);
	assert_string_equal(m->lint_ignores[0].rule, "drop-table");
	assert_string_equal(m->lint_ignores[1].rule, "drop-column");
	assert_string_equal(m->lint_ignores[1].reason, "because");
	assert_int_equal(m->lint_ignores[1].scope, RT_LINT_SCOPE_FILE);
	assert_int_equal(m->lint_ignores[2].scope, RT_LINT_SCOPE_UP);
	assert_int_equal(m->lint_ignores[2].line, 3);
	assert_string_equal(m->lint_ignores[2].reason, "");
	assert_int_equal(m->lint_ignores[3].scope, RT_LINT_SCOPE_DOWN);
	/* the directive stays in the SQL: to the server, a comment */
	assert_non_null(strstr(m->up.steps[0].sql, "lint-ignore"));
	text = "-- retort:up\n-- retort:lint-ignore\nSELECT 1;\n";
	assert_int_equal(rt_migration_parse(&m, &a, "m/20260101000000_x.sql",
					    "20260101000000_x", text,
					    strlen(text)),
			 RT_ERROR);
	assert_error_contains("names no rule");
	rt_arena_release(&a);
}

static void test_lint_conf_ignore(void **state)
{
	rt_lint_options o = RT_LINT_OPTIONS_INIT;
	const char *ignore[] = {"drop-column"}, *bad[] = {"drop-colum"};
	const char *text = "-- retort:up\nALTER TABLE c DROP COLUMN x;\n";
	rt_lint_report *r = NULL;
	char *path;

	(void)state;
	o.ignore = ignore;
	o.nignore = 1;
	r = lint_texts("sqlite", &text, 1, &o);
	assert_string_equal(find(r, "drop-column")->suppressed,
			    "retort.conf lint_ignore");
	assert_int_equal(r->nerrors, 0);
	rt_lint_report_free(r);
	o.ignore = bad;
	o.dialect = "sqlite";
	path = rt_fs_join(tmp, "1.sql");
	assert_int_equal(rt_lint_files(&r, (const char *const *)&path, 1, &o),
			 RT_EUSAGE);
	assert_error_contains("unknown rule 'drop-colum'");
	assert_null(r);
	free(path);
}

/* ---- transactions ------------------------------------------------------ */

static void test_lint_backfill(void **state)
{
	rt_lint_report *r;
	const rt_lint_finding *f;

	(void)state;
	/* the UPDATE before the DDL holds its row locks as long */
	r = lint1("postgres", "-- retort:up\n"
			      "SET lock_timeout = '1s';\n"
			      "UPDATE accounts SET plan = 'free';\n"
			      "ALTER TABLE accounts ADD COLUMN note text;\n"
			      "UPDATE accounts SET note = '' WHERE id < 10;\n");
	f = find(r, "backfill-in-ddl-transaction");
	assert_non_null(f);
	assert_int_equal(f->line, 3);
	assert_int_equal(count_active(r, "backfill-in-ddl-transaction"), 1);
	rt_lint_report_free(r);
	/* a WHERE that bounds no key still updates every row that has a
	 * value (Unleash 20250612070900), or every row of a column just
	 * added: a backfill as much as none; the fix-up of an older
	 * column's NULLs before SET NOT NULL is not */
	r = lint1("postgres",
		  "-- retort:up\n"
		  "SET lock_timeout = '1s';\n"
		  "ALTER TABLE users ADD COLUMN email_hash text;\n"
		  "UPDATE users SET email_hash = md5(email) WHERE email IS "
		  "NOT NULL;\n"
		  "UPDATE users SET email_hash = '' WHERE email_hash IS "
		  "NULL;\n"
		  "UPDATE users SET email_hash = '' WHERE id < 10 OR email "
		  "IS NOT NULL;\n"
		  "UPDATE users SET email_hash = '' WHERE id BETWEEN 1 AND "
		  "1000 AND email IS NOT NULL;\n"
		  "UPDATE users SET plan = 'free' WHERE plan IS NULL;\n");
	assert_int_equal(count_active(r, "backfill-in-ddl-transaction"), 3);
	assert_int_equal(find(r, "backfill-in-ddl-transaction")->line, 4);
	rt_lint_report_free(r);
	/* without DDL, an UPDATE is the application's business */
	r = lint1("postgres",
		  "-- retort:up\nUPDATE accounts SET plan = 'x';\n");
	assert_int_equal(r->count, 0);
	rt_lint_report_free(r);
}

static void test_lint_plain_files(void **state)
{
	rt_lint_report *r;

	(void)state;
	/* psql runs a plain file statement by statement: CONCURRENTLY is
	 * fine, an explicit transaction is what holds locks */
	r = lint1("postgres",
		  "-- retort:lint-ignore missing-lock-timeout set by the "
		  "deploy tool\n"
		  "CREATE INDEX CONCURRENTLY i ON accounts (email);\n"
		  "BEGIN;\n"
		  "ALTER TABLE accounts ADD COLUMN plan text;\n"
		  "UPDATE accounts SET plan = 'free';\n"
		  "COMMIT;\n"
		  "UPDATE accounts SET plan = 'pro';\n");
	assert_null(find(r, "concurrently-in-transaction"));
	assert_null(find(r, "transaction-control"));
	assert_int_equal(count_active(r, "backfill-in-ddl-transaction"), 1);
	assert_non_null(find(r, "missing-lock-timeout")->suppressed);
	assert_int_equal(find(r, "backfill-in-ddl-transaction")->line, 5);
	rt_lint_report_free(r);
}

static void test_lint_unparsed_statement_spares_the_rest(void **state)
{
	rt_lint_report *r;
	const rt_lint_finding *f;

	(void)state;
	r = lint1("postgres", "-- retort:up\n"
			      "SET lock_timeout = '1s';\n"
			      "ALTER TABLE accounts FROBNICATE;\n"
			      "DROP TABLE accounts;\n");
	f = find(r, "unparsed-statement");
	assert_non_null(f);
	assert_int_equal(f->line, 3);
	assert_int_equal(f->severity, RT_LINT_WARNING);
	assert_int_equal(count_active(r, "drop-table"), 1);
	rt_lint_report_free(r);
}

/* ---- enums -------------------------------------------------------------- */

static void test_lint_enums(void **state)
{
	const char *texts[] = {
	    "-- retort:up\nCREATE TYPE mood AS ENUM ('a', 'b', 'c');\n",
	    "-- retort:up\nALTER TYPE mood ADD VALUE 'z' BEFORE 'a';\n",
	    "-- retort:up\nALTER TYPE mood RENAME TO mood_old;\n"
	    "CREATE TYPE mood AS ENUM ('a', 'b', 'c');\n",
	};
	rt_lint_report *r;
	const rt_lint_finding *f;

	(void)state;
	r = lint_texts("postgres", texts, 3, NULL);
	f = find(r, "enum-value-removed");
	assert_non_null(f);
	assert_non_null(strstr(f->message, "'z'"));
	rt_lint_report_free(r);
	/* with no history, unsure: a warning */
	r = lint_texts("postgres", texts + 2, 1, NULL);
	f = find(r, "enum-value-removed");
	assert_non_null(f);
	assert_int_equal(f->severity, RT_LINT_WARNING);
	rt_lint_report_free(r);
}

/* ---- SQLite -------------------------------------------------------------- */

static void test_lint_sqlite_rebuild(void **state)
{
	rt_lint_report *r;
	const rt_lint_finding *f;

	(void)state;
	r = lint1("sqlite",
		  "-- retort:up\n"
		  "CREATE TABLE \"new_Cat\" (id integer, name text);\n"
		  "INSERT INTO \"new_Cat\" SELECT id, name FROM cat;\n"
		  "DROP TABLE [cat];\n"
		  "ALTER TABLE \"new_Cat\" RENAME TO cat;\n"
		  "CREATE INDEX cat_name ON cat (name);\n");
	f = find(r, "table-rebuild");
	assert_non_null(f);
	assert_int_equal(f->line, 4);
	assert_int_equal(f->severity, RT_LINT_WARNING);
	assert_null(find(r, "drop-table"));
	assert_int_equal(r->nerrors, 0);
	rt_lint_report_free(r);
}

/* SQLite's block comments do not nest: a comment holding a second
 * opening is closed by the first closing, and the DROP COLUMN after it
 * was hidden from lint (read as nested, the comment ran to the end of the
 * statement). */
static void test_lint_sqlite_comments_do_not_nest(void **state)
{
	rt_lint_report *r;

	(void)state;
	r = lint1("sqlite", "-- retort:up\n"
			    "ALTER TABLE cat /* a /* b */ DROP COLUMN name;\n");
	assert_non_null(find(r, "drop-column"));
	rt_lint_report_free(r);
}

static void test_lint_sqlite_catalog(void **state)
{
	rt_lint_options o = RT_LINT_OPTIONS_INIT;
	const char *text = "-- retort:up\n"
			   "ALTER TABLE small DROP COLUMN b;\n"
			   "ALTER TABLE missing DROP COLUMN b;\n"
			   "ALTER TABLE big DROP COLUMN b;\n";
	rt_lint_report *r;
	rt_db *db = NULL;
	size_t i;

	(void)state;
	assert_int_equal(rt_db_open(&db, "sqlite::memory:", NULL), 0);
	assert_int_equal(
	    rt_db_exec(db, "CREATE TABLE small (a, b);"
			   "INSERT INTO small VALUES (1, 2);"
			   "CREATE TABLE big (a, b);"
			   "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL "
			   "SELECT i + 1 FROM n WHERE i < 12000) "
			   "INSERT INTO big SELECT i, i FROM n;"),
	    0);
	o.db = db;
	r = lint_texts("sqlite", &text, 1, &o);
	assert_int_equal(r->catalog, 1);
	/* a table the database lacks: nothing can be using it */
	assert_int_equal(count_active(r, "drop-column"), 2);
	assert_int_equal(r->ntables, 3);
	for (i = 0; i < r->ntables; i++) {
		const rt_lint_table *t = &r->tables[i];

		if (!strcmp(t->name, "small")) {
			assert_true(t->exists && t->small);
			assert_true(t->rows == 1);
		} else if (!strcmp(t->name, "big")) {
			assert_true(t->exists && !t->small);
			assert_true(t->rows > 10000);
		} else {
			assert_string_equal(t->name, "missing");
			assert_false(t->exists);
		}
	}
	rt_lint_report_free(r);
	/* SQLite refuses a non-constant default only on a table with rows */
	assert_int_equal(rt_db_exec(db, "CREATE TABLE empty (a);"), 0);
	text = "-- retort:up\n"
	       "ALTER TABLE empty ADD COLUMN c DEFAULT CURRENT_TIMESTAMP;\n"
	       "ALTER TABLE small ADD COLUMN c DEFAULT (upper('x'));\n"
	       "ALTER TABLE small ADD COLUMN d DEFAULT (1 + 1);\n";
	r = lint_texts("sqlite", &text, 1, &o);
	assert_int_equal(r->count, 2);
	assert_non_null(strstr(r->findings[0].suppressed, "is empty"));
	assert_null(r->findings[1].suppressed);
	assert_int_equal(r->findings[1].line, 3);
	rt_lint_report_free(r);
	rt_db_close(db);
}

/* ---- output and verdict ----------------------------------------------------
 */

static void test_lint_formats(void **state)
{
	rt_lint_report *r;
	rt_buf b = RT_BUF_INIT;

	(void)state;
	r = lint1("postgres", "-- retort:up\n"
			      "SET lock_timeout = '1s';\n"
			      "ALTER TABLE \"Weird, Name\" DROP COLUMN x;\n");
	rt_buf_init(&b);
	assert_int_equal(rt_lint_format_report(&b, r, RT_LINT_FORMAT_TEXT, 0),
			 0);
	assert_non_null(strstr(b.ptr, ":3:"));
	assert_non_null(strstr(b.ptr, "error [drop-column]"));
	assert_non_null(strstr(b.ptr, " 3 | ALTER TABLE \"Weird, Name\""));
	assert_non_null(strstr(b.ptr, "what happens:"));
	assert_non_null(strstr(b.ptr, "1 error, 0 warnings"));
	rt_buf_clear(&b);
	assert_int_equal(rt_lint_format_report(&b, r, RT_LINT_FORMAT_JSON, 0),
			 0);
	assert_non_null(strstr(b.ptr, "\"rule\": \"drop-column\""));
	assert_non_null(strstr(b.ptr, "\"table\": \"\\\"Weird, Name\\\"\""));
	assert_non_null(strstr(b.ptr, "\"errors\": 1"));
	rt_buf_clear(&b);
	assert_int_equal(rt_lint_format_report(&b, r, RT_LINT_FORMAT_GITHUB, 0),
			 0);
	assert_non_null(strstr(b.ptr, "::error file="));
	assert_non_null(strstr(b.ptr, ",line=3,col="));
	assert_non_null(strstr(b.ptr, "title=retort lint%3A drop-column::"));
	assert_non_null(strstr(b.ptr, "%0A%0AWhat happens: "));
	assert_null(strstr(strchr(b.ptr, ':') + 2, "\n\n"));
	rt_buf_release(&b);
	rt_lint_report_free(r);
}

static void test_lint_check_verdict(void **state)
{
	rt_lint_report *r;

	(void)state;
	r = lint1("postgres", "-- retort:up\n"
			      "CREATE TABLE t (id serial PRIMARY KEY);\n");
	assert_int_equal(r->nerrors, 0);
	assert_true(r->nwarnings >= 2);
	assert_int_equal(rt_lint_check(r), 0);
	rt_lint_report_free(r);
	r = lint1("postgres", "-- retort:up\nSET lock_timeout = 1000;\n"
			      "DROP TABLE accounts;\n");
	assert_int_equal(rt_lint_check(r), RT_EDRIFT);
	assert_error_contains("1 unsafe statement");
	assert_non_null(strstr(rt_error_last()->detail, ":3:1: drop-table"));
	rt_lint_report_free(r);
}

static void test_lint_sql_text(void **state)
{
	rt_lint_options o = RT_LINT_OPTIONS_INIT;
	const char *sql = "CREATE INDEX CONCURRENTLY i ON t (a);\n";
	rt_lint_report *r = NULL;

	(void)state;
	o.dialect = "postgres";
	assert_int_equal(rt_lint_sql(&r, "gen", sql, 1, &o), 0);
	assert_int_equal(count_active(r, "concurrently-in-transaction"), 1);
	assert_string_equal(r->findings[0].file, "gen");
	rt_lint_report_free(r);
	assert_int_equal(rt_lint_sql(&r, "gen", sql, 0, &o), 0);
	assert_int_equal(r->count, 0);
	rt_lint_report_free(r);
}

static void test_lint_since(void **state)
{
	rt_dir *dir = NULL;
	rt_migration **migs = NULL;
	size_t n;
	char *d;

	(void)state;
	d = rt_fs_join(tmp, "mig");
	assert_int_equal(rt_fs_mkdir(d), 0);
	test_write(d, "20260101000001_a.sql", "-- retort:up\nSELECT 1;\n");
	test_write(d, "20260101000002_b.sql",
		   "-- retort:parent 20260101000001_a\n-- retort:up\n"
		   "SELECT 2;\n");
	test_write(d, "20260101000003_c.sql",
		   "-- retort:parent 20260101000002_b\n-- retort:up\n"
		   "SELECT 3;\n");
	assert_int_equal(rt_dir_load(&dir, d), 0);
	assert_int_equal(rt_lint_since(&migs, &n, dir, "20260101000001"), 0);
	assert_int_equal(n, 2);
	assert_string_equal(migs[0]->name, "20260101000002_b");
	free(migs);
	assert_int_equal(rt_lint_since(&migs, &n, dir, "nope"), RT_ENOTFOUND);
	rt_dir_free(dir);
	free(d);
}

/* Linting only the latest migration, the directory's history still says
 * which labels an enum had. */
static void test_lint_enum_history_from_dir(void **state)
{
	rt_lint_options o = RT_LINT_OPTIONS_INIT;
	rt_lint_report *r = NULL;
	rt_dir *dir = NULL;
	rt_migration **migs = NULL;
	size_t n;
	char *d;

	(void)state;
	d = rt_fs_join(tmp, "hist");
	assert_int_equal(rt_fs_mkdir(d), 0);
	test_write(d, "20260101000001_a.sql",
		   "-- retort:up\nCREATE TYPE mood AS ENUM ('a', 'b');\n");
	test_write(d, "20260101000002_b.sql",
		   "-- retort:parent 20260101000001_a\n-- retort:up\n"
		   "ALTER TYPE mood ADD VALUE 'c';\n");
	test_write(d, "20260101000003_c.sql",
		   "-- retort:parent 20260101000002_b\n-- retort:up\n"
		   "DROP TYPE mood;\nCREATE TYPE mood AS ENUM ('a', 'b');\n");
	assert_int_equal(rt_dir_load(&dir, d), 0);
	assert_int_equal(rt_lint_since(&migs, &n, dir, "20260101000002_b"), 0);
	assert_int_equal(n, 1);
	o.dialect = "postgres";
	assert_int_equal(rt_lint_migrations(&r, dir, migs, n, &o), 0);
	assert_non_null(find(r, "enum-value-removed"));
	assert_int_equal(find(r, "enum-value-removed")->severity,
			 RT_LINT_ERROR);
	assert_non_null(strstr(find(r, "enum-value-removed")->message, "'c'"));
	rt_lint_report_free(r);
	/* without the directory: unsure, a warning */
	assert_int_equal(rt_lint_migrations(&r, NULL, migs, n, &o), 0);
	assert_int_equal(find(r, "enum-value-removed")->severity,
			 RT_LINT_WARNING);
	rt_lint_report_free(r);
	free(migs);
	rt_dir_free(dir);
	free(d);
}

/* DROP INDEX IF EXISTS of an index that neither the run nor the history
 * made drops nothing and locks nothing (Unleash's history drops an index
 * before it first creates it); one the history made is really dropped, and
 * with nothing to go by the finding stays. */
static void test_lint_drop_index_if_exists_absent(void **state)
{
	rt_lint_options o = RT_LINT_OPTIONS_INIT;
	rt_lint_report *r = NULL;
	rt_dir *dir = NULL;
	rt_migration **migs = NULL;
	size_t n;
	char *d;

	(void)state;
	d = rt_fs_join(tmp, "dropidx");
	assert_int_equal(rt_fs_mkdir(d), 0);
	test_write(d, "20260101000001_a.sql",
		   "-- retort:up\nCREATE TABLE m (id bigint, s bigint);\n");
	test_write(d, "20260101000002_b.sql",
		   "-- retort:parent 20260101000001_a\n-- retort:up\n"
		   "DROP INDEX IF EXISTS m_s_idx;\n"
		   "CREATE UNIQUE INDEX m_s_idx ON m (s);\n");
	test_write(d, "20260101000003_c.sql",
		   "-- retort:parent 20260101000002_b\n-- retort:up\n"
		   "DROP INDEX IF EXISTS m_s_idx;\n");
	assert_int_equal(rt_dir_load(&dir, d), 0);
	o.dialect = "postgres";
	assert_int_equal(rt_lint_since(&migs, &n, dir, "20260101000001_a"), 0);
	assert_int_equal(n, 2);
	/* b alone, after its history */
	assert_int_equal(rt_lint_migrations(&r, dir, migs, 1, &o), 0);
	assert_null(find(r, "drop-index-non-concurrently"));
	assert_int_equal(count_active(r, "create-index-non-concurrently"), 1);
	rt_lint_report_free(r);
	/* c, after b made the index */
	assert_int_equal(rt_lint_migrations(&r, dir, migs + 1, 1, &o), 0);
	assert_int_equal(count_active(r, "drop-index-non-concurrently"), 1);
	rt_lint_report_free(r);
	/* b without the directory: nothing says the index is not there */
	assert_int_equal(rt_lint_migrations(&r, NULL, migs, 1, &o), 0);
	assert_int_equal(count_active(r, "drop-index-non-concurrently"), 1);
	rt_lint_report_free(r);
	free(migs);
	rt_dir_free(dir);
	free(d);
}

/* A transaction=false section runs each statement in a transaction of its
 * own with its journal row: a COMMIT or ROLLBACK there ends nothing but
 * itself (Unleash's 20231103064746 has one); BEGIN and PREPARE TRANSACTION
 * still break the section, and COMMIT in the migration's transaction too. */
static void test_lint_commit_outside_transaction(void **state)
{
	rt_lint_report *r;

	(void)state;
	r = lint1("postgres", "-- retort:up transaction=false\n"
			      "CREATE TABLE t (id bigint);\nCOMMIT;\n"
			      "ROLLBACK;\nDROP TABLE t;\n");
	assert_null(find(r, "transaction-control"));
	rt_lint_report_free(r);
	r = lint1("postgres", "-- retort:up transaction=false\nBEGIN;\n"
			      "CREATE TABLE t (id bigint);\n");
	assert_int_equal(count_active(r, "transaction-control"), 1);
	rt_lint_report_free(r);
	r = lint1("postgres", "-- retort:up transaction=false\n"
			      "PREPARE TRANSACTION 'x';\n");
	assert_int_equal(count_active(r, "transaction-control"), 1);
	rt_lint_report_free(r);
	r = lint1("postgres", "-- retort:up\nCREATE TABLE t (id bigint);\n"
			      "COMMIT;\n");
	assert_int_equal(count_active(r, "transaction-control"), 1);
	rt_lint_report_free(r);
}

/* A 32-bit key runs out when it counts rows: a single-column key, or a
 * serial or identity member of a key of several columns; the members of
 * (role_id, user_id) or (day, status_code_series) do not (Unleash's
 * history has many such keys). */
static void test_lint_int_primary_key_composite(void **state)
{
	rt_lint_report *r;

	(void)state;
	r = lint1("postgres",
		  "-- retort:up\nCREATE TABLE ru (role_id integer NOT NULL, "
		  "user_id int NOT NULL, PRIMARY KEY (role_id, user_id));\n");
	assert_null(find(r, "int-primary-key"));
	rt_lint_report_free(r);
	r = lint1("postgres",
		  "-- retort:up\nCREATE TABLE h (id serial, k integer, "
		  "n int GENERATED ALWAYS AS IDENTITY, PRIMARY KEY (id, k, "
		  "n));\nCREATE TABLE o (id integer, PRIMARY KEY (id));\n");
	assert_int_equal(count_active(r, "int-primary-key"), 3);
	rt_lint_report_free(r);
}

/* A DROP INDEX before the DROP TABLE of its table in one migration locks
 * nothing the drop does not: the drop is the finding (Unleash's
 * 20240221115502 drops three indexes, then their table). */
static void test_lint_drop_index_then_table(void **state)
{
	const char *texts[] = {
	    "-- retort:up\nCREATE TABLE a (id bigint, x text);\n"
	    "CREATE INDEX a_x ON a (x);\nCREATE TABLE b (id bigint);\n"
	    "CREATE INDEX b_id ON b (id);\n",
	    "-- retort:up\nDROP INDEX IF EXISTS a_x;\nDROP INDEX b_id;\n"
	    "DROP TABLE IF EXISTS a;\n",
	};
	rt_lint_options o = RT_LINT_OPTIONS_INIT;
	const rt_lint_finding *f;
	rt_lint_report *r;

	(void)state;
	o.same_run = 0;
	r = lint_texts("postgres", texts, 2, &o);
	assert_int_equal(count_active(r, "drop-table"), 1);
	/* b's index stays a finding, a's is kept but suppressed */
	assert_int_equal(count_active(r, "drop-index-non-concurrently"), 1);
	f = find(r, "drop-index-non-concurrently");
	assert_non_null(f);
	assert_int_equal(f->line, 2);
	assert_non_null(f->suppressed);
	assert_non_null(strstr(f->suppressed, "dropped at line 4"));
	rt_lint_report_free(r);
}

/* A column the run added is known to no running version: renaming or
 * dropping it later in the run breaks nothing (Unleash adds created_by to
 * eight tables in December 2023 and renames them a week later). As
 * history, each migration applied long ago, both are findings. */
static void test_lint_run_added_column(void **state)
{
	const char *texts[] = {
	    "-- retort:up\nALTER TABLE accounts ADD COLUMN created_by "
	    "integer;\n",
	    "-- retort:up\nALTER TABLE accounts RENAME COLUMN created_by TO "
	    "created_by_user_id;\nALTER TABLE accounts ALTER COLUMN "
	    "created_by_user_id TYPE integer;\nALTER TABLE accounts DROP "
	    "COLUMN created_by_user_id;\nALTER TABLE accounts RENAME COLUMN "
	    "email TO mail;\n",
	};
	rt_lint_options o = RT_LINT_OPTIONS_INIT;
	rt_lint_report *r;

	(void)state;
	o.same_run = 1;
	r = lint_texts("postgres", texts, 2, &o);
	assert_int_equal(count_active(r, "rename-column"), 1);
	assert_non_null(strstr(find(r, "rename-column")->message, "'email'"));
	assert_null(find(r, "drop-column"));
	rt_lint_report_free(r);
	o.same_run = 0;
	r = lint_texts("postgres", texts, 2, &o);
	assert_int_equal(count_active(r, "rename-column"), 2);
	assert_int_equal(count_active(r, "drop-column"), 1);
	rt_lint_report_free(r);
	/* IF NOT EXISTS with nothing to say whether the column was there */
	o.same_run = 1;
	texts[0] = "-- retort:up\nALTER TABLE accounts ADD COLUMN IF NOT "
		   "EXISTS email text;\n";
	texts[1] = "-- retort:up\nALTER TABLE accounts DROP COLUMN email;\n";
	r = lint_texts("postgres", texts, 2, &o);
	assert_int_equal(count_active(r, "drop-column"), 1);
	rt_lint_report_free(r);
}

/* A type change that only widens, by the column's type as the history
 * (and the run) leaves it: no finding; narrowing, renamed columns, a
 * column with its own collation and a USING that is more than a cast
 * are findings. */
static void test_lint_widening_from_history(void **state)
{
	rt_lint_options o = RT_LINT_OPTIONS_INIT;
	rt_lint_report *r = NULL;
	rt_dir *dir = NULL;
	rt_migration **migs = NULL;
	size_t n, i;
	char *d;
	int lines[8], nl = 0;

	(void)state;
	d = rt_fs_join(tmp, "widen");
	assert_int_equal(rt_fs_mkdir(d), 0);
	test_write(d, "20260101000001_a.sql",
		   "-- retort:up\nCREATE TABLE t (id bigint, name varchar(50), "
		   "bal numeric(10, 2), net cidr, c varchar(5) COLLATE \"C\", "
		   "note text);\n");
	test_write(d, "20260101000002_b.sql",
		   "-- retort:parent 20260101000001_a\n-- retort:up\n"
		   "SET lock_timeout = '1s';\n"
		   "ALTER TABLE t ALTER COLUMN name TYPE varchar(100) USING "
		   "name::varchar(100);\n"
		   "ALTER TABLE public.t ALTER COLUMN name TYPE text;\n"
		   "ALTER TABLE t ALTER COLUMN bal TYPE numeric(12, 2);\n"
		   "ALTER TABLE t ALTER COLUMN net TYPE inet;\n"
		   "ALTER TABLE t ALTER COLUMN note TYPE varchar;\n"
		   "ALTER TABLE t RENAME COLUMN bal TO amount;\n"
		   "ALTER TABLE t ALTER COLUMN amount TYPE numeric(14, 2);\n"
		   "ALTER TABLE t ALTER COLUMN bal TYPE numeric(14, 2);\n"
		   "ALTER TABLE t ALTER COLUMN amount TYPE numeric(14, 3);\n"
		   "ALTER TABLE t ALTER COLUMN c TYPE varchar(10);\n"
		   "ALTER TABLE t ALTER COLUMN note TYPE text USING note || '';\n"
		   "ALTER TABLE t ALTER COLUMN name TYPE varchar(10);\n");
	assert_int_equal(rt_dir_load(&dir, d), 0);
	assert_int_equal(rt_lint_since(&migs, &n, dir, "20260101000001_a"), 0);
	assert_int_equal(n, 1);
	o.dialect = "postgres";
	assert_int_equal(rt_lint_migrations(&r, dir, migs, n, &o), 0);
	for (i = 0; i < r->count; i++)
		if (!strcmp(r->findings[i].rule->id, "change-column-type") &&
		    nl < 8)
			lines[nl++] = r->findings[i].line;
	/* bal is gone after the rename (line 11), the scale changes (12),
	 * c has a collation of its own (13), USING (14), narrower (15) */
	assert_int_equal(nl, 5);
	assert_int_equal(lines[0], 11);
	assert_int_equal(lines[1], 12);
	assert_int_equal(lines[2], 13);
	assert_int_equal(lines[3], 14);
	assert_int_equal(lines[4], 15);
	rt_lint_report_free(r);
	/* without the directory's history only the run's own changes are
	 * known: lines 5 (after 4) and 10 (after 6, through the rename)
	 * are not findings, the other nine are */
	assert_int_equal(rt_lint_migrations(&r, NULL, migs, n, &o), 0);
	for (i = 0, nl = 0; i < r->count; i++)
		nl += !strcmp(r->findings[i].rule->id, "change-column-type");
	assert_int_equal(nl, 9);
	rt_lint_report_free(r);
	free(migs);
	rt_dir_free(dir);
	free(d);
}

/* ---- issue 10, item 15: lint knows what the run created, what the
 * database has and what retort sets -------------------------------------- */

/* A directory d/NAME with the texts as migrations 1..n, chained. */
static rt_dir *chain_dir(const char *name, const char *const *texts, size_t n)
{
	rt_dir *dir = NULL;
	char *d = rt_fs_join(tmp, name), file[64], prev[64], buf[8192];
	size_t i;

	assert_int_equal(rt_fs_mkdir(d), 0);
	for (i = 0; i < n; i++) {
		snprintf(file, sizeof(file), "2026010100000%zu_m.sql", i + 1);
		if (i)
			snprintf(buf, sizeof(buf),
				 "-- retort:parent %s\n%s", prev, texts[i]);
		else
			snprintf(buf, sizeof(buf), "%s", texts[i]);
		test_write(d, file, buf);
		snprintf(prev, sizeof(prev), "2026010100000%zu_m", i + 1);
	}
	assert_int_equal(rt_dir_load(&dir, d), 0);
	free(d);
	return dir;
}

/* The safe way lint itself gives, the check added NOT VALID by an
 * earlier upgrade: VALIDATE, then SET NOT NULL is no finding, whether the
 * add is in the run, in the directory's history, or only validated. */
static void test_lint_set_not_null_the_safe_way(void **state)
{
	const char *texts[] = {
	    "-- retort:up\nCREATE TABLE t (id bigint, email text, b text);\n",
	    "-- retort:up\nALTER TABLE t ADD CONSTRAINT t_email_not_null "
	    "CHECK (email IS NOT NULL) NOT VALID;\n"
	    "ALTER TABLE t ADD CONSTRAINT t_b_pos CHECK (b > '') NOT VALID;\n",
	    "-- retort:up\nSET lock_timeout = '1s';\n"
	    "ALTER TABLE t VALIDATE CONSTRAINT t_email_not_null;\n"
	    "ALTER TABLE t VALIDATE CONSTRAINT t_b_pos;\n"
	    "ALTER TABLE t ALTER COLUMN email SET NOT NULL;\n"
	    "ALTER TABLE t ALTER COLUMN b SET NOT NULL;\n"
	    "ALTER TABLE t DROP CONSTRAINT t_email_not_null;\n"
	    "ALTER TABLE t ALTER COLUMN email DROP NOT NULL;\n"
	    "ALTER TABLE t ALTER COLUMN email SET NOT NULL;\n",
	};
	rt_lint_options o = RT_LINT_OPTIONS_INIT;
	rt_lint_report *r = NULL;
	rt_migration **migs = NULL;
	rt_dir *dir = chain_dir("notnull", texts, 3);
	size_t n, i;
	int lines[4], nl = 0;

	(void)state;
	o.dialect = "postgres";
	assert_int_equal(rt_lint_since(&migs, &n, dir, "20260101000002_m"), 0);
	assert_int_equal(n, 1);
	assert_int_equal(rt_lint_migrations(&r, dir, migs, n, &o), 0);
	for (i = 0; i < r->count; i++)
		if (!strcmp(r->findings[i].rule->id, "set-not-null") && nl < 4)
			lines[nl++] = r->findings[i].line;
	/* b's check does not say IS NOT NULL; email's was dropped again */
	assert_int_equal(nl, 2);
	assert_int_equal(lines[0], 7);
	assert_int_equal(lines[1], 10);
	rt_lint_report_free(r);
	free(migs);
	rt_dir_free(dir);
	/* an unnamed check, validated by the name PostgreSQL gives it */
	r = lint1("postgres",
		  "-- retort:up\nALTER TABLE accounts ADD CHECK (email IS NOT "
		  "NULL) NOT VALID;\nALTER TABLE accounts VALIDATE CONSTRAINT "
		  "accounts_email_check;\nALTER TABLE accounts ALTER COLUMN "
		  "email SET NOT NULL;\n");
	assert_null(find(r, "set-not-null"));
	rt_lint_report_free(r);
}

/* An index the run created, under any later name, and a table the run
 * created, under any later name, are the run's own; a table of the
 * database renamed in the run is still the database's. */
static void test_lint_renames_tracked(void **state)
{
	const char *texts[] = {
	    "-- retort:up\nCREATE TABLE t (id bigint, email text);\n"
	    "CREATE INDEX t_email ON t (email);\n"
	    "CREATE INDEX t_id ON t (id);\n",
	    "-- retort:up\nALTER INDEX t_email RENAME TO t_email_idx;\n"
	    "ALTER TABLE t RENAME TO u;\n"
	    "ALTER TABLE t_id RENAME TO u_id;\n",
	    "-- retort:up\nDROP INDEX t_email_idx;\nDROP INDEX u_id;\n"
	    "ALTER TABLE u DROP COLUMN email;\n",
	};
	rt_lint_options o = RT_LINT_OPTIONS_INIT;
	rt_lint_report *r;
	rt_db *db = NULL;

	(void)state;
	o.same_run = 1;
	r = lint_texts("postgres", texts, 3, &o);
	if (r->count)
		fail_msg("%s: %s", r->findings[0].rule->id,
			 r->findings[0].message);
	rt_lint_report_free(r);

	/* as history (each applied long ago) the locks are real, but the
	 * indexes are still known by their new names, on their table's */
	o.same_run = 0;
	r = lint_texts("postgres", texts, 3, &o);
	assert_int_equal(count_active(r, "rename-table"), 1);
	assert_int_equal(count_active(r, "drop-index-non-concurrently"), 2);
	assert_non_null(
	    strstr(find(r, "drop-index-non-concurrently")->message, "on 'u'"));
	rt_lint_report_free(r);

	/* what the run knows of a table follows its rename */
	texts[0] = "-- retort:up\nALTER TABLE accounts ADD CONSTRAINT a_nn "
		   "CHECK (email IS NOT NULL) NOT VALID;\n";
	texts[1] = "-- retort:up\nALTER TABLE accounts VALIDATE CONSTRAINT "
		   "a_nn;\nALTER TABLE accounts RENAME TO acct;\n"
		   "ALTER TABLE acct ALTER COLUMN email SET NOT NULL;\n";
	r = lint_texts("postgres", texts, 2, NULL);
	assert_int_equal(count_active(r, "rename-table"), 1);
	assert_null(find(r, "set-not-null"));
	rt_lint_report_free(r);

	/* the database's table, renamed: not new under its new name */
	assert_int_equal(rt_db_open(&db, "sqlite::memory:", NULL), 0);
	assert_int_equal(rt_db_exec(db, "CREATE TABLE cat (a, b);"), 0);
	o.db = db;
	texts[0] = "-- retort:up\nALTER TABLE cat RENAME TO kitty;\n"
		   "CREATE TABLE dog (a, b);\nALTER TABLE dog RENAME TO pup;\n"
		   "ALTER TABLE pup DROP COLUMN b;\n"
		   "ALTER TABLE kitty DROP COLUMN b;\n";
	r = lint_texts("sqlite", texts, 1, &o);
	assert_int_equal(count_active(r, "rename-table"), 1);
	assert_int_equal(count_active(r, "drop-column"), 1);
	assert_int_equal(find(r, "drop-column")->line, 6);
	rt_lint_report_free(r);
	/* CREATE TABLE IF NOT EXISTS of the database's table creates
	 * nothing */
	texts[0] = "-- retort:up\nCREATE TABLE IF NOT EXISTS cat (a, b);\n"
		   "ALTER TABLE cat DROP COLUMN b;\n";
	r = lint_texts("sqlite", texts, 1, &o);
	assert_int_equal(count_active(r, "drop-column"), 1);
	rt_lint_report_free(r);
	rt_db_close(db);
}

/* retort sets lock_timeout for every migration it runs (unless
 * --lock-timeout 0): the rule is about SQL that something else runs. */
static void test_lint_lock_timeout_is_retorts(void **state)
{
	const char *mig = "-- retort:up\nALTER TABLE accounts ADD COLUMN n "
			  "text;\n";
	rt_lint_options o = RT_LINT_OPTIONS_INIT;
	const rt_lint_finding *f;
	rt_lint_report *r;

	(void)state;
	r = lint1("postgres", mig);
	assert_null(find(r, "missing-lock-timeout"));
	rt_lint_report_free(r);
	assert_int_equal(
	    rt_lint_sql(&r, "-", "ALTER TABLE accounts ADD COLUMN n text;", 1,
			NULL),
	    0);
	assert_null(find(r, "missing-lock-timeout"));
	rt_lint_report_free(r);
	/* a plain file: psql runs it, with no lock_timeout of retort's */
	r = lint1("postgres", "SELECT 1;\nALTER TABLE accounts ADD COLUMN n "
			      "text;\n");
	f = find(r, "missing-lock-timeout");
	assert_non_null(f);
	assert_int_equal(f->severity, RT_LINT_WARNING);
	assert_int_equal(f->line, 2);
	rt_lint_report_free(r);
	/* --lock-timeout 0, or a migration that turns it off */
	o.no_lock_timeout = 1;
	r = lint_texts("postgres", &mig, 1, &o);
	assert_non_null(find(r, "missing-lock-timeout"));
	rt_lint_report_free(r);
	r = lint1("postgres", "-- retort:up\nSET lock_timeout = 0;\n"
			      "ALTER TABLE accounts ADD COLUMN n text;\n");
	assert_non_null(find(r, "missing-lock-timeout"));
	rt_lint_report_free(r);
}

/* SQLite's grammar, read as SQLite reads it: no invented column 'IF'. */
static void test_lint_sqlite_grammar(void **state)
{
	rt_lint_report *r;
	const rt_lint_finding *f;

	(void)state;
	r = lint1("sqlite", "-- retort:up\n"
			    "ALTER TABLE cat DROP COLUMN IF EXISTS c;\n"
			    "ALTER TABLE cat ADD COLUMN IF NOT EXISTS d text;\n"
			    "ALTER TABLE main.cat DROP \"if\";\n"
			    "ALTER TABLE [cat] DROP COLUMN `x y`;\n");
	assert_int_equal(count_active(r, "drop-column"), 2);
	f = find(r, "drop-column");
	assert_non_null(strstr(f->message, "'if'"));
	assert_int_equal(f->line, 4);
	assert_non_null(strstr(r->findings[r->count - 1].message, "'x y'"));
	assert_int_equal(count_active(r, "unparsed-statement"), 2);
	f = find(r, "unparsed-statement");
	assert_int_equal(f->line, 2);
	assert_non_null(strstr(f->message, "IF EXISTS"));
	rt_lint_report_free(r);
	/* tables the migration creates, however written, are its own */
	r = lint1("sqlite", "-- retort:up\n"
			    "CREATE VIRTUAL TABLE docs USING fts5(body);\n"
			    "CREATE TEMP TABLE IF NOT EXISTS \"scratch\" (a);\n"
			    "CREATE TABLE main.[log] (a, b);\n"
			    "ALTER TABLE log DROP COLUMN b;\n"
			    "DROP TABLE docs;\nDROP TABLE temp.scratch;\n"
			    "DROP TABLE IF EXISTS `log`;\n");
	if (r->count)
		fail_msg("%s: %s", r->findings[0].rule->id,
			 r->findings[0].message);
	rt_lint_report_free(r);
}

/* ---- issue 10, item 16: a rebuild that leaves a column behind ------------ */

static const char rebuild_sql[] =
    "-- retort:up\n"
    "CREATE TABLE \"_retort_new_cat\" (id integer PRIMARY KEY, name text, "
    "colour text);\n"
    "INSERT INTO \"_retort_new_cat\" (\"id\", \"name\")\n"
    "  SELECT \"id\", \"name\" FROM \"cat\";\n"
    "DROP TABLE \"cat\";\n"
    "ALTER TABLE \"_retort_new_cat\" RENAME TO \"cat\";\n"
    "CREATE INDEX cat_colour ON cat (colour);\n";

static void test_lint_sqlite_rebuild_drops_column(void **state)
{
	const char *texts[] = {
	    "-- retort:up\nCREATE TABLE cat (id integer PRIMARY KEY, "
	    "name text, color text);\nCREATE INDEX cat_color ON cat "
	    "(color);\n",
	    rebuild_sql,
	};
	const char *keep = "-- retort:up\n"
			   "CREATE TABLE cat_new (id integer, name text, "
			   "color text);\n"
			   "INSERT INTO cat_new (id, name, color) SELECT id, "
			   "lower(name), CAST(color AS text) FROM cat;\n"
			   "DROP TABLE cat;\n"
			   "ALTER TABLE cat_new RENAME TO cat;\n";
	const char *nocopy = "-- retort:up\nCREATE TABLE cat_new (id "
			     "integer);\nDROP TABLE cat;\nALTER TABLE "
			     "cat_new RENAME TO cat;\n";
	rt_lint_options o = RT_LINT_OPTIONS_INIT;
	rt_lint_report *r = NULL;
	rt_migration **migs = NULL;
	const rt_lint_finding *f;
	rt_dir *dir;
	rt_db *db = NULL;
	size_t n;

	(void)state;
	/* the database says which columns the old table has */
	assert_int_equal(rt_db_open(&db, "sqlite::memory:", NULL), 0);
	assert_int_equal(rt_db_exec(db, "CREATE TABLE cat (id integer "
					"PRIMARY KEY, name text, color text);"
					"INSERT INTO cat VALUES (1, 'Tom', "
					"'grey');"),
			 0);
	o.db = db;
	o.same_run = 1;
	r = lint_texts("sqlite", &texts[1], 1, &o);
	f = find(r, "drop-column");
	assert_non_null(f);
	assert_null(f->suppressed);
	assert_int_equal(f->severity, RT_LINT_ERROR);
	assert_non_null(strstr(f->message, "'color'"));
	assert_int_equal(f->line, 3);
	assert_int_equal(count_active(r, "drop-column"), 1);
	assert_int_equal(r->nerrors, 1);
	rt_lint_report_free(r);
	/* a rebuild without a copy loses every row: the drop stays one */
	r = lint_texts("sqlite", &nocopy, 1, &o);
	assert_int_equal(count_active(r, "drop-table"), 1);
	assert_null(find(r, "table-rebuild"));
	rt_lint_report_free(r);
	/* a copy that carries every column loses nothing */
	r = lint_texts("sqlite", &keep, 1, &o);
	assert_int_equal(r->nerrors, 0);
	assert_non_null(find(r, "table-rebuild"));
	rt_lint_report_free(r);
	rt_db_close(db);

	/* no database: the migrations before it say the same */
	dir = chain_dir("rebuild", texts, 2);
	memset(&o, 0, sizeof(o));
	o.dialect = "sqlite";
	assert_int_equal(rt_lint_since(&migs, &n, dir, "20260101000001_m"), 0);
	assert_int_equal(rt_lint_migrations(&r, dir, migs, n, &o), 0);
	assert_int_equal(count_active(r, "drop-column"), 1);
	rt_lint_report_free(r);
	free(migs);
	/* and so does the run itself (--all) */
	assert_int_equal(rt_lint_migrations(&r, dir, dir->migrations,
					    dir->count, &o),
			 0);
	assert_int_equal(count_active(r, "drop-column"), 1);
	assert_non_null(strstr(find(r, "drop-column")->message, "'color'"));
	rt_lint_report_free(r);
	rt_dir_free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_lint_rule_cases),
	    cmocka_unit_test(test_lint_positions),
	    cmocka_unit_test(test_lint_safe_sql_is_deparsed),
	    cmocka_unit_test(test_lint_new_table_is_exempt),
	    cmocka_unit_test(test_lint_same_run),
	    cmocka_unit_test(test_lint_fresh_build_is_never_refused),
	    cmocka_unit_test(test_lint_ignore_directives),
	    cmocka_unit_test(test_lint_directives_recorded),
	    cmocka_unit_test(test_lint_conf_ignore),
	    cmocka_unit_test(test_lint_backfill),
	    cmocka_unit_test(test_lint_plain_files),
	    cmocka_unit_test(test_lint_unparsed_statement_spares_the_rest),
	    cmocka_unit_test(test_lint_enums),
	    cmocka_unit_test(test_lint_rule_dialects),
	    cmocka_unit_test(test_lint_sqlite_rebuild),
	    cmocka_unit_test(test_lint_sqlite_comments_do_not_nest),
	    cmocka_unit_test(test_lint_sqlite_catalog),
	    cmocka_unit_test(test_lint_formats),
	    cmocka_unit_test(test_lint_check_verdict),
	    cmocka_unit_test(test_lint_sql_text),
	    cmocka_unit_test(test_lint_since),
	    cmocka_unit_test(test_lint_enum_history_from_dir),
	    cmocka_unit_test(test_lint_widening_from_history),
	    cmocka_unit_test(test_lint_drop_index_if_exists_absent),
	    cmocka_unit_test(test_lint_commit_outside_transaction),
	    cmocka_unit_test(test_lint_int_primary_key_composite),
	    cmocka_unit_test(test_lint_drop_index_then_table),
	    cmocka_unit_test(test_lint_run_added_column),
	    cmocka_unit_test(test_lint_set_not_null_the_safe_way),
	    cmocka_unit_test(test_lint_renames_tracked),
	    cmocka_unit_test(test_lint_lock_timeout_is_retorts),
	    cmocka_unit_test(test_lint_sqlite_grammar),
	    cmocka_unit_test(test_lint_sqlite_rebuild_drops_column),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
