/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * lockset.h - N instances of one lock algorithm, each followed by the data
 * it protects, plus per-(thread, lock) contexts on each thread's NUMA node.
 *
 * Memory layout of one slot (stride is a multiple of CT_PAD):
 *
 *   [ lock (padded to CT_PAD) ][ protected data: data_lines x 64 bytes ]
 *
 * so the lock word never shares a line or prefetch pair with the data or
 * with another lock. All slots live on one NUMA node (`node`).
 */
#ifndef CT_LOCKSET_H
#define CT_LOCKSET_H

#include <stddef.h>

#include "locks/ops.h"

struct ct_lockset {
	const struct ct_lock_ops *ops;
	struct ct_lock_cfg cfg;
	unsigned nlocks;
	size_t lock_bytes; /* lock padded to CT_PAD */
	size_t stride;     /* bytes per slot */
	char *mem;
	size_t mem_bytes;
	int node;
};

/* 0, or -1 with a message. data_lines >= 1. */
int ct_lockset_init(struct ct_lockset *s, const struct ct_lock_ops *ops,
		    unsigned nlocks, unsigned data_lines,
		    const struct ct_lock_cfg *cfg, int node, char *err,
		    size_t errlen);
void ct_lockset_destroy(struct ct_lockset *s);

static inline void *ct_lockset_lock(const struct ct_lockset *s, unsigned i)
{
	return s->mem + (size_t)i * s->stride;
}

static inline void *ct_lockset_data(const struct ct_lockset *s, unsigned i)
{
	return s->mem + (size_t)i * s->stride + s->lock_bytes;
}

/* One thread's contexts for every lock of the set, allocated on the
 * calling thread's node and initialized. */
struct ct_lockctx {
	void **ctx; /* ctx[i] for lock i */
	char *mem;
	size_t mem_bytes;
};

int ct_lockctx_init(struct ct_lockctx *c, const struct ct_lockset *s,
		    unsigned tid);
void ct_lockctx_destroy(struct ct_lockctx *c);

#endif /* CT_LOCKSET_H */
