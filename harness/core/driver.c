/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * driver.c - reps x groups x members in the interleaved, alternating order
 * of driver.h, with failure bookkeeping and a progress line.
 */
#include "driver.h"

#include <stdio.h>
#include <time.h>

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

double ct_drive_eta(unsigned done, unsigned total, double elapsed_s,
		    double point_s)
{
	double pace = done ? elapsed_s / done : point_s;
	return pace * (total - done);
}

static void progress(const struct ct_drive *d, void *ctx, unsigned k,
		     unsigned total, double t0, unsigned g, unsigned m,
		     unsigned rep)
{
	char what[96] = "";
	if (!d->progress)
		return;
	if (d->describe)
		d->describe(ctx, g, m, what, sizeof(what));
	fprintf(stderr, "\r[%u/%u] %-28s rep=%u  ETA %.0fs   ", k + 1, total,
		what, rep, ct_drive_eta(k, total, now_s() - t0, d->point_s));
}

unsigned ct_drive_run(const struct ct_drive *d, void *ctx)
{
	unsigned failed = 0, k = 0;
	unsigned total = d->reps * d->groups * d->members;
	double t0 = now_s();
	for (unsigned rep = 0; rep < d->reps; rep++) {
		if (d->rep_begin)
			d->rep_begin(ctx, rep);
		for (unsigned j = 0; j < d->groups; j++) {
			unsigned g = ct_drive_group(d, rep, j);
			int bad = d->group_begin ? d->group_begin(ctx, g, rep) : 0;
			for (unsigned m = 0; m < d->members; m++, k++) {
				progress(d, ctx, k, total, t0, g, m, rep);
				if (bad || d->run_point(ctx, g, m, rep)) {
					failed++;
					if (d->point_failed)
						d->point_failed(ctx, g, m, rep);
				}
			}
		}
	}
	if (d->progress && total)
		fputs("\r\033[K", stderr);
	return failed;
}
