/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * `contend compare A B -- WHAT`: did a change make it faster, here?
 * Two builds measured on this machine in alternating pairs of runs and
 * compared by paired ratios (harness/regress/compare.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness/core/argpos.h"
#include "harness/core/cli.h"
#include "harness/regress/compare.h"
#include "harness/regress/compare_run.h"
#include "harness/results/results_io.h"
#include "reportopts.h"
#include "resultcmds.h"

enum { O_PAIRS = CT_RO_NEXT, O_KEEP, O_FROM, O_QUIET, O_HELP };

static const char compare_help[] =
	"usage: contend compare A B [--pairs 15] [--min-effect 5%]\n"
	"         [--min-delta 0ns] [--metrics M[@FIELD=V],N] [--family F]\n"
	"         [--brief] [--format text|json] [--summary md] [--junit FILE]\n"
	"         [--keep DIR] [--quiet] -- matrix SPEC | lock OPTIONS | ...\n"
	"A and B are contend binaries, or --rev REV (a git revision, built in\n"
	"a temporary worktree with its own build/, removed afterwards).\n"
	"The command after -- runs --pairs times on each side, one repetition\n"
	"of every configuration per run, in alternating order (A B, B A, ...).\n"
	"Per configuration x metric: the paired ratio B/A (Hodges-Lehmann) and\n"
	"its exact 95% signed-rank interval; regressed / improved when the whole interval\n"
	"is past the minimum effect, same when it lies within it, unresolved\n"
	"otherwise (only regressed fails). Default metrics as contend regress\n"
	"(lock: lat_p50_ns@threads=1, handoff_ns, uncontended_ns).\n"
	"--keep DIR keeps each run's records (DIR/a-NNN.jsonl, b-NNN.jsonl);\n"
	"contend compare --from DIR [options] reports on them again without\n"
	"running anything (another format, another minimum effect).\n"
	"Exit 0: nothing regressed, 1: a regression, 2: bad input or a run\n"
	"failed.\n" CT_RO_HELP;

struct compare_args {
	struct ct_ro report;
	const char *from; /* --from DIR: kept runs, nothing to run */
	struct ct_compare_run run;
};

/* Sides in the order given: a path, or --rev REV (marked with a leading
 * \001 among the positionals so that ct_positionals keeps the order). */
static void mark_revs(int *argc, char **argv)
{
	int out = 1;
	for (int i = 1; i < *argc; i++) {
		char *v = NULL;
		if (!strcmp(argv[i], "--"))
			break;
		if (!strcmp(argv[i], "--rev")) {
			if (i + 1 >= *argc || !strcmp(argv[i + 1], "--"))
				ct_usage_error("compare: --rev needs a revision "
					       "(main, HEAD^, a hash)");
			v = argv[++i];
		} else if (!strncmp(argv[i], "--rev=", 6)) {
			v = argv[i] + 6;
		}
		if (v && (!*v || asprintf(&argv[out++], "\001%s", v) < 0))
			ct_usage_error("compare: --rev: an empty revision");
		if (!v)
			argv[out++] = argv[i];
	}
	/* keep "--" and what follows */
	int dd = 1;
	while (dd < *argc && strcmp(argv[dd], "--"))
		dd++;
	for (int i = dd; i < *argc; i++)
		argv[out++] = argv[i];
	*argc = out;
}

static void parse_args(int argc, char **argv, struct ct_regress_opts *o,
		       struct compare_args *a)
{
	static const struct option opts[] = {
		CT_RO_LONGOPTS, { "pairs", 1, NULL, O_PAIRS },
		{ "keep", 1, NULL, O_KEEP }, { "from", 1, NULL, O_FROM },
		{ "quiet", 0, NULL, O_QUIET },
		{ "help", 0, NULL, O_HELP }, { NULL, 0, NULL, 0 },
	};
	char **pos = calloc((size_t)argc + 1, sizeof(*pos));
	int c;
	bool fam_given = false;
	mark_revs(&argc, argv);
	unsigned np = ct_positionals(&argc, argv, opts, pos, (unsigned)argc);
	optind = 1;
	while ((c = ct_getopt(argc, argv, opts)) != -1) {
		fam_given |= c == CT_RO_FAMILY;
		if (ct_ro_option(c, optarg, o, &a->report))
			continue;
		switch (c) {
		case O_PAIRS:
			a->run.pairs = (unsigned)ct_parse_count("--pairs", optarg, 1,
							      CT_COMPARE_MAX_PAIRS);
			break;
		case O_KEEP: a->run.keep = optarg; break;
		case O_FROM: a->from = optarg; break;
		case O_QUIET: a->run.quiet = true; break;
		case O_HELP: fputs(compare_help, stdout); exit(0);
		}
	}
	if (a->from) {
		if (np)
			ct_usage_error("compare: --from %s reports on kept runs: "
				       "no sides or command (got '%s')", a->from,
				       pos[0]);
		ct_ro_metrics(o, &a->report);
		return;
	}
	/* pos: the two sides, then (from after "--") what to run */
	if (np < 2)
		ct_usage_error("compare: expected two sides A and B (contend "
			       "binaries or --rev REV) before --, got %u", np);
	for (int i = 0; i < 2; i++) {
		struct ct_compare_side *s = &a->run.side[i];
		if (pos[i][0] == '\001')
			s->rev = pos[i] + 1;
		else
			s->bin = pos[i];
	}
	unsigned first = 2;
	a->run.cmd = pos + first;
	a->run.ncmd = np - first;
	if (!fam_given && a->run.ncmd && ct_family_find(a->run.cmd[0]))
		o->fam = ct_family_find(a->run.cmd[0]);
	ct_ro_metrics(o, &a->report);
}

/* Load one side's runs, one file per pair. */
static void load(struct ct_rs *rs, char **files, unsigned n)
{
	ct_results_load(rs, files, n, "compare");
}

/* --from DIR: the kept runs' files, DIR/a-000.jsonl ... while both sides
 * have one; exit 2 when there are none. */
static void find_kept(struct compare_args *a)
{
	unsigned p = 0;
	for (; p < CT_COMPARE_MAX_PAIRS; p++) {
		bool both = true;
		for (int i = 0; i < 2; i++) {
			if (asprintf(&a->run.files[i][p], "%s/%c-%03u.jsonl",
				     a->from, 'a' + i, p) < 0)
				ct_usage_error("compare: out of memory");
			both = both && !access(a->run.files[i][p], R_OK);
		}
		if (!both) {
			free(a->run.files[0][p]);
			free(a->run.files[1][p]);
			break;
		}
	}
	if (!p)
		ct_usage_error("compare: --from %s holds no kept runs "
			       "(a-000.jsonl and b-000.jsonl; see --keep)", a->from);
	a->run.pairs = p;
	snprintf(a->run.side[0].desc, sizeof(a->run.side[0].desc),
		 "%s/a-*.jsonl", a->from);
	snprintf(a->run.side[1].desc, sizeof(a->run.side[1].desc),
		 "%s/b-*.jsonl", a->from);
}

int ct_cmd_compare(int argc, char **argv)
{
	struct ct_regress_opts o;
	struct compare_args a = { 0 };
	struct ct_rs ra, rb;
	struct ct_regress r;
	char err[1280];
	ct_regress_defaults(&o);
	o.min_effect = CT_COMPARE_MIN_EFFECT;
	o.min_delta_ns = 0;
	a.run.pairs = 15;
	parse_args(argc, argv, &o, &a);
	if (a.from) {
		find_kept(&a);
	} else {
		ct_compare_prepare(&a.run);
		if (a.run.family[0] && strcmp(a.run.family, o.fam->name))
			ct_usage_error("compare: --family %s, but %s measures %s",
				       o.fam->name, a.run.cmd[0], a.run.family);
		ct_compare_runs(&a.run);
	}
	load(&ra, a.run.files[0], a.run.pairs);
	load(&rb, a.run.files[1], a.run.pairs);
	if (ct_compare_paired(&ra, &rb, &o, &r, err, sizeof(err)))
		ct_usage_error("compare: %s", err);
	FILE *info = ct_ro_info(&a.report);
	fprintf(info, "A: %s\nB: %s\n", a.run.side[0].desc, a.run.side[1].desc);
	fflush(info);
	ct_ro_write(&a.report, &r, &o, "contend compare");
	int rc = r.count[CT_REGRESSED] ? 1 : 0;
	ct_regress_free(&r);
	ct_rs_free(&ra);
	ct_rs_free(&rb);
	for (int i = 0; i < 2; i++)
		for (unsigned p = 0; p < a.run.pairs; p++)
			free(a.run.files[i][p]);
	ct_compare_cleanup();
	return rc;
}
