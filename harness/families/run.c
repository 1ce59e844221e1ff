/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * run.c - the run family: `contend run` options (a program per lock),
 * fields and metrics, and its spec check.
 */
#include "common.h"

#include "harness/core/cli.h"

#include "harness/matrix/spec.h"
#include "harness/run/apprun.h"

#define KB (CT_OPT_KEY | CT_OPT_BENCH)

/* `contend run`: an unmodified program per lock. In a matrix each run is
 * one lock, one repetition (`lock` is an axis, so the matrix interleaves
 * the locks and pairs them by repetition); `program` is the command line
 * after `--`, an axis too (a program at 2 and at 4 threads is two values).
 * The program's figure: `metric` (a regular expression without commas),
 * `lower-better = yes` for times. */
static const char *const run_waits[] = { "spin", "yield", "park", NULL };
static const struct ct_opt run_keys[] = {
	{ .name = "program", .kind = CT_K_PROGRAM, .field = "program", .flags = KB },
	{ .name = "lock", .kind = CT_K_NAMES,
	  .dflt = "pthread-mutex,mcs,clh,ticket", .field = "lock", .flags = KB },
	{ .name = "wait", .kind = CT_K_CHOICE, .choices = run_waits,
	  .dflt = "yield", .field = "wait", .flags = KB },
	CT_ROW_PLACEMENT(CT_OPT_BENCH),
	/* reported by the records themselves (not knobs): they follow from
	 * the program, so they never split its figures */
	{ .name = "metric", .kind = CT_K_TEXT, .field = "metric_regex", .flags = KB },
	{ .name = "lower-better", .kind = CT_K_FLAG, .field = "metric_better",
	  .flags = KB },
	{ .name = "timeout", .kind = CT_K_SECONDS, .dflt = "30", .flags = KB,
	  .role = CT_R_TIMEOUT },
	/* the records' `program` (default: the command line) */
	{ .name = "name", .kind = CT_K_TEXT, .field = "program", .flags = KB },
	CT_ROW_REPS,
	CT_ROWS_OUTPUT,
	CT_ROW_HELP,
	CT_OPT_END,
};
/* The program names its figure (metric_regex, metric_better follow from
 * it); `speed` is that figure with higher better, for the plots. */
static const char *const run_config[] = {
	"program", "lock", "wait", "placement", "ncpus", NULL,
};
static const char *const run_metrics[] = {
	"wall_s", "metric", "speed", "acquisitions", "contended_share",
	"distinct_mutexes", "fallback_mutexes", "fallback_ops", "cond_waits",
	"wait_ns_p50", "wait_ns_p99", "hold_ns_p50", "hold_ns_p99", NULL,
};

/* A run section needs its program (no default can stand for it). */
static void run_check(const struct ct_section *sec, const char *path)
{
	for (unsigned i = 0; i < sec->naxes; i++)
		if (sec->axis[i].key->kind == CT_K_PROGRAM)
			return;
	ct_usage_error("%s:%u: [run] needs program = PROGRAM [ARGS] (for "
		       "example program = scripts/apps/sysbench-mutex 2)",
		       path, sec->line);
}

/* `none` (no interposer) is named, never part of `all`, as in the command. */
static const char *const *run_lock_names(bool with_hidden)
{
	return ct_app_lock_names(with_hidden);
}

const struct ct_family ct_family_run = {
	.name = "run", .built = true, .keys = run_keys,
	.names = run_lock_names, .config = run_config,
	.metrics = run_metrics, .x = "lock", .check = run_check,
	.facet = "program", .fails_in_records = true,
};
