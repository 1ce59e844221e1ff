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
#include "harness/core/cc.h"
#include "harness/core/family.h"
#include "support.h"


Test(cli, unknown_algorithm_lists_choices, .timeout = 30)
{
	ct_test_expect_usage_error("lock --algo nosuch", "unknown name 'nosuch'");
	cr_expect(strstr(ct_test_out, "mcs") && strstr(ct_test_out, "ticket"),
		  "valid choices missing:\n%s", ct_test_out);
}

Test(cli, zero_threads, .timeout = 30)
{
	ct_test_expect_usage_error("lock --algo tas --threads 0", "--threads");
	ct_test_expect_usage_error("lock --algo tas --threads 2,,4", "invalid list");
	ct_test_expect_usage_error("validate lock --algo tas --threads 0", "--threads");
}

Test(cli, cpu_outside_cpuset, .timeout = 30)
{
	ct_test_expect_usage_error("lock --algo tas --placement cpus:4095",
			   "outside the allowed set");
	ct_test_expect_usage_error("lock --algo tas --placement sideways",
			   "compact, scatter");
}

Test(cli, malformed_durations_and_sizes, .timeout = 30)
{
	ct_test_expect_usage_error("lock --duration 1x", "invalid duration '1x'");
	ct_test_expect_usage_error("lock --duration -1", "invalid duration");
	ct_test_expect_usage_error("lock --duration 0", "invalid duration");
	ct_test_expect_usage_error("lock --cs abc", "invalid time 'abc'");
	ct_test_expect_usage_error("lock --reps 0", "invalid count '0'");
	ct_test_expect_usage_error("lock --cs-lines 1.5", "invalid count");
	ct_test_expect_usage_error("validate lock --ops lots", "invalid count 'lots'");
	ct_test_expect_usage_error("lock --wait sometimes", "valid: spin, yield");
	ct_test_expect_usage_error("lock --format xml", "valid: table, csv, jsonl");
	ct_test_expect_usage_error("lock --backoff-min 64 --backoff-max 8",
			   "exceeds --backoff-max");
}

Test(cli, unknown_option_and_command, .timeout = 30)
{
	ct_test_expect_usage_error("lock --frobnicate", "unknown option '--frobnicate'");
	cr_expect(strstr(ct_test_out, "--algo"), "valid options missing:\n%s", ct_test_out);
	ct_test_expect_usage_error("lock --algo", "needs a value");
	ct_test_expect_usage_error("conquer", "unknown command 'conquer'");
	ct_test_expect_usage_error("validate widget", "widget");
	ct_test_expect_usage_error("validate lock --algo null", "no mutual exclusion");
}

Test(cli, unwritable_out_writes_nothing, .timeout = 30)
{
	const char *path = "/nonexistent-dir/x.jsonl";
	ct_test_expect_usage_error("lock --algo tas --threads 1 --duration 10ms "
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
	ct_test_expect_usage_error(args, "outside the allowed set");
	char file[600];
	snprintf(file, sizeof(file), "%s/r.jsonl", path);
	struct stat st;
	cr_expect_neq(stat(file, &st), 0, "a file was written on bad input");
	rmdir(path);
}

Test(cli, list_locks_hides_broken, .timeout = 30)
{
	cr_assert_eq(ct_test_contend("list locks"), 0);
	cr_expect(strstr(ct_test_out, "mcs\n") && strstr(ct_test_out, "null\n"),
		  "%s", ct_test_out);
	cr_expect_null(strstr(ct_test_out, "broken"), "broken is listed:\n%s", ct_test_out);
	cr_assert_eq(ct_test_contend("list locks --all"), 0);
	cr_expect_not_null(strstr(ct_test_out, "broken"));
}

Test(cli, validate_catches_broken_and_passes_tas, .timeout = 60)
{
	cr_expect_eq(ct_test_contend("validate lock --algo tas --threads 2 --ops 200k"), 0,
		     "%s", ct_test_out);
	CT_SKIP_DELIBERATE_RACE();
	cr_expect_eq(ct_test_contend("validate lock --algo broken --threads 2 --ops 1M"), 1,
		     "%s", ct_test_out);
	cr_expect_not_null(strstr(ct_test_out, "FAIL"), "%s", ct_test_out);
}

Test(cli, csv_has_the_documented_columns, .timeout = 60)
{
	cr_assert_eq(ct_test_contend("lock --algo tas,ticket --threads 1,2 --duration 20ms "
			     "--warmup 0 --reps 2 --format csv --quiet"),
		     0, "%s", ct_test_out);
	static const char *const cols[] = {
		"algo", "threads", "placement", "rep", "throughput_ops",
		"lat_p50_ns", "lat_p99_ns", "handoff_ns", "jain", "c2c_ns",
		"uncontended_ns", "harness_ns",
	};
	ct_test_expect_csv(cols, CT_ARRAY_SIZE(cols), 2 * 2 * 2);
}

/* --loop bare: each run paired with the bare loop; the ratio table lists
 * every (lock, threads) with a finite ratio, and the records carry it. */
Test(cli, loop_bare_pairs_every_run, .timeout = 60)
{
	cr_assert_eq(ct_test_contend("lock --algo null,tas --threads 1 --duration 10ms "
				     "--warmup 0 --reps 6 --loop bare --quiet"),
		     0, "%s", ct_test_out);
	const char *t = strstr(ct_test_out, "# bare loop:");
	cr_assert_not_null(t, "%s", ct_test_out);
	for (unsigned i = 0; i < 2; i++) {
		const char *row = strstr(t, i ? "   tas    1 " : "  null    1 ");
		cr_assert_not_null(row, "%s", t);
		double ratio = atof(row + 12);
		cr_expect(ratio > 0 && ratio < 100, "ratio %g in\n%s", ratio, t);
	}
	cr_assert_eq(ct_test_contend("lock --algo tas --threads 1 --duration 10ms "
				     "--warmup 0 --reps 1 --loop bare --format csv --quiet"),
		     0, "%s", ct_test_out);
	static const char *const keys[] = {
		"harness_ns", "bare_throughput_ops", "bare_ratio",
	};
	for (unsigned i = 0; i < CT_ARRAY_SIZE(keys); i++) {
		char v[64];
		cr_assert(ct_test_csv_field(ct_test_out, 0, keys[i], v, sizeof(v)),
			  "%s missing: %s", keys[i], ct_test_out);
		cr_expect(atof(v) > 0, "%s = %s", keys[i], v);
	}
	cr_expect_eq(ct_test_contend("lock --loop fast"), 2, "%s", ct_test_out);
	cr_expect_not_null(strstr(ct_test_out, "harness"), "%s", ct_test_out);
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
	cr_assert_eq(ct_test_contend(args), 0, "%s", ct_test_out);
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

/* Odd repetitions visit the algorithms in reverse (A B, B A): rows come
 * out in run order. */
Test(cli, repetitions_alternate_the_order, .timeout = 60)
{
	cr_assert_eq(ct_test_contend("lock --algo tas,ticket --threads 1 --duration 10ms "
				     "--warmup 0 --reps 3 --format csv --quiet"),
		     0, "%s", ct_test_out);
	static const char *const want[][2] = {
		{ "tas", "0" }, { "ticket", "0" }, { "ticket", "1" },
		{ "tas", "1" }, { "tas", "2" }, { "ticket", "2" },
	};
	for (unsigned i = 0; i < CT_ARRAY_SIZE(want); i++) {
		char algo[32], rep[8];
		cr_assert(ct_test_csv_field(ct_test_out, i, "algo", algo, sizeof(algo)));
		cr_assert(ct_test_csv_field(ct_test_out, i, "rep", rep, sizeof(rep)));
		cr_expect(!strcmp(algo, want[i][0]) && !strcmp(rep, want[i][1]),
			  "row %u: %s rep %s, expected %s rep %s", i, algo, rep,
			  want[i][0], want[i][1]);
	}
}

#ifdef CT_HAVE_CK
/* --peers adds each lock's CK peer after it and prints one paired-ratio
 * row per (lock, thread count); a lock without a peer is refused. */
Test(cli, peers_pair_up_with_concurrency_kit, .timeout = 120)
{
	cr_assert_eq(ct_test_contend("lock --algo ticket,futex --peers --threads 1,2 "
				     "--duration 10ms --warmup 0 --reps 6 --quiet"),
		     0, "%s", ct_test_out);
	cr_expect_not_null(strstr(ct_test_out, "# peers: ours / Concurrency Kit"),
			   "%s", ct_test_out);
	/* the peer ran as a row of its own, and each thread count paired */
	cr_expect_not_null(strstr(ct_test_out, "     ck-ticket    1 native"),
			   "%s", ct_test_out);
	for (unsigned t = 1; t <= 2; t++) {
		char row[64];
		snprintf(row, sizeof(row), "    ticket    ck-ticket %4u ", t);
		const char *at = strstr(ct_test_out, row);
		cr_expect_not_null(at, "no row for %u threads: %s", t, ct_test_out);
		/* six ratios: a 95% interval exists, [x(1), x(6)] */
		cr_expect(at && strchr(at, '[') && strchr(at, '[') < strchr(at, '\n'),
			  "no interval: %s", at);
	}
	cr_expect_null(strstr(ct_test_out, "futex    ck-"), "%s", ct_test_out);
	ct_test_expect_usage_error("lock --algo futex,pthread-mutex --peers",
				   "those that do: tas, ttas, ticket, mcs, clh, anderson");
}
#endif

/* Issue 13, defect 11: duplicates ran twice, an empty --algo did not list
 * the names, a huge duration said "expected a positive number", and a
 * billion-PU synthetic topology hung instead of being refused. */
Test(cli, small_input_errors_name_the_limit, .timeout = 60)
{
	ct_test_expect_usage_error("lock --threads 1,1", "listed twice");
	ct_test_expect_usage_error("lock --algo tas,tas", "listed twice");
	ct_test_expect_usage_error("barrier --threads 2,1-2", "listed twice");
	ct_test_expect_usage_error("lock --algo ''", "valid: null, tas");
	ct_test_expect_usage_error("lock --duration 1e9", "maximum of 86400 s");
	ct_test_expect_usage_error("problem dining --duration 1e9",
				   "maximum of 86400 s");
	ct_test_expect_usage_error("topo --synthetic 'package:1000 core:1000 "
				   "pu:1000'", "at most 4096");
}

/* Every family command parses its count options within the bounds its
 * family table states (one source for the command, its help and the spec
 * checker):
 * one past the maximum is refused, naming both bounds. */
Test(cli, count_options_take_the_family_table_bounds, .timeout = 120)
{
	unsigned checked = 0;
	for (const struct ct_family *const *fp = ct_families; *fp; fp++) {
		const struct ct_family *f = *fp;
		if (!f->built)
			continue;
		for (const struct ct_opt *k = f->keys; k->name; k++) {
			if (k->kind != CT_K_COUNT || !(k->flags & CT_OPT_BENCH))
				continue;
			char args[256], want[96];
			/* a problem's knobs are its own: size and payload are
			 * the bounded buffer's */
			bool bb = !strcmp(k->name, "size") ||
				  !strcmp(k->name, "payload");
			snprintf(args, sizeof(args), "%s %s--%s %llu%s", f->name,
				 strcmp(f->name, "problem") ? "" :
				 bb ? "--problem bounded-buffer " :
				      "--problem dining ", k->name,
				 (unsigned long long)k->max + 1,
				 strcmp(f->name, "run") ? "" : " -- true");
			snprintf(want, sizeof(want), "from %llu to %llu",
				 (unsigned long long)k->min,
				 (unsigned long long)k->max);
			cr_expect_eq(ct_test_contend(args), 2, "%s: %s", args,
				     ct_test_out);
			cr_expect(strstr(ct_test_out, want), "%s: %s", args,
				  ct_test_out);
			checked++;
		}
	}
	cr_expect_geq(checked, 20, "count keys checked: %u", checked);
}

/* `contend list family NAME` prints each family's table from itself: its
 * spec keys and every metric, with units where the table has them. */
Test(cli, list_family_prints_the_table, .timeout = 60)
{
	for (const struct ct_family *const *fp = ct_families; *fp; fp++) {
		const struct ct_family *f = *fp;
		char args[96];
		snprintf(args, sizeof(args), "list family %s", f->name);
		cr_assert_eq(ct_test_contend(args), 0, "%s", ct_test_out);
		for (const struct ct_opt *k = f->keys; k->name; k++) {
			char want[96];
			snprintf(want, sizeof(want), ct_is_key(k) ? "  %s " :
				 " --%s", k->name);
			cr_expect(strstr(ct_test_out, want), "%s: %s missing",
				  f->name, want);
		}
		unsigned nm = 0, nu = 0;
		while (f->metrics[nm])
			nm++;
		while (f->units && f->units[nu])
			nu++;
		cr_expect(!f->units || nu == nm, "%s: %u units for %u metrics",
			  f->name, nu, nm);
		for (unsigned i = 0; i < nm; i++)
			cr_expect(strstr(ct_test_out, f->metrics[i]), "%s: %s",
				  f->name, f->metrics[i]);
	}
	ct_test_expect_usage_error("list family nosuch",
				   "valid: lock, c2c, barrier");
}
