/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * `contend problem`, `contend validate problem` and `contend list
 * problems`.
 *
 * The problem is the first argument; each problem accepts only its own
 * knobs (the rows of harness/families/problem.c it owns: an option of
 * another problem is an unknown option, and the message lists the valid
 * ones). Lists (--variant, --mutex, --sem, --alloc and the thread
 * counts) are axes: every combination that means something runs, e.g.
 * --mutex only for variants that have a mutex role. Everything is
 * checked before anything runs or any file is opened.
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
#include "harness/families/problem.h"
#include "commands.h"
#include "harness/core/fingerprint.h"
#include "harness/problem/itemalloc.h"
#include "harness/lock/lockbench.h"
#include "harness/problem/problem.h"
#include "harness/core/timing.h"

/* What the command line said, before expansion into configurations. */
struct prob_opts {
	const struct ct_problem_desc *p;
	bool validate;
	const char *variant, *mutex, *sem, *alloc, *placement;
	const char *producers, *consumers, *threads;
	struct ct_prob_cfg base; /* scalar knobs */
	struct ct_common_args ca; /* reps, output, run length, timeout */
};

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

/* Take the command's own row i (the shared ones are in po->ca). */
static void prob_take(struct prob_opts *po, int i, const char *arg)
{
	const struct ct_opt *r = &ct_problem_opts[i];
	struct ct_prob_cfg *b = &po->base;
	char as[80];
	snprintf(as, sizeof(as), "%s --%s", po->p->name, r->name);
	switch (i) {
	case PO_PROBLEM: break; /* prob_find took it */
	case PO_VARIANT: po->variant = arg; break;
	case PO_MUTEX: po->mutex = arg; break;
	case PO_SEM: po->sem = arg; break;
	case PO_PLACEMENT: po->placement = arg; break;
	case PO_SEM_SPIN: b->sem_spin = (uint32_t)ct_opt_count(r, arg); break;
	case PO_WAIT: b->lock.wait.policy = (uint8_t)ct_opt_choice(r, arg); break;
	case PO_SPIN_LIMIT: b->lock.wait.spin_limit = (uint32_t)ct_opt_count(r, arg); break;
	case PO_STALL: b->stall_s = ct_opt_seconds(r, arg); break;
	case PO_PRODUCERS: po->producers = arg; break;
	case PO_CONSUMERS: po->consumers = arg; break;
	case PO_THREADS: case PO_PHILOSOPHERS: po->threads = arg; break;
	case PO_ALLOC: po->alloc = arg; break;
	case PO_SIZE: b->size = (unsigned)ct_opt_count_as(r, as, arg); break;
	case PO_PAYLOAD: b->payload = (unsigned)ct_opt_count_as(r, as, arg); break;
	case PO_PRODUCE: b->produce_ns = ct_opt_ns_as(r, as, arg); break;
	case PO_CONSUME: b->consume_ns = ct_opt_ns_as(r, as, arg); break;
	case PO_READ_FRACTION: b->read_fraction = prob_parse_fraction(po, arg); break;
	case PO_READ_CS: b->read_cs_ns = ct_opt_ns_as(r, as, arg); break;
	case PO_WRITE_CS: b->write_cs_ns = ct_opt_ns_as(r, as, arg); break;
	case PO_THINK: b->think_ns = ct_opt_ns_as(r, as, arg); break;
	case PO_EAT: b->eat_ns = ct_opt_ns_as(r, as, arg); break;
	case PO_GAP: b->gap_ns = ct_opt_ns_as(r, as, arg); break;
	case PO_ITEMS: case PO_OPS: case PO_MEALS:
		b->quota = ct_opt_count_as(r, as, arg);
		break;
	}
}

static const char bench_prose[] =
	"The problem is the first word, or --problem NAME anywhere (how a\n"
	"matrix passes it). Lists are axes: every combination that means\n"
	"something runs (--mutex only for variants with a mutex role).\n"
	"Every run is a forked child watched for progress: a deadlock (naive\n"
	"philosophers) is reported with its time, never a hang.\n";

static const char validate_prose[] =
	"Exit 0 only if every run finished and its checks held: items\n"
	"consumed once and in producer order, no writer beside anyone, no\n"
	"neighbours eating together. `all` leaves out the naive philosophers\n"
	"(they deadlock: name them to see it).\n";

/* How --help reads: p's rows, or with no problem the rows every problem
 * shares (owner CT_PROB_SHARED). */
static struct ct_help prob_help(const struct ct_problem_desc *p, bool validate)
{
	static char usage[96], prose[1024];
	snprintf(usage, sizeof(usage), "contend %sproblem %s",
		 validate ? "validate " : "",
		 p ? p->name : "bounded-buffer|readers-writers|dining");
	snprintf(prose, sizeof(prose), "%s%s",
		 validate ? validate_prose : bench_prose,
		 p ? "" : "Each problem's knobs: `contend problem NAME --help`, "
			  "`contend list problems`.\n");
	return (struct ct_help){ usage, NULL, prose };
}

/* Parse argv (options from argv[1]) into po. */
static void prob_parse(int argc, char **argv, struct prob_opts *po)
{
	unsigned mode = po->validate ? CT_OPT_VALIDATE : CT_OPT_BENCH;
	struct ct_prob_cfg *b = &po->base;
	int i;
	ct_prob_cfg_defaults(b, (unsigned)(po->p - ct_problems), po->validate);
	po->ca = (struct ct_common_args){ .reps = 3,
					  .duration_s = b->duration_s,
					  .warmup_s = b->warmup_s,
					  .timeout_s = b->timeout_s };
	const struct ct_help h = prob_help(po->p, po->validate);
	optind = 1;
	while ((i = ct_next_opt(argc, argv, ct_problem_opts, mode,
				ct_problem_bit(po->p), &h, &po->ca)) != -1)
		prob_take(po, i, optarg);
	b->duration_s = po->ca.duration_s;
	b->warmup_s = po->ca.warmup_s;
	b->timeout_s = po->ca.timeout_s;
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
			struct ct_help h = prob_help(NULL, strcmp(verb, "problem"));
			ct_opt_help(stdout, h.usage, h.tail, ct_problem_opts,
				    strcmp(verb, "problem") ? CT_OPT_VALIDATE :
				    CT_OPT_BENCH, CT_PROB_SHARED, h.prose);
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
	cfg.reps = po.ca.reps;
	cfg.progress = !po.ca.quiet && isatty(2);
	prob_note(runs, cfg.nruns, &topo, po.ca.quiet);
	struct ct_session ss;
	ct_session_open(&ss, &po.ca.out, po.p->table, &topo);
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

/* " --NAME META" of each row a problem takes (owners: its bit alone, or
 * CT_PROB_SHARED for the rows every problem shares). */
static void prob_list_rows(unsigned owner)
{
	for (const struct ct_opt *o = ct_problem_opts; o->name; o++) {
		char mb[128];
		const char *m = ct_opt_meta(o, mb, sizeof(mb));
		if (o->role != CT_R_OWN || !(o->flags & CT_OPT_BENCH) ||
		    o - ct_problem_opts == PO_PROBLEM ||
		    (owner == CT_PROB_SHARED) != !o->owners ||
		    (o->owners && !(o->owners & owner)))
			continue;
		printf(" --%s%s%s", o->name, m ? " " : "", m ? m : "");
	}
	printf("\n");
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
		printf("  knobs:");
		prob_list_rows(ct_problem_bit(p));
	}
	printf("every problem:");
	prob_list_rows(CT_PROB_SHARED);
}
