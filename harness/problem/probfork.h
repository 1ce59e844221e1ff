/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * probfork.h - run one problem configuration in a child process, watched.
 *
 * Semaphore solutions block in the kernel; one that deadlocks (the naive
 * philosophers do, by design) or loses a wake-up leaves threads that no
 * flag can stop. So every run is a forked child: its team, semaphores and
 * locks live and die with it, and the parent watches a progress count.
 * Once the team's gate is open, a circular wait reported by the problem
 * (every philosopher holding one chopstick and waiting for the next) that
 * holds still for 50 ms is a deadlock; no progress for `stall_s` for any
 * other reason is a stall. Either way the parent kills the child
 * (SIGKILL) and reports it; a whole run past `limit_s` is killed too. Either way the parent carries on with the next
 * run: nothing hangs, nothing leaks.
 *
 * Results travel in a MAP_SHARED region the parent maps before fork()
 * (ct_prob_shm_alloc): it starts with struct ct_prob_shared, whose team
 * the child runs, so the parent sees the phase and the measured window;
 * the problem's per-thread slots follow. Workers write only their own
 * slots, so a killed run's partial counts are still there to judge.
 */
#ifndef CT_PROBFORK_H
#define CT_PROBFORK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "harness/core/team.h"

struct ct_prob_shared {
	struct ct_team team;   /* the child's team (phase, measured window) */
	char err[256];         /* the child's reason for exit status 3 */
};

/* Zeroed shared memory (CT_PAD aligned), or NULL. */
void *ct_prob_shm_alloc(size_t size);
void ct_prob_shm_free(void *p, size_t size);

struct ct_prob_watch {
	struct ct_prob_shared *shm;
	/* In the child: set up, run the team, return 0 or -1 (message in
	 * shm->err). The child then _exit()s. */
	int (*child)(void *arg);
	/* In the parent: operations completed so far (any unit). */
	uint64_t (*progress)(void *arg);
	/* In the parent, while nothing progresses: is this a circular wait
	 * (then it is a deadlock)? May be NULL. */
	bool (*circular)(void *arg);
	void *arg;
	double stall_s; /* > 0 */
	double limit_s; /* > 0: the whole child, from fork */
};

enum ct_prob_end {
	CT_END_DONE,     /* the child finished (exit 0) */
	CT_END_DEADLOCK, /* stalled in a circular wait; killed */
	CT_END_STALLED,  /* no progress for stall_s; killed */
	CT_END_LIMIT,    /* ran past limit_s; killed */
	CT_END_FAILED,   /* the child could not run (why) or crashed */
};

struct ct_prob_outcome {
	enum ct_prob_end end;
	double seconds;  /* from the gate opening to the end */
	char why[256];
};

/* "done", "deadlock", "stalled", "time limit", "failed". */
const char *ct_prob_end_name(enum ct_prob_end e);

/* Fork, watch, reap. 0, or -1 if no child could be started (why). */
int ct_prob_fork_run(const struct ct_prob_watch *w, struct ct_prob_outcome *o);

#endif /* CT_PROBFORK_H */
