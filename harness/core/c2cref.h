/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * c2cref.h - the one c2c round trip a command's ratios are divided by.
 *
 * A single c2c probe on a shared VM moves by 10x between seconds (the host
 * moves vCPUs), so a ratio divided by "the probe just before this run"
 * changes with the probe, and two views of the same records (the table,
 * the plots, the report) disagree when each picks its own probe. The
 * reference is measured once per invocation as the median of several
 * probes spaced apart in time, and shared by every table, record, export
 * and plot. The per-run probe stays in the records as `c2c_ns`, a
 * diagnostic.
 *
 * Several commands of one session (`make bench`, the children of a
 * matrix) share one reference through a file: when $CONTEND_C2C_REF
 * names a file that exists, its reference is used; when it names one that
 * does not exist yet, the reference is measured and written there.
 */
#ifndef CT_C2CREF_H
#define CT_C2CREF_H

#include <stdbool.h>
#include <stddef.h>

#include "record.h"
#include "topology.h"

#define CT_C2C_REF_ENV "CONTEND_C2C_REF"

struct ct_c2c_ref {
	double ns;             /* median of the probes; NaN: no CPU pair */
	double min_ns, max_ns; /* fastest and slowest probe */
	double spread_pct;     /* IQR / median of the probes, % */
	unsigned probes;
	int cpu_a, cpu_b;      /* the first two CPUs of compact placement */
	char source[700];      /* "measured", or "file PATH" */
};

/*
 * This invocation's reference (measured or read once, then cached).
 * Exits 2 naming the file when $CONTEND_C2C_REF holds something that is
 * not a reference, 1 when it cannot be written.
 */
const struct ct_c2c_ref *ct_c2c_ref_get(const struct ct_topo *t);

/* Header fields: c2c_ref and how it was obtained (c2c_ref_min_ns, ...). */
void ct_c2c_ref_header(struct ct_rec *r, const struct ct_c2c_ref *ref);

/* Write ref, measured on t, to path as one JSON line (a temporary file,
 * then rename). 0, or -1 with a message naming the file in err. */
int ct_c2c_ref_save(const struct ct_c2c_ref *ref, const struct ct_topo *t,
		    const char *path, char *err, size_t len);

#endif /* CT_C2CREF_H */
