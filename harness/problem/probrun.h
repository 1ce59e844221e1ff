/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * probrun.h - what the three problem runners (prob_bb.c, prob_rw.c,
 * prob_dining.c) share: the solution and its mutex role set up in the
 * child (probsync.c), the job that forks and watches a run (probjob.c),
 * and record helpers (probrec.c).
 */
#ifndef CT_PROBRUN_H
#define CT_PROBRUN_H

#include <stdatomic.h>

#include "harness/core/hist.h"
#include "harness/lock/lockset.h"
#include "problem.h"
#include "harness/core/team.h"
#include "harness/core/timing.h"

/* ---- the solution and its synchronization objects (child side) ---------- */

struct ct_probsync {
	const struct ct_prob_algo *algo;
	void *obj;                  /* the solution, initialized */
	struct ct_problem_cfg pcfg; /* what it was initialized with */
	unsigned nmutex;
	struct ct_lockset locks;    /* when the mutex role is a lock */
	bool use_locks;
};

/*
 * Make c's mutex-role objects (n: buffer slots or philosophers) and the
 * solution itself, on NUMA node `node`. hook/hook_arg: dining's
 * first-chopstick hook. 0, or -1 with a message.
 */
int ct_probsync_init(struct ct_probsync *s, const struct ct_prob_cfg *c,
		     unsigned n, ct_dining_hook hook, void *hook_arg, int node,
		     char *err, size_t errlen);

/* Worker tid's context table (ctx[j] for mutex j), allocated on the
 * calling thread's node; NULL if out of memory. */
void *const *ct_probsync_ctx(const struct ct_probsync *s, unsigned tid);

/* ---- one run: fork, set up, run the team, watch ------------------------- */

struct ct_prob_job {
	const struct ct_prob_cfg *c;
	const int *cpus, *numa;
	unsigned nthreads, n; /* threads; slots or philosophers */
	struct ct_prob_shared *shm; /* ct_prob_job_map() */
	size_t shm_bytes;
	ct_worker_fn worker;
	/* parent side */
	uint64_t (*progress)(struct ct_prob_job *j);
	bool (*circular)(struct ct_prob_job *j); /* may be NULL */
	/* the shared region is mapped (before fork): point into it */
	void (*mapped)(struct ct_prob_job *j);
	/* the child has ended: measured fields to rec, checks to v */
	void (*report)(struct ct_prob_job *j, struct ct_rec *rec,
		       struct ct_prob_verdict *v);
	/* child side: the solution and the worker start-up */
	struct ct_probsync sync;
	ct_dining_hook hook;
	void *hook_arg;
	atomic_uint failed; /* workers that could not set up */
};

/*
 * The whole run: map the shared region (bytes, starting with struct
 * ct_prob_shared), mapped(), fork and watch (probfork.h), report(),
 * unmap. v->out says how the run ended; v->ok is true unless it did not
 * finish (a deadlock of a CT_PROB_DEADLOCKS solution is a result, not a
 * fault) or report() found a fault. 0, or -1 if it could not run (v->why).
 */
int ct_prob_job_go(struct ct_prob_job *j, size_t bytes, struct ct_rec *rec,
		   struct ct_prob_verdict *v);

/*
 * Worker start-up: the thread's context table, then the start gate.
 * NULL if this or another worker could not set up (then return at once:
 * the run is void).
 */
void *const *ct_prob_worker_start(struct ct_prob_job *j, unsigned tid);

/* A worker in duration mode keeps going until STOP; in quota mode until
 * it has done `quota` operations. */
static inline bool ct_prob_more(const struct ct_prob_job *j, uint64_t done)
{
	if (j->c->duration_s > 0)
		return ct_team_phase(&j->shm->team) != CT_PHASE_STOP;
	return done < j->c->quota;
}

/* Does this operation count (MEASURE phase)? */
static inline bool ct_prob_measuring(const struct ct_prob_job *j)
{
	return ct_team_phase(&j->shm->team) == CT_PHASE_MEASURE;
}

/* Ticks between two stamps, less the timer's own cost, never negative. */
static inline uint64_t ct_prob_span(uint64_t from, uint64_t to)
{
	uint64_t d = to > from ? to - from : 0;
	return d > ct_timer.overhead ? d - ct_timer.overhead : 0;
}

/* ---- records -------------------------------------------------------------- */

/* The measured window in seconds (NaN when the run never measured).
 * end_ns: cut the window there if earlier (a deadlock), 0 for none. */
double ct_prob_window_s(const struct ct_prob_shared *shm, uint64_t end_ns);

/* h's p50, p99, p99.9, max and mean (ticks) as ns under keys[0..4]
 * (string literals; NULL skips one); NA when h is empty. */
void ct_prob_put_hist(struct ct_rec *rec, const char *const keys[5],
		      const struct ct_hist *h);

/* The configuration's fields (family ... knobs common to all problems). */
void ct_prob_put_config(struct ct_rec *rec, const struct ct_prob_cfg *c,
			const int *cpus, unsigned n);

/* dst += src, skipping a histogram its worker never initialized. */
void ct_prob_hist_add(struct ct_hist *dst, const struct ct_hist *src);

/* "end", "check", "check_detail" from the verdict. */
void ct_prob_put_verdict(struct ct_rec *rec, const struct ct_prob_verdict *v);

/* Append "what" to v->why ("a; b") and mark the run unsound. */
void ct_prob_fail(struct ct_prob_verdict *v, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif /* CT_PROBRUN_H */
