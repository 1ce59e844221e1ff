/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * barrier.c - the barrier family: `contend barrier` options, the fields
 * that name a configuration, the metrics.
 */
#include "barrier.h"

#include "barriers/barrier.h"
#include "harness/barrier/barrierbench.h"

#define KB (CT_OPT_KEY | CT_OPT_BENCH)
#define KBV (CT_OPT_KEY | CT_OPT_BOTH)

/* `contend barrier`: its run length is a number of episodes, so it takes
 * --reps but no --duration, and --warmup counts episodes. */
const struct ct_opt ct_barrier_opts[] = {
	[BO_ALGO] = { .name = "algo", .kind = CT_K_NAMES, .dflt = "all",
		      .field = "algo", .flags = KBV,
		      .help = "barriers (default all: `contend list "
			      "barriers`)" },
	[BO_THREADS] = { .name = "threads", .kind = CT_K_COUNTS, .min = 1,
			 .max = CT_BARRIER_MAX_THREADS, .dflt = "1-ncpu:x2",
			 .field = "threads", .flags = KBV,
			 .help = "thread counts (default 1, 2, 4 .. the CPUs; "
				 "validate: 2)" },
	[BO_PLACEMENT] = CT_ROW_PLACEMENT(CT_OPT_BOTH),
	[BO_WAIT] = CT_ROW_WAIT(CT_OPT_BOTH, "waiters"),
	[BO_EPISODES] = { .name = "episodes", .kind = CT_K_COUNT, .min = 1,
			  .max = 1ull << 40, .flags = KBV,
			  .help = "measured episodes per point, or per "
				  "validate row (default 100k)" },
	[BO_WARMUP] = { .name = "warmup", .kind = CT_K_COUNT, .min = 0,
			.max = 1ull << 40, .flags = KB,
			.help = "unmeasured episodes before them (default "
				"1000)" },
	[BO_TIME_LIMIT] = { .name = "time-limit", .kind = CT_K_SECONDS,
			    .flags = KB,
			    .help = "a run's longest time: stops early and "
				    "says so (default 1s)" },
	[BO_SPIN_LIMIT] = CT_ROW_SPIN_LIMIT(CT_OPT_BOTH),
	[BO_FANIN] = { .name = "fanin", .kind = CT_K_COUNT, .min = 2,
		       .max = 1024, .field = "fanin", .flags = KBV,
		       .help = "combining trees' children per node (default "
			       "4)" },
	[BO_WORK] = { .name = "work", .kind = CT_K_NS, .field = "work_ns",
		      .flags = KB,
		      .help = "every thread's busy work before it arrives" },
	[BO_SKEW] = { .name = "skew", .kind = CT_K_NS, .field = "skew_ns",
		      .flags = KB,
		      .help = "one thread per episode (rotating) arrives "
			      "this much later" },
	[BO_SAMPLE] = { .name = "sample", .kind = CT_K_COUNT, .min = 1,
			.max = 1u << 20, .field = "sample", .flags = KB,
			.help = "time one episode in N (default 4)" },
	[BO_STRAGGLE] = { .name = "straggle", .kind = CT_K_NS,
			  .flags = CT_OPT_VALIDATE,
			  .help = "every 16th episode one thread arrives this "
				  "late (default 1us; 0: none)" },
	[BO_NO_CAP] = { .name = "no-cap", .kind = CT_K_FLAG,
			.flags = CT_OPT_VALIDATE,
			.help = "run oversubscribed spinning rows in full" },
	{ .name = "timeout", .kind = CT_K_SECONDS, .flags = CT_OPT_VALIDATE,
	  .role = CT_R_TIMEOUT, .help = "per row (default 60s)" },
	CT_ROW_COUNTERS,
	CT_ROWS_MEASURING_END,
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
	.name = "barrier", .built = true, .keys = ct_barrier_opts,
	.names = ct_barrier_names, .config = barrier_config,
	.metrics = barrier_metrics, .x = "threads",
};
