/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Readers-writers, measured and validated.
 *
 * Every thread loops: think (`--think`), pick read with probability
 * `--read-fraction` (per-thread xorshift), take the lock for that, hold
 * it `--read-cs` or `--write-cs` ns, release. The wait is the time from
 * the request to holding the lock, recorded separately for reads and
 * writes in the MEASURE phase: p99 and max per side, so a starving writer
 * shows up as a write wait as long as the run.
 *
 * Validation, every run: on entry each holder adds itself to one
 * occupancy word (readers in the low half, writers in the high half) and
 * checks what it found: a writer must find nobody, a reader no writer.
 * Readers record the most readers they saw inside at once (max_readers:
 * above 1 shows readers really share). Writers also increment a plain
 * counter with a read-pause-write, which must end equal to the number of
 * writes (two writers inside lose updates). The occupancy RMW costs
 * every operation one more shared-line RMW, the same for every variant.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probrun.h"
#include "harness/core/stats.h"
#include "harness/core/timing.h"

#define RW_WRITER (1ull << 32)
#define RW_READERS 0xffffffffull

struct rw_slot {
	_Atomic uint64_t done; /* operations, every phase: progress */
	uint64_t reads, writes; /* in MEASURE */
	uint64_t wrote;         /* writes, every phase */
	uint64_t overlaps;      /* entries that found a conflicting holder */
	uint64_t max_readers;   /* most readers inside, seen on entry */
	struct ct_hist rwait, wwait;
} ct_aligned(CT_PAD);

struct rw_shared {
	struct ct_prob_shared hdr;
	_Atomic uint64_t occupancy ct_aligned(CT_PAD); /* writers<<32|readers */
	volatile uint64_t counter ct_aligned(CT_PAD);  /* writers' plain count */
	struct rw_slot slot[];
};

struct rw_job {
	struct ct_prob_job j; /* first: workers get &j */
	const struct ct_rw_ops *ops;
	struct rw_shared *sh; /* = j.shm */
	uint64_t rcs_ticks, wcs_ticks, think_ticks;
};

/* ---- worker -------------------------------------------------------------- */

/* relaxed: a detector, not a synchronizer (see lockcheck.c); the lock
 * under test does the ordering. */
static void rw_enter(struct rw_shared *sh, struct rw_slot *me, bool read)
{
	uint64_t old = atomic_fetch_add_explicit(
		&sh->occupancy, read ? 1 : RW_WRITER, memory_order_relaxed);
	if (read) {
		me->overlaps += old >= RW_WRITER;
		if ((old & RW_READERS) + 1 > me->max_readers)
			me->max_readers = (old & RW_READERS) + 1;
	} else {
		me->overlaps += old != 0;
	}
}

static void rw_leave(struct rw_shared *sh, bool read)
{
	atomic_fetch_sub_explicit(&sh->occupancy, read ? 1 : RW_WRITER,
				  memory_order_relaxed);
}

/* The critical section: reads just hold; writes also bump the counter. */
static void rw_critical(struct rw_job *r, struct rw_slot *me, bool read)
{
	rw_enter(r->sh, me, read);
	if (read) {
		ct_delay_ticks(r->rcs_ticks);
	} else {
		uint64_t v = r->sh->counter;
		ct_delay_ticks(r->wcs_ticks);
		ct_cpu_relax();
		r->sh->counter = v + 1;
		me->wrote++;
	}
	rw_leave(r->sh, read);
}

static void rw_op(struct rw_job *r, struct rw_slot *me, void *const *ctx,
		  bool read)
{
	void *obj = r->j.sync.obj;
	bool measuring = ct_prob_measuring(&r->j);
	uint64_t t0 = ct_now();
	(read ? r->ops->read_lock : r->ops->write_lock)(obj, ctx);
	uint64_t d = ct_prob_span(t0, ct_now());
	rw_critical(r, me, read);
	(read ? r->ops->read_unlock : r->ops->write_unlock)(obj, ctx);
	if (!measuring)
		return;
	if (read)
		me->reads++, ct_hist_record(&me->rwait, d);
	else
		me->writes++, ct_hist_record(&me->wwait, d);
}

static void rw_worker(struct ct_worker *w)
{
	struct rw_job *r = w->arg;
	struct rw_slot *me = &r->sh->slot[w->tid];
	uint64_t rng = 0x9e3779b97f4a7c15ull * (w->tid + 1);
	double rf = r->j.c->read_fraction;
	ct_hist_init(&me->rwait); /* first touch: on this thread's node */
	ct_hist_init(&me->wwait);
	void *const *ctx = ct_prob_worker_start(&r->j, w->tid);
	if (!ctx)
		return;
	for (uint64_t i = 0; ct_prob_more(&r->j, i); i++) {
		ct_delay_ticks(r->think_ticks);
		/* 53 random bits in [0, 1): rf 1 is all reads, 0 all writes. */
		rw_op(r, me, ctx, (double)(ct_rand64(&rng) >> 11) * 0x1p-53 < rf);
		/* relaxed: progress for the watchdog, read across processes. */
		atomic_store_explicit(&me->done, i + 1, memory_order_relaxed);
	}
}

/* ---- parent side ------------------------------------------------------------ */

static uint64_t rw_progress(struct ct_prob_job *j)
{
	const struct rw_job *r = (const struct rw_job *)j;
	uint64_t n = 0;
	for (unsigned i = 0; i < j->nthreads; i++)
		n += atomic_load_explicit(&r->sh->slot[i].done,
					  memory_order_relaxed);
	return n;
}

static void rw_measures(const struct rw_job *r, struct ct_rec *rec)
{
	unsigned n = r->j.nthreads;
	double secs = ct_prob_window_s(&r->sh->hdr, 0);
	struct ct_hist *h = malloc(2 * sizeof(*h));
	uint64_t *ops = calloc(n, sizeof(uint64_t)), reads = 0, writes = 0;
	ct_hist_init(&h[0]);
	ct_hist_init(&h[1]);
	for (unsigned i = 0; i < n; i++) {
		const struct rw_slot *s = &r->sh->slot[i];
		ct_prob_hist_add(&h[0], &s->rwait);
		ct_prob_hist_add(&h[1], &s->wwait);
		reads += s->reads, writes += s->writes;
		ops[i] = s->reads + s->writes;
	}
	ct_rec_num(rec, "duration_s", secs);
	ct_rec_int(rec, "reads", (long long)reads);
	ct_rec_int(rec, "writes", (long long)writes);
	ct_rec_num(rec, "throughput_ops", (double)(reads + writes) / secs);
	ct_rec_num(rec, "read_ops", (double)reads / secs);
	ct_rec_num(rec, "write_ops", (double)writes / secs);
	ct_prob_put_hist(rec, (const char *const[]){ "read_wait_p50_ns",
			 "read_wait_p99_ns", NULL, "read_wait_max_ns",
			 "read_wait_mean_ns" }, &h[0]);
	ct_prob_put_hist(rec, (const char *const[]){ "write_wait_p50_ns",
			 "write_wait_p99_ns", NULL, "write_wait_max_ns",
			 "write_wait_mean_ns" }, &h[1]);
	ct_rec_num(rec, "jain", ct_jain(ops, n));
	free(h), free(ops);
}

static void rw_judge(const struct rw_job *r, struct ct_rec *rec,
		     struct ct_prob_verdict *v)
{
	uint64_t overlaps = 0, wrote = 0, maxr = 0;
	for (unsigned i = 0; i < r->j.nthreads; i++) {
		const struct rw_slot *s = &r->sh->slot[i];
		overlaps += s->overlaps, wrote += s->wrote;
		maxr = s->max_readers > maxr ? s->max_readers : maxr;
	}
	ct_rec_int(rec, "max_readers", (long long)maxr);
	ct_rec_int(rec, "overlaps", (long long)overlaps);
	ct_rec_int(rec, "lost_updates", (long long)(wrote - r->sh->counter));
	if (overlaps)
		ct_prob_fail(v, "%llu entries overlapped a writer",
			     (unsigned long long)overlaps);
	if (r->sh->counter != wrote)
		ct_prob_fail(v, "%llu of %llu writes lost",
			     (unsigned long long)(wrote - r->sh->counter),
			     (unsigned long long)wrote);
}

static void rw_put_config(const struct ct_prob_cfg *c, struct ct_rec *rec)
{
	ct_rec_num(rec, "read_fraction", c->read_fraction);
	ct_rec_int(rec, "read_cs_ns", (long long)c->read_cs_ns);
	ct_rec_int(rec, "write_cs_ns", (long long)c->write_cs_ns);
	ct_rec_int(rec, "think_ns", (long long)c->think_ns);
}

static void rw_mapped(struct ct_prob_job *j)
{
	((struct rw_job *)j)->sh = (struct rw_shared *)j->shm;
}

static void rw_report(struct ct_prob_job *j, struct ct_rec *rec,
		      struct ct_prob_verdict *v)
{
	rw_measures((struct rw_job *)j, rec);
	rw_judge((struct rw_job *)j, rec, v);
}

int ct_prob_rw_run(const struct ct_prob_cfg *c, const int *cpus,
		   const int *numa, struct ct_rec *rec,
		   struct ct_prob_verdict *v)
{
	struct rw_job r = {
		.j = { .c = c, .cpus = cpus, .numa = numa,
		       .nthreads = c->threads, .n = c->threads,
		       .worker = rw_worker, .progress = rw_progress,
		       .mapped = rw_mapped, .report = rw_report },
		.ops = (const struct ct_rw_ops *)c->algo,
		.rcs_ticks = ct_ns_to_ticks((double)c->read_cs_ns),
		.wcs_ticks = ct_ns_to_ticks((double)c->write_cs_ns),
		.think_ticks = ct_ns_to_ticks((double)c->think_ns),
	};
	rw_put_config(c, rec);
	return ct_prob_job_go(&r.j, sizeof(struct rw_shared) +
				  c->threads * sizeof(struct rw_slot), rec, v);
}

const struct ct_col ct_prob_rw_table[] = {
	{ "variant", "variant", 12, "%s" },
	{ "mutex", "mutex", 14, "%s" },
	{ "sem", "sem", 6, "%s" },
	{ "threads", "thr", 4, NULL },
	{ "read_fraction", "rf", 5, "%.2f" },
	{ "read_ops", "reads/s", 11, "%.0f" },
	{ "write_ops", "writes/s", 10, "%.0f" },
	{ "throughput_spread", "+-%", 6, "%.1f" },
	{ "read_wait_p99_ns", "rwait99", 10, "%.0f" },
	{ "read_wait_max_ns", "rwaitmax", 11, "%.0f" },
	{ "write_wait_p99_ns", "wwait99", 10, "%.0f" },
	{ "write_wait_max_ns", "wwaitmax", 11, "%.0f" },
	{ "max_readers", "maxrd", 6, "%.0f" },
	{ "check", "check", 6, "%s" },
	{ NULL, NULL, 0, NULL },
};
