/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * c2c.h - core-to-core cache-line round trip: the physical floor of a lock
 * handoff. Two threads bound to two CPUs bounce one cache line: A writes,
 * B sees it and writes back, A sees that. Each round trip moves the line
 * twice, exactly what a contended handoff between those CPUs must pay.
 */
#ifndef CT_C2C_H
#define CT_C2C_H

#include <stddef.h>

struct ct_c2c {
	int cpu_a, cpu_b;
	double rtt_ns;     /* median over trials of the mean round trip */
	double rtt_min_ns; /* best trial */
	double rtt_max_ns; /* worst trial: vCPU moves show up here */
	unsigned trials, roundtrips;
};

/* Measure cpu_a <-> cpu_b. 0, or -1 with a message (e.g. same CPU). */
int ct_c2c_measure(int cpu_a, int cpu_b, unsigned trials, unsigned roundtrips,
		   struct ct_c2c *out, char *err, size_t errlen);

/*
 * The floor a run is read against: the c2c round trip between cpus[0] and
 * the first other CPU in cpus[0..n) (7 trials of 20000 round trips). NaN
 * if every thread shares one CPU or the measurement failed; the pair
 * ("0-1", or "none") goes to pair unless it is NULL.
 */
double ct_c2c_first_pair(const int *cpus, unsigned n, char *pair, size_t len);

#endif /* CT_C2C_H */
