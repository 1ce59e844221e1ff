/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * results_io.h - loading RESULTS arguments for export and plot: exit 2
 * with the reason on anything unusable.
 */
#ifndef CT_RESULTS_IO_H
#define CT_RESULTS_IO_H

#include "resultset.h"

/* Load every path into rs (at least one; cmd names the command). */
void ct_results_load(struct ct_rs *rs, char **paths, unsigned n,
		     const char *cmd);

/* The family to use: `want` if given and present, else the only family
 * in rs; exit 2 listing the families otherwise. */
const struct ct_family *ct_results_family(const struct ct_rs *rs,
					  const char *want, const char *cmd);

#endif /* CT_RESULTS_IO_H */
