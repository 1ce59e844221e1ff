/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * expt_helpers.h - for the falseshare, litmus and counters suites: this
 * machine's CPUs for n threads, and `contend ...` run as users run it.
 */
#ifndef CT_EXPT_HELPERS_H
#define CT_EXPT_HELPERS_H

#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

#include "harness/core/topology.h"

/* Compact placement over the allowed CPUs; returns the distinct CPUs. */
static inline unsigned expt_cpus(unsigned n, int *cpus, int *numa)
{
	struct ct_topo t;
	struct ct_placement p;
	char err[256];
	cr_assert_eq(ct_topo_load(&t, NULL, NULL, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(ct_placement_parse("compact", &p, err, sizeof(err)), 0);
	cr_assert_eq(ct_placement_resolve(&t, &p, n, cpus, err, sizeof(err)), 0,
		     "%s", err);
	for (unsigned i = 0; i < n; i++)
		numa[i] = ct_topo_numa_of(&t, cpus[i]);
	unsigned distinct = (unsigned)t.npus < n ? (unsigned)t.npus : n;
	ct_topo_free(&t);
	return distinct;
}

/* Output of the last expt_run: stdout and stderr together. */
static char expt_out[1 << 17];

/* Run `$CT_CONTEND <args>` (args printf-style); its exit status. */
static inline int expt_run(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
static inline int expt_run(const char *fmt, ...)
{
	char args[1024], cmd[1400];
	const char *bin = getenv("CT_CONTEND");
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(args, sizeof(args), fmt, ap);
	va_end(ap);
	snprintf(cmd, sizeof(cmd), "%s %s 2>&1", bin ? bin : "build/contend",
		 args);
	FILE *p = popen(cmd, "r");
	cr_assert_not_null(p, "cannot run %s", cmd);
	size_t got = fread(expt_out, 1, sizeof(expt_out) - 1, p);
	expt_out[got] = 0;
	int st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

#endif /* CT_EXPT_HELPERS_H */
