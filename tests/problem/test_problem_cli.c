/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * `contend problem`, `validate problem` and `list problems` from the
 * command line: bad knobs exit 2 naming the problem and the valid
 * choices (nothing written), the records' columns, the negative controls
 * and the naive philosophers' deadlock through the real binary.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/support.h"

Test(problem_cli, bad_knobs_exit_2, .timeout = 30)
{
	ct_test_expect_usage_error("problem bounded-buffer --size 0",
				   "bounded-buffer --size: invalid count '0'");
	ct_test_expect_usage_error("problem dining --philosophers 1",
				   "dining --philosophers: invalid list '1' "
				   "(expected numbers from 2");
	ct_test_expect_usage_error("problem readers-writers --read-fraction 1.5",
				   "readers-writers --read-fraction: '1.5' is "
				   "not a fraction in [0, 1]");
	ct_test_expect_usage_error("problem readers-writers --read-fraction -0.1",
				   "not a fraction in [0, 1]");
	ct_test_expect_usage_error("problem dining --variant nosuch",
				   "dining --variant: unknown name 'nosuch' "
				   "(valid: naive, door, ordered, asymmetric, "
				   "waiter");
	ct_test_expect_usage_error("problem readers-writers --variant nosuch",
				   "reader-pref, writer-pref, phase-fair");
	ct_test_expect_usage_error("problem bounded-buffer --variant x",
				   "(valid: sem, condvar");
	ct_test_expect_usage_error("problem bounded-buffer --mutex nosuch",
				   "--mutex: unknown name 'nosuch' (valid: sem,");
	ct_test_expect_usage_error("problem bounded-buffer --mutex null",
				   "unknown name 'null'");
	ct_test_expect_usage_error("problem dining --sem sysv",
				   "--sem: unknown name 'sysv' (valid: posix, "
				   "futex");
	ct_test_expect_usage_error("problem bounded-buffer --alloc tcmalloc",
				   "(valid: jemalloc, glibc)");
	ct_test_expect_usage_error("problem dining --size 4",
				   "unknown option '--size'");
	ct_test_expect_usage_error("problem bounded-buffer --producers 0",
				   "bounded-buffer --producers");
	ct_test_expect_usage_error("problem bounded-buffer --producers 200 "
				   "--consumers 200", "at most 256");
	ct_test_expect_usage_error("problem nosuch", "unknown problem 'nosuch' "
				   "(valid: bounded-buffer, readers-writers, "
				   "dining)");
	ct_test_expect_usage_error("problem", "expected a problem");
	ct_test_expect_usage_error("problem dining --format xml",
				   "valid: table, csv, jsonl");
	ct_test_expect_usage_error("validate problem dining --meals 0",
				   "dining --meals: invalid count '0'");
	ct_test_expect_usage_error("validate problem dining --duration 1s",
				   "unknown option '--duration'");
}

/* A bad knob after --out: the file is not created. */
Test(problem_cli, nothing_written_on_error, .timeout = 30)
{
	char path[] = "/tmp/contend-problem-XXXXXX";
	int fd = mkstemp(path);
	cr_assert(fd >= 0);
	close(fd);
	unlink(path);
	char args[512];
	snprintf(args, sizeof(args), "problem dining --out %s --eat soon", path);
	ct_test_expect_usage_error(args, "--eat: invalid time 'soon'");
	struct stat st;
	cr_expect_neq(stat(path, &st), 0, "%s was created", path);
}

Test(problem_cli, list_shows_variants_and_knobs, .timeout = 30)
{
	cr_assert_eq(ct_test_contend("list problems"), 0);
	static const char *const want[] = {
		"bounded-buffer", "condvar", "readers-writers", "phase-fair",
		"pthread-wp", "dining", "naive", "asymmetric", "waiter",
		"--read-fraction", "--philosophers", "--alloc jemalloc|glibc",
		"--mutex sem|LOCK", "--sem posix|futex",
	};
	for (unsigned i = 0; i < sizeof(want) / sizeof(*want); i++)
		cr_expect_not_null(strstr(ct_test_out, want[i]), "no '%s':\n%s",
				   want[i], ct_test_out);
	cr_expect_null(strstr(ct_test_out, "broken"), "%s", ct_test_out);
	cr_assert_eq(ct_test_contend("list problems --all"), 0);
	cr_expect_not_null(strstr(ct_test_out, "broken"));
}

Test(problem_cli, csv_has_the_documented_columns, .timeout = 60)
{
	cr_assert_eq(ct_test_contend("problem bounded-buffer --variant sem,condvar "
				     "--producers 1,2 --consumers 2 --duration 50ms "
				     "--warmup 10ms --reps 2 --format csv --quiet"),
		     0, "%s", ct_test_out);
	static const char *const cols[] = {
		"family", "problem", "variant", "mutex", "sem", "alloc",
		"producers", "consumers", "size", "payload", "rep", "items",
		"throughput_ops", "lat_p50_ns", "lat_p99_ns", "lat_p999_ns",
		"lat_max_ns", "prod_wait_p99_ns", "cons_wait_p99_ns",
		"prod_wait_frac", "phantom", "end", "check",
	};
	ct_test_expect_csv(cols, sizeof(cols) / sizeof(*cols), 2 * 2 * 2);
	cr_expect_null(strstr(ct_test_out, "FAIL"), "%s", ct_test_out);
}

Test(problem_cli, readers_writers_jsonl, .timeout = 60)
{
	char path[] = "/tmp/contend-rw-XXXXXX";
	int fd = mkstemp(path);
	cr_assert(fd >= 0);
	close(fd);
	char args[512];
	snprintf(args, sizeof(args),
		 "problem readers-writers --variant phase-fair,reader-pref "
		 "--threads 2 --read-fraction 0.5 --duration 50ms --warmup 0 "
		 "--reps 1 --quiet --out %s.jsonl", path);
	cr_assert_eq(ct_test_contend(args), 0, "%s", ct_test_out);
	cr_expect(strstr(ct_test_out, "wwaitmax") && strstr(ct_test_out, "phase-fair"),
		  "no table on stdout:\n%s", ct_test_out);
	snprintf(args, sizeof(args), "%s.jsonl", path);
	FILE *f = fopen(args, "r");
	char line[16384];
	cr_assert_not_null(f);
	cr_assert(fgets(line, sizeof(line), f));
	cr_expect_not_null(strstr(line, "\"record\":\"header\""), "%s", line);
	cr_assert(fgets(line, sizeof(line), f));
	cr_expect(strstr(line, "\"problem\":\"readers-writers\"") &&
		  strstr(line, "\"variant\":\"phase-fair\"") &&
		  strstr(line, "\"read_fraction\":0.5") &&
		  strstr(line, "\"write_wait_max_ns\":") &&
		  strstr(line, "\"check\":\"ok\""), "record: %s", line);
	fclose(f);
	unlink(args);
	unlink(path);
}

Test(problem_cli, naive_deadlock_is_a_result, .timeout = 60)
{
	cr_assert_eq(ct_test_contend("problem dining --variant naive --reps 2 "
				     "--think 0 --eat 0 --gap 2us --stall 200ms "
				     "--duration 2s --warmup 0 --quiet"),
		     0, "%s", ct_test_out);
	cr_expect_not_null(strstr(ct_test_out, "2/2"), "%s", ct_test_out);
	cr_assert_eq(ct_test_contend("validate problem dining --variant naive "
				     "--think 0 --eat 0 --gap 2us --stall 200ms "
				     "--meals 1G --timeout 20s"), 1, "%s",
		     ct_test_out);
	cr_expect_not_null(strstr(ct_test_out, "FAIL  deadlock (circular wait)"),
			   "%s", ct_test_out);
}

Test(problem_cli, validate_catches_broken, .timeout = 60)
{
	cr_expect_eq(ct_test_contend("validate problem dining --meals 2k"), 0,
		     "%s", ct_test_out);
	cr_expect_eq(ct_test_contend("validate problem dining --variant broken "
				     "--meals 2k"), 1, "%s", ct_test_out);
	cr_expect_not_null(strstr(ct_test_out, "neighbour eating"), "%s",
			   ct_test_out);
	cr_expect_eq(ct_test_contend("validate problem readers-writers "
				     "--variant broken --threads 2 --ops 20k "
				     "--read-fraction 0.5"), 1, "%s", ct_test_out);
	cr_expect_eq(ct_test_contend("validate problem bounded-buffer "
				     "--variant broken --size 1 --producers 2 "
				     "--consumers 2 --items 10k --consume 1us "
				     "--stall 300ms"), 1, "%s", ct_test_out);
}
