/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tas.h - test-and-set spinlock.
 *
 * Source: the atomic exchange lock, as analysed in T. E. Anderson, "The
 * Performance of Spin Lock Alternatives for Shared-Memory Multiprocessors",
 * IEEE TPDS 1(1), 1990.
 *
 * Invariant: `held` is 1 exactly while some thread is in the critical
 * section; only the thread whose exchange returned 0 may store 0.
 * Every poll is an exchange, so waiters keep stealing the line from each
 * other and from the holder: the baseline the other spinlocks improve on.
 */
#ifndef CT_LOCK_TAS_H
#define CT_LOCK_TAS_H

#include <stdatomic.h>

#include "lock.h"

struct ct_lock_tas {
	atomic_uint held;
	struct ct_wait wait;
	struct ct_parkq park; /* --wait park: sleepers, woken one per release */
};

struct ct_lock_tas_ctx {
	char unused;
};

static inline int ct_lock_tas_init(struct ct_lock_tas *l,
				   const struct ct_lock_cfg *cfg)
{
	atomic_init(&l->held, 0);
	atomic_init(&l->park.seq, 0);
	atomic_init(&l->park.sleepers, 0);
	l->wait = cfg->wait;
	return 0;
}

static inline void ct_lock_tas_destroy(struct ct_lock_tas *l)
{
	(void)l;
}

static inline void ct_lock_tas_ctx_init(struct ct_lock_tas *l,
					struct ct_lock_tas_ctx *c, unsigned tid)
{
	(void)l, (void)c, (void)tid;
}

static inline bool ct_lock_tas_trylock(struct ct_lock_tas *l,
				       struct ct_lock_tas_ctx *c)
{
	(void)c;
	/* acquire: the critical section must not float above the exchange. */
	return atomic_exchange_explicit(&l->held, 1, memory_order_acquire) == 0;
}

static inline void ct_lock_tas_acquire(struct ct_lock_tas *l,
				       struct ct_lock_tas_ctx *c)
{
	if (ct_likely(ct_lock_tas_trylock(l, c)))
		return;
	CT_PARKQ_WAIT_UNTIL(l->wait, &l->park, ct_lock_tas_trylock(l, c));
}

static inline void ct_lock_tas_release(struct ct_lock_tas *l,
				       struct ct_lock_tas_ctx *c)
{
	(void)c;
	/* release: publishes the critical section's writes to the next owner. */
	atomic_store_explicit(&l->held, 0, memory_order_release);
	/* --wait park only: wake one sleeper, if any; it retries the lock. */
	ct_parkq_wake(l->wait, &l->park, 1);
}

/*
 * Coherence transfers per acquisition by design, `waiters` (>= 1) threads
 * waiting at each release, as coherence.h counts them: the release store
 * takes the line back from the last poller (1); the first waiter's
 * exchange takes it and wins (1); every other waiter's exchange takes it
 * once more and fails (W - 1); the releaser arrives again with an
 * exchange (1); and every older waiter polls again after that (W - 1):
 * 2W + 1. Every poll is an RMW, so each one moves the line.
 */
static inline double ct_lock_tas_transfers(double waiters, unsigned threads)
{
	(void)threads;
	return 2 * waiters + 1;
}

#endif /* CT_LOCK_TAS_H */
