/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * expt.c - the experiment families: `contend falseshare` and `contend
 * litmus` options, their records' fields and metrics.
 */
#include "expt.h"

#include "harness/expt/falseshare.h"
#include "harness/expt/litmus.h"

#define KB (CT_OPT_KEY | CT_OPT_BENCH)

/* `contend falseshare`: one run of an experiment is every layout of it,
 * one record each. */
const struct ct_opt ct_falseshare_opts[] = {
	[FO_EXP] = { .name = "exp", .kind = CT_K_NAMES, .dflt = "all",
		     .field = "exp", .meta = "EXP,...|all", .flags = KB,
		     .help = "experiments: counters, lockdata, qnodes, "
			     "replicated (default all)" },
	[FO_THREADS] = { .name = "threads", .kind = CT_K_COUNTS, .min = 1,
			 .max = 1024, .dflt = "1-ncpu:x2", .field = "threads",
			 .flags = KB,
			 .help = "thread counts (default 1, 2, 4 .. and the "
				 "CPUs)" },
	[FO_PLACEMENT] = CT_ROW_PLACEMENT(CT_OPT_BENCH),
	[FO_LOCK] = { .name = "lock", .kind = CT_K_LOCK, .field = "lock",
		      .flags = KB,
		      .help = "lockdata: the lock (default ttas)" },
	[FO_DATA_WORDS] = { .name = "data-words", .kind = CT_K_COUNT,
			    .min = 1, .max = 7, .field = "data_words",
			    .flags = KB,
			    .help = "lockdata: words the critical section "
				    "increments (default 4)" },
	[FO_CS] = { .name = "cs", .kind = CT_K_NS, .field = "cs_ns",
		    .flags = KB,
		    .help = "lockdata, qnodes: work inside the critical "
			    "section (default 0)" },
	[FO_READ_EVERY] = { .name = "read-every", .kind = CT_K_COUNT,
			    .max = 1u << 30, .field = "read_every",
			    .flags = KB,
			    .help = "replicated: a combining read every N "
				    "increments (default 1000; 0: none)" },
	CT_ROW_COUNTERS,
	CT_ROWS_DURATION("measured time per point (default 300ms)",
			 "unmeasured time before it (default 100ms)"),
	CT_ROWS_MEASURING_END,
};
static const char *const falseshare_config[] = {
	"exp", "layout", "kind", "threads", "placement", "lock", "data_words",
	"cs_ns", "read_every", NULL,
};
static const char *const falseshare_metrics[] = {
	"throughput_ops", "ns_per_op", "slowdown", "reads", CT_COUNTER_METRICS,
	NULL,
};

/* `contend litmus`: one run of a test is every variant of it. Its length
 * is --trials, so neither --reps nor --duration. */
const struct ct_opt ct_litmus_opts[] = {
	[TO_TEST] = { .name = "test", .kind = CT_K_NAMES, .dflt = "all",
		      .field = "test", .meta = "TEST,...|all", .flags = KB,
		      .help = "the tests, as the first word may name them "
			      "(default all)" },
	[TO_VARIANT] = { .name = "variant", .kind = CT_K_NAMES,
			 .meta = "V,...|all", .flags = CT_OPT_BENCH,
			 .help = "the variants of those tests to run "
				 "(default all)" },
	[TO_PLACEMENT] = CT_ROW_PLACEMENT(CT_OPT_BENCH),
	[TO_TRIALS] = { .name = "trials", .kind = CT_K_COUNT, .min = 1,
			.max = 10000000000ull, .field = "trials", .flags = KB,
			.help = "trials per variant (default 1M)" },
	[TO_LOCK] = { .name = "lock", .kind = CT_K_LOCK, .field = "lock",
		      .flags = KB,
		      .help = "milk's lock variant: the lock (default mcs)" },
	CT_ROW_COUNTERS,
	CT_ROWS_OUTPUT,
	CT_ROW_HELP,
	CT_OPT_END,
};
static const char *const litmus_config[] = {
	"test", "variant", "placement", "trials", "lock", NULL,
};
static const char *const litmus_metrics[] = {
	"weak", "weak_per_million", "aux", "aux_per_million", "ns_per_trial",
	"solo_ns", "fence_cost_ns", CT_COUNTER_METRICS, NULL,
};

const struct ct_family ct_family_falseshare = {
	.name = "falseshare", .built = true, .keys = ct_falseshare_opts,
	.names = ct_fs_exp_list, .config = falseshare_config,
	.metrics = falseshare_metrics, .x = "threads",
};

const struct ct_family ct_family_litmus = {
	.name = "litmus", .built = true, .keys = ct_litmus_opts,
	.names = ct_lt_test_list, .config = litmus_config,
	.metrics = litmus_metrics, .x = "variant",
};
