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
#include "harness/core/timing.h"
#include "locks/inline.h"
#include "lockset.h"

/* Operations between two reads of the team's phase. */
enum { BARE_CHUNK = 256 };

struct bare_run {
	struct ct_team team;
	struct ct_lockset set;
	uint64_t *ops; /* ops[tid], measured window; UINT64_MAX: setup failed */
	uint64_t *cpu_ns; /* cpu_ns[tid]: thread CPU time of the window */
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
	uint64_t cpu0 = ct_thread_cpu_ns();
	while (phase != CT_PHASE_STOP) {
		for (unsigned i = 0; i < BARE_CHUNK; i++) {
			acquire(lock, ctx);
			(*counter)++; /* lock-protected: ordered by acquire/release */
			release(lock, ctx);
			count++;
		}
		unsigned p = ct_team_phase(&r->team);
		if (p == CT_PHASE_MEASURE && phase != p) {
			measure_from = count;
			cpu0 = ct_thread_cpu_ns();
		}
		phase = p;
	}
	r->cpu_ns[w->tid] = ct_thread_cpu_ns() - cpu0;
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

int ct_lockbare_run(const struct ct_lock_ops *ops,
		    const struct ct_lock_cfg *cfg, unsigned n, const int *cpus,
		    const int *numa, double warmup_s, double duration_s,
		    struct ct_bare_result *res, char *err, size_t errlen)
{
	ct_worker_fn fn = NULL;
	for (size_t i = 0; i < CT_ARRAY_SIZE(bare_loops); i++)
		if (!strcmp(bare_loops[i].name, ops->name))
			fn = bare_loops[i].fn;
	struct ct_lock_cfg lcfg = *cfg;
	lcfg.max_threads = n;
	struct bare_run r;
	memset(&r, 0, sizeof(r));
	res->throughput = res->cpu_ns_per_op = NAN;
	r.ops = calloc(n, sizeof(*r.ops));
	r.cpu_ns = calloc(n, sizeof(*r.cpu_ns));
	if (!fn || !r.ops || !r.cpu_ns ||
	    ct_lockset_init(&r.set, ops, 1, 1, &lcfg, numa[0], err, errlen)) {
		if (!fn)
			snprintf(err, errlen, "no bare loop for %s", ops->name);
		else if (!r.ops || !r.cpu_ns)
			snprintf(err, errlen, "out of memory");
		free(r.ops), free(r.cpu_ns);
		return -1;
	}
	int rc = ct_team_run(&r.team, n, cpus, numa, fn, &r, warmup_s,
			     duration_s, 0, err, errlen);
	uint64_t total = 0, cpu = 0;
	for (unsigned i = 0; rc == 0 && i < n; i++) {
		if (r.ops[i] == UINT64_MAX) {
			snprintf(err, errlen, "a thread could not set up its context");
			rc = -1;
		}
		total += r.ops[i];
		cpu += r.cpu_ns[i];
	}
	if (rc == 0) {
		double secs = (double)(r.team.measure_end_ns -
				       r.team.measure_start_ns) / 1e9;
		res->throughput = (double)total / secs;
		res->cpu_ns_per_op = total ? (double)cpu / (double)total : NAN;
	}
	ct_lockset_destroy(&r.set);
	free(r.ops), free(r.cpu_ns);
	return rc;
}

void ct_lockbare_print(const struct ct_bare_runs *r, FILE *f)
{
	const struct ct_run_grid *g = &r->g;
	fprintf(f, "\n# bare loop: our loop / the bare loop (acquire; counter++; "
		   "release; count++), paired per repetition\n# (median and 95%% "
		   "interval of %u ratios): throughput, and operations per CPU "
		   "second; ok: throughput >= %.2f\n", g->reps, CT_BARE_MIN_RATIO);
	fprintf(f, "%14s %4s %9s %16s %9s %16s  %s\n", "algo", "thr", "thr_ratio",
		"95% interval", "cpu_ratio", "95% interval", "verdict");
	for (unsigned a = 0; a < g->nalgos; a++) {
		for (unsigned t = 0; t < g->nthreads; t++) {
			size_t at = ((size_t)a * g->nthreads + t) * g->reps;
			double lo, hi;
			double thr = ct_paired_ratio_ci(r->ours + at, r->bare + at,
						     g->reps, &lo, &hi);
			fprintf(f, "%14s %4u", g->algos[a], g->threads[t]);
			ct_paired_ratio_print(f, thr, lo, hi);
			/* CPU ns per op: bare / ours is ours' speed over bare's */
			double cpu = ct_paired_ratio_ci(r->bare_cpu + at,
						     r->ours_cpu + at, g->reps,
						     &lo, &hi);
			ct_paired_ratio_print(f, cpu, lo, hi);
			fprintf(f, "  %s\n", thr >= CT_BARE_MIN_RATIO ? "ok" : "low");
		}
	}
}
