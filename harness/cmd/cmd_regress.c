/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * `contend regress BASE CURRENT`: the lock-latency regression gate.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "harness/core/cli.h"
#include "harness/core/opt.h"
#include "harness/families/common.h"
#include "harness/regress/regress.h"
#include "harness/results/results_io.h"
#include "reportopts.h"
#include "commands.h"

static const char *const norms[] = { "auto", "none", "c2c", NULL };
static const char *const across[] = { "advisory", "gate", NULL };

enum { RG_ALPHA = CT_RO_NEXT, RG_NOISE_K, RG_NORM, RG_HOLM, RG_CONFIRM,
       RG_ACROSS, RG_HELP };

/* --alpha's bounds: a p-value, not a whole number (min/max are). */
#define ALPHA_MIN 1e-12
#define ALPHA_MAX 0.5

static const struct ct_opt regress_opts[] = {
	CT_ROWS_REPORT("the least change that counts (default 10%; 25% "
		       "when normalized)",
		       "the least change in ns that counts (default 2ns)",
		       "the records' family (default lock)"),
	[RG_ALPHA] = { .name = "alpha", .kind = CT_K_TEXT, .meta = "P",
		       .flags = CT_OPT_BENCH,
		       .help = "the Mann-Whitney U test's level (default "
			       "0.01)" },
	[RG_NOISE_K] = { .name = "noise-k", .kind = CT_K_TEXT, .min = 0,
			 .max = 100, .meta = "K", .flags = CT_OPT_BENCH,
			 .help = "a change must exceed K x BASE's IQR/median "
				 "(default 2)" },
	[RG_NORM] = { .name = "normalize", .kind = CT_K_CHOICE,
		      .choices = norms, .flags = CT_OPT_BENCH,
		      .help = "latencies as (x - null lock) / c2c (default "
			      "auto: when the hardware differs)" },
	[RG_HOLM] = { .name = "holm", .kind = CT_K_FLAG, .flags = CT_OPT_BENCH,
		      .help = "Holm-Bonferroni correction over the tests" },
	[RG_CONFIRM] = { .name = "confirm", .kind = CT_K_TEXT,
			 .meta = "CURRENT2", .flags = CT_OPT_BENCH,
			 .help = "keep only the changes a second current run "
				 "shows too" },
	[RG_ACROSS] = { .name = "across-hardware", .kind = CT_K_CHOICE,
			.choices = across, .flags = CT_OPT_BENCH,
			.help = "a regression on other hardware: exit 0 "
				"(default) or fail" },
	[RG_HELP] = CT_ROW_HELP,
	CT_OPT_END,
};

static const char regress_prose[] =
	"Compare two result files (JSON Lines; BASE may hold several runs)\n"
	"configuration by configuration. A change counts when the Mann-Whitney\n"
	"U test over repetitions gives p < alpha and the medians differ by at\n"
	"least max(min-effect, noise-k x BASE's IQR/median) and min-delta.\n"
	"auto normalizes latencies ((x - null lock) / c2c) when the hardware\n"
	"fingerprints differ; min-effect is then 25% unless given (else 10%).\n"
	"BASE may be a directory of baselines, one per hardware class: the one\n"
	"recorded on CURRENT's hardware is used. Across different hardware a\n"
	"regression is reported but advisory (exit 0) unless --across-hardware\n"
	"gate.\n"
	"Exit 0: no regression, 1: regression, 2: bad input.\n"
	"Default metrics: lat_p50_ns@threads=1, handoff_ns, uncontended_ns\n"
	"(M@FIELD=V compares M only where the configuration has FIELD=V).\n"
	"The change column is (current - base) / base of the medians.\n";

/* A number from lo to hi for row o; exit 2 otherwise. */
static double parse_number(const struct ct_opt *o, const char *s, double lo,
			   double hi)
{
	char *end;
	double v = strtod(s, &end);
	if (end == s || *end || !(v >= lo && v <= hi))
		ct_usage_error("--%s: invalid value '%s' (expected a number from "
			       "%g to %g)", o->name, s, lo, hi);
	return v;
}

struct regress_args {
	struct ct_ro report;
	bool gate_across; /* --across-hardware gate */
	const char *confirm;
};

static void parse_args(int argc, char **argv, struct ct_regress_opts *o,
		       char **pos, struct regress_args *a)
{
	const struct ct_opt *t = regress_opts;
	unsigned np = ct_opt_positionals(&argc, argv, t, CT_OPT_BENCH, pos, 2);
	int i;
	optind = 1;
	while ((i = ct_opt_getopt(argc, argv, t, CT_OPT_BENCH, 0)) != -1) {
		const struct ct_opt *r = &t[i];
		if (ct_ro_option(t, i, optarg, o, &a->report))
			continue;
		switch (i) {
		case RG_ALPHA:
			o->alpha = parse_number(r, optarg, ALPHA_MIN, ALPHA_MAX);
			break;
		case RG_NOISE_K:
			o->noise_k = parse_number(r, optarg, (double)r->min,
						  (double)r->max);
			break;
		case RG_NORM: o->norm = (enum ct_norm)ct_opt_choice(r, optarg); break;
		case RG_HOLM: o->holm = true; break;
		case RG_CONFIRM: a->confirm = optarg; break;
		case RG_ACROSS: a->gate_across = ct_opt_choice(r, optarg); break;
		case RG_HELP:
			ct_opt_help(stdout, "contend regress BASE CURRENT", NULL,
				    t, CT_OPT_BENCH, 0, regress_prose);
			exit(0);
		}
	}
	if (np != 2)
		ct_usage_error("regress: expected BASE and CURRENT result files "
			       "(got %u)", np);
	ct_ro_metrics(o, &a->report);
}

static FILE *info = NULL; /* notes beside the report (ct_ro_info) */

static void describe(const char *what, const char *path,
		     const struct ct_rs *rs)
{
	const char *rev = ct_rs_str(rs->runs[0].header, "git_rev");
	fprintf(info, "%-8s %s: %u run%s, %zu records, git %s\n", what, path, rs->nruns,
	       rs->nruns == 1 ? "" : "s", rs->nrows, rev ? rev : "?");
}

/* Compare base with the results in cur into r (exit 2 on bad input). */
static void compare(const struct ct_rs *base, const struct ct_rs *cur,
		    const struct ct_regress_opts *o, struct ct_regress *r)
{
	char err[1280];
	if (ct_regress_compare(base, cur, o, r, err, sizeof(err)))
		ct_usage_error("regress: %s", err);
}

/* Drop the changes the second run does not repeat. */
static void confirm(const struct ct_rs *base, const char *path,
		    const struct ct_regress_opts *o, struct ct_regress *r)
{
	struct ct_rs again_rs;
	struct ct_regress again;
	ct_results_load(&again_rs, (char **)&path, 1, "regress");
	compare(base, &again_rs, o, &again);
	describe("confirm", path, &again_rs);
	ct_regress_confirm(r, &again);
	ct_regress_free(&again);
	ct_rs_free(&again_rs);
}

static bool is_dir(const char *path)
{
	struct stat st;
	return !stat(path, &st) && S_ISDIR(st.st_mode);
}

int ct_cmd_regress(int argc, char **argv)
{
	struct ct_regress_opts o;
	struct ct_rs base, cur;
	struct ct_regress r;
	struct regress_args a = { 0 };
	char *pos[2], *picked = NULL;
	bool same_hw = true;
	ct_regress_defaults(&o);
	parse_args(argc, argv, &o, pos, &a);
	info = ct_ro_info(&a.report);
	ct_results_load(&cur, &pos[1], 1, "regress");
	if (is_dir(pos[0]))
		pos[0] = picked = ct_regress_pick_base(pos[0], &cur, &same_hw);
	ct_results_load(&base, &pos[0], 1, "regress");
	compare(&base, &cur, &o, &r);
	describe("base", pos[0], &base);
	describe("current", pos[1], &cur);
	if (!same_hw)
		fprintf(info, "no baseline in the directory was recorded on this "
		       "hardware: comparing with another's (record one with "
		       "scripts/make-baseline)\n");
	if (a.confirm)
		confirm(&base, a.confirm, &o, &r);
	ct_ro_write(&a.report, &r, &o, "contend regress");
	int rc = r.count[CT_REGRESSED] ? 1 : 0;
	if (rc && r.machine_diff[0] && !a.gate_across) {
		fflush(stdout);
		fprintf(info, "advisory: the hardware differs from the baseline's, so "
		       "these regressions do not fail the gate (exit 0; "
		       "--across-hardware gate to fail)\n");
		rc = 0;
	}
	ct_regress_free(&r);
	ct_rs_free(&base);
	ct_rs_free(&cur);
	free(picked);
	return rc;
}
