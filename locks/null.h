/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * null.h - a lock that does nothing.
 *
 * Source: none; the usual "empty" row of lock benchmarks (e.g. the nop lock
 * in Concurrency Kit's regressions), here to measure the harness itself.
 *
 * Invariant: none. acquire/trylock/release are compiler barriers only, so
 * the critical section stays inside the timed region but no instruction is
 * spent on the lock: a run with this row is the loop, timer and critical
 * section cost that every other row's number includes. It provides no mutual
 * exclusion (CT_LOCK_NOEXCL); validators skip it.
 */
#ifndef CT_LOCK_NULL_H
#define CT_LOCK_NULL_H

#include "lock.h"

struct ct_lock_null {
	char unused;
};

struct ct_lock_null_ctx {
	char unused;
};

static inline int ct_lock_null_init(struct ct_lock_null *l,
				    const struct ct_lock_cfg *cfg)
{
	(void)l, (void)cfg;
	return 0;
}

static inline void ct_lock_null_destroy(struct ct_lock_null *l)
{
	(void)l;
}

static inline void ct_lock_null_ctx_init(struct ct_lock_null *l,
					 struct ct_lock_null_ctx *c,
					 unsigned tid)
{
	(void)l, (void)c, (void)tid;
}

static inline bool ct_lock_null_trylock(struct ct_lock_null *l,
					struct ct_lock_null_ctx *c)
{
	(void)l, (void)c;
	ct_compiler_barrier();
	return true;
}

static inline void ct_lock_null_acquire(struct ct_lock_null *l,
					struct ct_lock_null_ctx *c)
{
	(void)l, (void)c;
	ct_compiler_barrier();
}

static inline void ct_lock_null_release(struct ct_lock_null *l,
					struct ct_lock_null_ctx *c)
{
	(void)l, (void)c;
	ct_compiler_barrier();
}

/* Coherence transfers per acquisition by design: none, contended or
 * not: there is no shared state. */
static inline double ct_lock_null_transfers(double waiters, unsigned threads)
{
	(void)waiters, (void)threads;
	return 0;
}

#endif /* CT_LOCK_NULL_H */
