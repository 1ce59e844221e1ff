/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * hist.c - log-linear histogram: bucket bounds, merge, percentiles.
 *
 * Bucket layout (the inverse of ct_hist_index): buckets 0..SUB-1 hold one
 * value each. Octave k >= 1 holds [2^(k+SUB_BITS-1), 2^(k+SUB_BITS)) in SUB
 * buckets of width 2^(k-1); octave 1 thus also has width-1 buckets, so every
 * value below 2*SUB is exact.
 */
#include <string.h>

#include "hist.h"

void ct_hist_init(struct ct_hist *h)
{
	memset(h, 0, sizeof(*h));
	h->min = UINT64_MAX;
}

/* log2 of the width of bucket i >= SUB: octave i / SUB has width 2^(octave-1) */
static unsigned ct_hist_width_shift(unsigned i)
{
	return i / CT_HIST_SUB - 1;
}

uint64_t ct_hist_bucket_low(unsigned i)
{
	if (i < CT_HIST_SUB)
		return i;
	uint64_t mant = CT_HIST_SUB + i % CT_HIST_SUB; /* in [SUB, 2*SUB) */
	return mant << ct_hist_width_shift(i);
}

uint64_t ct_hist_bucket_high(unsigned i)
{
	if (i < CT_HIST_SUB)
		return i;
	/* low + (width - 1): the last bucket ends at UINT64_MAX, no overflow */
	uint64_t width_m1 = (UINT64_C(1) << ct_hist_width_shift(i)) - 1;
	return ct_hist_bucket_low(i) + width_m1;
}

void ct_hist_merge(struct ct_hist *dst, const struct ct_hist *src)
{
	for (unsigned i = 0; i < CT_HIST_NBUCKETS; i++)
		dst->bucket[i] += src->bucket[i];
	dst->count += src->count;
	dst->sum += src->sum;
	if (src->min < dst->min)
		dst->min = src->min;
	if (src->max > dst->max)
		dst->max = src->max;
}

/*
 * 1-based rank of the sample at percentile p: ceil(p/100 * count), at least
 * 1. Computed in integers with p rounded to 1e-6 percent, so a decimal p
 * such as 99.9 gives the exact decimal ceiling; in doubles, p/100 * count
 * lands an ulp above an integer (99.9/100 * 1000 > 999) and ceil() skips a
 * rank, which in a bimodal distribution is the wrong mode.
 */
#define CT_HIST_P_SCALE UINT64_C(1000000)
#define CT_HIST_P_ONE (100 * CT_HIST_P_SCALE) /* p = 100% */

static uint64_t ct_hist_rank(uint64_t count, double p)
{
	if (!(p > 0.0)) /* also catches NaN */
		return 1;
	if (p >= 100.0)
		return count;

	uint64_t pm = (uint64_t)(p * (double)CT_HIST_P_SCALE + 0.5);
	/* count = q * ONE + r: q * pm cannot overflow since pm <= ONE */
	uint64_t q = count / CT_HIST_P_ONE, r = count % CT_HIST_P_ONE;
	uint64_t rank = q * pm + (r * pm + CT_HIST_P_ONE - 1) / CT_HIST_P_ONE;

	return rank ? rank : 1;
}

/* Index of the bucket holding the rank-th smallest sample. */
static unsigned ct_hist_find(const struct ct_hist *h, uint64_t rank)
{
	uint64_t seen = 0;
	unsigned i;

	for (i = 0; i < CT_HIST_NBUCKETS - 1; i++) {
		seen += h->bucket[i];
		if (seen >= rank)
			break;
	}
	return i;
}

uint64_t ct_hist_percentile(const struct ct_hist *h, double p)
{
	if (h->count == 0)
		return 0;

	uint64_t rank = ct_hist_rank(h->count, p);

	/* the extreme order statistics are known exactly */
	if (rank == h->count)
		return h->max;
	if (rank == 1)
		return h->min;

	unsigned i = ct_hist_find(h, rank);
	uint64_t lo = ct_hist_bucket_low(i);
	uint64_t v = lo + (ct_hist_bucket_high(i) - lo) / 2;

	if (v < h->min)
		return h->min;
	if (v > h->max)
		return h->max;
	return v;
}

double ct_hist_mean(const struct ct_hist *h)
{
	return h->count ? h->sum / (double)h->count : 0.0;
}
