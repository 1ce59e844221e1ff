/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * regress.h - compare two result sets configuration by configuration:
 * what regressed, what improved, what is noise.
 *
 * A change counts only when both hold:
 *   - the Mann-Whitney U test over the repetitions gives p < alpha
 *     (optionally Holm-adjusted over all comparisons), and
 *   - the medians differ by at least the larger of min_effect and
 *     noise_k times the baseline's own relative spread (IQR / median,
 *     over its repetitions, which span several runs when the baseline
 *     concatenates several), and by at least min_delta_ns.
 * Latencies may be normalized to the same run's references: (x - null
 * lock at the same configuration) / c2c round trip. That makes a baseline
 * from another machine meaningful; on the same machine it only adds the
 * c2c probe's noise, so `auto` normalizes exactly when the hardware
 * fingerprints differ, and then asks for a larger effect (25%): across
 * machines only big changes can be told apart.
 *
 * Folder harness/regress/: comparing result sets (regress), A/B runs
 * (compare) and the gate's statistics. It may include harness/core/,
 * harness/results/ and harness/matrix/ (scripts/check-layout.sh).
 */
#ifndef CT_REGRESS_H
#define CT_REGRESS_H

#include <stdio.h>

#include "harness/results/resultset.h"

enum ct_norm { CT_NORM_AUTO, CT_NORM_NONE, CT_NORM_C2C };
/* regress decides regressed / improved / noise; compare (paired runs,
 * see compare.h) regressed / improved / unresolved / same. */
enum ct_verdict {
	CT_REGRESSED, CT_IMPROVED, CT_NOISE, CT_UNRESOLVED, CT_SAME,
	CT_NVERDICTS
};

/* "REGRESSED", "improved", "noise", "unresolved", "same". */
const char *ct_verdict_name(enum ct_verdict v);

#define CT_REGRESS_MAX_METRICS 16

/* A metric to compare, optionally only where a configuration field has
 * one value: "lat_p50_ns@threads=1". */
struct ct_metric_sel {
	const char *name;  /* one of the family's metrics */
	const char *field; /* one of its configuration fields, or NULL */
	char value[64];
};

struct ct_regress_opts {
	const struct ct_family *fam;
	struct ct_metric_sel metrics[CT_REGRESS_MAX_METRICS];
	unsigned nmetrics;
	double alpha;        /* significance level */
	double min_effect;   /* smallest relative change that counts;
				negative: 10% as measured, 25% normalized */
	double noise_k;      /* ... and noise_k x the baseline's rel. IQR */
	double min_delta_ns; /* smallest absolute change (ns) that counts */
	enum ct_norm norm;
	bool holm;           /* Holm-adjust p over all comparisons */
};

/* Defaults: lock; lat_p50_ns@threads=1, handoff_ns, uncontended_ns;
 * alpha 0.01, min effect by mode, noise_k 2, min delta 2 ns, auto. */
void ct_regress_defaults(struct ct_regress_opts *o);

/* What a family is compared by unless --metrics says: lock and barrier
 * have defaults, other families NULL (the user must choose). */
const char *ct_regress_default_metrics(const struct ct_family *fam);

/* "M[@FIELD=VALUE],..." into o->metrics. 0, or -1 with err naming the
 * valid metrics or fields. */
int ct_regress_metrics(struct ct_regress_opts *o, const char *s, char *err,
		       size_t len);

/* Is more of metric m better (throughput), rather than less (latency)? */
bool ct_metric_higher_better(const char *m);
/* Is m a time in ns (the min-delta floor applies)? */
bool ct_metric_is_ns(const char *m);

/* Does selection m apply to a configuration whose record is first? */
bool ct_metric_applies(const struct ct_metric_sel *m, const cJSON *first);

struct ct_regress_row {
	char label[160]; /* the configuration's varying fields */
	const char *metric;
	const struct ct_metric_sel *sel;
	unsigned nb, nc;   /* values compared */
	double base, cur;  /* medians, in the compared units */
	double change;     /* (cur - base) / |base|; paired: ratio - 1 */
	double needed;     /* relative change needed to count */
	double p;          /* regress: the test's p; paired: NaN */
	double ratio, lo, hi; /* paired: median cur/base ratio and its exact
				 95% interval; regress: NaN */
	bool tested;       /* enough values for a test */
	enum ct_verdict verdict;
	char why[96];
};

struct ct_regress {
	bool paired;              /* from compare: ratios of paired runs */
	unsigned pairs;           /* paired: how many */
	bool normalized;
	double min_effect;        /* the one applied */
	char machine_diff[1024], env_diff[1024];
	char machine[1024];       /* paired: the machine's fingerprint */
	double c2c_base, c2c_cur; /* reference round trips, ns */
	double min_p;             /* smallest p the repetitions allow */
	unsigned nrows;
	struct ct_regress_row *rows; /* sorted: regressed, improved, noise */
	unsigned count[CT_NVERDICTS]; /* by verdict */
	unsigned unconfirmed;     /* changes a second run did not repeat */
	unsigned missing, added;  /* configurations in one set only */
	char missing_list[1024];
};

/* Compare; 0, or -1 with err (nothing in common, unknown metric...). */
/*
 * The baseline in dir (its *.jsonl, by name) to compare cur with: the
 * first recorded on the same hardware (ct_fp_machine_keys), *same_hw
 * true; else the first of all, *same_hw false. A malloc'd path; exit 2
 * when dir holds no baseline.
 */
char *ct_regress_pick_base(const char *dir, const struct ct_rs *cur,
			   bool *same_hw);

int ct_regress_compare(const struct ct_rs *base, const struct ct_rs *cur,
		       const struct ct_regress_opts *o, struct ct_regress *r,
		       char *err, size_t len);
void ct_regress_free(struct ct_regress *r);

/* Shared by regress.c and compare.c. */
/* Sort rows: regressed, improved, noise, unresolved, same; by label. */
void ct_regress_sort(struct ct_regress *r);
/* Count a configuration of the base that the current set lacks. */
void ct_regress_missing(struct ct_regress *r, const char *label);
/* vary[i]: does config field i differ between groups of either set
 * (64 entries)? */
void ct_regress_vary(const struct ct_group *a, unsigned na,
		     const struct ct_group *b, unsigned nb, bool *vary);
/* The configuration's label from its varying fields (its first field
 * when none varies). */
void ct_regress_label(const struct ct_group *g, const bool *vary, char *buf,
		      size_t len);

/*
 * Keep only the changes that `again` (the same baseline against a second
 * current run) shows too, in the same direction; the others become noise
 * ("not confirmed"). A transient slowdown of the machine (steal time, a
 * busy SMT sibling on the host) rarely hits the same configuration
 * twice; a real regression does. Returns how many changes were kept.
 */
unsigned ct_regress_confirm(struct ct_regress *r, const struct ct_regress *again);

/* The report: header, one line per comparison (noise too unless brief),
 * summary. */
void ct_regress_print(FILE *f, const struct ct_regress *r,
		      const struct ct_regress_opts *o, bool brief);

/*
 * The same report for CI (regress_out.c), each written whole or not at
 * all: a markdown table for a job summary (one row per comparison),
 * one JSON object, or a JUnit XML file (one test case per configuration
 * x metric; a regression is a failure). 0, or -1 with errno (the caller
 * names the file).
 */
int ct_regress_write_md(FILE *f, const struct ct_regress *r,
			const struct ct_regress_opts *o);
int ct_regress_write_json(FILE *f, const struct ct_regress *r,
			  const struct ct_regress_opts *o);
int ct_regress_write_junit(const char *path, const char *suite,
			   const struct ct_regress *r);

#endif /* CT_REGRESS_H */
