/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * c2c.h - the c2c family's table (c2c.c): `contend c2c` options, indexed
 * by enum c2c_opt.
 */
#ifndef CT_FAMILIES_C2C_H
#define CT_FAMILIES_C2C_H

#include "common.h"

enum c2c_opt {
	CO_CPUS, CO_TRIALS, CO_ROUNDTRIPS,
	CO_OWN /* the shared rows follow */
};

extern const struct ct_opt ct_c2c_opts[];

#endif /* CT_FAMILIES_C2C_H */
