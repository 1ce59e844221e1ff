/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * problem.h - `contend problem`: the classic semaphore problems of
 * problems/ (bounded buffer, readers-writers, dining philosophers) run,
 * measured and validated.
 *
 * One configuration = one problem, one solution (variant), the mutex
 * role (`--mutex sem|<lock>`), the semaphore kind (`--sem posix|futex`)
 * and the problem's knobs. Every run is a forked child watched for
 * progress (probfork.h), so a deadlock is a result, not a hang. A run
 * either lasts warmup_s + duration_s (benchmark) or until every thread
 * has done `quota` operations (validation); both keep the validation
 * bookkeeping, so every benchmark record says whether the run was sound.
 */
#ifndef CT_PROBLEM_HARNESS_H
#define CT_PROBLEM_HARNESS_H

#include <stdbool.h>
#include <stdint.h>

#include "locks/lock.h"
#include "problems/ops.h"
#include "probfork.h"
#include "harness/core/record.h"
#include "harness/core/topology.h"

#define CT_PROB_MAX_THREADS 256
#define CT_PROB_MAX_LIST 64
/* Validation tracks every item (12 bytes each): at most this many. */
#define CT_PROB_MAX_LEDGER (1ull << 26)

enum ct_problem { CT_PROB_BB, CT_PROB_RW, CT_PROB_DINING, CT_PROB_COUNT };

/* The knobs of one configuration. */
struct ct_prob_cfg {
	unsigned problem;                /* enum ct_problem */
	const struct ct_prob_algo *algo; /* the variant */
	const char *mutex;   /* "sem" or a lock name; "-": no mutex role */
	unsigned sem_kind;   /* enum ct_sem_kind */
	uint32_t sem_spin;   /* futex semaphore: polls before sleeping */
	struct ct_lock_cfg lock; /* wait policy: spinning locks, phase-fair */
	double warmup_s, duration_s; /* duration_s == 0: run to quota */
	uint64_t quota;      /* per producer / thread / philosopher */
	double stall_s;      /* watchdog: no progress this long (0: default) */
	double timeout_s;    /* watchdog: the whole run (0: default) */
	/* bounded buffer */
	unsigned producers, consumers, size, payload, alloc;
	uint64_t produce_ns, consume_ns;
	/* readers-writers */
	unsigned threads;
	double read_fraction;
	uint64_t read_cs_ns, write_cs_ns;
	/* dining */
	unsigned philosophers;
	uint64_t eat_ns, gap_ns;
	/* readers-writers and dining */
	uint64_t think_ns;
};

/* What a run's validation found. */
struct ct_prob_verdict {
	bool ok;          /* sound: no violation, finished */
	struct ct_prob_outcome out;
	double deadlock_s; /* dining: gate to the closing of the cycle */
	char why[256];    /* what was wrong, for people */
};

/* One problem: its name, solutions, table columns and runner. */
struct ct_problem_desc {
	const char *name; /* "bounded-buffer", ... */
	const struct ct_prob_algo *(*algo)(unsigned i); /* NULL past the end */
	const struct ct_col *table;
	unsigned (*nthreads)(const struct ct_prob_cfg *c);
	/* Run c on cpus/numa (nthreads entries); fill rec's measured
	 * fields and v. 0, or -1 when it could not run (v->why). */
	int (*run)(const struct ct_prob_cfg *c, const int *cpus,
		   const int *numa, struct ct_rec *rec,
		   struct ct_prob_verdict *v);
};

extern const struct ct_problem_desc ct_problems[CT_PROB_COUNT];

/* The problem called name, or NULL. */
const struct ct_problem_desc *ct_problem_find(const char *name);
/* Its solution called name (hidden ones included), or NULL. */
const struct ct_prob_algo *ct_problem_algo(const struct ct_problem_desc *p,
					   const char *name);
/* Names of its solutions; hidden ones only when with_hidden. Static,
 * NULL-terminated, per problem. */
const char *const *ct_problem_variants(const struct ct_problem_desc *p,
				       bool with_hidden);

/* The defaults of `contend problem` (validate: run to quota). */
void ct_prob_cfg_defaults(struct ct_prob_cfg *c, unsigned problem,
			  bool validate);

/* Does the configuration use the mutex role / the semaphore kind? */
bool ct_prob_uses_mutex(const struct ct_prob_cfg *c);
bool ct_prob_uses_sem(const struct ct_prob_cfg *c);
/* Watchdog default: 5 s, or 50 times the slowest single operation. */
double ct_prob_default_stall(const struct ct_prob_cfg *c);

int ct_prob_bb_run(const struct ct_prob_cfg *c, const int *cpus,
		   const int *numa, struct ct_rec *rec,
		   struct ct_prob_verdict *v);
int ct_prob_rw_run(const struct ct_prob_cfg *c, const int *cpus,
		   const int *numa, struct ct_rec *rec,
		   struct ct_prob_verdict *v);
int ct_prob_dining_run(const struct ct_prob_cfg *c, const int *cpus,
		       const int *numa, struct ct_rec *rec,
		       struct ct_prob_verdict *v);

extern const struct ct_col ct_prob_bb_table[], ct_prob_rw_table[],
	ct_prob_dining_table[];

/* ---- the benchmark driver (probbench.c) ---------------------------------- */

struct ct_probbench_cfg {
	const struct ct_problem_desc *p;
	struct ct_prob_cfg *runs; /* the configurations, in table order */
	unsigned nruns;
	unsigned reps;
	struct ct_placement placement;
	bool progress; /* "[k/N] ..." on stderr */
};

/* Every configuration x reps (interleaved), a record per run to
 * out->data, a summary row per configuration to out->table. Returns 0,
 * or 1 if a run could not run or was unsound (a naive deadlock is a
 * result, not a failure). */
int ct_probbench_run(const struct ct_probbench_cfg *c, const struct ct_topo *t,
		     struct ct_rec *fp, struct ct_output *out);

void ct_list_problems(bool with_hidden);

#endif /* CT_PROBLEM_HARNESS_H */
