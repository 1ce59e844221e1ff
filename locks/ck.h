/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ck.h - Concurrency Kit peer rows: ck-fas, ck-cas, ck-ticket, ck-mcs,
 * ck-clh, ck-anderson.
 *
 * Source: S. Al Bahra, Concurrency Kit 0.7 (ck_spinlock_*.h), the
 * production implementations of the algorithms in this directory.
 *
 * Invariant: CK's own; these are thin adapters to our contract so that
 * "ours vs the production library" runs in one matrix (CT_LOCK_PEER). Each
 * row calls the plain CK lock function (not the _eb/_pb variants), so CK
 * ignores our wait policy and backoff settings: compare against ours run
 * with --wait spin. Compiled only where configure found libck-dev
 * (CT_HAVE_CK). Notable CK choices these rows measure, not ours:
 *   - ck-ticket on x86 packs two 16-bit counters into one 32-bit word;
 *   - ck-anderson slots are 8 bytes apart (several waiters per line);
 *     we give it the same power-of-two slot count as anderson.h;
 *   - ck-clh and ck-anderson have no trylock in CK.
 * CK's atomics are inline assembly, invisible to ThreadSanitizer: build
 * sanitizer runs with CK=no.
 */
#ifndef CT_LOCK_CK_H
#define CT_LOCK_CK_H

#ifdef CT_HAVE_CK

#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include <ck_spinlock.h>

#include "lock.h"

#ifndef CK_F_SPINLOCK_TICKET_TRYLOCK
#error "ck-ticket is listed with trylock, which CK has only on x86: use CK=no"
#endif

/*
 * ck-fas, ck-cas, ck-ticket: context-free CK locks sharing one API shape,
 * ck_spinlock_X_{init,trylock,lock,unlock}(ck_spinlock_X_t *), so one
 * generator writes their adapters: struct ct_lock_ck_X, ct_lock_ck_X_*().
 * fas exchanges then polls with loads; cas is the same with a CAS.
 */
#define CT_LOCK_CK_PLAIN(x)                                                   \
	struct ct_lock_ck_##x {                                               \
		ck_spinlock_##x##_t l;                                        \
	};                                                                    \
	struct ct_lock_ck_##x##_ctx {                                         \
		char unused;                                                  \
	};                                                                    \
	static inline int ct_lock_ck_##x##_init(struct ct_lock_ck_##x *l,     \
						const struct ct_lock_cfg *cfg) \
	{                                                                     \
		(void)cfg;                                                    \
		ck_spinlock_##x##_init(&l->l);                                \
		return 0;                                                     \
	}                                                                     \
	static inline void ct_lock_ck_##x##_destroy(struct ct_lock_ck_##x *l) \
	{                                                                     \
		(void)l;                                                      \
	}                                                                     \
	static inline void ct_lock_ck_##x##_ctx_init(                         \
		struct ct_lock_ck_##x *l, struct ct_lock_ck_##x##_ctx *c,     \
		unsigned tid)                                                 \
	{                                                                     \
		(void)l, (void)c, (void)tid;                                  \
	}                                                                     \
	static inline bool ct_lock_ck_##x##_trylock(                          \
		struct ct_lock_ck_##x *l, struct ct_lock_ck_##x##_ctx *c)     \
	{                                                                     \
		(void)c;                                                      \
		return ck_spinlock_##x##_trylock(&l->l);                      \
	}                                                                     \
	static inline void ct_lock_ck_##x##_acquire(                          \
		struct ct_lock_ck_##x *l, struct ct_lock_ck_##x##_ctx *c)     \
	{                                                                     \
		(void)c;                                                      \
		ck_spinlock_##x##_lock(&l->l);                                \
	}                                                                     \
	static inline void ct_lock_ck_##x##_release(                          \
		struct ct_lock_ck_##x *l, struct ct_lock_ck_##x##_ctx *c)     \
	{                                                                     \
		(void)c;                                                      \
		ck_spinlock_##x##_unlock(&l->l);                              \
	}

CT_LOCK_CK_PLAIN(fas)
CT_LOCK_CK_PLAIN(cas)
CT_LOCK_CK_PLAIN(ticket)

/* ---- ck-mcs: the context is CK's queue node ------------------------------ */

struct ct_lock_ck_mcs {
	ck_spinlock_mcs_t tail;
};

struct ct_lock_ck_mcs_ctx {
	ck_spinlock_mcs_context_t node;
} ct_aligned(CT_PAD);

static inline int ct_lock_ck_mcs_init(struct ct_lock_ck_mcs *l,
				      const struct ct_lock_cfg *cfg)
{
	(void)cfg;
	ck_spinlock_mcs_init(&l->tail);
	return 0;
}

static inline void ct_lock_ck_mcs_destroy(struct ct_lock_ck_mcs *l)
{
	(void)l;
}

static inline void ct_lock_ck_mcs_ctx_init(struct ct_lock_ck_mcs *l,
					   struct ct_lock_ck_mcs_ctx *c,
					   unsigned tid)
{
	(void)l, (void)tid;
	c->node.locked = 0;
	c->node.next = NULL;
}

static inline bool ct_lock_ck_mcs_trylock(struct ct_lock_ck_mcs *l,
					  struct ct_lock_ck_mcs_ctx *c)
{
	return ck_spinlock_mcs_trylock(&l->tail, &c->node);
}

static inline void ct_lock_ck_mcs_acquire(struct ct_lock_ck_mcs *l,
					  struct ct_lock_ck_mcs_ctx *c)
{
	ck_spinlock_mcs_lock(&l->tail, &c->node);
}

static inline void ct_lock_ck_mcs_release(struct ct_lock_ck_mcs *l,
					  struct ct_lock_ck_mcs_ctx *c)
{
	ck_spinlock_mcs_unlock(&l->tail, &c->node);
}

/* ---- ck-clh: nodes migrate as in clh.h; CK keeps `previous` in the node -- */

struct ct_lock_ck_clh_node {
	struct ck_spinlock_clh n;
} ct_aligned(CT_PAD);

struct ct_lock_ck_clh {
	struct ck_spinlock_clh *tail;
	struct ct_lock_ck_clh_node unowned;
};

struct ct_lock_ck_clh_ctx {
	struct ck_spinlock_clh *mine;   /* CK swaps in the predecessor */
	struct ct_lock_ck_clh_node node; /* mine's first value */
};

static inline int ct_lock_ck_clh_init(struct ct_lock_ck_clh *l,
				      const struct ct_lock_cfg *cfg)
{
	(void)cfg;
	ck_spinlock_clh_init(&l->tail, &l->unowned.n);
	return 0;
}

static inline void ct_lock_ck_clh_destroy(struct ct_lock_ck_clh *l)
{
	(void)l;
}

static inline void ct_lock_ck_clh_ctx_init(struct ct_lock_ck_clh *l,
					   struct ct_lock_ck_clh_ctx *c,
					   unsigned tid)
{
	(void)l, (void)tid;
	c->node.n.wait = 0;
	c->node.n.previous = NULL;
	c->mine = &c->node.n;
}

static inline void ct_lock_ck_clh_acquire(struct ct_lock_ck_clh *l,
					  struct ct_lock_ck_clh_ctx *c)
{
	ck_spinlock_clh_lock(&l->tail, c->mine);
}

static inline void ct_lock_ck_clh_release(struct ct_lock_ck_clh *l,
					  struct ct_lock_ck_clh_ctx *c)
{
	(void)l;
	ck_spinlock_clh_unlock(&c->mine);
}

/* ---- ck-anderson: we allocate CK's slot array --------------------------- */

struct ct_lock_ck_anderson {
	ck_spinlock_anderson_t l;
};

struct ct_lock_ck_anderson_ctx {
	ck_spinlock_anderson_thread_t *slot; /* the holder's, set by CK */
};

static inline int ct_lock_ck_anderson_init(struct ct_lock_ck_anderson *l,
					   const struct ct_lock_cfg *cfg)
{
	unsigned n = 1;
	size_t size;
	ck_spinlock_anderson_thread_t *slots;

	if (cfg->max_threads == 0 || cfg->max_threads > 1u << 31)
		return -EINVAL;
	while (n < cfg->max_threads)
		n <<= 1;
	/* aligned_alloc wants a multiple of the alignment. */
	size = (n * sizeof(*slots) + CT_PAD - 1) / CT_PAD * CT_PAD;
	slots = aligned_alloc(CT_PAD, size);
	if (!slots)
		return -ENOMEM;
	ck_spinlock_anderson_init(&l->l, slots, n);
	return 0;
}

static inline void ct_lock_ck_anderson_destroy(struct ct_lock_ck_anderson *l)
{
	free(l->l.slots);
	l->l.slots = NULL;
}

static inline void
ct_lock_ck_anderson_ctx_init(struct ct_lock_ck_anderson *l,
			     struct ct_lock_ck_anderson_ctx *c, unsigned tid)
{
	(void)l, (void)tid;
	c->slot = NULL;
}

static inline void
ct_lock_ck_anderson_acquire(struct ct_lock_ck_anderson *l,
			    struct ct_lock_ck_anderson_ctx *c)
{
	ck_spinlock_anderson_lock(&l->l, &c->slot);
}

static inline void
ct_lock_ck_anderson_release(struct ct_lock_ck_anderson *l,
			    struct ct_lock_ck_anderson_ctx *c)
{
	ck_spinlock_anderson_unlock(&l->l, c->slot);
}

/* Coherence transfers per acquisition by design: not modelled for the
 * peers. CK's atomics are inline assembly, invisible to the counting build
 * (harness/lock/ccount.h), so no figure here could be checked. */
#define CT_LOCK_CK_TRANSFERS(x)                                               \
	static inline double ct_lock_ck_##x##_transfers(double waiters,       \
							 unsigned threads)    \
	{                                                                     \
		(void)waiters, (void)threads;                                 \
		return NAN;                                                   \
	}
CT_LOCK_CK_TRANSFERS(fas)
CT_LOCK_CK_TRANSFERS(cas)
CT_LOCK_CK_TRANSFERS(ticket)
CT_LOCK_CK_TRANSFERS(mcs)
CT_LOCK_CK_TRANSFERS(clh)
CT_LOCK_CK_TRANSFERS(anderson)
#undef CT_LOCK_CK_TRANSFERS

#endif /* CT_HAVE_CK */
#endif /* CT_LOCK_CK_H */
