/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * problem.h - the contract of the solutions in problems/.
 *
 * A solution is one header of static inline functions over its own
 * struct, listed once in problems/LIST. Three problems, three shapes:
 *
 *   bounded buffer   put(b, item, ctx)           get(b, ctx, &pos)
 *   readers-writers  read_lock/read_unlock(l, ctx), write_lock/write_unlock
 *   dining           pickup(d, i, ctx)           putdown(d, i, ctx)
 *
 * plus init(obj, cfg) -> 0 or -errno, destroy(obj), and nmutex(cfg): how
 * many mutex-role objects (mutex.h) the solution wants. The harness makes
 * them (`--mutex`), hands them over in cfg->mutex, and passes each call a
 * per-thread context table ctx[j] for mutex j (NULL entries when the mutex
 * role is a semaphore; dining philosopher i has entries for chopsticks i
 * and i + 1 only). Blocking operations sleep or spin as the solution's
 * primitives do; none of them polls the harness.
 */
#ifndef CT_PROBLEM_H
#define CT_PROBLEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "harness/core/wait.h"
#include "mutex.h"
#include "sem.h"

/* Properties listed in problems/LIST. */
enum ct_prob_flags {
	CT_PROB_MUTEX = 1u << 0,    /* takes --mutex (has a mutex role) */
	CT_PROB_SEM = 1u << 1,      /* uses struct ct_sem beyond the mutex */
	CT_PROB_WAITS = 1u << 2,    /* spins: honours --wait/--spin-limit */
	CT_PROB_HIDDEN = 1u << 3,   /* negative control, not in "all" */
	CT_PROB_DEADLOCKS = 1u << 4, /* may deadlock: the naive philosophers */
	CT_PROB_CHOPSTICKS = 1u << 5, /* dining: mutex j is chopstick j */
	CT_PROB_BASELINE = 1u << 6, /* what users would otherwise use */
};

/* Dining: called by philosopher i once it holds its first chopstick (the
 * harness records the state and may widen the deadlock window). */
typedef void (*ct_dining_hook)(void *arg, unsigned i);

struct ct_problem_cfg {
	unsigned sem_kind;       /* enum ct_sem_kind for every ct_sem */
	uint32_t sem_spin;       /* futex semaphore: polls before sleeping */
	struct ct_wait wait;     /* spinning solutions (phase-fair) */
	struct ct_pmutex *mutex; /* nmutex() mutex-role objects */
	unsigned n;              /* buffer slots / philosophers */
	ct_dining_hook holding_first;
	void *hook_arg;
};

/* Chopsticks of philosopher i of n: right is i, left is i + 1 mod n. */
static inline unsigned ct_dining_right(unsigned i, unsigned n)
{
	(void)n;
	return i;
}

static inline unsigned ct_dining_left(unsigned i, unsigned n)
{
	return (i + 1) % n;
}

#endif /* CT_PROBLEM_H */
