/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * combining.h - software combining tree barrier, fan-in cfg->fanin.
 *
 * Source: P.-C. Yew, N.-F. Tzeng and D. H. Lawrie, "Distributing Hot-Spot
 * Addressing in Large-Scale Multiprocessors", IEEE Trans. Computers 36(4),
 * 1987; the sense-reversing form of Mellor-Crummey and Scott, ACM TOCS
 * 9(1), 1991, section 3.2.
 *
 * Shape: thread t belongs to leaf t / k (k = fan-in); level l+1 has one
 * node per k nodes of level l, up to a single root. Any P works: the last
 * node of a level simply has fewer children.
 *
 * Invariant: between episodes every node's count equals its number of
 * children and its sense equals every thread's private sense. An arrival
 * decrements its leaf; the last arrival at a node carries the arrival on
 * to the parent, the others spin on that node's sense. The last arrival
 * at the root has seen the whole team arrive; it, and in turn each thread
 * it releases, walks back down its own path resetting each node's count
 * and then flipping its sense, top-down, so each node is reset before
 * anyone below can reach it again.
 *
 * Remote writes per episode: each node takes one decrement per child, one
 * reset and one flip: P + 3N - 1 for N nodes (the N - 1 non-root nodes are
 * children too). Spinning is on shared nodes (at most k-1 spinners per
 * node), not local; count and sense have separate CT_PAD lines.
 */
#ifndef CT_BARRIER_COMBINING_H
#define CT_BARRIER_COMBINING_H

#include "barrier.h"

struct ct_barrier_combining_node {
	atomic_uint count ct_aligned(CT_PAD);     /* arrivals still missing */
	unsigned k;                                /* children */
	struct ct_barrier_combining_node *parent; /* NULL at the root */
	atomic_uint sense ct_aligned(CT_PAD);     /* flipped to release */
};

struct ct_barrier_combining {
	struct ct_barrier_combining_node *node; /* leaves first, root last */
	unsigned nnodes, fanin;
	struct ct_wait wait;
};

struct ct_barrier_combining_ctx {
	struct ct_barrier_combining_node *leaf;
	unsigned sense; /* private */
};

/* Nodes in a fan-in k tree over n threads. */
static inline unsigned ct_barrier_combining_nodes(unsigned n, unsigned k)
{
	unsigned total = 0;
	do {
		n = (n + k - 1) / k;
		total += n;
	} while (n > 1);
	return total;
}

/* Link one level of `width` nodes starting at first over `below` children. */
static inline void ct_barrier_combining_level(struct ct_barrier_combining *b,
					      unsigned first, unsigned width,
					      unsigned below)
{
	unsigned k = b->fanin;
	for (unsigned j = 0; j < width; j++) {
		struct ct_barrier_combining_node *n = &b->node[first + j];
		n->k = below - j * k < k ? below - j * k : k;
		atomic_init(&n->count, n->k);
		atomic_init(&n->sense, 0);
		n->parent = width > 1 ? &b->node[first + width + j / k] : NULL;
	}
}

static inline int ct_barrier_combining_init(struct ct_barrier_combining *b,
					    const struct ct_barrier_cfg *cfg)
{
	int rc = ct_barrier_cfg_check(cfg);
	if (rc)
		return rc;
	b->fanin = cfg->fanin;
	b->wait = cfg->wait;
	b->nnodes = ct_barrier_combining_nodes(cfg->nthreads, cfg->fanin);
	b->node = ct_barrier_zalloc(b->nnodes * sizeof(*b->node));
	if (!b->node)
		return -ENOMEM;
	unsigned first = 0, below = cfg->nthreads, width;
	do {
		width = (below + b->fanin - 1) / b->fanin;
		ct_barrier_combining_level(b, first, width, below);
		first += width;
		below = width;
	} while (width > 1);
	return 0;
}

static inline void ct_barrier_combining_destroy(struct ct_barrier_combining *b)
{
	free(b->node);
	b->node = NULL;
}

static inline void ct_barrier_combining_ctx_init(struct ct_barrier_combining *b,
						 struct ct_barrier_combining_ctx *me,
						 unsigned tid)
{
	me->leaf = &b->node[tid / b->fanin];
	me->sense = 0;
}

/* Reset, then release, one node we were the last to reach. */
static ct_always_inline void
ct_barrier_combining_wake(struct ct_barrier_combining_ctx *me,
			  struct ct_barrier_combining_node *n, unsigned sense,
			  struct ct_wait policy)
{
	ct_bar_note(me, &n->count);
	/* relaxed: published by the release flip that follows. */
	atomic_store_explicit(&n->count, n->k, memory_order_relaxed);
	ct_bar_note(me, &n->sense);
	/* release (inside): passes the whole team's arrival on to this
	 * node's waiters; under --wait park wakes the sleepers. */
	ct_bar_signal(&n->sense, sense, policy);
}

static inline void ct_barrier_combining_wait(struct ct_barrier_combining *b,
					     struct ct_barrier_combining_ctx *me)
{
	struct ct_barrier_combining_node *path[CT_BARRIER_MAX_ROUNDS + 1];
	struct ct_barrier_combining_node *n = me->leaf;
	unsigned depth = 0, sense = me->sense ^= 1;

	for (;;) {
		ct_bar_note(me, &n->count);
		/*
		 * acq_rel: release publishes what we carry (our own writes and
		 * those gathered below); the last arrival's acquire gathers
		 * every sibling's through the release sequence on count.
		 */
		if (atomic_fetch_sub_explicit(&n->count, 1,
					      memory_order_acq_rel) != 1)
			break; /* not last here: wait on this node */
		path[depth++] = n;
		n = n->parent;
		if (!n)
			break; /* last at the root: everyone has arrived */
	}
	if (n)
		ct_bar_await(&n->sense, sense, b->wait);
	while (depth)
		ct_barrier_combining_wake(me, path[--depth], sense, b->wait);
}

static inline uint64_t
ct_barrier_combining_remote_writes(const struct ct_barrier_cfg *cfg)
{
	return (uint64_t)cfg->nthreads +
	       3ull * ct_barrier_combining_nodes(cfg->nthreads, cfg->fanin) - 1;
}

#endif /* CT_BARRIER_COMBINING_H */
