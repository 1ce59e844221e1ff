/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * matrix.c - expand a spec into configurations and a seeded, interleaved
 * run order; build each run's command line.
 */
#include "matrix.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/core/cli.h"

/* splitmix64: small, seedable, good enough to shuffle a run order. */
static uint64_t splitmix64(uint64_t *s)
{
	uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static void config_name(const struct ct_spec *s, struct ct_config *c)
{
	const struct ct_section *sec = &s->sec[c->sec];
	size_t u = (size_t)snprintf(c->name, sizeof(c->name), "%s",
				    sec->fam->name), k = 0;
	c->knobs[0] = 0;
	for (unsigned a = 0; a < sec->naxes; a++) {
		const struct ct_axis *ax = &sec->axis[a];
		const char *v = ax->v[c->idx[a]];
		if (u < sizeof(c->name))
			u += (size_t)snprintf(c->name + u, sizeof(c->name) - u,
					      " %s=%s", ax->key->name, v);
		if (!ax->key->field && k < sizeof(c->knobs))
			k += (size_t)snprintf(c->knobs + k, sizeof(c->knobs) - k,
					      "%s%s=%s", k ? " " : "",
					      ax->key->name, v);
	}
	if (u >= sizeof(c->name) || k >= sizeof(c->knobs))
		ct_usage_error("%s:%u: configuration name too long: %s",
			       s->path, sec->line, c->name);
}

/* Odometer over a section's axes: every combination once. */
static unsigned expand_section(const struct ct_spec *s, unsigned si,
			       struct ct_config *out)
{
	const struct ct_section *sec = &s->sec[si];
	unsigned n = ct_section_configs(sec);
	unsigned char idx[24] = { 0 };
	for (unsigned i = 0; i < n; i++) {
		struct ct_config *c = &out[i];
		c->sec = si;
		c->reps = sec->reps;
		memcpy(c->idx, idx, sizeof(idx));
		config_name(s, c);
		for (int a = (int)sec->naxes - 1; a >= 0; a--) {
			if (++idx[a] < sec->axis[a].n)
				break;
			idx[a] = 0;
		}
	}
	return n;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(((const struct ct_config *)a)->name,
		      ((const struct ct_config *)b)->name);
}

/* Configurations are kept sorted by name (for ct_plan_find). */
static void check_duplicates(const struct ct_plan *p)
{
	for (unsigned i = 1; i < p->ncfg; i++) {
		if (strcmp(p->cfg[i - 1].name, p->cfg[i].name))
			continue;
		const struct ct_section *a = &p->spec->sec[p->cfg[i - 1].sec],
					*b = &p->spec->sec[p->cfg[i].sec];
		ct_usage_error("%s:%u: configuration '%s' is also produced by "
			       "the section on line %u; each may appear once",
			       p->spec->path, b->line > a->line ? b->line : a->line,
			       p->cfg[i].name, b->line > a->line ? a->line : b->line);
	}
}

/* Rounds of repetitions, each round a fresh shuffle. */
static void order_runs(struct ct_plan *p)
{
	uint64_t rng = p->seed;
	p->nruns = 0;
	for (unsigned rep = 0; rep < p->maxreps; rep++) {
		unsigned first = p->nruns;
		for (unsigned c = 0; c < p->ncfg; c++)
			if (rep < p->cfg[c].reps)
				p->runs[p->nruns++] = (struct ct_run){ c, rep };
		for (unsigned i = p->nruns - 1; i > first; i--) {
			unsigned j = first + (unsigned)(splitmix64(&rng) %
							(i - first + 1));
			struct ct_run t = p->runs[i];
			p->runs[i] = p->runs[j];
			p->runs[j] = t;
		}
	}
}

void ct_plan_build(struct ct_plan *p, const struct ct_spec *s, uint64_t seed)
{
	unsigned total = 0, runs = 0;
	memset(p, 0, sizeof(*p));
	p->spec = s;
	p->seed = seed;
	for (unsigned i = 0; i < s->nsec; i++) {
		total += ct_section_configs(&s->sec[i]);
		runs += ct_section_configs(&s->sec[i]) * s->sec[i].reps;
		if (s->sec[i].reps > p->maxreps)
			p->maxreps = s->sec[i].reps;
	}
	p->cfg = calloc(total, sizeof(*p->cfg));
	p->runs = calloc(runs, sizeof(*p->runs));
	for (unsigned i = 0; i < s->nsec; i++)
		p->ncfg += expand_section(s, i, p->cfg + p->ncfg);
	qsort(p->cfg, p->ncfg, sizeof(*p->cfg), cmp_name);
	check_duplicates(p);
	order_runs(p);
}

void ct_plan_free(struct ct_plan *p)
{
	free(p->cfg);
	free(p->runs);
	p->cfg = NULL;
	p->runs = NULL;
}

int ct_plan_find(const struct ct_plan *p, const char *name)
{
	struct ct_config key;
	snprintf(key.name, sizeof(key.name), "%s", name);
	const struct ct_config *c =
		bsearch(&key, p->cfg, p->ncfg, sizeof(*p->cfg), cmp_name);
	return c ? (int)(c - p->cfg) : -1;
}

/* Append s to buf at *used; returns the copy. */
static char *keep(char *buf, size_t len, size_t *used, const char *s)
{
	char *at = buf + *used;
	size_t n = strlen(s) + 1;
	if (*used + n > len)
		ct_usage_error("matrix: command line too long at '%s'", s);
	memcpy(at, s, n);
	*used += n;
	return at;
}

unsigned ct_plan_argv(const struct ct_plan *p, unsigned c, char **argv,
		      unsigned cap, char *buf, size_t len)
{
	const struct ct_config *cf = &p->cfg[c];
	const struct ct_section *sec = &p->spec->sec[cf->sec];
	char opt[96];
	size_t used = 0;
	unsigned n = 0;
	argv[n++] = keep(buf, len, &used, "contend");
	argv[n++] = keep(buf, len, &used, sec->fam->name);
	const char *program = NULL; /* CT_K_PROGRAM: after `--`, last */
	for (unsigned a = 0; a < sec->naxes && n + 2 < cap; a++) {
		const struct ct_opt *k = sec->axis[a].key;
		const char *v = sec->axis[a].v[cf->idx[a]];
		if (k->kind == CT_K_PROGRAM) {
			program = v;
			continue;
		}
		if (k->kind == CT_K_FLAG && strcmp(v, "yes"))
			continue;
		snprintf(opt, sizeof(opt), "--%s", k->name);
		argv[n++] = keep(buf, len, &used, opt);
		if (k->kind != CT_K_FLAG)
			argv[n++] = keep(buf, len, &used, v);
	}
	if (ct_family_takes(sec->fam, CT_R_REPS) && n + 4 < cap) {
		argv[n++] = keep(buf, len, &used, "--reps");
		argv[n++] = keep(buf, len, &used, "1");
		argv[n++] = keep(buf, len, &used, "--quiet");
	}
	if (ct_family_takes(sec->fam, CT_R_DURATION) && n + 5 < cap) {
		snprintf(opt, sizeof(opt), "%.6f", sec->duration_s);
		argv[n++] = keep(buf, len, &used, "--duration");
		argv[n++] = keep(buf, len, &used, opt);
		snprintf(opt, sizeof(opt), "%.6f", sec->warmup_s);
		argv[n++] = keep(buf, len, &used, "--warmup");
		argv[n++] = keep(buf, len, &used, opt);
	}
	if (n + 3 > cap)
		ct_usage_error("matrix: too many options for %s", cf->name);
	argv[n++] = keep(buf, len, &used, "--format");
	argv[n++] = keep(buf, len, &used, "jsonl");
	if (program) { /* its words, split at blanks */
		char *words = keep(buf, len, &used, program);
		if (n + 2 > cap)
			ct_usage_error("matrix: too many options for %s", cf->name);
		argv[n++] = keep(buf, len, &used, "--");
		for (char *w = strtok(words, " \t"); w; w = strtok(NULL, " \t")) {
			if (n + 1 >= cap)
				ct_usage_error("matrix: too many words in the "
					       "program of %s", cf->name);
			argv[n++] = w;
		}
	}
	argv[n] = NULL;
	return n;
}

double ct_plan_run_estimate(const struct ct_plan *p, unsigned c)
{
	const struct ct_section *sec = &p->spec->sec[p->cfg[c].sec];
	return 0.2 + (ct_family_takes(sec->fam, CT_R_DURATION) ? sec->duration_s + sec->warmup_s : 0.3);
}
