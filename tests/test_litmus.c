/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * `contend litmus`: the fenced and seq_cst variants must never show the
 * outcome their C11 code forbids; on x86 the unfenced ones must show what
 * they are named for within a bounded number of trials (see expect_seen).
 * Every run's outcome histogram must account for every trial.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "harness/core/timing.h"
#include "harness/expt/litmus.h"
#include "expt_helpers.h"
#include "helpers.h"

static struct ct_lt_result run(enum ct_lt_test t, const char *variant,
			       uint64_t trials)
{
	struct ct_lt_cfg c;
	struct ct_lt_result res;
	int cpus[2], numa[2];
	char err[256];
	const struct ct_lt_variant *v = ct_lt_find(t, variant);
	cr_assert_not_null(v, "no variant %s", variant);
	ct_lt_defaults(&c);
	c.trials = ct_test_scaled(trials);
	expt_cpus(2, cpus, numa);
	cr_assert_eq(ct_lt_run_variant(&c, v, cpus, numa, &res, err,
				       sizeof(err)), 0, "%s", err);
	uint64_t sum = 0;
	for (unsigned i = 0; i < 4; i++)
		sum += res.outcome[i];
	/* peterson counts entries, two per tallied round */
	cr_expect_eq(t == CT_LT_PETERSON ? 2 * sum : sum, res.trials,
		     "%s %s: outcomes cover %llu of %llu", ct_lt_test_names[t],
		     variant, (unsigned long long)sum,
		     (unsigned long long)res.trials);
	cr_log_info("%s %-10s %8llu trials: %s %llu (%.1f per million), "
		    "%.0f ns/trial", ct_lt_test_names[t], variant,
		    (unsigned long long)res.trials, v->weak,
		    (unsigned long long)res.weak,
		    1e6 * (double)res.weak / (double)res.trials,
		    res.ns_per_trial);
	return res;
}

Test(litmus, sb_fence_and_seq_cst_forbid_both_zero, .timeout = 60)
{
	cr_expect_eq(run(CT_LT_SB, "fence", 50000).weak, 0,
		     "r1=r2=0 despite a seq_cst fence");
	cr_expect_eq(run(CT_LT_SB, "seq-cst", 50000).weak, 0,
		     "r1=r2=0 with seq_cst accesses");
}

/*
 * What an unfenced test is named for must be seen: on x86 the store buffer
 * lets SB end with r1 = r2 = 0, and lets both Peterson threads in (issue
 * 13, defect 10: these tests used to assert nothing that could fail).
 * Batches run until the outcome shows, up to a bound; not seen by then is
 * a failure, unless the machine is busier than its CPUs (the two threads
 * then rarely overlap: skipped, saying so). Elsewhere the allowed outcome
 * depends on the architecture: skipped with the reason.
 */
static void expect_seen(enum ct_lt_test t, const char *variant,
			const char *what)
{
#if !defined(__x86_64__) && !defined(__i386__)
	cr_skip_test("%s: whether it shows depends on the architecture; "
		     "asserted on x86 only", what);
#endif
	uint64_t trials = 0, seen = 0;
	for (unsigned batch = 0; batch < 20 && !seen; batch++) {
		struct ct_lt_result r = run(t, variant, 20000);
		trials += r.trials;
		seen += r.weak + (t == CT_LT_PETERSON ? r.aux : 0);
	}
	if (seen)
		return;
	double load = ct_load_average();
	if (load > (double)sysconf(_SC_NPROCESSORS_ONLN))
		cr_skip_test("%s: not seen in %llu trials with load average "
			     "%.1f: the threads rarely overlap", what,
			     (unsigned long long)trials, load);
	cr_assert_fail("%s: not seen in %llu trials on x86", what,
		       (unsigned long long)trials);
}

Test(litmus, sb_relaxed_shows_both_zero_on_x86, .timeout = 120)
{
	expect_seen(CT_LT_SB, "relaxed", "SB relaxed r1=r2=0");
}

Test(litmus, sb_acq_rel_shows_both_zero_on_x86, .timeout = 120)
{
	/* acquire/release do not order a store before a later load */
	expect_seen(CT_LT_SB, "acq-rel", "SB acq-rel r1=r2=0");
}

Test(litmus, peterson_with_fence_excludes, .timeout = 60)
{
	struct ct_lt_result f = run(CT_LT_PETERSON, "fence", 50000);
	cr_expect_eq(f.weak, 0, "%llu entries found the other inside",
		     (unsigned long long)f.weak);
	cr_expect_eq(f.aux, 0, "%llu lost updates", (unsigned long long)f.aux);
	struct ct_lt_result s = run(CT_LT_PETERSON, "seq-cst", 50000);
	cr_expect_eq(s.weak + s.aux, 0);
	cr_expect(f.solo_ns > 0 && f.solo_base_ns > 0,
		  "solo cost %g / %g", f.solo_ns, f.solo_base_ns);
	cr_log_info("peterson: entry alone %.1f ns with the fence, %.1f ns "
		    "without", f.solo_ns, f.solo_base_ns);
}

Test(litmus, peterson_without_fence_fails_exclusion_on_x86, .timeout = 120)
{
	expect_seen(CT_LT_PETERSON, "nofence",
		    "Peterson without the fence: both inside or a lost update");
}

Test(litmus, milk_correct_solutions_buy_exactly_once, .timeout = 60)
{
	static const char *const exact[] = { "sol3-fence", "lock" };
	for (unsigned i = 0; i < CT_ARRAY_SIZE(exact); i++) {
		struct ct_lt_result r = run(CT_LT_MILK, exact[i], 20000);
		cr_expect_eq(r.outcome[1] + r.outcome[2], r.trials,
			     "%s: no milk %llu, too much %llu days", exact[i],
			     (unsigned long long)r.outcome[0],
			     (unsigned long long)r.outcome[3]);
	}
	cr_expect_eq(run(CT_LT_MILK, "sol2-fence", 20000).outcome[3], 0,
		     "too much milk despite the fence");
}

Test(litmus, milk_broken_solutions_are_reported, .timeout = 60)
{
	static const char *const broken[] = { "sol1", "sol2", "sol3" };
	for (unsigned i = 0; i < CT_ARRAY_SIZE(broken); i++) {
		struct ct_lt_result r = run(CT_LT_MILK, broken[i], 20000);
		/* nobody-bought is impossible for sol1 and sol3 */
		if (strcmp(broken[i], "sol2"))
			cr_expect_eq(r.outcome[0], 0, "%s: no milk", broken[i]);
	}
}

Test(litmus, cli_bad_input_exits_2, .timeout = 30)
{
	cr_expect_eq(expt_run("litmus nosuch"), 2);
	cr_expect(strstr(expt_out, "valid: sb, peterson, milk"), "%s", expt_out);
	cr_expect_eq(expt_run("litmus sb --variant nofence"), 2);
	cr_expect(strstr(expt_out, "relaxed, acq-rel, fence, seq-cst"), "%s",
		  expt_out);
	cr_expect_eq(expt_run("litmus --trials 0"), 2);
	cr_expect_eq(expt_run("litmus milk --lock null"), 2);
	cr_expect_eq(expt_run("litmus sb --placement cpus:4095"), 2);
}

Test(litmus, cli_csv_and_verdicts, .timeout = 60)
{
	cr_assert_eq(expt_run("litmus sb,peterson --variant fence,seq-cst "
			      "--trials 20k --format csv --quiet"), 0, "%s",
		     expt_out);
	char *nl = strchr(expt_out, '\n');
	cr_assert_not_null(nl);
	*nl = 0;
	static const char *const cols[] = { "family", "test", "variant",
		"trials", "weak_outcome", "weak", "weak_per_million", "expect",
		"verdict", "ns_per_trial", "fence_cost_ns" };
	for (unsigned i = 0; i < CT_ARRAY_SIZE(cols); i++)
		cr_expect(strstr(expt_out, cols[i]), "column %s missing: %s",
			  cols[i], expt_out);
	unsigned rows = 0;
	for (char *p = nl + 1; (p = strchr(p, '\n')); p++)
		rows++;
	cr_expect_eq(rows, 4, "sb and peterson x fence, seq-cst");
	cr_expect_null(strstr(nl + 1, "VIOLATED"), "%s", nl + 1);
}

Test(litmus, cli_jsonl_records, .timeout = 60)
{
	char path[] = "/tmp/contend-lt-XXXXXX";
	int fd = mkstemp(path);
	cr_assert(fd >= 0);
	close(fd);
	cr_assert_eq(expt_run("litmus milk --variant sol1,lock --trials 5k "
			      "--counters --quiet --out %s", path),
		     0, "%s", expt_out);
	cr_expect(strstr(expt_out, "too much") && strstr(expt_out, "sol1"),
		  "table:\n%s", expt_out);
	FILE *f = fopen(path, "r");
	char line[16384];
	cr_assert(fgets(line, sizeof(line), f));
	cr_expect(strstr(line, "\"record\":\"header\""), "%s", line);
	unsigned n = 0;
	while (fgets(line, sizeof(line), f)) {
		n++;
		cr_expect(strstr(line, "\"family\":\"litmus\"") &&
			  strstr(line, "\"test\":\"milk\"") &&
			  strstr(line, "\"hw_counters\":"), "%s", line);
	}
	cr_expect_eq(n, 2);
	fclose(f);
	unlink(path);
}
