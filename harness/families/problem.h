/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * problem.h - the problem family's table (problem.c): `contend problem`
 * and `contend validate problem` options, indexed by enum problem_opt;
 * each problem's knobs are the rows it owns (owners: 1u << CT_PROB_*).
 */
#ifndef CT_FAMILIES_PROBLEM_H
#define CT_FAMILIES_PROBLEM_H

#include "common.h"

#include "harness/problem/problem.h"

enum problem_opt {
	PO_PROBLEM, PO_VARIANT, PO_MUTEX, PO_SEM, PO_SEM_SPIN, PO_WAIT,
	PO_SPIN_LIMIT, PO_PLACEMENT, PO_STALL,
	/* bounded-buffer */
	PO_PRODUCERS, PO_CONSUMERS, PO_SIZE, PO_PAYLOAD, PO_ALLOC, PO_PRODUCE,
	PO_CONSUME,
	/* readers-writers (and dining: threads, think) */
	PO_THREADS, PO_READ_FRACTION, PO_READ_CS, PO_WRITE_CS, PO_THINK,
	/* dining */
	PO_PHILOSOPHERS, PO_EAT, PO_GAP,
	/* validate: each problem's quota */
	PO_ITEMS, PO_OPS, PO_MEALS,
	PO_OWN /* the shared rows follow */
};

/* An owner bit no problem has: the rows every problem shares. */
#define CT_PROB_SHARED (1u << CT_PROB_COUNT)

extern const struct ct_opt ct_problem_opts[];

/* Does `contend problem P` take the option opt ("size")? */
bool ct_problem_takes(const struct ct_problem_desc *p, const char *opt);

/* The owner bit of problem p. */
static inline unsigned ct_problem_bit(const struct ct_problem_desc *p)
{
	return 1u << (p - ct_problems);
}

#endif /* CT_FAMILIES_PROBLEM_H */
