/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * lockpeers.h - `contend lock --peers`: each of our locks run beside its
 * Concurrency Kit peer (locks/PEERS) in the same interleaved repetitions,
 * and the two compared as paired per-repetition ratios.
 */
#ifndef CT_LOCKPEERS_H
#define CT_LOCKPEERS_H

#include <stdbool.h>
#include <stdio.h>

/* The verdict's bars: ours reaches this share of the peer's throughput... */
#define CT_PEER_MIN_THROUGHPUT 0.95
/* ...and its uncontended acquire+release costs at most this multiple. */
#define CT_PEER_MAX_UNCONTENDED 1.10

/*
 * Insert, right after each of algos[0..n) that has a peer in this build,
 * that peer (unless it is listed already). Returns the new count; exits 2
 * when no listed lock has a peer or the list would exceed max.
 */
unsigned ct_lockpeers_expand(const char **algos, unsigned n, unsigned max);

/* The runs of a finished lock benchmark: per-run values are indexed
 * [(algo * nthreads + thread count) * reps + rep]; NaN: not measured. */
struct ct_run_grid {
	const char *const *algos;
	unsigned nalgos;
	const unsigned *threads;
	unsigned nthreads;
	unsigned reps;
};

/* Per-run values of a finished lock benchmark, for the pairing. */
struct ct_peer_runs {
	struct ct_run_grid g;
	const double *throughput, *uncontended;
};

/* " MEDIAN  [LO, HI]" (or " -" for the interval) as the tables show it. */
void ct_paired_ratio_print(FILE *f, double median, double lo, double hi);

/*
 * One bar's verdict for a median ratio and its 95% interval [lo, hi]
 * (NaN below 6 repetitions: the median alone decides): OK when the
 * interval clears the bar (ratio >= bar when at_least, else <= bar),
 * FAIL when it lies wholly on the wrong side, UNRESOLVED when it contains
 * the bar. A missing median (NaN) fails. Ordered by severity.
 */
enum ct_peer_verdict { CT_PEER_OK, CT_PEER_UNRESOLVED, CT_PEER_FAIL };
enum ct_peer_verdict ct_peer_judge(double med, double lo, double hi,
				   double bar, bool at_least);

/* One table row per (ours, peer, thread count): medians of the paired
 * ratios with their 95% intervals, and the verdict against the bars. */
void ct_lockpeers_print(const struct ct_peer_runs *r, FILE *f);

#endif /* CT_LOCKPEERS_H */
