/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The litmus tests' racing code and the table of variants.
 *
 * Every shared access is a C11 atomic, so even the variants that break
 * (the unfenced ones) have no data race: what breaks is the algorithm,
 * under the memory model the code asked for. On x86-64 gcc compiles the
 * relaxed, release and acquire accesses to plain movs, the seq_cst fence
 * to mfence (or a locked RMW) and a seq_cst store to xchg.
 */
#include "litmus_impl.h"
#include "harness/core/timing.h"

/* ---- store buffering --------------------------------------------------- */

/*
 * Thread `me` stores k into its variable and loads the other's. Returns 1
 * if it saw the other thread's trial-k store. Outcome r1 = r2 = 0 means
 * each load was satisfied before the other thread's store became visible:
 * both stores were still in their store buffers.
 */
static ct_always_inline unsigned sb_trial(struct lt_run *r, unsigned me,
					  uint64_t k, enum lt_order o)
{
	_Atomic uint64_t *mine = &r->line[me].v, *theirs = &r->line[1 - me].v;
	uint64_t seen;
	switch (o) {
	case LT_RELAXED:
		atomic_store_explicit(mine, k, memory_order_relaxed);
		seen = atomic_load_explicit(theirs, memory_order_relaxed);
		break;
	case LT_ACQREL: /* release/acquire do not order a store before a load */
		atomic_store_explicit(mine, k, memory_order_release);
		seen = atomic_load_explicit(theirs, memory_order_acquire);
		break;
	case LT_FENCE: /* the store must be visible before the load reads */
		atomic_store_explicit(mine, k, memory_order_relaxed);
		lt_fence();
		seen = atomic_load_explicit(theirs, memory_order_relaxed);
		break;
	default: /* seq_cst: one total order of all four accesses */
		atomic_store_explicit(mine, k, memory_order_seq_cst);
		seen = atomic_load_explicit(theirs, memory_order_seq_cst);
		break;
	}
	return seen == k;
}

/* ---- too much milk ------------------------------------------------------ */

/*
 * The fridge holds the day milk was last bought: "no milk" today is
 * milk != day. relaxed: whoever reads it is ordered after the buyer by
 * the solution's own notes (or not, which is the point of the unfenced
 * ones) or by the lock.
 */
static ct_always_inline bool milk_missing(struct lt_run *r, uint64_t day)
{
	return atomic_load_explicit(&r->line[LT_MILK].v,
				    memory_order_relaxed) != day;
}

static ct_always_inline unsigned milk_buy(struct lt_run *r, uint64_t day)
{
	atomic_store_explicit(&r->line[LT_MILK].v, day, memory_order_relaxed);
	return 1;
}

/* Solution 1: if (no milk) { if (no note) { leave note; buy; remove } }.
 * Both can pass the note check before either leaves the note: too much
 * milk even under sequential consistency. */
static unsigned milk_sol1(struct lt_run *r, unsigned me, uint64_t day)
{
	_Atomic uint64_t *note = &r->line[LT_NOTE].v;
	unsigned bought = 0;
	(void)me;
	if (milk_missing(r, day) &&
	    !atomic_load_explicit(note, memory_order_acquire)) {
		atomic_store_explicit(note, 1, memory_order_relaxed);
		bought = milk_buy(r, day);
		atomic_store_explicit(note, 0, memory_order_release);
	}
	return bought;
}

/* Leave my labelled note; with `fence`, make it visible before reading. */
static ct_always_inline void milk_leave_note(struct lt_run *r, unsigned me,
					     bool fence)
{
	atomic_store_explicit(&r->line[LT_NOTE_A + me].v, 1,
			      memory_order_relaxed);
	if (fence)
		lt_fence();
}

/* release: a later reader of "no note" also sees the milk bought before. */
static ct_always_inline void milk_remove_note(struct lt_run *r, unsigned me)
{
	atomic_store_explicit(&r->line[LT_NOTE_A + me].v, 0,
			      memory_order_release);
}

/* acquire: pairs with milk_remove_note(). */
static ct_always_inline bool milk_note_of(struct lt_run *r, unsigned who)
{
	return atomic_load_explicit(&r->line[LT_NOTE_A + who].v,
				    memory_order_acquire);
}

/*
 * Solution 2: leave note A; if (no note B) { if (no milk) buy; } remove
 * note A. Safe under SC but both may see the other's note (no milk). On a
 * store-buffer machine, without the fence both may miss the other's note
 * and both buy.
 */
static ct_always_inline unsigned milk_sol2(struct lt_run *r, unsigned me,
					   uint64_t day, bool fence)
{
	unsigned bought = 0;
	milk_leave_note(r, me, fence);
	if (!milk_note_of(r, 1 - me) && milk_missing(r, day))
		bought = milk_buy(r, day);
	milk_remove_note(r, me);
	return bought;
}

/*
 * Solution 3: A waits while note B is up, then buys if there is no milk;
 * B is as in solution 2. Exactly one buys under SC (and with the fence);
 * without it both can miss each other's note.
 */
static ct_always_inline unsigned milk_sol3(struct lt_run *r, unsigned me,
					   uint64_t day, bool fence)
{
	if (me == 1)
		return milk_sol2(r, me, day, fence);
	struct ct_waiter w =
		ct_waiter_start((struct ct_wait){ CT_WAIT_YIELD, LT_SPIN_LIMIT });
	unsigned bought = 0;
	milk_leave_note(r, 0, fence);
	while (milk_note_of(r, 1))
		ct_wait_step(&w);
	if (milk_missing(r, day))
		bought = milk_buy(r, day);
	milk_remove_note(r, 0);
	return bought;
}

/* The lock solution: lock; if (no milk) buy; unlock. Through the ops
 * table: one indirect call per day is noise next to the barrier. */
static unsigned milk_lock(struct lt_run *r, unsigned me, uint64_t day)
{
	unsigned bought = 0;
	r->ops->acquire(r->lock, r->ctx[me]);
	if (milk_missing(r, day))
		bought = milk_buy(r, day);
	r->ops->release(r->lock, r->ctx[me]);
	return bought;
}

/* ---- Peterson ----------------------------------------------------------- */

/*
 * Entry: flag[me] = 1; turn = other; wait while flag[other] && turn ==
 * other. Correctness needs the two stores visible before the loads
 * (store-load order): LT_ACQREL leaves that out, LT_FENCE adds a seq_cst
 * fence, LT_SEQCST makes every access seq_cst.
 */
static ct_always_inline void pt_enter(struct lt_run *r, unsigned me,
				      enum lt_order o)
{
	const unsigned other = 1 - me;
	memory_order st = o == LT_SEQCST ? memory_order_seq_cst :
			  o == LT_FENCE  ? memory_order_relaxed :
					   memory_order_release;
	memory_order ld = o == LT_SEQCST ? memory_order_seq_cst :
					   memory_order_acquire;
	struct ct_waiter w =
		ct_waiter_start((struct ct_wait){ CT_WAIT_YIELD, LT_SPIN_LIMIT });
	atomic_store_explicit(&r->line[LT_FLAG0 + me].v, 1, st);
	atomic_store_explicit(&r->line[LT_TURN].v, other, st);
	if (o == LT_FENCE)
		lt_fence();
	while (atomic_load_explicit(&r->line[LT_FLAG0 + other].v, ld) &&
	       atomic_load_explicit(&r->line[LT_TURN].v, ld) == other)
		ct_wait_step(&w);
}

/* release: the critical section happens before the other's next entry. */
static ct_always_inline void pt_exit(struct lt_run *r, unsigned me,
				     enum lt_order o)
{
	atomic_store_explicit(&r->line[LT_FLAG0 + me].v, 0,
			      o == LT_SEQCST ? memory_order_seq_cst :
					       memory_order_release);
}

/*
 * The critical section checks itself: occupancy must be 0 on entry (an
 * RMW, relaxed: it only counts, the entry protocol is what is tested),
 * and a read-pause-write increment loses an update when two overlap.
 * Returns 1 if the other thread was inside.
 */
static ct_always_inline unsigned pt_critical(struct lt_run *r)
{
	unsigned clash = atomic_fetch_add_explicit(&r->occ.v, 1,
						   memory_order_relaxed) != 0;
	uint64_t c = atomic_load_explicit(&r->count.v, memory_order_relaxed);
	ct_cpu_relax();
	atomic_store_explicit(&r->count.v, c + 1, memory_order_relaxed);
	atomic_fetch_sub_explicit(&r->occ.v, 1, memory_order_relaxed);
	return clash;
}

/*
 * One round: both threads leave the barrier and enter at once, the
 * moment when both entries race (in a back-to-back loop one thread is
 * nearly always waiting with its flag long visible, and the race hides).
 */
static ct_always_inline unsigned pt_round(struct lt_run *r, unsigned me,
					  enum lt_order o)
{
	pt_enter(r, me, o);
	unsigned clash = pt_critical(r);
	pt_exit(r, me, o);
	return clash;
}

/* One thread alone (flag[1] stays 0): what the entry costs, fence and
 * all, without waiting. */
static ct_always_inline void pt_solo(struct ct_worker *w, enum lt_order o)
{
	struct lt_run *r = w->arg;
	lt_thread_begin(r, 0);
	for (uint64_t i = 0; i < r->trials; i++) {
		pt_enter(r, 0, o);
		ct_compiler_barrier();
		pt_exit(r, 0, o);
	}
	lt_thread_end(r, 0);
}

/* ---- one compiled loop per variant ------------------------------------- */

#define LT_SB(id, order)                                                      \
	static unsigned lt_t_sb_##id(struct lt_run *r, unsigned me, uint64_t k) \
	{                                                                     \
		return sb_trial(r, me, k, order);                             \
	}                                                                     \
	static void lt_w_sb_##id(struct ct_worker *w)                         \
	{                                                                     \
		lt_trials(w, lt_t_sb_##id);                                   \
	}
LT_SB(relaxed, LT_RELAXED)
LT_SB(acqrel, LT_ACQREL)
LT_SB(fence, LT_FENCE)
LT_SB(seqcst, LT_SEQCST)

#define LT_MILK(id, expr)                                                     \
	static unsigned lt_t_milk_##id(struct lt_run *r, unsigned me,         \
				       uint64_t day)                          \
	{                                                                     \
		return expr;                                                  \
	}                                                                     \
	static void lt_w_milk_##id(struct ct_worker *w)                       \
	{                                                                     \
		lt_trials(w, lt_t_milk_##id);                                 \
	}
LT_MILK(sol1, milk_sol1(r, me, day))
LT_MILK(sol2, milk_sol2(r, me, day, false))
LT_MILK(sol2f, milk_sol2(r, me, day, true))
LT_MILK(sol3, milk_sol3(r, me, day, false))
LT_MILK(sol3f, milk_sol3(r, me, day, true))
LT_MILK(lock, milk_lock(r, me, day))

#define LT_PT(id, order)                                                      \
	static unsigned lt_t_pt_##id(struct lt_run *r, unsigned me, uint64_t k) \
	{                                                                     \
		(void)k;                                                      \
		return pt_round(r, me, order);                                \
	}                                                                     \
	static void lt_w_pt_##id(struct ct_worker *w)                         \
	{                                                                     \
		lt_trials(w, lt_t_pt_##id);                                   \
	}                                                                     \
	static void lt_s_pt_##id(struct ct_worker *w)                         \
	{                                                                     \
		pt_solo(w, order);                                            \
	}
LT_PT(nofence, LT_ACQREL)
LT_PT(fence, LT_FENCE)
LT_PT(seqcst, LT_SEQCST)

/* ---- the table ------------------------------------------------------ */

#define SB_CODE(how) "x=1; r1=y || y=1; r2=x, " how

const struct ct_lt_variant ct_lt_variants[] = {
	{ CT_LT_SB, "relaxed", SB_CODE("relaxed atomics (plain movs)"),
	  "r1=r2=0", NULL, false, false, lt_w_sb_relaxed, NULL },
	{ CT_LT_SB, "acq-rel", SB_CODE("release stores, acquire loads"),
	  "r1=r2=0", NULL, false, false, lt_w_sb_acqrel, NULL },
	{ CT_LT_SB, "fence", SB_CODE("seq_cst fence between"), "r1=r2=0",
	  NULL, true, false, lt_w_sb_fence, NULL },
	{ CT_LT_SB, "seq-cst", SB_CODE("seq_cst stores and loads"), "r1=r2=0",
	  NULL, true, false, lt_w_sb_seqcst, NULL },
	{ CT_LT_PETERSON, "nofence",
	  "flag[i]=1; turn=j (release); wait flag[j] && turn==j (acquire)",
	  "both in CS", "lost update", false, false, lt_w_pt_nofence,
	  lt_s_pt_nofence },
	{ CT_LT_PETERSON, "fence",
	  "flag[i]=1; turn=j; seq_cst fence; wait flag[j] && turn==j",
	  "both in CS", "lost update", true, true, lt_w_pt_fence,
	  lt_s_pt_fence },
	{ CT_LT_PETERSON, "seq-cst", "as nofence, every access seq_cst",
	  "both in CS", "lost update", true, true, lt_w_pt_seqcst,
	  lt_s_pt_seqcst },
	{ CT_LT_MILK, "sol1", "if no milk { if no note { note; buy; unnote } }",
	  "too much", "no milk", false, true, lt_w_milk_sol1, NULL },
	{ CT_LT_MILK, "sol2", "note A; if no note B { if no milk: buy }; unnote",
	  "too much", "no milk", false, false, lt_w_milk_sol2, NULL },
	{ CT_LT_MILK, "sol2-fence", "as sol2, seq_cst fence after the note",
	  "too much", "no milk", true, false, lt_w_milk_sol2f, NULL },
	{ CT_LT_MILK, "sol3",
	  "A: note A; wait no note B; if no milk: buy. B: as sol2",
	  "too much", "no milk", false, true, lt_w_milk_sol3, NULL },
	{ CT_LT_MILK, "sol3-fence", "as sol3, seq_cst fence after each note",
	  "too much", "no milk", true, true, lt_w_milk_sol3f, NULL },
	{ CT_LT_MILK, "lock", "lock; if no milk: buy; unlock (--lock)",
	  "too much", "no milk", true, true, lt_w_milk_lock, NULL },
};

const unsigned ct_lt_nvariants = CT_ARRAY_SIZE(ct_lt_variants);
