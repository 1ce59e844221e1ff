/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The shared run order (harness/core/driver.h): repetitions interleaved,
 * odd ones visiting the groups backwards, members in order; a failed group
 * fails its members without running them; failures are counted and
 * reported to the family; the ETA uses the measured pace.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "harness/core/driver.h"

struct trace {
	char log[256];
	unsigned failed_calls;
	unsigned fail_group, fail_group_rep; /* group_begin fails here */
	unsigned fail_member;                /* run_point fails here */
};

static int begin(void *ctx, unsigned g, unsigned rep)
{
	struct trace *t = ctx;
	return g == t->fail_group && rep == t->fail_group_rep;
}

static void rep_mark(void *ctx, unsigned rep)
{
	struct trace *t = ctx;
	size_t n = strlen(t->log);
	snprintf(t->log + n, sizeof(t->log) - n, "| ");
}

static int point(void *ctx, unsigned g, unsigned m, unsigned rep)
{
	struct trace *t = ctx;
	size_t n = strlen(t->log);
	snprintf(t->log + n, sizeof(t->log) - n, "%c%u%u ", 'A' + g, m, rep);
	return m == t->fail_member;
}

static void failed(void *ctx, unsigned g, unsigned m, unsigned rep)
{
	((struct trace *)ctx)->failed_calls++;
}

Test(driver, interleaved_and_alternating, .timeout = 10)
{
	struct trace t = { .fail_group = 99, .fail_member = 99 };
	struct ct_drive d = { .reps = 3, .groups = 3, .members = 2,
			      .rep_begin = rep_mark, .run_point = point,
			      .point_failed = failed };
	cr_assert_eq(ct_drive_run(&d, &t), 0);
	cr_assert_str_eq(t.log, "| A00 A10 B00 B10 C00 C10 "
				"| C01 C11 B01 B11 A01 A11 "
				"| A02 A12 B02 B12 C02 C12 ");
	cr_assert_eq(t.failed_calls, 0);
}

Test(driver, failures_counted_and_reported, .timeout = 10)
{
	/* Group B fails to prepare in rep 1: its members do not run. Member
	 * 1 fails everywhere else it runs. */
	struct trace t = { .fail_group = 1, .fail_group_rep = 1,
			   .fail_member = 1 };
	struct ct_drive d = { .reps = 2, .groups = 2, .members = 2,
			      .group_begin = begin, .run_point = point,
			      .point_failed = failed };
	unsigned n = ct_drive_run(&d, &t);
	cr_assert_str_eq(t.log, "A00 A10 B00 B10 A01 A11 ");
	/* member 1 of A twice and of B once, both of B's in rep 1 */
	cr_assert_eq(n, 5, "%u", n);
	cr_assert_eq(t.failed_calls, 5);
}

Test(driver, eta_uses_measured_pace, .timeout = 10)
{
	cr_assert_float_eq(ct_drive_eta(0, 10, 0, 1.5), 15.0, 1e-9);
	cr_assert_float_eq(ct_drive_eta(4, 10, 2.0, 1.5), 3.0, 1e-9);
	cr_assert_float_eq(ct_drive_eta(10, 10, 7.0, 1.5), 0.0, 1e-9);
}
