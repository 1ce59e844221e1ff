/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * barrier.h - the barrier family's table (barrier.c): `contend barrier`
 * and `contend validate barrier` options, indexed by enum barrier_opt.
 */
#ifndef CT_FAMILIES_BARRIER_H
#define CT_FAMILIES_BARRIER_H

#include "common.h"

enum barrier_opt {
	BO_ALGO, BO_THREADS, BO_PLACEMENT, BO_WAIT, BO_EPISODES, BO_WARMUP,
	BO_TIME_LIMIT, BO_SPIN_LIMIT, BO_FANIN, BO_WORK, BO_SKEW, BO_SAMPLE,
	BO_STRAGGLE, BO_NO_CAP,
	BO_OWN /* the shared rows follow */
};

extern const struct ct_opt ct_barrier_opts[];

#endif /* CT_FAMILIES_BARRIER_H */
