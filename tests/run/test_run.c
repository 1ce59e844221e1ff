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

/* `speed` turns a time into higher-is-better (1/x), and `contend plot`
 * draws one figure per program of each lock's speed over pthread-mutex's. */
Test(run, speed_and_a_figure_per_program, .timeout = 90)
{
	char dir[] = "/tmp/contend-runplot-XXXXXX", args[512], path[600];
	cr_assert_not_null(mkdtemp(dir));
	snprintf(args, sizeof(args),
		 "run --lock pthread-mutex,mcs --reps 2 --quiet --name took "
		 "--metric 't=([0-9.]+)' --lower-better --out %s/a.jsonl "
		 "-- sh -c 'echo t=0.25'", dir);
	cr_assert_eq(ct_test_contend(args), 0, "%s", ct_test_out);
	snprintf(args, sizeof(args),
		 "run --lock pthread-mutex,mcs --reps 2 --quiet --name rate "
		 "--metric 'r=([0-9.]+)' --out %s/b.jsonl -- sh -c 'echo r=40'",
		 dir);
	cr_assert_eq(ct_test_contend(args), 0, "%s", ct_test_out);
	snprintf(args, sizeof(args), "export %s/a.jsonl %s/b.jsonl --family run",
		 dir, dir);
	cr_assert_eq(ct_test_contend(args), 0, "%s", ct_test_out);
	static const char *const want[][3] = { /* sorted by program */
		{ "rate", "pthread-mutex", "40" }, { "rate", "mcs", "40" },
		{ "took", "pthread-mutex", "4" }, { "took", "mcs", "4" },
	};
	for (unsigned row = 0; row < 4; row++) {
		char facet[64], lock[64], speed[64];
		cr_assert(ct_test_csv_field(ct_test_out, row, "facet", facet,
					    sizeof(facet)), "%s", ct_test_out);
		ct_test_csv_field(ct_test_out, row, "lock", lock, sizeof(lock));
		ct_test_csv_field(ct_test_out, row, "speed", speed, sizeof(speed));
		cr_expect_str_eq(facet, want[row][0], "a figure per program");
		cr_expect_str_eq(lock, want[row][1]);
		cr_expect_str_eq(speed, want[row][2], "%s %s", facet, lock);
	}
	if (system("command -v gnuplot >/dev/null 2>&1") == 0) {
		snprintf(args, sizeof(args), "plot %s/a.jsonl %s/b.jsonl --out "
			 "%s/rep", dir, dir, dir);
		cr_assert_eq(ct_test_contend(args), 0, "%s", ct_test_out);
		for (unsigned k = 1; k <= 2; k++) {
			snprintf(path, sizeof(path), "%s/rep/run-%u.png", dir, k);
			cr_expect_eq(access(path, R_OK), 0, "%s: %s", path,
				     ct_test_out);
		}
	}
	/* one lock only: the figure's x is one name, not a number */
	snprintf(args, sizeof(args), "run --lock mcs --reps 1 --quiet --out "
		 "%s/c.jsonl -- true", dir);
	cr_assert_eq(ct_test_contend(args), 0, "%s", ct_test_out);
	if (system("command -v gnuplot >/dev/null 2>&1") == 0) {
		snprintf(args, sizeof(args), "plot %s/c.jsonl --out %s/rep1", dir,
			 dir);
		cr_expect_eq(ct_test_contend(args), 0, "%s", ct_test_out);
	}
	snprintf(args, sizeof(args), "rm -rf '%s'", dir);
	cr_expect_eq(system(args), 0);
}
