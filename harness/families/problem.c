/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * problem.c - the problem family: `contend problem` options (each
 * problem's knobs its own), the fields and metrics, and the spec checks
 * that span keys.
 */
#include "problem.h"

#include "harness/core/cli.h"

#include <stdlib.h>
#include <string.h>

#include "harness/matrix/spec.h"
#include "harness/problem/itemalloc.h"
#include "harness/problem/problem.h"

#define KBV (CT_OPT_KEY | CT_OPT_BOTH)
#define BB (1u << CT_PROB_BB)
#define RW (1u << CT_PROB_RW)
#define DN (1u << CT_PROB_DINING)

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
const struct ct_opt ct_problem_opts[] = {
	[PO_PROBLEM] = { .name = "problem", .kind = CT_K_CHOICE,
			 .choices = problem_names, .field = "problem",
			 .meta = "NAME", .flags = KBV,
			 .help = "the problem, as the first word (a matrix's "
				 "way)" },
	[PO_VARIANT] = { .name = "variant", .kind = CT_K_NAMES,
			 .field = "variant", .meta = "V,W|all", .flags = KBV,
			 .help = "solutions (default all; validate leaves out "
				 "the ones that deadlock)" },
	[PO_MUTEX] = { .name = "mutex", .kind = CT_K_MUTEX, .field = "mutex",
		       .meta = "sem|LOCK,...", .flags = KBV,
		       .help = "the mutex role: a semaphore or locks "
			       "(default sem)" },
	[PO_SEM] = { .name = "sem", .kind = CT_K_CHOICE, .choices = sem_kinds,
		     .field = "sem", .flags = KBV,
		     .help = "semaphore kind (default posix)" },
	[PO_SEM_SPIN] = { .name = "sem-spin", .kind = CT_K_COUNT,
			  .max = 1u << 30, .field = "sem_spin", .flags = KBV,
			  .help = "futex semaphore's polls before it sleeps "
				  "(default 100)" },
	[PO_WAIT] = CT_ROW_WAIT(CT_OPT_BOTH, "spinning locks"),
	[PO_SPIN_LIMIT] = CT_ROW_SPIN_LIMIT(CT_OPT_BOTH),
	[PO_PLACEMENT] = CT_ROW_PLACEMENT(CT_OPT_BOTH),
	[PO_STALL] = { .name = "stall", .kind = CT_K_SECONDS, .flags = KBV,
		       .help = "a deadlock: no progress for this long" },
	[PO_PRODUCERS] = { .name = "producers", .kind = CT_K_COUNTS, .min = 1,
			   .max = CT_PROB_MAX_THREADS, .field = "producers",
			   .meta = "P,...", .flags = KBV, .owners = BB,
			   .help = "producer threads (default 1)" },
	[PO_CONSUMERS] = { .name = "consumers", .kind = CT_K_COUNTS, .min = 1,
			   .max = CT_PROB_MAX_THREADS, .field = "consumers",
			   .meta = "C,...", .flags = KBV, .owners = BB,
			   .help = "consumer threads (default 1)" },
	[PO_SIZE] = { .name = "size", .kind = CT_K_COUNT, .min = 1,
		      .max = 1u << 24, .field = "size", .flags = KBV,
		      .owners = BB, .help = "buffer slots (default 16)" },
	[PO_PAYLOAD] = { .name = "payload", .kind = CT_K_COUNT,
			 .max = 1u << 24, .field = "payload", .meta = "BYTES",
			 .flags = KBV, .owners = BB,
			 .help = "bytes per item (default 64)" },
	[PO_ALLOC] = { .name = "alloc", .kind = CT_K_CHOICE,
		       .choices = ct_itemalloc_names, .field = "alloc",
		       .flags = KBV, .owners = BB,
		       .help = "items' allocator (default jemalloc)" },
	[PO_PRODUCE] = { .name = "produce", .kind = CT_K_NS,
			 .field = "produce_ns", .flags = KBV, .owners = BB,
			 .help = "work to make an item" },
	[PO_CONSUME] = { .name = "consume", .kind = CT_K_NS,
			 .field = "consume_ns", .flags = KBV, .owners = BB,
			 .help = "work to use an item" },
	[PO_THREADS] = { .name = "threads", .kind = CT_K_COUNTS, .min = 1,
			 .max = CT_PROB_MAX_THREADS, .field = "threads",
			 .meta = "N,...", .flags = KBV, .owners = RW | DN,
			 .help = "threads (default 1, 2, 4 .. the CPUs; "
				 "dining: its philosophers)" },
	[PO_READ_FRACTION] = { .name = "read-fraction", .kind = CT_K_FRACTION,
			       .field = "read_fraction", .flags = KBV,
			       .owners = RW,
			       .help = "share of operations that read "
				       "(default 0.9)" },
	[PO_READ_CS] = { .name = "read-cs", .kind = CT_K_NS,
			 .field = "read_cs_ns", .flags = KBV, .owners = RW,
			 .help = "work while reading (default 500)" },
	[PO_WRITE_CS] = { .name = "write-cs", .kind = CT_K_NS,
			  .field = "write_cs_ns", .flags = KBV, .owners = RW,
			  .help = "work while writing (default 500)" },
	[PO_THINK] = { .name = "think", .kind = CT_K_NS, .field = "think_ns",
		       .flags = KBV, .owners = RW | DN,
		       .help = "work between operations (default 200; "
			       "dining 1000)" },
	[PO_PHILOSOPHERS] = { .name = "philosophers", .kind = CT_K_COUNTS,
			      .min = 2, .max = CT_PROB_MAX_THREADS,
			      .field = "philosophers", .meta = "N,...",
			      .flags = KBV, .owners = DN,
			      .help = "philosophers at the table (default 5)" },
	[PO_EAT] = { .name = "eat", .kind = CT_K_NS, .field = "eat_ns",
		     .flags = KBV, .owners = DN,
		     .help = "work while eating (default 1000)" },
	[PO_GAP] = { .name = "gap", .kind = CT_K_NS, .field = "gap_ns",
		     .flags = KBV, .owners = DN,
		     .help = "work between picking up the two forks" },
	[PO_ITEMS] = { .name = "items", .kind = CT_K_COUNT, .min = 1,
		       .max = 1ull << 32, .flags = CT_OPT_VALIDATE,
		       .owners = BB, .help = "items per producer (default 1e5)" },
	[PO_OPS] = { .name = "ops", .kind = CT_K_COUNT, .min = 1,
		     .max = 1ull << 32, .flags = CT_OPT_VALIDATE, .owners = RW,
		     .help = "operations per thread (default 1e5)" },
	[PO_MEALS] = { .name = "meals", .kind = CT_K_COUNT, .min = 1,
		       .max = 1ull << 32, .flags = CT_OPT_VALIDATE,
		       .owners = DN,
		       .help = "meals per philosopher (default 1e4)" },
	{ .name = "timeout", .kind = CT_K_SECONDS, .flags = CT_OPT_VALIDATE,
	  .role = CT_R_TIMEOUT, .help = "per run (default 120s)" },
	CT_ROWS_DURATION("measured time per point (default 1s)",
			 "unmeasured time before it (default 200ms)"),
	CT_ROWS_MEASURING_END,
};

bool ct_problem_takes(const struct ct_problem_desc *p, const char *opt)
{
	const struct ct_opt *o = ct_opt_find(ct_problem_opts, opt,
					     CT_OPT_BENCH);
	return o && (!o->owners || (o->owners & ct_problem_bit(p)));
}

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
		for (const struct ct_opt *k = sec->fam->keys;
		     k->name && n < 31; k++)
			if (ct_is_key(k) && ct_problem_takes(p, k->name))
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

const struct ct_family ct_family_problem = {
	.name = "problem", .built = true, .keys = ct_problem_opts,
	.names = problem_all_variants, .config = problem_config,
	.metrics = problem_metrics, .x = "threads",
	.section_names = problem_variants, .check = problem_check,
	.facet = "problem",
};
