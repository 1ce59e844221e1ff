/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The solution and its mutex-role objects, made in the run's child. They
 * are not torn down: the child's exit reclaims them, deadlocked or not.
 */
#include "probrun.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/core/mem.h"

/* nmutex mutex-role objects: binary semaphores or initialized locks. */
static int probsync_mutexes(struct ct_probsync *s, const struct ct_prob_cfg *c,
			    int node, char *err, size_t errlen)
{
	struct ct_pmutex *m = ct_mem_alloc(
		ct_pad_size(s->nmutex * sizeof(*m)), node);
	if (!m) {
		snprintf(err, errlen, "out of memory for %u mutexes", s->nmutex);
		return -1;
	}
	s->pcfg.mutex = m;
	s->use_locks = strcmp(c->mutex, "sem") && strcmp(c->mutex, "-");
	if (s->use_locks) {
		struct ct_lock_cfg lcfg = c->lock;
		lcfg.max_threads = ct_problems[c->problem].nthreads(c);
		if (ct_lockset_init(&s->locks, ct_lock_ops_find(c->mutex),
				    s->nmutex, 1, &lcfg, node, err, errlen))
			return -1;
	}
	for (unsigned j = 0; j < s->nmutex; j++) {
		if (s->use_locks) {
			ct_pmutex_init_lock(&m[j], s->locks.ops,
					    ct_lockset_lock(&s->locks, j));
		} else if (ct_pmutex_init_sem(&m[j], c->sem_kind, c->sem_spin)) {
			snprintf(err, errlen, "cannot make semaphore %u", j);
			return -1;
		}
	}
	return 0;
}

int ct_probsync_init(struct ct_probsync *s, const struct ct_prob_cfg *c,
		     unsigned n, ct_dining_hook hook, void *hook_arg, int node,
		     char *err, size_t errlen)
{
	memset(s, 0, sizeof(*s));
	s->algo = c->algo;
	s->pcfg = (struct ct_problem_cfg){
		.sem_kind = c->sem_kind, .sem_spin = c->sem_spin,
		.wait = c->lock.wait, .n = n,
		.holding_first = hook, .hook_arg = hook_arg,
	};
	s->nmutex = c->algo->nmutex(&s->pcfg);
	if (s->nmutex && probsync_mutexes(s, c, node, err, errlen))
		return -1;
	s->obj = ct_mem_alloc(ct_pad_size(c->algo->size), node);
	int rc = s->obj ? c->algo->init(s->obj, &s->pcfg) : -ENOMEM;
	if (rc) {
		snprintf(err, errlen, "%s: init failed: %s", c->algo->name,
			 strerror(-rc));
		return -1;
	}
	return 0;
}

/* Does worker tid use mutex j? Philosopher i: chopsticks i and i + 1. */
static bool probsync_uses(const struct ct_probsync *s, unsigned tid,
			  unsigned j)
{
	if (!(s->algo->flags & CT_PROB_CHOPSTICKS))
		return true;
	return j == ct_dining_right(tid, s->nmutex) ||
	       j == ct_dining_left(tid, s->nmutex);
}

void *const *ct_probsync_ctx(const struct ct_probsync *s, unsigned tid)
{
	void **ctx = calloc(s->nmutex + 1, sizeof(void *));
	if (!ctx || !s->use_locks)
		return ctx;
	size_t one = ct_pad_size(s->locks.ops->ctx_size);
	for (unsigned j = 0; j < s->nmutex; j++) {
		if (!probsync_uses(s, tid, j))
			continue;
		ctx[j] = ct_mem_alloc(one, -1); /* this thread's node */
		if (!ctx[j])
			return NULL;
		s->locks.ops->ctx_init(ct_lockset_lock(&s->locks, j), ctx[j],
				       tid);
	}
	return ctx;
}
