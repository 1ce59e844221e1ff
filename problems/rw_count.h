/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * rw_count.h - the two steps Courtois, Heymans and Parnas (CACM 14(10),
 * 1971) build both of their readers-writers solutions from: a counter
 * guarded by a mutex, where the first thread of a group closes a
 * semaphore for the whole group and the last one out reopens it.
 *
 * Invariant: s is held (taken once) exactly while *count > 0. The mutex
 * makes the count and the P/V on s one step, so a group's members never
 * disagree about who is first or last. Taking s may block while the
 * mutex is held; that is the design (later members queue on the mutex
 * behind the first, not on s).
 */
#ifndef CT_PROBLEM_RW_COUNT_H
#define CT_PROBLEM_RW_COUNT_H

#include "problem.h"

/* P(mutex); if (++*count == 1) P(s); V(mutex) */
static inline void ct_rw_first_in(struct ct_pmutex *m, void *ctx,
				  unsigned *count, struct ct_sem *s)
{
	ct_pmutex_lock(m, ctx);
	if (++*count == 1)
		ct_sem_wait(s);
	ct_pmutex_unlock(m, ctx);
}

/* P(mutex); if (--*count == 0) V(s); V(mutex) */
static inline void ct_rw_last_out(struct ct_pmutex *m, void *ctx,
				  unsigned *count, struct ct_sem *s)
{
	ct_pmutex_lock(m, ctx);
	if (--*count == 0)
		ct_sem_post(s);
	ct_pmutex_unlock(m, ctx);
}

#endif /* CT_PROBLEM_RW_COUNT_H */
