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

#include "harness/core/cli.h"
#include "harness/core/opt.h"
#include "harness/families/common.h"
#include "harness/regress/compare.h"
#include "harness/regress/compare_run.h"
#include "harness/results/results_io.h"
#include "reportopts.h"
#include "commands.h"

enum { CP_PAIRS = CT_RO_NEXT, CP_REV, CP_KEEP, CP_FROM, CP_QUIET, CP_HELP };

static const struct ct_opt compare_opts[] = {
	CT_ROWS_REPORT("the least ratio past 1 that counts (default 5%)",
		       "the least change in ns that counts (default 0ns)",
		       "the records' family (default: the command's)"),
	[CP_PAIRS] = { .name = "pairs", .kind = CT_K_COUNT, .min = 1,
		       .max = CT_COMPARE_MAX_PAIRS, .flags = CT_OPT_BENCH,
		       .help = "runs on each side (default 15)" },
	/* taken by mark_revs, before getopt */
	[CP_REV] = { .name = "rev", .kind = CT_K_TEXT, .meta = "REV",
		     .flags = CT_OPT_BENCH,
		     .help = "a side: a git revision, built in a temporary "
			     "worktree" },
	[CP_KEEP] = { .name = "keep", .kind = CT_K_TEXT, .meta = "DIR",
		      .flags = CT_OPT_BENCH,
		      .help = "keep each run's records: DIR/a-NNN.jsonl, "
			      "b-NNN.jsonl" },
	[CP_FROM] = { .name = "from", .kind = CT_K_TEXT, .meta = "DIR",
		      .flags = CT_OPT_BENCH,
		      .help = "report on --keep DIR's runs, running nothing" },
	[CP_QUIET] = { .name = "quiet", .kind = CT_K_FLAG,
		       .flags = CT_OPT_BENCH,
		       .help = "no progress lines on stderr" },
	[CP_HELP] = CT_ROW_HELP,
	CT_OPT_END,
};

static const char compare_prose[] =
	"A and B are contend binaries, or --rev REV (a git revision, built in\n"
	"a temporary worktree with its own build/, removed afterwards).\n"
	"The command after -- runs --pairs times on each side, one repetition\n"
	"of every configuration per run, in alternating order (A B, B A, ...).\n"
	"Per configuration x metric: the paired ratio B/A (Hodges-Lehmann) and\n"
	"its exact 95% signed-rank interval; regressed / improved when the\n"
	"whole interval is past the minimum effect, same when it lies within\n"
	"it, unresolved otherwise (only regressed fails). Default metrics as\n"
	"contend regress (lock: lat_p50_ns@threads=1, handoff_ns,\n"
	"uncontended_ns).\n"
	"--keep DIR keeps each run's records (DIR/a-NNN.jsonl, b-NNN.jsonl);\n"
	"contend compare --from DIR [options] reports on them again without\n"
	"running anything (another format, another minimum effect).\n"
	"Exit 0: nothing regressed, 1: a regression, 2: bad input or a run\n"
	"failed.\n";

struct compare_args {
	struct ct_ro report;
	const char *from; /* --from DIR: kept runs, nothing to run */
	struct ct_compare_run run;
};

/* Sides in the order given: a path, or --rev REV (marked with a leading
 * \001 among the positionals so that ct_positionals keeps the order). */
static void mark_revs(int *argc, char **argv)
{
	const char *rev = compare_opts[CP_REV].name;
	size_t len = strlen(rev);
	int out = 1;
	for (int i = 1; i < *argc; i++) {
		char *v = NULL, *a = argv[i];
		if (!strcmp(a, "--"))
			break;
		bool is_rev = !strncmp(a, "--", 2) && !strncmp(a + 2, rev, len);
		if (is_rev && !a[2 + len]) {
			if (i + 1 >= *argc || !strcmp(argv[i + 1], "--"))
				ct_usage_error("compare: --%s needs a revision "
					       "(main, HEAD^, a hash)", rev);
			v = argv[++i];
		} else if (is_rev && a[2 + len] == '=') {
			v = a + 3 + len;
		}
		if (v && (!*v || asprintf(&argv[out++], "\001%s", v) < 0))
			ct_usage_error("compare: --%s: an empty revision", rev);
		if (!v)
			argv[out++] = a;
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
	const struct ct_opt *t = compare_opts;
	char **pos = calloc((size_t)argc + 1, sizeof(*pos));
	int k;
	bool fam_given = false;
	mark_revs(&argc, argv);
	unsigned np = ct_opt_positionals(&argc, argv, t, CT_OPT_BENCH, pos,
					 (unsigned)argc);
	optind = 1;
	while ((k = ct_opt_getopt(argc, argv, t, CT_OPT_BENCH, 0)) != -1) {
		const struct ct_opt *r = &t[k];
		fam_given |= k == CT_RO_FAMILY;
		if (ct_ro_option(t, k, optarg, o, &a->report))
			continue;
		switch (k) {
		case CP_PAIRS: a->run.pairs = (unsigned)ct_opt_count(r, optarg); break;
		case CP_KEEP: a->run.keep = optarg; break;
		case CP_FROM: a->from = optarg; break;
		case CP_QUIET: a->run.quiet = true; break;
		case CP_HELP:
			ct_opt_help(stdout, "contend compare A B",
				    "-- matrix SPEC | lock OPTIONS | ...", t,
				    CT_OPT_BENCH, 0, compare_prose);
			exit(0);
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
