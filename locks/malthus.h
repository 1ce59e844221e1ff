/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * malthus.h - Malthusian MCS lock (MCSCR): MCS with concurrency restriction.
 *
 * Source: D. Dice, "Malthusian Locks", EuroSys 2017 (MCSCR).
 *
 * MCS (see mcs.h) whose releaser culls surplus waiters. When the queue
 * holds two or more waiters, the first one is not needed to keep the lock
 * busy: the releaser moves it to a passive set and grants the second. The
 * circulating set shrinks to the threads that keep the lock saturated; the
 * passive ones wait on their own node (and under --wait park sleep there,
 * costing no CPU and no wake-up per hand-off), which is what lets it keep
 * pthread-mutex's pace with more threads than CPUs while staying bounded-
 * fair, unlike a barging lock.
 *
 * Invariants:
 *  - tail is NULL iff the lock is free. The passive set may be non-empty
 *    then, but never stays stranded: a releaser that frees the lock while
 *    it is non-empty takes out its oldest node and grants it RETRY, which
 *    sends that thread back to a fresh arrival. (Granting it the lock
 *    instead would leave the lock idle while a parked thread wakes up -
 *    measured at 8 threads on 2 CPUs, think 2 us: 0.03x pthread-mutex.
 *    With RETRY a running arrival takes the free lock first, and the
 *    releaser pays one FUTEX_WAKE, as pthread-mutex's unlock does.)
 *  - The passive set (passive_head/tail, each node's passive_next and
 *    readmitted, since_admit) is touched only by the lock's holder; the
 *    lock's own acquire/release order those accesses.
 *  - A node is culled only when its `next` is already linked (a second
 *    waiter exists), so nobody else writes to it while it is passive; the
 *    holder rewrites its `next` before it rejoins the queue.
 *  - Long-term fairness: every CT_LOCK_MALTHUS_PERIOD releases while the
 *    passive set is non-empty, the holder re-admits its oldest node at the
 *    queue's tail (an MCS enqueue on its behalf) and nudges it awake (see
 *    ct_park_nudge) so it spins by the time its turn comes; a re-admitted
 *    node (as one sent back with RETRY) is not culled again before it is
 *    granted. Bound: with T threads a waiter is granted within
 *    (T - 1) * PERIOD + T releases after it was culled.
 *
 * Trylock as in MCS: only a free lock is taken. Waits follow the policy;
 * the grant word is the park word.
 */
#ifndef CT_LOCK_MALTHUS_H
#define CT_LOCK_MALTHUS_H

#include <stdatomic.h>
#include <stddef.h>

#include <math.h>

#include "lock.h"
#include "mcs.h"

#define CT_LOCK_MALTHUS_PERIOD 256u

/* Grant values of a node's `locked`: 1 wait, 0 the lock, RETRY arrive again. */
#define CT_LOCK_MALTHUS_RETRY 2u

/* The queue is MCS's (mcs.h): its node first, so a node pointer read from
 * the queue is also ours (ct_lock_malthus_node). */
struct ct_lock_malthus_ctx {
	struct ct_lock_mcs_ctx q; /* next, set by the successor; locked */
	/* holder-only, see the invariants */
	struct ct_lock_malthus_ctx *passive_next;
	bool readmitted;
} ct_aligned(CT_PAD);

struct ct_lock_malthus {
	struct ct_lock_mcs q; /* tail, wait */
	/* holder-only: the passive set, oldest first */
	struct ct_lock_malthus_ctx *passive_head, *passive_tail;
	unsigned since_admit; /* releases since the last re-admission */
};

static inline int ct_lock_malthus_init(struct ct_lock_malthus *l,
				       const struct ct_lock_cfg *cfg)
{
	l->passive_head = l->passive_tail = NULL;
	l->since_admit = 0;
	return ct_lock_mcs_init(&l->q, cfg);
}

/* A queue node as ours: every node in the queue is a malthus ctx. */
static inline struct ct_lock_malthus_ctx *
ct_lock_malthus_node(struct ct_lock_mcs_ctx *n)
{
	return (struct ct_lock_malthus_ctx *)n;
}

static inline void ct_lock_malthus_destroy(struct ct_lock_malthus *l)
{
	(void)l;
}

static inline void ct_lock_malthus_ctx_init(struct ct_lock_malthus *l,
					    struct ct_lock_malthus_ctx *me,
					    unsigned tid)
{
	ct_lock_mcs_ctx_init(&l->q, &me->q, tid);
	me->passive_next = NULL;
	me->readmitted = false;
}

/* As MCS's: only a free lock is taken. */
static inline bool ct_lock_malthus_trylock(struct ct_lock_malthus *l,
					   struct ct_lock_malthus_ctx *me)
{
	return ct_lock_mcs_trylock(&l->q, &me->q);
}

/* Append `n` at the tail as its own arrival would; the orders as in
 * acquire(). Only the holder enqueues another thread's node, so tail is
 * not NULL and there always is a predecessor to link into. */
static inline void ct_lock_malthus_enqueue(struct ct_lock_malthus *l,
					   struct ct_lock_malthus_ctx *n)
{
	atomic_store_explicit(&n->q.next, NULL, memory_order_relaxed);
	struct ct_lock_mcs_ctx *prev =
		atomic_exchange_explicit(&l->q.tail, &n->q, memory_order_acq_rel);
	atomic_store_explicit(&prev->next, &n->q, memory_order_release);
}

static inline void ct_lock_malthus_acquire(struct ct_lock_malthus *l,
					   struct ct_lock_malthus_ctx *me)
{
	struct ct_lock_mcs_ctx *prev;

	do {
		/* relaxed: published by the exchange or the link below. */
		atomic_store_explicit(&me->q.next, NULL, memory_order_relaxed);
		atomic_store_explicit(&me->q.locked, 1, memory_order_relaxed);
		/* acq_rel: as in mcs.h. */
		prev = atomic_exchange_explicit(&l->q.tail, &me->q,
						memory_order_acq_rel);
		if (ct_likely(!prev))
			return;
		/* release: as in mcs.h, our ->locked = 1 before the link. */
		atomic_store_explicit(&prev->next, &me->q,
				      memory_order_release);
		/* acquire (inside): pairs with the granter's release. A
		 * passive wait is the same wait: the node is just unlinked.
		 * RETRY: taken out of the passive set, nobody refers to the
		 * node any more; arrive again. */
	} while (ct_park_await(l->q.wait, &me->q.locked, 1) ==
		 CT_LOCK_MALTHUS_RETRY);
}

/* Holder-only passive set operations. */
static inline struct ct_lock_malthus_ctx *
ct_lock_malthus_pop(struct ct_lock_malthus *l)
{
	struct ct_lock_malthus_ctx *p = l->passive_head;

	l->passive_head = p->passive_next;
	if (!l->passive_head)
		l->passive_tail = NULL;
	return p;
}

static inline void ct_lock_malthus_cull(struct ct_lock_malthus *l,
					struct ct_lock_malthus_ctx *n)
{
	n->passive_next = NULL;
	if (l->passive_tail)
		l->passive_tail->passive_next = n;
	else
		l->passive_head = n;
	l->passive_tail = n;
}

static inline void ct_lock_malthus_release(struct ct_lock_malthus *l,
					   struct ct_lock_malthus_ctx *me)
{
	/* acquire: pairs with the successor's release link. */
	struct ct_lock_malthus_ctx *next = ct_lock_malthus_node(
		atomic_load_explicit(&me->q.next, memory_order_acquire));

	if (l->passive_head && ++l->since_admit >= CT_LOCK_MALTHUS_PERIOD) {
		struct ct_lock_malthus_ctx *p = ct_lock_malthus_pop(l);

		l->since_admit = 0;
		p->readmitted = true;
		ct_lock_malthus_enqueue(l, p);
		ct_park_nudge(l->q.wait, &p->q.locked, 1);
		/* tail is now past us: the path below waits for our link. */
	}
	if (!next) {
		struct ct_lock_mcs_ctx *expected = &me->q, *link;
		/* Taken out while we still hold the lock (holder-only). */
		struct ct_lock_malthus_ctx *p =
			l->passive_head ? ct_lock_malthus_pop(l) : NULL;

		/* Still the tail: free the lock. release on success:
		 * publishes the critical section to the next exchanger. */
		if (atomic_compare_exchange_strong_explicit(
			    &l->q.tail, &expected, NULL, memory_order_release,
			    memory_order_relaxed)) {
			if (p) { /* p is ours alone now: send it back,
				  * immune to culling until granted */
				p->readmitted = true;
				ct_park_grant(l->q.wait, &p->q.locked,
					      CT_LOCK_MALTHUS_RETRY);
			}
			return;
		}
		if (p) { /* an arrival: p stays passive, at the front */
			p->passive_next = l->passive_head;
			l->passive_head = p;
			if (!l->passive_tail)
				l->passive_tail = p;
		}
		/* It is linking behind us. acquire: as the first load. */
		CT_WAIT_UNTIL(l->q.wait, (link = atomic_load_explicit(
						  &me->q.next, memory_order_acquire)));
		next = ct_lock_malthus_node(link);
	}
	if (!next->readmitted) {
		/* acquire: pairs with the link of next's successor. */
		struct ct_lock_malthus_ctx *after = ct_lock_malthus_node(
			atomic_load_explicit(&next->q.next, memory_order_acquire));

		if (after) { /* next is surplus: cull it, grant the second */
			ct_lock_malthus_cull(l, next);
			next = after;
		}
	}
	next->readmitted = false;
	/* release (inside): hands the lock and the critical section over. */
	ct_park_grant(l->q.wait, &next->q.locked, 0);
}

/*
 * Coherence transfers per acquisition by design: MCS's 6 (mcs.h) plus one.
 * Before granting, the releaser reads its successor's `next` to look for
 * a second waiter (1: that node's line is its owner's or its linker's),
 * and the grant then writes a flag on a line it only shares - the same
 * line, an upgrade, where MCS's single write moved it once; when it culls,
 * the read is of the culled node and the write of the next one's, still
 * one each. A culled waiter spins on its own line: no traffic. The
 * re-admission every CT_LOCK_MALTHUS_PERIOD releases (an enqueue on the
 * passive thread's behalf) is outside this figure, and outside the
 * counting schedule's 80 cycles.
 */
static inline double ct_lock_malthus_transfers(double waiters,
					       unsigned threads)
{
	(void)waiters, (void)threads;
	return 7;
}

#endif /* CT_LOCK_MALTHUS_H */
