/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * compare.c - paired comparison of two builds' runs (see compare.h).
 */
#include "compare.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "harness/core/stats.h"

enum ct_verdict ct_compare_verdict(const char *metric, double lo, double hi,
				   double needed)
{
	if (isnan(lo) || isnan(hi))
		return CT_UNRESOLVED;
	/* Worse is a larger ratio for a latency, a smaller one for a
	 * throughput. */
	bool more_better = ct_metric_higher_better(metric);
	if (more_better ? hi < 1 - needed : lo > 1 + needed)
		return CT_REGRESSED;
	if (more_better ? lo > 1 + needed : hi < 1 - needed)
		return CT_IMPROVED;
	if (lo >= 1 - needed && hi <= 1 + needed)
		return CT_SAME;
	return CT_UNRESOLVED;
}

/* "key value; ..." of the machine keys in header h. */
static void fingerprint(const cJSON *h, char *buf, size_t len)
{
	size_t u = 0;
	buf[0] = 0;
	for (const char *const *k = ct_fp_machine_keys; h && *k; k++) {
		char v[256];
		ct_rs_text(h, *k, v, sizeof(v));
		if (v[0] && u + 4 < len)
			u += (size_t)snprintf(buf + u, len - u, "%s%s: %s",
					      u ? "; " : "", *k, v);
	}
}

/* v[run] = metric m of g's record in that run (NaN where none). */
static void per_run(const struct ct_rs *rs, const struct ct_group *g,
		    const char *m, double *v, unsigned nruns)
{
	for (unsigned i = 0; i < nruns; i++)
		v[i] = NAN;
	for (unsigned i = 0; i < g->n; i++) {
		unsigned run = rs->run_of[g->rows[i]];
		if (run < nruns)
			v[run] = ct_rs_num(rs->rows[g->rows[i]], m);
	}
}

struct pair_ctx {
	const struct ct_rs *a, *b;
	const struct ct_regress_opts *o;
	double min_effect;
	unsigned n; /* pairs */
	double *va, *vb;
};

/* One row; false when neither side measured m there. */
static bool compare_one(struct pair_ctx *x, const struct ct_group *ga,
			const struct ct_group *gb, const char *m,
			struct ct_regress_row *r)
{
	double lo, hi;
	per_run(x->a, ga, m, x->va, x->n);
	per_run(x->b, gb, m, x->vb, x->n);
	r->base = ct_median_finite(x->va, x->n, NULL);
	r->cur = ct_median_finite(x->vb, x->n, NULL);
	if (isnan(r->base) && isnan(r->cur))
		return false;
	r->metric = m;
	r->p = NAN;
	r->ratio = ct_paired_hl_ci(x->vb, x->va, x->n, &lo, &hi);
	r->lo = lo, r->hi = hi;
	r->change = r->ratio - 1;
	for (unsigned i = 0; i < x->n; i++) {
		r->nb += isfinite(x->va[i]);
		r->nc += isfinite(x->va[i]) && isfinite(x->vb[i]) &&
			 x->va[i] != 0;
	}
	r->needed = x->min_effect;
	if (ct_metric_is_ns(m) && r->base > 0)
		r->needed = fmax(r->needed, x->o->min_delta_ns / r->base);
	r->tested = !isnan(lo);
	r->verdict = ct_compare_verdict(m, lo, hi, r->needed);
	if (!r->tested)
		snprintf(r->why, sizeof(r->why), "%u pairs (an interval needs "
			 "%d)", r->nc, CT_COMPARE_MIN_PAIRS);
	else if (r->verdict == CT_UNRESOLVED)
		snprintf(r->why, sizeof(r->why), "interval spans a %.1f%% bar",
			 100 * r->needed);
	return true;
}

static void compare_all(struct pair_ctx *x, struct ct_regress *r)
{
	const struct ct_regress_opts *o = x->o;
	struct ct_group *ga, *gb;
	unsigned na = ct_rs_group(x->a, o->fam, &ga);
	unsigned nb = ct_rs_group(x->b, o->fam, &gb);
	bool vary[64] = { false };
	ct_regress_vary(ga, na, gb, nb, vary);
	r->rows = calloc((size_t)na * o->nmetrics + 1, sizeof(*r->rows));
	for (unsigned i = 0; r->rows && i < na; i++) {
		const struct ct_group *g = &ga[i];
		const struct ct_group *h = ct_group_find(gb, nb, g->key);
		char label[160];
		ct_regress_label(g, vary, label, sizeof(label));
		if (!h) {
			ct_regress_missing(r, label);
			continue;
		}
		for (unsigned m = 0; m < o->nmetrics; m++) {
			struct ct_regress_row *row = &r->rows[r->nrows];
			if (!ct_metric_applies(&o->metrics[m], g->first))
				continue;
			memset(row, 0, sizeof(*row));
			snprintf(row->label, sizeof(row->label), "%s", label);
			row->sel = &o->metrics[m];
			r->nrows += compare_one(x, g, h, o->metrics[m].name, row);
		}
	}
	for (unsigned i = 0; i < nb; i++)
		r->added += !ct_group_find(ga, na, gb[i].key);
	ct_groups_free(ga, na);
	ct_groups_free(gb, nb);
}

int ct_compare_paired(const struct ct_rs *a, const struct ct_rs *b,
		      const struct ct_regress_opts *o, struct ct_regress *r,
		      char *err, size_t len)
{
	struct pair_ctx x = { .a = a, .b = b, .o = o };
	memset(r, 0, sizeof(*r));
	r->paired = true;
	r->min_effect = x.min_effect =
		o->min_effect >= 0 ? o->min_effect : CT_COMPARE_MIN_EFFECT;
	r->c2c_base = r->c2c_cur = NAN;
	if (a->nruns != b->nruns || !a->nruns) {
		snprintf(err, len, "runs are paired by position: A has %u, B "
			 "has %u", a->nruns, b->nruns);
		return -1;
	}
	x.n = r->pairs = a->nruns;
	const cJSON *ha = a->runs[0].header, *hb = b->runs[0].header;
	fingerprint(ha, r->machine, sizeof(r->machine));
	if (ha && hb) {
		struct ct_rec ra, rb;
		ct_rec_reset(&ra);
		ct_rec_reset(&rb);
		ct_rec_from_json(&ra, ha);
		ct_rec_from_json(&rb, hb);
		ct_fp_diff(&ra, &rb, ct_fp_machine_keys, r->machine_diff,
			   sizeof(r->machine_diff));
		ct_fp_diff(&ra, &rb, ct_fp_env_keys, r->env_diff,
			   sizeof(r->env_diff));
	}
	x.va = malloc(x.n * sizeof(double));
	x.vb = malloc(x.n * sizeof(double));
	int rc = 0;
	if (!x.va || !x.vb) {
		snprintf(err, len, "out of memory");
		rc = -1;
	} else {
		compare_all(&x, r);
	}
	if (!rc && !r->nrows) {
		snprintf(err, len, "no %s configuration was measured by both "
			 "sides", o->fam->name);
		rc = -1;
	}
	for (unsigned i = 0; i < r->nrows; i++)
		r->count[r->rows[i].verdict]++;
	ct_regress_sort(r);
	free(x.va);
	free(x.vb);
	return rc;
}
