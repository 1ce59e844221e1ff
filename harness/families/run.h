/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * run.h - the run family's table (run.c): `contend run` and `contend
 * validate run` options, indexed by enum run_opt.
 */
#ifndef CT_FAMILIES_RUN_H
#define CT_FAMILIES_RUN_H

#include "common.h"

enum run_opt {
	RO_PROGRAM, RO_LOCK, RO_WAIT, RO_PLACEMENT, RO_METRIC, RO_LOWER_BETTER,
	RO_TIMEOUT, RO_NAME, RO_CPUS, RO_THREADS, RO_ITERS,
	RO_OWN /* the shared rows follow */
};

extern const struct ct_opt ct_run_opts[];

#endif /* CT_FAMILIES_RUN_H */
