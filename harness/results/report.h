/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * report.h - one self-contained HTML report: figures embedded as PNG data
 * URIs (with links to the SVGs beside it), summary tables and the
 * environment fingerprint of every run. A script on the page counts the
 * images that decoded into <body data-images-ok="k/n">, which
 * scripts/check-report reads back from headless Chromium.
 */
#ifndef CT_REPORT_H
#define CT_REPORT_H

#include <stddef.h>

#include "export.h"

struct ct_report_fig {
	char title[128];
	char caption[512];
	char png[600]; /* path of the PNG to embed */
	char svg[128]; /* SVG file name, relative to the report */
	char failed[256]; /* why it could not be drawn; "": drawn */
};

struct ct_report {
	const struct ct_rs *rs;
	char *const *inputs;
	unsigned ninputs;
	const struct ct_table *tables;
	unsigned ntables;
	const struct ct_report_fig *fig;
	unsigned nfig;
	const char *const *notes;
	unsigned nnotes;
};

/* Write the report to path. 0, or -1 with err. */
int ct_report_write(const char *path, const struct ct_report *r, char *err,
		    size_t len);

#endif /* CT_REPORT_H */
