/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * topology.h - the machine as the harness sees it, and thread placement.
 *
 * The topology is read once from hwloc (the real machine, or a synthetic
 * description such as "package:2 core:4 pu:2" for tests) and flattened into
 * the PUs the process may use: hwloc's allowed cpuset intersected with the
 * process's affinity mask (taskset, cgroup cpusets). Placement then works
 * on that flat list only, so it is testable without the hardware.
 */
#ifndef CT_TOPOLOGY_H
#define CT_TOPOLOGY_H

#include <stddef.h>

struct ct_pu {
	int os;      /* OS CPU number (what sched_setaffinity takes) */
	int core;    /* logical index of its core, machine-wide */
	int package; /* logical index of its package */
	int numa;    /* OS index of its NUMA node; 0 on machines without one */
	int vnode;   /* the node placement and NUMA-aware locks use: numa,
		      * or its virtual node after ct_topo_split_vnodes() */
};

struct ct_topo {
	int npus;          /* allowed PUs */
	struct ct_pu *pus; /* in compact order: depth-first, SMT siblings adjacent */
	int *scatter;      /* npus indices into pus[], in scatter order */
	int npackages, ncores, nnuma; /* counted over the allowed PUs */
	int *numa_ids;     /* nnuma distinct NUMA OS indices, ascending */
	char summary[160]; /* e.g. "2 packages, 8 cores, 16 PUs, 4 NUMA nodes" */
	char allowed[256]; /* allowed OS CPUs as a list, e.g. "0-3,8" */
	int nvnodes;       /* 0, or the N of ct_topo_split_vnodes() */
};

/*
 * Load the topology. synthetic: NULL for this machine, else an hwloc
 * synthetic description. allowed: NULL for the process's allowed set, else a
 * CPU list ("0-5,8") that further restricts it (tests use this to mimic a
 * cgroup). Returns 0, or -1 with a message in err.
 */
int ct_topo_load(struct ct_topo *t, const char *synthetic, const char *allowed,
		 char *err, size_t errlen);
void ct_topo_free(struct ct_topo *t);

/*
 * --vnodes N: split the allowed PUs, in compact order, into N contiguous
 * virtual nodes 0..N-1 (sizes differ by at most one PU). From then on
 * numa:K placement means virtual node K, scatter round-robins over the
 * virtual nodes, and ct_topo_node_of() returns the virtual node. Memory
 * placement keeps the real node (pus[].numa). Returns 0, or -1 with a
 * message naming the valid range.
 */
int ct_topo_split_vnodes(struct ct_topo *t, int n, char *err, size_t errlen);

/* The node of OS CPU `os` as NUMA-aware locks and records see it:
 * its virtual node under --vnodes, else its NUMA node; 0 if unknown. */
int ct_topo_node_of(const struct ct_topo *t, int os);

/* Index into t->pus of OS CPU `os`, or -1 if it is not allowed. */
int ct_topo_find(const struct ct_topo *t, int os);

enum ct_place_kind {
	CT_PLACE_COMPACT, /* fill SMT siblings, then cores, then packages */
	CT_PLACE_SCATTER, /* round-robin across packages/NUMA, cores, then SMT */
	CT_PLACE_NUMA,    /* compact inside one NUMA node: "numa:N" */
	CT_PLACE_CPUS,    /* explicit OS CPU list: "cpus:0,2,4-6" */
};

struct ct_placement {
	enum ct_place_kind kind;
	int numa;      /* CT_PLACE_NUMA: node OS index */
	int ncpus;     /* CT_PLACE_CPUS: list length */
	int cpus[1024]; /* CT_PLACE_CPUS: OS CPU numbers, in the order given */
	char text[64]; /* canonical name for results: "compact", "cpus:0,2" */
};

/* Parse a --placement value. Returns 0, or -1 with a message naming the
 * valid forms in err. */
int ct_placement_parse(const char *s, struct ct_placement *p, char *err,
		       size_t errlen);

/*
 * Choose an OS CPU for each of nthreads threads: cpu_out[i] for thread i.
 * More threads than CPUs wrap around (oversubscription is allowed and
 * reported). Fails (-1, message in err listing the allowed CPUs / nodes) when
 * an explicit CPU or NUMA node is outside the allowed set.
 */
int ct_placement_resolve(const struct ct_topo *t, const struct ct_placement *p,
			 unsigned nthreads, int *cpu_out, char *err,
			 size_t errlen);

/* NUMA node (OS index) of OS CPU `os`; 0 if unknown. */
int ct_topo_numa_of(const struct ct_topo *t, int os);

/* Parse a CPU list "0-3,8,10-11" into out[] (at most max entries, in order).
 * Returns the count, or -1 on malformed input. */
int ct_parse_cpu_list(const char *s, int *out, int max);

#endif /* CT_TOPOLOGY_H */
