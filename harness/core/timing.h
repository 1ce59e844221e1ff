/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * timing.h - the cycle timer.
 *
 * ct_now() reads the invariant TSC with RDTSCP, which waits for every
 * earlier instruction to finish (so a stamp taken after an acquire really
 * follows it). ct_timer_calibrate() measures the TSC rate against
 * CLOCK_MONOTONIC and the cost of one ct_now() call, which latency samples
 * subtract. Machines without an invariant TSC (or non-x86) fall back to
 * CLOCK_MONOTONIC, in which case a tick is one nanosecond.
 */
#ifndef CT_TIMING_H
#define CT_TIMING_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "cc.h"

#if defined(__x86_64__) || defined(__i386__)
#include <x86intrin.h>
#endif

struct ct_timer {
	bool tsc;            /* ticks are TSC cycles (else nanoseconds) */
	double ns_per_tick;  /* calibrated */
	double ticks_per_ns;
	uint64_t overhead;   /* ticks one ct_now() pair costs back to back */
	const char *source;  /* "rdtscp" or "clock_gettime" */
};

extern struct ct_timer ct_timer;

static ct_always_inline uint64_t ct_clock_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* CPU time the calling thread has run, ns: what a preempted thread's wall
 * clock does not show. Out of any measured loop (a system call on some
 * kernels). */
static inline uint64_t ct_thread_cpu_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static ct_always_inline uint64_t ct_now(void)
{
#if defined(__x86_64__) || defined(__i386__)
	if (ct_likely(ct_timer.tsc)) {
		unsigned aux;
		return __rdtscp(&aux);
	}
#endif
	return ct_clock_ns();
}

static inline double ct_ticks_to_ns(double ticks)
{
	return ticks * ct_timer.ns_per_tick;
}

static inline uint64_t ct_ns_to_ticks(double ns)
{
	return (uint64_t)(ns * ct_timer.ticks_per_ns + 0.5);
}

/* Busy-wait `ticks` (a critical section or think time of known length). */
static ct_always_inline void ct_delay_ticks(uint64_t ticks)
{
	if (!ticks)
		return;
	uint64_t start = ct_now();
	while (ct_now() - start < ticks)
		ct_cpu_relax();
}

/* Calibrate once at start-up; idempotent and thread-safe. */
void ct_timer_calibrate(void);

/* The 1-minute load average (/proc/loadavg), 0 if unknown: above the CPU
 * count, other jobs preempt a run's threads as oversubscription does. */
double ct_load_average(void);

#endif /* CT_TIMING_H */
