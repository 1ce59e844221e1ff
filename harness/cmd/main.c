/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * contend - multicore synchronization and scalability benchmarks.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "harness/barrier/barrierbench.h"
#include "harness/core/cli.h"
#include "commands.h"
#include "harness/expt/experiments.h"
#include "harness/lrpc/lrpcbench.h"
#include "harness/problem/problem.h"

const struct ct_command ct_commands[] = {
	{ "lock", ct_cmd_lock, "benchmark locks: throughput, latency, handoff, fairness" },
	{ "barrier", ct_cmd_barrier, "benchmark barriers: episode latency, episodes/s, remote writes" },
	{ "problem", ct_cmd_problem, "semaphore problems: problem bounded-buffer|readers-writers|dining" },
	{ "validate", ct_cmd_validate, "check mutual exclusion: validate lock|barrier|problem|run ..." },
	{ "run", ct_cmd_run, "an unmodified program on each lock (LD_PRELOAD): run --lock L,.. -- PROG" },
	{ "c2c", ct_cmd_c2c, "core-to-core cache-line round trip between CPUs" },
	{ "topo", ct_cmd_topo, "show the topology and where a placement puts threads" },
	{ "list", ct_cmd_list, "list algorithms: list locks|barriers|problems [--all], list placements" },
	{ "matrix", ct_cmd_matrix, "run a spec's cross product: matrix quick|default|full|FILE" },
	{ "export", ct_cmd_export, "results as a tidy CSV: median, p25, p75 per configuration" },
	{ "plot", ct_cmd_plot, "render PNG/SVG plots and an HTML report from results" },
	{ "regress", ct_cmd_regress, "compare two result sets; exit 1 on a regression" },
	{ "compare", ct_cmd_compare, "two builds A/B on this machine, paired runs; exit 1 on a regression" },
	{ "summary", ct_cmd_summary, "which lock to use here, per thread count, and why" },
	{ "falseshare", ct_cmd_falseshare, "false sharing: packed vs padded layouts, slowdown ratios" },
	{ "litmus", ct_cmd_litmus, "memory-consistency litmus tests: litmus sb|peterson|milk" },
	{ "lrpc", ct_cmd_lrpc, "LRPC cross-process calls vs pipe, socket, eventfd, msgrpc, futex" },
	{ "counters", ct_cmd_counters, "hardware/software event counters: what this machine offers" },
	{ NULL, NULL, NULL },
};

static void usage(FILE *f)
{
	fprintf(f, "usage: contend COMMAND [OPTIONS]   (contend COMMAND --help)\n\n"
		   "commands:\n");
	for (const struct ct_command *c = ct_commands; c->name; c++)
		fprintf(f, "  %-10s %s\n", c->name, c->summary);
}

/* Whatever a command printed (tables, verdicts, help) must have reached
 * stdout: a full disk or a closed pipe is an error, not a silent loss. */
static int checked_stdout(int rc)
{
	if (fflush(stdout) == 0 && !ferror(stdout))
		return rc;
	fprintf(stderr, "contend: cannot write standard output: %s\n",
		strerror(errno ? errno : EIO));
	return rc ? rc : 1;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return CT_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "help") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "-h")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("contend %s\n", CT_GIT_REV);
		return 0;
	}
	for (const struct ct_command *c = ct_commands; c->name; c++)
		if (!strcmp(argv[1], c->name))
			return checked_stdout(c->run(argc - 1, argv + 1));
	fprintf(stderr, "contend: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return CT_EXIT_USAGE;
}
