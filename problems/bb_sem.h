/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * bb_sem.h - bounded buffer with three semaphores.
 *
 * Source: E. W. Dijkstra, "Cooperating Sequential Processes", EWD 123,
 * 1965, section 4.3 ("the bounded buffer"), in the textbook form with
 * semaphores mutex = 1, empty = N, full = 0:
 *
 *   put:  P(empty); P(mutex); push; V(mutex); V(full)
 *   get:  P(full);  P(mutex); pop;  V(mutex); V(empty)
 *
 * Invariant: empty + full + (puts and gets in progress) = N, and
 * full = items in the ring not yet claimed by a get; so a put never finds
 * the ring full and a get never finds it empty. The mutex (mutex.h: a
 * binary semaphore or a lock from locks/) serializes the ring indices
 * between producers and between consumers. Ordering: V(full) releases the
 * item to the get whose P(full) takes that token.
 *
 * `broken` (hidden) is the same code with empty = N + 1: the validator's
 * negative control. A producer can then overwrite an unconsumed item
 * (lost), and a later get finds its slot empty (phantom).
 */
#ifndef CT_PROBLEM_BB_SEM_H
#define CT_PROBLEM_BB_SEM_H

#include "problem.h"
#include "ring.h"

struct ct_bb_sem {
	struct ct_sem empty, full;
	struct ct_pmutex *mutex;
	struct ct_ring ring;
};

static inline unsigned ct_bb_sem_nmutex(const struct ct_problem_cfg *cfg)
{
	(void)cfg;
	return 1;
}

/* extra: tokens beyond N in `empty` (0; the broken control uses 1). */
static inline int ct_bb_sem_setup(struct ct_bb_sem *b,
				  const struct ct_problem_cfg *cfg,
				  unsigned extra)
{
	int rc = ct_ring_init(&b->ring, cfg->n);
	if (rc)
		return rc;
	rc = ct_sem_init(&b->empty, cfg->sem_kind, cfg->n + extra,
			 cfg->sem_spin);
	if (!rc)
		rc = ct_sem_init(&b->full, cfg->sem_kind, 0, cfg->sem_spin);
	if (rc)
		ct_ring_destroy(&b->ring);
	b->mutex = &cfg->mutex[0];
	return rc;
}

static inline int ct_bb_sem_init(struct ct_bb_sem *b,
				 const struct ct_problem_cfg *cfg)
{
	return ct_bb_sem_setup(b, cfg, 0);
}

static inline void ct_bb_sem_destroy(struct ct_bb_sem *b)
{
	ct_sem_destroy(&b->empty);
	ct_sem_destroy(&b->full);
	ct_ring_destroy(&b->ring);
}

static inline void ct_bb_sem_put(struct ct_bb_sem *b, void *item,
				 void *const *ctx)
{
	ct_sem_wait(&b->empty);
	ct_pmutex_lock(b->mutex, ctx[0]);
	ct_ring_push(&b->ring, item);
	ct_pmutex_unlock(b->mutex, ctx[0]);
	ct_sem_post(&b->full);
}

static inline void *ct_bb_sem_get(struct ct_bb_sem *b, void *const *ctx,
				  uint64_t *pos)
{
	ct_sem_wait(&b->full);
	ct_pmutex_lock(b->mutex, ctx[0]);
	void *item = ct_ring_pop(&b->ring, pos);
	ct_pmutex_unlock(b->mutex, ctx[0]);
	ct_sem_post(&b->empty);
	return item;
}

/* ---- broken: empty = N + 1 (negative control) -------------------------- */

static inline int ct_bb_broken_init(struct ct_bb_sem *b,
				    const struct ct_problem_cfg *cfg)
{
	return ct_bb_sem_setup(b, cfg, 1);
}

#endif /* CT_PROBLEM_BB_SEM_H */
