/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_hist.c - log-linear histogram: bucket geometry, percentiles, merge.
 *
 * Expected values are derived by hand in the comments. Bucket of v >= 32:
 * msb = floor(log2 v), width = 2^(msb-5), low = v rounded down to a
 * multiple of width, reported midpoint = low + (width - 1) / 2.
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdlib.h>

#include "harness/core/hist.h"

/* Deterministic xorshift64*: the same values on every run. */
static uint64_t rng_next(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * UINT64_C(0x2545F4914F6CDD1D);
}

/* Random value with a random bit length, so every octave is visited. */
static uint64_t rng_value(uint64_t *s)
{
	uint64_t r = rng_next(s);

	return rng_next(s) >> (r % 64);
}

static struct ct_hist *hist_new(void)
{
	struct ct_hist *h = malloc(sizeof(*h));

	cr_assert_not_null(h);
	ct_hist_init(h);
	return h;
}

/* Pin the relative error of a percentile against the exact order statistic. */
static void assert_close(uint64_t got, uint64_t exact, double tol)
{
	double err = ((double)got - (double)exact) / (double)exact;

	cr_assert(err <= tol && err >= -tol,
		  "got %llu, exact %llu: error %.4f > %.4f",
		  (unsigned long long)got, (unsigned long long)exact, err, tol);
}

Test(hist, init_is_empty, .timeout = 10)
{
	struct ct_hist *h = hist_new();

	cr_assert_eq(h->count, 0);
	cr_assert_eq(h->min, UINT64_MAX);
	cr_assert_eq(h->max, 0);
	cr_assert_eq(h->sum, 0.0);
	for (unsigned i = 0; i < CT_HIST_NBUCKETS; i++)
		cr_assert_eq(h->bucket[i], 0);
	free(h);
}

Test(hist, buckets_tile_the_range, .timeout = 10)
{
	cr_assert_eq(ct_hist_bucket_low(0), 0);
	for (unsigned i = 0; i < CT_HIST_NBUCKETS; i++) {
		uint64_t lo = ct_hist_bucket_low(i), hi = ct_hist_bucket_high(i);

		cr_assert_leq(lo, hi, "bucket %u: [%llu, %llu]", i,
			      (unsigned long long)lo, (unsigned long long)hi);
		cr_assert_eq(ct_hist_index(lo), i, "index(low(%u))", i);
		cr_assert_eq(ct_hist_index(hi), i, "index(high(%u))", i);
		if (i + 1 < CT_HIST_NBUCKETS)
			cr_assert_eq(hi + 1, ct_hist_bucket_low(i + 1),
				     "gap after bucket %u", i);
	}
	cr_assert_eq(ct_hist_bucket_high(CT_HIST_NBUCKETS - 1), UINT64_MAX);
}

Test(hist, known_bucket_bounds, .timeout = 10)
{
	/* below 64 every value has its own bucket */
	cr_assert_eq(ct_hist_index(31), 31);
	cr_assert_eq(ct_hist_index(63), 63);
	cr_assert_eq(ct_hist_bucket_high(63), 63);
	/* 64 = 32 << 1: octave 2, width 2, bucket 64 covers [64, 65] */
	cr_assert_eq(ct_hist_index(64), 64);
	cr_assert_eq(ct_hist_bucket_high(64), 65);
	/* 2^63 = 32 << 58: octave 59, bucket 59*32 = 1888, width 2^58 */
	cr_assert_eq(ct_hist_index(UINT64_C(1) << 63), 1888);
	cr_assert_eq(ct_hist_bucket_low(1888), UINT64_C(1) << 63);
	cr_assert_eq(ct_hist_bucket_high(1888),
		     (UINT64_C(1) << 63) + (UINT64_C(1) << 58) - 1);
	/* UINT64_MAX: last bucket 1919 = [63 << 58, 2^64 - 1] */
	cr_assert_eq(ct_hist_index(UINT64_MAX), CT_HIST_NBUCKETS - 1);
	cr_assert_eq(ct_hist_bucket_low(1919), UINT64_C(63) << 58);
}

Test(hist, random_values_in_their_bucket, .timeout = 10)
{
	uint64_t s = 0x9E3779B97F4A7C15u;

	for (int k = 0; k < 1000000; k++) {
		uint64_t v = rng_value(&s);
		unsigned i = ct_hist_index(v);
		uint64_t lo = ct_hist_bucket_low(i), hi = ct_hist_bucket_high(i);

		cr_assert(i < CT_HIST_NBUCKETS);
		cr_assert(lo <= v && v <= hi, "%llu outside [%llu, %llu]",
			  (unsigned long long)v, (unsigned long long)lo,
			  (unsigned long long)hi);
		/* width / low <= 1/32, written without division */
		if (v >= CT_HIST_SUB)
			cr_assert_leq((hi - lo + 1) * 32, lo);
		else
			cr_assert_eq(lo, hi);
	}
}

Test(hist, small_values_exact, .timeout = 10)
{
	struct ct_hist *h = hist_new();

	for (uint64_t v = 1; v <= 10; v++)
		ct_hist_record(h, v);
	/* rank = ceil(p/100 * 10); the rank-th of {1..10} is the rank */
	cr_assert_eq(ct_hist_percentile(h, 10), 1);
	cr_assert_eq(ct_hist_percentile(h, 33), 4); /* ceil(3.3) */
	cr_assert_eq(ct_hist_percentile(h, 50), 5);
	cr_assert_eq(ct_hist_percentile(h, 90), 9);
	cr_assert_eq(ct_hist_percentile(h, 95), 10); /* ceil(9.5) */
	cr_assert_eq(ct_hist_percentile(h, 99.9), 10);
	cr_assert_eq(ct_hist_percentile(h, 100), 10);
	cr_assert_eq(ct_hist_percentile(h, 0.001), 1); /* rank at least 1 */
	cr_assert_eq(h->min, 1);
	cr_assert_eq(h->max, 10);
	cr_assert_float_eq(ct_hist_mean(h), 5.5, 1e-12);
	free(h);
}

Test(hist, uniform_within_bucket_tolerance, .timeout = 10)
{
	struct ct_hist *h = hist_new();

	for (uint64_t v = 1; v <= 100000; v++)
		ct_hist_record(h, v);
	/* the rank-th smallest of 1..100000 is the rank itself */
	uint64_t p50 = ct_hist_percentile(h, 50);
	uint64_t p90 = ct_hist_percentile(h, 90);
	uint64_t p99 = ct_hist_percentile(h, 99);
	uint64_t p999 = ct_hist_percentile(h, 99.9);

	assert_close(p50, 50000, 0.032);
	assert_close(p90, 90000, 0.032);
	assert_close(p99, 99000, 0.032);
	assert_close(p999, 99900, 0.032);
	/* 50000: width 1024, low 48 * 1024 = 49152, mid 49152 + 511 */
	cr_assert_eq(p50, 49663);
	/* 90000: width 2048, low 43 * 2048 = 88064, mid 88064 + 1023 */
	cr_assert_eq(p90, 89087);
	/* 99000 and 99900: both in [98304, 100351], mid 99327 */
	cr_assert_eq(p99, 99327);
	cr_assert_eq(p999, 99327);
	/*
	 * p100 is the max exactly, although the max's bucket midpoint (99327)
	 * lies below it: the extreme ranks bypass the bucket.
	 */
	cr_assert_eq(ct_hist_percentile(h, 100), 100000);
	cr_assert_eq(h->min, 1);
	cr_assert_eq(h->max, 100000);
	cr_assert_eq(h->count, 100000);
	cr_assert_float_eq(ct_hist_mean(h), 50000.5, 1e-9);
	free(h);
}

Test(hist, bimodal, .timeout = 10)
{
	struct ct_hist *h = hist_new();

	for (int k = 0; k < 990; k++)
		ct_hist_record(h, 100);
	for (int k = 0; k < 10; k++)
		ct_hist_record(h, 10000);
	/*
	 * 100 is in [100, 101] (width 2), mid 100: exact. 10000 is in
	 * [9984, 10239], mid 10111, clamped to the max 10000.
	 * p99 is rank 990, the last 100; p99.9 is rank 999.
	 */
	cr_assert_eq(ct_hist_percentile(h, 50), 100);
	cr_assert_eq(ct_hist_percentile(h, 99), 100);
	cr_assert_eq(ct_hist_percentile(h, 99.1), 10000);
	cr_assert_eq(ct_hist_percentile(h, 99.9), 10000);
	cr_assert_eq(ct_hist_percentile(h, 100), 10000);
	/* (990 * 100 + 10 * 10000) / 1000 = 199 */
	cr_assert_float_eq(ct_hist_mean(h), 199.0, 1e-12);
	free(h);
}

/* Fill with a samples of 1 then b samples of 2. */
static void fill12(struct ct_hist *h, uint64_t a, uint64_t b)
{
	ct_hist_init(h);
	h->bucket[1] = a;
	h->bucket[2] = b;
	h->count = a + b;
	h->min = a ? 1 : 2;
	h->max = b ? 2 : 1;
}

static void assert_rank(struct ct_hist *h, uint64_t n, uint64_t pk)
{
	double p = (double)pk / 1000.0;
	uint64_t r = (pk * n + 99999) / 100000; /* ceil(pk/1000/100 * n) */

	fill12(h, r - 1, n - r + 1);
	cr_assert_eq(ct_hist_percentile(h, p), 2, "p%g n=%llu: rank < %llu", p,
		     (unsigned long long)n, (unsigned long long)r);
	fill12(h, r, n - r);
	cr_assert_eq(ct_hist_percentile(h, p), 1, "p%g n=%llu: rank > %llu", p,
		     (unsigned long long)n, (unsigned long long)r);
}

/*
 * The rank is ceil(p * count / 100) for decimal p, with no ulp drift: with
 * R - 1 ones the answer must be 2, with R ones it must be 1. In doubles,
 * p99.9 of 1000 gives rank 1000 and p99.9 of 41000 gives 40960.
 */
Test(hist, rank_is_exact_ceiling, .timeout = 10)
{
	/* percentiles in thousandths: p50 .. p99.999 */
	static const uint64_t pk[] = { 50000, 90000, 99000, 99900, 99990, 99999 };
	static const uint64_t big[] = { 41000, 82000, 166000, 1000000007,
					UINT64_C(123456789012) };
	struct ct_hist *h = hist_new();

	for (size_t j = 0; j < sizeof(pk) / sizeof(pk[0]); j++) {
		for (uint64_t n = 2; n <= 5000; n++)
			assert_rank(h, n, pk[j]);
		for (size_t k = 0; k < sizeof(big) / sizeof(big[0]); k++)
			assert_rank(h, big[k], pk[j]);
	}
	free(h);
}

static void assert_hist_eq(const struct ct_hist *a, const struct ct_hist *b)
{
	for (unsigned i = 0; i < CT_HIST_NBUCKETS; i++)
		cr_assert_eq(a->bucket[i], b->bucket[i], "bucket %u", i);
	cr_assert_eq(a->count, b->count);
	cr_assert_eq(a->min, b->min);
	cr_assert_eq(a->max, b->max);
	cr_assert_eq(a->sum, b->sum);
}

Test(hist, merge_equals_union, .timeout = 10)
{
	struct ct_hist *a = hist_new(), *b = hist_new(), *u = hist_new();
	uint64_t s = 42;

	/* values below 2^40: every partial sum is an exact double */
	for (int k = 0; k < 5000; k++) {
		uint64_t v = rng_value(&s) >> 24;

		ct_hist_record(k % 3 ? a : b, v);
		ct_hist_record(u, v);
	}
	ct_hist_merge(a, b);
	assert_hist_eq(a, u);
	free(a);
	free(b);
	free(u);
}

Test(hist, merge_with_empty, .timeout = 10)
{
	struct ct_hist *a = hist_new(), *e = hist_new(), *c = hist_new();

	ct_hist_record(a, 7);
	ct_hist_record(a, 70000);
	*c = *a;
	ct_hist_merge(a, e); /* empty source: min stays 7, not UINT64_MAX */
	assert_hist_eq(a, c);
	ct_hist_merge(e, a); /* empty destination becomes a copy */
	assert_hist_eq(e, c);
	free(a);
	free(e);
	free(c);
}

Test(hist, empty_percentile_zero, .timeout = 10)
{
	struct ct_hist *h = hist_new();

	cr_assert_eq(ct_hist_percentile(h, 50), 0);
	cr_assert_eq(ct_hist_percentile(h, 100), 0);
	cr_assert_eq(ct_hist_mean(h), 0.0);
	free(h);
}

Test(hist, huge_values, .timeout = 10)
{
	struct ct_hist *h = hist_new();
	const uint64_t big = UINT64_C(1) << 63;

	ct_hist_record(h, big);
	ct_hist_record(h, big + 1);
	ct_hist_record(h, UINT64_MAX);
	cr_assert_eq(h->bucket[1888], 2);
	cr_assert_eq(h->bucket[1919], 1);
	/* rank 1 and 3 are min and max exactly */
	cr_assert_eq(ct_hist_percentile(h, 1), big);
	cr_assert_eq(ct_hist_percentile(h, 100), UINT64_MAX);
	/* rank 2: bucket [2^63, 2^63 + 2^58 - 1], mid 2^63 + 2^57 - 1 */
	cr_assert_eq(ct_hist_percentile(h, 50), big + (UINT64_C(1) << 57) - 1);
	/* mean ~ (2^63 + 2^63 + 2^64) / 3 = 2^65 / 3 */
	cr_assert_float_eq(ct_hist_mean(h), 0x1p65 / 3, 0x1p65 * 1e-12);
	free(h);
}
