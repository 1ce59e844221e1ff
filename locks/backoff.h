/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * backoff.h - test-and-set with bounded randomized exponential backoff.
 *
 * Source: T. E. Anderson, "The Performance of Spin Lock Alternatives for
 * Shared-Memory Multiprocessors", IEEE TPDS 1(1), 1990; the TTAS form as in
 * J. M. Mellor-Crummey and M. L. Scott, "Algorithms for Scalable
 * Synchronization on Shared-Memory Multiprocessors", ACM TOCS 9(1), 1991.
 *
 * Invariant: that of ttas.h, whose flag and helpers this lock reuses: `held`
 * is 1 exactly while some thread is in the critical section.
 * After each failed exchange a waiter pauses a uniformly random number of
 * PAUSEs in [0, limit), doubles limit (backoff_min, capped at backoff_max),
 * then polls with plain loads before exchanging again. The jitter spreads
 * out the waiters that all saw the same release; the cap bounds how long the
 * lock can sit free while everybody is backing off.
 */
#ifndef CT_LOCK_BACKOFF_H
#define CT_LOCK_BACKOFF_H

#include "ttas.h"

struct ct_lock_backoff {
	struct ct_lock_ttas t;
	uint32_t min, max; /* delay bounds in PAUSEs, 1 <= min <= max */
};

struct ct_lock_backoff_ctx {
	uint64_t rng; /* ct_rand64 state, never 0 */
};

static inline int ct_lock_backoff_init(struct ct_lock_backoff *l,
				       const struct ct_lock_cfg *cfg)
{
	/* Clamp rather than fail: min 0 would make every delay empty. */
	l->min = cfg->backoff_min ? cfg->backoff_min : 1;
	l->max = cfg->backoff_max > l->min ? cfg->backoff_max : l->min;
	return ct_lock_ttas_init(&l->t, cfg);
}

static inline void ct_lock_backoff_destroy(struct ct_lock_backoff *l)
{
	ct_lock_ttas_destroy(&l->t);
}

static inline void ct_lock_backoff_ctx_init(struct ct_lock_backoff *l,
					    struct ct_lock_backoff_ctx *c,
					    unsigned tid)
{
	(void)l;
	/* Odd multiplier: (tid + 1) * K is never 0 mod 2^64, and distinct. */
	c->rng = ((uint64_t)tid + 1) * 0x9E3779B97F4A7C15ull;
}

static inline bool ct_lock_backoff_trylock(struct ct_lock_backoff *l,
					   struct ct_lock_backoff_ctx *c)
{
	(void)c;
	return ct_lock_ttas_test(&l->t) && ct_lock_ttas_tas(&l->t);
}

/* Spin a uniformly random number of PAUSEs in [0, limit). */
static inline void ct_lock_backoff_delay(uint64_t *rng, uint32_t limit)
{
	/* Multiply-shift maps 32 random bits onto [0, limit), no divide. */
	uint32_t n = (uint32_t)(((ct_rand64(rng) >> 32) * limit) >> 32);

	while (n--)
		ct_cpu_relax();
}

static inline void ct_lock_backoff_acquire(struct ct_lock_backoff *l,
					   struct ct_lock_backoff_ctx *c)
{
	if (ct_likely(ct_lock_ttas_tas(&l->t)))
		return;
	uint32_t limit = l->min;
	do {
		ct_lock_backoff_delay(&c->rng, limit);
		limit = limit > l->max / 2 ? l->max : limit * 2;
		ct_lock_ttas_spin(&l->t);
	} while (!ct_lock_ttas_tas(&l->t));
}

static inline void ct_lock_backoff_release(struct ct_lock_backoff *l,
					   struct ct_lock_backoff_ctx *c)
{
	(void)c;
	ct_lock_ttas_unlock(&l->t);
}

/*
 * Coherence transfers per acquisition by design: the same accesses as
 * ttas.h (backoff changes when waiters poll, not what they touch, and the
 * schedule lets each waiter poll once per event): 2W + 2.
 */
static inline double ct_lock_backoff_transfers(double waiters, unsigned threads)
{
	(void)threads;
	return 2 * waiters + 2;
}

#endif /* CT_LOCK_BACKOFF_H */
