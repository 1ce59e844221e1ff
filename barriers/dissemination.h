/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * dissemination.h - dissemination barrier with parity and sense reversal.
 *
 * Source: D. Hensgen, R. Finkel and U. Manber, "Two Algorithms for Barrier
 * Synchronization", Int. J. Parallel Programming 17(1), 1988 (after E. D.
 * Brooks III's butterfly barrier, 1986); in the form of Mellor-Crummey and
 * Scott, ACM TOCS 9(1), 1991, section 3.4: two flag sets used alternately
 * (parity) and sense reversal every second episode, so it is reusable with
 * no reset.
 *
 * Rounds: R = ceil(log2 P). In round r thread i signals thread
 * (i + 2^r) mod P and waits to be signalled by (i - 2^r) mod P. After
 * round r, i has heard (directly or through the chain) from the 2^(r+1)-1
 * threads before it, so after R rounds from everyone. Works for any P.
 *
 * Invariant: flag[p][r] of thread i is written only by (i - 2^r) mod P,
 * once per episode of parity p, with the sense of that episode; episodes
 * e and e+2 use the same set with opposite senses, and a writer can reach
 * e+2 only after everyone (so the reader) has left e. Flags live in their
 * owner's context, one CT_PAD line each: all spinning is local.
 *
 * Remote writes per episode: P * ceil(log2 P), every thread every round:
 * the O(P log P) of the MCS '91 analysis, with no tree and no hot spot.
 */
#ifndef CT_BARRIER_DISSEMINATION_H
#define CT_BARRIER_DISSEMINATION_H

#include "barrier.h"

struct ct_barrier_dissemination_ctx {
	struct ct_barrier_flag flag[2][CT_BARRIER_MAX_ROUNDS]; /* [parity][r] */
	uint16_t partner[CT_BARRIER_MAX_ROUNDS]; /* whom we signal in round r */
	unsigned rounds, parity, sense;          /* private */
};

struct ct_barrier_dissemination {
	struct ct_barrier_slots ctx; /* every thread's context, by tid */
	unsigned nthreads;
	struct ct_wait wait;
};

static inline int
ct_barrier_dissemination_init(struct ct_barrier_dissemination *b,
			      const struct ct_barrier_cfg *cfg)
{
	return ct_barrier_local_init(&b->ctx, &b->nthreads, &b->wait, cfg);
}

static inline void
ct_barrier_dissemination_destroy(struct ct_barrier_dissemination *b)
{
	ct_barrier_slots_destroy(&b->ctx);
}

static inline void
ct_barrier_dissemination_ctx_init(struct ct_barrier_dissemination *b,
				  struct ct_barrier_dissemination_ctx *me,
				  unsigned tid)
{
	me->rounds = ct_barrier_log2_ceil(b->nthreads);
	me->parity = 0;
	me->sense = 1; /* flags start at 0 */
	for (unsigned r = 0; r < me->rounds; r++) {
		me->partner[r] = (uint16_t)((tid + (1u << r)) % b->nthreads);
		atomic_init(&me->flag[0][r].v, 0);
		atomic_init(&me->flag[1][r].v, 0);
	}
	b->ctx.slot[tid] = me;
}

static inline void
ct_barrier_dissemination_wait(struct ct_barrier_dissemination *b,
			      struct ct_barrier_dissemination_ctx *me)
{
	const unsigned parity = me->parity, sense = me->sense;

	for (unsigned r = 0; r < me->rounds; r++) {
		struct ct_barrier_dissemination_ctx *to = b->ctx.slot[me->partner[r]];
		atomic_uint *theirs = &to->flag[parity][r].v;
		ct_bar_note(me, theirs);
		/* release (inside): passes on everything we have heard so
		 * far; under --wait park wakes the partner if it sleeps. */
		ct_bar_signal(theirs, sense, b->wait);
		ct_bar_await(&me->flag[parity][r].v, sense, b->wait);
	}
	if (parity)
		me->sense ^= 1;
	me->parity ^= 1;
}

static inline uint64_t
ct_barrier_dissemination_remote_writes(const struct ct_barrier_cfg *cfg)
{
	return (uint64_t)cfg->nthreads * ct_barrier_log2_ceil(cfg->nthreads);
}

#endif /* CT_BARRIER_DISSEMINATION_H */
