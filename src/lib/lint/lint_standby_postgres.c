/*
 * lint_standby_postgres.c: standby-conflict. Of all the locks a statement
 * takes, PostgreSQL writes only ACCESS EXCLUSIVE ones to the WAL, and a
 * hot standby replays them: the replay waits for the standby's own
 * queries on the relation, up to max_standby_streaming_delay, then
 * cancels them. A lock the primary holds for a millisecond can so cancel
 * reports that run for minutes on a replica. The rule fires only when the
 * database's catalog says the server has standbys (pg_stat_replication,
 * physical slots); tables new in the run are exempt as for every lock
 * rule (rt_lint_emit), and smallness does not suppress it: a small table
 * conflicts as surely as a large one.
 */
#include "lint/lint_postgres.h"

/* The subcommands of ALTER TABLE that take less than ACCESS EXCLUSIVE
 * (tablecmds.c, AlterTableGetLockLevel); the rest take it. */
static int alter_cmd_weaker(const PgQuery__AlterTableCmd *cmd)
{
	switch (cmd->subtype) {
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraint:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetStatistics:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetOptions:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ResetOptions:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_SetRelOptions:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ResetRelOptions:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_ClusterOn:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DropCluster:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AttachPartition:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DetachPartitionFinalize:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrig:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableAlwaysTrig:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableReplicaTrig:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrigAll:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_EnableTrigUser:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrig:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrigAll:
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DisableTrigUser:
		return 1;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_DetachPartition:
		return cmd->def &&
		       cmd->def->node_case ==
			   PG_QUERY__NODE__NODE_PARTITION_CMD &&
		       cmd->def->partition_cmd->concurrent;
	case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint:
		/* a foreign key: SHARE ROW EXCLUSIVE on both tables */
		return cmd->def &&
		       cmd->def->node_case == PG_QUERY__NODE__NODE_CONSTRAINT &&
		       cmd->def->constraint->contype ==
			   PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN;
	default:
		return 0;
	}
}

static int has_full(Node **opts, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (opts[i]->node_case == PG_QUERY__NODE__NODE_DEF_ELEM &&
		    !strcmp(opts[i]->def_elem->defname, "full"))
			return 1;
	return 0;
}

/* Up to this many relations of one statement are reported. */
#define MAX_RELS 8

typedef struct ael {
	const char *tables[MAX_RELS];
	size_t n;
	const char *what; /* the statement, in words */
} ael;

static void add(ael *a, const char *table)
{
	if (table && a->n < MAX_RELS)
		a->tables[a->n++] = table;
}

static void add_rvs(lint_ctx *x, ael *a, Node **rels, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (rels[i]->node_case == PG_QUERY__NODE__NODE_RANGE_VAR)
			add(a, rt_lint_pg_rv_name(x, rels[i]->range_var));
		else if (rels[i]->node_case ==
			     PG_QUERY__NODE__NODE_VACUUM_RELATION &&
			 rels[i]->vacuum_relation->relation)
			add(a, rt_lint_pg_rv_name(
				   x, rels[i]->vacuum_relation->relation));
}

/* The tables statement n locks ACCESS EXCLUSIVE (an index's table for an
 * index), as far as the parse tree tells. */
static int classify(lint_ctx *x, const Node *n, ael *a)
{
	size_t i;

	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT: {
		const PgQuery__AlterTableStmt *s = n->alter_table_stmt;

		if (s->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE &&
		    s->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW)
			return 0;
		for (i = 0; i < s->n_cmds; i++)
			if (s->cmds[i]->node_case ==
				PG_QUERY__NODE__NODE_ALTER_TABLE_CMD &&
			    !alter_cmd_weaker(s->cmds[i]->alter_table_cmd))
				break;
		if (i == s->n_cmds)
			return 0;
		a->what = "ALTER TABLE";
		add(a, rt_lint_pg_rv_name(x, s->relation));
		return 0;
	}
	case PG_QUERY__NODE__NODE_RENAME_STMT: {
		const PgQuery__RenameStmt *s = n->rename_stmt;

		if (!s->relation ||
		    (s->rename_type != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE &&
		     s->rename_type != PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN &&
		     s->rename_type !=
			 PG_QUERY__OBJECT_TYPE__OBJECT_TABCONSTRAINT))
			return 0;
		a->what = "the rename";
		add(a, rt_lint_pg_rv_name(x, s->relation));
		return 0;
	}
	case PG_QUERY__NODE__NODE_DROP_STMT: {
		const PgQuery__DropStmt *s = n->drop_stmt;
		const char *table;
		int error;

		if (s->concurrent)
			return 0;
		for (i = 0; i < s->n_objects; i++) {
			const char *name =
			    rt_lint_pg_object_name(x, s->objects[i]);

			if (!name)
				continue;
			if (s->remove_type ==
				PG_QUERY__OBJECT_TYPE__OBJECT_TABLE ||
			    s->remove_type ==
				PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW) {
				a->what = "DROP";
				add(a, name);
			} else if (s->remove_type ==
				   PG_QUERY__OBJECT_TYPE__OBJECT_INDEX) {
				if ((error = rt_lint_pg_index_table(
					 x, name, &table)) < 0)
					return error;
				a->what = "DROP INDEX";
				add(a, table);
			}
		}
		return 0;
	}
	case PG_QUERY__NODE__NODE_TRUNCATE_STMT:
		a->what = "TRUNCATE";
		add_rvs(x, a, n->truncate_stmt->relations,
			n->truncate_stmt->n_relations);
		return 0;
	case PG_QUERY__NODE__NODE_LOCK_STMT:
		if (n->lock_stmt->mode && n->lock_stmt->mode != 8)
			return 0;
		a->what = "LOCK TABLE";
		add_rvs(x, a, n->lock_stmt->relations,
			n->lock_stmt->n_relations);
		return 0;
	case PG_QUERY__NODE__NODE_CLUSTER_STMT:
		if (n->cluster_stmt->relation) {
			a->what = "CLUSTER";
			add(a, rt_lint_pg_rv_name(x, n->cluster_stmt->relation));
		}
		return 0;
	case PG_QUERY__NODE__NODE_VACUUM_STMT:
		if (n->vacuum_stmt->is_vacuumcmd &&
		    has_full(n->vacuum_stmt->options,
			     n->vacuum_stmt->n_options)) {
			a->what = "VACUUM FULL";
			add_rvs(x, a, n->vacuum_stmt->rels,
				n->vacuum_stmt->n_rels);
		}
		return 0;
	case PG_QUERY__NODE__NODE_REINDEX_STMT: {
		const PgQuery__ReindexStmt *s = n->reindex_stmt;
		const char *table = NULL;
		int error;

		for (i = 0; i < s->n_params; i++)
			if (s->params[i]->node_case ==
				PG_QUERY__NODE__NODE_DEF_ELEM &&
			    !strcmp(s->params[i]->def_elem->defname,
				    "concurrently"))
				return 0;
		if (!s->relation)
			return 0;
		if (s->kind ==
		    PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_TABLE)
			table = rt_lint_pg_rv_name(x, s->relation);
		else if (s->kind ==
			     PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_INDEX &&
			 (error = rt_lint_pg_index_table(
			      x, rt_lint_pg_rv_name(x, s->relation), &table)) <
			     0)
			return error;
		a->what = "REINDEX";
		add(a, table);
		return 0;
	}
	default:
		return 0;
	}
}

int rt_lint_pg_standby(pgx *p, const Node *n)
{
	lint_ctx *x = p->x;
	ael a;
	const char *names;
	int nstandbys, error = 0;
	size_t i;

	memset(&a, 0, sizeof(a));
	if (!x->opts->db || (error = classify(x, n, &a)) < 0 || !a.n)
		return error < 0 ? error : 0;
	if ((error = rt_lint_catalog_standbys(x, &nstandbys, &names)) < 0 ||
	    !nstandbys)
		return error;
	for (i = 0; i < a.n && !error; i++)
		error = rt_lint_pg_hit(
		    x, R_STANDBY_CONFLICT, a.tables[i], -1,
		    rt_lint_fmt(x,
				"%s takes an ACCESS EXCLUSIVE lock on '%s': "
				"replayed on the server's hot standby%s "
				"(%s), it cancels their queries on the table",
				a.what, a.tables[i], nstandbys == 1 ? "" : "s",
				names ? names : "?"),
		    NULL);
	return error;
}
