/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * barriercheck.h - the barrier validator (`contend validate barrier`).
 *
 * Before its wait() of episode k every thread increments arrival counter
 * k mod 4 (one CT_PAD line each); after the wait() it reads that counter,
 * which must then hold exactly P * (k / 4 + 1): fewer means the thread was
 * let out before everyone had arrived at k, more that someone already
 * arrived at k + 4 (ran two barriers ahead). The counters are relaxed
 * atomics, so seeing every increment also depends on the barrier's own
 * acquire/release ordering. Every 16th episode one thread (rotating)
 * arrives `straggle_ns` late, so "released before the last arrival" is
 * forced rather than left to chance. A watchdog turns a hang into a
 * failure.
 *
 * With `plain` set, every thread also stores k into its own plain
 * (non-atomic) word of buffer k mod 2 before arriving and, after leaving,
 * reads every thread's word of that buffer, which must hold k. A correct
 * barrier makes this race-free (the next store to that buffer is episode
 * k + 2's, after everyone has left k + 1), so under ThreadSanitizer a
 * missing acquire or release in the barrier shows up as a data race; a
 * stale value counts as a violation everywhere. The negative control runs
 * without it: its early release is a real race.
 */
#ifndef CT_BARRIERCHECK_H
#define CT_BARRIERCHECK_H

#include <stdbool.h>
#include <stdint.h>

#include "barriers/barrier.h"

struct ct_barriercheck_cfg {
	const char *algo;
	unsigned nthreads;
	uint64_t episodes;
	struct ct_barrier_cfg bar; /* fanin, wait; nthreads is set from above */
	const int *cpus, *numa;    /* nthreads entries */
	double timeout_s;          /* watchdog */
	uint64_t straggle_ns;      /* late arrival every 16th episode; 0: none */
	bool plain;                /* also check plain stores (see above) */
};

struct ct_barriercheck_result {
	uint64_t episodes;  /* completed by every thread */
	uint64_t early;     /* departures that saw too few arrivals */
	uint64_t ahead;     /* departures that saw arrivals of episode k + 4 */
	uint64_t stale;     /* plain words read after leaving k not holding k */
	uint64_t first_bad; /* first episode with a violation; UINT64_MAX: none */
	bool timed_out;
	double seconds;
	char err[256];
};

/* 0: every departure saw the whole team. 1: violated or timed out (the
 * process must then exit: stuck threads keep running). -1: could not run
 * (err). */
int ct_barriercheck(const struct ct_barriercheck_cfg *c,
		    struct ct_barriercheck_result *res);


#endif /* CT_BARRIERCHECK_H */
