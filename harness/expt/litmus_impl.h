/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * litmus_impl.h - the litmus runner's insides, shared by the runner
 * (litmus.c) and the tests' code (litmus_cases.c).
 *
 * Trial protocol (sb, milk, and peterson's rounds), for trial k = 1, 2, ...:
 *
 *   barrier(pass)        both threads arrive (one RMW each), then spin
 *                        until both have: the only synchronization, and it
 *                        sits before the racing accesses;
 *   trial(k)             the racing code; each thread writes whether it saw
 *                        the other's trial-k store (sb) or bought (milk)
 *                        into its own result byte;
 *   every LT_BATCH trials: barrier again, and thread 0 tallies both
 *                        threads' bytes into the outcome histogram.
 *
 * Stores write the trial number k, not 1, so nothing is reset between
 * trials: a load that returns k saw this trial's store, anything smaller
 * an older one. Each variable then stays shared by both caches between
 * trials, so a store must first invalidate the other copy (it waits in
 * the store buffer for a round trip) while the load that follows hits
 * locally: the setting in which store buffering shows.
 */
#ifndef CT_LITMUS_IMPL_H
#define CT_LITMUS_IMPL_H

#include <stdatomic.h>

#include "locks/ops.h"
#include "litmus.h"
#include "harness/core/wait.h"

#define LT_BATCH 4096
/* Polls before a waiter starts yielding: the other thread normally comes
 * within a microsecond; when it shares our CPU, only a yield lets it. */
#define LT_SPIN_LIMIT 1024u

/* A racing variable alone on its line pair. */
struct lt_line {
	_Atomic uint64_t v;
	char pad[CT_PAD - sizeof(uint64_t)];
} ct_aligned(CT_PAD);

/* Names of the lines per test. */
enum { LT_X = 0, LT_Y = 1 };                         /* sb */
enum { LT_FLAG0 = 0, LT_FLAG1 = 1, LT_TURN = 2 };    /* peterson */
enum { LT_NOTE_A = 0, LT_NOTE_B = 1, LT_MILK = 2, LT_NOTE = 3 }; /* milk */

/* Per-thread state, each on its own lines. */
struct lt_thread {
	uint64_t t0, t1;   /* ticks around the thread's trials */
	struct ct_counters ctr;
	uint8_t res[LT_BATCH]; /* this batch's per-trial results */
} ct_aligned(CT_PAD);

struct lt_run {
	struct ct_team team;
	struct lt_line bar;     /* barrier arrivals: 2 per pass */
	struct lt_line line[4]; /* the racing variables */
	struct lt_line occ;     /* peterson: threads inside the CS */
	struct lt_line count;   /* peterson: the counter the CS protects */
	struct lt_thread th[2];
	uint64_t trials;        /* trials (peterson: rounds) in this run */
	uint64_t outcome[4];    /* tallied by thread 0 */
	unsigned counters; /* event mask, 0: off */
	const struct ct_lock_ops *ops; /* milk's lock solution */
	void *lock, *ctx[2];
};

/* Runner side (litmus.c): counters and clocks around a thread's trials. */
void lt_thread_begin(struct lt_run *r, unsigned me);
void lt_thread_end(struct lt_run *r, unsigned me);
void lt_tally(struct lt_run *r, unsigned n);

/*
 * Two-thread barrier, pass p = 1, 2, ...: returns once both threads have
 * arrived p times. acq_rel arrival + acquire polling: everything a thread
 * did before arriving (its result byte, its trial's accesses) happens
 * before everything the other does after leaving. Spins, then yields, so
 * two threads sharing one CPU still make progress.
 */
static ct_always_inline void lt_barrier(struct lt_run *r, uint64_t pass)
{
	struct ct_waiter w =
		ct_waiter_start((struct ct_wait){ CT_WAIT_YIELD, LT_SPIN_LIMIT });
	atomic_fetch_add_explicit(&r->bar.v, 1, memory_order_acq_rel);
	while (atomic_load_explicit(&r->bar.v, memory_order_acquire) < 2 * pass)
		ct_wait_step(&w);
}

/*
 * The store-load fence of the fenced variants: mfence (or a locked RMW) on
 * x86. ThreadSanitizer does not model fences and gcc says so (-Wtsan); it
 * has nothing to misjudge here, every shared access being atomic.
 */
static ct_always_inline void lt_fence(void)
{
#ifdef __SANITIZE_THREAD__
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wtsan"
#endif
	atomic_thread_fence(memory_order_seq_cst);
#ifdef __SANITIZE_THREAD__
#pragma GCC diagnostic pop
#endif
}

typedef unsigned (*lt_trial_fn)(struct lt_run *r, unsigned me, uint64_t k);

/* The trial loop, instantiated once per variant with its trial inlined. */
static ct_always_inline void lt_trials(struct ct_worker *w, lt_trial_fn trial)
{
	struct lt_run *r = w->arg;
	unsigned me = w->tid;
	uint64_t pass = 0;
	lt_thread_begin(r, me);
	for (uint64_t k = 1; k <= r->trials; k++) {
		unsigned slot = (unsigned)((k - 1) % LT_BATCH);
		lt_barrier(r, ++pass);
		r->th[me].res[slot] = (uint8_t)trial(r, me, k);
		if (slot == LT_BATCH - 1 || k == r->trials) {
			lt_barrier(r, ++pass);
			if (me == 0)
				lt_tally(r, slot + 1);
		}
	}
	lt_thread_end(r, me);
}

/* The memory orders a variant's racing code uses. */
enum lt_order {
	LT_RELAXED, /* relaxed stores and loads */
	LT_ACQREL,  /* release stores, acquire loads */
	LT_FENCE,   /* relaxed/acquire + atomic_thread_fence(seq_cst) between */
	LT_SEQCST,  /* seq_cst stores and loads */
};

#endif /* CT_LITMUS_IMPL_H */
