/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ticket.h - ticket lock.
 *
 * Source: J. M. Mellor-Crummey and M. L. Scott, "Algorithms for Scalable
 * Synchronization on Shared-Memory Multiprocessors", ACM TOCS 9(1), 1991
 * (after Reed and Kanodia's eventcounts, CACM 1979).
 *
 * Invariant: `next` is the ticket the next arrival draws, `owner` the ticket
 * being served; the thread holding ticket `owner` is in the critical section
 * iff owner != next, and next - owner (mod 2^32) threads hold a ticket.
 * Tickets are served in the order drawn (FIFO). Only the holder writes owner.
 *
 * Layout: both 32-bit counters share one 64-bit word, next in the high half,
 * and the word is also reachable as two 32-bit atomics (union). That buys:
 *   - trylock is one 64-bit CAS from {n, n} to {n + 1, n}: it can only
 *     succeed on a free lock, and never leaves a ticket it cannot wait on;
 *   - acquire's 64-bit fetch_add returns both halves, so the uncontended
 *     path is a single xadd with no second load;
 *   - next wraps by carrying out of bit 63, never into owner;
 *   - release is a 32-bit store to owner alone, no RMW.
 * The price is that waiters and arrivals share one cache line, which a
 * split (padded) layout would avoid but then trylock could not be one CAS.
 * Mixing 64- and 32-bit atomic accesses to the same bytes is outside ISO C
 * but well defined by GCC/Clang on every target we build for (Linux's
 * pre-qspinlock x86 ticket lock and Concurrency Kit's ticket lock rely on
 * it). owner is the low half at the word's own address, so ThreadSanitizer
 * pairs owner's release store with the 64-bit RMWs that read it.
 */
#ifndef CT_LOCK_TICKET_H
#define CT_LOCK_TICKET_H

#include <stdatomic.h>

#include "lock.h"

union ct_lock_ticket_word {
	_Atomic uint64_t both;
	struct {
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
		_Atomic uint32_t owner, next;
#else
		_Atomic uint32_t next, owner;
#endif
	} half;
};

#define CT_LOCK_TICKET_NEXT_ONE (1ull << 32) /* +1 on next, in `both` */

struct ct_lock_ticket {
	union ct_lock_ticket_word w;
	struct ct_wait wait;
	/* --wait park: sleepers. Which sleeper holds the next ticket is not
	 * known to the releaser, so every release with sleepers wakes all. */
	struct ct_parkq park;
};

struct ct_lock_ticket_ctx {
	char unused;
};

_Static_assert(sizeof(union ct_lock_ticket_word) == sizeof(uint64_t),
	       "ticket halves must tile the 64-bit word");

static inline int ct_lock_ticket_init(struct ct_lock_ticket *l,
				      const struct ct_lock_cfg *cfg)
{
	atomic_init(&l->w.both, 0);
	atomic_init(&l->park.seq, 0);
	atomic_init(&l->park.sleepers, 0);
	l->wait = cfg->wait;
	return 0;
}

static inline void ct_lock_ticket_destroy(struct ct_lock_ticket *l)
{
	(void)l;
}

static inline void ct_lock_ticket_ctx_init(struct ct_lock_ticket *l,
					   struct ct_lock_ticket_ctx *c,
					   unsigned tid)
{
	(void)l, (void)c, (void)tid;
}

/*
 * Draw a ticket into *my; true if it is already being served.
 * acquire: in that case the fetch_add is the acquiring access and the
 * critical section must not float above it.
 */
static inline bool ct_lock_ticket_draw(struct ct_lock_ticket *l, uint32_t *my)
{
	uint64_t old = atomic_fetch_add_explicit(&l->w.both,
						 CT_LOCK_TICKET_NEXT_ONE,
						 memory_order_acquire);

	*my = (uint32_t)(old >> 32);
	return *my == (uint32_t)old;
}

/* acquire: pairs with the release store that served the ticket we see. */
static inline uint32_t ct_lock_ticket_serving(struct ct_lock_ticket *l)
{
	return atomic_load_explicit(&l->w.half.owner, memory_order_acquire);
}

static inline bool ct_lock_ticket_trylock(struct ct_lock_ticket *l,
					  struct ct_lock_ticket_ctx *c)
{
	(void)c;
	/* relaxed: a guess at the word; the CAS re-validates all of it. */
	uint64_t v = atomic_load_explicit(&l->w.both, memory_order_relaxed);

	if ((uint32_t)(v >> 32) != (uint32_t)v)
		return false;
	/* acquire on success: we now hold the lock; failure orders nothing. */
	return atomic_compare_exchange_strong_explicit(
		&l->w.both, &v, v + CT_LOCK_TICKET_NEXT_ONE,
		memory_order_acquire, memory_order_relaxed);
}

static inline void ct_lock_ticket_acquire(struct ct_lock_ticket *l,
					  struct ct_lock_ticket_ctx *c)
{
	(void)c;
	uint32_t my;

	if (ct_likely(ct_lock_ticket_draw(l, &my)))
		return;
	CT_PARKQ_WAIT_UNTIL(l->wait, &l->park, ct_lock_ticket_serving(l) == my);
}

static inline void ct_lock_ticket_release(struct ct_lock_ticket *l,
					  struct ct_lock_ticket_ctx *c)
{
	(void)c;
	/* relaxed: we are owner's only writer, so this reads our own value. */
	uint32_t owner =
		atomic_load_explicit(&l->w.half.owner, memory_order_relaxed);

	/* release: publishes the critical section to the next ticket holder. */
	atomic_store_explicit(&l->w.half.owner, owner + 1,
			      memory_order_release);
	ct_parkq_wake(l->wait, &l->park, INT_MAX); /* --wait park only */
}

/*
 * Coherence transfers per acquisition by design (see tas.h for the
 * accounting): the holder reads owner (1: the last arrival's fetch_add
 * took the line) and stores it (1: upgrade); every waiter re-reads
 * now-serving (W); the releaser's arriving fetch_add (1) invalidates them
 * again and the W - 1 older waiters re-read (W - 1): 2W + 2. Every
 * waiter re-reads on every release: the ticket lock's scaling limit.
 */
static inline double ct_lock_ticket_transfers(double waiters, unsigned threads)
{
	(void)threads;
	return 2 * waiters + 2;
}

#endif /* CT_LOCK_TICKET_H */
