/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tally.h - the tally build of the lock family: the acquire and release
 * of every lock of locks/LIST compiled once more (tally.c) with each C11
 * atomic access counted in the calling thread's counters (atomhook.h):
 * no model, no locks, three thread-local increments. They run on the
 * same lock and context objects as the ops table's. lockbench calls them
 * on a fixed share of its sampled acquisitions, never on the common path
 * (polls_per_acquire, rmw_per_acquire). Safe to include anywhere: this
 * header hooks nothing.
 */
#ifndef CT_TALLY_H
#define CT_TALLY_H

#include <stdint.h>

/* Atomic accesses by one thread: loads (a waiter's polls included),
 * stores, and RMWs (exchange, fetch_add/sub, compare-exchange strong or
 * weak, successful or not). */
struct ct_tally {
	uint64_t loads, stores, rmws;
};

struct ct_tally_fns {
	void (*acquire)(void *lock, void *ctx);
	void (*release)(void *lock, void *ctx);
};

/* Lock `name`'s tally-build acquire and release; NULL where its atomics
 * are not ours (Concurrency Kit peers, the pthread baselines), so a count
 * would miss them, or no lock has that name. */
const struct ct_tally_fns *ct_tally_find(const char *name);

/* The calling thread's counts since its previous call; zeroes them. */
struct ct_tally ct_tally_take(void);

#endif /* CT_TALLY_H */
