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
 */
#ifndef CT_COHERENCE_H
#define CT_COHERENCE_H

#include <stddef.h>

struct ct_cc_result {
	unsigned threads, cycles;  /* measured cycles (after the warm-up) */
	double transfers;          /* per acquisition (cycle), mean */
	double min_cycle, max_cycle; /* transfers of the cheapest/dearest cycle */
	double reads, writes, rmws; /* atomic accesses per acquisition */
	double waiters;            /* waiting threads at each release */
};

/* Can lock `name` run in the deterministic schedule? (Its waiting must be
 * polls of C11 atomics: the spinning locks of ours.) */
int ct_cc_supported(const char *name);

/* Run the schedule for lock `name` at `threads` (1-64) threads: `warmup`
 * cycles, then `cycles` counted. 0, or -1 with a message in err. */
int ct_cc_count(const char *name, unsigned threads, unsigned warmup,
		unsigned cycles, struct ct_cc_result *r, char *err,
		size_t errlen);

#endif /* CT_COHERENCE_H */
