/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ck.h - Concurrency Kit peer rows: ck-centralized, ck-combining,
 * ck-dissemination, ck-tournament, ck-mcs.
 *
 * Source: S. Al Bahra, Concurrency Kit 0.7 (ck_barrier.h and
 * src/ck_barrier_*.c), production implementations of the algorithms in
 * this directory, after the same MCS '91 pseudo-code.
 *
 * Invariant: CK's own; these are thin adapters to our contract so "ours vs
 * the production library" is one run (CT_BARRIER_PEER). CK's barriers are
 * compiled functions in libck (one call per episode, not inlined) that spin
 * with ck_pr_stall(): no wait policy (wait=native), so oversubscribed runs
 * cost a time slice per preempted thread. Notable CK choices these rows
 * measure, not ours:
 *   - subscribe() hands out virtual ids in subscription order, so CK's
 *     tree position of a thread is not its tid;
 *   - ck-combining is a binary tree of groups under a member-less root
 *     group; a group holds fan-in threads, so it has ceil(P / fanin) + 1
 *     nodes where ours has a fan-in-ary tree of nodes;
 *   - ck-dissemination and ck-tournament keep a thread's per-round flags
 *     packed in one array (8 or 16 bytes apart, several per line), and
 *     ck-mcs packs the per-thread nodes (no padding: neighbours share
 *     lines), where ours give every flag or node its own CT_PAD line;
 *   - ck-centralized keeps the counter and the sense in one line.
 * Remote writes are derived from CK's source: the same formulas as ours,
 * except ck-combining (its extra root level). CK's atomics are inline
 * assembly, invisible to ThreadSanitizer: build sanitizer runs with CK=no.
 */
#ifndef CT_BARRIER_CK_H
#define CT_BARRIER_CK_H

#ifdef CT_HAVE_CK

#include <ck_barrier.h>

#include "barrier.h"

/* ---- ck-centralized ------------------------------------------------------ */

struct ct_barrier_ck_centralized {
	ck_barrier_centralized_t b ct_aligned(CT_PAD);
	unsigned nthreads;
};

struct ct_barrier_ck_centralized_ctx {
	ck_barrier_centralized_state_t s;
};

static inline int
ct_barrier_ck_centralized_init(struct ct_barrier_ck_centralized *b,
			       const struct ct_barrier_cfg *cfg)
{
	int rc = ct_barrier_cfg_check(cfg);
	if (rc)
		return rc;
	b->b = (ck_barrier_centralized_t)CK_BARRIER_CENTRALIZED_INITIALIZER;
	b->nthreads = cfg->nthreads;
	return 0;
}

static inline void
ct_barrier_ck_centralized_destroy(struct ct_barrier_ck_centralized *b)
{
	(void)b;
}

static inline void
ct_barrier_ck_centralized_ctx_init(struct ct_barrier_ck_centralized *b,
				   struct ct_barrier_ck_centralized_ctx *me,
				   unsigned tid)
{
	(void)b, (void)tid;
	me->s = (ck_barrier_centralized_state_t)
		CK_BARRIER_CENTRALIZED_STATE_INITIALIZER;
}

static inline void
ct_barrier_ck_centralized_wait(struct ct_barrier_ck_centralized *b,
			       struct ct_barrier_ck_centralized_ctx *me)
{
	ck_barrier_centralized(&b->b, &me->s, b->nthreads);
}

static inline uint64_t
ct_barrier_ck_centralized_remote_writes(const struct ct_barrier_cfg *cfg)
{
	return (uint64_t)cfg->nthreads + 2; /* faa each, reset, flip */
}

/* ---- ck-combining: group[0] is CK's root, then one group per fan-in ---- */

struct ct_barrier_ck_combining {
	ck_barrier_combining_t root;
	ck_barrier_combining_group_t *group;
	unsigned ngroups, fanin; /* ngroups excludes the root */
};

struct ct_barrier_ck_combining_ctx {
	ck_barrier_combining_group_t *group;
	ck_barrier_combining_state_t s;
};

static inline int
ct_barrier_ck_combining_init(struct ct_barrier_ck_combining *b,
			     const struct ct_barrier_cfg *cfg)
{
	int rc = ct_barrier_cfg_check(cfg);
	if (rc)
		return rc;
	b->fanin = cfg->fanin;
	b->ngroups = (cfg->nthreads + cfg->fanin - 1) / cfg->fanin;
	b->group = ct_barrier_zalloc((b->ngroups + 1) * sizeof(*b->group));
	if (!b->group)
		return -ENOMEM;
	ck_barrier_combining_init(&b->root, &b->group[0]);
	for (unsigned g = 0; g < b->ngroups; g++) {
		unsigned left = cfg->nthreads - g * cfg->fanin;
		ck_barrier_combining_group_init(&b->root, &b->group[g + 1],
						left < cfg->fanin ? left :
								    cfg->fanin);
	}
	return 0;
}

static inline void
ct_barrier_ck_combining_destroy(struct ct_barrier_ck_combining *b)
{
	free(b->group);
	b->group = NULL;
}

static inline void
ct_barrier_ck_combining_ctx_init(struct ct_barrier_ck_combining *b,
				 struct ct_barrier_ck_combining_ctx *me,
				 unsigned tid)
{
	me->group = &b->group[1 + tid / b->fanin];
	me->s = (ck_barrier_combining_state_t)
		CK_BARRIER_COMBINING_STATE_INITIALIZER;
}

static inline void
ct_barrier_ck_combining_wait(struct ct_barrier_ck_combining *b,
			     struct ct_barrier_ck_combining_ctx *me)
{
	ck_barrier_combining(&b->root, me->group, &me->s);
}

static inline uint64_t
ct_barrier_ck_combining_remote_writes(const struct ct_barrier_cfg *cfg)
{
	uint64_t nodes = (cfg->nthreads + cfg->fanin - 1) / cfg->fanin + 1;
	return cfg->nthreads + 3 * nodes - 1; /* as combining.h */
}

/* ---- ck-dissemination: one barrier struct and one flag row per thread -- */

struct ct_barrier_ck_dissemination {
	ck_barrier_dissemination_t *bar;
	ck_barrier_dissemination_flag_t **row;
	unsigned nthreads;
};

struct ct_barrier_ck_dissemination_ctx {
	ck_barrier_dissemination_state_t s;
};

static inline void
ct_barrier_ck_dissemination_destroy(struct ct_barrier_ck_dissemination *b)
{
	for (unsigned i = 0; b->row && i < b->nthreads; i++)
		free(b->row[i]);
	free(b->row);
	free(b->bar);
	b->row = NULL;
	b->bar = NULL;
}

static inline int
ct_barrier_ck_dissemination_init(struct ct_barrier_ck_dissemination *b,
				 const struct ct_barrier_cfg *cfg)
{
	int rc = ct_barrier_cfg_check(cfg);
	if (rc)
		return rc;
	size_t row = ck_barrier_dissemination_size(cfg->nthreads) *
		     sizeof(**b->row);
	b->nthreads = cfg->nthreads;
	b->bar = ct_barrier_zalloc(cfg->nthreads * sizeof(*b->bar));
	b->row = calloc(cfg->nthreads, sizeof(*b->row));
	for (unsigned i = 0; b->row && i < cfg->nthreads; i++)
		if (!(b->row[i] = ct_barrier_zalloc(row)))
			break;
	if (!b->bar || !b->row || !b->row[cfg->nthreads - 1]) {
		ct_barrier_ck_dissemination_destroy(b);
		return -ENOMEM;
	}
	ck_barrier_dissemination_init(b->bar, b->row, cfg->nthreads);
	return 0;
}

static inline void
ct_barrier_ck_dissemination_ctx_init(struct ct_barrier_ck_dissemination *b,
				     struct ct_barrier_ck_dissemination_ctx *me,
				     unsigned tid)
{
	(void)tid;
	ck_barrier_dissemination_subscribe(b->bar, &me->s);
}

static inline void
ct_barrier_ck_dissemination_wait(struct ct_barrier_ck_dissemination *b,
				 struct ct_barrier_ck_dissemination_ctx *me)
{
	ck_barrier_dissemination(b->bar, &me->s);
}

static inline uint64_t
ct_barrier_ck_dissemination_remote_writes(const struct ct_barrier_cfg *cfg)
{
	return (uint64_t)cfg->nthreads * ct_barrier_log2_ceil(cfg->nthreads);
}

/* ---- ck-tournament: one round row per thread ----------------------------- */

struct ct_barrier_ck_tournament {
	ck_barrier_tournament_t b;
	ck_barrier_tournament_round_t **row;
	unsigned nthreads;
};

struct ct_barrier_ck_tournament_ctx {
	ck_barrier_tournament_state_t s;
};

static inline void
ct_barrier_ck_tournament_destroy(struct ct_barrier_ck_tournament *b)
{
	for (unsigned i = 0; b->row && i < b->nthreads; i++)
		free(b->row[i]);
	free(b->row);
	b->row = NULL;
}

static inline int
ct_barrier_ck_tournament_init(struct ct_barrier_ck_tournament *b,
			      const struct ct_barrier_cfg *cfg)
{
	int rc = ct_barrier_cfg_check(cfg);
	if (rc)
		return rc;
	size_t row = ck_barrier_tournament_size(cfg->nthreads) *
		     sizeof(**b->row);
	b->nthreads = cfg->nthreads;
	b->row = calloc(cfg->nthreads, sizeof(*b->row));
	for (unsigned i = 0; b->row && i < cfg->nthreads; i++)
		if (!(b->row[i] = ct_barrier_zalloc(row)))
			break;
	if (!b->row || !b->row[cfg->nthreads - 1]) {
		ct_barrier_ck_tournament_destroy(b);
		return -ENOMEM;
	}
	ck_barrier_tournament_init(&b->b, b->row, cfg->nthreads);
	return 0;
}

static inline void
ct_barrier_ck_tournament_ctx_init(struct ct_barrier_ck_tournament *b,
				  struct ct_barrier_ck_tournament_ctx *me,
				  unsigned tid)
{
	(void)tid;
	ck_barrier_tournament_subscribe(&b->b, &me->s);
}

static inline void
ct_barrier_ck_tournament_wait(struct ct_barrier_ck_tournament *b,
			      struct ct_barrier_ck_tournament_ctx *me)
{
	ck_barrier_tournament(&b->b, &me->s);
}

static inline uint64_t
ct_barrier_ck_tournament_remote_writes(const struct ct_barrier_cfg *cfg)
{
	return 2ull * (cfg->nthreads - 1);
}

/* ---- ck-mcs: CK's packed node array ----------------------------------- */

struct ct_barrier_ck_mcs {
	ck_barrier_mcs_t *node;
};

struct ct_barrier_ck_mcs_ctx {
	ck_barrier_mcs_state_t s;
};

static inline int ct_barrier_ck_mcs_init(struct ct_barrier_ck_mcs *b,
					 const struct ct_barrier_cfg *cfg)
{
	int rc = ct_barrier_cfg_check(cfg);
	if (rc)
		return rc;
	b->node = ct_barrier_zalloc(cfg->nthreads * sizeof(*b->node));
	if (!b->node)
		return -ENOMEM;
	ck_barrier_mcs_init(b->node, cfg->nthreads);
	return 0;
}

static inline void ct_barrier_ck_mcs_destroy(struct ct_barrier_ck_mcs *b)
{
	free(b->node);
	b->node = NULL;
}

static inline void ct_barrier_ck_mcs_ctx_init(struct ct_barrier_ck_mcs *b,
					      struct ct_barrier_ck_mcs_ctx *me,
					      unsigned tid)
{
	(void)tid;
	ck_barrier_mcs_subscribe(b->node, &me->s);
}

static inline void ct_barrier_ck_mcs_wait(struct ct_barrier_ck_mcs *b,
					  struct ct_barrier_ck_mcs_ctx *me)
{
	ck_barrier_mcs(b->node, &me->s);
}

static inline uint64_t
ct_barrier_ck_mcs_remote_writes(const struct ct_barrier_cfg *cfg)
{
	return 2ull * (cfg->nthreads - 1);
}

#endif /* CT_HAVE_CK */
#endif /* CT_BARRIER_CK_H */
