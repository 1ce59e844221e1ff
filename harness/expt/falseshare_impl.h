/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * falseshare_impl.h - the false-sharing engine's insides, shared by the
 * engine (falseshare.c) and the experiments' loops (falseshare_cases.c).
 *
 * A case is one (experiment, layout). Its prepare() lays out the shared
 * memory and picks the worker; the worker is fs_loop() instantiated with
 * the case's batch function, so each case gets its own compiled loop with
 * nothing indirect inside a batch. check() returns the value the shared
 * state must hold after the run: the operations every thread performed,
 * warm-up included (each counter, the protected data, the combined count).
 */
#ifndef CT_FALSESHARE_IMPL_H
#define CT_FALSESHARE_IMPL_H

#include "locks/ops.h"
#include "harness/core/counters.h"
#include "falseshare.h"
#include "harness/core/team.h"

/* Operations between two looks at the phase: the look (a load of a
 * read-mostly line) is amortized, and a stop is seen within microseconds.
 * Lock experiments take fewer: a handoff to a preempted vCPU can take a
 * scheduler slice, and a batch must still end inside the window. */
#define CT_FS_BATCH 256
#define CT_FS_BATCH_LOCKED 16

struct fs_run;

struct fs_case {
	enum ct_fs_exp exp;
	const char *layout;
	const char *kind; /* counters: "plain" or "atomic" increments; else NULL */
	size_t stride;  /* bytes between per-thread items (0: not per-thread) */
	bool reference; /* the padded layout slowdowns (of its kind) are
			 * relative to */
	int (*prepare)(struct fs_run *r, char *err, size_t len);
	uint64_t (*check)(const struct fs_run *r);
};

/* One worker's state, allocated by the worker on its own NUMA node. */
struct fs_thread {
	uint64_t ops;     /* operations in the measured window */
	uint64_t all_ops; /* operations since the gate opened: for check() */
	uint64_t reads;   /* replicated: combining reads performed */
	uint64_t since_read;
	uint64_t sink;    /* what those reads returned, summed: keeps them */
	void *ctx;        /* lockdata: this thread's context for the lock */
	size_t ctx_bytes;
	bool measuring;   /* counters started (MEASURE seen) */
	struct ct_counters ctr;
};

struct fs_run {
	struct ct_team team;
	const struct ct_fs_cfg *cfg;
	const struct fs_case *fc;
	unsigned nthreads;
	const int *numa;
	ct_worker_fn worker;              /* set by prepare() */
	char *mem;                        /* the case's shared region */
	size_t mem_bytes;
	size_t stride;                    /* bytes between items: the case's,
					   * or a page (per-node shards) */
	char *data;                       /* lockdata, qnodes: protected words */
	void *lock;                       /* lockdata: the lock; qnodes: CK queue */
	const struct ct_lock_ops *ops;    /* lockdata */
	size_t spacing;                   /* bytes between the items that do
					   * or do not share a line */
	unsigned nshards;                 /* replicated */
	unsigned *shard_of;               /* replicated: thread -> shard */
	uint64_t cs_ticks;
	struct fs_thread **th;            /* th[tid], set by each worker */
};

typedef void (*fs_batch_fn)(struct fs_run *r, struct fs_thread *me,
			    unsigned tid);

/* Per-thread item (counter, queue node) or shard i of the region. */
static inline _Atomic uint64_t *fs_item(const struct fs_run *r, unsigned i)
{
	return (_Atomic uint64_t *)(void *)(r->mem + (size_t)i * r->stride);
}

/* Engine side (falseshare.c). */
struct fs_thread *fs_thread_setup(struct ct_worker *w);
void fs_measure_begin(struct fs_thread *me);
void fs_measure_end(struct fs_thread *me);

/* The cases (falseshare_cases.c), in table order. */
extern const struct fs_case fs_cases[];
extern const unsigned fs_ncases;
/* lockdata: the worker compiled for a locks/LIST row, NULL if none. */
ct_worker_fn fs_lockdata_worker(const char *lock);
/* lockdata: whether the lock and `words` data words fit in one line. */
bool fs_lockdata_fits(const struct ct_lock_ops *ops, unsigned words);

/*
 * The measured loop: batches of per_batch operations (what batch() does)
 * until STOP.
 * Counting restarts when MEASURE begins (warm-up is discarded, except in
 * all_ops); the counters run from then to the end.
 */
static ct_always_inline void fs_loop(struct ct_worker *w, fs_batch_fn batch,
				    unsigned per_batch)
{
	struct fs_run *r = w->arg;
	struct fs_thread *me = fs_thread_setup(w);
	unsigned phase = ct_team_wait_start(&r->team);
	uint64_t ops = 0, warm = 0;
	if (!me)
		return; /* reported by the controller */
	if (phase == CT_PHASE_MEASURE)
		fs_measure_begin(me);
	while (phase != CT_PHASE_STOP) {
		batch(r, me, w->tid);
		ops += per_batch;
		unsigned p = ct_team_phase(&r->team);
		if (ct_unlikely(p != phase)) {
			if (p == CT_PHASE_MEASURE) {
				warm = ops;
				ops = 0;
				fs_measure_begin(me);
			}
			phase = p;
		}
	}
	me->all_ops = warm + ops;
	me->ops = me->measuring ? ops : 0;
	fs_measure_end(me);
}

#endif /* CT_FALSESHARE_IMPL_H */
