/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * mcs.h - MCS queue lock.
 *
 * Source: J. M. Mellor-Crummey and M. L. Scott, "Algorithms for Scalable
 * Synchronization on Shared-Memory Multiprocessors", ACM TOCS 9(1), 1991.
 *
 * Invariant: `tail` is NULL when the lock is free, else the last node of a
 * queue whose head node's owner holds the lock; each node's `next` is its
 * successor once that successor has linked itself in. A waiter spins only on
 * its own node's `locked`, which its predecessor alone clears: one remote
 * write per hand-off, no matter how many wait. Grants are FIFO in tail
 * exchange order.
 *
 * The context is the queue node: allocated by the caller on the thread's
 * NUMA node, CT_PAD aligned so nobody else's node shares its lines.
 */
#ifndef CT_LOCK_MCS_H
#define CT_LOCK_MCS_H

#include <stdatomic.h>
#include <stddef.h>

#include "lock.h"

struct ct_lock_mcs_ctx {
	_Atomic(struct ct_lock_mcs_ctx *) next; /* successor, set by it */
	atomic_uint locked; /* 1 while we must wait; predecessor stores 0 */
} ct_aligned(CT_PAD);

struct ct_lock_mcs {
	_Atomic(struct ct_lock_mcs_ctx *) tail;
	struct ct_wait wait;
};

static inline int ct_lock_mcs_init(struct ct_lock_mcs *l,
				   const struct ct_lock_cfg *cfg)
{
	atomic_init(&l->tail, NULL);
	l->wait = cfg->wait;
	return 0;
}

static inline void ct_lock_mcs_destroy(struct ct_lock_mcs *l)
{
	(void)l;
}

static inline void ct_lock_mcs_ctx_init(struct ct_lock_mcs *l,
					struct ct_lock_mcs_ctx *me,
					unsigned tid)
{
	(void)l, (void)tid;
	atomic_init(&me->next, NULL);
	atomic_init(&me->locked, 0);
}

static inline bool ct_lock_mcs_trylock(struct ct_lock_mcs *l,
				       struct ct_lock_mcs_ctx *me)
{
	struct ct_lock_mcs_ctx *expected = NULL;

	/* relaxed: a hint that saves a failing RMW; the CAS decides. */
	if (atomic_load_explicit(&l->tail, memory_order_relaxed))
		return false;
	/*
	 * relaxed: published by the CAS's release half below, before any
	 * successor can find us in tail and link itself into ->next.
	 * `locked` needs no reset: only a waiter's predecessor writes it.
	 */
	atomic_store_explicit(&me->next, NULL, memory_order_relaxed);
	/*
	 * acq_rel on success: acquire orders the critical section after the
	 * previous holder's release (its CAS of tail to NULL); release
	 * publishes ->next = NULL. Failure takes nothing, orders nothing.
	 */
	return atomic_compare_exchange_strong_explicit(
		&l->tail, &expected, me, memory_order_acq_rel,
		memory_order_relaxed);
}

static inline void ct_lock_mcs_acquire(struct ct_lock_mcs *l,
				       struct ct_lock_mcs_ctx *me)
{
	struct ct_lock_mcs_ctx *prev;

	/* relaxed: both are published by the exchange or the link below. */
	atomic_store_explicit(&me->next, NULL, memory_order_relaxed);
	atomic_store_explicit(&me->locked, 1, memory_order_relaxed);
	/*
	 * acq_rel: release makes ->next = NULL visible to the successor that
	 * will find us here and write ->next, so our reset cannot overwrite
	 * its link; acquire orders us after the previous holder's CAS of
	 * tail to NULL when the queue was empty, and lets us write into the
	 * predecessor's node only after its own initialisation.
	 */
	prev = atomic_exchange_explicit(&l->tail, me, memory_order_acq_rel);
#if CT_SELFTEST_WORK
	/* gate-selftest variants only: see ct_selftest_work (cc.h) */
	ct_selftest_work();
#endif
	if (ct_likely(!prev))
		return;
	/*
	 * release: the predecessor will read this link and then clear our
	 * ->locked; our store of 1 must reach it first or the hand-off is
	 * lost and we spin forever. (The kernel gets this from xchg being a
	 * full barrier and the address dependency next -> next->locked; in
	 * C11 it is this release paired with the acquire in release().)
	 */
	atomic_store_explicit(&prev->next, me, memory_order_release);
	/* acquire (inside): pairs with the predecessor's release hand-off.
	 * Under --wait park we may sleep here once the spin phase ends. */
	ct_park_await(l->wait, &me->locked, 1);
}

static inline void ct_lock_mcs_release(struct ct_lock_mcs *l,
				       struct ct_lock_mcs_ctx *me)
{
	/* acquire: pairs with the successor's release link (see acquire()). */
	struct ct_lock_mcs_ctx *next =
		atomic_load_explicit(&me->next, memory_order_acquire);

	if (!next) {
		struct ct_lock_mcs_ctx *expected = me;

		/*
		 * No successor visible: if we are still the tail, empty the
		 * queue. release on success publishes the critical section to
		 * whoever next exchanges tail and finds NULL; a failure only
		 * tells us a successor swapped tail and is about to link.
		 */
		if (atomic_compare_exchange_strong_explicit(
			    &l->tail, &expected, NULL, memory_order_release,
			    memory_order_relaxed))
			return;
		/* It has exchanged tail but not yet stored into ->next.
		 * acquire: as the first load. */
		CT_WAIT_UNTIL(l->wait, (next = atomic_load_explicit(
						&me->next, memory_order_acquire)));
	}
	/* release (inside): hands the lock and the critical section's writes
	 * over; wakes the successor only if it has parked. */
	ct_park_grant(l->wait, &next->locked, 0);
}

/*
 * Coherence transfers per acquisition by design, independent of the
 * number of waiters: the holder stores its successor's flag (1: the
 * successor had it shared); the successor re-reads it (1); the releaser
 * arrives again: resets its own node (1: upgrade, the successor's link
 * wrote it earlier), swaps the tail (1) and links into the old tail's node
 * (1), which that waiter then re-reads (1): 6. One line handed to one
 * waiter; the others spin on lines nobody touches.
 */
static inline double ct_lock_mcs_transfers(double waiters, unsigned threads)
{
	(void)threads;
	(void)waiters;
	return 6;
}

#endif /* CT_LOCK_MCS_H */
