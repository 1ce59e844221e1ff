/* SPDX-License-Identifier: BSD-2-Clause */
#include "problem_support.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "harness/core/timing.h"
#include "tests/support.h"

void pt_cfg(struct ct_prob_cfg *cfg, const struct pcase *c, uint64_t quota)
{
	const struct ct_problem_desc *p = &ct_problems[c->problem];
	ct_prob_cfg_defaults(cfg, c->problem, true);
	cfg->algo = ct_problem_algo(p, c->variant);
	cr_assert_not_null(cfg->algo, "no %s variant %s", p->name, c->variant);
	cfg->mutex = c->mutex[0] ? c->mutex : "sem";
	cfg->sem_kind = c->sem;
	cfg->quota = quota;
	cfg->timeout_s = 50;
	/* The 5 s default stall window fired once for phase-fair at 8
	 * threads while make test ran beside a busy loop and another build
	 * and test suite (load average 12 on 2 CPUs); the same case passed
	 * 3 of 3 right after at load 9. Tests run beside other jobs: a
	 * stall here is 20 s without progress, still inside timeout_s. */
	cfg->stall_s = 20;
	cfg->producers = cfg->consumers = cfg->threads = c->threads;
	cfg->philosophers = c->threads;
	if (ct_test_oversubscribed(p->nthreads(cfg))) {
		cfg->lock.wait.policy = CT_WAIT_YIELD;
		cfg->lock.wait.spin_limit = 16;
	}
}

void pt_run(const struct ct_prob_cfg *cfg, struct ct_prob_verdict *v,
	    struct ct_rec *rec)
{
	const struct ct_problem_desc *p = &ct_problems[cfg->problem];
	unsigned n = p->nthreads(cfg);
	int cpus[CT_PROB_MAX_THREADS], numa[CT_PROB_MAX_THREADS];
	struct ct_placement pl;
	struct ct_rec scratch;
	char err[256];
	cr_assert_eq(ct_placement_parse("compact", &pl, err, sizeof(err)), 0);
	cr_assert_eq(ct_placement_resolve(&ct_test_topo, &pl, n, cpus, err,
					  sizeof(err)), 0, "%s", err);
	for (unsigned i = 0; i < n; i++)
		numa[i] = ct_topo_numa_of(&ct_test_topo, cpus[i]);
	if (!rec)
		rec = &scratch;
	ct_rec_reset(rec);
	ct_timer_calibrate();
	cr_assert_eq(p->run(cfg, cpus, numa, rec, v), 0, "%s %s could not run: %s",
		     p->name, cfg->algo->name, v->why);
}

void pt_expect_sound(const struct pcase *c, uint64_t quota)
{
	struct ct_prob_cfg cfg;
	struct ct_prob_verdict v;
	pt_cfg(&cfg, c, quota);
	pt_run(&cfg, &v, NULL);
	cr_log_info("%s %s mutex=%s sem=%u at %u threads: %.2fs",
		    ct_problems[c->problem].name, c->variant, cfg.mutex, c->sem,
		    c->threads, v.out.seconds);
	cr_assert_eq(v.out.end, CT_END_DONE, "%s %s mutex=%s sem=%u, %u threads: "
		     "%s (%s)", ct_problems[c->problem].name, c->variant,
		     cfg.mutex, c->sem, c->threads,
		     ct_prob_end_name(v.out.end), v.why);
	cr_assert(v.ok, "%s %s mutex=%s sem=%u, %u threads: %s",
		  ct_problems[c->problem].name, c->variant, cfg.mutex, c->sem,
		  c->threads, v.why);
}

size_t pt_cases(struct pcase *cases, size_t n, unsigned problem,
		const unsigned *threads, unsigned nthreads)
{
	const struct ct_prob_algo *a;
	for (unsigned k = 0; (a = ct_problems[problem].algo(k)); k++) {
		if (a->flags & (CT_PROB_HIDDEN | CT_PROB_DEADLOCKS))
			continue;
		/* Both semaphore kinds where the solution has semaphores. */
		unsigned kinds = a->flags & (CT_PROB_SEM | CT_PROB_MUTEX) ? 2 : 1;
		for (unsigned t = 0; t < nthreads; t++)
			for (unsigned s = 0; s < kinds; s++) {
				struct pcase *c = &cases[n++];
				memset(c, 0, sizeof(*c));
				c->problem = problem;
				snprintf(c->variant, sizeof(c->variant), "%s",
					 a->name);
				c->sem = s;
				c->threads = threads[t];
			}
	}
	return n;
}
