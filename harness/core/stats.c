/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * stats.c - fairness indices and the summary of repetitions.
 *
 * Sums are taken in double: per-thread counts are uint64_t and their
 * squares would overflow an integer accumulator long before a double loses
 * the digits a fairness index needs.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"

static double ct_sum(const uint64_t *x, size_t n)
{
	double s = 0.0;

	for (size_t i = 0; i < n; i++)
		s += (double)x[i];
	return s;
}

double ct_jain(const uint64_t *x, size_t n)
{
	double s = ct_sum(x, n), sq = 0.0;

	if (n == 0 || s == 0.0)
		return 1.0;
	for (size_t i = 0; i < n; i++)
		sq += (double)x[i] * (double)x[i];
	return s * s / ((double)n * sq);
}

/* n == 0 or an all-zero input counts as fair: both shares are 1.0. */
void ct_share_range(const uint64_t *x, size_t n, double *min, double *max)
{
	double s = ct_sum(x, n);

	*min = *max = 1.0;
	if (n == 0 || s == 0.0)
		return;
	*min = INFINITY;
	*max = 0.0;
	for (size_t i = 0; i < n; i++) {
		double share = (double)x[i] * (double)n / s;

		if (share < *min)
			*min = share;
		if (share > *max)
			*max = share;
	}
}

/* Ascending; NaNs sort last so the comparison stays a total order. */
static int ct_cmp_double(const void *pa, const void *pb)
{
	double a = *(const double *)pa, b = *(const double *)pb;

	if (isnan(a) || isnan(b))
		return isnan(a) - isnan(b);
	return (a > b) - (a < b);
}

/* Type-7 quantile of sorted s[0..n), n >= 1, q in [0, 1]. */
static double ct_quantile7(const double *s, size_t n, double q)
{
	double h = (double)(n - 1) * q;
	size_t lo = (size_t)h;

	if (lo + 1 >= n)
		return s[n - 1];
	return s[lo] + (h - (double)lo) * (s[lo + 1] - s[lo]);
}

static void ct_summary_fill(struct ct_summary *out, const double *s, size_t n)
{
	out->n = n;
	out->min = s[0];
	out->max = s[n - 1];
	out->p25 = ct_quantile7(s, n, 0.25);
	out->median = ct_quantile7(s, n, 0.50);
	out->p75 = ct_quantile7(s, n, 0.75);
	out->rel_spread = out->median != 0.0 ?
		(out->p75 - out->p25) / fabs(out->median) : 0.0;
}

/*
 * Repetition counts are small: sort on the stack up to a few dozen and
 * fall back to the heap beyond. Without memory the summary is NaN, never
 * zeros that would read as measured.
 */
#define CT_SUMMARY_STACK 64

void ct_summarize(const double *v, size_t n, struct ct_summary *out)
{
	double stack[CT_SUMMARY_STACK], *s = stack;

	memset(out, 0, sizeof(*out));
	if (n == 0)
		return;
	if (n > CT_SUMMARY_STACK && !(s = malloc(n * sizeof(*s)))) {
		out->n = n;
		out->median = out->min = out->max = NAN;
		out->p25 = out->p75 = out->rel_spread = NAN;
		return;
	}
	memcpy(s, v, n * sizeof(*s));
	qsort(s, n, sizeof(*s), ct_cmp_double);
	ct_summary_fill(out, s, n);
	if (s != stack)
		free(s);
}

/* The finite values among v[0..n), in a new array (*m of them). */
/* The finite values among n doubles stride bytes apart, in a new array. */
static double *finite_values(const double *v, size_t n, size_t stride,
			     size_t *m)
{
	double *w = calloc(n ? n : 1, sizeof(*w));
	*m = 0;
	for (size_t i = 0; w && i < n; i++) {
		double x = *(const double *)((const char *)v + i * stride);
		if (isfinite(x))
			w[(*m)++] = x;
	}
	return w;
}

double ct_median_finite(const double *v, size_t n, double *spread_pct)
{
	return ct_median_strided(v, n, sizeof(*v), spread_pct);
}

double ct_median_strided(const double *first, size_t n, size_t stride,
			 double *spread_pct)
{
	size_t k;
	double *w = finite_values(first, n, stride, &k);
	struct ct_summary s;
	ct_summarize(w, k, &s);
	free(w);
	if (spread_pct)
		*spread_pct = k > 1 ? 100 * s.rel_spread : NAN; /* one: unknown */
	return k ? s.median : NAN;
}

/*
 * The rank k of the distribution-free 95% interval [x_(k), x_(n+1-k)]: the
 * largest k with P(B <= k - 1) <= 0.025 for B ~ Binomial(n, 1/2), the
 * number of samples below the true median. 0 when n is too small (< 6).
 */
static size_t median_ci_rank(size_t n)
{
	double p = ldexp(1.0, -(int)n), cdf = 0; /* P(B = 0), exact for n < 1075 */
	size_t k = 0;
	for (size_t j = 0; j < n; j++) {
		cdf += p; /* P(B <= j) */
		if (cdf > 0.025)
			break;
		k = j + 1;
		p = p * (double)(n - j) / (double)(j + 1);
	}
	return k;
}

double ct_median_ci(const double *v, size_t n, double *lo, double *hi)
{
	size_t m;
	double *w = finite_values(v, n, sizeof(*v), &m);
	qsort(w, m, sizeof(*w), ct_cmp_double);
	size_t k = median_ci_rank(m);
	double med = !m ? NAN : m % 2 ? w[m / 2] : (w[m / 2 - 1] + w[m / 2]) / 2;
	*lo = k ? w[k - 1] : NAN;
	*hi = k ? w[m - k] : NAN;
	free(w);
	return med;
}

double ct_median_ci_or_range(const double *v, size_t n, double *lo,
			     double *hi, bool *ci)
{
	double med = ct_median_ci(v, n, lo, hi);
	bool interval = !isnan(*lo);
	if (ci)
		*ci = interval;
	for (size_t i = 0; !interval && i < n; i++) {
		if (!isfinite(v[i]))
			continue;
		*lo = isnan(*lo) || v[i] < *lo ? v[i] : *lo;
		*hi = isnan(*hi) || v[i] > *hi ? v[i] : *hi;
	}
	return med;
}

double ct_paired_ratio_ci(const double *num, const double *den, size_t n,
			  double *lo, double *hi)
{
	double *ratio = malloc((n + 1) * sizeof(*ratio));
	if (!ratio) {
		*lo = *hi = NAN;
		return NAN;
	}
	for (size_t i = 0; i < n; i++)
		ratio[i] = num[i] / den[i]; /* NaN or inf when either is missing */
	double med = ct_median_ci(ratio, n, lo, hi);
	free(ratio);
	return med;
}

/*
 * The Wilcoxon signed-rank critical value c for n pairs: the largest c with
 * P(T+ <= c) <= 0.025 under the null (each rank's sign a fair coin), from
 * the exact distribution (counts of rank subsets per sum). -1 when even
 * T+ = 0 is more likely than that (n < 6).
 */
static long signed_rank_critical(size_t n)
{
	size_t top = n * (n + 1) / 2;
	double *ways = calloc(top + 1, sizeof(*ways));
	if (!ways)
		return -1;
	ways[0] = 1;
	for (size_t r = 1; r <= n; r++) /* add rank r to the subsets */
		for (size_t s = top; s >= r; s--)
			ways[s] += ways[s - r];
	double all = ldexp(1.0, (int)n), cdf = 0;
	long c = -1;
	for (size_t s = 0; s <= top; s++) {
		cdf += ways[s] / all;
		if (cdf > 0.025)
			break;
		c = (long)s;
	}
	free(ways);
	return c;
}

double ct_paired_hl_ci(const double *num, const double *den, size_t n,
		       double *lo, double *hi)
{
	*lo = *hi = NAN;
	double *d = malloc((n + 1) * sizeof(*d));
	size_t m = 0;
	for (size_t i = 0; d && i < n; i++) {
		double r = num[i] / den[i];
		if (isfinite(r) && r > 0)
			d[m++] = log(r);
	}
	if (!m) {
		free(d);
		return NAN;
	}
	/* Walsh averages (d_i + d_j) / 2, i <= j: their median is the
	 * Hodges-Lehmann estimate; order statistics c + 1 and M - c bound
	 * the interval (Hollander & Wolfe, ch. 3). */
	size_t walsh_n = m * (m + 1) / 2, k = 0;
	double *w = malloc(walsh_n * sizeof(*w));
	if (!w) {
		free(d);
		return NAN;
	}
	for (size_t i = 0; i < m; i++)
		for (size_t j = i; j < m; j++)
			w[k++] = (d[i] + d[j]) / 2;
	qsort(w, walsh_n, sizeof(*w), ct_cmp_double);
	double est = walsh_n % 2 ? w[walsh_n / 2] :
		     (w[walsh_n / 2 - 1] + w[walsh_n / 2]) / 2;
	long c = signed_rank_critical(m);
	if (c >= 0 && (size_t)c < walsh_n / 2) {
		*lo = exp(w[c]);
		*hi = exp(w[walsh_n - 1 - (size_t)c]);
	}
	free(w);
	free(d);
	return exp(est);
}
