/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * mwu.c - Mann-Whitney U. Ranks are doubled so mid-ranks of ties stay
 * integers; the exact null distribution of a's doubled rank sum comes
 * from counting, by dynamic programming, the ways to pick n of the
 * n + m pooled doubled ranks with each sum.
 */
#include "mwu.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define EXACT_MAX 100

struct obs {
	double v;
	int from_a;
};

static int cmp_obs(const void *x, const void *y)
{
	double a = ((const struct obs *)x)->v, b = ((const struct obs *)y)->v;
	return (a > b) - (a < b);
}

/* Doubled mid-ranks of the sorted pool into r2; returns sum(t^3 - t). */
static double mid_ranks(const struct obs *o, size_t N, long *r2)
{
	double ties = 0;
	for (size_t i = 0; i < N;) {
		size_t j = i;
		while (j + 1 < N && o[j + 1].v == o[i].v)
			j++;
		for (size_t k = i; k <= j; k++)
			r2[k] = (long)(i + j + 2); /* 2 * mean of i+1..j+1 */
		double t = (double)(j - i + 1);
		ties += t * t * t - t;
		i = j + 1;
	}
	return ties;
}

/* P(|W - mu| >= |w - mu|) over all n-subsets of the doubled ranks. */
static double exact_p(const long *r2, size_t N, size_t n, long w2)
{
	long total = 0;
	for (size_t i = 0; i < N; i++)
		total += r2[i];
	size_t S = (size_t)total + 1;
	double *dp = calloc((n + 1) * S, sizeof(double));
	dp[0] = 1;
	for (size_t i = 0; i < N; i++)
		for (size_t k = (i + 1 < n ? i + 1 : n); k >= 1; k--)
			for (size_t s = (size_t)r2[i]; s < S; s++)
				dp[k * S + s] += dp[(k - 1) * S + s - (size_t)r2[i]];
	/* mu of the doubled sum is n * (N + 1); compare doubled distances */
	long mu2 = (long)(n * (N + 1)), d = labs(w2 - mu2);
	double hit = 0, all = 0;
	for (size_t s = 0; s < S; s++) {
		double c = dp[n * S + s];
		all += c;
		if (labs((long)s - mu2) >= d)
			hit += c;
	}
	free(dp);
	return all > 0 ? hit / all : 1;
}

static double normal_p(double u, size_t n, size_t m, double ties)
{
	double N = (double)(n + m), mu = (double)n * (double)m / 2;
	double var = (double)n * (double)m / 12 *
		     ((N + 1) - ties / (N * (N - 1)));
	if (var <= 0)
		return 1;
	double z = (fabs(u - mu) - 0.5) / sqrt(var);
	return z <= 0 ? 1 : erfc(z / sqrt(2));
}

void ct_mwu(const double *a, size_t n, const double *b, size_t m,
	    struct ct_mwu *out)
{
	size_t N = n + m;
	memset(out, 0, sizeof(*out));
	out->p = 1;
	if (!n || !m)
		return;
	struct obs *o = malloc(N * sizeof(*o));
	long *r2 = malloc(N * sizeof(long)), w2 = 0;
	for (size_t i = 0; i < n; i++)
		o[i] = (struct obs){ a[i], 1 };
	for (size_t j = 0; j < m; j++)
		o[n + j] = (struct obs){ b[j], 0 };
	qsort(o, N, sizeof(*o), cmp_obs);
	double ties = mid_ranks(o, N, r2);
	for (size_t i = 0; i < N; i++)
		w2 += o[i].from_a ? r2[i] : 0;
	out->u = (double)w2 / 2 - (double)n * (double)(n + 1) / 2;
	out->exact = N <= EXACT_MAX;
	out->p = out->exact ? exact_p(r2, N, n, w2)
			    : normal_p(out->u, n, m, ties);
	if (out->p > 1)
		out->p = 1;
	free(o);
	free(r2);
}

double ct_mwu_min_p(size_t n, size_t m)
{
	double c = 1; /* C(n + m, n), built up exactly enough in double */
	for (size_t i = 1; i <= n; i++)
		c = c * (double)(m + i) / (double)i;
	return n && m && 2 / c < 1 ? 2 / c : 1;
}
