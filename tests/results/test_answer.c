/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_answer.c - the answer a user comes for: `contend summary` ranks
 * the locks per thread count with the paired interval of best / runner-up
 * and says "unresolved" when it contains 1; a --peers verdict whose
 * interval contains its bar is "unresolved", not a failure.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "harness/lock/lockpeers.h"
#include "tests/support.h"

Test(answer, peer_verdict_is_unresolved_when_the_interval_holds_the_bar,
     .timeout = 10)
{
	/* throughput: ours / peer must be >= 0.95 */
	cr_expect_eq(ct_peer_judge(0.98, 0.96, 1.02, 0.95, true), CT_PEER_OK);
	cr_expect_eq(ct_peer_judge(0.93, 0.70, 1.06, 0.95, true),
		     CT_PEER_UNRESOLVED);
	cr_expect_eq(ct_peer_judge(0.80, 0.75, 0.90, 0.95, true), CT_PEER_FAIL);
	/* uncontended: ours / peer must be <= 1.10 */
	cr_expect_eq(ct_peer_judge(1.00, 0.98, 1.05, 1.10, false), CT_PEER_OK);
	cr_expect_eq(ct_peer_judge(1.08, 1.02, 1.15, 1.10, false),
		     CT_PEER_UNRESOLVED);
	cr_expect_eq(ct_peer_judge(1.30, 1.20, 1.40, 1.10, false), CT_PEER_FAIL);
	/* below 6 repetitions there is no interval: the median decides */
	cr_expect_eq(ct_peer_judge(0.96, NAN, NAN, 0.95, true), CT_PEER_OK);
	cr_expect_eq(ct_peer_judge(0.94, NAN, NAN, 0.95, true), CT_PEER_FAIL);
	cr_expect_eq(ct_peer_judge(NAN, NAN, NAN, 0.95, true), CT_PEER_FAIL);
}

/*
 * A results file: at 1 thread "fast" beats "close" by 1-3% in every one
 * of 7 repetitions but "close" wins some (unresolved); at 2 threads
 * "fast" is 2x "slow" in every repetition (resolved); at 4 threads on 2
 * CPUs "fast" leads and "fifo" collapses (oversubscribed).
 */
static void write_results(const char *path)
{
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs("{\"record\":\"header\",\"c2c_ref\":100}\n", f);
	static const double wobble[7] = { 1.03, 0.98, 1.02, 0.97, 1.04, 0.99, 1.01 };
	for (unsigned rep = 0; rep < 7; rep++) {
		static const struct {
			const char *algo;
			unsigned threads;
			double mops, hand_ns, jain;
		} rows[] = {
			{ "null", 1, 150, NAN, 1 },   { "fast", 1, 60, NAN, 1 },
			{ "close", 1, 60, NAN, 1 },   { "fast", 2, 20, 120, 0.6 },
			{ "slow", 2, 10, 300, 0.99 }, { "fast", 4, 9, 150, 0.5 },
			{ "fifo", 4, 0.0002, NAN, 1 },
		};
		for (unsigned i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
			double mops = rows[i].mops;
			if (!strcmp(rows[i].algo, "close"))
				mops *= wobble[rep];
			char hand[32] = "null", ratio[32] = "null";
			if (!isnan(rows[i].hand_ns)) {
				snprintf(hand, sizeof(hand), "%g", rows[i].hand_ns);
				snprintf(ratio, sizeof(ratio), "%g",
					 rows[i].hand_ns / 100);
			}
			fprintf(f, "{\"family\":\"lock\",\"algo\":\"%s\",\"threads\":%u,"
				   "\"wait\":\"spin\",\"rep\":%u,\"cpus_distinct\":%u,"
				   "\"throughput_ops\":%g,\"handoff_ns\":%s,"
				   "\"handoff_c2c\":%s,\"jain\":%g,"
				   "\"uncontended_ns\":9,"
				   "\"transfers_per_acquire\":%g}\n",
				rows[i].algo, rows[i].threads, rep,
				rows[i].threads < 2 ? rows[i].threads : 2,
				mops * 1e6 * (1 + 0.001 * rep), hand, ratio,
				rows[i].jain,
				/* a ticket-like fifo: 2W + 2 */
				strcmp(rows[i].algo, "fifo") ? 6.0 :
				2.0 * rows[i].threads);
		}
	}
	cr_assert_eq(fclose(f), 0);
}

static const char *line_of(const char *text, const char *start)
{
	const char *at = strstr(text, start);
	cr_assert_not_null(at, "no '%s' in:\n%s", start, text);
	return at;
}

static bool on_line(const char *line, const char *needle)
{
	const char *at = strstr(line, needle);
	return at && at < line + strcspn(line, "\n");
}

Test(answer, summary_ranks_with_a_paired_interval, .timeout = 30)
{
	char path[] = "/tmp/contend-answer-XXXXXX", args[128];
	int fd = mkstemp(path);
	cr_assert(fd >= 0);
	close(fd);
	write_results(path);
	snprintf(args, sizeof(args), "summary %s", path);
	cr_assert_eq(ct_test_contend(args), 0, "%s", ct_test_out);
	const char *out = ct_test_out;
	cr_expect_null(strstr(out, "null"), "the null lock is no answer:\n%s", out);

	const char *one = line_of(out, "  1 thread: 1. ");
	cr_expect(on_line(one, "over 7 paired repetitions: unresolved"), "%s", out);
	cr_expect(on_line(strchr(one, '\n') + 1, "no handoff"), "%s", out);

	const char *two = line_of(out, "  2 threads: 1. fast 20.");
	cr_expect(on_line(two, "2. slow 10."), "%s", out);
	cr_expect(on_line(two, "best/runner-up 2.000 [2.000, 2.000] over 7 "
			       "paired repetitions: resolved"), "%s", out);
	cr_expect(on_line(strchr(two, '\n') + 1,
			  "handoff 1.20 c2c round trips (120 ns) for fast vs "
			  "3.00 (300 ns) for slow"), "%s", out);
	cr_expect(on_line(strchr(two, '\n') + 1,
			  "transfers per acquisition fast 6.0 vs slow 6.0"),
		  "%s", out);

	const char *four = line_of(out, "  4 threads: 1. fast");
	cr_expect(on_line(strchr(four, '\n') + 1,
			  "oversubscribed, 4 threads on 2 CPUs"), "%s", out);
	cr_expect(on_line(strchr(four, '\n') + 1, "slowest: fifo"), "%s", out);
	cr_expect(on_line(strchr(four, '\n') + 1, "Preemption, not traffic, "
			  "sets this order (transfers per acquisition fast "
			  "6.0 vs fifo 8.0)"), "%s", out);
	unlink(path);
}

Test(answer, summary_without_lock_records_is_refused, .timeout = 30)
{
	char path[] = "/tmp/contend-answer-XXXXXX", args[128];
	int fd = mkstemp(path);
	cr_assert(fd >= 0);
	static const char c2c[] = "{\"record\":\"header\"}\n"
				  "{\"family\":\"c2c\",\"rtt_ns\":100}\n";
	cr_assert(write(fd, c2c, sizeof(c2c) - 1) == (ssize_t)sizeof(c2c) - 1);
	close(fd);
	snprintf(args, sizeof(args), "summary %s", path);
	ct_test_expect_usage_error(args, "no lock records");
	unlink(path);
}
