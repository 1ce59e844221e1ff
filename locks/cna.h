/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cna.h - compact NUMA-aware lock (CNA).
 *
 * Source: D. Dice and A. Kogan, "Compact NUMA-aware Locks", EuroSys 2019.
 *
 * MCS (see mcs.h) whose releaser prefers a successor on its own node. The
 * lock is one word (tail), as in MCS. Waiters of other nodes that the
 * releaser skips go to a secondary queue, which travels with the lock:
 * the releaser writes its head into the successor's node (`sec`) before
 * the hand-off, and the head node's `sec_tail` names its last node.
 *
 * Invariants:
 *  - tail is NULL iff the lock is free, and then the secondary queue is
 *    empty: a releaser that finds no main-queue successor but a secondary
 *    queue makes that queue the main queue instead of freeing the lock.
 *  - Only the holder changes `next` of a waiting node, and never of the
 *    main queue's last node (an arrival may be linking behind it): the
 *    scan for a same-node successor stops before the node whose next is
 *    still NULL.
 *  - Fairness: after CT_LOCK_CNA_LOCAL_MAX consecutive same-node hand-offs
 *    while the secondary queue is non-empty, the secondary queue goes in
 *    front of the main queue. So a skipped waiter waits at most that many
 *    local hand-offs, plus the waiters ahead of it in the secondary queue
 *    (each of which also passes the lock on within the bound).
 *
 * Node ids come from cfg->thread_node (virtual under --vnodes). Trylock
 * as in MCS: only a free lock (tail NULL, so no secondary queue) is taken.
 * Waits follow the policy, parking included (the grant word is the
 * per-waiter park word).
 */
#ifndef CT_LOCK_CNA_H
#define CT_LOCK_CNA_H

#include <stdatomic.h>
#include <stddef.h>

#include <math.h>

#include "lock.h"

#define CT_LOCK_CNA_LOCAL_MAX 64u

struct ct_lock_cna_ctx {
	_Atomic(struct ct_lock_cna_ctx *) next; /* successor, set by it */
	atomic_uint locked; /* 1 while we must wait; the granter stores 0 */
	int node;           /* our node, from cfg->thread_node */
	/* Written by the granter before its release hand-off, read by us
	 * after acquiring: the secondary queue's head (NULL: empty). */
	struct ct_lock_cna_ctx *sec;
	/* Valid while we head the secondary queue: its last node. */
	struct ct_lock_cna_ctx *sec_tail;
} ct_aligned(CT_PAD);

struct ct_lock_cna {
	_Atomic(struct ct_lock_cna_ctx *) tail;
	struct ct_wait wait;
	unsigned local_streak; /* holder-only: same-node hand-offs in a row */
	const int *thread_node;
};

static inline int ct_lock_cna_init(struct ct_lock_cna *l,
				   const struct ct_lock_cfg *cfg)
{
	atomic_init(&l->tail, NULL);
	l->wait = cfg->wait;
	l->local_streak = 0;
	l->thread_node = cfg->thread_node;
	return 0;
}

static inline void ct_lock_cna_destroy(struct ct_lock_cna *l)
{
	(void)l;
}

static inline void ct_lock_cna_ctx_init(struct ct_lock_cna *l,
					struct ct_lock_cna_ctx *me,
					unsigned tid)
{
	atomic_init(&me->next, NULL);
	atomic_init(&me->locked, 0);
	me->node = l->thread_node ? l->thread_node[tid] : 0;
	me->sec = me->sec_tail = NULL;
}

static inline bool ct_lock_cna_trylock(struct ct_lock_cna *l,
				       struct ct_lock_cna_ctx *me)
{
	struct ct_lock_cna_ctx *expected = NULL;

	/* relaxed: a hint that saves a failing RMW; the CAS decides. */
	if (atomic_load_explicit(&l->tail, memory_order_relaxed))
		return false;
	/* relaxed: published by the CAS's release half, as in mcs.h. */
	atomic_store_explicit(&me->next, NULL, memory_order_relaxed);
	me->sec = NULL; /* a free lock has no secondary queue */
	/* acq_rel on success: as mcs.h's trylock. */
	return atomic_compare_exchange_strong_explicit(
		&l->tail, &expected, me, memory_order_acq_rel,
		memory_order_relaxed);
}

static inline void ct_lock_cna_acquire(struct ct_lock_cna *l,
				       struct ct_lock_cna_ctx *me)
{
	struct ct_lock_cna_ctx *prev;

	/* relaxed: both are published by the exchange or the link below. */
	atomic_store_explicit(&me->next, NULL, memory_order_relaxed);
	atomic_store_explicit(&me->locked, 1, memory_order_relaxed);
	/* acq_rel: as in mcs.h (publishes our reset, orders us after the
	 * previous holder when the queue was empty). */
	prev = atomic_exchange_explicit(&l->tail, me, memory_order_acq_rel);
	if (ct_likely(!prev)) {
		me->sec = NULL; /* tail was NULL: no secondary queue */
		return;
	}
	/* release: our locked = 1 reaches the granter first (mcs.h). */
	atomic_store_explicit(&prev->next, me, memory_order_release);
	/* acquire (inside): pairs with the granter's release; also makes
	 * the `sec` it wrote for us visible. */
	ct_park_await(l->wait, &me->locked, 1);
}

/* acquire: pairs with the release link of the waiter that set it. */
static inline struct ct_lock_cna_ctx *
ct_lock_cna_next(struct ct_lock_cna_ctx *n)
{
	return atomic_load_explicit(&n->next, memory_order_acquire);
}

/* Append the waiting segment first..last to the secondary queue *sec. */
static inline void ct_lock_cna_defer(struct ct_lock_cna_ctx **sec,
				     struct ct_lock_cna_ctx *first,
				     struct ct_lock_cna_ctx *last)
{
	/* relaxed: these nodes are read again only by later holders, to
	 * whom every hand-off's release/acquire pair carries this write. */
	atomic_store_explicit(&last->next, NULL, memory_order_relaxed);
	if (*sec)
		atomic_store_explicit(&(*sec)->sec_tail->next, first,
				      memory_order_relaxed);
	else
		*sec = first;
	(*sec)->sec_tail = last;
}

/*
 * A successor on `node` in the main queue from `next` on, or NULL. Nodes
 * skipped before it move to the secondary queue *sec. Stops before the
 * main queue's last node (whose next an arrival may be writing).
 */
static inline struct ct_lock_cna_ctx *
ct_lock_cna_find(struct ct_lock_cna_ctx *next, int node,
		 struct ct_lock_cna_ctx **sec)
{
	struct ct_lock_cna_ctx *cur = next, *after;

	if (next->node == node)
		return next;
	while ((after = ct_lock_cna_next(cur))) {
		if (after->node == node) {
			ct_lock_cna_defer(sec, next, cur);
			return after;
		}
		cur = after;
	}
	return NULL;
}

/* Hand the lock to `to`, with secondary queue `sec`. */
static inline void ct_lock_cna_grant(struct ct_lock_cna *l,
				     struct ct_lock_cna_ctx *to,
				     struct ct_lock_cna_ctx *sec)
{
	to->sec = sec; /* plain: published by the grant's release */
	/* release (inside): hands the lock, the critical section and `sec`
	 * over; wakes `to` only if it parked. */
	ct_park_grant(l->wait, &to->locked, 0);
}

static inline void ct_lock_cna_release(struct ct_lock_cna *l,
				       struct ct_lock_cna_ctx *me)
{
	struct ct_lock_cna_ctx *next = ct_lock_cna_next(me), *sec = me->sec;

	if (!next) {
		/* Empty the queue, or make the secondary queue the main one.
		 * release on success: publishes the critical section (and
		 * the secondary nodes' links) to whoever takes tail next. */
		struct ct_lock_cna_ctx *expected = me;
		struct ct_lock_cna_ctx *to = sec ? sec->sec_tail : NULL;

		if (atomic_compare_exchange_strong_explicit(
			    &l->tail, &expected, to, memory_order_release,
			    memory_order_relaxed)) {
			l->local_streak = 0;
			if (sec)
				ct_lock_cna_grant(l, sec, NULL);
			return;
		}
		/* An arrival swapped tail; wait for its link (mcs.h). */
		CT_WAIT_UNTIL(l->wait, (next = ct_lock_cna_next(me)));
	}
	struct ct_lock_cna_ctx *to = NULL;
	if (!sec || l->local_streak < CT_LOCK_CNA_LOCAL_MAX)
		to = ct_lock_cna_find(next, me->node, &sec);
	if (to) {
		l->local_streak += sec != NULL;
		ct_lock_cna_grant(l, to, sec);
		return;
	}
	l->local_streak = 0;
	if (sec) { /* the secondary queue goes first, then the main one */
		/* relaxed: published by the grant's release below. */
		atomic_store_explicit(&sec->sec_tail->next, next,
				      memory_order_relaxed);
		ct_lock_cna_grant(l, sec, NULL);
		return;
	}
	ct_lock_cna_grant(l, next, NULL);
}

/*
 * Coherence transfers per acquisition by design, with the successor on the
 * releaser's node (the counting schedule's case: every thread on node 0):
 * MCS's 6 (mcs.h). The releaser's look at the successor's `node` is a plain
 * read of the line its grant writes next, and the secondary queue stays
 * empty, so nothing is added. Not modelled: a skipped remote successor
 * (each skip reads and later rewrites one more waiter's `next`).
 */
static inline double ct_lock_cna_transfers(double waiters, unsigned threads)
{
	(void)waiters, (void)threads;
	return 6;
}

#endif /* CT_LOCK_CNA_H */
