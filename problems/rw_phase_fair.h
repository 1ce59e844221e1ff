/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * rw_phase_fair.h - phase-fair ticket reader-writer lock (PF-T).
 *
 * Source: B. B. Brandenburg and J. H. Anderson, "Reader-Writer
 * Synchronization for Shared-Memory Multiprocessor Real-Time Systems",
 * ECRTS 2009, and "Spin-based reader-writer synchronization for
 * multiprocessor real-time systems", Real-Time Systems 46(1), 2010
 * (PF-T, Listing 3).
 *
 * Phase-fair: reader phases and writer phases alternate; a reader waits
 * for at most one writer phase, and writers are served in ticket (FIFO)
 * order with at most one reader phase between two of them. Neither side
 * starves.
 *
 * State: rin and rout count readers that entered and left, in units of
 * RINC (0x100); the low two bits of rin say whether a writer is present
 * (PRES) and its phase (PHID = the parity of its ticket). win and wout
 * are a ticket lock among writers.
 *
 * Invariants:
 *  - At most one writer is between its wout wait and its unlock, and only
 *    it sets rin's writer bits, which are 0 when it sets them.
 *  - A writer proceeds once rout equals the rin it read when setting its
 *    bits: every reader counted there has left; every later reader saw
 *    the bits and waits.
 *  - A reader that saw bits w waits only until rin's bits differ from w:
 *    the writer left (bits 0) or the next writer, whose phase bit
 *    differs, arrived. Either way this reader's phase has come.
 *
 * Spins with the run's wait policy (spin, or spin-then-yield when
 * oversubscribed). No mutex role: `--mutex` does not apply.
 */
#ifndef CT_PROBLEM_RW_PHASE_FAIR_H
#define CT_PROBLEM_RW_PHASE_FAIR_H

#include <stdatomic.h>

#include "problem.h"

#define CT_PF_RINC 0x100u
#define CT_PF_WBITS 0x3u
#define CT_PF_PRES 0x2u
#define CT_PF_PHID 0x1u

struct ct_rw_phase_fair {
	atomic_uint rin ct_aligned(CT_PAD);  /* readers in | writer bits */
	atomic_uint rout ct_aligned(CT_PAD); /* readers out */
	atomic_uint win ct_aligned(CT_PAD);  /* writer tickets taken */
	atomic_uint wout;                    /* writer ticket served */
	struct ct_wait wait;
	/* --wait park: sleepers on any of the four words; every change a
	 * waiter may be waiting for wakes them all (no cost otherwise). */
	struct ct_parkq park;
};

static inline unsigned
ct_rw_phase_fair_nmutex(const struct ct_problem_cfg *cfg)
{
	(void)cfg;
	return 0;
}

static inline int ct_rw_phase_fair_init(struct ct_rw_phase_fair *l,
					const struct ct_problem_cfg *cfg)
{
	atomic_init(&l->rin, 0);
	atomic_init(&l->rout, 0);
	atomic_init(&l->win, 0);
	atomic_init(&l->wout, 0);
	atomic_init(&l->park.seq, 0);
	atomic_init(&l->park.sleepers, 0);
	l->wait = cfg->wait;
	return 0;
}

static inline void ct_rw_phase_fair_destroy(struct ct_rw_phase_fair *l)
{
	(void)l;
}

/* Spin until *word (masked) differs from / equals want. acquire: pairs
 * with the release that changed it. */
static inline void ct_pf_await(struct ct_rw_phase_fair *l, atomic_uint *word,
			       unsigned mask, unsigned want, bool equal)
{
	CT_PARKQ_WAIT_UNTIL(l->wait, &l->park,
			    ((atomic_load_explicit(word, memory_order_acquire) &
			      mask) == want) == equal);
}

static inline void ct_rw_phase_fair_read_lock(struct ct_rw_phase_fair *l,
					      void *const *ctx)
{
	(void)ctx;
	/* acquire: with no writer present, pairs with the last writer's
	 * release when it cleared its bits. */
	unsigned w = atomic_fetch_add_explicit(&l->rin, CT_PF_RINC,
					       memory_order_acquire) &
		     CT_PF_WBITS;

	if (w)
		ct_pf_await(l, &l->rin, CT_PF_WBITS, w, false);
}

static inline void ct_rw_phase_fair_read_unlock(struct ct_rw_phase_fair *l,
						void *const *ctx)
{
	(void)ctx;
	/* release: our reads happen-before the writer that waits for rout. */
	atomic_fetch_add_explicit(&l->rout, CT_PF_RINC, memory_order_release);
	ct_parkq_wake(l->wait, &l->park, INT_MAX); /* --wait park only */
}

static inline void ct_rw_phase_fair_write_lock(struct ct_rw_phase_fair *l,
					       void *const *ctx)
{
	(void)ctx;
	/* relaxed: the ticket only orders writers; the wout wait acquires. */
	unsigned ticket = atomic_fetch_add_explicit(&l->win, 1,
						    memory_order_relaxed);

	ct_pf_await(l, &l->wout, ~0u, ticket, true);
	/*
	 * relaxed: readers decide by this RMW's place in rin's modification
	 * order, not by what it publishes; our data accesses are ordered
	 * after the readers' by the acquire wait on rout below.
	 */
	unsigned readers = atomic_fetch_add_explicit(
		&l->rin, CT_PF_PRES | (ticket & CT_PF_PHID),
		memory_order_relaxed);
	/* --wait park: readers of the previous writer's phase may go. */
	ct_parkq_wake(l->wait, &l->park, INT_MAX);
	ct_pf_await(l, &l->rout, ~0u, readers, true);
}

static inline void ct_rw_phase_fair_write_unlock(struct ct_rw_phase_fair *l,
						 void *const *ctx)
{
	(void)ctx;
	/* release (both): readers let in by the cleared bits, and the next
	 * writer let in by wout, see our writes. */
	atomic_fetch_and_explicit(&l->rin, ~CT_PF_WBITS, memory_order_release);
	unsigned served = atomic_load_explicit(&l->wout, memory_order_relaxed);
	atomic_store_explicit(&l->wout, served + 1, memory_order_release);
	ct_parkq_wake(l->wait, &l->park, INT_MAX); /* --wait park only */
}

#endif /* CT_PROBLEM_RW_PHASE_FAIR_H */
