/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * pthread.h - baseline: the C library's pthread_barrier_t.
 *
 * Source: POSIX.1-2008 pthread_barrier_*; on glibc 2.36 a counter of
 * arrivals plus a futex the last arrival wakes (nptl/pthread_barrier_wait.c).
 * It is what users would write instead of picking an algorithm, so every
 * run reports it (CT_BARRIER_BASELINE).
 *
 * Invariant: the library's. Waiters sleep in the kernel, so the wait policy
 * does not apply (wait=native) and oversubscription costs a futex wake-up
 * rather than a time slice. Remote writes are glibc's business, not a
 * design we can state: CT_BARRIER_RW_UNKNOWN.
 */
#ifndef CT_BARRIER_PTHREAD_H
#define CT_BARRIER_PTHREAD_H

#include <pthread.h>

#include "barrier.h"

struct ct_barrier_pthread {
	pthread_barrier_t b;
};

struct ct_barrier_pthread_ctx {
	char unused;
};

static inline int ct_barrier_pthread_init(struct ct_barrier_pthread *b,
					  const struct ct_barrier_cfg *cfg)
{
	int rc = ct_barrier_cfg_check(cfg);
	return rc ? rc : -pthread_barrier_init(&b->b, NULL, cfg->nthreads);
}

static inline void ct_barrier_pthread_destroy(struct ct_barrier_pthread *b)
{
	pthread_barrier_destroy(&b->b);
}

static inline void ct_barrier_pthread_ctx_init(struct ct_barrier_pthread *b,
					       struct ct_barrier_pthread_ctx *me,
					       unsigned tid)
{
	(void)b, (void)me, (void)tid;
}

static inline void ct_barrier_pthread_wait(struct ct_barrier_pthread *b,
					   struct ct_barrier_pthread_ctx *me)
{
	(void)me;
	pthread_barrier_wait(&b->b);
}

static inline uint64_t
ct_barrier_pthread_remote_writes(const struct ct_barrier_cfg *cfg)
{
	(void)cfg;
	return CT_BARRIER_RW_UNKNOWN;
}

#endif /* CT_BARRIER_PTHREAD_H */
