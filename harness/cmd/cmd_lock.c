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
#include "harness/families/lock.h"
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

/* Options common to benchmarking and validating a lock. */
struct lock_opts {
	const char *algo, *threads, *placement;
	struct ct_lock_cfg lock;
	unsigned vnodes; /* --vnodes N, 0: the real NUMA nodes */
};

/* Take an option both commands share; false if i is not one of them. */
static bool common_opt(int i, const char *arg, struct lock_opts *o)
{
	const struct ct_opt *r = &ct_lock_opts[i];
	switch (i) {
	case LO_ALGO: o->algo = arg; return true;
	case LO_THREADS: o->threads = arg; return true;
	case LO_PLACEMENT: o->placement = arg; return true;
	case LO_WAIT: o->lock.wait.policy = (uint8_t)ct_opt_choice(r, arg); return true;
	case LO_SPIN_LIMIT: o->lock.wait.spin_limit = (uint32_t)ct_opt_count(r, arg); return true;
	case LO_BACKOFF_MIN: o->lock.backoff_min = (uint32_t)ct_opt_count(r, arg); return true;
	case LO_BACKOFF_MAX: o->lock.backoff_max = (uint32_t)ct_opt_count(r, arg); return true;
	case LO_VNODES: o->vnodes = (unsigned)ct_opt_count(r, arg); return true;
	case LO_SPIN_PARK: o->lock.spin_before_park = (uint32_t)ct_opt_count(r, arg); return true;
	}
	return false;
}

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

static const struct ct_help lock_help = {
	"contend lock", NULL,
	"--loop bare runs each lock in a bare loop (acquire; counter++;\n"
	"release; count++) beside ours and prints our throughput over the\n"
	"bare loop's, paired per repetition; --peers does the same against\n"
	"each lock's Concurrency Kit peer. --count-transfers counts each\n"
	"spinning lock's coherence transfers per acquisition in the counting\n"
	"build's deterministic schedule and compares them with its design\n"
	"figure (exactly); =free: in a seeded random schedule (random order,\n"
	"1 to threads - 1 waiters), within 10% at each release's waiters.\n",
};

int ct_cmd_lock(int argc, char **argv)
{
	struct ct_lockbench_cfg cfg;
	struct lock_opts o = { 0 };
	bool count_transfers = false, free_schedule = false;
	int i;
	ct_lockbench_defaults(&cfg);
	o.lock = cfg.lock;
	struct ct_common_args ca = { .reps = cfg.reps, .duration_s = cfg.duration_s,
				     .warmup_s = cfg.warmup_s };
	optind = 1;
	while ((i = ct_next_opt(argc, argv, ct_lock_opts, CT_OPT_BENCH, 0,
				&lock_help, &ca)) != -1) {
		const struct ct_opt *r = &ct_lock_opts[i];
		if (common_opt(i, optarg, &o))
			continue;
		switch (i) {
		case LO_CS: cfg.cs_ns = ct_opt_ns(r, optarg); break;
		case LO_THINK: cfg.think_ns = ct_opt_ns(r, optarg); break;
		case LO_CS_LINES: cfg.cs_lines = (unsigned)ct_opt_count(r, optarg); break;
		case LO_LOCKS: cfg.nlocks = (unsigned)ct_opt_count(r, optarg); break;
		case LO_SAMPLE: cfg.sample = (unsigned)ct_opt_count(r, optarg); break;
		case LO_DISPATCH: cfg.indirect = ct_opt_choice(r, optarg); break;
		case LO_PEERS: cfg.peers = true; break;
		case LO_LOOP: cfg.bare = ct_opt_choice(r, optarg); break;
		case LO_COUNT_TRANSFERS:
			count_transfers = true;
			free_schedule = optarg && ct_opt_choice(r, optarg);
			break;
		}
	}
	cfg.reps = ca.reps;
	cfg.duration_s = ca.duration_s;
	cfg.warmup_s = ca.warmup_s;
	cfg.counters = ca.counters;
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
		cfg.nthreads = ct_opt_counts(&ct_lock_opts[LO_THREADS], o.threads,
					     cfg.threads, CT_MAX_LIST);
	} else { /* 1, 2, 4, ... up to the allowed CPUs */
		cfg.nthreads = 0;
		for (unsigned n = 1; n <= (unsigned)topo.npus; n *= 2)
			cfg.threads[cfg.nthreads++] = n;
	}
	ct_check_placement(&topo, &cfg.placement, cfg.threads, cfg.nthreads);

	cfg.progress = !ca.quiet && isatty(2);
	struct ct_session ss;
	ct_session_open(&ss, &ca.out, ct_lockbench_columns(cfg.counters), &topo);
	return ct_session_close(&ss, &topo,
				ct_lockbench_run(&cfg, &topo, &ss.fp, &ss.out));
}

static const struct ct_help validate_help = {
	"contend validate lock", NULL,
	"Every row runs in its own process, each after the last, whatever\n"
	"came before. A FIFO lock that spins (--wait spin, or a peer that\n"
	"cannot yield) with more threads than CPUs waits a scheduler slice per\n"
	"handoff, so such a row runs " CT_STR(CT_VALIDATE_LOCK_CAP)
	" acquisitions and says so\n"
	"(--no-cap: the full --ops).\n" CT_VALIDATE_EXIT_HELP,
};

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
	if (argc >= 2 && !strcmp(argv[1], "barrier"))
		return ct_cmd_validate_barrier(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "problem"))
		return ct_cmd_validate_problem(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "run"))
		return ct_cmd_validate_run(argc - 1, argv + 1);
	if (argc < 2 || strcmp(argv[1], "lock")) {
		if (argc >= 2 && !strcmp(argv[1], "--help")) {
			ct_opt_help(stdout, validate_help.usage, NULL,
				    ct_lock_opts, CT_OPT_VALIDATE, 0,
				    validate_help.prose);
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
	unsigned try_every = 4;
	bool no_cap = false;
	struct ct_common_args ca = { .timeout_s = 60 };
	int i;
	optind = 1;
	while ((i = ct_next_opt(argc, argv, ct_lock_opts, CT_OPT_VALIDATE, 0,
				&validate_help, &ca)) != -1) {
		const struct ct_opt *r = &ct_lock_opts[i];
		if (common_opt(i, optarg, &o))
			continue;
		switch (i) {
		case LO_OPS: ops = ct_opt_count(r, optarg); break;
		case LO_TRY_EVERY: try_every = (unsigned)ct_opt_count(r, optarg); break;
		case LO_NO_CAP: no_cap = true; break;
		}
	}
	double timeout = ca.timeout_s;
	check_backoff(&o.lock);
	const char *algos[CT_MAX_LIST];
	unsigned threads[CT_MAX_LIST];
	unsigned na = parse_algos(o.algo, algos, true);
	unsigned nt = ct_opt_counts(&ct_lock_opts[LO_THREADS],
				    o.threads ? o.threads : "2", threads,
				    CT_MAX_LIST);
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
