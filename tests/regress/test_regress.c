/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The regression gate's statistics and decisions on small synthetic
 * result files: Mann-Whitney U against reference values, what counts as
 * a regression, an improvement or noise, normalization across machines,
 * and the export's aggregation.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness/results/export.h"
#include "harness/core/mwu.h"
#include "harness/regress/regress.h"
#include "tests/support.h"

/* ---- Mann-Whitney U ------------------------------------------------------ */

Test(mwu, exact_matches_r)
{
	/* R: wilcox.test(x, y) -> W = 35, p-value = 0.2544 (exact) */
	double x[] = { 0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46 };
	double y[] = { 1.15, 0.88, 0.90, 0.74, 1.21 };
	struct ct_mwu r;
	ct_mwu(x, 10, y, 5, &r);
	cr_expect_eq(r.u, 35);
	cr_expect(r.exact);
	cr_expect(fabs(r.p - 0.2544122544) < 1e-9, "p = %g", r.p);
}

Test(mwu, separation_ties_and_equality)
{
	double a[] = { 1, 2, 3, 4, 5 }, b[] = { 6, 7, 8, 9, 10 };
	double c[] = { 1, 1, 1, 2, 2 }, d[] = { 2, 2, 3, 3, 3 };
	double e[] = { 4, 4, 4, 4, 4 };
	struct ct_mwu r;
	ct_mwu(a, 5, b, 5, &r);
	cr_expect(fabs(r.p - 2.0 / 252) < 1e-12, "complete separation: %g", r.p);
	ct_mwu(c, 5, d, 5, &r); /* exact with ties: 12 of 252 subsets */
	cr_expect(fabs(r.p - 12.0 / 252) < 1e-12, "ties: %g", r.p);
	ct_mwu(e, 5, e, 5, &r);
	cr_expect_eq(r.p, 1);
	ct_mwu(a, 0, b, 5, &r);
	cr_expect_eq(r.p, 1);
}

Test(mwu, normal_approximation_for_large_samples)
{
	double a[120], b[120];
	for (int i = 0; i < 120; i++)
		a[i] = i, b[i] = i + 60; /* shifted by half the range */
	struct ct_mwu r;
	ct_mwu(a, 120, b, 120, &r);
	cr_expect(!r.exact);
	cr_expect(r.p < 1e-10, "p = %g", r.p);
	ct_mwu(a, 120, a, 120, &r);
	cr_expect(r.p > 0.9, "p = %g", r.p);
}

Test(mwu, smallest_reachable_p)
{
	cr_expect(fabs(ct_mwu_min_p(5, 5) - 2.0 / 252) < 1e-12);
	cr_expect(fabs(ct_mwu_min_p(2, 2) - 1.0 / 3) < 1e-12);
	cr_expect(ct_mwu_min_p(21, 7) < 1e-5);
	cr_expect_eq(ct_mwu_min_p(0, 5), 1);
}

/* ---- synthetic result sets -------------------------------------------------- */

struct cfg {
	const char *algo;
	unsigned threads;
	double p50;    /* center of lat_p50_ns */
	double spread; /* relative half-width of the jitter */
};

static uint64_t rng = 12345;

/* Deterministic jitter in [-1, 1]. */
static double jitter(void)
{
	rng = rng * 6364136223846793005ull + 1442695040888963407ull;
	return (double)(rng >> 11) / (double)(1ull << 52) - 1;
}

static void write_set(const char *path, const char *cpu, double c2c,
		      const struct cfg *c, unsigned nc, unsigned reps)
{
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f);
	fprintf(f, "{\"record\":\"header\",\"schema\":1,\"cpu_model\":\"%s\","
		"\"topology\":\"1 package\",\"git_rev\":\"test\",\"c2c_ns\":%g}\n",
		cpu, c2c);
	for (unsigned r = 0; r < reps; r++)
		for (unsigned i = 0; i < nc; i++)
			fprintf(f, "{\"family\":\"lock\",\"algo\":\"%s\","
				"\"threads\":%u,\"placement\":\"compact\","
				"\"wait\":\"%s\",\"rep\":%u,\"lat_p50_ns\":%.6f,"
				"\"uncontended_ns\":null,\"c2c_ns\":%g,"
				"\"throughput_ops\":%g}\n",
				c[i].algo, c[i].threads,
				strcmp(c[i].algo, "null") ? "spin" : "native", r,
				c[i].p50 * (1 + c[i].spread * jitter()), c2c,
				1e9 / c[i].p50);
	fclose(f);
}

static char base_path[64], cur_path[64];

static void make_paths(void)
{
	snprintf(base_path, sizeof(base_path), "/tmp/ct-regress-b-%d", getpid());
	snprintf(cur_path, sizeof(cur_path), "/tmp/ct-regress-c-%d", getpid());
}

static void cleanup(void)
{
	unlink(base_path);
	unlink(cur_path);
}

/* Compare the two files with o (defaults if NULL). */
static void compare(struct ct_regress *r, struct ct_regress_opts *o)
{
	struct ct_regress_opts d;
	struct ct_rs b, c;
	char err[512];
	if (!o) {
		ct_regress_defaults(&d);
		o = &d;
	}
	memset(&b, 0, sizeof(b));
	memset(&c, 0, sizeof(c));
	cr_assert_eq(ct_rs_load(&b, base_path, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(ct_rs_load(&c, cur_path, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(ct_regress_compare(&b, &c, o, r, err, sizeof(err)), 0,
		     "%s", err);
	ct_rs_free(&b);
	ct_rs_free(&c);
}

/* Defaults, but lat_p50_ns at every thread count. */
static struct ct_regress_opts *all_threads(struct ct_regress_opts *o)
{
	char err[256];
	ct_regress_defaults(o);
	cr_assert_eq(ct_regress_metrics(o, "lat_p50_ns", err, sizeof(err)), 0);
	return o;
}

static const struct ct_regress_row *find(const struct ct_regress *r,
					 const char *label, const char *m)
{
	for (unsigned i = 0; i < r->nrows; i++)
		if (strstr(r->rows[i].label, label) &&
		    !strcmp(r->rows[i].metric, m))
			return &r->rows[i];
	return NULL;
}

static const struct cfg base_cfg[] = {
	{ "null", 1, 2.6, 0.01 }, { "tas", 1, 10, 0.02 },
	{ "mcs", 1, 15, 0.02 },   { "mcs", 2, 300, 0.05 },
};

TestSuite(gate, .init = make_paths, .fini = cleanup);

Test(gate, aa_comparison_is_all_noise)
{
	struct ct_regress r;
	for (unsigned trial = 0; trial < 5; trial++) {
		write_set(base_path, "cpu", 100, base_cfg, 4, 21);
		write_set(cur_path, "cpu", 100, base_cfg, 4, 7);
		compare(&r, NULL);
		cr_expect_eq(r.count[CT_REGRESSED] + r.count[CT_IMPROVED], 0,
			     "trial %u: %u regressed, %u improved", trial,
			     r.count[CT_REGRESSED], r.count[CT_IMPROVED]);
		cr_expect(!r.normalized);
		ct_regress_free(&r);
	}
}

Test(gate, slowdown_is_caught)
{
	struct cfg cur[4];
	memcpy(cur, base_cfg, sizeof(cur));
	cur[1].p50 = 13; /* tas +30% */
	write_set(base_path, "cpu", 100, base_cfg, 4, 21);
	write_set(cur_path, "cpu", 100, cur, 4, 7);
	struct ct_regress r;
	compare(&r, NULL);
	const struct ct_regress_row *x = find(&r, "tas", "lat_p50_ns");
	cr_assert_not_null(x);
	cr_expect_eq(x->verdict, CT_REGRESSED, "p %g change %g needed %g",
		     x->p, x->change, x->needed);
	cr_expect(x->p < 1e-4 && x->change > 0.25);
	cr_expect_eq(r.count[CT_REGRESSED], 1);
	cr_expect_eq(r.rows[0].verdict, CT_REGRESSED, "regressions come first");
	ct_regress_free(&r);
}

Test(gate, improvement_is_reported_not_failed)
{
	struct cfg cur[4];
	memcpy(cur, base_cfg, sizeof(cur));
	cur[3].p50 = 150; /* mcs at 2 threads twice as fast */
	write_set(base_path, "cpu", 100, base_cfg, 4, 21);
	write_set(cur_path, "cpu", 100, cur, 4, 7);
	struct ct_regress r;
	struct ct_regress_opts o;
	compare(&r, all_threads(&o));
	cr_expect_eq(r.count[CT_REGRESSED], 0);
	cr_expect_eq(r.count[CT_IMPROVED], 1);
	ct_regress_free(&r);
}

Test(gate, significant_but_small_is_noise)
{
	struct cfg base[4], cur[4];
	memcpy(base, base_cfg, sizeof(base));
	base[3].spread = 0.001;
	memcpy(cur, base, sizeof(cur));
	cur[3].p50 = 300 * 1.05; /* mcs +5%: real, below the 10% minimum */
	write_set(base_path, "cpu", 100, base, 4, 21);
	write_set(cur_path, "cpu", 100, cur, 4, 7);
	struct ct_regress r;
	struct ct_regress_opts o;
	compare(&r, all_threads(&o));
	const struct ct_regress_row *x = find(&r, "mcs threads=2", "lat_p50_ns");
	cr_assert_not_null(x);
	cr_expect(x->p < 0.01, "p %g", x->p);
	cr_expect_eq(x->verdict, CT_NOISE);
	cr_expect_str_eq(x->why, "below needed effect");
	ct_regress_free(&r);
}

Test(gate, noisy_baseline_raises_the_bar)
{
	struct cfg base[4], cur[4];
	memcpy(base, base_cfg, sizeof(base));
	base[3].spread = 0.6; /* mcs at 2 threads: IQR ~60% of the median */
	memcpy(cur, base, sizeof(cur));
	cur[3].p50 = 390;     /* +30%, tight */
	cur[3].spread = 0.01;
	write_set(base_path, "cpu", 100, base, 4, 21);
	write_set(cur_path, "cpu", 100, cur, 4, 7);
	struct ct_regress r;
	struct ct_regress_opts o;
	compare(&r, all_threads(&o));
	const struct ct_regress_row *x = find(&r, "mcs threads=2", "lat_p50_ns");
	cr_assert_not_null(x);
	cr_expect(x->needed > 0.3, "needed %g", x->needed);
	cr_expect_eq(x->verdict, CT_NOISE, "why %s", x->why);
	ct_regress_free(&r);
}

Test(gate, nanosecond_floor)
{
	struct cfg base[] = { { "tas", 1, 1.0, 0.01 } }, cur[] = { { "tas", 1, 1.5, 0.01 } };
	write_set(base_path, "cpu", 100, base, 1, 21);
	write_set(cur_path, "cpu", 100, cur, 1, 7);
	struct ct_regress r;
	compare(&r, NULL);
	cr_expect_eq(r.count[CT_REGRESSED], 0, "+0.5 ns is below the 2 ns floor");
	cr_expect_str_eq(r.rows[0].why, "below min delta");
	ct_regress_free(&r);
}

Test(gate, other_hardware_is_normalized_and_flagged)
{
	/* B's c2c is twice A's and so is tas's cost above the null lock:
	 * (20 - 5) / 100 == (35 - 5) / 200. */
	struct cfg a[] = { { "null", 1, 5, 0.01 }, { "tas", 1, 20, 0.01 } };
	struct cfg b[] = { { "null", 1, 5, 0.01 }, { "tas", 1, 35, 0.01 } };
	write_set(base_path, "cpu A", 100, a, 2, 21);
	write_set(cur_path, "cpu B", 200, b, 2, 7);
	struct ct_regress r;
	struct ct_regress_opts o;
	compare(&r, NULL);
	cr_expect(r.normalized);
	cr_expect_eq(r.min_effect, 0.25, "a larger effect across machines");
	cr_expect(strstr(r.machine_diff, "cpu_model"), "%s", r.machine_diff);
	cr_expect_eq(r.count[CT_REGRESSED], 0);
	const struct ct_regress_row *x = find(&r, "tas", "lat_p50_ns");
	cr_assert_not_null(x);
	cr_expect(fabs(x->base - 0.15) < 0.01 && fabs(x->cur - 0.15) < 0.01,
		  "normalized %g vs %g", x->base, x->cur);
	cr_expect_null(find(&r, "null", "lat_p50_ns"), "null is the reference");
	ct_regress_free(&r);
	ct_regress_defaults(&o);
	o.norm = CT_NORM_NONE; /* raw: +75% */
	compare(&r, &o);
	cr_expect_eq(r.count[CT_REGRESSED], 1);
	ct_regress_free(&r);
}

Test(gate, missing_configuration_and_few_reps)
{
	write_set(base_path, "cpu", 100, base_cfg, 4, 2);
	write_set(cur_path, "cpu", 100, base_cfg, 3, 2);
	struct ct_regress r;
	compare(&r, NULL);
	cr_expect_eq(r.missing, 1);
	cr_expect(strstr(r.missing_list, "mcs threads=2"), "%s", r.missing_list);
	cr_expect(r.min_p >= 0.01, "2 vs 2 reps cannot reach alpha");
	ct_regress_free(&r);
}

Test(gate, holm_adjustment)
{
	struct cfg cur[4];
	memcpy(cur, base_cfg, sizeof(cur));
	cur[1].p50 = 13;
	write_set(base_path, "cpu", 100, base_cfg, 4, 10);
	write_set(cur_path, "cpu", 100, cur, 4, 3);
	struct ct_regress r, h;
	struct ct_regress_opts o;
	compare(&r, NULL);
	ct_regress_defaults(&o);
	o.holm = true;
	compare(&h, &o);
	const struct ct_regress_row *x = find(&r, "tas", "lat_p50_ns"),
				    *y = find(&h, "tas", "lat_p50_ns");
	cr_assert(x && y);
	cr_expect(y->p > x->p, "Holm raises p: %g -> %g", x->p, y->p);
	cr_expect_eq(x->verdict, CT_REGRESSED);
	cr_expect_eq(y->verdict, CT_NOISE, "10 vs 3 reps over 4 tests");
	ct_regress_free(&r);
	ct_regress_free(&h);
}

/* ---- reading results back ------------------------------------------------------ */

Test(gate, export_aggregates_median_and_quartiles)
{
	FILE *f = fopen(base_path, "w");
	cr_assert_not_null(f);
	fputs("{\"record\":\"header\",\"c2c_ns\":100}\n", f);
	for (int i = 1; i <= 5; i++) {
		fprintf(f, "{\"family\":\"lock\",\"algo\":\"tas\",\"threads\":1,"
			"\"wait\":\"spin\",\"rep\":%d,\"throughput_ops\":%d,"
			"\"lat_p50_ns\":null}\n", i, 10 * i);
		fprintf(f, "{\"family\":\"lock\",\"algo\":\"tas\",\"threads\":2,"
			"\"wait\":\"spin\",\"rep\":%d,\"throughput_ops\":%d}\n", i,
			5 * i);
	}
	fputs("{\"family\":\"lock\",\"algo\":\"ta", f); /* cut short */
	fclose(f);
	struct ct_rs rs;
	struct ct_table t;
	char err[256];
	memset(&rs, 0, sizeof(rs));
	cr_assert_eq(ct_rs_load(&rs, base_path, err, sizeof(err)), 0);
	cr_expect(rs.partial);
	cr_expect_eq(rs.nrows, 10);
	cr_expect_eq(rs.runs[0].c2c_ref, 100);
	ct_aggregate(&rs, ct_family_find("lock"), &t);
	cr_assert_eq(t.n, 2);
	cr_expect_eq(ct_rec_num_of(&t.row[0], "threads"), 1);
	cr_expect_eq(ct_rec_num_of(&t.row[0], "throughput_ops"), 30);
	cr_expect_eq(ct_rec_num_of(&t.row[0], "throughput_ops_p25"), 20);
	cr_expect_eq(ct_rec_num_of(&t.row[0], "throughput_ops_p75"), 40);
	cr_expect_eq(ct_rec_num_of(&t.row[0], "n"), 5);
	cr_expect(isnan(ct_rec_num_of(&t.row[0], "lat_p50_ns")), "NA stays NA");
	cr_expect_eq(ct_rec_num_of(&t.row[1], "throughput_ops_ideal"), 60,
		     "ideal: 30 at one thread, doubled");
	cr_expect_str_eq(t.series[0], "tas");
	ct_table_free(&t);
	ct_rs_free(&rs);
}

Test(gate, metric_selection)
{
	struct ct_regress_opts o;
	struct ct_regress r;
	char err[512];
	ct_regress_defaults(&o);
	cr_assert_eq(o.nmetrics, 3);
	cr_expect_str_eq(o.metrics[0].field, "threads");
	cr_expect_eq(ct_regress_metrics(&o, "lat_p99_ns@threads=2,jain", err,
					sizeof(err)), 0, "%s", err);
	cr_expect_eq(ct_regress_metrics(&o, "nosuch", err, sizeof(err)), -1);
	cr_expect(strstr(err, "valid: throughput_ops"), "%s", err);
	cr_expect_eq(ct_regress_metrics(&o, "jain@thread=2", err, sizeof(err)),
		     -1);
	cr_expect(strstr(err, "valid: algo, threads"), "%s", err);
	/* the default compares lat_p50_ns at one thread only */
	struct cfg cur[4];
	memcpy(cur, base_cfg, sizeof(cur));
	cur[3].p50 = 3000; /* mcs at 2 threads, ten times slower */
	write_set(base_path, "cpu", 100, base_cfg, 4, 21);
	write_set(cur_path, "cpu", 100, cur, 4, 7);
	compare(&r, NULL);
	cr_expect_null(find(&r, "mcs threads=2", "lat_p50_ns"));
	cr_expect_not_null(find(&r, "mcs threads=1", "lat_p50_ns"));
	cr_expect_eq(r.count[CT_REGRESSED], 0);
	ct_regress_free(&r);
}

Test(gate, confirmation_drops_what_does_not_repeat)
{
	struct cfg cur[4];
	struct ct_regress r, again;
	memcpy(cur, base_cfg, sizeof(cur));
	cur[1].p50 = 13; /* tas +30% */
	write_set(base_path, "cpu", 100, base_cfg, 4, 21);
	write_set(cur_path, "cpu", 100, cur, 4, 7);
	compare(&r, NULL);
	write_set(cur_path, "cpu", 100, base_cfg, 4, 7); /* a clean rerun */
	compare(&again, NULL);
	cr_expect_eq(ct_regress_confirm(&r, &again), 0);
	cr_expect_eq(r.count[CT_REGRESSED], 0);
	cr_expect_eq(r.unconfirmed, 1);
	const struct ct_regress_row *x = find(&r, "tas", "lat_p50_ns");
	cr_assert_not_null(x);
	cr_expect(strstr(x->why, "not confirmed"), "%s", x->why);
	ct_regress_free(&r);
	ct_regress_free(&again);

	write_set(cur_path, "cpu", 100, cur, 4, 7);
	compare(&r, NULL);
	compare(&again, NULL); /* the slowdown again */
	cr_expect_eq(ct_regress_confirm(&r, &again), 1);
	cr_expect_eq(r.count[CT_REGRESSED], 1);
	ct_regress_free(&r);
	ct_regress_free(&again);
}

/* A directory of baselines, one per hardware class: the one recorded on
 * the current hardware is compared as measured, and a regression counts;
 * against other hardware it is reported but advisory (exit 0) unless
 * --across-hardware gate. */
Test(gate, baseline_directory_picks_this_hardware)
{
	char dir[] = "/tmp/ct-regress-dir-XXXXXX", a[96], b[96], args[512];
	cr_assert_not_null(mkdtemp(dir));
	snprintf(a, sizeof(a), "%s/a-cpu.jsonl", dir);
	snprintf(b, sizeof(b), "%s/b-cpu.jsonl", dir);
	struct cfg slow[4];
	memcpy(slow, base_cfg, sizeof(slow));
	slow[1].p50 = 20; /* tas: twice as slow */
	write_set(a, "cpu A", 100, base_cfg, 4, 21);
	write_set(b, "cpu B", 100, base_cfg, 4, 21);

	write_set(cur_path, "cpu B", 100, slow, 4, 7);
	snprintf(args, sizeof(args), "regress %s %s --brief", dir, cur_path);
	cr_expect_eq(ct_test_contend(args), 1, "%s", ct_test_out);
	cr_expect_not_null(strstr(ct_test_out, "b-cpu.jsonl"), "%s", ct_test_out);
	cr_expect_not_null(strstr(ct_test_out, "REGRESSED"), "%s", ct_test_out);

	write_set(cur_path, "cpu C", 100, slow, 4, 7);
	cr_expect_eq(ct_test_contend(args), 0, "%s", ct_test_out);
	cr_expect_not_null(strstr(ct_test_out, "a-cpu.jsonl"), "%s", ct_test_out);
	cr_expect_not_null(strstr(ct_test_out, "recorded on this hardware"),
			   "%s", ct_test_out);
	cr_expect_not_null(strstr(ct_test_out, "advisory"), "%s", ct_test_out);
	snprintf(args, sizeof(args), "regress %s %s --across-hardware gate",
		 dir, cur_path);
	cr_expect_eq(ct_test_contend(args), 1, "%s", ct_test_out);

	unlink(a), unlink(b), rmdir(dir);
	snprintf(args, sizeof(args), "regress /tmp %s --across-hardware maybe",
		 cur_path);
	ct_test_expect_usage_error(args, "advisory, gate");
}
