/*
 * lease.c: the heartbeat thread of a lease row (lease.h), for every
 * engine that keeps its lock as one.
 */
#include "backend/lease.h"
#include "util/error.h"
#include "util/fs.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define LEASE_MS 300000

struct rt_lease_hb {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	/* under mu */
	int stop, lost;
	int64_t valid_until; /* rt_time_ms(): the lease counts until then */
	char why[256];	     /* once lost: why */
	char last_error[200];
	/* set before the thread starts, then read-only */
	int64_t lease_ms;
	const rt_lease_ops *ops;
	void *eng;
};

int rt_lease_ms(void)
{
	const char *env = getenv("RETORT_TEST_LEASE_MS");
	long ms = env ? strtol(env, NULL, 10) : 0;

	return ms >= 100 && ms <= LEASE_MS ? (int)ms : LEASE_MS;
}

int rt_lease_hb_stopping(rt_lease_hb *h)
{
	int stop;

	pthread_mutex_lock(&h->mu);
	stop = h->stop;
	pthread_mutex_unlock(&h->mu);
	return stop;
}

/* Under mu: the lease is no longer ours, for `why` (and the detail). */
static void lose(rt_lease_hb *h, const char *why, const char *detail)
{
	if (h->lost)
		return;
	h->lost = 1;
	snprintf(h->why, sizeof(h->why), "%s%.160s", why,
		 detail ? detail : "");
}

/* Under mu: past the margin without a renewal. */
static void lose_if_late(rt_lease_hb *h)
{
	if (!h->lost && rt_time_ms() >= h->valid_until)
		lose(h, "the lease was not renewed in time: ",
		     h->last_error[0] ? h->last_error : "no answer");
}

static void *hb_main(void *arg)
{
	rt_lease_hb *h = arg;
	int64_t period = h->lease_ms / 6, next = rt_time_ms() + period;
	char who[320], err[200];
	int lost;

	if (h->ops->thread_begin)
		h->ops->thread_begin(h->eng);
	pthread_mutex_lock(&h->mu);
	while (!h->stop && !h->lost) {
		int64_t now = rt_time_ms(), until = h->valid_until, t_sent;
		int64_t wake = next < until ? next : until;
		int r;

		if (now >= until) {
			lose_if_late(h);
			break;
		}
		if (now < wake) {
			struct timespec ts;

			ts.tv_sec = (time_t)(wake / 1000);
			ts.tv_nsec = (long)(wake % 1000) * 1000000L;
			pthread_cond_timedwait(&h->cv, &h->mu, &ts);
			continue;
		}
		pthread_mutex_unlock(&h->mu);
		t_sent = rt_time_ms();
		who[0] = err[0] = '\0';
		r = h->ops->renew(h->eng, h, until, who, sizeof(who), err,
				  sizeof(err));
		pthread_mutex_lock(&h->mu);
		if (r > 0) {
			h->valid_until = t_sent + h->lease_ms - h->lease_ms / 3;
			h->last_error[0] = '\0';
			next = t_sent + period;
		} else if (r == 0) {
			if (who[0]) {
				char why[200];

				snprintf(why, sizeof(why),
					 "the lease in retort_lock is now "
					 "held by '%.120s'",
					 who);
				lose(h, why, NULL);
			} else {
				lose(h, "the lease row in retort_lock is gone",
				     NULL);
			}
		} else {
			snprintf(h->last_error, sizeof(h->last_error), "%s",
				 err[0] ? err : "renewing the lease failed");
			/* try again soon; the margin is several tries */
			next = rt_time_ms() + (period < 1000 ? period : 1000);
		}
	}
	lost = h->lost;
	pthread_mutex_unlock(&h->mu);
	/* stop the statement that runs without the lease */
	if (lost)
		h->ops->stop_main(h->eng);
	if (h->ops->thread_end)
		h->ops->thread_end(h->eng);
	return NULL;
}

static void hb_free(rt_lease_hb *h)
{
	h->ops->release(h->eng);
	pthread_cond_destroy(&h->cv);
	pthread_mutex_destroy(&h->mu);
	free(h);
}

int rt_lease_hb_start(rt_lease_hb **out, int64_t lease_ms, int64_t t_sent,
		      const rt_lease_ops *ops, void *eng)
{
	rt_lease_hb *h = calloc(1, sizeof(*h));
	pthread_condattr_t ca;

	*out = NULL;
	if (!h) {
		ops->release(eng);
		return rt_error_nomem();
	}
	pthread_mutex_init(&h->mu, NULL);
	/* the waits are on rt_time_ms's clock */
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&h->cv, &ca);
	pthread_condattr_destroy(&ca);
	h->lease_ms = lease_ms;
	h->valid_until = t_sent + lease_ms - lease_ms / 3;
	h->ops = ops;
	h->eng = eng;
	if (pthread_create(&h->thread, NULL, hb_main, h) != 0) {
		hb_free(h);
		return rt_error_set(RT_ERROR_OS,
				    "could not start the lease's heartbeat");
	}
	*out = h;
	return 0;
}

void rt_lease_hb_stop(rt_lease_hb *h)
{
	if (!h)
		return;
	pthread_mutex_lock(&h->mu);
	h->stop = 1;
	pthread_cond_signal(&h->cv);
	pthread_mutex_unlock(&h->mu);
	pthread_join(h->thread, NULL);
	hb_free(h);
}

int rt_lease_check(rt_lease_hb *h, const char *redacted)
{
	char why[256];
	int lost;

	if (!h)
		return 0;
	pthread_mutex_lock(&h->mu);
	lose_if_late(h);
	lost = h->lost;
	snprintf(why, sizeof(why), "%s", h->why);
	pthread_mutex_unlock(&h->mu);
	if (!lost)
		return 0;
	rt_error_set(RT_ERROR_BACKEND,
		     "lost the migration lock of %s (its lease in retort_lock)",
		     redacted);
	rt_error_detail("%s", why);
	rt_error_hint("nothing runs or is recorded without it; run the "
		      "command again to go on where it stopped");
	return RT_ERROR;
}
