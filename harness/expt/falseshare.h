/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * falseshare.h - `contend falseshare`: what sharing a cache line costs.
 *
 * Each experiment runs the same loop over two or more memory layouts and
 * reports, per (experiment, threads), each layout's throughput and its
 * slowdown: ns per operation divided by that of the experiment's padded
 * reference layout in the same repetition. The experiments:
 *
 *   counters    per-thread counters 8 bytes apart (one line), one line
 *               (64 B) apart, two lines (128 B) apart (the adjacent-line
 *               prefetcher pulls 128-byte pairs); each layout in two
 *               kinds: plain increments (load + store) and atomic ones
 *               (lock add), each against its own kind's reference;
 *   lockdata    a lock (any of locks/LIST) with the data it protects in its
 *               own line vs in the next line pair;
 *   qnodes      MCS queue nodes 16 bytes apart vs 128 (Concurrency Kit's
 *               MCS, whose node is the bare 16-byte struct);
 *   replicated  a counter in the style of Tornado's clustered objects: one
 *               shared atomic vs one shard per NUMA node vs one per thread
 *               (padded and packed), reads combining every shard.
 *
 * Every run checks its own result (each counter, the protected data and
 * the combined counter must equal the operations performed).
 */
#ifndef CT_FALSESHARE_H
#define CT_FALSESHARE_H

#include <stdbool.h>
#include <stdint.h>

#include "harness/core/record.h"
#include "harness/core/topology.h"

enum ct_fs_exp { CT_FS_COUNTERS, CT_FS_LOCKDATA, CT_FS_QNODES,
		 CT_FS_REPLICATED, CT_FS_NEXP };

#define CT_FS_MAX_LIST 64

struct ct_fs_cfg {
	enum ct_fs_exp exps[CT_FS_NEXP];
	unsigned nexps;
	unsigned threads[CT_FS_MAX_LIST];
	unsigned nthreads;
	struct ct_placement placement;
	double duration_s, warmup_s;
	unsigned reps;
	const char *lock;    /* lockdata: algorithm name from locks/LIST */
	unsigned data_words; /* lockdata: 8-byte words each CS increments */
	uint64_t cs_ns;      /* lockdata, qnodes: busy time inside the CS */
	unsigned read_every; /* replicated: one combining read per N incs */
	unsigned counters;   /* events to count (counters.h mask), 0: off */
	bool progress;       /* "[k/N] ..." on stderr */
};

void ct_fs_defaults(struct ct_fs_cfg *c);

/* Experiment names in enum order, NULL-terminated. */
extern const char *const ct_fs_exp_names[];
/* The experiments this build can run (qnodes needs Concurrency Kit), in
 * enum order, NULL-terminated; with_hidden is ignored (none are). */
const char *const *ct_fs_exp_list(bool with_hidden);

/* Whether exp can run in this build and with c (lock small enough to share
 * a line with the data, CK present); if not, why. */
bool ct_fs_exp_supported(enum ct_fs_exp exp, const struct ct_fs_cfg *c,
			 char *why, size_t len);

/* Run every experiment x threads x layout x rep; records to out->data,
 * summary rows to out->table. 0, or 1 if a run failed or a result check
 * did not hold. */
int ct_fs_run(const struct ct_fs_cfg *c, const struct ct_topo *t,
	      struct ct_rec *fingerprint, struct ct_output *out);

/* One run of one layout: for tests. layout is a name from the experiment
 * (e.g. "packed"). Fills rec like a result record; returns 0, 1 if the
 * result check failed, -1 if it could not run (message in rec's "error"). */
int ct_fs_run_one(const struct ct_fs_cfg *c, enum ct_fs_exp exp,
		  const char *layout, unsigned nthreads, const int *cpus,
		  const int *numa, struct ct_rec *rec);

/* The same for a layout of one kind ("plain", "atomic"; NULL: the first
 * of any kind, as ct_fs_run_one). */
int ct_fs_run_kind(const struct ct_fs_cfg *c, enum ct_fs_exp exp,
		   const char *kind, const char *layout, unsigned nthreads,
		   const int *cpus, const int *numa, struct ct_rec *rec);

extern const struct ct_col ct_fs_table[];

#endif /* CT_FALSESHARE_H */
