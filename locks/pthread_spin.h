/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * pthread_spin.h - baseline: the C library's spinlock.
 *
 * Source: POSIX.1-2001 pthread_spin_*; on glibc a test-and-test-and-set
 * lock (one atomic RMW, then PAUSE-and-load polling). The spinning baseline
 * users would reach for (CT_LOCK_BASELINE); it ignores our wait policy.
 *
 * Invariant: the library's. PTHREAD_PROCESS_PRIVATE: the lock is only
 * touched by threads of this process.
 */
#ifndef CT_LOCK_PTHREAD_SPIN_H
#define CT_LOCK_PTHREAD_SPIN_H

#include <pthread.h>

#include <math.h>

#include "lock.h"

struct ct_lock_pthread_spin {
	pthread_spinlock_t s;
};

struct ct_lock_pthread_spin_ctx {
	char unused;
};

static inline int ct_lock_pthread_spin_init(struct ct_lock_pthread_spin *l,
					    const struct ct_lock_cfg *cfg)
{
	(void)cfg;
	return -pthread_spin_init(&l->s, PTHREAD_PROCESS_PRIVATE);
}

static inline void ct_lock_pthread_spin_destroy(struct ct_lock_pthread_spin *l)
{
	pthread_spin_destroy(&l->s);
}

static inline void
ct_lock_pthread_spin_ctx_init(struct ct_lock_pthread_spin *l,
			      struct ct_lock_pthread_spin_ctx *c, unsigned tid)
{
	(void)l, (void)c, (void)tid;
}

static inline bool
ct_lock_pthread_spin_trylock(struct ct_lock_pthread_spin *l,
			     struct ct_lock_pthread_spin_ctx *c)
{
	(void)c;
	return pthread_spin_trylock(&l->s) == 0;
}

static inline void
ct_lock_pthread_spin_acquire(struct ct_lock_pthread_spin *l,
			     struct ct_lock_pthread_spin_ctx *c)
{
	(void)c;
	pthread_spin_lock(&l->s);
}

static inline void
ct_lock_pthread_spin_release(struct ct_lock_pthread_spin *l,
			     struct ct_lock_pthread_spin_ctx *c)
{
	(void)c;
	pthread_spin_unlock(&l->s);
}

/* Coherence transfers per acquisition by design: not modelled. glibc's
 * atomics are invisible to the counting build. */
static inline double ct_lock_pthread_spin_transfers(double waiters, unsigned threads)
{
	(void)waiters, (void)threads;
	return NAN;
}

#endif /* CT_LOCK_PTHREAD_SPIN_H */
