/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Readers-writers: every solution at 2, 4 and 8 threads (4 and 8
 * oversubscribe a 2-CPU box), both semaphore kinds; readers must really
 * overlap where a solution lets them; writer starvation under readers'
 * preference must show as a number; and the negative control, whose
 * writers overlap readers, must be caught.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <math.h>
#include <string.h>

#include "tests/helpers.h"
#include "problem_support.h"
#include "tests/support.h"

#define OPS 20000 /* per thread */

ParameterizedTestParameters(problem_rw, every_variant)
{
	static struct pcase cases[64];
	static const unsigned threads[] = { 2, 4, 8 };
	size_t n = pt_cases(cases, 0, CT_PROB_RW, threads, 3);
	return cr_make_param_array(struct pcase, cases, n);
}

ParameterizedTest(struct pcase *c, problem_rw, every_variant,
		  .init = ct_test_load_topo, .fini = ct_test_free_topo,
		  .timeout = 60)
{
	pt_expect_sound(c, ct_test_scaled(OPS));
}

/* Only reads, each holding the lock 20 us: at 2 threads on 2 CPUs two
 * readers must be seen inside at once. */
Test(problem_rw, readers_overlap, .init = ct_test_load_topo,
     .fini = ct_test_free_topo, .timeout = 60)
{
	const struct ct_prob_algo *a;
	for (unsigned k = 0; (a = ct_problems[CT_PROB_RW].algo(k)); k++) {
		if (a->flags & CT_PROB_HIDDEN)
			continue;
		struct pcase c = { CT_PROB_RW, "", "sem", CT_SEM_FUTEX, 2 };
		struct ct_prob_cfg cfg;
		struct ct_prob_verdict v;
		struct ct_rec rec;
		snprintf(c.variant, sizeof(c.variant), "%s", a->name);
		pt_cfg(&cfg, &c, 2000);
		cfg.read_fraction = 1;
		cfg.read_cs_ns = 20000;
		cfg.think_ns = 0;
		pt_run(&cfg, &v, &rec);
		cr_assert(v.ok, "%s: %s", a->name, v.why);
		cr_expect_geq(ct_rec_num_of(&rec, "max_readers"), 2,
			      "%s never let two readers in", a->name);
	}
}

/* Readers' preference, readers always overlapping: a writer waits for
 * the whole stream of readers. Its worst wait is measured and reported. */
Test(problem_rw, writer_wait_is_measured, .init = ct_test_load_topo,
     .fini = ct_test_free_topo, .timeout = 60)
{
	struct pcase c = { CT_PROB_RW, "reader-pref", "sem", CT_SEM_POSIX, 4 };
	struct ct_prob_cfg cfg;
	struct ct_prob_verdict v;
	struct ct_rec rec;
	pt_cfg(&cfg, &c, 0);
	cfg.duration_s = 0.3, cfg.warmup_s = 0.05;
	cfg.read_fraction = 0.95;
	cfg.read_cs_ns = 5000, cfg.think_ns = 0;
	pt_run(&cfg, &v, &rec);
	cr_assert(v.ok, "%s", v.why);
	double wmax = ct_rec_num_of(&rec, "write_wait_max_ns");
	double rp99 = ct_rec_num_of(&rec, "read_wait_p99_ns");
	cr_log_info("reader-pref: write wait max %.0f ns, read wait p99 %.0f ns, "
		    "%.0f writes/s", wmax, rp99, ct_rec_num_of(&rec, "write_ops"));
	cr_assert(isfinite(wmax) && wmax > 0, "no write wait measured");
}

Test(problem_rw, broken_is_caught, .init = ct_test_load_topo,
     .fini = ct_test_free_topo, .timeout = 60)
{
	struct pcase c = { CT_PROB_RW, "broken", "sem", CT_SEM_POSIX, 2 };
	struct ct_prob_cfg cfg;
	struct ct_prob_verdict v;
	struct ct_rec rec;
	pt_cfg(&cfg, &c, ct_test_scaled(OPS));
	cfg.read_fraction = 0.5;
	pt_run(&cfg, &v, &rec);
	cr_log_info("broken readers-writers: %s", v.why);
	cr_assert(!v.ok, "the broken readers-writers lock passed validation");
	cr_assert_gt(ct_rec_num_of(&rec, "overlaps"), 0, "%s", v.why);
}
