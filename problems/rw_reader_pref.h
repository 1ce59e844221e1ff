/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * rw_reader_pref.h - readers-writers, readers' preference.
 *
 * Source: P. J. Courtois, F. Heymans and D. L. Parnas, "Concurrent Control
 * with 'Readers' and 'Writers'", CACM 14(10), 1971, Problem 1:
 *
 *   reader:  P(mutex); readcount++; if readcount == 1: P(w); V(mutex)
 *            ... read ...
 *            P(mutex); readcount--; if readcount == 0: V(w); V(mutex)
 *   writer:  P(w); ... write ...; V(w)
 *
 * Invariant: w is held (value 0) exactly while a writer writes or
 * readcount > 0; readcount counts readers between their two mutex
 * sections. The first reader in takes w for the whole group and the last
 * one out returns it, so w is released by a thread that may not have
 * taken it: it must be a semaphore, never a lock. `mutex` only guards
 * readcount and may be any lock (`--mutex`). No reader waits while
 * another reads; a writer waits as long as readers keep overlapping, so
 * writers can starve (the number to watch: write_wait_max_ns).
 *
 * `broken` (hidden) is the negative control: its writers take a second
 * binary semaphore instead of w (wgate points there), so they exclude
 * each other but not readers.
 */
#ifndef CT_PROBLEM_RW_READER_PREF_H
#define CT_PROBLEM_RW_READER_PREF_H

#include "rw_count.h"

struct ct_rw_reader_pref {
	struct ct_sem w;
	struct ct_sem other;    /* broken: the writers' own semaphore */
	struct ct_sem *wgate;   /* what writers take: &w (broken: &other) */
	struct ct_pmutex *mutex;
	unsigned readcount; /* guarded by mutex */
};

static inline unsigned
ct_rw_reader_pref_nmutex(const struct ct_problem_cfg *cfg)
{
	(void)cfg;
	return 1;
}

static inline void ct_rw_reader_pref_destroy(struct ct_rw_reader_pref *l)
{
	ct_sem_destroy(&l->w);
	ct_sem_destroy(&l->other);
}

static inline int ct_rw_reader_pref_init(struct ct_rw_reader_pref *l,
					 const struct ct_problem_cfg *cfg)
{
	l->mutex = &cfg->mutex[0];
	l->readcount = 0;
	l->wgate = &l->w;
	int rc = ct_sem_init(&l->w, cfg->sem_kind, 1, cfg->sem_spin);
	if (!rc && (rc = ct_sem_init(&l->other, cfg->sem_kind, 1,
				     cfg->sem_spin)))
		ct_sem_destroy(&l->w);
	return rc;
}

static inline void ct_rw_reader_pref_read_lock(struct ct_rw_reader_pref *l,
					       void *const *ctx)
{
	ct_rw_first_in(l->mutex, ctx[0], &l->readcount, &l->w);
}

static inline void ct_rw_reader_pref_read_unlock(struct ct_rw_reader_pref *l,
						 void *const *ctx)
{
	ct_rw_last_out(l->mutex, ctx[0], &l->readcount, &l->w);
}

static inline void ct_rw_reader_pref_write_lock(struct ct_rw_reader_pref *l,
						void *const *ctx)
{
	(void)ctx;
	ct_sem_wait(l->wgate);
}

static inline void ct_rw_reader_pref_write_unlock(struct ct_rw_reader_pref *l,
						  void *const *ctx)
{
	(void)ctx;
	ct_sem_post(l->wgate);
}

/* ---- broken: writers take their own semaphore, not w ------------------ */

static inline int ct_rw_broken_init(struct ct_rw_reader_pref *l,
				    const struct ct_problem_cfg *cfg)
{
	int rc = ct_rw_reader_pref_init(l, cfg);
	l->wgate = &l->other;
	return rc;
}

#endif /* CT_PROBLEM_RW_READER_PREF_H */
