/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The bounded buffer, measured and validated.
 *
 * Threads 0..P-1 produce, P..P+C-1 consume. A producer allocates an item
 * (header + `payload` bytes, filled with the low byte of its sequence
 * number), stamps it and put()s it; a consumer get()s, checks and frees
 * it through the same allocator (`--alloc`). When the run ends (STOP, or
 * every producer's quota) the last producer puts one pill per consumer,
 * through the buffer like any item, so every item put before is drained
 * and no consumer is left blocked.
 *
 * Measured (items consumed in the MEASURE phase): items/s; latency from
 * the producer's stamp just before put() to the consumer's return from
 * get() (time in the buffer, including waiting for a free slot); and the
 * time producers spend in put() and consumers in get(), as distributions
 * and as a share of the measured window. Every item is timed (4 rdtscp).
 *
 * Validation, every run: a consumer checks the producer id, the payload
 * bytes and, per producer, that sequence numbers rise in what it takes;
 * a get() that finds no item is a phantom; items consumed must equal
 * items produced. In quota mode (validate), every (producer, seq) must be
 * taken exactly once, and each producer's items must leave in sequence
 * order by the buffer's own dequeue position (the ring's out count).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "itemalloc.h"
#include "probrun.h"
#include "harness/core/timing.h"

struct pbb_item {
	uint32_t producer;
	uint32_t pad;
	uint64_t seq;
	uint64_t t_enq; /* ticks, just before put() */
	unsigned char payload[];
};

/* Ends a consumer: put once per consumer after the last item. */
static struct pbb_item pbb_pill;

/* A thread's results, written only by it. */
struct pbb_slot {
	_Atomic uint64_t done;  /* items put / got, every phase: progress */
	uint64_t measured;      /* ... in MEASURE */
	uint64_t wait_ticks;    /* time in put() / get() in MEASURE */
	uint64_t phantom;       /* consumer: get() returned no item */
	uint64_t invented;      /* consumer: unknown producer or seq */
	uint64_t reordered;     /* consumer: seq not above the last seen */
	uint64_t corrupt;       /* consumer: payload bytes wrong */
	struct ct_hist wait;    /* put() or get() time */
	struct ct_hist lat;     /* consumer: enqueue -> dequeue */
} ct_aligned(CT_PAD);

struct pbb_shared {
	struct ct_prob_shared hdr;
	struct pbb_slot slot[]; /* P + C; then, in quota mode, the ledger */
};

/* Quota mode's ledger: per (producer, seq), times taken and position. */
struct pbb_ledger {
	_Atomic uint32_t *taken;
	uint64_t *pos;
};

struct pbb_job {
	struct ct_prob_job j; /* first: workers get &j */
	const struct ct_bb_ops *ops;
	const struct ct_itemalloc *alloc;
	struct pbb_shared *sh; /* = j.shm */
	struct pbb_ledger ledger;
	size_t item_bytes;
	uint64_t produce_ticks, consume_ticks;
	atomic_uint producers_left;
};

/* ---- producer ------------------------------------------------------------ */

static struct pbb_item *pbb_make(struct pbb_job *b, unsigned tid, uint64_t seq)
{
	struct pbb_item *it = b->alloc->alloc(b->item_bytes);
	if (!it)
		return NULL;
	it->producer = tid;
	it->seq = seq;
	memset(it->payload, (int)(seq & 0xff), b->j.c->payload);
	return it;
}

static void pbb_producer(struct pbb_job *b, unsigned tid, void *const *ctx)
{
	struct pbb_slot *me = &b->sh->slot[tid];
	void *obj = b->j.sync.obj;
	for (uint64_t seq = 0; ct_prob_more(&b->j, seq); seq++) {
		ct_delay_ticks(b->produce_ticks);
		struct pbb_item *it = pbb_make(b, tid, seq);
		if (!it)
			break; /* out of memory: counted as missing items */
		bool measuring = ct_prob_measuring(&b->j);
		uint64_t t0 = ct_now();
		it->t_enq = t0;
		b->ops->put(obj, it, ctx);
		uint64_t d = ct_prob_span(t0, ct_now());
		if (measuring) {
			me->measured++;
			me->wait_ticks += d;
			ct_hist_record(&me->wait, d);
		}
		/* relaxed: progress for the watchdog, read across processes. */
		atomic_store_explicit(&me->done, seq + 1, memory_order_relaxed);
	}
	if (atomic_fetch_sub(&b->producers_left, 1) == 1)
		for (unsigned i = 0; i < b->j.c->consumers; i++)
			b->ops->put(obj, &pbb_pill, ctx);
}

/* ---- consumer ------------------------------------------------------------ */

/* Check one item; false if it must not be touched further (invented). */
static bool pbb_check(struct pbb_job *b, struct pbb_slot *me, uint64_t *last,
		     const struct pbb_item *it, uint64_t pos)
{
	const struct ct_prob_cfg *c = b->j.c;
	uint64_t quota = c->duration_s > 0 ? UINT64_MAX : c->quota;
	if (it->producer >= c->producers || it->seq >= quota) {
		me->invented++;
		return false;
	}
	if (last[it->producer] != UINT64_MAX && it->seq <= last[it->producer])
		me->reordered++;
	last[it->producer] = it->seq;
	if (c->payload && (it->payload[0] != (it->seq & 0xff) ||
			   it->payload[c->payload - 1] != (it->seq & 0xff)))
		me->corrupt++;
	if (b->ledger.taken) {
		uint64_t k = it->producer * c->quota + it->seq;
		/* relaxed: a tally, read by the parent after the child. */
		atomic_fetch_add_explicit(&b->ledger.taken[k], 1,
					  memory_order_relaxed);
		b->ledger.pos[k] = pos;
	}
	return true;
}

static void pbb_consumer(struct pbb_job *b, unsigned tid, void *const *ctx)
{
	struct pbb_slot *me = &b->sh->slot[tid];
	uint64_t *last = malloc(b->j.c->producers * sizeof(uint64_t));
	uint64_t got = 0;
	memset(last, 0xff, b->j.c->producers * sizeof(uint64_t));
	for (;;) {
		bool measuring = ct_prob_measuring(&b->j);
		uint64_t pos, t0 = ct_now();
		struct pbb_item *it = b->ops->get(b->j.sync.obj, ctx, &pos);
		uint64_t t1 = ct_now();
		if (it == &pbb_pill)
			break;
		if (!it)
			me->phantom++;
		else if (pbb_check(b, me, last, it, pos) && measuring) {
			uint64_t d = ct_prob_span(t0, t1);
			me->measured++;
			me->wait_ticks += d;
			ct_hist_record(&me->wait, d);
			ct_hist_record(&me->lat, ct_prob_span(it->t_enq, t1));
		}
		if (it)
			b->alloc->free(it, b->item_bytes);
		atomic_store_explicit(&me->done, ++got, memory_order_relaxed);
		ct_delay_ticks(b->consume_ticks);
	}
	free(last);
}

static void pbb_worker(struct ct_worker *w)
{
	struct pbb_job *b = w->arg;
	struct pbb_slot *me = &b->sh->slot[w->tid];
	ct_hist_init(&me->wait); /* first touch: on this thread's node */
	ct_hist_init(&me->lat);
	void *const *ctx = ct_prob_worker_start(&b->j, w->tid);
	if (!ctx)
		return;
	if (w->tid < b->j.c->producers)
		pbb_producer(b, w->tid, ctx);
	else
		pbb_consumer(b, w->tid, ctx);
}

/* ---- parent side ----------------------------------------------------------- */

static uint64_t pbb_sum(const struct pbb_job *b, unsigned from, unsigned to)
{
	uint64_t n = 0;
	for (unsigned i = from; i < to; i++)
		n += atomic_load_explicit(&b->sh->slot[i].done,
					  memory_order_relaxed);
	return n;
}

static uint64_t pbb_progress(struct ct_prob_job *j)
{
	struct pbb_job *b = (struct pbb_job *)j;
	return pbb_sum(b, 0, j->nthreads);
}

/* Quota mode: items never taken, taken twice, and producers whose items
 * left out of sequence order. */
static void pbb_audit(const struct pbb_job *b, struct ct_prob_verdict *v)
{
	const struct ct_prob_cfg *c = b->j.c;
	uint64_t lost = 0, dup = 0, order = 0;
	for (uint64_t p = 0; p < c->producers; p++) {
		uint64_t prev = 0;
		bool have = false;
		for (uint64_t s = 0; s < c->quota; s++) {
			uint64_t k = p * c->quota + s;
			uint32_t n = atomic_load(&b->ledger.taken[k]);
			lost += n == 0;
			dup += n > 1;
			if (n == 1 && have && b->ledger.pos[k] < prev)
				order++;
			if (n == 1)
				prev = b->ledger.pos[k], have = true;
		}
	}
	if (lost)
		ct_prob_fail(v, "%llu items never consumed", (unsigned long long)lost);
	if (dup)
		ct_prob_fail(v, "%llu consumed twice", (unsigned long long)dup);
	if (order)
		ct_prob_fail(v, "%llu dequeued before an earlier item of their "
			     "producer", (unsigned long long)order);
}

/* Consumer-side tallies: one field each, and a verdict line if non-zero. */
static void pbb_tallies(const struct pbb_job *b, struct ct_rec *rec,
		       struct ct_prob_verdict *v)
{
#define BB_TALLY(field, what) { #field, what, offsetof(struct pbb_slot, field) }
	static const struct {
		const char *key, *what;
		size_t off;
	} t[] = {
		BB_TALLY(phantom, "gets found no item"),
		BB_TALLY(invented, "items nobody produced"),
		BB_TALLY(reordered, "items out of producer order"),
		BB_TALLY(corrupt, "items with a wrong payload"),
	};
#undef BB_TALLY
	const struct ct_prob_cfg *c = b->j.c;
	for (unsigned k = 0; k < CT_ARRAY_SIZE(t); k++) {
		uint64_t n = 0;
		for (unsigned i = c->producers; i < b->j.nthreads; i++)
			n += *(const uint64_t *)((const char *)&b->sh->slot[i] +
						 t[k].off);
		ct_rec_int(rec, t[k].key, (long long)n);
		if (n)
			ct_prob_fail(v, "%llu %s", (unsigned long long)n, t[k].what);
	}
}

/* Merge the wait histograms of threads [from, to) and record them. */
static void pbb_put_wait(const struct pbb_job *b, unsigned from, unsigned to,
			const char *const keys[5], const char *frac_key,
			double secs, struct ct_rec *rec)
{
	struct ct_hist *h = malloc(sizeof(*h));
	uint64_t ticks = 0;
	ct_hist_init(h);
	for (unsigned i = from; i < to; i++) {
		ct_prob_hist_add(h, &b->sh->slot[i].wait);
		ticks += b->sh->slot[i].wait_ticks;
	}
	ct_prob_put_hist(rec, keys, h);
	ct_rec_num(rec, frac_key,
		   ct_ticks_to_ns((double)ticks) / 1e9 / (secs * (to - from)));
	free(h);
}

static void pbb_measures(const struct pbb_job *b, struct ct_rec *rec)
{
	const struct ct_prob_cfg *c = b->j.c;
	unsigned p = c->producers, n = b->j.nthreads;
	double secs = ct_prob_window_s(&b->sh->hdr, 0);
	struct ct_hist *lat = malloc(sizeof(*lat));
	uint64_t items = 0;
	ct_hist_init(lat);
	for (unsigned i = p; i < n; i++) {
		ct_prob_hist_add(lat, &b->sh->slot[i].lat);
		items += b->sh->slot[i].measured;
	}
	ct_rec_num(rec, "duration_s", secs);
	ct_rec_int(rec, "items", (long long)items);
	ct_rec_num(rec, "throughput_ops", (double)items / secs);
	ct_prob_put_hist(rec, (const char *const[]){ "lat_p50_ns", "lat_p99_ns",
			 "lat_p999_ns", "lat_max_ns", "lat_mean_ns" }, lat);
	pbb_put_wait(b, 0, p, (const char *const[]){ "prod_wait_p50_ns",
		    "prod_wait_p99_ns", NULL, "prod_wait_max_ns", NULL },
		    "prod_wait_frac", secs, rec);
	pbb_put_wait(b, p, n, (const char *const[]){ "cons_wait_p50_ns",
		    "cons_wait_p99_ns", NULL, "cons_wait_max_ns", NULL },
		    "cons_wait_frac", secs, rec);
	free(lat);
}

static void pbb_judge(const struct pbb_job *b, struct ct_rec *rec,
		     struct ct_prob_verdict *v)
{
	const struct ct_prob_cfg *c = b->j.c;
	uint64_t produced = pbb_sum(b, 0, c->producers);
	uint64_t consumed = pbb_sum(b, c->producers, b->j.nthreads);
	uint64_t phantom = 0;
	for (unsigned i = c->producers; i < b->j.nthreads; i++)
		phantom += b->sh->slot[i].phantom;
	ct_rec_int(rec, "produced", (long long)produced);
	ct_rec_int(rec, "consumed", (long long)(consumed - phantom));
	pbb_tallies(b, rec, v);
	if (consumed - phantom != produced)
		ct_prob_fail(v, "%llu items produced, %llu consumed",
			     (unsigned long long)produced,
			     (unsigned long long)(consumed - phantom));
	if (c->duration_s == 0 && produced != (uint64_t)c->producers * c->quota)
		ct_prob_fail(v, "%llu of %llu items produced",
			     (unsigned long long)produced,
			     (unsigned long long)c->producers * c->quota);
	if (b->ledger.taken)
		pbb_audit(b, v);
}

static void pbb_put_config(const struct ct_prob_cfg *c, struct ct_rec *rec)
{
	char version[128];
	const struct ct_itemalloc *a = &ct_itemalloc_table[c->alloc];
	ct_itemalloc_version(a, version, sizeof(version));
	ct_rec_int(rec, "producers", c->producers);
	ct_rec_int(rec, "consumers", c->consumers);
	ct_rec_int(rec, "size", c->size);
	ct_rec_int(rec, "payload", c->payload);
	ct_rec_str(rec, "alloc", "%s", a->name);
	ct_rec_str(rec, "alloc_version", "%s", version);
	ct_rec_int(rec, "produce_ns", (long long)c->produce_ns);
	ct_rec_int(rec, "consume_ns", (long long)c->consume_ns);
}

/* Slots, then in quota mode the ledger: positions, then counts. */
static size_t pbb_slots_bytes(const struct pbb_job *b)
{
	return sizeof(struct pbb_shared) + b->j.nthreads * sizeof(struct pbb_slot);
}

static size_t pbb_ledger_entries(const struct ct_prob_cfg *c)
{
	return c->duration_s > 0 ? 0 : (size_t)c->producers * c->quota;
}

static void pbb_mapped(struct ct_prob_job *j)
{
	struct pbb_job *b = (struct pbb_job *)j;
	size_t entries = pbb_ledger_entries(j->c);
	b->sh = (struct pbb_shared *)j->shm;
	if (entries) {
		b->ledger.pos = (uint64_t *)((char *)b->sh + pbb_slots_bytes(b));
		b->ledger.taken = (_Atomic uint32_t *)(b->ledger.pos + entries);
	}
}

static void pbb_report(struct ct_prob_job *j, struct ct_rec *rec,
		      struct ct_prob_verdict *v)
{
	pbb_measures((struct pbb_job *)j, rec);
	pbb_judge((struct pbb_job *)j, rec, v);
}

int ct_prob_bb_run(const struct ct_prob_cfg *c, const int *cpus,
		   const int *numa, struct ct_rec *rec,
		   struct ct_prob_verdict *v)
{
	struct pbb_job b = {
		.j = { .c = c, .cpus = cpus, .numa = numa,
		       .nthreads = c->producers + c->consumers, .n = c->size,
		       .worker = pbb_worker, .progress = pbb_progress,
		       .mapped = pbb_mapped, .report = pbb_report },
		.ops = (const struct ct_bb_ops *)c->algo,
		.alloc = &ct_itemalloc_table[c->alloc],
		.item_bytes = sizeof(struct pbb_item) + c->payload,
		.produce_ticks = ct_ns_to_ticks((double)c->produce_ns),
		.consume_ticks = ct_ns_to_ticks((double)c->consume_ns),
	};
	atomic_init(&b.producers_left, c->producers);
	pbb_put_config(c, rec);
	return ct_prob_job_go(&b.j, pbb_slots_bytes(&b) + pbb_ledger_entries(c) *
				  (sizeof(uint32_t) + sizeof(uint64_t)), rec, v);
}

const struct ct_col ct_prob_bb_table[] = {
	{ "variant", "variant", 9, "%s" },
	{ "mutex", "mutex", 14, "%s" },
	{ "sem", "sem", 6, "%s" },
	{ "alloc", "alloc", 9, "%s" },
	{ "producers", "P", 4, NULL },
	{ "consumers", "C", 4, NULL },
	{ "size", "N", 5, NULL },
	{ "throughput_ops", "items/s", 11, "%.0f" },
	{ "throughput_spread", "+-%", 6, "%.1f" },
	{ "lat_p50_ns", "p50ns", 9, "%.0f" },
	{ "lat_p99_ns", "p99ns", 10, "%.0f" },
	{ "lat_p999_ns", "p999ns", 10, "%.0f" },
	{ "lat_max_ns", "maxns", 11, "%.0f" },
	{ "prod_wait_frac", "pwait", 7, "%.2f" },
	{ "cons_wait_frac", "cwait", 7, "%.2f" },
	{ "check", "check", 6, "%s" },
	{ NULL, NULL, 0, NULL },
};
