/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * `contend export RESULTS...`: a tidy CSV for gnuplot, R or a spreadsheet.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/core/argpos.h"
#include "harness/core/cli.h"
#include "harness/results/export.h"
#include "commands.h"
#include "resultcmds.h"
#include "harness/results/results_io.h"

enum { O_FAMILY = 5000, O_LEVEL, O_FORMAT, O_OUT, O_HELP };

static const char export_help[] =
	"usage: contend export RESULTS.jsonl... [--family lock|c2c|...]\n"
	"         [--level config|rep] [--format csv|jsonl] [--out FILE]\n"
	"         " CT_OUT_MODE_HELP "\n"
	"One row per configuration with M (median), M_p25 and M_p75 of every\n"
	"metric over its repetitions (--level config, the default), or one row\n"
	"per repetition (--level rep). Columns are named; NA marks a value\n"
	"that was not measured.\n";

int ct_cmd_export(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "family", 1, NULL, O_FAMILY }, { "level", 1, NULL, O_LEVEL },
		{ "format", 1, NULL, O_FORMAT }, { "out", 1, NULL, O_OUT },
		CT_OUT_MODE_LONGOPTS,
		{ "help", 0, NULL, O_HELP }, { NULL, 0, NULL, 0 },
	};
	static const char *const levels[] = { "config", "rep", NULL };
	static const char *const formats[] = { "csv", "jsonl", NULL };
	const char *family = NULL, *out = NULL;
	unsigned level = 0, format = 0;
	enum ct_open_mode mode = CT_OPEN_NEW;
	char *pos[CT_RS_MAX_RUNS];
	unsigned np = ct_positionals(&argc, argv, opts, pos, CT_RS_MAX_RUNS);
	int c;
	optind = 1;
	while ((c = ct_getopt(argc, argv, opts)) != -1) {
		if (ct_out_mode_opt(c, &mode))
			continue;
		switch (c) {
		case O_FAMILY: family = optarg; break;
		case O_LEVEL: level = ct_parse_choice("--level", optarg, levels); break;
		case O_FORMAT: format = ct_parse_choice("--format", optarg, formats); break;
		case O_OUT: out = optarg; break;
		case O_HELP: fputs(export_help, stdout); return 0;
		}
	}
	struct ct_rs rs;
	ct_results_load(&rs, pos, np, "export");
	const struct ct_family *fam = ct_results_family(&rs, family, "export");
	struct ct_sink sink;
	char err[600];
	if (ct_sink_open(&sink, format ? CT_FMT_JSONL : CT_FMT_CSV, out, mode,
			 err, sizeof(err)))
		ct_usage_error("--out: %s", err);
	if (level) {
		ct_export_reps(&rs, fam, &sink);
	} else {
		struct ct_table t;
		ct_aggregate(&rs, fam, &t);
		ct_table_write(&t, &sink);
		ct_table_free(&t);
	}
	ct_sink_close(&sink);
	ct_rs_free(&rs);
	return 0;
}
