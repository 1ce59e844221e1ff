/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * rw_writer_pref.h - readers-writers, writers' preference.
 *
 * Source: P. J. Courtois, F. Heymans and D. L. Parnas, "Concurrent Control
 * with 'Readers' and 'Writers'", CACM 14(10), 1971, Problem 2:
 *
 *   reader:  P(mutex3); P(r); P(mutex1); readcount++;
 *              if readcount == 1: P(w);
 *            V(mutex1); V(r); V(mutex3)
 *            ... read ...
 *            P(mutex1); readcount--; if readcount == 0: V(w); V(mutex1)
 *   writer:  P(mutex2); writecount++; if writecount == 1: P(r); V(mutex2)
 *            P(w); ... write ...; V(w)
 *            P(mutex2); writecount--; if writecount == 0: V(r); V(mutex2)
 *
 * Invariants: w as in Problem 1 (held while a writer writes or readers
 * read). r is held while writecount > 0: the first waiting writer closes
 * the readers' entrance and the last writer reopens it, so once a writer
 * waits no new reader gets in and readers can starve instead. mutex3
 * lets at most one reader queue on r, so a writer arriving behind it
 * never waits for a crowd of readers at r. w and r are released by other
 * threads than took them: semaphores. mutex1..3 guard counters or an
 * entrance held by one thread at a time: any lock (`--mutex`).
 */
#ifndef CT_PROBLEM_RW_WRITER_PREF_H
#define CT_PROBLEM_RW_WRITER_PREF_H

#include "rw_count.h"

enum { CT_RW_M1, CT_RW_M2, CT_RW_M3, CT_RW_NMUTEX };

struct ct_rw_writer_pref {
	struct ct_sem r, w;
	struct ct_pmutex *m; /* m[CT_RW_M1..M3] */
	unsigned readcount;  /* guarded by mutex1 */
	unsigned writecount; /* guarded by mutex2 */
};

static inline unsigned
ct_rw_writer_pref_nmutex(const struct ct_problem_cfg *cfg)
{
	(void)cfg;
	return CT_RW_NMUTEX;
}

static inline int ct_rw_writer_pref_init(struct ct_rw_writer_pref *l,
					 const struct ct_problem_cfg *cfg)
{
	l->m = cfg->mutex;
	l->readcount = l->writecount = 0;
	int rc = ct_sem_init(&l->r, cfg->sem_kind, 1, cfg->sem_spin);
	if (rc)
		return rc;
	rc = ct_sem_init(&l->w, cfg->sem_kind, 1, cfg->sem_spin);
	if (rc)
		ct_sem_destroy(&l->r);
	return rc;
}

static inline void ct_rw_writer_pref_destroy(struct ct_rw_writer_pref *l)
{
	ct_sem_destroy(&l->r);
	ct_sem_destroy(&l->w);
}

static inline void ct_rw_writer_pref_read_lock(struct ct_rw_writer_pref *l,
					       void *const *ctx)
{
	ct_pmutex_lock(&l->m[CT_RW_M3], ctx[CT_RW_M3]);
	ct_sem_wait(&l->r);
	ct_rw_first_in(&l->m[CT_RW_M1], ctx[CT_RW_M1], &l->readcount, &l->w);
	ct_sem_post(&l->r);
	ct_pmutex_unlock(&l->m[CT_RW_M3], ctx[CT_RW_M3]);
}

static inline void ct_rw_writer_pref_read_unlock(struct ct_rw_writer_pref *l,
						 void *const *ctx)
{
	ct_rw_last_out(&l->m[CT_RW_M1], ctx[CT_RW_M1], &l->readcount, &l->w);
}

static inline void ct_rw_writer_pref_write_lock(struct ct_rw_writer_pref *l,
						void *const *ctx)
{
	ct_rw_first_in(&l->m[CT_RW_M2], ctx[CT_RW_M2], &l->writecount, &l->r);
	ct_sem_wait(&l->w);
}

static inline void ct_rw_writer_pref_write_unlock(struct ct_rw_writer_pref *l,
						  void *const *ctx)
{
	ct_sem_post(&l->w);
	ct_rw_last_out(&l->m[CT_RW_M2], ctx[CT_RW_M2], &l->writecount, &l->r);
}

#endif /* CT_PROBLEM_RW_WRITER_PREF_H */
