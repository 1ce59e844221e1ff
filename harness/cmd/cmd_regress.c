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
#include "resultcmds.h"
#include "harness/results/results_io.h"

enum { O_METRICS = 4000, O_ALPHA, O_EFFECT, O_NOISE_K, O_DELTA, O_NORM,
       O_HOLM, O_FAMILY, O_BRIEF, O_CONFIRM, O_ACROSS, O_HELP };

static const char regress_help[] =
	"usage: contend regress BASE CURRENT [--metrics M[@FIELD=V],N]\n"
	"         [--alpha 0.01]\n"
	"         [--min-effect 10%|25%] [--noise-k 2] [--min-delta 2ns]\n"
	"         [--normalize auto|none|c2c] [--holm] [--family lock]\n"
	"         [--confirm CURRENT2] [--brief] [--across-hardware advisory|gate]\n"
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
	"(M@FIELD=V compares M only where the configuration has FIELD=V).\n";

/* "10%", "0.1": a fraction in [0, 10]. */
static double parse_fraction(const char *opt, const char *s)
{
	char *end;
	double v = strtod(s, &end);
	if (end != s && !strcmp(end, "%"))
		v /= 100;
	else if (end == s || *end)
		v = NAN;
	if (!(v >= 0 && v <= 10))
		ct_usage_error("%s: invalid value '%s' (expected a fraction or "
			       "a percentage: 0.1, 10%%)", opt, s);
	return v;
}

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

static void parse_metrics(struct ct_regress_opts *o, const char *s)
{
	char err[1280];
	if (ct_regress_metrics(o, s, err, sizeof(err)))
		ct_usage_error("--metrics: %s", err);
}

static void parse_family(struct ct_regress_opts *o, const char *s)
{
	const char *names[16];
	unsigned n = 0;
	for (const struct ct_family *f = ct_families; f->name && n < 15; f++)
		names[n++] = f->name;
	names[n] = NULL;
	o->fam = &ct_families[ct_parse_choice("--family", s, names)];
}

struct regress_args {
	bool brief;
	bool gate_across; /* --across-hardware gate */
	const char *confirm;
};

static void parse_args(int argc, char **argv, struct ct_regress_opts *o,
		       char **pos, struct regress_args *a)
{
	static const struct option opts[] = {
		{ "metrics", 1, NULL, O_METRICS }, { "alpha", 1, NULL, O_ALPHA },
		{ "min-effect", 1, NULL, O_EFFECT },
		{ "noise-k", 1, NULL, O_NOISE_K },
		{ "min-delta", 1, NULL, O_DELTA },
		{ "normalize", 1, NULL, O_NORM }, { "holm", 0, NULL, O_HOLM },
		{ "family", 1, NULL, O_FAMILY }, { "brief", 0, NULL, O_BRIEF },
		{ "confirm", 1, NULL, O_CONFIRM },
		{ "across-hardware", 1, NULL, O_ACROSS },
		{ "help", 0, NULL, O_HELP }, { NULL, 0, NULL, 0 },
	};
	static const char *const across[] = { "advisory", "gate", NULL };
	static const char *const norms[] = { "auto", "none", "c2c", NULL };
	const char *metrics = NULL;
	unsigned np = ct_positionals(&argc, argv, opts, pos, 2);
	int c;
	optind = 1;
	while ((c = ct_getopt(argc, argv, opts)) != -1) {
		switch (c) {
		case O_METRICS: metrics = optarg; break;
		case O_ALPHA: o->alpha = parse_number("--alpha", optarg, 1e-12, 0.5); break;
		case O_EFFECT: o->min_effect = parse_fraction("--min-effect", optarg); break;
		case O_NOISE_K: o->noise_k = parse_number("--noise-k", optarg, 0, 100); break;
		case O_DELTA: o->min_delta_ns = (double)ct_parse_ns("--min-delta", optarg); break;
		case O_NORM: o->norm = (enum ct_norm)ct_parse_choice("--normalize", optarg, norms); break;
		case O_HOLM: o->holm = true; break;
		case O_FAMILY: parse_family(o, optarg); break;
		case O_BRIEF: a->brief = true; break;
		case O_CONFIRM: a->confirm = optarg; break;
		case O_ACROSS: a->gate_across = ct_parse_choice("--across-hardware", optarg, across); break;
		case O_HELP: fputs(regress_help, stdout); exit(0);
		}
	}
	if (np != 2)
		ct_usage_error("regress: expected BASE and CURRENT result files "
			       "(got %u)", np);
	if (metrics) {
		parse_metrics(o, metrics);
	} else if (strcmp(o->fam->name, "lock")) {
		char valid[1024];
		ct_join(valid, sizeof(valid), o->fam->metrics, ", ");
		ct_usage_error("--family %s: choose what to compare with "
			       "--metrics (valid: %s)", o->fam->name, valid);
	}
}

static void describe(const char *what, const char *path,
		     const struct ct_rs *rs)
{
	const char *rev = ct_rs_str(rs->runs[0].header, "git_rev");
	printf("%-8s %s: %u run%s, %zu records, git %s\n", what, path, rs->nruns,
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
	ct_results_load(&cur, &pos[1], 1, "regress");
	if (is_dir(pos[0]))
		pos[0] = picked = ct_regress_pick_base(pos[0], &cur, &same_hw);
	ct_results_load(&base, &pos[0], 1, "regress");
	compare(&base, &cur, &o, &r);
	describe("base", pos[0], &base);
	describe("current", pos[1], &cur);
	if (!same_hw)
		printf("no baseline in the directory was recorded on this "
		       "hardware: comparing with another's (record one with "
		       "scripts/make-baseline)\n");
	if (a.confirm)
		confirm(&base, a.confirm, &o, &r);
	ct_regress_print(stdout, &r, &o, a.brief);
	int rc = r.count[CT_REGRESSED] ? 1 : 0;
	if (rc && r.machine_diff[0] && !a.gate_across) {
		printf("advisory: the hardware differs from the baseline's, so "
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
