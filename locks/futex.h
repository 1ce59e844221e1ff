/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * futex.h - spin-then-park futex mutex.
 *
 * Source: U. Drepper, "Futexes Are Tricky", Red Hat, 2004 (rev. 2011),
 * mutex "take 2"/"take 3", with a bounded spin phase in front of parking.
 *
 * Invariant: state is 0 unlocked, 1 locked with no thread parked, 2 locked
 * and some thread may be parked. A thread only parks while state is 2, and
 * a thread that wakes or parks sets 2 first, so a release that finds 2 is
 * the only one that must wake, and no wake-up is lost: the kernel re-checks
 * state == 2 under its own lock before sleeping. 2 may be stale (no one
 * parked); that costs one useless FUTEX_WAKE, never correctness.
 *
 * acquire first polls up to cfg->spin_before_park times with plain loads
 * (ttas-style, 0 -> 1 by CAS), then swaps in 2 and parks. Parking replaces
 * the wait policy: this lock does not use ct_wait_step().
 */
#ifndef CT_LOCK_FUTEX_H
#define CT_LOCK_FUTEX_H

#include <stdatomic.h>

#include <math.h>

#include "harness/core/futex.h"
#include "lock.h"

enum {
	CT_LOCK_FUTEX_FREE = 0,
	CT_LOCK_FUTEX_LOCKED = 1,
	CT_LOCK_FUTEX_PARKED = 2, /* locked, waiters may be parked */
};

struct ct_lock_futex {
	atomic_uint state; /* the futex word */
	uint32_t spin;     /* polls before parking */
};

struct ct_lock_futex_ctx {
	char unused;
};

_Static_assert(sizeof(atomic_uint) == sizeof(uint32_t),
	       "a futex word is 32 bits");

static inline int ct_lock_futex_init(struct ct_lock_futex *l,
				     const struct ct_lock_cfg *cfg)
{
	atomic_init(&l->state, CT_LOCK_FUTEX_FREE);
	l->spin = cfg->spin_before_park;
	return 0;
}

static inline void ct_lock_futex_destroy(struct ct_lock_futex *l)
{
	(void)l;
}

static inline void ct_lock_futex_ctx_init(struct ct_lock_futex *l,
					  struct ct_lock_futex_ctx *c,
					  unsigned tid)
{
	(void)l, (void)c, (void)tid;
}

/* acquire on success: the critical section stays after the CAS. */
static inline bool ct_lock_futex_cas(struct ct_lock_futex *l)
{
	unsigned expected = CT_LOCK_FUTEX_FREE;

	return atomic_compare_exchange_strong_explicit(
		&l->state, &expected, CT_LOCK_FUTEX_LOCKED,
		memory_order_acquire, memory_order_relaxed);
}

/* relaxed: only decides when to try; the CAS orders. */
static inline bool ct_lock_futex_looks_free(struct ct_lock_futex *l)
{
	return atomic_load_explicit(&l->state, memory_order_relaxed) ==
	       CT_LOCK_FUTEX_FREE;
}

static inline bool ct_lock_futex_trylock(struct ct_lock_futex *l,
					 struct ct_lock_futex_ctx *c)
{
	(void)c;
	return ct_lock_futex_cas(l);
}

static inline void ct_lock_futex_acquire(struct ct_lock_futex *l,
					 struct ct_lock_futex_ctx *c)
{
	(void)c;
	if (ct_likely(ct_lock_futex_cas(l)))
		return;
	for (uint32_t n = l->spin; n; n--) {
		ct_cpu_relax();
		if (ct_lock_futex_looks_free(l) && ct_lock_futex_cas(l))
			return;
	}
	for (;;) {
		/*
		 * acquire: when the exchange returns FREE we own the lock,
		 * marked PARKED, possibly needlessly (see the invariant).
		 */
		unsigned old = atomic_exchange_explicit(
			&l->state, CT_LOCK_FUTEX_PARKED, memory_order_acquire);

		if (old == CT_LOCK_FUTEX_FREE)
			return;
		/* Any return (woken, EAGAIN, EINTR) means "look again". */
		ct_futex_wait(&l->state, CT_LOCK_FUTEX_PARKED, 0, false);
	}
}

static inline void ct_lock_futex_release(struct ct_lock_futex *l,
					 struct ct_lock_futex_ctx *c)
{
	(void)c;
	/* release: publishes the critical section to the next owner. */
	unsigned old = atomic_exchange_explicit(&l->state, CT_LOCK_FUTEX_FREE,
						memory_order_release);

	if (old == CT_LOCK_FUTEX_PARKED)
		ct_futex_wake(&l->state, 1, false);
}

/* Coherence transfers per acquisition by design: not modelled. Waiters
 * sleep in the kernel, whose traffic the counting build cannot see. */
static inline double ct_lock_futex_transfers(double waiters, unsigned threads)
{
	(void)waiters, (void)threads;
	return NAN;
}

#endif /* CT_LOCK_FUTEX_H */
