/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Dining philosophers, measured and validated.
 *
 * Philosopher i loops: think (`--think`), become hungry, pickup(), eat
 * (`--eat`), putdown(). Once it holds its first chopstick the solution
 * calls our hook, which records that state and waits `--gap` ns before
 * the second: a wider window for the naive solution's deadly embrace.
 * Each philosopher publishes its state and the time it last changed in
 * the shared region, so when the run stops making progress the parent
 * can tell a deadlock (every philosopher holds one chopstick and waits
 * for the next: a circular wait) from a mere stall, and time it: from the
 * start gate to the moment the last philosopher closed the cycle.
 *
 * Measured in the MEASURE phase: meals/s (the window ends at a deadlock),
 * per-philosopher meals (Jain's index, smallest and largest share) and
 * hungry time (hungry -> eating) as a distribution with its maximum.
 *
 * Validation, every run: while eating a philosopher counts itself on both
 * of its chopsticks (one atomic each); finding someone already counted
 * there means a neighbour is eating too. Safe solutions must also finish.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probrun.h"
#include "harness/core/stats.h"
#include "harness/core/timing.h"

enum { DN_THINKING, DN_HUNGRY, DN_HOLDING_FIRST, DN_EATING };

struct dn_slot {
	_Atomic uint64_t done;    /* meals, every phase: progress */
	uint64_t meals;           /* in MEASURE */
	uint64_t overlaps;        /* meals begun beside an eating neighbour */
	_Atomic unsigned state;   /* DN_*, for the parent's diagnosis */
	_Atomic uint64_t since;   /* CLOCK_MONOTONIC ns of the last change */
	uint64_t gate_ns;         /* when this philosopher passed the gate */
	struct ct_hist hungry;
} ct_aligned(CT_PAD);

struct dn_shared {
	struct ct_prob_shared hdr;
	struct dn_slot slot[];
};

struct dn_job {
	struct ct_prob_job j; /* first: workers get &j */
	const struct ct_dining_ops *ops;
	struct dn_shared *sh; /* = j.shm */
	atomic_uint *users;   /* per chopstick: philosophers eating with it */
	uint64_t think_ticks, eat_ticks, gap_ticks;
};

/* ---- philosopher ---------------------------------------------------------- */

/* relaxed: diagnostics for the parent, which reads them after a stall. */
static void dn_state(struct dn_slot *me, unsigned state)
{
	atomic_store_explicit(&me->state, state, memory_order_relaxed);
	atomic_store_explicit(&me->since, ct_clock_ns(), memory_order_relaxed);
}

static void dn_holding_first(void *arg, unsigned i)
{
	struct dn_job *d = arg;
	dn_state(&d->sh->slot[i], DN_HOLDING_FIRST);
	ct_delay_ticks(d->gap_ticks);
}

/* Count philosopher i on both its chopsticks; +1 (enter) or -1 (leave).
 * Returns whether someone was already there. relaxed: a detector. */
static bool dn_chopsticks(struct dn_job *d, unsigned i, int delta)
{
	unsigned n = d->j.n, busy = 0;
	unsigned stick[2] = { ct_dining_right(i, n), ct_dining_left(i, n) };
	for (unsigned k = 0; k < 2; k++) {
		if (delta > 0)
			busy |= atomic_fetch_add_explicit(&d->users[stick[k]], 1,
							  memory_order_relaxed);
		else
			atomic_fetch_sub_explicit(&d->users[stick[k]], 1,
						  memory_order_relaxed);
	}
	return busy != 0;
}

static void dn_meal(struct dn_job *d, unsigned i, struct dn_slot *me,
		    void *const *ctx)
{
	ct_delay_ticks(d->think_ticks);
	dn_state(me, DN_HUNGRY);
	bool measuring = ct_prob_measuring(&d->j);
	uint64_t t0 = ct_now();
	d->ops->pickup(d->j.sync.obj, i, ctx);
	uint64_t hungry = ct_prob_span(t0, ct_now());
	dn_state(me, DN_EATING);
	me->overlaps += dn_chopsticks(d, i, 1);
	ct_delay_ticks(d->eat_ticks);
	dn_chopsticks(d, i, -1);
	d->ops->putdown(d->j.sync.obj, i, ctx);
	dn_state(me, DN_THINKING);
	if (measuring) {
		me->meals++;
		ct_hist_record(&me->hungry, hungry);
	}
}

static void dn_worker(struct ct_worker *w)
{
	struct dn_job *d = w->arg;
	struct dn_slot *me = &d->sh->slot[w->tid];
	ct_hist_init(&me->hungry); /* first touch: on this thread's node */
	void *const *ctx = ct_prob_worker_start(&d->j, w->tid);
	if (!ctx)
		return;
	me->gate_ns = ct_clock_ns();
	for (uint64_t m = 0; ct_prob_more(&d->j, m); m++) {
		dn_meal(d, w->tid, me, ctx);
		/* relaxed: progress for the watchdog, read across processes. */
		atomic_store_explicit(&me->done, m + 1, memory_order_relaxed);
	}
}

/* ---- parent side ------------------------------------------------------------ */

static uint64_t dn_progress(struct ct_prob_job *j)
{
	const struct dn_job *d = (const struct dn_job *)j;
	uint64_t n = 0;
	for (unsigned i = 0; i < j->nthreads; i++)
		n += atomic_load_explicit(&d->sh->slot[i].done,
					  memory_order_relaxed);
	return n;
}

/* Every philosopher holds one chopstick and waits for the next. */
static bool dn_circular(struct ct_prob_job *j)
{
	const struct dn_job *d = (const struct dn_job *)j;
	for (unsigned i = 0; i < j->nthreads; i++)
		if (atomic_load(&d->sh->slot[i].state) != DN_HOLDING_FIRST)
			return false;
	return true;
}

/* CLOCK_MONOTONIC ns when the cycle closed: the last state change. */
static uint64_t dn_deadlock_ns(const struct dn_job *d)
{
	uint64_t last = 0;
	for (unsigned i = 0; i < d->j.nthreads; i++) {
		uint64_t t = atomic_load(&d->sh->slot[i].since);
		last = t > last ? t : last;
	}
	return last;
}

static uint64_t dn_gate_ns(const struct dn_job *d)
{
	uint64_t first = UINT64_MAX;
	for (unsigned i = 0; i < d->j.nthreads; i++) {
		uint64_t t = d->sh->slot[i].gate_ns;
		first = t && t < first ? t : first;
	}
	return first;
}

static void dn_measures(const struct dn_job *d, bool deadlocked,
			struct ct_rec *rec)
{
	unsigned n = d->j.nthreads;
	uint64_t end = deadlocked ? dn_deadlock_ns(d) : 0;
	double secs = ct_prob_window_s(&d->sh->hdr, end), smin, smax;
	struct ct_hist *h = malloc(sizeof(*h));
	uint64_t *meals = calloc(n, sizeof(uint64_t)), total = 0;
	ct_hist_init(h);
	for (unsigned i = 0; i < n; i++) {
		ct_prob_hist_add(h, &d->sh->slot[i].hungry);
		meals[i] = d->sh->slot[i].meals;
		total += meals[i];
	}
	ct_share_range(meals, n, &smin, &smax);
	ct_rec_num(rec, "duration_s", secs);
	ct_rec_int(rec, "meals", (long long)total);
	ct_rec_num(rec, "throughput_ops", total ? (double)total / secs : NAN);
	ct_prob_put_hist(rec, (const char *const[]){ "hungry_p50_ns",
			 "hungry_p99_ns", NULL, "hungry_max_ns",
			 "hungry_mean_ns" }, h);
	ct_rec_num(rec, "jain", total ? ct_jain(meals, n) : NAN);
	ct_rec_num(rec, "share_min", total ? smin : NAN);
	ct_rec_num(rec, "share_max", total ? smax : NAN);
	free(h), free(meals);
}

static void dn_judge(const struct dn_job *d, struct ct_rec *rec,
		     struct ct_prob_verdict *v)
{
	bool deadlocked = v->out.end == CT_END_DEADLOCK;
	uint64_t overlaps = 0;
	for (unsigned i = 0; i < d->j.nthreads; i++)
		overlaps += d->sh->slot[i].overlaps;
	if (deadlocked)
		v->deadlock_s = (double)(dn_deadlock_ns(d) - dn_gate_ns(d)) / 1e9;
	ct_rec_int(rec, "deadlocked", deadlocked);
	ct_rec_num(rec, "deadlock_s", deadlocked ? v->deadlock_s : NAN);
	ct_rec_int(rec, "overlaps", (long long)overlaps);
	if (overlaps)
		ct_prob_fail(v, "%llu meals with a neighbour eating",
			     (unsigned long long)overlaps);
}

static void dn_put_config(const struct ct_prob_cfg *c, struct ct_rec *rec)
{
	ct_rec_int(rec, "philosophers", c->philosophers);
	ct_rec_int(rec, "think_ns", (long long)c->think_ns);
	ct_rec_int(rec, "eat_ns", (long long)c->eat_ns);
	ct_rec_int(rec, "gap_ns", (long long)c->gap_ns);
}

static void dn_mapped(struct ct_prob_job *j)
{
	((struct dn_job *)j)->sh = (struct dn_shared *)j->shm;
}

static void dn_report(struct ct_prob_job *j, struct ct_rec *rec,
		      struct ct_prob_verdict *v)
{
	struct dn_job *d = (struct dn_job *)j;
	dn_measures(d, v->out.end == CT_END_DEADLOCK, rec);
	dn_judge(d, rec, v);
}

int ct_prob_dining_run(const struct ct_prob_cfg *c, const int *cpus,
		       const int *numa, struct ct_rec *rec,
		       struct ct_prob_verdict *v)
{
	unsigned n = c->philosophers;
	struct dn_job d = {
		.j = { .c = c, .cpus = cpus, .numa = numa, .nthreads = n,
		       .n = n, .worker = dn_worker, .progress = dn_progress,
		       .circular = dn_circular, .mapped = dn_mapped,
		       .report = dn_report, .hook = dn_holding_first },
		.ops = (const struct ct_dining_ops *)c->algo,
		.users = calloc(n, sizeof(atomic_uint)),
		.think_ticks = ct_ns_to_ticks((double)c->think_ns),
		.eat_ticks = ct_ns_to_ticks((double)c->eat_ns),
		.gap_ticks = ct_ns_to_ticks((double)c->gap_ns),
	};
	d.j.hook_arg = &d; /* the child's copy of d, after fork */
	dn_put_config(c, rec);
	if (!d.users) {
		memset(v, 0, sizeof(*v));
		snprintf(v->why, sizeof(v->why), "out of memory");
		return -1;
	}
	int rc = ct_prob_job_go(&d.j, sizeof(struct dn_shared) +
					      n * sizeof(struct dn_slot), rec, v);
	free(d.users);
	return rc;
}

const struct ct_col ct_prob_dining_table[] = {
	{ "variant", "variant", 11, "%s" },
	{ "mutex", "mutex", 14, "%s" },
	{ "sem", "sem", 6, "%s" },
	{ "philosophers", "N", 4, NULL },
	{ "throughput_ops", "meals/s", 11, "%.0f" },
	{ "throughput_spread", "+-%", 6, "%.1f" },
	{ "jain", "jain", 6, "%.3f" },
	{ "hungry_p99_ns", "hungry99", 10, "%.0f" },
	{ "hungry_max_ns", "hungrymax", 11, "%.0f" },
	{ "deadlocks", "deadlk", 7, "%s" },
	{ "deadlock_s", "ttd_s", 9, "%.5f" },
	{ "check", "check", 6, "%s" },
	{ NULL, NULL, 0, NULL },
};
