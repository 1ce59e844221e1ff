/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * coherence.h - a software coherence model over the lock family's atomic
 * operations (the counting build, ccount.h), for tests and `contend lock
 * --count-transfers`; never in a measured loop.
 *
 * Model: per 64-byte line, an exclusive owner or a set of sharers. An
 * access is a transfer when the thread's cache lacks what it needs: a read
 * needs a copy (shared or owned), a write or RMW needs the line owned
 * (so a write to a shared line - an upgrade that invalidates the other
 * copies - counts one). A read turns the owner into a sharer; a write or
 * RMW leaves the writer sole owner. Every access is counted when it
 * happens, so a waiter that re-reads an invalidated line pays one
 * transfer, and one that spins on a line nobody wrote pays none.
 *
 * Schedule (deterministic): `threads` threads, one runs at a time. A
 * thread inside acquire() "parks" when an access repeats its previous one
 * exactly (same kind, location and value: a poll that saw no change). One
 * cycle: the holder releases; every waiter, in thread order after the
 * releaser, runs until it parks or acquires; the releaser calls acquire()
 * again and runs until it parks (it is now the last waiter); every other
 * waiter runs until it parks again. So each release finds threads - 1
 * waiters, each waiter polls once after each event, and a cycle is one
 * acquisition with everything it causes: handoff, arrival, re-polls.
 *
 * Free schedule (a seed): the same events, but every round runs the
 * waiters in a fresh random order, and a releaser sits out 0-3 releases
 * (drawn at random) before it arrives again, so long as one thread is
 * left to wait at every release: the waiters at a release vary from 1 to
 * threads - 1, arrivals come between other hand-offs, and the FIFO order
 * of the queue locks is shuffled. What it checks is that the designs,
 * stated for the fixed schedule, predict the traffic of others.
 */
#ifndef CT_COHERENCE_H
#define CT_COHERENCE_H

#include <stddef.h>
#include <stdint.h>

#define CT_CC_MAX_THREADS 64

struct ct_cc_result {
	unsigned threads, cycles;  /* measured cycles (after the warm-up) */
	double transfers;          /* per acquisition (cycle), mean */
	double min_cycle, max_cycle; /* transfers of the cheapest/dearest cycle */
	double reads, writes, rmws; /* atomic accesses per acquisition */
	double waiters;            /* mean waiting threads at a release */
	unsigned releases_with[CT_CC_MAX_THREADS + 1]; /* [w]: counted
				    * releases that found w threads waiting */
};

/* Can lock `name` run in the deterministic schedule? (Its waiting must be
 * polls of C11 atomics: the spinning locks of ours.) */
int ct_cc_supported(const char *name);

/* Run the schedule for lock `name` at `threads` (1-64) threads: `warmup`
 * cycles, then `cycles` counted; `seed` 0: the fixed schedule, else the
 * free one drawn from it. 0, or -1 with a message in err. */
int ct_cc_count(const char *name, unsigned threads, unsigned warmup,
		unsigned cycles, uint64_t seed, struct ct_cc_result *r,
		char *err, size_t errlen);

#endif /* CT_COHERENCE_H */
