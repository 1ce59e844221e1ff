/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * anderson.h - Anderson's array-based queue lock.
 *
 * Source: T. E. Anderson, "The Performance of Spin Lock Alternatives for
 * Shared-Memory Multiprocessors", IEEE TPDS 1(1), 1990.
 *
 * Invariant: ticket t maps to slot t mod n; slot s's `go` is 1 exactly when
 * the ticket mapped to s may enter and has not yet entered. Every thread
 * spins on its own slot, each slot padded to CT_PAD bytes, so a release
 * invalidates one waiter's line instead of all of them. Grants follow
 * ticket order (FIFO). Needs n >= max_threads: a thread holds at most one
 * ticket, so no two outstanding tickets share a slot.
 *
 * n is max_threads rounded up to a power of two and tickets are masked, not
 * reduced modulo: the 32-bit tail counter then wraps from 2^32 - 1 to 0
 * without skipping a slot (2^32 is a multiple of n), so drawing stays one
 * fetch_add with no divide. A non-power-of-two n would need a CAS loop
 * around the wrap, as Concurrency Kit does. The cost is < 2x slot memory.
 */
#ifndef CT_LOCK_ANDERSON_H
#define CT_LOCK_ANDERSON_H

#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "lock.h"

struct ct_lock_anderson_slot {
	atomic_uint go;
} ct_aligned(CT_PAD);

struct ct_lock_anderson {
	atomic_uint tail; /* next ticket to draw */
	uint32_t mask;    /* n - 1 */
	struct ct_wait wait;
	struct ct_lock_anderson_slot *slots;
};

struct ct_lock_anderson_ctx {
	uint32_t slot; /* the holder's slot, from acquire to release */
};

static inline int ct_lock_anderson_init(struct ct_lock_anderson *l,
					const struct ct_lock_cfg *cfg)
{
	uint32_t n = 1;

	if (cfg->max_threads == 0 || cfg->max_threads > 1u << 31)
		return -EINVAL;
	while (n < cfg->max_threads)
		n <<= 1;
	/* sizeof(slot) == CT_PAD: the size is a multiple of the alignment. */
	l->slots = aligned_alloc(CT_PAD, n * sizeof(*l->slots));
	if (!l->slots)
		return -ENOMEM;
	for (uint32_t i = 0; i < n; i++)
		atomic_init(&l->slots[i].go, i == 0);
	atomic_init(&l->tail, 0);
	l->mask = n - 1;
	l->wait = cfg->wait;
	return 0;
}

static inline void ct_lock_anderson_destroy(struct ct_lock_anderson *l)
{
	free(l->slots);
	l->slots = NULL;
}

static inline void ct_lock_anderson_ctx_init(struct ct_lock_anderson *l,
					     struct ct_lock_anderson_ctx *c,
					     unsigned tid)
{
	(void)l, (void)tid;
	c->slot = 0;
}

static inline void ct_lock_anderson_acquire(struct ct_lock_anderson *l,
					    struct ct_lock_anderson_ctx *c)
{
	/*
	 * acq_rel: our slot was last used n tickets ago, and its user reset
	 * `go` below. By pigeonhole (n >= threads) some thread drew twice
	 * among those n + 1 tickets, after that reset; tail's RMWs form a
	 * release sequence, so our draw happens-after the reset and cannot
	 * read the stale grant. Free on x86, where lock xadd is a full fence.
	 */
	uint32_t s = atomic_fetch_add_explicit(&l->tail, 1,
					       memory_order_acq_rel) & l->mask;
	atomic_uint *go = &l->slots[s].go;

	c->slot = s;
	/* acquire (inside): pairs with the predecessor's release store of
	 * the grant. One waiter per slot: under --wait park it may sleep. */
	ct_park_await(l->wait, go, 0);
	/*
	 * relaxed: the slot's next reader draws n tickets later and is
	 * ordered after this store by the argument above.
	 */
	atomic_store_explicit(go, 0, memory_order_relaxed);
}

static inline void ct_lock_anderson_release(struct ct_lock_anderson *l,
					    struct ct_lock_anderson_ctx *c)
{
	struct ct_lock_anderson_slot *next = &l->slots[(c->slot + 1) & l->mask];

	/* release (inside): publishes the critical section to the next
	 * slot's owner, waking it only if it parked. */
	ct_park_grant(l->wait, &next->go, 1);
}

/*
 * Coherence transfers per acquisition by design: the holder sets the next
 * slot's flag (1); that waiter re-reads it (1) and clears it (1: upgrade);
 * the releaser arrives again: fetch_add on the tail (1) and the first read
 * of its new slot, which moves unless this thread cleared that slot itself
 * - i.e. unless W + 1 is a multiple of the slot count (power of two >=
 * threads): 4 or 5. Other waiters spin on their own slots.
 */
static inline double ct_lock_anderson_transfers(double waiters, unsigned threads)
{
	uint32_t slots = 1;
	while (slots < threads)
		slots <<= 1;
	return 4 + ((uint64_t)(waiters + 1.5) % slots != 0);
}

#endif /* CT_LOCK_ANDERSON_H */
