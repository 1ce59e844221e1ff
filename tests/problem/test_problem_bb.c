/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The bounded buffer: every solution with 1, 2 and 3 producers and as
 * many consumers (6 threads oversubscribe a 2-CPU box), both semaphore
 * kinds; locks from locks/ in the mutex role; both allocators; and the
 * negative control, whose lost and phantom items the validator must
 * count. Every item is checked: consumed once, in producer order.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <string.h>

#include "harness/problem/itemalloc.h"
#include "tests/helpers.h"
#include "problem_support.h"
#include "tests/support.h"

#define ITEMS 20000 /* per producer */

ParameterizedTestParameters(problem_bb, every_variant)
{
	static struct pcase cases[64];
	static const unsigned threads[] = { 1, 2, 3 };
	size_t n = pt_cases(cases, 0, CT_PROB_BB, threads, 3);
	return cr_make_param_array(struct pcase, cases, n);
}

ParameterizedTest(struct pcase *c, problem_bb, every_variant,
		  .init = ct_test_load_topo, .fini = ct_test_free_topo,
		  .timeout = 60)
{
	pt_expect_sound(c, ct_test_scaled(ITEMS));
}

/* Locks from locks/ as the mutex: spinning, FIFO and parking ones,
 * oversubscribed (2 + 2 threads on 2 CPUs spin-then-yield). */
Test(problem_bb, lock_as_mutex, .init = ct_test_load_topo,
     .fini = ct_test_free_topo, .timeout = 60)
{
	static const char *const locks[] = { "ticket", "mcs", "clh", "futex",
					     "pthread-mutex" };
	for (unsigned i = 0; i < CT_ARRAY_SIZE(locks); i++) {
		struct pcase c = { CT_PROB_BB, "sem", "", CT_SEM_FUTEX, 2 };
		snprintf(c.mutex, sizeof(c.mutex), "%s", locks[i]);
		pt_expect_sound(&c, ct_test_scaled(ITEMS / 4));
	}
}

Test(problem_bb, glibc_allocator_and_payloads, .init = ct_test_load_topo,
     .fini = ct_test_free_topo, .timeout = 60)
{
	static const unsigned payload[] = { 0, 1, 4096 };
	struct pcase c = { CT_PROB_BB, "sem", "sem", CT_SEM_POSIX, 2 };
	for (unsigned i = 0; i < CT_ARRAY_SIZE(payload); i++) {
		struct ct_prob_cfg cfg;
		struct ct_prob_verdict v;
		pt_cfg(&cfg, &c, ct_test_scaled(ITEMS / 4));
		cfg.alloc = 1; /* glibc */
		cfg.payload = payload[i];
		cfg.size = 1;
		pt_run(&cfg, &v, NULL);
		cr_assert(v.ok && v.out.end == CT_END_DONE, "payload %u: %s",
			  payload[i], v.why);
	}
}

/* jemalloc must not have replaced malloc, or --alloc glibc would lie. */
Test(problem_bb, jemalloc_does_not_replace_malloc, .timeout = 10)
{
	cr_assert(ct_itemalloc_malloc_is_libc());
}

/* empty = N + 1: producers overwrite unconsumed items. */
Test(problem_bb, broken_is_caught, .init = ct_test_load_topo,
     .fini = ct_test_free_topo, .timeout = 60)
{
	struct pcase c = { CT_PROB_BB, "broken", "sem", CT_SEM_POSIX, 2 };
	struct ct_prob_cfg cfg;
	struct ct_prob_verdict v;
	struct ct_rec rec;
	pt_cfg(&cfg, &c, ct_test_scaled(ITEMS));
	cfg.size = 1;
	cfg.consume_ns = 1000; /* keep the buffer full */
	cfg.stall_s = 0.3;     /* an overwritten pill leaves a consumer waiting */
	pt_run(&cfg, &v, &rec);
	cr_log_info("broken buffer: %s", v.why);
	cr_assert(!v.ok, "the broken buffer passed validation");
	cr_assert_gt(ct_rec_num_of(&rec, "phantom"), 0, "%s", v.why);
	cr_assert_not_null(strstr(v.why, "never consumed"), "%s", v.why);
}
