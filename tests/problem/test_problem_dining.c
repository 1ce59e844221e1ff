/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Dining philosophers: every safe solution with 2, 5 and 8 philosophers
 * (all oversubscribe a 2-CPU box but 2), both semaphore kinds, and with
 * locks as chopsticks; the deadlock detector on the naive solution, which
 * must be reported as a deadlock (a circular wait) with its time, trial
 * after trial, without hanging; and the negative control, which lets
 * neighbours eat together.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <string.h>

#include "tests/helpers.h"
#include "problem_support.h"
#include "tests/support.h"

#define MEALS 5000 /* per philosopher */
#define TRIALS 3

ParameterizedTestParameters(problem_dining, every_variant)
{
	static struct pcase cases[64];
	static const unsigned threads[] = { 2, 5, 8 };
	size_t n = pt_cases(cases, 0, CT_PROB_DINING, threads, 3);
	return cr_make_param_array(struct pcase, cases, n);
}

ParameterizedTest(struct pcase *c, problem_dining, every_variant,
		  .init = ct_test_load_topo, .fini = ct_test_free_topo,
		  .timeout = 60)
{
	pt_expect_sound(c, ct_test_scaled(MEALS));
}

/* Chopsticks as locks: each philosopher holds a per-chopstick context. */
Test(problem_dining, locks_as_chopsticks, .init = ct_test_load_topo,
     .fini = ct_test_free_topo, .timeout = 60)
{
	static const char *const locks[] = { "mcs", "clh", "ticket", "futex" };
	static const char *const variants[] = { "ordered", "door", "waiter" };
	for (unsigned i = 0; i < CT_ARRAY_SIZE(locks); i++)
		for (unsigned k = 0; k < CT_ARRAY_SIZE(variants); k++) {
			struct pcase c = { CT_PROB_DINING, "", "", CT_SEM_FUTEX, 5 };
			snprintf(c.variant, sizeof(c.variant), "%s", variants[k]);
			snprintf(c.mutex, sizeof(c.mutex), "%s", locks[i]);
			pt_expect_sound(&c, ct_test_scaled(MEALS / 5));
		}
}

/* Right, then left, nobody thinking: the detector must see the circular
 * wait, time it, and get the process back, trial after trial. */
static void expect_deadlock(const char *mutex, unsigned n)
{
	for (unsigned t = 0; t < TRIALS; t++) {
		struct pcase c = { CT_PROB_DINING, "naive", "", CT_SEM_POSIX, n };
		struct ct_prob_cfg cfg;
		struct ct_prob_verdict v;
		snprintf(c.mutex, sizeof(c.mutex), "%s", mutex);
		pt_cfg(&cfg, &c, 0);
		cfg.duration_s = 10, cfg.warmup_s = 0; /* ends if it never locks */
		cfg.think_ns = cfg.eat_ns = 0;
		cfg.gap_ns = 2000;
		cfg.stall_s = 0.2;
		pt_run(&cfg, &v, NULL);
		cr_log_info("naive, %s chopsticks, %u philosophers, trial %u: "
			    "deadlock after %.4f s", mutex, n, t, v.deadlock_s);
		cr_assert_eq(v.out.end, CT_END_DEADLOCK, "trial %u ended %s: %s",
			     t, ct_prob_end_name(v.out.end), v.why);
		cr_assert(v.ok, "a deadlock of naive is a result: %s", v.why);
		cr_assert_gt(v.deadlock_s, 0);
		cr_assert_lt(v.deadlock_s, v.out.seconds);
	}
}

Test(problem_dining, naive_deadlock_detected, .init = ct_test_load_topo,
     .fini = ct_test_free_topo, .timeout = 60)
{
	expect_deadlock("sem", 5);
	expect_deadlock("sem", 2);
}

/* Spinning chopsticks deadlock too: the child burns its CPUs until it is
 * killed, and the next trial still runs. */
Test(problem_dining, naive_deadlock_spinning, .init = ct_test_load_topo,
     .fini = ct_test_free_topo, .timeout = 60)
{
	expect_deadlock("ttas", 3);
}

/* A safe solution at the same settings does not deadlock: the detector
 * is not fooled by a busy, oversubscribed table. */
Test(problem_dining, door_does_not_deadlock_at_naive_settings,
     .init = ct_test_load_topo, .fini = ct_test_free_topo, .timeout = 60)
{
	struct pcase c = { CT_PROB_DINING, "door", "sem", CT_SEM_POSIX, 5 };
	struct ct_prob_cfg cfg;
	struct ct_prob_verdict v;
	pt_cfg(&cfg, &c, ct_test_scaled(MEALS));
	cfg.think_ns = cfg.eat_ns = 0;
	cfg.gap_ns = 2000;
	pt_run(&cfg, &v, NULL);
	cr_assert(v.ok && v.out.end == CT_END_DONE, "%s", v.why);
}

Test(problem_dining, broken_is_caught, .init = ct_test_load_topo,
     .fini = ct_test_free_topo, .timeout = 60)
{
	struct pcase c = { CT_PROB_DINING, "broken", "sem", CT_SEM_POSIX, 3 };
	struct ct_prob_cfg cfg;
	struct ct_prob_verdict v;
	struct ct_rec rec;
	pt_cfg(&cfg, &c, ct_test_scaled(MEALS));
	pt_run(&cfg, &v, &rec);
	cr_log_info("broken philosophers: %s", v.why);
	cr_assert(!v.ok, "neighbours ate together unnoticed");
	cr_assert_gt(ct_rec_num_of(&rec, "overlaps"), 0, "%s", v.why);
}
