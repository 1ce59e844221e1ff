/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The command line as users meet it: bad input exits 2 with a message that
 * names the problem and the valid choices, and writes nothing; good input
 * produces well-formed records. Runs the built binary ($CT_CONTEND).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "helpers.h"

static char out[1 << 16];

/* Run `contend ARGS` (through sh), capture stdout+stderr, return the exit
 * status. */
static int contend(const char *args)
{
	const char *bin = getenv("CT_CONTEND");
	char cmd[2048];
	snprintf(cmd, sizeof(cmd), "%s %s 2>&1", bin ? bin : "build/contend", args);
	FILE *p = popen(cmd, "r");
	cr_assert_not_null(p);
	size_t n = fread(out, 1, sizeof(out) - 1, p);
	out[n] = 0;
	int st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static void expect_usage_error(const char *args, const char *needle)
{
	int rc = contend(args);
	cr_expect_eq(rc, 2, "'%s' exited %d, output:\n%s", args, rc, out);
	cr_expect(strstr(out, needle) != NULL,
		  "'%s': message lacks '%s':\n%s", args, needle, out);
}

Test(cli, unknown_algorithm_lists_choices, .timeout = 30)
{
	expect_usage_error("lock --algo nosuch", "unknown name 'nosuch'");
	cr_expect(strstr(out, "mcs") && strstr(out, "ticket"),
		  "valid choices missing:\n%s", out);
}

Test(cli, zero_threads, .timeout = 30)
{
	expect_usage_error("lock --algo tas --threads 0", "--threads");
	expect_usage_error("lock --algo tas --threads 2,,4", "invalid list");
	expect_usage_error("validate lock --algo tas --threads 0", "--threads");
}

Test(cli, cpu_outside_cpuset, .timeout = 30)
{
	expect_usage_error("lock --algo tas --placement cpus:4095",
			   "outside the allowed set");
	expect_usage_error("lock --algo tas --placement sideways",
			   "compact, scatter");
}

Test(cli, malformed_durations_and_sizes, .timeout = 30)
{
	expect_usage_error("lock --duration 1x", "invalid duration '1x'");
	expect_usage_error("lock --duration -1", "invalid duration");
	expect_usage_error("lock --duration 0", "invalid duration");
	expect_usage_error("lock --cs abc", "invalid time 'abc'");
	expect_usage_error("lock --reps 0", "invalid count '0'");
	expect_usage_error("lock --cs-lines 1.5", "invalid count");
	expect_usage_error("validate lock --ops lots", "invalid count 'lots'");
	expect_usage_error("lock --wait sometimes", "valid: spin, yield");
	expect_usage_error("lock --format xml", "valid: table, csv, jsonl");
	expect_usage_error("lock --backoff-min 64 --backoff-max 8",
			   "exceeds --backoff-max");
}

Test(cli, unknown_option_and_command, .timeout = 30)
{
	expect_usage_error("lock --frobnicate", "unknown option '--frobnicate'");
	cr_expect(strstr(out, "--algo"), "valid options missing:\n%s", out);
	expect_usage_error("lock --algo", "needs a value");
	expect_usage_error("conquer", "unknown command 'conquer'");
	expect_usage_error("validate widget", "widget");
	expect_usage_error("validate lock --algo null", "no mutual exclusion");
}

Test(cli, unwritable_out_writes_nothing, .timeout = 30)
{
	const char *path = "/nonexistent-dir/x.jsonl";
	expect_usage_error("lock --algo tas --threads 1 --duration 10ms "
			   "--out /nonexistent-dir/x.jsonl",
			   "cannot write");
	struct stat st;
	cr_expect_neq(stat(path, &st), 0);
}

Test(cli, bad_input_after_out_leaves_no_file, .timeout = 30)
{
	char path[] = "/tmp/contend-cli-XXXXXX";
	cr_assert_not_null(mkdtemp(path));
	char args[512];
	snprintf(args, sizeof(args),
		 "lock --out %s/r.jsonl --algo tas --placement cpus:4095", path);
	expect_usage_error(args, "outside the allowed set");
	char file[600];
	snprintf(file, sizeof(file), "%s/r.jsonl", path);
	struct stat st;
	cr_expect_neq(stat(file, &st), 0, "a file was written on bad input");
	rmdir(path);
}

Test(cli, list_locks_hides_broken, .timeout = 30)
{
	cr_assert_eq(contend("list locks"), 0);
	cr_expect(strstr(out, "mcs\n") && strstr(out, "null\n"), "%s", out);
	cr_expect_null(strstr(out, "broken"), "broken is listed:\n%s", out);
	cr_assert_eq(contend("list locks --all"), 0);
	cr_expect_not_null(strstr(out, "broken"));
}

Test(cli, validate_catches_broken_and_passes_tas, .timeout = 60)
{
	cr_expect_eq(contend("validate lock --algo tas --threads 2 --ops 200k"), 0,
		     "%s", out);
	CT_SKIP_DELIBERATE_RACE();
	cr_expect_eq(contend("validate lock --algo broken --threads 2 --ops 1M"), 1,
		     "%s", out);
	cr_expect_not_null(strstr(out, "FAIL"), "%s", out);
}

Test(cli, csv_has_the_documented_columns, .timeout = 60)
{
	cr_assert_eq(contend("lock --algo tas,ticket --threads 1,2 --duration 20ms "
			     "--warmup 0 --reps 2 --format csv --quiet"),
		     0, "%s", out);
	static const char *const cols[] = {
		"algo", "threads", "placement", "rep", "throughput_ops",
		"lat_p50_ns", "lat_p99_ns", "handoff_ns", "jain", "c2c_ns",
		"uncontended_ns",
	};
	char *nl = strchr(out, '\n');
	cr_assert_not_null(nl);
	*nl = 0;
	for (unsigned i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
		cr_expect(strstr(out, cols[i]), "column %s missing: %s", cols[i], out);
	unsigned rows = 0;
	for (char *p = nl + 1; (p = strchr(p, '\n')); p++)
		rows++;
	cr_expect_eq(rows, 2 * 2 * 2, "expected 8 data rows");
}

Test(cli, jsonl_header_then_records, .timeout = 60)
{
	char path[] = "/tmp/contend-jsonl-XXXXXX";
	int fd = mkstemp(path);
	cr_assert(fd >= 0);
	close(fd);
	char args[512];
	snprintf(args, sizeof(args),
		 "lock --algo ticket --threads 2 --duration 20ms --reps 1 "
		 "--quiet --format jsonl --out %s", path);
	cr_assert_eq(contend(args), 0, "%s", out);
	FILE *f = fopen(path, "r");
	char line[8192];
	cr_assert(fgets(line, sizeof(line), f));
	cr_expect(strstr(line, "\"record\":\"header\"") &&
		  strstr(line, "\"pmu\":") && strstr(line, "\"c2c_ns\":"),
		  "header: %s", line);
	cr_assert(fgets(line, sizeof(line), f));
	cr_expect(strstr(line, "\"algo\":\"ticket\"") &&
		  strstr(line, "\"threads\":2"), "record: %s", line);
	cr_expect_null(fgets(line, sizeof(line), f));
	fclose(f);
	unlink(path);
}
