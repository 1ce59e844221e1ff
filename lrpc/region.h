/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * region.h - the memory one binding shares: call slots, server doorbells,
 * A-stack queues and the A-stacks themselves, in one memfd.
 *
 * Trust: the client can write anything anywhere in this region at any
 * time. The server therefore reads each call's fields exactly once into
 * private variables, checks them against its private copy of the binding
 * and layout, and keeps its own record of which A-stacks are in use. The
 * queues are the client's business: corrupting them only hurts the client.
 *
 * Layout (every part CT_PAD-aligned so no two parties' hot words share a
 * prefetch pair):
 *   slots[nslots]        one per calling client thread
 *   bells[nthreads]      one per server thread: where it sleeps
 *   queues[nprocs]       per procedure: lock + free list of A-stacks
 *   astacks              per procedure: nastacks * stride bytes
 */
#ifndef CT_LRPC_REGION_H
#define CT_LRPC_REGION_H

#include <stdatomic.h>
#include <stdint.h>

#include "harness/core/cc.h"
#include "locks/ttas.h"
#include "lrpc.h"

/*
 * Call slot state: the futex word of a call.
 *   IDLE|DONE --client--> CALL --server--> DONE
 * CWAIT is or'ed in by a client about to sleep (the server must wake it);
 * DEAD by the client's own watch when the server process is gone.
 * Only the client stores CALL (over IDLE or a finished DONE); only the
 * server moves CALL->DONE (an exchange, so it sees a CWAIT set before it).
 */
enum {
	CT_LRPC_IDLE = 0,
	CT_LRPC_CALL = 1,
	CT_LRPC_DONE = 2,
	CT_LRPC_CWAIT = 4,
	CT_LRPC_DEAD = 8,
};

struct ct_lrpc_slot {
	_Atomic uint32_t state;
	uint32_t proc;
	uint64_t key;
	int64_t astack_off;
	uint32_t arg_len;
	uint32_t res_len;  /* written by the server before DONE */
	int32_t status;    /* written by the server before DONE */
} ct_aligned(CT_PAD);

/* A server thread's bed. `sleeping` says it may be in futex_wait on `seq`;
 * a client that posts a call bumps seq and wakes it (see client.c). */
struct ct_lrpc_bell {
	_Atomic uint32_t seq;
	_Atomic uint32_t sleeping;
} ct_aligned(CT_PAD);

/* A-stack queue of one procedure, used only by client threads; its lock
 * is locks/ttas.h, spin-then-yield so a preempted holder does not stall
 * an oversubscribed client. */
struct ct_lrpc_queue {
	struct ct_lock_ttas lock;
	uint32_t nfree;
	uint32_t free[CT_LRPC_MAX_ASTACKS]; /* A-stack indices */
} ct_aligned(CT_PAD);

struct ct_lrpc_layout {
	uint32_t nslots, nthreads, nprocs;
	uint64_t off_slots, off_bells, off_queues;
	uint64_t astack_base[CT_LRPC_MAX_PROCS];
	uint64_t astack_stride[CT_LRPC_MAX_PROCS]; /* a power of two */
	uint8_t astack_shift[CT_LRPC_MAX_PROCS];   /* log2 of the stride */
	uint32_t nastacks[CT_LRPC_MAX_PROCS];
	uint64_t size; /* whole pages */
};

/* Compute the layout; -1 if a count is out of range. */
int ct_lrpc_layout(struct ct_lrpc_layout *l, const struct ct_lrpc_iface *ifc,
		   unsigned nslots, unsigned nthreads);

static inline struct ct_lrpc_slot *ct_lrpc_slot_at(uint8_t *base,
						  const struct ct_lrpc_layout *l,
						  unsigned i)
{
	return (struct ct_lrpc_slot *)(base + l->off_slots) + i;
}

static inline struct ct_lrpc_bell *ct_lrpc_bell_at(uint8_t *base,
						  const struct ct_lrpc_layout *l,
						  unsigned i)
{
	return (struct ct_lrpc_bell *)(base + l->off_bells) + i;
}

static inline struct ct_lrpc_queue *
ct_lrpc_queue_at(uint8_t *base, const struct ct_lrpc_layout *l, unsigned p)
{
	return (struct ct_lrpc_queue *)(base + l->off_queues) + p;
}

/* Server thread that serves slot i. */
static inline unsigned ct_lrpc_slot_server(const struct ct_lrpc_layout *l,
					   unsigned i)
{
	return i % l->nthreads;
}

/*
 * Which A-stack of proc starts at off, or -1 if off is not exactly the
 * start of one (so a call can never name memory outside its procedure's
 * A-stacks, let alone outside the region).
 */
static inline int ct_lrpc_astack_index(const struct ct_lrpc_layout *l,
				       unsigned proc, int64_t off)
{
	if (off < (int64_t)l->astack_base[proc])
		return -1;
	uint64_t rel = (uint64_t)off - l->astack_base[proc];
	uint64_t i = rel >> l->astack_shift[proc]; /* no division on the call path */
	if (rel & (l->astack_stride[proc] - 1) || i >= l->nastacks[proc])
		return -1;
	return (int)i;
}

/* Create an owner-only, size-sealed memfd of l->size bytes and map it.
 * Returns the fd (mapping in *base), or -1 with the reason in err. */
int ct_lrpc_region_create(const struct ct_lrpc_layout *l, uint8_t **base,
			  char *err, size_t errlen);
/* Map a received memfd after checking its size matches l; -1 if not. */
int ct_lrpc_region_map(int fd, const struct ct_lrpc_layout *l, uint8_t **base,
		       char *err, size_t errlen);
/* Fill every queue with all of its A-stacks (server, before sending). */
void ct_lrpc_region_init(uint8_t *base, const struct ct_lrpc_layout *l);

#endif /* CT_LRPC_REGION_H */
