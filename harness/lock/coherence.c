/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * coherence.c - see coherence.h. ccount.h comes first: every lock header
 * this file includes is compiled with its atomics reporting here.
 */
#include "ccount.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "locks/inline.h"
#include "coherence.h"

enum { CC_LINES = 4096, CC_MAX_THREADS = CT_CC_MAX_THREADS,
       CC_MAX_STEPS = 1000000 };

/* ---- the model -------------------------------------------------------- */

struct cc_line {
	uintptr_t line; /* address / 64, 0: empty slot */
	int owner;      /* thread holding it exclusive, or -1 */
	uint64_t sharers;
};

enum cc_cmd { CC_IDLE, CC_ACQUIRE, CC_RELEASE, CC_EXIT };
enum cc_state { CC_OUT, CC_WAITING, CC_HOLDER };

struct cc_thread {
	pthread_t th;
	unsigned tid;
	enum cc_cmd cmd;
	enum cc_state state;
	void *ctx;
	bool has_last; /* the previous access of this call, for parking */
	enum ct_cc_kind last_kind;
	const volatile void *last_p;
	uint64_t last_value;
	unsigned long steps; /* accesses in this turn */
};

struct cc_lockfns {
	const char *name;
	void (*acquire)(void *lock, void *ctx);
	void (*release)(void *lock, void *ctx);
	int (*init)(void *lock, const struct ct_lock_cfg *cfg);
	void (*destroy)(void *lock);
	void (*ctx_init)(void *lock, void *ctx, unsigned tid);
};

/* One schedule at a time (the controller is one thread). */
static struct {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int turn; /* thread allowed to run, -1: the controller */
	bool stuck;
	bool counting;
	uint64_t transfers, reads, writes, rmws;
	struct cc_line lines[CC_LINES];
	struct cc_thread th[CC_MAX_THREADS];
	const struct cc_lockfns *fns;
	void *lock;
	uint64_t rng;     /* free schedule: 0 for the fixed one */
	unsigned think[CC_MAX_THREADS]; /* free: releases a thread sits out */
} cc = { .mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER,
	.turn = -1 };

static __thread int cc_tid = -1; /* -1: not a scheduled thread */

static struct cc_line *cc_line_of(const volatile void *p)
{
	uintptr_t line = (uintptr_t)p / CT_CACHE_LINE;
	size_t h = (size_t)(line * 0x9E3779B97F4A7C15ull >> 52) % CC_LINES;
	while (cc.lines[h].line && cc.lines[h].line != line)
		h = (h + 1) % CC_LINES;
	if (!cc.lines[h].line) { /* first touch: the line is in memory */
		cc.lines[h].line = line;
		cc.lines[h].owner = -1;
		cc.lines[h].sharers = 0;
	}
	return &cc.lines[h];
}

/* Does thread t's access need the line moved? Updates the line's state. */
static bool cc_transfer(struct cc_line *l, unsigned t, enum ct_cc_kind kind)
{
	uint64_t me = 1ull << t;
	if (kind == CT_CC_READ) {
		if (l->owner == (int)t || (l->sharers & me))
			return false;
		if (l->owner >= 0)
			l->sharers |= 1ull << l->owner;
		l->owner = -1;
		l->sharers |= me;
		return true;
	}
	if (l->owner == (int)t)
		return false;
	l->owner = (int)t;
	l->sharers = 0;
	return true;
}

/* Caller holds cc.mu. Hand the turn to `to` and wait for it back. */
static void cc_pass(int to, int me)
{
	cc.turn = to;
	pthread_cond_broadcast(&cc.cv);
	while (cc.turn != me)
		pthread_cond_wait(&cc.cv, &cc.mu);
}

void ct_cc_access(const volatile void *p, enum ct_cc_kind kind, uint64_t value)
{
	if (cc_tid < 0)
		return; /* set-up on the controller: not part of the schedule */
	struct cc_thread *me = &cc.th[cc_tid];
	bool moved = cc_transfer(cc_line_of(p), (unsigned)cc_tid, kind);
	if (cc.counting) {
		cc.transfers += moved;
		cc.reads += kind == CT_CC_READ;
		cc.writes += kind == CT_CC_WRITE;
		cc.rmws += kind == CT_CC_RMW;
	}
	bool repeat = me->has_last && me->last_kind == kind &&
		      me->last_p == p && me->last_value == value;
	me->has_last = true;
	me->last_kind = kind;
	me->last_p = p;
	me->last_value = value;
	if (++me->steps > CC_MAX_STEPS)
		cc.stuck = true;
	if (repeat || cc.stuck) { /* a poll that saw no change: park */
		pthread_mutex_lock(&cc.mu);
		me->steps = 0;
		cc_pass(-1, cc_tid);
		pthread_mutex_unlock(&cc.mu);
	}
}

static void *cc_worker(void *arg)
{
	struct cc_thread *me = arg;
	cc_tid = (int)me->tid;
	pthread_mutex_lock(&cc.mu);
	for (;;) {
		while (cc.turn != (int)me->tid)
			pthread_cond_wait(&cc.cv, &cc.mu);
		enum cc_cmd cmd = me->cmd;
		if (cmd == CC_EXIT)
			break;
		pthread_mutex_unlock(&cc.mu);
		me->has_last = false;
		me->steps = 0;
		if (cmd == CC_ACQUIRE) {
			me->state = CC_WAITING;
			cc.fns->acquire(cc.lock, me->ctx);
			me->state = CC_HOLDER;
		} else {
			cc.fns->release(cc.lock, me->ctx);
			me->state = CC_OUT;
		}
		pthread_mutex_lock(&cc.mu);
		me->cmd = CC_IDLE;
		cc.turn = -1;
		pthread_cond_broadcast(&cc.cv);
	}
	cc.turn = -1;
	pthread_cond_broadcast(&cc.cv);
	pthread_mutex_unlock(&cc.mu);
	return NULL;
}

/* Controller: let thread t run (a new command, or resume where it
 * parked) until it parks or finishes. */
static void cc_run(unsigned t, enum cc_cmd cmd)
{
	pthread_mutex_lock(&cc.mu);
	if (cmd != CC_IDLE)
		cc.th[t].cmd = cmd;
	cc_pass((int)t, -1);
	pthread_mutex_unlock(&cc.mu);
}

#define LOCK(id, str, flags, try)                                             \
	{ str, ct_lockop_##id##_acquire, ct_lockop_##id##_release,            \
	  ct_lockop_##id##_init, ct_lockop_##id##_destroy,                    \
	  ct_lockop_##id##_ctx_init },
static const struct cc_lockfns cc_locks[] = {
#include "locks/LIST"
};
#undef LOCK

static const struct cc_lockfns *cc_find(const char *name)
{
	const struct ct_lock_ops *ops = ct_lock_ops_find(name);
	/* Spinning locks only: a parking lock would sleep in the kernel
	 * holding the turn; null excludes nothing, broken is not a design. */
	if (!ops || !(ops->flags & CT_LOCK_WAITS))
		return NULL;
	for (size_t i = 0; i < CT_ARRAY_SIZE(cc_locks); i++)
		if (!strcmp(cc_locks[i].name, name))
			return &cc_locks[i];
	return NULL;
}

int ct_cc_supported(const char *name)
{
	return cc_find(name) != NULL;
}

/* The order a round runs threads in: the fixed schedule's thread order
 * after `from`, or (free) a fresh random permutation. */
static void cc_order(unsigned *order, unsigned n, unsigned from)
{
	for (unsigned k = 0; k < n; k++)
		order[k] = (from + 1 + k) % n;
	for (unsigned k = n; cc.rng && k > 1; k--) { /* Fisher-Yates */
		unsigned j = (unsigned)(ct_rand64(&cc.rng) % k), t = order[k - 1];
		order[k - 1] = order[j];
		order[j] = t;
	}
}

/* One round: every waiter but `skip`, in cc_order() after `from`, runs
 * until it parks or acquires. Returns the thread that acquired, or -1. */
static int cc_round(unsigned n, unsigned from, int skip)
{
	unsigned order[CC_MAX_THREADS];
	int got = -1;
	cc_order(order, n, from);
	for (unsigned k = 0; k < n; k++) {
		unsigned t = order[k];
		if ((int)t == skip || cc.th[t].state != CC_WAITING)
			continue;
		cc_run(t, CC_IDLE);
		if (cc.th[t].state == CC_HOLDER)
			got = (int)t;
	}
	return got;
}

/* Free schedule: how many releases the releaser sits out before it
 * arrives again (0-3), so long as one thread is left to wait at every
 * release (at most n - 2 sit out at once). */
static unsigned cc_draw_think(unsigned n)
{
	unsigned out = 0;
	for (unsigned t = 0; t < n; t++)
		out += cc.think[t] > 0;
	if (!cc.rng || out + 2 >= n)
		return 0;
	return (unsigned)(ct_rand64(&cc.rng) % 4);
}

/* Every thread out of the lock whose think time is over arrives (the
 * releaser first in the fixed schedule), and every other waiter then
 * polls once. An arrival must wait: `holder` holds the lock. */
static int cc_arrivals(unsigned n, unsigned holder)
{
	unsigned order[CC_MAX_THREADS];
	cc_order(order, n, holder);
	for (unsigned k = 0; k < n; k++) {
		unsigned t = order[(k + n - 1) % n]; /* fixed: holder first */
		if (cc.th[t].state != CC_OUT || cc.think[t])
			continue;
		cc_run(t, CC_ACQUIRE);
		if (cc.th[t].state != CC_WAITING)
			return -1;
		cc_round(n, t, (int)t);
	}
	for (unsigned t = 0; t < n; t++)
		cc.think[t] -= cc.th[t].state == CC_OUT && cc.think[t];
	return 0;
}

static void *cc_alloc(size_t size)
{
	size_t padded = (size + CT_PAD - 1) / CT_PAD * CT_PAD;
	void *p = aligned_alloc(CT_PAD, padded ? padded : CT_PAD);
	if (p)
		memset(p, 0, padded ? padded : CT_PAD);
	return p;
}

static int cc_schedule(unsigned n, unsigned warmup, unsigned cycles,
		       struct ct_cc_result *r, char *err, size_t errlen)
{
	unsigned holder = 0;
	cc_run(0, CC_ACQUIRE);
	for (unsigned t = 1; t < n && !cc.stuck; t++)
		cc_run(t, CC_ACQUIRE);
	cc_round(n, 0, 0);
	r->min_cycle = 1e300;
	r->max_cycle = 0;
	for (unsigned c = 0; c < warmup + cycles && !cc.stuck; c++) {
		uint64_t before = cc.transfers;
		cc.counting = c >= warmup;
		unsigned waiting = 0;
		for (unsigned t = 0; t < n; t++)
			waiting += cc.th[t].state == CC_WAITING;
		if (cc.counting)
			r->releases_with[waiting]++;
		cc_run(holder, CC_RELEASE);
		cc.think[holder] = cc_draw_think(n);
		int next = n > 1 ? cc_round(n, holder, -1) : -1;
		if (n == 1) {
			cc_run(holder, CC_ACQUIRE); /* alone: acquires */
			next = 0;
		} else if (next < 0 || cc_arrivals(n, holder) < 0) {
			snprintf(err, errlen, "cycle %u: %s", c, next < 0 ?
				 "no waiter acquired after a release" :
				 "an arrival acquired past waiters");
			return -1;
		}
		holder = (unsigned)next;
		if (cc.counting) {
			double d = (double)(cc.transfers - before);
			r->min_cycle = d < r->min_cycle ? d : r->min_cycle;
			r->max_cycle = d > r->max_cycle ? d : r->max_cycle;
		}
	}
	if (cc.stuck) {
		snprintf(err, errlen, "a thread made %d accesses without "
			 "parking or finishing", CC_MAX_STEPS);
		return -1;
	}
	cc.counting = false;
	r->transfers = (double)cc.transfers / cycles;
	r->reads = (double)cc.reads / cycles;
	r->writes = (double)cc.writes / cycles;
	r->rmws = (double)cc.rmws / cycles;
	/* Drain: every waiter acquires and releases in turn, so all threads
	 * are out of the lock and the lock is free for destroy(). */
	for (int t = (int)holder; t >= 0; t = cc_round(n, holder, -1)) {
		holder = (unsigned)t;
		cc_run(holder, CC_RELEASE);
	}
	for (unsigned t = 0; t < n; t++)
		if (cc.th[t].state != CC_OUT)
			cc.stuck = true;
	if (cc.stuck) {
		snprintf(err, errlen, "threads still waiting after the drain");
		return -1;
	}
	return 0;
}

int ct_cc_count(const char *name, unsigned threads, unsigned warmup,
		unsigned cycles, uint64_t seed, struct ct_cc_result *r,
		char *err, size_t errlen)
{
	const struct cc_lockfns *fns = cc_find(name);
	const struct ct_lock_ops *ops = ct_lock_ops_find(name);
	memset(r, 0, sizeof(*r));
	if (!fns || !threads || threads > CC_MAX_THREADS || !cycles) {
		if (!fns)
			snprintf(err, errlen, "%s: not a spinning lock of ours "
				 "(the schedule needs polls of C11 atomics)", name);
		else
			snprintf(err, errlen, "threads must be 1-%d and cycles "
				 "> 0", CC_MAX_THREADS);
		return -1;
	}
	memset(cc.lines, 0, sizeof(cc.lines));
	memset(cc.th, 0, sizeof(cc.th));
	memset(cc.think, 0, sizeof(cc.think));
	cc.rng = seed;
	cc.transfers = cc.reads = cc.writes = cc.rmws = 0;
	cc.stuck = cc.counting = false;
	cc.turn = -1;
	cc.fns = fns;
	struct ct_lock_cfg cfg = CT_LOCK_CFG_DEFAULT;
	cfg.max_threads = threads;
	cfg.wait.policy = CT_WAIT_SPIN;
	cc.lock = cc_alloc(ops->lock_size);
	int rc = cc.lock ? fns->init(cc.lock, &cfg) : -1;
	unsigned started = 0;
	for (unsigned t = 0; rc == 0 && t < threads; t++) {
		cc.th[t].tid = t;
		cc.th[t].ctx = cc_alloc(ops->ctx_size);
		if (!cc.th[t].ctx)
			rc = -1;
		else
			fns->ctx_init(cc.lock, cc.th[t].ctx, t);
	}
	for (; rc == 0 && started < threads; started++)
		if (pthread_create(&cc.th[started].th, NULL, cc_worker,
				   &cc.th[started]))
			rc = -1;
	if (rc)
		snprintf(err, errlen, "%s: could not set up %u threads", name,
			 threads);
	else
		rc = cc_schedule(threads, warmup, cycles, r, err, errlen);
	/* A schedule that failed with threads inside the lock cannot send
	 * them CC_EXIT: they would resume a poll, park again and never
	 * finish. Leave them parked on the turn (nothing runs) and say so. */
	for (unsigned t = 0; rc && !cc.stuck && t < started; t++)
		if (cc.th[t].state != CC_OUT) {
			cc.stuck = true;
			size_t len = strlen(err);
			snprintf(err + len, errlen - len, " (threads left waiting)");
		}
	/* A stuck thread still spins inside the lock: it cannot be joined. */
	for (unsigned t = 0; t < started && !cc.stuck; t++) {
		cc_run(t, CC_EXIT);
		pthread_join(cc.th[t].th, NULL);
	}
	if (cc.stuck)
		return -1;
	for (unsigned t = 0; t < threads; t++)
		free(cc.th[t].ctx);
	if (cc.lock && rc == 0)
		fns->destroy(cc.lock);
	free(cc.lock);
	r->threads = threads;
	r->cycles = cycles;
	for (unsigned w = 0; w <= threads; w++)
		r->waiters += (double)w * r->releases_with[w] / cycles;
	return rc;
}
