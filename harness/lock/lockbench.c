/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The measured loop. Each LIST row gets its own copies of lb_loop() with the
 * algorithm's acquire/release inlined (no indirect call in the loop);
 * --dispatch indirect instantiates the same loop with the ops table's
 * function pointers to show what an indirect call costs.
 *
 * One iteration: [think] -> acquire -> critical section -> release.
 * The critical section increments `seq` in the protected data line, writes
 * cs_lines - 1 more lines, then busy-waits cs_ticks. One acquisition in
 * `sample` (randomized countdown, so threads do not phase-lock) is timed:
 *   acquire latency = t(after acquire) - t(before acquire) - timer cost;
 *   handoff latency = t(after acquire) - t(previous holder's release stamp),
 *     counted only when the previous holder stamped (stamp_seq == seq),
 *     was another thread, and released after we started waiting.
 * A timed acquirer asks for that stamp: it raises the lock's stamp-request
 * count (its own line, lb_stampreq) before it starts waiting, and whoever
 * releases while the count is non-zero stamps. So nearly every timed
 * contended acquisition yields a handoff sample, while an unsampled
 * release pays one load of a line that is written only on timed
 * acquisitions. The sampling frequency is fixed per run; which acquisition
 * is timed does not depend on its own latency, so the samples are an
 * unbiased draw of the run's acquisitions.
 *
 * One sampled acquisition in LB_TALLY_EVERY (a per-thread count) is tallied
 * instead of timed: it runs the tally build of the lock (tally.h) on the
 * same lock, counting the atomic loads in acquire() (polls_per_acquire)
 * and the RMWs in acquire() and release() (rmw_per_acquire), and
 * otherwise does what an unsampled operation does: critical section,
 * stamp when asked. It is out of line, so the per-row loops make no
 * indirect call; timed samples never pay for it.
 *
 * Specialization: lb_loop() is one template, instantiated twice per row.
 * The common case (no critical-section work, no think time, one lock) gets
 * those knobs as compile-time constants, so the loop is acquire, seq++,
 * release, countdown, one load of the team's phase line (written only at
 * phase changes) and an operation count kept in a register, published at
 * STOP. With one thread no handoff can happen, so that copy neither
 * stamps nor reads the request line, and it reads the phase only after
 * its sampled operations (nothing in it waits, so the stop is seen within
 * about 2 * sample operations; the start the same, so the counted window
 * shifts by that lag but keeps its length). Only sampled iterations pay for the
 * timer, so the null lock row measures the loop's full per-operation
 * overhead including that amortized cost (`harness_ns`).
 */
#include "lockbench.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness/core/c2c.h"
#include "harness/core/driver.h"
#include "harness/core/c2cref.h"
#include "harness/core/cli.h"
#include "harness/core/counters.h"
#include "harness/core/fingerprint.h"
#include "harness/core/hist.h"
#include "locks/inline.h"
#include "lockbare.h"
#include "lockfields.h"
#include "locality.h"
#include "lockpeers.h"
#include "lockset.h"
#include "harness/core/mem.h"
#include "harness/core/stats.h"
#include "harness/core/team.h"
#include "harness/core/timing.h"
#include "contention.h"
#include "tally.h"

/* One sampled acquisition in this many is tallied, the others timed. */
enum { LB_TALLY_EVERY = 4 };

/* The protected data: first line of the slot after the lock. */
struct lb_data {
	uint64_t seq;       /* acquisitions of this lock (plain: lock-protected) */
	uint64_t stamp_seq; /* seq at the last stamped release */
	uint64_t stamp;     /* ticks just before that release */
	uint64_t stamp_tid;
};

/* The line after the protected data: timed acquirers waiting for a stamp.
 * Relaxed throughout: it is a hint; the stamp itself is lock-protected
 * data, and a missed request only loses that one handoff sample. */
struct lb_stampreq {
	atomic_uint want;
};

struct lb_thread {
	uint64_t ops;
	uint64_t rng;
	uint64_t skew; /* handoff deltas dropped as negative (TSC skew) */
	uint64_t contended;  /* timed acquisitions that waited for a release */
	uint64_t want_seen;  /* stamp requests seen at releases, summed */
	uint64_t sampled;    /* sampled acquisitions ever: picks the tallied */
	uint64_t tallied;    /* tallied acquisitions (lb_tallied_op), and */
	uint64_t loads, rmws; /* their loads in acquire, RMWs in both calls */
	struct ct_lockctx ctx;
	struct ct_hist lat, handoff;
	bool measuring;         /* MEASURE seen: counters started */
	uint64_t cpu_ns;        /* thread CPU time: at MEASURE, then spent */
	struct ct_counters ctr; /* --counters: this thread's events */
	struct ct_locality loc; /* hand-off locality, parks */
};

struct lb_run {
	struct ct_team team;
	struct ct_lockset set;
	unsigned cs_lines, sample;
	unsigned counters; /* event mask, 0: none */
	uint64_t cs_ticks, think_ticks, overhead;
	bool simple; /* cs_ticks == think_ticks == 0, cs_lines == nlocks == 1 */
	const struct ct_tally_fns *tally; /* NULL: the lock is not tallied */
	struct lb_thread **th; /* th[tid], allocated by each worker */
	const int *node;       /* node[tid]: the node the locks see */
	double uncontended_ns; /* lb_uncontended's result */
};

/* The knobs the loop reads, as locals: constants in the simple copy. */
struct lb_knobs {
	unsigned cs_lines, nlocks, sample;
	uint64_t cs_ticks, think_ticks, overhead;
	bool shared; /* more than one thread: handoffs can happen */
	bool poll_each; /* read the phase after every operation, else only
			 * after sampled ones (mean `sample` operations) */
};

typedef void (*lock_fn)(void *lock, void *ctx);

static uint32_t next_countdown(struct lb_thread *me, unsigned sample)
{
	/* uniform in [1, 2 * sample - 1]: mean `sample`, never 0. A multiply
	 * and shift maps 32 random bits onto the range without a division
	 * (bias below 2^-11 for sample <= 2^20). */
	uint64_t bits = ct_rand64(&me->rng) >> 32;
	return 1 + (uint32_t)((bits * (2ull * sample - 1)) >> 32);
}

static ct_always_inline void lb_critical(struct lb_data *d, unsigned lines,
					 uint64_t cs_ticks)
{
	d->seq++;
	for (unsigned i = 1; i < lines; i++)
		((volatile uint64_t *)d)[i * (CT_CACHE_LINE / 8)]++;
	ct_delay_ticks(cs_ticks);
}

static struct lb_stampreq *lb_stampreq_of(struct lb_data *d, unsigned cs_lines)
{
	return (struct lb_stampreq *)((char *)d + (size_t)cs_lines * CT_CACHE_LINE);
}

/* Just before a release: the stamp a waiting timed acquirer reads. */
static ct_always_inline void lb_stamp(struct lb_data *d, unsigned tid)
{
	d->stamp = ct_now();
	d->stamp_seq = d->seq;
	d->stamp_tid = tid;
}

/* An untimed operation's critical section: the work, then the stamp a
 * timed waiter asks for (one load of the request line, when shared). */
static ct_always_inline void lb_critical_stamp(const struct lb_knobs *k,
					       struct lb_thread *me,
					       unsigned tid, struct lb_data *d,
					       struct lb_stampreq *req)
{
	lb_critical(d, k->cs_lines, k->cs_ticks);
	unsigned want = k->shared ? atomic_load_explicit(
		&req->want, memory_order_relaxed) : 0;
	if (ct_unlikely(want)) { /* a timed waiter asks */
		me->want_seen += want;
		lb_stamp(d, tid);
	}
}

static ct_always_inline void lb_sampled_op(const struct lb_knobs *k,
					   const int *node,
					   struct lb_thread *me, unsigned tid,
					   void *lock, void *ctx,
					   struct lb_data *d, lock_fn acquire,
					   lock_fn release)
{
	struct lb_stampreq *req = lb_stampreq_of(d, k->cs_lines);
	if (k->shared)
		atomic_fetch_add_explicit(&req->want, 1, memory_order_relaxed);
	uint64_t t0 = ct_now();
	acquire(lock, ctx);
	uint64_t t1 = ct_now();
	uint64_t lat = t1 - t0;
	ct_hist_record(&me->lat, lat > k->overhead ? lat - k->overhead : 0);
	if (k->shared) {
		atomic_fetch_sub_explicit(&req->want, 1, memory_order_relaxed);
		/* The release we waited for was stamped (we asked): it came
		 * after t0, so the lock was held when we arrived (or we lost
		 * the race for it). */
		if (d->stamp_seq == d->seq && d->stamp_tid != tid &&
		    d->stamp > t0) {
			me->contended++;
			ct_locality_handoff(&me->loc, node, d->stamp_tid, tid);
			if (t1 >= d->stamp + k->overhead)
				ct_hist_record(&me->handoff,
					       t1 - d->stamp - k->overhead);
			else
				me->skew++;
		}
	}
	lb_critical(d, k->cs_lines, k->cs_ticks);
	if (k->shared) {
		me->want_seen +=
			atomic_load_explicit(&req->want, memory_order_relaxed);
		lb_stamp(d, tid);
	}
	release(lock, ctx);
}

/*
 * A tallied operation: the tally build's acquire and release on the same
 * lock and context, the critical section and stamp in between as an
 * unsampled operation does them. Out of line: its indirect calls stay
 * out of the per-row loops (scripts/check-inline.sh), and its knobs come
 * from the run, not the loop's constants: a call that small leaves the
 * loop's registers as they were.
 */
static ct_noinline void lb_tallied_op(const struct lb_run *r,
				      struct lb_thread *me, unsigned tid,
				      void *lock, void *ctx, struct lb_data *d)
{
	const struct ct_tally_fns *t = r->tally;
	const struct lb_knobs k = { .cs_lines = r->cs_lines,
				    .cs_ticks = r->cs_ticks,
				    .shared = r->team.nthreads > 1 };
	ct_tally_take(); /* from zero: nothing else here runs the build */
	t->acquire(lock, ctx);
	struct ct_tally in = ct_tally_take();
	lb_critical_stamp(&k, me, tid, d, lb_stampreq_of(d, k.cs_lines));
	t->release(lock, ctx);
	struct ct_tally out = ct_tally_take();
	me->tallied++;
	me->loads += in.loads;
	me->rmws += in.rmws + out.rmws;
}

static void lb_reset(struct lb_thread *me)
{
	me->ops = 0;
	me->skew = 0;
	me->contended = 0;
	me->want_seen = 0;
	me->tallied = me->loads = me->rmws = 0;
	ct_hist_init(&me->lat);
	ct_hist_init(&me->handoff);
	ct_locality_begin(&me->loc);
}

/*
 * MEASURE seen: discard what the warm-up counted and start the counters.
 * Out of line: it runs once per run, and the loop stays small.
 */
static ct_noinline void lb_measure_begin(struct lb_thread *me)
{
	lb_reset(me);
	me->measuring = true;
	me->cpu_ns = ct_thread_cpu_ns();
	if (me->ctr.mask)
		ct_counters_start(&me->ctr);
}

/* STOP seen: publish the operation count; the counters cover it. */
static void lb_measure_end(struct lb_thread *me, uint64_t ops)
{
	/* MEASURE never seen (the thread was off its CPU for the whole
	 * window): what it counted was warm-up, not the window. */
	me->ops = me->measuring ? ops : 0;
	me->cpu_ns = me->measuring ? ct_thread_cpu_ns() - me->cpu_ns : 0;
	if (me->measuring && me->ctr.mask)
		ct_counters_stop(&me->ctr);
	ct_locality_end(&me->loc);
}

static struct lb_thread *lb_setup(struct ct_worker *w, struct lb_run *r)
{
	struct lb_thread *me = ct_mem_alloc(sizeof(*me), -1);
	if (me && ct_lockctx_init(&me->ctx, &r->set, w->tid)) {
		ct_mem_free(me, sizeof(*me));
		me = NULL;
	}
	if (me) {
		me->rng = 0x9E3779B97F4A7C15ull * (w->tid + 1) ^ ct_now();
		lb_reset(me);
		if (r->counters) /* opened here, on the thread it counts */
			ct_counters_open(&me->ctr, r->counters, CT_CTR_THREAD);
	}
	r->th[w->tid] = me; /* published by the team's ready counter */
	return me;
}

/* The loop proper, for knobs k (constants in the simple copies). */
static ct_always_inline void lb_run_loop(struct lb_run *r, struct lb_thread *me,
					 unsigned tid, unsigned phase,
					 const struct lb_knobs k,
					 lock_fn acquire, lock_fn release)
{
	const struct ct_team *team = &r->team;
	void *lock = ct_lockset_lock(&r->set, 0), *ctx = me->ctx.ctx[0];
	struct lb_data *d = ct_lockset_data(&r->set, 0);
	struct lb_stampreq *req = lb_stampreq_of(d, k.cs_lines);
	uint32_t countdown = next_countdown(me, k.sample);
	uint64_t ops = 0; /* published at STOP; reset at MEASURE */
	if (phase == CT_PHASE_MEASURE) /* the gate opened late for us */
		lb_measure_begin(me);

	while (phase != CT_PHASE_STOP) {
		if (k.nlocks > 1) {
			unsigned li = (unsigned)(ct_rand64(&me->rng) % k.nlocks);
			lock = ct_lockset_lock(&r->set, li);
			ctx = me->ctx.ctx[li];
			d = ct_lockset_data(&r->set, li);
			req = lb_stampreq_of(d, k.cs_lines);
		}
		bool sampled = false;
		if (ct_likely(--countdown)) {
			acquire(lock, ctx);
			lb_critical_stamp(&k, me, tid, d, req);
			release(lock, ctx);
		} else {
			if (r->tally && ++me->sampled % LB_TALLY_EVERY == 0)
				lb_tallied_op(r, me, tid, lock, ctx, d);
			else
				lb_sampled_op(&k, r->node, me, tid, lock, ctx,
					      d, acquire, release);
			/* Drawn after the operation: the same draws either
			 * way, and this order leaves the common path's
			 * counters in registers (GCC, by the disassembly). */
			countdown = next_countdown(me, k.sample);
			sampled = true;
		}
		ops++;
		ct_delay_ticks(k.think_ticks);
		if (!k.poll_each && !sampled)
			continue;
		unsigned p = ct_team_phase(team);
		if (ct_unlikely(p != phase)) {
			if (p == CT_PHASE_MEASURE) {
				lb_measure_begin(me);
				ops = 0;
			}
			phase = p;
		}
	}
	lb_measure_end(me, ops);
}

static ct_always_inline void lb_loop(struct ct_worker *w, lock_fn acquire,
				     lock_fn release)
{
	struct lb_run *r = w->arg;
	struct lb_thread *me = lb_setup(w, r);
	unsigned phase = ct_team_wait_start(&r->team);
	if (!me)
		return; /* reported by the controller */
	const bool shared = r->team.nthreads > 1;
	const uint64_t overhead = r->overhead;
	const unsigned sample = r->sample;
	/* One thread alone with no waiting in its loop reads the phase once
	 * per sampled batch: its operations never wait for anyone, so the
	 * stop is seen within about 2 * sample of them. */
	if (r->simple && shared)
		lb_run_loop(r, me, w->tid, phase,
			    (struct lb_knobs){ 1, 1, sample, 0, 0, overhead,
					       true, true },
			    acquire, release);
	else if (r->simple)
		lb_run_loop(r, me, w->tid, phase,
			    (struct lb_knobs){ 1, 1, sample, 0, 0, overhead,
					       false, false },
			    acquire, release);
	else
		lb_run_loop(r, me, w->tid, phase,
			    (struct lb_knobs){ r->cs_lines, r->set.nlocks, sample,
					       r->cs_ticks, r->think_ticks,
					       overhead, shared, true },
			    acquire, release);
}

/*
 * Uncontended acquire+release: one thread, the fastest of 60 timed batches
 * of 5000. The path is deterministic and interference (interrupts, a busy
 * SMT sibling on the host) only adds time, so the minimum is its estimate;
 * the median of 15 batches of 20000 moved with every interruption that
 * outlasted a batch.
 */
static ct_always_inline void lb_uncontended(struct ct_worker *w,
					    lock_fn acquire, lock_fn release)
{
	struct lb_run *r = w->arg;
	struct lb_thread *me = lb_setup(w, r);
	ct_team_wait_start(&r->team);
	if (!me)
		return;
	enum { BATCHES = 60, OPS = 5000 };
	double per_op[BATCHES];
	void *lock = ct_lockset_lock(&r->set, 0), *ctx = me->ctx.ctx[0];
	for (unsigned b = 0; b < BATCHES; b++) {
		uint64_t t0 = ct_now();
		for (unsigned i = 0; i < OPS; i++) {
			acquire(lock, ctx);
			ct_compiler_barrier();
			release(lock, ctx);
		}
		per_op[b] = ct_ticks_to_ns((double)(ct_now() - t0)) / OPS;
	}
	struct ct_summary s;
	ct_summarize(per_op, BATCHES, &s);
	r->uncontended_ns = s.min;
}

struct lb_algo {
	const char *name;
	unsigned flags;
	ct_worker_fn bench, uncontended;
};

#define LOCK(id, str, flags, try)                                             \
	static void lb_bench_##id(struct ct_worker *w)                        \
	{                                                                     \
		lb_loop(w, ct_lockop_##id##_acquire, ct_lockop_##id##_release); \
	}                                                                     \
	static void lb_unc_##id(struct ct_worker *w)                          \
	{                                                                     \
		lb_uncontended(w, ct_lockop_##id##_acquire,                   \
			       ct_lockop_##id##_release);                     \
	}
#include "locks/LIST"
#undef LOCK

static const struct lb_algo lb_algos[] = {
#define LOCK(id, str, flags, try) { str, flags, lb_bench_##id, lb_unc_##id },
#include "locks/LIST"
#undef LOCK
};

/* --dispatch indirect: the same loop through the ops table. */
static void lb_bench_indirect(struct ct_worker *w)
{
	const struct ct_lock_ops *ops = ((struct lb_run *)w->arg)->set.ops;
	lb_loop(w, ops->acquire, ops->release);
}

static void lb_unc_indirect(struct ct_worker *w)
{
	const struct ct_lock_ops *ops = ((struct lb_run *)w->arg)->set.ops;
	lb_uncontended(w, ops->acquire, ops->release);
}

/*
 * Test-only fault injection, for the regression gate's self-test:
 * CT_INJECT_DELAY_NS=ALGO:NS makes ALGO's acquire busy-wait NS longer.
 * Read once. The injected run uses its own loop (through the ops table),
 * so the inlined loops above are untouched: zero cost when it is off.
 * Records of an injected run carry "inject_delay_ns".
 */
static struct {
	bool read;
	char algo[64];
	uint64_t ns, spins;
	const struct ct_lock_ops *ops;
} lb_inject;

/* A counted loop: finer than a timed wait, whose timer reads and PAUSE
 * cost tens of ns. */
static void lb_inject_spin(uint64_t n)
{
	for (volatile uint64_t i = n; i; i--)
		;
}

static void lb_inject_acquire(void *lock, void *ctx)
{
	lb_inject.ops->acquire(lock, ctx);
	lb_inject_spin(lb_inject.spins);
}

static void lb_bench_inject(struct ct_worker *w)
{
	lb_loop(w, lb_inject_acquire, lb_inject.ops->release);
}

static void lb_unc_inject(struct ct_worker *w)
{
	lb_uncontended(w, lb_inject_acquire, lb_inject.ops->release);
}

/* Does CT_INJECT_DELAY_NS name ops? (Needs the calibrated timer.) */
static bool lb_injected(const struct ct_lock_ops *ops)
{
	const char *e = getenv("CT_INJECT_DELAY_NS");
	const char *colon = e ? strchr(e, ':') : NULL;
	if (!lb_inject.read && e && *e) {
		size_t n = colon ? (size_t)(colon - e) : 0;
		if (!n || n >= sizeof(lb_inject.algo))
			ct_usage_error("CT_INJECT_DELAY_NS: expected ALGO:NS, "
				       "e.g. tas:50 (got '%s')", e);
		memcpy(lb_inject.algo, e, n);
		lb_inject.ns = ct_parse_ns("CT_INJECT_DELAY_NS", colon + 1);
		uint64_t t0 = ct_now();
		lb_inject_spin(1u << 22);
		double ns = ct_ticks_to_ns((double)(ct_now() - t0));
		lb_inject.spins = (uint64_t)((double)lb_inject.ns * (1u << 22) / ns);
	}
	lb_inject.read = true;
	if (!lb_inject.algo[0] || strcmp(lb_inject.algo, ops->name))
		return false;
	lb_inject.ops = ops;
	return true;
}

void ct_lockbench_defaults(struct ct_lockbench_cfg *c)
{
	memset(c, 0, sizeof(*c));
	c->threads[0] = 1, c->threads[1] = 2;
	c->nthreads = 2;
	c->placement.kind = CT_PLACE_COMPACT;
	snprintf(c->placement.text, sizeof(c->placement.text), "compact");
	c->duration_s = 1.0;
	c->warmup_s = 0.2;
	c->reps = 3;
	c->cs_lines = 1;
	c->nlocks = 1;
	c->sample = 1024;
	c->lock = CT_LOCK_CFG_DEFAULT;
}

static const struct lb_algo *find_algo(const char *name)
{
	for (unsigned i = 0; i < CT_ARRAY_SIZE(lb_algos); i++)
		if (!strcmp(lb_algos[i].name, name))
			return &lb_algos[i];
	return NULL;
}

/* ---- controller side -------------------------------------------------- */

/* One (algo, threads, rep) run, for the summary table. */
enum { P_THR, P_P50, P_P99, P_HANDOFF, P_HANDOFF_C2C, P_JAIN, P_UNC, P_CYC,
       P_MISS, P_CTXSW, P_MIGR, P_BARE, P_CPU, P_BARE_CPU, P_N };

/* Each point field: the record field it is read from (a lock field, or
 * a counter's: counters.h), and the summary column it feeds (NULL: none)
 * with its scale. One row per P_*. */
static const struct {
	const char *key, *summary;
	double scale;
} lb_point_fields[P_N] = {
	[P_THR] = { LF(throughput_ops), "throughput_mops", 1e-6 },
	[P_P50] = { LF(lat_p50_ns), LF(lat_p50_ns), 1 },
	[P_P99] = { LF(lat_p99_ns), LF(lat_p99_ns), 1 },
	[P_HANDOFF] = { LF(handoff_ns), LF(handoff_ns), 1 },
	[P_HANDOFF_C2C] = { LF(handoff_c2c), LF(handoff_c2c), 1 },
	[P_JAIN] = { LF(jain), LF(jain), 1 },
	[P_UNC] = { LF(uncontended_ns), LF(uncontended_ns), 1 },
	[P_CYC] = { "cycles_per_op", "cycles_per_op", 1 },
	[P_MISS] = { "cache_misses_per_op", "cache_misses_per_op", 1 },
	[P_CTXSW] = { "ctx_switches", "ctx_switches", 1 },
	[P_MIGR] = { "migrations", "migrations", 1 },
	[P_BARE] = { LF(bare_throughput_ops), NULL, 1 },
	[P_CPU] = { LF(cpu_ns_per_op), NULL, 1 },
	[P_BARE_CPU] = { LF(bare_cpu_ns_per_op), NULL, 1 },
};

struct lb_point {
	double v[P_N];
};

static const char *wait_name(const struct ct_lockbench_cfg *c, unsigned flags)
{
	if (!(flags & CT_LOCK_WAITS))
		return "native";
	return ct_wait_name(c->lock.wait.policy);
}

/* Run `fn` once on the given CPUs; fills r. timed: warm-up + duration. */
static int lb_execute(const struct ct_lockbench_cfg *c,
		      const struct ct_lock_ops *ops, unsigned n, const int *cpus,
		      const int *numa, const int *node, ct_worker_fn fn,
		      bool timed, struct lb_run *r, char *err, size_t errlen)
{
	struct ct_lock_cfg lcfg = c->lock;
	lcfg.max_threads = n;
	lcfg.thread_node = node;
	memset(r, 0, sizeof(*r));
	r->node = node;
	r->cs_lines = c->cs_lines;
	r->sample = c->sample;
	r->counters = timed ? c->counters : 0; /* uncontended: not counted */
	r->cs_ticks = ct_ns_to_ticks((double)c->cs_ns);
	r->think_ticks = ct_ns_to_ticks((double)c->think_ns);
	r->overhead = ct_timer.overhead;
	r->simple = !r->cs_ticks && !r->think_ticks && c->cs_lines == 1 &&
		    c->nlocks == 1;
	r->tally = ct_tally_find(ops->name);
	r->th = calloc(n, sizeof(*r->th));
	if (!r->th || ct_lockset_init(&r->set, ops, c->nlocks,
				      c->cs_lines + 1, /* + lb_stampreq */
				      &lcfg, numa[0], err, errlen)) {
		free(r->th);
		return -1;
	}
	int rc = ct_team_run(&r->team, n, cpus, numa, fn, r,
			     timed ? c->warmup_s : 0, timed ? c->duration_s : 0,
			     timed ? 0 : 60, err, errlen);
	for (unsigned i = 0; rc == 0 && i < n; i++) {
		if (!r->th[i]) {
			snprintf(err, errlen, "thread %u could not allocate its "
					      "state on CPU %d", i, cpus[i]);
			rc = -1;
		}
	}
	return rc;
}

static void lb_release(struct lb_run *r, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		if (!r->th[i])
			continue;
		if (r->th[i]->ctr.mask)
			ct_counters_close(&r->th[i]->ctr);
		ct_lockctx_destroy(&r->th[i]->ctx);
		ct_mem_free(r->th[i], sizeof(*r->th[i]));
	}
	free(r->th);
	ct_lockset_destroy(&r->set);
}

static void put_hist(struct ct_rec *rec, const struct ct_hist *h,
		     const char *const keys[5])
{
	static const double pct[] = { 50, 90, 99, 99.9, 100 };
	for (unsigned i = 0; i < 5; i++) {
		if (!keys[i])
			continue;
		if (h->count)
			ct_rec_num(rec, keys[i],
				   ct_ticks_to_ns((double)ct_hist_percentile(h, pct[i])));
		else
			ct_rec_na(rec, keys[i]);
	}
}

static unsigned distinct_cpus(const int *cpus, unsigned n)
{
	unsigned d = 0;
	for (unsigned i = 0; i < n; i++) {
		unsigned j = 0;
		while (j < i && cpus[j] != cpus[i])
			j++;
		d += j == i;
	}
	return d;
}

static void cpu_list_text(char *buf, size_t len, const int *cpus, unsigned n)
{
	size_t used = 0;
	buf[0] = 0;
	for (unsigned i = 0; i < n && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%d",
					 i ? " " : "", cpus[i]);
}

/* The threads' counters, summed, as record fields per operation. */
static void lb_counters_record(const struct lb_run *r, unsigned n, double ops,
			       struct ct_rec *rec)
{
	struct ct_counters sum;
	ct_counters_zero(&sum, r->counters);
	for (unsigned i = 0; i < n; i++)
		ct_counters_add(&sum, &r->th[i]->ctr);
	ct_counters_record(rec, &sum, ops);
}

/*
 * Contention (contention.h): the share of timed acquisitions that waited;
 * the mean waiters at a release, from the timed waiters the releases saw
 * (each waiter is a timed one with probability 1/sample times the timed
 * share of the sampled ones, the rest being tallied); and the lock's
 * design transfers per acquisition at those figures.
 */
static void lb_contention_record(const char *algo, unsigned n, unsigned sample,
				 uint64_t timed, uint64_t tallied,
				 uint64_t contended, uint64_t want_seen,
				 uint64_t ops, struct ct_rec *rec)
{
	double share = n < 2 ? 0 : timed ? (double)contended / (double)timed : NAN;
	double timed_share = timed ? (double)timed / (double)(timed + tallied) : 1;
	double waiters = n < 2 ? 0 : ops ? (double)sample * (double)want_seen /
						   ((double)ops * timed_share) : NAN;
	/* Unbiased but heavy-tailed when a lock starves its waiters (few,
	 * long waits, each sampled or not as a whole): above n - 1 is noise. */
	waiters = waiters > n - 1 ? n - 1 : waiters;
	ct_rec_num(rec, LF(contended_share), share);
	ct_rec_num(rec, LF(waiters_at_release), waiters);
	ct_rec_num(rec, LF(transfers_per_acquire),
		   ct_contention_design(algo, share, waiters, n));
}

/* The tallied acquisitions' atomics, per acquisition (tally.h); NA when
 * the lock has no tally build or none was tallied. */
static void lb_tally_record(bool tallied_lock, uint64_t tallied,
			    uint64_t loads, uint64_t rmws, struct ct_rec *rec)
{
	double per = tallied_lock && tallied ? 1.0 / (double)tallied : NAN;
	ct_rec_num(rec, LF(polls_per_acquire), (double)loads * per);
	ct_rec_num(rec, LF(rmw_per_acquire), (double)rmws * per);
}

/* Turn one finished run into a result record and a summary point. */
static void lb_record(const struct ct_lockbench_cfg *c, const char *algo,
		      unsigned flags, unsigned n, unsigned rep, const int *cpus,
		      const struct lb_run *r, const double c2c[2], double unc_ns,
		      double harness_ns, const struct ct_bare_result *bare,
		      struct ct_rec *rec, struct lb_point *pt)
{
	struct ct_hist lat, handoff;
	struct ct_locality loc = { 0 };
	uint64_t *ops = calloc(n, sizeof(uint64_t)), total = 0, skew = 0;
	uint64_t contended = 0, want_seen = 0, cpu_ns = 0;
	uint64_t tallied = 0, loads = 0, rmws = 0;
	char cpu_text[1024];
	ct_hist_init(&lat);
	ct_hist_init(&handoff);
	for (unsigned i = 0; i < n; i++) {
		ops[i] = r->th[i]->ops;
		total += ops[i];
		skew += r->th[i]->skew;
		contended += r->th[i]->contended;
		want_seen += r->th[i]->want_seen;
		tallied += r->th[i]->tallied;
		loads += r->th[i]->loads;
		rmws += r->th[i]->rmws;
		cpu_ns += r->th[i]->cpu_ns;
		ct_hist_merge(&lat, &r->th[i]->lat);
		ct_hist_merge(&handoff, &r->th[i]->handoff);
		ct_locality_add(&loc, &r->th[i]->loc);
	}
	double secs = (double)(r->team.measure_end_ns - r->team.measure_start_ns) / 1e9;
	double thr = (double)total / secs;
	double jain = ct_jain(ops, n), smin, smax;
	ct_share_range(ops, n, &smin, &smax);
	cpu_list_text(cpu_text, sizeof(cpu_text), cpus, n);

	ct_rec_str(rec, LF(family), "lock");
	ct_rec_str(rec, LF(algo), "%s", algo);
	ct_rec_int(rec, LF(threads), n);
	ct_rec_str(rec, LF(placement), "%s", c->placement.text);
	ct_rec_str(rec, LF(cpus), "%s", cpu_text);
	ct_rec_int(rec, LF(cpus_distinct), distinct_cpus(cpus, n));
	ct_rec_int(rec, LF(lock_node), r->set.node);
	ct_rec_str(rec, LF(wait), "%s", wait_name(c, flags));
	ct_rec_str(rec, LF(dispatch), c->indirect ? "indirect" : "inline");
	ct_rec_int(rec, LF(cs_ns), (long long)c->cs_ns);
	ct_rec_int(rec, LF(think_ns), (long long)c->think_ns);
	ct_rec_int(rec, LF(cs_lines), c->cs_lines);
	ct_rec_int(rec, LF(locks), c->nlocks);
	ct_rec_int(rec, LF(sample), c->sample);
	ct_rec_int(rec, LF(rep), rep);
	ct_rec_num(rec, LF(duration_s), secs);
	ct_rec_int(rec, LF(ops), (long long)total);
	ct_rec_num(rec, LF(throughput_ops), thr);
	ct_rec_num(rec, LF(ns_per_op), total ? 1e9 * secs / (double)total : NAN);
	ct_rec_num(rec, LF(cpu_ns_per_op), total ? (double)cpu_ns / (double)total : NAN);
	ct_rec_int(rec, LF(lat_samples), (long long)lat.count);
	put_hist(rec, &lat, (const char *const[]){ LF(lat_p50_ns), LF(lat_p90_ns),
		 LF(lat_p99_ns), LF(lat_p999_ns), LF(lat_max_ns) });
	ct_rec_num(rec, LF(lat_mean_ns), lat.count ? ct_ticks_to_ns(ct_hist_mean(&lat)) : NAN);
	ct_rec_int(rec, LF(handoff_samples), (long long)handoff.count);
	put_hist(rec, &handoff, (const char *const[]){ LF(handoff_ns), NULL,
		 LF(handoff_p99_ns), NULL, NULL });
	ct_rec_int(rec, LF(handoff_skew_dropped), (long long)skew);
	double hand = ct_rec_num_of(rec, LF(handoff_ns));
	ct_rec_num(rec, LF(c2c_ns), c2c[0]);
	ct_rec_num(rec, LF(c2c_ref), c2c[1]);
	ct_rec_num(rec, LF(handoff_c2c), hand / c2c[1]);
	ct_rec_num(rec, LF(uncontended_ns), unc_ns);
	ct_rec_num(rec, LF(harness_ns), harness_ns);
	if (c->bare) {
		ct_rec_num(rec, LF(bare_throughput_ops), bare->throughput);
		ct_rec_num(rec, LF(bare_ratio), thr / bare->throughput);
		ct_rec_num(rec, LF(bare_cpu_ns_per_op), bare->cpu_ns_per_op);
		ct_rec_num(rec, LF(bare_cpu_ratio), bare->cpu_ns_per_op /
			   ct_rec_num_of(rec, LF(cpu_ns_per_op)));
	}
	lb_contention_record(algo, n, c->sample, lat.count, tallied,
			     contended, want_seen, total, rec);
	lb_tally_record(r->tally != NULL, tallied, loads, rmws, rec);
	ct_rec_num(rec, LF(jain), jain);
	ct_rec_num(rec, LF(share_min), smin);
	ct_rec_num(rec, LF(share_max), smax);
	ct_locality_record(rec, &loc, &lat, r->node, n, c->vnodes);
	if (c->counters) {
		lb_counters_record(r, n, (double)total, rec);
		ct_rec_num(rec, LF(miss_per_transfer), ct_miss_per_transfer(
			ct_rec_num_of(rec, "cache_misses_per_op"),
			ct_rec_num_of(rec, LF(transfers_per_acquire))));
	}

	for (unsigned m = 0; m < P_N; m++) /* absent (no counters): NaN */
		pt->v[m] = ct_rec_num_of(rec, lb_point_fields[m].key);
	free(ops);
}

/* The summary table: the configuration, then medians over repetitions
 * (throughput in millions, with its spread). */
const struct ct_col ct_lockbench_table[] = {
	{ LF(algo), "algo", 14, "%s" },
	{ LF(threads), "thr", 5, NULL },
	{ LF(wait), "wait", 7, "%s" },
	{ "throughput_mops", "Mops/s", 9, "%.4g" },
	{ "throughput_spread", "+-%", 6, "%.1f" },
	{ LF(lat_p50_ns), "p50ns", 8, "%.0f" },
	{ LF(lat_p99_ns), "p99ns", 9, "%.0f" },
	{ LF(handoff_ns), "handoff", 9, "%.0f" },
	{ LF(handoff_c2c), "xc2c", 6, "%.2f" },
	{ LF(jain), "jain", 6, "%.3f" },
	{ LF(uncontended_ns), "uncont", 8, "%.1f" },
	{ NULL, NULL, 0, NULL },
};

const struct ct_col *ct_lockbench_columns(unsigned counters)
{
	static struct ct_col cols[32];
	return ct_counters_columns(ct_lockbench_table, counters, cols,
				   CT_ARRAY_SIZE(cols));
}

/* Median over repetitions (NA runs skipped), relative IQR in *spread. */
static double median_of(const struct lb_point *p, unsigned n, unsigned m,
			double *spread)
{
	return ct_median_strided(&p[0].v[m], n, sizeof(*p), spread);
}

static void lb_summary(const struct ct_lockbench_cfg *c, const char *algo,
		       unsigned flags, unsigned n, const struct lb_point *p,
		       struct ct_sink *table)
{
	struct ct_rec rec;
	double spread;
	ct_rec_reset(&rec);
	ct_rec_str(&rec, LF(algo), "%s", algo);
	ct_rec_int(&rec, LF(threads), n);
	ct_rec_str(&rec, LF(wait), "%s", wait_name(c, flags));
	for (unsigned m = 0; m < P_N; m++) {
		if (!lb_point_fields[m].summary)
			continue;
		ct_rec_num(&rec, lb_point_fields[m].summary,
			   median_of(p, c->reps, m, &spread) *
				   lb_point_fields[m].scale);
		if (m == P_THR)
			ct_rec_num(&rec, "throughput_spread", spread);
	}
	ct_sink_write(table, &rec);
}

/* --loop bare: the bare loop on the same CPUs and knobs (NaN: failed). */
static struct ct_bare_result lb_bare(const struct ct_lockbench_cfg *c,
				     const struct ct_lock_ops *ops, unsigned n,
				     const int *cpus, const int *numa)
{
	char err[512];
	struct ct_bare_result b;
	if (ct_lockbare_run(ops, &c->lock, n, cpus, numa, c->warmup_s,
			    c->duration_s, &b, err, sizeof(err)))
		fprintf(stderr, "contend: %s bare loop at %u threads: %s\n",
			ops->name, n, err);
	return b;
}

/* One (algo, threads, rep) run through to its record; with --loop bare,
 * the bare loop runs right before it on even repetitions, after on odd. */
static int lb_one(const struct ct_lockbench_cfg *c, const struct lb_algo *a,
		  const struct ct_lock_ops *ops, unsigned n, unsigned rep,
		  const int *cpus, const int *numa, const int *node,
		  const double c2c[2], double unc_ns, double harness_ns,
		  struct ct_output *out, struct lb_point *pt)
{
	struct lb_run r;
	char err[512];
	struct ct_bare_result bare = { NAN, NAN };
	ct_worker_fn fn = lb_injected(ops) ? lb_bench_inject :
			  c->indirect	    ? lb_bench_indirect : a->bench;
	if (c->bare && !(rep & 1))
		bare = lb_bare(c, ops, n, cpus, numa);
	if (lb_execute(c, ops, n, cpus, numa, node, fn, true, &r, err,
		       sizeof(err))) {
		fprintf(stderr, "contend: %s at %u threads: %s\n", a->name, n, err);
		return -1;
	}
	if (c->bare && rep & 1)
		bare = lb_bare(c, ops, n, cpus, numa);
	struct ct_rec rec;
	ct_rec_reset(&rec);
	lb_record(c, a->name, ops->flags, n, rep, cpus, &r, c2c, unc_ns,
		  harness_ns, &bare, &rec, pt);
	if (fn == lb_bench_inject)
		ct_rec_int(&rec, LF(inject_delay_ns), (long long)lb_inject.ns);
	if (out->data)
		ct_sink_write(out->data, &rec);
	lb_release(&r, n);
	return 0;
}

/*
 * harness_ns: what the measured loop itself costs per operation, as the
 * null lock's CPU ns/op on one thread (cpus[0]) with this run's sample rate and
 * dispatch but no critical-section work, think time or counters. A short
 * run (a tenth of --duration, 20-100 ms) at the start of each repetition.
 */
static double lb_measure_harness(const struct ct_lockbench_cfg *c,
				 const int *cpus, const int *numa,
				 const int *node)
{
	const struct ct_lock_ops *ops = ct_lock_ops_find("null");
	struct ct_lockbench_cfg hc = *c;
	struct lb_run r;
	char err[512];
	hc.cs_ns = hc.think_ns = 0;
	hc.cs_lines = hc.nlocks = 1;
	hc.counters = 0;
	hc.duration_s = fmin(fmax(c->duration_s / 10, 0.02), 0.1);
	hc.warmup_s = fmin(c->warmup_s, 0.02);
	ct_worker_fn fn = c->indirect ? lb_bench_indirect : find_algo("null")->bench;
	if (lb_execute(&hc, ops, 1, cpus, numa, node, fn, true, &r, err,
		       sizeof(err))) {
		fprintf(stderr, "contend: harness cost (null lock): %s\n", err);
		return NAN;
	}
	/* Thread CPU time, not the wall clock: on a shared host the thread
	 * is preempted, and that is not the loop's cost. */
	double ns = r.th[0]->ops ? (double)r.th[0]->cpu_ns / (double)r.th[0]->ops
				 : NAN;
	lb_release(&r, 1);
	return ns;
}

static double lb_measure_uncontended(const struct ct_lockbench_cfg *c,
				     const struct lb_algo *a,
				     const struct ct_lock_ops *ops,
				     const int *cpu, const int *numa,
				     const int *node)
{
	struct lb_run r;
	char err[512];
	ct_worker_fn fn = lb_injected(ops) ? lb_unc_inject :
			  c->indirect	    ? lb_unc_indirect : a->uncontended;
	if (lb_execute(c, ops, 1, cpu, numa, node, fn, false, &r, err,
		       sizeof(err))) {
		fprintf(stderr, "contend: %s uncontended: %s\n", a->name, err);
		return NAN;
	}
	double ns = r.uncontended_ns;
	lb_release(&r, 1);
	return ns;
}

/* --peers: hand the per-run throughput and uncontended cost to the pairing. */
static void lb_peers(const struct ct_lockbench_cfg *c, const struct lb_point *pts,
		     FILE *f)
{
	size_t n = (size_t)c->nalgos * c->nthreads * c->reps;
	double *thr = calloc(n, sizeof(*thr)), *unc = calloc(n, sizeof(*unc));
	for (size_t i = 0; thr && unc && i < n; i++) {
		thr[i] = pts[i].v[P_THR];
		unc[i] = pts[i].v[P_UNC];
	}
	struct ct_peer_runs r = { { c->algos, c->nalgos, c->threads,
				    c->nthreads, c->reps }, thr, unc };
	if (thr && unc)
		ct_lockpeers_print(&r, f);
	free(thr), free(unc);
}

/* --loop bare: hand ours and the bare loop's throughputs to the pairing. */
static void lb_bare_print(const struct ct_lockbench_cfg *c,
			  const struct lb_point *pts, FILE *f)
{
	size_t n = (size_t)c->nalgos * c->nthreads * c->reps;
	double *v = calloc(4 * n, sizeof(*v));
	for (size_t i = 0; v && i < n; i++) {
		v[i] = pts[i].v[P_THR];
		v[n + i] = pts[i].v[P_BARE];
		v[2 * n + i] = pts[i].v[P_CPU];
		v[3 * n + i] = pts[i].v[P_BARE_CPU];
	}
	struct ct_bare_runs r = { { c->algos, c->nalgos, c->threads,
				    c->nthreads, c->reps },
				  v, v + n, v + 2 * n, v + 3 * n };
	if (v)
		ct_lockbare_print(&r, f);
	free(v);
}

/* One run of the lock bench as the shared driver sees it (core/driver.h):
 * groups are the algorithms, members the thread counts. */
struct lb_drive {
	const struct ct_lockbench_cfg *c;
	const int *cpus, *numa, *node;
	const double *c2c; /* this run's probe, the reference */
	struct ct_output *out;
	struct lb_point *pts;
	double harness_ns; /* this repetition's null-lock cost */
	const struct lb_algo *a; /* the group being run, and its */
	const struct ct_lock_ops *ops;
	double unc;        /* uncontended latency this repetition */
};

static struct lb_point *lb_point_at(struct lb_drive *x, unsigned g,
				    unsigned m, unsigned rep)
{
	return &x->pts[((size_t)g * x->c->nthreads + m) * x->c->reps + rep];
}

static void lb_rep_begin(void *ctx, unsigned rep)
{
	struct lb_drive *x = ctx;
	x->harness_ns = lb_measure_harness(x->c, x->cpus, x->numa, x->node);
}

static int lb_group_begin(void *ctx, unsigned g, unsigned rep)
{
	struct lb_drive *x = ctx;
	x->a = find_algo(x->c->algos[g]);
	x->ops = ct_lock_ops_find(x->a->name);
	x->unc = lb_measure_uncontended(x->c, x->a, x->ops, x->cpus, x->numa,
					x->node);
	return 0;
}

static int lb_run_point(void *ctx, unsigned g, unsigned m, unsigned rep)
{
	struct lb_drive *x = ctx;
	return lb_one(x->c, x->a, x->ops, x->c->threads[m], rep, x->cpus,
		      x->numa, x->node, x->c2c, x->unc, x->harness_ns, x->out,
		      lb_point_at(x, g, m, rep));
}

static void lb_point_failed(void *ctx, unsigned g, unsigned m, unsigned rep)
{
	struct lb_point *pt = lb_point_at(ctx, g, m, rep);
	for (unsigned k = 0; k < P_N; k++)
		pt->v[k] = NAN;
}

static void lb_describe(void *ctx, unsigned g, unsigned m, char *buf,
			size_t len)
{
	struct lb_drive *x = ctx;
	snprintf(buf, len, "%s threads=%u", x->c->algos[g], x->c->threads[m]);
}

int ct_lockbench_run(const struct ct_lockbench_cfg *c, const struct ct_topo *t,
		     struct ct_rec *fp, struct ct_output *out)
{
	unsigned maxn = 0, na = c->nalgos, nt = c->nthreads;
	for (unsigned i = 0; i < nt; i++)
		maxn = c->threads[i] > maxn ? c->threads[i] : maxn;
	int *cpus = calloc(maxn, sizeof(int)), *numa = calloc(maxn, sizeof(int));
	int *node = calloc(maxn, sizeof(int));
	struct lb_point *pts = calloc((size_t)na * nt * c->reps, sizeof(*pts));
	char err[512], pair[32];
	ct_timer_calibrate();
	/* Thread i gets the same CPU at every thread count (a prefix). */
	if (ct_placement_resolve(t, &c->placement, maxn, cpus, err, sizeof(err))) {
		fprintf(stderr, "contend: %s\n", err);
		free(cpus), free(numa), free(node), free(pts);
		return 1;
	}
	for (unsigned i = 0; i < maxn; i++) {
		numa[i] = ct_topo_numa_of(t, cpus[i]);
		node[i] = ct_topo_node_of(t, cpus[i]);
	}

	/* c2c[0]: this run's probe (a diagnostic); c2c[1]: the reference
	 * every ratio is divided by (c2cref.h). */
	const struct ct_c2c_ref *ref = ct_c2c_ref_get(t);
	double c2c[2] = { ct_c2c_first_pair(cpus, maxn, pair, sizeof(pair)),
			  ref->ns };
	ct_rec_num(fp, "c2c_ns", c2c[0]);
	ct_rec_str(fp, "c2c_cpus", "%s", pair);
	ct_c2c_ref_header(fp, ref);
	ct_fingerprint_write(fp, out, c->counters);

	struct lb_drive x = { .c = c, .cpus = cpus, .numa = numa, .node = node,
			      .c2c = c2c, .out = out, .pts = pts };
	struct ct_drive d = {
		.reps = c->reps, .groups = na, .members = nt,
		.rep_begin = lb_rep_begin, .group_begin = lb_group_begin,
		.run_point = lb_run_point, .point_failed = lb_point_failed,
		.describe = lb_describe, .progress = c->progress,
		.point_s = c->duration_s + c->warmup_s,
	};
	int failed = ct_drive_run(&d, &x) > 0;
	for (unsigned ai = 0; out->table && ai < na; ai++) {
		const struct lb_algo *a = find_algo(c->algos[ai]);
		for (unsigned ti = 0; ti < nt; ti++)
			lb_summary(c, a->name, a->flags, c->threads[ti],
				   &pts[((size_t)ai * nt + ti) * c->reps],
				   out->table);
	}
	if (out->table)
		ct_sink_flush(out->table);
	/* With records on stdout (no table), the pairings go to stderr. */
	FILE *pairing = out->table && out->table->fmt == CT_FMT_TABLE ?
				out->table->f : stderr;
	if (c->peers)
		lb_peers(c, pts, pairing);
	if (c->bare)
		lb_bare_print(c, pts, pairing);
	free(cpus), free(numa), free(node), free(pts);
	return failed;
}
