/* SPDX-License-Identifier: BSD-2-Clause */
#include "export.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/core/stats.h"

/* "M_p25" and friends: record keys must outlive the records. */
static const char *intern(const char *a, const char *b)
{
	static char pool[16384];
	static size_t used;
	char want[128];
	snprintf(want, sizeof(want), "%s%s", a, b);
	for (size_t i = 0; i < used; i += strlen(pool + i) + 1)
		if (!strcmp(pool + i, want))
			return pool + i;
	size_t n = strlen(want) + 1;
	if (used + n > sizeof(pool))
		abort();
	memcpy(pool + used, want, n);
	used += n;
	return pool + used - n;
}

static int name_rank(const struct ct_family *f, const char *v)
{
	const char *const *n = f->names ? f->names(true) : NULL;
	for (int i = 0; n && n[i]; i++)
		if (!strcmp(n[i], v))
			return i;
	return 1 << 20;
}

static int cmp_field(const struct ct_family *f, const char *key,
		     const cJSON *a, const cJSON *b)
{
	const cJSON *x = cJSON_GetObjectItemCaseSensitive(a, key),
		    *y = cJSON_GetObjectItemCaseSensitive(b, key);
	if (cJSON_IsNumber(x) && cJSON_IsNumber(y))
		return (x->valuedouble > y->valuedouble) -
		       (x->valuedouble < y->valuedouble);
	if (!cJSON_IsString(x) || !cJSON_IsString(y))
		return cJSON_IsString(x) - cJSON_IsString(y);
	const char *nf = ct_family_names_field(f);
	if (nf && !strcmp(key, nf)) {
		int d = name_rank(f, x->valuestring) - name_rank(f, y->valuestring);
		if (d)
			return d;
	}
	return strcmp(x->valuestring, y->valuestring);
}

/* Series first (every field but x), then x. */
static int cmp_groups(const void *pa, const void *pb, void *arg)
{
	const struct ct_group *a = pa, *b = pb;
	const struct ct_family *f = arg;
	for (const char *const *k = f->config; *k; k++) {
		if (!strcmp(*k, f->x))
			continue;
		int d = cmp_field(f, *k, a->first, b->first);
		if (d)
			return d;
	}
	int d = cmp_field(f, f->x, a->first, b->first);
	return d ? d : strcmp(a->key, b->key);
}

static void copy_field(struct ct_rec *r, const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	if (cJSON_IsString(v))
		ct_rec_str(r, key, "%s", v->valuestring);
	else if (cJSON_IsNumber(v) && v->valuedouble == floor(v->valuedouble))
		ct_rec_int(r, key, (long long)v->valuedouble);
	else if (cJSON_IsNumber(v))
		ct_rec_num(r, key, v->valuedouble);
	else
		ct_rec_na(r, key);
}

static void put_metric(struct ct_rec *r, const struct ct_rs *rs,
		       const struct ct_group *g, const char *m, double *v)
{
	size_t k = 0;
	struct ct_summary s;
	for (unsigned i = 0; i < g->n; i++) {
		double x = ct_rs_num(rs->rows[g->rows[i]], m);
		if (isfinite(x))
			v[k++] = x;
	}
	if (k)
		ct_summarize(v, k, &s);
	ct_rec_num(r, m, k ? s.median : NAN);
	ct_rec_num(r, intern(m, "_p25"), k ? s.p25 : NAN);
	ct_rec_num(r, intern(m, "_p75"), k ? s.p75 : NAN);
}

/* The runs g's records come from: their count, and the median of their
 * c2c references into *c2c. */
static unsigned count_runs(const struct ct_rs *rs, const struct ct_group *g,
			   double *buf, double *c2c)
{
	unsigned n = 0;
	size_t k = 0;
	struct ct_summary s;
	for (unsigned i = 0; i < g->n; i++) {
		unsigned j = 0, run = rs->run_of[g->rows[i]];
		while (j < i && rs->run_of[g->rows[j]] != run)
			j++;
		if (j < i)
			continue;
		n++;
		if (isfinite(rs->runs[run].c2c_ref))
			buf[k++] = rs->runs[run].c2c_ref;
	}
	if (k)
		ct_summarize(buf, k, &s);
	*c2c = k ? s.median : NAN;
	return n;
}

static void build_row(struct ct_table *t, const struct ct_rs *rs,
		      const struct ct_group *g, unsigned series,
		      const char *facet, double *buf)
{
	struct ct_rec *r = &t->row[t->n++];
	ct_rec_reset(r);
	ct_rec_str(r, "family", "%s", t->fam->name);
	ct_rec_str(r, "series", "%s", t->series[series]);
	ct_rec_int(r, "series_idx", series);
	ct_rec_str(r, "facet", "%s", facet);
	for (const char *const *k = t->fam->config; *k; k++)
		copy_field(r, g->first, *k);
	copy_field(r, g->first, "knobs");
	double c2c;
	ct_rec_int(r, "n", g->n);
	ct_rec_int(r, "runs", count_runs(rs, g, buf, &c2c));
	ct_rec_num(r, "c2c_ref", c2c);
	for (const char *const *m = t->fam->metrics; *m; m++)
		put_metric(r, rs, g, *m, buf);
}

/* Linear scaling from the series' smallest x: what perfect scaling of
 * throughput with threads would give. */
static void add_ideal(struct ct_table *t)
{
	if (strcmp(t->fam->x, "threads") ||
	    !ct_rec_get(&t->row[0], "throughput_ops"))
		return;
	for (unsigned i = 0; i < t->n; i++) {
		unsigned j = i; /* the series' first row has its smallest x */
		while (j > 0 && ct_rec_num_of(&t->row[j - 1], "series_idx") ==
				       ct_rec_num_of(&t->row[i], "series_idx"))
			j--;
		double x0 = ct_rec_num_of(&t->row[j], "threads"),
		       y0 = ct_rec_num_of(&t->row[j], "throughput_ops"),
		       x = ct_rec_num_of(&t->row[i], "threads");
		ct_rec_num(&t->row[i], "throughput_ops_ideal", y0 * x / x0);
	}
}

/* One word: gnuplot splits its lists on spaces, and a comma or a quote
 * would make the CSV field a quoted one, which gnuplot's strcol() keeps
 * the quotes of: "sysbench-mutex 2" -> "sysbench-mutex_2". */
static void one_word(char *s)
{
	for (; *s; s++)
		*s = *s == ' ' || *s == ',' || *s == '"' ? '_' : *s;
}

/*
 * g's series (every varying field but x: "mcs/cs_ns=100") and facet (the
 * series without the algorithm: "cs_ns=100", "all" if nothing is left).
 */
static void labels(const struct ct_group *g, const bool *vary, char *series,
		   char *facet, size_t len)
{
	const char *nf = ct_family_names_field(g->fam);
	const char *const skip_x[] = { g->fam->x, NULL };
	/* The wait policy names a series, not a figure of its own: a lock
	 * that ignores it (wait=native: pthread-mutex, Concurrency Kit)
	 * shares the chart with ours that spin or yield. */
	const char *const skip_xn[] = { g->fam->x, nf ? nf : "", "wait",
					g->fam->facet ? g->fam->facet : "",
					NULL };
	ct_group_label(g, vary, skip_x, "/", series, len);
	ct_group_label(g, vary, skip_xn, "/", facet, len);
	if (!*series)
		ct_rs_text(g->first, nf ? nf : g->fam->config[0], series, len);
	if (!*facet)
		snprintf(facet, len, "all");
	if (g->fam->facet) { /* "dining", "dining/philosophers=4" */
		/* a long program line keeps 150 characters (`name` shortens) */
		char lead[160], rest[160], both[256];
		ct_rs_text(g->first, g->fam->facet, lead, sizeof(lead));
		snprintf(rest, sizeof(rest), "%.90s", facet);
		snprintf(both, sizeof(both), "%.150s/%.90s", lead, rest);
		if (*lead && strcmp(rest, "all")) { /* cut to len */
			size_t n = strlen(both) < len ? strlen(both) : len - 1;
			memcpy(facet, both, n);
			facet[n] = 0;
		} else if (*lead)
			snprintf(facet, len, "%s", lead);
	}
	one_word(series);
	one_word(facet);
}

void ct_aggregate(const struct ct_rs *rs, const struct ct_family *fam,
		  struct ct_table *t)
{
	struct ct_group *g;
	unsigned n = ct_rs_group(rs, fam, &g);
	bool vary[64];
	double *buf = malloc((rs->nrows + 1) * sizeof(double));
	memset(t, 0, sizeof(*t));
	t->fam = fam;
	t->row = calloc(n + 1, sizeof(*t->row));
	t->series = calloc(n + 1, sizeof(*t->series));
	qsort_r(g, n, sizeof(*g), cmp_groups, (void *)fam);
	ct_groups_varying(g, n, vary);
	for (unsigned i = 0; i < n; i++) {
		char label[160], facet[160];
		labels(&g[i], vary, label, facet, sizeof(label));
		if (!t->nseries || strcmp(t->series[t->nseries - 1], label))
			snprintf(t->series[t->nseries++], sizeof(*t->series),
				 "%s", label);
		build_row(t, rs, &g[i], t->nseries - 1, facet, buf);
	}
	if (t->n)
		add_ideal(t);
	free(buf);
	ct_groups_free(g, n);
}

void ct_table_free(struct ct_table *t)
{
	free(t->row);
	free(t->series);
	memset(t, 0, sizeof(*t));
}

void ct_table_write(const struct ct_table *t, struct ct_sink *sink)
{
	for (unsigned i = 0; i < t->n; i++)
		ct_sink_write(sink, &t->row[i]);
}

unsigned ct_export_reps(const struct ct_rs *rs, const struct ct_family *fam,
			struct ct_sink *sink)
{
	static const char *const extra[] = { "knobs", "rep", "seq", NULL };
	unsigned n = 0;
	for (size_t i = 0; i < rs->nrows; i++) {
		const cJSON *o = rs->rows[i];
		const char *f = ct_rs_str(o, "family");
		if (!f || strcmp(f, fam->name))
			continue;
		struct ct_rec r;
		ct_rec_reset(&r);
		ct_rec_str(&r, "family", "%s", f);
		for (const char *const *k = fam->config; *k; k++)
			copy_field(&r, o, *k);
		for (const char *const *k = extra; *k; k++)
			copy_field(&r, o, *k);
		ct_rec_int(&r, "run", rs->run_of[i]);
		for (const char *const *m = fam->metrics; *m; m++)
			copy_field(&r, o, *m);
		ct_sink_write(sink, &r);
		n++;
	}
	return n;
}
