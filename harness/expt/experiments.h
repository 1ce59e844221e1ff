/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * experiments.h - what the engines of `contend falseshare`, `contend
 * litmus` and `contend counters` share: the CPU list of a run, the header block
 * (fingerprint, c2c round trip, counter status) and the usual options.
 */
#ifndef CT_EXPERIMENTS_H
#define CT_EXPERIMENTS_H

#include <stdbool.h>
#include <stddef.h>

#include "harness/core/record.h"

/* "0 1 0 1": the CPU of each of n threads. */
void ct_expt_cpus_text(char *buf, size_t len, const int *cpus, unsigned n);

/*
 * Complete the fingerprint fp for a run on cpus[0..n): the c2c round trip
 * between the first two distinct CPUs (c2c_ns, c2c_cpus) and, when
 * counters (an event mask) is not 0, the status of hardware and software
 * counters on this machine (hw_counters, sw_counters). Then write the
 * header to out's sinks.
 */
void ct_expt_headers(struct ct_rec *fp, struct ct_output *out,
		     const int *cpus, unsigned n, unsigned counters);

#endif /* CT_EXPERIMENTS_H */
