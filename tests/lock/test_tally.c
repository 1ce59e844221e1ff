/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_tally.c - the tally build (harness/lock/tally.h): exact atomic
 * counts of single-thread acquisitions, which locks have one, the
 * polls_per_acquire / rmw_per_acquire fields of a benchmark record, and
 * miss_per_transfer (NA without a PMU, never 0).
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "harness/core/fingerprint.h"
#include "harness/lock/contention.h"
#include "harness/lock/tally.h"
#include "locks/ops.h"
#include "tests/support.h"

struct tally_case {
	const char *name;
	struct ct_tally acq, rel; /* {loads, stores, rmws} */
};

/*
 * One thread, a fresh lock, --wait spin (so ct_parkq_wake and
 * ct_park_grant make no atomic access beyond the ones named). Read off
 * the headers in locks/:
 *   null    no atomics at all.
 *   tas     acquire: trylock's exchange, which finds 0 (1 RMW).
 *           release: the store of 0.
 *   ttas    acquire: the exchange at once, no test first (1 RMW).
 *           release: the store of 0.
 *   ticket  acquire: the draw's fetch_add, whose ticket is the one being
 *           served (1 RMW, no poll). release: the load of owner and the
 *           store of owner + 1.
 *   mcs     acquire: stores of ->next and ->locked, the exchange of tail,
 *           which finds NULL (2 stores, 1 RMW). release: the load of
 *           ->next (NULL), the CAS of tail back to NULL, which succeeds
 *           (1 load, 1 RMW).
 *   clh     acquire: the store of our node's flag, the exchange of tail,
 *           one poll of the predecessor's flag, already 0 (1 load,
 *           1 store, 1 RMW). release: the grant, a store (spin).
 *   futex   acquire: the CAS 0 -> 1, which succeeds (1 RMW). release: the
 *           exchange back to 0 (1 RMW), which finds no sleeper.
 * Each holds at every later round too (clh swaps nodes, the same counts).
 */
static const struct tally_case cases[] = {
	{ "null", { 0, 0, 0 }, { 0, 0, 0 } },
	{ "tas", { 0, 0, 1 }, { 0, 1, 0 } },
	{ "ttas", { 0, 0, 1 }, { 0, 1, 0 } },
	{ "ticket", { 0, 0, 1 }, { 1, 1, 0 } },
	{ "mcs", { 0, 2, 1 }, { 1, 0, 1 } },
	{ "clh", { 1, 1, 1 }, { 0, 1, 0 } },
	{ "futex", { 0, 0, 1 }, { 0, 0, 1 } },
};

static void *zalloc(size_t size)
{
	size_t padded = (size + CT_PAD - 1) / CT_PAD * CT_PAD;
	void *p = aligned_alloc(CT_PAD, padded ? padded : CT_PAD);
	cr_assert_not_null(p);
	memset(p, 0, padded ? padded : CT_PAD);
	return p;
}

static void expect_tally(const char *name, const char *what, unsigned round,
			 struct ct_tally got, struct ct_tally want)
{
	cr_expect(got.loads == want.loads && got.stores == want.stores &&
			  got.rmws == want.rmws,
		  "%s %s, round %u: loads/stores/rmws %llu/%llu/%llu, "
		  "expected %llu/%llu/%llu", name, what, round,
		  (unsigned long long)got.loads, (unsigned long long)got.stores,
		  (unsigned long long)got.rmws, (unsigned long long)want.loads,
		  (unsigned long long)want.stores, (unsigned long long)want.rmws);
}

Test(tally, single_thread_counts_are_exact, .timeout = 10)
{
	for (size_t i = 0; i < CT_ARRAY_SIZE(cases); i++) {
		const struct tally_case *c = &cases[i];
		const struct ct_lock_ops *ops = ct_lock_ops_find(c->name);
		const struct ct_tally_fns *fns = ct_tally_find(c->name);
		cr_assert_not_null(ops, "%s", c->name);
		cr_assert_not_null(fns, "%s has no tally build", c->name);
		struct ct_lock_cfg cfg = CT_LOCK_CFG_DEFAULT;
		cfg.max_threads = 1;
		cfg.wait.policy = CT_WAIT_SPIN;
		void *lock = zalloc(ops->lock_size), *ctx = zalloc(ops->ctx_size);
		cr_assert_eq(ops->init(lock, &cfg), 0, "%s", c->name);
		ops->ctx_init(lock, ctx, 0);
		ct_tally_take(); /* whatever an earlier test left */
		for (unsigned round = 0; round < 3; round++) {
			fns->acquire(lock, ctx);
			expect_tally(c->name, "acquire", round, ct_tally_take(),
				     c->acq);
			fns->release(lock, ctx);
			expect_tally(c->name, "release", round, ct_tally_take(),
				     c->rel);
		}
		/* The tally build's release left the lock free for the
		 * ordinary one, and its counts untouched. */
		ops->acquire(lock, ctx);
		ops->release(lock, ctx);
		expect_tally(c->name, "ordinary build", 0, ct_tally_take(),
			     (struct ct_tally){ 0, 0, 0 });
		ops->destroy(lock);
		free(lock);
		free(ctx);
	}
}

/* Every lock whose atomics are ours has one; peers and baselines none. */
Test(tally, which_locks_are_tallied, .timeout = 10)
{
	for (const char *const *n = ct_lock_names(true); *n; n++) {
		unsigned flags = ct_lock_ops_find(*n)->flags;
		bool foreign = flags & (CT_LOCK_PEER | CT_LOCK_BASELINE);
		const struct ct_tally_fns *fns = ct_tally_find(*n);
		cr_expect_eq(fns == NULL, foreign, "%s", *n);
		if (fns)
			cr_expect(fns->acquire && fns->release, "%s", *n);
	}
	cr_expect_null(ct_tally_find("pthread-mutex"));
	cr_expect_null(ct_tally_find("pthread-spin"));
	cr_expect_null(ct_tally_find("no-such-lock"));
	cr_expect_not_null(ct_tally_find("broken"), "hidden, but ours");
}

/* Column col of the CSV row whose algo and threads are given. */
static bool row_field(const char *algo, unsigned threads, const char *col,
		      char *out, size_t len)
{
	char a[64], t[16];
	for (unsigned row = 0;
	     ct_test_csv_field(ct_test_out, row, "algo", a, sizeof(a)); row++)
		if (!strcmp(a, algo) &&
		    ct_test_csv_field(ct_test_out, row, "threads", t, sizeof(t)) &&
		    (unsigned)atoi(t) == threads)
			return ct_test_csv_field(ct_test_out, row, col, out, len);
	return false;
}

static bool numeric(const char *v)
{
	char *end;
	double x = strtod(v, &end);
	return *v && !*end && isfinite(x);
}

/* Numbers for our locks (exact at one thread: the counts above), NA for
 * a lock whose atomics the tally build cannot see. */
Test(tally, records_carry_tally_fields, .timeout = 60)
{
	cr_assert_eq(ct_test_contend("lock --algo tas,mcs,pthread-mutex "
				     "--threads 1,2 --duration 30ms --warmup 0 "
				     "--reps 1 --sample 4 --format csv --quiet"),
		     0, "%s", ct_test_out);
	static const struct {
		const char *algo;
		double polls1, rmw1; /* at one thread: acquire + release */
	} ours[] = { { "tas", 0, 1 }, { "mcs", 0, 2 } };
	char polls[64], rmw[64];
	for (unsigned i = 0; i < CT_ARRAY_SIZE(ours); i++) {
		for (unsigned t = 1; t <= 2; t++) {
			cr_assert(row_field(ours[i].algo, t, "polls_per_acquire",
					    polls, sizeof(polls)) &&
					  row_field(ours[i].algo, t, "rmw_per_acquire",
						    rmw, sizeof(rmw)),
				  "%s at %u: fields missing: %s", ours[i].algo, t,
				  ct_test_out);
			cr_assert(numeric(polls) && numeric(rmw),
				  "%s at %u: polls %s rmw %s", ours[i].algo, t,
				  polls, rmw);
			cr_expect_geq(atof(polls), 0);
			/* every acquisition of either makes one RMW at least */
			cr_expect_geq(atof(rmw), 1, "%s at %u: rmw %s",
				      ours[i].algo, t, rmw);
			if (t == 1) {
				cr_expect_eq(atof(polls), ours[i].polls1,
					     "%s: polls %s", ours[i].algo, polls);
				cr_expect_eq(atof(rmw), ours[i].rmw1, "%s: rmw %s",
					     ours[i].algo, rmw);
			}
		}
	}
	for (unsigned t = 1; t <= 2; t++) {
		cr_assert(row_field("pthread-mutex", t, "polls_per_acquire", polls,
				    sizeof(polls)) &&
			  row_field("pthread-mutex", t, "rmw_per_acquire", rmw,
				    sizeof(rmw)));
		cr_expect_str_eq(polls, "NA");
		cr_expect_str_eq(rmw, "NA");
	}
}

Test(tally, miss_per_transfer_arithmetic, .timeout = 10)
{
	cr_expect_float_eq(ct_miss_per_transfer(3, 6), 0.5, 1e-12);
	cr_expect_eq(ct_miss_per_transfer(0, 4), 0, "no miss is a number");
	cr_expect(isnan(ct_miss_per_transfer(NAN, 4)), "no counters");
	cr_expect(isnan(ct_miss_per_transfer(3, NAN)), "no design figure");
	cr_expect(isnan(ct_miss_per_transfer(3, 0)), "no transfer");
	cr_expect(isnan(ct_miss_per_transfer(3, -1)));
	cr_expect(isnan(ct_miss_per_transfer(INFINITY, 2)));
	cr_expect(isnan(ct_miss_per_transfer(3, INFINITY)));
}

/* With --counters: a number where the PMU counts misses and the lock
 * transfers lines, else NA; without a PMU always NA, never 0. */
Test(tally, miss_per_transfer_is_na_without_a_pmu, .timeout = 60)
{
	char pmu[256], v[64], misses[64], transfers[64];
	bool have = ct_pmu_probe(pmu, sizeof(pmu));
	cr_assert_eq(ct_test_contend("lock --algo tas --threads 2 --duration 30ms "
				     "--warmup 0 --reps 1 --counters "
				     "--format csv --quiet"),
		     0, "%s", ct_test_out);
	cr_assert(ct_test_csv_field(ct_test_out, 0, "miss_per_transfer", v,
				    sizeof(v)), "%s", ct_test_out);
	cr_assert(ct_test_csv_field(ct_test_out, 0, "cache_misses_per_op",
				    misses, sizeof(misses)));
	cr_assert(ct_test_csv_field(ct_test_out, 0, "transfers_per_acquire",
				    transfers, sizeof(transfers)));
	if (!have) {
		cr_expect_str_eq(misses, "NA", "no PMU: %s", pmu);
		cr_expect_str_eq(v, "NA", "no PMU: %s", pmu);
	} else if (numeric(misses) && numeric(transfers) && atof(transfers) > 0) {
		cr_expect(numeric(v), "misses %s transfers %s: %s", misses,
			  transfers, v);
	} else {
		cr_expect_str_eq(v, "NA", "misses %s transfers %s", misses,
				 transfers);
	}
}
