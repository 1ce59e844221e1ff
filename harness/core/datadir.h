/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * datadir.h - find files that ship in the source tree (results/specs/,
 * plots/) from wherever contend runs: the current directory, or the tree
 * the binary was built in (build/contend, build/<dir>/contend).
 */
#ifndef CT_DATADIR_H
#define CT_DATADIR_H

#include <stddef.h>

/* Path of rel ("plots", "results/specs/quick") into out: 0 if it
 * exists, else -1 with the places tried in out. */
int ct_find_in_tree(const char *rel, char *out, size_t len);

#endif /* CT_DATADIR_H */
