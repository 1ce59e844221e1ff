/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * common.h - the option rows several families share (opt.h), written
 * once here: the output rows every measuring command takes, its run
 * length, the wait policy, the placement, --counters and --help.
 *
 * harness/families/ holds one declarative table per family (FAMILY.c:
 * its command's options, its records' configuration fields and metrics)
 * and the registry of them (families.c). It may include harness/core/
 * and the engines' headers for their limits; commands include it, never
 * the other way round.
 */
#ifndef CT_FAMILIES_COMMON_H
#define CT_FAMILIES_COMMON_H

#include "harness/core/counters.h"
#include "harness/core/family.h"
#include "harness/core/opt.h"

extern const char *const ct_wait_choices[];   /* spin, yield, park */
extern const char *const ct_dispatch_choices[]; /* inline, indirect */

/* What --counters adds to a record (counters.h), NA where not counted. */
#define CT_COUNTER_METRICS "cycles_per_op", "cache_misses_per_op",         \
	"llc_misses_per_op", "ipc", "ctx_switches", "migrations", "page_faults"
#define CT_COUNTER_UNITS "cycles", "misses", "misses", "instructions/cycle", \
	"switches", "migrations", "faults"

/*
 * A family's record fields as one X-macro FIELDS(C, M, K) (e.g.
 * harness/lock/lockfields.h): C(name) names a configuration, M(name,
 * unit) is a metric, K(name) bookkeeping. These turn it into the table's
 * lists: { FIELDS(CT_FIELD_NAME, CT_FIELD_NONE, CT_FIELD_NONE) NULL } is
 * the configuration fields, and so on.
 */
#define CT_FIELD_NAME(name, ...) #name,
#define CT_FIELD_UNIT(name, unit) unit,
#define CT_FIELD_NONE(...)

#define CT_ROW_HELP                                                        \
	{ .name = "help", .kind = CT_K_FLAG, .flags = CT_OPT_BOTH,         \
	  .role = CT_R_HELP, .help = "this text" }

/* --format, --out, --force, --append, --quiet. */
#define CT_ROWS_OUTPUT                                                     \
	{ .name = "format", .kind = CT_K_TEXT, .meta = "table|csv|jsonl",  \
	  .flags = CT_OPT_BENCH, .role = CT_R_FORMAT,                      \
	  .help = "records' format (default: table, or --out's extension)" }, \
	{ .name = "out", .kind = CT_K_TEXT, .meta = "FILE",                \
	  .flags = CT_OPT_BENCH, .role = CT_R_OUT,                         \
	  .help = "per-repetition records to FILE; the table to stdout" }, \
	{ .name = "force", .kind = CT_K_FLAG, .flags = CT_OPT_BENCH,       \
	  .role = CT_R_FORCE, .help = "replace a non-empty --out file" },  \
	{ .name = "append", .kind = CT_K_FLAG, .flags = CT_OPT_BENCH,      \
	  .role = CT_R_APPEND, .help = "add to a non-empty --out file" },  \
	{ .name = "quiet", .kind = CT_K_FLAG, .flags = CT_OPT_BENCH,       \
	  .role = CT_R_QUIET, .help = "no progress or notes on stderr" }

#define CT_ROW_REPS                                                        \
	{ .name = "reps", .kind = CT_K_COUNT, .min = 1, .max = 1000,      \
	  .flags = CT_OPT_BENCH, .role = CT_R_REPS,                        \
	  .help = "repetitions, interleaved, order reversed on odd ones "  \
		  "(default 3)" }

/* The last rows of a measuring command's table: --reps, the output rows,
 * --help, the end. */
#define CT_ROWS_MEASURING_END CT_ROW_REPS, CT_ROWS_OUTPUT, CT_ROW_HELP,    \
	CT_OPT_END

/* --duration and --warmup in seconds; help names the defaults. */
#define CT_ROWS_DURATION(dur_help, warm_help)                              \
	{ .name = "duration", .kind = CT_K_SECONDS, .flags = CT_OPT_BENCH, \
	  .role = CT_R_DURATION, .help = dur_help },                       \
	{ .name = "warmup", .kind = CT_K_SECONDS,                          \
	  .flags = CT_OPT_BENCH | CT_OPT_ZERO, .role = CT_R_WARMUP,        \
	  .help = warm_help }

/* --counters SET: each value of the axis one configuration (in knobs). */
#define CT_ROW_COUNTERS                                                    \
	{ .name = "counters", .kind = CT_K_CHOICE,                         \
	  .choices = ct_counters_choices, .meta = "all|hw|sw|none|EVENT,...", \
	  .flags = CT_OPT_KEY | CT_OPT_BENCH | CT_OPT_OPTIONAL,            \
	  .role = CT_R_COUNTERS,                                           \
	  .help = "hardware/software counters per operation (bare: all; "  \
		  "NA without a PMU)" }

#define CT_ROW_THREADS_KEY                                                 \
	{ .name = "threads", .kind = CT_K_COUNTS, .min = 1, .max = 1024,   \
	  .dflt = "1-ncpu:x2", .field = "threads",                         \
	  .flags = CT_OPT_KEY | CT_OPT_BENCH,                              \
	  .help = "thread counts (default 1, 2, 4 .. the CPUs)" }

#define CT_ROW_PLACEMENT(modes)                                            \
	{ .name = "placement", .kind = CT_K_PLACEMENT, .dflt = "compact",  \
	  .field = "placement", .flags = CT_OPT_KEY | (modes),             \
	  .help = "where threads run (default compact)" }

#define CT_ROW_WAIT(modes, what)                                           \
	{ .name = "wait", .kind = CT_K_CHOICE, .choices = ct_wait_choices, \
	  .field = "wait", .flags = CT_OPT_KEY | (modes),                  \
	  .help = "how " what " wait: spin, yield after --spin-limit, or " \
		  "park on a futex (default spin)" }

#define CT_ROW_SPIN_LIMIT(modes)                                           \
	{ .name = "spin-limit", .kind = CT_K_COUNT, .min = 0,              \
	  .max = 1u << 30, .flags = CT_OPT_KEY | (modes),                  \
	  .help = "polls before a yield or park" }

#endif /* CT_FAMILIES_COMMON_H */
