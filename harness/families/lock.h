/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * lock.h - the lock family's table (lock.c): `contend lock` and
 * `contend validate lock` options, indexed by enum lock_opt.
 */
#ifndef CT_FAMILIES_LOCK_H
#define CT_FAMILIES_LOCK_H

#include "common.h"

enum lock_opt {
	LO_ALGO, LO_THREADS, LO_PLACEMENT, LO_WAIT, LO_CS, LO_THINK,
	LO_CS_LINES, LO_LOCKS, LO_SAMPLE, LO_DISPATCH, LO_SPIN_LIMIT,
	LO_BACKOFF_MIN, LO_BACKOFF_MAX, LO_SPIN_PARK, LO_VNODES, LO_PEERS,
	LO_LOOP, LO_COUNT_TRANSFERS, LO_OPS, LO_TRY_EVERY, LO_NO_CAP,
	LO_OWN /* the shared rows follow */
};

extern const struct ct_opt ct_lock_opts[];

#endif /* CT_FAMILIES_LOCK_H */
