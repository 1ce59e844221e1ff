/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * mutex.h - the mutex role of the semaphore solutions: a binary semaphore
 * (Dijkstra 1965, the textbooks' `mutex`) or any lock of locks/LIST
 * through its ops table (`--mutex sem|<lock name>`).
 *
 * Invariant: at most one thread is between lock() and unlock(); unlock()
 * is called by the thread that locked, with the same per-thread context
 * (MCS and CLH queue nodes require it; the semaphore does not care). A
 * solution that must release from another thread (the readers-writers
 * `w`, the door) uses a struct ct_sem instead.
 *
 * Ordering is the lock's or the semaphore's: acquire on lock(), release
 * on unlock(), so a critical section happens-after the previous one.
 *
 * The harness allocates the lock (CT_PAD aligned), runs the lock's init()
 * and every thread's ctx_init(); this header only dispatches. The
 * indirect call is the ops table's, as the design allows for problems/.
 */
#ifndef CT_PROBLEM_MUTEX_H
#define CT_PROBLEM_MUTEX_H

#include "locks/ops.h"
#include "sem.h"

struct ct_pmutex {
	const struct ct_lock_ops *ops; /* NULL: the binary semaphore */
	void *lock;                    /* with ops: an initialized lock */
	struct ct_sem sem;             /* without ops */
};

static inline int ct_pmutex_init_sem(struct ct_pmutex *m, unsigned kind,
				     uint32_t spin)
{
	m->ops = NULL;
	m->lock = NULL;
	return ct_sem_init(&m->sem, kind, 1, spin);
}

static inline void ct_pmutex_init_lock(struct ct_pmutex *m,
				       const struct ct_lock_ops *ops,
				       void *lock)
{
	m->ops = ops;
	m->lock = lock;
}

static inline void ct_pmutex_destroy(struct ct_pmutex *m)
{
	if (!m->ops)
		ct_sem_destroy(&m->sem);
}

static inline void ct_pmutex_lock(struct ct_pmutex *m, void *ctx)
{
	if (m->ops)
		m->ops->acquire(m->lock, ctx);
	else
		ct_sem_wait(&m->sem);
}

static inline void ct_pmutex_unlock(struct ct_pmutex *m, void *ctx)
{
	if (m->ops)
		m->ops->release(m->lock, ctx);
	else
		ct_sem_post(&m->sem);
}

#endif /* CT_PROBLEM_MUTEX_H */
