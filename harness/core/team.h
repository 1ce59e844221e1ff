/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * team.h - a team of pinned worker threads with a common start and a
 * deadline-driven stop, shared by every family's benchmark and validator.
 *
 * Life of a run: every worker is created already bound to its CPU (so its
 * first-touch allocations land on its node), runs its setup, and waits at
 * the start gate. The controller opens the gate (phase WARMUP), switches to
 * MEASURE after the warm-up, and to STOP at the deadline. Workers poll
 * ct_team_phase() once per operation and discard what they counted during
 * warm-up. Timed phases are optional: a validator just runs to completion.
 */
#ifndef CT_TEAM_H
#define CT_TEAM_H

#include <sched.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>

#include "cc.h"

enum ct_phase { CT_PHASE_SETUP, CT_PHASE_WARMUP, CT_PHASE_MEASURE, CT_PHASE_STOP };

struct ct_team;

struct ct_worker {
	unsigned tid;
	int cpu;  /* OS CPU the thread is bound to */
	int numa; /* its NUMA node */
	struct ct_team *team;
	void *arg; /* the family's per-run state */
};

typedef void (*ct_worker_fn)(struct ct_worker *w);

struct ct_team {
	/* Read by every worker on every operation: alone on its lines. */
	_Atomic unsigned phase ct_aligned(CT_PAD);
	char pad0[CT_PAD - sizeof(unsigned)];
	atomic_uint ready ct_aligned(CT_PAD); /* workers past setup */
	atomic_uint done;                      /* workers returned */
	atomic_uint aborted; /* a worker gave up: stop the timed run now */
	unsigned nthreads;
	uint64_t measure_start_ns, measure_end_ns; /* CLOCK_MONOTONIC */
};

static ct_always_inline unsigned ct_team_phase(const struct ct_team *t)
{
	/* relaxed: the phase only starts/stops counting; the data workers
	 * report is read after pthread_join, which orders it. */
	return atomic_load_explicit(&t->phase, memory_order_relaxed);
}

/*
 * Worker side: call once setup is done. Blocks until the controller opens
 * the gate and returns the phase it opened with. Spins, then yields, so an
 * oversubscribed team does not starve the threads still in setup.
 */
static inline unsigned ct_team_wait_start(struct ct_team *t)
{
	/* release: the controller's acquire load of `ready` then sees setup. */
	atomic_fetch_add_explicit(&t->ready, 1, memory_order_release);
	unsigned p, polls = 0;
	/* acquire: pairs with the controller's release when opening the gate. */
	while ((p = atomic_load_explicit(&t->phase, memory_order_acquire)) ==
	       CT_PHASE_SETUP) {
		if (++polls > 1000)
			sched_yield();
		else
			ct_cpu_relax();
	}
	return p;
}

/*
 * Run fn on nthreads workers bound to cpus[i] (NUMA node numa[i]), each
 * with .arg = arg. If duration_s > 0: warm-up for warmup_s, measure for
 * duration_s, then stop, recording the measured window. If duration_s == 0
 * the phase goes straight to MEASURE and the workers decide when they are
 * done; timeout_s > 0 then bounds the wait (returns -1 on timeout, with the
 * workers still running: the caller must exit the process).
 * Returns 0, or -1 with errno-style message in err.
 */
int ct_team_run(struct ct_team *t, unsigned nthreads, const int *cpus,
		const int *numa, ct_worker_fn fn, void *arg, double warmup_s,
		double duration_s, double timeout_s, char *err, size_t errlen);

/*
 * Worker side: this worker cannot go on (its peer died, a call failed).
 * A timed run then stops at once instead of sleeping out its duration;
 * the family reports why. The others see STOP as usual.
 */
static inline void ct_team_abort(struct ct_team *t)
{
	/* relaxed: the controller only polls it; what the worker reports is
	 * read after pthread_join. */
	atomic_store_explicit(&t->aborted, 1, memory_order_relaxed);
}

/* Sleep for s seconds (controller side). */
void ct_sleep_s(double s);

#endif /* CT_TEAM_H */
