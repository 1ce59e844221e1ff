/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * stats.c - the counters file: at exit each process that ran under the
 * interposer appends one JSON line to $CONTEND_STATS.
 *
 * One line per process, appended with a single write(O_APPEND), so a program
 * that is a shell script (the shell and what it runs all load us) or that
 * forks leaves one line each and none overwrites another; `contend run` sums
 * them. A process killed by a signal or ended with _exit() writes nothing,
 * which `contend run` reports. A write that fails is reported on stderr
 * naming the file (a destructor cannot change the exit status).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "preload.h"

static void ct_pre_stats_append(const char *line, int len)
{
	int fd = open(ct_pre_conf.stats_path,
		      O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);

	if (fd < 0 || write(fd, line, (size_t)len) != len || close(fd)) {
		fprintf(stderr, "contend-preload: cannot write %s: %s\n",
			ct_pre_conf.stats_path, strerror(errno));
	}
}

void ct_pre_stats_start(void)
{
	char line[256];

	if (!ct_pre_conf.stats_path || !*ct_pre_conf.stats_path)
		return;
	int len = snprintf(line, sizeof(line),
			   "{\"event\":\"start\",\"pid\":%ld,\"lock\":\"%s\","
			   "\"wait\":\"%s\"}\n",
			   (long)getpid(), ct_pre_conf.lock_name,
			   ct_pre_conf.wait_name);
	ct_pre_stats_append(line, len);
}

void ct_pre_stats_write(void)
{
	static struct ct_hist wait_ns, hold_ns; /* too big for the stack */
	struct ct_pre_counts n;
	unsigned threads;
	char line[1024];

	if (!ct_pre_conf.stats_path || !*ct_pre_conf.stats_path)
		return;
	ct_pre_totals(&n, &wait_ns, &hold_ns, &threads);
	/* The pass-through keeps no per-mutex state, so it cannot count
	 * distinct mutexes: null, not a zero that looks measured. */
	char distinct[32] = "null";
	if (ct_pre_conf.algo)
		snprintf(distinct, sizeof(distinct), "%llu",
			 (unsigned long long)atomic_load(&ct_pre_distinct));
	int len = snprintf(
		line, sizeof(line),
		"{\"event\":\"exit\",\"pid\":%ld,\"ppid\":%ld,\"lock\":\"%s\",\"wait\":\"%s\","
		"\"acquisitions\":%llu,\"contended\":%llu,\"try_busy\":%llu,"
		"\"distinct_mutexes\":%s,\"fallback_mutexes\":%llu,"
		"\"fallback_ops\":%llu,\"cond_waits\":%llu,"
		"\"cond_timeouts\":%llu,\"threads\":%u,\"samples\":%llu,"
		"\"wait_ns_p50\":%llu,\"wait_ns_p99\":%llu,"
		"\"hold_ns_p50\":%llu,\"hold_ns_p99\":%llu}\n",
		(long)getpid(), (long)getppid(), ct_pre_conf.lock_name,
		ct_pre_conf.wait_name, (unsigned long long)n.acquisitions,
		(unsigned long long)n.contended, (unsigned long long)n.try_busy,
		distinct,
		(unsigned long long)atomic_load(&ct_pre_fallbacks),
		(unsigned long long)n.fallback_ops,
		(unsigned long long)n.cond_waits,
		(unsigned long long)n.cond_timeouts, threads,
		(unsigned long long)wait_ns.count,
		(unsigned long long)ct_hist_percentile(&wait_ns, 50),
		(unsigned long long)ct_hist_percentile(&wait_ns, 99),
		(unsigned long long)ct_hist_percentile(&hold_ns, 50),
		(unsigned long long)ct_hist_percentile(&hold_ns, 99));
	int fd = open(ct_pre_conf.stats_path,
		      O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);

	if (fd < 0 || write(fd, line, (size_t)len) != len || close(fd)) {
		fprintf(stderr, "contend-preload: cannot write %s: %s\n",
			ct_pre_conf.stats_path, strerror(errno));
	}
}
