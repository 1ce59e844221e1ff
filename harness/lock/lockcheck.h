/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * lockcheck.h - the mutual-exclusion validator (`contend validate lock`).
 *
 * Every critical section (1) increments an occupancy counter that must
 * have been 0 and (2) performs a read - pause - write increment of a plain
 * counter, a race window wide enough that two simultaneous holders lose an
 * update. A run passes only if no overlap was seen, the counter equals the
 * number of acquisitions, and it finished before the watchdog. Algorithms
 * with a trylock take every `try_every`-th acquisition through it.
 */
#ifndef CT_LOCKCHECK_H
#define CT_LOCKCHECK_H

#include <stdbool.h>
#include <stdint.h>

#include "locks/lock.h"

struct ct_lockcheck_cfg {
	const char *algo;
	unsigned nthreads;
	uint64_t ops; /* total acquisitions, split across threads */
	struct ct_lock_cfg lock;
	const int *cpus, *numa; /* nthreads entries */
	double timeout_s;       /* watchdog */
	unsigned try_every;     /* 0: never use trylock */
};

struct ct_lockcheck_result {
	uint64_t acquisitions; /* performed */
	uint64_t counter;      /* final value of the racy counter */
	uint64_t overlaps;     /* critical sections entered while occupied */
	uint64_t try_calls, try_success;
	bool timed_out;
	double seconds;
	char err[256];
};

/* 0: mutual exclusion held. 1: violated or timed out (the process must
 * then exit: stuck threads keep running). -1: could not run (err). */
int ct_lockcheck(const struct ct_lockcheck_cfg *c,
		 struct ct_lockcheck_result *res);

#endif /* CT_LOCKCHECK_H */
