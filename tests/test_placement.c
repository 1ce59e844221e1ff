/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_placement.c - topology flattening and placement policies, checked on
 * synthetic hwloc topologies so no NUMA or SMT hardware is needed, plus a
 * smoke test of the real machine against sched_getaffinity().
 */
#include <sched.h>
#include <stdio.h>
#include <string.h>

#include <criterion/criterion.h>

#include "harness/core/topology.h"

/* 2 packages x 4 cores x 2 PUs; OS numbering equals logical numbering. */
#define SMT_BOX "package:2 core:4 pu:2"
/* The same PUs split into 4 NUMA nodes of 2 cores each. */
#define NUMA_BOX "package:2 numa:2 core:2 pu:2"
#define NUMA_BOX_GROUPS "package:2 group:2 [numa] core:2 pu:2"
/* SMT_BOX numbered like Intel parts: siblings are N and N+8. The explicit
 * list, not the "indexes=pu:core" shorthand, which hwloc 2.9 does not
 * apply reliably. */
#define INTEL_BOX \
	"package:2 core:4 pu:2(indexes=0,8,1,9,2,10,3,11,4,12,5,13,6,14,7,15)"
#define FORMS "expected compact, scatter, numa:N or cpus:LIST (e.g. cpus:0,2-3)"

static char err[256];

static void load(struct ct_topo *t, const char *synthetic, const char *allowed)
{
	err[0] = '\0';
	cr_assert_eq(ct_topo_load(t, synthetic, allowed, err, sizeof(err)), 0,
		     "load %s / %s: %s", synthetic ? synthetic : "(machine)",
		     allowed ? allowed : "(all)", err);
}

static void resolve(const struct ct_topo *t, const char *policy, unsigned n,
		    int *out)
{
	struct ct_placement p;

	cr_assert_eq(ct_placement_parse(policy, &p, err, sizeof(err)), 0,
		     "parse %s: %s", policy, err);
	cr_assert_eq(ct_placement_resolve(t, &p, n, out, err, sizeof(err)), 0,
		     "resolve %s: %s", policy, err);
}

/* Resolve must fail with exactly `msg`. */
static void resolve_fails(const struct ct_topo *t, const char *policy,
			  unsigned n, const char *msg)
{
	struct ct_placement p;
	int out[64];

	cr_assert_eq(ct_placement_parse(policy, &p, err, sizeof(err)), 0,
		     "parse %s: %s", policy, err);
	err[0] = '\0';
	cr_assert_eq(ct_placement_resolve(t, &p, n, out, err, sizeof(err)), -1,
		     "%s should not resolve", policy);
	cr_assert_str_eq(err, msg);
}

static void expect_cpus(const int *got, const int *want, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		cr_expect_eq(got[i], want[i], "thread %u: CPU %d, want %d", i,
			     got[i], want[i]);
}

Test(placement, smt_box_counts, .timeout = 10)
{
	struct ct_topo t;

	load(&t, SMT_BOX, NULL);
	cr_assert_eq(t.npus, 16);
	cr_expect_eq(t.npackages, 2);
	cr_expect_eq(t.ncores, 8);
	cr_expect_eq(t.nnuma, 1);
	cr_expect_eq(t.numa_ids[0], 0);
	cr_expect_str_eq(t.summary, "2 packages, 8 cores, 16 PUs, 1 NUMA node");
	cr_expect_str_eq(t.allowed, "0-15");
	for (int i = 0; i < t.npus; i++) {
		cr_expect_eq(t.pus[i].os, i);
		cr_expect_eq(t.pus[i].core, i / 2);
		cr_expect_eq(t.pus[i].package, i / 8);
		cr_expect_eq(t.pus[i].numa, 0);
	}
	ct_topo_free(&t);
	cr_expect_null(t.pus);
	ct_topo_free(&t); /* freeing twice is harmless */
}

Test(placement, compact_order, .timeout = 10)
{
	struct ct_topo t;
	int out[16];

	load(&t, SMT_BOX, NULL);
	resolve(&t, "compact", 16, out);
	for (int i = 0; i < 16; i++)
		cr_expect_eq(out[i], i);
	ct_topo_free(&t);
}

Test(placement, scatter_order, .timeout = 10)
{
	static const int want[16] = { 0, 8, 2, 10, 4, 12, 6, 14,
				      1, 9, 3, 11, 5, 13, 7, 15 };
	struct ct_topo t;
	int out[16];

	load(&t, SMT_BOX, NULL);
	resolve(&t, "scatter", 16, out);
	expect_cpus(out, want, 16);
	ct_topo_free(&t);
}

Test(placement, wrap_around, .timeout = 10)
{
	static const int scatter[20] = { 0, 8, 2,  10, 4, 12, 6, 14, 1, 9,
					 3, 11, 5, 13, 7, 15, 0, 8, 2, 10 };
	struct ct_topo t;
	int out[20];

	load(&t, SMT_BOX, NULL);
	resolve(&t, "compact", 20, out);
	for (int i = 0; i < 20; i++)
		cr_expect_eq(out[i], i % 16);
	resolve(&t, "scatter", 20, out);
	expect_cpus(out, scatter, 20);
	ct_topo_free(&t);
}

Test(placement, explicit_cpus, .timeout = 10)
{
	static const int want[7] = { 3, 1, 4, 5, 6, 3, 1 };
	struct ct_placement p;
	struct ct_topo t;
	int out[7];

	load(&t, SMT_BOX, NULL);
	cr_assert_eq(ct_placement_parse("cpus:3,1,4-6", &p, err, sizeof(err)),
		     0);
	cr_expect_eq(p.kind, CT_PLACE_CPUS);
	cr_expect_eq(p.ncpus, 5);
	cr_expect_str_eq(p.text, "cpus:3,1,4-6");
	resolve(&t, "cpus:3,1,4-6", 7, out); /* 7 threads on 5 CPUs wrap */
	expect_cpus(out, want, 7);
	resolve_fails(&t, "cpus:0,16", 2,
		      "CPU 16 is outside the allowed set 0-15");
	ct_topo_free(&t);
}

Test(placement, cpu_outside_allowed_rejected, .timeout = 10)
{
	struct ct_topo t;
	int out[2];

	load(&t, SMT_BOX, "0-5");
	resolve_fails(&t, "cpus:7", 1, "CPU 7 is outside the allowed set 0-5");
	resolve_fails(&t, "cpus:0,5,6", 3,
		      "CPU 6 is outside the allowed set 0-5");
	resolve(&t, "cpus:5,0", 2, out);
	cr_expect(out[0] == 5 && out[1] == 0);
	ct_topo_free(&t);
}

Test(placement, allowed_restricts_compact_and_scatter, .timeout = 10)
{
	static const int scatter[6] = { 0, 2, 4, 1, 3, 5 };
	struct ct_topo t;
	int out[8];

	load(&t, SMT_BOX, "0-5");
	cr_expect_eq(t.npus, 6);
	cr_expect_eq(t.npackages, 1);
	cr_expect_eq(t.ncores, 3);
	cr_expect_str_eq(t.allowed, "0-5");
	cr_expect_str_eq(t.summary, "1 package, 3 cores, 6 PUs, 1 NUMA node");
	resolve(&t, "compact", 8, out);
	for (int i = 0; i < 8; i++)
		cr_expect_eq(out[i], i % 6);
	resolve(&t, "scatter", 6, out);
	expect_cpus(out, scatter, 6);
	cr_expect_eq(ct_topo_find(&t, 5), 5);
	cr_expect_eq(ct_topo_find(&t, 6), -1);
	ct_topo_free(&t);
}

/* A lopsided restriction: package 0 keeps one core, package 1 three. Every
 * core still gets a thread before any SMT sibling does. */
Test(placement, scatter_lopsided_allowed, .timeout = 10)
{
	static const int want[8] = { 0, 8, 10, 12, 1, 9, 11, 13 };
	struct ct_topo t;
	int out[8];

	load(&t, SMT_BOX, "12-13,0-1,8-11");
	cr_expect_str_eq(t.allowed, "0-1,8-13");
	cr_expect_eq(t.ncores, 4);
	cr_expect_eq(t.npackages, 2);
	resolve(&t, "scatter", 8, out);
	expect_cpus(out, want, 8);
	ct_topo_free(&t);
}

/* Intel-style numbering: SMT siblings are N and N+8, so OS numbers differ
 * from logical ones; placement must hand out OS numbers. */

Test(placement, os_numbering_differs_from_logical, .timeout = 10)
{
	static const int compact[6] = { 0, 8, 1, 9, 2, 10 };
	static const int scatter[10] = { 0, 4, 1, 5, 2, 6, 3, 7, 8, 12 };
	struct ct_topo t;
	int out[10];

	load(&t, INTEL_BOX, NULL);
	cr_expect_str_eq(t.allowed, "0-15");
	resolve(&t, "compact", 6, out);
	expect_cpus(out, compact, 6);
	resolve(&t, "scatter", 10, out);
	expect_cpus(out, scatter, 10);
	ct_topo_free(&t);

	load(&t, INTEL_BOX, "0-3");
	cr_expect_eq(t.ncores, 4, "one PU on each of 4 cores");
	cr_expect_eq(t.npackages, 1);
	resolve(&t, "compact", 4, out);
	expect_cpus(out, (const int[]){ 0, 1, 2, 3 }, 4);
	ct_topo_free(&t);
}

static void check_numa_box(const char *synthetic)
{
	/* package, then NUMA group, then core, then SMT sibling */
	static const int scatter[16] = { 0, 8, 4, 12, 2, 10, 6, 14,
					 1, 9, 5, 13, 3, 11, 7, 15 };
	struct ct_topo t;
	int out[16];

	load(&t, synthetic, NULL);
	cr_assert_eq(t.nnuma, 4, "%s", synthetic);
	cr_expect_str_eq(t.summary,
			 "2 packages, 8 cores, 16 PUs, 4 NUMA nodes");
	for (int n = 0; n < 4; n++) {
		char policy[24];

		cr_expect_eq(t.numa_ids[n], n);
		snprintf(policy, sizeof(policy), "numa:%d", n);
		resolve(&t, policy, 6, out); /* 6 threads on 4 PUs wrap */
		for (int i = 0; i < 6; i++) {
			cr_expect_eq(out[i], n * 4 + i % 4, "%s thread %d",
				     policy, i);
			cr_expect_eq(ct_topo_numa_of(&t, out[i]), n);
		}
	}
	resolve(&t, "scatter", 16, out);
	expect_cpus(out, scatter, 16);
	resolve_fails(&t, "numa:4", 1,
		      "NUMA node 4 is outside the allowed set (allowed nodes: 0-3)");
	ct_topo_free(&t);
}

Test(placement, numa_nodes, .timeout = 10)
{
	check_numa_box(NUMA_BOX);
	check_numa_box(NUMA_BOX_GROUPS);
}

Test(placement, numa_nodes_restricted, .timeout = 10)
{
	struct ct_topo t;
	int out[4];

	load(&t, NUMA_BOX, "4-11");
	cr_expect_eq(t.nnuma, 2);
	cr_expect(t.numa_ids[0] == 1 && t.numa_ids[1] == 2);
	resolve(&t, "numa:2", 4, out);
	for (int i = 0; i < 4; i++)
		cr_expect_eq(out[i], 8 + i);
	resolve_fails(&t, "numa:0", 1,
		      "NUMA node 0 is outside the allowed set (allowed nodes: 1-2)");
	cr_expect_eq(ct_topo_numa_of(&t, 3), 0); /* not allowed: unknown */
	cr_expect_eq(ct_topo_numa_of(&t, 11), 2);
	ct_topo_free(&t);
}

Test(placement, single_pu_singular_summary, .timeout = 10)
{
	struct ct_topo t;
	int out[3];

	load(&t, "pu:1", NULL);
	cr_expect_str_eq(t.summary, "1 package, 1 core, 1 PU, 1 NUMA node");
	cr_expect_str_eq(t.allowed, "0");
	resolve(&t, "scatter", 3, out);
	cr_expect(out[0] == 0 && out[1] == 0 && out[2] == 0);
	ct_topo_free(&t);
}

Test(placement, load_errors, .timeout = 10)
{
	static const struct {
		const char *allowed, *msg;
	} bad[] = {
		{ "16", "allowed CPU list '16' names CPU 16, which does not exist" },
		{ "0-3,x", "invalid allowed CPU list '0-3,x' (e.g. 0-3,8)" },
		{ "", "invalid allowed CPU list '' (e.g. 0-3,8)" },
	};
	struct ct_topo t;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cr_expect_eq(ct_topo_load(&t, SMT_BOX, bad[i].allowed, err,
					  sizeof(err)),
			     -1, "allowed '%s'", bad[i].allowed);
		cr_expect_str_eq(err, bad[i].msg);
		cr_expect_null(t.pus);
	}
	cr_expect_eq(ct_topo_load(&t, "bogus:3", NULL, err, sizeof(err)), -1);
	cr_expect(strstr(err, "invalid synthetic topology 'bogus:3'"), "%s",
		  err);
}

Test(placement, resolve_errors, .timeout = 10)
{
	struct ct_placement p;
	struct ct_topo t;
	int out[1];

	load(&t, SMT_BOX, NULL);
	cr_assert_eq(ct_placement_parse("compact", &p, err, sizeof(err)), 0);
	cr_expect_eq(ct_placement_resolve(&t, &p, 0, out, err, sizeof(err)),
		     -1);
	cr_expect_str_eq(err, "placement needs at least one thread");
	ct_topo_free(&t);
}

Test(placement, parse_valid, .timeout = 10)
{
	static const struct {
		const char *in, *text;
		enum ct_place_kind kind;
	} ok[] = {
		{ "compact", "compact", CT_PLACE_COMPACT },
		{ "scatter", "scatter", CT_PLACE_SCATTER },
		{ "numa:0", "numa:0", CT_PLACE_NUMA },
		{ "numa:03", "numa:3", CT_PLACE_NUMA },
		{ "cpus:7", "cpus:7", CT_PLACE_CPUS },
		{ "cpus:0,1,2,3,8", "cpus:0-3,8", CT_PLACE_CPUS },
		{ "cpus:5-3,1", NULL, CT_PLACE_CPUS }, /* reversed: invalid */
	};
	struct ct_placement p;

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		int rc = ct_placement_parse(ok[i].in, &p, err, sizeof(err));

		if (!ok[i].text) {
			cr_expect_eq(rc, -1, "%s", ok[i].in);
			continue;
		}
		cr_expect_eq(rc, 0, "%s: %s", ok[i].in, err);
		cr_expect_eq(p.kind, ok[i].kind, "%s", ok[i].in);
		cr_expect_str_eq(p.text, ok[i].text);
	}
	cr_assert_eq(ct_placement_parse("numa:3", &p, err, sizeof(err)), 0);
	cr_expect_eq(p.numa, 3);
}

Test(placement, parse_long_list_text_truncated, .timeout = 10)
{
	char in[512] = "cpus:";
	struct ct_placement p;

	for (int c = 0; c < 64; c += 2)
		snprintf(in + strlen(in), sizeof(in) - strlen(in), "%s%d",
			 c ? "," : "", c);
	cr_assert_eq(ct_placement_parse(in, &p, err, sizeof(err)), 0, "%s",
		     err);
	cr_expect_eq(p.ncpus, 32);
	cr_expect_eq(p.cpus[31], 62);
	cr_expect_lt(strlen(p.text), sizeof(p.text));
	cr_expect(strstr(p.text, ",...") != NULL, "%s", p.text);
	cr_expect_eq(strncmp(p.text, "cpus:0,2,4,", 11), 0, "%s", p.text);
}

Test(placement, parse_errors, .timeout = 10)
{
	static const char *const bad[] = {
		/* unknown policy names */
		"", "foo", "Compact", "compact ", "scatter2",
		/* numa:N without a clean node number */
		"numa", "numa:", "numa:x", "numa:-1", "numa:1x", "numa:+1",
		"numa: 1",
		/* cpus:LIST: empty items, trailing commas, reversed ranges,
		 * garbage, duplicates, more than 1024 CPUs */
		"cpus", "cpus:", "cpus:1,", "cpus:,1", "cpus:1,,2", "cpus:5-3",
		"cpus:1-", "cpus:-1", "cpus:a", "cpus:1 ", "cpus:0x1",
		"cpus:1-2-3", "cpus:1,1", "cpus:0-3,2", "cpus:0-1024",
	};
	struct ct_placement p;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		cr_expect_eq(ct_placement_parse(bad[i], &p, err, sizeof(err)),
			     -1, "'%s' accepted", bad[i]);
		cr_expect(strstr(err, FORMS) != NULL, "'%s': %s", bad[i], err);
		cr_expect(strncmp(err, "invalid placement '", 19) == 0, "%s",
			  err);
	}
	ct_placement_parse("foo", &p, err, sizeof(err));
	cr_expect_str_eq(err, "invalid placement 'foo': " FORMS);
	ct_placement_parse("cpus:2,4,2", &p, err, sizeof(err));
	cr_expect_str_eq(err, "invalid placement 'cpus:2,4,2': CPU 2 is listed "
			      "twice; " FORMS);
	cr_expect_eq(ct_placement_parse(NULL, &p, err, sizeof(err)), -1);
}

Test(placement, cpu_list_valid, .timeout = 10)
{
	int out[16];

	cr_expect_eq(ct_parse_cpu_list("0", out, 16), 1);
	cr_expect_eq(out[0], 0);
	cr_assert_eq(ct_parse_cpu_list("0-3,8,10-11", out, 16), 7);
	expect_cpus(out, (const int[]){ 0, 1, 2, 3, 8, 10, 11 }, 7);
	cr_assert_eq(ct_parse_cpu_list("3,1,2", out, 16), 3); /* order kept */
	expect_cpus(out, (const int[]){ 3, 1, 2 }, 3);
	cr_expect_eq(ct_parse_cpu_list("5-5", out, 16), 1);
	cr_expect_eq(out[0], 5);
	cr_expect_eq(ct_parse_cpu_list("007", out, 16), 1);
	cr_expect_eq(out[0], 7);
	cr_expect_eq(ct_parse_cpu_list("0-3", out, 4), 4); /* exactly max */
}

Test(placement, cpu_list_invalid, .timeout = 10)
{
	static const char *const bad[] = {
		/* empty items and trailing or leading commas */
		"", ",", "1,", ",1", "1,,2",
		/* signs, half or reversed ranges */
		"-1", "+1", "1-", "-", "5-3", "1-2-3",
		/* garbage, spaces, other bases, too large */
		" 1", "1 ", "0x1", "a", "1,a", "1;2", "1.5", "9999999999",
		/* duplicates */
		"1,1", "0-3,2",
	};
	int out[16];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_expect_eq(ct_parse_cpu_list(bad[i], out, 16), -1, "'%s'",
			     bad[i]);
	cr_expect_eq(ct_parse_cpu_list(NULL, out, 16), -1);
	cr_expect_eq(ct_parse_cpu_list("0-3", out, 3), -1); /* over max */
	cr_expect_eq(ct_parse_cpu_list("0", out, 0), -1);
	cr_expect_eq(ct_parse_cpu_list("0-1000000000", out, 16), -1);
}

/* The affinity mask as a range list, the format of ct_topo.allowed. */
static void affinity_list(char *buf, size_t len, int *first)
{
	cpu_set_t set;
	size_t used = 0;

	cr_assert_eq(sched_getaffinity(0, sizeof(set), &set), 0);
	buf[0] = '\0';
	*first = -1;
	for (int c = 0; c < CPU_SETSIZE; c++) {
		int e = c;

		if (!CPU_ISSET(c, &set))
			continue;
		if (*first < 0)
			*first = c;
		while (e + 1 < CPU_SETSIZE && CPU_ISSET(e + 1, &set))
			e++;
		used += snprintf(buf + used, len - used,
				 e > c ? "%s%d-%d" : "%s%d", used ? "," : "",
				 c, e);
		cr_assert_lt(used, len);
		c = e;
	}
}

Test(placement, real_machine, .timeout = 10)
{
	struct ct_topo t;
	char want[256];
	int first, out[4];

	affinity_list(want, sizeof(want), &first);
	load(&t, NULL, NULL);
	cr_assert_geq(t.npus, 1);
	cr_expect_geq(t.ncores, 1);
	cr_expect_geq(t.npackages, 1);
	cr_assert_geq(t.nnuma, 1);
	cr_expect_str_eq(t.allowed, want);
	cr_log_info("machine: %s, allowed %s", t.summary, t.allowed);
	resolve(&t, "scatter", 4, out);
	for (int i = 0; i < 4; i++) {
		cr_expect_geq(ct_topo_find(&t, out[i]), 0);
		cr_expect_eq(ct_topo_numa_of(&t, out[i]),
			     t.pus[ct_topo_find(&t, out[i])].numa);
	}
	ct_topo_free(&t);

	/* an explicit restriction on the real machine */
	snprintf(want, sizeof(want), "%d", first);
	load(&t, NULL, want);
	cr_expect_eq(t.npus, 1);
	cr_expect_str_eq(t.allowed, want);
	ct_topo_free(&t);
}

/* Narrowing our own affinity narrows the allowed set (taskset works). */
Test(placement, real_machine_follows_affinity, .timeout = 10)
{
	struct ct_topo t;
	cpu_set_t one;
	char want[256], other[16];
	int first, second = -1;

	affinity_list(want, sizeof(want), &first);
	cr_assert_eq(sched_getaffinity(0, sizeof(one), &one), 0);
	for (int c = first + 1; c < CPU_SETSIZE && second < 0; c++)
		if (CPU_ISSET(c, &one))
			second = c;
	if (second < 0)
		cr_skip_test("needs two allowed CPUs");
	CPU_ZERO(&one);
	CPU_SET(first, &one);
	cr_assert_eq(sched_setaffinity(0, sizeof(one), &one), 0);

	load(&t, NULL, NULL);
	cr_expect_eq(t.npus, 1);
	cr_expect_eq(t.pus[0].os, first);
	ct_topo_free(&t);

	snprintf(other, sizeof(other), "%d", second);
	cr_expect_eq(ct_topo_load(&t, NULL, other, err, sizeof(err)), -1);
	cr_expect(strstr(err, "leaves no CPU") != NULL, "%s", err);
}
