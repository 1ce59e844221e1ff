/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * lockbench.h - `contend lock`: throughput, acquire latency, handoff
 * latency, fairness and uncontended cost of every lock in locks/LIST.
 *
 * Folder harness/lock/: the lock family's engine - the benchmark and its
 * bare loop, the validator, Concurrency Kit peers, lock sets, the record
 * fields (lockfields.h), contention and locality accounting, the counting
 * and tally builds. It may include harness/core/ and the algorithm
 * folders, nothing else (scripts/check-layout.sh).
 */
#ifndef CT_LOCKBENCH_H
#define CT_LOCKBENCH_H

#include <stdbool.h>
#include <stdint.h>

#include "locks/lock.h"
#include "locks/ops.h"
#include "harness/core/cli.h"
#include "harness/core/record.h"
#include "harness/core/topology.h"

struct ct_lockbench_cfg {
	const char *algos[CT_MAX_LIST];
	unsigned nalgos;
	unsigned threads[CT_MAX_LIST];
	unsigned nthreads;
	struct ct_placement placement;
	unsigned vnodes;          /* --vnodes N (topology already split); 0 */
	double duration_s, warmup_s;
	unsigned reps;
	uint64_t cs_ns, think_ns; /* critical section / think time, busy */
	unsigned cs_lines;        /* shared cache lines written per CS (>= 1) */
	unsigned nlocks;          /* 1: all threads on one lock; N: striped */
	unsigned sample;          /* time 1 in `sample` acquisitions */
	struct ct_lock_cfg lock;  /* wait policy, backoff, spin-before-park */
	bool indirect;            /* --dispatch indirect: via the ops table */
	bool bare;                /* --loop bare: pair each run with lockbare */
	unsigned counters;        /* events to count (counters.h), 0: none */
	bool peers;               /* table: add the paired peer comparison */
	bool progress;            /* "[k/N] ..." on stderr */
};

void ct_lockbench_defaults(struct ct_lockbench_cfg *c);

/* Run the cross product algos x threads x reps (repetitions interleaved,
 * odd ones visiting the algorithms in reverse order),
 * writing one record per run to out->data and one summary row per
 * (algo, threads) to out->table. fingerprint: the header record, to which
 * the measured c2c round trip is added. Returns 0, or 1 if a run failed. */
int ct_lockbench_run(const struct ct_lockbench_cfg *c, const struct ct_topo *t,
		     struct ct_rec *fingerprint, struct ct_output *out);

extern const struct ct_col ct_lockbench_table[];
/* The table's columns: ct_lockbench_table, and with counters (an event
 * mask) cycles/op, misses/op, context switches and migrations. */
const struct ct_col *ct_lockbench_columns(unsigned counters);

#endif /* CT_LOCKBENCH_H */
