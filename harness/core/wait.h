/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * wait.h - the wait policy shared by every spinning algorithm.
 *
 * A waiter polls in CT_WAIT_UNTIL(), or calls ct_wait_step() once per failed
 * poll where its loop does more than poll. Under CT_WAIT_SPIN a step only
 * issues a PAUSE. Under CT_WAIT_YIELD it spins `spin_limit` polls and
 * then calls sched_yield() on every further poll, so an oversubscribed run
 * (more threads than CPUs) can let the preempted lock holder or queue
 * successor run instead of burning the waiter's whole time slice.
 *
 * CT_WAIT_PARK spins `spin_limit` polls, then sleeps on a futex. Where a
 * wait has no futex to sleep on (CT_WAIT_UNTIL, ct_wait_step), it yields
 * instead; the two parking waits are:
 *
 *  - ct_park_await(cfg, word, busy): a per-waiter word, written by exactly
 *    one releaser (MCS/CLH/CNA node, Anderson slot). The waiter moves the
 *    word from `busy` to CT_PARKED with a CAS and sleeps; the releaser
 *    grants with ct_park_grant(), an exchange that tells it whether the
 *    waiter really sleeps, and only then pays for FUTEX_WAKE. Exactly the
 *    thread handed to is woken. ct_park_nudge() wakes a sleeping waiter
 *    ahead of its grant (malthus re-admitting a parked thread); it spins
 *    again and may park again.
 *  - CT_PARKQ_WAIT_UNTIL(cfg, q, done): a shared word (TAS, ticket, barrier
 *    sense, phase-fair counters). Sleepers register in an eventcount `q`
 *    (`sleepers` + a futex sequence); the releaser calls ct_parkq_wake()
 *    after its releasing store, which costs a fence and a load unless
 *    someone sleeps. ct_parkq_of(addr) is a process-wide hashed eventcount
 *    for waits whose owner has no room for one; those wake all (a bucket
 *    may be shared, so waking one could pick a stranger).
 *
 * ct_wait_parks (per thread) counts the sleeps: records report it.
 * The policy is read once per wait, never inside an uncontended fast path.
 */
#ifndef CT_WAIT_H
#define CT_WAIT_H

#include <limits.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>

#include "cc.h"
#include "futex.h"

enum ct_wait_policy {
	CT_WAIT_SPIN = 0,  /* pure spinning: PAUSE and poll again */
	CT_WAIT_YIELD = 1, /* spin spin_limit polls, then sched_yield() */
	CT_WAIT_PARK = 2,  /* spin spin_limit polls, then sleep on a futex */
};

/* --wait values, in enum order: the one list every command parses. */
#define CT_WAIT_NAMES { "spin", "yield", "park", NULL }

static inline const char *ct_wait_name(unsigned policy)
{
	static const char *const names[] = CT_WAIT_NAMES;
	return policy <= CT_WAIT_PARK ? names[policy] : "?";
}

struct ct_wait {
	uint8_t policy;      /* enum ct_wait_policy */
	uint32_t spin_limit; /* polls before yielding or parking */
};

/* Sleeps on a futex by this thread since it was last reset. */
extern _Thread_local uint64_t ct_wait_parks;

/* Per-wait state: lives on the waiter's stack. */
struct ct_waiter {
	struct ct_wait cfg;
	uint32_t polls;
};

static ct_always_inline struct ct_waiter ct_waiter_start(struct ct_wait cfg)
{
	struct ct_waiter w = { cfg, 0 };
	return w;
}

/* A poll with no futex to sleep on: park degrades to yield. */
static ct_always_inline void ct_wait_step(struct ct_waiter *w)
{
	if (w->cfg.policy != CT_WAIT_SPIN && ++w->polls > w->cfg.spin_limit) {
		sched_yield();
		return;
	}
	ct_cpu_relax();
}

/*
 * Poll until `done` (an expression, evaluated once per poll) holds, waiting
 * per cfg between polls. The policy is tested once per wait, not per poll,
 * so under CT_WAIT_SPIN the loop is a bare poll + PAUSE, the same
 * instructions as Concurrency Kit's spin loops. (Measured in one process
 * against the per-poll test, it is neither faster nor slower on our KVM
 * guest: 0.95-1.01x for ttas at 2 threads.) Under CT_WAIT_YIELD (and
 * CT_WAIT_PARK, which has no word to sleep on here): spin_limit polls, then
 * sched_yield() on every further poll.
 */
#define CT_WAIT_UNTIL(cfg, done)                                              \
	do {                                                                  \
		const struct ct_wait ct_wait_cfg_ = (cfg);                    \
		if (ct_likely(ct_wait_cfg_.policy == CT_WAIT_SPIN)) {         \
			while (!(done))                                       \
				ct_cpu_relax();                               \
		} else {                                                      \
			struct ct_waiter ct_waiter_ =                         \
				ct_waiter_start(ct_wait_cfg_);                \
			while (!(done))                                       \
				ct_wait_step(&ct_waiter_);                    \
		}                                                             \
	} while (0)

#define CT_WAIT_DEFAULT_SPIN_LIMIT 128u

/* ---- a per-waiter word: SPINNING (busy) -> PARKED, woken by its granter -- */

#define CT_PARKED 0xfffffffdu /* never a busy or granted value */

/*
 * Wait until *word leaves `busy`; return the value it was granted. acquire
 * on every load that can return: pairs with the granter's release. After
 * spin_limit polls under CT_WAIT_PARK, CAS busy -> CT_PARKED (acquire:
 * on failure it read the grant; success publishes nothing, the granter's
 * exchange reads it in the word's modification order, but C11 wants the
 * success order at least as strong as the failure's) and sleep while the
 * word still says PARKED. Returns `busy` when woken by ct_park_nudge()
 * (not granted): the caller spins again.
 */
static ct_noinline unsigned ct_park_sleep(atomic_uint *word, unsigned busy)
{
	unsigned v = busy;

	if (!atomic_compare_exchange_strong_explicit(word, &v, CT_PARKED,
						     memory_order_acquire,
						     memory_order_acquire))
		return v;
	ct_wait_parks++;
	while ((v = atomic_load_explicit(word, memory_order_acquire)) ==
	       CT_PARKED)
		ct_futex_wait(word, CT_PARKED, 0, false);
	return v;
}

static ct_always_inline unsigned ct_park_await(struct ct_wait cfg,
					       atomic_uint *word, unsigned busy)
{
	unsigned v;

	if (ct_likely(cfg.policy == CT_WAIT_SPIN)) {
		while ((v = atomic_load_explicit(word, memory_order_acquire)) ==
		       busy)
			ct_cpu_relax();
		return v;
	}
	for (uint32_t polls = 0;; polls++) {
		v = atomic_load_explicit(word, memory_order_acquire);
		if (v != busy)
			return v;
		if (polls < cfg.spin_limit) {
			ct_cpu_relax();
		} else if (cfg.policy == CT_WAIT_PARK) {
			v = ct_park_sleep(word, busy);
			if (v != busy)
				return v;
			polls = 0; /* nudged awake: a fresh spin phase */
		} else {
			sched_yield();
		}
	}
}

/*
 * Wake the waiter on *word ahead of its grant, if it sleeps, so that it
 * spins (a fresh spin phase) by the time the grant comes: CAS PARKED ->
 * busy, then FUTEX_WAKE. A waiter that still spins is left alone and no
 * system call is made. relaxed: it hands over no data; the later grant
 * (an exchange) still sees PARKED if the waiter parks again, and wakes it.
 */
static inline void ct_park_nudge(struct ct_wait cfg, atomic_uint *word,
				 unsigned busy)
{
	unsigned v = CT_PARKED;

	if (cfg.policy == CT_WAIT_PARK &&
	    atomic_compare_exchange_strong_explicit(word, &v, busy,
						    memory_order_relaxed,
						    memory_order_relaxed))
		ct_futex_wake(word, 1, false);
}

/*
 * Grant `value` to the one waiter on *word. release: publishes the critical
 * section. Under CT_WAIT_PARK an exchange (release as well) returns what
 * the waiter left: CT_PARKED means it sleeps and must be woken; anything
 * else means it still spins, and no system call is made.
 */
static ct_always_inline void ct_park_grant(struct ct_wait cfg,
					   atomic_uint *word, unsigned value)
{
	if (ct_likely(cfg.policy != CT_WAIT_PARK)) {
		atomic_store_explicit(word, value, memory_order_release);
		return;
	}
	if (atomic_exchange_explicit(word, value, memory_order_release) ==
	    CT_PARKED)
		ct_futex_wake(word, 1, false);
}

/* ---- a shared word: an eventcount of sleepers ----------------------------
 *
 * Waiter: sleepers++, fence, read seq, re-check the condition, sleep on seq.
 * Releaser: its releasing store, fence, read sleepers; if any: seq++, wake.
 * The two seq_cst fences make "waiter misses the store" and "releaser
 * misses the sleeper" impossible together; seq's release/acquire carries
 * the releaser's store to a waiter that reads the new seq.
 */
struct ct_parkq {
	atomic_uint seq;      /* futex word: bumped by every wake */
	atomic_uint sleepers; /* waiters between prepare and finish */
};

static inline unsigned ct_parkq_prepare(struct ct_parkq *q)
{
	atomic_fetch_add_explicit(&q->sleepers, 1, memory_order_relaxed);
	atomic_thread_fence(memory_order_seq_cst);
	return atomic_load_explicit(&q->seq, memory_order_acquire);
}

static inline void ct_parkq_sleep(struct ct_parkq *q, unsigned seen)
{
	ct_wait_parks++;
	ct_futex_wait(&q->seq, seen, 0, false);
}

static inline void ct_parkq_finish(struct ct_parkq *q)
{
	/* relaxed: only wakers read it, and a stale count costs a wake. */
	atomic_fetch_sub_explicit(&q->sleepers, 1, memory_order_relaxed);
}

/* After the releasing store: wake n sleepers (INT_MAX: all) if any. */
static ct_always_inline void ct_parkq_wake(struct ct_wait cfg,
					   struct ct_parkq *q, int n)
{
	if (ct_likely(cfg.policy != CT_WAIT_PARK))
		return;
	atomic_thread_fence(memory_order_seq_cst);
	if (!atomic_load_explicit(&q->sleepers, memory_order_relaxed))
		return;
	/* release: see the eventcount comment above. */
	atomic_fetch_add_explicit(&q->seq, 1, memory_order_release);
	ct_futex_wake(&q->seq, n, false);
}

/* The process-wide eventcount for address a (hashed; wake all on it). */
struct ct_parkq *ct_parkq_of(const void *a);

/*
 * Poll until `done` holds. `done` is evaluated exactly once per poll and
 * may take the lock (a trylock), so the loop never evaluates it again
 * after it succeeded. Under CT_WAIT_PARK, after spin_limit polls: register
 * in q, re-check, sleep, and start a fresh spin phase when woken.
 */
#define CT_PARKQ_WAIT_UNTIL(cfg, q, done)                                     \
	do {                                                                  \
		const struct ct_wait ct_pq_cfg_ = (cfg);                      \
		if (ct_likely(ct_pq_cfg_.policy != CT_WAIT_PARK)) {           \
			CT_WAIT_UNTIL(ct_pq_cfg_, done);                      \
			break;                                                \
		}                                                             \
		for (uint32_t ct_pq_polls_ = 0;; ct_pq_polls_++) {            \
			if (done)                                             \
				break;                                        \
			if (ct_pq_polls_ < ct_pq_cfg_.spin_limit) {           \
				ct_cpu_relax();                               \
				continue;                                     \
			}                                                     \
			unsigned ct_pq_seen_ = ct_parkq_prepare(q);           \
			if (done) {                                           \
				ct_parkq_finish(q);                           \
				break;                                        \
			}                                                     \
			ct_parkq_sleep(q, ct_pq_seen_);                       \
			ct_parkq_finish(q);                                   \
			ct_pq_polls_ = 0;                                     \
		}                                                             \
	} while (0)

#endif /* CT_WAIT_H */
