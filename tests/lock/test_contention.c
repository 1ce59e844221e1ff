/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_contention.c - coherence transfers per acquisition: every lock's
 * design figure (ct_lock_<id>_transfers in its header) against the
 * counting build in the deterministic schedule, and the contention
 * fields of a benchmark record.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "harness/lock/coherence.h"
#include "harness/lock/contention.h"
#include "harness/lock/lockbench.h"
#include "tests/support.h"

/* Exactly, over whole periods, for every spinning lock of ours at 1-8. */
Test(contention, design_matches_counting_build, .timeout = 120)
{
	unsigned checked = 0;
	for (const char *const *n = ct_lock_names(false); *n; n++) {
		if (!ct_cc_supported(*n) ||
		    isnan(ct_lock_design_transfers(*n, 1, 2)))
			continue;
		for (unsigned t = 1; t <= 8; t++) {
			struct ct_cc_result r;
			char err[256];
			cr_assert_eq(ct_cc_count(*n, t, CT_CC_WARMUP, CT_CC_CYCLES, 0,
					     &r, err, sizeof(err)),
				     0, "%s at %u: %s", *n, t, err);
			double d = ct_lock_design_transfers(*n, r.waiters, t);
			/* every cycle equal to a whole-number design; the mean
			 * over whole periods for c-tkt-mcs's fractional one */
			cr_expect(ct_contention_exact(&r, d),
				  "%s at %u threads: counted %.6f (cycles %g..%g), "
				  "design %.6f", *n, t, r.transfers, r.min_cycle,
				  r.max_cycle, d);
			checked++;
		}
	}
	/* tas ttas backoff ticket ticket-pb anderson mcs cna c-tkt-mcs shfl
	 * malthus clh: every spinning lock of ours */
	cr_expect_eq(checked, 12 * 8, "locks checked: %u", checked);
}

/* The check is not blind: the designs that the field contrasts differ,
 * and grow (or not) with the waiters as the counts do. */
Test(contention, ticket_grows_with_waiters_mcs_does_not, .timeout = 60)
{
	struct ct_cc_result t2, t8, m2, m8;
	char err[256];
	cr_assert_eq(ct_cc_count("ticket", 2, 8, 16, 0, &t2, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(ct_cc_count("ticket", 8, 8, 16, 0, &t8, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(ct_cc_count("mcs", 2, 8, 16, 0, &m2, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(ct_cc_count("mcs", 8, 8, 16, 0, &m8, err, sizeof(err)), 0, "%s", err);
	cr_expect_gt(t8.transfers, t2.transfers + 10);
	cr_expect_eq(m8.transfers, m2.transfers);
	cr_expect_gt(t8.transfers, m8.transfers);
}

Test(contention, unsupported_locks_are_refused, .timeout = 10)
{
	struct ct_cc_result r;
	char err[256];
	cr_expect_not(ct_cc_supported("futex"));
	cr_expect_not(ct_cc_supported("null"));
	cr_expect_eq(ct_cc_count("futex", 2, 1, 1, 0, &r, err, sizeof(err)), -1);
	cr_expect_not_null(strstr(err, "spinning"), "%s", err);
	cr_expect(isnan(ct_lock_design_transfers("futex", 1, 2)));
	cr_expect(isnan(ct_lock_design_transfers("no-such-lock", 1, 2)));
	cr_expect_eq(ct_lock_design_transfers("tas", 0, 2), 0, "no waiter, no transfer");
}

/* A run's design figure from its measured share and waiters. */
Test(contention, design_of_a_run, .timeout = 10)
{
	cr_expect_eq(ct_contention_design("mcs", 0.5, 1.5, 4), 0.5 * 6);
	/* ticket is linear: 2W + 2 over the contended releases */
	cr_expect_float_eq(ct_contention_design("ticket", 0.5, 1.5, 4),
			   0.5 * (2 * 3 + 2), 1e-12);
	cr_expect_eq(ct_contention_design("tas", 0, 0, 1), 0);
	cr_expect(isnan(ct_contention_design("futex", 0.5, 1, 2)));
}

/* The record fields, in a normal run: zero at one thread, in range at two. */
Test(contention, records_carry_contention, .timeout = 60)
{
	cr_assert_eq(ct_test_contend("lock --algo tas --threads 1,2 --duration 30ms "
				     "--warmup 0 --reps 1 --sample 4 --format csv --quiet"),
		     0, "%s", ct_test_out);
	static const char *const keys[] = {
		"contended_share", "waiters_at_release", "transfers_per_acquire",
	};
	for (unsigned row = 0; row < 2; row++) {
		for (unsigned k = 0; k < CT_ARRAY_SIZE(keys); k++) {
			char v[64];
			cr_assert(ct_test_csv_field(ct_test_out, row, keys[k], v,
						    sizeof(v)),
				  "%s missing: %s", keys[k], ct_test_out);
			if (row == 0)
				cr_expect_eq(atof(v), 0, "1 thread: %s = %s", keys[k], v);
			else if (strcmp(v, "NA"))
				cr_expect(atof(v) >= 0, "%s = %s", keys[k], v);
		}
		char share[64];
		ct_test_csv_field(ct_test_out, row, "contended_share", share,
				  sizeof(share));
		cr_expect(!strcmp(share, "NA") || atof(share) <= 1, "share %s", share);
	}
}

Test(contention, count_transfers_diagnostic, .timeout = 60)
{
	cr_assert_eq(ct_test_contend("lock --count-transfers --algo ticket,mcs,futex "
				     "--threads 1,4"),
		     0, "%s", ct_test_out);
	cr_expect_null(strstr(ct_test_out, "MISMATCH"), "%s", ct_test_out);
	cr_expect_not_null(strstr(ct_test_out, "futex  (not a spinning lock"),
			   "%s", ct_test_out);
}

/* The NUMA-aware locks at sizes where the schedule once broke: shfl's
 * head once read the same link twice in a row, which the model took for
 * a poll, and at 6 threads the schedule stopped (and the diagnostic hung
 * joining threads left inside the lock). */
Test(contention, numa_locks_are_counted_and_match, .timeout = 60)
{
	cr_assert_eq(ct_test_contend("lock --count-transfers --algo shfl,c-tkt-mcs "
				     "--threads 2,6,8"),
		     0, "%s", ct_test_out);
	cr_expect_null(strstr(ct_test_out, "error"), "%s", ct_test_out);
	const char *p = ct_test_out;
	unsigned rows = 0;
	while ((p = strstr(p, "  ok\n")))
		rows++, p++;
	cr_expect_eq(rows, 6, "%s", ct_test_out);
}

/* The free schedule (random order, 1 to threads - 1 waiters, arrivals
 * between hand-offs): every design within 10% of the count at the
 * waiters each release found, for every spinning lock of ours. */
Test(contention, designs_hold_in_a_free_schedule, .timeout = 180)
{
	static const unsigned sizes[] = { 3, 5, 8 };
	unsigned checked = 0;
	for (const char *const *n = ct_lock_names(false); *n; n++) {
		if (!ct_cc_supported(*n))
			continue;
		for (unsigned i = 0; i < CT_ARRAY_SIZE(sizes); i++) {
			struct ct_cc_result r;
			char err[256];
			cr_assert_eq(ct_cc_count(*n, sizes[i], CT_CC_WARMUP,
						 CT_CC_FREE_CYCLES, 7 + i, &r,
						 err, sizeof(err)),
				     0, "%s at %u: %s", *n, sizes[i], err);
			double d = ct_contention_design_counted(*n, &r);
			cr_expect(ct_contention_near(r.transfers, d),
				  "%s at %u threads: counted %.3f, design %.3f",
				  *n, sizes[i], r.transfers, d);
			checked++;
		}
		/* the schedule is free: releases found different waiters */
		struct ct_cc_result r;
		char err[256];
		cr_assert_eq(ct_cc_count(*n, 8, CT_CC_WARMUP, CT_CC_FREE_CYCLES,
					 1, &r, err, sizeof(err)), 0, "%s", err);
		unsigned kinds = 0;
		for (unsigned w = 0; w <= 8; w++)
			kinds += r.releases_with[w] > 0;
		cr_expect(kinds >= 3 && r.releases_with[7] > 0 &&
				  r.min_cycle < r.max_cycle,
			  "%s: %u different waiter counts, %u releases with 7",
			  *n, kinds, r.releases_with[7]);
	}
	cr_expect_eq(checked, 12 * 3, "locks checked: %u", checked);
	/* and the tolerance is a check: ticket's count at 8 is not MCS's */
	cr_expect_not(ct_contention_near(12.68, 6));
}
