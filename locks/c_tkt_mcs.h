/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * c_tkt_mcs.h - cohort lock C-TKT-MCS: a global ticket lock over one MCS
 * queue per node.
 *
 * Source: D. Dice, V. J. Marathe and N. Shavit, "Lock Cohorting: A General
 * Technique for Designing NUMA Locks", PPoPP 2012 (C-TKT-MCS).
 *
 * A thread queues on its node's MCS lock (mcs.h). The head of a node's
 * queue takes the global ticket lock, unless its predecessor passed the
 * global lock on with the local one. A releaser with a local successor
 * passes both (the cohort keeps the lock) while fewer than
 * CT_LOCK_CTM_PASS_MAX hand-offs in a row stayed local; otherwise it
 * releases the global lock first and grants the local one bare.
 *
 * Invariants:
 *  - The global ticket is held iff some thread holds the lock, or a
 *    cohort pass is in flight (granted, not yet seen). It is
 *    thread-oblivious: whoever holds the lock releases it, whichever
 *    cohort member took it. Ticket order makes the nodes FIFO.
 *  - A local grant word goes 1 (wait) -> PASS (you hold the global lock
 *    too) or TAKE (take the global lock yourself); only the local
 *    predecessor writes it.
 *  - Starvation bound: a node keeps the lock for at most PASS_MAX + 1
 *    critical sections while another node waits; then the ticket serves
 *    the next node.
 *
 * Trylock: take an empty local queue, then try the ticket; on failure
 * leave the local queue, handing any waiter that queued meanwhile a TAKE
 * grant. Waits follow the policy, parking included (local grants wake
 * exactly the successor; the ticket wakes its sleepers).
 */
#ifndef CT_LOCK_C_TKT_MCS_H
#define CT_LOCK_C_TKT_MCS_H

#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "lock.h"
#include "ticket.h"

#define CT_LOCK_CTM_PASS_MAX 64u

enum { CT_LOCK_CTM_WAIT = 1, CT_LOCK_CTM_TAKE = 0, CT_LOCK_CTM_PASS = 2 };

struct ct_lock_c_tkt_mcs_ctx {
	_Atomic(struct ct_lock_c_tkt_mcs_ctx *) next; /* local successor */
	atomic_uint locked; /* WAIT, then PASS or TAKE from the predecessor */
	unsigned node;
	unsigned passes; /* local passes in a row that brought us the lock;
			  * written by the granter before its release grant */
} ct_aligned(CT_PAD);

struct ct_lock_c_tkt_mcs_local {
	_Atomic(struct ct_lock_c_tkt_mcs_ctx *) tail;
} ct_aligned(CT_PAD);

struct ct_lock_c_tkt_mcs {
	struct ct_lock_ticket global;
	struct ct_lock_c_tkt_mcs_local *local; /* one queue per node */
	unsigned nnodes;
	const int *thread_node;
	struct ct_wait wait;
};

static inline int ct_lock_c_tkt_mcs_init(struct ct_lock_c_tkt_mcs *l,
					 const struct ct_lock_cfg *cfg)
{
	unsigned n = 1;

	for (unsigned i = 0; cfg->thread_node && i < cfg->max_threads; i++)
		if (cfg->thread_node[i] < 0)
			return -EINVAL;
		else if ((unsigned)cfg->thread_node[i] >= n)
			n = (unsigned)cfg->thread_node[i] + 1;
	l->local = aligned_alloc(CT_PAD, n * sizeof(*l->local));
	if (!l->local)
		return -ENOMEM;
	for (unsigned i = 0; i < n; i++)
		atomic_init(&l->local[i].tail, NULL);
	l->nnodes = n;
	l->thread_node = cfg->thread_node;
	l->wait = cfg->wait;
	return ct_lock_ticket_init(&l->global, cfg);
}

static inline void ct_lock_c_tkt_mcs_destroy(struct ct_lock_c_tkt_mcs *l)
{
	free(l->local);
	l->local = NULL;
}

static inline void ct_lock_c_tkt_mcs_ctx_init(struct ct_lock_c_tkt_mcs *l,
					      struct ct_lock_c_tkt_mcs_ctx *me,
					      unsigned tid)
{
	atomic_init(&me->next, NULL);
	atomic_init(&me->locked, 0);
	me->node = l->thread_node ? (unsigned)l->thread_node[tid] : 0;
	me->passes = 0;
}

static inline void ct_lock_c_tkt_mcs_take_global(struct ct_lock_c_tkt_mcs *l,
						 struct ct_lock_c_tkt_mcs_ctx *me)
{
	struct ct_lock_ticket_ctx unused;

	ct_lock_ticket_acquire(&l->global, &unused);
	me->passes = 0;
}

/* acquire: pairs with the release link of the successor (mcs.h). */
static inline struct ct_lock_c_tkt_mcs_ctx *
ct_lock_c_tkt_mcs_next(struct ct_lock_c_tkt_mcs_ctx *me)
{
	return atomic_load_explicit(&me->next, memory_order_acquire);
}

/*
 * Leave the local queue as its head: empty it, or wait for the successor
 * that is linking in and return it. release on the CAS: publishes the
 * critical section to the next head of this node's queue.
 */
static inline struct ct_lock_c_tkt_mcs_ctx *
ct_lock_c_tkt_mcs_leave(struct ct_lock_c_tkt_mcs *l,
			struct ct_lock_c_tkt_mcs_ctx *me)
{
	struct ct_lock_c_tkt_mcs_ctx *next = ct_lock_c_tkt_mcs_next(me);
	struct ct_lock_c_tkt_mcs_ctx *expected = me;

	if (next)
		return next;
	if (atomic_compare_exchange_strong_explicit(
		    &l->local[me->node].tail, &expected, NULL,
		    memory_order_release, memory_order_relaxed))
		return NULL;
	CT_WAIT_UNTIL(l->wait, (next = ct_lock_c_tkt_mcs_next(me)));
	return next;
}

static inline bool ct_lock_c_tkt_mcs_trylock(struct ct_lock_c_tkt_mcs *l,
					     struct ct_lock_c_tkt_mcs_ctx *me)
{
	struct ct_lock_c_tkt_mcs_ctx *expected = NULL, *next;
	struct ct_lock_ticket_ctx unused;
	_Atomic(struct ct_lock_c_tkt_mcs_ctx *) *tail = &l->local[me->node].tail;

	/* relaxed: a hint; the CAS decides. */
	if (atomic_load_explicit(tail, memory_order_relaxed))
		return false;
	/* relaxed: published by the CAS's release half (mcs.h). */
	atomic_store_explicit(&me->next, NULL, memory_order_relaxed);
	/* acq_rel on success: as mcs.h's trylock. */
	if (!atomic_compare_exchange_strong_explicit(tail, &expected, me,
						     memory_order_acq_rel,
						     memory_order_relaxed))
		return false;
	if (ct_lock_ticket_trylock(&l->global, &unused)) {
		me->passes = 0;
		return true;
	}
	next = ct_lock_c_tkt_mcs_leave(l, me);
	if (next) /* it queued behind us: it takes the global lock itself */
		ct_park_grant(l->wait, &next->locked, CT_LOCK_CTM_TAKE);
	return false;
}

static inline void ct_lock_c_tkt_mcs_acquire(struct ct_lock_c_tkt_mcs *l,
					     struct ct_lock_c_tkt_mcs_ctx *me)
{
	struct ct_lock_c_tkt_mcs_ctx *prev;

	/* relaxed: published by the exchange or the link (mcs.h). */
	atomic_store_explicit(&me->next, NULL, memory_order_relaxed);
	atomic_store_explicit(&me->locked, CT_LOCK_CTM_WAIT,
			      memory_order_relaxed);
	/* acq_rel: as mcs.h's exchange. */
	prev = atomic_exchange_explicit(&l->local[me->node].tail, me,
					memory_order_acq_rel);
	if (prev) {
		/* release: our WAIT reaches the predecessor first (mcs.h). */
		atomic_store_explicit(&prev->next, me, memory_order_release);
		/* acquire (inside): pairs with the predecessor's grant,
		 * and with it the critical section and `passes`. */
		if (ct_park_await(l->wait, &me->locked, CT_LOCK_CTM_WAIT) ==
		    CT_LOCK_CTM_PASS)
			return;
	}
	ct_lock_c_tkt_mcs_take_global(l, me);
}

static inline void ct_lock_c_tkt_mcs_release(struct ct_lock_c_tkt_mcs *l,
					     struct ct_lock_c_tkt_mcs_ctx *me)
{
	struct ct_lock_ticket_ctx unused;
	struct ct_lock_c_tkt_mcs_ctx *next = ct_lock_c_tkt_mcs_next(me);

	if (next && me->passes < CT_LOCK_CTM_PASS_MAX) {
		next->passes = me->passes + 1; /* published by the grant */
		/* release (inside): the cohort keeps the global lock. */
		ct_park_grant(l->wait, &next->locked, CT_LOCK_CTM_PASS);
		return;
	}
	/* release (inside ticket): publishes the critical section to the
	 * next node's head. Then the local queue, whose next head takes
	 * the ticket like everyone else. */
	ct_lock_ticket_release(&l->global, &unused);
	if (!next && !(next = ct_lock_c_tkt_mcs_leave(l, me)))
		return;
	ct_park_grant(l->wait, &next->locked, CT_LOCK_CTM_TAKE);
}

/*
 * Coherence transfers per acquisition by design, all threads on one node
 * (the counting schedule's case): a local pass is MCS's 6 (mcs.h; the
 * `passes` count rides on the grant's line). Once per PASS_MAX + 1
 * acquisitions the global ticket moves: the releaser reads and stores
 * `owner` (2: the line was last written by the fetch_add of the thread
 * that took the ticket PASS_MAX + 1 acquisitions ago; 0 when that was the
 * releaser itself, which in the round-robin schedule happens when the
 * threads divide PASS_MAX) and the TAKE-granted head's fetch_add moves it
 * again (1). Periodic, so a check must count whole periods (contention.c).
 * Not modelled: cross-node hand-offs, where the ticket's waiters re-read.
 */
static inline double ct_lock_c_tkt_mcs_transfers(double waiters, unsigned threads)
{
	(void)waiters;
	double moves = CT_LOCK_CTM_PASS_MAX % threads ? 3 : 1;
	return 6 + moves / (CT_LOCK_CTM_PASS_MAX + 1);
}

#endif /* CT_LOCK_C_TKT_MCS_H */
