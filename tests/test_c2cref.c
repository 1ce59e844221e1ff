/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_c2cref.c - one c2c reference per invocation: the lock table's
 * xc2c, the records' handoff_c2c and c2c_ref, and `contend export` all
 * divide by the same round trip, the one $CONTEND_C2C_REF names.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness/core/c2cref.h"
#include "support.h"

TestSuite(c2cref, .init = ct_test_load_topo, .fini = ct_test_free_topo);

/* A reference file for this machine with round trip ns. */
static void write_ref(const char *path, double ns)
{
	struct ct_c2c_ref ref = { ns, ns, ns, 0, 9, 0, 1, "" };
	char err[512];
	cr_assert_eq(ct_c2c_ref_save(&ref, &ct_test_topo, path, err,
				     sizeof(err)), 0, "%s", err);
}

/* The number after `key":` in the first line of text holding `where`. */
static double json_num(const char *text, const char *where, const char *key)
{
	const char *line = strstr(text, where);
	char pat[96];
	cr_assert_not_null(line, "no %s in %s", where, text);
	snprintf(pat, sizeof(pat), "\"%s\":", key);
	const char *p = strstr(line, pat);
	cr_assert(p && p < line + strcspn(line, "\n"), "no %s in %.300s", key,
		  line);
	p += strlen(pat);
	return !strncmp(p, "null", 4) ? NAN : strtod(p, NULL);
}

static void read_file(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	cr_assert_not_null(f);
	size_t n = fread(buf, 1, len - 1, f);
	buf[n] = 0;
	fclose(f);
}

Test(c2cref, table_record_and_export_share_the_denominator, .timeout = 120)
{
	if (ct_test_topo.npus < 2)
		cr_skip_test("needs two CPUs for a handoff");
	char ref[] = "/tmp/contend-ref-XXXXXX", out[] = "/tmp/contend-rs-XXXXXX";
	cr_assert(mkstemp(ref) >= 0 && mkstemp(out) >= 0);
	write_ref(ref, 100); /* far from any probe on any machine we know */
	setenv(CT_C2C_REF_ENV, ref, 1);
	char args[512];
	unlink(out); /* a fresh file: --out may refuse to overwrite results */
	snprintf(args, sizeof(args), "lock --algo tas --threads 2 --duration 40ms "
		 "--warmup 0 --reps 1 --out %s", out);
	cr_assert_eq(ct_test_contend(args), 0, "%s", ct_test_out);

	/* table: xc2c of the tas row */
	const char *row = strstr(ct_test_out, "\n           tas");
	cr_assert_not_null(row, "%s", ct_test_out);
	char algo[16], wait[16], mops[16], spread[16], p50[16], p99[16],
		hand[16], x[16];
	unsigned thr;
	cr_assert_eq(sscanf(row, "%15s %u %15s %15s %15s %15s %15s %15s %15s",
			    algo, &thr, wait, mops, spread, p50, p99, hand, x),
		     9, "%s", row);
	cr_expect(strstr(ct_test_out, "# c2c_ref            100\n"), "%s",
		  ct_test_out);

	/* records: header and data carry the reference */
	static char text[1 << 16];
	read_file(out, text, sizeof(text));
	cr_expect_float_eq(json_num(text, "\"record\":\"header\"", "c2c_ref"),
			   100, 1e-9);
	double handoff = json_num(text, "\"family\":\"lock\"", "handoff_ns");
	cr_expect_float_eq(json_num(text, "\"family\":\"lock\"", "c2c_ref"), 100,
			   1e-9);
	cr_assert(isfinite(handoff), "no handoff sampled: %s", text);
	cr_expect_float_eq(json_num(text, "\"family\":\"lock\"", "handoff_c2c"),
			   handoff / 100, 1e-9);
	char want[32];
	snprintf(want, sizeof(want), "%.2f", handoff / 100);
	cr_expect_str_eq(x, want, "table xc2c %s, records %s", x, want);

	/* export: c2c_ref and the ratio the plots use */
	snprintf(args, sizeof(args), "export %s --family lock", out);
	cr_assert_eq(ct_test_contend(args), 0, "%s", ct_test_out);
	char c2c[32], ratio[32], h[32];
	cr_assert(ct_test_csv_field(ct_test_out, 0, "c2c_ref", c2c, sizeof(c2c)));
	cr_assert(ct_test_csv_field(ct_test_out, 0, "handoff_c2c", ratio,
				    sizeof(ratio)));
	cr_assert(ct_test_csv_field(ct_test_out, 0, "handoff_ns", h, sizeof(h)));
	cr_expect_float_eq(strtod(c2c, NULL), 100, 1e-9, "%s", ct_test_out);
	cr_expect_float_eq(strtod(ratio, NULL), strtod(h, NULL) / 100, 1e-6,
			   "%s", ct_test_out);
	unsetenv(CT_C2C_REF_ENV);
	unlink(ref), unlink(out);
}

/* The first command of a session measures and saves; the next reuses. */
Test(c2cref, measured_once_then_reused, .timeout = 120)
{
	if (ct_test_topo.npus < 2)
		cr_skip_test("needs two CPUs");
	char dir[] = "/tmp/contend-refdir-XXXXXX", path[600], text[2048];
	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/ref.json", dir);
	setenv(CT_C2C_REF_ENV, path, 1);
	cr_assert_eq(ct_test_contend("lock --algo tas --threads 1 --duration 10ms "
				     "--warmup 0 --reps 1"), 0, "%s", ct_test_out);
	cr_expect(strstr(ct_test_out, "measured, saved to"), "%s", ct_test_out);
	read_file(path, text, sizeof(text));
	double ns = json_num(text, "{", "c2c_ref");
	cr_expect(ns > 0 && json_num(text, "{", "c2c_ref_probes") >= 5,
		  "%s", text);
	cr_assert_eq(ct_test_contend("lock --algo tas --threads 1 --duration 10ms "
				     "--warmup 0 --reps 1 --format jsonl"), 0,
		     "%s", ct_test_out);
	cr_expect_float_eq(json_num(ct_test_out, "\"record\":\"header\"",
				    "c2c_ref"), ns, 1e-6 * ns, "%s", ct_test_out);
	cr_expect(strstr(ct_test_out, "\"c2c_ref_source\":\"file "), "%s",
		  ct_test_out);
	unsetenv(CT_C2C_REF_ENV);
	unlink(path), rmdir(dir);
}

Test(c2cref, a_file_without_a_reference_is_refused, .timeout = 30)
{
	char path[] = "/tmp/contend-badref-XXXXXX";
	int fd = mkstemp(path);
	cr_assert(fd >= 0);
	cr_assert_eq(write(fd, "hello\n", 6), 6);
	close(fd);
	setenv(CT_C2C_REF_ENV, path, 1);
	ct_test_expect_usage_error("lock --algo tas --threads 1 --duration 10ms "
				   "--warmup 0 --reps 1", "holds no c2c reference");
	unsetenv(CT_C2C_REF_ENV);
	unlink(path);
}
