/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * lock.h - the contract every lock algorithm in locks/ implements.
 *
 * An algorithm NAME is one header, locks/NAME.h, of static inline functions:
 *
 *   struct ct_lock_NAME;            the lock itself
 *   struct ct_lock_NAME_ctx;        per-(thread, lock) context: MCS/CLH queue
 *                                   node, Anderson slot, backoff PRNG state.
 *                                   Holds `char unused` when none is needed.
 *   int  ct_lock_NAME_init(struct ct_lock_NAME *, const struct ct_lock_cfg *);
 *                                   0 or -errno
 *   void ct_lock_NAME_destroy(struct ct_lock_NAME *);
 *   void ct_lock_NAME_ctx_init(struct ct_lock_NAME *, struct ct_lock_NAME_ctx *,
 *                              unsigned tid);
 *   void ct_lock_NAME_acquire(struct ct_lock_NAME *, struct ct_lock_NAME_ctx *);
 *   bool ct_lock_NAME_trylock(...)  only where the algorithm allows one
 *   void ct_lock_NAME_release(struct ct_lock_NAME *, struct ct_lock_NAME_ctx *);
 *   double ct_lock_NAME_transfers(double waiters, unsigned threads);
 *                                   coherence transfers per acquisition by
 *                                   design with `waiters` (>= 1) threads
 *                                   waiting at each release, as counted by
 *                                   harness/lock/coherence.h (NAN: not
 *                                   modelled). The harness takes no
 *                                   waiter as no transfer.
 *
 * acquire() has acquire semantics and release() release semantics: every
 * access in a critical section happens-after the previous holder's release.
 * The caller (harness) allocates the lock and the contexts, 128-byte aligned,
 * each context on its thread's NUMA node, and keeps all of them alive until
 * destroy(): CLH recycles nodes between threads.
 *
 * The family is listed once, in locks/LIST, as an X-macro.
 */
#ifndef CT_LOCK_H
#define CT_LOCK_H

#include <stdbool.h>
#include <stdint.h>

#include "harness/core/cc.h"
#include "harness/core/wait.h"

/* Per-run configuration handed to every init(). */
struct ct_lock_cfg {
	unsigned max_threads;  /* threads that may ever contend (Anderson) */
	struct ct_wait wait;   /* spinning locks: spin or spin-then-yield */
	uint32_t backoff_min;  /* backoff locks: first/min delay, in PAUSEs */
	uint32_t backoff_max;  /* backoff locks: cap on the delay, in PAUSEs */
	uint32_t spin_before_park; /* parking locks: polls before futex wait */
	/* NUMA-aware locks: thread_node[tid] is thread tid's node (virtual
	 * under --vnodes), max_threads entries, read by ctx_init(); NULL:
	 * every thread on node 0. The caller keeps it alive until destroy. */
	const int *thread_node;
};

/* Properties listed in locks/LIST. */
enum ct_lock_flags {
	CT_LOCK_TRY = 1u << 0,    /* has trylock (set from LIST's TRY column) */
	CT_LOCK_WAITS = 1u << 1,  /* honours the wait policy (--wait) */
	CT_LOCK_FIFO = 1u << 2,   /* grants in arrival order */
	CT_LOCK_NOEXCL = 1u << 3, /* no mutual exclusion: the null lock */
	CT_LOCK_HIDDEN = 1u << 4, /* not listed unless asked: broken */
	CT_LOCK_PEER = 1u << 5,   /* Concurrency Kit peer row */
	CT_LOCK_PARKS = 1u << 6,  /* sleeps in the kernel when contended */
	CT_LOCK_BASELINE = 1u << 7, /* what users would otherwise use */
	CT_LOCK_NUMA = 1u << 8,   /* reads cfg->thread_node: node-aware */
};

#define CT_LOCK_CFG_DEFAULT                                                   \
	((struct ct_lock_cfg){ .max_threads = 64,                              \
			       .wait = { CT_WAIT_SPIN,                          \
					 CT_WAIT_DEFAULT_SPIN_LIMIT },          \
			       .backoff_min = 8,                                \
			       .backoff_max = 1024,                             \
			       .spin_before_park = 100 })

#endif /* CT_LOCK_H */
