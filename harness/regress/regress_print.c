/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * regress_print.c - the regression report as people read it.
 */
#include <math.h>
#include <string.h>

#include "compare.h"

static const char *const verdict_names[CT_NVERDICTS] = {
	"REGRESSED", "improved", "noise", "unresolved", "same",
};

const char *ct_verdict_name(enum ct_verdict v)
{
	return (unsigned)v < CT_NVERDICTS ? verdict_names[v] : "?";
}

static void metrics(FILE *f, const struct ct_regress_opts *o)
{
	fprintf(f, "metrics:");
	for (unsigned i = 0; i < o->nmetrics; i++) {
		const struct ct_metric_sel *m = &o->metrics[i];
		fprintf(f, "%s %s", i ? "," : "", m->name);
		if (m->field)
			fprintf(f, "@%s=%s", m->field, m->value);
	}
	fprintf(f, "\n");
}

static void method_paired(FILE *f, const struct ct_regress *r,
			  const struct ct_regress_opts *o)
{
	fprintf(f, "machine: %s\n", r->machine[0] ? r->machine : "?");
	if (r->machine_diff[0])
		fprintf(f, "WARNING: the two sides report different hardware: "
			"%s\n", r->machine_diff);
	metrics(f, o);
	fprintf(f, "test: Hodges-Lehmann paired ratio B/A of %u pairs (runs "
		"alternating A B, B A) with its exact 95%% signed-rank interval; "
		"regressed/improved when the "
		"whole interval is past %g%%", r->pairs, 100 * r->min_effect);
	if (o->min_delta_ns > 0)
		fprintf(f, " (and %g ns)", o->min_delta_ns);
	fprintf(f, ", same when it is all within, else unresolved\n");
	if (r->pairs < CT_COMPARE_MIN_PAIRS)
		fprintf(f, "WARNING: %u pairs give no 95%% interval (at least "
			"%d): every row is unresolved\n", r->pairs,
			CT_COMPARE_MIN_PAIRS);
}

static void method(FILE *f, const struct ct_regress *r,
		   const struct ct_regress_opts *o)
{
	if (r->machine_diff[0])
		fprintf(f, "hardware differs: %s\n", r->machine_diff);
	if (r->env_diff[0])
		fprintf(f, "environment differs (noted only): %s\n", r->env_diff);
	if (r->normalized)
		fprintf(f, "latencies normalized to their own run: (x - null lock "
			"at the same configuration) / c2c round trip (base %.0f ns, "
			"current %.0f ns)\n", r->c2c_base, r->c2c_cur);
	else
		fprintf(f, "same hardware: latencies compared as measured, in ns "
			"(c2c base %.0f ns, current %.0f ns)\n", r->c2c_base,
			r->c2c_cur);
	metrics(f, o);
	fprintf(f, "test: Mann-Whitney U over repetitions, alpha %g%s; a change "
		"counts if it is at least max(%g%%, %g x base IQR) and %g ns\n",
		o->alpha, o->holm ? " (Holm-adjusted)" : "",
		100 * r->min_effect, o->noise_k, o->min_delta_ns);
	if (r->min_p >= o->alpha)
		fprintf(f, "WARNING: with these repetitions p cannot go below %.3g "
			">= alpha: no change can be shown; add repetitions\n",
			r->min_p);
}

static unsigned label_width(const struct ct_regress *r)
{
	unsigned w = 13;
	for (unsigned i = 0; i < r->nrows; i++)
		if (strlen(r->rows[i].label) > w)
			w = (unsigned)strlen(r->rows[i].label);
	return w > 48 ? 48 : w;
}

/* "%.4g" of v, or "-" when there is none. */
static const char *num(char *buf, size_t len, double v)
{
	if (isfinite(v))
		snprintf(buf, len, "%.4g", v);
	else
		snprintf(buf, len, "-");
	return buf;
}

static void need_text(char *need, size_t len, double needed)
{
	if (needed < 10)
		snprintf(need, len, "%.1f%%", 100 * needed);
	else if (isfinite(needed))
		snprintf(need, len, ">999%%");
}

static void row(FILE *f, const struct ct_regress_row *x, unsigned w)
{
	char p[16] = "-", change[16] = "-", b[32], c[32], need[16] = "-";
	if (x->tested)
		snprintf(p, sizeof(p), "%.2g", x->p);
	if (isfinite(x->change))
		snprintf(change, sizeof(change), "%+.1f%%", 100 * x->change);
	need_text(need, sizeof(need), x->needed);
	fprintf(f, "%-9s  %-*.*s  %-14s %9s %9s %8s %8s %8s  %s\n",
		ct_verdict_name(x->verdict), (int)w, (int)w, x->label, x->metric,
		num(b, sizeof(b), x->base), num(c, sizeof(c), x->cur), change, p,
		need, x->why);
}

static void row_paired(FILE *f, const struct ct_regress_row *x, unsigned w)
{
	char ci[40] = "-", change[16] = "-", b[32], c[32], need[16] = "-";
	if (isfinite(x->change))
		snprintf(change, sizeof(change), "%+.1f%%", 100 * x->change);
	if (x->tested)
		snprintf(ci, sizeof(ci), "[%+.1f%%, %+.1f%%]", 100 * (x->lo - 1),
			 100 * (x->hi - 1));
	need_text(need, sizeof(need), x->needed);
	fprintf(f, "%-10s  %-*.*s  %-14s %9s %9s %8s %19s %7s  %s\n",
		ct_verdict_name(x->verdict), (int)w, (int)w, x->label, x->metric,
		num(b, sizeof(b), x->base), num(c, sizeof(c), x->cur), change, ci,
		need, x->why);
}

static void summary(FILE *f, const struct ct_regress *r)
{
	if (r->paired)
		fprintf(f, "\nsummary: %u regressed, %u improved, %u unresolved, "
			"%u same (of %u comparisons, %u pairs)",
			r->count[CT_REGRESSED], r->count[CT_IMPROVED],
			r->count[CT_UNRESOLVED], r->count[CT_SAME], r->nrows,
			r->pairs);
	else
		fprintf(f, "\nsummary: %u regressed, %u improved, %u noise (of "
			"%u comparisons)", r->count[CT_REGRESSED],
			r->count[CT_IMPROVED], r->count[CT_NOISE], r->nrows);
	fprintf(f, "; %u configurations missing from %s, %u new\n", r->missing,
		r->paired ? "B" : "current", r->added);
}

void ct_regress_print(FILE *f, const struct ct_regress *r,
		      const struct ct_regress_opts *o, bool brief)
{
	unsigned w = label_width(r);
	if (r->paired) {
		method_paired(f, r, o);
		fprintf(f, "\n%-10s  %-*s  %-14s %9s %9s %8s %19s %7s  %s\n",
			"verdict", (int)w, "configuration", "metric", "A", "B",
			"B/A-1", "95% interval", "needed", "why");
	} else {
		method(f, r, o);
		fprintf(f, "\n%-9s  %-*s  %-14s %9s %9s %8s %8s %8s  %s\n",
			"verdict", (int)w, "configuration", "metric", "base",
			"current", "change", "p", "needed", "why");
	}
	for (unsigned i = 0; i < r->nrows; i++) {
		const struct ct_regress_row *x = &r->rows[i];
		if (brief && (x->verdict == CT_NOISE || x->verdict == CT_SAME))
			continue;
		(r->paired ? row_paired : row)(f, x, w);
	}
	summary(f, r);
	if (r->unconfirmed)
		fprintf(f, "%u change%s not confirmed by the second run (noise)\n",
			r->unconfirmed, r->unconfirmed == 1 ? "" : "s");
	if (r->missing)
		fprintf(f, "missing: %s\n", r->missing_list);
}
