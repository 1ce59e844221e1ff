/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * broken.h - a DELIBERATELY BROKEN barrier: the validator's negative
 * control.
 *
 * Source: a counting barrier in the style of the centralized one
 * (Mellor-Crummey and Scott, ACM TOCS 9(1), 1991, section 3.1), with
 * per-thread episode numbers instead of sense reversal: arrival counter
 * e mod 4 only grows, by P per use, and `released` holds the number of
 * episodes let go.
 *
 * Invariant it fails to keep: "no thread leaves episode e before all P
 * have arrived at e". The LAST-BUT-ONE arrival at e releases it, so the
 * last arrival is still on its way when the others leave (with P = 1 the
 * only arrival releases, which is correct). Everything else is kept, so
 * it never hangs: the releasing arrival first waits until episode e - 1
 * is complete, which bounds the drift to one episode (no counter is
 * reused while in use), and its memory orders are a correct barrier's.
 * The early release is the only defect.
 *
 * It exists only to prove that the barrier validator catches an early
 * release (a validator that passes it is itself broken). Hidden from
 * listings (CT_BARRIER_HIDDEN); never use it for anything else.
 */
#ifndef CT_BARRIER_BROKEN_H
#define CT_BARRIER_BROKEN_H

#include "barrier.h"

#define CT_BARRIER_BROKEN_RING 4

struct ct_barrier_broken_count {
	atomic_ulong n;
} ct_aligned(CT_PAD);

struct ct_barrier_broken {
	struct ct_barrier_broken_count arrived[CT_BARRIER_BROKEN_RING];
	atomic_ulong released ct_aligned(CT_PAD); /* episodes let go */
	unsigned long nthreads, early;            /* early: the bug */
	struct ct_wait wait;
};

struct ct_barrier_broken_ctx {
	unsigned long episode; /* private: the next episode we arrive at */
};

static inline int ct_barrier_broken_init(struct ct_barrier_broken *b,
					 const struct ct_barrier_cfg *cfg)
{
	int rc = ct_barrier_cfg_check(cfg);
	if (rc)
		return rc;
	for (unsigned i = 0; i < CT_BARRIER_BROKEN_RING; i++)
		atomic_init(&b->arrived[i].n, 0);
	atomic_init(&b->released, 0);
	b->nthreads = cfg->nthreads;
	b->early = cfg->nthreads >= 2; /* BUG: release one arrival early */
	b->wait = cfg->wait;
	return 0;
}

static inline void ct_barrier_broken_destroy(struct ct_barrier_broken *b)
{
	(void)b;
}

static inline void ct_barrier_broken_ctx_init(struct ct_barrier_broken *b,
					      struct ct_barrier_broken_ctx *me,
					      unsigned tid)
{
	(void)b, (void)tid;
	me->episode = 0;
}

/* Spin until counter e mod RING shows every arrival of episode e. */
static inline void ct_barrier_broken_complete(struct ct_barrier_broken *b,
					      unsigned long e)
{
	atomic_ulong *n = &b->arrived[e % CT_BARRIER_BROKEN_RING].n;
	unsigned long all = b->nthreads * (e / CT_BARRIER_BROKEN_RING + 1);
	struct ct_waiter w = ct_waiter_start(b->wait);
	/* acquire: gathers the arrivals' writes, as a correct barrier. */
	while (atomic_load_explicit(n, memory_order_acquire) < all)
		ct_wait_step(&w);
}

static inline void ct_barrier_broken_wait(struct ct_barrier_broken *b,
					  struct ct_barrier_broken_ctx *me)
{
	unsigned long e = me->episode++;
	atomic_ulong *n = &b->arrived[e % CT_BARRIER_BROKEN_RING].n;
	unsigned long base = b->nthreads * (e / CT_BARRIER_BROKEN_RING);

	ct_bar_note(me, n);
	/* acq_rel: as centralized.h, the arrivals form a release sequence. */
	if (atomic_fetch_add_explicit(n, 1, memory_order_acq_rel) ==
	    base + b->nthreads - 1 - b->early) {
		if (e > 0)
			ct_barrier_broken_complete(b, e - 1);
		ct_bar_note(me, &b->released);
		/* release: hands what we gathered to the waiters. */
		atomic_store_explicit(&b->released, e + 1, memory_order_release);
		return;
	}
	/* acquire: pairs with the store above. */
	if (atomic_load_explicit(&b->released, memory_order_acquire) > e)
		return;
	struct ct_waiter w = ct_waiter_start(b->wait);
	while (atomic_load_explicit(&b->released, memory_order_acquire) <= e)
		ct_wait_step(&w);
}

static inline uint64_t
ct_barrier_broken_remote_writes(const struct ct_barrier_cfg *cfg)
{
	return (uint64_t)cfg->nthreads + 1;
}

#endif /* CT_BARRIER_BROKEN_H */
