/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The three problems: names, solutions (from problems/LIST) and what
 * a configuration uses (their knobs: harness/families/problem.c).
 */
#include "problem.h"

#include <string.h>

static const struct ct_prob_algo *bb_algo(unsigned i)
{
	return i < ct_bb_count ? &ct_bb_table[i].a : NULL;
}

static const struct ct_prob_algo *rw_algo(unsigned i)
{
	return i < ct_rw_count ? &ct_rw_table[i].a : NULL;
}

static const struct ct_prob_algo *dining_algo(unsigned i)
{
	return i < ct_dining_count ? &ct_dining_table[i].a : NULL;
}

static unsigned bb_threads(const struct ct_prob_cfg *c)
{
	return c->producers + c->consumers;
}

static unsigned rw_threads(const struct ct_prob_cfg *c)
{
	return c->threads;
}

static unsigned dining_threads(const struct ct_prob_cfg *c)
{
	return c->philosophers;
}

const struct ct_problem_desc ct_problems[CT_PROB_COUNT] = {
	[CT_PROB_BB] = {
		"bounded-buffer",
		bb_algo, ct_prob_bb_table, bb_threads, ct_prob_bb_run,
	},
	[CT_PROB_RW] = {
		"readers-writers",
		rw_algo, ct_prob_rw_table, rw_threads, ct_prob_rw_run,
	},
	[CT_PROB_DINING] = {
		"dining",
		dining_algo, ct_prob_dining_table, dining_threads,
		ct_prob_dining_run,
	},
};

const struct ct_problem_desc *ct_problem_find(const char *name)
{
	for (unsigned i = 0; i < CT_PROB_COUNT; i++)
		if (!strcmp(ct_problems[i].name, name))
			return &ct_problems[i];
	return NULL;
}

const struct ct_prob_algo *ct_problem_algo(const struct ct_problem_desc *p,
					   const char *name)
{
	const struct ct_prob_algo *a;
	for (unsigned i = 0; (a = p->algo(i)); i++)
		if (!strcmp(a->name, name))
			return a;
	return NULL;
}

const char *const *ct_problem_variants(const struct ct_problem_desc *p,
				       bool with_hidden)
{
	static const char *names[CT_PROB_COUNT][2][CT_PROB_MAX_LIST + 1];
	const char **out = names[p - ct_problems][with_hidden];
	const struct ct_prob_algo *a;
	unsigned n = 0;
	for (unsigned i = 0; (a = p->algo(i)) && n < CT_PROB_MAX_LIST; i++)
		if (with_hidden || !(a->flags & CT_PROB_HIDDEN))
			out[n++] = a->name;
	out[n] = NULL;
	return out;
}

bool ct_prob_uses_mutex(const struct ct_prob_cfg *c)
{
	return c->algo->flags & CT_PROB_MUTEX;
}

bool ct_prob_uses_sem(const struct ct_prob_cfg *c)
{
	return (c->algo->flags & CT_PROB_SEM) ||
	       (ct_prob_uses_mutex(c) && !strcmp(c->mutex, "sem"));
}

double ct_prob_default_stall(const struct ct_prob_cfg *c)
{
	uint64_t op = c->produce_ns + c->consume_ns + c->read_cs_ns +
		      c->write_cs_ns + c->eat_ns + c->gap_ns + c->think_ns;
	double s = 50 * (double)op / 1e9;
	return s > 5 ? s : 5;
}

void ct_prob_cfg_defaults(struct ct_prob_cfg *c, unsigned problem,
			  bool validate)
{
	memset(c, 0, sizeof(*c));
	c->problem = problem;
	c->algo = ct_problems[problem].algo(0);
	c->mutex = "sem";
	c->sem_kind = CT_SEM_POSIX;
	c->sem_spin = 100;
	c->lock = CT_LOCK_CFG_DEFAULT;
	c->warmup_s = 0.2;
	c->duration_s = validate ? 0 : 1;
	c->quota = problem == CT_PROB_DINING ? 10000 : 100000;
	c->timeout_s = validate ? 120 : 0;
	c->producers = c->consumers = 1;
	c->size = 16;
	c->payload = 64;
	c->threads = 2;
	c->read_fraction = 0.9;
	c->read_cs_ns = c->write_cs_ns = 500;
	c->philosophers = 5;
	c->eat_ns = 1000;
	c->think_ns = problem == CT_PROB_DINING ? 1000 : 200;
}
