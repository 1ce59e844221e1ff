/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * argpos.h - positional arguments (SPEC, RESULTS files) among long
 * options, for the commands that take them.
 */
#ifndef CT_ARGPOS_H
#define CT_ARGPOS_H

#include <getopt.h>

/*
 * Move the positional arguments of argv[1..*argc) into pos (at most cap;
 * more exit 2 naming the extra one) and close the gap, so ct_getopt sees
 * options only. An option taking a value keeps its next argument.
 * Everything after "--" is positional. Returns the count.
 */
unsigned ct_positionals(int *argc, char **argv, const struct option *opts,
			char **pos, unsigned cap);

#endif /* CT_ARGPOS_H */
