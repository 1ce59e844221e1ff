/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * `contend matrix SPEC`: run a spec's cross product (see matrix.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "harness/core/c2c.h"
#include "harness/core/c2cref.h"
#include "harness/core/cli.h"
#include "commands.h"
#include "harness/core/fingerprint.h"
#include "harness/core/opt.h"
#include "harness/families/common.h"
#include "harness/matrix/matrix.h"
#include "harness/core/timing.h"

enum { MO_OUT, MO_RESUME, MO_SEED, MO_QUIET, MO_DRY, MO_HELP };

static const struct ct_opt matrix_opts[] = {
	[MO_OUT] = { .name = "out", .kind = CT_K_TEXT, .meta = "FILE",
		     .flags = CT_OPT_BENCH,
		     .help = "records (default results/matrix-SPEC-DATE.jsonl)" },
	[MO_RESUME] = { .name = "resume", .kind = CT_K_FLAG,
			.flags = CT_OPT_BENCH,
			.help = "continue a killed matrix's --out FILE" },
	[MO_SEED] = { .name = "seed", .kind = CT_K_COUNT, .min = 0,
		      .max = 1ull << 53, .flags = CT_OPT_BENCH,
		      .help = "the order's seed (default: the spec's, else "
			      "random)" },
	[MO_QUIET] = { .name = "quiet", .kind = CT_K_FLAG,
		       .flags = CT_OPT_BENCH,
		       .help = "no progress or summary" },
	[MO_DRY] = { .name = "dry-run", .kind = CT_K_FLAG,
		     .flags = CT_OPT_BENCH,
		     .help = "print the plan, run nothing" },
	[MO_HELP] = CT_ROW_HELP,
	CT_OPT_END,
};

static const char matrix_prose[] =
	"Run the cross product of SPEC (a file, or quick, default or full from\n"
	"results/specs/) one configuration and repetition at a time, in a\n"
	"seeded random order with repetitions interleaved. Records are appended\n"
	"to FILE (default results/matrix-SPEC-DATE.jsonl) as they finish;\n"
	"--resume continues a killed matrix's FILE. --dry-run prints the plan.\n";

struct matrix_args {
	const char *out, *spec;
	bool resume, quiet, dry;
	bool has_seed;
	uint64_t seed;
};

static void parse_args(int argc, char **argv, struct matrix_args *a)
{
	const struct ct_opt *t = matrix_opts;
	char *pos[1];
	unsigned np = ct_opt_positionals(&argc, argv, t, CT_OPT_BENCH, pos, 1);
	int i;
	optind = 1;
	while ((i = ct_opt_getopt(argc, argv, t, CT_OPT_BENCH, 0)) != -1) {
		switch (i) {
		case MO_OUT: a->out = optarg; break;
		case MO_RESUME: a->resume = true; break;
		case MO_SEED:
			a->seed = ct_opt_count(&t[i], optarg);
			a->has_seed = true;
			break;
		case MO_QUIET: a->quiet = true; break;
		case MO_DRY: a->dry = true; break;
		case MO_HELP:
			ct_opt_help(stdout, "contend matrix SPEC", NULL, t,
				    CT_OPT_BENCH, 0, matrix_prose);
			exit(0);
		}
	}
	if (!np)
		ct_usage_error("matrix: missing SPEC (a spec file, or quick, "
			       "default, full)");
	a->spec = pos[0];
}

static bool nonempty(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && st.st_size > 0;
}

/* Where records go; exit 2 before anything runs if that cannot work. */
static void choose_out(struct matrix_args *a, const struct ct_spec *s,
		       char *buf, size_t len)
{
	if (a->resume && !a->out)
		ct_usage_error("--resume: give the results file to continue "
			       "with --out FILE");
	if (a->resume && !nonempty(a->out))
		ct_usage_error("--resume: %s is missing or empty: nothing to "
			       "resume", a->out);
	if (!a->resume && a->out && nonempty(a->out))
		ct_usage_error("--out: %s exists; --resume continues it, or "
			       "choose another file", a->out);
	if (a->out || a->dry)
		return;
	char stamp[32];
	time_t now = time(NULL);
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", gmtime(&now));
	if (mkdir("results", 0755) && errno != EEXIST)
		ct_usage_error("matrix: cannot create results/: %s",
			       strerror(errno));
	snprintf(buf, len, "results/matrix-%s-%s.jsonl", s->name, stamp);
	a->out = buf;
}

/*
 * The fingerprint plus this machine's c2c reference. Every child of the
 * matrix divides by the same one: unless $CONTEND_C2C_REF names a file
 * already, the reference goes to OUT.c2c-ref and the variable names it
 * (a resumed matrix finds it there and keeps its denominator).
 */
static void fingerprint(struct ct_rec *fp, const struct ct_topo *t,
			const char *out)
{
	char path[1100];
	const char *env = getenv(CT_C2C_REF_ENV);
	if (out && !(env && *env)) {
		snprintf(path, sizeof(path), "%s.c2c-ref", out);
		setenv(CT_C2C_REF_ENV, path, 1);
	}
	ct_rec_reset(fp);
	ct_timer_calibrate();
	ct_fingerprint(fp, t);
	const struct ct_c2c_ref *ref = ct_c2c_ref_get(t);
	ct_c2c_ref_header(fp, ref);
}

static uint64_t pick_seed(const struct matrix_args *a, const struct ct_spec *s,
			  const struct ct_rec *fp)
{
	uint64_t seed;
	if (a->resume) {
		ct_matrix_resume_seed(a->out, s, fp, &seed);
		if (a->has_seed && a->seed != seed)
			ct_usage_error("--seed: %s was started with seed %llu",
				       a->out, (unsigned long long)seed);
		return seed;
	}
	if (a->has_seed)
		return a->seed;
	if (s->has_seed)
		return s->seed;
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return ((uint64_t)ts.tv_nsec ^ (uint64_t)ts.tv_sec * 1000003u ^
		(uint64_t)getpid() << 20) & ((1ull << 53) - 1);
}

static void print_plan(const struct ct_plan *p)
{
	double est = 0;
	for (unsigned i = 0; i < p->nruns; i++)
		est += ct_plan_run_estimate(p, p->runs[i].cfg);
	printf("# spec %s (hash %s), seed %llu\n", p->spec->path, p->spec->hash,
	       (unsigned long long)p->seed);
	printf("# %u configurations, %u runs, about %.0fs\n", p->ncfg, p->nruns,
	       est);
	printf("# seq rep config\n");
	for (unsigned i = 0; i < p->nruns; i++)
		printf("%u %u %s\n", i, p->runs[i].rep, p->cfg[p->runs[i].cfg].name);
}

int ct_cmd_matrix(int argc, char **argv)
{
	struct matrix_args a = { 0 };
	char spec_path[1536], out_buf[512];
	parse_args(argc, argv, &a);
	if (ct_spec_find(a.spec, spec_path, sizeof(spec_path)))
		ct_usage_error("matrix: no spec '%s' (tried %s, %s; shipped: "
			       "quick, default, full)", a.spec, a.spec, spec_path);
	struct ct_topo topo;
	static struct ct_spec spec;
	struct ct_plan plan;
	struct ct_rec fp;
	ct_load_machine(&topo);
	ct_spec_load(&spec, spec_path, &topo);
	choose_out(&a, &spec, out_buf, sizeof(out_buf));
	if (!a.dry || a.resume)
		fingerprint(&fp, &topo, a.dry ? NULL : a.out);
	ct_plan_build(&plan, &spec, pick_seed(&a, &spec, &fp));
	int rc = 0;
	if (a.dry) {
		print_plan(&plan);
	} else {
		struct ct_matrix_opts o = { .out = a.out, .resume = a.resume,
					    .progress = !a.quiet && isatty(2),
					    .summary = !a.quiet };
		rc = ct_matrix_run(&plan, &o, &fp);
	}
	ct_plan_free(&plan);
	ct_spec_free(&spec);
	ct_topo_free(&topo);
	return rc;
}
