/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * shfl.h - shuffle lock (ShflLock, a non-blocking-fast-path variant).
 *
 * Source: S. Kashyap, I. Calciu, X. Cheng, C. Min and T. Kim, "Scalable
 * and Practical Locking with Shuffling", SOSP 2019.
 *
 * A test-and-set word decides who holds the lock; a queue (MCS-shaped,
 * see mcs.h) decides who may try next. An arriving thread first tries
 * the word (it may barge past the queue: it is running, and handing the
 * lock to a running thread is what survives oversubscription); on
 * failure it queues. Only the queue head polls the word; the others wait
 * on their own node, and under --wait park sleep there. The head, once it
 * has taken the word, passes headship to its successor, so the successor
 * is woken while the lock holder works: the wake-up is off the critical
 * path, unlike a FIFO hand-off to a sleeping waiter.
 *
 * Shuffling: the head moves waiters of its own node (cfg->thread_node,
 * virtual under --vnodes) found among the next CT_LOCK_SHFL_SCAN waiters
 * up to just behind itself, so consecutive heads tend to share a node.
 *
 * Invariants:
 *  - word.b.locked is 1 iff some thread holds the lock; only the holder
 *    clears it. word.b.no_steal is set only by the head, after it has
 *    polled CT_LOCK_SHFL_PATIENCE times without winning (or, under yield
 *    and park, for PATIENCE_NS); while set no arrival barges, and the
 *    head's CAS clears it as it takes the lock. So a head waits at most
 *    PATIENCE polls (or 50 us of polling) plus one critical section per
 *    thread already past the word: bounded unfairness.
 *  - Only the head rewrites the `next` of waiting nodes, never of the
 *    queue's last node (an arrival may be linking behind it).
 *  - The queue only orders tries; mutual exclusion is the word's.
 *
 * word is one 32-bit atomic also reachable as bytes (a union, as in
 * ticket.h): the fast path and the head CAS the whole word; release and
 * the head's no_steal are byte stores, well defined on GCC/Clang.
 */
#ifndef CT_LOCK_SHFL_H
#define CT_LOCK_SHFL_H

#include <stdatomic.h>
#include <stddef.h>
#include <time.h>

#include "lock.h"

#define CT_LOCK_SHFL_PATIENCE 1024u /* head polls before barring steals */
/* ... or nanoseconds of polling under yield/park */
#define CT_LOCK_SHFL_PATIENCE_NS 50000u
#define CT_LOCK_SHFL_SCAN 16u       /* waiters a head looks at to shuffle */

union ct_lock_shfl_word {
	_Atomic uint32_t all;
	struct {
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
		_Atomic uint8_t locked, no_steal, pad[2];
#else
		_Atomic uint8_t pad[2], no_steal, locked;
#endif
	} b;
};

#define CT_LOCK_SHFL_LOCKED 1u            /* in `all` */
#define CT_LOCK_SHFL_NO_STEAL (1u << 8)   /* in `all` */

enum { CT_LOCK_SHFL_WAIT = 1, CT_LOCK_SHFL_HEAD = 0 };

struct ct_lock_shfl_ctx {
	_Atomic(struct ct_lock_shfl_ctx *) next; /* successor, set by it */
	atomic_uint status; /* WAIT until the previous head stores HEAD */
	int node;
} ct_aligned(CT_PAD);

struct ct_lock_shfl {
	union ct_lock_shfl_word w;
	_Atomic(struct ct_lock_shfl_ctx *) tail ct_aligned(CT_CACHE_LINE);
	struct ct_wait wait;
	const int *thread_node;
};

static inline int ct_lock_shfl_init(struct ct_lock_shfl *l,
				    const struct ct_lock_cfg *cfg)
{
	atomic_init(&l->w.all, 0);
	atomic_init(&l->tail, NULL);
	l->wait = cfg->wait;
	l->thread_node = cfg->thread_node;
	return 0;
}

static inline void ct_lock_shfl_destroy(struct ct_lock_shfl *l)
{
	(void)l;
}

static inline void ct_lock_shfl_ctx_init(struct ct_lock_shfl *l,
					 struct ct_lock_shfl_ctx *me,
					 unsigned tid)
{
	atomic_init(&me->next, NULL);
	atomic_init(&me->status, CT_LOCK_SHFL_HEAD);
	me->node = l->thread_node ? l->thread_node[tid] : 0;
}

/* CAS the whole word from `from` to LOCKED. acquire on success: the
 * critical section stays after it, and after the previous release. */
static inline bool ct_lock_shfl_cas(struct ct_lock_shfl *l, uint32_t from)
{
	return atomic_compare_exchange_strong_explicit(
		&l->w.all, &from, CT_LOCK_SHFL_LOCKED, memory_order_acquire,
		memory_order_relaxed);
}

static inline bool ct_lock_shfl_trylock(struct ct_lock_shfl *l,
					struct ct_lock_shfl_ctx *me)
{
	(void)me;
	return ct_lock_shfl_cas(l, 0);
}

/* acquire: pairs with the release link of the waiter that set it. */
static inline struct ct_lock_shfl_ctx *
ct_lock_shfl_next(struct ct_lock_shfl_ctx *n)
{
	return atomic_load_explicit(&n->next, memory_order_acquire);
}

/*
 * Move waiters of our node, among the next SCAN, to just behind the run
 * of our node's waiters that follows us. Relaxed stores: the moved links
 * are read by later heads only, after our release grant of headship.
 */
static inline void ct_lock_shfl_shuffle(struct ct_lock_shfl_ctx *me)
{
	struct ct_lock_shfl_ctx *last = me, *prev = me, *after;
	/* cur is always prev's successor: either way below, the next one is
	 * `after`, already read (one load per node, not two). */
	struct ct_lock_shfl_ctx *cur = ct_lock_shfl_next(me);

	for (unsigned n = 0; n < CT_LOCK_SHFL_SCAN; n++, cur = after) {
		if (!cur || !(after = ct_lock_shfl_next(cur)))
			return; /* cur is the last node: leave it */
		if (cur->node != me->node) {
			prev = cur;
			continue;
		}
		if (prev != last) { /* unlink cur, re-link it after last */
			atomic_store_explicit(&prev->next, after,
					      memory_order_relaxed);
			atomic_store_explicit(&cur->next,
					      ct_lock_shfl_next(last),
					      memory_order_relaxed);
			atomic_store_explicit(&last->next, cur,
					      memory_order_relaxed);
		} else {
			prev = cur;
		}
		last = cur;
	}
}

/* CLOCK_MONOTONIC in ns (the vDSO: no system call). */
static inline uint64_t ct_lock_shfl_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* As head: poll the word until we take it. Under yield or park a poll
 * can wait out other threads' time slices, so there the head also bars
 * steals once it has polled for PATIENCE_NS (a count of polls alone let a
 * running thread barge for seconds at 8 threads on 2 CPUs: Jain 0.25).
 * Under spin, polls alone bound it, and the counting build stays exact. */
static inline void ct_lock_shfl_head_take(struct ct_lock_shfl *l)
{
	struct ct_waiter w = ct_waiter_start(l->wait);
	const bool timed = l->wait.policy != CT_WAIT_SPIN;
	const uint64_t t0 = timed ? ct_lock_shfl_ns() : 0;
	bool barred = false;

	for (uint32_t polls = 0;; polls++) {
		/* relaxed: only decides when to try; the CAS orders. */
		uint32_t v = atomic_load_explicit(&l->w.all,
						  memory_order_relaxed);
		if (!(v & CT_LOCK_SHFL_LOCKED) && ct_lock_shfl_cas(l, v))
			return;
		if (!barred && (polls >= CT_LOCK_SHFL_PATIENCE ||
				(timed && ct_lock_shfl_ns() - t0 >
						  CT_LOCK_SHFL_PATIENCE_NS))) {
			/* relaxed: a hint to arrivals; our CAS clears it. */
			atomic_store_explicit(&l->w.b.no_steal, 1,
					      memory_order_relaxed);
			barred = true;
		}
		ct_wait_step(&w);
	}
}

/* The queue path, out of line: the fast path inlined into a caller's loop
 * stays a CAS and a branch, not a body that crowds the loop's registers. */
static ct_noinline __attribute__((unused)) void
ct_lock_shfl_acquire_queued(struct ct_lock_shfl *l, struct ct_lock_shfl_ctx *me)
{
	struct ct_lock_shfl_ctx *prev, *next;

	/* relaxed: published by the exchange or the link (mcs.h). */
	atomic_store_explicit(&me->next, NULL, memory_order_relaxed);
	atomic_store_explicit(&me->status, CT_LOCK_SHFL_WAIT,
			      memory_order_relaxed);
	/* acq_rel: as mcs.h's exchange. */
	prev = atomic_exchange_explicit(&l->tail, me, memory_order_acq_rel);
	if (prev) {
		/* release: our WAIT reaches the old head first (mcs.h). */
		atomic_store_explicit(&prev->next, me, memory_order_release);
		/* acquire (inside): pairs with the headship grant, which
		 * carries the links the previous head shuffled. */
		ct_park_await(l->wait, &me->status, CT_LOCK_SHFL_WAIT);
	}
	ct_lock_shfl_shuffle(me);
	ct_lock_shfl_head_take(l);
	/* Pass headship on (we hold the lock: the successor's wake-up, if
	 * it sleeps, overlaps our critical section). */
	next = ct_lock_shfl_next(me);
	if (!next) {
		struct ct_lock_shfl_ctx *expected = me;
		/* relaxed: the tail only orders queue entry; the word orders
		 * the critical sections. */
		if (atomic_compare_exchange_strong_explicit(
			    &l->tail, &expected, NULL, memory_order_relaxed,
			    memory_order_relaxed))
			return;
		CT_WAIT_UNTIL(l->wait, (next = ct_lock_shfl_next(me)));
	}
	/* release (inside): publishes our shuffled links to the new head. */
	ct_park_grant(l->wait, &next->status, CT_LOCK_SHFL_HEAD);
}

static inline void ct_lock_shfl_acquire(struct ct_lock_shfl *l,
					struct ct_lock_shfl_ctx *me)
{
	if (ct_likely(ct_lock_shfl_cas(l, 0)))
		return;
	ct_lock_shfl_acquire_queued(l, me);
}

static inline void ct_lock_shfl_release(struct ct_lock_shfl *l,
					struct ct_lock_shfl_ctx *me)
{
	(void)me;
	/* release: publishes the critical section to the next taker. */
	atomic_store_explicit(&l->w.b.locked, 0, memory_order_release);
}

/*
 * Coherence transfers per acquisition by design, one node, W waiters.
 * W = 1 (5): the release store (1); the head re-reads the word (1) and
 * CASes it (1); the releaser arrives again, its fast-path CAS fails (1)
 * and it swaps the empty queue's tail (1).
 * W >= 2 (12 + min(W - 2, SCAN)): the release (1), the head's read and
 * CAS (2); the headship grant (1) and the successor's re-read (1); the
 * new head's shuffle reads the link of each waiter behind it, up to SCAN
 * (min(W - 2, SCAN)), then it polls the word (1); the releaser's failed
 * fast-path CAS (1), the reset of its own node (1: its successor's link
 * wrote it), the tail swap (1) and its link (1); the head re-polls the
 * word the releaser's CAS took (1); and the linked-to waiter re-reads its
 * node (1: with two waiters that is the new head, which reads its `next`
 * instead). Every waiter's link is read once per hand-off: the price of
 * shuffling.
 */
static inline double ct_lock_shfl_transfers(double waiters, unsigned threads)
{
	(void)threads;
	if (waiters <= 1) /* a run's fractional mean: interpolated */
		return 5 * waiters;
	if (waiters < 2)
		return 5 + 7 * (waiters - 1);
	double behind = waiters - 2;
	return 12 + (behind < CT_LOCK_SHFL_SCAN ? behind : CT_LOCK_SHFL_SCAN);
}

#endif /* CT_LOCK_SHFL_H */
