/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * No silent data loss (issue 13, defect 2): every writer checks every
 * write and the close, and a failure exits non-zero naming the file; an
 * own file is cut back to its last whole record. --out onto a file that
 * holds results is refused unless --force or --append. Before the fix each
 * /dev/full case here exited 0 with no message, and --out overwrote.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness/core/record.h"
#include "support.h"

/* The smallest run of each command that writes records. */
static const char *const writers[] = {
	"lock --algo tas --threads 1 --duration 5ms --warmup 0 --reps 1 --quiet",
	"barrier --algo centralized --threads 1 --episodes 1000 --reps 1 "
	"--quiet",
	"problem dining --philosophers 2 --duration 5ms --warmup 0 --reps 1 "
	"--quiet",
	"lrpc --mode pipe --duration 5ms --warmup 0 --reps 1 --binds 1 --quiet",
	"falseshare --exp counters --threads 1 --duration 5ms --warmup 0 "
	"--reps 1 --quiet",
	"litmus sb --variant relaxed --trials 1000 --quiet",
	"c2c --trials 1 --roundtrips 100",
};

Test(outputs, full_device_fails_naming_the_file, .timeout = 120)
{
	char args[512];
	for (unsigned i = 0; i < sizeof(writers) / sizeof(*writers); i++) {
		snprintf(args, sizeof(args), "%s --out /dev/full",
			 writers[i]);
		int rc = ct_test_contend(args);
		cr_expect_eq(rc, 1, "%s: exit %d\n%s", args, rc, ct_test_out);
		cr_expect_not_null(strstr(ct_test_out, "cannot write '/dev/full'"),
				   "%s:\n%s", args, ct_test_out);
		/* The table on stdout too (stderr still to us). */
		snprintf(args, sizeof(args), "%s %s 2>&1 >/dev/full",
			 ct_test_contend_path(), writers[i]);
		rc = ct_test_capture(args, ct_test_out, sizeof(ct_test_out));
		cr_expect_eq(rc, 1, "%s: exit %d\n%s", args, rc, ct_test_out);
		cr_expect_not_null(strstr(ct_test_out, "standard output"),
				   "%s:\n%s", args, ct_test_out);
	}
}

Test(outputs, export_to_a_full_device_fails, .timeout = 60)
{
	char path[] = "/tmp/ct-outputs-XXXXXX.jsonl", args[512];
	int fd = mkstemps(path, 6);
	cr_assert_geq(fd, 0);
	close(fd);
	snprintf(args, sizeof(args), "%s --force --out %s", writers[0],
		 path);
	cr_assert_eq(ct_test_contend(args), 0, "%s", ct_test_out);
	snprintf(args, sizeof(args), "%s export %s 2>&1 >/dev/full",
		 ct_test_contend_path(), path);
	cr_expect_eq(ct_test_capture(args, ct_test_out, sizeof(ct_test_out)), 1,
		     "%s", ct_test_out);
	cr_expect_not_null(strstr(ct_test_out, "standard output"), "%s",
			   ct_test_out);
	snprintf(args, sizeof(args), "export %s --out /dev/full", path);
	cr_expect_eq(ct_test_contend(args), 1, "%s", ct_test_out);
	cr_expect_not_null(strstr(ct_test_out, "/dev/full"), "%s", ct_test_out);
	unlink(path);
}

static unsigned count_lines(const char *path)
{
	FILE *f = fopen(path, "r");
	unsigned n = 0;
	int ch;
	cr_assert_not_null(f);
	while ((ch = fgetc(f)) != EOF)
		n += ch == '\n';
	fclose(f);
	return n;
}

Test(outputs, existing_results_need_force_or_append, .timeout = 60)
{
	char path[] = "/tmp/ct-outputs-XXXXXX.jsonl", args[512];
	int fd = mkstemps(path, 6);
	cr_assert_geq(fd, 0);
	close(fd);
	/* An empty file (mkstemp's) is not results: written without asking. */
	snprintf(args, sizeof(args), "%s --out %s", writers[0], path);
	cr_assert_eq(ct_test_contend(args), 0, "%s", ct_test_out);
	unsigned lines = count_lines(path);
	cr_assert_gt(lines, 1);
	cr_expect_eq(ct_test_contend(args), 2, "%s", ct_test_out);
	cr_expect_not_null(strstr(ct_test_out, "--force"), "%s", ct_test_out);
	cr_expect_eq(count_lines(path), lines, "a refused run wrote");
	snprintf(args, sizeof(args), "%s --out %s --append", writers[0],
		 path);
	cr_expect_eq(ct_test_contend(args), 0, "%s", ct_test_out);
	cr_expect_eq(count_lines(path), 2 * lines);
	snprintf(args, sizeof(args), "%s --out %s --force", writers[0],
		 path);
	cr_expect_eq(ct_test_contend(args), 0, "%s", ct_test_out);
	cr_expect_eq(count_lines(path), lines);
	snprintf(args, sizeof(args), "%s --out %s --force --append", writers[0],
		 path);
	cr_expect_eq(ct_test_contend(args), 2, "%s", ct_test_out);
	unlink(path);
}

Test(outputs, csv_is_not_appended, .timeout = 60)
{
	char path[] = "/tmp/ct-outputs-XXXXXX.csv", args[512];
	int fd = mkstemps(path, 4);
	cr_assert_geq(fd, 0);
	cr_assert_eq(write(fd, "x\n", 2), 2);
	close(fd);
	snprintf(args, sizeof(args), "%s --out %s --append", writers[0],
		 path);
	cr_expect_eq(ct_test_contend(args), 2, "%s", ct_test_out);
	cr_expect_not_null(strstr(ct_test_out, "header"), "%s", ct_test_out);
	unlink(path);
}

/* A file system that fills up mid-run (as root: a 64 KiB tmpfs, mostly
 * taken by a filler): exit 1 naming the file, and only whole records. */
Test(outputs, full_file_system_keeps_whole_records, .timeout = 120)
{
	char dir[] = "/tmp/ct-tinyfs-XXXXXX", path[128], args[768];
	if (geteuid() != 0)
		cr_skip_test("needs root to mount a tiny tmpfs");
	cr_assert_not_null(mkdtemp(dir));
	if (mount("tmpfs", dir, "tmpfs", 0, "size=64k")) {
		rmdir(dir);
		cr_skip_test("cannot mount a tmpfs here");
	}
	snprintf(path, sizeof(path), "%s/fill", dir);
	FILE *f = fopen(path, "w");
	static char filler[52 * 1024];
	cr_assert_eq(fwrite(filler, 1, sizeof(filler), f), sizeof(filler));
	cr_assert_eq(fclose(f), 0);
	snprintf(path, sizeof(path), "%s/r.jsonl", dir);
	snprintf(args, sizeof(args),
		 "lock --algo tas,ttas,ticket,mcs --threads 1,2 --duration 2ms "
		 "--warmup 0 --reps 5 --quiet --out %s", path);
	int rc = ct_test_contend(args);
	cr_expect_eq(rc, 1, "exit %d:\n%s", rc, ct_test_out);
	cr_expect_not_null(strstr(ct_test_out, path), "%s", ct_test_out);
	struct stat st;
	cr_assert_eq(stat(path, &st), 0);
	f = fopen(path, "r");
	int last = '\n', ch;
	while ((ch = fgetc(f)) != EOF)
		last = ch;
	fclose(f);
	cr_expect_eq(last, '\n', "a record was cut short");
	umount(dir);
	rmdir(dir);
}

/* CSV strings follow RFC 4180: a field with a comma, quote or newline is
 * quoted and its quotes doubled (a `contend run` program's command line
 * holds both), and reads back whole. */
Test(outputs, csv_quotes_are_doubled, .timeout = 30)
{
	char path[] = "/tmp/contend-csvq-XXXXXX", err[600], got[256];
	int fd = mkstemp(path);
	cr_assert_geq(fd, 0);
	close(fd);
	struct ct_sink sink;
	cr_assert_eq(ct_sink_open(&sink, CT_FMT_CSV, path, CT_OPEN_FORCE, err,
				  sizeof(err)), 0, "%s", err);
	struct ct_rec rec;
	ct_rec_reset(&rec);
	ct_rec_str(&rec, "program", "%s", "sh -c 'echo \"a,b\"'");
	ct_rec_int(&rec, "rep", 1);
	ct_sink_write(&sink, &rec);
	ct_sink_close(&sink);
	static char text[4096];
	FILE *f = fopen(path, "r");
	cr_assert_not_null(f);
	text[fread(text, 1, sizeof(text) - 1, f)] = 0;
	fclose(f);
	unlink(path);
	cr_expect(strstr(text, "\n\"sh -c 'echo \"\"a,b\"\"'\",1\n"), "%s", text);
	cr_assert(ct_test_csv_field(text, 0, "program", got, sizeof(got)));
	cr_expect_str_eq(got, "sh -c 'echo \"a,b\"'");
	cr_assert(ct_test_csv_field(text, 0, "rep", got, sizeof(got)));
	cr_expect_str_eq(got, "1");
}
