/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * barrier.c - the barrier family: `contend barrier` options, the fields
 * that name a configuration, the metrics.
 */
#include "common.h"

#include "harness/barrier/barrierbench.h"

#define KB (CT_OPT_KEY | CT_OPT_BENCH)

/* `contend barrier`: its run length is a number of episodes, so it takes
 * --reps but no --duration. */
static const struct ct_opt barrier_keys[] = {
	{ .name = "algo", .kind = CT_K_NAMES, .dflt = "all", .field = "algo",
	  .flags = KB },
	CT_ROW_THREADS_KEY,
	CT_ROW_PLACEMENT(CT_OPT_BENCH),
	{ .name = "wait", .kind = CT_K_CHOICE, .choices = ct_wait_choices,
	  .field = "wait", .flags = KB },
	{ .name = "episodes", .kind = CT_K_COUNT, .min = 1, .max = 1ull << 40,
	  .flags = KB },
	{ .name = "warmup", .kind = CT_K_COUNT, .max = 1ull << 40, .flags = KB },
	{ .name = "time-limit", .kind = CT_K_SECONDS, .flags = KB },
	{ .name = "spin-limit", .kind = CT_K_COUNT, .max = 1u << 30, .flags = KB },
	{ .name = "fanin", .kind = CT_K_COUNT, .min = 2, .max = 1024,
	  .field = "fanin", .flags = KB },
	{ .name = "work", .kind = CT_K_NS, .field = "work_ns", .flags = KB },
	{ .name = "skew", .kind = CT_K_NS, .field = "skew_ns", .flags = KB },
	{ .name = "sample", .kind = CT_K_COUNT, .min = 1, .max = 1u << 20,
	  .field = "sample", .flags = KB },
	CT_ROW_COUNTERS,
	CT_ROW_REPS,
	CT_ROWS_OUTPUT,
	CT_ROW_HELP,
	CT_OPT_END,
};
static const char *const barrier_config[] = {
	"algo", "threads", "placement", "wait", "fanin", "work_ns", "skew_ns",
	"sample", NULL,
};
static const char *const barrier_metrics[] = {
	"episodes_per_s", "ns_per_episode", "overhead_ns", "lat_p50_ns",
	"lat_p90_ns", "lat_p99_ns", "lat_p999_ns", "lat_max_ns", "lat_mean_ns",
	"depart_spread_ns", "remote_writes", "remote_writes_per_thread",
	"c2c_ns", "lat_c2c", CT_COUNTER_METRICS, NULL,
};

const struct ct_family ct_family_barrier = {
	.name = "barrier", .built = true, .keys = barrier_keys,
	.names = ct_barrier_names, .config = barrier_config,
	.metrics = barrier_metrics, .x = "threads",
};
