/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Mutual-exclusion validation of every lock at 2, 4 and 8 threads on this
 * machine's CPUs (4 and 8 oversubscribe a 2-CPU box), and the negative
 * control: the deliberately broken lock must fail the same validator.
 *
 * Oversubscribed runs of our spinning locks use spin-then-yield: with pure
 * spinning a FIFO lock waits a scheduler tick for every preempted successor
 * (seconds per thousand handoffs on 2 CPUs). Concurrency Kit's spin loops
 * cannot yield, so its FIFO peers get a smaller count when oversubscribed;
 * `pure_spin_oversubscribed_finishes` covers our own pure-spin case.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <string.h>

#include "harness/lock/lockbench.h"
#include "harness/lock/lockcheck.h"
#include "harness/core/topology.h"
#include "locks/ops.h"
#include "helpers.h"
#include "support.h"

struct vcase {
	char algo[32];
	unsigned threads;
};


/* Run the validator with compact placement over this machine's CPUs. */
static int check(const char *algo, unsigned n, uint64_t ops,
		 enum ct_wait_policy wait, struct ct_lockcheck_result *r)
{
	int cpus[64], numa[64];
	struct ct_placement pl;
	char err[256];
	cr_assert_eq(ct_placement_parse("compact", &pl, err, sizeof(err)), 0);
	cr_assert_eq(ct_placement_resolve(&ct_test_topo, &pl, n, cpus, err, sizeof(err)), 0);
	for (unsigned i = 0; i < n; i++)
		numa[i] = ct_topo_numa_of(&ct_test_topo, cpus[i]);
	struct ct_lockcheck_cfg c = { algo, n, ops, CT_LOCK_CFG_DEFAULT, cpus,
				      numa, 100, 4 };
	c.lock.wait.policy = (uint8_t)wait;
	return ct_lockcheck(&c, r);
}

static bool is_ck_fifo(const struct ct_lock_ops *ops)
{
	return (ops->flags & CT_LOCK_PEER) && (ops->flags & CT_LOCK_FIFO);
}

ParameterizedTestParameters(validate, every_lock)
{
	static struct vcase cases[3 * 64];
	static const unsigned threads[] = { 2, 4, 8 };
	size_t n = 0;
	for (unsigned i = 0; i < ct_lock_ops_count; i++) {
		const struct ct_lock_ops *ops = &ct_lock_ops_table[i];
		if (ops->flags & (CT_LOCK_NOEXCL | CT_LOCK_HIDDEN))
			continue;
		for (unsigned t = 0; t < 3; t++) {
			snprintf(cases[n].algo, sizeof(cases[n].algo), "%s", ops->name);
			cases[n++].threads = threads[t];
		}
	}
	return cr_make_param_array(struct vcase, cases, n);
}

ParameterizedTest(struct vcase *vc, validate, every_lock, .init = ct_test_load_topo,
		  .fini = ct_test_free_topo, .timeout = 120)
{
	const struct ct_lock_ops *ops = ct_lock_ops_find(vc->algo);
	uint64_t ops_n = 1000000;
	if (ct_test_oversubscribed(vc->threads) && is_ck_fifo(ops))
		ops_n = 1000; /* cannot yield: see the file comment */
	ops_n = ct_test_scaled(ops_n);
	struct ct_lockcheck_result r;
	int rc = check(vc->algo, vc->threads, ops_n,
		       ct_test_oversubscribed(vc->threads) ? CT_WAIT_YIELD : CT_WAIT_SPIN,
		       &r);
	cr_log_info("%s at %u threads: %.2fs", vc->algo, vc->threads, r.seconds);
	cr_assert_eq(rc, 0,
		     "%s at %u threads: rc %d, %llu overlaps, counter %llu of "
		     "%llu, %s",
		     vc->algo, vc->threads, rc, (unsigned long long)r.overlaps,
		     (unsigned long long)r.counter, (unsigned long long)ops_n,
		     r.err);
	cr_assert_eq(r.acquisitions, ops_n);
	if (ops->trylock)
		cr_assert_gt(r.try_success, 0, "%s: trylock path not exercised",
			     vc->algo);
}

/* The negative control: if this passes, the validator proves nothing. */
Test(validate, broken_lock_is_caught, .init = ct_test_load_topo,
     .fini = ct_test_free_topo,
     .timeout = 60)
{
	CT_SKIP_DELIBERATE_RACE();
	struct ct_lockcheck_result r;
	int rc = check("broken", 2, ct_test_scaled(1000000), CT_WAIT_SPIN, &r);
	cr_assert_eq(rc, 1, "the broken lock passed validation");
	cr_assert(r.overlaps > 0 || r.counter != r.acquisitions,
		  "failure must come from overlaps or lost updates");
}

Test(validate, broken_lock_is_caught_oversubscribed, .init = ct_test_load_topo,
     .fini = ct_test_free_topo, .timeout = 60)
{
	CT_SKIP_DELIBERATE_RACE();
	struct ct_lockcheck_result r;
	int rc = check("broken", 8, ct_test_scaled(1000000), CT_WAIT_YIELD, &r);
	cr_assert_eq(rc, 1, "the broken lock passed validation at 8 threads");
}

/* Pure spinning with 2x oversubscription is slow but must finish. */
Test(validate, pure_spin_oversubscribed_finishes, .init = ct_test_load_topo,
     .fini = ct_test_free_topo, .timeout = 120)
{
	static const char *const fifo[] = { "ticket", "mcs", "clh", "anderson" };
	unsigned n = 2 * (unsigned)ct_test_topo.npus;
	for (unsigned i = 0; i < CT_ARRAY_SIZE(fifo); i++) {
		struct ct_lockcheck_result r;
		int rc = check(fifo[i], n, 2000, CT_WAIT_SPIN, &r);
		cr_log_info("%s pure spin, %u threads: %.2fs", fifo[i], n, r.seconds);
		cr_assert_eq(rc, 0, "%s pure spin at %u threads: %s", fifo[i], n,
			     r.err);
	}
}
