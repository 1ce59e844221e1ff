/* SPDX-License-Identifier: BSD-2-Clause */
#include "barriercheck.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "barriers/inline.h"
#include "barrierbench.h"
#include "harness/core/mem.h"
#include "harness/core/team.h"
#include "harness/core/timing.h"

#define BC_RING 4 /* arrival counters in use; a power of two, >= 2 */

struct bc_counter {
	_Atomic uint64_t n;
} ct_aligned(CT_PAD);

struct bc_thread { /* per-thread tallies, on the thread's own lines */
	uint64_t done, early, ahead, stale, first_bad;
} ct_aligned(CT_PAD);

struct bc_run {
	struct ct_team team;
	struct ct_barrier_inst inst;
	struct bc_counter arrived[BC_RING];
	struct bc_thread *th;
	uint64_t *plain[2]; /* [k % 2][tid]; NULL: not checked */
	uint64_t episodes, straggle_ticks;
};

typedef void (*bar_fn)(void *bar, void *ctx);

/* Is tid the straggler of episode k? */
static ct_always_inline bool bc_straggles(uint64_t k, unsigned tid, unsigned P)
{
	return (k & 15) == 0 && (k >> 4) % P == tid;
}

/* Before arriving at episode k. */
static ct_always_inline void bc_arrive(struct bc_run *r, uint64_t k,
				       unsigned tid)
{
	if (r->plain[0])
		r->plain[k % 2][tid] = k; /* plain: the barrier must publish it */
	/* relaxed: a detector, not a synchronizer (see bc_check). */
	atomic_fetch_add_explicit(&r->arrived[k % BC_RING].n, 1,
				  memory_order_relaxed);
}

/* Plain words of episode k that do not hold k. */
static ct_always_inline uint64_t bc_stale(const struct bc_run *r, uint64_t k,
					  unsigned P)
{
	uint64_t stale = 0;
	for (unsigned i = 0; r->plain[0] && i < P; i++)
		stale += r->plain[k % 2][i] != k;
	return stale;
}

/* After leaving episode k: did we see exactly the whole team arrive? */
static ct_always_inline void bc_check(struct bc_run *r, struct bc_thread *me,
				      uint64_t k, unsigned P)
{
	/* relaxed: with a correct barrier every increment of episode k
	 * happens-before this load, so it must see all of them. */
	uint64_t seen = atomic_load_explicit(&r->arrived[k % BC_RING].n,
					     memory_order_relaxed);
	uint64_t want = (uint64_t)P * (k / BC_RING + 1);
	uint64_t stale = bc_stale(r, k, P);
	if (ct_likely(seen == want && !stale))
		return;
	if (me->early + me->ahead + me->stale == 0)
		me->first_bad = k;
	me->early += seen < want;
	me->ahead += seen > want;
	me->stale += stale;
}

static ct_always_inline void bc_loop(struct ct_worker *w, bar_fn wait)
{
	struct bc_run *r = w->arg;
	const unsigned tid = w->tid, P = r->inst.cfg.nthreads;
	struct bc_thread *me = &r->th[tid];
	me->first_bad = UINT64_MAX;
	ct_barrier_inst_join(&r->inst, tid);
	if (ct_team_wait_start(&r->team) == CT_PHASE_STOP ||
	    atomic_load(&r->inst.failed))
		return;
	void *bar = r->inst.bar, *ctx = r->inst.ctx[tid];
	for (uint64_t k = 0; k < r->episodes; k++) {
		if (bc_straggles(k, tid, P))
			ct_delay_ticks(r->straggle_ticks);
		bc_arrive(r, k, tid);
		wait(bar, ctx);
		bc_check(r, me, k, P);
		me->done++;
	}
}

#define BARRIER(id, str, flags)                                               \
	static void bc_check_##id(struct ct_worker *w)                        \
	{                                                                     \
		bc_loop(w, ct_barrierop_##id##_wait);                         \
	}
#include "barriers/LIST"
#undef BARRIER

/* The checking loop of each ct_barrier_ops_table row. */
static const ct_worker_fn bc_check_fn[CT_BARRIER_COUNT] = {
#define BARRIER(id, str, flags) [CT_BARRIER_IDX_##id] = bc_check_##id,
#include "barriers/LIST"
#undef BARRIER
};

/* Two buffers of one word per thread, holding no episode's number. */
static int bc_plain_init(struct bc_run *r, unsigned n)
{
	uint64_t *w = malloc(2 * (size_t)n * sizeof(*w));
	if (!w)
		return -1;
	for (size_t i = 0; i < 2 * (size_t)n; i++)
		w[i] = UINT64_MAX;
	r->plain[0] = w;
	r->plain[1] = w + n;
	return 0;
}

static struct bc_run *bc_new(const struct ct_barriercheck_cfg *c,
			     const struct ct_barrier_ops *ops,
			     struct ct_barriercheck_result *res)
{
	struct ct_barrier_cfg bcfg = c->bar;
	struct bc_run *r = aligned_alloc(CT_PAD, ct_pad_size(sizeof(*r)));
	struct bc_thread *th = aligned_alloc(CT_PAD, c->nthreads * sizeof(*th));
	bcfg.nthreads = c->nthreads;
	if (!r || !th || ct_barrier_inst_init(&r->inst, ops, &bcfg, c->numa[0],
					      res->err, sizeof(res->err))) {
		if (!r || !th)
			snprintf(res->err, sizeof(res->err), "out of memory");
		free(r), free(th);
		return NULL;
	}
	memset(th, 0, c->nthreads * sizeof(*th));
	r->th = th;
	r->plain[0] = r->plain[1] = NULL;
	if (c->plain && bc_plain_init(r, c->nthreads)) {
		snprintf(res->err, sizeof(res->err), "out of memory");
		ct_barrier_inst_destroy(&r->inst);
		free(th), free(r);
		return NULL;
	}
	for (unsigned i = 0; i < BC_RING; i++)
		atomic_init(&r->arrived[i].n, 0);
	r->episodes = c->episodes;
	r->straggle_ticks = ct_ns_to_ticks((double)c->straggle_ns);
	return r;
}

static void bc_tally(const struct bc_run *r, unsigned n,
		     struct ct_barriercheck_result *res)
{
	res->episodes = UINT64_MAX;
	res->first_bad = UINT64_MAX;
	for (unsigned i = 0; i < n; i++) {
		const struct bc_thread *t = &r->th[i];
		res->early += t->early;
		res->ahead += t->ahead;
		res->stale += t->stale;
		res->episodes = t->done < res->episodes ? t->done : res->episodes;
		res->first_bad = t->first_bad < res->first_bad ? t->first_bad :
								  res->first_bad;
	}
}

int ct_barriercheck(const struct ct_barriercheck_cfg *c,
		    struct ct_barriercheck_result *res)
{
	memset(res, 0, sizeof(*res));
	const struct ct_barrier_ops *ops = ct_barrier_ops_find(c->algo);
	if (!ops) {
		snprintf(res->err, sizeof(res->err), "unknown barrier '%s'", c->algo);
		return -1;
	}
	ct_timer_calibrate();
	struct bc_run *r = bc_new(c, ops, res);
	if (!r)
		return -1;
	int rc = ct_team_run(&r->team, c->nthreads, c->cpus, c->numa,
			     bc_check_fn[ops - ct_barrier_ops_table], r, 0, 0,
			     c->timeout_s, res->err, sizeof(res->err));
	bc_tally(r, c->nthreads, res);
	if (rc && r->team.nthreads == c->nthreads) {
		/* watchdog fired: threads still run, leave r to them */
		res->timed_out = true;
		res->seconds = c->timeout_s;
		return 1;
	}
	res->seconds = (double)(r->team.measure_end_ns -
				r->team.measure_start_ns) / 1e9;
	if (!rc && atomic_load(&r->inst.failed)) {
		snprintf(res->err, sizeof(res->err), "could not allocate contexts");
		rc = -1;
	}
	ct_barrier_inst_destroy(&r->inst);
	free(r->plain[0]), free(r->th), free(r);
	if (rc)
		return -1;
	return res->early || res->ahead || res->stale ||
	       res->episodes != c->episodes;
}
