/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * lockpeers.c - see lockpeers.h.
 *
 * Why paired ratios: on a shared or virtualized host the throughput of a
 * 2-thread run moves by 2-5x between repetitions (vCPUs moved, a
 * neighbour's load), far more than any difference between two good
 * implementations. Ours and the peer run back to back inside every
 * repetition (in alternating order, see lockbench.c), so the ratio of the
 * two in one repetition cancels most of that drift; the median of those
 * ratios and its distribution-free interval say how sure the comparison
 * is.
 */
#include "lockpeers.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "locks/ops.h"
#include "harness/core/cli.h"
#include "harness/core/stats.h"

static const struct {
	const char *ours, *peer;
} pairs[] = {
#define PEER(ours, peer) { ours, peer },
#include "locks/PEERS"
#undef PEER
};

/* Our lock's peer in this build, or NULL. */
static const char *peer_of(const char *ours)
{
	for (size_t i = 0; i < CT_ARRAY_SIZE(pairs); i++)
		if (!strcmp(pairs[i].ours, ours) && ct_lock_ops_find(pairs[i].peer))
			return pairs[i].peer;
	return NULL;
}

static bool listed(const char **algos, unsigned n, const char *name)
{
	for (unsigned i = 0; i < n; i++)
		if (!strcmp(algos[i], name))
			return true;
	return false;
}

unsigned ct_lockpeers_expand(const char **algos, unsigned n, unsigned max)
{
	const char *out[256];
	unsigned k = 0, paired = 0;
	for (unsigned i = 0; i < n; i++) {
		const char *peer = peer_of(algos[i]);
		if (k + 2 > max || k + 2 > CT_ARRAY_SIZE(out))
			ct_usage_error("--peers: too many locks with their peers "
				       "(at most %u)", max);
		out[k++] = algos[i];
		if (peer && !listed(algos, n, peer) && !listed(out, k, peer))
			out[k++] = peer;
		paired += peer != NULL;
	}
	if (!paired) {
		char have[256] = "";
		for (size_t i = 0; i < CT_ARRAY_SIZE(pairs); i++)
			if (ct_lock_ops_find(pairs[i].peer))
				snprintf(have + strlen(have), sizeof(have) - strlen(have),
					 "%s%s", *have ? ", " : "", pairs[i].ours);
		if (!*have)
			ct_usage_error("--peers: this build has no Concurrency Kit "
				       "rows (install libck-dev and rebuild)");
		ct_usage_error("--peers: none of the locks given has a "
			       "Concurrency Kit peer (those that do: %s)", have);
	}
	memcpy(algos, out, k * sizeof(*out));
	return k;
}

static int index_of(const struct ct_run_grid *g, const char *name)
{
	for (unsigned i = 0; i < g->nalgos; i++)
		if (!strcmp(g->algos[i], name))
			return (int)i;
	return -1;
}


void ct_paired_ratio_print(FILE *f, double median, double lo, double hi)
{
	fprintf(f, " %9.3f", median);
	if (isnan(lo))
		fprintf(f, " %16s", "-");
	else
		fprintf(f, "  [%5.3f, %5.3f]", lo, hi);
}

/* Median [lo, hi] of v_ours / v_peer over the repetitions both measured. */
static double paired_ratio(const struct ct_run_grid *g, const double *v,
			   unsigned ours, unsigned peer, unsigned t,
			   double *lo, double *hi)
{
	return ct_paired_ratio_ci(v + ((size_t)ours * g->nthreads + t) * g->reps,
			       v + ((size_t)peer * g->nthreads + t) * g->reps,
			       g->reps, lo, hi);
}

enum ct_peer_verdict ct_peer_judge(double med, double lo, double hi,
				   double bar, bool at_least)
{
	if (isnan(med))
		return CT_PEER_FAIL;
	if (isnan(lo))
		lo = hi = med;
	bool clears = at_least ? lo >= bar : hi <= bar;
	bool misses = at_least ? hi < bar : lo > bar;
	return clears ? CT_PEER_OK : misses ? CT_PEER_FAIL : CT_PEER_UNRESOLVED;
}

/* "ok", "fail: throughput", "unresolved: uncontended", ... */
static void print_verdict(FILE *f, enum ct_peer_verdict thr,
			  enum ct_peer_verdict unc)
{
	enum ct_peer_verdict worst = thr > unc ? thr : unc;
	if (worst == CT_PEER_OK) {
		fputs("  ok\n", f);
		return;
	}
	fprintf(f, "  %s: %s%s%s\n", worst == CT_PEER_FAIL ? "fail" : "unresolved",
		thr == worst ? "throughput" : "",
		thr == worst && unc == worst ? "," : "",
		unc == worst ? "uncontended" : "");
}

void ct_lockpeers_print(const struct ct_peer_runs *r, FILE *f)
{
	const struct ct_run_grid *g = &r->g;
	fprintf(f, "\n# peers: ours / Concurrency Kit, paired per repetition "
		   "(median and 95%% interval of %u ratios)\n"
		   "# ok: throughput ratio >= %.2f and uncontended ratio <= %.2f "
		   "over the whole interval; fail: the interval misses the bar; "
		   "unresolved: it contains the bar\n",
		g->reps, CT_PEER_MIN_THROUGHPUT, CT_PEER_MAX_UNCONTENDED);
	fprintf(f, "%10s %12s %4s %9s %16s %9s %16s  %s\n", "ours", "peer", "thr",
		"thr_ratio", "95% interval", "unc_ratio", "95% interval", "verdict");
	for (unsigned i = 0; i < g->nalgos; i++) {
		const char *peer = peer_of(g->algos[i]);
		int p = peer ? index_of(g, peer) : -1;
		if (p < 0)
			continue;
		for (unsigned t = 0; t < g->nthreads; t++) {
			double tlo, thi, ulo, uhi;
			double thr = paired_ratio(g, r->throughput, i, (unsigned)p,
						  t, &tlo, &thi);
			double unc = paired_ratio(g, r->uncontended, i, (unsigned)p,
						  t, &ulo, &uhi);
			fprintf(f, "%10s %12s %4u", g->algos[i], peer, g->threads[t]);
			ct_paired_ratio_print(f, thr, tlo, thi);
			ct_paired_ratio_print(f, unc, ulo, uhi);
			print_verdict(f, ct_peer_judge(thr, tlo, thi,
						       CT_PEER_MIN_THROUGHPUT, true),
				      ct_peer_judge(unc, ulo, uhi,
						    CT_PEER_MAX_UNCONTENDED, false));
		}
	}
}
