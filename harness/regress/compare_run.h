/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * compare_run.h - running the two sides of `contend compare`: each side
 * a contend binary, or a git revision built for the purpose in a
 * temporary worktree (removed again on every exit, errors and
 * interrupts included); then pairs of runs in alternating order (A B,
 * B A, ...), one repetition of every configuration per run, each run's
 * records in its own file.
 */
#ifndef CT_COMPARE_RUN_H
#define CT_COMPARE_RUN_H

#include <stdbool.h>

#define CT_COMPARE_MAX_PAIRS 200

struct ct_compare_side {
	const char *bin; /* a contend binary, or NULL with rev */
	const char *rev; /* a git revision to build, or NULL */
	char path[4096]; /* the binary run */
	char desc[256];  /* "build/contend" or "rev main (058c56a1b2c3)" */
};

struct ct_compare_run {
	struct ct_compare_side side[2];
	char **cmd;      /* what each run does: "matrix SPEC" or a family's
			    command with its options (after "--") */
	unsigned ncmd;
	unsigned pairs;
	bool quiet;      /* no progress lines on stderr */
	const char *keep; /* a directory to keep the runs' records in, or NULL */
	/* filled by ct_compare_runs: each side's record files, by pair */
	char *files[2][CT_COMPARE_MAX_PAIRS];
	const char *family; /* the family the command measures, "" for a
			       matrix (the caller picks) */
};

/* Check the command and sides, build revisions: exit 2 on bad input or
 * a failed build. Sets up the cleanup of what it creates. */
void ct_compare_prepare(struct ct_compare_run *cr);

/* Run the pairs; exit 2 when a run fails. */
void ct_compare_runs(struct ct_compare_run *cr);

/* Remove the temporary files and worktrees now (also run at exit). */
void ct_compare_cleanup(void);

#endif /* CT_COMPARE_RUN_H */
