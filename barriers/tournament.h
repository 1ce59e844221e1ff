/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tournament.h - tournament barrier with statically chosen winners and a
 * wake-up tree.
 *
 * Source: D. Hensgen, R. Finkel and U. Manber, "Two Algorithms for Barrier
 * Synchronization", Int. J. Parallel Programming 17(1), 1988; in the form
 * of Mellor-Crummey and Scott, ACM TOCS 9(1), 1991, section 3.3 (static
 * roles, sense reversal, wake-up down the tree rather than a global flag).
 *
 * Roles: in round r (1..R, R = ceil(log2 P)) thread i with i mod 2^r == 0
 * is the winner against i + 2^(r-1), or has a bye if that thread does not
 * exist; i mod 2^r == 2^(r-1) is the loser against i - 2^(r-1); thread 0 is
 * the champion in round R. Any P works: byes absorb the missing opponents.
 *
 * Invariant: flag r of thread i is written only by i's round-r opponent,
 * once per episode, with that episode's sense, and only i spins on it: the
 * loser to say "I have arrived (with my whole subtree)", the winner, after
 * the champion has seen everyone, to say "go". Flags live in their owner's
 * context, one CT_PAD line each: all spinning is local.
 *
 * Remote writes per episode: each of the P-1 losers writes its winner's
 * flag once on arrival and has its own flag written once on wake-up:
 * 2(P - 1).
 */
#ifndef CT_BARRIER_TOURNAMENT_H
#define CT_BARRIER_TOURNAMENT_H

#include "barrier.h"

enum ct_barrier_tournament_role {
	CT_TOURNAMENT_DROPOUT, /* lost an earlier round: never reached */
	CT_TOURNAMENT_BYE,
	CT_TOURNAMENT_WINNER,
	CT_TOURNAMENT_LOSER,
	CT_TOURNAMENT_CHAMPION,
};

struct ct_barrier_tournament_ctx {
	struct ct_barrier_flag flag[CT_BARRIER_MAX_ROUNDS]; /* [r - 1] */
	uint8_t role[CT_BARRIER_MAX_ROUNDS];
	uint16_t opponent[CT_BARRIER_MAX_ROUNDS];
	unsigned rounds; /* R */
	unsigned sense;  /* private */
};

struct ct_barrier_tournament {
	struct ct_barrier_slots ctx; /* every thread's context, by tid */
	unsigned nthreads;
	struct ct_wait wait;
};

static inline int ct_barrier_tournament_init(struct ct_barrier_tournament *b,
					     const struct ct_barrier_cfg *cfg)
{
	return ct_barrier_local_init(&b->ctx, &b->nthreads, &b->wait, cfg);
}

static inline void ct_barrier_tournament_destroy(struct ct_barrier_tournament *b)
{
	ct_barrier_slots_destroy(&b->ctx);
}

/* Thread i's role in round r (1-based) of a P-thread tournament. */
static inline enum ct_barrier_tournament_role
ct_barrier_tournament_role_of(unsigned i, unsigned r, unsigned P)
{
	unsigned half = 1u << (r - 1), mod = i & ((half << 1) - 1);

	if (mod == half)
		return CT_TOURNAMENT_LOSER;
	if (mod != 0)
		return CT_TOURNAMENT_DROPOUT;
	if (i + half >= P)
		return CT_TOURNAMENT_BYE;
	return (half << 1) >= P ? CT_TOURNAMENT_CHAMPION : CT_TOURNAMENT_WINNER;
}

static inline void
ct_barrier_tournament_ctx_init(struct ct_barrier_tournament *b,
			       struct ct_barrier_tournament_ctx *me,
			       unsigned tid)
{
	me->rounds = ct_barrier_log2_ceil(b->nthreads);
	me->sense = 1; /* flags start at 0 */
	for (unsigned r = 1; r <= me->rounds; r++) {
		enum ct_barrier_tournament_role role =
			ct_barrier_tournament_role_of(tid, r, b->nthreads);
		unsigned half = 1u << (r - 1);
		me->role[r - 1] = (uint8_t)role;
		me->opponent[r - 1] =
			(uint16_t)(role == CT_TOURNAMENT_LOSER ? tid - half :
								  tid + half);
		atomic_init(&me->flag[r - 1].v, 0);
	}
	b->ctx.slot[tid] = me;
}

/* Store this episode's sense into our round-r opponent's flag. */
static ct_always_inline void
ct_barrier_tournament_signal(struct ct_barrier_tournament *b,
			     struct ct_barrier_tournament_ctx *me, unsigned r)
{
	struct ct_barrier_tournament_ctx *opp = b->ctx.slot[me->opponent[r]];
	ct_bar_note(me, &opp->flag[r].v);
	/* release: hands over everything we know (our subtree's arrival on
	 * the way up, the whole team's on the way down). */
	ct_bar_signal(&opp->flag[r].v, me->sense, b->wait);
}

static inline void ct_barrier_tournament_wait(struct ct_barrier_tournament *b,
					      struct ct_barrier_tournament_ctx *me)
{
	unsigned r = 0;

	/* Arrival: climb until we lose (or win it all). */
	for (; r < me->rounds; r++) {
		enum ct_barrier_tournament_role role = me->role[r];
		if (role == CT_TOURNAMENT_BYE)
			continue;
		if (role == CT_TOURNAMENT_LOSER) {
			ct_barrier_tournament_signal(b, me, r);
			ct_bar_await(&me->flag[r].v, me->sense, b->wait);
			break;
		}
		/* winner or champion: wait for the loser to arrive */
		ct_bar_await(&me->flag[r].v, me->sense, b->wait);
		if (role == CT_TOURNAMENT_CHAMPION) {
			ct_barrier_tournament_signal(b, me, r);
			break;
		}
	}
	/* Wake-up: release the losers of the rounds we won, top-down. */
	while (r-- > 0)
		if (me->role[r] == CT_TOURNAMENT_WINNER)
			ct_barrier_tournament_signal(b, me, r);
	me->sense ^= 1;
}

static inline uint64_t
ct_barrier_tournament_remote_writes(const struct ct_barrier_cfg *cfg)
{
	return 2ull * (cfg->nthreads - 1);
}

#endif /* CT_BARRIER_TOURNAMENT_H */
