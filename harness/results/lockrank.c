/* SPDX-License-Identifier: BSD-2-Clause */
#include "lockrank.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "harness/core/stats.h"

#define RANK_MAX_REPS 256

/* Per-repetition values of a candidate, by metric. */
enum { M_THR, M_HAND_C2C, M_HAND_NS, M_JAIN, M_UNC, M_CPUS, M_XFER, M_N };
static const char *const metric_keys[M_N] = {
	"throughput_ops", "handoff_c2c", "handoff_ns", "jain",
	"uncontended_ns", "cpus_distinct", "transfers_per_acquire",
};

/* One lock at one thread count in one run. */
struct cand {
	unsigned run, threads, n;
	const char *algo, *wait;
	int rep[RANK_MAX_REPS];
	double v[M_N][RANK_MAX_REPS];
	double med[M_N];
};

struct cands {
	struct cand *c;
	unsigned n, cap;
};

static struct cand *find_or_add(struct cands *cs, unsigned run,
				unsigned threads, const char *algo,
				const char *wait)
{
	for (unsigned i = 0; i < cs->n; i++) {
		struct cand *c = &cs->c[i];
		if (c->run == run && c->threads == threads &&
		    !strcmp(c->algo, algo) && !strcmp(c->wait, wait))
			return c;
	}
	if (cs->n == cs->cap) {
		cs->cap = cs->cap * 2 + 16;
		cs->c = realloc(cs->c, cs->cap * sizeof(*cs->c));
		if (!cs->c)
			abort();
	}
	struct cand *c = &cs->c[cs->n++];
	memset(c, 0, sizeof(*c));
	c->run = run, c->threads = threads, c->algo = algo, c->wait = wait;
	return c;
}

/* Every lock that excludes (not the null lock, not the hidden negative
 * control), by (run, threads, algo, wait). */
static void collect(const struct ct_rs *rs, struct cands *cs)
{
	for (size_t i = 0; i < rs->nrows; i++) {
		const cJSON *r = rs->rows[i];
		const char *fam = ct_rs_str(r, "family"),
			   *algo = ct_rs_str(r, "algo"), *wait = ct_rs_str(r, "wait");
		double threads = ct_rs_num(r, "threads");
		if (!fam || strcmp(fam, "lock") || !algo || !wait ||
		    !strcmp(algo, "null") || !strcmp(algo, "broken") ||
		    !(threads >= 1) || !isfinite(ct_rs_num(r, "throughput_ops")))
			continue;
		struct cand *c = find_or_add(cs, rs->run_of[i], (unsigned)threads,
					     algo, wait);
		if (c->n == RANK_MAX_REPS)
			continue;
		double rep = ct_rs_num(r, "rep");
		c->rep[c->n] = isfinite(rep) ? (int)rep : -1 - (int)c->n;
		for (unsigned m = 0; m < M_N; m++)
			c->v[m][c->n] = ct_rs_num(r, metric_keys[m]);
		c->n++;
	}
	for (unsigned i = 0; i < cs->n; i++)
		for (unsigned m = 0; m < M_N; m++)
			cs->c[i].med[m] = ct_median_finite(cs->c[i].v[m],
							   cs->c[i].n, NULL);
}

static int by_threads_then_throughput(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;
	if (x->threads != y->threads)
		return x->threads < y->threads ? -1 : 1;
	return (x->med[M_THR] < y->med[M_THR]) - (x->med[M_THR] > y->med[M_THR]);
}

/* "tas", "ttas --wait yield": how a user would ask for the row again. */
static void name(const struct cand *c, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s", c->algo,
		 !strcmp(c->wait, "yield") ? " --wait yield" : "");
}

/* How sure best > runner-up is, into verdict; the ratio's text into how. */
static void judge(const struct cand *b, const struct cand *r, char *how,
		  size_t hlen, char *verdict, size_t vlen)
{
	if (b->run != r->run) { /* no pairing across runs */
		double bmin = INFINITY, rmax = -INFINITY;
		for (unsigned i = 0; i < b->n; i++)
			bmin = fmin(bmin, b->v[M_THR][i]);
		for (unsigned i = 0; i < r->n; i++)
			rmax = fmax(rmax, r->v[M_THR][i]);
		snprintf(how, hlen, "%.3f (ratio of medians; different runs, "
			 "not paired)", b->med[M_THR] / r->med[M_THR]);
		snprintf(verdict, vlen, "%s", bmin > rmax ?
			 "resolved: ahead in every repetition" : "unresolved");
		return;
	}
	double ratio[RANK_MAX_REPS], lo, hi;
	unsigned n = 0;
	for (unsigned i = 0; i < b->n; i++)
		for (unsigned j = 0; j < r->n; j++)
			if (b->rep[i] == r->rep[j])
				ratio[n++] = b->v[M_THR][i] / r->v[M_THR][j];
	double med = ct_median_ci(ratio, n, &lo, &hi);
	if (isnan(lo)) {
		snprintf(how, hlen, "%.3f over %u paired repetitions", med, n);
		snprintf(verdict, vlen, "unresolved (an interval needs 6 "
			 "repetitions or more)");
	} else {
		snprintf(how, hlen, "%.3f [%.3f, %.3f] over %u paired "
			 "repetitions", med, lo, hi, n);
		snprintf(verdict, vlen, "%s", lo > 1 ? "resolved" : "unresolved");
	}
}

/* "ticket 8.1 vs mcs 3.0": design coherence transfers per acquisition at
 * the run's waiters (contention.h); n/a for a lock without a design. */
static const char *transfers(const char *bn, const struct cand *b,
			     const char *rn, const struct cand *r, char *buf,
			     size_t len)
{
	char x[2][16];
	const struct cand *c[2] = { b, r };
	for (unsigned i = 0; i < 2; i++)
		if (isfinite(c[i]->med[M_XFER]))
			snprintf(x[i], sizeof(x[i]), "%.1f", c[i]->med[M_XFER]);
		else
			snprintf(x[i], sizeof(x[i]), "n/a");
	snprintf(buf, len, "%s %s vs %s %s", bn, x[0], rn, x[1]);
	return buf;
}

/* The reason, in machine terms, for thread count t's order. */
static void why(const struct cand *all, unsigned n, const struct cand *b,
		const struct cand *r, FILE *f)
{
	char bn[80], rn[80], xf[200];
	name(b, bn, sizeof(bn));
	name(r, rn, sizeof(rn));
	transfers(bn, b, rn, r, xf, sizeof(xf));
	double cpus = b->med[M_CPUS];
	if (b->threads == 1) {
		fprintf(f, "    why: one thread, no handoff: only the cost of "
			   "an acquire+release differs (uncontended %s %.1f ns, "
			   "%s %.1f ns)\n", bn, b->med[M_UNC], rn, r->med[M_UNC]);
		return;
	}
	if (isfinite(cpus) && b->threads > cpus) {
		const struct cand *slow = b;
		for (unsigned i = 0; i < n; i++)
			if (all[i].med[M_THR] < slow->med[M_THR])
				slow = &all[i];
		char sn[80];
		name(slow, sn, sizeof(sn));
		transfers(bn, b, sn, slow, xf, sizeof(xf));
		fprintf(f, "    why: oversubscribed, %u threads on %.0f CPUs: a "
			   "lock that hands off to a waiter the scheduler has "
			   "preempted waits for its time slice (slowest: %s, "
			   "%#.3g Mops/s, jain %.2f); %s lets a running thread "
			   "take it (jain %.2f). Preemption, not traffic, sets "
			   "this order (transfers per acquisition %s)\n",
			b->threads, cpus, sn, slow->med[M_THR] / 1e6,
			slow->med[M_JAIN], bn, b->med[M_JAIN], xf);
		return;
	}
	fprintf(f, "    why: handoff %.2f c2c round trips (%.0f ns) for %s vs "
		   "%.2f (%.0f ns) for %s; transfers per acquisition %s; "
		   "fairness (jain) %.2f vs %.2f%s\n",
		b->med[M_HAND_C2C], b->med[M_HAND_NS], bn, r->med[M_HAND_C2C],
		r->med[M_HAND_NS], rn, xf, b->med[M_JAIN], r->med[M_JAIN],
		b->med[M_JAIN] < 0.9 ? ": the winner is unfair, a releasing "
				       "thread often takes the lock again while "
				       "its line is still local, saving handoffs"
				     : "");
}

static double median_c2c_ref(const struct ct_rs *rs)
{
	double v[CT_RS_MAX_RUNS];
	for (unsigned i = 0; i < rs->nruns; i++)
		v[i] = rs->runs[i].c2c_ref;
	return ct_median_finite(v, rs->nruns, NULL);
}

unsigned ct_lockrank_print(const struct ct_rs *rs, FILE *f)
{
	struct cands cs = { 0 };
	unsigned counts = 0;
	collect(rs, &cs);
	qsort(cs.c, cs.n, sizeof(*cs.c), by_threads_then_throughput);
	if (cs.n)
		fprintf(f, "# which lock, per thread count: the fastest (median "
			   "throughput) and the runner-up; best/runner-up is the "
			   "median of their paired per-repetition ratios [95%% "
			   "interval]; c2c_ref %.0f ns\n", median_c2c_ref(rs));
	for (unsigned i = 0; i < cs.n;) {
		unsigned j = i;
		while (j < cs.n && cs.c[j].threads == cs.c[i].threads)
			j++;
		const struct cand *b = &cs.c[i];
		char bn[80], rn[80], how[160], verdict[96];
		name(b, bn, sizeof(bn));
		counts++;
		if (j - i < 2) {
			fprintf(f, "%3u thread%s: %s %#.3g Mops/s, the only lock "
				   "measured\n", b->threads, b->threads > 1 ? "s" : "",
				bn, b->med[M_THR] / 1e6);
			i = j;
			continue;
		}
		const struct cand *r = &cs.c[i + 1];
		name(r, rn, sizeof(rn));
		judge(b, r, how, sizeof(how), verdict, sizeof(verdict));
		fprintf(f, "%3u thread%s: 1. %s %#.3g Mops/s  2. %s %#.3g Mops/s  "
			   "best/runner-up %s: %s\n", b->threads,
			b->threads > 1 ? "s" : "", bn, b->med[M_THR] / 1e6, rn,
			r->med[M_THR] / 1e6, how, verdict);
		why(&cs.c[i], j - i, b, r, f);
		i = j;
	}
	free(cs.c);
	return counts;
}
