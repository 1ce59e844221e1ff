/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * reportopts.h - the options `contend regress` and `contend compare`
 * share: what to compare (--metrics, --family, --min-effect, --min-delta)
 * and how to report it (--brief, --format text|json, --summary md,
 * --junit FILE).
 */
#ifndef CT_REPORTOPTS_H
#define CT_REPORTOPTS_H

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

#include "harness/regress/regress.h"

enum {
	CT_RO_METRICS = 4000, CT_RO_EFFECT, CT_RO_DELTA, CT_RO_FAMILY,
	CT_RO_BRIEF, CT_RO_FORMAT, CT_RO_SUMMARY, CT_RO_JUNIT,
	CT_RO_NEXT /* a command's own options start here */
};

#define CT_RO_LONGOPTS                                                  \
	{ "metrics", 1, NULL, CT_RO_METRICS },                              \
	{ "min-effect", 1, NULL, CT_RO_EFFECT },                            \
	{ "min-delta", 1, NULL, CT_RO_DELTA },                              \
	{ "family", 1, NULL, CT_RO_FAMILY }, { "brief", 0, NULL, CT_RO_BRIEF }, \
	{ "format", 1, NULL, CT_RO_FORMAT },                                \
	{ "summary", 1, NULL, CT_RO_SUMMARY },                              \
	{ "junit", 1, NULL, CT_RO_JUNIT }

#define CT_RO_HELP                                                      \
	"Output: --format text|json (stdout), --summary md (a markdown\n"   \
	"table on stdout instead, for a CI job summary), --junit FILE (one\n" \
	"test case per configuration x metric; a regression fails).\n"

enum ct_ro_format { CT_RO_TEXT, CT_RO_JSON, CT_RO_MD };

struct ct_ro {
	bool brief;
	enum ct_ro_format format;
	const char *junit;
	const char *metrics; /* --metrics as given, or NULL */
};

/* Handle one of the shared options (c from ct_getopt); false if c is not
 * one. Exits 2 on a bad value, naming the valid ones. */
bool ct_ro_option(int c, const char *arg, struct ct_regress_opts *o,
		      struct ct_ro *r);

/* After parsing: --metrics, or the family's default metrics; exit 2
 * when the family has none and --metrics is missing. */
void ct_ro_metrics(struct ct_regress_opts *o,
		       const struct ct_ro *r);

/* "10%", "0.1": a fraction in [0, 10]; exit 2 otherwise. */
double ct_ro_fraction(const char *opt, const char *s);

/* Where notes beside the report go: stdout with the text report, stderr
 * when stdout carries JSON or markdown. */
FILE *ct_ro_info(const struct ct_ro *r);

/* The report on stdout in the chosen format, and the JUnit file; exits 1
 * naming the file when a write fails. */
void ct_ro_write(const struct ct_ro *ro,
		     const struct ct_regress *r,
		     const struct ct_regress_opts *o, const char *suite);

#endif /* CT_REPORTOPTS_H */
