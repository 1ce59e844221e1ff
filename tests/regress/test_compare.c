/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * contend compare: the paired-ratio verdicts on synthetic runs, the CI
 * outputs (markdown, JSON, JUnit) of compare and regress, bad input, and
 * one small end-to-end A/A comparison of the built binary with itself.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "harness/core/stats.h"
#include "harness/regress/compare.h"
#include "tests/support.h"

/* ---- the verdict from an interval ------------------------------------------ */

Test(compare_verdict, interval_against_the_minimum_effect, .timeout = 10)
{
	/* latency: worse is a larger ratio */
	cr_expect_eq(ct_compare_verdict("uncontended_ns", 1.08, 1.30, 0.05),
		     CT_REGRESSED);
	cr_expect_eq(ct_compare_verdict("uncontended_ns", 1.03, 1.30, 0.05),
		     CT_UNRESOLVED, "interval reaches below +5%%");
	cr_expect_eq(ct_compare_verdict("uncontended_ns", 0.97, 1.04, 0.05),
		     CT_SAME);
	cr_expect_eq(ct_compare_verdict("uncontended_ns", 0.70, 0.90, 0.05),
		     CT_IMPROVED);
	cr_expect_eq(ct_compare_verdict("uncontended_ns", NAN, NAN, 0.05),
		     CT_UNRESOLVED, "no interval: cannot tell");
	/* throughput: worse is a smaller ratio */
	cr_expect_eq(ct_compare_verdict("throughput_ops", 0.70, 0.90, 0.05),
		     CT_REGRESSED);
	cr_expect_eq(ct_compare_verdict("throughput_ops", 1.10, 1.20, 0.05),
		     CT_IMPROVED);
}

Test(compare_verdict, paired_ratio_interval_is_exact_order_statistics,
     .timeout = 10)
{
	/* 10 pairs: the exact 95% interval of the median is the 2nd and
	 * 9th smallest ratio (binomial ranks, as ct_median_ci). */
	double a[10], b[10], lo, hi;
	for (int i = 0; i < 10; i++)
		a[i] = 10, b[i] = 10 * (1 + 0.01 * (i + 1)); /* 1.01 .. 1.10 */
	double med = ct_paired_ratio_ci(b, a, 10, &lo, &hi);
	cr_expect(fabs(med - 1.055) < 1e-12, "median %g", med);
	cr_expect(fabs(lo - 1.02) < 1e-12 && fabs(hi - 1.09) < 1e-12,
		  "[%g, %g]", lo, hi);
	b[3] = NAN; /* a missing pair is left out */
	med = ct_paired_ratio_ci(b, a, 10, &lo, &hi);
	cr_expect(isfinite(med) && isfinite(lo));
	ct_paired_ratio_ci(b, a, 5, &lo, &hi);
	cr_expect(isnan(lo), "below 6 pairs there is no interval");
}

/* ---- synthetic paired runs ------------------------------------------------- */

static uint64_t rng = 777;

static double jitter(void) /* in [-1, 1] */
{
	rng = rng * 6364136223846793005ull + 1442695040888963407ull;
	return (double)(rng >> 11) / (double)(1ull << 52) - 1;
}

static char dir[64];

static void make_dir(void)
{
	snprintf(dir, sizeof(dir), "/tmp/ct-compare-%d", getpid());
	cr_assert_eq(mkdir(dir, 0755), 0);
}

static void remove_dir(void)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	cr_expect_eq(system(cmd), 0);
}

/*
 * Pairs of one-repetition runs, a-NNN.jsonl and b-NNN.jsonl as compare
 * --keep leaves them: tas and mcs at one thread; drift moves both sides
 * of a pair alike (the machine), noise each side apart, and B's mcs is
 * slower by factor mcs_b.
 */
static void write_runs(unsigned pairs, double mcs_b, double noise)
{
	for (unsigned p = 0; p < pairs; p++) {
		double drift = 1 + 0.3 * jitter();
		for (int side = 0; side < 2; side++) {
			char path[128];
			snprintf(path, sizeof(path), "%s/%c-%03u.jsonl", dir,
				 'a' + side, p);
			FILE *f = fopen(path, "w");
			cr_assert_not_null(f);
			fprintf(f, "{\"record\":\"header\",\"schema\":1,"
				"\"cpu_model\":\"Test CPU\",\"topology\":\"1 "
				"package\",\"git_rev\":\"%c\"}\n", 'a' + side);
			const char *algo[] = { "tas", "mcs" };
			for (int i = 0; i < 2; i++) {
				double v = (i ? 15 : 10) * drift *
					   (1 + noise * jitter()) *
					   (side && i ? mcs_b : 1);
				fprintf(f, "{\"family\":\"lock\",\"algo\":\"%s\","
					"\"threads\":1,\"placement\":\"compact\","
					"\"wait\":\"spin\",\"rep\":0,"
					"\"lat_p50_ns\":%.6f,\"uncontended_ns\":"
					"%.6f,\"handoff_ns\":null}\n", algo[i],
					v, v * 1.5);
			}
			cr_assert_eq(fclose(f), 0);
		}
	}
}

static void load_side(struct ct_rs *rs, char side, unsigned pairs)
{
	char err[256];
	memset(rs, 0, sizeof(*rs));
	for (unsigned p = 0; p < pairs; p++) {
		char path[128];
		snprintf(path, sizeof(path), "%s/%c-%03u.jsonl", dir, side, p);
		cr_assert_eq(ct_rs_load(rs, path, err, sizeof(err)), 0, "%s", err);
	}
}

static void compare_runs(unsigned pairs, struct ct_regress *r,
			 struct ct_regress_opts *o)
{
	struct ct_rs a, b;
	char err[256];
	ct_regress_defaults(o);
	o->min_effect = -1;
	o->min_delta_ns = 0;
	load_side(&a, 'a', pairs);
	load_side(&b, 'b', pairs);
	cr_assert_eq(ct_compare_paired(&a, &b, o, r, err, sizeof(err)), 0,
		     "%s", err);
	ct_rs_free(&a);
	ct_rs_free(&b);
}

static const struct ct_regress_row *row_of(const struct ct_regress *r,
					   const char *label, const char *m)
{
	for (unsigned i = 0; i < r->nrows; i++)
		if (!strcmp(r->rows[i].label, label) &&
		    !strcmp(r->rows[i].metric, m))
			return &r->rows[i];
	cr_assert_fail("no row %s %s", label, m);
	return NULL;
}

TestSuite(compare_pairs, .init = make_dir, .fini = remove_dir);

Test(compare_pairs, drift_cancels_and_a_slowdown_is_found, .timeout = 20)
{
	struct ct_regress r;
	struct ct_regress_opts o;
	/* +20% on mcs under +-30% drift and +-2% noise: drift that would
	 * swamp unpaired medians cancels in the ratios. */
	write_runs(15, 1.20, 0.02);
	compare_runs(15, &r, &o);
	cr_expect(r.paired);
	cr_expect_eq(r.pairs, 15);
	cr_expect(strstr(r.machine, "Test CPU") != NULL, "machine: %s", r.machine);
	const struct ct_regress_row *m = row_of(&r, "mcs", "uncontended_ns");
	cr_expect_eq(m->verdict, CT_REGRESSED, "mcs: %s [%g, %g]",
		     ct_verdict_name(m->verdict), m->lo, m->hi);
	cr_expect(fabs(m->change - 0.20) < 0.03, "change %g", m->change);
	cr_expect(m->lo > 1.05 && m->lo <= m->ratio && m->ratio <= m->hi);
	const struct ct_regress_row *t = row_of(&r, "tas", "uncontended_ns");
	cr_expect_eq(t->verdict, CT_SAME, "tas: %s [%g, %g]",
		     ct_verdict_name(t->verdict), t->lo, t->hi);
	cr_expect_eq(r.count[CT_REGRESSED], 2, "lat_p50 and uncontended of mcs");
	ct_regress_free(&r);
}

Test(compare_pairs, aa_is_same_and_noise_is_unresolved, .timeout = 20)
{
	struct ct_regress r;
	struct ct_regress_opts o;
	write_runs(15, 1.0, 0.01);
	compare_runs(15, &r, &o);
	cr_expect_eq(r.count[CT_REGRESSED] + r.count[CT_IMPROVED], 0);
	cr_expect_eq(r.count[CT_SAME], r.nrows, "A/A at 1%% noise: all same");
	ct_regress_free(&r);
	/* +-20% noise per side: 15 pairs cannot place a 5% bar */
	write_runs(15, 1.0, 0.20);
	compare_runs(15, &r, &o);
	cr_expect_eq(r.count[CT_REGRESSED], 0);
	cr_expect(r.count[CT_UNRESOLVED] > 0);
	ct_regress_free(&r);
}

Test(compare_pairs, too_few_pairs_are_unresolved, .timeout = 20)
{
	struct ct_regress r;
	struct ct_regress_opts o;
	write_runs(5, 1.5, 0.01);
	compare_runs(5, &r, &o);
	cr_expect_eq(r.count[CT_UNRESOLVED], r.nrows,
		     "5 pairs: no interval, even for +50%%");
	cr_expect(strstr(r.rows[0].why, "pairs") != NULL, "%s", r.rows[0].why);
	ct_regress_free(&r);
}

/* ---- the CI outputs ------------------------------------------------------------ */

static char *slurp(FILE *f)
{
	static char buf[1 << 16];
	rewind(f);
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = 0;
	return buf;
}

Test(compare_pairs, markdown_json_and_junit, .timeout = 20)
{
	struct ct_regress r;
	struct ct_regress_opts o;
	char path[160];
	write_runs(15, 1.20, 0.02);
	compare_runs(15, &r, &o);

	FILE *f = tmpfile();
	cr_assert_eq(ct_regress_write_md(f, &r, &o), 0);
	char *md = slurp(f);
	cr_expect(strstr(md, "| verdict | configuration | metric | A | B | change "
			 "| 95% interval |") != NULL, "%s", md);
	cr_expect(strstr(md, "| **REGRESSED** | mcs | uncontended_ns |") != NULL,
		  "%s", md);
	cr_expect(strstr(md, "2 regressed") != NULL, "%s", md);
	fclose(f);

	f = tmpfile();
	cr_assert_eq(ct_regress_write_json(f, &r, &o), 0);
	cJSON *j = cJSON_Parse(slurp(f));
	fclose(f);
	cr_assert_not_null(j, "the JSON parses");
	cr_expect_str_eq(cJSON_GetObjectItem(j, "command")->valuestring, "compare");
	cr_expect_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "counts"),
					 "REGRESSED")->valueint, 2);
	cJSON *rows = cJSON_GetObjectItem(j, "rows");
	cr_expect_eq(cJSON_GetArraySize(rows), (int)r.nrows);
	cJSON *first = cJSON_GetArrayItem(rows, 0);
	double ch = cJSON_GetObjectItem(first, "change")->valuedouble;
	cr_expect(fabs(ch - r.rows[0].change) < 1e-9);
	cr_expect(cJSON_IsNumber(cJSON_GetObjectItem(first, "ci_lo")));
	cJSON_Delete(j);

	snprintf(path, sizeof(path), "%s/junit.xml", dir);
	cr_assert_eq(ct_regress_write_junit(path, "gate <test>", &r), 0);
	f = fopen(path, "r");
	cr_assert_not_null(f);
	char *x = slurp(f);
	fclose(f);
	char head[96];
	snprintf(head, sizeof(head), "tests=\"%u\" failures=\"2\"", r.nrows);
	cr_expect(strstr(x, head) != NULL, "%s", x);
	cr_expect(strstr(x, "gate &lt;test&gt;") != NULL, "escaped: %s", x);
	cr_expect(strstr(x, "<failure message=\"REGRESSED") != NULL, "%s", x);
	cr_expect_eq(access("/nonexistent-dir/j.xml", F_OK), -1);
	cr_expect_eq(ct_regress_write_junit("/nonexistent-dir/j.xml", "s", &r), -1,
		     "an unwritable path fails");
	ct_regress_free(&r);
}

Test(compare_pairs, from_kept_runs_and_exit_status, .timeout = 30)
{
	char args[256];
	write_runs(15, 1.20, 0.02);
	snprintf(args, sizeof(args), "compare --from %s --summary md", dir);
	cr_expect_eq(ct_test_contend(args), 1, "a regression exits 1:\n%s",
		     ct_test_out);
	cr_expect(strstr(ct_test_out, "| **REGRESSED** | mcs |") != NULL, "%s",
		  ct_test_out);
	snprintf(args, sizeof(args), "compare --from %s --min-effect 50%% "
		 "--format json", dir);
	cr_expect_eq(ct_test_contend(args), 0, "+20%% is not past 50%%:\n%s",
		     ct_test_out);
	cr_expect(strstr(ct_test_out, "\"command\":\"compare\"") != NULL);
	snprintf(args, sizeof(args), "compare --from %s --junit "
		 "/nonexistent-dir/j.xml", dir);
	cr_expect_eq(ct_test_contend(args), 1);
	cr_expect(strstr(ct_test_out, "/nonexistent-dir/j.xml") != NULL,
		  "the failed file is named: %s", ct_test_out);
}

/* ---- bad input, and the real thing -------------------------------------------- */

static const char *bin(void)
{
	const char *b = getenv("CT_CONTEND");
	return b ? b : "build/contend";
}

Test(compare_cli, bad_input_exits_2, .timeout = 30)
{
	char a[512];
	ct_test_expect_usage_error("compare build/contend", "two sides");
	ct_test_expect_usage_error("compare /nonexistent/contend /nonexistent/x "
				   "-- lock", "not an executable");
	snprintf(a, sizeof(a), "compare %s %s", bin(), bin());
	ct_test_expect_usage_error(a, "nothing to run");
	snprintf(a, sizeof(a), "compare %s %s -- frobnicate", bin(), bin());
	ct_test_expect_usage_error(a, "valid: matrix, lock");
	snprintf(a, sizeof(a), "compare %s %s -- lock --reps 3", bin(), bin());
	ct_test_expect_usage_error(a, "--pairs");
	snprintf(a, sizeof(a), "compare %s %s -- matrix no-such-spec", bin(), bin());
	ct_test_expect_usage_error(a, "not found");
	snprintf(a, sizeof(a), "compare --rev no-such-rev-xyz %s -- lock", bin());
	ct_test_expect_usage_error(a, "no-such-rev-xyz");
	snprintf(a, sizeof(a), "compare %s %s --summary html -- lock", bin(), bin());
	ct_test_expect_usage_error(a, "valid: md");
	snprintf(a, sizeof(a), "compare %s %s --pairs 0 -- lock", bin(), bin());
	ct_test_expect_usage_error(a, "--pairs");
	ct_test_expect_usage_error("compare --from /nonexistent-dir", "no kept runs");
	ct_test_expect_usage_error("regress a b --format xml", "valid: text, json");
}

Test(compare_cli, end_to_end_aa, .timeout = 120)
{
	char a[512];
	snprintf(a, sizeof(a), "compare %s %s --pairs 6 --quiet -- lock --algo "
		 "null --threads 1 --duration 5ms --warmup 2ms", bin(), bin());
	int rc = ct_test_contend(a);
	/* A/A: a regression is possible only by chance (a whole interval
	 * past 5%); the run itself must work and report */
	cr_expect(rc == 0 || rc == 1, "exit %d:\n%s", rc, ct_test_out);
	cr_expect(strstr(ct_test_out, "machine: cpu_model") != NULL, "%s",
		  ct_test_out);
	cr_expect(strstr(ct_test_out, "null") != NULL);
	cr_expect(strstr(ct_test_out, "of 2 comparisons, 6 pairs") != NULL,
		  "lat_p50 and uncontended of null:\n%s", ct_test_out);
	cr_expect(strstr(ct_test_out, "/contend-compare-") == NULL,
		  "no temporary path leaks into the report");
}
