/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * reportopts.h - the options `contend regress` and `contend compare`
 * share: what to compare (--metrics, --family, --min-effect, --min-delta)
 * and how to report it (--brief, --format text|json, --summary md,
 * --junit FILE). They are the first rows of each command's option table
 * (opt.h), indexed CT_RO_*; the command's own rows follow from CT_RO_NEXT.
 */
#ifndef CT_REPORTOPTS_H
#define CT_REPORTOPTS_H

#include <stdbool.h>
#include <stdio.h>

#include "harness/core/opt.h"
#include "harness/regress/regress.h"

enum {
	CT_RO_METRICS, CT_RO_EFFECT, CT_RO_DELTA, CT_RO_FAMILY, CT_RO_BRIEF,
	CT_RO_FORMAT, CT_RO_SUMMARY, CT_RO_JUNIT,
	CT_RO_NEXT /* a command's own rows start here */
};

extern const char *const ct_ro_formats[];   /* text, json */
extern const char *const ct_ro_summaries[]; /* md */
/* --family's choices: every family's name, filled when it is parsed. */
extern const char *ct_ro_families[];

/*
 * The shared rows, for a table's start; the help of --min-effect,
 * --min-delta and --family names the command's defaults. --min-effect's
 * bounds are a fraction's (ct_ro_fraction).
 */
#define CT_ROWS_REPORT(effect_help, delta_help, family_help)              \
	[CT_RO_METRICS] = { .name = "metrics", .kind = CT_K_TEXT,          \
		.meta = "M[@FIELD=V],N", .flags = CT_OPT_BENCH,            \
		.help = "what to compare (default: the family's; M@FIELD=V " \
			"compares M only where FIELD=V)" },                \
	[CT_RO_EFFECT] = { .name = "min-effect", .kind = CT_K_TEXT,        \
		.min = 0, .max = 10, .meta = "F|P%", .flags = CT_OPT_BENCH, \
		.help = effect_help },                                     \
	[CT_RO_DELTA] = { .name = "min-delta", .kind = CT_K_NS,            \
		.flags = CT_OPT_BENCH, .help = delta_help },               \
	[CT_RO_FAMILY] = { .name = "family", .kind = CT_K_CHOICE,          \
		.choices = ct_ro_families, .meta = "FAMILY",               \
		.flags = CT_OPT_BENCH, .help = family_help },              \
	[CT_RO_BRIEF] = { .name = "brief", .kind = CT_K_FLAG,              \
		.flags = CT_OPT_BENCH,                                     \
		.help = "leave out the unchanged configurations" },        \
	[CT_RO_FORMAT] = { .name = "format", .kind = CT_K_CHOICE,          \
		.choices = ct_ro_formats, .flags = CT_OPT_BENCH,           \
		.help = "the report on stdout (default text)" },           \
	[CT_RO_SUMMARY] = { .name = "summary", .kind = CT_K_CHOICE,        \
		.choices = ct_ro_summaries, .flags = CT_OPT_BENCH,         \
		.help = "a markdown table on stdout instead, for a CI job " \
			"summary" },                                       \
	[CT_RO_JUNIT] = { .name = "junit", .kind = CT_K_TEXT,              \
		.meta = "FILE", .flags = CT_OPT_BENCH,                     \
		.help = "one test case per configuration x metric; a "     \
			"regression fails" }

enum ct_ro_format { CT_RO_TEXT, CT_RO_JSON, CT_RO_MD };

struct ct_ro {
	bool brief;
	enum ct_ro_format format;
	const char *junit;
	const char *metrics; /* --metrics as given, or NULL */
};

/* Handle row i of t if it is a shared one (i from ct_opt_getopt); false
 * if it is the command's own. Exits 2 on a bad value, naming the valid
 * ones. */
bool ct_ro_option(const struct ct_opt *t, int i, const char *arg,
		  struct ct_regress_opts *o, struct ct_ro *r);

/* After parsing: --metrics, or the family's default metrics; exit 2
 * when the family has none and --metrics is missing. */
void ct_ro_metrics(struct ct_regress_opts *o,
		       const struct ct_ro *r);

/* "10%", "0.1": a fraction within row o's bounds; exit 2 otherwise. */
double ct_ro_fraction(const struct ct_opt *o, const char *s);

/* Where notes beside the report go: stdout with the text report, stderr
 * when stdout carries JSON or markdown. */
FILE *ct_ro_info(const struct ct_ro *r);

/* The report on stdout in the chosen format, and the JUnit file; exits 1
 * naming the file when a write fails. */
void ct_ro_write(const struct ct_ro *ro,
		     const struct ct_regress *r,
		     const struct ct_regress_opts *o, const char *suite);

#endif /* CT_REPORTOPTS_H */
