/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * apprun.h - run an unmodified program once under one lock: the engine of
 * `contend run` and `contend validate run`.
 *
 * One run forks the program in its own process group, pinned to a CPU set,
 * with build/libcontend-preload.so in LD_PRELOAD and CONTEND_LOCK,
 * CONTEND_WAIT and CONTEND_STATS set (lock "none": no interposer at all, the
 * reference for the pass-through overhead). Its output goes to a file the
 * engine reads back for --metric. A run that outlives its time limit is
 * killed (the whole group) and reported as a timeout; when the program ends,
 * whatever it left running in its group (a server a script started) is
 * killed too. The interposer's per-process exit lines are summed (counts)
 * and the busiest process's percentiles kept; its start lines prove that
 * it loaded.
 */
#ifndef CT_APPRUN_H
#define CT_APPRUN_H

#include <regex.h>
#include <stdbool.h>
#include <stdint.h>

/* The lock name that runs the program without the interposer. */
#define CT_APP_NONE "none"

enum ct_app_status {
	CT_APP_OK,
	CT_APP_FAILED,    /* non-zero exit: the program's own check failed */
	CT_APP_CRASHED,   /* killed by a signal */
	CT_APP_TIMEOUT,   /* deadlock or too slow: killed at the limit */
	CT_APP_NOPRELOAD, /* no counters line naming our lock: not loaded */
	CT_APP_NOMETRIC,  /* --metric matched nothing in the output */
	CT_APP_ERROR,     /* could not start it */
};

/* "ok", "failed", "crashed", "timeout", "no-interposer", "no-metric",
 * "error". */
const char *ct_app_status_name(enum ct_app_status s);

struct ct_app_point {
	const char *lock;        /* a preloadable lock, pthread-mutex or none */
	const char *wait;        /* spin | yield */
	char *const *argv;       /* the program and its arguments */
	const int *cpus;         /* pin to these CPUs; NULL: inherit */
	unsigned ncpus;
	double timeout_s;
	const char *preload;     /* path of libcontend-preload.so */
	const regex_t *metric;   /* NULL: no metric */
};

/* The interposer's counters, summed over the program's processes. */
struct ct_app_stats {
	unsigned started;        /* processes that loaded the interposer */
	unsigned lines;          /* processes that reported counters at exit
				    (not those ended by _exit or a signal) */
	uint64_t acquisitions, contended, try_busy, distinct_mutexes;
	uint64_t fallback_mutexes, fallback_ops, cond_waits, threads;
	bool distinct_known;     /* the pass-through does not track mutexes */
	uint64_t samples;        /* busiest process: its sampled times */
	uint64_t wait_ns_p50, wait_ns_p99, hold_ns_p50, hold_ns_p99;
};

struct ct_app_result {
	enum ct_app_status status;
	int code;          /* exit status, or the signal */
	double wall_s;
	double metric;     /* NaN unless measured */
	struct ct_app_stats st;
	char note[256];    /* why, for a status other than ok */
};

/* Run p once. Returns 0, or -1 when the engine itself failed (temporary
 * files): then r->status is CT_APP_ERROR and r->note says why. */
int ct_app_run(const struct ct_app_point *p, struct ct_app_result *r);

/* "none" (with_none), "pthread-mutex" and the preloadable locks/LIST rows
 * (locks/preloadable.h), in LIST order. NULL-terminated, static. */
const char *const *ct_app_lock_names(bool with_none);

/* Where the interposer and the torture program are: $CONTEND_PRELOAD, else
 * next to the running contend binary. */
void ct_app_sibling(const char *file, char *out, size_t len);

#endif /* CT_APPRUN_H */
