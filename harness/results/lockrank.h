/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * lockrank.h - the answer to "which lock should I use on this machine,
 * and why?" from lock records: per thread count, the fastest lock and the
 * runner-up, how sure the order is, and the reason in machine terms.
 *
 * The order is judged by the paired ratio best / runner-up over the
 * repetitions both ran in (one run's interleaved repetitions: whatever
 * the host did during a repetition hits both), its median and the
 * distribution-free 95% interval of that median. An interval that
 * contains 1, or too few repetitions for one, is "unresolved". Two locks
 * from different runs cannot be paired: their order is resolved only when
 * the best was ahead in every repetition of both runs.
 */
#ifndef CT_LOCKRANK_H
#define CT_LOCKRANK_H

#include <stdio.h>

#include "resultset.h"

/* Print the summary of rs's lock records to f. Returns the number of
 * thread counts summarized (0: no lock records with throughput). */
unsigned ct_lockrank_print(const struct ct_rs *rs, FILE *f);

#endif /* CT_LOCKRANK_H */
