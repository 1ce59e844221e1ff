/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * mcs.h - the MCS tree barrier: 4-ary arrival tree, binary wake-up tree.
 *
 * Source: J. M. Mellor-Crummey and M. L. Scott, "Algorithms for Scalable
 * Synchronization on Shared-Memory Multiprocessors", ACM TOCS 9(1), 1991,
 * section 3.5 (their "new tree-based barrier").
 *
 * Trees: in the arrival tree thread i's children are 4i+1..4i+4 and its
 * parent is (i-1)/4, where it owns byte (i-1) mod 4 of childnotready; in
 * the wake-up tree its children are 2i+1 and 2i+2. Missing children are
 * simply absent (havechild), so any P works.
 *
 * Invariant: between episodes childnotready == havechild in every node and
 * parentsense equals the owner's sense of the previous episode. A thread
 * waits until its children have cleared their bytes, re-arms them (no one
 * can clear them again before we wake them), clears its own byte in its
 * parent, waits for its wake-up parent to store this episode's sense into
 * parentsense, and stores it into its wake-up children's. Everything a
 * thread spins on is in its own context (one CT_PAD line): local spinning.
 *
 * Remote writes per episode: P-1 arrival bytes + P-1 wake-up flags =
 * 2(P - 1); the re-arming writes our own line and is not remote.
 */
#ifndef CT_BARRIER_MCS_H
#define CT_BARRIER_MCS_H

#include "barrier.h"

struct ct_barrier_mcs_ctx {
	atomic_uchar childnotready[4]; /* cleared by each arrival child */
	atomic_uint parentsense;       /* stored by the wake-up parent */
	unsigned char havechild[4];    /* private from here on */
	unsigned tid, sense;
} ct_aligned(CT_PAD);

struct ct_barrier_mcs {
	struct ct_barrier_slots ctx; /* every thread's context, by tid */
	unsigned nthreads;
	struct ct_wait wait;
};

static inline int ct_barrier_mcs_init(struct ct_barrier_mcs *b,
				      const struct ct_barrier_cfg *cfg)
{
	return ct_barrier_local_init(&b->ctx, &b->nthreads, &b->wait, cfg);
}

static inline void ct_barrier_mcs_destroy(struct ct_barrier_mcs *b)
{
	ct_barrier_slots_destroy(&b->ctx);
}

static inline void ct_barrier_mcs_ctx_init(struct ct_barrier_mcs *b,
					   struct ct_barrier_mcs_ctx *me,
					   unsigned tid)
{
	for (unsigned j = 0; j < 4; j++) {
		me->havechild[j] = 4 * tid + j + 1 < b->nthreads;
		atomic_init(&me->childnotready[j], me->havechild[j]);
	}
	atomic_init(&me->parentsense, 0);
	me->tid = tid;
	me->sense = 1;
	b->ctx.slot[tid] = me;
}

static ct_always_inline bool
ct_barrier_mcs_children_ready(struct ct_barrier_mcs_ctx *me)
{
	for (unsigned j = 0; j < 4; j++)
		/* acquire: pairs with the child's release; gathers its subtree. */
		if (atomic_load_explicit(&me->childnotready[j],
					 memory_order_acquire))
			return false;
	return true;
}

/* Arrival: wait for our children, re-arm, report to our parent. */
static ct_always_inline void ct_barrier_mcs_arrive(struct ct_barrier_mcs *b,
						   struct ct_barrier_mcs_ctx *me)
{
	CT_WAIT_UNTIL(b->wait, ct_barrier_mcs_children_ready(me));
	for (unsigned j = 0; j < 4; j++) {
		ct_bar_note(me, &me->childnotready[j]);
		/*
		 * relaxed: a child clears its byte again only once woken,
		 * and every wake-up descends from the root's, which follows
		 * our release (to the parent, or as the root our wake-up
		 * stores) below in program order.
		 */
		atomic_store_explicit(&me->childnotready[j], me->havechild[j],
				      memory_order_relaxed);
	}
	if (me->tid == 0)
		return;
	struct ct_barrier_mcs_ctx *parent = b->ctx.slot[(me->tid - 1) / 4];
	atomic_uchar *mine = &parent->childnotready[(me->tid - 1) % 4];
	ct_bar_note(me, mine);
	/* release: our subtree has arrived, with everything it wrote. */
	atomic_store_explicit(mine, 0, memory_order_release);
}

static inline void ct_barrier_mcs_wait(struct ct_barrier_mcs *b,
				       struct ct_barrier_mcs_ctx *me)
{
	ct_barrier_mcs_arrive(b, me);
	if (me->tid != 0)
		ct_bar_await(&me->parentsense, me->sense, b->wait);
	for (unsigned c = 2 * me->tid + 1; c <= 2 * me->tid + 2; c++) {
		if (c >= b->nthreads)
			break;
		struct ct_barrier_mcs_ctx *child = b->ctx.slot[c];
		ct_bar_note(me, &child->parentsense);
		/* release (inside): the whole team has arrived; pass it
		 * down, waking the child under --wait park. */
		ct_bar_signal(&child->parentsense, me->sense, b->wait);
	}
	me->sense ^= 1;
}

static inline uint64_t
ct_barrier_mcs_remote_writes(const struct ct_barrier_cfg *cfg)
{
	return 2ull * (cfg->nthreads - 1);
}

#endif /* CT_BARRIER_MCS_H */
