/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * `contend problem`, `contend validate problem` and `contend list
 * problems`.
 *
 * The problem is the first argument; each problem accepts only its own
 * knobs (an option of another problem is an unknown option, and the
 * message lists the valid ones). Lists (--variant, --mutex, --sem,
 * --alloc and the thread counts) are axes: every combination that means
 * something runs, e.g. --mutex only for variants that have a mutex role.
 * Everything is checked before anything runs or any file is opened.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "locks/ops.h"
#include "harness/core/cli.h"
#include "harness/core/family.h"
#include "commands.h"
#include "harness/core/fingerprint.h"
#include "harness/problem/itemalloc.h"
#include "harness/lock/lockbench.h"
#include "harness/problem/problem.h"
#include "harness/core/timing.h"

enum {
	O_VARIANT = 4000, O_MUTEX, O_SEM, O_SEM_SPIN, O_WAIT, O_SPIN_LIMIT,
	O_PLACEMENT, O_STALL, O_HELP, O_PROBLEM,
	/* benchmark only */
	O_DURATION, O_WARMUP, O_REPS, O_FORMAT, O_OUT, O_QUIET,
	/* validate only */
	O_TIMEOUT, O_ITEMS, O_OPS, O_MEALS,
	/* problem knobs */
	O_PRODUCERS, O_CONSUMERS, O_SIZE, O_PAYLOAD, O_ALLOC, O_PRODUCE,
	O_CONSUME, O_THREADS, O_READ_FRACTION, O_READ_CS, O_WRITE_CS, O_THINK,
	O_PHILOSOPHERS, O_EAT, O_GAP,
};

#define P_BB (1u << CT_PROB_BB)
#define P_RW (1u << CT_PROB_RW)
#define P_DN (1u << CT_PROB_DINING)
#define P_ALL (P_BB | P_RW | P_DN)
#define M_BENCH 1u
#define M_VALIDATE 2u
#define M_BOTH (M_BENCH | M_VALIDATE)

/* Every option, with the problems and commands it belongs to. */
static const struct prob_option {
	struct option o;
	unsigned problems, modes;
} prob_options[] = {
	{ { "variant", 1, NULL, O_VARIANT }, P_ALL, M_BOTH },
	{ { "mutex", 1, NULL, O_MUTEX }, P_ALL, M_BOTH },
	{ { "sem", 1, NULL, O_SEM }, P_ALL, M_BOTH },
	{ { "sem-spin", 1, NULL, O_SEM_SPIN }, P_ALL, M_BOTH },
	{ { "wait", 1, NULL, O_WAIT }, P_ALL, M_BOTH },
	{ { "spin-limit", 1, NULL, O_SPIN_LIMIT }, P_ALL, M_BOTH },
	{ { "placement", 1, NULL, O_PLACEMENT }, P_ALL, M_BOTH },
	{ { "stall", 1, NULL, O_STALL }, P_ALL, M_BOTH },
	{ { "duration", 1, NULL, O_DURATION }, P_ALL, M_BENCH },
	{ { "warmup", 1, NULL, O_WARMUP }, P_ALL, M_BENCH },
	{ { "reps", 1, NULL, O_REPS }, P_ALL, M_BENCH },
	{ { "format", 1, NULL, O_FORMAT }, P_ALL, M_BENCH },
	{ { "out", 1, NULL, O_OUT }, P_ALL, M_BENCH },
	{ { "force", 0, NULL, CT_O_FORCE }, P_ALL, M_BENCH },
	{ { "append", 0, NULL, CT_O_APPEND }, P_ALL, M_BENCH },
	{ { "quiet", 0, NULL, O_QUIET }, P_ALL, M_BENCH },
	{ { "timeout", 1, NULL, O_TIMEOUT }, P_ALL, M_VALIDATE },
	{ { "items", 1, NULL, O_ITEMS }, P_BB, M_VALIDATE },
	{ { "ops", 1, NULL, O_OPS }, P_RW, M_VALIDATE },
	{ { "meals", 1, NULL, O_MEALS }, P_DN, M_VALIDATE },
	{ { "producers", 1, NULL, O_PRODUCERS }, P_BB, M_BOTH },
	{ { "consumers", 1, NULL, O_CONSUMERS }, P_BB, M_BOTH },
	{ { "size", 1, NULL, O_SIZE }, P_BB, M_BOTH },
	{ { "payload", 1, NULL, O_PAYLOAD }, P_BB, M_BOTH },
	{ { "alloc", 1, NULL, O_ALLOC }, P_BB, M_BOTH },
	{ { "produce", 1, NULL, O_PRODUCE }, P_BB, M_BOTH },
	{ { "consume", 1, NULL, O_CONSUME }, P_BB, M_BOTH },
	{ { "threads", 1, NULL, O_THREADS }, P_RW | P_DN, M_BOTH },
	{ { "read-fraction", 1, NULL, O_READ_FRACTION }, P_RW, M_BOTH },
	{ { "read-cs", 1, NULL, O_READ_CS }, P_RW, M_BOTH },
	{ { "write-cs", 1, NULL, O_WRITE_CS }, P_RW, M_BOTH },
	{ { "think", 1, NULL, O_THINK }, P_RW | P_DN, M_BOTH },
	{ { "philosophers", 1, NULL, O_PHILOSOPHERS }, P_DN, M_BOTH },
	{ { "eat", 1, NULL, O_EAT }, P_DN, M_BOTH },
	{ { "gap", 1, NULL, O_GAP }, P_DN, M_BOTH },
	{ { "help", 0, NULL, O_HELP }, P_ALL, M_BOTH },
	/* the first word as an option (what a matrix passes): prob_find */
	{ { "problem", 1, NULL, O_PROBLEM }, P_ALL, M_BOTH },
};

bool ct_problem_takes(const struct ct_problem_desc *p, const char *opt)
{
	for (unsigned i = 0; i < CT_ARRAY_SIZE(prob_options); i++)
		if ((prob_options[i].problems & (1u << (p - ct_problems))) &&
		    (prob_options[i].modes & M_BENCH) &&
		    !strcmp(prob_options[i].o.name, opt))
			return true;
	return false;
}

/* What the command line said, before expansion into configurations. */
struct prob_opts {
	const struct ct_problem_desc *p;
	bool validate, quiet;
	const char *variant, *mutex, *sem, *alloc, *placement;
	const char *producers, *consumers, *threads;
	struct ct_prob_cfg base; /* scalar knobs */
	unsigned reps;
	struct ct_out_opts out;
};

/* The options of this problem and command, NULL-terminated. */
static void prob_longopts(const struct prob_opts *po, struct option *out)
{
	unsigned n = 0, pbit = 1u << (po->p - ct_problems);
	unsigned mode = po->validate ? M_VALIDATE : M_BENCH;
	for (unsigned i = 0; i < CT_ARRAY_SIZE(prob_options); i++)
		if ((prob_options[i].problems & pbit) &&
		    (prob_options[i].modes & mode))
			out[n++] = prob_options[i].o;
	out[n] = (struct option){ NULL, 0, NULL, 0 };
}

/* The knob's option name with the problem in front, for messages. */
static const char *prob_opt(const struct prob_opts *po, const char *opt)
{
	static char buf[128];
	snprintf(buf, sizeof(buf), "%s %s", po->p->name, opt);
	return buf;
}

static double prob_parse_fraction(const struct prob_opts *po, const char *s)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (errno || end == s || *end || !(v >= 0 && v <= 1))
		ct_usage_error("%s: '%s' is not a fraction in [0, 1] (the share "
			       "of operations that read: 0 all writes, 1 all "
			       "reads, e.g. 0.9)",
			       prob_opt(po, "--read-fraction"), s);
	return v;
}

static uint64_t prob_quota(const char *opt, const char *s)
{
	return ct_parse_count(opt, s, 1, 1ull << 32);
}

/* Options shared by every problem; false if c is not one of them. */
static bool prob_common_opt(struct prob_opts *po, int c, const char *arg)
{
	static const char *const waits[] = CT_WAIT_NAMES;
	struct ct_prob_cfg *b = &po->base;
	switch (c) {
	case O_VARIANT: po->variant = arg; return true;
	case O_MUTEX: po->mutex = arg; return true;
	case O_SEM: po->sem = arg; return true;
	case O_PLACEMENT: po->placement = arg; return true;
	case O_SEM_SPIN: b->sem_spin = (uint32_t)ct_family_count("problem", "sem-spin", arg); return true;
	case O_WAIT: b->lock.wait.policy = (uint8_t)ct_parse_choice("--wait", arg, waits); return true;
	case O_SPIN_LIMIT: b->lock.wait.spin_limit = (uint32_t)ct_family_count("problem", "spin-limit", arg); return true;
	case O_STALL: b->stall_s = ct_parse_seconds("--stall", arg, false); return true;
	case O_DURATION: b->duration_s = ct_parse_seconds("--duration", arg, false); return true;
	case O_WARMUP: b->warmup_s = ct_parse_seconds("--warmup", arg, true); return true;
	case O_REPS: po->reps = (unsigned)ct_parse_count("--reps", arg, 1, 1000); return true;
	case O_FORMAT: po->out.format = arg; return true;
	case O_OUT: po->out.path = arg; return true;
	case CT_O_FORCE:
	case CT_O_APPEND: return ct_out_mode_opt(c, &po->out.mode);
	case O_QUIET: po->quiet = true; return true;
	case O_TIMEOUT: b->timeout_s = ct_parse_seconds("--timeout", arg, false); return true;
	}
	return false;
}

/* The problems' own knobs. */
static void prob_knob_opt(struct prob_opts *po, int c, const char *arg)
{
	struct ct_prob_cfg *b = &po->base;
	switch (c) {
	case O_PRODUCERS: po->producers = arg; break;
	case O_CONSUMERS: po->consumers = arg; break;
	case O_THREADS: case O_PHILOSOPHERS: po->threads = arg; break;
	case O_ALLOC: po->alloc = arg; break;
	case O_SIZE: b->size = (unsigned)ct_family_count_as("problem", "size", prob_opt(po, "--size"), arg); break;
	case O_PAYLOAD: b->payload = (unsigned)ct_family_count_as("problem", "payload", prob_opt(po, "--payload"), arg); break;
	case O_PRODUCE: b->produce_ns = ct_parse_ns(prob_opt(po, "--produce"), arg); break;
	case O_CONSUME: b->consume_ns = ct_parse_ns(prob_opt(po, "--consume"), arg); break;
	case O_READ_FRACTION: b->read_fraction = prob_parse_fraction(po, arg); break;
	case O_READ_CS: b->read_cs_ns = ct_parse_ns(prob_opt(po, "--read-cs"), arg); break;
	case O_WRITE_CS: b->write_cs_ns = ct_parse_ns(prob_opt(po, "--write-cs"), arg); break;
	case O_THINK: b->think_ns = ct_parse_ns(prob_opt(po, "--think"), arg); break;
	case O_EAT: b->eat_ns = ct_parse_ns(prob_opt(po, "--eat"), arg); break;
	case O_GAP: b->gap_ns = ct_parse_ns(prob_opt(po, "--gap"), arg); break;
	case O_ITEMS: b->quota = prob_quota(prob_opt(po, "--items"), arg); break;
	case O_OPS: b->quota = prob_quota(prob_opt(po, "--ops"), arg); break;
	case O_MEALS: b->quota = prob_quota(prob_opt(po, "--meals"), arg); break;
	}
}

static void prob_defaults(struct prob_opts *po)
{
	po->reps = 3;
	ct_prob_cfg_defaults(&po->base, (unsigned)(po->p - ct_problems),
			     po->validate);
}

static const char problem_help[] =
	"usage: contend problem bounded-buffer|readers-writers|dining\n"
	"         (or --problem NAME anywhere: the same as the first word)\n"
	"         [--variant V,W|all] [--mutex sem|LOCK,...] [--sem posix|futex]\n"
	"         [--sem-spin N] [--wait spin|yield|park] [--spin-limit N]\n"
	"         [--placement P] [--duration 1s] [--warmup 200ms] [--reps 3]\n"
	"         [--stall S] [--format table|csv|jsonl] [--out FILE] [--quiet]\n"
	"         " CT_OUT_MODE_HELP "\n"
	"         [problem knobs: see `contend list problems`]\n"
	"Every run is a forked child watched for progress: a deadlock (naive\n"
	"philosophers) is reported with its time, never a hang.\n";

static const char validate_help[] =
	"usage: contend validate problem bounded-buffer|readers-writers|dining\n"
	"         [--variant V,W|all] [--mutex ...] [--sem ...] [knobs]\n"
	"         [--items N | --ops N | --meals N] [--timeout 120s] [--stall S]\n"
	"Exit 0 only if every run finished and its checks held: items\n"
	"consumed once and in producer order, no writer beside anyone, no\n"
	"neighbours eating together. `all` leaves out the naive philosophers\n"
	"(they deadlock: name them to see it).\n";

/* Parse argv (options from argv[1]) into po. */
static void prob_parse(int argc, char **argv, struct prob_opts *po)
{
	struct option opts[CT_ARRAY_SIZE(prob_options) + 1];
	int c;
	prob_defaults(po);
	prob_longopts(po, opts);
	optind = 1;
	while ((c = ct_getopt(argc, argv, opts)) != -1) {
		if (c == O_HELP) {
			fputs(po->validate ? validate_help : problem_help, stdout);
			exit(0);
		}
		if (!prob_common_opt(po, c, optarg))
			prob_knob_opt(po, c, optarg);
	}
}

/* ---- expansion into configurations ----------------------------------------- */

struct prob_axes {
	const char *variants[CT_PROB_MAX_LIST], *mutexes[CT_PROB_MAX_LIST];
	const char *sems[2], *allocs[2];
	unsigned threads[CT_PROB_MAX_LIST], consumers[CT_PROB_MAX_LIST];
	unsigned nv, nm, ns, na, nt, nc;
};

/* --mutex: "sem" or any lock (hidden ones too: a broken mutex makes a
 * good negative control); null cannot be a mutex. */
static unsigned prob_parse_mutexes(const char *s, const char **out)
{
	static const char *valid[CT_MAX_LIST + 2], *dflt[CT_MAX_LIST + 2];
	unsigned n = 0, d = 0;
	valid[n++] = dflt[d++] = "sem";
	for (const char *const *l = ct_lock_names(true); *l; l++)
		if (strcmp(*l, "null"))
			valid[n++] = *l;
	for (const char *const *l = ct_lock_names(false); *l; l++)
		if (strcmp(*l, "null"))
			dflt[d++] = *l;
	dflt[d] = NULL;
	return ct_parse_names("--mutex", s, valid, n, dflt, out,
			      CT_PROB_MAX_LIST);
}

/* --variant: "all" is the listed variants, for validate the safe ones. */
static unsigned prob_parse_variants(const struct prob_opts *po,
				    const char **out)
{
	const char *const *every = ct_problem_variants(po->p, true);
	const char *dflt[CT_PROB_MAX_LIST + 1];
	unsigned n = 0, d = 0;
	while (every[n])
		n++;
	for (const char *const *v = ct_problem_variants(po->p, false); *v; v++)
		if (!po->validate || !(ct_problem_algo(po->p, *v)->flags &
				       CT_PROB_DEADLOCKS))
			dflt[d++] = *v;
	dflt[d] = NULL;
	return ct_parse_names(prob_opt(po, "--variant"),
			      po->variant ? po->variant : "all", every, n, dflt,
			      out, CT_PROB_MAX_LIST);
}

static unsigned prob_parse_threads(const struct prob_opts *po, const char *s,
				   const char *opt, unsigned min, unsigned *out)
{
	return ct_parse_count_list(prob_opt(po, opt), s, out, CT_PROB_MAX_LIST,
				   min, CT_PROB_MAX_THREADS);
}

static void prob_parse_axes(const struct prob_opts *po, const struct ct_topo *t,
			    struct prob_axes *ax)
{
	static const char *const sems[] = { "posix", "futex" };
	char ncpu[32];
	snprintf(ncpu, sizeof(ncpu), "1-%d:x2", t->npus);
	ax->nv = prob_parse_variants(po, ax->variants);
	ax->nm = prob_parse_mutexes(po->mutex ? po->mutex : "sem", ax->mutexes);
	ax->ns = ct_parse_names("--sem", po->sem ? po->sem : "posix", sems, 2,
				sems, ax->sems, 2);
	ax->na = ct_parse_names(prob_opt(po, "--alloc"),
				po->alloc ? po->alloc : "jemalloc",
				ct_itemalloc_names, 2, NULL, ax->allocs, 2);
	ax->nc = 1, ax->consumers[0] = 1;
	switch (po->base.problem) {
	case CT_PROB_BB:
		ax->nt = prob_parse_threads(po, po->producers ? po->producers : "1",
					    "--producers", 1, ax->threads);
		ax->nc = prob_parse_threads(po, po->consumers ? po->consumers : "1",
					    "--consumers", 1, ax->consumers);
		break;
	case CT_PROB_RW:
		ax->nt = prob_parse_threads(po, po->threads ? po->threads : ncpu,
					    "--threads", 1, ax->threads);
		break;
	default:
		ax->nt = prob_parse_threads(po, po->threads ? po->threads : "5",
					    "--philosophers", 2, ax->threads);
	}
}

/* Already in runs[0..n)? */
static bool prob_seen(const struct ct_prob_cfg *runs, unsigned n,
		      const struct ct_prob_cfg *c)
{
	for (unsigned i = 0; i < n; i++)
		if (runs[i].algo == c->algo && !strcmp(runs[i].mutex, c->mutex) &&
		    runs[i].sem_kind == c->sem_kind && runs[i].alloc == c->alloc &&
		    runs[i].threads == c->threads &&
		    runs[i].producers == c->producers &&
		    runs[i].consumers == c->consumers &&
		    runs[i].philosophers == c->philosophers)
			return true;
	return false;
}

/* c with the thread-count axes set from t (producers/threads) and k. */
static void prob_set_threads(struct ct_prob_cfg *c, unsigned t, unsigned k)
{
	c->producers = c->consumers = c->threads = c->philosophers = 0;
	if (c->problem == CT_PROB_BB)
		c->producers = t, c->consumers = k;
	else if (c->problem == CT_PROB_RW)
		c->threads = t;
	else
		c->philosophers = t;
}

/* Add one configuration, with the axes that do not apply normalized away,
 * unless it is already there. */
static void prob_add(const struct prob_opts *po, const struct prob_axes *ax,
		     const unsigned idx[6], struct ct_prob_cfg *runs,
		     unsigned *n)
{
	struct ct_prob_cfg c = po->base;
	c.algo = ct_problem_algo(po->p, ax->variants[idx[0]]);
	c.mutex = ct_prob_uses_mutex(&c) ? ax->mutexes[idx[1]] : "-";
	c.sem_kind = ct_prob_uses_sem(&c) && !strcmp(ax->sems[idx[2]], "futex");
	c.alloc = c.problem == CT_PROB_BB &&
		  !strcmp(ax->allocs[idx[3]], "glibc");
	prob_set_threads(&c, ax->threads[idx[4]],
			 c.problem == CT_PROB_BB ? ax->consumers[idx[5]] : 0);
	if (*n >= CT_PROB_MAX_LIST * 4)
		ct_usage_error("%s: more than %u configurations: shorten the "
			       "lists", po->p->name, CT_PROB_MAX_LIST * 4);
	if (!prob_seen(runs, *n, &c))
		runs[(*n)++] = c;
}

/* Advance the odometer idx (digit d counts to lim[d]); false after the
 * last combination. */
static bool prob_next(unsigned *idx, const unsigned *lim, unsigned k)
{
	for (unsigned d = k; d-- > 0;) {
		if (++idx[d] < lim[d])
			return true;
		idx[d] = 0;
	}
	return false;
}

/* The cross product of the axes, in table order. */
static unsigned prob_expand(const struct prob_opts *po,
			    const struct prob_axes *ax, struct ct_prob_cfg *runs)
{
	const unsigned lim[6] = { ax->nv, ax->nm, ax->ns, ax->na, ax->nt, ax->nc };
	unsigned idx[6] = { 0 }, n = 0;
	do
		prob_add(po, ax, idx, runs, &n);
	while (prob_next(idx, lim, 6));
	return n;
}

/* Oversubscribed with pure spinning: say what that means. */
static void prob_note(const struct ct_prob_cfg *runs, unsigned n,
		      const struct ct_topo *t, bool quiet)
{
	for (unsigned i = 0; i < n && !quiet; i++) {
		const struct ct_prob_cfg *c = &runs[i];
		bool spins = (c->algo->flags & CT_PROB_WAITS) ||
			     (ct_prob_uses_mutex(c) && strcmp(c->mutex, "sem"));
		unsigned th = ct_problems[c->problem].nthreads(c);
		if (spins && th > (unsigned)t->npus &&
		    c->lock.wait.policy == CT_WAIT_SPIN) {
			fprintf(stderr,
				"contend: note: %u threads on %d CPUs spinning "
				"(%s, mutex %s): a preempted holder costs a "
				"time slice; --wait yield or park is the polite "
				"alternative\n",
				th, t->npus, c->algo->name, c->mutex);
			return;
		}
	}
}

/*
 * The problem: the first word or --problem NAME (how a matrix names it:
 * its keys are options); both may be given if they agree. *skip: 1 when
 * the options start after the word.
 */
static const struct ct_problem_desc *prob_find(int argc, char **argv,
					       const char *verb, int *skip)
{
	const char *word = argc >= 2 && argv[1][0] != '-' ? argv[1] : NULL;
	const char *opt = NULL;
	for (int i = 1; i < argc && strcmp(argv[i], "--"); i++) {
		if (!strcmp(argv[i], "--help") && !word && !opt) {
			fputs(strcmp(verb, "problem") ? validate_help : problem_help,
			      stdout);
			exit(0);
		}
		if (!strcmp(argv[i], "--problem") && i + 1 < argc)
			opt = argv[++i];
		else if (!strncmp(argv[i], "--problem=", 10))
			opt = argv[i] + 10;
	}
	if (word && opt && strcmp(word, opt))
		ct_usage_error("%s: problem named twice ('%s' and --problem %s)",
			       verb, word, opt);
	if (!word && !opt)
		ct_usage_error("%s: expected a problem: bounded-buffer, "
			       "readers-writers, dining", verb);
	const struct ct_problem_desc *p = ct_problem_find(word ? word : opt);
	if (!p)
		ct_usage_error("%s: unknown problem '%s' (valid: bounded-buffer, "
			       "readers-writers, dining)", verb, word ? word : opt);
	*skip = word != NULL;
	return p;
}

/* Parse, check placement, expand. runs: CT_PROB_MAX_LIST * 4 entries. */
static unsigned prob_setup(int argc, char **argv, bool validate,
			   struct prob_opts *po, struct ct_topo *topo,
			   struct ct_placement *pl, struct ct_prob_cfg *runs)
{
	int skip;
	memset(po, 0, sizeof(*po));
	po->validate = validate;
	po->p = prob_find(argc, argv, validate ? "validate problem" : "problem",
			  &skip);
	prob_parse(argc - skip, argv + skip, po);
	char err[512];
	if (ct_placement_parse(po->placement ? po->placement : "compact", pl,
			       err, sizeof(err)))
		ct_usage_error("--placement: %s", err);
	struct prob_axes ax;
	ct_load_machine(topo);
	prob_parse_axes(po, topo, &ax);
	unsigned n = prob_expand(po, &ax, runs);
	unsigned maxn = 0;
	for (unsigned i = 0; i < n; i++)
		maxn = po->p->nthreads(&runs[i]) > maxn ? po->p->nthreads(&runs[i]) : maxn;
	if (maxn > CT_PROB_MAX_THREADS)
		ct_usage_error("%s: %u threads in all; at most %u", po->p->name,
			       maxn, CT_PROB_MAX_THREADS);
	for (unsigned i = 0; validate && i < n; i++)
		if ((uint64_t)runs[i].producers * runs[i].quota > CT_PROB_MAX_LEDGER)
			ct_usage_error("%s: %u producers x %llu items is more than "
				       "the %llu items validation can track",
				       prob_opt(po, "--items"), runs[i].producers,
				       (unsigned long long)runs[i].quota,
				       CT_PROB_MAX_LEDGER);
	ct_check_placement(topo, pl, &maxn, 1);
	return n;
}

/* ---- the commands ------------------------------------------------------------ */

int ct_cmd_problem(int argc, char **argv)
{
	struct prob_opts po;
	struct ct_topo topo;
	static struct ct_prob_cfg runs[CT_PROB_MAX_LIST * 4];
	struct ct_probbench_cfg cfg = { 0 };
	cfg.nruns = prob_setup(argc, argv, false, &po, &topo, &cfg.placement,
			       runs);
	cfg.p = po.p;
	cfg.runs = runs;
	cfg.reps = po.reps;
	cfg.progress = !po.quiet && isatty(2);
	prob_note(runs, cfg.nruns, &topo, po.quiet);
	struct ct_session ss;
	ct_session_open(&ss, &po.out, po.p->table, &topo);
	return ct_session_close(&ss, &topo,
				ct_probbench_run(&cfg, &topo, &ss.fp, &ss.out));
}

/* "200000 items", "90210 reads, 9876 writes, up to 2 readers at once". */
static void prob_counts(const struct ct_prob_cfg *c, const struct ct_rec *rec,
			char *buf, size_t len)
{
	double reads = ct_rec_num_of(rec, "reads");
	if (c->problem == CT_PROB_BB)
		snprintf(buf, len, "%.0f items", ct_rec_num_of(rec, "consumed"));
	else if (c->problem == CT_PROB_RW)
		snprintf(buf, len, "%.0f reads, %.0f writes, up to %.0f readers "
			 "at once", reads, ct_rec_num_of(rec, "writes"),
			 ct_rec_num_of(rec, "max_readers"));
	else
		snprintf(buf, len, "%.0f meals", ct_rec_num_of(rec, "meals"));
}

static int validate_one(const struct ct_prob_cfg *c, const int *cpus,
			const int *numa)
{
	struct ct_rec *rec = malloc(sizeof(*rec));
	struct ct_prob_verdict v;
	char counts[256], what[256];
	unsigned n = ct_problems[c->problem].nthreads(c);
	ct_rec_reset(rec);
	int rc = ct_problems[c->problem].run(c, cpus, numa, rec, &v);
	snprintf(what, sizeof(what), "%s %s mutex=%s sem=%s",
		 ct_problems[c->problem].name, c->algo->name,
		 ct_prob_uses_mutex(c) ? c->mutex : "-",
		 ct_prob_uses_sem(c) ? (c->sem_kind ? "futex" : "posix") : "-");
	prob_counts(c, rec, counts, sizeof(counts));
	if (rc)
		printf("%-48s %3u threads  ERROR %s\n", what, n, v.why);
	else if (v.out.end == CT_END_DEADLOCK)
		printf("%-48s %3u threads  FAIL  deadlock (circular wait) after "
		       "%.3f s, %s\n", what, n, v.deadlock_s, counts);
	else
		printf("%-48s %3u threads  %s  %s%s%s, %.2fs\n", what, n,
		       v.ok ? "ok  " : "FAIL", counts, v.ok ? "" : ": ",
		       v.ok ? "" : v.why, v.out.seconds);
	fflush(stdout);
	free(rec);
	return rc || !v.ok || v.out.end != CT_END_DONE;
}

int ct_cmd_validate_problem(int argc, char **argv)
{
	struct prob_opts po;
	struct ct_topo topo;
	struct ct_placement pl;
	static struct ct_prob_cfg runs[CT_PROB_MAX_LIST * 4];
	unsigned n = prob_setup(argc, argv, true, &po, &topo, &pl, runs);
	int failed = 0;
	ct_timer_calibrate();
	for (unsigned i = 0; i < n; i++) {
		unsigned th = po.p->nthreads(&runs[i]);
		int *cpus = calloc(th, sizeof(int)), *numa = calloc(th, sizeof(int));
		ct_resolve_or_die(&topo, &pl, th, cpus, numa);
		failed |= validate_one(&runs[i], cpus, numa);
		free(cpus), free(numa);
	}
	ct_topo_free(&topo);
	return failed;
}

void ct_list_problems(bool with_hidden)
{
	for (unsigned i = 0; i < CT_PROB_COUNT; i++) {
		const struct ct_problem_desc *p = &ct_problems[i];
		const struct ct_prob_algo *a;
		printf("%s\n", p->name);
		for (unsigned k = 0; (a = p->algo(k)); k++)
			if (with_hidden || !(a->flags & CT_PROB_HIDDEN))
				printf("  %-12s %s\n", a->name, a->desc);
		printf("  knobs: %s\n", p->knobs);
	}
	printf("every problem: --variant V,W|all --mutex sem|LOCK,... "
	       "--sem posix|futex --sem-spin N --wait spin|yield|park "
	       "--spin-limit N --placement P --stall S\n");
}
