/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * `contend barrier` and `contend validate barrier`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness/barrier/barrierbench.h"
#include "harness/barrier/barriercheck.h"
#include "harness/core/cli.h"
#include "harness/families/barrier.h"
#include "commands.h"
#include "harness/core/fingerprint.h"
#include "harness/core/isolate.h"
#include "harness/core/timing.h"

/* Options common to benchmarking and validating a barrier. */
struct bar_opts {
	const char *algo, *threads, *placement;
	uint64_t episodes;
	struct ct_barrier_cfg bar;
};

/* Take an option both commands share; false if i is not one of them. */
static bool bar_common_opt(int i, const char *arg, struct bar_opts *o)
{
	const struct ct_opt *r = &ct_barrier_opts[i];
	switch (i) {
	case BO_ALGO: o->algo = arg; return true;
	case BO_THREADS: o->threads = arg; return true;
	case BO_PLACEMENT: o->placement = arg; return true;
	case BO_EPISODES: o->episodes = ct_opt_count(r, arg); return true;
	case BO_WAIT:
		o->bar.wait.policy = (uint8_t)ct_opt_choice(r, arg);
		return true;
	case BO_SPIN_LIMIT:
		o->bar.wait.spin_limit = (uint32_t)ct_opt_count(r, arg);
		return true;
	case BO_FANIN:
		o->bar.fanin = (unsigned)ct_opt_count(r, arg);
		return true;
	}
	return false;
}

/* --algo: names of barriers/LIST; "all" is what `list barriers` shows
 * (broken must be named). */
static unsigned bar_parse_algos(const char *s, const char **out)
{
	const char *const *every = ct_barrier_names(true);
	unsigned nevery = 0;
	while (every[nevery])
		nevery++;
	return ct_parse_names("--algo", s ? s : "all", every, nevery,
			      ct_barrier_names(false), out, CT_BARRIER_MAX_LIST);
}

static unsigned bar_parse_threads(const char *s, const char *dflt,
				  unsigned *out)
{
	return ct_opt_counts(&ct_barrier_opts[BO_THREADS], s ? s : dflt, out,
			     CT_BARRIER_MAX_LIST);
}

static void bar_parse_placement(const char *s, struct ct_placement *p)
{
	char err[512];
	if (ct_placement_parse(s ? s : "compact", p, err, sizeof(err)))
		ct_usage_error("--placement: %s", err);
}

static const struct ct_help barrier_help = {
	"contend barrier", NULL,
	"Per-episode latency (last arrival -> last departure), episodes/s and\n"
	"the design's remote writes per episode. --skew: one thread per\n"
	"episode (rotating) arrives that much later than the others.\n",
};

/* Default thread counts: 1, 2, 4, ... up to the allowed CPUs. */
static unsigned bar_default_threads(const struct ct_topo *t, unsigned *out)
{
	unsigned n = 0;
	for (unsigned p = 1; p <= (unsigned)t->npus && n < CT_BARRIER_MAX_LIST;
	     p *= 2)
		out[n++] = p;
	return n;
}

/* Pure spinning with more threads than CPUs: say what the numbers mean. */
static void bar_note_oversubscription(const struct ct_barrierbench_cfg *c,
				      const struct ct_topo *t, bool quiet)
{
	unsigned maxn = 0;
	for (unsigned i = 0; i < c->nthreads; i++)
		maxn = c->threads[i] > maxn ? c->threads[i] : maxn;
	if (quiet || maxn <= (unsigned)t->npus ||
	    c->bar.wait.policy != CT_WAIT_SPIN)
		return;
	fprintf(stderr,
		"contend: note: %u threads on %d CPUs with --wait spin: a "
		"spinning waiter holds its CPU until preempted, so episodes "
		"take scheduler time slices (bounded by --time-limit %gs); "
		"--wait yield or park shows the polite alternative\n",
		maxn, t->npus, c->time_limit_s);
}

int ct_cmd_barrier(int argc, char **argv)
{
	struct ct_barrierbench_cfg cfg;
	int i;
	ct_barrierbench_defaults(&cfg);
	struct bar_opts o = { .episodes = cfg.episodes, .bar = cfg.bar };
	struct ct_common_args ca = { .reps = cfg.reps };
	optind = 1;
	while ((i = ct_next_opt(argc, argv, ct_barrier_opts, CT_OPT_BENCH, 0,
				&barrier_help, &ca)) != -1) {
		const struct ct_opt *r = &ct_barrier_opts[i];
		if (bar_common_opt(i, optarg, &o))
			continue;
		switch (i) {
		case BO_WARMUP: cfg.warmup = ct_opt_count(r, optarg); break;
		case BO_TIME_LIMIT:
			cfg.time_limit_s = ct_opt_seconds(r, optarg);
			break;
		case BO_WORK: cfg.work_ns = ct_opt_ns(r, optarg); break;
		case BO_SKEW: cfg.skew_ns = ct_opt_ns(r, optarg); break;
		case BO_SAMPLE:
			cfg.sample = (unsigned)ct_opt_count(r, optarg);
			break;
		}
	}
	cfg.reps = ca.reps;
	cfg.counters = ca.counters;
	cfg.episodes = o.episodes;
	cfg.bar = o.bar;
	cfg.nalgos = bar_parse_algos(o.algo, cfg.algos);
	bar_parse_placement(o.placement, &cfg.placement);

	struct ct_topo topo;
	ct_load_machine(&topo);
	cfg.nthreads = o.threads ? bar_parse_threads(o.threads, NULL, cfg.threads) :
				   bar_default_threads(&topo, cfg.threads);
	ct_check_placement(&topo, &cfg.placement, cfg.threads, cfg.nthreads);

	bar_note_oversubscription(&cfg, &topo, ca.quiet);
	cfg.progress = !ca.quiet && isatty(2);
	struct ct_session ss;
	ct_session_open(&ss, &ca.out, ct_barrierbench_columns(cfg.counters),
			&topo);
	return ct_session_close(&ss, &topo,
				ct_barrierbench_run(&cfg, &topo, &ss.fp, &ss.out));
}

static const struct ct_help validate_help = {
	"contend validate barrier", NULL,
	"Passes only if no thread left any episode before every thread had\n"
	"arrived at it, and nothing hung. Every row runs in its own process.\n"
	"A barrier that spins (--wait spin, or a peer that cannot yield) with\n"
	"more threads than CPUs waits scheduler slices every episode, so such\n"
	"a row runs " CT_STR(CT_VALIDATE_BARRIER_CAP)
	" episodes and says so (--no-cap: the full --episodes).\n"
	CT_VALIDATE_EXIT_HELP,
};

/* One row, run in a child process: the config in, the result out. */
struct bar_vrow {
	struct ct_barriercheck_cfg cfg;
	struct ct_barriercheck_result res;
	int rc;
};

static void bar_vrow_run(void *arg)
{
	struct bar_vrow *v = arg;
	v->rc = ct_barriercheck(&v->cfg, &v->res);
}

/* Does this barrier spin while it waits (no yield, no sleep)? */
static bool bar_spins(unsigned flags, unsigned policy)
{
	return !(flags & CT_BARRIER_PARKS) &&
	       (!(flags & CT_BARRIER_WAITS) || policy == CT_WAIT_SPIN);
}

/* What to do about a liveness time-out. */
static const char *bar_hint(unsigned flags, unsigned policy, unsigned n,
			    int npus)
{
	if (n <= (unsigned)npus)
		return ct_vtally_quiet_hint(npus);
	if (flags & CT_BARRIER_PARKS)
		return "a sleeping barrier should not stall: a lost wake-up?";
	if (!(flags & CT_BARRIER_WAITS))
		return "this barrier cannot yield: use --threads up to the "
		       "CPUs or fewer --episodes";
	if (policy == CT_WAIT_SPIN)
		return "spinning waiters hold the CPUs the late ones need: "
		       "use --wait yield";
	return "already yielding: use fewer --episodes or a longer --timeout";
}

static void validate_one(const char *algo, unsigned n, const struct bar_opts *o,
			 const struct ct_topo *topo, const struct ct_placement *pl,
			 double timeout, uint64_t straggle, bool no_cap,
			 struct ct_vtally *t)
{
	int *cpus = calloc(n, sizeof(int)), *numa = calloc(n, sizeof(int));
	ct_resolve_or_die(topo, pl, n, cpus, numa);
	unsigned flags = ct_barrier_ops_find(algo)->flags;
	unsigned policy = o->bar.wait.policy;
	uint64_t episodes = o->episodes;
	bool capped = !no_cap && n > (unsigned)topo->npus &&
		      bar_spins(flags, policy) &&
		      episodes > CT_VALIDATE_BARRIER_CAP;
	if (capped)
		episodes = CT_VALIDATE_BARRIER_CAP;
	/* The negative control's early release is a real data race on the
	 * plain words: let the counters catch it, not a sanitizer. */
	bool plain = !(flags & CT_BARRIER_HIDDEN);
	struct bar_vrow *v = ct_shm_alloc(sizeof(*v));
	char why[256] = "";
	if (!v) {
		fprintf(stderr, "contend: cannot map shared memory\n");
		exit(1);
	}
	v->cfg = (struct ct_barriercheck_cfg){ algo, n, episodes, o->bar, cpus,
					       numa, timeout, straggle, plain };
	/* The child's watchdog fires first; this is for a child that hangs
	 * elsewhere. */
	int gone = ct_isolate(bar_vrow_run, v, timeout + 30, why, sizeof(why));
	const struct ct_barriercheck_result *r = &v->res;
	bool bad = r->early || r->ahead || r->stale;
	t->rows++;
	t->capped += capped;
	if (gone || v->rc < 0) {
		t->errors++;
		printf("%-17s %4u threads  ERROR %s\n", algo, n,
		       gone ? why : r->err);
	} else if (r->timed_out && !bad) {
		t->timed_out++;
		printf("%-17s %4u threads  TIMEOUT liveness: %llu of %llu "
		       "episodes in %.0f s, 0 violations so far; %u threads on "
		       "%d CPUs, wait %s: %s\n",
		       algo, n, (unsigned long long)r->episodes,
		       (unsigned long long)episodes, timeout, n, topo->npus,
		       bar_spins(flags, policy) ? "spin" : "yield/park",
		       bar_hint(flags, policy, n, topo->npus));
	} else if (v->rc) {
		t->violated++;
		printf("%-17s %4u threads  FAIL  %llu episodes, %llu early and "
		       "%llu ahead departures, %llu stale reads, first at "
		       "episode %llu, %.2fs\n",
		       algo, n, (unsigned long long)r->episodes,
		       (unsigned long long)r->early, (unsigned long long)r->ahead,
		       (unsigned long long)r->stale,
		       (unsigned long long)r->first_bad, r->seconds);
	} else {
		printf("%-17s %4u threads  ok    %llu episodes, %.2fs", algo, n,
		       (unsigned long long)r->episodes, r->seconds);
		if (capped)
			printf("  (capped from %llu: spinning, %u threads on "
			       "%d CPUs)", (unsigned long long)o->episodes, n,
			       topo->npus);
		printf("\n");
	}
	fflush(stdout);
	ct_shm_free(v, sizeof(*v));
	free(cpus), free(numa);
}

int ct_cmd_validate_barrier(int argc, char **argv)
{
	struct bar_opts o = { .episodes = 100000, .bar = CT_BARRIER_CFG_DEFAULT };
	struct ct_common_args ca = { .timeout_s = 60 };
	uint64_t straggle = 1000;
	bool no_cap = false;
	int i;
	optind = 1;
	while ((i = ct_next_opt(argc, argv, ct_barrier_opts, CT_OPT_VALIDATE,
				0, &validate_help, &ca)) != -1) {
		const struct ct_opt *r = &ct_barrier_opts[i];
		if (bar_common_opt(i, optarg, &o))
			continue;
		switch (i) {
		case BO_STRAGGLE: straggle = ct_opt_ns(r, optarg); break;
		case BO_NO_CAP: no_cap = true; break;
		}
	}
	double timeout = ca.timeout_s;
	const char *algos[CT_BARRIER_MAX_LIST];
	unsigned threads[CT_BARRIER_MAX_LIST];
	unsigned na = bar_parse_algos(o.algo, algos);
	unsigned nt = bar_parse_threads(o.threads, "2", threads);
	struct ct_placement pl;
	bar_parse_placement(o.placement, &pl);
	struct ct_topo topo;
	ct_load_machine(&topo);
	ct_check_placement(&topo, &pl, threads, nt);
	struct ct_vtally tally = { 0 };
	for (unsigned a = 0; a < na; a++)
		for (unsigned t = 0; t < nt; t++)
			validate_one(algos[a], threads[t], &o, &topo, &pl,
				     timeout, straggle, no_cap, &tally);
	ct_topo_free(&topo);
	return ct_vtally_finish(&tally);
}
