/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * litmus.h - `contend litmus`: memory-consistency tests run on this
 * machine, outcomes counted.
 *
 *   sb        store buffering: x = 1; r1 = y  ||  y = 1; r2 = x. Counts
 *             r1 = r2 = 0 (each load missed the other's store) per million
 *             trials, with relaxed and release/acquire accesses (allowed:
 *             x86-TSO's store buffer shows it), with a seq_cst fence and
 *             with seq_cst accesses (forbidden).
 *   peterson  Peterson's two-thread mutual exclusion without the
 *             store-load fence its entry needs (release/acquire only) and
 *             with it: entries that found the other thread inside, lost
 *             updates of a counter it protects, and the fence's price.
 *   milk      the "too much milk" solutions (Anderson & Dahlin, Operating
 *             Systems: Principles and Practice, ch. 5), one "day" per
 *             trial: how often nobody bought milk and how often both did.
 *
 * Each trial starts the two threads together (a two-thread barrier whose
 * RMW sits before the racing accesses, never between them). Outcomes a
 * variant's C11 code forbids are checked: seeing one is a failure.
 */
#ifndef CT_LITMUS_H
#define CT_LITMUS_H

#include <stdbool.h>
#include <stdint.h>

#include "harness/core/counters.h"
#include "harness/core/record.h"
#include "harness/core/team.h"
#include "harness/core/topology.h"

enum ct_lt_test { CT_LT_SB, CT_LT_PETERSON, CT_LT_MILK, CT_LT_NTESTS };

/* Test names in enum order, NULL-terminated. */
extern const char *const ct_lt_test_names[];
/* The same, as the matrix's names function (none is hidden). */
const char *const *ct_lt_test_list(bool with_hidden);

struct ct_lt_variant {
	enum ct_lt_test test;
	const char *name;
	const char *code;  /* the racing code, one line */
	const char *weak;  /* the outcome counted first: "r1=r2=0", ... */
	const char *aux;   /* a second outcome counted, or NULL */
	bool weak_forbidden; /* by C11 for this code: seeing it fails */
	bool aux_forbidden;
	ct_worker_fn worker; /* the two-thread run */
	ct_worker_fn solo;   /* peterson: one thread alone (the fence's cost) */
};

/* Every variant, grouped by test. */
extern const struct ct_lt_variant ct_lt_variants[];
extern const unsigned ct_lt_nvariants;
const struct ct_lt_variant *ct_lt_find(enum ct_lt_test t, const char *name);

#define CT_LT_MAX_VARIANTS 32

struct ct_lt_cfg {
	const struct ct_lt_variant *run[CT_LT_MAX_VARIANTS]; /* in order */
	unsigned nrun;
	uint64_t trials;   /* sb: trials; peterson: entries; milk: days */
	struct ct_placement placement;
	const char *lock;  /* milk's "lock" solution: a locks/LIST name */
	unsigned counters; /* events to count (counters.h mask), 0: off */
	bool progress;
};

void ct_lt_defaults(struct ct_lt_cfg *c);

struct ct_lt_result {
	uint64_t trials;     /* sb: trials; peterson: entries; milk: days */
	/* [A * 2 + B]: sb: A's r1, B's r2 saw the other's store; milk: A,
	 * B bought; peterson: A, B found the other inside (per round) */
	uint64_t outcome[4];
	uint64_t weak, aux;  /* the counted outcomes */
	double ns_per_trial;
	double solo_ns, solo_base_ns; /* peterson: alone, this / nofence */
	struct ct_counters ctr;       /* both threads (--counters) */
};

/* Run one variant on cpus[0], cpus[1]. 0, or -1 with a message in err. */
int ct_lt_run_variant(const struct ct_lt_cfg *c, const struct ct_lt_variant *v,
		      const int cpus[2], const int numa[2],
		      struct ct_lt_result *res, char *err, size_t errlen);

/* Whether res shows an outcome v forbids. */
bool ct_lt_violated(const struct ct_lt_variant *v,
		    const struct ct_lt_result *res);

/* Every variant in c->run: records to out->data, rows to out->table.
 * 0; 1 if a forbidden outcome was seen or a run failed. */
int ct_lt_run(const struct ct_lt_cfg *c, const struct ct_topo *t,
	      struct ct_rec *fingerprint, struct ct_output *out);

extern const struct ct_col ct_lt_table[];

#endif /* CT_LITMUS_H */
