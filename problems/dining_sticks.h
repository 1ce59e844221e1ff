/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * dining_sticks.h - dining philosophers with one mutex per chopstick:
 * naive, door, ordered, asymmetric, and the broken negative control.
 *
 * Source: E. W. Dijkstra, "Hierarchical Ordering of Sequential
 * Processes", Acta Informatica 1(2), 1971 (the problem, and its deadly
 * embrace); the remedies are the classic ones catalogued there and in
 * the textbooks (e.g. Silberschatz, Galvin and Gagne, "Operating System
 * Concepts", ch. 7): admit at most N - 1 to the table, take the chopsticks
 * in a global order (J. W. Havender, "Avoiding deadlock in multitasking
 * systems", IBM Systems Journal 7(2), 1968), or let odd and even
 * philosophers reach in opposite orders.
 *
 * Philosopher i eats with chopsticks right = i and left = i + 1 mod n;
 * chopstick j is mutex j (mutex.h: a binary semaphore or any lock). The
 * harness's hook runs once the first chopstick is held. The variants
 * share pickup() and putdown(); each one's init sets the reaching order
 * and whether the door is in use.
 *
 * Invariants: a philosopher eats only holding both its chopsticks, so
 * neighbours never eat at once. Deadlock needs a cycle of philosophers
 * each holding one chopstick and waiting for the next:
 *  - naive (right, then left): the cycle is possible; under load it
 *    happens (`contend problem dining --variant naive` times it).
 *  - door: a counting semaphore of n - 1 seats; with one philosopher
 *    standing, the cycle cannot close.
 *  - ordered: lower-numbered chopstick first; the philosopher whose
 *    chopsticks are n - 1 and 0 reaches for 0 first, breaking the cycle
 *    (a total order on resources admits no circular wait).
 *  - asymmetric: even philosophers take right first, odd ones left first;
 *    some pair of neighbours then competes for the same first chopstick,
 *    and whoever loses holds nothing.
 *  - broken (hidden): takes only its right chopstick, so neighbours do
 *    eat at once: the validator must notice.
 */
#ifndef CT_PROBLEM_DINING_STICKS_H
#define CT_PROBLEM_DINING_STICKS_H

#include "problem.h"

/* Which chopstick first. */
enum ct_dining_order {
	CT_DINING_RIGHT_FIRST, /* naive, door */
	CT_DINING_LOW_FIRST,   /* ordered */
	CT_DINING_PARITY,      /* asymmetric: even right first, odd left */
	CT_DINING_RIGHT_ONLY,  /* broken: never takes the left one */
};

struct ct_dining_sticks {
	struct ct_sem door; /* n - 1 seats; used when `seated` */
	struct ct_pmutex *stick;
	unsigned n;
	unsigned order;     /* enum ct_dining_order */
	bool seated;        /* door: take a seat first */
	ct_dining_hook hook;
	void *hook_arg;
};

static inline unsigned ct_dining_sticks_nmutex(const struct ct_problem_cfg *cfg)
{
	return cfg->n;
}

static inline int ct_dining_sticks_setup(struct ct_dining_sticks *d,
					 const struct ct_problem_cfg *cfg,
					 unsigned order, bool seated)
{
	d->stick = cfg->mutex;
	d->n = cfg->n;
	d->order = order;
	d->seated = seated;
	d->hook = cfg->holding_first;
	d->hook_arg = cfg->hook_arg;
	return ct_sem_init(&d->door, cfg->sem_kind, cfg->n - 1, cfg->sem_spin);
}

static inline void ct_dining_sticks_destroy(struct ct_dining_sticks *d)
{
	ct_sem_destroy(&d->door);
}

/* Philosopher i's first chopstick under d's order. */
static inline unsigned ct_dining_sticks_first(const struct ct_dining_sticks *d,
					      unsigned i)
{
	unsigned r = ct_dining_right(i, d->n), l = ct_dining_left(i, d->n);

	switch (d->order) {
	case CT_DINING_LOW_FIRST:
		return r < l ? r : l;
	case CT_DINING_PARITY:
		return i & 1 ? l : r;
	default:
		return r;
	}
}

static inline void ct_dining_sticks_pickup(struct ct_dining_sticks *d,
					   unsigned i, void *const *ctx)
{
	unsigned first = ct_dining_sticks_first(d, i);
	unsigned other = first == ct_dining_right(i, d->n) ?
				 ct_dining_left(i, d->n) :
				 ct_dining_right(i, d->n);

	if (d->seated)
		ct_sem_wait(&d->door);
	ct_pmutex_lock(&d->stick[first], ctx[first]);
	d->hook(d->hook_arg, i);
	if (d->order != CT_DINING_RIGHT_ONLY)
		ct_pmutex_lock(&d->stick[other], ctx[other]);
}

static inline void ct_dining_sticks_putdown(struct ct_dining_sticks *d,
					    unsigned i, void *const *ctx)
{
	unsigned r = ct_dining_right(i, d->n), l = ct_dining_left(i, d->n);

	if (d->order != CT_DINING_RIGHT_ONLY)
		ct_pmutex_unlock(&d->stick[l], ctx[l]);
	ct_pmutex_unlock(&d->stick[r], ctx[r]);
	if (d->seated)
		ct_sem_post(&d->door);
}

/* ---- the variants: init only ------------------------------------------- */

static inline int ct_dining_naive_init(struct ct_dining_sticks *d,
				       const struct ct_problem_cfg *cfg)
{
	return ct_dining_sticks_setup(d, cfg, CT_DINING_RIGHT_FIRST, false);
}

static inline int ct_dining_door_init(struct ct_dining_sticks *d,
				      const struct ct_problem_cfg *cfg)
{
	return ct_dining_sticks_setup(d, cfg, CT_DINING_RIGHT_FIRST, true);
}

static inline int ct_dining_ordered_init(struct ct_dining_sticks *d,
					 const struct ct_problem_cfg *cfg)
{
	return ct_dining_sticks_setup(d, cfg, CT_DINING_LOW_FIRST, false);
}

static inline int ct_dining_asymmetric_init(struct ct_dining_sticks *d,
					    const struct ct_problem_cfg *cfg)
{
	return ct_dining_sticks_setup(d, cfg, CT_DINING_PARITY, false);
}

static inline int ct_dining_broken_init(struct ct_dining_sticks *d,
					const struct ct_problem_cfg *cfg)
{
	return ct_dining_sticks_setup(d, cfg, CT_DINING_RIGHT_ONLY, false);
}

#endif /* CT_PROBLEM_DINING_STICKS_H */
