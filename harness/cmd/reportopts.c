/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * reportopts.c - see reportopts.h.
 */
#include "reportopts.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/core/cli.h"

const char *const ct_ro_formats[] = { "text", "json", NULL };
const char *const ct_ro_summaries[] = { "md", NULL };
const char *ct_ro_families[16];

double ct_ro_fraction(const struct ct_opt *o, const char *s)
{
	char *end;
	double v = strtod(s, &end);
	if (end != s && !strcmp(end, "%"))
		v /= 100;
	else if (end == s || *end)
		v = NAN;
	if (!(v >= (double)o->min && v <= (double)o->max))
		ct_usage_error("--%s: invalid value '%s' (expected a fraction or "
			       "a percentage: 0.1, 10%%)", o->name, s);
	return v;
}

/* --family's choices: the registry's names. */
static void list_families(void)
{
	unsigned n = 0;
	for (const struct ct_family *const *f = ct_families; *f && n < 15; f++)
		ct_ro_families[n++] = (*f)->name;
	ct_ro_families[n] = NULL;
}

bool ct_ro_option(const struct ct_opt *t, int i, const char *arg,
		  struct ct_regress_opts *o, struct ct_ro *r)
{
	const struct ct_opt *row = &t[i];
	switch (i) {
	case CT_RO_METRICS: r->metrics = arg; break;
	case CT_RO_EFFECT: o->min_effect = ct_ro_fraction(row, arg); break;
	case CT_RO_DELTA: o->min_delta_ns = (double)ct_opt_ns(row, arg); break;
	case CT_RO_FAMILY:
		list_families();
		o->fam = ct_families[ct_opt_choice(row, arg)];
		break;
	case CT_RO_BRIEF: r->brief = true; break;
	case CT_RO_FORMAT:
		r->format = ct_opt_choice(row, arg) ? CT_RO_JSON : CT_RO_TEXT;
		break;
	case CT_RO_SUMMARY:
		ct_opt_choice(row, arg);
		r->format = CT_RO_MD;
		break;
	case CT_RO_JUNIT: r->junit = arg; break;
	default: return false;
	}
	return true;
}

void ct_ro_metrics(struct ct_regress_opts *o,
		       const struct ct_ro *r)
{
	char err[1280];
	const char *m = r->metrics ? r->metrics : ct_regress_default_metrics(o->fam);
	if (!m) {
		char valid[1024];
		ct_join(valid, sizeof(valid), o->fam->metrics, ", ");
		ct_usage_error("--family %s: choose what to compare with "
			       "--metrics (valid: %s)", o->fam->name, valid);
	}
	if (ct_regress_metrics(o, m, err, sizeof(err)))
		ct_usage_error("--metrics: %s", err);
}

FILE *ct_ro_info(const struct ct_ro *r)
{
	return r->format == CT_RO_TEXT ? stdout : stderr;
}

void ct_ro_write(const struct ct_ro *ro,
		     const struct ct_regress *r,
		     const struct ct_regress_opts *o, const char *suite)
{
	int rc = 0;
	switch (ro->format) {
	case CT_RO_TEXT: ct_regress_print(stdout, r, o, ro->brief); break;
	case CT_RO_JSON: rc = ct_regress_write_json(stdout, r, o); break;
	case CT_RO_MD: rc = ct_regress_write_md(stdout, r, o); break;
	}
	if (rc || fflush(stdout)) {
		fprintf(stderr, "contend: writing the report to stdout: %s\n",
			strerror(errno));
		exit(1);
	}
	if (ro->junit && ct_regress_write_junit(ro->junit, suite, r)) {
		fprintf(stderr, "contend: --junit %s: %s\n", ro->junit,
			strerror(errno));
		exit(1);
	}
}
