/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * expt.c - the experiment families: `contend falseshare` and `contend
 * litmus` options, their records' fields and metrics.
 */
#include "common.h"

#include "harness/expt/falseshare.h"
#include "harness/expt/litmus.h"

#define KB (CT_OPT_KEY | CT_OPT_BENCH)

/* `contend falseshare`: one run of an experiment is every layout of it,
 * one record each. The bounds are the command's. */
static const struct ct_opt falseshare_keys[] = {
	{ .name = "exp", .kind = CT_K_NAMES, .dflt = "all", .field = "exp",
	  .flags = KB },
	CT_ROW_THREADS_KEY,
	CT_ROW_PLACEMENT(CT_OPT_BENCH),
	{ .name = "lock", .kind = CT_K_LOCK, .field = "lock", .flags = KB },
	{ .name = "data-words", .kind = CT_K_COUNT, .min = 1, .max = 7,
	  .field = "data_words", .flags = KB },
	{ .name = "cs", .kind = CT_K_NS, .field = "cs_ns", .flags = KB },
	{ .name = "read-every", .kind = CT_K_COUNT, .max = 1u << 30,
	  .field = "read_every", .flags = KB },
	CT_ROW_COUNTERS,
	CT_ROWS_DURATION("measured time per point", "unmeasured time before it"),
	CT_ROW_REPS,
	CT_ROWS_OUTPUT,
	CT_ROW_HELP,
	CT_OPT_END,
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
static const struct ct_opt litmus_keys[] = {
	{ .name = "test", .kind = CT_K_NAMES, .dflt = "all", .field = "test",
	  .flags = KB },
	CT_ROW_PLACEMENT(CT_OPT_BENCH),
	{ .name = "trials", .kind = CT_K_COUNT, .min = 1, .max = 10000000000ull,
	  .field = "trials", .flags = KB },
	{ .name = "lock", .kind = CT_K_LOCK, .field = "lock", .flags = KB },
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
	.name = "falseshare", .built = true, .keys = falseshare_keys,
	.names = ct_fs_exp_list, .config = falseshare_config,
	.metrics = falseshare_metrics, .x = "threads",
};

const struct ct_family ct_family_litmus = {
	.name = "litmus", .built = true, .keys = litmus_keys,
	.names = ct_lt_test_list, .config = litmus_config,
	.metrics = litmus_metrics, .x = "variant",
};


