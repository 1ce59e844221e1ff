/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * mxresume.c - `contend matrix --resume`: continue a results file.
 *
 * The file must come from the same spec (hash), binary (git revision) and
 * machine; the plan is rebuilt with the file's seed, so the same runs come
 * out in the same order, and those already recorded are skipped. A line
 * cut short by a kill is dropped first.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness/core/cli.h"
#include "matrix.h"
#include "harness/results/resultset.h"

static void load(struct ct_rs *rs, const char *out)
{
	char err[600];
	memset(rs, 0, sizeof(*rs));
	if (ct_rs_load(rs, out, err, sizeof(err)))
		ct_usage_error("--resume: %s", err);
}

/* The binary and machine must be the ones that started the file. */
static void check_same_setup(const char *out, const cJSON *h,
			     const struct ct_rec *fp)
{
	static const char *const rev[] = { "git_rev", NULL };
	const char *const *lists[] = { rev, ct_fp_machine_keys, ct_fp_env_keys };
	struct ct_rec hr;
	char diff[1024];
	ct_rec_reset(&hr);
	ct_rec_from_json(&hr, h);
	for (unsigned i = 0; i < 3; i++)
		if (ct_fp_diff(&hr, fp, lists[i], diff, sizeof(diff)))
			ct_usage_error("--resume: %s was measured by another "
				       "binary or machine (%s); results would "
				       "not be comparable: start a new --out",
				       out, diff);
}

void ct_matrix_resume_seed(const char *out, const struct ct_spec *s,
			   const struct ct_rec *fp, uint64_t *seed)
{
	struct ct_rs rs;
	load(&rs, out);
	const cJSON *h = rs.nruns ? rs.runs[0].header : NULL;
	const char *hash = ct_rs_str(h, "matrix_spec_hash");
	double sd = ct_rs_num(h, "matrix_seed");
	if (!hash || !isfinite(sd))
		ct_usage_error("--resume: %s has no matrix header (was it "
			       "written by contend matrix?)", out);
	if (strcmp(hash, s->hash))
		ct_usage_error("--resume: %s was produced by a different spec "
			       "(hash %s; %s is %s): start a new --out", out,
			       hash, s->path, s->hash);
	check_same_setup(out, h, fp);
	*seed = (uint64_t)sd;
	ct_rs_free(&rs);
}

unsigned ct_matrix_resume_done(const char *out, const struct ct_plan *p,
			       bool *done)
{
	struct ct_rs rs;
	unsigned n = 0;
	load(&rs, out);
	if (rs.partial) {
		fprintf(stderr, "contend: matrix: dropping a record cut short "
			"at the end of %s\n", out);
		if (truncate(out, (off_t)rs.good_bytes))
			ct_usage_error("--resume: cannot truncate %s", out);
	}
	if (rs.bad)
		fprintf(stderr, "contend: matrix: %u malformed lines in %s "
			"ignored\n", rs.bad, out);
	/* Data records and failure records alike: a run that failed is
	 * recorded (its why says what happened) and is not run again, or
	 * its key would appear twice. */
	unsigned failed = 0;
	for (size_t i = 0; i < rs.ndocs; i++) {
		const cJSON *o = rs.docs[i];
		const char *kind = ct_rs_str(o, "record");
		bool failure = kind && !strcmp(kind, "failure");
		if (kind && !failure)
			continue;
		const char *name = ct_rs_str(o, "config");
		double rep = ct_rs_num(o, "rep");
		int c = name ? ct_plan_find(p, name) : -1;
		if (c < 0 || !(rep >= 0 && rep < p->cfg[c].reps))
			continue;
		bool *d = &done[(unsigned)c * p->maxreps + (unsigned)rep];
		n += !*d;
		failed += !*d && failure;
		*d = true;
	}
	if (failed)
		fprintf(stderr, "contend: matrix: %u runs of %s failed before and "
			"are not run again (their failure records say why; "
			"delete those lines to retry them)\n", failed, out);
	ct_rs_free(&rs);
	return n;
}
