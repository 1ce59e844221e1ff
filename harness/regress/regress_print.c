/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * regress_print.c - the regression report as people read it.
 */
#include <math.h>
#include <string.h>

#include "regress.h"

static const char *const verdict_name[] = { "REGRESSED", "improved", "noise" };

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
	fprintf(f, "metrics:");
	for (unsigned i = 0; i < o->nmetrics; i++) {
		const struct ct_metric_sel *m = &o->metrics[i];
		fprintf(f, "%s %s", i ? "," : "", m->name);
		if (m->field)
			fprintf(f, "@%s=%s", m->field, m->value);
	}
	fprintf(f, "\n");
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

static void row(FILE *f, const struct ct_regress_row *x, unsigned w)
{
	char p[16] = "-", change[16] = "-", b[32], c[32], need[16] = "-";
	if (x->tested)
		snprintf(p, sizeof(p), "%.2g", x->p);
	if (isfinite(x->change))
		snprintf(change, sizeof(change), "%+.1f%%", 100 * x->change);
	if (x->needed < 10)
		snprintf(need, sizeof(need), "%.1f%%", 100 * x->needed);
	else if (isfinite(x->needed))
		snprintf(need, sizeof(need), ">999%%");
	fprintf(f, "%-9s  %-*.*s  %-14s %9s %9s %8s %8s %8s  %s\n",
		verdict_name[x->verdict], (int)w, (int)w, x->label, x->metric,
		num(b, sizeof(b), x->base), num(c, sizeof(c), x->cur), change, p,
		need, x->why);
}

void ct_regress_print(FILE *f, const struct ct_regress *r,
		      const struct ct_regress_opts *o, bool brief)
{
	unsigned w = label_width(r);
	method(f, r, o);
	fprintf(f, "\n%-9s  %-*s  %-14s %9s %9s %8s %8s %8s  %s\n", "verdict",
		(int)w, "configuration", "metric", "base", "current", "change",
		"p", "needed", "why");
	for (unsigned i = 0; i < r->nrows; i++)
		if (!brief || r->rows[i].verdict != CT_NOISE)
			row(f, &r->rows[i], w);
	fprintf(f, "\nsummary: %u regressed, %u improved, %u noise (of %u "
		"comparisons); %u configurations missing from current, %u new\n",
		r->count[CT_REGRESSED], r->count[CT_IMPROVED], r->count[CT_NOISE],
		r->nrows, r->missing, r->added);
	if (r->unconfirmed)
		fprintf(f, "%u change%s not confirmed by the second run (noise)\n",
			r->unconfirmed, r->unconfirmed == 1 ? "" : "s");
	if (r->missing)
		fprintf(f, "missing: %s\n", r->missing_list);
}
