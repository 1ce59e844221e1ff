/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * vnodes.c - virtual NUMA nodes (--vnodes N) on machines with fewer real
 * ones: the allowed PUs, in compact order, cut into N contiguous groups.
 * Placement, records and NUMA-aware locks then see N nodes; memory still
 * goes to the real node (pus[].numa). See topology.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "topology.h"

/* Scatter over virtual nodes: round r takes each node's r-th PU, the PUs of
 * one node in the order the hardware scatter gave them. */
static int vnodes_scatter(struct ct_topo *t)
{
	int *order = malloc(sizeof(int) * (size_t)t->npus), k = 0;

	if (!order)
		return -1;
	for (int r = 0; k < t->npus; r++) {
		for (int v = 0; v < t->nvnodes; v++) {
			int seen = 0; /* the r-th PU of node v in scatter order */
			for (int i = 0; i < t->npus; i++) {
				int pu = t->scatter[i];
				if (t->pus[pu].vnode != v || seen++ != r)
					continue;
				order[k++] = pu;
				break;
			}
		}
	}
	memcpy(t->scatter, order, sizeof(int) * (size_t)t->npus);
	free(order);
	return 0;
}

int ct_topo_split_vnodes(struct ct_topo *t, int n, char *err, size_t errlen)
{
	if (n < 1 || n > t->npus) {
		snprintf(err, errlen, "--vnodes %d: expected 1..%d (one virtual "
			 "node needs at least one of the %d allowed CPUs)",
			 n, t->npus, t->npus);
		return -1;
	}
	for (int i = 0; i < t->npus; i++)
		t->pus[i].vnode = (int)((long long)i * n / t->npus);
	t->nvnodes = n;
	if (vnodes_scatter(t)) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	size_t len = strlen(t->summary);
	snprintf(t->summary + len, sizeof(t->summary) - len,
		 " (%d virtual)", n);
	return 0;
}

int ct_topo_node_of(const struct ct_topo *t, int os)
{
	int i = ct_topo_find(t, os);

	return i < 0 ? 0 : t->pus[i].vnode;
}
