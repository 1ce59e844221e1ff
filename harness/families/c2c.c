/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * c2c.c - the c2c family: `contend c2c` options and its records.
 */
#include "c2c.h"

#define KB (CT_OPT_KEY | CT_OPT_BENCH)

/* `contend c2c`: every pair of --cpus, trials x roundtrips each; no
 * --reps or --duration. */
const struct ct_opt ct_c2c_opts[] = {
	[CO_CPUS] = { .name = "cpus", .kind = CT_K_CPULIST, .flags = KB,
		      .help = "CPUs to pair up (default: every allowed CPU)" },
	[CO_TRIALS] = { .name = "trials", .kind = CT_K_COUNT, .min = 1,
			.max = 1000, .field = "trials", .flags = KB,
			.help = "trials per pair; rtt is their median "
				"(default 7)" },
	[CO_ROUNDTRIPS] = { .name = "roundtrips", .kind = CT_K_COUNT,
			    .min = 1, .max = 100000000, .field = "roundtrips",
			    .flags = KB,
			    .help = "round trips per trial (default 20000)" },
	CT_ROWS_OUTPUT,
	CT_ROW_HELP,
	CT_OPT_END,
};

static const char *const c2c_config[] = { "cpu_a", "cpu_b", NULL };
static const char *const c2c_metrics[] = {
	"rtt_ns", "rtt_min_ns", "rtt_max_ns", "one_way_ns", NULL,
};

const struct ct_family ct_family_c2c = {
	.name = "c2c", .built = true, .keys = ct_c2c_opts,
	.config = c2c_config, .metrics = c2c_metrics, .x = "cpu_a",
};
