/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ttas.h - test-and-test-and-set spinlock.
 *
 * Source: L. Rudolph and Z. Segall, "Dynamic Decentralized Cache Schemes for
 * MIMD Parallel Processors", ISCA 1984.
 *
 * Invariant: `held` is 1 exactly while some thread is in the critical
 * section; only the thread whose exchange returned 0 may store 0.
 * Waiters poll with plain loads, which hit their own shared copy of the line
 * until the holder's release invalidates it; only then do they exchange.
 * That turns TAS's constant line stealing into one burst of exchanges per
 * release (the burst is what backoff.h and the queue locks remove).
 * backoff.h builds on the ct_lock_ttas_{tas,test,spin,unlock} helpers.
 */
#ifndef CT_LOCK_TTAS_H
#define CT_LOCK_TTAS_H

#include <stdatomic.h>

#include "lock.h"

struct ct_lock_ttas {
	atomic_uint held;
	struct ct_wait wait;
	struct ct_parkq park; /* --wait park: sleepers, woken one per release */
};

struct ct_lock_ttas_ctx {
	char unused;
};

/* acquire: the critical section must not float above the exchange. */
static inline bool ct_lock_ttas_tas(struct ct_lock_ttas *l)
{
	return atomic_exchange_explicit(&l->held, 1, memory_order_acquire) == 0;
}

/*
 * relaxed: the loads below only decide when to try the exchange, which
 * re-checks and provides the acquire ordering.
 */
static inline bool ct_lock_ttas_test(struct ct_lock_ttas *l)
{
	return atomic_load_explicit(&l->held, memory_order_relaxed) == 0;
}

/* Poll, waiting per the policy, until the lock looks free. */
static inline void ct_lock_ttas_spin(struct ct_lock_ttas *l)
{
	CT_PARKQ_WAIT_UNTIL(l->wait, &l->park, ct_lock_ttas_test(l));
}

/* release: publishes the critical section's writes to the next owner. */
static inline void ct_lock_ttas_unlock(struct ct_lock_ttas *l)
{
	atomic_store_explicit(&l->held, 0, memory_order_release);
	/* --wait park only: wake one sleeper, if any; it retries the lock. */
	ct_parkq_wake(l->wait, &l->park, 1);
}

static inline int ct_lock_ttas_init(struct ct_lock_ttas *l,
				    const struct ct_lock_cfg *cfg)
{
	atomic_init(&l->held, 0);
	atomic_init(&l->park.seq, 0);
	atomic_init(&l->park.sleepers, 0);
	l->wait = cfg->wait;
	return 0;
}

static inline void ct_lock_ttas_destroy(struct ct_lock_ttas *l)
{
	(void)l;
}

static inline void ct_lock_ttas_ctx_init(struct ct_lock_ttas *l,
					 struct ct_lock_ttas_ctx *c,
					 unsigned tid)
{
	(void)l, (void)c, (void)tid;
}

static inline bool ct_lock_ttas_trylock(struct ct_lock_ttas *l,
					struct ct_lock_ttas_ctx *c)
{
	(void)c;
	return ct_lock_ttas_test(l) && ct_lock_ttas_tas(l);
}

static inline void ct_lock_ttas_acquire(struct ct_lock_ttas *l,
					struct ct_lock_ttas_ctx *c)
{
	(void)c;
	/* Uncontended: exchange at once, the line is needed exclusive anyway. */
	if (ct_likely(ct_lock_ttas_tas(l)))
		return;
	/* PAUSE before the first poll after a failed exchange, as
	 * ck_spinlock_fas does: the holder has only just taken the line. */
	do {
		ct_cpu_relax();
		ct_lock_ttas_spin(l);
	} while (!ct_lock_ttas_tas(l));
}

static inline void ct_lock_ttas_release(struct ct_lock_ttas *l,
					struct ct_lock_ttas_ctx *c)
{
	(void)c;
	ct_lock_ttas_unlock(l);
}

/*
 * Coherence transfers per acquisition by design (see tas.h for the
 * accounting): the release store invalidates all readers (1); the first
 * waiter re-reads (1) and upgrades with its exchange (1); every other
 * waiter re-reads once (W - 1) and sees it held; the releaser's arriving
 * exchange (1) invalidates them again, so each re-reads (W - 1): 2W + 2.
 * The invalidation storm is the W re-reads after each write.
 */
static inline double ct_lock_ttas_transfers(double waiters, unsigned threads)
{
	(void)threads;
	return 2 * waiters + 2;
}

#endif /* CT_LOCK_TTAS_H */
