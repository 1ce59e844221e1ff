/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * bb_condvar.h - bounded buffer as a monitor: one pthread mutex and two
 * condition variables.
 *
 * Source: C. A. R. Hoare, "Monitors: An Operating System Structuring
 * Concept", CACM 17(10), 1974 (the bounded buffer example), with POSIX
 * (Mesa) semantics: a signalled waiter re-checks its condition in a loop.
 *
 *   put:  lock; while count == N: wait(not_full);  push; count++;
 *         signal(not_empty); unlock
 *   get:  lock; while count == 0: wait(not_empty); pop;  count--;
 *         signal(not_full);  unlock
 *
 * Invariant (under m): count = in - out, 0 <= count <= N. Each put or get
 * signals the one condition its change can make true, so no waiter
 * sleeps while its condition holds and a thread is left to signal it.
 * The mutex is glibc's: `--mutex` does not apply (a condition variable
 * needs a pthread mutex).
 */
#ifndef CT_PROBLEM_BB_CONDVAR_H
#define CT_PROBLEM_BB_CONDVAR_H

#include <pthread.h>

#include "problem.h"
#include "ring.h"

struct ct_bb_condvar {
	pthread_mutex_t m;
	pthread_cond_t not_full, not_empty;
	unsigned count;
	struct ct_ring ring;
};

static inline unsigned ct_bb_condvar_nmutex(const struct ct_problem_cfg *cfg)
{
	(void)cfg;
	return 0;
}

static inline int ct_bb_condvar_init(struct ct_bb_condvar *b,
				     const struct ct_problem_cfg *cfg)
{
	pthread_mutex_init(&b->m, NULL);
	pthread_cond_init(&b->not_full, NULL);
	pthread_cond_init(&b->not_empty, NULL);
	b->count = 0;
	return ct_ring_init(&b->ring, cfg->n);
}

static inline void ct_bb_condvar_destroy(struct ct_bb_condvar *b)
{
	pthread_cond_destroy(&b->not_full);
	pthread_cond_destroy(&b->not_empty);
	pthread_mutex_destroy(&b->m);
	ct_ring_destroy(&b->ring);
}

static inline void ct_bb_condvar_put(struct ct_bb_condvar *b, void *item,
				     void *const *ctx)
{
	(void)ctx;
	pthread_mutex_lock(&b->m);
	while (b->count == b->ring.n)
		pthread_cond_wait(&b->not_full, &b->m);
	ct_ring_push(&b->ring, item);
	b->count++;
	pthread_cond_signal(&b->not_empty);
	pthread_mutex_unlock(&b->m);
}

static inline void *ct_bb_condvar_get(struct ct_bb_condvar *b,
				      void *const *ctx, uint64_t *pos)
{
	(void)ctx;
	pthread_mutex_lock(&b->m);
	while (b->count == 0)
		pthread_cond_wait(&b->not_empty, &b->m);
	void *item = ct_ring_pop(&b->ring, pos);
	b->count--;
	pthread_cond_signal(&b->not_full);
	pthread_mutex_unlock(&b->m);
	return item;
}

#endif /* CT_PROBLEM_BB_CONDVAR_H */
