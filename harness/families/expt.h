/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * expt.h - the experiment families' tables (expt.c): `contend
 * falseshare` options indexed by enum fs_opt, `contend litmus` options
 * indexed by enum litmus_opt.
 */
#ifndef CT_FAMILIES_EXPT_H
#define CT_FAMILIES_EXPT_H

#include "common.h"

enum fs_opt {
	FO_EXP, FO_THREADS, FO_PLACEMENT, FO_LOCK, FO_DATA_WORDS, FO_CS,
	FO_READ_EVERY,
	FO_OWN /* the shared rows follow */
};

enum litmus_opt {
	TO_TEST, TO_VARIANT, TO_PLACEMENT, TO_TRIALS, TO_LOCK,
	TO_OWN /* the shared rows follow */
};

extern const struct ct_opt ct_falseshare_opts[];
extern const struct ct_opt ct_litmus_opts[];

#endif /* CT_FAMILIES_EXPT_H */
