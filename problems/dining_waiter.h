/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * dining_waiter.h - dining philosophers with an arbitrator: a philosopher
 * eats when neither neighbour does, decided under one mutex.
 *
 * Source: E. W. Dijkstra, "Hierarchical Ordering of Sequential
 * Processes", Acta Informatica 1(2), 1971, section 6 (states thinking /
 * hungry / eating and a private semaphore per philosopher), in the form
 * of A. S. Tanenbaum, "Modern Operating Systems", section 2.5.
 *
 *   pickup(i):   lock; state[i] = HUNGRY; test(i); unlock; P(self[i])
 *   putdown(i):  lock; state[i] = THINKING; test(i - 1); test(i + 1); unlock
 *   test(k):     if state[k] == HUNGRY and neither neighbour EATING:
 *                    state[k] = EATING; V(self[k])
 *
 * Invariants (under the mutex): no two neighbours are EATING; a
 * philosopher is EATING exactly from the test() that grants it until its
 * putdown(); self[k] is posted once per grant. No chopstick is ever held
 * while waiting, so there is no circular wait: deadlock-free. Not
 * starvation-free: two neighbours can keep a philosopher hungry by
 * alternating (max hungry time shows it). The mutex is the mutex role
 * (`--mutex`); self[] are semaphores (posted by the neighbour).
 */
#ifndef CT_PROBLEM_DINING_WAITER_H
#define CT_PROBLEM_DINING_WAITER_H

#include <errno.h>
#include <stdlib.h>

#include "problem.h"

enum { CT_DINING_THINKING, CT_DINING_HUNGRY, CT_DINING_EATING };

struct ct_dining_waiter {
	struct ct_pmutex *mutex;
	struct ct_sem *self; /* n private semaphores, initially 0 */
	unsigned *state;     /* guarded by mutex */
	unsigned n;
};

static inline unsigned ct_dining_waiter_nmutex(const struct ct_problem_cfg *cfg)
{
	(void)cfg;
	return 1;
}

static inline void ct_dining_waiter_destroy(struct ct_dining_waiter *d)
{
	for (unsigned i = 0; d->self && i < d->n; i++)
		ct_sem_destroy(&d->self[i]);
	free(d->self);
	free(d->state);
}

static inline int ct_dining_waiter_init(struct ct_dining_waiter *d,
					const struct ct_problem_cfg *cfg)
{
	d->mutex = &cfg->mutex[0];
	d->n = 0;
	d->self = aligned_alloc(CT_PAD, cfg->n * sizeof(*d->self));
	d->state = calloc(cfg->n, sizeof(*d->state));
	if (!d->self || !d->state) {
		ct_dining_waiter_destroy(d);
		return -ENOMEM;
	}
	for (; d->n < cfg->n; d->n++) {
		int rc = ct_sem_init(&d->self[d->n], cfg->sem_kind, 0,
				     cfg->sem_spin);
		if (rc) {
			ct_dining_waiter_destroy(d);
			return rc;
		}
	}
	return 0;
}

static inline void ct_dining_waiter_test(struct ct_dining_waiter *d,
					 unsigned k)
{
	unsigned left = (k + d->n - 1) % d->n, right = (k + 1) % d->n;

	if (d->state[k] == CT_DINING_HUNGRY &&
	    d->state[left] != CT_DINING_EATING &&
	    d->state[right] != CT_DINING_EATING) {
		d->state[k] = CT_DINING_EATING;
		ct_sem_post(&d->self[k]);
	}
}

static inline void ct_dining_waiter_pickup(struct ct_dining_waiter *d,
					   unsigned i, void *const *ctx)
{
	ct_pmutex_lock(d->mutex, ctx[0]);
	d->state[i] = CT_DINING_HUNGRY;
	ct_dining_waiter_test(d, i);
	ct_pmutex_unlock(d->mutex, ctx[0]);
	ct_sem_wait(&d->self[i]);
}

static inline void ct_dining_waiter_putdown(struct ct_dining_waiter *d,
					    unsigned i, void *const *ctx)
{
	ct_pmutex_lock(d->mutex, ctx[0]);
	d->state[i] = CT_DINING_THINKING;
	ct_dining_waiter_test(d, (i + d->n - 1) % d->n);
	ct_dining_waiter_test(d, (i + 1) % d->n);
	ct_pmutex_unlock(d->mutex, ctx[0]);
}

#endif /* CT_PROBLEM_DINING_WAITER_H */
