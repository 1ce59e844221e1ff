/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * --counters on the command line: the value's grammar, its errors, and
 * what `contend lock --counters` puts in its records and table. Without a
 * PMU (this VM) the hardware columns must be NA with the reason, never 0;
 * the software ones are counted.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "harness/core/cc.h"
#include "harness/core/counters.h"
#include "harness/core/fingerprint.h"
#include "expt_helpers.h"
#include "support.h"

Test(counters_cli, sets_and_events_parse, .timeout = 10)
{
	unsigned m;
	char err[512];
	cr_expect_eq(ct_counters_parse("all", &m, err, sizeof(err)), 0);
	cr_expect_eq(m, CT_CTR_ALL);
	cr_expect_eq(ct_counters_parse("hw", &m, err, sizeof(err)), 0);
	cr_expect_eq(m, CT_CTR_HW);
	cr_expect_eq(ct_counters_parse("none", &m, err, sizeof(err)), 0);
	cr_expect_eq(m, 0);
	cr_expect_eq(ct_counters_parse("cycles,ctx_switches", &m, err,
				       sizeof(err)), 0);
	cr_expect_eq(m, CT_CTR_BIT(CT_CTR_CYCLES) |
				CT_CTR_BIT(CT_CTR_CTX_SWITCHES));
	cr_expect_eq(ct_counters_parse("sw,bogus", &m, err, sizeof(err)), -1);
	cr_expect(strstr(err, "'bogus'") && strstr(err, "valid: all, hw, sw"),
		  "%s", err);
	/* the events follow the four sets, in enum order */
	for (unsigned e = 0; e < CT_CTR_N; e++)
		cr_expect_str_eq(ct_counters_choices[4 + e], ct_counter_name(e));
}

/* Exit 2 before anything runs, naming the valid words; both spellings. */
Test(counters_cli, bad_value_exits_2_with_the_choices, .timeout = 30)
{
	static const char *const forms[] = { "--counters=bogus",
					     "--counters bogus" };
	for (unsigned i = 0; i < CT_ARRAY_SIZE(forms); i++) {
		cr_expect_eq(expt_run("lock --algo tas %s --format csv",
				      forms[i]), 2, "%s", expt_out);
		cr_expect(strstr(expt_out, "--counters: unknown event or set "
					   "'bogus' (valid: all, hw, sw, none, "
					   "cycles,"), "%s", expt_out);
		cr_expect_null(strstr(expt_out, "family,"), "measured: %s",
			       expt_out);
	}
}

/* A whole number or a decimal, nothing else. */
static bool numeric(const char *v)
{
	char *end;
	double x = strtod(v, &end);
	return *v && !*end && isfinite(x);
}

static void expect_hardware(const char *v, const char *col, bool pmu)
{
	if (!pmu)
		cr_expect_str_eq(v, "NA", "%s without a PMU", col);
	else if (!strcmp(col, "cycles"))
		cr_expect(numeric(v) && atof(v) > 0, "cycles '%s'", v);
}

/* The CSV that `contend ARGS` printed has every counter column: hardware
 * counted or NA with the reason, software counted. */
static void expect_counter_columns(const char *args)
{
	static const char *const hw[] = {
		"cycles", "instructions", "cache_misses", "llc_misses",
		"cycles_per_op", "cache_misses_per_op", "llc_misses_per_op",
		"ipc",
	};
	char pmu[256], v[512];
	bool have = ct_pmu_probe(pmu, sizeof(pmu));
	cr_assert_eq(expt_run("%s --counters --format csv", args), 0, "%s",
		     expt_out);
	for (unsigned i = 0; i < CT_ARRAY_SIZE(hw); i++) {
		cr_assert(ct_test_csv_field(expt_out, 0, hw[i], v, sizeof(v)),
			  "no %s column:\n%s", hw[i], expt_out);
		expect_hardware(v, hw[i], have);
	}
	cr_assert(ct_test_csv_field(expt_out, 0, "hw_counters", v, sizeof(v)));
	cr_log_info("%s: pmu: %s; hw_counters: %s", args, pmu, v);
	if (!have)
		cr_expect(!strncmp(v, "unavailable: ", 13) &&
			  strstr(v, "perf_event_paranoid="), "reason: %s", v);
	cr_assert(ct_test_csv_field(expt_out, 0, "sw_counters", v, sizeof(v)));
	cr_expect(!strncmp(v, "ok", 2), "sw_counters: %s", v);
	cr_assert(ct_test_csv_field(expt_out, 0, "ctx_switches", v, sizeof(v)));
	cr_expect(numeric(v) && atof(v) >= 0, "ctx_switches '%s'", v);
	cr_assert(ct_test_csv_field(expt_out, 0, "page_faults", v, sizeof(v)));
	cr_expect(numeric(v), "page_faults '%s'", v);
}

Test(counters_cli, lock_csv_has_counter_columns, .timeout = 60)
{
	expect_counter_columns("lock --algo tas --threads 2 --duration 30ms "
			       "--warmup 10ms --reps 1");
}

Test(counters_cli, barrier_csv_has_counter_columns, .timeout = 60)
{
	expect_counter_columns("barrier --algo mcs --threads 2 --episodes 2000 "
			       "--warmup 100 --reps 1");
}

/* One event asked for: that column only; the table shows the counters. */
Test(counters_cli, lock_counts_what_was_asked, .timeout = 60)
{
	char v[512];
	cr_assert_eq(expt_run("lock --algo null --threads 1 --duration 20ms "
			      "--warmup 0 --reps 1 --counters ctx_switches "
			      "--format csv"), 0, "%s", expt_out);
	cr_expect(ct_test_csv_field(expt_out, 0, "ctx_switches", v, sizeof(v)) &&
		  numeric(v), "ctx_switches '%s'", v);
	cr_expect(!ct_test_csv_field(expt_out, 0, "cycles", v, sizeof(v)),
		  "cycles not asked for: %s", expt_out);
	cr_expect(ct_test_csv_field(expt_out, 0, "hw_counters", v, sizeof(v)) &&
		  !strcmp(v, "not requested"), "hw_counters '%s'", v);
	cr_assert_eq(expt_run("lock --algo null --threads 1 --duration 20ms "
			      "--warmup 0 --reps 1 --counters=sw"), 0, "%s",
		     expt_out);
	cr_expect(strstr(expt_out, "# sw_counters") &&
		  strstr(expt_out, "cyc/op") && strstr(expt_out, "ctxsw"),
		  "table:\n%s", expt_out);
}
