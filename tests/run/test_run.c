/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_run.c - the LD_PRELOAD interposer and `contend run`.
 *
 * `contend validate run` runs the torture program (preload/torture.c) under
 * every lock the interposer supports; the negative control proves that an
 * interposer that did not load is an error, not a pass. The `contend run`
 * tests use tiny shell programs: a figure parsed from the output, a crash
 * and a time-out reported for their lock while the run goes on. Sized for
 * two loaded CPUs: the torture's iterations are small and every lock runs
 * with the yield wait policy.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/support.h"

Test(run, validate_every_lock, .timeout = 240)
{
	int rc = ct_test_contend("validate run --iters 3000 --timeout 100");

	cr_log_info("%s", ct_test_out);
	cr_assert_eq(rc, 0, "validate run failed:\n%s", ct_test_out);
	static const char *const locks[] = { "pthread-mutex", "mcs", "clh",
					     "ticket", "tas", "ttas", "futex" };
	for (unsigned i = 0; i < sizeof(locks) / sizeof(locks[0]); i++) {
		char line[64];
		snprintf(line, sizeof(line), "\n%-14s ok", locks[i]);
		cr_assert(strstr(ct_test_out, line) ||
				  !strncmp(ct_test_out, line + 1, strlen(line) - 1),
			  "no ok line for %s:\n%s", locks[i], ct_test_out);
	}
}

/* Negative control: a "preload" that is not ours loads nothing. */
Test(run, interposer_not_loaded_is_an_error, .timeout = 60)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "validate run --lock mcs --iters 100");
	setenv("CONTEND_PRELOAD", "/bin/true", 1);
	int rc = ct_test_contend(cmd);
	unsetenv("CONTEND_PRELOAD");
	cr_assert_eq(rc, 1, "a missing interposer passed:\n%s", ct_test_out);
	cr_assert(strstr(ct_test_out, "not loaded"), "%s", ct_test_out);
}

Test(run, metric_parsed_per_lock, .timeout = 60)
{
	int rc = ct_test_contend(
		"run --lock none,pthread-mutex,mcs --reps 2 --quiet --format csv "
		"--metric 'value=([0-9.]+)' -- sh -c 'echo value=42.5'");
	static const char *const cols[] = { "lock", "rep", "status", "metric",
					    "wall_s", "acquisitions" };

	cr_assert_eq(rc, 0, "%s", ct_test_out);
	static char csv[sizeof(ct_test_out)];
	memcpy(csv, ct_test_out, sizeof(csv));
	ct_test_expect_csv(cols, 6, 6); /* cuts ct_test_out after its header */
	for (unsigned row = 0; row < 6; row++) {
		char status[32], metric[32];
		cr_assert(ct_test_csv_field(csv, row, "status", status,
					    sizeof(status)));
		cr_assert(ct_test_csv_field(csv, row, "metric", metric,
					    sizeof(metric)));
		cr_assert_str_eq(status, "ok");
		cr_assert_str_eq(metric, "42.5");
	}
}

Test(run, crash_and_timeout_reported_run_goes_on, .timeout = 60)
{
	char path[] = "/tmp/contend-test-run.XXXXXX", args[512], cat[64];
	int fd = mkstemp(path);

	cr_assert_geq(fd, 0);
	close(fd);
	snprintf(args, sizeof(args),
		 "run --lock pthread-mutex,mcs --reps 1 --quiet --timeout 1 "
		 "--format csv --out %s -- sh -c "
		 "'if [ \"$CONTEND_LOCK\" = mcs ]; then sleep 30; "
		 "else kill -SEGV $$; fi'", path);
	int rc = ct_test_contend(args);
	char status[32];

	cr_assert_eq(rc, 1, "failures must set the exit status:\n%s",
		     ct_test_out);
	snprintf(cat, sizeof(cat), "cat %s", path);
	ct_test_capture(cat, ct_test_out, sizeof(ct_test_out));
	unlink(path);
	cr_assert(ct_test_csv_field(ct_test_out, 0, "status", status,
				    sizeof(status)));
	cr_assert_str_eq(status, "crashed", "%s", ct_test_out);
	cr_assert(ct_test_csv_field(ct_test_out, 1, "status", status,
				    sizeof(status)));
	cr_assert_str_eq(status, "timeout", "%s", ct_test_out);
}

Test(run, bad_lock_is_a_usage_error, .timeout = 30)
{
	ct_test_expect_usage_error("run --lock anderson -- true", "mcs");
	ct_test_expect_usage_error("run --lock mcs", "--");
	ct_test_expect_usage_error("run --lock mcs --metric '(' -- true",
				   "--metric");
}
