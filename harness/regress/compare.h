/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * compare.h - `contend compare A B`: two builds measured on the same
 * machine in the same session, and compared run by run.
 *
 * The two sides run in pairs (A then B, then B then A, ...; see
 * compare_run.c), one repetition each, so that the drift of a shared
 * machine (a neighbour's load, a vCPU moved, a slower host after a
 * migration) hits both sides of a pair alike. Per configuration x metric
 * the paired ratios B/A are summarized by the Hodges-Lehmann estimate and
 * its exact 95% Wilcoxon signed-rank interval (ct_paired_hl_ci; under no
 * change the alternated sides are exchangeable, so the log ratios are
 * symmetric, the one assumption it makes). It replaced the median of the
 * ratios with its sign (order-statistic) interval, which threw away the
 * sizes: gate-selftest caught a measured +12% in 8 of 20 rounds with it.
 * and the interval is read against the smallest change that matters, e
 * (--min-effect; for a time also min-delta / A's median):
 *
 *   regressed   the whole interval is worse than 1 + e (higher-is-better
 *               metrics: below 1 - e)
 *   improved    the whole interval is better than 1 - e (1 + e)
 *   same        the whole interval lies within [1 - e, 1 + e]
 *   unresolved  anything else: the runs cannot tell, more pairs might
 *
 * Only "regressed" fails. The interval's coverage does not assume a
 * distribution, only that the pairs are alike (the alternating order
 * takes out a first-or-second bias); an A/A comparison then reports a
 * regression only when chance puts a whole interval past e.
 */
#ifndef CT_COMPARE_H
#define CT_COMPARE_H

#include "regress.h"

/* Fewer pairs cannot give an exact 95% interval of the median. */
#define CT_COMPARE_MIN_PAIRS 6
/* Defaults for compare: a change smaller than this is "same"; no
 * absolute floor (pairs cancel the drift that regress's floor is for). */
#define CT_COMPARE_MIN_EFFECT 0.05

/*
 * Compare a (runs of side A) with b (runs of side B), run i of a paired
 * with run i of b, each run holding one repetition of every
 * configuration. o: family, metrics, min_effect (negative: the default),
 * min_delta_ns. 0, or -1 with err.
 */
int ct_compare_paired(const struct ct_rs *a, const struct ct_rs *b,
		      const struct ct_regress_opts *o, struct ct_regress *r,
		      char *err, size_t len);

/* The verdict of one paired row from its interval (exposed for tests). */
enum ct_verdict ct_compare_verdict(const char *metric, double lo, double hi,
				   double needed);

#endif /* CT_COMPARE_H */
