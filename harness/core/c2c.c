/* SPDX-License-Identifier: BSD-2-Clause */
#include "c2c.h"

#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#include "stats.h"
#include "team.h"
#include "timing.h"

struct pingpong {
	/* The bounced line: nothing else lives on it or its prefetch pair. */
	atomic_ulong line ct_aligned(CT_PAD);
	char pad[CT_PAD - sizeof(atomic_ulong)];
	unsigned trials, roundtrips;
	double *trial_ns; /* written by the initiator only */
};

/* Spin until the line holds `want`. acquire: orders nothing we need, but
 * makes the handshake a proper synchronizes-with pair for TSan. */
static void await(atomic_ulong *line, unsigned long want)
{
	while (atomic_load_explicit(line, memory_order_acquire) != want)
		ct_cpu_relax();
}

static void pingpong_worker(struct ct_worker *w)
{
	struct pingpong *pp = w->arg;
	unsigned long v = 0;
	ct_team_wait_start(w->team);
	for (unsigned t = 0; t < pp->trials; t++) {
		uint64_t start = ct_now();
		for (unsigned i = 0; i < pp->roundtrips; i++) {
			if (w->tid == 0) { /* initiator: odd values */
				atomic_store_explicit(&pp->line, ++v,
						      memory_order_release);
				await(&pp->line, ++v);
			} else { /* echo: even values */
				await(&pp->line, ++v);
				atomic_store_explicit(&pp->line, ++v,
						      memory_order_release);
			}
		}
		if (w->tid == 0)
			pp->trial_ns[t] = ct_ticks_to_ns((double)(ct_now() - start)) /
					  pp->roundtrips;
	}
}

int ct_c2c_measure(int cpu_a, int cpu_b, unsigned trials, unsigned roundtrips,
		   struct ct_c2c *out, char *err, size_t errlen)
{
	if (cpu_a == cpu_b) {
		snprintf(err, errlen, "c2c needs two different CPUs (got %d twice)",
			 cpu_a);
		return -1;
	}
	ct_timer_calibrate();
	struct pingpong *pp = aligned_alloc(CT_PAD, sizeof(*pp));
	double *trial_ns = calloc(trials, sizeof(double));
	if (!pp || !trial_ns) {
		free(pp), free(trial_ns);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	atomic_init(&pp->line, 0);
	pp->trials = trials;
	pp->roundtrips = roundtrips;
	pp->trial_ns = trial_ns;

	struct ct_team team;
	int cpus[2] = { cpu_a, cpu_b }, nodes[2] = { 0, 0 };
	int rc = ct_team_run(&team, 2, cpus, nodes, pingpong_worker, pp, 0, 0,
			     60, err, errlen);
	if (rc == 0) {
		struct ct_summary s;
		ct_summarize(trial_ns, trials, &s);
		*out = (struct ct_c2c){ cpu_a, cpu_b, s.median, s.min, s.max,
					trials, roundtrips };
	}
	free(trial_ns);
	if (rc == 0)
		free(pp); /* on timeout the workers may still touch it */
	return rc;
}

double ct_c2c_first_pair(const int *cpus, unsigned n, char *pair, size_t len)
{
	unsigned other = 1;
	struct ct_c2c m;
	char err[256];
	while (other < n && cpus[other] == cpus[0])
		other++;
	if (other == n ||
	    ct_c2c_measure(cpus[0], cpus[other], 7, 20000, &m, err, sizeof(err))) {
		if (pair)
			snprintf(pair, len, "none");
		return NAN;
	}
	if (pair)
		snprintf(pair, len, "%d-%d", cpus[0], cpus[other]);
	return m.rtt_ns;
}
