/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * `contend validate lock|barrier` as users meet it (issue 13, defect 1):
 * a liveness time-out is reported as one (what finished, no violation so
 * far, threads vs CPUs, the policy to use) with exit status 3, distinct
 * from a violation's 1; the rows after it still run; an oversubscribed row
 * that spins runs a capped size and says so. Before the fix the first
 * time-out ended the command with status 1 and no word about the rest.
 *
 * Thread counts are relative to this machine's CPUs, so the rows that must
 * be oversubscribed are, on any machine.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "support.h"

/* validate FAMILY ... --threads <k x CPUs> ... */
static int validate_at(const char *fmt, unsigned k)
{
	char args[512];
	snprintf(args, sizeof(args), fmt, k * (unsigned)ct_test_topo.npus);
	return ct_test_contend(args);
}

Test(validate_cli, lock_timeout_is_liveness_and_the_rest_runs, .timeout = 60,
     .init = ct_test_load_topo, .fini = ct_test_free_topo)
{
	/* Anderson spinning with 4x oversubscription waits a scheduler slice
	 * per handoff (milliseconds): 10^5 acquisitions take minutes. */
	int rc = validate_at("validate lock --algo anderson,tas --threads %u "
			     "--ops 100k --no-cap --timeout 3s --try-every 0", 4);
	cr_expect_eq(rc, 3, "exit %d:\n%s", rc, ct_test_out);
	cr_expect_not_null(strstr(ct_test_out, "TIMEOUT liveness"), "%s",
			   ct_test_out);
	cr_expect_not_null(strstr(ct_test_out, "0 violations so far"), "%s",
			   ct_test_out);
	cr_expect_not_null(strstr(ct_test_out, "--wait yield"), "%s",
			   ct_test_out);
	cr_expect_not_null(strstr(ct_test_out, "tas "), "the row after the "
			   "time-out did not run:\n%s", ct_test_out);
	cr_expect_not_null(strstr(ct_test_out, "1 liveness time-outs"), "%s",
			   ct_test_out);
}

Test(validate_cli, violation_outranks_timeout, .timeout = 60,
     .init = ct_test_load_topo, .fini = ct_test_free_topo)
{
	int rc = ct_test_contend("validate lock --algo broken,tas --threads 2 "
				 "--ops 200k");
	cr_expect_eq(rc, 1, "exit %d:\n%s", rc, ct_test_out);
	cr_expect_not_null(strstr(ct_test_out, "1 violated"), "%s", ct_test_out);
}

Test(validate_cli, oversubscribed_spinning_lock_is_capped, .timeout = 60,
     .init = ct_test_load_topo, .fini = ct_test_free_topo)
{
	int rc = validate_at("validate lock --algo anderson --threads %u "
			     "--ops 1M", 2);
	cr_expect_eq(rc, 0, "exit %d:\n%s", rc, ct_test_out);
	cr_expect_not_null(strstr(ct_test_out, "capped from 1000000"), "%s",
			   ct_test_out);
	/* Yielding, the same lock runs the full count. */
	rc = validate_at("validate lock --algo anderson --threads %u "
			 "--ops 20k --wait yield", 2);
	cr_expect_eq(rc, 0, "exit %d:\n%s", rc, ct_test_out);
	cr_expect_null(strstr(ct_test_out, "capped"), "%s", ct_test_out);
}

Test(validate_cli, barrier_timeout_is_liveness_and_the_rest_runs,
     .timeout = 60, .init = ct_test_load_topo, .fini = ct_test_free_topo)
{
	int rc = validate_at("validate barrier --algo centralized,pthread "
			     "--threads %u --episodes 10M --no-cap --timeout 1s",
			     4);
	cr_expect_eq(rc, 3, "exit %d:\n%s", rc, ct_test_out);
	cr_expect_not_null(strstr(ct_test_out, "TIMEOUT liveness"), "%s",
			   ct_test_out);
	cr_expect_not_null(strstr(ct_test_out, "pthread "), "the row after the "
			   "time-out did not run:\n%s", ct_test_out);
}

Test(validate_cli, oversubscribed_spinning_barrier_is_capped, .timeout = 60,
     .init = ct_test_load_topo, .fini = ct_test_free_topo)
{
	int rc = validate_at("validate barrier --algo dissemination "
			     "--threads %u", 2);
	cr_expect_eq(rc, 0, "exit %d:\n%s", rc, ct_test_out);
	cr_expect_not_null(strstr(ct_test_out, "capped from 100000"), "%s",
			   ct_test_out);
}
