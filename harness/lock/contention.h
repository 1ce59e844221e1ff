/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * contention.h - contention as interconnect traffic: each lock's design
 * figure for coherence transfers per acquisition (ct_lock_<id>_transfers
 * in its header), applied to what a run measured, and the `--count-
 * transfers` diagnostic that checks the figures against the counting
 * build (coherence.h).
 *
 * A run measures, on its sampled acquisitions only (lockbench.c):
 *   contended_share     share of timed acquisitions that waited for a
 *                       release (the lock was held, or lost a race);
 *   waiters_at_release  mean threads waiting at a release: each timed
 *                       waiter announces itself on the stamp-request line,
 *                       so a release sees on average waiters / sample of
 *                       them (times the timed share of the sampled: the
 *                       rest are tallied); the releases that look (those
 *                       that check for a stamp request anyway) sum what
 *                       they see;
 *   polls_per_acquire   atomic loads in acquire(), polls included, and
 *   rmw_per_acquire     atomic RMWs in acquire() + release(), means over
 *                       the tallied acquisitions (one sampled in 4, run
 *                       through the tally build, tally.h); NA for locks
 *                       whose atomics are not ours;
 * and with --counters, miss_per_transfer (below).
 */
#ifndef CT_CONTENTION_H
#define CT_CONTENTION_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* Lock `name`'s design transfers per acquisition with `waiters` (>= 1)
 * threads waiting at each release, `threads` in all; NAN when the lock's
 * header does not model it or no lock has that name. */
double ct_lock_design_transfers(const char *name, double waiters,
				unsigned threads);

/*
 * Design transfers per acquisition of a run: releases with no waiter cost
 * nothing, the others f(mean waiters among them). For a design linear in
 * the waiters (all of ours) that is the exact mean over the run's
 * releases: contended * f(waiters / contended).
 */
double ct_contention_design(const char *name, double contended_share,
			    double waiters_at_release, unsigned threads);

/*
 * Cycles the checks count: a whole number of every design's period (most
 * repeat every acquisition; c-tkt-mcs every CT_LOCK_CTM_PASS_MAX + 1).
 */
enum { CT_CC_WARMUP = 16, CT_CC_CYCLES = 130, CT_CC_FREE_CYCLES = 650 };
#define CT_CC_FREE_TOLERANCE 0.10
/* The diagnostic's free-schedule seed: fixed, so a run can be repeated. */
#define CT_CC_FREE_SEED 20261203u

/* Does the counted mean equal the design figure (to rounding)? Within
 * CT_CC_FREE_TOLERANCE of it (the free schedule's check)? */
bool ct_contention_matches(double counted, double design);
/* The fixed schedule's check: a whole-number design must be met by every
 * cycle; a fractional one (periodic: c-tkt-mcs) by the mean over whole
 * periods. */
struct ct_cc_result;
bool ct_contention_exact(const struct ct_cc_result *r, double design);
/* The design figure for the releases a schedule counted: the mean over
 * them of f(waiters at that release). */
double ct_contention_design_counted(const char *name,
				    const struct ct_cc_result *r);
bool ct_contention_near(double counted, double design);

/* miss_per_transfer: the PMU's cache misses per operation over the design
 * transfers per acquisition; NAN unless both are finite and transfers > 0
 * (no counters, or no transfer to divide by: never 0 for "unknown"). */
double ct_miss_per_transfer(double misses_per_op, double transfers_per_acquire);

/* `contend lock --count-transfers`: for every spinning lock of ours in
 * algos at every thread count, the counting build's transfers per
 * acquisition in the deterministic schedule beside the design figure.
 * Returns 0 when they all agree, 1 otherwise. */
int ct_contention_count(const char *const *algos, unsigned nalgos,
			const unsigned *threads, unsigned nthreads,
			uint64_t seed, FILE *f);

#endif /* CT_CONTENTION_H */
