/*
 * postgres_replica.c: the replay lag of a primary's streaming replicas,
 * as the primary sees them (pg_stat_replication), for the pause of bulk
 * writes (engine/replica.c) and `status`.
 */
#include "backend/postgres_int.h"

#include <stdlib.h>
#include <string.h>

/*
 * One row per walsender, and one per physical slot that no walsender
 * serves (a replica that was there and is gone: "disconnected").
 * replay_lag is the time since the WAL the replica last replayed was
 * written; the primary forgets it (NULL) once the replica reports itself
 * caught up twice, so NULL while streaming is 0. A stuck replay shows a
 * lag that grows (walsender.c interpolates between its samples). A role
 * without pg_read_all_stats sees only the pid: the state is then
 * "unknown", never a lag of 0 that would let writes through blindly
 * with nothing said.
 */
static const char replicas_sql[] =
	"SELECT coalesce(nullif(r.application_name, ''), s.slot_name, "
	"'pid ' || r.pid), "
	"CASE WHEN r.pid IS NULL THEN 'disconnected' "
	"ELSE coalesce(r.state, 'unknown') END, "
	"CASE WHEN r.state IS NULL THEN NULL "
	"ELSE coalesce(extract(epoch FROM r.replay_lag), 0) END, "
	"CASE WHEN r.replay_lsn IS NULL THEN NULL "
	"WHEN pg_is_in_recovery() THEN 0 "
	"ELSE pg_wal_lsn_diff(pg_current_wal_lsn(), r.replay_lsn) END "
	"FROM pg_stat_replication r FULL JOIN (SELECT slot_name, active_pid "
	"FROM pg_replication_slots WHERE slot_type = 'physical') s "
	"ON s.active_pid = r.pid "
	"WHERE r.pid IS NOT NULL OR s.active_pid IS NULL "
	"ORDER BY 1";

/* The connection the lag is asked on: not the main one, which may be in
 * a COPY; a short statement_timeout, so a stuck server cannot hang the
 * pause forever without an error. */
static int replica_conn(rt_conn *c)
{
	const char *keys[PG_MAXPARAMS], *vals[PG_MAXPARAMS];

	if (c->replica_pg && PQstatus(c->replica_pg) == CONNECTION_OK)
		return 0;
	if (c->replica_pg)
		PQfinish(c->replica_pg);
	rt_pg_conn_params(keys, vals, c->url, 1);
	c->replica_pg = PQconnectdbParams(keys, vals, 0);
	if (!c->replica_pg || PQstatus(c->replica_pg) != CONNECTION_OK) {
		const char *m = c->replica_pg ? PQerrorMessage(c->replica_pg)
					      : "out of memory";
		const char *nl = strchr(m, '\n');

		rt_error_set(RT_ERROR_BACKEND,
			     "could not connect to %s to read the replicas' "
			     "lag",
			     c->redacted);
		rt_error_detail("%.*s", nl ? (int)(nl - m) : (int)strlen(m), m);
		if (c->replica_pg)
			PQfinish(c->replica_pg);
		c->replica_pg = NULL;
		return RT_ERROR;
	}
	PQsetNoticeProcessor(c->replica_pg, rt_pg_ignore_notice, NULL);
	return rt_pg_run_simple(c, c->replica_pg,
				"SET statement_timeout = '10s'");
}

int rt_pg_replica_lag(rt_conn *c, rt_replica_cb cb, void *payload)
{
	PGresult *res;
	int i, n, error = 0;

	if ((error = replica_conn(c)) < 0)
		return error;
	res = PQexec(c->replica_pg, replicas_sql);
	if (!res || PQresultStatus(res) != PGRES_TUPLES_OK) {
		PGconn *saved = c->pg;

		/* rt_pg_result_error reads the message of c->pg's */
		c->pg = c->replica_pg;
		error = rt_pg_result_error(c, res, NULL);
		c->pg = saved;
		rt_error_prefix("reading the replicas' lag");
		PQclear(res);
		return error;
	}
	n = PQntuples(res);
	for (i = 0; i < n && !error; i++) {
		rt_replica r;

		r.name = PQgetvalue(res, i, 0);
		r.state = PQgetvalue(res, i, 1);
		r.streaming = !strcmp(r.state, "streaming");
		r.lag_s = PQgetisnull(res, i, 2)
			      ? -1
			      : strtod(PQgetvalue(res, i, 2), NULL);
		r.lag_bytes = PQgetisnull(res, i, 3)
				  ? -1
				  : strtoll(PQgetvalue(res, i, 3), NULL, 10);
		if (cb(payload, &r))
			break;
	}
	PQclear(res);
	return error;
}
