/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * hist.h - log-linear latency histogram (HDR-style).
 *
 * Values (cycles or ns, any unit) below 2^CT_HIST_SUB_BITS get one bucket
 * each; above, each power-of-two octave is cut into 2^CT_HIST_SUB_BITS equal
 * buckets, so a bucket's width is at most 1/32 of its value: every reported
 * percentile is within ~3.1% of the exact order statistic. Recording is
 * one clz, a shift and an increment: cheap enough per sample in a hot loop.
 * Each thread owns one histogram; they are merged after the run.
 */
#ifndef CT_HIST_H
#define CT_HIST_H

#include <stdint.h>

#define CT_HIST_SUB_BITS 5
#define CT_HIST_SUB (1u << CT_HIST_SUB_BITS)
/* octave 0 holds [0, SUB); octaves 1..(64-SUB_BITS) hold the rest */
#define CT_HIST_NBUCKETS ((64 - CT_HIST_SUB_BITS + 1) * CT_HIST_SUB)

struct ct_hist {
	uint64_t count;
	uint64_t min, max; /* exact */
	double sum;        /* for the mean */
	uint64_t bucket[CT_HIST_NBUCKETS];
};

void ct_hist_init(struct ct_hist *h);

static inline unsigned ct_hist_index(uint64_t v)
{
	if (v < CT_HIST_SUB)
		return (unsigned)v;
	unsigned msb = 63u - (unsigned)__builtin_clzll(v); /* >= SUB_BITS */
	unsigned octave = msb - CT_HIST_SUB_BITS + 1;
	unsigned sub = (unsigned)(v >> (msb - CT_HIST_SUB_BITS)) & (CT_HIST_SUB - 1);
	return octave * CT_HIST_SUB + sub;
}

static inline void ct_hist_record(struct ct_hist *h, uint64_t v)
{
	h->bucket[ct_hist_index(v)]++;
	h->count++;
	h->sum += (double)v;
	if (v < h->min)
		h->min = v;
	if (v > h->max)
		h->max = v;
}

/* Lowest and highest value that land in bucket i. */
uint64_t ct_hist_bucket_low(unsigned i);
uint64_t ct_hist_bucket_high(unsigned i);

void ct_hist_merge(struct ct_hist *dst, const struct ct_hist *src);

/*
 * Value at percentile p (0 < p <= 100, resolved to 1e-6): the midpoint of
 * the bucket holding the ceil(p/100 * count)-th smallest sample (at least
 * the 1st), clamped to [min, max]. The 1st and the count-th are exactly min
 * and max, so p100 is the exact max. Returns 0 for an empty histogram.
 */
uint64_t ct_hist_percentile(const struct ct_hist *h, double p);
double ct_hist_mean(const struct ct_hist *h);

#endif /* CT_HIST_H */
