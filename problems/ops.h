/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ops.h - the solutions of problems/LIST as tables of function pointers,
 * one per problem. The harness sets solutions up and drives them by name
 * through these; a solution's own blocking (semaphores, futexes, kernel
 * sleeps) dwarfs the indirect call.
 */
#ifndef CT_PROBLEM_OPS_H
#define CT_PROBLEM_OPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "problem.h"

/* What every solution has, whatever its problem. */
struct ct_prob_algo {
	const char *name; /* cli name */
	const char *desc; /* one line for `contend list problems` */
	unsigned flags;   /* enum ct_prob_flags */
	size_t size;      /* of the solution's struct */
	unsigned (*nmutex)(const struct ct_problem_cfg *cfg);
	int (*init)(void *obj, const struct ct_problem_cfg *cfg);
	void (*destroy)(void *obj);
};

struct ct_bb_ops {
	struct ct_prob_algo a;
	void (*put)(void *b, void *item, void *const *ctx);
	void *(*get)(void *b, void *const *ctx, uint64_t *pos);
};

struct ct_rw_ops {
	struct ct_prob_algo a;
	void (*read_lock)(void *l, void *const *ctx);
	void (*read_unlock)(void *l, void *const *ctx);
	void (*write_lock)(void *l, void *const *ctx);
	void (*write_unlock)(void *l, void *const *ctx);
};

struct ct_dining_ops {
	struct ct_prob_algo a;
	void (*pickup)(void *d, unsigned i, void *const *ctx);
	void (*putdown)(void *d, unsigned i, void *const *ctx);
};

extern const struct ct_bb_ops ct_bb_table[];
extern const struct ct_rw_ops ct_rw_table[];
extern const struct ct_dining_ops ct_dining_table[];
extern const unsigned ct_bb_count, ct_rw_count, ct_dining_count;

#endif /* CT_PROBLEM_OPS_H */
