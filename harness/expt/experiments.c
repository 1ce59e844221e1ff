/* SPDX-License-Identifier: BSD-2-Clause */
#include "experiments.h"

#include <stdio.h>

#include "harness/core/c2c.h"
#include "harness/core/fingerprint.h"

void ct_expt_cpus_text(char *buf, size_t len, const int *cpus, unsigned n)
{
	size_t used = 0;
	buf[0] = 0;
	for (unsigned i = 0; i < n && used + 1 < len; i++)
		used += (size_t)snprintf(buf + used, len - used,
					 i ? " %d" : "%d", cpus[i]);
}

/* c2c between cpus[0] and the first CPU that differs from it. */
static void header_c2c(struct ct_rec *fp, const int *cpus, unsigned n)
{
	struct ct_c2c m;
	char err[256];
	unsigned j = 1;
	while (j < n && cpus[j] == cpus[0])
		j++;
	if (j < n && !ct_c2c_measure(cpus[0], cpus[j], 5, 4000, &m, err,
				     sizeof(err))) {
		ct_rec_num(fp, "c2c_ns", m.rtt_ns);
		ct_rec_str(fp, "c2c_cpus", "%d-%d", cpus[0], cpus[j]);
		return;
	}
	ct_rec_na(fp, "c2c_ns");
	ct_rec_str(fp, "c2c_cpus", "none");
}

void ct_expt_headers(struct ct_rec *fp, struct ct_output *out,
		     const int *cpus, unsigned n, unsigned counters)
{
	header_c2c(fp, cpus, n);
	ct_fingerprint_write(fp, out, counters);
}
