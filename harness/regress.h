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
 */
#ifndef CT_REGRESS_H
#define CT_REGRESS_H

#include <stdio.h>

#include "resultset.h"

enum ct_norm { CT_NORM_AUTO, CT_NORM_NONE, CT_NORM_C2C };
enum ct_verdict { CT_REGRESSED, CT_IMPROVED, CT_NOISE };

#define CT_REGRESS_MAX_METRICS 16

struct ct_regress_opts {
	const struct ct_family *fam;
	const char *metrics[CT_REGRESS_MAX_METRICS];
	unsigned nmetrics;
	double alpha;        /* significance level */
	double min_effect;   /* smallest relative change that counts;
				negative: 10% as measured, 25% normalized */
	double noise_k;      /* ... and noise_k x the baseline's rel. IQR */
	double min_delta_ns; /* smallest absolute change (ns) that counts */
	enum ct_norm norm;
	bool holm;           /* Holm-adjust p over all comparisons */
};

void ct_regress_defaults(struct ct_regress_opts *o);

struct ct_regress_row {
	char label[160]; /* the configuration's varying fields */
	const char *metric;
	unsigned nb, nc;   /* values compared */
	double base, cur;  /* medians, in the compared units */
	double change;     /* (cur - base) / |base| */
	double needed;     /* relative change needed to count */
	double p;
	bool tested;       /* enough values for a test */
	enum ct_verdict verdict;
	char why[96];
};

struct ct_regress {
	bool normalized;
	double min_effect;        /* the one applied */
	char machine_diff[1024], env_diff[1024];
	double c2c_base, c2c_cur; /* reference round trips, ns */
	double min_p;             /* smallest p the repetitions allow */
	unsigned nrows;
	struct ct_regress_row *rows; /* sorted: regressed, improved, noise */
	unsigned count[3];        /* by verdict */
	unsigned missing, added;  /* configurations in one set only */
	char missing_list[1024];
};

/* Compare; 0, or -1 with err (nothing in common, unknown metric...). */
int ct_regress_compare(const struct ct_rs *base, const struct ct_rs *cur,
		       const struct ct_regress_opts *o, struct ct_regress *r,
		       char *err, size_t len);
void ct_regress_free(struct ct_regress *r);

/* The report: header, one line per comparison (noise too unless brief),
 * summary. */
void ct_regress_print(FILE *f, const struct ct_regress *r,
		      const struct ct_regress_opts *o, bool brief);

#endif /* CT_REGRESS_H */
