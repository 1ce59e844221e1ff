/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * lockbare.c - see lockbare.h.
 */
#include "lockbare.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "harness/core/stats.h"
#include "harness/core/team.h"
#include "locks/inline.h"
#include "lockset.h"

/* Operations between two reads of the team's phase. */
enum { BARE_CHUNK = 256 };

struct bare_run {
	struct ct_team team;
	struct ct_lockset set;
	uint64_t *ops; /* ops[tid], measured window; UINT64_MAX: setup failed */
};

typedef void (*lock_fn)(void *lock, void *ctx);

static ct_always_inline void bare_loop(struct ct_worker *w, lock_fn acquire,
				       lock_fn release)
{
	struct bare_run *r = w->arg;
	struct ct_lockctx cx;
	bool ok = ct_lockctx_init(&cx, &r->set, w->tid) == 0;
	unsigned phase = ct_team_wait_start(&r->team);
	if (!ok) {
		r->ops[w->tid] = UINT64_MAX;
		return;
	}
	void *lock = ct_lockset_lock(&r->set, 0), *ctx = cx.ctx[0];
	uint64_t *counter = ct_lockset_data(&r->set, 0);
	uint64_t count = 0, measure_from = phase == CT_PHASE_MEASURE ? 0 : ~0ull;
	while (phase != CT_PHASE_STOP) {
		for (unsigned i = 0; i < BARE_CHUNK; i++) {
			acquire(lock, ctx);
			(*counter)++; /* lock-protected: ordered by acquire/release */
			release(lock, ctx);
			count++;
		}
		unsigned p = ct_team_phase(&r->team);
		if (p == CT_PHASE_MEASURE && phase != p)
			measure_from = count;
		phase = p;
	}
	/* STOP before MEASURE was seen: nothing measured */
	r->ops[w->tid] = measure_from == ~0ull ? 0 : count - measure_from;
	ct_lockctx_destroy(&cx);
}

#define LOCK(id, str, flags, try)                                             \
	static void bare_loop_##id(struct ct_worker *w)                       \
	{                                                                     \
		bare_loop(w, ct_lockop_##id##_acquire, ct_lockop_##id##_release); \
	}
#include "locks/LIST"
#undef LOCK

static const struct {
	const char *name;
	ct_worker_fn fn;
} bare_loops[] = {
#define LOCK(id, str, flags, try) { str, bare_loop_##id },
#include "locks/LIST"
#undef LOCK
};

double ct_lockbare_run(const struct ct_lock_ops *ops,
		       const struct ct_lock_cfg *cfg, unsigned n,
		       const int *cpus, const int *numa, double warmup_s,
		       double duration_s, char *err, size_t errlen)
{
	ct_worker_fn fn = NULL;
	for (size_t i = 0; i < CT_ARRAY_SIZE(bare_loops); i++)
		if (!strcmp(bare_loops[i].name, ops->name))
			fn = bare_loops[i].fn;
	struct ct_lock_cfg lcfg = *cfg;
	lcfg.max_threads = n;
	struct bare_run r;
	memset(&r, 0, sizeof(r));
	r.ops = calloc(n, sizeof(*r.ops));
	if (!fn || !r.ops ||
	    ct_lockset_init(&r.set, ops, 1, 1, &lcfg, numa[0], err, errlen)) {
		if (!fn)
			snprintf(err, errlen, "no bare loop for %s", ops->name);
		else if (!r.ops)
			snprintf(err, errlen, "out of memory");
		free(r.ops);
		return NAN;
	}
	double thr = NAN;
	if (!ct_team_run(&r.team, n, cpus, numa, fn, &r, warmup_s, duration_s,
			 0, err, errlen)) {
		uint64_t total = 0;
		for (unsigned i = 0; i < n && total != UINT64_MAX; i++)
			total = r.ops[i] == UINT64_MAX ? UINT64_MAX : total + r.ops[i];
		double secs = (double)(r.team.measure_end_ns -
				       r.team.measure_start_ns) / 1e9;
		if (total == UINT64_MAX)
			snprintf(err, errlen, "a thread could not set up its context");
		else
			thr = (double)total / secs;
	}
	ct_lockset_destroy(&r.set);
	free(r.ops);
	return thr;
}

void ct_lockbare_print(const struct ct_bare_runs *r, FILE *f)
{
	fprintf(f, "\n# bare loop: our loop's throughput / the bare loop's "
		   "(acquire; counter++; release; count++),\n# paired per "
		   "repetition (median and 95%% interval of %u ratios); ok: >= %.2f\n",
		r->reps, CT_BARE_MIN_RATIO);
	fprintf(f, "%14s %4s %9s %16s  %s\n", "algo", "thr", "ratio",
		"95% interval", "verdict");
	double *ratio = calloc(r->reps, sizeof(*ratio));
	for (unsigned a = 0; ratio && a < r->nalgos; a++) {
		for (unsigned t = 0; t < r->nthreads; t++) {
			size_t at = ((size_t)a * r->nthreads + t) * r->reps;
			for (unsigned i = 0; i < r->reps; i++)
				ratio[i] = r->ours[at + i] / r->bare[at + i];
			double lo, hi, med = ct_median_ci(ratio, r->reps, &lo, &hi);
			fprintf(f, "%14s %4u %9.3f", r->algos[a], r->threads[t], med);
			if (isnan(lo))
				fprintf(f, " %16s", "-");
			else
				fprintf(f, "  [%5.3f, %5.3f]", lo, hi);
			fprintf(f, "  %s\n", med >= CT_BARE_MIN_RATIO ? "ok" : "low");
		}
	}
	free(ratio);
}
