/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * `contend problem`: every configuration x repetition (repetitions
 * interleaved, so drift hits every configuration alike), one record per
 * run, then one summary row per configuration: the median over
 * repetitions, the worst for maxima and the check, "k/n" deadlocks.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/core/fingerprint.h"
#include "problem.h"
#include "harness/core/driver.h"
#include "probrun.h"
#include "harness/core/stats.h"

/* One run, its record complete (or marked failed). 0, or 1 if it could
 * not run or was unsound. */
static int pb_one(const struct ct_probbench_cfg *c, const struct ct_prob_cfg *pc,
		  unsigned rep, const int *cpus, const int *numa,
		  struct ct_rec *rec, struct ct_output *out)
{
	unsigned n = c->p->nthreads(pc);
	struct ct_prob_verdict v;
	ct_rec_reset(rec);
	ct_prob_put_config(rec, pc, cpus, n);
	ct_rec_str(rec, "placement", "%s", c->placement.text);
	ct_rec_int(rec, "rep", rep);
	if (c->p->run(pc, cpus, numa, rec, &v)) {
		fprintf(stderr, "contend: %s %s: %s\n", c->p->name,
			pc->algo->name, v.why);
		ct_rec_str(rec, "check", "FAIL");
		return 1;
	}
	ct_prob_put_verdict(rec, &v);
	if (out->data)
		ct_sink_write(out->data, rec);
	if (!v.ok)
		fprintf(stderr, "contend: %s %s, %u threads, rep %u: %s\n",
			c->p->name, pc->algo->name, n, rep, v.why);
	return !v.ok;
}

/* ---- the summary row ------------------------------------------------------- */

/* How many repetitions have key == value. */
static unsigned pb_count(const struct ct_rec *recs, unsigned reps,
			 const char *key, const char *value)
{
	unsigned k = 0;
	for (unsigned i = 0; i < reps; i++) {
		const struct ct_field *f = ct_rec_get(&recs[i], key);
		k += f && f->type == CT_V_STR && !strcmp(f->s, value);
	}
	return k;
}

static bool pb_ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && !strcmp(s + n - m, suffix);
}

/* One column of the summary row from the repetitions. */
static void pb_reduce(struct ct_rec *row, const struct ct_rec *recs,
		      unsigned reps, const char *key)
{
	double v[1000];
	struct ct_summary s;
	if (!strcmp(key, "check")) {
		ct_rec_str(row, key, pb_count(recs, reps, key, "ok") == reps ?
					     "ok" : "FAIL");
	} else if (!strcmp(key, "deadlocks")) {
		ct_rec_str(row, key, "%u/%u",
			   pb_count(recs, reps, "end", "deadlock"), reps);
	} else if (!strcmp(key, "throughput_spread")) {
		unsigned k = ct_recs_values(recs, reps, "throughput_ops", v);
		ct_summarize(v, k, &s);
		ct_rec_num(row, key, k > 1 ? 100 * s.rel_spread : NAN);
	} else if (ct_rec_get(&recs[0], key) &&
		   ct_rec_get(&recs[0], key)->type == CT_V_STR) {
		ct_rec_str(row, key, "%s", ct_rec_get(&recs[0], key)->s);
	} else {
		unsigned k = ct_recs_values(recs, reps, key, v);
		ct_summarize(v, k, &s);
		ct_rec_num(row, key, !k ? NAN :
			   pb_ends_with(key, "_max_ns") ? s.max : s.median);
	}
}

static void pb_summary(const struct ct_probbench_cfg *c,
		       const struct ct_rec *recs, struct ct_sink *table)
{
	struct ct_rec row;
	ct_rec_reset(&row);
	for (const struct ct_col *col = c->p->table; col->key; col++)
		pb_reduce(&row, recs, c->reps, col->key);
	ct_sink_write(table, &row);
}

/* ---- the driver -------------------------------------------------------------- */

/* The driver's callbacks (core/driver.h): a group is one configuration. */
struct pb_drive {
	const struct ct_probbench_cfg *c;
	const int *cpus, *numa;
	struct ct_rec *recs; /* recs[run * reps + rep] */
	struct ct_output *out;
};

static int pb_point(void *ctx, unsigned g, unsigned m, unsigned rep)
{
	struct pb_drive *d = ctx;
	(void)m;
	return pb_one(d->c, &d->c->runs[g], rep, d->cpus, d->numa,
		      &d->recs[g * d->c->reps + rep], d->out);
}

static void pb_describe(void *ctx, unsigned g, unsigned m, char *buf,
			size_t len)
{
	const struct pb_drive *d = ctx;
	const struct ct_prob_cfg *pc = &d->c->runs[g];
	(void)m;
	snprintf(buf, len, "%s threads=%u", pc->algo->name,
		 d->c->p->nthreads(pc));
}

/* Thread i gets the same CPU in every configuration (a prefix). */
static int pb_place(const struct ct_probbench_cfg *c, const struct ct_topo *t,
		    int **cpus, int **numa)
{
	unsigned maxn = 1;
	char err[512];
	for (unsigned k = 0; k < c->nruns; k++)
		if (c->p->nthreads(&c->runs[k]) > maxn)
			maxn = c->p->nthreads(&c->runs[k]);
	*cpus = calloc(maxn, sizeof(int));
	*numa = calloc(maxn, sizeof(int));
	if (ct_placement_resolve(t, &c->placement, maxn, *cpus, err,
				 sizeof(err))) {
		fprintf(stderr, "contend: %s\n", err);
		return -1;
	}
	for (unsigned i = 0; i < maxn; i++)
		(*numa)[i] = ct_topo_numa_of(t, (*cpus)[i]);
	return 0;
}

int ct_probbench_run(const struct ct_probbench_cfg *c, const struct ct_topo *t,
		     struct ct_rec *fp, struct ct_output *out)
{
	int *cpus, *numa, failed = 0;
	/* recs[run * reps + rep] */
	struct ct_rec *recs = calloc((size_t)c->nruns * c->reps, sizeof(*recs));
	if (!recs)
		fprintf(stderr, "contend: out of memory for %u x %u records\n",
			c->nruns, c->reps);
	if (!recs || pb_place(c, t, &cpus, &numa)) {
		free(recs);
		return 1;
	}
	ct_fingerprint_write(fp, out, 0);
	struct pb_drive d = { c, cpus, numa, recs, out };
	const struct ct_drive drive = {
		.reps = c->reps, .groups = c->nruns, .members = 1,
		.run_point = pb_point, .describe = pb_describe,
		.progress = c->progress,
		.point_s = c->runs[0].duration_s + c->runs[0].warmup_s,
	};
	failed = ct_drive_run(&drive, &d) != 0;
	for (unsigned r = 0; out->table && r < c->nruns; r++)
		pb_summary(c, &recs[r * c->reps], out->table);
	free(recs), free(cpus), free(numa);
	return failed;
}
