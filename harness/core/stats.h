/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * stats.h - fairness and repetition statistics.
 */
#ifndef CT_STATS_H
#define CT_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Jain's fairness index (sum x)^2 / (n * sum x^2): 1 = perfectly fair,
 * 1/n = one thread got everything. 1 for n == 0 or all-zero input. */
double ct_jain(const uint64_t *x, size_t n);

/* Smallest and largest per-thread share relative to a fair share
 * (x_i * n / sum x): 1.0 = exactly fair. */
void ct_share_range(const uint64_t *x, size_t n, double *min, double *max);

/* Summary of repetitions: median and spread. */
struct ct_summary {
	size_t n;
	double median, min, max, p25, p75;
	double rel_spread; /* (p75 - p25) / median, 0 when median is 0 */
};

/* Summarize v[0..n): v is not modified. Quartiles by linear interpolation
 * between order statistics (type 7, as R and numpy's default). */
void ct_summarize(const double *v, size_t n, struct ct_summary *out);

/* Median of the finite values among v[0..n) over repetitions, NaN if there
 * are none; their relative IQR in percent to *spread_pct (NaN with fewer
 * than two: one repetition has no spread) unless it is NULL. v is not
 * modified. */
double ct_median_finite(const double *v, size_t n, double *spread_pct);
/* The same over n values stride bytes apart from *first: one field of an
 * array of per-repetition structs, e.g. &p[0].v[m], n, sizeof(*p). */
double ct_median_strided(const double *first, size_t n, size_t stride,
			 double *spread_pct);

/* Median of the finite values among v[0..n) and its distribution-free 95%
 * confidence interval [*lo, *hi] (order statistics, exact binomial ranks):
 * what paired per-repetition ratios are summarized with. The interval is
 * NaN below 6 finite values, the median NaN with none. */
double ct_median_ci(const double *v, size_t n, double *lo, double *hi);

/* The same, but below 6 finite values [*lo, *hi] is their range (NaN with
 * none): what a table shows when there are too few repetitions for an
 * interval. *ci (unless NULL): whether it is the 95% interval. */
double ct_median_ci_or_range(const double *v, size_t n, double *lo,
			     double *hi, bool *ci);

/* Paired per-repetition ratios num[i] / den[i] (a pair with a missing or
 * zero side gives NaN or inf and is left out): their median and 95%
 * interval as ct_median_ci. How two builds, or ours and a peer, measured
 * side by side in the same repetitions are compared. */
double ct_paired_ratio_ci(const double *num, const double *den, size_t n,
			  double *lo, double *hi);

/*
 * Paired ratios num[i] / den[i] summarized by the Hodges-Lehmann estimate
 * of their log (the median of the Walsh averages), returned as a ratio,
 * and its exact 95% Wilcoxon signed-rank interval [*lo, *hi] (NaN below 6
 * usable pairs). Assumes the log ratios are symmetric about their centre,
 * which holds exactly under "no change" when the two sides are
 * exchangeable (A B / B A alternation), and uses the sizes of the
 * differences, not only their signs: with the same pairs its interval is
 * narrower than ct_paired_ratio_ci's (asymptotic efficiency 0.95 against
 * the sign interval's 0.64 for normal noise). `contend compare` uses it.
 */
double ct_paired_hl_ci(const double *num, const double *den, size_t n,
		       double *lo, double *hi);

#endif /* CT_STATS_H */
