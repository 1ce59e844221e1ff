/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The measured loop. Each LIST row gets its own copy of bb_loop() with the
 * algorithm's wait() inlined (no indirect call in the loop).
 *
 * One episode, on every thread: busy work (work_ns; the episode's late
 * thread, k mod P, adds skew_ns) -> wait(). One episode in `sample` is
 * timed on every thread: an arrival stamp just before wait() and a
 * departure stamp just after. Afterwards, per timed episode,
 *   latency = last departure - last arrival - timer cost,
 * the time the barrier adds after the last thread shows up: what a
 * bulk-synchronous program loses per superstep beyond its imbalance.
 * Episodes per second come from thread 0's clock over all measured
 * episodes, timed or not.
 *
 * Warm-up and stop: all threads must run the same episodes (one that
 * stops early leaves the others waiting forever), so the plan - first
 * measured episode, first episode not run - lives in a shared line that
 * only thread 0 writes, after leaving episode k, and only to k + 2 or
 * later. Everyone reads it after leaving each episode; barrier k + 1
 * orders thread 0's store before every read that decides episode k + 2,
 * so all threads agree on every decision that matters. Thread 0 cuts the
 * warm-up short after 20% of the time limit and stops at the limit.
 */
#include "barrierbench.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "barriers/inline.h"
#include "harness/core/c2c.h"
#include "harness/core/c2cref.h"
#include "harness/core/counters.h"
#include "harness/core/driver.h"
#include "harness/core/fingerprint.h"
#include "harness/core/hist.h"
#include "harness/core/mem.h"
#include "harness/core/stats.h"
#include "harness/core/team.h"
#include "harness/core/timing.h"

/* ---- the barrier instance --------------------------------------------- */

int ct_barrier_inst_init(struct ct_barrier_inst *in,
			 const struct ct_barrier_ops *ops,
			 const struct ct_barrier_cfg *cfg, int node, char *err,
			 size_t errlen)
{
	memset(in, 0, sizeof(*in));
	in->ops = ops;
	in->cfg = *cfg;
	in->bar_bytes = ct_pad_size(ops->bar_size);
	in->ctx_bytes = ct_pad_size(ops->ctx_size);
	in->bar = ct_mem_alloc(in->bar_bytes, node);
	in->ctx = calloc(cfg->nthreads, sizeof(*in->ctx));
	int rc = in->bar && in->ctx ? ops->init(in->bar, cfg) : -ENOMEM;
	if (rc) {
		snprintf(err, errlen, "%s with %u threads: %s", ops->name,
			 cfg->nthreads, strerror(-rc));
		if (in->bar)
			ct_mem_free(in->bar, in->bar_bytes);
		free(in->ctx);
		return -1;
	}
	atomic_init(&in->failed, 0);
	return 0;
}

void ct_barrier_inst_join(struct ct_barrier_inst *in, unsigned tid)
{
	void *ctx = ct_mem_alloc(in->ctx_bytes, -1);
	if (!ctx) {
		atomic_fetch_add(&in->failed, 1);
		return;
	}
	in->ops->ctx_init(in->bar, ctx, tid);
	in->ctx[tid] = ctx; /* published by the team's start gate */
}

void ct_barrier_inst_destroy(struct ct_barrier_inst *in)
{
	in->ops->destroy(in->bar);
	for (unsigned i = 0; i < in->cfg.nthreads; i++)
		if (in->ctx[i])
			ct_mem_free(in->ctx[i], in->ctx_bytes);
	ct_mem_free(in->bar, in->bar_bytes);
	free(in->ctx);
}

/* ---- worker side ------------------------------------------------------- */

/* Thread 0's decisions (see the file comment). */
struct bb_plan {
	_Atomic uint64_t from ct_aligned(CT_PAD); /* first measured episode */
	_Atomic uint64_t stop;                     /* first episode not run */
};

struct bb_thread {
	uint64_t *stamp;   /* timed episode s: [2s] arrival, [2s+1] departure */
	uint64_t stamps;   /* timed episodes recorded */
	uint64_t t0, t1;   /* thread 0: leaving episodes from-1 and stop-1 */
	bool truncated;    /* thread 0: stopped by the time limit */
	bool measuring;    /* counters started at the first measured episode */
	struct ct_counters ctr; /* --counters: this thread's events */
} ct_aligned(CT_PAD);

struct bb_run {
	struct ct_team team;
	struct ct_barrier_inst inst;
	struct bb_plan plan;
	struct bb_thread *th; /* th[tid]; CT_PAD slots */
	uint64_t episodes, max_stamps;
	unsigned sample;
	unsigned counters; /* event mask, 0: none */
	uint64_t work_ticks, skew_ticks;
	uint64_t warm_ticks, limit_ticks; /* time budgets from the gate */
	uint64_t start;                   /* thread 0: ticks at the gate */
};

typedef void (*bar_fn)(void *bar, void *ctx);

static bool bb_setup(struct ct_worker *w, struct bb_run *r)
{
	struct bb_thread *me = &r->th[w->tid];
	me->stamp = ct_mem_alloc(r->max_stamps * 2 * sizeof(uint64_t), -1);
	if (!me->stamp)
		atomic_fetch_add(&r->inst.failed, 1);
	else
		ct_barrier_inst_join(&r->inst, w->tid);
	if (r->counters) /* opened here, on the thread it counts */
		ct_counters_open(&me->ctr, r->counters, CT_CTR_THREAD);
	/* STOP at the gate: the team could not be started in full. */
	return ct_team_wait_start(&r->team) != CT_PHASE_STOP &&
	       atomic_load(&r->inst.failed) == 0;
}

/* Thread 0, after leaving episode k: move the plan if time says so. */
static void bb_pace(struct bb_run *r, uint64_t k, uint64_t from, uint64_t stop)
{
	if (k & 15) /* the clock is read every 16 episodes */
		return;
	uint64_t spent = ct_now() - r->start;
	/* relaxed: these stores precede our next arrival, and everyone
	 * reads the plan after leaving that episode (file comment). */
	if (k + 2 < from && spent >= r->warm_ticks) {
		atomic_store_explicit(&r->plan.from, k + 2, memory_order_relaxed);
		atomic_store_explicit(&r->plan.stop, k + 2 + r->episodes,
				      memory_order_relaxed);
	} else if (k + 2 < stop && spent >= r->limit_ticks) {
		atomic_store_explicit(&r->plan.stop, k + 2, memory_order_relaxed);
		r->th[0].truncated = true;
	}
}

/*
 * The first measured episode (the first timed one: `next` starts at, and
 * moves with, the plan's `from`): start the counters. Out of line and in
 * the timed branch, which runs one episode in `sample`, so untimed
 * episodes gain nothing; the start's syscalls delay this thread's first
 * measured arrival once.
 */
static ct_noinline void bb_measure_begin(struct bb_thread *me)
{
	me->measuring = true;
	if (me->ctr.mask)
		ct_counters_start(&me->ctr);
}

static ct_always_inline void bb_loop(struct ct_worker *w, bar_fn wait)
{
	struct bb_run *r = w->arg;
	if (!bb_setup(w, r))
		return; /* reported by the controller */
	const unsigned tid = w->tid, P = r->inst.cfg.nthreads;
	struct bb_thread *me = &r->th[tid];
	void *bar = r->inst.bar, *ctx = r->inst.ctx[tid];
	/* relaxed: set before the gate, which publishes them. */
	uint64_t from = atomic_load_explicit(&r->plan.from, memory_order_relaxed);
	uint64_t stop = atomic_load_explicit(&r->plan.stop, memory_order_relaxed);
	uint64_t next = from; /* next timed episode */
	unsigned late = 0;    /* whose turn it is to arrive late */

	if (tid == 0)
		r->start = me->t0 = ct_now();
	for (uint64_t k = 0; k < stop; k++) {
		ct_delay_ticks(r->work_ticks + (late == tid ? r->skew_ticks : 0));
		late = late + 1 == P ? 0 : late + 1;
		/* One call site: the algorithm inlines once per loop. */
		uint64_t *stamp = NULL;
		if (k == next && me->stamps < r->max_stamps) {
			if (ct_unlikely(!me->stamps))
				bb_measure_begin(me);
			stamp = &me->stamp[2 * me->stamps++];
			next += r->sample;
			stamp[0] = ct_now();
		}
		wait(bar, ctx);
		if (stamp)
			stamp[1] = ct_now();
		if (tid == 0) {
			if (k + 1 == from)
				me->t0 = ct_now();
			bb_pace(r, k, from, stop);
		}
		/* relaxed: see the file comment. */
		uint64_t f = atomic_load_explicit(&r->plan.from, memory_order_relaxed);
		stop = atomic_load_explicit(&r->plan.stop, memory_order_relaxed);
		if (f != from)
			from = next = f;
	}
	if (tid == 0)
		me->t1 = ct_now();
	if (me->measuring && me->ctr.mask)
		ct_counters_stop(&me->ctr);
}

#define BARRIER(id, str, flags)                                               \
	static void bb_bench_##id(struct ct_worker *w)                        \
	{                                                                     \
		bb_loop(w, ct_barrierop_##id##_wait);                         \
	}
#include "barriers/LIST"
#undef BARRIER

/* The measured loop of each ct_barrier_ops_table row. */
static const ct_worker_fn bb_bench[CT_BARRIER_COUNT] = {
#define BARRIER(id, str, flags) [CT_BARRIER_IDX_##id] = bb_bench_##id,
#include "barriers/LIST"
#undef BARRIER
};

void ct_barrierbench_defaults(struct ct_barrierbench_cfg *c)
{
	memset(c, 0, sizeof(*c));
	c->threads[0] = 1, c->threads[1] = 2;
	c->nthreads = 2;
	c->placement.kind = CT_PLACE_COMPACT;
	snprintf(c->placement.text, sizeof(c->placement.text), "compact");
	c->episodes = 100000;
	c->warmup = 1000;
	c->time_limit_s = 1.0;
	c->sample = 4;
	c->reps = 3;
	c->bar = CT_BARRIER_CFG_DEFAULT;
}

/* ---- controller side -------------------------------------------------- */

/* One run's figures for the summary table. */
enum { M_EPISODES, M_EPS, M_NSEP, M_P50, M_P99, M_MAX, M_XC2C, M_CYC, M_MISS,
       M_CTXSW, M_MIGR, M_N };
struct bb_point {
	double v[M_N];
};

static const char *bb_wait_name(const struct ct_barrierbench_cfg *c,
				unsigned flags)
{
	if (!(flags & CT_BARRIER_WAITS))
		return "native";
	return ct_wait_name(c->bar.wait.policy);
}

static void bb_release(struct bb_run *r, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		if (r->th[i].ctr.mask)
			ct_counters_close(&r->th[i].ctr);
		if (r->th[i].stamp)
			ct_mem_free(r->th[i].stamp,
				    r->max_stamps * 2 * sizeof(uint64_t));
	}
	ct_barrier_inst_destroy(&r->inst);
	free(r->th);
}

/* Timed episodes kept per thread at most (16 bytes each). */
#define BB_MAX_STAMPS (1u << 20)

/* 1 in how many episodes is timed: --sample, raised so the stamps of a
 * long run stay within BB_MAX_STAMPS. */
static unsigned bb_sample(const struct ct_barrierbench_cfg *c)
{
	uint64_t need = (c->episodes + BB_MAX_STAMPS - 1) / BB_MAX_STAMPS;
	return need > c->sample ? (unsigned)need : c->sample;
}

static int bb_execute(const struct ct_barrierbench_cfg *c,
		      const struct ct_barrier_ops *a, unsigned n, const int *cpus,
		      const int *numa, struct bb_run *r, char *err,
		      size_t errlen)
{
	struct ct_barrier_cfg bcfg = c->bar;
	bcfg.nthreads = n;
	memset(r, 0, sizeof(*r));
	r->episodes = c->episodes;
	r->sample = bb_sample(c);
	r->counters = c->counters;
	r->max_stamps = c->episodes / r->sample + 1;
	r->work_ticks = ct_ns_to_ticks((double)c->work_ns);
	r->skew_ticks = ct_ns_to_ticks((double)c->skew_ns);
	r->limit_ticks = ct_ns_to_ticks(c->time_limit_s * 1e9);
	r->warm_ticks = r->limit_ticks / 5;
	atomic_init(&r->plan.from, c->warmup);
	atomic_init(&r->plan.stop, c->warmup + c->episodes);
	r->th = aligned_alloc(CT_PAD, n * sizeof(*r->th));
	if (!r->th ||
	    ct_barrier_inst_init(&r->inst, a, &bcfg, numa[0], err, errlen)) {
		free(r->th);
		return -1;
	}
	memset(r->th, 0, n * sizeof(*r->th));
	/* Watchdog: a correct barrier never runs past the time limit by
	 * more than 16 episodes; one that does has hung. */
	int rc = ct_team_run(&r->team, n, cpus, numa,
			     bb_bench[a - ct_barrier_ops_table], r, 0, 0,
			     c->time_limit_s + 60, err, errlen);
	if (rc && r->team.nthreads == n && atomic_load(&r->team.done) < n) {
		fprintf(stderr, "contend: %s at %u threads: %s\n", a->name, n, err);
		exit(1); /* stuck threads cannot be reclaimed */
	}
	if (!rc && atomic_load(&r->inst.failed)) {
		snprintf(err, errlen, "could not allocate per-thread state");
		rc = -1;
	}
	if (rc)
		bb_release(r, n);
	return rc;
}

/* Per timed episode: latency and departure spread, into histograms. */
struct bb_lat {
	struct ct_hist lat, spread;
	uint64_t skew; /* dropped: last departure before last arrival */
};

static void bb_latencies(const struct bb_run *r, unsigned n, struct bb_lat *l)
{
	uint64_t samples = r->th[0].stamps;
	ct_hist_init(&l->lat);
	ct_hist_init(&l->spread);
	l->skew = 0;
	for (unsigned i = 1; i < n; i++)
		samples = r->th[i].stamps < samples ? r->th[i].stamps : samples;
	for (uint64_t s = 0; s < samples; s++) {
		uint64_t arrive = 0, depart = 0, first = UINT64_MAX;
		for (unsigned i = 0; i < n; i++) {
			const uint64_t *st = &r->th[i].stamp[2 * s];
			arrive = st[0] > arrive ? st[0] : arrive;
			depart = st[1] > depart ? st[1] : depart;
			first = st[1] < first ? st[1] : first;
		}
		if (depart < arrive) {
			l->skew++;
			continue;
		}
		uint64_t d = depart - arrive;
		ct_hist_record(&l->lat, d > ct_timer.overhead ? d - ct_timer.overhead : 0);
		ct_hist_record(&l->spread, depart - first);
	}
}

/* Percentiles of h (ticks) as ns fields; NA when h is empty. */
static void bb_put_pcts(struct ct_rec *rec, const struct ct_hist *h)
{
	static const struct {
		const char *key;
		double pct;
	} at[] = { { "lat_p50_ns", 50 },     { "lat_p90_ns", 90 },
		   { "lat_p99_ns", 99 },     { "lat_p999_ns", 99.9 },
		   { "lat_max_ns", 100 } };
	for (unsigned i = 0; i < CT_ARRAY_SIZE(at); i++)
		ct_rec_num(rec, at[i].key,
			   h->count ? ct_ticks_to_ns((double)ct_hist_percentile(
					      h, at[i].pct)) :
				      NAN);
	ct_rec_num(rec, "lat_mean_ns",
		   h->count ? ct_ticks_to_ns(ct_hist_mean(h)) : NAN);
}

static double bb_remote_writes(const struct ct_barrier_ops *ops,
			       const struct ct_barrier_cfg *bcfg)
{
	uint64_t w = ops->remote_writes(bcfg);
	return w == CT_BARRIER_RW_UNKNOWN ? NAN : (double)w;
}

/* The knobs of a run, as record fields. */
static void bb_put_config(struct ct_rec *rec, const struct ct_barrierbench_cfg *c,
			  const struct ct_barrier_ops *a, unsigned n, unsigned rep,
			  const int *cpus)
{
	ct_rec_str(rec, "family", "barrier");
	ct_rec_str(rec, "algo", "%s", a->name);
	ct_rec_int(rec, "threads", n);
	ct_rec_str(rec, "placement", "%s", c->placement.text);
	ct_rec_cpus(rec, cpus, n);
	ct_rec_str(rec, "wait", "%s", bb_wait_name(c, a->flags));
	if (a->flags & CT_BARRIER_FANIN)
		ct_rec_int(rec, "fanin", c->bar.fanin);
	else
		ct_rec_na(rec, "fanin");
	ct_rec_int(rec, "work_ns", (long long)c->work_ns);
	ct_rec_int(rec, "skew_ns", (long long)c->skew_ns);
	ct_rec_int(rec, "sample", bb_sample(c));
	ct_rec_int(rec, "rep", rep);
}

/* Turn one finished run into a record and a summary point. */
static void bb_record(const struct ct_barrierbench_cfg *c,
		      const struct ct_barrier_ops *a, unsigned n, unsigned rep,
		      const int *cpus, const struct bb_run *r, const double c2c[2],
		      struct ct_rec *rec, struct bb_point *pt)
{
	const struct bb_thread *t0 = &r->th[0];
	uint64_t from = atomic_load(&r->plan.from), stop = atomic_load(&r->plan.stop);
	uint64_t measured = stop > from ? stop - from : 0;
	double secs = ct_ticks_to_ns((double)(t0->t1 - t0->t0)) / 1e9;
	double eps = measured ? (double)measured / secs : NAN;
	struct bb_lat *l = malloc(sizeof(*l));
	bb_latencies(r, n, l);

	bb_put_config(rec, c, a, n, rep, cpus);
	ct_rec_int(rec, "episodes", (long long)measured);
	ct_rec_int(rec, "episodes_target", (long long)c->episodes);
	ct_rec_int(rec, "truncated", t0->truncated);
	ct_rec_num(rec, "duration_s", measured ? secs : NAN);
	ct_rec_num(rec, "episodes_per_s", eps);
	ct_rec_num(rec, "ns_per_episode", 1e9 / eps);
	ct_rec_num(rec, "overhead_ns",
		   1e9 / eps - (double)c->work_ns - (double)c->skew_ns);
	ct_rec_int(rec, "lat_samples", (long long)l->lat.count);
	bb_put_pcts(rec, &l->lat);
	ct_rec_num(rec, "depart_spread_ns",
		   l->spread.count ? ct_ticks_to_ns((double)ct_hist_percentile(
					     &l->spread, 50)) : NAN);
	ct_rec_int(rec, "lat_skew_dropped", (long long)l->skew);
	ct_rec_num(rec, "remote_writes", bb_remote_writes(r->inst.ops, &r->inst.cfg));
	ct_rec_num(rec, "remote_writes_per_thread",
		   bb_remote_writes(r->inst.ops, &r->inst.cfg) / n);
	ct_rec_num(rec, "c2c_ns", c2c[0]);
	ct_rec_num(rec, "c2c_ref", c2c[1]);
	ct_rec_num(rec, "lat_c2c", ct_rec_num_of(rec, "lat_p50_ns") / c2c[1]);
	if (c->counters) { /* per measured episode, all threads together */
		struct ct_counters sum;
		ct_counters_zero(&sum, c->counters);
		for (unsigned i = 0; i < n; i++)
			ct_counters_add(&sum, &r->th[i].ctr);
		ct_counters_record(rec, &sum, (double)measured);
	}

	static const char *const keys[M_N] = {
		"episodes",   "episodes_per_s", "ns_per_episode", "lat_p50_ns",
		"lat_p99_ns", "lat_max_ns",     "lat_c2c",	  "cycles_per_op",
		"cache_misses_per_op", "ctx_switches", "migrations",
	};
	for (unsigned m = 0; m < M_N; m++)
		pt->v[m] = ct_rec_num_of(rec, keys[m]);
	free(l);
}

const struct ct_col ct_barrierbench_table[] = {
	{ "algo", "algo", 17, "%s" },
	{ "threads", "thr", 4, NULL },
	{ "wait", "wait", 7, "%s" },
	{ "episodes", "ep", 8, "%.0f" },
	{ "episodes_per_s", "ep/s", 10, "%.0f" },
	{ "episodes_spread", "+-%", 6, "%.1f" },
	{ "ns_per_episode", "ns/ep", 10, "%.0f" },
	{ "lat_p50_ns", "p50ns", 9, "%.0f" },
	{ "lat_p99_ns", "p99ns", 10, "%.0f" },
	{ "lat_max_ns", "maxns", 11, "%.0f" },
	{ "lat_c2c", "xc2c", 10, "%.2f" },
	{ "remote_writes", "rw/ep", 6, "%.0f" },
	{ NULL, NULL, 0, NULL },
};

const struct ct_col *ct_barrierbench_columns(unsigned counters)
{
	static struct ct_col cols[32];
	return ct_counters_columns(ct_barrierbench_table, counters, cols,
				   CT_ARRAY_SIZE(cols));
}

/* Median (max for M_MAX) over repetitions, NA runs skipped; the relative
 * interquartile range in *spread. */
static double bb_reduce(const struct bb_point *p, unsigned reps, unsigned m,
			double *spread)
{
	double worst = NAN;
	for (unsigned i = 0; i < reps; i++)
		if (isfinite(p[i].v[m]) && !(worst > p[i].v[m]))
			worst = p[i].v[m];
	double median = ct_median_strided(&p[0].v[m], reps, sizeof(*p), spread);
	return m == M_MAX ? worst : median;
}

static void bb_summary(const struct ct_barrierbench_cfg *c,
		       const struct ct_barrier_ops *a, unsigned n,
		       const struct bb_point *p, struct ct_sink *table)
{
	static const struct {
		const char *key;
		unsigned m;
	} cols[] = {
		{ "episodes", M_EPISODES },   { "episodes_per_s", M_EPS },
		{ "ns_per_episode", M_NSEP }, { "lat_p50_ns", M_P50 },
		{ "lat_p99_ns", M_P99 },      { "lat_max_ns", M_MAX },
		{ "lat_c2c", M_XC2C },	      { "cycles_per_op", M_CYC },
		{ "cache_misses_per_op", M_MISS }, { "ctx_switches", M_CTXSW },
		{ "migrations", M_MIGR },
	};
	struct ct_barrier_cfg bcfg = c->bar;
	struct ct_rec rec;
	double spread;
	bcfg.nthreads = n;
	ct_rec_reset(&rec);
	ct_rec_str(&rec, "algo", "%s", a->name);
	ct_rec_int(&rec, "threads", n);
	ct_rec_str(&rec, "wait", "%s", bb_wait_name(c, a->flags));
	for (unsigned i = 0; i < CT_ARRAY_SIZE(cols); i++) {
		double v = bb_reduce(p, c->reps, cols[i].m, &spread);
		ct_rec_num(&rec, cols[i].key, v);
		if (cols[i].m == M_EPS)
			ct_rec_num(&rec, "episodes_spread", spread);
	}
	ct_rec_num(&rec, "remote_writes",
		   bb_remote_writes(a, &bcfg));
	ct_sink_write(table, &rec);
}

/* One (algo, threads, rep) run through to its record. */
static int bb_one(const struct ct_barrierbench_cfg *c,
		  const struct ct_barrier_ops *a, unsigned n, unsigned rep,
		  const int *cpus, const int *numa, const double c2c[2],
		  struct ct_output *out, struct bb_point *pt)
{
	struct bb_run *r = aligned_alloc(CT_PAD, ct_pad_size(sizeof(*r)));
	char err[512];
	if (!r || bb_execute(c, a, n, cpus, numa, r, err, sizeof(err))) {
		fprintf(stderr, "contend: %s at %u threads: %s\n", a->name, n,
			r ? err : "out of memory");
		free(r);
		return -1;
	}
	struct ct_rec rec;
	ct_rec_reset(&rec);
	bb_record(c, a, n, rep, cpus, r, c2c, &rec, pt);
	if (out->data)
		ct_sink_write(out->data, &rec);
	bb_release(r, n);
	free(r);
	return 0;
}

/* Where the threads run, the c2c figures and the output headers: 0, or -1
 * (reported). cpus/numa: the largest thread count's. c2c[0]: this run's
 * probe (a diagnostic); c2c[1]: the reference ratios use (c2cref.h). */
static int bb_prepare(const struct ct_barrierbench_cfg *c,
		      const struct ct_topo *t, unsigned maxn, int *cpus,
		      int *numa, struct ct_rec *fp, struct ct_output *out,
		      double c2c[2])
{
	char err[512], pair[32];
	/* Thread i gets the same CPU at every thread count (a prefix). */
	if (ct_placement_resolve(t, &c->placement, maxn, cpus, err, sizeof(err))) {
		fprintf(stderr, "contend: %s\n", err);
		return -1;
	}
	for (unsigned i = 0; i < maxn; i++)
		numa[i] = ct_topo_numa_of(t, cpus[i]);
	const struct ct_c2c_ref *ref = ct_c2c_ref_get(t);
	c2c[0] = ct_c2c_first_pair(cpus, maxn, pair, sizeof(pair));
	c2c[1] = ref->ns;
	ct_rec_num(fp, "c2c_ns", c2c[0]);
	ct_rec_str(fp, "c2c_cpus", "%s", pair);
	ct_c2c_ref_header(fp, ref);
	ct_fingerprint_write(fp, out, c->counters);
	return 0;
}

/* One run of the barrier bench as the shared driver sees it: groups are
 * the algorithms, members the thread counts. */
struct bb_drive {
	const struct ct_barrierbench_cfg *c;
	const int *cpus, *numa;
	const double *c2c; /* this run's probe, the reference */
	struct ct_output *out;
	struct bb_point *pts;
};

static struct bb_point *bb_point_at(struct bb_drive *x, unsigned g,
				    unsigned m, unsigned rep)
{
	return &x->pts[((size_t)g * x->c->nthreads + m) * x->c->reps + rep];
}

static int bb_run_point(void *ctx, unsigned g, unsigned m, unsigned rep)
{
	struct bb_drive *x = ctx;
	return bb_one(x->c, ct_barrier_ops_find(x->c->algos[g]),
		      x->c->threads[m], rep, x->cpus, x->numa, x->c2c, x->out,
		      bb_point_at(x, g, m, rep));
}

static void bb_point_failed(void *ctx, unsigned g, unsigned m, unsigned rep)
{
	struct bb_point *pt = bb_point_at(ctx, g, m, rep);
	for (unsigned k = 0; k < M_N; k++)
		pt->v[k] = NAN;
}

static void bb_describe(void *ctx, unsigned g, unsigned m, char *buf,
			size_t len)
{
	struct bb_drive *x = ctx;
	snprintf(buf, len, "%s threads=%u", x->c->algos[g], x->c->threads[m]);
}

int ct_barrierbench_run(const struct ct_barrierbench_cfg *c,
			const struct ct_topo *t, struct ct_rec *fp,
			struct ct_output *out)
{
	unsigned maxn = 0, na = c->nalgos, nt = c->nthreads;
	for (unsigned i = 0; i < nt; i++)
		maxn = c->threads[i] > maxn ? c->threads[i] : maxn;
	int *cpus = calloc(maxn, sizeof(int)), *numa = calloc(maxn, sizeof(int));
	/* pts[(algo * nt + threads) * reps + rep] */
	struct bb_point *pts = calloc((size_t)na * nt * c->reps, sizeof(*pts));
	double c2c[2];
	ct_timer_calibrate();
	if (bb_prepare(c, t, maxn, cpus, numa, fp, out, c2c)) {
		free(cpus), free(numa), free(pts);
		return 1;
	}
	/* Repetitions interleaved, the order reversed on odd ones
	 * (core/driver.h): drift hits every configuration alike. */
	struct bb_drive x = { .c = c, .cpus = cpus, .numa = numa, .c2c = c2c,
			      .out = out, .pts = pts };
	struct ct_drive d = {
		.reps = c->reps, .groups = na, .members = nt,
		.run_point = bb_run_point, .point_failed = bb_point_failed,
		.describe = bb_describe, .progress = c->progress,
	};
	int failed = ct_drive_run(&d, &x) > 0;
	for (unsigned ai = 0; out->table && ai < na; ai++)
		for (unsigned ti = 0; ti < nt; ti++)
			bb_summary(c, ct_barrier_ops_find(c->algos[ai]),
				   c->threads[ti],
				   &pts[((size_t)ai * nt + ti) * c->reps],
				   out->table);
	free(cpus), free(numa), free(pts);
	return failed;
}
