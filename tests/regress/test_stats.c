/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_stats.c - Jain's index, share range and repetition summaries against
 * values worked out by hand.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "harness/core/stats.h"

#define EPS 1e-12

Test(stats, jain_equal_shares, .timeout = 10)
{
	const uint64_t x[] = { 7, 7, 7, 7, 7 };

	/* (5 * 7)^2 / (5 * 5 * 49) = 1 */
	cr_assert_float_eq(ct_jain(x, 5), 1.0, EPS);
}

Test(stats, jain_one_takes_all, .timeout = 10)
{
	const uint64_t x[] = { 0, 0, 1000, 0 };

	/* 1000^2 / (4 * 1000^2) = 1/4 */
	cr_assert_float_eq(ct_jain(x, 4), 0.25, EPS);
}

Test(stats, jain_known, .timeout = 10)
{
	const uint64_t x[] = { 1, 2, 3, 4 };

	/* (1+2+3+4)^2 = 100; 4 * (1+4+9+16) = 120 */
	cr_assert_float_eq(ct_jain(x, 4), 100.0 / 120.0, EPS);
}

Test(stats, jain_degenerate, .timeout = 10)
{
	const uint64_t z[] = { 0, 0, 0 };

	cr_assert_eq(ct_jain(NULL, 0), 1.0);
	cr_assert_eq(ct_jain(z, 3), 1.0);
}

Test(stats, jain_huge_counts, .timeout = 10)
{
	const uint64_t x[] = { UINT64_MAX, UINT64_MAX };

	/* squares overflow uint64_t; in double the index is still 1 */
	cr_assert_float_eq(ct_jain(x, 2), 1.0, EPS);
}

Test(stats, share_range_known, .timeout = 10)
{
	const uint64_t x[] = { 1, 3 };
	double lo, hi;

	/* fair share 4 / 2 = 2: 1/2 = 0.5, 3/2 = 1.5 */
	ct_share_range(x, 2, &lo, &hi);
	cr_assert_float_eq(lo, 0.5, EPS);
	cr_assert_float_eq(hi, 1.5, EPS);
}

Test(stats, share_range_fair_and_degenerate, .timeout = 10)
{
	const uint64_t eq[] = { 5, 5, 5 }, z[] = { 0, 0 };
	double lo, hi;

	ct_share_range(eq, 3, &lo, &hi);
	cr_assert_float_eq(lo, 1.0, EPS);
	cr_assert_float_eq(hi, 1.0, EPS);
	ct_share_range(z, 2, &lo, &hi);
	cr_assert_eq(lo, 1.0);
	cr_assert_eq(hi, 1.0);
	ct_share_range(NULL, 0, &lo, &hi);
	cr_assert_eq(lo, 1.0);
	cr_assert_eq(hi, 1.0);
}

Test(stats, summarize_odd, .timeout = 10)
{
	const double v[] = { 5, 1, 4, 2, 3 };
	struct ct_summary s;

	/* sorted 1 2 3 4 5; h = 4q: p25 at h=1 -> 2, median h=2 -> 3, p75 4 */
	ct_summarize(v, 5, &s);
	cr_assert_eq(s.n, 5);
	cr_assert_float_eq(s.median, 3.0, EPS);
	cr_assert_float_eq(s.p25, 2.0, EPS);
	cr_assert_float_eq(s.p75, 4.0, EPS);
	cr_assert_eq(s.min, 1.0);
	cr_assert_eq(s.max, 5.0);
	/* (4 - 2) / 3 */
	cr_assert_float_eq(s.rel_spread, 2.0 / 3.0, EPS);
}

Test(stats, summarize_even_quartiles, .timeout = 10)
{
	const double v[] = { 4, 3, 2, 1 };
	struct ct_summary s;

	/*
	 * sorted 1 2 3 4, h = 3q: p25 h=0.75 -> 1 + 0.75 = 1.75,
	 * median h=1.5 -> 2.5, p75 h=2.25 -> 3 + 0.25 = 3.25.
	 */
	ct_summarize(v, 4, &s);
	cr_assert_float_eq(s.p25, 1.75, EPS);
	cr_assert_float_eq(s.median, 2.5, EPS);
	cr_assert_float_eq(s.p75, 3.25, EPS);
	/* (3.25 - 1.75) / 2.5 = 0.6 */
	cr_assert_float_eq(s.rel_spread, 0.6, EPS);
	/* input untouched */
	cr_assert(v[0] == 4 && v[1] == 3 && v[2] == 2 && v[3] == 1);
}

Test(stats, summarize_one, .timeout = 10)
{
	const double v[] = { 42.5 };
	struct ct_summary s;

	ct_summarize(v, 1, &s);
	cr_assert_eq(s.n, 1);
	cr_assert_eq(s.median, 42.5);
	cr_assert_eq(s.min, 42.5);
	cr_assert_eq(s.max, 42.5);
	cr_assert_eq(s.p25, 42.5);
	cr_assert_eq(s.p75, 42.5);
	cr_assert_eq(s.rel_spread, 0.0);
}

Test(stats, summarize_empty_and_zero_median, .timeout = 10)
{
	const double z[] = { 0, 0, 0, 1 };
	struct ct_summary s;

	ct_summarize(NULL, 0, &s);
	cr_assert_eq(s.n, 0);
	/* median 0: rel_spread is defined as 0, not a division by zero */
	ct_summarize(z, 4, &s);
	cr_assert_eq(s.median, 0.0);
	cr_assert_eq(s.rel_spread, 0.0);
}

Test(stats, summarize_large_n_heap, .timeout = 10)
{
	enum { N = 1001 };
	double *v = malloc(N * sizeof(*v));
	struct ct_summary s;

	cr_assert_not_null(v);
	/* 1000, 999, ..., 0: sorted it is 0..1000, h = 1000q exactly */
	for (int i = 0; i < N; i++)
		v[i] = N - 1 - i;
	ct_summarize(v, N, &s);
	cr_assert_float_eq(s.p25, 250.0, EPS);
	cr_assert_float_eq(s.median, 500.0, EPS);
	cr_assert_float_eq(s.p75, 750.0, EPS);
	cr_assert_float_eq(s.rel_spread, 1.0, EPS);
	cr_assert_eq(s.min, 0.0);
	cr_assert_eq(s.max, 1000.0);
	free(v);
}

/* Ranks from the exact binomial: n = 10 -> [x(2), x(9)] (P(B <= 1) =
 * 11/1024 <= 0.025 < P(B <= 2) = 56/1024); n = 31 -> [x(10), x(22)]. */
Test(stats, median_ci_known_ranks, .timeout = 10)
{
	double v[31], lo, hi;
	for (unsigned i = 0; i < 31; i++)
		v[i] = 31 - i; /* any order: 1..31 */
	cr_assert_eq(ct_median_ci(v, 31, &lo, &hi), 16);
	cr_assert_eq(lo, 10);
	cr_assert_eq(hi, 22);
	for (unsigned i = 0; i < 10; i++)
		v[i] = (i * 7) % 10 + 1; /* 1..10 shuffled */
	cr_assert_eq(ct_median_ci(v, 10, &lo, &hi), 5.5);
	cr_assert_eq(lo, 2);
	cr_assert_eq(hi, 9);
}

Test(stats, median_ci_small_and_na, .timeout = 10)
{
	double v[] = { 3, NAN, 1, 2, INFINITY, 5, 4 }, lo, hi;
	/* five finite values: a median but no 95% interval */
	cr_assert_eq(ct_median_ci(v, 7, &lo, &hi), 3);
	cr_assert(isnan(lo) && isnan(hi));
	cr_assert(isnan(ct_median_ci(v, 0, &lo, &hi)));
	double six[] = { 6, 5, 4, 3, 2, 1 }; /* P(B = 0) = 1/64 <= 0.025 */
	cr_assert_eq(ct_median_ci(six, 6, &lo, &hi), 3.5);
	cr_assert_eq(lo, 1);
	cr_assert_eq(hi, 6);
}

/* ---- ct_paired_hl_ci: Hodges-Lehmann paired ratio, signed-rank interval */

Test(stats, hl_constant_ratio, .timeout = 10)
{
	const double a[] = { 10, 20, 30, 40, 50, 60, 70, 80 };
	double b[8], lo, hi;
	for (unsigned i = 0; i < 8; i++)
		b[i] = 1.1 * a[i];
	cr_assert_float_eq(ct_paired_hl_ci(b, a, 8, &lo, &hi), 1.1, 1e-9);
	cr_expect_float_eq(lo, 1.1, 1e-9);
	cr_expect_float_eq(hi, 1.1, 1e-9);
}

/* Log ratios 1..6 by hand: the 21 Walsh averages are symmetric about 3.5;
 * with 6 pairs only T+ = 0 (1/64) lies in the 2.5% tail, so the interval
 * runs from the smallest Walsh average (1) to the largest (6). */
Test(stats, hl_known_six, .timeout = 10)
{
	double a[6], b[6], lo, hi;
	for (unsigned i = 0; i < 6; i++) {
		a[i] = 1;
		b[i] = exp(i + 1.0);
	}
	cr_expect_float_eq(ct_paired_hl_ci(b, a, 6, &lo, &hi), exp(3.5), 1e-9);
	cr_expect_float_eq(lo, exp(1), 1e-9);
	cr_expect_float_eq(hi, exp(6), 1e-9);
	/* five usable pairs: an estimate, no interval; missing sides skipped */
	b[5] = NAN;
	cr_expect(isfinite(ct_paired_hl_ci(b, a, 6, &lo, &hi)));
	cr_expect(isnan(lo) && isnan(hi));
}

/* Coverage and width, simulated: 15 pairs of normal log-ratio noise around
 * a 10% change. The 95% interval must cover the truth about 95% of the
 * time, and be narrower on average than the sign interval of the median
 * (ct_paired_ratio_ci) on the same data - the reason compare uses it. */
static double unit_normal(uint64_t *s)
{
	double u[2];
	for (unsigned i = 0; i < 2; i++) {
		*s = *s * 6364136223846793005ull + 1442695040888963407ull;
		u[i] = ((double)(*s >> 11) + 0.5) / 9007199254740992.0;
	}
	return sqrt(-2 * log(u[0])) * cos(2 * M_PI * u[1]);
}

Test(stats, hl_covers_and_is_narrower_than_sign, .timeout = 30)
{
	enum { N = 15, TRIALS = 2000 };
	uint64_t seed = 42;
	unsigned covered = 0;
	double width_hl = 0, width_sign = 0;
	for (unsigned t = 0; t < TRIALS; t++) {
		double a[N], b[N], lo, hi;
		for (unsigned i = 0; i < N; i++) {
			a[i] = 1;
			b[i] = 1.1 * exp(0.05 * unit_normal(&seed));
		}
		ct_paired_hl_ci(b, a, N, &lo, &hi);
		covered += lo <= 1.1 && 1.1 <= hi;
		width_hl += log(hi / lo);
		ct_paired_ratio_ci(b, a, N, &lo, &hi);
		width_sign += log(hi / lo);
	}
	cr_expect(covered >= TRIALS * 0.93 && covered <= TRIALS * 0.99,
		  "covered %u of %u", covered, TRIALS);
	cr_expect_lt(width_hl, width_sign * 0.9, "mean widths: HL %.4f, sign %.4f",
		     width_hl / TRIALS, width_sign / TRIALS);
}
