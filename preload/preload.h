/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * preload.h - internals of build/libcontend-preload.so, the LD_PRELOAD
 * interposer that runs an unmodified program's pthread mutexes and condition
 * variables on a locks/ algorithm (`contend run`, `contend validate run`).
 *
 * Everything here is hidden (-fvisibility=hidden): the library exports only
 * the pthread_mutex_* / pthread_cond_* entry points it replaces and the
 * handshake symbol contend_preload_lock (preload.c). No internal code calls
 * an interposed pthread function: internal locking uses ct_pre_spin below,
 * and memory comes from mmap, never malloc (an allocator such as jemalloc
 * takes pthread mutexes inside malloc, which would recurse into us).
 *
 * Files: real.c (the glibc originals), algos.c (the locks, from locks/LIST),
 * pool.c (mmap slabs, per-thread queue nodes), thread.c (per-thread counters,
 * thread exit, fork), mutex.c + cond.c (the entry points), stats.c (the
 * counters file written at exit).
 */
#ifndef CT_PRELOAD_H
#define CT_PRELOAD_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "harness/core/cc.h"
#include "harness/core/hist.h"
#include "locks/lock.h"

#define CT_PRE_HIDDEN __attribute__((visibility("hidden")))
#define CT_PRE_EXPORT __attribute__((visibility("default")))

/* The handshake symbol: the lock this process runs (exported). */
const char *contend_preload_lock(void);

/* ---- the glibc originals (real.c) -------------------------------------- */
struct ct_pre_real {
	int (*mutex_init)(pthread_mutex_t *, const pthread_mutexattr_t *);
	int (*mutex_destroy)(pthread_mutex_t *);
	int (*mutex_lock)(pthread_mutex_t *);
	int (*mutex_trylock)(pthread_mutex_t *);
	int (*mutex_timedlock)(pthread_mutex_t *, const struct timespec *);
	int (*mutex_unlock)(pthread_mutex_t *);
	int (*cond_init)(pthread_cond_t *, const pthread_condattr_t *);
	int (*cond_destroy)(pthread_cond_t *);
	int (*cond_wait)(pthread_cond_t *, pthread_mutex_t *);
	int (*cond_timedwait)(pthread_cond_t *, pthread_mutex_t *,
			      const struct timespec *);
	int (*cond_signal)(pthread_cond_t *);
	int (*cond_broadcast)(pthread_cond_t *);
	/* glibc >= 2.30; NULL where absent (then so are ours' callers) */
	int (*mutex_clocklock)(pthread_mutex_t *, clockid_t,
			       const struct timespec *);
	int (*cond_clockwait)(pthread_cond_t *, pthread_mutex_t *, clockid_t,
			      const struct timespec *);
};
extern struct ct_pre_real ct_pre_real;
/* Resolve the originals (dlsym RTLD_NEXT); exits 2 naming what is missing. */
void ct_pre_real_load(void);

/* ---- the lock algorithms (algos.c) ------------------------------------- */
struct ct_pre_algo {
	const char *name;
	unsigned flags; /* enum ct_lock_flags */
	size_t lock_size, ctx_size;
	int (*init)(void *lock, const struct ct_lock_cfg *cfg);
	void (*ctx_init)(void *lock, void *ctx, unsigned tid);
	void (*acquire)(void *lock, void *ctx);
	bool (*trylock)(void *lock, void *ctx); /* NULL: CLH (see mutex.c) */
	void (*release)(void *lock, void *ctx);
};

/* The algorithm named `name`, or NULL; "pthread-mutex" is not in the
 * table (it is the pass-through, mutex.c). */
const struct ct_pre_algo *ct_pre_algo_find(const char *name);
/* Write the supported names, comma-separated, into buf. */
void ct_pre_algo_names(char *buf, size_t len);

/* ---- internal spinlock: pool and thread registry only ------------------ */
struct ct_pre_spin {
	atomic_uint held;
};
void ct_pre_spin_lock(struct ct_pre_spin *s);
void ct_pre_spin_unlock(struct ct_pre_spin *s);

/* ---- memory (pool.c) ---------------------------------------------------- */
/*
 * Fixed-size units from mmap'd chunks, CT_PAD aligned, recycled through a
 * free list; never returned to the kernel. Used for lock states, queue
 * contexts and thread blocks.
 */
struct ct_pre_pool {
	struct ct_pre_spin lock;
	size_t unit;
	void *free;            /* singly linked through the unit's first word */
	char *bump, *end;      /* the current chunk's unused tail */
};
void *ct_pre_pool_get(struct ct_pre_pool *p);
void ct_pre_pool_put(struct ct_pre_pool *p, void *unit);

/* Largest lock and context the table may hold (checked at start). */
#define CT_PRE_LOCK_MAX 384
#define CT_PRE_CTX_MAX 256

/* ---- per-thread state (thread.c) --------------------------------------- */
struct ct_pre_counts {
	uint64_t acquisitions; /* lock, trylock and timedlock successes */
	uint64_t contended;    /* acquisitions that found the mutex held */
	uint64_t try_busy;     /* trylocks answered EBUSY */
	uint64_t cond_waits;   /* pthread_cond_(timed)wait calls */
	uint64_t cond_timeouts;
	uint64_t fallback_ops; /* lock calls on mutexes left to glibc */
};

struct ct_pre_thread {
	struct ct_pre_thread *next_live; /* registry (thread.c) */
	struct ct_pre_thread *prev_live;
	void *ctx_free;     /* this thread's cache of queue contexts */
	unsigned ctx_cached;
	unsigned tid;       /* seeds backoff PRNGs */
	uint64_t tick;      /* acquisitions so far: 1 in CT_PRE_SAMPLE timed */
	/* The last sampled acquisition, whose release we time. One slot: with
	 * nesting, an inner sample replaces an outer one (documented bias). */
	const void *sampled_mutex;
	uint64_t sampled_t0;
	struct ct_pre_counts n;
	struct ct_hist wait_ns, hold_ns; /* sampled */
};

/* Sample the wait and hold time of one acquisition in this many. */
#define CT_PRE_SAMPLE 64

/* The calling thread's block, created on first use (never NULL): a TLS
 * load on every lock and unlock (the initial-exec model: %fs-relative, no
 * __tls_get_addr; an LD_PRELOAD library is loaded at start-up, where
 * static TLS has room for it), out of line only the first time. */
extern __thread struct ct_pre_thread *ct_pre_me
	__attribute__((tls_model("initial-exec")));
struct ct_pre_thread *ct_pre_self_first(void);
static inline struct ct_pre_thread *ct_pre_self(void)
{
	struct ct_pre_thread *t = ct_pre_me;
	return ct_likely(t) ? t : ct_pre_self_first();
}
/* Queue contexts: from the thread's cache, else the shared pool. */
void *ct_pre_ctx_get(struct ct_pre_thread *t);
void ct_pre_ctx_put(struct ct_pre_thread *t, void *ctx);
void ct_pre_thread_setup(void); /* key, atfork; once, at start */
/* Lock states (mutex.c), in the pool thread.c guards across fork. */
extern struct ct_pre_pool ct_pre_state_pool;
/* Sum of every thread's counters and histograms (exited and live). */
void ct_pre_totals(struct ct_pre_counts *n, struct ct_hist *wait_ns,
		   struct ct_hist *hold_ns, unsigned *threads);

/* ---- the configuration chosen at start (mutex.c) ----------------------- */
struct ct_pre_config {
	const struct ct_pre_algo *algo; /* NULL: pthread-mutex pass-through */
	const char *lock_name;
	/*
	 * How queue contexts live: false, the context is the acquirer's until
	 * its release (MCS node, backoff PRNG, unused byte); true (CLH), the
	 * node passes to the successor and the releaser adopts its
	 * predecessor's (preloadable.h, ct_preload_migrates).
	 */
	bool migrate;
	struct ct_lock_cfg cfg;
	const char *wait_name;
	const char *stats_path; /* CONTEND_STATS, or NULL */
};
extern struct ct_pre_config ct_pre_conf;
/* 1 once ct_pre_boot() has run; read on every call. */
extern atomic_int ct_pre_booted;
void ct_pre_boot(void);

static ct_always_inline void ct_pre_ensure_booted(void)
{
	/* acquire: pairs with the release in ct_pre_boot(), so ct_pre_conf
	 * and ct_pre_real are complete when we see 1. */
	if (ct_unlikely(!atomic_load_explicit(&ct_pre_booted,
					      memory_order_acquire)))
		ct_pre_boot();
}

extern atomic_ullong ct_pre_distinct;  /* lock states created */
extern atomic_ullong ct_pre_fallbacks; /* mutexes initialised for glibc */

/* Mutex operations on any mutex (ours or glibc's), for cond.c. */
int ct_pre_mutex_lock(pthread_mutex_t *m);
int ct_pre_mutex_unlock(pthread_mutex_t *m);
/* Sleep until *word != val or the absolute time `abs` on `clock` (NULL: no
 * limit); 0 on a wake or a changed word, else ETIMEDOUT or EINTR. */
int ct_pre_futex_wait_abs(atomic_uint *word, unsigned val, clockid_t clock,
			  const struct timespec *abs, bool shared);

uint64_t ct_pre_now_ns(void);

/* Append this process's start line, and at exit its counters, to
 * CONTEND_STATS (stats.c). */
void ct_pre_stats_start(void);
void ct_pre_stats_write(void);

#endif /* CT_PRELOAD_H */
