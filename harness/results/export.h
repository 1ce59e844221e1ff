/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * export.h - result records as tidy tables: one row per configuration
 * with the median, p25 and p75 of every metric over its repetitions (what
 * the plots read, by column name), or one row per repetition.
 *
 * Aggregation lives here, in C, so the gnuplot scripts only draw.
 */
#ifndef CT_EXPORT_H
#define CT_EXPORT_H

#include "harness/core/record.h"
#include "resultset.h"

struct ct_table {
	const struct ct_family *fam;
	unsigned n;
	struct ct_rec *row; /* sorted: series, then the x field */
	unsigned nseries;
	char (*series)[160]; /* labels, in row order */
};

/*
 * Aggregate fam's records in rs. Each row: family, series (the fields
 * that vary, but x), series_idx, facet (series without the algorithm:
 * the plots draw one figure per facet), the configuration fields, n
 * (repetitions), runs, c2c_ref (the runs' c2c floor, see resultset.h),
 * then for every metric M: M (median), M_p25, M_p75; and
 * throughput_ops_ideal (linear scaling from the series' smallest thread
 * count) where that applies.
 */
void ct_aggregate(const struct ct_rs *rs, const struct ct_family *fam,
		  struct ct_table *t);
void ct_table_free(struct ct_table *t);

/* Write the table (CSV or JSONL sink). */
void ct_table_write(const struct ct_table *t, struct ct_sink *sink);

/* One row per record: configuration, rep, seq, run, metrics. */
unsigned ct_export_reps(const struct ct_rs *rs, const struct ct_family *fam,
			struct ct_sink *sink);

#endif /* CT_EXPORT_H */
