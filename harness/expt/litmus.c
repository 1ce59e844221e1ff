/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The litmus runner: two pinned threads per variant, the outcome
 * histogram, verdicts against what the variant's C11 code allows, records.
 */
#include "litmus.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "experiments.h"
#include "litmus_impl.h"
#include "harness/core/driver.h"
#include "harness/core/mem.h"
#include "harness/core/timing.h"

const char *const ct_lt_test_names[] = { "sb", "peterson", "milk", NULL };

const char *const *ct_lt_test_list(bool with_hidden)
{
	(void)with_hidden;
	return ct_lt_test_names;
}

void ct_lt_defaults(struct ct_lt_cfg *c)
{
	memset(c, 0, sizeof(*c));
	for (unsigned i = 0; i < ct_lt_nvariants && i < CT_LT_MAX_VARIANTS; i++)
		c->run[c->nrun++] = &ct_lt_variants[i];
	c->trials = 1000000;
	c->placement.kind = CT_PLACE_COMPACT;
	snprintf(c->placement.text, sizeof(c->placement.text), "compact");
	c->lock = "mcs";
}

const struct ct_lt_variant *ct_lt_find(enum ct_lt_test t, const char *name)
{
	for (unsigned i = 0; i < ct_lt_nvariants; i++)
		if (ct_lt_variants[i].test == t &&
		    !strcmp(ct_lt_variants[i].name, name))
			return &ct_lt_variants[i];
	return NULL;
}

/* ---- worker side ------------------------------------------------------ */

void lt_thread_begin(struct lt_run *r, unsigned me)
{
	struct lt_thread *t = &r->th[me];
	if (r->counters)
		ct_counters_open(&t->ctr, r->counters, CT_CTR_THREAD);
	ct_team_wait_start(&r->team);
	if (r->counters)
		ct_counters_start(&t->ctr);
	t->t0 = ct_now();
}

void lt_thread_end(struct lt_run *r, unsigned me)
{
	struct lt_thread *t = &r->th[me];
	t->t1 = ct_now();
	if (r->counters)
		ct_counters_stop(&t->ctr);
}

/* Thread 0, between barriers: both threads' bytes of this batch. */
void lt_tally(struct lt_run *r, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		r->outcome[(r->th[0].res[i] & 1) * 2 + (r->th[1].res[i] & 1)]++;
}

/* ---- controller side --------------------------------------------------- */

static int lt_lock_setup(struct lt_run *r, const struct ct_lt_cfg *c,
			 const int numa[2], char *err, size_t len)
{
	struct ct_lock_cfg lcfg = CT_LOCK_CFG_DEFAULT;
	r->ops = ct_lock_ops_find(c->lock);
	if (!r->ops) {
		snprintf(err, len, "unknown lock '%s'", c->lock);
		return -1;
	}
	lcfg.max_threads = 2;
	lcfg.wait.policy = CT_WAIT_YIELD; /* two threads may share a CPU */
	r->lock = ct_mem_alloc(ct_pad_size(r->ops->lock_size), numa[0]);
	if (!r->lock || r->ops->init(r->lock, &lcfg)) {
		snprintf(err, len, "%s: cannot set up the lock", c->lock);
		ct_mem_free(r->lock, ct_pad_size(r->ops->lock_size));
		r->ops = NULL;
		return -1;
	}
	for (unsigned i = 0; i < 2; i++) {
		r->ctx[i] = ct_mem_alloc(ct_pad_size(r->ops->ctx_size), numa[i]);
		if (!r->ctx[i]) {
			snprintf(err, len, "out of memory");
			return -1;
		}
		r->ops->ctx_init(r->lock, r->ctx[i], i);
	}
	return 0;
}

static void lt_free(struct lt_run *r)
{
	for (unsigned i = 0; i < 2; i++) {
		if (r->counters)
			ct_counters_close(&r->th[i].ctr);
		if (r->ops)
			ct_mem_free(r->ctx[i], ct_pad_size(r->ops->ctx_size));
	}
	if (r->ops) {
		r->ops->destroy(r->lock);
		ct_mem_free(r->lock, ct_pad_size(r->ops->lock_size));
	}
	ct_mem_free(r, sizeof(*r));
}

/* A fresh run state on the first thread's node. NULL: out of memory. */
static struct lt_run *lt_new(const struct ct_lt_cfg *c, uint64_t trials,
			     const int numa[2])
{
	struct lt_run *r = ct_mem_alloc(sizeof(*r), numa[0]);
	if (r) {
		r->trials = trials;
		r->counters = c->counters;
	}
	return r;
}

/* Run fn on n threads; on a timeout the workers still use r: exit. */
static int lt_team(struct lt_run *r, unsigned n, const int *cpus,
		   const int *numa, ct_worker_fn fn, char *err, size_t len)
{
	int rc = ct_team_run(&r->team, n, cpus, numa, fn, r, 0, 0, 600, err,
			     len);
	if (rc && atomic_load(&r->team.done) < n) {
		fprintf(stderr, "contend: litmus: %s\n", err);
		exit(1);
	}
	return rc;
}

/* Peterson alone on cpus[0]: ns per entry, best of 5 runs. */
static double lt_solo(const struct ct_lt_cfg *c, ct_worker_fn fn,
		      const int *cpus, const int *numa)
{
	double best = NAN;
	char err[256];
	uint64_t n = c->trials < 2000000 ? c->trials : 2000000;
	for (unsigned i = 0; i < 5; i++) {
		struct lt_run *r = lt_new(c, n, numa);
		if (!r)
			return NAN;
		r->counters = 0;
		if (!lt_team(r, 1, cpus, numa, fn, err, sizeof(err))) {
			double ns = ct_ticks_to_ns((double)(r->th[0].t1 -
							    r->th[0].t0)) / (double)n;
			best = isnan(best) || ns < best ? ns : best;
		}
		lt_free(r);
	}
	return best;
}

static void lt_collect(const struct ct_lt_variant *v, const struct lt_run *r,
		       struct ct_lt_result *res)
{
	memcpy(res->outcome, r->outcome, sizeof(res->outcome));
	res->trials = v->test == CT_LT_PETERSON ? 2 * r->trials : r->trials;
	res->ns_per_trial = ct_ticks_to_ns((double)(r->th[0].t1 - r->th[0].t0)) /
			    (double)res->trials;
	ct_counters_zero(&res->ctr, r->counters);
	for (unsigned i = 0; r->counters && i < 2; i++)
		ct_counters_add(&res->ctr, &r->th[i].ctr);
	switch (v->test) {
	case CT_LT_SB:
		res->weak = r->outcome[0];
		res->aux = 0;
		break;
	case CT_LT_MILK:
		res->weak = r->outcome[3];
		res->aux = r->outcome[0];
		break;
	default: /* peterson: entries that found the other inside */
		res->weak = r->outcome[1] + r->outcome[2] + 2 * r->outcome[3];
		res->aux = res->trials - atomic_load_explicit(&r->count.v,
							      memory_order_relaxed);
	}
}

int ct_lt_run_variant(const struct ct_lt_cfg *c, const struct ct_lt_variant *v,
		      const int cpus[2], const int numa[2],
		      struct ct_lt_result *res, char *err, size_t errlen)
{
	/* peterson: trials counts entries, two per round */
	uint64_t n = v->test == CT_LT_PETERSON ? (c->trials + 1) / 2 : c->trials;
	struct lt_run *r = lt_new(c, n, numa);
	memset(res, 0, sizeof(*res));
	res->solo_ns = res->solo_base_ns = NAN;
	if (!r) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	ct_timer_calibrate();
	bool locked = v->test == CT_LT_MILK && !strcmp(v->name, "lock");
	int rc = locked ? lt_lock_setup(r, c, numa, err, errlen) : 0;
	if (!rc)
		rc = lt_team(r, 2, cpus, numa, v->worker, err, errlen);
	if (!rc)
		lt_collect(v, r, res);
	lt_free(r);
	if (!rc && v->solo) {
		res->solo_ns = lt_solo(c, v->solo, cpus, numa);
		res->solo_base_ns =
			lt_solo(c, ct_lt_find(CT_LT_PETERSON, "nofence")->solo,
				cpus, numa);
	}
	return rc;
}

bool ct_lt_violated(const struct ct_lt_variant *v,
		    const struct ct_lt_result *res)
{
	return (v->weak_forbidden && res->weak) ||
	       (v->aux && v->aux_forbidden && res->aux);
}

/* ---- records ------------------------------------------------------- */

static const char *lt_verdict(const struct ct_lt_variant *v,
			      const struct ct_lt_result *res)
{
	if (ct_lt_violated(v, res))
		return "VIOLATED";
	if (v->weak_forbidden)
		return "ok";
	return res->weak ? "seen" : "not seen";
}

static double per_million(uint64_t n, uint64_t trials)
{
	return trials ? 1e6 * (double)n / (double)trials : NAN;
}

static void lt_record(const struct ct_lt_cfg *c, const struct ct_lt_variant *v,
		      const int cpus[2], const struct ct_lt_result *res,
		      struct ct_rec *rec)
{
	static const char *const out_keys[4] = { "out_00", "out_01", "out_10",
						 "out_11" };
	char text[64];
	ct_rec_str(rec, "family", "litmus");
	ct_rec_str(rec, "test", "%s", ct_lt_test_names[v->test]);
	ct_rec_str(rec, "variant", "%s", v->name);
	ct_rec_str(rec, "code", "%s", v->code);
	ct_rec_str(rec, "placement", "%s", c->placement.text);
	ct_expt_cpus_text(text, sizeof(text), cpus, 2);
	ct_rec_str(rec, "cpus", "%s", text);
	if (v->test == CT_LT_MILK && !strcmp(v->name, "lock"))
		ct_rec_str(rec, "lock", "%s", c->lock);
	else
		ct_rec_na(rec, "lock");
	ct_rec_int(rec, "trials", (long long)res->trials);
	for (unsigned i = 0; i < 4; i++)
		ct_rec_int(rec, out_keys[i], (long long)res->outcome[i]);
	ct_rec_str(rec, "weak_outcome", "%s", v->weak);
	ct_rec_int(rec, "weak", (long long)res->weak);
	ct_rec_num(rec, "weak_per_million", per_million(res->weak, res->trials));
	ct_rec_str(rec, "expect", v->weak_forbidden ? "forbidden" : "allowed");
	ct_rec_str(rec, "verdict", "%s", lt_verdict(v, res));
	if (v->aux) {
		ct_rec_str(rec, "aux_outcome", "%s", v->aux);
		ct_rec_int(rec, "aux", (long long)res->aux);
		ct_rec_num(rec, "aux_per_million",
			   per_million(res->aux, res->trials));
		ct_rec_str(rec, "aux_expect",
			   v->aux_forbidden ? "forbidden" : "allowed");
	} else {
		ct_rec_na(rec, "aux_outcome");
		ct_rec_na(rec, "aux");
		ct_rec_na(rec, "aux_per_million");
		ct_rec_na(rec, "aux_expect");
	}
	ct_rec_num(rec, "ns_per_trial", res->ns_per_trial);
	ct_rec_num(rec, "solo_ns", res->solo_ns);
	ct_rec_num(rec, "fence_cost_ns", res->solo_ns - res->solo_base_ns);
	if (c->counters)
		ct_counters_record(rec, &res->ctr, (double)res->trials);
}

const struct ct_col ct_lt_table[] = {
	{ "test", "test", 9, "%s" },
	{ "variant", "variant", 11, "%s" },
	{ "trials", "trials", 9, NULL },
	{ "weak_outcome", "outcome", 12, "%s" },
	{ "weak", "count", 8, NULL },
	{ "weak_per_million", "per_M", 10, "%.1f" },
	{ "expect", "C11", 10, "%s" },
	{ "verdict", "verdict", 9, "%s" },
	{ "aux_outcome", "other", 12, "%s" },
	{ "aux_per_million", "other/M", 11, "%.1f" },
	{ "ns_per_trial", "ns/trial", 10, "%.1f" },
	{ "solo_ns", "solo_ns", 8, "%.1f" },
	{ "fence_cost_ns", "fence_ns", 9, "%.1f" },
	{ NULL, NULL, 0, NULL },
};

/* The driver's callbacks (core/driver.h): a group is one variant. */
struct lt_drive {
	const struct ct_lt_cfg *c;
	const int *cpus, *numa;
	struct ct_output *out;
};

static int lt_point(void *ctx, unsigned g, unsigned m, unsigned rep)
{
	const struct lt_drive *d = ctx;
	const struct ct_lt_variant *v = d->c->run[g];
	struct ct_lt_result res;
	struct ct_rec rec;
	char err[512];
	(void)m, (void)rep;
	if (ct_lt_run_variant(d->c, v, d->cpus, d->numa, &res, err,
			      sizeof(err))) {
		fprintf(stderr, "\ncontend: litmus %s %s: %s\n",
			ct_lt_test_names[v->test], v->name, err);
		return 1;
	}
	ct_rec_reset(&rec);
	lt_record(d->c, v, d->cpus, &res, &rec);
	if (d->out->data)
		ct_sink_write(d->out->data, &rec);
	if (d->out->table) {
		if (d->c->progress)
			fputs("\r\033[K", stderr);
		ct_sink_write(d->out->table, &rec);
	}
	return ct_lt_violated(v, &res);
}

static void lt_describe(void *ctx, unsigned g, unsigned m, char *buf,
			size_t len)
{
	const struct lt_drive *d = ctx;
	(void)m;
	snprintf(buf, len, "%s %s", ct_lt_test_names[d->c->run[g]->test],
		 d->c->run[g]->name);
}

int ct_lt_run(const struct ct_lt_cfg *c, const struct ct_topo *t,
	      struct ct_rec *fp, struct ct_output *out)
{
	int cpus[2], numa[2], failed = 0;
	char err[512];
	ct_timer_calibrate();
	if (ct_placement_resolve(t, &c->placement, 2, cpus, err, sizeof(err))) {
		fprintf(stderr, "contend: %s\n", err);
		return 1;
	}
	for (unsigned i = 0; i < 2; i++)
		numa[i] = ct_topo_numa_of(t, cpus[i]);
	if (cpus[0] == cpus[1])
		fprintf(stderr, "contend: litmus: both threads on CPU %d: they "
				"take turns, so no weak outcome can show\n",
			cpus[0]);
	ct_expt_headers(fp, out, cpus, 2, c->counters);
	struct lt_drive d = { c, cpus, numa, out };
	const struct ct_drive drive = { /* no repetitions: its length is trials */
		.reps = 1, .groups = c->nrun, .members = 1,
		.run_point = lt_point, .describe = lt_describe,
		.progress = c->progress,
	};
	failed = ct_drive_run(&drive, &d) != 0;
	return failed;
}
