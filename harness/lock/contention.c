/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * contention.c - see contention.h.
 */
#include "contention.h"

#include <math.h>
#include <string.h>

#include "coherence.h"
#include "locks/all.h"

static const struct {
	const char *name;
	double (*transfers)(double waiters, unsigned threads);
} designs[] = {
#define LOCK(id, str, flags, try) { str, ct_lock_##id##_transfers },
#include "locks/LIST"
#undef LOCK
};

double ct_lock_design_transfers(const char *name, double waiters,
				unsigned threads)
{
	for (size_t i = 0; i < CT_ARRAY_SIZE(designs); i++)
		if (!strcmp(designs[i].name, name))
			return waiters > 0 ? designs[i].transfers(waiters, threads) : 0;
	return NAN;
}

double ct_contention_design(const char *name, double contended_share,
			    double waiters_at_release, unsigned threads)
{
	if (!(contended_share > 0) || !(waiters_at_release > 0))
		return isnan(ct_lock_design_transfers(name, 1, threads)) ? NAN : 0;
	double w = waiters_at_release / contended_share;
	return contended_share * ct_lock_design_transfers(name, w < 1 ? 1 : w,
							  threads);
}

double ct_miss_per_transfer(double misses_per_op, double transfers_per_acquire)
{
	if (!isfinite(misses_per_op) || !isfinite(transfers_per_acquire) ||
	    !(transfers_per_acquire > 0))
		return NAN;
	return misses_per_op / transfers_per_acquire;
}

_Static_assert(CT_CC_CYCLES % (CT_LOCK_CTM_PASS_MAX + 1) == 0,
	       "the checks must count whole c-tkt-mcs periods");

bool ct_contention_matches(double counted, double design)
{
	return fabs(counted - design) < 1e-9;
}

bool ct_contention_exact(const struct ct_cc_result *r, double design)
{
	if (design == floor(design)) /* the same every cycle */
		return r->min_cycle == design && r->max_cycle == design &&
		       ct_contention_matches(r->transfers, design);
	return ct_contention_matches(r->transfers, design); /* periodic */
}

bool ct_contention_near(double counted, double design)
{
	return fabs(counted - design) <= CT_CC_FREE_TOLERANCE * design;
}

double ct_contention_design_counted(const char *name,
				    const struct ct_cc_result *r)
{
	double sum = 0;
	for (unsigned w = 1; w <= r->threads; w++)
		if (r->releases_with[w])
			sum += r->releases_with[w] *
			       ct_lock_design_transfers(name, w, r->threads);
	return sum / r->cycles;
}

int ct_contention_count(const char *const *algos, unsigned nalgos,
			const unsigned *threads, unsigned nthreads,
			uint64_t seed, FILE *f)
{
	const unsigned cycles = seed ? CT_CC_FREE_CYCLES : CT_CC_CYCLES;
	int bad = 0;
	if (seed)
		fprintf(f, "# coherence transfers per acquisition: counting build, "
			   "free schedule (seed %llu: random order, 1 to threads - 1 "
			   "waiters; %u cycles after %u), vs design at each "
			   "release's waiters; ok within %.0f%%\n",
			(unsigned long long)seed, cycles, CT_CC_WARMUP,
			100 * CT_CC_FREE_TOLERANCE);
	else
		fprintf(f, "# coherence transfers per acquisition: counting build, "
			   "deterministic schedule (%u cycles after %u), vs design\n",
			cycles, CT_CC_WARMUP);
	fprintf(f, "%14s %4s %7s %9s %9s %8s %8s %8s %8s  %s\n", "algo", "thr",
		"waiters", "counted", "design", "min", "max", "rmw/acq",
		"read/acq", "verdict");
	for (unsigned a = 0; a < nalgos; a++) {
		if (!ct_cc_supported(algos[a])) {
			fprintf(f, "%14s  (not a spinning lock of ours: not "
				   "counted)\n", algos[a]);
			continue;
		}
		for (unsigned t = 0; t < nthreads; t++) {
			struct ct_cc_result r;
			char err[256], verdict[32];
			if (ct_cc_count(algos[a], threads[t], CT_CC_WARMUP, cycles,
					seed, &r, err, sizeof(err))) {
				fprintf(f, "%14s %4u  error: %s\n", algos[a],
					threads[t], err);
				bad = 1;
				if (strstr(err, "parking") || strstr(err, "waiting"))
					return 1; /* threads left spinning */
				continue;
			}
			double d = ct_contention_design_counted(algos[a], &r);
			/* NAN: the header has no design figure; counted only */
			bool modelled = !isnan(d);
			bool ok = seed ? ct_contention_near(r.transfers, d)
				       : ct_contention_exact(&r, d);
			bad |= modelled && !ok;
			if (!modelled)
				snprintf(verdict, sizeof(verdict), "not modelled");
			else if (seed && d > 0)
				snprintf(verdict, sizeof(verdict), "%s (%+.1f%%)",
					 ok ? "ok" : "OFF",
					 100 * (r.transfers / d - 1));
			else
				snprintf(verdict, sizeof(verdict), "%s",
					 ok ? "ok" : "MISMATCH");
			fprintf(f, "%14s %4u %7.2f %9.3f %9.3f %8.0f %8.0f %8.3f "
				   "%8.3f  %s\n", algos[a], threads[t], r.waiters,
				r.transfers, d, r.min_cycle, r.max_cycle, r.rmws,
				r.reads, verdict);
		}
	}
	return bad;
}
