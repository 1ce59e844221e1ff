/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * lrpcbench.c - the `contend lrpc` benchmark.
 *
 * One run = one server process (forked fresh) and `clients` pinned client
 * threads in this process calling one procedure in a closed loop for the
 * warm-up and the measured window. The loop alternates segments of up to
 * SEG calls of two kinds (fewer when calls are slow, so that a segment
 * lasts about SEG_NS and both kinds recur within any window):
 *   - timed: every call's round trip is stamped (rdtscp, the back-to-back
 *     cost of a stamp pair subtracted) into the latency histogram;
 *   - untimed: one stamp pair around the whole segment, whose mean per call
 *     goes to the `rtt` histogram. Stamping each call is not free: on the
 *     KVM guests we measure on it added 30-80 ns to a ~80 ns spin-mode
 *     call (RDTSCP waits for the call's last load and stalls the pipeline),
 *     far more than the subtracted back-to-back cost. rtt_ns is therefore
 *     measured exactly like the c2c figure it is compared with (a batch of
 *     round trips over its count), and rtt_c2c is the like-for-like ratio.
 *     With --think there are no untimed segments (the think delay itself
 *     reads the clock): rtt_ns is NA.
 * calls/s counts the closed loop, payload preparation and checking
 * included. CPU per call: the client threads' CPU time and the server
 * process's rusage, each over all calls of the run (warm-up included), so
 * a spinning server's idle burn counts. Every 16th call of the timed
 * segments has its result checked in full against the procedure's
 * contract.
 *
 * Repetitions are interleaved (rep outermost). Every run probes the c2c
 * round trip of the client/server CPU pair just before it (c2c_ns, a
 * diagnostic: a host that moves vCPUs moves it); the ratios divide by the
 * invocation's reference (c2c_ref, see c2cref.h), as every family's do.
 */
#include <errno.h>
#include <math.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lrpc/procs.h"
#include "harness/core/c2c.h"
#include "harness/core/c2cref.h"
#include "harness/core/driver.h"
#include "harness/core/fingerprint.h"
#include "harness/core/hist.h"
#include "lrpcbench.h"
#include "lrpcpeer.h"
#include "harness/core/stats.h"
#include "harness/core/team.h"
#include "harness/core/timing.h"

#define VERIFY_EVERY 16
#define SEG 32       /* most calls per segment */
#define SEG_NS 20000 /* fewer calls when that many take longer than this */

void ct_lrpcbench_defaults(struct ct_lrpcbench_cfg *c)
{
	memset(c, 0, sizeof(*c));
	for (const char *const *m = ct_lrpc_all_modes; *m; m++)
		c->modes[c->nmodes++] = *m;
	c->procs[c->nprocs++] = "null";
	c->bytes[c->nbytes++] = 200; /* the paper's BigIn/BigInOut */
	c->clients = c->server_threads = 1;
	c->warmup_s = 0.1;
	c->duration_s = 0.5;
	c->spin_window_ns = 20000;
	c->bind_samples = 10;
	c->reps = 3;
	ct_placement_parse("compact", &c->placement, NULL, 0);
}

/* ---- one client thread ------------------------------------------------------- */

struct lr_thread {
	struct ct_hist hist;     /* per-call round trips, timed segments */
	struct ct_hist rtt;      /* per-call means of untimed segments */
	uint64_t measured, total, bad;
	int failure;             /* first failed call's status, 0 if none */
	double cpu_s;
	struct ct_lrpc_call_stats st;
} ct_aligned(CT_PAD);

struct lr_run {
	struct ct_lrpc_peer *peer;
	unsigned proc;
	size_t len;
	uint64_t think_ticks;
	struct lr_thread *th;
};

static double thread_cpu_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Arguments of call n: for add two numbers, for the big procedures a
 * payload whose first word changes every call. */
static void prepare(const struct lr_run *r, uint8_t *args, uint64_t n)
{
	if (r->proc == CT_LRPC_PROC_ADD) {
		int32_t ab[2] = { (int32_t)n, 7 };
		memcpy(args, ab, sizeof(ab));
	} else if (r->len >= sizeof(n)) {
		memcpy(args, &n, sizeof(n));
	}
}

/* Does the result honour the procedure's contract? */
static bool check(const struct lr_run *r, const uint8_t *args, size_t len,
		  const uint8_t *res, size_t rlen)
{
	switch (r->proc) {
	case CT_LRPC_PROC_NULL:
		return rlen == 0;
	case CT_LRPC_PROC_ADD: {
		int32_t ab[2], sum;
		memcpy(ab, args, sizeof(ab));
		memcpy(&sum, res, sizeof(sum));
		return rlen == 4 && sum == (int32_t)((uint32_t)ab[0] + (uint32_t)ab[1]);
	}
	case CT_LRPC_PROC_BIGIN: {
		uint32_t sum;
		memcpy(&sum, res, sizeof(sum));
		return rlen == 4 && sum == ct_lrpc_payload_sum(args, len);
	}
	default:
		for (size_t i = 0; i < len; i++)
			if ((uint8_t)(res[i] ^ args[i]) != 0xff)
				return false;
		return rlen == len;
	}
}

/* What a worker calls with; `phase` is the team phase seen last. */
struct lr_caller {
	struct lr_run *r;
	struct lr_thread *t;
	struct ct_worker *w;
	uint8_t *args, *res;
	bool verify; /* the futex ping-pong carries no result to check */
	unsigned phase;
	unsigned seg;     /* calls per segment, 1..SEG */
	uint64_t stamped; /* calls of timed segments so far */
	uint64_t seg_ticks; /* the ticks of the timed calls of this segment */
};

/* Call k's procedure once on arguments already prepared. */
static int call(struct lr_caller *k, size_t *rlen)
{
	return ct_lrpc_peer_call(k->r->peer, k->w->tid, k->r->proc, k->args,
				 k->r->len, k->res, rlen, &k->t->st);
}

/* One call, stamped on its own; its result checked every 16th call. */
static int timed_call(struct lr_caller *k)
{
	struct lr_run *r = k->r;
	struct lr_thread *t = k->t;
	size_t rlen = 0;
	prepare(r, k->args, t->total);
	uint64_t t0 = ct_now();
	int rc = call(k, &rlen);
	uint64_t dt = ct_now() - t0;
	if (rc)
		return rc;
	k->seg_ticks += dt;
	if (k->verify && !(k->stamped++ % VERIFY_EVERY))
		t->bad += !check(r, k->args, r->len, k->res, rlen);
	t->total++;
	if (k->phase == CT_PHASE_MEASURE) {
		ct_hist_record(&t->hist, dt > ct_timer.overhead ?
					dt - ct_timer.overhead : 0);
		t->measured++;
	}
	ct_delay_ticks(r->think_ticks);
	return 0;
}

static int untimed_call(struct lr_caller *k)
{
	struct lr_thread *t = k->t;
	size_t rlen = 0;
	prepare(k->r, k->args, t->total);
	int rc = call(k, &rlen);
	t->total++;
	t->measured += k->phase == CT_PHASE_MEASURE;
	return rc;
}

/* One segment of k->seg calls; it ends early when the phase changes, and
 * an untimed one then records nothing. A complete timed one sets the
 * length of the next segments from how long its calls took. */
static int segment(struct lr_caller *k, bool untimed)
{
	const unsigned phase = k->phase, n = k->seg;
	uint64_t t0 = untimed ? ct_now() : 0;
	k->seg_ticks = 0;
	for (unsigned i = 0; i < n; i++) {
		int rc = untimed ? untimed_call(k) : timed_call(k);
		if (rc)
			return rc;
		if ((k->phase = ct_team_phase(k->w->team)) != phase)
			return 0;
	}
	if (untimed && phase == CT_PHASE_MEASURE) {
		uint64_t dt = ct_now() - t0;
		dt = dt > ct_timer.overhead ? dt - ct_timer.overhead : 0;
		ct_hist_record(&k->t->rtt, (dt + n / 2) / n);
	} else if (!untimed) {
		uint64_t budget = ct_ns_to_ticks(SEG_NS) * n;
		k->seg = k->seg_ticks ? (unsigned)(budget / k->seg_ticks) : SEG;
		k->seg = k->seg < 1 ? 1 : k->seg > SEG ? SEG : k->seg;
	}
	return 0;
}

static void lr_worker(struct ct_worker *w)
{
	struct lr_run *r = w->arg;
	size_t cap = r->peer->cfg->max_bytes;
	struct lr_caller k = {
		r, &r->th[w->tid], w, malloc(cap + 8), malloc(cap + 8),
		!(r->peer->lrpc_mode < 0 && !strcmp(r->peer->cfg->mode, "futex")),
		CT_PHASE_SETUP, 1, 0, 0,
	};
	struct lr_thread *t = k.t;
	ct_lrpc_payload_fill(k.args, r->len, w->tid + 1);
	ct_hist_init(&t->hist);
	ct_hist_init(&t->rtt);
	double cpu0 = thread_cpu_s();
	k.phase = ct_team_wait_start(w->team);
	for (unsigned n = 0; k.phase != CT_PHASE_STOP && !t->failure; n++)
		t->failure = segment(&k, (n & 1) && !r->think_ticks);
	if (t->failure) /* e.g. the server died: report now, not at the end */
		ct_team_abort(w->team);
	t->cpu_s = thread_cpu_s() - cpu0;
	free(k.args);
	free(k.res);
}

/* ---- one run ------------------------------------------------------------- */

struct lr_point {
	const char *mode, *proc;
	unsigned bytes;
};

static void put_ns(struct ct_rec *rec, const char *key, const struct ct_hist *h,
		   double p)
{
	ct_rec_num(rec, key, h->count ?
		   ct_ticks_to_ns((double)ct_hist_percentile(h, p)) : NAN);
}

/* Sum the threads' counts into one histogram and totals; NaN fields for
 * what a failed run could not measure. */
static void lr_record(const struct ct_lrpcbench_cfg *c, const struct lr_run *r,
		      const struct ct_team *team, struct ct_rec *rec)
{
	static struct ct_hist all, rtt;
	struct ct_lrpc_call_stats st = { 0 };
	uint64_t measured = 0, total = 0, bad = 0;
	double cpu = 0;
	ct_hist_init(&all);
	ct_hist_init(&rtt);
	for (unsigned i = 0; i < c->clients; i++) {
		const struct lr_thread *t = &r->th[i];
		ct_hist_merge(&all, &t->hist);
		ct_hist_merge(&rtt, &t->rtt);
		measured += t->measured, total += t->total, bad += t->bad;
		cpu += t->cpu_s;
		st.blocked += t->st.blocked;
		st.astack_waits += t->st.astack_waits;
		st.queue_contended += t->st.queue_contended;
	}
	double secs = (double)(team->measure_end_ns - team->measure_start_ns) / 1e9;
	bool lrpc = r->peer->lrpc_mode >= 0;
	ct_rec_int(rec, "calls", (long long)measured);
	ct_rec_num(rec, "calls_per_s", secs > 0 ? measured / secs : NAN);
	put_ns(rec, "rtt_ns", &rtt, 50);
	put_ns(rec, "lat_p50_ns", &all, 50);
	put_ns(rec, "lat_p90_ns", &all, 90);
	put_ns(rec, "lat_p99_ns", &all, 99);
	put_ns(rec, "lat_p999_ns", &all, 99.9);
	ct_rec_num(rec, "lat_max_ns", all.count ? ct_ticks_to_ns((double)all.max) : NAN);
	ct_rec_num(rec, "lat_mean_ns", all.count ? ct_ticks_to_ns(ct_hist_mean(&all)) : NAN);
	ct_rec_num(rec, "client_cpu_ns_per_call", total ? cpu * 1e9 / total : NAN);
	ct_rec_num(rec, "server_cpu_ns_per_call",
		   total ? r->peer->server_cpu_s * 1e9 / total : NAN);
	ct_rec_num(rec, "blocked_share", lrpc && total ? (double)st.blocked / total : NAN);
	ct_rec_num(rec, "astack_waits", lrpc ? (double)st.astack_waits : NAN);
	ct_rec_num(rec, "queue_contended_share",
		   lrpc && total ? (double)st.queue_contended / total : NAN);
	ct_rec_num(rec, "bind_us", r->peer->bind_us);
	ct_rec_int(rec, "verify_errors", (long long)bad);
}

static void lr_config(const struct ct_lrpcbench_cfg *c, const struct lr_point *pt,
		      unsigned rep, const int *cpus, struct ct_rec *rec)
{
	char buf[160];
	size_t used = 0;
	unsigned n = c->clients + c->server_threads;
	ct_rec_reset(rec);
	ct_rec_str(rec, "family", "lrpc");
	ct_rec_str(rec, "mode", "%s", pt->mode);
	ct_rec_str(rec, "proc", "%s", pt->proc);
	ct_rec_int(rec, "arg_bytes", pt->bytes);
	ct_rec_int(rec, "clients", c->clients);
	ct_rec_int(rec, "server_threads", c->server_threads);
	ct_rec_int(rec, "astacks", c->astacks ? c->astacks : c->clients);
	ct_rec_int(rec, "copies", ct_lrpc_mode_copies(pt->mode, c->copy_in));
	ct_rec_int(rec, "copy_in", c->copy_in);
	ct_rec_int(rec, "think_ns", (long long)c->think_ns);
	ct_rec_int(rec, "spin_window_ns", (long long)c->spin_window_ns);
	ct_rec_str(rec, "placement", "%s", c->same_cpu ? "same-cpu" : c->placement.text);
	for (unsigned i = 0; i < n && used < sizeof(buf); i++)
		used += (size_t)snprintf(buf + used, sizeof(buf) - used, "%s%d",
					 i == c->clients ? "|" : i ? "," : "",
					 cpus[i]);
	ct_rec_str(rec, "cpus", "%s", buf); /* clients | servers */
	ct_rec_int(rec, "rep", rep);
}

/* Fork the server, run the client team, stop the server, record. */
static int lr_one(const struct ct_lrpcbench_cfg *c, const struct lr_point *pt,
		  const int *cpus, const int *numa, struct ct_rec *rec)
{
	struct ct_lrpc_peer_cfg pc = {
		.mode = pt->mode, .clients = c->clients,
		.threads = c->server_threads, .server_cpus = cpus + c->clients,
		.broker_cpu = cpus[0],
		.max_bytes = pt->bytes > 8 ? pt->bytes : 8,
		.nastacks = c->astacks ? c->astacks : c->clients,
		.spin_window_ns = c->spin_window_ns, .copy_in = c->copy_in,
		.bind_samples = c->bind_samples,
	};
	struct ct_lrpc_peer peer;
	struct lr_run r = { &peer, 0, pt->bytes, ct_ns_to_ticks((double)c->think_ns),
			    calloc(c->clients, sizeof(struct lr_thread)) };
	for (unsigned p = 0; ct_lrpc_proc_names[p]; p++)
		if (!strcmp(ct_lrpc_proc_names[p], pt->proc))
			r.proc = p;
	struct ct_team team;
	char err[256] = "", err2[256] = "";
	int rc = ct_lrpc_peer_start(&peer, &pc, err, sizeof(err));
	if (!rc)
		rc = ct_team_run(&team, c->clients, cpus, numa, lr_worker, &r,
				 c->warmup_s, c->duration_s, 0, err, sizeof(err));
	int stop = ct_lrpc_peer_stop(&peer, err2, sizeof(err2));
	int failure = 0;
	for (unsigned i = 0; i < c->clients; i++)
		failure = failure ? failure : r.th[i].failure;
	if (!rc && !stop && !failure)
		lr_record(c, &r, &team, rec);
	if (rc || stop || failure)
		fprintf(stderr, "contend: lrpc %s %s: %s\n", pt->mode, pt->proc,
			rc ? err : failure ? ct_lrpc_strerror(failure) : err2);
	ct_rec_str(rec, "status", "%s", rc || stop || failure ? "failed" : "ok");
	free(r.th);
	return rc || stop || failure;
}

/* ---- the matrix of runs ---------------------------------------------------- */

static unsigned lr_points(const struct ct_lrpcbench_cfg *c, struct lr_point *pts)
{
	unsigned n = 0;
	for (unsigned p = 0; p < c->nprocs; p++) {
		bool sized = !strncmp(c->procs[p], "big", 3);
		for (unsigned b = 0; b < (sized ? c->nbytes : 1); b++)
			for (unsigned m = 0; m < c->nmodes; m++) {
				/* The bare ping-pong carries nothing. */
				if (!strcmp(c->modes[m], "futex") &&
				    strcmp(c->procs[p], "null"))
					continue;
				/* add: two 4-byte arguments */
				unsigned bytes = sized ? c->bytes[b] :
					!strcmp(c->procs[p], "add") ? 8 : 0;
				pts[n++] = (struct lr_point){ c->modes[m],
							      c->procs[p], bytes };
			}
	}
	return n;
}

const struct ct_col ct_lrpcbench_table[] = {
	{ "mode", "mode", 8, "%s" },
	{ "proc", "proc", 9, "%s" },
	{ "arg_bytes", "bytes", 6, "%.0f" },
	{ "clients", "cli", 4, "%.0f" },
	{ "calls_per_s", "calls/s", 10, "%.0f" },
	{ "rtt_ns", "rtt_ns", 9, "%.0f" },
	{ "lat_p50_ns", "p50ns", 9, "%.0f" },
	{ "lat_p99_ns", "p99ns", 9, "%.0f" },
	{ "lat_p999_ns", "p99.9ns", 10, "%.0f" },
	{ "client_cpu_ns_per_call", "cli_cpu", 8, "%.0f" },
	{ "server_cpu_ns_per_call", "srv_cpu", 8, "%.0f" },
	{ "blocked_share", "blocked", 8, "%.3f" },
	{ "copies", "copies", 7, "%.0f" },
	{ "bind_us", "bind_us", 9, "%.1f" },
	{ "rtt_c2c", "xc2c", 8, "%.2f" },
	{ NULL, NULL, 0, NULL },
};

/* Median over reps of key; NaN if no rep measured it. */
static double lr_median(const struct ct_rec *recs, unsigned reps, const char *key)
{
	double v[CT_LRPCBENCH_MAX_REPS]; /* --reps is at most that */
	return ct_median_finite(v, ct_recs_values(recs, reps, key, v), NULL);
}

static void lr_summary(const struct ct_rec *recs, unsigned reps,
		       struct ct_sink *table)
{
	struct ct_rec row;
	ct_rec_reset(&row);
	for (const struct ct_col *col = ct_lrpcbench_table; col->key; col++) {
		const struct ct_field *f = ct_rec_get(&recs[0], col->key);
		if (f && f->type == CT_V_STR)
			ct_rec_str(&row, col->key, "%s", f->s);
		else
			ct_rec_num(&row, col->key, lr_median(recs, reps, col->key));
	}
	ct_sink_write(table, &row);
}

static const char *first_lrpc_mode(const struct ct_lrpcbench_cfg *c)
{
	enum ct_lrpc_mode m;
	for (unsigned i = 0; i < c->nmodes; i++)
		if (ct_lrpc_mode_of(c->modes[i], &m))
			return c->modes[i];
	return NULL;
}

static double median_at(const struct ct_lrpcbench_cfg *c,
			const struct ct_rec *recs, unsigned pt, const char *key)
{
	return lr_median(&recs[(size_t)pt * c->reps], c->reps, key);
}

static int find_point(const struct lr_point *pts, unsigned npts,
		      const struct lr_point *like, const char *mode)
{
	for (unsigned j = 0; j < npts; j++)
		if (!strcmp(pts[j].mode, mode) && !strcmp(pts[j].proc, like->proc) &&
		    pts[j].bytes == like->bytes)
			return (int)j;
	return -1;
}

/* "# ratio A/B (what): rtt R, p50 P" from the medians over repetitions. */
static void print_ratio(const struct ct_lrpcbench_cfg *c,
			const struct lr_point *pts, const struct ct_rec *recs,
			unsigned a, unsigned b, const char *what, FILE *f)
{
	fprintf(f, "# ratio %s/%s (%s): rtt %.2f, p50 %.2f\n", pts[a].mode,
		pts[b].mode, what,
		median_at(c, recs, a, "rtt_ns") / median_at(c, recs, b, "rtt_ns"),
		median_at(c, recs, a, "lat_p50_ns") /
			median_at(c, recs, b, "lat_p50_ns"));
}

/* Side-by-side ratios of the medians, per procedure and size: every other
 * mode against the run's first LRPC mode, and block against the bare
 * futex ping-pong. */
static void lr_ratios(const struct ct_lrpcbench_cfg *c, const struct lr_point *pts,
		      unsigned npts, const struct ct_rec *recs, FILE *f)
{
	const char *ref_mode = first_lrpc_mode(c);
	char what[64];
	for (unsigned i = 0; ref_mode && i < npts; i++) {
		if (strcmp(pts[i].mode, ref_mode))
			continue;
		snprintf(what, sizeof(what), "%s %u B", pts[i].proc, pts[i].bytes);
		for (unsigned j = 0; j < npts; j++)
			if (j != i && !strcmp(pts[j].proc, pts[i].proc) &&
			    pts[j].bytes == pts[i].bytes)
				print_ratio(c, pts, recs, j, i, what, f);
		int b = find_point(pts, npts, &pts[i], "block");
		int fx = find_point(pts, npts, &pts[i], "futex");
		if (b >= 0 && fx >= 0)
			print_ratio(c, pts, recs, (unsigned)b, (unsigned)fx, what, f);
	}
}

/* Where every thread runs: clients first, then server threads. */
static int lr_cpus(const struct ct_lrpcbench_cfg *c, const struct ct_topo *t,
		   int *cpus, int *numa)
{
	unsigned n = c->clients + c->server_threads;
	char err[512];
	if (ct_placement_resolve(t, &c->placement, c->same_cpu ? 1 : n, cpus,
				 err, sizeof(err))) {
		fprintf(stderr, "contend: %s\n", err);
		return -1;
	}
	for (unsigned i = 0; i < n; i++) {
		if (c->same_cpu)
			cpus[i] = cpus[0];
		numa[i] = ct_topo_numa_of(t, cpus[i]);
	}
	return 0;
}

/* The driver's callbacks (core/driver.h): a group is one point. */
struct lr_drive {
	const struct ct_lrpcbench_cfg *c;
	const struct lr_point *pts;
	const int *cpus, *numa, *pair; /* pair: the c2c probe's two CPUs */
	double ref;                    /* c2c_ref, NaN on one CPU */
	struct ct_rec *recs;           /* recs[point * reps + rep] */
	struct ct_output *out;
};

static int lr_point_run(void *ctx, unsigned g, unsigned m, unsigned rep)
{
	const struct lr_drive *d = ctx;
	const struct ct_lrpcbench_cfg *c = d->c;
	struct ct_rec *rec = &d->recs[(size_t)g * c->reps + rep];
	(void)m;
	lr_config(c, &d->pts[g], rep, d->cpus, rec);
	double c2c = ct_c2c_first_pair(d->pair, 2, NULL, 0);
	int failed = lr_one(c, &d->pts[g], d->cpus, d->numa, rec);
	ct_rec_num(rec, "c2c_ns", c2c);
	ct_rec_num(rec, "c2c_ref", d->ref);
	ct_rec_num(rec, "rtt_c2c", ct_rec_num_of(rec, "rtt_ns") / d->ref);
	ct_rec_num(rec, "lat_c2c", ct_rec_num_of(rec, "lat_p50_ns") / d->ref);
	if (d->out->data)
		ct_sink_write(d->out->data, rec);
	return failed;
}

static void lr_describe(void *ctx, unsigned g, unsigned m, char *buf,
			size_t len)
{
	const struct lr_drive *d = ctx;
	(void)m;
	snprintf(buf, len, "%s %s %u B", d->pts[g].mode, d->pts[g].proc,
		 d->pts[g].bytes);
}

int ct_lrpcbench_run(const struct ct_lrpcbench_cfg *c, const struct ct_topo *t,
		     struct ct_rec *fp, struct ct_output *out)
{
	int cpus[2 * CT_LRPC_MAX_SLOTS], numa[2 * CT_LRPC_MAX_SLOTS];
	struct lr_point pts[CT_LRPCBENCH_MAX_LIST * CT_LRPCBENCH_MAX_LIST * 2];
	unsigned npts = lr_points(c, pts);
	struct ct_rec *recs = calloc((size_t)npts * c->reps, sizeof(*recs));
	int failed = 0;
	if (!recs || lr_cpus(c, t, cpus, numa)) {
		free(recs);
		return 1;
	}
	/* One CPU (--same-cpu): no cache-line transfer to compare with. */
	double ref = cpus[0] != cpus[c->clients] ? ct_c2c_ref_get(t)->ns : NAN;
	ct_c2c_ref_header(fp, ct_c2c_ref_get(t));
	ct_fingerprint_write(fp, out, 0);
	/* Bind from the first client CPU, beside the server's broker and off
	 * the server threads' CPUs: a wake-up queued behind a spinning server
	 * thread would add a scheduler tick (4 ms) to the bind time. */
	cpu_set_t was, here;
	sched_getaffinity(0, sizeof(was), &was);
	CPU_ZERO(&here);
	CPU_SET(cpus[0], &here);
	sched_setaffinity(0, sizeof(here), &here);
	/* the first client's CPU and the first server thread's */
	int pair[2] = { cpus[0], cpus[c->clients] };
	struct lr_drive d = { c, pts, cpus, numa, pair, ref, recs, out };
	const struct ct_drive drive = {
		.reps = c->reps, .groups = npts, .members = 1,
		.run_point = lr_point_run, .describe = lr_describe,
		.progress = c->progress, .point_s = c->warmup_s + c->duration_s,
	};
	failed = ct_drive_run(&drive, &d) != 0;
	for (unsigned i = 0; out->table && i < npts; i++)
		lr_summary(&recs[(size_t)i * c->reps], c->reps, out->table);
	sched_setaffinity(0, sizeof(was), &was);
	if (out->table && out->table->fmt == CT_FMT_TABLE) {
		ct_sink_flush(out->table);
		lr_ratios(c, pts, npts, recs, out->table->f);
	}
	free(recs);
	return failed;
}
