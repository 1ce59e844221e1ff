/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The false-sharing engine: runs each (experiment, threads) group of
 * layouts back to back inside one repetition, so the slowdown of a layout
 * is taken against its reference measured moments apart (noisy
 * neighbours drift slower than that), then writes one record per run and
 * one summary row per (experiment, layout, threads): medians over reps.
 */
#include "falseshare.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "experiments.h"
#include "falseshare_impl.h"
#include "harness/core/driver.h"
#include "harness/core/mem.h"
#include "harness/core/stats.h"
#include "harness/core/timing.h"

const char *const ct_fs_exp_names[] = { "counters", "lockdata", "qnodes",
					"replicated", NULL };

void ct_fs_defaults(struct ct_fs_cfg *c)
{
	memset(c, 0, sizeof(*c));
	for (unsigned e = 0; e < CT_FS_NEXP; e++)
		c->exps[c->nexps++] = (enum ct_fs_exp)e;
	c->threads[0] = 1, c->threads[1] = 2;
	c->nthreads = 2;
	c->placement.kind = CT_PLACE_COMPACT;
	snprintf(c->placement.text, sizeof(c->placement.text), "compact");
	c->duration_s = 0.3;
	c->warmup_s = 0.1;
	c->reps = 3;
	c->lock = "ttas";
	c->data_words = 4;
	c->read_every = 1000;
}

const char *const *ct_fs_exp_list(bool with_hidden)
{
	static const char *names[CT_FS_NEXP + 1];
	char why[256];
	unsigned n = 0;
	(void)with_hidden;
	for (unsigned e = 0; e < CT_FS_NEXP; e++) /* c: only lockdata reads it */
		if (e == CT_FS_LOCKDATA ||
		    ct_fs_exp_supported((enum ct_fs_exp)e, NULL, why, sizeof(why)))
			names[n++] = ct_fs_exp_names[e];
	names[n] = NULL;
	return names;
}

bool ct_fs_exp_supported(enum ct_fs_exp exp, const struct ct_fs_cfg *c,
			 char *why, size_t len)
{
	if (exp == CT_FS_QNODES) {
#ifndef CT_HAVE_CK
		snprintf(why, len, "qnodes needs Concurrency Kit's MCS "
				   "(libck-dev), and this build has none");
		return false;
#endif
	}
	if (exp != CT_FS_LOCKDATA)
		return true;
	const struct ct_lock_ops *ops = ct_lock_ops_find(c->lock);
	if (!ops || !fs_lockdata_worker(c->lock)) {
		snprintf(why, len, "unknown lock '%s'", c->lock);
		return false;
	}
	if (ops->flags & (CT_LOCK_NOEXCL | CT_LOCK_HIDDEN)) {
		snprintf(why, len, "lockdata needs a lock that excludes: '%s' "
				   "does not", c->lock);
		return false;
	}
	if (!fs_lockdata_fits(ops, c->data_words)) {
		/* What would fit: this lock's most words, and the locks that
		 * take this many (worked out, not a remembered list: the
		 * README once suggested ticket with 6 words, which does not
		 * fit). */
		unsigned most = 0;
		while (fs_lockdata_fits(ops, most + 1))
			most++;
		char fit[256] = "";
		size_t used = 0;
		for (const char *const *n = ct_lock_names(false); *n; n++) {
			const struct ct_lock_ops *o = ct_lock_ops_find(*n);
			if (o && !(o->flags & CT_LOCK_NOEXCL) &&
			    fs_lockdata_worker(*n) &&
			    fs_lockdata_fits(o, c->data_words) &&
			    used + strlen(*n) + 3 < sizeof(fit))
				used += (size_t)snprintf(fit + used,
							 sizeof(fit) - used,
							 "%s%s", used ? ", " : "",
							 *n);
		}
		snprintf(why, len, "%s is %zu bytes: with %u data words it "
				   "cannot share a %d-byte line with its data "
				   "(--data-words %u at most for %s; locks that "
				   "fit %u words: %s)",
			 c->lock, ops->lock_size, c->data_words, CT_CACHE_LINE,
			 most, c->lock, c->data_words, used ? fit : "none");
		return false;
	}
	return true;
}

/* ---- worker side ------------------------------------------------------ */

static void fs_thread_free(struct fs_thread *me)
{
	if (!me)
		return;
	if (me->ctr.mask) /* opened: --counters */
		ct_counters_close(&me->ctr);
	ct_mem_free(me->ctx, me->ctx_bytes);
	ct_mem_free(me, sizeof(*me));
}

struct fs_thread *fs_thread_setup(struct ct_worker *w)
{
	struct fs_run *r = w->arg;
	struct fs_thread *me = ct_mem_alloc(sizeof(*me), -1);
	if (me && r->ops) { /* the lock's context, on this thread's node */
		me->ctx_bytes = ct_pad_size(r->ops->ctx_size);
		me->ctx = ct_mem_alloc(me->ctx_bytes, -1);
		if (me->ctx) {
			r->ops->ctx_init(r->lock, me->ctx, w->tid);
		} else {
			fs_thread_free(me);
			me = NULL;
		}
	}
	if (me && r->cfg->counters)
		ct_counters_open(&me->ctr, r->cfg->counters, CT_CTR_THREAD);
	r->th[w->tid] = me; /* published by the team's ready counter */
	return me;
}

void fs_measure_begin(struct fs_thread *me)
{
	me->measuring = true;
	if (me->ctr.mask) /* opened: --counters */
		ct_counters_start(&me->ctr);
}

void fs_measure_end(struct fs_thread *me)
{
	if (me->measuring && me->ctr.mask)
		ct_counters_stop(&me->ctr);
}

/* ---- controller side --------------------------------------------------- */

/* What one run leaves behind, for its record and the summary. */
struct fs_result {
	bool ok;      /* ran */
	double secs;  /* measured window */
	uint64_t ops, reads;
	uint64_t want, got; /* check: operations performed vs state */
	unsigned missed;    /* threads that never saw the measured window */
	size_t spacing;
	unsigned nshards;
	char shard_nodes[128]; /* replicated: each shard's NUMA node */
	struct ct_counters ctr; /* summed over threads */
};

static bool same_kind(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/* kind NULL: the first of any kind. */
static const struct fs_case *fs_find(enum ct_fs_exp exp, const char *kind,
				     const char *layout)
{
	for (unsigned i = 0; i < fs_ncases; i++)
		if (fs_cases[i].exp == exp && !strcmp(fs_cases[i].layout, layout) &&
		    (!kind || same_kind(fs_cases[i].kind, kind)))
			return &fs_cases[i];
	return NULL;
}

/* The reference of fc's experiment and kind. */
static const struct fs_case *fs_reference(const struct fs_case *fc)
{
	for (unsigned i = 0; i < fs_ncases; i++)
		if (fs_cases[i].exp == fc->exp && fs_cases[i].reference &&
		    same_kind(fs_cases[i].kind, fc->kind))
			return &fs_cases[i];
	return NULL;
}

static void fs_release(struct fs_run *r)
{
	for (unsigned i = 0; r->th && i < r->nthreads; i++)
		fs_thread_free(r->th[i]);
	if (r->ops)
		r->ops->destroy(r->lock);
	ct_mem_free(r->mem, r->mem_bytes);
	free(r->shard_of);
	free(r->th);
}

static void fs_collect(const struct fs_run *r, struct fs_result *res)
{
	res->secs = (double)(r->team.measure_end_ns - r->team.measure_start_ns) /
		    1e9;
	ct_counters_zero(&res->ctr, r->cfg->counters);
	for (unsigned i = 0; i < r->nthreads; i++) {
		const struct fs_thread *t = r->th[i];
		res->ops += t->ops;
		res->want += t->all_ops;
		res->reads += t->reads;
		res->missed += !t->measuring;
		if (r->cfg->counters)
			ct_counters_add(&res->ctr, &t->ctr);
	}
	res->got = r->fc->check(r);
	res->spacing = r->spacing;
	res->nshards = r->nshards;
	for (unsigned i = 0, u = 0; r->fc->exp == CT_FS_REPLICATED &&
				    i < r->nshards && u < sizeof(res->shard_nodes); i++)
		u += (unsigned)snprintf(res->shard_nodes + u,
					sizeof(res->shard_nodes) - u, i ? " %d" : "%d",
					ct_mem_node_of(fs_item(r, i)));
	res->ok = true;
}

/* One run of one case on cpus[0..n). 0, or -1 with a message in err. */
static int fs_execute(const struct ct_fs_cfg *c, const struct fs_case *fc,
		      unsigned n, const int *cpus, const int *numa,
		      struct fs_result *res, char *err, size_t len)
{
	struct fs_run r;
	memset(&r, 0, sizeof(r));
	memset(res, 0, sizeof(*res));
	r.cfg = c, r.fc = fc, r.nthreads = n, r.numa = numa;
	r.stride = fc->stride;
	r.cs_ticks = ct_ns_to_ticks((double)c->cs_ns);
	r.th = calloc(n, sizeof(*r.th));
	int rc = r.th ? fc->prepare(&r, err, len) : -1;
	if (!r.th)
		snprintf(err, len, "out of memory");
	if (!rc)
		rc = ct_team_run(&r.team, n, cpus, numa, r.worker, &r,
				 c->warmup_s, c->duration_s, 0, err, len);
	for (unsigned i = 0; !rc && i < n; i++) {
		if (!r.th[i]) {
			snprintf(err, len, "thread %u could not allocate its "
					   "state on CPU %d", i, cpus[i]);
			rc = -1;
		}
	}
	if (!rc)
		fs_collect(&r, res);
	fs_release(&r);
	return rc;
}

static double fs_ns_per_op(const struct fs_result *res, unsigned n)
{
	return res->ops ? 1e9 * res->secs * n / (double)res->ops : NAN;
}

/* The record of one run; ref: its reference run in the same rep, or NULL. */
static void fs_record(const struct ct_fs_cfg *c, const struct fs_case *fc,
		      unsigned n, const int *cpus, unsigned rep,
		      const struct fs_result *res, const struct fs_result *ref,
		      struct ct_rec *rec)
{
	char text[1024];
	double ns = fs_ns_per_op(res, n);
	ct_rec_str(rec, "family", "falseshare");
	ct_rec_str(rec, "exp", "%s", ct_fs_exp_names[fc->exp]);
	ct_rec_str(rec, "layout", "%s", fc->layout);
	if (fc->kind)
		ct_rec_str(rec, "kind", "%s", fc->kind);
	else
		ct_rec_na(rec, "kind");
	ct_rec_str(rec, "reference", "%s", fs_reference(fc)->layout);
	ct_rec_int(rec, "spacing_bytes", (long long)res->spacing);
	ct_rec_int(rec, "threads", n);
	ct_rec_str(rec, "placement", "%s", c->placement.text);
	ct_expt_cpus_text(text, sizeof(text), cpus, n);
	ct_rec_str(rec, "cpus", "%s", text);
	if (fc->exp == CT_FS_LOCKDATA)
		ct_rec_str(rec, "lock", "%s", c->lock);
	else if (fc->exp == CT_FS_QNODES)
		ct_rec_str(rec, "lock", "ck-mcs");
	else
		ct_rec_na(rec, "lock");
	bool locked = fc->exp == CT_FS_LOCKDATA || fc->exp == CT_FS_QNODES;
	if (locked) {
		ct_rec_int(rec, "data_words",
			   fc->exp == CT_FS_LOCKDATA ? c->data_words : 1);
		ct_rec_int(rec, "cs_ns", (long long)c->cs_ns);
	} else {
		ct_rec_na(rec, "data_words");
		ct_rec_na(rec, "cs_ns");
	}
	if (fc->exp == CT_FS_REPLICATED)
		ct_rec_int(rec, "read_every", c->read_every);
	else
		ct_rec_na(rec, "read_every");
	if (fc->exp == CT_FS_REPLICATED) {
		ct_rec_int(rec, "shards", res->nshards);
		ct_rec_str(rec, "shard_nodes", "%s", res->shard_nodes);
	} else {
		ct_rec_na(rec, "shards");
		ct_rec_na(rec, "shard_nodes");
	}
	ct_rec_int(rec, "rep", rep);
	ct_rec_num(rec, "duration_s", res->secs);
	ct_rec_int(rec, "ops", (long long)res->ops);
	/* a vCPU descheduled for the whole window: its thread counted 0 */
	ct_rec_int(rec, "threads_missed", res->missed);
	ct_rec_num(rec, "throughput_ops", res->ops / res->secs);
	ct_rec_num(rec, "ns_per_op", ns);
	ct_rec_num(rec, "slowdown", ref ? ns / fs_ns_per_op(ref, n) : NAN);
	ct_rec_int(rec, "reads", (long long)res->reads);
	if (res->got == res->want)
		ct_rec_str(rec, "check", "ok");
	else
		ct_rec_str(rec, "check", "FAIL: state %llu after %llu operations",
			   (unsigned long long)res->got,
			   (unsigned long long)res->want);
	if (c->counters)
		ct_counters_record(rec, &res->ctr, (double)res->ops);
}

int ct_fs_run_one(const struct ct_fs_cfg *c, enum ct_fs_exp exp,
		  const char *layout, unsigned nthreads, const int *cpus,
		  const int *numa, struct ct_rec *rec)
{
	return ct_fs_run_kind(c, exp, NULL, layout, nthreads, cpus, numa, rec);
}

int ct_fs_run_kind(const struct ct_fs_cfg *c, enum ct_fs_exp exp,
		   const char *kind, const char *layout, unsigned nthreads,
		   const int *cpus, const int *numa, struct ct_rec *rec)
{
	const struct fs_case *fc = fs_find(exp, kind, layout);
	struct fs_result *res = calloc(1, sizeof(*res));
	char err[512];
	int rc = -1;
	ct_timer_calibrate();
	if (!fc || !res)
		snprintf(err, sizeof(err), "no layout '%s'%s%s in %s", layout,
			 kind ? " of kind " : "", kind ? kind : "",
			 ct_fs_exp_names[exp]);
	else
		rc = fs_execute(c, fc, nthreads, cpus, numa, res, err,
				sizeof(err));
	if (rc)
		ct_rec_str(rec, "error", "%s", err);
	else
		fs_record(c, fc, nthreads, cpus, 0, res, NULL, rec);
	rc = rc ? -1 : res->got != res->want;
	free(res);
	return rc;
}

/* ---- the whole matrix ------------------------------------------------- */

enum { P_THR, P_NS, P_SLOW, P_MISS, P_CTXSW, P_N };
struct fs_point {
	double v[P_N];
	bool failed;
};

const struct ct_col ct_fs_table[] = {
	{ "exp", "exp", 11, "%s" },
	{ "layout", "layout", 18, "%s" },
	{ "kind", "kind", 7, "%s" },
	{ "threads", "thr", 4, NULL },
	{ "throughput_mops", "Mops/s", 10, "%.2f" },
	{ "throughput_spread", "+-%", 7, "%.1f" },
	{ "ns_per_op", "ns/op", 10, "%.2f" },
	{ "slowdown", "slowdown", 9, "%.2fx" },
	{ "cache_misses_per_op", "miss/op", 8, "%.3f" },
	{ "ctx_switches", "ctxsw", 6, "%.0f" },
	{ "check", "check", 6, "%s" },
	{ NULL, NULL, 0, NULL },
};

static double fs_median(const struct fs_point *p, unsigned n, unsigned m,
			double *spread)
{
	return ct_median_strided(&p[0].v[m], n, sizeof(*p), spread);
}

static void fs_summary(const struct ct_fs_cfg *c, const struct fs_case *fc,
		       unsigned n, const struct fs_point *p,
		       struct ct_sink *table)
{
	struct ct_rec rec;
	double spread;
	bool failed = false;
	for (unsigned i = 0; i < c->reps; i++)
		failed |= p[i].failed;
	ct_rec_reset(&rec);
	ct_rec_str(&rec, "exp", "%s", ct_fs_exp_names[fc->exp]);
	ct_rec_str(&rec, "layout", "%s", fc->layout);
	if (fc->kind)
		ct_rec_str(&rec, "kind", "%s", fc->kind);
	else
		ct_rec_na(&rec, "kind");
	ct_rec_int(&rec, "threads", n);
	ct_rec_num(&rec, "throughput_mops",
		   fs_median(p, c->reps, P_THR, &spread) / 1e6);
	ct_rec_num(&rec, "throughput_spread", spread);
	ct_rec_num(&rec, "ns_per_op", fs_median(p, c->reps, P_NS, NULL));
	ct_rec_num(&rec, "slowdown", fs_median(p, c->reps, P_SLOW, NULL));
	ct_rec_num(&rec, "cache_misses_per_op",
		   fs_median(p, c->reps, P_MISS, NULL));
	ct_rec_num(&rec, "ctx_switches", fs_median(p, c->reps, P_CTXSW, NULL));
	ct_rec_str(&rec, "check", failed ? "FAIL" : "ok");
	ct_sink_write(table, &rec);
}

/* Points are stored [case][threads index][rep]. */
struct fs_matrix {
	const struct ct_fs_cfg *c;
	const int *cpus, *numa;
	struct ct_output *out;
	struct fs_point *pts;
	const bool *run; /* [experiment index]: supported here */
	int failed;
};

static struct fs_point *fs_pt(struct fs_matrix *m, unsigned ci, unsigned ti,
			      unsigned rep)
{
	return &m->pts[((size_t)ci * m->c->nthreads + ti) * m->c->reps + rep];
}

/* Every layout of one experiment at one thread count, then the records. */
static void fs_group(struct fs_matrix *m, enum ct_fs_exp exp, unsigned ti,
		     unsigned rep)
{
	const struct ct_fs_cfg *c = m->c;
	unsigned n = c->threads[ti];
	struct fs_result *res = calloc(fs_ncases, sizeof(*res));
	char err[512];
	for (unsigned ci = 0; ci < fs_ncases; ci++) {
		if (fs_cases[ci].exp != exp)
			continue;
		if (fs_execute(c, &fs_cases[ci], n, m->cpus, m->numa, &res[ci],
			       err, sizeof(err))) {
			fprintf(stderr, "contend: falseshare %s/%s at %u "
					"threads: %s\n", ct_fs_exp_names[exp],
				fs_cases[ci].layout, n, err);
			res[ci].ok = false;
			m->failed = 1;
		}
	}
	for (unsigned ci = 0; ci < fs_ncases; ci++) {
		struct fs_point *p = fs_pt(m, ci, ti, rep);
		struct ct_rec rec;
		if (fs_cases[ci].exp != exp)
			continue;
		for (unsigned v = 0; v < P_N; v++)
			p->v[v] = NAN;
		if (!res[ci].ok) {
			p->failed = true;
			continue;
		}
		const struct fs_result *ref = &res[fs_reference(&fs_cases[ci]) -
						   fs_cases];
		ct_rec_reset(&rec);
		fs_record(c, &fs_cases[ci], n, m->cpus, rep, &res[ci],
			  ref->ok ? ref : NULL, &rec);
		p->failed = res[ci].got != res[ci].want;
		m->failed |= p->failed;
		p->v[P_THR] = ct_rec_num_of(&rec, "throughput_ops");
		p->v[P_NS] = ct_rec_num_of(&rec, "ns_per_op");
		p->v[P_SLOW] = ct_rec_num_of(&rec, "slowdown");
		p->v[P_MISS] = ct_rec_num_of(&rec, "cache_misses_per_op");
		p->v[P_CTXSW] = ct_rec_num_of(&rec, "ctx_switches");
		if (m->out->data)
			ct_sink_write(m->out->data, &rec);
	}
	free(res);
}

/* The driver's callbacks (core/driver.h): a group is an experiment, a
 * member a thread count; a point runs every layout of it. */
static int fs_point_run(void *ctx, unsigned g, unsigned ti, unsigned rep)
{
	struct fs_matrix *m = ctx;
	int before = m->failed, bad;
	m->failed = 0;
	if (m->run[g])
		fs_group(m, m->c->exps[g], ti, rep);
	bad = m->failed;
	m->failed |= before;
	return bad;
}

static void fs_describe(void *ctx, unsigned g, unsigned ti, char *buf,
			size_t len)
{
	const struct fs_matrix *m = ctx;
	snprintf(buf, len, "%s threads=%u", ct_fs_exp_names[m->c->exps[g]],
		 m->c->threads[ti]);
}

int ct_fs_run(const struct ct_fs_cfg *c, const struct ct_topo *t,
	      struct ct_rec *fp, struct ct_output *out)
{
	unsigned maxn = 0;
	bool run[CT_FS_NEXP];
	char why[512];
	for (unsigned i = 0; i < c->nthreads; i++)
		maxn = c->threads[i] > maxn ? c->threads[i] : maxn;
	int *cpus = calloc(maxn, sizeof(int)), *numa = calloc(maxn, sizeof(int));
	struct fs_matrix m = { c, cpus, numa, out, NULL, run, 0 };
	m.pts = calloc((size_t)fs_ncases * c->nthreads * c->reps,
		       sizeof(*m.pts));
	ct_timer_calibrate();
	if (ct_placement_resolve(t, &c->placement, maxn, cpus, why, sizeof(why))) {
		fprintf(stderr, "contend: %s\n", why);
		free(cpus), free(numa), free(m.pts);
		return 1;
	}
	for (unsigned i = 0; i < maxn; i++)
		numa[i] = ct_topo_numa_of(t, cpus[i]);
	for (unsigned e = 0; e < c->nexps; e++) {
		run[e] = ct_fs_exp_supported(c->exps[e], c, why, sizeof(why));
		if (!run[e])
			fprintf(stderr, "contend: falseshare: skipping %s: %s\n",
				ct_fs_exp_names[c->exps[e]], why);
	}
	ct_expt_headers(fp, out, cpus, maxn, c->counters);
	const struct ct_drive drive = {
		.reps = c->reps, .groups = c->nexps, .members = c->nthreads,
		.run_point = fs_point_run, .describe = fs_describe,
		.progress = c->progress,
		.point_s = 4 * (c->duration_s + c->warmup_s), /* ~4 layouts */
	};
	ct_drive_run(&drive, &m);
	for (unsigned e = 0; out->table && e < c->nexps; e++)
		for (unsigned ti = 0; run[e] && ti < c->nthreads; ti++)
			for (unsigned ci = 0; ci < fs_ncases; ci++)
				if (fs_cases[ci].exp == c->exps[e])
					fs_summary(c, &fs_cases[ci], c->threads[ti],
						   fs_pt(&m, ci, ti, 0), out->table);
	free(cpus), free(numa), free(m.pts);
	return m.failed;
}
