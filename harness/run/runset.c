/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * runset.c - `contend run`'s driver (see runset.h).
 *
 * The figure of a run is the program's own metric (--metric) or, without
 * one, its wall time. Each lock is compared with the reference lock
 * (pthread-mutex when it is in the list, else the first) by paired ratios:
 * repetition r of the lock against repetition r of the reference, which ran
 * next to it. A speedup above 1 is better whichever way the figure points.
 * The interval is the distribution-free 95% interval of the median ratio
 * from 6 repetitions on (ct_median_ci); below that, the range of the ratios.
 */
#include "runset.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apprun.h"
#include "harness/core/driver.h"
#include "harness/core/stats.h"
#include "locks/preloadable.h"

const struct ct_col ct_runset_columns[] = {
	{ "lock", "lock", 14, "%s" },
	{ "runs_ok", "ok", 6, "%s" },
	{ "status", "status", 13, "%s" },
	{ "wall_s", "wall s", 8, "%.3f" },
	{ "metric", "metric", 11, "%.5g" },
	{ "speedup", "speedup", 8, "%.3f" },
	{ "speedup_lo", "lo", 7, "%.3f" },
	{ "speedup_hi", "hi", 7, "%.3f" },
	{ "acquisitions", "acquires", 10, "%.0f" },
	{ "contended_share", "contended", 10, "%.3f" },
	{ "distinct_mutexes", "mutexes", 9, "%.0f" },
	{ "wait_ns_p99", "wait p99ns", 11, "%.0f" },
	{ "cond_waits", "cv waits", 9, "%.0f" },
	{ NULL, NULL, 0, NULL },
};

static double ct_runset_figure(const struct ct_runset_cfg *c,
			       const struct ct_app_result *r)
{
	if (r->status != CT_APP_OK)
		return NAN;
	return c->metric ? r->metric : r->wall_s;
}

/* The figure turned so that higher is better: 1/x for a time. What the
 * plots divide by pthread-mutex's (a speedup) whichever way it points. */
static double ct_runset_speed(const struct ct_runset_cfg *c,
			      const struct ct_app_result *r)
{
	double x = ct_runset_figure(c, r);
	return c->lower_better ? 1 / x : x;
}

static void ct_runset_common(struct ct_rec *rec, const struct ct_runset_cfg *c,
			     const char *lock)
{
	ct_rec_str(rec, "family", "run");
	ct_rec_str(rec, "program", "%s", c->label);
	ct_rec_str(rec, "lock", "%s", lock);
	ct_rec_str(rec, "wait", "%s", c->wait);
	ct_rec_str(rec, "placement", "%s", c->placement ? c->placement : "inherit");
	ct_rec_int(rec, "ncpus", c->ncpus);
	if (c->metric_src)
		ct_rec_str(rec, "metric_regex", "%s", c->metric_src);
	else
		ct_rec_na(rec, "metric_regex");
	ct_rec_str(rec, "metric_better", c->lower_better ? "lower" : "higher");
}

static void ct_runset_stats(struct ct_rec *rec, const struct ct_app_result *r,
			    bool interposed)
{
	const struct ct_app_stats *s = &r->st;

	if (!interposed || !s->lines) {
		static const char *const keys[] = {
			"acquisitions", "contended_share", "distinct_mutexes",
			"fallback_mutexes", "fallback_ops", "cond_waits",
			"threads_seen", "wait_ns_p50", "wait_ns_p99",
			"hold_ns_p50", "hold_ns_p99", NULL
		};
		for (const char *const *k = keys; *k; k++)
			ct_rec_na(rec, *k);
		return;
	}
	ct_rec_int(rec, "acquisitions", (long long)s->acquisitions);
	ct_rec_num(rec, "contended_share",
		   s->acquisitions ? (double)s->contended / (double)s->acquisitions
				   : NAN);
	if (s->distinct_known)
		ct_rec_int(rec, "distinct_mutexes", (long long)s->distinct_mutexes);
	else
		ct_rec_na(rec, "distinct_mutexes");
	ct_rec_int(rec, "fallback_mutexes", (long long)s->fallback_mutexes);
	ct_rec_int(rec, "fallback_ops", (long long)s->fallback_ops);
	ct_rec_int(rec, "cond_waits", (long long)s->cond_waits);
	ct_rec_int(rec, "threads_seen", (long long)s->threads);
	/* percentiles of a process that sampled nothing are not zeros */
	if (s->samples) {
		ct_rec_int(rec, "wait_ns_p50", (long long)s->wait_ns_p50);
		ct_rec_int(rec, "wait_ns_p99", (long long)s->wait_ns_p99);
		ct_rec_int(rec, "hold_ns_p50", (long long)s->hold_ns_p50);
		ct_rec_int(rec, "hold_ns_p99", (long long)s->hold_ns_p99);
	} else {
		ct_rec_na(rec, "wait_ns_p50");
		ct_rec_na(rec, "wait_ns_p99");
		ct_rec_na(rec, "hold_ns_p50");
		ct_rec_na(rec, "hold_ns_p99");
	}
}

static void ct_runset_record(const struct ct_runset_cfg *c, const char *lock,
			     unsigned rep, const struct ct_app_result *r,
			     const struct ct_output *out)
{
	static struct ct_rec rec;

	ct_rec_reset(&rec);
	ct_runset_common(&rec, c, lock);
	ct_rec_int(&rec, "rep", rep);
	if (c->cpus)
		ct_rec_cpus(&rec, c->cpus, c->ncpus);
	ct_rec_str(&rec, "status", "%s", ct_app_status_name(r->status));
	ct_rec_int(&rec, "exit_code", r->code);
	ct_rec_num(&rec, "wall_s", r->status == CT_APP_TIMEOUT ? NAN : r->wall_s);
	ct_rec_num(&rec, "metric", r->metric);
	ct_rec_num(&rec, "speed", ct_runset_speed(c, r));
	ct_runset_stats(&rec, r, strcmp(lock, CT_APP_NONE) != 0);
	ct_rec_str(&rec, "note", "%s", r->note);
	if (out->data)
		ct_sink_write(out->data, &rec);
}

/* The reference lock's index: pthread-mutex if listed, else 0. */
static unsigned ct_runset_ref(const struct ct_runset_cfg *c)
{
	for (unsigned i = 0; i < c->nlocks; i++)
		if (!strcmp(c->locks[i], CT_PRELOAD_PASSTHROUGH))
			return i;
	return 0;
}

/* Median of the finite per-repetition values of field (by offset). */
#define CT_RUNSET_MEDIAN(res, reps, expr)                                     \
	({                                                                    \
		double v_[reps];                                              \
		for (unsigned r_ = 0; r_ < (reps); r_++) {                    \
			const struct ct_app_result *x_ = &(res)[r_];          \
			v_[r_] = x_->status == CT_APP_OK ? (double)(expr)     \
							 : NAN;               \
		}                                                             \
		ct_median_finite(v_, (reps), NULL);                           \
	})

static void ct_runset_summary(const struct ct_runset_cfg *c, unsigned li,
			      const struct ct_app_result *res,
			      const struct ct_app_result *ref,
			      const struct ct_output *out, double *speedup)
{
	static struct ct_rec rec;
	unsigned reps = c->reps, ok = 0;
	const char *worst = "ok";
	double ratio[reps], lo = NAN, hi = NAN;

	for (unsigned r = 0; r < reps; r++) {
		double a = ct_runset_figure(c, &res[r]);
		double b = ct_runset_figure(c, &ref[r]);

		ok += res[r].status == CT_APP_OK;
		if (res[r].status != CT_APP_OK)
			worst = ct_app_status_name(res[r].status);
		ratio[r] = c->lower_better ? b / a : a / b;
	}
	/* fewer than 6: the range of the ratios */
	*speedup = ct_median_ci_or_range(ratio, reps, &lo, &hi, NULL);
	ct_rec_reset(&rec);
	ct_runset_common(&rec, c, c->locks[li]);
	ct_rec_str(&rec, "runs_ok", "%u/%u", ok, reps);
	ct_rec_str(&rec, "status", "%s", worst);
	ct_rec_num(&rec, "wall_s", CT_RUNSET_MEDIAN(res, reps, x_->wall_s));
	ct_rec_num(&rec, "metric", CT_RUNSET_MEDIAN(res, reps, x_->metric));
	ct_rec_num(&rec, "speedup", *speedup);
	ct_rec_num(&rec, "speedup_lo", lo);
	ct_rec_num(&rec, "speedup_hi", hi);
	bool counted = strcmp(c->locks[li], CT_APP_NONE) != 0;
	ct_rec_num(&rec, "acquisitions",
		   counted ? CT_RUNSET_MEDIAN(res, reps,
					      x_->st.lines ? (double)x_->st.acquisitions
							   : NAN)
			   : NAN);
	ct_rec_num(&rec, "contended_share",
		   counted ? CT_RUNSET_MEDIAN(res, reps,
					      x_->st.acquisitions
						      ? (double)x_->st.contended /
								(double)x_->st.acquisitions
						      : NAN)
			   : NAN);
	ct_rec_num(&rec, "distinct_mutexes",
		   counted ? CT_RUNSET_MEDIAN(res, reps,
					      x_->st.distinct_known
						      ? (double)x_->st.distinct_mutexes
						      : NAN)
			   : NAN);
	ct_rec_num(&rec, "wait_ns_p99",
		   counted ? CT_RUNSET_MEDIAN(res, reps,
					      x_->st.samples ? (double)x_->st.wait_ns_p99
							     : NAN)
			   : NAN);
	ct_rec_num(&rec, "cond_waits",
		   counted ? CT_RUNSET_MEDIAN(res, reps,
					      x_->st.lines ? (double)x_->st.cond_waits
							   : NAN)
			   : NAN);
	if (out->table)
		ct_sink_write(out->table, &rec);
}

static void ct_runset_best(const struct ct_runset_cfg *c,
			   const struct ct_app_result *res, const double *speedup)
{
	int best = -1;

	for (unsigned l = 0; l < c->nlocks; l++) {
		bool all_ok = true;

		for (unsigned r = 0; r < c->reps; r++)
			all_ok &= res[l * c->reps + r].status == CT_APP_OK;
		if (all_ok && isfinite(speedup[l]) &&
		    (best < 0 || speedup[l] > speedup[best]))
			best = (int)l;
	}
	if (best >= 0)
		printf("# best lock for %s: %s (%.3fx %s)\n", c->label,
		       c->locks[best], speedup[best],
		       c->locks[ct_runset_ref(c)]);
	else
		printf("# best lock for %s: none ran ok every time\n", c->label);
}

/* What the driver's callbacks share: groups are locks, one member each. */
struct ct_runset_run {
	const struct ct_runset_cfg *c;
	const struct ct_output *out;
	struct ct_app_result *res; /* [lock * reps + rep] */
};

static int ct_runset_point(void *ctx, unsigned lock, unsigned member,
			   unsigned rep)
{
	struct ct_runset_run *run = ctx;
	const struct ct_runset_cfg *c = run->c;
	struct ct_app_point p = { c->locks[lock], c->wait, c->argv, c->cpus,
				  c->ncpus, c->timeout_s, c->preload,
				  c->metric };
	struct ct_app_result *r = &run->res[lock * c->reps + rep];

	(void)member;
	ct_app_run(&p, r);
	if (r->status != CT_APP_OK) /* reported whatever the verbosity */
		fprintf(stderr, "\rrun %u/%u %-14s %-13s %.3fs %s\n", rep + 1,
			c->reps, c->locks[lock], ct_app_status_name(r->status),
			r->wall_s, r->note);
	ct_runset_record(c, c->locks[lock], rep, r, run->out);
	return r->status != CT_APP_OK;
}

static void ct_runset_describe(void *ctx, unsigned lock, unsigned member,
			       char *buf, size_t len)
{
	const struct ct_runset_run *run = ctx;

	(void)member;
	snprintf(buf, len, "%s", run->c->locks[lock]);
}

unsigned ct_runset(const struct ct_runset_cfg *c, const struct ct_rec *fp,
		   const struct ct_output *out)
{
	struct ct_runset_run run = {
		c, out, calloc((size_t)c->nlocks * c->reps, sizeof(*run.res))
	};
	double *speedup = calloc(c->nlocks, sizeof(*speedup));
	unsigned ref = ct_runset_ref(c);
	struct ct_drive d = { .reps = c->reps, .groups = c->nlocks,
			      .members = 1, .run_point = ct_runset_point,
			      .describe = ct_runset_describe,
			      .progress = c->progress, .point_s = 1 };

	if (!run.res || !speedup) {
		fprintf(stderr, "contend run: out of memory\n");
		exit(1);
	}
	if (out->data)
		ct_sink_header(out->data, fp, NULL);
	unsigned bad = ct_drive_run(&d, &run);
	for (unsigned l = 0; l < c->nlocks; l++)
		ct_runset_summary(c, l, &run.res[l * c->reps],
				  &run.res[ref * c->reps], out, &speedup[l]);
	if (out->table)
		ct_runset_best(c, run.res, speedup);
	free(run.res);
	free(speedup);
	return bad;
}
