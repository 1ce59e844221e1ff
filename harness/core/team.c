/* SPDX-License-Identifier: BSD-2-Clause */
#include "team.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "timing.h"

void ct_sleep_s(double s)
{
	struct timespec ts = { (time_t)s, (long)((s - (double)(time_t)s) * 1e9) };
	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/* The run's entry point travels next to the workers array. */
struct team_launch {
	struct ct_worker w;
	ct_worker_fn fn;
};

static void *launch_main(void *p)
{
	struct team_launch *l = p;
	l->fn(&l->w);
	atomic_fetch_add_explicit(&l->w.team->done, 1, memory_order_release);
	return NULL;
}

static int spawn(struct team_launch *l, pthread_t *th, int cpu)
{
	pthread_attr_t attr;
	cpu_set_t set;
	pthread_attr_init(&attr);
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	/* Bound from birth: setup allocations are first-touched locally. */
	pthread_attr_setaffinity_np(&attr, sizeof(set), &set);
	int rc = pthread_create(th, &attr, launch_main, l);
	pthread_attr_destroy(&attr);
	return rc;
}

static void set_phase(struct ct_team *t, unsigned phase)
{
	/* release: pairs with the workers' acquire in ct_team_wait_start() so
	 * the gate opening also publishes the controller's setup. */
	atomic_store_explicit(&t->phase, phase, memory_order_release);
}

/* Sleep s seconds, in slices short enough that a worker's ct_team_abort()
 * ends the run within ~5 ms. */
static void sleep_unless_aborted(struct ct_team *t, double s)
{
	uint64_t end = ct_clock_ns() + (uint64_t)(s * 1e9);
	for (uint64_t now = ct_clock_ns(); now < end; now = ct_clock_ns()) {
		if (atomic_load_explicit(&t->aborted, memory_order_relaxed))
			return;
		double left = (double)(end - now) / 1e9;
		ct_sleep_s(left < 0.005 ? left : 0.005);
	}
}

static bool wait_done(struct ct_team *t, double timeout_s)
{
	uint64_t deadline = ct_clock_ns() + (uint64_t)(timeout_s * 1e9);
	while (atomic_load_explicit(&t->done, memory_order_acquire) <
	       t->nthreads) {
		if (timeout_s > 0 && ct_clock_ns() > deadline)
			return false;
		ct_sleep_s(0.001);
	}
	return true;
}

int ct_team_run(struct ct_team *t, unsigned nthreads, const int *cpus,
		const int *numa, ct_worker_fn fn, void *arg, double warmup_s,
		double duration_s, double timeout_s, char *err, size_t errlen)
{
	struct team_launch *l = calloc(nthreads, sizeof(*l));
	pthread_t *th = calloc(nthreads, sizeof(*th));
	if (!l || !th) {
		snprintf(err, errlen, "out of memory for %u threads", nthreads);
		free(l), free(th);
		return -1;
	}
	atomic_init(&t->phase, CT_PHASE_SETUP);
	atomic_init(&t->ready, 0);
	atomic_init(&t->done, 0);
	atomic_init(&t->aborted, 0);
	t->nthreads = nthreads;
	t->measure_start_ns = t->measure_end_ns = 0; /* 0: the gate never opened */

	unsigned started = 0;
	for (; started < nthreads; started++) {
		struct team_launch *li = &l[started];
		li->w = (struct ct_worker){ started, cpus[started], numa[started],
					    t, arg };
		li->fn = fn;
		int rc = spawn(li, &th[started], cpus[started]);
		if (rc) {
			snprintf(err, errlen, "cannot start thread %u on CPU %d: %s",
				 started, cpus[started], strerror(rc));
			break;
		}
	}
	if (started < nthreads) { /* let the started ones run to the end */
		t->nthreads = started;
		set_phase(t, CT_PHASE_STOP);
		for (unsigned i = 0; i < started; i++)
			pthread_join(th[i], NULL);
		free(l), free(th);
		return -1;
	}

	while (atomic_load_explicit(&t->ready, memory_order_acquire) < nthreads)
		ct_sleep_s(0.0005);

	if (duration_s > 0) {
		set_phase(t, CT_PHASE_WARMUP);
		sleep_unless_aborted(t, warmup_s);
		t->measure_start_ns = ct_clock_ns();
		set_phase(t, CT_PHASE_MEASURE);
		sleep_unless_aborted(t, duration_s);
		set_phase(t, CT_PHASE_STOP);
		t->measure_end_ns = ct_clock_ns();
	} else {
		t->measure_start_ns = ct_clock_ns();
		set_phase(t, CT_PHASE_MEASURE);
		if (!wait_done(t, timeout_s)) {
			snprintf(err, errlen,
				 "timed out after %.1f s with %u of %u threads "
				 "unfinished (deadlock or livelock?)",
				 timeout_s,
				 nthreads - atomic_load(&t->done), nthreads);
			free(th); /* workers still hold l: leaked on purpose */
			return -1;
		}
		t->measure_end_ns = ct_clock_ns();
	}
	for (unsigned i = 0; i < nthreads; i++)
		pthread_join(th[i], NULL);
	free(l), free(th);
	return 0;
}
