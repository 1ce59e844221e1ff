/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * `contend summary RESULTS...`: which lock to use on this machine, per
 * thread count, how sure that is, and why (lockrank.h); and which lock
 * helps each program that `contend run` ran (apprank.h).
 */
#include <stdio.h>

#include "harness/core/cli.h"
#include "harness/core/opt.h"
#include "harness/families/common.h"
#include "harness/results/apprank.h"
#include "harness/results/lockrank.h"
#include "harness/results/results_io.h"
#include "commands.h"

static const struct ct_opt summary_opts[] = {
	CT_ROW_HELP,
	CT_OPT_END,
};

static const char summary_prose[] =
	"Per thread count in the lock records: the fastest lock and the\n"
	"runner-up (median throughput), the paired ratio of the two over the\n"
	"repetitions they ran in together with its 95% interval (\"unresolved\"\n"
	"when it contains 1), and the reason in machine terms: handoff in c2c\n"
	"round trips, fairness, oversubscription. Per program in the run\n"
	"records (contend run, or a matrix's [run] sections): each lock's\n"
	"speed over pthread-mutex's, paired by repetition, and the best lock\n"
	"against the runner-up, judged the same way.\n";

int ct_cmd_summary(int argc, char **argv)
{
	char *pos[CT_RS_MAX_RUNS];
	unsigned np = ct_opt_positionals(&argc, argv, summary_opts,
					 CT_OPT_BENCH, pos, CT_RS_MAX_RUNS);
	optind = 1;
	if (ct_opt_getopt(argc, argv, summary_opts, CT_OPT_BENCH, 0) != -1) {
		/* its one row: --help */
		ct_opt_help(stdout, "contend summary RESULTS.jsonl...", NULL,
			    summary_opts, CT_OPT_BENCH, 0, summary_prose);
		return 0;
	}
	struct ct_rs rs;
	ct_results_load(&rs, pos, np, "summary");
	unsigned n = ct_lockrank_print(&rs, stdout);
	n += ct_apprank_print(&rs, stdout);
	ct_rs_free(&rs);
	if (!n)
		ct_usage_error("summary: no lock records with a throughput and "
			       "no run records in the files given (from `contend "
			       "lock --out`, `make bench` or `contend run --out`)");
	return 0;
}
