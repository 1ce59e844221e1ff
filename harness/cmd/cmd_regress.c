/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * `contend regress BASE CURRENT`: the lock-latency regression gate.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "harness/core/argpos.h"
#include "harness/core/cli.h"
#include "harness/regress/regress.h"
#include "harness/results/results_io.h"
#include "reportopts.h"
#include "resultcmds.h"

enum { O_ALPHA = CT_RO_NEXT, O_NOISE_K, O_NORM, O_HOLM, O_CONFIRM, O_ACROSS,
       O_HELP };

static const char regress_help[] =
	"usage: contend regress BASE CURRENT [--metrics M[@FIELD=V],N]\n"
	"         [--alpha 0.01]\n"
	"         [--min-effect 10%|25%] [--noise-k 2] [--min-delta 2ns]\n"
	"         [--normalize auto|none|c2c] [--holm] [--family lock]\n"
	"         [--confirm CURRENT2] [--brief] [--across-hardware advisory|gate]\n"
	"         [--format text|json] [--summary md] [--junit FILE]\n"
	"Compare two result files (JSON Lines; BASE may hold several runs)\n"
	"configuration by configuration. A change counts when the Mann-Whitney\n"
	"U test over repetitions gives p < alpha and the medians differ by at\n"
	"least max(min-effect, noise-k x BASE's IQR/median) and min-delta.\n"
	"auto normalizes latencies ((x - null lock) / c2c) when the hardware\n"
	"fingerprints differ; min-effect is then 25% unless given (else 10%).\n"
	"--confirm keeps only the changes a second current run shows too.\n"
	"BASE may be a directory of baselines, one per hardware class: the one\n"
	"recorded on CURRENT's hardware is used. Across different hardware a\n"
	"regression is reported but advisory (exit 0) unless --across-hardware\n"
	"gate.\n"
	"Exit 0: no regression, 1: regression, 2: bad input.\n"
	"Default metrics: lat_p50_ns@threads=1, handoff_ns, uncontended_ns\n"
	"(M@FIELD=V compares M only where the configuration has FIELD=V).\n"
	"The change column is (current - base) / base of the medians.\n"
	CT_RO_HELP;

static double parse_number(const char *opt, const char *s, double lo,
			   double hi)
{
	char *end;
	double v = strtod(s, &end);
	if (end == s || *end || !(v >= lo && v <= hi))
		ct_usage_error("%s: invalid value '%s' (expected a number from "
			       "%g to %g)", opt, s, lo, hi);
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
	static const struct option opts[] = {
		CT_RO_LONGOPTS, { "alpha", 1, NULL, O_ALPHA },
		{ "noise-k", 1, NULL, O_NOISE_K },
		{ "normalize", 1, NULL, O_NORM }, { "holm", 0, NULL, O_HOLM },
		{ "confirm", 1, NULL, O_CONFIRM },
		{ "across-hardware", 1, NULL, O_ACROSS },
		{ "help", 0, NULL, O_HELP }, { NULL, 0, NULL, 0 },
	};
	static const char *const across[] = { "advisory", "gate", NULL };
	static const char *const norms[] = { "auto", "none", "c2c", NULL };
	unsigned np = ct_positionals(&argc, argv, opts, pos, 2);
	int c;
	optind = 1;
	while ((c = ct_getopt(argc, argv, opts)) != -1) {
		if (ct_ro_option(c, optarg, o, &a->report))
			continue;
		switch (c) {
		case O_ALPHA: o->alpha = parse_number("--alpha", optarg, 1e-12, 0.5); break;
		case O_NOISE_K: o->noise_k = parse_number("--noise-k", optarg, 0, 100); break;
		case O_NORM: o->norm = (enum ct_norm)ct_parse_choice("--normalize", optarg, norms); break;
		case O_HOLM: o->holm = true; break;
		case O_CONFIRM: a->confirm = optarg; break;
		case O_ACROSS: a->gate_across = ct_parse_choice("--across-hardware", optarg, across); break;
		case O_HELP: fputs(regress_help, stdout); exit(0);
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
