/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * regress_out.c - the regress / compare report for CI: a markdown table
 * (a job summary), one JSON object, a JUnit XML file. One row struct
 * serves both commands; columns that do not apply to one (p for compare,
 * the interval for regress) are "-" or null.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cJSON.h>

#include "harness/results/report.h"
#include "regress.h"

static const char *what(const struct ct_regress *r)
{
	return r->paired ? "compare" : "regress";
}

static void counts_line(FILE *f, const struct ct_regress *r)
{
	fprintf(f, "%u regressed, %u improved, ", r->count[CT_REGRESSED],
		r->count[CT_IMPROVED]);
	if (r->paired)
		fprintf(f, "%u unresolved, %u same (%u comparisons, %u pairs)",
			r->count[CT_UNRESOLVED], r->count[CT_SAME], r->nrows,
			r->pairs);
	else
		fprintf(f, "%u noise (%u comparisons)", r->count[CT_NOISE],
			r->nrows);
}

static void pct(FILE *f, double v)
{
	if (isfinite(v))
		fprintf(f, " %+.1f%% |", 100 * v);
	else
		fprintf(f, " - |");
}

static void val(FILE *f, double v)
{
	if (isfinite(v))
		fprintf(f, " %.4g |", v);
	else
		fprintf(f, " - |");
}

/* The text of a markdown cell: '|' would end it early. */
static void cell(FILE *f, const char *s)
{
	fputc(' ', f);
	for (; *s; s++) {
		if (*s == '|')
			fputc('\\', f);
		fputc(*s, f);
	}
	fputs(" |", f);
}

int ct_regress_write_md(FILE *f, const struct ct_regress *r,
			const struct ct_regress_opts *o)
{
	fprintf(f, "### contend %s (%s): ", what(r), o->fam->name);
	counts_line(f, r);
	fprintf(f, "\n\n");
	if (r->paired)
		fprintf(f, "Machine: %s. Change: the paired ratio B/A (Hodges-"
			"Lehmann) minus 1, with its exact 95%% signed-rank interval; "
			"a regression is an "
			"interval wholly above +%g%%.\n\n", r->machine,
			100 * r->min_effect);
	else
		fprintf(f, "Change: (current - base) / base of the medians; a "
			"regression needs p < %g and at least the needed change.\n\n",
			o->alpha);
	fprintf(f, "| verdict | configuration | metric | %s | %s | change | %s "
		"| needed | why |\n|---|---|---|---:|---:|---:|---:|---:|---|\n",
		r->paired ? "A" : "base", r->paired ? "B" : "current",
		r->paired ? "95% interval" : "p");
	for (unsigned i = 0; i < r->nrows; i++) {
		const struct ct_regress_row *x = &r->rows[i];
		fprintf(f, "| %s%s%s |", x->verdict == CT_REGRESSED ? "**" : "",
			ct_verdict_name(x->verdict),
			x->verdict == CT_REGRESSED ? "**" : "");
		cell(f, x->label);
		cell(f, x->metric);
		val(f, x->base);
		val(f, x->cur);
		pct(f, x->change);
		if (r->paired && x->tested)
			fprintf(f, " [%+.1f%%, %+.1f%%] |", 100 * (x->lo - 1),
				100 * (x->hi - 1));
		else if (!r->paired && x->tested)
			fprintf(f, " %.2g |", x->p);
		else
			fprintf(f, " - |");
		pct(f, x->needed);
		cell(f, x->why);
		fputc('\n', f);
	}
	if (r->missing)
		fprintf(f, "\nMissing: %s\n", r->missing_list);
	return ferror(f) ? -1 : 0;
}

static void add_num(cJSON *o, const char *k, double v)
{
	if (isfinite(v))
		cJSON_AddNumberToObject(o, k, v);
	else
		cJSON_AddNullToObject(o, k);
}

static cJSON *json_row(const struct ct_regress_row *x, bool paired)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "verdict", ct_verdict_name(x->verdict));
	cJSON_AddStringToObject(o, "configuration", x->label);
	cJSON_AddStringToObject(o, "metric", x->metric);
	add_num(o, "base", x->base);
	add_num(o, "current", x->cur);
	add_num(o, "change", x->change);
	if (paired) {
		add_num(o, "ratio", x->ratio);
		add_num(o, "ci_lo", x->lo);
		add_num(o, "ci_hi", x->hi);
		cJSON_AddNumberToObject(o, "pairs", x->nc);
	} else {
		add_num(o, "p", x->tested ? x->p : NAN);
		cJSON_AddNumberToObject(o, "n_base", x->nb);
		cJSON_AddNumberToObject(o, "n_current", x->nc);
	}
	add_num(o, "needed", x->needed);
	cJSON_AddStringToObject(o, "why", x->why);
	return o;
}

int ct_regress_write_json(FILE *f, const struct ct_regress *r,
			  const struct ct_regress_opts *o)
{
	cJSON *j = cJSON_CreateObject(), *counts = cJSON_CreateObject();
	cJSON *rows = cJSON_CreateArray();
	cJSON_AddStringToObject(j, "command", what(r));
	cJSON_AddStringToObject(j, "family", o->fam->name);
	cJSON_AddNumberToObject(j, "min_effect", r->min_effect);
	if (r->paired) {
		cJSON_AddNumberToObject(j, "pairs", r->pairs);
		cJSON_AddStringToObject(j, "machine", r->machine);
	} else {
		cJSON_AddBoolToObject(j, "normalized", r->normalized);
		cJSON_AddNumberToObject(j, "alpha", o->alpha);
	}
	cJSON_AddStringToObject(j, "machine_diff", r->machine_diff);
	for (unsigned v = 0; v < CT_NVERDICTS; v++)
		if (r->paired ? v != CT_NOISE : v < CT_UNRESOLVED)
			cJSON_AddNumberToObject(counts, ct_verdict_name(v),
						r->count[v]);
	cJSON_AddItemToObject(j, "counts", counts);
	for (unsigned i = 0; i < r->nrows; i++)
		cJSON_AddItemToArray(rows, json_row(&r->rows[i], r->paired));
	cJSON_AddItemToObject(j, "rows", rows);
	cJSON_AddNumberToObject(j, "missing", r->missing);
	cJSON_AddNumberToObject(j, "added", r->added);
	char *text = cJSON_PrintUnformatted(j);
	cJSON_Delete(j);
	if (!text) {
		errno = ENOMEM;
		return -1;
	}
	fprintf(f, "%s\n", text);
	free(text);
	return ferror(f) ? -1 : 0;
}

static void junit_case(FILE *f, const char *suite,
		       const struct ct_regress_row *x, bool paired)
{
	fprintf(f, "    <testcase classname=\"");
	ct_html_escape(f, suite);
	fprintf(f, "\" name=\"");
	ct_html_escape(f, x->label);
	fprintf(f, " %s\">", x->metric);
	char msg[256];
	if (paired)
		snprintf(msg, sizeof(msg), "%s: B/A %+.1f%%, 95%% interval "
			 "[%+.1f%%, %+.1f%%], needed %.1f%%%s%s",
			 ct_verdict_name(x->verdict), 100 * x->change,
			 100 * (x->lo - 1), 100 * (x->hi - 1), 100 * x->needed,
			 x->why[0] ? "; " : "", x->why);
	else
		snprintf(msg, sizeof(msg), "%s: %.4g -> %.4g (%+.1f%%), p %.2g, "
			 "needed %.1f%%%s%s", ct_verdict_name(x->verdict),
			 x->base, x->cur, 100 * x->change, x->p,
			 100 * x->needed, x->why[0] ? "; " : "", x->why);
	if (x->verdict == CT_REGRESSED) {
		fprintf(f, "\n      <failure message=\"");
		ct_html_escape(f, msg);
		fprintf(f, "\" type=\"regression\"/>\n    ");
	} else {
		fprintf(f, "<system-out>");
		ct_html_escape(f, msg);
		fprintf(f, "</system-out>");
	}
	fprintf(f, "</testcase>\n");
}

int ct_regress_write_junit(const char *path, const char *suite,
			   const struct ct_regress *r)
{
	char *tmp = NULL;
	if (asprintf(&tmp, "%s.tmp", path) < 0)
		return -1;
	FILE *f = fopen(tmp, "w");
	if (!f) {
		free(tmp);
		return -1;
	}
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n"
		"  <testsuite name=\"");
	ct_html_escape(f, suite);
	fprintf(f, "\" tests=\"%u\" failures=\"%u\">\n", r->nrows,
		r->count[CT_REGRESSED]);
	for (unsigned i = 0; i < r->nrows; i++)
		junit_case(f, suite, &r->rows[i], r->paired);
	fprintf(f, "  </testsuite>\n</testsuites>\n");
	int err = ferror(f);
	int rc = fclose(f) || err ? -1 : rename(tmp, path);
	int saved = errno;
	if (rc)
		unlink(tmp);
	free(tmp);
	errno = saved;
	return rc;
}
