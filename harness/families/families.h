/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * families.h - each family's table (harness/families/FAMILY.c); the
 * registry of them is ct_families (harness/core/family.h).
 */
#ifndef CT_FAMILIES_H
#define CT_FAMILIES_H

#include "harness/core/family.h"

extern const struct ct_family ct_family_lock, ct_family_c2c,
	ct_family_barrier, ct_family_falseshare, ct_family_litmus,
	ct_family_problem, ct_family_lrpc, ct_family_run;

#endif /* CT_FAMILIES_H */
