/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * barrier.h - the contract every barrier algorithm in barriers/ implements.
 *
 * An algorithm NAME is one header, barriers/NAME.h, of static inline
 * functions:
 *
 *   struct ct_barrier_NAME;         the shared barrier
 *   struct ct_barrier_NAME_ctx;     one thread's private state (sense,
 *                                   parity) and, where the algorithm wants
 *                                   local spinning, the flags that thread
 *                                   spins on. Holds `char unused` if empty.
 *   int  ct_barrier_NAME_init(struct ct_barrier_NAME *,
 *                             const struct ct_barrier_cfg *);  0 or -errno
 *   void ct_barrier_NAME_destroy(struct ct_barrier_NAME *);
 *   void ct_barrier_NAME_ctx_init(struct ct_barrier_NAME *,
 *                                 struct ct_barrier_NAME_ctx *, unsigned tid);
 *   void ct_barrier_NAME_wait(struct ct_barrier_NAME *,
 *                             struct ct_barrier_NAME_ctx *);
 *   uint64_t ct_barrier_NAME_remote_writes(const struct ct_barrier_cfg *);
 *
 * Exactly cfg->nthreads threads take part, with tids 0..nthreads-1, each
 * calling ctx_init once; every ctx_init must happen-before any thread's
 * first wait() (the harness's start gate does this), because the
 * local-spinning algorithms find each other's flags through the contexts.
 *
 * wait() of episode k returns only after all nthreads threads have called
 * wait() for episode k, and everything a thread did before its wait()
 * happens-before everything any thread does after its wait() returns.
 * Barriers are reusable: episode k+1 needs no reset between episodes.
 *
 * remote_writes() is the number of stores and read-modify-writes per
 * episode, all threads together, whose target lies outside the writing
 * thread's own context: shared counters and flags, and other threads'
 * flags. It is the algorithm's design figure (Mellor-Crummey and Scott's
 * "remote references", counting writes only; spinning reads are not
 * counted), a function of cfg, CT_BARRIER_RW_UNKNOWN where the algorithm
 * is not ours to count. Building with CT_BARRIER_INSTRUMENT counts the same
 * thing as it happens (tests/test_barriers.c checks the two agree).
 *
 * The caller (harness) allocates the barrier and the contexts CT_PAD
 * aligned, each context on its thread's NUMA node, and keeps them all alive
 * until destroy(). The family is listed once, in barriers/LIST.
 */
#ifndef CT_BARRIER_H
#define CT_BARRIER_H

#include <errno.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "harness/core/cc.h"
#include "harness/core/wait.h"

/* Largest team; bounds the per-thread round arrays (log2 of it). */
#define CT_BARRIER_MAX_THREADS 1024u
#define CT_BARRIER_MAX_ROUNDS 10u /* ceil(log2(CT_BARRIER_MAX_THREADS)) */

#define CT_BARRIER_RW_UNKNOWN UINT64_MAX

/* Per-run configuration handed to every init(). */
struct ct_barrier_cfg {
	unsigned nthreads;   /* P: threads in every episode, 1..MAX_THREADS */
	unsigned fanin;      /* combining trees: children per node, >= 2 */
	struct ct_wait wait; /* spinning barriers: spin or spin-then-yield */
};

/* Properties listed in barriers/LIST. */
enum ct_barrier_flags {
	CT_BARRIER_WAITS = 1u << 0,    /* honours the wait policy (--wait) */
	CT_BARRIER_LOCAL = 1u << 1,    /* spins only on flags in its own ctx */
	CT_BARRIER_PARKS = 1u << 2,    /* sleeps in the kernel */
	CT_BARRIER_HIDDEN = 1u << 3,   /* not listed unless asked: broken */
	CT_BARRIER_PEER = 1u << 4,     /* Concurrency Kit peer row */
	CT_BARRIER_BASELINE = 1u << 5, /* what users would otherwise use */
	CT_BARRIER_FANIN = 1u << 6,    /* shaped by cfg->fanin */
};

#define CT_BARRIER_CFG_DEFAULT                                                \
	((struct ct_barrier_cfg){ .nthreads = 2,                               \
				  .fanin = 4,                                  \
				  .wait = { CT_WAIT_SPIN,                      \
					    CT_WAIT_DEFAULT_SPIN_LIMIT } })

/* 0 if cfg describes a team every algorithm can serve, else -EINVAL. */
static inline int ct_barrier_cfg_check(const struct ct_barrier_cfg *cfg)
{
	if (cfg->nthreads == 0 || cfg->nthreads > CT_BARRIER_MAX_THREADS ||
	    cfg->fanin < 2)
		return -EINVAL;
	return 0;
}

/* ceil(log2(n)) for n >= 1: rounds of dissemination and tournament. */
static inline unsigned ct_barrier_log2_ceil(unsigned n)
{
	unsigned r = 0;
	while ((1u << r) < n)
		r++;
	return r;
}

/* Zeroed, CT_PAD-aligned heap memory for barrier-owned arrays; free(). */
static inline void *ct_barrier_zalloc(size_t bytes)
{
	size_t size = bytes ? (bytes + CT_PAD - 1) / CT_PAD * CT_PAD : CT_PAD;
	void *p = aligned_alloc(CT_PAD, size);
	if (p)
		memset(p, 0, size);
	return p;
}

/* ---- instrumentation: counting remote writes as they happen -------------
 *
 * Every store or RMW an algorithm makes to barrier state goes through
 * ct_bar_note(own, target) first. Normally nothing; with
 * CT_BARRIER_INSTRUMENT defined before this header is included, a target
 * outside *own (the writer's context) increments the calling thread's
 * ct_barrier_writes_seen, which the including file defines. The
 * classification is by address, not by annotation: a write the design
 * calls local but that lands elsewhere is counted.
 */
#ifdef CT_BARRIER_INSTRUMENT
extern _Thread_local uint64_t ct_barrier_writes_seen;
#define ct_bar_note(own, target)                                              \
	((void)(ct_barrier_writes_seen +=                                     \
		((const char *)(target) < (const char *)(own) ||              \
		 (const char *)(target) >= (const char *)((own) + 1))))
#else
#define ct_bar_note(own, target) ((void)0)
#endif

/* ---- the registry of contexts the local-spinning algorithms share -------
 *
 * slot[tid] is tid's context, written once by ctx_init() and read-only
 * afterwards; the harness's start gate publishes it (see the contract).
 */
struct ct_barrier_slots {
	void **slot;
};

static inline int ct_barrier_slots_init(struct ct_barrier_slots *s,
					unsigned nthreads)
{
	s->slot = calloc(nthreads, sizeof(*s->slot));
	return s->slot ? 0 : -ENOMEM;
}

static inline void ct_barrier_slots_destroy(struct ct_barrier_slots *s)
{
	free(s->slot);
	s->slot = NULL;
}

/*
 * Init shared by the local-spinning barriers (tournament, dissemination,
 * MCS), whose state is the same three fields: a context table, P and the
 * wait policy.
 */
static inline int ct_barrier_local_init(struct ct_barrier_slots *ctx,
					unsigned *nthreads,
					struct ct_wait *wait,
					const struct ct_barrier_cfg *cfg)
{
	int rc = ct_barrier_cfg_check(cfg);
	if (rc)
		return rc;
	*nthreads = cfg->nthreads;
	*wait = cfg->wait;
	return ct_barrier_slots_init(ctx, cfg->nthreads);
}

/* A spin flag alone in its CT_PAD slot: its owner spins on it, at most
 * one other thread writes it per episode. */
struct ct_barrier_flag {
	atomic_uint v;
} ct_aligned(CT_PAD);

/*
 * Spin until *f == want. acquire: the store that ends the wait is a release
 * by the thread passing the barrier's knowledge along; everything before it
 * happens-before our return.
 */
static ct_always_inline void ct_bar_await(atomic_uint *f, unsigned want,
					  struct ct_wait policy)
{
	CT_PARKQ_WAIT_UNTIL(policy, ct_parkq_of(f),
			    atomic_load_explicit(f, memory_order_acquire) ==
				    want);
}

/*
 * Store v into a flag some thread may ct_bar_await() on. release: what the
 * waiter reads after its acquire load. Under --wait park, wakes whoever
 * sleeps on the flag's (hashed) eventcount.
 */
static ct_always_inline void ct_bar_signal(atomic_uint *f, unsigned v,
					   struct ct_wait policy)
{
	atomic_store_explicit(f, v, memory_order_release);
	ct_parkq_wake(policy, ct_parkq_of(f), INT_MAX);
}

#endif /* CT_BARRIER_H */
