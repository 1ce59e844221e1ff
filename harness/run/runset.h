/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * runset.h - `contend run`: a program once per (lock, repetition) in the
 * shared run order (harness/core/driver.h: repetitions interleaved, the
 * locks reversed on odd ones), one record per run, then one summary row per
 * lock with its ratio to the reference lock.
 */
#ifndef CT_RUNSET_H
#define CT_RUNSET_H

#include <regex.h>
#include <stdbool.h>

#include "harness/core/record.h"

struct ct_runset_cfg {
	const char **locks;
	unsigned nlocks;
	const char *wait;        /* spin | yield */
	unsigned reps;
	char *const *argv;       /* the program */
	const char *label;       /* its name in records (--name, else argv) */
	const char *placement;   /* as given, recorded */
	const int *cpus;         /* resolved; NULL: inherit */
	unsigned ncpus;
	double timeout_s;
	const regex_t *metric;   /* NULL: wall time is the figure */
	const char *metric_src;  /* the regex as given, recorded */
	bool lower_better;       /* the metric is a time (wall time always) */
	const char *preload;
	bool progress;           /* the driver's progress line on stderr */
};

/* Returns the number of runs that were not ok. */
unsigned ct_runset(const struct ct_runset_cfg *c, const struct ct_rec *fp,
		   const struct ct_output *out);

/* The table's columns. */
extern const struct ct_col ct_runset_columns[];

#endif /* CT_RUNSET_H */
