/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * NUMA-aware locks and the park policy:
 *  - node ids reach the locks: on synthetic 2- and 4-package topologies
 *    (real NUMA nodes) and split into virtual nodes (--vnodes), the node
 *    each thread's placement gives is the node its lock context holds;
 *  - the NUMA-aware locks keep mutual exclusion with threads on two
 *    nodes, so their secondary queues and cohort passes are exercised;
 *  - every waiting lock keeps mutual exclusion under --wait park, and a
 *    benchmark run counts the parks it caused.
 * Validation counts here are smaller than `contend validate`'s 10^6 (the
 * command does those): this suite must stay quick on 2 shared CPUs.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/core/topology.h"
#include "harness/lock/lockcheck.h"
#include "locks/all.h"
#include "locks/ops.h"
#include "support.h"

static void load(struct ct_topo *t, const char *synthetic)
{
	char err[256];
	cr_assert_eq(ct_topo_load(t, synthetic, NULL, err, sizeof(err)), 0,
		     "%s: %s", synthetic, err);
}

/* Scatter n threads; node[i] from the topology. */
static void place(const struct ct_topo *t, unsigned n, int *cpus, int *node)
{
	struct ct_placement pl;
	char err[256];
	cr_assert_eq(ct_placement_parse("scatter", &pl, err, sizeof(err)), 0);
	cr_assert_eq(ct_placement_resolve(t, &pl, n, cpus, err, sizeof(err)), 0,
		     "%s", err);
	for (unsigned i = 0; i < n; i++)
		node[i] = ct_topo_node_of(t, cpus[i]);
}

/* Each thread's cna and c-tkt-mcs context holds node[tid]. */
static void expect_nodes_reach_locks(const int *node, unsigned n)
{
	struct ct_lock_cfg cfg = CT_LOCK_CFG_DEFAULT;
	struct ct_lock_cna cna;
	struct ct_lock_c_tkt_mcs ctm;
	struct ct_lock_cna_ctx *cc = aligned_alloc(CT_PAD, n * sizeof(*cc));
	struct ct_lock_c_tkt_mcs_ctx *tc = aligned_alloc(CT_PAD, n * sizeof(*tc));

	cfg.max_threads = n;
	cfg.thread_node = node;
	cr_assert(cc && tc);
	cr_assert_eq(ct_lock_cna_init(&cna, &cfg), 0);
	cr_assert_eq(ct_lock_c_tkt_mcs_init(&ctm, &cfg), 0);
	for (unsigned i = 0; i < n; i++) {
		ct_lock_cna_ctx_init(&cna, &cc[i], i);
		ct_lock_c_tkt_mcs_ctx_init(&ctm, &tc[i], i);
		cr_expect_eq(cc[i].node, node[i], "cna thread %u", i);
		cr_expect_eq((int)tc[i].node, node[i], "c-tkt-mcs thread %u", i);
		/* one acquisition through each node's own queue */
		ct_lock_c_tkt_mcs_acquire(&ctm, &tc[i]);
		ct_lock_c_tkt_mcs_release(&ctm, &tc[i]);
	}
	ct_lock_cna_destroy(&cna);
	ct_lock_c_tkt_mcs_destroy(&ctm);
	free(cc), free(tc);
}

static void check_packages(const char *synthetic, int packages)
{
	struct ct_topo t;
	int cpus[8], node[8];

	load(&t, synthetic);
	cr_assert_eq(t.nnuma, packages, "%s", synthetic);
	place(&t, 8, cpus, node);
	for (unsigned i = 0; i < 8; i++) /* scatter: round-robin by node */
		cr_expect_eq(node[i], (int)i % packages, "%s thread %u",
			     synthetic, i);
	expect_nodes_reach_locks(node, 8);
	ct_topo_free(&t);
}

Test(numa_locks, two_packages_reach_locks, .timeout = 20)
{
	check_packages("package:2 [numa] core:4 pu:1", 2);
}

Test(numa_locks, four_packages_reach_locks, .timeout = 20)
{
	check_packages("package:4 [numa] core:2 pu:1", 4);
}

Test(numa_locks, vnodes_split_and_reach_locks, .timeout = 20)
{
	static const unsigned splits[] = { 2, 4 };
	for (unsigned s = 0; s < 2; s++) {
		struct ct_topo t;
		int cpus[8], node[8];
		char err[256];
		unsigned v = splits[s];

		load(&t, "package:1 core:8 pu:1");
		cr_assert_eq(ct_topo_split_vnodes(&t, (int)v, err, sizeof(err)),
			     0, "%s", err);
		for (int i = 0; i < t.npus; i++) /* contiguous, equal parts */
			cr_expect_eq(t.pus[i].vnode, i * (int)v / 8);
		place(&t, 8, cpus, node);
		for (unsigned i = 0; i < 8; i++)
			cr_expect_eq(node[i], (int)(i % v), "%u vnodes, thread %u",
				     v, i);
		expect_nodes_reach_locks(node, 8);
		ct_topo_free(&t);
	}
}

Test(numa_locks, vnodes_numa_placement_and_errors, .timeout = 20)
{
	struct ct_topo t;
	struct ct_placement pl;
	int cpus[4];
	char err[256];

	load(&t, "package:1 core:4 pu:1");
	cr_expect_neq(ct_topo_split_vnodes(&t, 5, err, sizeof(err)), 0);
	cr_expect(strstr(err, "expected 1..4"), "%s", err);
	cr_assert_eq(ct_topo_split_vnodes(&t, 2, err, sizeof(err)), 0);
	cr_assert_eq(ct_placement_parse("numa:1", &pl, err, sizeof(err)), 0);
	cr_assert_eq(ct_placement_resolve(&t, &pl, 4, cpus, err, sizeof(err)), 0);
	for (unsigned i = 0; i < 4; i++)
		cr_expect_eq(cpus[i], 2 + (int)i % 2, "numa:1 thread %u", i);
	cr_assert_eq(ct_placement_parse("numa:2", &pl, err, sizeof(err)), 0);
	cr_expect_neq(ct_placement_resolve(&t, &pl, 1, cpus, err, sizeof(err)), 0);
	cr_expect(strstr(err, "virtual nodes 0-1"), "%s", err);
	ct_topo_free(&t);
}

Test(numa_locks, vnodes_bad_value_is_usage_error, .timeout = 20)
{
	ct_test_expect_usage_error("lock --algo cna --vnodes 0", "--vnodes");
	ct_test_expect_usage_error("validate lock --algo cna --vnodes 100000",
				   "--vnodes");
}

/* Validate algo at n threads, thread i on node i % 2 of this machine's
 * CPUs (compact placement). */
static int check(const char *algo, unsigned n, uint64_t ops, unsigned wait,
		 struct ct_lockcheck_result *r)
{
	int cpus[16], numa[16], node[16];
	struct ct_placement pl;
	char err[256];
	cr_assert_eq(ct_placement_parse("compact", &pl, err, sizeof(err)), 0);
	cr_assert_eq(ct_placement_resolve(&ct_test_topo, &pl, n, cpus, err,
					  sizeof(err)), 0);
	for (unsigned i = 0; i < n; i++) {
		numa[i] = ct_topo_numa_of(&ct_test_topo, cpus[i]);
		node[i] = (int)i % 2;
	}
	struct ct_lockcheck_cfg c = { algo, n, ops, CT_LOCK_CFG_DEFAULT, cpus,
				      numa, 100, 4 };
	c.lock.wait.policy = (uint8_t)wait;
	c.lock.thread_node = node;
	return ct_lockcheck(&c, r);
}

static void expect_valid(const char *algo, unsigned n, uint64_t ops,
			 unsigned wait)
{
	struct ct_lockcheck_result r;
	int rc = check(algo, n, ops, wait, &r);
	cr_log_info("%s %s at %u threads: %.2fs", algo, ct_wait_name(wait), n,
		    r.seconds);
	cr_assert_eq(rc, 0, "%s (%s) at %u threads: rc %d, %llu overlaps, "
		     "counter %llu of %llu, %s", algo, ct_wait_name(wait), n,
		     rc, (unsigned long long)r.overlaps,
		     (unsigned long long)r.counter, (unsigned long long)ops,
		     r.err);
}

Test(numa_locks, numa_locks_valid_on_two_nodes, .init = ct_test_load_topo,
     .fini = ct_test_free_topo, .timeout = 120)
{
	static const unsigned threads[] = { 2, 4, 8 };
	for (unsigned i = 0; i < ct_lock_ops_count; i++) {
		const struct ct_lock_ops *ops = &ct_lock_ops_table[i];
		if (!(ops->flags & CT_LOCK_NUMA))
			continue;
		for (unsigned t = 0; t < 3; t++)
			expect_valid(ops->name, threads[t], 100000,
				     ct_test_oversubscribed(threads[t]) ?
					     CT_WAIT_YIELD : CT_WAIT_SPIN);
	}
}

Test(numa_locks, every_waiting_lock_valid_parked, .init = ct_test_load_topo,
     .fini = ct_test_free_topo, .timeout = 180)
{
	static const unsigned threads[] = { 2, 4, 8 };
	for (unsigned i = 0; i < ct_lock_ops_count; i++) {
		const struct ct_lock_ops *ops = &ct_lock_ops_table[i];
		if (!(ops->flags & CT_LOCK_WAITS) || (ops->flags & CT_LOCK_HIDDEN))
			continue;
		for (unsigned t = 0; t < 3; t++)
			expect_valid(ops->name, threads[t], 20000, CT_WAIT_PARK);
	}
}

/* A parked run reports its parks (spin limit 0: every wait sleeps). */
Test(numa_locks, park_is_counted, .timeout = 60)
{
	char v[64];
	int rc = ct_test_contend("lock --algo mcs,tas --threads 4 --wait park "
				 "--spin-limit 0 --duration 0.1 --warmup 0 "
				 "--reps 1 --format csv --quiet");
	cr_assert_eq(rc, 0, "%s", ct_test_out);
	for (unsigned row = 0; row < 2; row++) {
		cr_assert(ct_test_csv_field(ct_test_out, row, "parks", v,
					    sizeof(v)), "%s", ct_test_out);
		cr_expect_gt(atoll(v), 0, "row %u: parks %s", row, v);
		cr_assert(ct_test_csv_field(ct_test_out, row, "wait", v,
					    sizeof(v)));
		cr_expect_str_eq(v, "park");
	}
}
