/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * locality.h - what a lock run adds to its record about NUMA locality,
 * starvation and parking:
 *
 *   local_handoff_share  of the sampled hand-offs (those lockbench times:
 *                        the previous holder was another thread and
 *                        released after we began to wait), the share
 *                        whose releaser ran on our node (virtual under
 *                        --vnodes). NA without sampled hand-offs.
 *   starvation           longest sampled acquire wait over the median one
 *                        (lat_max_ns / lat_p50_ns).
 *   parks                sleeps on a futex under --wait park, all threads,
 *                        measured phase only.
 *
 * Counting happens only in the sampled path, so the unsampled loop pays
 * nothing.
 */
#ifndef CT_LOCK_LOCALITY_H
#define CT_LOCK_LOCALITY_H

#include <stdint.h>

#include "harness/core/cc.h"
#include "harness/core/hist.h"
#include "harness/core/record.h"
#include "harness/core/wait.h"

struct ct_locality {
	uint64_t handoffs; /* sampled hand-offs from another thread */
	uint64_t local;    /* ... whose releaser was on our node */
	uint64_t parks;    /* futex sleeps in the measured phase */
};

/* Start of the measured phase, on the measuring thread. */
static inline void ct_locality_begin(struct ct_locality *l)
{
	l->handoffs = l->local = l->parks = 0;
	ct_wait_parks = 0;
}

/* End of the measured phase, on the measuring thread. */
static inline void ct_locality_end(struct ct_locality *l)
{
	l->parks = ct_wait_parks;
}

/* A sampled hand-off from thread `from` to thread `to`; node[tid]. */
static ct_always_inline void ct_locality_handoff(struct ct_locality *l,
						 const int *node,
						 uint64_t from, unsigned to)
{
	l->handoffs++;
	l->local += node[from] == node[to];
}

static inline void ct_locality_add(struct ct_locality *sum,
				   const struct ct_locality *l)
{
	sum->handoffs += l->handoffs;
	sum->local += l->local;
	sum->parks += l->parks;
}

/* The fields above, plus "vnodes" (0: real nodes) and "nodes" (each
 * thread's node, in thread order). lat: the run's sampled acquire waits. */
void ct_locality_record(struct ct_rec *rec, const struct ct_locality *sum,
			const struct ct_hist *lat, const int *node, unsigned n,
			unsigned vnodes);

#endif /* CT_LOCK_LOCALITY_H */
