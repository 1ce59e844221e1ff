/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * `contend run` (an unmodified program under each lock, side by side) and
 * `contend validate run` (the interposer's torture test for every lock).
 */
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "harness/core/cli.h"
#include "harness/core/family.h"
#include "harness/families/run.h"
#include "harness/run/apprun.h"
#include "harness/run/runset.h"
#include "locks/preloadable.h"

static unsigned run_parse_locks(const char *s, const char **out,
				bool with_none)
{
	const char *const *valid = ct_app_lock_names(true);
	unsigned nvalid = 0;

	while (valid[nvalid])
		nvalid++;
	/* "all" means every lock through the interposer, not "none" */
	return ct_parse_names("--lock", s, valid + !with_none,
			      nvalid - !with_none, valid + 1, out, CT_MAX_LIST);
}

static const char *run_parse_wait(const char *s)
{
	return ct_wait_choices[ct_opt_choice(&ct_run_opts[RO_WAIT], s)];
}

static void run_preload_path(char *out, size_t len)
{
	const char *p = getenv("CONTEND_PRELOAD");

	if (p)
		snprintf(out, len, "%s", p);
	else
		ct_app_sibling("libcontend-preload.so", out, len);
	if (access(out, R_OK))
		ct_usage_error("the interposer %s is missing: build it with "
			       "`make` (or set CONTEND_PRELOAD)", out);
}

static const struct ct_help run_help = {
	"contend run", "-- PROGRAM [ARGS...]",
	"Runs PROGRAM once per (lock, repetition), interleaved, with its pthread\n"
	"mutexes and condition variables on each lock (LD_PRELOAD of\n"
	"libcontend-preload.so). Locks: none (no interposer), pthread-mutex\n"
	"(glibc through the interposer), and the locks of `contend list locks`\n"
	"that it supports. The figure is REGEX's first group (or match) in the\n"
	"program's output, else the wall time; each lock is compared with\n"
	"pthread-mutex. A crash, a time-out or a non-zero exit is reported for\n"
	"that lock and the run goes on; the exit status is then 1.\n",
};

/* Split argv at "--": returns the index of the program, or exits 2
 * (0 on --help before it: the options end there). */
static int run_split(int argc, char **argv)
{
	int dash = 1;
	while (dash < argc && strcmp(argv[dash], "--"))
		dash++;
	if (dash + 1 < argc)
		return dash;
	for (int i = 1; i < dash; i++)
		if (!strcmp(argv[i], "--help")) {
			ct_opt_help(stdout, run_help.usage, run_help.tail,
				    ct_run_opts, CT_OPT_BENCH, 0, run_help.prose);
			exit(0);
		}
	if (dash < argc)
		ct_usage_error("run: nothing after --: give the program to run");
	ct_usage_error("run: expected -- PROGRAM [ARGS...] after the options");
}

int ct_cmd_run(int argc, char **argv)
{
	int prog = run_split(argc, argv);
	struct ct_runset_cfg c = { .wait = "yield", .reps = 3 };
	struct ct_common_args ca = { .reps = c.reps, .timeout_s = 120 };
	const char *locks_arg = NULL, *placement = NULL;
	const char *locks[CT_MAX_LIST];
	unsigned ncpus = 0; /* --cpus, 0: every allowed CPU */
	regex_t re;
	int i;

	optind = 1; /* the options end at `--` */
	while ((i = ct_next_opt(prog, argv, ct_run_opts, CT_OPT_BENCH, 0,
				&run_help, &ca)) != -1) {
		const struct ct_opt *r = &ct_run_opts[i];
		switch (i) {
		case RO_LOCK: locks_arg = optarg; break;
		case RO_WAIT: c.wait = run_parse_wait(optarg); break;
		case RO_PLACEMENT: placement = optarg; break;
		case RO_CPUS: ncpus = (unsigned)ct_opt_count(r, optarg); break;
		case RO_METRIC: c.metric_src = optarg; break;
		case RO_LOWER_BETTER: c.lower_better = true; break;
		case RO_NAME: c.label = optarg; break;
		}
	}
	c.reps = ca.reps;
	c.timeout_s = ca.timeout_s;
	if (!locks_arg)
		ct_usage_error("run: --lock is required (e.g. --lock "
			       "pthread-mutex,mcs,clh,ticket; `all`)");
	c.nlocks = run_parse_locks(locks_arg, locks, true);
	c.locks = locks;
	if (c.metric_src && regcomp(&re, c.metric_src, REG_EXTENDED))
		ct_usage_error("--metric: '%s' is not an extended regular "
			       "expression", c.metric_src);
	c.metric = c.metric_src ? &re : NULL;
	if (!c.metric)
		c.lower_better = true; /* the wall time */
	c.argv = argv + prog + 1;
	char label[256]; /* the program and its arguments name it */
	if (!c.label) {
		ct_join(label, sizeof(label), (const char *const *)c.argv, " ");
		c.label = label;
	}
	char preload[4096];
	run_preload_path(preload, sizeof(preload));
	c.preload = preload;

	struct ct_topo topo;
	ct_load_machine(&topo);
	int cpus[1024], numa[1024];
	if (placement || ncpus) {
		struct ct_placement pl;
		char err[512];
		unsigned n = ncpus ? ncpus : (unsigned)topo.npus;
		if (ct_placement_parse(placement ? placement : "compact", &pl,
				       err, sizeof(err)))
			ct_usage_error("--placement: %s", err);
		ct_check_placement(&topo, &pl, &n, 1);
		ct_resolve_or_die(&topo, &pl, n, cpus, numa);
		c.cpus = cpus;
		c.ncpus = n;
		c.placement = placement ? placement : "compact";
	}
	c.progress = !ca.quiet && isatty(2);
	struct ct_session ss;
	ct_session_open(&ss, &ca.out, ct_runset_columns, &topo);
	unsigned bad = ct_runset(&c, &ss.fp, &ss.out);
	if (c.metric)
		regfree(&re);
	return ct_session_close(&ss, &topo, bad ? 1 : 0);
}

/* ---- validate run --------------------------------------------------------- */
static const struct ct_help validate_run_help = {
	"contend validate run", NULL,
	"Runs build/contend-torture under the interposer for each lock: mutual\n"
	"exclusion, nested and hand-over-hand locking, trylock, condition\n"
	"variables without lost wake-ups, timed waits, fork, thread churn.\n"
	"An interposer that did not load, or that left the torture's mutexes to\n"
	"glibc, fails. Exit 0 only if every lock passed.\n",
};

/* Did the interposer run at least the acquisitions the torture made? */
static int validate_run_one(const char *lock, char **argv, const char *wait,
			    double timeout, const char *preload,
			    const regex_t *claimed)
{
	struct ct_app_point p = { lock, wait, argv, NULL, 0, timeout, preload,
				  claimed };
	struct ct_app_result r;

	ct_app_run(&p, &r);
	if (r.status == CT_APP_OK && r.st.acquisitions < (uint64_t)r.metric) {
		r.status = CT_APP_NOPRELOAD;
		snprintf(r.note, sizeof(r.note),
			 "the interposer counted %llu acquisitions, the torture "
			 "made %.0f: mutexes fell back to glibc",
			 (unsigned long long)r.st.acquisitions, r.metric);
	}
	if (r.status == CT_APP_OK)
		printf("%-14s ok    %.0f lock calls, %llu acquisitions "
		       "(%.1f%% contended), %llu mutexes, %llu fallback ops, "
		       "%llu condvar waits, %.2fs\n",
		       lock, r.metric, (unsigned long long)r.st.acquisitions,
		       r.st.acquisitions ? 100.0 * (double)r.st.contended /
						   (double)r.st.acquisitions
					 : 0.0,
		       (unsigned long long)r.st.distinct_mutexes,
		       (unsigned long long)r.st.fallback_ops,
		       (unsigned long long)r.st.cond_waits, r.wall_s);
	else
		printf("%-14s FAIL  %s: %s (%.2fs)\n", lock,
		       ct_app_status_name(r.status), r.note, r.wall_s);
	fflush(stdout);
	return r.status != CT_APP_OK;
}

int ct_cmd_validate_run(int argc, char **argv)
{
	const char *locks_arg = "all", *wait = "yield";
	unsigned long threads = 4, iters = 20000;
	struct ct_common_args ca = { .timeout_s = 60 };
	int opt;

	optind = 1;
	while ((opt = ct_next_opt(argc, argv, ct_run_opts, CT_OPT_VALIDATE, 0,
				&validate_run_help, &ca)) != -1) {
		const struct ct_opt *r = &ct_run_opts[opt];
		switch (opt) {
		case RO_LOCK: locks_arg = optarg; break;
		case RO_THREADS: threads = ct_opt_count(r, optarg); break;
		case RO_ITERS: iters = ct_opt_count(r, optarg); break;
		case RO_WAIT: wait = run_parse_wait(optarg); break;
		}
	}
	double timeout = ca.timeout_s;
	const char *locks[CT_MAX_LIST];
	unsigned n = run_parse_locks(locks_arg, locks, false);
	char preload[4096], torture[4096], nthreads[32], niters[32], secs[32];
	run_preload_path(preload, sizeof(preload));
	ct_app_sibling("contend-torture", torture, sizeof(torture));
	if (access(torture, X_OK))
		ct_usage_error("the torture program %s is missing: build it "
			       "with `make`", torture);
	snprintf(nthreads, sizeof(nthreads), "%lu", threads);
	snprintf(niters, sizeof(niters), "%lu", iters);
	/* the torture's own alarm fires first and says which check hung */
	snprintf(secs, sizeof(secs), "%.0f", timeout > 2 ? timeout - 1 : 1);
	char *targv[] = { torture, "--threads", nthreads, "--iters", niters,
			  "--timeout", secs, NULL };
	regex_t claimed;
	regcomp(&claimed, "acquisitions_at_least=([0-9]+)", REG_EXTENDED);
	int failed = 0;
	for (unsigned i = 0; i < n; i++)
		failed |= validate_run_one(locks[i], targv, wait, timeout,
					   preload, &claimed);
	regfree(&claimed);
	return failed;
}
