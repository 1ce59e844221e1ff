/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * `contend lock` and `contend validate lock`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "locks/ops.h"
#include "harness/core/cli.h"
#include "harness/core/family.h"
#include "commands.h"
#include "harness/core/fingerprint.h"
#include "harness/core/isolate.h"
#include "harness/lock/contention.h"
#include "harness/lock/lockbench.h"
#include "harness/lock/lockpeers.h"
#include "harness/core/timing.h"
#include "harness/lock/lockcheck.h"
#include "harness/barrier/barriercheck.h"
#include "harness/problem/problem.h"

enum {
	O_ALGO = 1000, O_THREADS, O_PLACEMENT, O_DURATION, O_WARMUP, O_REPS,
	O_CS, O_THINK, O_CS_LINES, O_LOCKS, O_SAMPLE, O_WAIT, O_SPIN_LIMIT,
	O_BACKOFF_MIN, O_BACKOFF_MAX, O_SPIN_PARK, O_DISPATCH, O_FORMAT, O_OUT,
	O_QUIET, O_PEERS, O_OPS, O_TIMEOUT, O_TRY_EVERY, O_COUNTERS, O_NO_CAP,
	O_LOOP, O_COUNT_TRANSFERS, O_HELP, O_VNODES,
};

/* Options common to benchmarking and validating a lock. */
struct lock_opts {
	const char *algo, *threads, *placement;
	struct ct_lock_cfg lock;
	unsigned vnodes; /* --vnodes N, 0: the real NUMA nodes */
};

/* Handle an option both commands share; false if c is not one of them. */
static bool common_opt(int c, const char *arg, struct lock_opts *o)
{
	static const char *const waits[] = CT_WAIT_NAMES;
	switch (c) {
	case O_ALGO: o->algo = arg; return true;
	case O_THREADS: o->threads = arg; return true;
	case O_PLACEMENT: o->placement = arg; return true;
	case O_WAIT:
		o->lock.wait.policy = (uint8_t)ct_parse_choice("--wait", arg, waits);
		return true;
	case O_SPIN_LIMIT:
		o->lock.wait.spin_limit =
			(uint32_t)ct_family_count("lock", "spin-limit", arg);
		return true;
	case O_BACKOFF_MIN:
		o->lock.backoff_min =
			(uint32_t)ct_family_count("lock", "backoff-min", arg);
		return true;
	case O_BACKOFF_MAX:
		o->lock.backoff_max =
			(uint32_t)ct_family_count("lock", "backoff-max", arg);
		return true;
	case O_VNODES:
		o->vnodes = (unsigned)ct_family_count("lock", "vnodes", arg);
		return true;
	case O_SPIN_PARK:
		o->lock.spin_before_park =
			(uint32_t)ct_family_count("lock", "spin-before-park", arg);
		return true;
	}
	return false;
}

#define COMMON_LONGOPTS                                                   \
	{ "algo", 1, NULL, O_ALGO }, { "threads", 1, NULL, O_THREADS },   \
	{ "placement", 1, NULL, O_PLACEMENT }, { "wait", 1, NULL, O_WAIT }, \
	{ "spin-limit", 1, NULL, O_SPIN_LIMIT },                          \
	{ "backoff-min", 1, NULL, O_BACKOFF_MIN },                        \
	{ "backoff-max", 1, NULL, O_BACKOFF_MAX },                        \
	{ "spin-before-park", 1, NULL, O_SPIN_PARK },                     \
	{ "vnodes", 1, NULL, O_VNODES }, { "help", 0, NULL, O_HELP }

/* The machine, split into o->vnodes virtual nodes when asked. */
static void load_topology(struct ct_topo *t, const struct lock_opts *o)
{
	char err[512];
	ct_load_machine(t);
	if (o->vnodes && ct_topo_split_vnodes(t, (int)o->vnodes, err,
					      sizeof(err)))
		ct_usage_error("%s", err);
}

static void parse_placement(const char *s, struct ct_placement *p)
{
	char err[512];
	if (ct_placement_parse(s ? s : "compact", p, err, sizeof(err)))
		ct_usage_error("--placement: %s", err);
}

static unsigned parse_algos(const char *s, const char **out, bool validate)
{
	const char *const *visible = ct_lock_names(false);
	const char *const *every = ct_lock_names(true);
	unsigned nevery = 0;
	while (every[nevery])
		nevery++;
	/* "all" means what `list locks` shows; broken must be named. */
	const char *dflt_all[CT_MAX_LIST];
	unsigned k = 0;
	for (const char *const *v = visible; *v; v++)
		if (!validate || strcmp(*v, "null"))
			dflt_all[k++] = *v;
	dflt_all[k] = NULL;
	unsigned n = ct_parse_names("--algo", s ? s : "all", every, nevery,
				    dflt_all, out, CT_MAX_LIST);
	for (unsigned i = 0; validate && i < n; i++)
		if (!strcmp(out[i], "null"))
			ct_usage_error("--algo: null provides no mutual exclusion "
				       "(it measures harness overhead) and "
				       "cannot be validated");
	return n;
}

static void check_backoff(const struct ct_lock_cfg *l)
{
	if (l->backoff_min > l->backoff_max)
		ct_usage_error("--backoff-min (%u) exceeds --backoff-max (%u)",
			       l->backoff_min, l->backoff_max);
}

static const char lock_help[] =
	"usage: contend lock [--algo A,B|all] [--threads 1,2,4|1-16:x2]\n"
	"         [--placement compact|scatter|numa:N|cpus:LIST] [--vnodes N]\n"
	"         [--duration 1s] [--warmup 200ms] [--reps 3]\n"
	"         [--cs NS] [--think NS] [--cs-lines N] [--locks N]\n"
	"         [--wait spin|yield|park] [--spin-limit N] [--backoff-min N]\n"
	"         [--backoff-max N] [--spin-before-park N] [--sample N]\n"
	"         [--dispatch inline|indirect] " CT_COUNTERS_HELP "\n"
	"         [--format table|csv|jsonl] [--out FILE] " CT_OUT_MODE_HELP "\n"
	"         [--quiet] [--peers] [--loop harness|bare]\n"
	"         [--count-transfers[=fixed|free]]\n"
	"--vnodes N: split the allowed CPUs into N virtual NUMA nodes (for\n"
	"         placement, the records' nodes and NUMA-aware locks).\n"
	"--peers: run each lock beside its Concurrency Kit peer and print\n"
	"         their paired per-repetition ratios under the table.\n"
	"--loop bare: also run each lock in a bare loop (acquire; counter++;\n"
	"         release; count++) beside ours, and print our throughput over\n"
	"         the bare loop's, paired per repetition, under the table.\n"
	"--count-transfers: run no benchmark; count each spinning lock's\n"
	"         coherence transfers per acquisition in the counting build's\n"
	"         deterministic schedule and compare with its design figure\n"
	"         (exactly); =free: in a seeded random schedule (random order,\n"
	"         1 to threads - 1 waiters), within 10% of the design figure\n"
	"         at each release's waiters.\n";

int ct_cmd_lock(int argc, char **argv)
{
	static const struct option opts[] = {
		COMMON_LONGOPTS,
		{ "duration", 1, NULL, O_DURATION }, { "warmup", 1, NULL, O_WARMUP },
		{ "reps", 1, NULL, O_REPS }, { "cs", 1, NULL, O_CS },
		{ "think", 1, NULL, O_THINK }, { "cs-lines", 1, NULL, O_CS_LINES },
		{ "locks", 1, NULL, O_LOCKS }, { "sample", 1, NULL, O_SAMPLE },
		{ "dispatch", 1, NULL, O_DISPATCH }, { "format", 1, NULL, O_FORMAT },
		{ "out", 1, NULL, O_OUT }, { "quiet", 0, NULL, O_QUIET },
		CT_OUT_MODE_LONGOPTS,
		{ "counters", 2, NULL, O_COUNTERS }, { "peers", 0, NULL, O_PEERS },
		{ "loop", 1, NULL, O_LOOP },
		{ "count-transfers", 2, NULL, O_COUNT_TRANSFERS },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const dispatch[] = { "inline", "indirect", NULL };
	static const char *const loops[] = { "harness", "bare", NULL };
	static const char *const schedules[] = { "fixed", "free", NULL };
	struct ct_lockbench_cfg cfg;
	struct lock_opts o = { 0 };
	struct ct_out_opts out_opts = { 0 };
	bool quiet = false, count_transfers = false, free_schedule = false;
	int c;
	ct_lockbench_defaults(&cfg);
	o.lock = cfg.lock;
	optind = 1;
	while ((c = ct_getopt(argc, argv, opts)) != -1) {
		if (common_opt(c, optarg, &o) ||
		    ct_out_mode_opt(c, &out_opts.mode))
			continue;
		switch (c) {
		case O_DURATION: cfg.duration_s = ct_parse_seconds("--duration", optarg, false); break;
		case O_WARMUP: cfg.warmup_s = ct_parse_seconds("--warmup", optarg, true); break;
		case O_REPS: cfg.reps = (unsigned)ct_parse_count("--reps", optarg, 1, 1000); break;
		case O_CS: cfg.cs_ns = ct_parse_ns("--cs", optarg); break;
		case O_THINK: cfg.think_ns = ct_parse_ns("--think", optarg); break;
		case O_CS_LINES: cfg.cs_lines = (unsigned)ct_family_count("lock", "cs-lines", optarg); break;
		case O_LOCKS: cfg.nlocks = (unsigned)ct_family_count("lock", "locks", optarg); break;
		case O_SAMPLE: cfg.sample = (unsigned)ct_family_count("lock", "sample", optarg); break;
		case O_DISPATCH: cfg.indirect = ct_parse_choice("--dispatch", optarg, dispatch); break;
		case O_FORMAT: out_opts.format = optarg; break;
		case O_OUT: out_opts.path = optarg; break;
		case O_QUIET: quiet = true; break;
		case O_PEERS: cfg.peers = true; break;
		case O_LOOP: cfg.bare = ct_parse_choice("--loop", optarg, loops); break;
		case O_COUNT_TRANSFERS:
			count_transfers = true;
			free_schedule = optarg && ct_parse_choice("--count-transfers",
								  optarg, schedules);
			break;
		case O_COUNTERS: cfg.counters = ct_counters_option(argc, argv); break;
		case O_HELP: fputs(lock_help, stdout); return 0;
		}
	}
	cfg.lock = o.lock;
	check_backoff(&cfg.lock);
	cfg.nalgos = parse_algos(o.algo, cfg.algos, false);
	if (cfg.peers)
		cfg.nalgos = ct_lockpeers_expand(cfg.algos, cfg.nalgos, CT_MAX_LIST);
	parse_placement(o.placement, &cfg.placement);
	if (count_transfers) { /* the counting build: no machine, no timing */
		static const unsigned one_to_8[] = { 1, 2, 3, 4, 5, 6, 7, 8 };
		if (o.threads)
			cfg.nthreads = ct_parse_count_list("--threads", o.threads,
							   cfg.threads, CT_MAX_LIST,
							   1, 64);
		return ct_contention_count(cfg.algos, cfg.nalgos,
					   o.threads ? cfg.threads : one_to_8,
					   o.threads ? cfg.nthreads : 8,
					   free_schedule ? CT_CC_FREE_SEED : 0, stdout);
	}

	struct ct_topo topo;
	load_topology(&topo, &o);
	cfg.vnodes = o.vnodes;
	if (o.threads) {
		cfg.nthreads = ct_parse_count_list("--threads", o.threads, cfg.threads,
						   CT_MAX_LIST, 1, 1024);
	} else { /* 1, 2, 4, ... up to the allowed CPUs */
		cfg.nthreads = 0;
		for (unsigned n = 1; n <= (unsigned)topo.npus; n *= 2)
			cfg.threads[cfg.nthreads++] = n;
	}
	ct_check_placement(&topo, &cfg.placement, cfg.threads, cfg.nthreads);

	cfg.progress = !quiet && isatty(2);
	struct ct_session ss;
	ct_session_open(&ss, &out_opts, ct_lockbench_columns(cfg.counters), &topo);
	return ct_session_close(&ss, &topo,
				ct_lockbench_run(&cfg, &topo, &ss.fp, &ss.out));
}

static const char validate_help[] =
	"usage: contend validate lock [--algo A,B|all] [--threads N[,M...]]\n"
	"         [--ops 1e6] [--wait spin|yield|park] [--placement P]\n"
	"         [--vnodes N] [--timeout 60s] [--try-every 4] [--no-cap]\n"
	"Every row runs in its own process, each after the last, whatever\n"
	"came before. A FIFO lock that spins (--wait spin, or a peer that\n"
	"cannot yield) with more threads than CPUs waits a scheduler slice per\n"
	"handoff, so such a row runs " CT_STR(CT_VALIDATE_LOCK_CAP)
	" acquisitions and says so\n"
	"(--no-cap: the full --ops).\n" CT_VALIDATE_EXIT_HELP;

/* One row, run in a child process: the config in, the result out. */
struct lock_vrow {
	struct ct_lockcheck_cfg cfg;
	struct ct_lockcheck_result res;
	int rc;
};

static void lock_vrow_run(void *arg)
{
	struct lock_vrow *v = arg;
	v->rc = ct_lockcheck(&v->cfg, &v->res);
}

/* Does this lock spin while it waits (no yield, no sleep)? */
static bool lock_spins(unsigned flags, unsigned policy)
{
	return !(flags & CT_LOCK_PARKS) &&
	       (!(flags & CT_LOCK_WAITS) || policy == CT_WAIT_SPIN);
}

/* What to do about a liveness time-out. */
static const char *lock_hint(unsigned flags, unsigned policy, unsigned n,
			     int npus)
{
	if (n <= (unsigned)npus)
		return ct_vtally_quiet_hint(npus);
	if (flags & CT_LOCK_PARKS)
		return "a parking lock should not stall: a lost wake-up?";
	if (!(flags & CT_LOCK_WAITS))
		return "this lock cannot yield: use --threads up to the CPUs "
		       "or a smaller --ops";
	if (policy == CT_WAIT_SPIN && (flags & CT_LOCK_FIFO))
		return "a preempted waiter stalls the queue: use --wait yield";
	if (policy == CT_WAIT_SPIN)
		return "spinners hold the CPUs the holder needs: use --wait yield";
	return "already yielding: use a smaller --ops or a longer --timeout";
}

static void validate_one(const char *algo, unsigned n, uint64_t ops,
			 const struct lock_opts *o, const struct ct_topo *topo,
			 const struct ct_placement *pl, double timeout,
			 unsigned try_every, bool no_cap, struct ct_vtally *t)
{
	int *cpus = calloc(n, sizeof(int)), *numa = calloc(n, sizeof(int));
	int *node = calloc(n, sizeof(int));
	ct_resolve_or_die(topo, pl, n, cpus, numa);
	for (unsigned i = 0; i < n; i++)
		node[i] = ct_topo_node_of(topo, cpus[i]);
	unsigned flags = ct_lock_ops_find(algo)->flags;
	unsigned policy = o->lock.wait.policy;
	bool capped = !no_cap && n > (unsigned)topo->npus &&
		      (flags & CT_LOCK_FIFO) && lock_spins(flags, policy) &&
		      ops > CT_VALIDATE_LOCK_CAP;
	uint64_t asked = ops;
	if (capped)
		ops = CT_VALIDATE_LOCK_CAP;
	struct lock_vrow *v = ct_shm_alloc(sizeof(*v));
	char why[256] = "";
	if (!v) {
		fprintf(stderr, "contend: cannot map shared memory\n");
		exit(1);
	}
	v->cfg = (struct ct_lockcheck_cfg){ algo, n, ops, o->lock, cpus, numa,
					    timeout, try_every };
	v->cfg.lock.thread_node = node;
	/* The child's watchdog fires first; this is for a child that hangs
	 * elsewhere. */
	int gone = ct_isolate(lock_vrow_run, v, timeout + 30, why, sizeof(why));
	const struct ct_lockcheck_result *r = &v->res;
	t->rows++;
	t->capped += capped;
	if (gone || v->rc < 0) {
		t->errors++;
		printf("%-14s %3u threads  ERROR %s\n", algo, n,
		       gone ? why : r->err);
	} else if (r->timed_out && !r->overlaps) {
		t->timed_out++;
		printf("%-14s %3u threads  TIMEOUT liveness: %llu of %llu "
		       "acquisitions in %.0f s, 0 violations so far; %u threads "
		       "on %d CPUs, wait %s: %s\n",
		       algo, n, (unsigned long long)r->acquisitions,
		       (unsigned long long)ops, timeout, n, topo->npus,
		       lock_spins(flags, policy) ? "spin" : "yield/park",
		       lock_hint(flags, policy, n, topo->npus));
	} else {
		t->violated += v->rc != 0;
		printf("%-14s %3u threads  %s  %llu acquisitions (%llu by "
		       "trylock), %llu overlaps, counter %llu/%llu, %.2fs",
		       algo, n, v->rc ? "FAIL" : "ok  ",
		       (unsigned long long)r->acquisitions,
		       (unsigned long long)r->try_success,
		       (unsigned long long)r->overlaps,
		       (unsigned long long)r->counter, (unsigned long long)ops,
		       r->seconds);
		if (capped)
			printf("  (capped from %llu: FIFO lock spinning, %u "
			       "threads on %d CPUs)", (unsigned long long)asked,
			       n, topo->npus);
		printf("\n");
	}
	fflush(stdout);
	ct_shm_free(v, sizeof(*v));
	free(cpus), free(numa), free(node);
}

int ct_cmd_validate(int argc, char **argv)
{
	static const struct option opts[] = {
		COMMON_LONGOPTS,
		{ "ops", 1, NULL, O_OPS }, { "timeout", 1, NULL, O_TIMEOUT },
		{ "try-every", 1, NULL, O_TRY_EVERY },
		{ "no-cap", 0, NULL, O_NO_CAP }, { NULL, 0, NULL, 0 },
	};
	if (argc >= 2 && !strcmp(argv[1], "barrier"))
		return ct_cmd_validate_barrier(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "problem"))
		return ct_cmd_validate_problem(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "run"))
		return ct_cmd_validate_run(argc - 1, argv + 1);
	if (argc < 2 || strcmp(argv[1], "lock")) {
		if (argc >= 2 && !strcmp(argv[1], "--help")) {
			fputs(validate_help, stdout);
			return 0;
		}
		ct_usage_error("validate: expected a family: validate lock, "
			       "validate barrier, validate problem, validate run "
			       "(got '%s')",
			       argc < 2 ? "" : argv[1]);
	}
	argc--, argv++;
	struct lock_opts o = { .lock = CT_LOCK_CFG_DEFAULT };
	uint64_t ops = 1000000;
	double timeout = 60;
	unsigned try_every = 4;
	bool no_cap = false;
	int c;
	optind = 1;
	while ((c = ct_getopt(argc, argv, opts)) != -1) {
		if (common_opt(c, optarg, &o))
			continue;
		switch (c) {
		case O_OPS: ops = ct_parse_count("--ops", optarg, 1, 1ull << 40); break;
		case O_TIMEOUT: timeout = ct_parse_seconds("--timeout", optarg, false); break;
		case O_TRY_EVERY: try_every = (unsigned)ct_parse_count("--try-every", optarg, 0, 1u << 30); break;
		case O_NO_CAP: no_cap = true; break;
		case O_HELP: fputs(validate_help, stdout); return 0;
		}
	}
	check_backoff(&o.lock);
	const char *algos[CT_MAX_LIST];
	unsigned threads[CT_MAX_LIST];
	unsigned na = parse_algos(o.algo, algos, true);
	unsigned nt = ct_parse_count_list("--threads", o.threads ? o.threads : "2",
					  threads, CT_MAX_LIST, 1, 1024);
	struct ct_placement pl;
	parse_placement(o.placement, &pl);
	struct ct_topo topo;
	load_topology(&topo, &o);
	struct ct_vtally tally = { 0 };
	ct_check_placement(&topo, &pl, threads, nt);
	for (unsigned a = 0; a < na; a++)
		for (unsigned t = 0; t < nt; t++)
			validate_one(algos[a], threads[t], ops, &o, &topo, &pl,
				     timeout, try_every, no_cap, &tally);
	ct_topo_free(&topo);
	return ct_vtally_finish(&tally);
}
