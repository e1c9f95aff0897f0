/*
 * lint_rules.c: the rule catalogue: ids, severities, what each is about,
 * and the fixed prose of its findings (what happens, the safe way). The
 * dialects a rule applies to are those whose engine lists it in its lint
 * ops (rt_lint_ops.rules), joined once when the catalogue is first read. The
 * SQL of a safe alternative depends on the statement and is written by the
 * analysers.
 */
#include "lint/lint.h"

#include <pthread.h>

#define E RT_LINT_ERROR
#define W RT_LINT_WARNING
#define LOCK RT_LINT_LOCK
#define COMPAT RT_LINT_COMPAT
#define FAILS RT_LINT_FAILS
#define STYLE RT_LINT_STYLE

/* dialects: NULL here, read from the engines' rule sets (rules_ready) */
rt_lint_rule rt_lint_rule_table[R__COUNT] = {
    [R_ADD_COLUMN_VOLATILE_DEFAULT] =
	{"add-column-volatile-default", E, LOCK, NULL,
	 "adding a column whose default is volatile (or serial, "
	 "identity, stored generated) rewrites the table"},
    [R_ADD_COLUMN_NOT_NULL_NO_DEFAULT] =
	{"add-column-not-null-no-default", E, COMPAT, NULL,
	 "adding a NOT NULL column without a default"},
    [R_SET_NOT_NULL] =
	{"set-not-null", E, LOCK | COMPAT, NULL,
	 "SET NOT NULL on an existing column scans the table under "
	 "an ACCESS EXCLUSIVE lock"},
    [R_CHANGE_COLUMN_TYPE] =
	{"change-column-type", E, LOCK | COMPAT, NULL,
	 "changing a column's type rewrites the table and breaks "
	 "the running application"},
    [R_RENAME_COLUMN] = {"rename-column", E, COMPAT, NULL,
			 "renaming a column breaks the running application"},
    [R_RENAME_TABLE] =
	{"rename-table", E, COMPAT, NULL,
	 "renaming a table (or moving it to another schema) breaks "
	 "the running application"},
    [R_DROP_COLUMN] =
	{"drop-column", E, COMPAT, NULL,
	 "dropping a column (or leaving it out of a table rebuild's copy) "
	 "loses its data and breaks the running application"},
    [R_DROP_TABLE] = {"drop-table", E, COMPAT, NULL,
		      "dropping a table loses its data and breaks the running "
		      "application"},
    [R_DROP_SCHEMA] = {"drop-schema", E, COMPAT, NULL,
		       "dropping a schema loses everything in it"},
    [R_DROP_DATABASE] = {"drop-database", E, COMPAT, NULL,
			 "dropping a database from a migration"},
    [R_CREATE_INDEX_NON_CONCURRENTLY] =
	{"create-index-non-concurrently", E, LOCK, NULL,
	 "CREATE INDEX without CONCURRENTLY blocks writes to the table "
	 "while the index builds"},
    [R_DROP_INDEX_NON_CONCURRENTLY] =
	{"drop-index-non-concurrently", E, LOCK, NULL,
	 "DROP INDEX without CONCURRENTLY takes an ACCESS EXCLUSIVE "
	 "lock on the table"},
    [R_REINDEX_NON_CONCURRENTLY] =
	{"reindex-non-concurrently", E, LOCK, NULL,
	 "REINDEX without CONCURRENTLY blocks writes to the table"},
    [R_CONCURRENTLY_IN_TRANSACTION] =
	{"concurrently-in-transaction", E, FAILS, NULL,
	 "CONCURRENTLY cannot run inside a transaction"},
    [R_ADD_FOREIGN_KEY_VALIDATED] =
	{"add-foreign-key-validated", E, LOCK, NULL,
	 "adding a foreign key without NOT VALID scans the table and "
	 "blocks writes to both tables"},
    [R_ADD_CHECK_VALIDATED] =
	{"add-check-validated", E, LOCK, NULL,
	 "adding a CHECK constraint without NOT VALID scans the table "
	 "under an ACCESS EXCLUSIVE lock"},
    [R_ADD_UNIQUE_CONSTRAINT] =
	{"add-unique-constraint", E, LOCK, NULL,
	 "adding a UNIQUE (or exclusion) constraint builds its index "
	 "under an ACCESS EXCLUSIVE lock"},
    [R_ADD_PRIMARY_KEY] =
	{"add-primary-key", E, LOCK, NULL,
	 "adding a primary key to an existing table builds its index "
	 "under an ACCESS EXCLUSIVE lock"},
    [R_ENUM_VALUE_REMOVED] =
	{"enum-value-removed", E, COMPAT, NULL,
	 "an enum type is recreated without some of its values"},
    [R_ENUM_VALUE_REORDERED] =
	{"enum-value-reordered", E, COMPAT, NULL,
	 "an enum type is recreated with its values in another order"},
    [R_RENAME_ENUM_VALUE] =
	{"rename-enum-value", E, COMPAT, NULL,
	 "renaming an enum value breaks the running application"},
    [R_VACUUM_FULL] =
	{"vacuum-full", E, LOCK, NULL,
	 "VACUUM FULL rewrites the table under an exclusive lock"},
    [R_VACUUM_IN_TRANSACTION] = {"vacuum-in-transaction", E, FAILS, NULL,
				 "VACUUM cannot run inside a transaction"},
    [R_CLUSTER] = {"cluster", E, LOCK, NULL,
		   "CLUSTER rewrites the table under an ACCESS EXCLUSIVE lock"},
    [R_TRUNCATE] =
	{"truncate", E, LOCK | COMPAT, NULL,
	 "TRUNCATE deletes every row under an ACCESS EXCLUSIVE lock"},
    [R_DROP_PARTITION] =
	{"drop-partition", E, COMPAT, NULL,
	 "DROP or TRUNCATE PARTITION deletes the partition's rows"},
    [R_LOCK_TABLE] = {"lock-table", E, LOCK, NULL,
		      "LOCK TABLE blocks the application for the rest of the "
		      "migration"},
    [R_MISSING_LOCK_TIMEOUT] =
	{"missing-lock-timeout", W, LOCK, NULL,
	 "a lock is taken without lock_timeout (SQL retort does not run "
	 "itself, --lock-timeout 0, or SET lock_timeout = 0)"},
    [R_BACKFILL_IN_DDL_TRANSACTION] =
	{"backfill-in-ddl-transaction", E, LOCK, NULL,
	 "an UPDATE of every row (no WHERE, or one bounding no key) "
	 "runs in the same transaction as DDL "
	 "on the table"},
    [R_TRANSACTION_CONTROL] = {"transaction-control", E, FAILS, NULL,
			       "BEGIN, COMMIT or ROLLBACK inside a migration"},
    [R_TABLE_REBUILD] = {"table-rebuild", W, LOCK | COMPAT, NULL,
			 "a table is rebuilt (create, copy, drop, rename)"},
    [R_BLOCKING_ALTER] =
	{"blocking-alter", E, LOCK, NULL,
	 "an ALTER TABLE that blocks writes until it is done: the table is "
	 "copied (ALGORITHM=COPY) or rebuilt with LOCK=SHARED"},
    [R_NARROWING_COLUMN_TYPE] =
	{"narrowing-column-type", E, COMPAT, NULL,
	 "a column's type is narrowed (shorter, smaller, signedness, fewer "
	 "decimals, ENUM values removed): values that do not fit are lost"},
    [R_LOSSY_CHARSET_CHANGE] =
	{"lossy-charset-change", E, COMPAT, NULL,
	 "text is converted to a character set that cannot hold every "
	 "character of the old one (utf8mb4 to latin1 or utf8mb3)"},
    [R_CHAR_COLUMN] = {"char-column", W, STYLE, NULL,
		       "char(n) pads with blanks; prefer text or varchar"},
    [R_TIMESTAMP_WITHOUT_TIME_ZONE] =
	{"timestamp-without-time-zone", W, STYLE, NULL,
	 "timestamp without time zone; prefer timestamptz"},
    [R_SERIAL_COLUMN] = {"serial-column", W, STYLE, NULL,
			 "serial columns; prefer GENERATED ... AS IDENTITY"},
    [R_INT_PRIMARY_KEY] =
	{"int-primary-key", W, STYLE, NULL,
	 "a 32-bit integer primary key runs out at 2^31; prefer bigint"},
    [R_STANDBY_CONFLICT] =
	{"standby-conflict", W, LOCK | COMPAT, NULL,
	 "an ACCESS EXCLUSIVE lock, replayed on a hot standby, cancels "
	 "the standby's queries on the table (when the server has "
	 "standbys)"},
    [R_UNPARSED_STATEMENT] = {"unparsed-statement", W, FAILS, NULL,
			      "a statement retort could not analyse"},
    [R_UNKNOWN_LINT_RULE] = {"unknown-lint-rule", W, FAILS, NULL,
			     "a lint-ignore directive names no known rule"},
};

const lint_text rt_lint_texts[R__COUNT] = {
    [R_ADD_COLUMN_VOLATILE_DEFAULT] =
	{"PostgreSQL computes the default for every existing row: the "
	 "whole table is rewritten under an ACCESS EXCLUSIVE lock, "
	 "blocking reads and writes until it is done (a constant or "
	 "stable default such as now() is stored once, without a "
	 "rewrite)",
	 "add the column without the default, set the default for new "
	 "rows, and backfill the existing rows in batches outside the "
	 "migration's transaction"},
    [R_ADD_COLUMN_NOT_NULL_NO_DEFAULT] =
	{"the statement fails on a table that has rows, and the "
	 "application version still running does not write the column, "
	 "so its INSERTs fail once the constraint holds",
	 "give the column a constant default, or add it nullable, "
	 "backfill it, and add NOT NULL once every writer sets it"},
    [R_SET_NOT_NULL] =
	{"PostgreSQL scans every row to check for NULLs while holding an "
	 "ACCESS EXCLUSIVE lock: reads and writes wait; and the "
	 "application version still running may write NULLs, which "
	 "then fail",
	 "add a CHECK (col IS NOT NULL) constraint NOT VALID, validate "
	 "it (a scan that does not block writes), then SET NOT NULL: "
	 "PostgreSQL 12 and later use the validated constraint instead "
	 "of scanning"},
    [R_CHANGE_COLUMN_TYPE] =
	{"most type changes rewrite the table and its indexes under an "
	 "ACCESS EXCLUSIVE lock, and the application version still "
	 "running reads and writes the old type",
	 "expand and contract: add a column of the new type, keep it in "
	 "step with the old one (trigger or application), backfill in "
	 "batches, switch readers, then drop the old column in a later "
	 "migration; a retort:online migration does all of it, keys and "
	 "foreign keys included (int to bigint). A change that only widens "
	 "(a longer or unlimited varchar, varchar to text, numeric with "
	 "more digits at the same scale, cidr to inet) rewrites nothing: "
	 "lint with --url, as upgrade does, and it is not reported"},
    [R_RENAME_COLUMN] =
	{"the application version still running uses the old name: its "
	 "queries fail from the moment the migration commits",
	 "expand and contract: add the new column, keep both in step "
	 "while both application versions run, backfill, and drop the "
	 "old column once no running version uses it (retort:online "
	 "migrations do this for you)"},
    [R_RENAME_TABLE] =
	{"the application version still running uses the old name: its "
	 "queries fail from the moment the migration commits",
	 "rename the table and leave a view under the old name for the "
	 "running version (a simple view is updatable), and drop the "
	 "view once no running version uses it"},
    [R_DROP_COLUMN] =
	{"the column's data is gone, and the application version still "
	 "running fails on every query that names it",
	 "first deploy an application that no longer uses the column, "
	 "then drop it in a later migration (say so with "
	 "`-- retort:lint-ignore drop-column REASON`)"},
    [R_DROP_TABLE] =
	{"the table's data is gone, and the application version still "
	 "running fails on every query that names it",
	 "first deploy an application that no longer uses the table, "
	 "then drop it in a later migration (say so with "
	 "`-- retort:lint-ignore drop-table REASON`)"},
    [R_DROP_SCHEMA] =
	{"every object in the schema and its data are gone",
	 "drop the objects one by one, each once no running version "
	 "uses it"},
    [R_DROP_DATABASE] = {"the whole database is gone",
			 "drop databases by hand, never from a migration"},
    [R_CREATE_INDEX_NON_CONCURRENTLY] =
	{"the build holds a SHARE lock on the table: INSERT, UPDATE and "
	 "DELETE wait until the whole index is built",
	 "CREATE INDEX CONCURRENTLY, in a migration whose up section is "
	 "`-- retort:up transaction=false` (it cannot run in a "
	 "transaction)"},
    [R_DROP_INDEX_NON_CONCURRENTLY] =
	{"the ACCESS EXCLUSIVE lock on the table blocks reads and "
	 "writes, and while it waits for running queries every new "
	 "query queues behind it",
	 "DROP INDEX CONCURRENTLY, in a migration whose up section is "
	 "`-- retort:up transaction=false`"},
    [R_REINDEX_NON_CONCURRENTLY] =
	{"REINDEX blocks writes to the table, and reads that use the "
	 "index, until it is done",
	 "REINDEX ... CONCURRENTLY (PostgreSQL 12 and later), in a "
	 "migration whose up section is `-- retort:up "
	 "transaction=false`"},
    [R_CONCURRENTLY_IN_TRANSACTION] =
	{"the statement fails: PostgreSQL refuses CONCURRENTLY inside a "
	 "transaction block, and retort runs each section in one "
	 "transaction unless told otherwise",
	 "put it in a migration of its own whose up section is "
	 "`-- retort:up transaction=false` (retort then runs its "
	 "statements one by one and resumes where one failed); a "
	 "CONCURRENTLY statement commits apart from retort's journal, so "
	 "a crash between the two runs it again: write it to be safe "
	 "twice (IF NOT EXISTS, IF EXISTS)"},
    [R_ADD_FOREIGN_KEY_VALIDATED] =
	{"PostgreSQL checks every existing row while holding a SHARE "
	 "ROW EXCLUSIVE lock on both tables: writes to either wait "
	 "until the scan is done",
	 "add the constraint NOT VALID (checked for new rows at once, "
	 "no scan), then VALIDATE CONSTRAINT in a later transaction: "
	 "it scans without blocking writes"},
    [R_ADD_CHECK_VALIDATED] =
	{"PostgreSQL checks every existing row while holding an ACCESS "
	 "EXCLUSIVE lock: reads and writes wait",
	 "add the constraint NOT VALID, then VALIDATE CONSTRAINT in a "
	 "later transaction: it scans without blocking writes"},
    [R_ADD_UNIQUE_CONSTRAINT] =
	{"the unique index is built while the ALTER TABLE holds an "
	 "ACCESS EXCLUSIVE lock: reads and writes wait for the build",
	 "build the unique index with CREATE UNIQUE INDEX CONCURRENTLY "
	 "(transaction=false), then add the constraint USING INDEX"},
    [R_ADD_PRIMARY_KEY] =
	{"the primary key's index is built (and the columns checked for "
	 "NULLs) while the ALTER TABLE holds an ACCESS EXCLUSIVE lock",
	 "build a unique index CONCURRENTLY (transaction=false), make the "
	 "columns NOT NULL the safe way, then ADD PRIMARY KEY USING "
	 "INDEX"},
    [R_ENUM_VALUE_REMOVED] =
	{"rows holding the removed values fail the conversion, and the "
	 "application version still running writes them",
	 "keep the value (stop writing it in the application), or "
	 "migrate the rows off it first and remove it once no running "
	 "version writes it"},
    [R_ENUM_VALUE_REORDERED] =
	{"ORDER BY and comparisons on the column change meaning for the "
	 "application version still running",
	 "add new values with ALTER TYPE ... ADD VALUE ... BEFORE/AFTER "
	 "instead of recreating the type"},
    [R_RENAME_ENUM_VALUE] =
	{"the application version still running writes and compares the "
	 "old label: its statements fail or stop matching",
	 "add the new value, move rows to it, stop writing the old one, "
	 "and keep the old label until no running version uses it"},
    [R_VACUUM_FULL] =
	{"the table is rewritten while an exclusive lock blocks reads "
	 "and writes",
	 "plain VACUUM (it does not block), or pg_repack outside the "
	 "migration"},
    [R_VACUUM_IN_TRANSACTION] =
	{"the statement fails: VACUUM cannot run inside a transaction",
	 "run it outside migrations, or in a migration whose up section "
	 "is `-- retort:up transaction=false`"},
    [R_CLUSTER] = {"the table and its indexes are rewritten under an ACCESS "
		   "EXCLUSIVE lock: reads and writes wait",
		   "pg_repack (or pg_squeeze) outside the migration"},
    [R_TRUNCATE] =
	{"every row is gone, and the ACCESS EXCLUSIVE lock blocks reads "
	 "and writes (CASCADE empties the referencing tables too)",
	 "DELETE in batches, in a migration of its own, once no running "
	 "version needs the rows"},
    [R_DROP_PARTITION] =
	{"the rows in the partition are gone, at once and for good",
	 "copy the rows elsewhere first (or exchange the partition with a "
	 "table), in a migration of its own, once no running version "
	 "needs them"},
    [R_LOCK_TABLE] =
	{"the lock is held until the migration commits: every query of "
	 "the application on the table waits, and queues behind it "
	 "while it waits",
	 "take no explicit lock; if one is needed, set a short "
	 "lock_timeout and keep the migration short"},
    [R_MISSING_LOCK_TIMEOUT] =
	{"while the statement waits for its lock behind a long query, "
	 "every new query on the table queues behind it: the site "
	 "stalls. retort runs each migration under a lock_timeout of its "
	 "own (2 s unless --lock-timeout says otherwise), so the rule "
	 "concerns SQL run by other means (a plain SQL file, a script of "
	 "`upgrade --sql`: it sets none), upgrades with --lock-timeout 0, "
	 "and a migration that sets lock_timeout to 0",
	 "SET lock_timeout at the top of the file (or keep retort's), and "
	 "retry on timeout"},
    [R_BACKFILL_IN_DDL_TRANSACTION] =
	{"the DDL's lock is held until the transaction commits, so "
	 "every row is updated while the application waits",
	 "backfill in a migration of its own (transaction=false), in "
	 "batches with a WHERE on the key"},
    [R_TRANSACTION_CONTROL] =
	{"retort runs each migration in one transaction with its "
	 "bookkeeping: a COMMIT ends it early, the rest runs outside, "
	 "and a failure leaves half a migration recorded as not run",
	 "remove the statement; use `-- retort:up transaction=false` "
	 "for statements that must run outside a transaction"},
    [R_TABLE_REBUILD] =
	{"the copy holds the database's write lock for its whole "
	 "duration, and columns the rebuild drops or renames break the "
	 "application version still running (a column of the old table "
	 "the copy does not carry loses its data: that is reported as "
	 "drop-column, an error)",
	 "run `PRAGMA foreign_key_check` after the copy, keep the "
	 "column names the running version uses, and rebuild large "
	 "tables at a quiet time"},
    [R_BLOCKING_ALTER] =
	{"MariaDB copies every row into a new table (or rebuilds it in "
	 "place) while a shared lock lets reads go on and makes every "
	 "INSERT, UPDATE and DELETE wait until it is done; the metadata "
	 "lock is exclusive at the start and at the swap, and while the "
	 "statement waits for it every new query on the table queues "
	 "behind it (lock_wait_timeout, retort's --lock-timeout, bounds "
	 "that wait)",
	 "make the change one the server does INSTANT or INPLACE with "
	 "LOCK=NONE (docs/guide-mysql.md has the table) and write that "
	 "ALGORITHM=/LOCK= in the statement, so that the server refuses "
	 "rather than copies; for a large table that needs the copy, use "
	 "an online schema change tool (pt-online-schema-change, gh-ost) "
	 "or a quiet time"},
    [R_NARROWING_COLUMN_TYPE] =
	{"values that do not fit the new type make the ALTER fail in "
	 "strict mode (the table stays as it was), or are cut to fit "
	 "without strict mode (data lost); the application version still "
	 "running keeps writing values of the old type",
	 "check the data first (SELECT ... WHERE the value does not fit), "
	 "and narrow only once no running version writes such values; "
	 "widening loses nothing"},
    [R_LOSSY_CHARSET_CHANGE] =
	{"characters the new character set cannot hold (emoji in "
	 "utf8mb3, anything outside Latin-1 in latin1) make the ALTER "
	 "fail in strict mode, or become '?' without it",
	 "keep utf8mb4; if the conversion is wanted, check the data first "
	 "(WHERE CONVERT(col USING latin1) <> col) and convert a copy"},
    [R_CHAR_COLUMN] =
	{"char(n) pads values with blanks to n characters and "
	 "compares them blank-insensitively: surprising, and no faster",
	 "text, or varchar(n) for a length limit"},
    [R_TIMESTAMP_WITHOUT_TIME_ZONE] =
	{"the value has no time zone: its meaning depends on the "
	 "session's TimeZone, and daylight saving makes it ambiguous",
	 "timestamptz (timestamp with time zone)"},
    [R_SERIAL_COLUMN] =
	{"serial is a default on a sequence owned loosely by the column: "
	 "permissions, copies (CREATE TABLE LIKE) and dumps treat it "
	 "apart from the column",
	 "bigint GENERATED BY DEFAULT AS IDENTITY (or ALWAYS)"},
    [R_INT_PRIMARY_KEY] =
	{"a 32-bit key runs out at 2,147,483,647 rows, and widening it "
	 "later rewrites the table and every referencing one",
	 "bigint (bigint GENERATED ... AS IDENTITY)"},
    [R_STANDBY_CONFLICT] =
	{"the lock is written to the WAL: each hot standby, replaying it, "
	 "waits for its own queries on the table, then cancels them after "
	 "max_standby_streaming_delay (30 s by default) with 'canceling "
	 "statement due to conflict with recovery'; while it waits, its "
	 "replay (and every later change) stops, so its lag grows",
	 "run it when the standbys' readers can retry, keep the lock "
	 "short (lock_timeout, one statement per migration), or use the "
	 "form that takes a weaker lock (CONCURRENTLY, NOT VALID then "
	 "VALIDATE); hot_standby_feedback does not prevent lock "
	 "conflicts"},
    [R_UNPARSED_STATEMENT] =
	{"retort could not parse the statement, so no rule checked it",
	 "check that it is valid SQL for the dialect"},
    [R_UNKNOWN_LINT_RULE] =
	{"the directive suppresses nothing: a typo hides nothing, but "
	 "the finding it meant to suppress still counts",
	 "use a rule id from `retort lint --rules`"},
};

/* "postgres,sqlite": the names of the engines applying each rule, in
 * alphabetical order, so the list reads the same whatever order the
 * engines are registered in. */
static void fill_dialects(void)
{
	static char names[R__COUNT][64];
	const rt_backend *const *all, *sorted[16];
	size_t i, j, k, n, ns = 0;

	all = rt_backend_all(&n);
	for (i = 0; i < n && ns < RT_ARRAY_SIZE(sorted); i++) {
		for (j = ns;
		     j > 0 && strcmp(sorted[j - 1]->name, all[i]->name) > 0;
		     j--)
			sorted[j] = sorted[j - 1];
		sorted[j] = all[i];
		ns++;
	}
	for (k = 0; k < R__COUNT; k++) {
		size_t len = 0;

		for (i = 0; i < ns; i++) {
			if (!(sorted[i]->lint->rules & RT_LINT_RULE_BIT(k)))
				continue;
			len += (size_t)snprintf(
			    names[k] + len, sizeof(names[k]) - len, "%s%s",
			    len ? "," : "", sorted[i]->name);
			if (len >= sizeof(names[k]))
				len = sizeof(names[k]) - 1;
		}
		rt_lint_rule_table[k].dialects = names[k];
	}
}

void rt_lint_rules_ready(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, fill_dialects);
}

const rt_lint_rule *rt_lint_rules(size_t *n)
{
	rt_lint_rules_ready();
	if (n)
		*n = R__COUNT;
	return rt_lint_rule_table;
}

const rt_lint_rule *rt_lint_rule_get(const char *id)
{
	size_t i;

	rt_lint_rules_ready();
	for (i = 0; i < R__COUNT; i++)
		if (!strcmp(rt_lint_rule_table[i].id, id))
			return &rt_lint_rule_table[i];
	return NULL;
}

int rt_lint_ops_complete(const rt_lint_ops *ops)
{
	return ops->rules && ops->state_new && ops->state_free &&
	       ops->begin_migration && ops->step && ops->lookup &&
	       rt_lookup_ops_complete(ops->lookup);
}
