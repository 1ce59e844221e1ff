/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * centralized.h - centralized sense-reversing barrier.
 *
 * Source: J. M. Mellor-Crummey and M. L. Scott, "Algorithms for Scalable
 * Synchronization on Shared-Memory Multiprocessors", ACM TOCS 9(1), 1991,
 * section 3.1 (the sense-reversing counter barrier they attribute to
 * Hensgen, Finkel and Manber, 1988).
 *
 * Invariant: between episodes `count` is nthreads and `sense` equals every
 * thread's private sense. Each arrival flips its private sense and
 * decrements count; the arrival that takes count to 0 restores it to
 * nthreads and then stores its sense into `sense`, which every other
 * arrival is spinning on. The reset precedes the flip, so nobody can
 * decrement the next episode's count before it is restored.
 *
 * Remote writes per episode: P decrements + 1 reset + 1 flip = P + 2. All
 * waiters spin on one shared line (not local spinning): the flip costs a
 * burst of P-1 misses on that line, the O(P) of the MCS '91 analysis.
 * count and sense sit on separate CT_PAD lines so arrivals do not disturb
 * the spinners.
 */
#ifndef CT_BARRIER_CENTRALIZED_H
#define CT_BARRIER_CENTRALIZED_H

#include "barrier.h"

struct ct_barrier_centralized {
	atomic_uint count ct_aligned(CT_PAD); /* arrivals still missing */
	unsigned nthreads;                     /* read by the last arrival */
	struct ct_wait wait;
	atomic_uint sense ct_aligned(CT_PAD); /* flipped once per episode */
};

struct ct_barrier_centralized_ctx {
	unsigned sense; /* private: the sense of the episode being waited */
};

static inline int ct_barrier_centralized_init(struct ct_barrier_centralized *b,
					      const struct ct_barrier_cfg *cfg)
{
	int rc = ct_barrier_cfg_check(cfg);
	if (rc)
		return rc;
	atomic_init(&b->count, cfg->nthreads);
	atomic_init(&b->sense, 0);
	b->nthreads = cfg->nthreads;
	b->wait = cfg->wait;
	return 0;
}

static inline void
ct_barrier_centralized_destroy(struct ct_barrier_centralized *b)
{
	(void)b;
}

static inline void
ct_barrier_centralized_ctx_init(struct ct_barrier_centralized *b,
				struct ct_barrier_centralized_ctx *me,
				unsigned tid)
{
	(void)b, (void)tid;
	me->sense = 0;
}

static inline void ct_barrier_centralized_wait(struct ct_barrier_centralized *b,
					       struct ct_barrier_centralized_ctx *me)
{
	unsigned sense = me->sense ^= 1;

	ct_bar_note(me, &b->count);
	/*
	 * acq_rel: the release half publishes our pre-barrier writes; the
	 * decrements form one release sequence, so the last arrival's acquire
	 * synchronizes with every earlier arrival and gathers all of them.
	 */
	if (atomic_fetch_sub_explicit(&b->count, 1, memory_order_acq_rel) != 1) {
		ct_bar_await(&b->sense, sense, b->wait);
		return;
	}
	ct_bar_note(me, &b->count);
	/*
	 * relaxed: the release store of sense below orders the reset before
	 * any next-episode decrement, since every thread either is us or
	 * acquires that store before it arrives again.
	 */
	atomic_store_explicit(&b->count, b->nthreads, memory_order_relaxed);
	ct_bar_note(me, &b->sense);
	/* release (inside): hands everything gathered above to every waiter;
	 * under --wait park wakes the sleepers. */
	ct_bar_signal(&b->sense, sense, b->wait);
}

static inline uint64_t
ct_barrier_centralized_remote_writes(const struct ct_barrier_cfg *cfg)
{
	return (uint64_t)cfg->nthreads + 2;
}

#endif /* CT_BARRIER_CENTRALIZED_H */
