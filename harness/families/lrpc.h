/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * lrpc.h - the lrpc family's table (lrpc.c): `contend lrpc` options,
 * indexed by enum lrpc_opt.
 */
#ifndef CT_FAMILIES_LRPC_H
#define CT_FAMILIES_LRPC_H

#include "common.h"

enum lrpc_opt {
	LR_MODE, LR_PROC, LR_ARG_BYTES, LR_CLIENTS, LR_SERVER_THREADS,
	LR_ASTACKS, LR_PLACEMENT, LR_THINK, LR_SPIN_WINDOW, LR_SWEEP,
	LR_SAME_CPU, LR_COPY_IN, LR_BINDS,
	LR_OWN /* the shared rows follow */
};

extern const struct ct_opt ct_lrpc_opts[];

#endif /* CT_FAMILIES_LRPC_H */
