/* SPDX-License-Identifier: BSD-2-Clause */
#include "apprank.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "harness/core/stats.h"

enum { AR_MAX_REPS = 256, AR_MAX_LOCKS = 32 };

struct ar_lock {
	const char *name;
	unsigned n, failed;
	int rep[AR_MAX_REPS];
	double speed[AR_MAX_REPS]; /* NaN: that run failed */
	double med;      /* median speed */
	double rank;     /* what the order is by: the paired speedup over
			  * pthread-mutex when it ran (1 for itself), else med */
	double lo, hi;   /* the speedup's interval (or range) */
	const char *why; /* a failed run's status */
};

/* One program in one results file (runs are never paired across files),
 * at one configuration: every config field but the lock. */
struct ar_prog {
	unsigned run;
	const char *program;
	char config[256]; /* "wait=yield placement=compact ncpus=0 knobs" */
	bool shared;      /* another group runs the same program: show config */
	unsigned nlocks;
	struct ar_lock lock[AR_MAX_LOCKS];
};

/* Record r's config fields other than program and lock. */
static void config_of(const cJSON *r, char *buf, size_t len)
{
	static const char *const keys[] = { "wait", "placement", "ncpus",
					    "knobs", NULL };
	size_t u = 0;
	buf[0] = 0;
	for (const char *const *k = keys; *k && u < len; k++) {
		char v[128];
		ct_rs_text(r, *k, v, sizeof(v));
		u += (size_t)snprintf(buf + u, len - u, "%s%s=%s", u ? " " : "",
				      *k, v);
	}
}

static struct ar_lock *lock_of(struct ar_prog *p, const char *name)
{
	for (unsigned i = 0; i < p->nlocks; i++)
		if (!strcmp(p->lock[i].name, name))
			return &p->lock[i];
	if (p->nlocks == AR_MAX_LOCKS)
		return NULL;
	struct ar_lock *l = &p->lock[p->nlocks++];
	memset(l, 0, sizeof(*l));
	l->name = name;
	return l;
}

static unsigned collect(const struct ct_rs *rs, struct ar_prog **out)
{
	struct ar_prog *ps = NULL;
	unsigned n = 0;
	for (size_t i = 0; i < rs->nrows; i++) {
		const cJSON *r = rs->rows[i];
		const char *fam = ct_rs_str(r, "family"), *prog = ct_rs_str(r, "program"),
			   *lock = ct_rs_str(r, "lock"), *status = ct_rs_str(r, "status");
		/* per-repetition records only (a run's summary rows have none) */
		if (!fam || strcmp(fam, "run") || !prog || !lock || !status ||
		    !isfinite(ct_rs_num(r, "rep")))
			continue;
		char config[256];
		config_of(r, config, sizeof(config));
		unsigned k = 0;
		while (k < n && !(ps[k].run == rs->run_of[i] &&
				  !strcmp(ps[k].program, prog) &&
				  !strcmp(ps[k].config, config)))
			k++;
		if (k == n) {
			ps = realloc(ps, (n + 1) * sizeof(*ps));
			if (!ps)
				abort();
			memset(&ps[n], 0, sizeof(*ps));
			ps[n].run = rs->run_of[i];
			ps[n].program = prog;
			snprintf(ps[n++].config, sizeof(ps->config), "%s", config);
		}
		struct ar_lock *l = lock_of(&ps[k], lock);
		if (!l || l->n == AR_MAX_REPS)
			continue;
		l->rep[l->n] = (int)ct_rs_num(r, "rep");
		l->speed[l->n++] = strcmp(status, "ok") ? NAN : ct_rs_num(r, "speed");
		if (strcmp(status, "ok")) {
			l->failed++;
			l->why = status;
		}
	}
	for (unsigned k = 0; k < n; k++)
		for (unsigned j = 0; j < n; j++)
			ps[k].shared |= j != k && ps[j].run == ps[k].run &&
					!strcmp(ps[j].program, ps[k].program);
	for (unsigned k = 0; k < n; k++)
		for (unsigned j = 0; j < ps[k].nlocks; j++) {
			struct ar_lock *l = &ps[k].lock[j];
			l->med = ct_median_finite(l->speed, l->n, NULL);
		}
	*out = ps;
	return n;
}

/* a / b paired by repetition: median, interval (below 6: the range). */
static double paired(const struct ar_lock *a, const struct ar_lock *b,
		     double *lo, double *hi, unsigned *npairs)
{
	double ratio[AR_MAX_REPS] = { 0 };
	unsigned n = 0;
	/* one record per (lock, rep) in a group; the cap is a guard */
	for (unsigned i = 0; i < a->n; i++)
		for (unsigned j = 0; j < b->n && n < AR_MAX_REPS; j++)
			if (a->rep[i] == b->rep[j] && isfinite(a->speed[i]) &&
			    isfinite(b->speed[j]))
				ratio[n++] = a->speed[i] / b->speed[j];
	*npairs = n;
	return ct_median_ci_or_range(ratio, n, lo, hi, NULL);
}

static int by_rank(const void *a, const void *b)
{
	const struct ar_lock *x = a, *y = b;
	double u = isfinite(x->rank) ? x->rank : -1;
	double v = isfinite(y->rank) ? y->rank : -1;
	return (u < v) - (u > v);
}

/* Each lock's rank: its paired speedup over pthread-mutex (the figure the
 * line prints), or its median speed when pthread-mutex did not run. */
static void rank(struct ar_prog *p)
{
	const struct ar_lock *ref = NULL;
	for (unsigned i = 0; i < p->nlocks; i++)
		if (!strcmp(p->lock[i].name, "pthread-mutex") &&
		    isfinite(p->lock[i].med)) /* it failed every run: no ref */
			ref = &p->lock[i];
	for (unsigned i = 0; i < p->nlocks; i++) {
		struct ar_lock *l = &p->lock[i];
		unsigned np;
		l->lo = l->hi = NAN;
		if (!ref)
			l->rank = l->med;
		else if (l == ref)
			l->rank = isfinite(l->med) ? 1 : NAN;
		else
			l->rank = isfinite(l->med) ? paired(l, ref, &l->lo, &l->hi, &np)
						   : NAN;
	}
}

static void print_prog(struct ar_prog *p, FILE *f)
{
	rank(p);
	qsort(p->lock, p->nlocks, sizeof(p->lock[0]), by_rank);
	fprintf(f, "  %s%s%s%s:", p->program, p->shared ? " [" : "",
		p->shared ? p->config : "", p->shared ? "]" : "");
	for (unsigned i = 0; i < p->nlocks; i++) {
		const struct ar_lock *l = &p->lock[i];
		if (!isfinite(l->rank))
			continue;
		if (isfinite(l->lo))
			fprintf(f, "  %u. %s %.3f [%.3f, %.3f]", i + 1, l->name,
				l->rank, l->lo, l->hi);
		else
			fprintf(f, "  %u. %s %.3g", i + 1, l->name, l->rank);
	}
	fputc('\n', f);
	if (p->nlocks > 1 && isfinite(p->lock[1].rank)) {
		double lo, hi;
		unsigned np;
		double r = paired(&p->lock[0], &p->lock[1], &lo, &hi, &np);
		bool ci = np >= 6;
		fprintf(f, "    best/runner-up %.3f [%.3f, %.3f] over %u paired "
			   "repetitions (%s): %s\n", r, lo, hi, np,
			ci ? "95% interval" : "range",
			!ci ? "unresolved (an interval needs 6 repetitions or "
			      "more)" : lo > 1 ? "resolved" : "unresolved");
	}
	for (unsigned i = 0; i < p->nlocks; i++)
		if (p->lock[i].failed)
			fprintf(f, "    %s failed %u of %u runs (%s)\n",
				p->lock[i].name, p->lock[i].failed, p->lock[i].n,
				p->lock[i].why);
}

unsigned ct_apprank_print(const struct ct_rs *rs, FILE *f)
{
	struct ar_prog *ps;
	unsigned n = collect(rs, &ps);
	if (n)
		fprintf(f, "# best lock per program: each lock's speed over "
			   "pthread-mutex's, the median of paired per-repetition "
			   "ratios [95%% interval; the range below 6 repetitions]\n");
	for (unsigned k = 0; k < n; k++)
		print_prog(&ps[k], f);
	free(ps);
	return n;
}
