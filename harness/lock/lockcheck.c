/* SPDX-License-Identifier: BSD-2-Clause */
#include "lockcheck.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "locks/inline.h"
#include "lockset.h"
#include "harness/core/mem.h"
#include "harness/core/team.h"
#include "harness/core/timing.h"

struct lc_data { /* the protected line */
	atomic_uint occupancy;
	volatile uint64_t counter; /* volatile: keep the race window real */
};

struct lc_thread { /* per-thread tallies, on the thread's own lines */
	uint64_t done, overlaps, try_calls, try_success;
} ct_aligned(CT_PAD);

struct lc_run {
	struct ct_team team;
	struct ct_lockset set;
	const struct ct_lockcheck_cfg *cfg;
	struct lc_thread *th;
	struct ct_lockctx *ctx;
	atomic_uint setup_failed;
};

typedef void (*lock_fn)(void *lock, void *ctx);
typedef bool (*try_fn)(void *lock, void *ctx);

/* Returns 1 if another thread was inside. */
static ct_always_inline unsigned lc_critical(struct lc_data *d)
{
	/* relaxed: a detector, not a synchronizer. Its lock-prefixed RMW is a
	 * full fence on x86, so ordering bugs are TSan's job (make check);
	 * this catches two simultaneous holders. */
	unsigned before = atomic_fetch_add_explicit(&d->occupancy, 1,
						    memory_order_relaxed);
	uint64_t v = d->counter;
	for (int i = 0; i < 4; i++)
		ct_cpu_relax();
	d->counter = v + 1;
	atomic_fetch_sub_explicit(&d->occupancy, 1, memory_order_relaxed);
	return before != 0;
}

static ct_always_inline void lc_loop(struct ct_worker *w, lock_fn acquire,
				     lock_fn release, try_fn trylock)
{
	struct lc_run *r = w->arg;
	const struct ct_lockcheck_cfg *c = r->cfg;
	struct lc_thread *me = &r->th[w->tid];
	struct ct_lockctx *cx = &r->ctx[w->tid];
	if (ct_lockctx_init(cx, &r->set, w->tid))
		atomic_fetch_add(&r->setup_failed, 1);
	ct_team_wait_start(&r->team);
	if (atomic_load(&r->setup_failed))
		return;
	uint64_t quota = c->ops / c->nthreads + (w->tid < c->ops % c->nthreads);
	void *lock = ct_lockset_lock(&r->set, 0), *ctx = cx->ctx[0];
	struct lc_data *d = ct_lockset_data(&r->set, 0);
	for (uint64_t i = 0; i < quota; i++) {
		if (trylock && c->try_every && i % c->try_every == 0) {
			struct ct_waiter wt = ct_waiter_start(c->lock.wait);
			me->try_calls++;
			while (!trylock(lock, ctx)) {
				me->try_calls++;
				ct_wait_step(&wt);
			}
			me->try_success++;
		} else {
			acquire(lock, ctx);
		}
		me->overlaps += lc_critical(d);
		release(lock, ctx);
		me->done++;
	}
}

struct lc_algo {
	const char *name;
	ct_worker_fn check;
};

#define LOCK(id, str, flags, try)                                            \
	static void lc_check_##id(struct ct_worker *w)                       \
	{                                                                    \
		lc_loop(w, ct_lockop_##id##_acquire, ct_lockop_##id##_release, \
			CT_LOCK_TRYOP(id, try));                             \
	}
#include "locks/LIST"
#undef LOCK

static const struct lc_algo lc_algos[] = {
#define LOCK(id, str, flags, try) { str, lc_check_##id },
#include "locks/LIST"
#undef LOCK
};

static ct_worker_fn lc_find(const char *name)
{
	for (unsigned i = 0; i < CT_ARRAY_SIZE(lc_algos); i++)
		if (!strcmp(lc_algos[i].name, name))
			return lc_algos[i].check;
	return NULL;
}

int ct_lockcheck(const struct ct_lockcheck_cfg *c,
		 struct ct_lockcheck_result *res)
{
	memset(res, 0, sizeof(*res));
	const struct ct_lock_ops *ops = ct_lock_ops_find(c->algo);
	ct_worker_fn fn = lc_find(c->algo);
	if (!ops || !fn) {
		snprintf(res->err, sizeof(res->err), "unknown lock '%s'", c->algo);
		return -1;
	}
	ct_timer_calibrate();
	/* The team inside is CT_PAD-aligned: calloc's 16 bytes are not enough. */
	struct lc_run *r = aligned_alloc(CT_PAD, ct_pad_size(sizeof(*r)));
	struct ct_lock_cfg lcfg = c->lock;
	lcfg.max_threads = c->nthreads;
	if (r)
		memset(r, 0, sizeof(*r));
	if (!r || ct_lockset_init(&r->set, ops, 1, 1, &lcfg, c->numa[0],
				  res->err, sizeof(res->err))) {
		free(r);
		return -1;
	}
	r->cfg = c;
	r->th = aligned_alloc(CT_PAD, sizeof(*r->th) * c->nthreads);
	r->ctx = calloc(c->nthreads, sizeof(*r->ctx));
	memset(r->th, 0, sizeof(*r->th) * c->nthreads);
	int rc = ct_team_run(&r->team, c->nthreads, c->cpus, c->numa, fn, r, 0,
			     0, c->timeout_s, res->err, sizeof(res->err));
	for (unsigned i = 0; i < c->nthreads; i++) {
		res->acquisitions += r->th[i].done;
		res->overlaps += r->th[i].overlaps;
		res->try_calls += r->th[i].try_calls;
		res->try_success += r->th[i].try_success;
	}
	res->counter = ((struct lc_data *)ct_lockset_data(&r->set, 0))->counter;
	res->seconds = rc ? c->timeout_s :
			    (double)(r->team.measure_end_ns -
				     r->team.measure_start_ns) / 1e9;
	if (rc) { /* watchdog fired: threads still run, leave r to them */
		res->timed_out = true;
		return 1;
	}
	if (atomic_load(&r->setup_failed)) {
		snprintf(res->err, sizeof(res->err), "could not allocate contexts");
		rc = -1;
	}
	for (unsigned i = 0; i < c->nthreads; i++)
		ct_lockctx_destroy(&r->ctx[i]);
	ct_lockset_destroy(&r->set);
	free(r->th), free(r->ctx), free(r);
	if (rc)
		return rc;
	return res->overlaps || res->counter != c->ops ||
	       res->acquisitions != c->ops;
}
