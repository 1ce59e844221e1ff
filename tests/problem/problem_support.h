/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * problem_support.h - running one problem configuration from a test:
 * validation mode (every thread to its quota), compact placement over
 * this machine's CPUs, spin-then-yield once the threads outnumber them.
 */
#ifndef CT_TEST_PROBLEM_SUPPORT_H
#define CT_TEST_PROBLEM_SUPPORT_H

#include <stdbool.h>

#include "harness/problem/problem.h"

/* One test case: a solution by name, its mutex role and semaphore kind,
 * and a thread count (producers = consumers = threads for the buffer). */
struct pcase {
	unsigned problem;
	char variant[32];
	char mutex[32];
	unsigned sem;
	unsigned threads;
};

/* The validation defaults for c's problem, solution and threads. */
void pt_cfg(struct ct_prob_cfg *cfg, const struct pcase *c, uint64_t quota);

/* Run cfg; the record's measured fields land in rec (may be NULL).
 * Asserts that the run could start. */
void pt_run(const struct ct_prob_cfg *cfg, struct ct_prob_verdict *v,
	    struct ct_rec *rec);

/* Run c in validation mode and assert it finished sound. */
void pt_expect_sound(const struct pcase *c, uint64_t quota);

/* cases[] += one case per visible, safe solution of problem x threads x
 * semaphore kinds; returns the new count. */
size_t pt_cases(struct pcase *cases, size_t n, unsigned problem,
		const unsigned *threads, unsigned nthreads);

#endif /* CT_TEST_PROBLEM_SUPPORT_H */
