/*
 * test_lease.c: the lease heartbeat (backend/lease.c) with a scripted
 * engine side: it renews within the margin, stops when told, and calls a
 * lease lost (stopping the main statement, failing every later check
 * with the reason) when the row names another holder, when the row is
 * gone, and when renewals fail until the margin. The engines' own sides
 * run against real servers in t2004 (PostgreSQL) and t9004 (MariaDB).
 */
#include "backend/lease.h"
#include "test.h"
#include "util/error.h"
#include "util/fs.h"

#include <pthread.h>
#include <string.h>
#include <time.h>

/* The scripted engine: renew answers `answer` (1, 0 or -1), with
 * `holder` as the new holder when 0. */
typedef struct fake {
	pthread_mutex_t mu;
	int answer;
	char holder[64];
	int renewals, stopped_main, begun, ended, released;
} fake;

static int fake_renew(void *eng, rt_lease_hb *hb, int64_t deadline,
		      char *who, size_t wsize, char *err, size_t esize)
{
	fake *f = eng;
	int a;

	pthread_mutex_lock(&f->mu);
	f->renewals++;
	a = f->answer;
	if (a == 0)
		snprintf(who, wsize, "%s", f->holder);
	if (a < 0)
		snprintf(err, esize, "renewing the lease failed: no route");
	pthread_mutex_unlock(&f->mu);
	return a;
}

static void fake_stop_main(void *eng)
{
	fake *f = eng;

	pthread_mutex_lock(&f->mu);
	f->stopped_main++;
	pthread_mutex_unlock(&f->mu);
}

static void fake_begin(void *eng)
{
	((fake *)eng)->begun++;
}

static void fake_end(void *eng)
{
	((fake *)eng)->ended++;
}

static void fake_release(void *eng)
{
	((fake *)eng)->released++;
}

static const rt_lease_ops ops = {
    .renew = fake_renew,
    .stop_main = fake_stop_main,
    .thread_begin = fake_begin,
    .thread_end = fake_end,
    .release = fake_release,
};

static void set_answer(fake *f, int a, const char *holder)
{
	pthread_mutex_lock(&f->mu);
	f->answer = a;
	snprintf(f->holder, sizeof(f->holder), "%s", holder ? holder : "");
	pthread_mutex_unlock(&f->mu);
}

static int renewals(fake *f)
{
	int n;

	pthread_mutex_lock(&f->mu);
	n = f->renewals;
	pthread_mutex_unlock(&f->mu);
	return n;
}

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) != 0)
		;
}

/* Wait up to 3 s for a lost verdict. */
static int wait_lost(rt_lease_hb *hb)
{
	int i;

	for (i = 0; i < 300; i++) {
		if (rt_lease_check(hb, "db") < 0)
			return 1;
		rt_error_clear();
		sleep_ms(10);
	}
	return 0;
}

static void init(fake *f)
{
	memset(f, 0, sizeof(*f));
	pthread_mutex_init(&f->mu, NULL);
	f->answer = 1;
}

static void test_lease_ms(void **state)
{
	(void)state;
	unsetenv("RETORT_TEST_LEASE_MS");
	assert_int_equal(rt_lease_ms(), 300000);
	setenv("RETORT_TEST_LEASE_MS", "600", 1);
	assert_int_equal(rt_lease_ms(), 600);
	setenv("RETORT_TEST_LEASE_MS", "5", 1); /* too short: the default */
	assert_int_equal(rt_lease_ms(), 300000);
	unsetenv("RETORT_TEST_LEASE_MS");
}

/* Renewed past its length several times over, then stopped: never lost,
 * the main statement left alone, the engine's state released once. */
static void test_lease_kept(void **state)
{
	rt_lease_hb *hb;
	fake f;

	(void)state;
	init(&f);
	/* (lengths that a loaded machine's scheduling delays cannot
	 * reach: 2 s of margin) */
	assert_int_equal(rt_lease_hb_start(&hb, 3000, rt_time_ms(), &ops, &f),
			 0);
	sleep_ms(3500);
	assert_int_equal(rt_lease_check(hb, "db"), 0);
	assert_true(renewals(&f) >= 3); /* every 500 ms */
	rt_lease_hb_stop(hb);
	assert_int_equal(f.stopped_main, 0);
	assert_int_equal(f.begun, 1);
	assert_int_equal(f.ended, 1);
	assert_int_equal(f.released, 1);
	assert_int_equal(rt_lease_check(NULL, "db"), 0);
}

static void test_lease_taken_over(void **state)
{
	rt_lease_hb *hb;
	fake f;

	(void)state;
	init(&f);
	assert_int_equal(rt_lease_hb_start(&hb, 300, rt_time_ms(), &ops, &f),
			 0);
	set_answer(&f, 0, "other:42");
	assert_true(wait_lost(hb));
	assert_error_contains("lost the migration lock of db");
	assert_non_null(strstr(rt_error_last()->detail, "held by 'other:42'"));
	/* and it stays lost */
	set_answer(&f, 1, NULL);
	sleep_ms(100);
	assert_int_equal(rt_lease_check(hb, "db"), RT_ERROR);
	rt_lease_hb_stop(hb);
	assert_int_equal(f.stopped_main, 1);
	assert_int_equal(f.released, 1);
	rt_error_clear();
}

static void test_lease_row_gone(void **state)
{
	rt_lease_hb *hb;
	fake f;

	(void)state;
	init(&f);
	assert_int_equal(rt_lease_hb_start(&hb, 300, rt_time_ms(), &ops, &f),
			 0);
	set_answer(&f, 0, "");
	assert_true(wait_lost(hb));
	assert_non_null(strstr(rt_error_last()->detail, "row in retort_lock is gone"));
	rt_lease_hb_stop(hb);
	assert_int_equal(f.stopped_main, 1);
	rt_error_clear();
}

/* Renewals that fail are tried again; past the margin (two thirds of
 * the lease after the last renewal was sent) the lease is lost, with the
 * last failure as the reason, and never sooner. */
static void test_lease_not_renewed(void **state)
{
	rt_lease_hb *hb;
	int64_t t0;
	fake f;

	(void)state;
	init(&f);
	set_answer(&f, -1, NULL);
	t0 = rt_time_ms();
	assert_int_equal(rt_lease_hb_start(&hb, 3000, t0, &ops, &f), 0);
	sleep_ms(500);
	assert_int_equal(rt_lease_check(hb, "db"), 0);
	assert_true(wait_lost(hb));
	assert_true(rt_time_ms() - t0 >= 2000);
	assert_true(renewals(&f) >= 2);
	assert_non_null(strstr(rt_error_last()->detail,
			       "not renewed in time: renewing the lease "
			       "failed: no route"));
	rt_lease_hb_stop(hb);
	assert_int_equal(f.stopped_main, 1);
	rt_error_clear();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_lease_ms),
	    cmocka_unit_test(test_lease_kept),
	    cmocka_unit_test(test_lease_taken_over),
	    cmocka_unit_test(test_lease_row_gone),
	    cmocka_unit_test(test_lease_not_renewed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
