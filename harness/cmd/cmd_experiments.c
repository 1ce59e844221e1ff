/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * `contend falseshare`, `contend litmus` and `contend counters`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness/core/cli.h"
#include "harness/families/expt.h"
#include "commands.h"
#include "harness/core/counters.h"
#include "harness/expt/experiments.h"
#include "harness/expt/falseshare.h"
#include "harness/core/fingerprint.h"
#include "harness/lock/lockbench.h"
#include "harness/expt/litmus.h"
#include "harness/core/mem.h"
#include "harness/core/timing.h"

static void expt_placement(const char *s, struct ct_placement *p)
{
	char err[512];
	if (ct_placement_parse(s ? s : "compact", p, err, sizeof(err)))
		ct_usage_error("--placement: %s", err);
}

/* A lock that excludes (row r, CT_K_LOCK): any visible locks/LIST row but
 * null. */
static const char *expt_lock(const struct ct_opt *r, const char *s)
{
	const char *const *valid = ct_lock_mutex_names();
	char as[80];
	snprintf(as, sizeof(as), "--%s", r->name);
	return valid[ct_parse_choice(as, s, valid)];
}

/* ---- contend falseshare ---------------------------------------------- */

static const struct ct_help fs_help = {
	"contend falseshare", NULL,
	"Each experiment runs packed and padded layouts of the same loop;\n"
	"slowdown = ns/op of a layout / ns/op of the padded reference, same rep.\n",
};

static unsigned fs_parse_exps(const char *s, enum ct_fs_exp *out,
			      const struct ct_fs_cfg *cfg)
{
	const char *picked[CT_FS_NEXP * 4];
	char why[512];
	unsigned n = ct_parse_names("--exp", s ? s : "all", ct_fs_exp_names,
				    CT_FS_NEXP, ct_fs_exp_list(false), picked,
				    CT_ARRAY_SIZE(picked));
	unsigned k = 0;
	for (unsigned i = 0; i < n; i++) {
		unsigned e = 0;
		while (ct_fs_exp_names[e] != picked[i])
			e++;
		bool dup = false;
		for (unsigned j = 0; j < k; j++)
			dup |= out[j] == (enum ct_fs_exp)e;
		if (dup)
			continue;
		if (!ct_fs_exp_supported((enum ct_fs_exp)e, cfg, why, sizeof(why)))
			ct_usage_error("--exp %s: %s", ct_fs_exp_names[e], why);
		out[k++] = (enum ct_fs_exp)e;
	}
	return k;
}

/* 1, 2, 4, ... and the number of allowed CPUs. */
static unsigned fs_default_threads(const struct ct_topo *t, unsigned *out)
{
	unsigned n = 0, last = 0;
	for (unsigned v = 1; v <= (unsigned)t->npus && n < CT_FS_MAX_LIST - 1;
	     v *= 2)
		out[n++] = last = v;
	if (last != (unsigned)t->npus)
		out[n++] = (unsigned)t->npus;
	if (n == 1) /* one CPU: still show two threads time-sharing it */
		out[n++] = 2;
	return n;
}

static void fs_check_qnodes(const struct ct_fs_cfg *c, const struct ct_topo *t)
{
	for (unsigned e = 0; e < c->nexps; e++) {
		if (c->exps[e] != CT_FS_QNODES)
			continue;
		for (unsigned i = 0; i < c->nthreads; i++)
			if (c->threads[i] > (unsigned)t->npus)
				ct_usage_error("--threads %u: qnodes uses "
					       "Concurrency Kit's MCS, which "
					       "spins without yielding: at most "
					       "%d threads on %d CPUs",
					       c->threads[i], t->npus, t->npus);
	}
}

int ct_cmd_falseshare(int argc, char **argv)
{
	struct ct_fs_cfg cfg;
	const char *exps = NULL, *threads = NULL, *placement = NULL;
	int i;
	ct_fs_defaults(&cfg);
	struct ct_common_args ca = { .reps = cfg.reps,
				     .duration_s = cfg.duration_s,
				     .warmup_s = cfg.warmup_s };
	optind = 1;
	while ((i = ct_next_opt(argc, argv, ct_falseshare_opts, CT_OPT_BENCH,
				0, &fs_help, &ca)) != -1) {
		const struct ct_opt *r = &ct_falseshare_opts[i];
		switch (i) {
		case FO_EXP: exps = optarg; break;
		case FO_THREADS: threads = optarg; break;
		case FO_PLACEMENT: placement = optarg; break;
		case FO_LOCK: cfg.lock = expt_lock(r, optarg); break;
		case FO_DATA_WORDS: cfg.data_words = (unsigned)ct_opt_count(r, optarg); break;
		case FO_CS: cfg.cs_ns = ct_opt_ns(r, optarg); break;
		case FO_READ_EVERY: cfg.read_every = (unsigned)ct_opt_count(r, optarg); break;
		}
	}
	cfg.reps = ca.reps;
	cfg.duration_s = ca.duration_s;
	cfg.warmup_s = ca.warmup_s;
	cfg.counters = ca.counters;
	cfg.nexps = fs_parse_exps(exps, cfg.exps, &cfg);
	expt_placement(placement, &cfg.placement);

	struct ct_topo topo;
	ct_load_machine(&topo);
	if (threads)
		cfg.nthreads = ct_opt_counts(&ct_falseshare_opts[FO_THREADS],
					     threads, cfg.threads,
					     CT_FS_MAX_LIST);
	else
		cfg.nthreads = fs_default_threads(&topo, cfg.threads);
	ct_check_placement(&topo, &cfg.placement, cfg.threads, cfg.nthreads);
	fs_check_qnodes(&cfg, &topo);
	cfg.progress = !ca.quiet && isatty(2);

	struct ct_session ss;
	ct_session_open(&ss, &ca.out, ct_fs_table, &topo);
	return ct_session_close(&ss, &topo, ct_fs_run(&cfg, &topo, &ss.fp,
							&ss.out));
}

/* ---- contend litmus --------------------------------------------------- */

static const struct ct_help lt_help = {
	"contend litmus [TEST,...|all]", NULL,
	"Tests and their variants: sb: relaxed, acq-rel, fence, seq-cst;\n"
	"peterson: nofence, fence, seq-cst; milk: sol1, sol2, sol2-fence,\n"
	"sol3, sol3-fence, lock.\n"
	"Exit 1 if an outcome the variant's C11 code forbids was seen.\n",
};

/* Which tests argv[1] names (all when it is absent or an option). */
static void lt_parse_tests(const char *s, bool *want)
{
	const char *picked[CT_LT_NTESTS * 4];
	unsigned n = ct_parse_names("litmus", s ? s : "all", ct_lt_test_names,
				    CT_LT_NTESTS, ct_lt_test_names, picked,
				    CT_ARRAY_SIZE(picked));
	for (unsigned i = 0; i < n; i++)
		for (unsigned t = 0; t < CT_LT_NTESTS; t++)
			want[t] |= picked[i] == ct_lt_test_names[t];
}

/* The variants of the wanted tests, filtered by --variant. */
static void lt_select(struct ct_lt_cfg *c, const bool *want, const char *vs)
{
	const char *valid[CT_LT_MAX_VARIANTS], *picked[CT_LT_MAX_VARIANTS * 2];
	unsigned nv = 0, np = 0;
	for (unsigned i = 0; i < ct_lt_nvariants; i++) {
		const char *name = ct_lt_variants[i].name;
		bool seen = false;
		if (!want[ct_lt_variants[i].test])
			continue;
		for (unsigned j = 0; j < nv; j++)
			seen |= !strcmp(valid[j], name);
		if (!seen)
			valid[nv++] = name;
	}
	valid[nv] = NULL;
	if (vs)
		np = ct_parse_names("--variant", vs, valid, nv, valid, picked,
				    CT_ARRAY_SIZE(picked));
	c->nrun = 0;
	for (unsigned i = 0; i < ct_lt_nvariants; i++) {
		const struct ct_lt_variant *v = &ct_lt_variants[i];
		bool take = want[v->test] && !vs;
		for (unsigned j = 0; want[v->test] && j < np; j++)
			take |= !strcmp(picked[j], v->name);
		if (take && c->nrun < CT_LT_MAX_VARIANTS)
			c->run[c->nrun++] = v;
	}
}

int ct_cmd_litmus(int argc, char **argv)
{
	struct ct_lt_cfg cfg;
	const char *tests = NULL, *variants = NULL, *placement = NULL;
	bool want[CT_LT_NTESTS] = { false };
	struct ct_common_args ca = { 0 };
	int i;
	ct_lt_defaults(&cfg);
	if (argc >= 2 && strncmp(argv[1], "--", 2)) { /* the test list */
		tests = argv[1];
		argv[1] = argv[0];
		argc--, argv++;
	}
	optind = 1;
	while ((i = ct_next_opt(argc, argv, ct_litmus_opts, CT_OPT_BENCH, 0,
				&lt_help, &ca)) != -1) {
		const struct ct_opt *r = &ct_litmus_opts[i];
		switch (i) {
		case TO_VARIANT: variants = optarg; break;
		case TO_PLACEMENT: placement = optarg; break;
		case TO_TRIALS: cfg.trials = ct_opt_count(r, optarg); break;
		case TO_LOCK: cfg.lock = expt_lock(r, optarg); break;
		case TO_TEST:
			if (tests)
				ct_usage_error("litmus: tests named twice ('%s' "
					       "and --%s %s)", tests, r->name,
					       optarg);
			tests = optarg;
			break;
		}
	}
	lt_parse_tests(tests, want);
	lt_select(&cfg, want, variants);
	if (!cfg.nrun)
		ct_usage_error("--variant: '%s' names no variant of the chosen "
			       "tests", variants);
	expt_placement(placement, &cfg.placement);
	cfg.counters = ca.counters;
	cfg.progress = !ca.quiet && isatty(2);

	struct ct_topo topo;
	unsigned two = 2;
	ct_load_machine(&topo);
	ct_check_placement(&topo, &cfg.placement, &two, 1);
	struct ct_session ss;
	ct_session_open(&ss, &ca.out, ct_lt_table, &topo);
	return ct_session_close(&ss, &topo, ct_lt_run(&cfg, &topo, &ss.fp,
							&ss.out));
}

/* ---- contend counters ------------------------------------------------- */

static const char *const ctr_scopes[] = { "thread", "process", NULL };

/* `contend counters` options: not a family (no matrix section), so its
 * table lives here. */
enum { CO_SCOPE };
static const struct ct_opt ctr_opts[] = {
	[CO_SCOPE] = { .name = "scope", .kind = CT_K_CHOICE,
		       .choices = ctr_scopes, .flags = CT_OPT_BENCH,
		       .help = "count this thread, or the whole process "
			       "(default thread)" },
	{ .name = "format", .kind = CT_K_TEXT, .meta = "table|csv|jsonl",
	  .flags = CT_OPT_BENCH, .role = CT_R_FORMAT,
	  .help = "the format (default: table, or --out's extension)" },
	{ .name = "out", .kind = CT_K_TEXT, .meta = "FILE",
	  .flags = CT_OPT_BENCH, .role = CT_R_OUT,
	  .help = "records to FILE; the table to stdout" },
	{ .name = "force", .kind = CT_K_FLAG, .flags = CT_OPT_BENCH,
	  .role = CT_R_FORCE, .help = "replace a non-empty --out file" },
	{ .name = "append", .kind = CT_K_FLAG, .flags = CT_OPT_BENCH,
	  .role = CT_R_APPEND, .help = "add to a non-empty --out file" },
	CT_ROW_HELP,
	CT_OPT_END,
};

static const struct ct_help ctr_help = {
	"contend counters", NULL,
	"Count every event around a known workload (a 20M-step loop, 16 MiB\n"
	"of fresh pages, 100 short sleeps) and say where each count comes from\n"
	"or why it is unavailable.\n",
};

enum { CTR_SPIN = 20000000, CTR_BYTES = 16 << 20, CTR_SLEEPS = 100 };

static void ctr_workload(void)
{
	volatile uint64_t x = 1;
	for (unsigned i = 0; i < CTR_SPIN; i++)
		x = x * 3 + 1;
	void *p = ct_mem_alloc(CTR_BYTES, -1); /* touched once: faults */
	ct_mem_free(p, CTR_BYTES);
	for (unsigned i = 0; i < CTR_SLEEPS; i++)
		ct_sleep_s(100e-6);
}

static const char *const ctr_expect[CT_CTR_N] = {
	[CT_CTR_CYCLES] = ">= 20M (the loop)",
	[CT_CTR_INSTRUCTIONS] = ">= 60M (3+ per step)",
	[CT_CTR_CACHE_MISSES] = ">= 0, ~262k if pages miss",
	[CT_CTR_LLC_MISSES] = ">= 0",
	[CT_CTR_CTX_SWITCHES] = ">= 100 (the sleeps)",
	[CT_CTR_MIGRATIONS] = ">= 0",
	[CT_CTR_PAGE_FAULTS] = "~4096 (16 MiB / 4 KiB)",
};

static const struct ct_col ctr_table[] = {
	{ "event", "event", 14, "%s" },
	{ "kind", "kind", 9, "%s" },
	{ "value", "value", 14, "%.0f" },
	{ "expect", "expect", 28, "%s" },
	{ "note", "  source", 10, NULL }, /* "  " + source: a gap first */
	{ NULL, NULL, 0, NULL },
};

int ct_cmd_counters(int argc, char **argv)
{
	struct ct_common_args ca = { 0 };
	enum ct_ctr_scope scope = CT_CTR_THREAD;
	int i;
	optind = 1;
	while ((i = ct_next_opt(argc, argv, ctr_opts, CT_OPT_BENCH, 0,
				&ctr_help, &ca)) != -1)
		if (i == CO_SCOPE)
			scope = (enum ct_ctr_scope)ct_opt_choice(&ctr_opts[i],
								 optarg);
	struct ct_topo topo;
	struct ct_session ss;
	struct ct_rec *fp = &ss.fp;
	struct ct_counters ctr;
	char buf[512];
	ct_load_machine(&topo);
	ct_session_open(&ss, &ca.out, ctr_table, &topo);
	ct_counters_open(&ctr, CT_CTR_ALL, scope);
	ct_counters_start(&ctr);
	ctr_workload();
	ct_counters_stop(&ctr);
	ct_counters_status(&ctr, true, buf, sizeof(buf));
	ct_rec_str(fp, "hw_counters", "%s", buf);
	ct_counters_status(&ctr, false, buf, sizeof(buf));
	ct_rec_str(fp, "sw_counters", "%s", buf);
	if (ss.out.data)
		ct_sink_header(ss.out.data, fp, NULL);
	if (ss.out.table)
		ct_sink_header(ss.out.table, fp, (const char *const[]){
			"cpu_model", "virtualization", "kernel", "pmu",
			"hw_counters", "sw_counters", NULL });
	for (unsigned e = 0; e < CT_CTR_N; e++) {
		struct ct_rec r;
		ct_rec_reset(&r);
		ct_rec_str(&r, "family", "counters");
		ct_rec_str(&r, "scope", "%s", ctr_scopes[scope]);
		ct_rec_str(&r, "event", "%s", ct_counter_name(e));
		ct_rec_str(&r, "kind", CT_CTR_BIT(e) & CT_CTR_HW ? "hardware" : "software");
		ct_rec_num(&r, "value", ctr.value[e]);
		ct_rec_str(&r, "expect", "%s", ctr_expect[e]);
		ct_counter_event_status(&ctr, e, buf, sizeof(buf));
		ct_rec_str(&r, "source", "%s", buf);
		if (ss.out.data)
			ct_sink_write(ss.out.data, &r);
		ct_rec_str(&r, "note", "  %s", buf);
		if (ss.out.table)
			ct_sink_write(ss.out.table, &r);
	}
	ct_counters_close(&ctr);
	return ct_session_close(&ss, &topo, 0);
}
