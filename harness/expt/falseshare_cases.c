/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The false-sharing experiments: memory layouts and their measured loops.
 *
 * Every experiment keeps the instructions identical across its layouts and
 * changes only where the data lies, so a slowdown is the price of the
 * cache line alone. Shared regions are page-aligned (ct_mem_alloc), so
 * offset 0 starts a line and a 128-byte line pair.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "falseshare_impl.h"
#include "locks/inline.h"
#include "harness/core/mem.h"
#include "harness/core/timing.h"

#ifdef CT_HAVE_CK
#include <ck_spinlock.h>
#endif

static int alloc_region(struct fs_run *r, size_t bytes, char *err, size_t len)
{
	r->mem_bytes = ct_pad_size(bytes ? bytes : 1);
	r->mem = ct_mem_alloc(r->mem_bytes, r->numa[0]);
	if (!r->mem)
		snprintf(err, len, "cannot allocate %zu bytes", r->mem_bytes);
	return r->mem ? 0 : -1;
}

/* ---- counters: each thread increments its own counter ------------------ */

static void fs_counters_batch(struct fs_run *r, struct fs_thread *me,
			      unsigned tid)
{
	_Atomic uint64_t *c = fs_item(r, tid);
	(void)me;
	/*
	 * A plain increment: relaxed load + store, not an RMW. Only this
	 * thread writes c, so no increment is lost; the atomics only keep
	 * the compiler from holding c in a register (x86: two movs).
	 */
	for (unsigned i = 0; i < CT_FS_BATCH; i++)
		atomic_store_explicit(c, atomic_load_explicit(c,
				      memory_order_relaxed) + 1,
				      memory_order_relaxed);
}

/*
 * An atomic increment: `lock xadd` on x86. A store buffer can absorb
 * plain stores to a line another core keeps stealing (the plain kind's
 * packed layout costs an Intel guest only 1.1-1.6x); a locked RMW must own
 * the line before it retires, so this kind shows what the line costs.
 * relaxed: each counter only counts; pthread_join orders the check.
 */
static void fs_counters_atomic_batch(struct fs_run *r, struct fs_thread *me,
				     unsigned tid)
{
	_Atomic uint64_t *c = fs_item(r, tid);
	(void)me;
	for (unsigned i = 0; i < CT_FS_BATCH; i++)
		atomic_fetch_add_explicit(c, 1, memory_order_relaxed);
}

static void fs_counters_worker(struct ct_worker *w)
{
	fs_loop(w, fs_counters_batch, CT_FS_BATCH);
}

static void fs_counters_atomic_worker(struct ct_worker *w)
{
	fs_loop(w, fs_counters_atomic_batch, CT_FS_BATCH);
}

static int fs_counters_prepare(struct fs_run *r, char *err, size_t len)
{
	r->worker = !strcmp(r->fc->kind, "atomic") ? fs_counters_atomic_worker
						    : fs_counters_worker;
	r->spacing = r->fc->stride;
	return alloc_region(r, r->nthreads * r->stride, err, len);
}

/* Read after pthread_join, which orders every increment before it. */
static uint64_t fs_counters_check(const struct fs_run *r)
{
	uint64_t sum = 0;
	for (unsigned i = 0; i < r->nthreads; i++)
		sum += atomic_load_explicit(fs_item(r, i), memory_order_relaxed);
	return sum;
}

/* ---- lockdata: a lock and the words it protects ------------------------- */

typedef void (*fs_lock_fn)(void *lock, void *ctx);

/* Critical section: increment every protected word, then stay cs_ticks.
 * Plain accesses: the lock orders them (acquire/release contract). */
static ct_always_inline void fs_lockdata_batch(struct fs_run *r,
					       struct fs_thread *me,
					       fs_lock_fn acquire,
					       fs_lock_fn release)
{
	uint64_t *d = (uint64_t *)(void *)r->data;
	const unsigned words = r->cfg->data_words;
	for (unsigned i = 0; i < CT_FS_BATCH_LOCKED; i++) {
		acquire(r->lock, me->ctx);
		for (unsigned k = 0; k < words; k++)
			d[k]++;
		ct_delay_ticks(r->cs_ticks);
		release(r->lock, me->ctx);
	}
}

#define LOCK(id, str, flags, try)                                             \
	static void fs_ld_batch_##id(struct fs_run *r, struct fs_thread *me,  \
				     unsigned tid)                            \
	{                                                                     \
		(void)tid;                                                    \
		fs_lockdata_batch(r, me, ct_lockop_##id##_acquire,            \
				  ct_lockop_##id##_release);                  \
	}                                                                     \
	static void fs_ld_##id(struct ct_worker *w)                           \
	{                                                                     \
		fs_loop(w, fs_ld_batch_##id, CT_FS_BATCH_LOCKED);             \
	}
#include "locks/LIST"
#undef LOCK

static const struct {
	const char *name;
	ct_worker_fn fn;
} fs_ld_workers[] = {
#define LOCK(id, str, flags, try) { str, fs_ld_##id },
#include "locks/LIST"
#undef LOCK
};

ct_worker_fn fs_lockdata_worker(const char *lock)
{
	for (unsigned i = 0; i < CT_ARRAY_SIZE(fs_ld_workers); i++)
		if (!strcmp(fs_ld_workers[i].name, lock))
			return fs_ld_workers[i].fn;
	return NULL;
}

/* Where the data starts: right after the lock (packed) or a pair later. */
static size_t fs_lockdata_offset(const struct ct_lock_ops *ops, bool packed)
{
	return packed ? (ops->lock_size + 7) & ~(size_t)7
		      : ct_pad_size(ops->lock_size);
}

static int fs_lockdata_prepare(struct fs_run *r, char *err, size_t len)
{
	const struct ct_fs_cfg *c = r->cfg;
	struct ct_lock_cfg lcfg = CT_LOCK_CFG_DEFAULT;
	r->ops = ct_lock_ops_find(c->lock);
	r->worker = fs_lockdata_worker(c->lock);
	if (!r->ops || !r->worker) {
		snprintf(err, len, "unknown lock '%s'", c->lock);
		return -1;
	}
	size_t off = fs_lockdata_offset(r->ops, !r->fc->reference);
	if (alloc_region(r, off + (size_t)c->data_words * 8, err, len))
		return -1;
	r->lock = r->mem;
	r->data = r->mem + off;
	r->spacing = off;
	/* Spinning waiters yield after a while: an oversubscribed run moves. */
	lcfg.max_threads = r->nthreads;
	lcfg.wait.policy = CT_WAIT_YIELD;
	int rc = r->ops->init(r->lock, &lcfg);
	if (rc) {
		snprintf(err, len, "%s: init failed: %s", c->lock, strerror(-rc));
		r->ops = NULL;
		return -1;
	}
	return 0;
}

/* Every word was incremented once per critical section. */
static uint64_t fs_data_check(const struct fs_run *r)
{
	const uint64_t *d = (const uint64_t *)(const void *)r->data;
	unsigned words = r->fc->exp == CT_FS_LOCKDATA ? r->cfg->data_words : 1;
	for (unsigned k = 1; k < words; k++)
		if (d[k] != d[0])
			return UINT64_MAX;
	return d[0];
}

bool fs_lockdata_fits(const struct ct_lock_ops *ops, unsigned words)
{
	return fs_lockdata_offset(ops, true) + (size_t)words * 8 <=
	       CT_CACHE_LINE;
}

/* ---- qnodes: MCS queue nodes packed or padded (Concurrency Kit) -------- */

#ifdef CT_HAVE_CK
/*
 * CK's MCS takes the caller's node as is: a 16-byte struct, so an array of
 * them puts four threads' nodes in one line. Our own mcs.h pads its node
 * type, which is why this experiment uses CK's.
 */
static void fs_qnodes_batch(struct fs_run *r, struct fs_thread *me,
			    unsigned tid)
{
	struct ck_spinlock_mcs *node = (void *)fs_item(r, tid);
	struct ck_spinlock_mcs **queue = r->lock;
	uint64_t *d = (uint64_t *)(void *)r->data;
	(void)me;
	for (unsigned i = 0; i < CT_FS_BATCH_LOCKED; i++) {
		ck_spinlock_mcs_lock(queue, node);
		d[0]++; /* protected by the lock */
		ct_delay_ticks(r->cs_ticks);
		ck_spinlock_mcs_unlock(queue, node);
	}
}

static void fs_qnodes_worker(struct ct_worker *w)
{
	fs_loop(w, fs_qnodes_batch, CT_FS_BATCH_LOCKED);
}

/* [ nodes at stride ][ queue pointer: a pair ][ protected data: a pair ] */
static int fs_qnodes_prepare(struct fs_run *r, char *err, size_t len)
{
	size_t nodes = ct_pad_size(r->nthreads * r->stride);
	if (alloc_region(r, nodes + 2 * CT_PAD, err, len))
		return -1;
	r->spacing = r->fc->stride;
	r->lock = r->mem + nodes;
	r->data = r->mem + nodes + CT_PAD;
	ck_spinlock_mcs_init(r->lock);
	r->worker = fs_qnodes_worker;
	return 0;
}
#endif

/* ---- replicated: one counter, kept as 1, per-node or per-thread shards -- */

/*
 * The combining read of a clustered object: the sum of every shard.
 * relaxed: each shard only grows, so the sum lies between the totals at
 * the read's start and end, which is all such a read promises; nothing
 * else is published through the counter.
 */
static ct_always_inline uint64_t fs_combine(const struct fs_run *r)
{
	uint64_t sum = 0;
	for (unsigned i = 0; i < r->nshards; i++)
		sum += atomic_load_explicit(fs_item(r, i), memory_order_relaxed);
	return sum;
}

static void fs_replicated_batch(struct fs_run *r, struct fs_thread *me,
				unsigned tid)
{
	_Atomic uint64_t *mine = fs_item(r, r->shard_of[tid]);
	const unsigned every = r->cfg->read_every;
	for (unsigned i = 0; i < CT_FS_BATCH; i++) {
		/* relaxed RMW: atomic, so no increment is lost even when the
		 * shard is shared; it orders nothing else. */
		atomic_fetch_add_explicit(mine, 1, memory_order_relaxed);
		if (every && ++me->since_read == every) {
			me->since_read = 0;
			me->sink += fs_combine(r);
			me->reads++;
		}
	}
}

static void fs_replicated_worker(struct ct_worker *w)
{
	fs_loop(w, fs_replicated_batch, CT_FS_BATCH);
}

/*
 * Per-node shards: each in a page of its own, moved to the NUMA node of
 * the threads it serves (libnuma), so a node's threads share a line whose
 * memory is local to them. A page that cannot move stays where it is;
 * the record says where every shard ended up (shard_nodes).
 */
static void fs_place_shards(struct fs_run *r)
{
	/* shards are numbered in order of their first thread */
	for (unsigned t = 0, s = 0; t < r->nthreads && s < r->nshards; t++)
		if (r->shard_of[t] == s)
			ct_mem_move(fs_item(r, s++), r->numa[t]);
}

/* shard_of: 0 for all (shared), the thread (per-thread), or the index of
 * the thread's NUMA node among the run's distinct nodes (per-node). */
static int fs_replicated_prepare(struct fs_run *r, char *err, size_t len)
{
	const char *l = r->fc->layout;
	r->shard_of = calloc(r->nthreads, sizeof(unsigned));
	if (!r->shard_of) {
		snprintf(err, len, "out of memory");
		return -1;
	}
	bool per_node = !strcmp(l, "per-node"), shared = !strcmp(l, "shared");
	unsigned next = 0;
	for (unsigned t = 0; t < r->nthreads; t++) {
		unsigned s = 0;
		while (per_node && s < t && r->numa[s] != r->numa[t])
			s++;
		if (per_node)
			r->shard_of[t] = s < t ? r->shard_of[s] : next++;
		else
			r->shard_of[t] = shared ? 0 : t;
	}
	r->nshards = per_node ? next : shared ? 1 : r->nthreads;
	if (per_node)
		r->stride = ct_mem_page_size();
	r->spacing = r->stride;
	r->worker = fs_replicated_worker;
	if (alloc_region(r, r->nshards * r->stride, err, len))
		return -1;
	if (per_node)
		fs_place_shards(r);
	return 0;
}

static uint64_t fs_replicated_check(const struct fs_run *r)
{
	return fs_combine(r);
}

/* ---- the table ------------------------------------------------------ */

const struct fs_case fs_cases[] = {
#define FS_COUNTERS(kind)                                                   \
	{ CT_FS_COUNTERS, "packed", kind, 8, false, fs_counters_prepare,   \
	  fs_counters_check },                                              \
	{ CT_FS_COUNTERS, "line", kind, CT_CACHE_LINE, false,               \
	  fs_counters_prepare, fs_counters_check },                         \
	{ CT_FS_COUNTERS, "pair", kind, CT_PAD, true, fs_counters_prepare, \
	  fs_counters_check },
	FS_COUNTERS("plain") FS_COUNTERS("atomic")
#undef FS_COUNTERS
	{ CT_FS_LOCKDATA, "packed", NULL, 0, false, fs_lockdata_prepare,
	  fs_data_check },
	{ CT_FS_LOCKDATA, "separate", NULL, 0, true, fs_lockdata_prepare,
	  fs_data_check },
#ifdef CT_HAVE_CK
	{ CT_FS_QNODES, "packed", NULL, sizeof(struct ck_spinlock_mcs), false,
	  fs_qnodes_prepare, fs_data_check },
	{ CT_FS_QNODES, "padded", NULL, CT_PAD, true, fs_qnodes_prepare,
	  fs_data_check },
#endif
	{ CT_FS_REPLICATED, "shared", NULL, CT_PAD, false,
	  fs_replicated_prepare, fs_replicated_check },
	/* stride: a page, set by prepare (each shard on its node) */
	{ CT_FS_REPLICATED, "per-node", NULL, 0, false, fs_replicated_prepare,
	  fs_replicated_check },
	{ CT_FS_REPLICATED, "per-thread-packed", NULL, 8, false,
	  fs_replicated_prepare, fs_replicated_check },
	{ CT_FS_REPLICATED, "per-thread", NULL, CT_PAD, true,
	  fs_replicated_prepare, fs_replicated_check },
};

const unsigned fs_ncases = CT_ARRAY_SIZE(fs_cases);
