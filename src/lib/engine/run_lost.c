/*
 * run_lost.c: what a statement-by-statement run says when its connection
 * went away mid-migration (the server stopped, the network failed).
 */
#include "engine/runner.h"
#include "util/buf.h"
#include "util/error.h"

#include <string.h>

/* SQLSTATE class 08, connection exception: the drivers' lost
 * connection. */
int rt_runner_conn_lost(const rt_error *e)
{
	return !strncmp(e->sqlstate, "08", 2);
}

/*
 * The hint of a statement-by-statement run whose connection went away
 * (the server stopped, the network failed): nothing in the file is at
 * fault. Statements 1..committed are known to be committed; a statement
 * that ran outside a transaction (units[i]) may have committed before the
 * loss, which no client can tell, so it is named as in doubt; a
 * transaction of DML is rolled back by the server unless the loss came
 * during its COMMIT, and the next run learns which from the journal,
 * committed in that same transaction.
 */
void rt_runner_hint_lost(runner *r, rt_direction d, const rt_unit *units,
			 size_t n, size_t i, size_t committed)
{
	const char *sect = d == RT_UP ? "up" : "down";
	const char *verb = d == RT_UP ? "upgrade" : "downgrade";
	rt_buf b = RT_BUF_INIT;

	rt_buf_init(&b);
	if (i < n && !rt_runner_unit_in_txn(r, &units[i]))
		rt_buf_printf(&b, "the connection was lost while statement "
				  "%zu ran: whether %s committed statement "
				  "%zu is unknown (it runs outside a "
				  "transaction); ",
			      i + 1, r->db->be->name, i + 1);
	else if (i < n && committed < i)
		rt_buf_printf(&b, "the connection was lost while statement "
				  "%zu ran: its transaction, from statement "
				  "%zu on, is rolled back unless the loss came "
				  "during its commit; ",
			      i + 1, committed + 1);
	else
		rt_buf_printf(&b, "the connection was lost while statement "
				  "%zu ran; ",
			      i + 1);
	if (committed == 1)
		rt_buf_printf(&b, "statement 1 of its %s section is committed "
				  "and stays. ",
			      sect);
	else if (committed)
		rt_buf_printf(&b, "statements 1-%zu of its %s section are "
				  "committed and stay. ",
			      committed, sect);
	else
		rt_buf_printf(&b, "no statement of its %s section is known to "
				  "be committed. ",
			      sect);
	rt_buf_printf(&b, "Nothing in the file needs fixing: once the server "
			  "answers again, 'retort status' shows where the "
			  "journal stopped and the next %s resumes there "
			  "(here: at statement %zu)",
		      verb, committed + 1);
	if (i < n && !rt_runner_unit_in_txn(r, &units[i]))
		rt_buf_printf(&b, "; if statement %zu's effect is already in "
				  "the database, that run stops at it: do the "
				  "rest by hand and record the migration with "
				  "'retort stamp'",
			      i + 1);
	else
		rt_buf_printf(&b, "; or, once the rest is done by hand, "
				  "'retort stamp' records the migration as %s",
			      d == RT_UP ? "applied" : "reverted");
	if (rt_buf_check(&b) == 0)
		rt_error_hint("%s", b.ptr);
	rt_buf_release(&b);
}
