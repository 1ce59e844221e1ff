/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_plots.c - `make bench` -> `make plots`: plots/render takes the
 * newest bench set whole (whatever file of it is newest), our locks and
 * their peers share one chart whatever their wait policy, and a figure
 * gnuplot fails to draw is listed as failed in the report, never dropped.
 */
#include <criterion/criterion.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "support.h"

static char dir[] = "/tmp/contend-plots-XXXXXX";
static char root[PATH_MAX]; /* the repository: plots/ and the binary */

static void setup(void)
{
	cr_assert(getcwd(root, sizeof(root)));
	cr_assert_not_null(mkdtemp(dir));
}

static void teardown(void)
{
	char cmd[PATH_MAX + 32];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	cr_expect_eq(system(cmd), 0);
}

TestSuite(plots, .init = setup, .fini = teardown);

static void write_file(const char *name, const char *text)
{
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f, "%s", path);
	fputs(text, f);
	cr_assert_eq(fclose(f), 0);
}

/* Our tas spinning and yielding, and pthread-mutex (wait=native). */
static void write_locks(const char *name)
{
	static char text[1 << 14];
	size_t u = 0;
	u += (size_t)snprintf(text + u, sizeof(text) - u,
			      "{\"record\":\"header\",\"c2c_ref\":100}\n");
	static const struct {
		const char *algo, *wait;
		unsigned threads;
	} rows[] = {
		{ "tas", "spin", 1 }, { "tas", "spin", 2 },
		{ "tas", "yield", 4 }, { "pthread-mutex", "native", 1 },
		{ "pthread-mutex", "native", 2 }, { "pthread-mutex", "native", 4 },
	};
	for (unsigned rep = 0; rep < 3; rep++)
		for (unsigned i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
			u += (size_t)snprintf(
				text + u, sizeof(text) - u,
				"{\"family\":\"lock\",\"algo\":\"%s\",\"threads\":%u,"
				"\"wait\":\"%s\",\"placement\":\"compact\",\"rep\":%u,"
				"\"throughput_ops\":%u,\"lat_p50_ns\":%u,"
				"\"lat_p90_ns\":30,\"lat_p99_ns\":40,"
				"\"lat_p999_ns\":50,\"handoff_ns\":%s,\"jain\":0.9,"
				"\"uncontended_ns\":9}\n",
				rows[i].algo, rows[i].threads, rows[i].wait, rep,
				(10 + rep) * 1000000u / rows[i].threads, 20 + rep,
				rows[i].threads > 1 ? "150" : "null");
	write_file(name, text);
}

Test(plots, render_takes_the_newest_bench_set_whole, .timeout = 30)
{
	char cmd[3 * PATH_MAX], out[4096];
	cr_assert_eq(mkdir(strcat(strcpy(cmd, dir), "/results"), 0755), 0);
	write_locks("results/bench-20250101T000000Z-lock.jsonl");
	write_locks("results/bench-20260101T000000Z-lock.jsonl");
	sleep(1); /* the set's lrpc-1cpu file is its newest */
	write_locks("results/bench-20260101T000000Z-lrpc-1cpu.jsonl");
	/* `echo` for contend: the command render would run */
	snprintf(cmd, sizeof(cmd), "cd '%s' && sh '%s/plots/render' echo", dir,
		 root);
	cr_assert_eq(ct_test_capture(cmd, out, sizeof(out)), 0, "%s", out);
	cr_expect(strstr(out, "plot results/bench-20260101T000000Z-lock.jsonl "
			      "results/bench-20260101T000000Z-lrpc-1cpu.jsonl "
			      "--out results/report"), "%s", out);
	cr_expect_null(strstr(out, "2025"), "%s", out);
}

Test(plots, peers_share_the_chart_and_failures_are_listed, .timeout = 120)
{
	char args[3 * PATH_MAX], path[PATH_MAX];
	write_locks("r.jsonl");
	snprintf(args, sizeof(args), "export %s/r.jsonl --family lock", dir);
	cr_assert_eq(ct_test_contend(args), 0, "%s", ct_test_out);
	char facet[64], series[64];
	for (unsigned row = 0; ct_test_csv_field(ct_test_out, row, "facet", facet,
						 sizeof(facet)); row++) {
		cr_assert(ct_test_csv_field(ct_test_out, row, "series", series,
					    sizeof(series)));
		cr_expect_str_eq(facet, "all", "row %u (%s): wait makes a "
			"series, not a figure of its own", row, series);
	}
	if (system("command -v gnuplot >/dev/null 2>&1"))
		cr_skip_test("gnuplot is not installed");
	snprintf(args, sizeof(args), "plot %s/r.jsonl --out %s/rep --scripts %s/plots",
		 dir, dir, root);
	cr_assert_eq(ct_test_contend(args), 0, "%s", ct_test_out);
	snprintf(path, sizeof(path), "%s/rep/lock_throughput_all.png", dir);
	cr_expect_eq(access(path, R_OK), 0, "one chart for every lock: %s",
		     ct_test_out);

	/* a figure whose script fails is listed as failed, exit 1 */
	snprintf(args, sizeof(args), "mkdir -p %s/gp && cp %s/plots/*.gp %s/gp && "
		 "echo 'plot sin(' > %s/gp/lock_fairness.gp", dir, root, dir, dir);
	cr_assert_eq(system(args), 0);
	snprintf(args, sizeof(args), "plot %s/r.jsonl --out %s/rep2 --scripts %s/gp",
		 dir, dir, dir);
	cr_expect_eq(ct_test_contend(args), 1, "%s", ct_test_out);
	cr_expect(strstr(ct_test_out, "1 figure failed"), "%s", ct_test_out);
	static char html[1 << 20];
	snprintf(path, sizeof(path), "%s/rep2/index.html", dir);
	FILE *f = fopen(path, "r");
	cr_assert_not_null(f);
	html[fread(html, 1, sizeof(html) - 1, f)] = 0;
	fclose(f);
	cr_expect(strstr(html, "FAILED: Fairness"), "the report drops it");
	cr_expect(strstr(html, "Throughput vs threads, all locks"), "others drawn");
}
