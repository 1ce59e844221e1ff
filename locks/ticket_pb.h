/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ticket_pb.h - ticket lock with proportional backoff.
 *
 * Source: J. M. Mellor-Crummey and M. L. Scott, "Algorithms for Scalable
 * Synchronization on Shared-Memory Multiprocessors", ACM TOCS 9(1), 1991,
 * section 2.2: a waiter knows how many tickets are ahead of it, so it can
 * wait about that many critical sections between polls of `owner`.
 *
 * Invariant: that of ticket.h, whose word, trylock and release this lock
 * reuses unchanged. Only the waiting differs: between polls a waiter with
 * d = my - owner tickets ahead pauses d * backoff_min PAUSEs (at least 1),
 * the last of them a ct_wait_step() so the wait policy still applies.
 * Fewer polls means fewer read misses on the line the holder must write.
 */
#ifndef CT_LOCK_TICKET_PB_H
#define CT_LOCK_TICKET_PB_H

#include "ticket.h"

struct ct_lock_ticket_pb {
	struct ct_lock_ticket t;
	uint32_t unit; /* PAUSEs per ticket ahead, >= 1 */
};

struct ct_lock_ticket_pb_ctx {
	struct ct_lock_ticket_ctx t;
};

static inline int ct_lock_ticket_pb_init(struct ct_lock_ticket_pb *l,
					 const struct ct_lock_cfg *cfg)
{
	l->unit = cfg->backoff_min ? cfg->backoff_min : 1;
	return ct_lock_ticket_init(&l->t, cfg);
}

static inline void ct_lock_ticket_pb_destroy(struct ct_lock_ticket_pb *l)
{
	ct_lock_ticket_destroy(&l->t);
}

static inline void ct_lock_ticket_pb_ctx_init(struct ct_lock_ticket_pb *l,
					      struct ct_lock_ticket_pb_ctx *c,
					      unsigned tid)
{
	ct_lock_ticket_ctx_init(&l->t, &c->t, tid);
}

static inline bool ct_lock_ticket_pb_trylock(struct ct_lock_ticket_pb *l,
					     struct ct_lock_ticket_pb_ctx *c)
{
	return ct_lock_ticket_trylock(&l->t, &c->t);
}

static inline void ct_lock_ticket_pb_acquire(struct ct_lock_ticket_pb *l,
					     struct ct_lock_ticket_pb_ctx *c)
{
	(void)c;
	uint32_t my, owner;

	if (ct_likely(ct_lock_ticket_draw(&l->t, &my)))
		return;
	if (l->t.wait.policy == CT_WAIT_PARK) { /* sleep as ticket does */
		CT_PARKQ_WAIT_UNTIL(l->t.wait, &l->t.park,
				    ct_lock_ticket_serving(&l->t) == my);
		return;
	}
	struct ct_waiter w = ct_waiter_start(l->t.wait);
	while ((owner = ct_lock_ticket_serving(&l->t)) != my) {
		/* 64-bit: d * unit can exceed 2^32 with a large backoff_min. */
		uint64_t n = (uint64_t)(my - owner) * l->unit;

		while (--n)
			ct_cpu_relax();
		ct_wait_step(&w);
	}
}

static inline void ct_lock_ticket_pb_release(struct ct_lock_ticket_pb *l,
					     struct ct_lock_ticket_pb_ctx *c)
{
	ct_lock_ticket_release(&l->t, &c->t);
}

/*
 * Coherence transfers per acquisition by design: the same accesses as
 * ticket.h (proportional backoff spaces the polls out; the schedule lets
 * each waiter poll once per event): 2W + 2.
 */
static inline double ct_lock_ticket_pb_transfers(double waiters, unsigned threads)
{
	(void)threads;
	return 2 * waiters + 2;
}

#endif /* CT_LOCK_TICKET_PB_H */
