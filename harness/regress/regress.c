/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * regress.c - the comparison behind `contend regress` (see regress.h).
 */
#include "regress.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "harness/core/mwu.h"
#include "harness/core/stats.h"

/* Fields the null lock's configuration may differ in: its name, and its
 * wait policy (it never waits: "native"). */
static const char *const null_free[] = { "wait", NULL };

void ct_regress_defaults(struct ct_regress_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->fam = ct_family_find("lock");
	/* lat_p50 with 2+ threads mixes handoffs with an unfair lock's
	 * re-acquisitions, in a ratio set by scheduling: handoff_ns is the
	 * contended latency that does not depend on it. */
	char err[256];
	ct_regress_metrics(o, ct_regress_default_metrics(o->fam), err,
			   sizeof(err));
	o->alpha = 0.01;
	o->min_effect = -1; /* by mode */
	o->noise_k = 2.0;
	o->min_delta_ns = 2.0;
	o->norm = CT_NORM_AUTO;
}

const char *ct_regress_default_metrics(const struct ct_family *fam)
{
	if (!strcmp(fam->name, "lock"))
		return "lat_p50_ns@threads=1,handoff_ns,uncontended_ns";
	if (!strcmp(fam->name, "barrier"))
		return "ns_per_episode,lat_p50_ns";
	return NULL;
}

static bool in_list(const char *const *v, const char *s)
{
	for (; *v; v++)
		if (!strcmp(*v, s))
			return true;
	return false;
}

static double median(double *v, size_t n, double *p25, double *p75)
{
	struct ct_summary s;
	if (!n)
		return *p25 = *p75 = NAN;
	ct_summarize(v, n, &s);
	*p25 = s.p25;
	*p75 = s.p75;
	return s.median;
}

/* ---- one side of the comparison ----------------------------------------- */

struct side {
	const struct ct_rs *rs;
	struct ct_group *g;
	unsigned n;
	double c2c; /* median of the runs' references */
};

static void side_open(struct side *s, const struct ct_rs *rs,
		      const struct ct_family *fam)
{
	double v[CT_RS_MAX_RUNS], lo, hi;
	size_t k = 0;
	s->rs = rs;
	s->n = ct_rs_group(rs, fam, &s->g);
	for (unsigned i = 0; i < rs->nruns; i++)
		if (isfinite(rs->runs[i].c2c_ref))
			v[k++] = rs->runs[i].c2c_ref;
	s->c2c = median(v, k, &lo, &hi);
}

static double run_c2c(const struct side *s, unsigned run)
{
	double c = s->rs->runs[run].c2c_ref;
	return isfinite(c) ? c : s->c2c;
}

/* The null lock's group at g's configuration, or NULL. */
static const struct ct_group *null_group(const struct side *s,
					 const struct ct_group *g)
{
	const char *nf = ct_family_names_field(g->fam);
	if (!nf)
		return NULL;
	for (unsigned i = 0; i < s->n; i++) {
		const struct ct_group *c = &s->g[i];
		const char *name = ct_rs_str(c->first, nf);
		if (!name || strcmp(name, "null"))
			continue;
		bool same = true;
		for (const char *const *k = g->fam->config; *k && same; k++) {
			if (!strcmp(*k, nf) || in_list(null_free, *k))
				continue;
			const cJSON *a = cJSON_GetObjectItemCaseSensitive(c->first, *k),
				    *b = cJSON_GetObjectItemCaseSensitive(g->first, *k);
			same = cJSON_Compare(a, b, true) || (!a && !b);
		}
		if (same)
			return c;
	}
	return NULL;
}

/* Median of the null lock's metric in run (any run if none there). */
static double null_ref(const struct side *s, const struct ct_group *ng,
		       const char *m, unsigned run)
{
	double *v = malloc((ng->n + 1) * sizeof(double)), lo, hi, med = NAN;
	for (int any = 0; any < 2 && !isfinite(med); any++) {
		size_t k = 0;
		for (unsigned i = 0; i < ng->n; i++) {
			double x = ct_rs_num(s->rs->rows[ng->rows[i]], m);
			if (isfinite(x) &&
			    (any || s->rs->run_of[ng->rows[i]] == run))
				v[k++] = x;
		}
		med = median(v, k, &lo, &hi);
	}
	free(v);
	return isfinite(med) ? med : 0;
}

/* g's values of m, normalized when asked: (x - null) / c2c. */
static size_t values(const struct side *s, const struct ct_group *g,
		     const char *m, bool norm, double *out)
{
	const struct ct_group *ng = norm ? null_group(s, g) : NULL;
	size_t k = 0;
	for (unsigned i = 0; i < g->n; i++) {
		unsigned row = g->rows[i], run = s->rs->run_of[row];
		double x = ct_rs_num(s->rs->rows[row], m);
		if (norm)
			x = (x - (ng ? null_ref(s, ng, m, run) : 0)) /
			    run_c2c(s, run);
		if (isfinite(x))
			out[k++] = x;
	}
	return k;
}

/* ---- one comparison --------------------------------------------------------- */

struct ctx {
	const struct ct_regress_opts *o;
	struct side b, c;
	bool norm;
	double min_effect;
	double *vb, *vc;
};

static bool is_null(const struct ct_group *g)
{
	const char *nf = ct_family_names_field(g->fam);
	const char *name = nf ? ct_rs_str(g->first, nf) : NULL;
	return name && !strcmp(name, "null");
}

/* Set the verdict once p is final (after any Holm adjustment). */
static void decide(struct ct_regress_row *r, const struct ct_regress_opts *o,
		   double delta_floor)
{
	double worse = ct_metric_higher_better(r->metric) ? -r->change
							 : r->change;
	r->verdict = CT_NOISE;
	if (!r->tested)
		return;
	if (r->p >= o->alpha)
		snprintf(r->why, sizeof(r->why), "not significant");
	else if (fabs(r->cur - r->base) < delta_floor)
		snprintf(r->why, sizeof(r->why), "below min delta");
	else if (fabs(r->change) < r->needed)
		snprintf(r->why, sizeof(r->why), "below needed effect");
	else
		r->verdict = worse > 0 ? CT_REGRESSED : CT_IMPROVED;
}

static double delta_floor(const struct ctx *x, const char *m)
{
	if (!ct_metric_is_ns(m))
		return 0;
	return x->norm ? x->o->min_delta_ns / x->b.c2c : x->o->min_delta_ns;
}

/* Returns false when the metric was measured on neither side (e.g. a
 * handoff at one thread): no row. */
static bool compare(struct ctx *x, const struct ct_group *gb,
		    const struct ct_group *gc, const char *m,
		    struct ct_regress_row *r)
{
	bool norm = x->norm && ct_metric_is_ns(m);
	size_t nb = values(&x->b, gb, m, norm, x->vb),
	       nc = values(&x->c, gc, m, norm, x->vc);
	double b25, b75, c25, c75;
	if (!nb && !nc)
		return false;
	r->metric = m;
	r->nb = (unsigned)nb;
	r->nc = (unsigned)nc;
	struct ct_mwu t;
	ct_mwu(x->vb, nb, x->vc, nc, &t);
	r->base = median(x->vb, nb, &b25, &b75);
	r->cur = median(x->vc, nc, &c25, &c75);
	double fl = delta_floor(x, m);
	double denom = fmax(fabs(r->base), fl > 0 ? fl : 1e-300);
	/* The change is relative to the base as measured (a zero base: no
	 * change, or an infinite one); the floor only keeps the noise bar
	 * finite. */
	r->change = r->base ? (r->cur - r->base) / fabs(r->base)
		    : r->cur == r->base ? 0 : copysign(INFINITY, r->cur);
	r->needed = fmax(x->min_effect, x->o->noise_k * (b75 - b25) / denom);
	r->p = t.p;
	r->ratio = r->lo = r->hi = NAN;
	r->tested = nb >= 2 && nc >= 2;
	if (!r->tested)
		snprintf(r->why, sizeof(r->why), "too few values");
	if (x->norm && !ct_metric_is_ns(m)) {
		r->tested = false;
		snprintf(r->why, sizeof(r->why), "raw, other hardware");
	}
	return true;
}

/* Holm's step-down adjustment of the tested rows' p-values. */
static void holm(struct ct_regress_row *rows, unsigned n)
{
	struct ct_regress_row **t = malloc((n + 1) * sizeof(*t));
	unsigned k = 0;
	for (unsigned i = 0; i < n; i++)
		if (rows[i].tested)
			t[k++] = &rows[i];
	for (unsigned i = 1; i < k; i++) /* insertion sort by p */
		for (unsigned j = i; j > 0 && t[j - 1]->p > t[j]->p; j--) {
			struct ct_regress_row *s = t[j];
			t[j] = t[j - 1];
			t[j - 1] = s;
		}
	double run = 0;
	for (unsigned i = 0; i < k; i++) {
		double adj = fmin(1, (double)(k - i) * t[i]->p);
		run = fmax(run, adj);
		t[i]->p = run;
	}
	free(t);
}

/* ---- the whole comparison ---------------------------------------------------- */

static void fingerprints(struct ct_regress *r, const struct ct_rs *base,
			 const struct ct_rs *cur)
{
	struct ct_rec hb, hc;
	ct_rec_reset(&hb);
	ct_rec_reset(&hc);
	if (base->nruns && base->runs[0].header)
		ct_rec_from_json(&hb, base->runs[0].header);
	if (cur->nruns && cur->runs[0].header)
		ct_rec_from_json(&hc, cur->runs[0].header);
	ct_fp_diff(&hb, &hc, ct_fp_machine_keys, r->machine_diff,
		   sizeof(r->machine_diff));
	ct_fp_diff(&hb, &hc, ct_fp_env_keys, r->env_diff, sizeof(r->env_diff));
}

static void compare_all(struct ctx *x, struct ct_regress *r)
{
	const struct ct_regress_opts *o = x->o;
	bool vary[64] = { false };
	ct_regress_vary(x->b.g, x->b.n, x->c.g, x->c.n, vary);
	r->rows = calloc((size_t)x->b.n * o->nmetrics + 1, sizeof(*r->rows));
	for (unsigned i = 0; i < x->b.n; i++) {
		const struct ct_group *gb = &x->b.g[i];
		const struct ct_group *gc = ct_group_find(x->c.g, x->c.n, gb->key);
		char label[160];
		ct_regress_label(gb, vary, label, sizeof(label));
		if (!gc) {
			ct_regress_missing(r, label);
			continue;
		}
		if (x->norm && is_null(gb))
			continue; /* the reference itself */
		for (unsigned m = 0; m < o->nmetrics; m++) {
			struct ct_regress_row *row = &r->rows[r->nrows];
			if (!ct_metric_applies(&o->metrics[m], gb->first))
				continue;
			snprintf(row->label, sizeof(row->label), "%s", label);
			row->sel = &o->metrics[m];
			r->nrows += compare(x, gb, gc, o->metrics[m].name, row);
			if (row->tested)
				r->min_p = fmax(r->min_p,
						ct_mwu_min_p(row->nb, row->nc));
		}
	}
	for (unsigned i = 0; i < x->c.n; i++)
		r->added += !ct_group_find(x->b.g, x->b.n, x->c.g[i].key);
}

int ct_regress_compare(const struct ct_rs *base, const struct ct_rs *cur,
		       const struct ct_regress_opts *o, struct ct_regress *r,
		       char *err, size_t len)
{
	struct ctx x = { .o = o };
	memset(r, 0, sizeof(*r));
	fingerprints(r, base, cur);
	side_open(&x.b, base, o->fam);
	side_open(&x.c, cur, o->fam);
	x.norm = o->norm == CT_NORM_C2C ||
		 (o->norm == CT_NORM_AUTO && r->machine_diff[0]);
	r->normalized = x.norm;
	x.min_effect = o->min_effect >= 0 ? o->min_effect : x.norm ? 0.25 : 0.10;
	r->min_effect = x.min_effect;
	r->c2c_base = x.b.c2c;
	r->c2c_cur = x.c.c2c;
	int rc = 0;
	if (x.norm && !(isfinite(x.b.c2c) && isfinite(x.c.c2c))) {
		snprintf(err, len, "cannot normalize: a result set has no c2c "
			 "measurement (run it with 2+ threads or a c2c section)");
		rc = -1;
	}
	x.vb = malloc((base->nrows + 1) * sizeof(double));
	x.vc = malloc((cur->nrows + 1) * sizeof(double));
	if (!rc)
		compare_all(&x, r);
	if (!rc && !r->nrows) {
		snprintf(err, len, "no %s configuration is in both result sets",
			 o->fam->name);
		rc = -1;
	}
	if (o->holm)
		holm(r->rows, r->nrows);
	for (unsigned i = 0; i < r->nrows; i++) {
		decide(&r->rows[i], o, delta_floor(&x, r->rows[i].metric));
		r->count[r->rows[i].verdict]++;
	}
	ct_regress_sort(r);
	free(x.vb);
	free(x.vc);
	ct_groups_free(x.b.g, x.b.n);
	ct_groups_free(x.c.g, x.c.n);
	return rc;
}

unsigned ct_regress_confirm(struct ct_regress *r, const struct ct_regress *again)
{
	unsigned kept = 0;
	for (unsigned i = 0; i < r->nrows; i++) {
		struct ct_regress_row *x = &r->rows[i];
		if (x->verdict == CT_NOISE)
			continue;
		const struct ct_regress_row *y = NULL;
		for (unsigned j = 0; j < again->nrows && !y; j++)
			if (!strcmp(again->rows[j].label, x->label) &&
			    again->rows[j].metric == x->metric)
				y = &again->rows[j];
		if (y && y->verdict == x->verdict) {
			kept++;
			continue;
		}
		r->count[x->verdict]--;
		r->count[CT_NOISE]++;
		r->unconfirmed++;
		x->verdict = CT_NOISE;
		snprintf(x->why, sizeof(x->why), "not confirmed (again: %+.1f%%)",
			 y ? 100 * y->change : NAN);
	}
	ct_regress_sort(r);
	return kept;
}

/* ---- shared with compare.c ------------------------------------------------ */

static int cmp_rows(const void *pa, const void *pb)
{
	const struct ct_regress_row *a = pa, *b = pb;
	if (a->verdict != b->verdict)
		return (int)a->verdict - (int)b->verdict;
	int d = strcmp(a->label, b->label);
	return d ? d : strcmp(a->metric, b->metric);
}

void ct_regress_sort(struct ct_regress *r)
{
	qsort(r->rows, r->nrows, sizeof(*r->rows), cmp_rows);
}

void ct_regress_missing(struct ct_regress *r, const char *label)
{
	size_t u = strlen(r->missing_list);
	r->missing++;
	if (u + 4 < sizeof(r->missing_list))
		snprintf(r->missing_list + u, sizeof(r->missing_list) - u,
			 "%s%s", u ? "; " : "", label);
}

void ct_regress_vary(const struct ct_group *a, unsigned na,
		     const struct ct_group *b, unsigned nb, bool *vary)
{
	bool vb[64] = { false };
	ct_groups_varying(a, na, vary);
	ct_groups_varying(b, nb, vb);
	for (unsigned i = 0; i < 64; i++)
		vary[i] = vary[i] || vb[i];
}

void ct_regress_label(const struct ct_group *g, const bool *vary, char *buf,
		      size_t len)
{
	ct_group_label(g, vary, NULL, " ", buf, len);
	if (!buf[0])
		ct_rs_text(g->first, g->fam->config[0], buf, len);
}

void ct_regress_free(struct ct_regress *r)
{
	free(r->rows);
	r->rows = NULL;
}
