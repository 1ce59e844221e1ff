/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * pthread_mutex.h - baseline: the C library's default mutex.
 *
 * Source: POSIX.1-2008 pthread_mutex_*; on glibc a futex mutex in the
 * spirit of Drepper, "Futexes Are Tricky", 2004 (no adaptive spinning with
 * default attributes). It is what users would write instead of picking an
 * algorithm, so every run reports it (CT_LOCK_BASELINE).
 *
 * Invariant: the library's. Default attributes give PTHREAD_MUTEX_NORMAL
 * on glibc: no owner checks, and a trylock by the holder itself returns
 * EBUSY rather than deadlocking or erroring.
 */
#ifndef CT_LOCK_PTHREAD_MUTEX_H
#define CT_LOCK_PTHREAD_MUTEX_H

#include <pthread.h>

#include <math.h>

#include "lock.h"

struct ct_lock_pthread_mutex {
	pthread_mutex_t m;
};

struct ct_lock_pthread_mutex_ctx {
	char unused;
};

static inline int ct_lock_pthread_mutex_init(struct ct_lock_pthread_mutex *l,
					     const struct ct_lock_cfg *cfg)
{
	(void)cfg;
	return -pthread_mutex_init(&l->m, NULL);
}

static inline void
ct_lock_pthread_mutex_destroy(struct ct_lock_pthread_mutex *l)
{
	pthread_mutex_destroy(&l->m);
}

static inline void
ct_lock_pthread_mutex_ctx_init(struct ct_lock_pthread_mutex *l,
			       struct ct_lock_pthread_mutex_ctx *c,
			       unsigned tid)
{
	(void)l, (void)c, (void)tid;
}

static inline bool
ct_lock_pthread_mutex_trylock(struct ct_lock_pthread_mutex *l,
			      struct ct_lock_pthread_mutex_ctx *c)
{
	(void)c;
	return pthread_mutex_trylock(&l->m) == 0;
}

/* A NORMAL mutex only fails on misuse; the validator would catch that. */
static inline void
ct_lock_pthread_mutex_acquire(struct ct_lock_pthread_mutex *l,
			      struct ct_lock_pthread_mutex_ctx *c)
{
	(void)c;
	pthread_mutex_lock(&l->m);
}

static inline void
ct_lock_pthread_mutex_release(struct ct_lock_pthread_mutex *l,
			      struct ct_lock_pthread_mutex_ctx *c)
{
	(void)c;
	pthread_mutex_unlock(&l->m);
}

/* Coherence transfers per acquisition by design: not modelled. glibc's
 * atomics are invisible to the counting build. */
static inline double ct_lock_pthread_mutex_transfers(double waiters, unsigned threads)
{
	(void)waiters, (void)threads;
	return NAN;
}

#endif /* CT_LOCK_PTHREAD_MUTEX_H */
