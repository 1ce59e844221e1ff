/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * mwu.h - the Mann-Whitney U (Wilcoxon rank-sum) test: do two samples
 * come from the same distribution? Rank-based, so one wild repetition
 * cannot swing it, and it assumes no particular distribution: right for
 * a handful of repetitions on a noisy machine.
 */
#ifndef CT_MWU_H
#define CT_MWU_H

#include <stdbool.h>
#include <stddef.h>

struct ct_mwu {
	double u;  /* pairs (a_i, b_j) with a_i > b_j, ties counting 1/2 */
	double p;  /* two-sided p-value */
	bool exact; /* exact permutation distribution (ties included) */
};

/*
 * Test a[0..n) against b[0..m) (no NaNs). Exact for n + m <= 100, using
 * the permutation distribution of the mid-rank sum, which stays exact
 * with ties (quantized latencies tie a lot); normal approximation with
 * tie and continuity corrections above. n or m == 0: p = 1.
 */
void ct_mwu(const double *a, size_t n, const double *b, size_t m,
	    struct ct_mwu *out);

/* The smallest two-sided p-value n against m repetitions can produce:
 * 2 / C(n + m, n). If it is above alpha, no difference can be shown. */
double ct_mwu_min_p(size_t n, size_t m);

#endif /* CT_MWU_H */
