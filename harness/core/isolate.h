/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * isolate.h - run one piece of work in a forked child, so that whatever it
 * leaves behind dies with it.
 *
 * A validator whose watchdog fires cannot reclaim its threads: they may be
 * spinning in a lock forever (a deadlock) or just crawling (a FIFO spin
 * lock with more threads than CPUs waits a scheduler slice per handoff).
 * Run in a child, the work reports through shared memory the parent mapped
 * first (ct_shm_alloc) and then exits, taking its threads with it, and the
 * parent goes on with the next piece. The child dies with the parent
 * (PR_SET_PDEATHSIG) and is killed if it outlives limit_s.
 */
#ifndef CT_ISOLATE_H
#define CT_ISOLATE_H

#include <stddef.h>

/* Zeroed MAP_SHARED memory that a child forked later writes and the
 * parent reads; NULL on failure. */
void *ct_shm_alloc(size_t size);
void ct_shm_free(void *p, size_t size);

/*
 * fork(); the child runs fn(arg) and _exit()s. Returns 0 when the child
 * returned from fn, -1 with the reason in why (could not fork, killed by a
 * signal, killed after limit_s).
 */
int ct_isolate(void (*fn)(void *arg), void *arg, double limit_s, char *why,
	       size_t whylen);

#endif /* CT_ISOLATE_H */
