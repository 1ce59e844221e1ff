/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * clh.h - CLH queue lock.
 *
 * Source: T. S. Craig, "Building FIFO and Priority-Queuing Spin Locks from
 * Atomic Swap", TR 93-02-02, University of Washington, 1993; P. Magnussen,
 * A. Landin and E. Hagersten, "Queue Locks on Cache Coherent
 * Multiprocessors", IPPS 1994.
 *
 * Invariant: the queue is an implicit list from `tail` back through each
 * waiter's predecessor; the node that tail reached first has locked == 0
 * and everyone after it has locked == 1. A thread holds the lock once its
 * predecessor's node reads 0. Each waiter spins on one node written only by
 * its predecessor; grants are FIFO in tail exchange order.
 *
 * Nodes migrate: on release a thread leaves its own node to its successor
 * and adopts its predecessor's, which nobody else can reach any more. That
 * is why the lock holds a dummy node and why all contexts must outlive every
 * thread's use of the lock.
 *
 * No trylock. A trylock would read tail T, see T->locked == 0, then CAS tail
 * from T to its node. Between the read and the CAS, another thread may queue
 * behind T, take and release the lock (adopting T as its node), and acquire
 * again with T: tail is T once more, now with locked == 1 and the lock held.
 * The CAS succeeds on the same pointer (ABA) and the trylock "wins" a held
 * lock. Checking T->locked after the CAS is too late: once in the queue a
 * thread cannot leave it without Scott's abortable-CLH protocol.
 */
#ifndef CT_LOCK_CLH_H
#define CT_LOCK_CLH_H

#include <stdatomic.h>
#include <stddef.h>

#include "lock.h"

struct ct_lock_clh_node {
	atomic_uint locked; /* 1: owner holds or waits for the lock */
} ct_aligned(CT_PAD);

struct ct_lock_clh {
	_Atomic(struct ct_lock_clh_node *) tail;
	struct ct_wait wait;
	struct ct_lock_clh_node dummy; /* the first holder's predecessor */
};

struct ct_lock_clh_ctx {
	struct ct_lock_clh_node *mine, *pred;
	struct ct_lock_clh_node node; /* mine's first value; then migrates */
};

static inline int ct_lock_clh_init(struct ct_lock_clh *l,
				   const struct ct_lock_cfg *cfg)
{
	atomic_init(&l->dummy.locked, 0);
	atomic_init(&l->tail, &l->dummy);
	l->wait = cfg->wait;
	return 0;
}

static inline void ct_lock_clh_destroy(struct ct_lock_clh *l)
{
	(void)l;
}

static inline void ct_lock_clh_ctx_init(struct ct_lock_clh *l,
					struct ct_lock_clh_ctx *c, unsigned tid)
{
	(void)l, (void)tid;
	atomic_init(&c->node.locked, 0);
	c->mine = &c->node;
	c->pred = NULL;
}

static inline void ct_lock_clh_acquire(struct ct_lock_clh *l,
				       struct ct_lock_clh_ctx *c)
{
	struct ct_lock_clh_node *pred;

	/* relaxed: published to our successor by the exchange's release. */
	atomic_store_explicit(&c->mine->locked, 1, memory_order_relaxed);
	/*
	 * acq_rel: release makes locked = 1 visible to the successor that
	 * finds our node in tail; acquire makes the predecessor's locked = 1
	 * visible to us, so we cannot read a stale 0 from the node's
	 * previous life and enter early.
	 */
	pred = atomic_exchange_explicit(&l->tail, c->mine,
					memory_order_acq_rel);
	c->pred = pred;
	/* acquire (inside): pairs with the predecessor's release in
	 * release(). Only we wait on pred's node, so under --wait park we
	 * may mark it parked and sleep. */
	ct_park_await(l->wait, &pred->locked, 1);
}

static inline void ct_lock_clh_release(struct ct_lock_clh *l,
				       struct ct_lock_clh_ctx *c)
{
	/* release (inside): hands the lock and the critical section's writes
	 * over; wakes the successor only if it parked on our node. */
	ct_park_grant(l->wait, &c->mine->locked, 0);
	/* Our node now belongs to the successor; the predecessor's to us. */
	c->mine = c->pred;
}

/*
 * Coherence transfers per acquisition by design, independent of the
 * number of waiters: the holder clears its node's flag (1: upgrade, its
 * successor shares it); the successor re-reads it (1); the releaser
 * arrives again with its recycled node: sets its flag (1: upgrade), swaps
 * the tail (1) and reads its new predecessor's flag (1): 5.
 */
static inline double ct_lock_clh_transfers(double waiters, unsigned threads)
{
	(void)threads;
	(void)waiters;
	return 5;
}

#endif /* CT_LOCK_CLH_H */
