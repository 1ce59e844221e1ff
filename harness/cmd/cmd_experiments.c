/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * `contend falseshare`, `contend litmus` and `contend counters`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness/core/cli.h"
#include "harness/core/family.h"
#include "commands.h"
#include "harness/core/counters.h"
#include "harness/expt/experiments.h"
#include "harness/expt/falseshare.h"
#include "harness/core/fingerprint.h"
#include "harness/lock/lockbench.h"
#include "harness/expt/litmus.h"
#include "harness/core/mem.h"
#include "harness/core/timing.h"

enum {
	O_EXP = 3000, O_THREADS, O_PLACEMENT, O_DURATION, O_WARMUP, O_REPS,
	O_LOCK, O_DATA_WORDS, O_CS, O_READ_EVERY, O_COUNTERS, O_FORMAT, O_OUT,
	O_QUIET, O_VARIANT, O_TRIALS, O_SCOPE, O_TEST, O_HELP,
};

/* Options every experiment command takes. */
struct expt_opts {
	const char *placement;
	unsigned counters; /* event mask, 0: off */
	bool quiet;
	struct ct_out_opts out;
};

#define EXPT_LONGOPTS                                                         \
	{ "placement", 1, NULL, O_PLACEMENT },                                \
	{ "counters", 2, NULL, O_COUNTERS }, { "format", 1, NULL, O_FORMAT }, \
	{ "out", 1, NULL, O_OUT }, { "quiet", 0, NULL, O_QUIET },             \
	{ "help", 0, NULL, O_HELP }, CT_OUT_MODE_LONGOPTS

static bool expt_opt(int c, int argc, char **argv, struct expt_opts *o)
{
	switch (c) {
	case O_PLACEMENT: o->placement = optarg; return true;
	case O_COUNTERS: o->counters = ct_counters_option(argc, argv); return true;
	case O_FORMAT: o->out.format = optarg; return true;
	case O_OUT: o->out.path = optarg; return true;
	case O_QUIET: o->quiet = true; return true;
	}
	return ct_out_mode_opt(c, &o->out.mode);
}

static void expt_placement(const char *s, struct ct_placement *p)
{
	char err[512];
	if (ct_placement_parse(s ? s : "compact", p, err, sizeof(err)))
		ct_usage_error("--placement: %s", err);
}

/* A lock that excludes: any visible locks/LIST row but null. */
static const char *expt_lock(const char *opt, const char *s)
{
	const char *const *valid = ct_lock_mutex_names();
	return valid[ct_parse_choice(opt, s, valid)];
}

/* The header record every result file starts with. */
static void expt_fingerprint(struct ct_rec *fp, struct ct_topo *topo)
{
	ct_rec_reset(fp);
	ct_timer_calibrate();
	ct_fingerprint(fp, topo);
}

/* ---- contend falseshare ---------------------------------------------- */

static const char fs_help[] =
	"usage: contend falseshare [--exp counters,lockdata,qnodes,replicated|all]\n"
	"         [--threads 1,2|1-8:x2] [--placement compact|scatter|numa:N|cpus:LIST]\n"
	"         [--duration 300ms] [--warmup 100ms] [--reps 3]\n"
	"         [--lock ttas] [--data-words 4] [--cs NS]    (lockdata, qnodes)\n"
	"         [--read-every 1000]                         (replicated; 0: no reads)\n"
	"         " CT_COUNTERS_HELP "\n"
	"         [--format table|csv|jsonl] [--out FILE] [--quiet]\n"
	"         " CT_OUT_MODE_HELP "\n"
	"Each experiment runs packed and padded layouts of the same loop;\n"
	"slowdown = ns/op of a layout / ns/op of the padded reference, same rep.\n";

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
	static const struct option opts[] = {
		EXPT_LONGOPTS,
		{ "exp", 1, NULL, O_EXP }, { "threads", 1, NULL, O_THREADS },
		{ "duration", 1, NULL, O_DURATION }, { "warmup", 1, NULL, O_WARMUP },
		{ "reps", 1, NULL, O_REPS }, { "lock", 1, NULL, O_LOCK },
		{ "data-words", 1, NULL, O_DATA_WORDS }, { "cs", 1, NULL, O_CS },
		{ "read-every", 1, NULL, O_READ_EVERY }, { NULL, 0, NULL, 0 },
	};
	struct ct_fs_cfg cfg;
	struct expt_opts o = { 0 };
	const char *exps = NULL, *threads = NULL;
	int c;
	ct_fs_defaults(&cfg);
	optind = 1;
	while ((c = ct_getopt(argc, argv, opts)) != -1) {
		if (expt_opt(c, argc, argv, &o))
			continue;
		switch (c) {
		case O_EXP: exps = optarg; break;
		case O_THREADS: threads = optarg; break;
		case O_DURATION: cfg.duration_s = ct_parse_seconds("--duration", optarg, false); break;
		case O_WARMUP: cfg.warmup_s = ct_parse_seconds("--warmup", optarg, true); break;
		case O_REPS: cfg.reps = (unsigned)ct_parse_count("--reps", optarg, 1, 1000); break;
		case O_LOCK: cfg.lock = expt_lock("--lock", optarg); break;
		case O_DATA_WORDS: cfg.data_words = (unsigned)ct_family_count("falseshare", "data-words", optarg); break;
		case O_CS: cfg.cs_ns = ct_parse_ns("--cs", optarg); break;
		case O_READ_EVERY: cfg.read_every = (unsigned)ct_family_count("falseshare", "read-every", optarg); break;
		case O_HELP: fputs(fs_help, stdout); return 0;
		}
	}
	cfg.nexps = fs_parse_exps(exps, cfg.exps, &cfg);
	expt_placement(o.placement, &cfg.placement);
	cfg.counters = o.counters;

	struct ct_topo topo;
	ct_load_machine(&topo);
	if (threads)
		cfg.nthreads = ct_parse_count_list("--threads", threads, cfg.threads,
						   CT_FS_MAX_LIST, 1, 1024);
	else
		cfg.nthreads = fs_default_threads(&topo, cfg.threads);
	ct_check_placement(&topo, &cfg.placement, cfg.threads, cfg.nthreads);
	fs_check_qnodes(&cfg, &topo);
	cfg.progress = !o.quiet && isatty(2);

	struct ct_sink data, table;
	struct ct_output out;
	struct ct_rec fp;
	ct_output_open(&o.out, ct_fs_table, &data, &table, &out);
	expt_fingerprint(&fp, &topo);
	int rc = ct_fs_run(&cfg, &topo, &fp, &out);
	ct_output_close(&out);
	ct_topo_free(&topo);
	return rc;
}

/* ---- contend litmus --------------------------------------------------- */

static const char lt_help[] =
	"usage: contend litmus [sb|peterson|milk|all[,...]] [--variant V,...|all]\n"
	"         [--test sb|peterson|milk|all[,...]]   (the same as the first word)\n"
	"         [--trials 1M] [--placement compact|scatter|numa:N|cpus:A,B]\n"
	"         [--lock mcs] " CT_COUNTERS_HELP "\n"
	"         [--format table|csv|jsonl] [--out FILE] [--quiet]\n"
	"         " CT_OUT_MODE_HELP "\n"
	"variants: sb: relaxed, acq-rel, fence, seq-cst; peterson: nofence,\n"
	"fence, seq-cst; milk: sol1, sol2, sol2-fence, sol3, sol3-fence, lock.\n"
	"Exit 1 if an outcome the variant's C11 code forbids was seen.\n";

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
	static const struct option opts[] = {
		EXPT_LONGOPTS,
		{ "variant", 1, NULL, O_VARIANT }, { "trials", 1, NULL, O_TRIALS },
		{ "lock", 1, NULL, O_LOCK }, { "test", 1, NULL, O_TEST },
		{ NULL, 0, NULL, 0 },
	};
	struct ct_lt_cfg cfg;
	struct expt_opts o = { 0 };
	const char *tests = NULL, *variants = NULL;
	bool want[CT_LT_NTESTS] = { false };
	int c;
	ct_lt_defaults(&cfg);
	if (argc >= 2 && strncmp(argv[1], "--", 2)) { /* the test list */
		tests = argv[1];
		argv[1] = argv[0];
		argc--, argv++;
	}
	optind = 1;
	while ((c = ct_getopt(argc, argv, opts)) != -1) {
		if (expt_opt(c, argc, argv, &o))
			continue;
		switch (c) {
		case O_VARIANT: variants = optarg; break;
		case O_TRIALS: cfg.trials = ct_family_count("litmus", "trials", optarg); break;
		case O_LOCK: cfg.lock = expt_lock("--lock", optarg); break;
		case O_TEST:
			if (tests)
				ct_usage_error("litmus: tests named twice ('%s' "
					       "and --test %s)", tests, optarg);
			tests = optarg;
			break;
		case O_HELP: fputs(lt_help, stdout); return 0;
		}
	}
	lt_parse_tests(tests, want);
	lt_select(&cfg, want, variants);
	if (!cfg.nrun)
		ct_usage_error("--variant: '%s' names no variant of the chosen "
			       "tests", variants);
	expt_placement(o.placement, &cfg.placement);
	cfg.counters = o.counters;
	cfg.progress = !o.quiet && isatty(2);

	struct ct_topo topo;
	unsigned two = 2;
	ct_load_machine(&topo);
	ct_check_placement(&topo, &cfg.placement, &two, 1);
	struct ct_sink data, table;
	struct ct_output out;
	struct ct_rec fp;
	ct_output_open(&o.out, ct_lt_table, &data, &table, &out);
	expt_fingerprint(&fp, &topo);
	int rc = ct_lt_run(&cfg, &topo, &fp, &out);
	ct_output_close(&out);
	ct_topo_free(&topo);
	return rc;
}

/* ---- contend counters ------------------------------------------------- */

static const char ctr_help[] =
	"usage: contend counters [--scope thread|process]\n"
	"         [--format table|csv|jsonl] [--out FILE] " CT_OUT_MODE_HELP "\n"
	"Count every event around a known workload (a 20M-step loop, 16 MiB\n"
	"of fresh pages, 100 short sleeps) and say where each count comes from\n"
	"or why it is unavailable.\n";

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
	static const struct option opts[] = {
		{ "scope", 1, NULL, O_SCOPE }, { "format", 1, NULL, O_FORMAT },
		{ "out", 1, NULL, O_OUT }, { "help", 0, NULL, O_HELP },
		CT_OUT_MODE_LONGOPTS, { NULL, 0, NULL, 0 },
	};
	static const char *const scopes[] = { "thread", "process", NULL };
	struct ct_out_opts oo = { 0 };
	enum ct_ctr_scope scope = CT_CTR_THREAD;
	int c;
	optind = 1;
	while ((c = ct_getopt(argc, argv, opts)) != -1) {
		if (ct_out_mode_opt(c, &oo.mode))
			continue;
		switch (c) {
		case O_SCOPE: scope = (enum ct_ctr_scope)ct_parse_choice("--scope", optarg, scopes); break;
		case O_FORMAT: oo.format = optarg; break;
		case O_OUT: oo.path = optarg; break;
		case O_HELP: fputs(ctr_help, stdout); return 0;
		}
	}
	struct ct_topo topo;
	struct ct_sink data, table;
	struct ct_output out;
	struct ct_rec fp;
	struct ct_counters ctr;
	char buf[512];
	ct_load_machine(&topo);
	ct_output_open(&oo, ctr_table, &data, &table, &out);
	expt_fingerprint(&fp, &topo);
	ct_counters_open(&ctr, CT_CTR_ALL, scope);
	ct_counters_start(&ctr);
	ctr_workload();
	ct_counters_stop(&ctr);
	ct_counters_status(&ctr, true, buf, sizeof(buf));
	ct_rec_str(&fp, "hw_counters", "%s", buf);
	ct_counters_status(&ctr, false, buf, sizeof(buf));
	ct_rec_str(&fp, "sw_counters", "%s", buf);
	if (out.data)
		ct_sink_header(out.data, &fp, NULL);
	if (out.table)
		ct_sink_header(out.table, &fp, (const char *const[]){
			"cpu_model", "virtualization", "kernel", "pmu",
			"hw_counters", "sw_counters", NULL });
	for (unsigned e = 0; e < CT_CTR_N; e++) {
		struct ct_rec r;
		ct_rec_reset(&r);
		ct_rec_str(&r, "family", "counters");
		ct_rec_str(&r, "scope", "%s", scopes[scope]);
		ct_rec_str(&r, "event", "%s", ct_counter_name(e));
		ct_rec_str(&r, "kind", CT_CTR_BIT(e) & CT_CTR_HW ? "hardware" : "software");
		ct_rec_num(&r, "value", ctr.value[e]);
		ct_rec_str(&r, "expect", "%s", ctr_expect[e]);
		ct_counter_event_status(&ctr, e, buf, sizeof(buf));
		ct_rec_str(&r, "source", "%s", buf);
		if (out.data)
			ct_sink_write(out.data, &r);
		ct_rec_str(&r, "note", "  %s", buf);
		if (out.table)
			ct_sink_write(out.table, &r);
	}
	ct_counters_close(&ctr);
	ct_output_close(&out);
	ct_topo_free(&topo);
	return 0;
}
