/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * broken.h - a DELIBERATELY BROKEN lock: the validator's negative control.
 *
 * Source: the classic wrong answer to the mutual exclusion problem,
 * check-then-set on a shared flag (cf. Dijkstra, "Solution of a Problem in
 * Concurrent Programming Control", CACM 8(9), 1965, for why it fails).
 *
 * Invariant it fails to keep: "at most one thread between acquire and
 * release". The test of `held` and the store of 1 are two separate accesses,
 * not an atomic read-modify-write, and CT_LOCK_BROKEN_WINDOW PAUSEs between
 * them widen the race: two threads can both see 0 and both enter.
 *
 * It exists only to prove that the mutual exclusion validator catches a
 * violation (a validator that passes this lock is itself broken). It is
 * hidden from listings (CT_LOCK_HIDDEN); never use it for anything else.
 * The check is an acquire load and unlock a release store (the set is
 * relaxed), so the compiler cannot move the critical section out of the
 * lock and a correct interleaving is correctly ordered: the race window is
 * the only defect. Under ThreadSanitizer the overlap shows up as a data race.
 */
#ifndef CT_LOCK_BROKEN_H
#define CT_LOCK_BROKEN_H

#include <stdatomic.h>

#include <math.h>

#include "lock.h"

#define CT_LOCK_BROKEN_WINDOW 4 /* PAUSEs between the check and the set */

struct ct_lock_broken {
	atomic_uint held;
};

struct ct_lock_broken_ctx {
	char unused;
};

static inline int ct_lock_broken_init(struct ct_lock_broken *l,
				      const struct ct_lock_cfg *cfg)
{
	(void)cfg;
	atomic_init(&l->held, 0);
	return 0;
}

static inline void ct_lock_broken_destroy(struct ct_lock_broken *l)
{
	(void)l;
}

static inline void ct_lock_broken_ctx_init(struct ct_lock_broken *l,
					   struct ct_lock_broken_ctx *c,
					   unsigned tid)
{
	(void)l, (void)c, (void)tid;
}

/* The non-atomic "set" half; the caller has seen held == 0. */
static inline void ct_lock_broken_set(struct ct_lock_broken *l)
{
	for (int i = 0; i < CT_LOCK_BROKEN_WINDOW; i++)
		ct_cpu_relax(); /* the race window */
	/* relaxed: the acquire came from the check (and the bug from here). */
	atomic_store_explicit(&l->held, 1, memory_order_relaxed);
}

static inline bool ct_lock_broken_trylock(struct ct_lock_broken *l,
					  struct ct_lock_broken_ctx *c)
{
	(void)c;
	/* acquire: orders a clean hand-off; the missing RMW is the bug. */
	if (atomic_load_explicit(&l->held, memory_order_acquire))
		return false;
	ct_lock_broken_set(l);
	return true;
}

static inline void ct_lock_broken_acquire(struct ct_lock_broken *l,
					  struct ct_lock_broken_ctx *c)
{
	(void)c;
	/* acquire: as in trylock. */
	while (atomic_load_explicit(&l->held, memory_order_acquire))
		ct_cpu_relax();
	ct_lock_broken_set(l);
}

static inline void ct_lock_broken_release(struct ct_lock_broken *l,
					  struct ct_lock_broken_ctx *c)
{
	(void)c;
	/* release: publishes the critical section to the next (real) owner. */
	atomic_store_explicit(&l->held, 0, memory_order_release);
}

/* Coherence transfers per acquisition by design: not modelled. It is not
 * a design, only a validator target. */
static inline double ct_lock_broken_transfers(double waiters, unsigned threads)
{
	(void)waiters, (void)threads;
	return NAN;
}

#endif /* CT_LOCK_BROKEN_H */
