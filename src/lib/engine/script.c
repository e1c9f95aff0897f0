/*
 * script.c: offline mode (`upgrade --sql`, `downgrade --sql`). Nothing
 * connects: the applied set is taken to be the ancestors of `from`, the
 * plan is made as for a live run, and each migration becomes its
 * statements plus the same bookkeeping statements a live run executes,
 * in a transaction unless the section says transaction=false (then
 * journaled statement by statement, as live). The script stops at its
 * first error by itself, and never records a migration whose statements
 * did not all succeed. Text pasted into it (paths, names) is quoted for
 * where it lands: comments cannot be ended by a newline in a path.
 */
#include "engine/engine.h"

static void put_stmt(rt_buf *out, const rt_backend *be, const char *sql,
		     size_t len)
{
	if (be->put_script_stmt) {
		be->put_script_stmt(out, sql, len);
		return;
	}
	rt_buf_put(out, sql, len);
	/* the splitter keeps a statement's ';' when it had one */
	if (!len || sql[len - 1] != ';')
		rt_buf_putc(out, ';');
	rt_buf_putc(out, '\n');
}

/* The journal of statement `i` (0-based) of a transaction=false section,
 * as the live runner writes it: the partial row's count and a log row
 * with the statement's hash, committed together. */
static int put_journal(rt_state_writer *w, rt_arena *a, const rt_migration *m,
		       rt_direction d, rt_unit *u, int i)
{
	rt_log_entry e = {0};
	int error;

	if (!(e.checksum = rt_unit_hash(u, a)))
		return RT_ERROR;

	e.event = "statement";
	e.revision = m->name;
	e.direction = d == RT_UP ? "up" : "down";
	e.statement = i + 1;
	e.duration_ms = -1;
	if ((error = rt_state_mark_partial(w, m, d, i + 1, 1, 0)) < 0)
		return error;
	return rt_state_log(w, &e);
}

static int put_load(rt_buf *out, const rt_backend *be, const rt_migration *m,
		    const rt_unit *u)
{
	rt_buf_puts(out, "-- retort:load ");
	rt_buf_put_sql_comment(out, u->step->table);
	rt_buf_puts(out, " FROM ");
	rt_buf_put_sql_comment(out, u->step->csv_path);
	rt_buf_putc(out, '\n');
	return rt_csv_load(NULL, out, be, u->step, m->path, NULL, NULL);
}

static int put_copy(rt_buf *out, const rt_backend *be, const rt_migration *m,
		    const rt_unit *u)
{
	rt_buf_puts(out, "-- retort:");
	rt_buf_put_sql_comment(out, u->sql);
	rt_buf_putc(out, '\n');
	return rt_copy_run(NULL, out, be, u->step, m->path, NULL, NULL);
}

/* One unit of a section, as the engine's shell runs it. */
static int put_unit(rt_buf *out, const rt_backend *be, const rt_migration *m,
		    const rt_unit *u)
{
	if (u->kind == RT_STEP_LOAD)
		return put_load(out, be, m, u);
	if (u->kind == RT_STEP_COPY)
		return put_copy(out, be, m, u);
	put_stmt(out, be, u->sql, u->len);
	return 0;
}

/*
 * One migration. A transactional section: BEGIN, its statements, its
 * bookkeeping, COMMIT, so a failed statement (the script stops there, see
 * rt_backend.script_prologue) leaves nothing of it recorded. A
 * transaction=false section runs as live: a partial row first, each
 * statement followed by its journal, the final row last; a failure
 * leaves the revision partial where it stopped, and the next live
 * upgrade resumes it.
 */
static int script_one(rt_buf *out, const rt_backend *be, rt_arena *a,
		      const rt_migration *m, rt_direction d, int in_single)
{
	const rt_section *sec = d == RT_UP ? &m->up : &m->down;
	rt_state_writer w = {NULL, be, out, 0};
	rt_log_entry e = {0};
	rt_unit *units;
	size_t n, i;
	/* without transactional DDL every section is journaled statement
	 * by statement, as a live run does it */
	int error, txn = (sec->transaction &&
			  (be->caps & RT_CAP_TRANSACTIONAL_DDL)) ||
			 in_single;

	if ((error = rt_units_build(&units, &n, a, be, sec, m->path)) < 0)
		return error;
	rt_buf_puts(out, d == RT_UP ? "\n-- up " : "\n-- down ");
	rt_buf_put_sql_comment(out, m->name);
	rt_buf_puts(out, " (");
	rt_buf_put_sql_comment(out, m->path);
	rt_buf_puts(out, txn ? ")\n"
			 : sec->transaction
				 ? ", NOT ATOMIC: DDL commits on its own)\n"
				   "-- each statement is journaled: a failure "
				   "leaves it partial, and 'retort upgrade'\n"
				   "-- resumes it at the failed statement\n"
				 : ", transaction=false)\n");
	if (txn && !in_single)
		rt_buf_puts(out, "BEGIN;\n");
	if (!txn) {
		/* down: the applied row becomes partial; up: a new row */
		rt_buf_puts(out, "BEGIN;\n");
		if ((error = rt_state_mark_partial(&w, m, d, 0, d == RT_DOWN,
						   0)) < 0)
			return error;
		rt_buf_puts(out, "COMMIT;\n");
	}
	for (i = 0; i < n; i++) {
		if (!txn && units[i].kind != RT_STEP_SQL)
			rt_buf_puts(out, "BEGIN;\n");
		if ((error = put_unit(out, be, m, &units[i])) < 0)
			return error;
		if (txn)
			continue;
		if (units[i].kind == RT_STEP_SQL)
			rt_buf_puts(out, "BEGIN;\n");
		if ((error = put_journal(&w, a, m, d, &units[i], (int)i)) < 0)
			return error;
		rt_buf_puts(out, "COMMIT;\n");
	}
	if (!txn)
		rt_buf_puts(out, "BEGIN;\n");
	if (d == RT_UP)
		error = rt_state_mark_applied(&w, m, 0, !txn);
	else
		error = rt_state_delete(&w, m->name);
	if (error < 0)
		return error;
	e.event = d == RT_UP ? "upgrade" : "downgrade";
	e.revision = m->name;
	e.direction = d == RT_UP ? "up" : "down";
	e.checksum = m->checksum;
	e.duration_ms = -1;
	if ((error = rt_state_log(&w, &e)) < 0)
		return error;
	if (!in_single)
		rt_buf_puts(out, "COMMIT;\n");
	return rt_buf_check(out);
}

/*
 * The repeatable migrations after an upgrade script that reaches the
 * head(s). A live run applies only those whose text changed; a script
 * cannot know which did, so it applies each (a repeatable migration is
 * written to be run again: CREATE OR REPLACE, or drop and create), in
 * the order of their `-- retort:after` lines, and replaces its row.
 */
static int script_repeatables(rt_buf *out, const rt_backend *be, rt_arena *a,
			      const rt_dir *dir)
{
	rt_state_writer w = {NULL, be, out, 0};
	size_t i, k, n;
	rt_unit *units;
	int error = 0;

	for (i = 0; i < dir->nrepeatables && !error; i++) {
		const rt_migration *m = dir->repeatables[i];
		rt_log_entry e = {0};
		int txn = (be->caps & RT_CAP_TRANSACTIONAL_DDL) &&
			  m->up.transaction;

		if ((error = rt_units_build(&units, &n, a, be, &m->up,
					    m->path)) < 0)
			return error;
		rt_buf_puts(out, "\n-- repeatable ");
		rt_buf_put_sql_comment(out, m->name);
		rt_buf_puts(out, " (");
		rt_buf_put_sql_comment(out, m->path);
		rt_buf_puts(out, txn ? ")\nBEGIN;\n"
				 : ", not atomic: its row is written after "
				   "it; a failure leaves the old one)\n");
		for (k = 0; k < n && !error; k++)
			error = put_unit(out, be, m, &units[k]);
		if (error < 0)
			return error;
		if (!txn)
			rt_buf_puts(out, "BEGIN;\n");
		e.event = "repeatable";
		e.revision = m->name;
		e.direction = "up";
		e.checksum = m->checksum;
		e.duration_ms = -1;
		if ((error = rt_state_delete(&w, m->name)) < 0 ||
		    (error = rt_state_mark_applied(&w, m, 0, 0)) < 0 ||
		    (error = rt_state_log(&w, &e)) < 0)
			return error;
		rt_buf_puts(out, "COMMIT;\n");
	}
	return rt_buf_check(out);
}

/* After a downgrade script: the repeatable migrations' rows go (their
 * objects stay), so the next upgrade to the head applies each again, as
 * a live downgrade leaves them. */
static int script_forget_repeatables(rt_buf *out, const rt_backend *be,
				     const rt_dir *dir)
{
	rt_state_writer w = {NULL, be, out, 0};
	size_t i;
	int error = 0;

	if (!dir->nrepeatables)
		return 0;
	rt_buf_puts(out, "\n-- the repeatable migrations are applied again "
			 "by the next upgrade to the head\nBEGIN;\n");
	for (i = 0; i < dir->nrepeatables && !error; i++)
		error = rt_state_delete(&w, dir->repeatables[i]->name);
	if (error < 0)
		return error;
	rt_buf_puts(out, "COMMIT;\n");
	return rt_buf_check(out);
}

int rt_script(const rt_dir *dir, rt_direction d, const rt_run_options *opts)
{
	const rt_backend *be = opts->dialect ? rt_backend_named(opts->dialect)
					     : rt_backend_default();
	rt_arena a = RT_ARENA_INIT;
	unsigned char *applied;
	rt_plan plan;
	rt_target from;
	rt_buf *out = opts->sql_out;
	const char *from_spec = opts->from ? opts->from
					   : (d == RT_UP ? "base" : "head");
	const char *target = opts->target ? opts->target
					  : (d == RT_UP ? "head" : "-1");
	size_t i;
	int error;

	if (!be)
		return rt_error_set(RT_ERROR_USAGE, "unknown SQL dialect '%s'",
				    opts->dialect);
	rt_arena_init(&a);
	if (!(applied = rt_arena_alloc(&a, dir->count + 1))) {
		error = RT_ERROR;
		goto done;
	}
	if ((error = rt_target_resolve(&from, dir, from_spec)) < 0)
		goto done;
	if (from.kind == RT_TARGET_HEADS)
		memset(applied, 1, dir->count);
	else if (from.kind == RT_TARGET_RELATIVE) {
		error = rt_error_setc(RT_EUSAGE, RT_ERROR_USAGE,
				      "an offline script starts at a "
				      "revision, head or base, not '%s'",
				      from_spec);
		goto done;
	} else if (from.rev)
		rt_graph_mark_ancestors(dir, from.rev, applied);
	if ((error = rt_plan_make(&plan, &a, dir, applied, NULL, d, target)) < 0)
		goto done;
	for (i = 0; i < plan.n; i++) {
		const rt_migration *m = plan.steps[i];

		if (d == RT_DOWN && !m->down.present) {
			error = rt_error_set(RT_ERROR_GRAPH,
					     "migration '%s' is irreversible",
					     m->name);
			rt_error_detail("it has no '-- retort:down' section");
			rt_error_at(m->path, 0, 0);
			goto done;
		}
		/* expand, backfill and contract are steps against a live
		 * database, each deciding from what the last one left */
		if (d == RT_UP && m->online) {
			error = rt_error_setc(RT_EUSAGE, RT_ERROR_USAGE,
					     "migration '%s' is marked "
					     "'-- retort:online': it runs "
					     "against a live database, not "
					     "as a script",
					     m->name);
			rt_error_hint("'retort online plan %s' shows its "
				      "steps; 'retort upgrade' runs them",
				      m->name);
			rt_error_at(m->path, 0, 0);
			goto done;
		}
		if (opts->single_transaction &&
		    !(d == RT_UP ? m->up : m->down).transaction) {
			error = rt_error_set(RT_ERROR_USAGE,
					     "--single-transaction cannot "
					     "include migration '%s' "
					     "(transaction=false)",
					     m->name);
			goto done;
		}
	}
	if (opts->single_transaction && plan.n &&
	    !(be->caps & RT_CAP_TRANSACTIONAL_DDL)) {
		error = rt_error_setc(RT_EUSAGE, RT_ERROR_USAGE,
				      "--single-transaction cannot work on %s",
				      be->name);
		rt_error_detail("the engine commits every DDL statement on its "
				"own, so the script could never be rolled back "
				"as one transaction");
		goto done;
	}
	/* first, so that the engine's shell stops at the first error */
	rt_buf_puts(out, be->script_prologue);
	rt_buf_printf(out, "-- retort %s script (%s): ",
		      d == RT_UP ? "upgrade" : "downgrade", be->name);
	rt_buf_put_sql_comment(out, from_spec);
	rt_buf_puts(out, " -> ");
	rt_buf_put_sql_comment(out, target);
	rt_buf_printf(out, ", %zu migration%s\n", plan.n,
		      plan.n == 1 ? "" : "s");
	rt_buf_puts(out, "-- generated by retort " RT_VERSION "\n\n");
	if (opts->schema_name && (be->caps & RT_CAP_SCHEMAS)) {
		/* where a live run would work: --schema-name or the URL's
		 * search_path */
		be->put_use_schema(out, opts->schema_name);
		rt_buf_puts(out, "\n");
	}
	rt_buf_puts(out, be->state_ddl);
	if (opts->single_transaction)
		rt_buf_puts(out, "\nBEGIN;\n");
	for (i = 0; i < plan.n; i++)
		if ((error = script_one(out, be, &a, plan.steps[i], d,
					opts->single_transaction)) < 0)
			goto done;
	if (opts->single_transaction)
		rt_buf_puts(out, "\nCOMMIT;\n");
	/* as a live run: after the versioned migrations' commit */
	if (d == RT_UP && rt_reaches_heads(dir, target))
		error = script_repeatables(out, be, &a, dir);
	else if (d == RT_DOWN && plan.n && !opts->single_transaction)
		error = script_forget_repeatables(out, be, dir);
	if (error < 0)
		goto done;
	error = rt_buf_check(out);
done:
	rt_arena_release(&a);
	return error;
}
