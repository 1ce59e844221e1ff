/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ring.h - the circular array both bounded-buffer solutions guard.
 *
 * Invariant (under the solution's mutual exclusion): out <= in <= out + n;
 * slots [out, in) mod n hold items, the others NULL. in and out count
 * items ever put and taken, so out is also the item's dequeue position, a
 * total order the validator uses to check per-producer FIFO order. pop()
 * clears the slot it empties: a solution that lets in overtake out + n
 * overwrites an item (lost) and a later pop() finds NULL (phantom), which
 * the validator counts instead of touching freed memory.
 */
#ifndef CT_PROBLEM_RING_H
#define CT_PROBLEM_RING_H

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "harness/core/cc.h"

struct ct_ring {
	void **slot;
	unsigned n;
	uint64_t in, out;
};

static inline int ct_ring_init(struct ct_ring *r, unsigned n)
{
	r->slot = aligned_alloc(CT_PAD, ((n * sizeof(void *)) + CT_PAD - 1) &
						 ~(size_t)(CT_PAD - 1));
	if (!r->slot)
		return -ENOMEM;
	memset(r->slot, 0, n * sizeof(void *));
	r->n = n;
	r->in = r->out = 0;
	return 0;
}

static inline void ct_ring_destroy(struct ct_ring *r)
{
	free(r->slot);
}

static inline void ct_ring_push(struct ct_ring *r, void *item)
{
	r->slot[r->in++ % r->n] = item;
}

static inline void *ct_ring_pop(struct ct_ring *r, uint64_t *pos)
{
	void **s = &r->slot[r->out % r->n];
	void *item = *s;

	*pos = r->out++;
	*s = NULL;
	return item;
}

#endif /* CT_PROBLEM_RING_H */
