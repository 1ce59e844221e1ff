/* SPDX-License-Identifier: BSD-2-Clause */
#include "timing.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ct_timer ct_timer = { .tsc = false,
			     .ns_per_tick = 1.0,
			     .ticks_per_ns = 1.0,
			     .overhead = 0,
			     .source = "clock_gettime" };

/* The TSC is usable only when it ticks at a constant rate in every P- and
 * C-state (constant_tsc + nonstop_tsc), which is what "invariant" means. */
static bool tsc_invariant(void)
{
#if defined(__x86_64__) || defined(__i386__)
	FILE *f = fopen("/proc/cpuinfo", "r");
	if (!f)
		return false;
	char line[4096];
	bool constant = false, nonstop = false;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, "flags", 5) != 0)
			continue;
		constant = strstr(line, " constant_tsc") != NULL;
		nonstop = strstr(line, " nonstop_tsc") != NULL;
		break;
	}
	fclose(f);
	return constant && nonstop && !getenv("CT_NO_TSC");
#else
	return false;
#endif
}

/* Ticks per ns over a ~20 ms window, best of three (least disturbed). */
static double measure_rate(void)
{
	double best = 0;
	for (int trial = 0; trial < 3; trial++) {
		uint64_t n0 = ct_clock_ns(), t0 = ct_now();
		while (ct_clock_ns() - n0 < 20000000ull)
			;
		uint64_t n1 = ct_clock_ns(), t1 = ct_now();
		double rate = (double)(t1 - t0) / (double)(n1 - n0);
		if (trial == 0 || rate < best)
			best = rate; /* preemption only ever adds ticks */
	}
	return best;
}

/* Minimum cost of two back-to-back reads: what a sample's delta includes
 * even when nothing happened between the reads. */
static uint64_t measure_overhead(void)
{
	uint64_t best = UINT64_MAX;
	for (int i = 0; i < 100000; i++) {
		uint64_t a = ct_now(), b = ct_now();
		if (b - a < best)
			best = b - a;
	}
	return best;
}

static void calibrate_once(void)
{
	ct_timer.tsc = tsc_invariant();
	if (ct_timer.tsc) {
		ct_timer.source = "rdtscp";
		ct_timer.ticks_per_ns = measure_rate();
		ct_timer.ns_per_tick = 1.0 / ct_timer.ticks_per_ns;
	}
	ct_timer.overhead = measure_overhead();
}

void ct_timer_calibrate(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, calibrate_once);
}

double ct_load_average(void)
{
	double load = 0;
	FILE *f = fopen("/proc/loadavg", "r");
	if (f && fscanf(f, "%lf", &load) != 1)
		load = 0;
	if (f)
		fclose(f);
	return load;
}
