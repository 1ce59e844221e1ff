/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * c2c.c - the c2c family: `contend c2c` options and its records.
 */
#include "common.h"


#define KB (CT_OPT_KEY | CT_OPT_BENCH)

static const struct ct_opt c2c_keys[] = {
	{ .name = "cpus", .kind = CT_K_CPULIST, .flags = KB },
	{ .name = "trials", .kind = CT_K_COUNT, .min = 1, .max = 1000,
	  .field = "trials", .flags = KB },
	{ .name = "roundtrips", .kind = CT_K_COUNT, .min = 1, .max = 100000000,
	  .field = "roundtrips", .flags = KB },
	CT_ROWS_OUTPUT,
	CT_ROW_HELP,
	CT_OPT_END,
};

static const char *const c2c_config[] = { "cpu_a", "cpu_b", NULL };
static const char *const c2c_metrics[] = {
	"rtt_ns", "rtt_min_ns", "rtt_max_ns", "one_way_ns", NULL,
};

const struct ct_family ct_family_c2c = {
	.name = "c2c", .built = true, .keys = c2c_keys, .config = c2c_config,
	.metrics = c2c_metrics, .x = "cpu_a",
};
