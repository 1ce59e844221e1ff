/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * counters.h - hardware and software event counters around any measured
 * window, per thread or per process.
 *
 * Hardware events (cycles, instructions, cache misses, LLC misses) come from
 * perf_event_open and exist only where the machine exposes a PMU; on a VM
 * without one the open fails (ENOENT) and the result says
 * "unavailable: <errno text> (<why>; perf_event_paranoid=N)": the values
 * are recorded as NA, never as zeros. Software events (context switches,
 * CPU migrations, page faults) come from perf_event_open too, and where
 * even that is refused (seccomp, ENOSYS) from getrusage() and
 * /proc/thread-self/sched, so they work everywhere.
 *
 * Use, per thread (what `contend falseshare` and `contend litmus` do, and
 * what any family's worker can adopt):
 *
 *   setup:      ct_counters_open(&me->ctr, CT_CTR_ALL, CT_CTR_THREAD);
 *   MEASURE:    ct_counters_start(&me->ctr);
 *   STOP:       ct_counters_stop(&me->ctr);      (same thread as start)
 *   controller: ct_counters_zero(&sum, CT_CTR_ALL);
 *               for each thread: ct_counters_add(&sum, &th[i]->ctr);
 *               ct_counters_record(&rec, &sum, ops);
 *               ct_counters_close(&th[i]->ctr);
 *
 * Per process: open with CT_CTR_PROCESS before the threads are created
 * (children inherit the events and fold their counts in when they exit),
 * start, run and join the team, stop.
 *
 * Only start/stop touch the counters: nothing is added to a measured loop.
 */
#ifndef CT_COUNTERS_H
#define CT_COUNTERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/resource.h>

#include "record.h"

enum ct_ctr {
	CT_CTR_CYCLES,       /* hardware */
	CT_CTR_INSTRUCTIONS,
	CT_CTR_CACHE_MISSES, /* the PMU's generic "cache misses" (LLC on x86) */
	CT_CTR_LLC_MISSES,   /* last-level cache read misses */
	CT_CTR_CTX_SWITCHES, /* software */
	CT_CTR_MIGRATIONS,
	CT_CTR_PAGE_FAULTS,
	CT_CTR_N
};

#define CT_CTR_BIT(e) (1u << (e))
#define CT_CTR_HW 0x0fu
#define CT_CTR_SW 0x70u
#define CT_CTR_ALL (CT_CTR_HW | CT_CTR_SW)

enum ct_ctr_scope { CT_CTR_THREAD, CT_CTR_PROCESS };

/* Where a software event's count comes from. */
enum ct_ctr_src { CT_SRC_NONE, CT_SRC_PERF, CT_SRC_RUSAGE, CT_SRC_PROC };

struct ct_counters {
	unsigned mask; /* events asked for */
	enum ct_ctr_scope scope;
	int fd[CT_CTR_N];            /* perf fd, or -1 */
	int err[CT_CTR_N];           /* errno of a failed perf open, else 0 */
	enum ct_ctr_src src[CT_CTR_N];
	bool user_only[CT_CTR_N];    /* kernel-mode part excluded (paranoid) */
	bool scaled[CT_CTR_N];       /* multiplexed: count extrapolated */
	double value[CT_CTR_N];      /* after stop (or summed): NaN = NA */
	/* fallback baselines taken by start() */
	struct rusage ru0;
	uint64_t migrations0;
	unsigned nadded; /* ct_counters_add: how many were summed */
};

/* Name of an event as it appears in records ("cycles", "llc_misses"). */
const char *ct_counter_name(enum ct_ctr e);

/* The words a --counters value is made of, NULL-terminated: "all", "hw",
 * "sw", "none", then every event's name. */
extern const char *const ct_counters_choices[];

/*
 * The events a --counters value names: a comma list of
 * ct_counters_choices ("all", "sw", "cycles,ctx_switches"). "none" alone
 * gives 0: no counting. 0, or -1 naming the bad word and the valid ones
 * in err.
 */
int ct_counters_parse(const char *s, unsigned *mask, char *err, size_t len);

/* Record keys of the counter status lines (hw_counters, sw_counters). */
extern const char *const ct_counters_status_keys[];

/* What counting the events of mask gives on this machine, as the status
 * lines of a header record: a tiny open/start/stop on this thread. */
void ct_counters_probe(struct ct_rec *fp, unsigned mask);

/*
 * Open the events of `mask` for the calling thread (CT_CTR_THREAD) or for
 * the process and the threads it creates later (CT_CTR_PROCESS). Never
 * fails: events that cannot be opened are marked with their errno and
 * come out NA (software events fall back to getrusage first).
 * Returns how many events will be counted.
 */
unsigned ct_counters_open(struct ct_counters *c, unsigned mask,
			  enum ct_ctr_scope scope);
/* Zero and enable (perf) / take baselines (fallbacks). */
void ct_counters_start(struct ct_counters *c);
/* Disable and read into value[]; from the thread that called start(). */
void ct_counters_stop(struct ct_counters *c);
void ct_counters_close(struct ct_counters *c);

/* An empty accumulator for `mask`: every value 0 until something is added. */
void ct_counters_zero(struct ct_counters *sum, unsigned mask);
/* sum += c, event by event; an NA in c makes that event NA in sum and
 * carries c's errno, so the reason survives the summing. */
void ct_counters_add(struct ct_counters *sum, const struct ct_counters *c);

/*
 * Status of the hardware (hw = true) or software events of c's mask:
 * "ok", "ok (user-mode only; perf_event_paranoid=2)", "ok (multiplexed,
 * scaled)", "rusage fallback (...)", "unavailable: <reason>", or
 * "partial: llc_misses unavailable: <reason>". "not requested" if none.
 */
void ct_counters_status(const struct ct_counters *c, bool hw, char *buf,
			size_t len);

/* One event's source and state: "perf", "perf, user-mode only",
 * "perf, multiplexed (scaled)", "getrusage", "procfs", or
 * "unavailable: <reason>"; "not requested" outside the mask. */
void ct_counter_event_status(const struct ct_counters *c, enum ct_ctr e,
			     char *buf, size_t len);

/* "unavailable: <strerror> (<hint>; perf_event_paranoid=N)" for errno e. */
void ct_counters_reason(int e, char *buf, size_t len);

/*
 * Append to rec: hw_counters and sw_counters (status strings), each event
 * of the mask by name (NA where unavailable) and, when ops > 0,
 * cycles_per_op, ipc, cache_misses_per_op, llc_misses_per_op.
 */
void ct_counters_record(struct ct_rec *rec, const struct ct_counters *c,
			double ops);

/*
 * Table columns of counted runs: base's, then cycles/op, misses/op,
 * context switches and migrations (the family's summary puts medians over
 * repetitions under those keys), copied into buf (cap entries). base
 * itself when mask is 0.
 */
const struct ct_col *ct_counters_columns(const struct ct_col *base,
					 unsigned mask, struct ct_col *buf,
					 size_t cap);

/*
 * Testing hook: make every later perf_event_open of a hardware (hw) or
 * software event fail with errno e, as on a machine without a PMU or with
 * perf_event_open blocked. 0 restores the real behaviour.
 */
void ct_counters_simulate_failure(int hw_errno, int sw_errno);

#endif /* CT_COUNTERS_H */
