/*
 * replica.c: bulk writes that wait for replicas. With a primary that
 * streams to replicas (RT_CAP_REPLICAS), an online backfill's batches and
 * the rows of retort:load and retort:copy pause while any replica's replay
 * lag is over rt_db_options.max_replica_lag, so the replicas' readers
 * never fall further behind than that plus one batch; `status` reads the
 * same figures (rt_replicas_load).
 */
#include "engine/engine.h"
#include "util/fs.h"

/* How often a gate asks the server at most, and how often it asks while
 * it waits: the lag is a replica's own report, sent about every second
 * while WAL flows (wal_receiver_status_interval when idle). */
#define GATE_CHECK_MS 250
#define GATE_POLL_MS 500
/* how often a wait is reported again while it lasts */
#define GATE_REPORT_MS 5000

void rt_replica_gate_init(rt_replica_gate *g, rt_db *db, const char *table,
			  rt_event_cb cb, void *payload)
{
	memset(g, 0, sizeof(*g));
	g->db = db;
	g->table = table;
	g->cb = cb;
	g->payload = payload;
	g->enabled = db && (db->be->caps & RT_CAP_REPLICAS) &&
		     db->opts.max_replica_lag > 0;
}

typedef struct worst {
	rt_replica_gate *g;
	double max;
	char name[128], state[32];
	double lag;
	int over;
} worst;

static void emit(rt_replica_gate *g, const char *name, const char *state,
		 double lag, double waited, int finished)
{
	rt_event ev;

	if (!g->cb)
		return;
	memset(&ev, 0, sizeof(ev));
	ev.kind = RT_EVENT_REPLICA_WAIT;
	ev.table = g->table;
	ev.replica = name;
	ev.replica_state = state;
	ev.lag_s = lag;
	ev.max_lag_s = g->db->opts.max_replica_lag;
	ev.waited_s = waited;
	ev.finished = finished;
	g->cb(&ev, g->payload);
}

/* A replica that is not streaming is said once per gate: it is not
 * waited for (a replica gone for good would stop every migration), but
 * whoever runs the migration should know it is not being protected. */
static void note_down(rt_replica_gate *g, const rt_replica *r)
{
	size_t i;

	for (i = 0; i < g->nnoted; i++)
		if (!strcmp(g->noted[i], r->name))
			return;
	if (g->nnoted < RT_ARRAY_SIZE(g->noted))
		snprintf(g->noted[g->nnoted++], sizeof(g->noted[0]), "%s",
			 r->name);
	emit(g, r->name, r->state, r->lag_s, 0, 0);
}

static int on_replica(void *payload, const rt_replica *r)
{
	worst *w = payload;

	if (!r->streaming && strcmp(r->state, "catchup") != 0) {
		note_down(w->g, r);
		return 0;
	}
	/* a replica catching up after a restart lags for real */
	if (r->lag_s > w->max && (!w->over || r->lag_s > w->lag)) {
		w->over = 1;
		w->lag = r->lag_s;
		snprintf(w->name, sizeof(w->name), "%s", r->name);
		snprintf(w->state, sizeof(w->state), "%s", r->state);
	}
	return 0;
}

int rt_replica_gate_pass(rt_replica_gate *g)
{
	int64_t now, start = 0, reported = 0;
	worst w;
	int error;

	if (!g->enabled)
		return 0;
	now = rt_time_ms();
	if (g->next_check && now < g->next_check)
		return 0;
	for (;;) {
		memset(&w, 0, sizeof(w));
		w.g = g;
		w.max = g->db->opts.max_replica_lag;
		if ((error = g->db->be->replica_lag(g->db->conn, on_replica,
						    &w)) < 0)
			return error;
		now = rt_time_ms();
		if (!w.over)
			break;
		if (!start)
			start = now;
		if (!reported || now - reported >= GATE_REPORT_MS) {
			emit(g, w.name, NULL, w.lag,
			     (double)(now - start) / 1000.0, 0);
			reported = now;
		}
		/* the lock stays ours while we wait: a lease's heartbeat
		 * renews it; a lost one ends the wait */
		if (g->db->be->check_lock &&
		    (error = g->db->be->check_lock(g->db->conn)) < 0)
			return error;
		rt_sleep_ms(GATE_POLL_MS);
	}
	if (start) {
		g->waited_ms += now - start;
		emit(g, NULL, NULL, 0, (double)(now - start) / 1000.0, 1);
	}
	g->next_check = now + GATE_CHECK_MS;
	return 0;
}

/* ---- rt_replicas_load ---------------------------------------------------- */

typedef struct collect {
	rt_arena *a;
	rt_vec v; /* rt_replica * */
	int error;
} collect;

static int on_collect(void *payload, const rt_replica *r)
{
	collect *c = payload;
	rt_replica *copy = rt_arena_alloc(c->a, sizeof(*copy));

	if (!copy || !(copy->name = rt_arena_strdup(c->a, r->name)) ||
	    !(copy->state = rt_arena_strdup(c->a, r->state))) {
		c->error = RT_ERROR;
		return 1;
	}
	copy->streaming = r->streaming;
	copy->lag_s = r->lag_s;
	copy->lag_bytes = r->lag_bytes;
	if (rt_vec_push(c->a, &c->v, copy) < 0) {
		c->error = RT_ERROR;
		return 1;
	}
	return 0;
}

int rt_replicas_load(rt_replicas **out, rt_db *db)
{
	rt_arena *a = calloc(1, sizeof(*a));
	rt_replicas *r = NULL;
	collect c;
	size_t i;
	int error = 0;

	*out = NULL;
	if (!a)
		return rt_error_nomem();
	rt_arena_init(a);
	memset(&c, 0, sizeof(c));
	c.a = a;
	if (!(r = rt_arena_alloc(a, sizeof(*r)))) {
		error = RT_ERROR;
		goto done;
	}
	memset(r, 0, sizeof(*r));
	r->priv = a;
	r->max_lag_s = db->opts.max_replica_lag;
	r->supported = (db->be->caps & RT_CAP_REPLICAS) != 0;
	if (r->supported && db->exists) {
		error = db->be->replica_lag(db->conn, on_collect, &c);
		if (!error && c.error < 0)
			error = c.error;
	}
	if (error < 0)
		goto done;
	if (c.v.len &&
	    !(r->replicas = rt_arena_alloc(a, c.v.len * sizeof(rt_replica)))) {
		error = RT_ERROR;
		goto done;
	}
	for (i = 0; i < c.v.len; i++)
		r->replicas[i] = *(rt_replica *)c.v.items[i];
	r->count = c.v.len;
done:
	if (error < 0) {
		rt_arena_release(a);
		free(a);
		return error;
	}
	*out = r;
	return 0;
}

void rt_replicas_free(rt_replicas *r)
{
	rt_arena *a;

	if (!r)
		return;
	a = r->priv;
	rt_arena_release(a);
	free(a);
}
