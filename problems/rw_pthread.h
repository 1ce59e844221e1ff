/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * rw_pthread.h - glibc's pthread_rwlock_t, the baseline users would
 * otherwise reach for: `pthread` with the default kind (readers'
 * preference, PTHREAD_RWLOCK_PREFER_READER_NP) and `pthread-wp`
 * (PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP).
 *
 * Source: POSIX.1-2008 pthread_rwlock_*; glibc nptl/pthread_rwlock_common.c
 * (T. Riegel, 2016) documents its invariants and phases.
 *
 * No mutex role and no struct ct_sem: `--mutex` and `--sem` do not apply.
 */
#ifndef CT_PROBLEM_RW_PTHREAD_H
#define CT_PROBLEM_RW_PTHREAD_H

#include <pthread.h>

#include "problem.h"

struct ct_rw_pthread {
	pthread_rwlock_t l;
};

static inline unsigned ct_rw_pthread_nmutex(const struct ct_problem_cfg *cfg)
{
	(void)cfg;
	return 0;
}

static inline int ct_rw_pthread_setup(struct ct_rw_pthread *l, int kind)
{
	pthread_rwlockattr_t a;
	pthread_rwlockattr_init(&a);
	pthread_rwlockattr_setkind_np(&a, kind);
	int rc = pthread_rwlock_init(&l->l, &a);
	pthread_rwlockattr_destroy(&a);
	return -rc;
}

static inline int ct_rw_pthread_init(struct ct_rw_pthread *l,
				     const struct ct_problem_cfg *cfg)
{
	(void)cfg;
	return ct_rw_pthread_setup(l, PTHREAD_RWLOCK_PREFER_READER_NP);
}

static inline void ct_rw_pthread_destroy(struct ct_rw_pthread *l)
{
	pthread_rwlock_destroy(&l->l);
}

static inline void ct_rw_pthread_read_lock(struct ct_rw_pthread *l,
					   void *const *ctx)
{
	(void)ctx;
	pthread_rwlock_rdlock(&l->l);
}

static inline void ct_rw_pthread_read_unlock(struct ct_rw_pthread *l,
					     void *const *ctx)
{
	(void)ctx;
	pthread_rwlock_unlock(&l->l);
}

static inline void ct_rw_pthread_write_lock(struct ct_rw_pthread *l,
					    void *const *ctx)
{
	(void)ctx;
	pthread_rwlock_wrlock(&l->l);
}

static inline void ct_rw_pthread_write_unlock(struct ct_rw_pthread *l,
					      void *const *ctx)
{
	(void)ctx;
	pthread_rwlock_unlock(&l->l);
}

/* ---- pthread-wp: the writer-preferring kind ---------------------------- */

static inline int ct_rw_pthread_wp_init(struct ct_rw_pthread *l,
					const struct ct_problem_cfg *cfg)
{
	(void)cfg;
	return ct_rw_pthread_setup(l,
				   PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
}

#endif /* CT_PROBLEM_RW_PTHREAD_H */
