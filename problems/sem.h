/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sem.h - the semaphore every solution in problems/ uses: POSIX sem_t or
 * our futex semaphore (fsem.h), chosen per run (`--sem posix|futex`).
 *
 * Source: E. W. Dijkstra, "Cooperating Sequential Processes", EWD 123,
 * 1965: P (wait) takes a token, blocking while there is none; V (post)
 * returns one. A semaphore initialized to 1 is a binary semaphore: used
 * as P ... V by one thread it is a mutex, and unlike a lock it may also be
 * released by another thread (readers-writers needs exactly that).
 *
 * Invariant (both kinds): value = initial + posts - completed waits >= 0.
 * A completed wait happens-after the post whose token it took (POSIX:
 * sem_post/sem_wait synchronize memory, XBD 4.12; fsem.h: release/acquire).
 *
 * Each semaphore fills its own CT_PAD slot: the counters of two
 * semaphores never share a line or an adjacent-line prefetch pair.
 */
#ifndef CT_PROBLEM_SEM_H
#define CT_PROBLEM_SEM_H

#include <errno.h>
#include <semaphore.h>

#include "fsem.h"

enum ct_sem_kind {
	CT_SEM_POSIX = 0, /* glibc sem_t */
	CT_SEM_FUTEX = 1, /* fsem.h */
};

struct ct_sem {
	union {
		sem_t posix;
		struct ct_fsem futex;
	} u;
	unsigned kind; /* enum ct_sem_kind */
} ct_aligned(CT_PAD);

/* 0 or -errno. spin: futex kind's polls before sleeping. */
static inline int ct_sem_init(struct ct_sem *s, unsigned kind, unsigned value,
			      uint32_t spin)
{
	s->kind = kind;
	if (kind == CT_SEM_FUTEX)
		return ct_fsem_init(&s->u.futex, value, spin);
	return sem_init(&s->u.posix, 0, value) ? -errno : 0;
}

static inline void ct_sem_destroy(struct ct_sem *s)
{
	if (s->kind == CT_SEM_POSIX)
		sem_destroy(&s->u.posix);
}

/* P. */
static inline void ct_sem_wait(struct ct_sem *s)
{
	if (s->kind == CT_SEM_FUTEX) {
		ct_fsem_wait(&s->u.futex);
		return;
	}
	while (sem_wait(&s->u.posix) && errno == EINTR)
		;
}

static inline bool ct_sem_trywait(struct ct_sem *s)
{
	if (s->kind == CT_SEM_FUTEX)
		return ct_fsem_trywait(&s->u.futex);
	return sem_trywait(&s->u.posix) == 0;
}

/* V. */
static inline void ct_sem_post(struct ct_sem *s)
{
	if (s->kind == CT_SEM_FUTEX)
		ct_fsem_post(&s->u.futex);
	else
		sem_post(&s->u.posix);
}

static inline unsigned ct_sem_value(struct ct_sem *s)
{
	int v = 0;
	if (s->kind == CT_SEM_FUTEX)
		return ct_fsem_value(&s->u.futex);
	sem_getvalue(&s->u.posix, &v);
	return v > 0 ? (unsigned)v : 0;
}

#endif /* CT_PROBLEM_SEM_H */
