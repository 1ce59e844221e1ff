/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * lrpcbench.h - `contend lrpc`: round-trip latency, calls/s and CPU per
 * call of LRPC in its three hand-off modes and of the baseline transports,
 * side by side in one run with the same procedures and payloads.
 */
#ifndef CT_LRPCBENCH_H
#define CT_LRPCBENCH_H

#include <stdbool.h>
#include <stdint.h>

#include "harness/core/record.h"
#include "harness/core/topology.h"

#define CT_LRPCBENCH_MAX_LIST 16
#define CT_LRPCBENCH_MAX_REPS 100 /* the summary's medians: a stack array */

struct ct_lrpcbench_cfg {
	const char *modes[CT_LRPCBENCH_MAX_LIST];
	unsigned nmodes;
	const char *procs[CT_LRPCBENCH_MAX_LIST];
	unsigned nprocs;
	unsigned bytes[CT_LRPCBENCH_MAX_LIST]; /* bigin/biginout sizes */
	unsigned nbytes;
	unsigned clients, server_threads, astacks;
	struct ct_placement placement;
	bool same_cpu;          /* every thread of both sides on one CPU */
	double warmup_s, duration_s;
	uint64_t think_ns, spin_window_ns;
	bool copy_in;
	unsigned bind_samples, reps;
	bool progress;
};

void ct_lrpcbench_defaults(struct ct_lrpcbench_cfg *c);
/* Returns 0, or 1 if a run failed (reported on stderr, record NA). */
int ct_lrpcbench_run(const struct ct_lrpcbench_cfg *c, const struct ct_topo *t,
		     struct ct_rec *fp, struct ct_output *out);

extern const struct ct_col ct_lrpcbench_table[];


#endif /* CT_LRPCBENCH_H */
