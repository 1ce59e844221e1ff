/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * lockfields.h - every field of a `contend lock` record, written once.
 *
 * CT_LOCK_FIELDS(C, M, K) lists them: C names a configuration (export,
 * summary and regress group by these), M is a measured metric with its
 * unit (aggregated over repetitions), K is bookkeeping (identity and the
 * counts behind a metric). The writers name a field as LF(name), so a
 * field that is not listed does not compile; the family table
 * (harness/families/lock.c) takes its configuration and metric lists from
 * here. The PMU counters' fields are counters.h's (CT_COUNTER_METRICS).
 */
#ifndef CT_LOCKFIELDS_H
#define CT_LOCKFIELDS_H

#include "harness/core/fields.h"

#define CT_LOCK_FIELDS(C, M, K)                                            \
	K(family) C(algo) C(threads) C(placement) K(cpus) K(cpus_distinct) \
	K(lock_node) C(wait) C(dispatch) C(cs_ns) C(think_ns) C(cs_lines)  \
	C(locks) C(sample) K(rep) K(duration_s) K(ops)                     \
	M(throughput_ops, "ops/s") M(ns_per_op, "ns")                      \
	M(cpu_ns_per_op, "ns") K(lat_samples)                              \
	M(lat_p50_ns, "ns") M(lat_p90_ns, "ns") M(lat_p99_ns, "ns")        \
	M(lat_p999_ns, "ns") M(lat_max_ns, "ns") M(lat_mean_ns, "ns")      \
	K(handoff_samples) M(handoff_ns, "ns") M(handoff_p99_ns, "ns")     \
	K(handoff_skew_dropped) M(c2c_ns, "ns") K(c2c_ref)                 \
	M(handoff_c2c, "c2c round trips") M(uncontended_ns, "ns")          \
	M(harness_ns, "ns") M(bare_throughput_ops, "ops/s")                \
	M(bare_ratio, "x bare loop") M(bare_cpu_ns_per_op, "ns")           \
	M(bare_cpu_ratio, "x bare loop") M(contended_share, "share")       \
	M(waiters_at_release, "threads")                                   \
	M(transfers_per_acquire, "line transfers")                         \
	M(polls_per_acquire, "loads") M(rmw_per_acquire, "RMWs")           \
	M(jain, "index") M(share_min, "x fair share")                      \
	M(share_max, "x fair share") C(vnodes) K(nodes)                    \
	K(local_handoff_samples) M(local_handoff_share, "share")           \
	M(starvation, "x p50") M(parks, "sleeps")                          \
	M(miss_per_transfer, "misses") K(inject_delay_ns)

struct ct_lock_fields {
	CT_LOCK_FIELDS(CT_FIELD_CHARS, CT_FIELD_CHARS, CT_FIELD_CHARS)
};
extern const struct ct_lock_fields ct_lock_fields;

/* The record field called name (a compile error when not listed; an
 * address constant: fields.h). */
#define LF(name) ((const char *)ct_lock_fields.name)

#endif /* CT_LOCKFIELDS_H */
