/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * lockbare.h - `contend lock --loop bare`: the reference loop a user would
 * write to time a lock, outside the harness's measured loop:
 *
 *     acquire; counter++; release; count++;
 *
 * pinned like the harness's threads, on the same locks through the same
 * headers (locks/inline.h), with nothing else in the loop: no sampling, no
 * timer, no per-operation phase check (the stop flag is read once per
 * BARE_CHUNK operations). Each lock's harness throughput divided by its
 * bare throughput from the same repetition says what the harness costs it.
 */
#ifndef CT_LOCKBARE_H
#define CT_LOCKBARE_H

#include <stdio.h>

#include "locks/ops.h"
#include "lockpeers.h"

/* The bar for the harness: our loop reaches this share of the bare one. */
#define CT_BARE_MIN_RATIO 0.95

struct ct_bare_result {
	double throughput;    /* operations per second of the window */
	double cpu_ns_per_op; /* the threads' CPU time over the operations */
};

/*
 * Run the bare loop of `ops` on n threads bound to cpus[i] (nodes numa[i])
 * for warmup_s, then count for duration_s. 0, or -1 (both figures NaN)
 * with a message in err.
 */
int ct_lockbare_run(const struct ct_lock_ops *ops,
		    const struct ct_lock_cfg *cfg, unsigned n, const int *cpus,
		    const int *numa, double warmup_s, double duration_s,
		    struct ct_bare_result *res, char *err, size_t errlen);

/* Per-run figures of a finished `--loop bare` benchmark. */
struct ct_bare_runs {
	struct ct_run_grid g;
	const double *ours, *bare;         /* throughput */
	const double *ours_cpu, *bare_cpu; /* CPU ns per operation */
};

/* One row per (lock, thread count): the medians of ours / bare over the
 * repetitions - throughput, and operations per CPU second (what
 * preemption on a shared host does not move) - with 95% intervals, and
 * the verdict against the bar (on throughput). */
void ct_lockbare_print(const struct ct_bare_runs *r, FILE *f);

#endif /* CT_LOCKBARE_H */
