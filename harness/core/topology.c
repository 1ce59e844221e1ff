/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * topology.c - hwloc topology flattened into allowed PUs, and placement.
 *
 * Load reads hwloc once, keeps the PUs the process may use (hwloc's allowed
 * cpuset, which already reflects cgroup cpusets, intersected with the calling
 * thread's affinity from taskset, optionally narrowed by an explicit list)
 * and destroys the hwloc topology again: struct ct_topo is self-contained,
 * so placement needs no hwloc and is testable on any box.
 *
 * Synthetic topologies for tests. hwloc 2 attaches NUMA nodes as memory
 * children, and its synthetic syntax accepts them two ways (hwloc 2.9):
 *   "package:2 numa:2 core:2 pu:2"         a numa level: hwloc makes it a
 *                                           Group with one NUMA node each
 *   "package:2 group:2 [numa] core:2 pu:2" the same tree, spelled out
 *   "package:2 [numa] core:4 pu:2"         one node per package
 * All give NUMA OS indices 0..N-1 in PU order. Nesting "[numa]" at two
 * levels gives each PU two nodes; we then take the innermost.
 */
#include <sched.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hwloc.h>

#include "topology.h"

/* Largest CPU number a list may name; keeps ranges and arithmetic small. */
#define CT_CPU_MAX (1 << 20)
#define CT_PLACE_MAXCPUS \
	((int)(sizeof(((struct ct_placement *)0)->cpus) / sizeof(int)))
#define CT_PLACE_FORMS \
	"expected compact, scatter, numa:N or cpus:LIST (e.g. cpus:0,2-3)"

/* Why a CPU list was refused (internal; the public parser says -1). */
enum ct_list_err {
	CT_LIST_MALFORMED = -1,
	CT_LIST_TOO_MANY = -2,
	CT_LIST_DUPLICATE = -3,
	CT_LIST_NO_SUCH_CPU = -4,
};

__attribute__((format(printf, 3, 4))) static void
ct_seterr(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (!err || !len)
		return;
	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
}

/* ---- CPU lists ---------------------------------------------------------- */

/* Decimal number at *sp (digits only: no sign, no space), advancing *sp.
 * Returns it, or -1 if there is none or it exceeds CT_CPU_MAX. */
static int ct_parse_num(const char **sp)
{
	const char *s = *sp;
	int v = 0;

	if (*s < '0' || *s > '9')
		return -1;
	while (*s >= '0' && *s <= '9') {
		v = v * 10 + (*s++ - '0');
		if (v > CT_CPU_MAX)
			return -1;
	}
	*sp = s;
	return v;
}

/* Called per CPU of a list, in order; returns 0 or an enum ct_list_err. */
typedef int (*ct_cpu_sink)(void *ctx, int cpu);

/*
 * Walk "N" / "N-M" items separated by single commas. With a NULL sink only
 * the syntax is checked, so callers can validate before having side effects.
 */
static int ct_cpu_list_walk(const char *s, ct_cpu_sink sink, void *ctx)
{
	if (!s)
		return CT_LIST_MALFORMED;
	for (;;) {
		int lo = ct_parse_num(&s), hi = lo;

		if (lo < 0)
			return CT_LIST_MALFORMED;
		if (*s == '-') {
			s++;
			hi = ct_parse_num(&s);
			if (hi < lo) /* also a missing or bad upper bound */
				return CT_LIST_MALFORMED;
		}
		for (int cpu = lo; sink && cpu <= hi; cpu++) {
			int rc = sink(ctx, cpu);

			if (rc)
				return rc;
		}
		if (*s == '\0')
			return 0;
		if (*s++ != ',')
			return CT_LIST_MALFORMED;
	}
}

struct ct_cpu_array {
	int *out;
	int n, max;
	hwloc_bitmap_t seen;
	int bad; /* the CPU that failed, for messages */
};

static int ct_cpu_array_add(void *ctx, int cpu)
{
	struct ct_cpu_array *a = ctx;

	a->bad = cpu;
	if (hwloc_bitmap_isset(a->seen, cpu))
		return CT_LIST_DUPLICATE;
	if (a->n == a->max)
		return CT_LIST_TOO_MANY;
	if (hwloc_bitmap_set(a->seen, cpu))
		return CT_LIST_TOO_MANY; /* out of memory */
	a->out[a->n++] = cpu;
	return 0;
}

/* Parse into out[]; returns the count or an enum ct_list_err, *bad = the
 * offending CPU for duplicates. */
static int ct_cpu_list_parse(const char *s, int *out, int max, int *bad)
{
	struct ct_cpu_array a = { out, 0, max, NULL, -1 };
	int rc = ct_cpu_list_walk(s, NULL, NULL);

	if (rc)
		return rc;
	if (!out || max <= 0)
		return CT_LIST_TOO_MANY;
	a.seen = hwloc_bitmap_alloc();
	if (!a.seen)
		return CT_LIST_TOO_MANY;
	rc = ct_cpu_list_walk(s, ct_cpu_array_add, &a);
	hwloc_bitmap_free(a.seen);
	if (bad)
		*bad = a.bad;
	return rc ? rc : a.n;
}

int ct_parse_cpu_list(const char *s, int *out, int max)
{
	int n = ct_cpu_list_parse(s, out, max, NULL);

	return n < 0 ? -1 : n;
}

/*
 * Write v[0..n) as a list, runs of consecutive ascending values collapsed:
 * "0-3,8". Order is kept. If it does not fit, it ends in "..." after the
 * last whole item.
 */
static void ct_fmt_list(char *buf, size_t len, const int *v, int n)
{
	size_t used = 0;

	if (!len)
		return;
	buf[0] = '\0';
	for (int i = 0, j; i < n; i = j + 1) {
		char item[32];
		int k;

		for (j = i; j + 1 < n && v[j + 1] == v[j] + 1; j++)
			;
		if (j == i)
			k = snprintf(item, sizeof(item), "%s%d", i ? "," : "",
				     v[i]);
		else
			k = snprintf(item, sizeof(item), "%s%d-%d",
				     i ? "," : "", v[i], v[j]);
		/* leave room for ",..." unless this is the last item */
		if (used + k + (j + 1 < n ? 4 : 0) >= len) {
			snprintf(buf + used, len - used, "%s",
				 i ? ",..." : "...");
			return;
		}
		memcpy(buf + used, item, k + 1);
		used += k;
	}
}

/* ---- loading ------------------------------------------------------------ */

static int ct_hwloc_open(hwloc_topology_t *topo, const char *synthetic,
			 char *err, size_t errlen)
{
	if (hwloc_topology_init(topo)) {
		ct_seterr(err, errlen, "hwloc: cannot initialize a topology");
		return -1;
	}
	if (synthetic && hwloc_topology_set_synthetic(*topo, synthetic)) {
		ct_seterr(err, errlen,
			  "invalid synthetic topology '%s' (e.g. \"package:2 core:4 pu:2\")",
			  synthetic);
		goto fail;
	}
	if (hwloc_topology_load(*topo)) {
		ct_seterr(err, errlen, "hwloc: cannot load the topology");
		goto fail;
	}
	return 0;
fail:
	hwloc_topology_destroy(*topo);
	return -1;
}

/*
 * Narrow set to the calling thread's CPU binding, i.e. sched_getaffinity(0):
 * what taskset or a parent's mask gave us, provided load runs before any
 * thread pins itself. Not HWLOC_CPUBIND_PROCESS: that is the union over all
 * threads, so a helper thread started by a library with a wider mask (test
 * runners have them) would undo taskset.
 */
static void ct_and_binding(hwloc_topology_t topo, hwloc_bitmap_t set)
{
	hwloc_bitmap_t bind = hwloc_bitmap_alloc();

	if (!bind)
		return;
	if (!hwloc_get_cpubind(topo, bind, HWLOC_CPUBIND_THREAD))
		hwloc_bitmap_and(set, set, bind);
	hwloc_bitmap_free(bind);
}

struct ct_cpu_mask {
	hwloc_topology_t topo;
	hwloc_bitmap_t set;
	int bad;
};

static int ct_cpu_mask_add(void *ctx, int cpu)
{
	struct ct_cpu_mask *m = ctx;

	m->bad = cpu;
	if (!hwloc_get_pu_obj_by_os_index(m->topo, cpu))
		return CT_LIST_NO_SUCH_CPU;
	return hwloc_bitmap_set(m->set, cpu) ? CT_LIST_TOO_MANY : 0;
}

/* set &= the CPU list `allowed`; every CPU it names must exist. */
static int ct_and_list(hwloc_topology_t topo, hwloc_bitmap_t set,
		       const char *allowed, char *err, size_t errlen)
{
	struct ct_cpu_mask m = { topo, hwloc_bitmap_alloc(), -1 };
	int rc = ct_cpu_list_walk(allowed, NULL, NULL);

	if (!m.set) {
		ct_seterr(err, errlen, "out of memory");
		return -1;
	}
	if (!rc)
		rc = ct_cpu_list_walk(allowed, ct_cpu_mask_add, &m);
	if (rc == CT_LIST_MALFORMED)
		ct_seterr(err, errlen,
			  "invalid allowed CPU list '%s' (e.g. 0-3,8)",
			  allowed);
	else if (rc == CT_LIST_NO_SUCH_CPU)
		ct_seterr(err, errlen,
			  "allowed CPU list '%s' names CPU %d, which does not exist",
			  allowed, m.bad);
	else if (rc)
		ct_seterr(err, errlen, "out of memory");
	else
		hwloc_bitmap_and(set, set, m.set);
	hwloc_bitmap_free(m.set);
	return rc ? -1 : 0;
}

/* The PUs we may use, or NULL with err set. Synthetic: all of them. */
static hwloc_bitmap_t ct_allowed_set(hwloc_topology_t topo, bool synthetic,
				     const char *allowed, char *err,
				     size_t errlen)
{
	hwloc_bitmap_t set =
		hwloc_bitmap_dup(hwloc_topology_get_allowed_cpuset(topo));
	char before[128];

	if (!set) {
		ct_seterr(err, errlen, "out of memory");
		return NULL;
	}
	if (!synthetic)
		ct_and_binding(topo, set);
	hwloc_bitmap_list_snprintf(before, sizeof(before), set);
	if (allowed && ct_and_list(topo, set, allowed, err, errlen))
		goto fail;
	if (!hwloc_get_nbobjs_inside_cpuset_by_type(topo, set, HWLOC_OBJ_PU)) {
		ct_seterr(err, errlen,
			  "allowed CPU list '%s' leaves no CPU (the process may use %s)",
			  allowed ? allowed : "", before);
		goto fail;
	}
	return set;
fail:
	hwloc_bitmap_free(set);
	return NULL;
}

/* OS index of the nearest NUMA node: the first one attached to the closest
 * ancestor that has memory (memory-side caches may sit in between). */
static int ct_pu_numa(hwloc_obj_t pu)
{
	for (hwloc_obj_t o = pu; o; o = o->parent) {
		hwloc_obj_t m = o->memory_first_child;

		while (m && m->type != HWLOC_OBJ_NUMANODE)
			m = m->memory_first_child;
		if (m)
			return (int)m->os_index;
	}
	return 0;
}

static void ct_pu_fill(struct ct_pu *p, hwloc_topology_t topo, hwloc_obj_t pu)
{
	hwloc_obj_t core =
		hwloc_get_ancestor_obj_by_type(topo, HWLOC_OBJ_CORE, pu);
	hwloc_obj_t pkg =
		hwloc_get_ancestor_obj_by_type(topo, HWLOC_OBJ_PACKAGE, pu);

	p->os = (int)pu->os_index;
	/* without Core objects each PU is its own core */
	p->core = (int)(core ? core->logical_index : pu->logical_index);
	p->package = pkg ? (int)pkg->logical_index : 0;
	p->numa = ct_pu_numa(pu);
	p->vnode = p->numa;
}

/*
 * Scatter order. Each PU gets a key: at every depth, the rank of its
 * ancestor among that ancestor's siblings which hold allowed PUs. PUs sort
 * by key with the deepest level most significant: first PU of every core
 * before any SMT sibling, cores spread over caches, NUMA groups and packages.
 * On a symmetric tree this equals the recursive round-robin interleave of
 * children; on a restricted, lopsided one it still fills every core before
 * a sibling, which plain round-robin does not.
 */
struct ct_skey {
	const int *key; /* key[d], d = 0..depth; 0 where a level is skipped */
	int depth;	/* PU depth */
	int idx;	/* index into pus[] */
};

static int ct_skey_cmp(const void *a, const void *b)
{
	const struct ct_skey *x = a, *y = b;

	for (int d = x->depth; d > 0; d--)
		if (x->key[d] != y->key[d])
			return x->key[d] < y->key[d] ? -1 : 1;
	return x->idx - y->idx;
}

static int ct_allowed_rank(hwloc_obj_t obj, hwloc_const_bitmap_t set)
{
	int r = 0;

	for (hwloc_obj_t c = obj->parent->first_child; c != obj;
	     c = c->next_sibling)
		r += hwloc_bitmap_intersects(c->cpuset, set);
	return r;
}

static int ct_scatter_build(struct ct_topo *t, hwloc_topology_t topo,
			    hwloc_const_bitmap_t set)
{
	int depth = hwloc_get_type_depth(topo, HWLOC_OBJ_PU);
	int *keys = calloc((size_t)t->npus * (depth + 1), sizeof(int));
	struct ct_skey *sk = calloc(t->npus, sizeof(*sk));

	if (!keys || !sk) {
		free(keys);
		free(sk);
		return -1;
	}
	for (int i = 0; i < t->npus; i++) {
		int *key = keys + (size_t)i * (depth + 1);
		int os = t->pus[i].os;
		hwloc_obj_t o = hwloc_get_pu_obj_by_os_index(topo, os);

		for (; o->parent; o = o->parent)
			key[o->depth] = ct_allowed_rank(o, set);
		sk[i] = (struct ct_skey){ key, depth, i };
	}
	qsort(sk, t->npus, sizeof(*sk), ct_skey_cmp);
	for (int i = 0; i < t->npus; i++)
		t->scatter[i] = sk[i].idx;
	free(sk);
	free(keys);
	return 0;
}

/* npackages, ncores, nnuma and numa_ids, counted over the allowed PUs. */
static int ct_count(struct ct_topo *t)
{
	hwloc_bitmap_t pkg = hwloc_bitmap_alloc(), core = hwloc_bitmap_alloc(),
		       numa = hwloc_bitmap_alloc();
	int rc = -1, k = 0, id;

	if (!pkg || !core || !numa)
		goto out;
	for (int i = 0; i < t->npus; i++) {
		hwloc_bitmap_set(pkg, t->pus[i].package);
		hwloc_bitmap_set(core, t->pus[i].core);
		hwloc_bitmap_set(numa, t->pus[i].numa);
	}
	t->npackages = hwloc_bitmap_weight(pkg);
	t->ncores = hwloc_bitmap_weight(core);
	t->nnuma = hwloc_bitmap_weight(numa);
	t->numa_ids = calloc(t->nnuma, sizeof(int));
	if (!t->numa_ids)
		goto out;
	hwloc_bitmap_foreach_begin(id, numa)
		t->numa_ids[k++] = id;
	hwloc_bitmap_foreach_end();
	rc = 0;
out:
	hwloc_bitmap_free(pkg);
	hwloc_bitmap_free(core);
	hwloc_bitmap_free(numa);
	return rc;
}

static int ct_int_cmp(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

static int ct_describe(struct ct_topo *t)
{
	int *os = calloc(t->npus, sizeof(int));

	if (!os)
		return -1;
	for (int i = 0; i < t->npus; i++)
		os[i] = t->pus[i].os;
	qsort(os, t->npus, sizeof(int), ct_int_cmp);
	ct_fmt_list(t->allowed, sizeof(t->allowed), os, t->npus);
	free(os);
	snprintf(t->summary, sizeof(t->summary),
		 "%d package%s, %d core%s, %d PU%s, %d NUMA node%s",
		 t->npackages, t->npackages == 1 ? "" : "s", t->ncores,
		 t->ncores == 1 ? "" : "s", t->npus, t->npus == 1 ? "" : "s",
		 t->nnuma, t->nnuma == 1 ? "" : "s");
	return 0;
}

/* Flatten the allowed PUs of topo into t. */
static int ct_topo_fill(struct ct_topo *t, hwloc_topology_t topo,
			hwloc_const_bitmap_t set)
{
	hwloc_obj_t pu = NULL;
	int n = hwloc_get_nbobjs_inside_cpuset_by_type(topo, set, HWLOC_OBJ_PU);

	t->pus = calloc(n, sizeof(*t->pus));
	t->scatter = calloc(n, sizeof(int));
	if (!t->pus || !t->scatter)
		return -1;
	/* logical (depth-first) order: compact, SMT siblings adjacent */
	while (t->npus < n && (pu = hwloc_get_next_obj_inside_cpuset_by_type(
				       topo, set, HWLOC_OBJ_PU, pu)))
		ct_pu_fill(&t->pus[t->npus++], topo, pu);
	if (ct_scatter_build(t, topo, set) || ct_count(t))
		return -1;
	return ct_describe(t);
}

int ct_topo_load(struct ct_topo *t, const char *synthetic, const char *allowed,
		 char *err, size_t errlen)
{
	hwloc_topology_t topo;
	hwloc_bitmap_t set;
	int rc = -1;

	memset(t, 0, sizeof(*t));
	if (ct_hwloc_open(&topo, synthetic, err, errlen))
		return -1;
	set = ct_allowed_set(topo, synthetic != NULL, allowed, err, errlen);
	if (set) {
		rc = ct_topo_fill(t, topo, set);
		if (rc)
			ct_seterr(err, errlen, "out of memory");
		hwloc_bitmap_free(set);
	}
	hwloc_topology_destroy(topo);
	if (rc)
		ct_topo_free(t);
	return rc;
}

void ct_topo_free(struct ct_topo *t)
{
	free(t->pus);
	free(t->scatter);
	free(t->numa_ids);
	memset(t, 0, sizeof(*t));
}

int ct_topo_find(const struct ct_topo *t, int os)
{
	for (int i = 0; i < t->npus; i++)
		if (t->pus[i].os == os)
			return i;
	return -1;
}

int ct_topo_numa_of(const struct ct_topo *t, int os)
{
	int i = ct_topo_find(t, os);

	return i < 0 ? 0 : t->pus[i].numa;
}

/* ---- placement ---------------------------------------------------------- */

static int ct_place_err(char *err, size_t errlen, const char *s,
			const char *why)
{
	ct_seterr(err, errlen, "invalid placement '%s': %s%s" CT_PLACE_FORMS, s,
		  why ? why : "", why ? "; " : "");
	return -1;
}

static int ct_place_numa(const char *s, struct ct_placement *p, char *err,
			 size_t errlen)
{
	const char *n = s + strlen("numa:");

	p->kind = CT_PLACE_NUMA;
	p->numa = ct_parse_num(&n);
	if (p->numa < 0 || *n)
		return ct_place_err(err, errlen, s, "N is not a node number");
	snprintf(p->text, sizeof(p->text), "numa:%d", p->numa);
	return 0;
}

static int ct_place_cpus(const char *s, struct ct_placement *p, char *err,
			 size_t errlen)
{
	char why[96];
	int bad, n;

	n = ct_cpu_list_parse(s + strlen("cpus:"), p->cpus, CT_PLACE_MAXCPUS,
			      &bad);
	if (n == CT_LIST_DUPLICATE)
		snprintf(why, sizeof(why), "CPU %d is listed twice", bad);
	else if (n == CT_LIST_TOO_MANY)
		snprintf(why, sizeof(why), "more than %d CPUs",
			 CT_PLACE_MAXCPUS);
	else if (n < 0)
		snprintf(why, sizeof(why), "LIST is not a CPU list");
	if (n < 0)
		return ct_place_err(err, errlen, s, why);
	p->kind = CT_PLACE_CPUS;
	p->ncpus = n;
	memcpy(p->text, "cpus:", 6);
	ct_fmt_list(p->text + 5, sizeof(p->text) - 5, p->cpus, n);
	return 0;
}

int ct_placement_parse(const char *s, struct ct_placement *p, char *err,
		       size_t errlen)
{
	memset(p, 0, sizeof(*p));
	if (!s)
		s = "";
	if (!strcmp(s, "compact") || !strcmp(s, "scatter")) {
		p->kind = s[0] == 'c' ? CT_PLACE_COMPACT : CT_PLACE_SCATTER;
		snprintf(p->text, sizeof(p->text), "%s", s);
		return 0;
	}
	if (!strncmp(s, "numa:", 5))
		return ct_place_numa(s, p, err, errlen);
	if (!strncmp(s, "cpus:", 5))
		return ct_place_cpus(s, p, err, errlen);
	return ct_place_err(err, errlen, s, NULL);
}

static bool ct_topo_has_node(const struct ct_topo *t, int node)
{
	if (t->nvnodes)
		return node >= 0 && node < t->nvnodes;
	for (int i = 0; i < t->nnuma; i++)
		if (t->numa_ids[i] == node)
			return true;
	return false;
}

/* Compact inside NUMA node `node`, wrapping. */
static int ct_resolve_numa(const struct ct_topo *t, int node, unsigned n,
			   int *out, char *err, size_t errlen)
{
	int j = -1;

	if (!ct_topo_has_node(t, node)) {
		char nodes[128];

		if (t->nvnodes)
			snprintf(nodes, sizeof(nodes), "virtual nodes 0-%d",
				 t->nvnodes - 1);
		else
			ct_fmt_list(nodes, sizeof(nodes), t->numa_ids,
				    t->nnuma);
		ct_seterr(err, errlen,
			  "NUMA node %d is outside the allowed set (allowed nodes: %s)",
			  node, nodes);
		return -1;
	}
	for (unsigned i = 0; i < n; i++) {
		do
			j = (j + 1) % t->npus;
		while (t->pus[j].vnode != node);
		out[i] = t->pus[j].os;
	}
	return 0;
}

static int ct_resolve_cpus(const struct ct_topo *t,
			   const struct ct_placement *p, unsigned n, int *out,
			   char *err, size_t errlen)
{
	if (p->ncpus <= 0 || p->ncpus > CT_PLACE_MAXCPUS) {
		ct_seterr(err, errlen, "empty CPU list");
		return -1;
	}
	for (int i = 0; i < p->ncpus; i++) {
		if (ct_topo_find(t, p->cpus[i]) < 0) {
			ct_seterr(err, errlen,
				  "CPU %d is outside the allowed set %s",
				  p->cpus[i], t->allowed);
			return -1;
		}
	}
	for (unsigned i = 0; i < n; i++)
		out[i] = p->cpus[i % p->ncpus];
	return 0;
}

int ct_placement_resolve(const struct ct_topo *t, const struct ct_placement *p,
			 unsigned nthreads, int *cpu_out, char *err,
			 size_t errlen)
{
	if (!nthreads) {
		ct_seterr(err, errlen, "placement needs at least one thread");
		return -1;
	}
	if (t->npus <= 0) {
		ct_seterr(err, errlen, "no topology loaded");
		return -1;
	}
	switch (p->kind) {
	case CT_PLACE_COMPACT:
		for (unsigned i = 0; i < nthreads; i++)
			cpu_out[i] = t->pus[i % t->npus].os;
		return 0;
	case CT_PLACE_SCATTER:
		for (unsigned i = 0; i < nthreads; i++)
			cpu_out[i] = t->pus[t->scatter[i % t->npus]].os;
		return 0;
	case CT_PLACE_NUMA:
		return ct_resolve_numa(t, p->numa, nthreads, cpu_out, err,
				       errlen);
	case CT_PLACE_CPUS:
		return ct_resolve_cpus(t, p, nthreads, cpu_out, err, errlen);
	}
	ct_seterr(err, errlen, "unknown placement kind %d", (int)p->kind);
	return -1;
}
