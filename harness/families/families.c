/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * families.c - the registry: every family's table (FAMILY.c), in the
 * order `contend list` and the matrix show them, and the choice lists
 * several share.
 */
#include "common.h"

#include "families.h"
#include "harness/core/wait.h"

const char *const ct_wait_choices[] = CT_WAIT_NAMES;
const char *const ct_dispatch_choices[] = { "inline", "indirect", NULL };

const struct ct_family *const ct_families[] = {
	&ct_family_lock, &ct_family_c2c, &ct_family_barrier,
	&ct_family_falseshare, &ct_family_litmus, &ct_family_problem,
	&ct_family_lrpc, &ct_family_run, NULL,
};
