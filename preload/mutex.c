/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * mutex.c - the interposed pthread_mutex_* entry points and the start-up
 * configuration (CONTEND_LOCK, CONTEND_WAIT, CONTEND_STATS).
 *
 * Where the lock lives. pthread_mutex_t is 40 bytes on x86-64 glibc and we
 * must keep its `__kind` word (offset 16) meaningful: that is how a zeroed
 * (PTHREAD_MUTEX_INITIALIZER) mutex, a PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP
 * one and one set up by pthread_mutex_init all tell us what they are. The
 * locks/ structures do not fit in the rest: CLH needs a CT_PAD-aligned dummy
 * node (256 bytes), every spinning lock carries its wait policy, and a lock
 * word placed inside the program's struct would share a cache line with
 * whatever the program put next to its mutex - the false sharing the lock
 * headers are laid out to avoid, so the algorithm measured would not be the
 * algorithm we ship. So the lock state lives outside, in a CT_PAD-aligned
 * unit from our own mmap pool (pool.c), and the mutex holds a pointer to it
 * in its first 8 bytes (glibc's __lock and __count, which nothing but glibc's
 * own mutex code reads, and it never sees our mutexes). A zeroed mutex has a
 * NULL pointer: the first lock call creates the state and installs it with
 * one CAS (lazy, per mutex). The cost is one dependent load per call, and a
 * side allocation per mutex; a table keyed by address would cost a hash
 * lookup per call and would go stale when the program frees a mutex without
 * destroying it (here that leaks one unit; reusing the memory as a mutex
 * re-zeroes or re-initialises the pointer).
 *
 * Which mutexes are ours: kind type NORMAL/DEFAULT (0) or ADAPTIVE (3), not
 * robust, not priority-inheriting or -protecting, not process-shared. All
 * others (recursive, error-checking, robust, PI/PP, pshared) are glibc's:
 * initialised by the real pthread_mutex_init and locked by the real
 * functions, and counted (fallback mutexes at init, fallback lock calls).
 *
 * Queue contexts. Each acquisition takes a context (an MCS node, a CLH node,
 * the backoff PRNG) from the thread's cache (thread.c) and the holder keeps
 * it in the lock state until release, so a thread can hold any number of
 * mutexes at once and release them in any order (nested, hand-over-hand).
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "locks/clh.h"
#include "preload.h"
#include "locks/preloadable.h"

/* glibc's __kind bits (nptl's pthreadP.h; stable ABI since 2.x). */
#define CT_PRE_KIND_TYPE 3u      /* TIMED(0) RECURSIVE(1) ERRORCHECK(2) ADAPTIVE(3) */
#define CT_PRE_KIND_ROBUST 16u
#define CT_PRE_KIND_PI 32u
#define CT_PRE_KIND_PP 64u
#define CT_PRE_KIND_PSHARED 128u

_Static_assert(sizeof(pthread_mutex_t) >= 24, "pthread_mutex_t holds __kind");
_Static_assert(offsetof(pthread_mutex_t, __data.__kind) == 16,
	       "glibc x86-64 layout: __kind at offset 16");
_Static_assert(sizeof(void *) <= offsetof(pthread_mutex_t, __data.__kind),
	       "our state pointer fits before __kind");

struct ct_pre_mutex {
	/* The algorithm's lock; its own layout and alignment. */
	unsigned char lock[CT_PRE_LOCK_MAX] ct_aligned(CT_PAD);
	/*
	 * Written by the holder after it acquires and read by it before it
	 * releases: the lock itself orders these plain accesses (the next
	 * holder's acquire happens-after our release).
	 */
	void *holder_ctx;  /* the context; migrate: our CLH node */
	void *holder_pred; /* migrate: the predecessor's node we adopt */
};

CT_PRE_HIDDEN struct ct_pre_config ct_pre_conf;
CT_PRE_HIDDEN atomic_int ct_pre_booted;
CT_PRE_HIDDEN atomic_ullong ct_pre_distinct;
CT_PRE_HIDDEN atomic_ullong ct_pre_fallbacks;

/* The handshake: `contend validate run` and `contend run` look this up to
 * prove the interposer is loaded and which lock it runs. */
CT_PRE_EXPORT const char *contend_preload_lock(void)
{
	ct_pre_ensure_booted();
	return ct_pre_conf.lock_name;
}

uint64_t ct_pre_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* ---- start-up ------------------------------------------------------------ */
static void ct_pre_die_choice(const char *var, const char *val,
			      const char *valid)
{
	fprintf(stderr, "contend-preload: %s=%s: unknown; choose one of %s\n",
		var, val ? val : "(unset)", valid);
	_exit(2);
}

static void ct_pre_configure(void)
{
	static char names[256];
	const char *lock = getenv("CONTEND_LOCK");
	const char *wait = getenv("CONTEND_WAIT");

	ct_pre_algo_names(names, sizeof(names));
	if (!lock)
		ct_pre_die_choice("CONTEND_LOCK", lock, names);
	ct_pre_conf.lock_name = lock;
	if (strcmp(lock, CT_PRELOAD_PASSTHROUGH)) {
		ct_pre_conf.algo = ct_pre_algo_find(lock);
		if (!ct_pre_conf.algo)
			ct_pre_die_choice("CONTEND_LOCK", lock, names);
		ct_pre_conf.migrate = ct_preload_migrates(lock);
	}
	ct_pre_conf.cfg = CT_LOCK_CFG_DEFAULT;
	/* Real programs oversubscribe (more threads than CPUs) more often than
	 * not: yielding after a bounded spin is the default, spin on request. */
	ct_pre_conf.wait_name = wait ? wait : "yield";
	if (!strcmp(ct_pre_conf.wait_name, "yield"))
		ct_pre_conf.cfg.wait.policy = CT_WAIT_YIELD;
	else if (!strcmp(ct_pre_conf.wait_name, "spin"))
		ct_pre_conf.cfg.wait.policy = CT_WAIT_SPIN;
	else if (!strcmp(ct_pre_conf.wait_name, "park"))
		ct_pre_conf.cfg.wait.policy = CT_WAIT_PARK;
	else
		ct_pre_die_choice("CONTEND_WAIT", wait, "spin,yield,park");
	ct_pre_conf.stats_path = getenv("CONTEND_STATS");
	ct_pre_state_pool.unit = sizeof(struct ct_pre_mutex);
}

void ct_pre_boot(void)
{
	static struct ct_pre_spin boot;

	ct_pre_spin_lock(&boot);
	if (!atomic_load_explicit(&ct_pre_booted, memory_order_relaxed)) {
		ct_pre_real_load();
		ct_pre_configure();
		ct_pre_thread_setup();
		/* release: ct_pre_conf and ct_pre_real are complete. */
		atomic_store_explicit(&ct_pre_booted, 1, memory_order_release);
	}
	ct_pre_spin_unlock(&boot);
}

__attribute__((constructor)) static void ct_pre_start(void)
{
	ct_pre_ensure_booted();
	ct_pre_stats_start();
}

__attribute__((destructor)) static void ct_pre_finish(void)
{
	if (atomic_load_explicit(&ct_pre_booted, memory_order_acquire))
		ct_pre_stats_write();
}

/* ---- which mutexes are ours, and their state -------------------------------- */
static bool ct_pre_kind_ours(int kind)
{
	unsigned k = (unsigned)kind;
	unsigned type = k & CT_PRE_KIND_TYPE;

	return (type == 0 || type == 3) &&
	       !(k & (CT_PRE_KIND_ROBUST | CT_PRE_KIND_PI | CT_PRE_KIND_PP |
		      CT_PRE_KIND_PSHARED));
}

static bool ct_pre_ours(const pthread_mutex_t *m)
{
	return ct_pre_conf.algo && ct_pre_kind_ours(m->__data.__kind);
}

static _Atomic(struct ct_pre_mutex *) *ct_pre_slot(pthread_mutex_t *m)
{
	return (_Atomic(struct ct_pre_mutex *) *)(void *)m;
}

static struct ct_lock_clh *ct_pre_clh(struct ct_pre_mutex *s)
{
	return (struct ct_lock_clh *)(void *)s->lock;
}

static struct ct_lock_clh_ctx *ct_pre_clh_unit(struct ct_lock_clh_node *n)
{
	return (struct ct_lock_clh_ctx *)((char *)n -
					  offsetof(struct ct_lock_clh_ctx, node));
}

/*
 * CLH starts with its tail on a dummy node that the first releaser adopts.
 * The header embeds that dummy in the lock; here it would then migrate into
 * a thread's cache and die with the lock state. So the dummy is a pool unit
 * like every other node, and destroy() returns whichever node the free
 * lock's tail holds.
 */
static void ct_pre_clh_setup(struct ct_pre_mutex *s, struct ct_pre_thread *t)
{
	struct ct_lock_clh_ctx *u = ct_pre_ctx_get(t);

	atomic_init(&u->node.locked, 0);
	/* relaxed: the state is published by the CAS in ct_pre_state_new(). */
	atomic_store_explicit(&ct_pre_clh(s)->tail, &u->node,
			      memory_order_relaxed);
}

static void ct_pre_clh_teardown(struct ct_pre_mutex *s, struct ct_pre_thread *t)
{
	/* relaxed: the lock is free and no other thread may use it now. */
	struct ct_lock_clh_node *n =
		atomic_load_explicit(&ct_pre_clh(s)->tail, memory_order_relaxed);

	ct_pre_ctx_put(t, ct_pre_clh_unit(n));
}

static struct ct_pre_mutex *ct_pre_state_new(pthread_mutex_t *m)
{
	const struct ct_pre_algo *a = ct_pre_conf.algo;
	struct ct_pre_thread *t = ct_pre_self();
	struct ct_pre_mutex *s = ct_pre_pool_get(&ct_pre_state_pool);
	struct ct_pre_mutex *expected = NULL;

	a->init(s->lock, &ct_pre_conf.cfg);
	if (ct_pre_conf.migrate)
		ct_pre_clh_setup(s, t);
	/*
	 * release on success: the initialised lock is visible to every thread
	 * that loads the pointer with acquire (ct_pre_state). acquire on
	 * failure: another thread installed its state first; we use that one,
	 * so we must see its initialisation too.
	 */
	if (atomic_compare_exchange_strong_explicit(
		    ct_pre_slot(m), &expected, s, memory_order_acq_rel,
		    memory_order_acquire)) {
		atomic_fetch_add_explicit(&ct_pre_distinct, 1,
					  memory_order_relaxed);
		return s;
	}
	if (ct_pre_conf.migrate)
		ct_pre_clh_teardown(s, t);
	ct_pre_pool_put(&ct_pre_state_pool, s);
	return expected;
}

static struct ct_pre_mutex *ct_pre_state(pthread_mutex_t *m)
{
	/* acquire: pairs with the release CAS that installed the state. */
	struct ct_pre_mutex *s =
		atomic_load_explicit(ct_pre_slot(m), memory_order_acquire);

	return ct_likely(s) ? s : ct_pre_state_new(m);
}

/* ---- sampling and counting ---------------------------------------------------- */
/* The pass-through's contention: a look at glibc's lock word before its
 * lock (relaxed, a hint: whether it was held), not a trylock first: no
 * second call, no extra RMW on a contended line. */
static inline bool ct_pre_glibc_held(pthread_mutex_t *m)
{
	return __atomic_load_n(&m->__data.__lock, __ATOMIC_RELAXED) != 0;
}

static bool ct_pre_sample_start(struct ct_pre_thread *t, uint64_t *t0)
{
	if (ct_likely(++t->tick % CT_PRE_SAMPLE))
		return false;
	*t0 = ct_pre_now_ns();
	return true;
}

static void ct_pre_acquired(struct ct_pre_thread *t, const void *m,
			    bool sampled, uint64_t t0)
{
	t->n.acquisitions++;
	if (ct_unlikely(sampled)) {
		uint64_t now = ct_pre_now_ns();

		ct_hist_record(&t->wait_ns, now - t0);
		t->sampled_mutex = m;
		t->sampled_t0 = now;
	}
}

static void ct_pre_releasing(struct ct_pre_thread *t, const void *m)
{
	if (ct_unlikely(t->sampled_mutex == m)) {
		ct_hist_record(&t->hold_ns, ct_pre_now_ns() - t->sampled_t0);
		t->sampled_mutex = NULL;
	}
}

/* ---- our mutexes -------------------------------------------------------------- */
/* Take the lock; `try`: only if it is free now. false: busy (try only). */
static bool ct_pre_own_take(struct ct_pre_mutex *s, struct ct_pre_thread *t,
			    bool try)
{
	const struct ct_pre_algo *a = ct_pre_conf.algo;
	void *ctx = ct_pre_ctx_get(t);

	a->ctx_init(s->lock, ctx, t->tid);
	if (!a->trylock(s->lock, ctx)) {
		if (try) {
			ct_pre_ctx_put(t, ctx);
			return false;
		}
		t->n.contended++;
		a->acquire(s->lock, ctx);
	}
	s->holder_ctx = ctx;
	return true;
}

/*
 * CLH has no trylock in clh.h (a CAS on tail can meet an ABA: see there).
 * Here trylock CASes tail from a released node to ours: anyone who queued
 * since we looked makes the CAS fail, and we return EBUSY as POSIX wants.
 * Only the ABA case (the node recycled and queued again, held, between our
 * look and the CAS) leaves us queued behind a holder; a CLH waiter cannot
 * leave, so we wait for that one critical section, as a lock would. The
 * same look at the tail counts contention for lock().
 */
static bool ct_pre_clh_take(struct ct_pre_mutex *s, struct ct_pre_thread *t,
			    bool try)
{
	struct ct_lock_clh *l = ct_pre_clh(s);
	struct ct_lock_clh_ctx c;
	/* relaxed: hints only; the exchange or the CAS orders. Nodes are
	 * pool units, never unmapped, so a stale tail is still readable. */
	struct ct_lock_clh_node *tail =
		atomic_load_explicit(&l->tail, memory_order_relaxed);
	bool busy = atomic_load_explicit(&tail->locked, memory_order_relaxed);

	if (busy && try)
		return false;
	t->n.contended += busy;
	c.mine = &((struct ct_lock_clh_ctx *)ct_pre_ctx_get(t))->node;
	if (!try) {
		ct_lock_clh_acquire(l, &c);
	} else {
		/* relaxed: published by the CAS's release, as by acquire()'s
		 * exchange (clh.h). */
		atomic_store_explicit(&c.mine->locked, 1, memory_order_relaxed);
		/* acq_rel on success: as clh.h's exchange. */
		if (!atomic_compare_exchange_strong_explicit(
			    &l->tail, &tail, c.mine, memory_order_acq_rel,
			    memory_order_relaxed)) {
			ct_pre_ctx_put(t, ct_pre_clh_unit(c.mine));
			return false;
		}
		c.pred = tail;
		/* acquire (inside): as acquire()'s wait; at once unless ABA */
		ct_park_await(l->wait, &tail->locked, 1);
	}
	s->holder_ctx = c.mine;
	s->holder_pred = c.pred;
	return true;
}

static bool ct_pre_take(struct ct_pre_mutex *s, struct ct_pre_thread *t,
			bool try)
{
	if (ct_pre_conf.migrate)
		return ct_pre_clh_take(s, t, try);
	return ct_pre_own_take(s, t, try);
}

static void ct_pre_give(struct ct_pre_mutex *s, struct ct_pre_thread *t)
{
	if (ct_pre_conf.migrate) {
		struct ct_lock_clh_ctx c = { .mine = s->holder_ctx,
					     .pred = s->holder_pred };

		ct_lock_clh_release(ct_pre_clh(s), &c);
		/* Our node went to the successor; the predecessor's is ours. */
		ct_pre_ctx_put(t, ct_pre_clh_unit(c.mine));
		return;
	}
	void *ctx = s->holder_ctx;

	ct_pre_conf.algo->release(s->lock, ctx);
	/* The context is free once release() returns: no other thread reads
	 * it afterwards (MCS: the successor was handed the lock through its
	 * own node). */
	ct_pre_ctx_put(t, ctx);
}

/* lock / trylock / timedlock on any mutex, on `clock` for the deadline. */
static int ct_pre_lock_any(pthread_mutex_t *m, bool try, clockid_t clock,
			   const struct timespec *abs)
{
	ct_pre_ensure_booted();
	struct ct_pre_thread *t = ct_pre_self();
	bool ours = ct_pre_ours(m);

	if (!ours && !ct_pre_kind_ours(m->__data.__kind)) {
		t->n.fallback_ops++;
		if (try)
			return ct_pre_real.mutex_trylock(m);
		if (abs && clock != CLOCK_REALTIME && ct_pre_real.mutex_clocklock)
			return ct_pre_real.mutex_clocklock(m, clock, abs);
		return abs ? ct_pre_real.mutex_timedlock(m, abs)
			   : ct_pre_real.mutex_lock(m);
	}
	uint64_t t0 = 0;
	bool sampled = ct_pre_sample_start(t, &t0);
	struct ct_pre_mutex *s = ours ? ct_pre_state(m) : NULL;
	int rc;

	if (ours) {
		if (abs || try) {
			/* Queue locks cannot leave a queue: a deadline is
			 * polled with the try path, yielding between polls. */
			while (!ct_pre_take(s, t, true)) {
				if (try) {
					t->n.try_busy++;
					return EBUSY;
				}
				if (abs->tv_nsec < 0 || abs->tv_nsec >= 1000000000)
					return EINVAL;
				struct timespec now;
				clock_gettime(clock, &now);
				if (now.tv_sec > abs->tv_sec ||
				    (now.tv_sec == abs->tv_sec &&
				     now.tv_nsec >= abs->tv_nsec))
					return ETIMEDOUT;
				sched_yield();
			}
		} else {
			ct_pre_take(s, t, false);
		}
		ct_pre_acquired(t, m, sampled, t0);
		return 0;
	}
	/* pthread-mutex pass-through: glibc's lock, counted (a plain lock's
	 * contention by ct_pre_glibc_held). */
	if (!try && !abs) {
		t->n.contended += ct_pre_glibc_held(m);
		rc = ct_pre_real.mutex_lock(m);
	} else if ((rc = ct_pre_real.mutex_trylock(m)) == EBUSY && !try) {
		t->n.contended++; /* a timed lock that must wait */
		if (clock != CLOCK_REALTIME && ct_pre_real.mutex_clocklock)
			rc = ct_pre_real.mutex_clocklock(m, clock, abs);
		else
			rc = ct_pre_real.mutex_timedlock(m, abs);
	}
	if (rc == 0)
		ct_pre_acquired(t, m, sampled, t0);
	else if (rc == EBUSY)
		t->n.try_busy++;
	return rc;
}

int ct_pre_mutex_lock(pthread_mutex_t *m)
{
	return ct_pre_lock_any(m, false, CLOCK_REALTIME, NULL);
}

int ct_pre_mutex_unlock(pthread_mutex_t *m)
{
	ct_pre_ensure_booted();
	struct ct_pre_thread *t = ct_pre_self();

	if (!ct_pre_ours(m)) {
		if (ct_pre_kind_ours(m->__data.__kind))
			ct_pre_releasing(t, m);
		return ct_pre_real.mutex_unlock(m);
	}
	/* acquire: as in ct_pre_state(); NULL: never locked. */
	struct ct_pre_mutex *s =
		atomic_load_explicit(ct_pre_slot(m), memory_order_acquire);
	if (!s)
		return EPERM;
	ct_pre_releasing(t, m);
	ct_pre_give(s, t);
	return 0;
}

/* ---- the interposed entry points ------------------------------------------ */
CT_PRE_EXPORT int pthread_mutex_init(pthread_mutex_t *m,
				     const pthread_mutexattr_t *attr)
{
	ct_pre_ensure_booted();
	int type = PTHREAD_MUTEX_DEFAULT, robust = PTHREAD_MUTEX_STALLED;
	int proto = PTHREAD_PRIO_NONE, pshared = PTHREAD_PROCESS_PRIVATE;

	if (attr) {
		pthread_mutexattr_gettype(attr, &type);
		pthread_mutexattr_getrobust(attr, &robust);
		pthread_mutexattr_getprotocol(attr, &proto);
		pthread_mutexattr_getpshared(attr, &pshared);
	}
	bool plain = (type == PTHREAD_MUTEX_NORMAL ||
		      type == PTHREAD_MUTEX_DEFAULT ||
		      type == PTHREAD_MUTEX_ADAPTIVE_NP) &&
		     robust == PTHREAD_MUTEX_STALLED &&
		     proto == PTHREAD_PRIO_NONE &&
		     pshared == PTHREAD_PROCESS_PRIVATE;

	if (ct_pre_conf.algo && plain) {
		/* Never read the old bytes: they may be garbage. A state left
		 * by an earlier use without destroy() is leaked (see top). */
		memset(m, 0, sizeof(*m));
		m->__data.__kind = type;
		return 0;
	}
	if (!plain)
		atomic_fetch_add_explicit(&ct_pre_fallbacks, 1,
					  memory_order_relaxed);
	return ct_pre_real.mutex_init(m, attr);
}

CT_PRE_EXPORT int pthread_mutex_destroy(pthread_mutex_t *m)
{
	ct_pre_ensure_booted();
	if (!ct_pre_ours(m))
		return ct_pre_real.mutex_destroy(m);
	/* acq_rel: take the state (acquire: see its contents) and leave NULL
	 * for a later zero-init reuse (release: nothing to publish, but the
	 * exchange must not be reordered before our last unlock). */
	struct ct_pre_mutex *s = atomic_exchange_explicit(
		ct_pre_slot(m), NULL, memory_order_acq_rel);

	if (s) {
		if (ct_pre_conf.migrate)
			ct_pre_clh_teardown(s, ct_pre_self());
		ct_pre_pool_put(&ct_pre_state_pool, s);
	}
	return 0;
}

CT_PRE_EXPORT int pthread_mutex_lock(pthread_mutex_t *m)
{
	ct_pre_ensure_booted();
	struct ct_pre_thread *t = ct_pre_self();
	/* The pass-through's unsampled path counts first and ends in a tail
	 * call to glibc: nothing of ours runs inside the critical section
	 * (a normal mutex's lock does not fail, so counting first is exact). */
	if (!ct_pre_conf.algo && ct_likely((t->tick + 1) % CT_PRE_SAMPLE) &&
	    ct_pre_kind_ours(m->__data.__kind)) {
		t->tick++;
		t->n.acquisitions++;
		t->n.contended += ct_pre_glibc_held(m);
		return ct_pre_real.mutex_lock(m);
	}
	return ct_pre_lock_any(m, false, CLOCK_REALTIME, NULL);
}

CT_PRE_EXPORT int pthread_mutex_trylock(pthread_mutex_t *m)
{
	return ct_pre_lock_any(m, true, CLOCK_REALTIME, NULL);
}

CT_PRE_EXPORT int pthread_mutex_timedlock(pthread_mutex_t *m,
					  const struct timespec *abs)
{
	return ct_pre_lock_any(m, false, CLOCK_REALTIME, abs);
}

CT_PRE_EXPORT int pthread_mutex_clocklock(pthread_mutex_t *m, clockid_t clock,
					  const struct timespec *abs)
{
	return ct_pre_lock_any(m, false, clock, abs);
}

CT_PRE_EXPORT int pthread_mutex_unlock(pthread_mutex_t *m)
{
	ct_pre_ensure_booted();
	/* The pass-through's path is short and ends in a tail call to glibc:
	 * whatever it adds lengthens the program's critical section. */
	if (!ct_pre_conf.algo) {
		struct ct_pre_thread *t = ct_pre_me; /* NULL: never locked */
		if (ct_unlikely(t && t->sampled_mutex == m))
			ct_pre_releasing(t, m);
		return ct_pre_real.mutex_unlock(m);
	}
	return ct_pre_mutex_unlock(m);
}
