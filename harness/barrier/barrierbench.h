/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * barrierbench.h - `contend barrier`: per-episode latency, episodes per
 * second, the cost of load imbalance and the design's remote writes of
 * every barrier in barriers/LIST; and the barrier instance (one barrier
 * plus its team's contexts) the benchmark, the validator and the tests
 * share.
 */
#ifndef CT_BARRIERBENCH_H
#define CT_BARRIERBENCH_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "barriers/ops.h"
#include "harness/core/record.h"
#include "harness/core/topology.h"

#define CT_BARRIER_MAX_LIST 64

/* ---- one barrier and its team's contexts ------------------------------- */

struct ct_barrier_inst {
	const struct ct_barrier_ops *ops;
	struct ct_barrier_cfg cfg;
	void *bar;       /* on the node given to init, CT_PAD aligned */
	void **ctx;      /* ctx[tid], allocated by thread tid on its node */
	size_t bar_bytes, ctx_bytes;
	atomic_uint failed; /* threads that could not set up their context */
};

/* 0, or -1 with a message (allocation, or the algorithm refused cfg). */
int ct_barrier_inst_init(struct ct_barrier_inst *in,
			 const struct ct_barrier_ops *ops,
			 const struct ct_barrier_cfg *cfg, int node, char *err,
			 size_t errlen);
/*
 * Worker side, on the thread's CPU, before ct_team_wait_start(): allocate
 * tid's context locally and ctx_init() it. On failure counts itself in
 * `failed`; after the start gate every worker must return if failed != 0
 * (the others would wait for it forever).
 */
void ct_barrier_inst_join(struct ct_barrier_inst *in, unsigned tid);
void ct_barrier_inst_destroy(struct ct_barrier_inst *in);

/* ---- the benchmark ---------------------------------------------------- */

struct ct_barrierbench_cfg {
	const char *algos[CT_BARRIER_MAX_LIST];
	unsigned nalgos;
	unsigned threads[CT_BARRIER_MAX_LIST];
	unsigned nthreads;
	struct ct_placement placement;
	uint64_t episodes;   /* measured episodes per run */
	uint64_t warmup;     /* episodes run and discarded first */
	double time_limit_s; /* per run: stop early and say so (truncated) */
	uint64_t work_ns;    /* busy work of every thread before each arrival */
	uint64_t skew_ns;    /* extra delay of one thread (rotating) per episode */
	unsigned sample;     /* time 1 episode in `sample` */
	unsigned reps;
	struct ct_barrier_cfg bar; /* fanin and wait policy */
	unsigned counters;         /* events to count (counters.h), 0: none */
	bool progress;             /* "[k/N] ..." on stderr */
};

void ct_barrierbench_defaults(struct ct_barrierbench_cfg *c);

/* Run the cross product algos x threads x reps (repetitions interleaved),
 * one record per run to out->data, one summary row per (algo, threads) to
 * out->table. fp: the header record, to which the measured c2c round trip
 * is added. Returns 0, or 1 if a run failed. */
int ct_barrierbench_run(const struct ct_barrierbench_cfg *c,
			const struct ct_topo *t, struct ct_rec *fp,
			struct ct_output *out);

extern const struct ct_col ct_barrierbench_table[];
/* The table's columns, with counters (an event mask) those of the
 * counters (ct_counters_columns). */
const struct ct_col *ct_barrierbench_columns(unsigned counters);


#endif /* CT_BARRIERBENCH_H */
