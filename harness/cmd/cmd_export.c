/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * `contend export RESULTS...`: a tidy CSV for gnuplot, R or a spreadsheet.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/core/cli.h"
#include "harness/core/opt.h"
#include "harness/families/common.h"
#include "harness/results/export.h"
#include "commands.h"
#include "harness/results/results_io.h"

static const char *const levels[] = { "config", "rep", NULL };
static const char *const formats[] = { "csv", "jsonl", NULL };

enum { EO_FAMILY, EO_LEVEL, EO_FORMAT, EO_OUT, EO_FORCE, EO_APPEND, EO_HELP };

static const struct ct_opt export_opts[] = {
	[EO_FAMILY] = { .name = "family", .kind = CT_K_TEXT,
			.meta = "lock|c2c|...", .flags = CT_OPT_BENCH,
			.help = "the family to export (default: the only one "
				"in the files)" },
	[EO_LEVEL] = { .name = "level", .kind = CT_K_CHOICE, .choices = levels,
		       .flags = CT_OPT_BENCH,
		       .help = "a row per configuration (default) or per "
			       "repetition" },
	[EO_FORMAT] = { .name = "format", .kind = CT_K_CHOICE,
			.choices = formats, .flags = CT_OPT_BENCH,
			.help = "default csv" },
	[EO_OUT] = { .name = "out", .kind = CT_K_TEXT, .meta = "FILE",
		     .flags = CT_OPT_BENCH, .help = "default stdout" },
	[EO_FORCE] = { .name = "force", .kind = CT_K_FLAG,
		       .flags = CT_OPT_BENCH,
		       .help = "replace a non-empty --out file" },
	[EO_APPEND] = { .name = "append", .kind = CT_K_FLAG,
			.flags = CT_OPT_BENCH,
			.help = "add to a non-empty --out file" },
	[EO_HELP] = CT_ROW_HELP,
	CT_OPT_END,
};

static const char export_prose[] =
	"One row per configuration with M (median), M_p25 and M_p75 of every\n"
	"metric over its repetitions (--level config, the default), or one row\n"
	"per repetition (--level rep). Columns are named; NA marks a value\n"
	"that was not measured.\n";

int ct_cmd_export(int argc, char **argv)
{
	const char *family = NULL, *out = NULL;
	unsigned level = 0, format = 0;
	enum ct_open_mode mode = CT_OPEN_NEW;
	char *pos[CT_RS_MAX_RUNS];
	unsigned np = ct_opt_positionals(&argc, argv, export_opts,
					 CT_OPT_BENCH, pos, CT_RS_MAX_RUNS);
	int i;
	optind = 1;
	while ((i = ct_opt_getopt(argc, argv, export_opts, CT_OPT_BENCH,
				  0)) != -1) {
		const struct ct_opt *r = &export_opts[i];
		switch (i) {
		case EO_FAMILY: family = optarg; break;
		case EO_LEVEL: level = ct_opt_choice(r, optarg); break;
		case EO_FORMAT: format = ct_opt_choice(r, optarg); break;
		case EO_OUT: out = optarg; break;
		case EO_FORCE: ct_out_mode_opt(CT_O_FORCE, &mode); break;
		case EO_APPEND: ct_out_mode_opt(CT_O_APPEND, &mode); break;
		case EO_HELP:
			ct_opt_help(stdout, "contend export RESULTS.jsonl...",
				    NULL, export_opts, CT_OPT_BENCH, 0,
				    export_prose);
			return 0;
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
