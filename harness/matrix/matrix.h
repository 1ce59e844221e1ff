/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * matrix.h - `contend matrix`: the cross product of a spec, run one
 * (configuration, repetition) at a time in a fresh child process.
 *
 * Order: repetition rounds, each a seeded shuffle of every configuration
 * that has a repetition left, so all configurations see the same drift
 * and no algorithm runs only early or only late. Output: the child's
 * record plus "config", "knobs" and "seq" fields, appended to one JSON
 * Lines file with one write(2) per run, so a killed matrix loses at most
 * the run in flight and `--resume` can finish the set.
 *
 * Folder harness/matrix/: specs, planning, running, resuming. It may
 * include harness/core/ (a family's table through family.h) and
 * harness/results/, never an engine (scripts/check-layout.sh).
 */
#ifndef CT_MATRIX_H
#define CT_MATRIX_H

#include <stdbool.h>
#include <stdint.h>

#include "harness/core/record.h"
#include "spec.h"

struct ct_config {
	unsigned sec;       /* section index in the spec */
	unsigned reps;
	unsigned char idx[24]; /* value index per axis of the section */
	char name[512];     /* "lock algo=tas threads=2 placement=compact" */
	char knobs[256];    /* keys no record field reports: "spin-limit=8" */
};

struct ct_run {
	unsigned cfg, rep;
};

struct ct_plan {
	const struct ct_spec *spec;
	uint64_t seed;
	unsigned ncfg, maxreps;
	struct ct_config *cfg;
	unsigned nruns;
	struct ct_run *runs; /* in execution order */
};

/* Expand the spec and shuffle it with seed. Exits 2 if two sections
 * produce the same configuration. */
void ct_plan_build(struct ct_plan *p, const struct ct_spec *s, uint64_t seed);
void ct_plan_free(struct ct_plan *p);

/* Index of the configuration called name, or -1. */
int ct_plan_find(const struct ct_plan *p, const char *name);

/* The child's argv (argv[0] = "contend") for configuration c; strings
 * point into buf. Returns argc. */
unsigned ct_plan_argv(const struct ct_plan *p, unsigned c, char **argv,
		      unsigned cap, char *buf, size_t len);

/* Seconds one run of configuration c is expected to take. */
double ct_plan_run_estimate(const struct ct_plan *p, unsigned c);

struct ct_matrix_opts {
	const char *out;  /* results file (JSON Lines) */
	const char *exe;  /* binary to run; NULL: /proc/self/exe */
	bool resume;      /* continue `out`, skipping finished runs */
	bool progress;    /* "[k/N] ... ETA" on stderr */
	bool summary;     /* one closing line on stderr */
};

/*
 * Run the plan into o->out. header: the fingerprint record for a fresh
 * file (matrix fields are added). Returns 0, 1 if a run failed, 2 if a
 * child rejected its arguments (the matrix stops there).
 */
int ct_matrix_run(struct ct_plan *p, const struct ct_matrix_opts *o,
		  struct ct_rec *header);

/*
 * For --resume: read o->out's header and finished runs. Exits 2 if the
 * file belongs to another spec, seed, binary or machine (fp is this
 * process's fingerprint). Sets *seed from the file; fills done[] (ncfg *
 * maxreps, by cfg * maxreps + rep) once the plan is built with it.
 */
void ct_matrix_resume_seed(const char *out, const struct ct_spec *s,
			   const struct ct_rec *fp, uint64_t *seed);
unsigned ct_matrix_resume_done(const char *out, const struct ct_plan *p,
			       bool *done);

#endif /* CT_MATRIX_H */
