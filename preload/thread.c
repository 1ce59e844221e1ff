/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * thread.c - per-thread state: the counters and sampled histograms, the
 * cache of queue contexts, what happens when a thread exits and at fork.
 *
 * Each thread gets one block (struct ct_pre_thread) on its first mutex call.
 * Live blocks sit on a registry list so the totals written at exit include
 * threads the program never joined. When a thread exits, a pthread key
 * destructor folds its counters into the exited totals and gives its block
 * and every cached queue context back to the shared pools: a thread that
 * exits holding no mutex leaves nothing behind. (A thread that exits holding
 * one leaves that mutex's context in the lock state, where the next release
 * returns it, as a program that unlocks from another thread expects.)
 *
 * Concurrency: a block's counters are written only by its thread; the
 * registry and the exited totals are guarded by ct_pre_reg. ct_pre_totals()
 * reads live blocks while their threads run (plain loads of counters that
 * may be mid-update): at process exit that gives counts exact to within the
 * calls still in flight, which is all a summary needs.
 */
#include <string.h>
#include <unistd.h>

#include "preload.h"

#define CT_PRE_UNIT(t) (((sizeof(t) + CT_PAD - 1) / CT_PAD) * CT_PAD)
/* Contexts a thread keeps for itself before giving them back. */
#define CT_PRE_CTX_CACHE 32

static struct ct_pre_pool ct_pre_ctx_pool = { .unit = CT_PRE_CTX_MAX };
struct ct_pre_pool ct_pre_state_pool; /* unit set by mutex.c at start */
static struct ct_pre_pool ct_pre_thread_pool = {
	.unit = CT_PRE_UNIT(struct ct_pre_thread)
};
_Static_assert(CT_PRE_CTX_MAX % CT_PAD == 0, "contexts tile by CT_PAD");

__thread struct ct_pre_thread *ct_pre_me
	__attribute__((tls_model("initial-exec")));
static pthread_key_t ct_pre_key;
static atomic_uint ct_pre_next_tid;

/* The registry: guarded by ct_pre_reg. */
static struct ct_pre_spin ct_pre_reg;
static struct ct_pre_thread *ct_pre_live;
static struct ct_pre_counts ct_pre_gone;
static struct ct_hist ct_pre_gone_wait, ct_pre_gone_hold;
static unsigned ct_pre_threads_seen;

static void ct_pre_link(struct ct_pre_thread *t)
{
	t->prev_live = NULL;
	t->next_live = ct_pre_live;
	if (ct_pre_live)
		ct_pre_live->prev_live = t;
	ct_pre_live = t;
}

static void ct_pre_unlink(struct ct_pre_thread *t)
{
	if (t->prev_live)
		t->prev_live->next_live = t->next_live;
	else
		ct_pre_live = t->next_live;
	if (t->next_live)
		t->next_live->prev_live = t->prev_live;
}

static void ct_pre_counts_add(struct ct_pre_counts *dst,
			      const struct ct_pre_counts *src)
{
	dst->acquisitions += src->acquisitions;
	dst->contended += src->contended;
	dst->try_busy += src->try_busy;
	dst->cond_waits += src->cond_waits;
	dst->cond_timeouts += src->cond_timeouts;
	dst->fallback_ops += src->fallback_ops;
}

struct ct_pre_thread *ct_pre_self_first(void)
{
	struct ct_pre_thread *t = ct_pre_pool_get(&ct_pre_thread_pool);
	memset(t, 0, sizeof(*t));
	ct_hist_init(&t->wait_ns);
	ct_hist_init(&t->hold_ns);
	/* relaxed: a unique number is all we need (it seeds PRNGs). */
	t->tid = atomic_fetch_add_explicit(&ct_pre_next_tid, 1,
					   memory_order_relaxed);
	ct_pre_spin_lock(&ct_pre_reg);
	ct_pre_link(t);
	ct_pre_threads_seen++;
	ct_pre_spin_unlock(&ct_pre_reg);
	ct_pre_me = t;
	/* Arms the exit destructor; a later program destructor that locks a
	 * mutex gets a fresh block, and glibc calls ours again for it. */
	pthread_setspecific(ct_pre_key, t);
	return t;
}

void *ct_pre_ctx_get(struct ct_pre_thread *t)
{
	void *c = t->ctx_free;

	if (c) {
		t->ctx_free = *(void **)c;
		t->ctx_cached--;
		return c;
	}
	return ct_pre_pool_get(&ct_pre_ctx_pool);
}

void ct_pre_ctx_put(struct ct_pre_thread *t, void *ctx)
{
	if (t->ctx_cached >= CT_PRE_CTX_CACHE) {
		ct_pre_pool_put(&ct_pre_ctx_pool, ctx);
		return;
	}
	*(void **)ctx = t->ctx_free;
	t->ctx_free = ctx;
	t->ctx_cached++;
}

static void ct_pre_thread_exit(void *arg)
{
	struct ct_pre_thread *t = arg;

	while (t->ctx_free)
		ct_pre_pool_put(&ct_pre_ctx_pool,
				ct_pre_ctx_get(t));
	ct_pre_spin_lock(&ct_pre_reg);
	ct_pre_unlink(t);
	ct_pre_counts_add(&ct_pre_gone, &t->n);
	ct_hist_merge(&ct_pre_gone_wait, &t->wait_ns);
	ct_hist_merge(&ct_pre_gone_hold, &t->hold_ns);
	ct_pre_spin_unlock(&ct_pre_reg);
	if (ct_pre_me == t)
		ct_pre_me = NULL;
	ct_pre_pool_put(&ct_pre_thread_pool, t);
}

void ct_pre_totals(struct ct_pre_counts *n, struct ct_hist *wait_ns,
		   struct ct_hist *hold_ns, unsigned *threads)
{
	ct_pre_spin_lock(&ct_pre_reg);
	*n = ct_pre_gone;
	*wait_ns = ct_pre_gone_wait;
	*hold_ns = ct_pre_gone_hold;
	for (struct ct_pre_thread *t = ct_pre_live; t; t = t->next_live) {
		ct_pre_counts_add(n, &t->n);
		ct_hist_merge(wait_ns, &t->wait_ns);
		ct_hist_merge(hold_ns, &t->hold_ns);
	}
	*threads = ct_pre_threads_seen;
	ct_pre_spin_unlock(&ct_pre_reg);
}

/*
 * fork: the child has one thread, so no internal spinlock may be held across
 * the fork by a thread that does not exist there. Take them all first
 * (registry before pools, the order used everywhere else), release after.
 * The child starts its own counters: it reports its own line at its exit.
 */
static void ct_pre_fork_prepare(void)
{
	ct_pre_spin_lock(&ct_pre_reg);
	ct_pre_spin_lock(&ct_pre_thread_pool.lock);
	ct_pre_spin_lock(&ct_pre_ctx_pool.lock);
	ct_pre_spin_lock(&ct_pre_state_pool.lock);
}

static void ct_pre_fork_parent(void)
{
	ct_pre_spin_unlock(&ct_pre_state_pool.lock);
	ct_pre_spin_unlock(&ct_pre_ctx_pool.lock);
	ct_pre_spin_unlock(&ct_pre_thread_pool.lock);
	ct_pre_spin_unlock(&ct_pre_reg);
}

static void ct_pre_fork_child(void)
{
	struct ct_pre_thread *t = ct_pre_me;

	/* Blocks of threads that did not come along stay allocated in the
	 * child's copy of memory: they were never the child's to free. */
	ct_pre_live = NULL;
	memset(&ct_pre_gone, 0, sizeof(ct_pre_gone));
	ct_hist_init(&ct_pre_gone_wait);
	ct_hist_init(&ct_pre_gone_hold);
	ct_pre_threads_seen = 0;
	if (t) {
		memset(&t->n, 0, sizeof(t->n));
		ct_hist_init(&t->wait_ns);
		ct_hist_init(&t->hold_ns);
		ct_pre_link(t);
		ct_pre_threads_seen = 1;
	}
	atomic_store_explicit(&ct_pre_distinct, 0, memory_order_relaxed);
	atomic_store_explicit(&ct_pre_fallbacks, 0, memory_order_relaxed);
	ct_pre_fork_parent();
}

void ct_pre_thread_setup(void)
{
	ct_hist_init(&ct_pre_gone_wait);
	ct_hist_init(&ct_pre_gone_hold);
	pthread_key_create(&ct_pre_key, ct_pre_thread_exit);
	pthread_atfork(ct_pre_fork_prepare, ct_pre_fork_parent,
		       ct_pre_fork_child);
}
