/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * families.c - every family's spec keys and record schemas (see
 * harness/core/family.h): the registry the matrix, export, plot and regress
 * read. It lives with the commands because it is where the engines meet:
 * matrix/, results/ and regress/ see the families only through this table.
 * The commands parse their count options with these keys' bounds
 * (ct_family_count), so a spec that passes here is accepted by the
 * command it runs, and each bound is written once.
 */
#include "harness/core/family.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/barrier/barrierbench.h"
#include "harness/core/cc.h"
#include "harness/core/cli.h"
#include "harness/core/counters.h"
#include "harness/expt/falseshare.h"
#include "harness/problem/itemalloc.h"
#include "harness/expt/litmus.h"
#include "harness/lock/lockbench.h"
#include "harness/run/apprun.h"
#include "harness/lrpc/lrpcpeer.h"
#include "harness/problem/problem.h"
#include "harness/matrix/spec.h"

static const char *const waits[] = CT_WAIT_NAMES;
static const char *const dispatches[] = { "inline", "indirect", NULL };

/* Keys most families share, and the end of a key table. */
#define THREADS_KEY { "threads", CT_K_COUNTS, 1, 1024, NULL, "1-ncpu:x2", \
		      "threads" }
#define PLACEMENT_KEY { "placement", CT_K_PLACEMENT, 0, 0, NULL, "compact", \
			"placement" }
#define END_KEY { NULL, 0, 0, 0, NULL, NULL, NULL }

/* --counters SET: each value of the axis one configuration (in knobs). */
#define COUNTERS_KEY { "counters", CT_K_CHOICE, 0, 0, ct_counters_choices, \
		       NULL, NULL }
/* What --counters adds to a record (counters.h), NA where not counted. */
#define COUNTER_METRICS "cycles_per_op", "cache_misses_per_op",            \
	"llc_misses_per_op", "ipc", "ctx_switches", "migrations", "page_faults"

static const struct ct_spec_key lock_keys[] = {
	{ "algo", CT_K_NAMES, 0, 0, NULL, "all", "algo" },
	THREADS_KEY,
	PLACEMENT_KEY,
	{ "wait", CT_K_CHOICE, 0, 0, waits, NULL, "wait" },
	{ "cs", CT_K_NS, 0, 0, NULL, NULL, "cs_ns" },
	{ "think", CT_K_NS, 0, 0, NULL, NULL, "think_ns" },
	{ "cs-lines", CT_K_COUNT, 1, 1024, NULL, NULL, "cs_lines" },
	{ "locks", CT_K_COUNT, 1, 4096, NULL, NULL, "locks" },
	{ "sample", CT_K_COUNT, 1, 1u << 20, NULL, NULL, "sample" },
	{ "dispatch", CT_K_CHOICE, 0, 0, dispatches, NULL, "dispatch" },
	{ "spin-limit", CT_K_COUNT, 0, 1u << 30, NULL, NULL, NULL },
	{ "backoff-min", CT_K_COUNT, 1, 1u << 24, NULL, NULL, NULL },
	{ "backoff-max", CT_K_COUNT, 1, 1u << 24, NULL, NULL, NULL },
	{ "spin-before-park", CT_K_COUNT, 0, 1u << 30, NULL, NULL, NULL },
	{ "vnodes", CT_K_COUNT, 1, 1024, NULL, NULL, "vnodes" },
	COUNTERS_KEY,
	END_KEY,
};

static const char *const lock_config[] = {
	"algo", "threads", "placement", "wait", "dispatch", "cs_ns",
	"think_ns", "cs_lines", "locks", "sample", "vnodes", NULL,
};

static const char *const lock_metrics[] = {
	"throughput_ops", "ns_per_op", "lat_p50_ns", "lat_p90_ns",
	"lat_p99_ns", "lat_p999_ns", "lat_max_ns", "lat_mean_ns",
	"handoff_ns", "handoff_p99_ns", "handoff_c2c", "c2c_ns",
	"uncontended_ns", "harness_ns", "cpu_ns_per_op", "bare_throughput_ops",
	"bare_ratio", "bare_cpu_ns_per_op", "bare_cpu_ratio",
	"contended_share", "waiters_at_release", "transfers_per_acquire",
	"polls_per_acquire", "rmw_per_acquire", "jain", "share_min",
	"share_max", "local_handoff_share", "starvation", "parks",
	COUNTER_METRICS, "miss_per_transfer", NULL,
};

static const struct ct_spec_key c2c_keys[] = {
	{ "cpus", CT_K_CPULIST, 0, 0, NULL, NULL, NULL },
	{ "trials", CT_K_COUNT, 1, 1000, NULL, NULL, "trials" },
	{ "roundtrips", CT_K_COUNT, 1, 100000000, NULL, NULL, "roundtrips" },
	END_KEY,
};

static const char *const c2c_config[] = { "cpu_a", "cpu_b", NULL };
static const char *const c2c_metrics[] = {
	"rtt_ns", "rtt_min_ns", "rtt_max_ns", "one_way_ns", NULL,
};

/* `contend barrier`: its run length is a number of episodes, so it takes
 * --reps but no --duration. */
static const struct ct_spec_key barrier_keys[] = {
	{ "algo", CT_K_NAMES, 0, 0, NULL, "all", "algo" },
	THREADS_KEY,
	PLACEMENT_KEY,
	{ "wait", CT_K_CHOICE, 0, 0, waits, NULL, "wait" },
	{ "episodes", CT_K_COUNT, 1, 1ull << 40, NULL, NULL, NULL },
	{ "warmup", CT_K_COUNT, 0, 1ull << 40, NULL, NULL, NULL },
	{ "time-limit", CT_K_SECONDS, 0, 0, NULL, NULL, NULL },
	{ "spin-limit", CT_K_COUNT, 0, 1u << 30, NULL, NULL, NULL },
	{ "fanin", CT_K_COUNT, 2, 1024, NULL, NULL, "fanin" },
	{ "work", CT_K_NS, 0, 0, NULL, NULL, "work_ns" },
	{ "skew", CT_K_NS, 0, 0, NULL, NULL, "skew_ns" },
	{ "sample", CT_K_COUNT, 1, 1u << 20, NULL, NULL, "sample" },
	COUNTERS_KEY,
	END_KEY,
};
static const char *const barrier_config[] = {
	"algo", "threads", "placement", "wait", "fanin", "work_ns", "skew_ns",
	"sample", NULL,
};
static const char *const barrier_metrics[] = {
	"episodes_per_s", "ns_per_episode", "overhead_ns", "lat_p50_ns",
	"lat_p90_ns", "lat_p99_ns", "lat_p999_ns", "lat_max_ns", "lat_mean_ns",
	"depart_spread_ns", "remote_writes", "remote_writes_per_thread",
	"c2c_ns", "lat_c2c", COUNTER_METRICS, NULL,
};

/* `contend falseshare`: one run of an experiment is every layout of it,
 * one record each. The bounds are the command's. */
static const struct ct_spec_key falseshare_keys[] = {
	{ "exp", CT_K_NAMES, 0, 0, NULL, "all", "exp" },
	THREADS_KEY,
	PLACEMENT_KEY,
	{ "lock", CT_K_LOCK, 0, 0, NULL, NULL, "lock" },
	{ "data-words", CT_K_COUNT, 1, 7, NULL, NULL, "data_words" },
	{ "cs", CT_K_NS, 0, 0, NULL, NULL, "cs_ns" },
	{ "read-every", CT_K_COUNT, 0, 1u << 30, NULL, NULL, "read_every" },
	COUNTERS_KEY,
	END_KEY,
};
static const char *const falseshare_config[] = {
	"exp", "layout", "kind", "threads", "placement", "lock", "data_words",
	"cs_ns", "read_every", NULL,
};
static const char *const falseshare_metrics[] = {
	"throughput_ops", "ns_per_op", "slowdown", "reads", COUNTER_METRICS,
	NULL,
};

/* `contend litmus`: one run of a test is every variant of it. Its length
 * is --trials, so neither --reps nor --duration. */
static const struct ct_spec_key litmus_keys[] = {
	{ "test", CT_K_NAMES, 0, 0, NULL, "all", "test" },
	PLACEMENT_KEY,
	{ "trials", CT_K_COUNT, 1, 10000000000ull, NULL, NULL, "trials" },
	{ "lock", CT_K_LOCK, 0, 0, NULL, NULL, "lock" },
	COUNTERS_KEY,
	END_KEY,
};
static const char *const litmus_config[] = {
	"test", "variant", "placement", "trials", "lock", NULL,
};
static const char *const litmus_metrics[] = {
	"weak", "weak_per_million", "aux", "aux_per_million", "ns_per_trial",
	"solo_ns", "fence_cost_ns", COUNTER_METRICS, NULL,
};

/*
 * `contend problem`: one section is one problem (its knobs and variants
 * are its own; problem_check says so before anything runs), passed as
 * --problem. A run without a variant key runs every variant, one record
 * each per thread count; readers-writers without threads runs 1..CPUs.
 * Keys another problem owns are rejected here as the command would.
 */
static const char *const problem_names[] = { "bounded-buffer",
					     "readers-writers", "dining", NULL };
static const char *const sem_kinds[] = { "posix", "futex", NULL };
static const struct ct_spec_key problem_keys[] = {
	{ "problem", CT_K_CHOICE, 0, 0, problem_names, NULL, "problem" },
	{ "variant", CT_K_NAMES, 0, 0, NULL, NULL, "variant" },
	{ "mutex", CT_K_MUTEX, 0, 0, NULL, NULL, "mutex" },
	{ "sem", CT_K_CHOICE, 0, 0, sem_kinds, NULL, "sem" },
	{ "sem-spin", CT_K_COUNT, 0, 1u << 30, NULL, NULL, "sem_spin" },
	{ "wait", CT_K_CHOICE, 0, 0, waits, NULL, "wait" },
	{ "spin-limit", CT_K_COUNT, 0, 1u << 30, NULL, NULL, NULL },
	PLACEMENT_KEY,
	{ "stall", CT_K_SECONDS, 0, 0, NULL, NULL, NULL },
	{ "producers", CT_K_COUNTS, 1, CT_PROB_MAX_THREADS, NULL, NULL,
	  "producers" },
	{ "consumers", CT_K_COUNTS, 1, CT_PROB_MAX_THREADS, NULL, NULL,
	  "consumers" },
	{ "size", CT_K_COUNT, 1, 1u << 24, NULL, NULL, "size" },
	{ "payload", CT_K_COUNT, 0, 1u << 24, NULL, NULL, "payload" },
	{ "alloc", CT_K_CHOICE, 0, 0, ct_itemalloc_names, NULL, "alloc" },
	{ "produce", CT_K_NS, 0, 0, NULL, NULL, "produce_ns" },
	{ "consume", CT_K_NS, 0, 0, NULL, NULL, "consume_ns" },
	{ "threads", CT_K_COUNTS, 1, CT_PROB_MAX_THREADS, NULL, NULL,
	  "threads" },
	{ "read-fraction", CT_K_FRACTION, 0, 0, NULL, NULL, "read_fraction" },
	{ "read-cs", CT_K_NS, 0, 0, NULL, NULL, "read_cs_ns" },
	{ "write-cs", CT_K_NS, 0, 0, NULL, NULL, "write_cs_ns" },
	{ "think", CT_K_NS, 0, 0, NULL, NULL, "think_ns" },
	{ "philosophers", CT_K_COUNTS, 2, CT_PROB_MAX_THREADS, NULL, NULL,
	  "philosophers" },
	{ "eat", CT_K_NS, 0, 0, NULL, NULL, "eat_ns" },
	{ "gap", CT_K_NS, 0, 0, NULL, NULL, "gap_ns" },
	END_KEY,
};
/* threads: every thread (bounded-buffer: producers + consumers). */
static const char *const problem_config[] = {
	"problem", "variant", "mutex", "sem", "sem_spin", "wait", "threads",
	"placement", "producers", "consumers", "size", "payload", "alloc",
	"produce_ns", "consume_ns", "read_fraction", "read_cs_ns",
	"write_cs_ns", "think_ns", "philosophers", "eat_ns", "gap_ns", NULL,
};
/* Each problem's own (the others' are null in its records), the ones
 * the README's tables show: 20, so that an export row (3 columns per
 * metric, 31 more) fits a record (CT_REC_MAX). */
static const char *const problem_metrics[] = {
	"throughput_ops", "lat_p50_ns", "lat_p99_ns", "lat_max_ns",
	"prod_wait_frac", "cons_wait_frac", "read_ops", "write_ops",
	"read_wait_p99_ns", "read_wait_max_ns", "write_wait_p99_ns",
	"write_wait_max_ns", "max_readers", "hungry_p50_ns", "hungry_p99_ns",
	"hungry_max_ns", "jain", "share_min", "deadlocked", "deadlock_s", NULL,
};

/* Every problem's variants, each name once (for export's order). */
static const char *const *problem_all_variants(bool with_hidden)
{
	static const char *names[2][CT_PROB_COUNT * CT_PROB_MAX_LIST + 1];
	const char **out = names[with_hidden];
	unsigned n = 0;
	for (unsigned p = 0; p < CT_PROB_COUNT; p++)
		for (const char *const *v = ct_problem_variants(&ct_problems[p],
								with_hidden);
		     *v; v++) {
			unsigned i = 0;
			while (i < n && strcmp(out[i], *v))
				i++;
			if (i == n)
				out[n++] = *v;
		}
	out[n] = NULL;
	return out;
}

/* The section's problem, or NULL when it names none (or several). */
static const struct ct_problem_desc *section_problem(
	const struct ct_section *sec, unsigned *line)
{
	for (unsigned i = 0; i < sec->naxes; i++)
		if (!strcmp(sec->axis[i].key->name, "problem")) {
			*line = sec->axis[i].line;
			return sec->axis[i].n == 1 ?
				       ct_problem_find(sec->axis[i].v[0]) : NULL;
		}
	*line = sec->line;
	return NULL;
}

static const char *const *problem_variants(const struct ct_section *sec,
					   bool with_hidden)
{
	unsigned line;
	const struct ct_problem_desc *p = section_problem(sec, &line);
	return p ? ct_problem_variants(p, with_hidden) :
		   problem_all_variants(with_hidden);
}

/* One problem per section; only its own knobs; dining's threads is its
 * philosophers (at least 2) and not both. */
static void problem_check(const struct ct_section *sec, const char *path)
{
	unsigned line;
	const struct ct_problem_desc *p = section_problem(sec, &line);
	const struct ct_axis *threads = NULL, *phil = NULL;
	if (!p)
		ct_usage_error("%s:%u: problem: %s (a section per problem: "
			       "bounded-buffer, readers-writers, dining)", path,
			       line, line == sec->line ? "missing" :
			       "one value per section");
	for (unsigned i = 0; i < sec->naxes; i++) {
		const struct ct_axis *a = &sec->axis[i];
		char valid[512];
		unsigned n = 0;
		const char *own[32];
		if (!strcmp(a->key->name, "threads"))
			threads = a;
		if (!strcmp(a->key->name, "philosophers"))
			phil = a;
		if (ct_problem_takes(p, a->key->name))
			continue;
		for (const struct ct_spec_key *k = sec->fam->keys;
		     k->name && n < 31; k++)
			if (ct_problem_takes(p, k->name) ||
			    !strcmp(k->name, "problem"))
				own[n++] = k->name;
		own[n] = NULL;
		ct_join(valid, sizeof(valid), own, ", ");
		ct_usage_error("%s:%u: %s: not a knob of %s (valid: %s)", path,
			       a->line ? a->line : sec->line, a->key->name,
			       p->name, valid);
	}
	if (threads && phil)
		ct_usage_error("%s:%u: threads: dining's threads are its "
			       "philosophers; give one of them", path,
			       threads->line);
	for (unsigned i = 0; threads && p == &ct_problems[CT_PROB_DINING] &&
			     i < threads->n; i++)
		if (atoi(threads->v[i]) < 2)
			ct_usage_error("%s:%u: threads: dining needs at least 2 "
				       "philosophers (got %s)", path,
				       threads->line, threads->v[i]);
}

/* `contend lrpc`: every mode, proc and size of one section run in one
 * command (side by side), so they are names/lists, not axes. */
static const char *const lrpc_procs[] = { "null", "add", "bigin", "biginout",
					  NULL };
static const struct ct_spec_key lrpc_keys[] = {
	{ "mode", CT_K_NAMES, 0, 0, NULL, "all", "mode" },
	{ "proc", CT_K_CHOICE, 0, 0, lrpc_procs, "null", "proc" },
	{ "arg-bytes", CT_K_COUNTS, 0, CT_LRPC_MAX_BYTES, NULL, "200",
	  "arg_bytes" },
	{ "clients", CT_K_COUNT, 1, CT_LRPC_MAX_SLOTS, NULL, NULL, "clients" },
	{ "server-threads", CT_K_COUNT, 1, CT_LRPC_MAX_SERVER_THREADS, NULL,
	  NULL, "server_threads" },
	{ "astacks", CT_K_COUNT, 1, CT_LRPC_MAX_ASTACKS, NULL, NULL, "astacks" },
	PLACEMENT_KEY,
	{ "think", CT_K_NS, 0, 0, NULL, NULL, "think_ns" },
	{ "spin-window", CT_K_NS, 0, 0, NULL, NULL, "spin_window_ns" },
	END_KEY,
};
static const char *const lrpc_config[] = {
	"mode", "proc", "arg_bytes", "clients", "server_threads", "astacks",
	"placement", "copy_in", "think_ns", "spin_window_ns", NULL,
};
static const char *const lrpc_metrics[] = {
	"calls_per_s", "rtt_ns", "lat_p50_ns", "lat_p90_ns", "lat_p99_ns",
	"lat_p999_ns", "lat_max_ns", "lat_mean_ns", "client_cpu_ns_per_call",
	"server_cpu_ns_per_call", "blocked_share", "queue_contended_share",
	"bind_us", "c2c_ns", "rtt_c2c", "lat_c2c", NULL,
};

static const char *const *lrpc_modes(bool with_hidden)
{
	(void)with_hidden;
	return ct_lrpc_all_modes;
}

/* `contend run`: an unmodified program per lock. In a matrix each run is
 * one lock, one repetition (`lock` is an axis, so the matrix interleaves
 * the locks and pairs them by repetition); `program` is the command line
 * after `--`, an axis too (a program at 2 and at 4 threads is two values).
 * The program's figure: `metric` (a regular expression without commas),
 * `lower-better = yes` for times. */
static const char *const run_waits[] = { "spin", "yield", "park", NULL };
static const struct ct_spec_key run_keys[] = {
	{ "program", CT_K_PROGRAM, 0, 0, NULL, NULL, "program" },
	{ "lock", CT_K_NAMES, 0, 0, NULL, "pthread-mutex,mcs,clh,ticket",
	  "lock" },
	{ "wait", CT_K_CHOICE, 0, 0, run_waits, "yield", "wait" },
	PLACEMENT_KEY,
	/* reported by the records themselves (not knobs): they follow from
	 * the program, so they never split its figures */
	{ "metric", CT_K_TEXT, 0, 0, NULL, NULL, "metric_regex" },
	{ "lower-better", CT_K_FLAG, 0, 0, NULL, NULL, "metric_better" },
	{ "timeout", CT_K_SECONDS, 0, 0, NULL, "30", NULL },
	/* the records' `program` (default: the command line) */
	{ "name", CT_K_TEXT, 0, 0, NULL, NULL, "program" },
	END_KEY,
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

const struct ct_family ct_families[] = {
	{ "lock", true, true, true, lock_keys, ct_lock_names, lock_config,
	  lock_metrics, "threads", NULL, NULL, NULL, false },
	{ "c2c", true, false, false, c2c_keys, NULL, c2c_config, c2c_metrics,
	  "cpu_a", NULL, NULL, NULL, false },
	{ "barrier", true, true, false, barrier_keys, ct_barrier_names,
	  barrier_config, barrier_metrics, "threads", NULL, NULL, NULL, false },
	{ "falseshare", true, true, true, falseshare_keys, ct_fs_exp_list,
	  falseshare_config, falseshare_metrics, "threads", NULL, NULL, NULL, false },
	{ "litmus", true, false, false, litmus_keys, ct_lt_test_list,
	  litmus_config, litmus_metrics, "variant", NULL, NULL, NULL, false },
	{ "problem", true, true, true, problem_keys, problem_all_variants,
	  problem_config, problem_metrics, "threads", problem_variants,
	  problem_check, "problem", false },
	{ "lrpc", true, true, true, lrpc_keys, lrpc_modes, lrpc_config,
	  lrpc_metrics, "arg_bytes", NULL, NULL, NULL, false },
	{ "run", true, true, false, run_keys, run_lock_names, run_config,
	  run_metrics, "lock", NULL, run_check, "program", true },
	{ NULL, false, false, false, NULL, NULL, NULL, NULL, NULL, NULL,
	  NULL, NULL, false },
};

