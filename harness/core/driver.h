/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * driver.h - the order every family runs its configurations in, and its
 * progress line.
 *
 * A run is reps x groups x members: a group is what a family prepares once
 * per repetition (an algorithm: its uncontended latency, its lock set), a
 * member one configuration point within it (a thread count). Repetitions
 * are interleaved, never back to back, so drift in the machine (a host
 * moving a vCPU, a neighbour starting) hits every configuration alike; odd
 * repetitions visit the groups in reverse (A B C, C B A, ...), so no group
 * always follows the same neighbour or always runs first after the c2c
 * probe. Members keep their order.
 *
 * The family supplies the work as callbacks; the driver owns the order, the
 * failure bookkeeping and the "[k/N] ... ETA" line on stderr.
 */
#ifndef CT_CORE_DRIVER_H
#define CT_CORE_DRIVER_H

#include <stdbool.h>
#include <stddef.h>

struct ct_drive {
	unsigned reps, groups, members;
	/* Optional: once at the start of each repetition (a per-repetition
	 * reference such as the harness's own cost). */
	void (*rep_begin)(void *ctx, unsigned rep);
	/* Optional: once per (rep, group) before its members. Nonzero marks
	 * every member of the group failed for this repetition (run_point is
	 * not called for them). */
	int (*group_begin)(void *ctx, unsigned group, unsigned rep);
	/* One configuration point; nonzero: it failed (recorded as such by
	 * the family; the run goes on). */
	int (*run_point)(void *ctx, unsigned group, unsigned member,
			 unsigned rep);
	/* Optional: failed points, e.g. to set their values to NA. */
	void (*point_failed)(void *ctx, unsigned group, unsigned member,
			     unsigned rep);
	/* Optional: names a point for the progress line ("mcs threads=4"). */
	void (*describe)(void *ctx, unsigned group, unsigned member, char *buf,
			 size_t len);
	bool progress;      /* print the progress line on stderr */
	double point_s;     /* expected seconds per point, for the first ETA */
};

/* The group visited at position j of repetition rep. */
static inline unsigned ct_drive_group(const struct ct_drive *d, unsigned rep,
				      unsigned j)
{
	return rep & 1 ? d->groups - 1 - j : j;
}

/* Runs every point in the driver's order; returns the number that failed. */
unsigned ct_drive_run(const struct ct_drive *d, void *ctx);

/* The remaining time after done of total points, done > 0 taking the
 * measured pace (elapsed_s / done), else point_s each. */
double ct_drive_eta(unsigned done, unsigned total, double elapsed_s,
		    double point_s);

#endif /* CT_CORE_DRIVER_H */
