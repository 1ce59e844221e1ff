/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * lock.c - the lock family: `contend lock` / `contend validate lock`
 * options, the fields that name a configuration, the metrics.
 */
#include "lock.h"

#include "harness/lock/lockbench.h"
#include "harness/lock/lockfields.h"
#include "locks/ops.h"

static const char *const loops[] = { "harness", "bare", NULL };
static const char *const schedules[] = { "fixed", "free", NULL };

#define KB (CT_OPT_KEY | CT_OPT_BENCH)
#define KBV (CT_OPT_KEY | CT_OPT_BOTH)

const struct ct_opt ct_lock_opts[] = {
	[LO_ALGO] = { .name = "algo", .kind = CT_K_NAMES, .dflt = "all",
		      .field = "algo", .flags = KBV,
		      .help = "locks (default all: `contend list locks`)" },
	[LO_THREADS] = { .name = "threads", .kind = CT_K_COUNTS, .min = 1,
			 .max = 1024, .dflt = "1-ncpu:x2", .field = "threads",
			 .flags = KBV,
			 .help = "thread counts (default 1, 2, 4 .. the CPUs; "
				 "validate: 2)" },
	[LO_PLACEMENT] = CT_ROW_PLACEMENT(CT_OPT_BOTH),
	[LO_WAIT] = CT_ROW_WAIT(CT_OPT_BOTH, "waiters"),
	[LO_CS] = { .name = "cs", .kind = CT_K_NS, .field = "cs_ns",
		    .flags = KB, .help = "work inside the critical section" },
	[LO_THINK] = { .name = "think", .kind = CT_K_NS, .field = "think_ns",
		       .flags = KB, .help = "work between acquisitions" },
	[LO_CS_LINES] = { .name = "cs-lines", .kind = CT_K_COUNT, .min = 1,
			  .max = 1024, .field = "cs_lines", .flags = KB,
			  .help = "cache lines the critical section writes" },
	[LO_LOCKS] = { .name = "locks", .kind = CT_K_COUNT, .min = 1,
		       .max = 4096, .field = "locks", .flags = KB,
		       .help = "locks, each acquisition picks one at random" },
	[LO_SAMPLE] = { .name = "sample", .kind = CT_K_COUNT, .min = 1,
			.max = 1u << 20, .field = "sample", .flags = KB,
			.help = "time one acquisition in N (default 1024)" },
	[LO_DISPATCH] = { .name = "dispatch", .kind = CT_K_CHOICE,
			  .choices = ct_dispatch_choices, .field = "dispatch",
			  .flags = KB,
			  .help = "inline loop, or through the ops table" },
	[LO_SPIN_LIMIT] = CT_ROW_SPIN_LIMIT(CT_OPT_BOTH),
	[LO_BACKOFF_MIN] = { .name = "backoff-min", .kind = CT_K_COUNT,
			     .min = 1, .max = 1u << 24, .flags = KBV,
			     .help = "backoff's first delay, in pauses" },
	[LO_BACKOFF_MAX] = { .name = "backoff-max", .kind = CT_K_COUNT,
			     .min = 1, .max = 1u << 24, .flags = KBV,
			     .help = "backoff's longest delay, in pauses" },
	[LO_SPIN_PARK] = { .name = "spin-before-park", .kind = CT_K_COUNT,
			   .min = 0, .max = 1u << 30, .flags = KBV,
			   .help = "a parking lock's polls before it sleeps" },
	[LO_VNODES] = { .name = "vnodes", .kind = CT_K_COUNT, .min = 1,
			.max = 1024, .field = "vnodes", .flags = KBV,
			.help = "split the CPUs into N virtual NUMA nodes" },
	[LO_PEERS] = { .name = "peers", .kind = CT_K_FLAG,
		       .flags = CT_OPT_BENCH,
		       .help = "each lock beside its Concurrency Kit peer, "
			       "with paired ratios" },
	[LO_LOOP] = { .name = "loop", .kind = CT_K_CHOICE, .choices = loops,
		      .flags = CT_OPT_BENCH,
		      .help = "bare: also a bare loop per lock, with paired "
			      "ratios" },
	[LO_COUNT_TRANSFERS] = { .name = "count-transfers",
				 .kind = CT_K_CHOICE, .choices = schedules,
				 .flags = CT_OPT_BENCH | CT_OPT_OPTIONAL,
				 .help = "no benchmark: count coherence "
					 "transfers against the design" },
	[LO_OPS] = { .name = "ops", .kind = CT_K_COUNT, .min = 1,
		     .max = 1ull << 40, .flags = CT_OPT_VALIDATE,
		     .help = "acquisitions per row (default 1e6)" },
	[LO_TRY_EVERY] = { .name = "try-every", .kind = CT_K_COUNT, .min = 0,
			   .max = 1u << 30, .flags = CT_OPT_VALIDATE,
			   .help = "one acquisition in N by trylock (default "
				   "4; 0: never)" },
	[LO_NO_CAP] = { .name = "no-cap", .kind = CT_K_FLAG,
			.flags = CT_OPT_VALIDATE,
			.help = "run oversubscribed spinning rows in full" },
	{ .name = "timeout", .kind = CT_K_SECONDS, .flags = CT_OPT_VALIDATE,
	  .role = CT_R_TIMEOUT, .help = "per row (default 60s)" },
	CT_ROWS_DURATION("measured time per point (default 1s)",
			 "unmeasured time before it (default 200ms)"),
	CT_ROW_REPS,
	CT_ROW_COUNTERS,
	CT_ROWS_OUTPUT,
	CT_ROW_HELP,
	CT_OPT_END,
};

/* The record's fields (harness/lock/lockfields.h, where the writers take
 * them from): configuration, metrics with their units (the PMU counters'
 * last: NA unless --counters), bookkeeping. */
static const char *const config[] = {
	CT_LOCK_FIELDS(CT_FIELD_NAME, CT_FIELD_NONE, CT_FIELD_NONE) NULL,
};
static const char *const metrics[] = {
	CT_LOCK_FIELDS(CT_FIELD_NONE, CT_FIELD_NAME, CT_FIELD_NONE)
	CT_COUNTER_METRICS, NULL,
};
static const char *const units[] = {
	CT_LOCK_FIELDS(CT_FIELD_NONE, CT_FIELD_UNIT, CT_FIELD_NONE)
	CT_COUNTER_UNITS, NULL,
};
static const char *const keep[] = {
	CT_LOCK_FIELDS(CT_FIELD_NONE, CT_FIELD_NONE, CT_FIELD_NAME) NULL,
};

const struct ct_family ct_family_lock = {
	.name = "lock", .built = true, .keys = ct_lock_opts,
	.names = ct_lock_names, .config = config, .metrics = metrics,
	.units = units, .keep = keep,
	.x = "threads",
};
