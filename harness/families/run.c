/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * run.c - the run family: `contend run` options (a program per lock),
 * fields and metrics, and its spec check.
 */
#include "run.h"

#include "harness/core/cli.h"

#include "harness/matrix/spec.h"
#include "harness/run/apprun.h"

#define KB (CT_OPT_KEY | CT_OPT_BENCH)
#define KBV (CT_OPT_KEY | CT_OPT_BOTH)

/* `contend run`: an unmodified program per lock. In a matrix each run is
 * one lock, one repetition (`lock` is an axis, so the matrix interleaves
 * the locks and pairs them by repetition); `program` is the command line
 * after `--`, an axis too (a program at 2 and at 4 threads is two values;
 * the command takes it after `--`, never as an option).
 * The program's figure: `metric` (a regular expression without commas),
 * `lower-better = yes` for times. */
const struct ct_opt ct_run_opts[] = {
	[RO_PROGRAM] = { .name = "program", .kind = CT_K_PROGRAM,
			 .field = "program", .flags = CT_OPT_KEY },
	[RO_LOCK] = { .name = "lock", .kind = CT_K_NAMES,
		      .dflt = "pthread-mutex,mcs,clh,ticket", .field = "lock",
		      .meta = "L1,L2,...|all", .flags = KBV,
		      .help = "locks: none, pthread-mutex and `contend list "
			      "locks` (run: required; validate: default all)" },
	[RO_WAIT] = { .name = "wait", .kind = CT_K_CHOICE,
		      .choices = ct_wait_choices, .dflt = "yield",
		      .field = "wait", .flags = KBV,
		      .help = "how the locks' waiters wait (default yield)" },
	[RO_PLACEMENT] = CT_ROW_PLACEMENT(CT_OPT_BENCH),
	/* reported by the records themselves (not knobs): they follow from
	 * the program, so they never split its figures */
	[RO_METRIC] = { .name = "metric", .kind = CT_K_TEXT,
			.field = "metric_regex", .meta = "REGEX", .flags = KB,
			.help = "the figure: REGEX's first group (or match) in "
				"the output (default: the wall time)" },
	[RO_LOWER_BETTER] = { .name = "lower-better", .kind = CT_K_FLAG,
			      .field = "metric_better", .flags = KB,
			      .help = "--metric's figure is a time" },
	[RO_TIMEOUT] = { .name = "timeout", .kind = CT_K_SECONDS, .dflt = "30",
			 .flags = KBV, .role = CT_R_TIMEOUT,
			 .help = "per run of the program (default 120s; "
				 "validate: 60s)" },
	/* the records' `program` (default: the command line) */
	[RO_NAME] = { .name = "name", .kind = CT_K_TEXT, .field = "program",
		      .meta = "LABEL", .flags = KB,
		      .help = "the program's name in the records (default: "
			      "its command line)" },
	[RO_CPUS] = { .name = "cpus", .kind = CT_K_COUNT, .min = 1,
		      .max = 1024, .flags = CT_OPT_BENCH,
		      .help = "CPUs the program may use, from --placement "
			      "(default all)" },
	[RO_THREADS] = { .name = "threads", .kind = CT_K_COUNT, .min = 1,
			 .max = 64, .flags = CT_OPT_VALIDATE,
			 .help = "the torture's threads (default 4)" },
	[RO_ITERS] = { .name = "iters", .kind = CT_K_COUNT, .min = 1,
		       .max = 100000000, .flags = CT_OPT_VALIDATE,
		       .help = "iterations of each check (default 20000)" },
	CT_ROWS_MEASURING_END,
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
	.name = "run", .built = true, .keys = ct_run_opts,
	.names = run_lock_names, .config = run_config,
	.metrics = run_metrics, .x = "lock", .check = run_check,
	.facet = "program", .fails_in_records = true,
};
