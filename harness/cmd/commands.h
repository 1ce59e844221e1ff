/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * commands.h - every subcommand of `contend` and the option plumbing they
 * share (topology loading, placement, output sinks, the shared rows).
 *
 * Folder harness/cmd/: main and one front-end per command: options (from
 * the family tables, harness/families/), sinks, printing. It may include
 * anything; nothing includes it but main and the tests.
 */
#ifndef CT_COMMANDS_H
#define CT_COMMANDS_H

#include "harness/core/opt.h"
#include "harness/core/record.h"
#include "harness/core/topology.h"

struct ct_command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

extern const struct ct_command ct_commands[];

/* Every command (argv[0]: its name), by the file that holds it. */
int ct_cmd_lock(int argc, char **argv);             /* cmd_lock.c */
int ct_cmd_validate(int argc, char **argv);         /* validate FAMILY */
int ct_cmd_barrier(int argc, char **argv);          /* cmd_barrier.c */
int ct_cmd_validate_barrier(int argc, char **argv); /* argv[0]: barrier */
int ct_cmd_problem(int argc, char **argv);          /* cmd_problem.c */
int ct_cmd_validate_problem(int argc, char **argv);
int ct_cmd_lrpc(int argc, char **argv);             /* cmd_lrpc.c */
int ct_cmd_falseshare(int argc, char **argv);       /* cmd_experiments.c */
int ct_cmd_litmus(int argc, char **argv);
int ct_cmd_counters(int argc, char **argv);
int ct_cmd_run(int argc, char **argv);              /* cmd_run.c */
int ct_cmd_validate_run(int argc, char **argv);
int ct_cmd_c2c(int argc, char **argv);              /* cmd_machine.c */
int ct_cmd_topo(int argc, char **argv);
int ct_cmd_list(int argc, char **argv);
int ct_cmd_matrix(int argc, char **argv);           /* cmd_matrix.c */
int ct_cmd_export(int argc, char **argv);           /* cmd_export.c */
int ct_cmd_plot(int argc, char **argv);             /* cmd_plot.c */
int ct_cmd_regress(int argc, char **argv);          /* cmd_regress.c */
int ct_cmd_compare(int argc, char **argv);          /* cmd_compare.c */
int ct_cmd_summary(int argc, char **argv);          /* cmd_summary.c */
/* `contend list families` / `list family NAME` (argv[0]: "families" or
 * "family"): the family tables, printed from them. */
int ct_list_families(int argc, char **argv);

/* Load this machine's topology or exit 2/1 with the reason. */
void ct_load_machine(struct ct_topo *t);

/* Resolve --placement for n threads into cpus/numa, or exit 2. */
void ct_resolve_or_die(const struct ct_topo *t, const struct ct_placement *p,
		       unsigned n, int *cpus, int *numa);

/* Exit 2 unless the placement can host the largest of threads[0..n). */
void ct_check_placement(const struct ct_topo *t, const struct ct_placement *p,
			const unsigned *threads, unsigned n);

/*
 * Output options shared by every measuring command. --format picks the
 * format; --out F sends per-repetition records to F (format from --format
 * or F's extension) and keeps the summary table on stdout.
 */
struct ct_out_opts {
	const char *format; /* NULL: table, or from --out's extension */
	const char *path;   /* NULL: stdout */
	enum ct_open_mode mode; /* --force / --append onto a non-empty file */
};

/* --force and --append (the shared rows' roles take them). */
enum { CT_O_FORCE = 9001, CT_O_APPEND };
/* Handle --force/--append; false if c is neither. Exit 2 if both. */
bool ct_out_mode_opt(int c, enum ct_open_mode *mode);

/* Open the sinks (exit 2 on a bad format or an unwritable path). */
void ct_output_open(const struct ct_out_opts *o, const struct ct_col *cols,
		    struct ct_sink *data, struct ct_sink *table,
		    struct ct_output *out);
void ct_output_close(struct ct_output *out);

/* What a measuring command holds while it runs: its open outputs and the
 * environment fingerprint that heads them. */
struct ct_session {
	struct ct_sink data, table;
	struct ct_output out;
	struct ct_rec fp;
};

/* Open the outputs (exit 2 on bad --format/--out), calibrate the timer and
 * take the fingerprint of the machine t describes. */
void ct_session_open(struct ct_session *s, const struct ct_out_opts *o,
		     const struct ct_col *cols, const struct ct_topo *t);
/* Close the outputs and free the topology; returns rc. */
int ct_session_close(struct ct_session *s, struct ct_topo *t, int rc);

/*
 * The values of the shared rows (opt.h roles), set to the command's
 * defaults before parsing; what a command does not take stays as set.
 */
struct ct_common_args {
	struct ct_out_opts out;
	bool quiet;
	unsigned reps;
	double duration_s, warmup_s, timeout_s;
	unsigned counters; /* event mask, 0: off */
};

/* How a command's --help reads: "usage: USAGE [rows] TAIL", then a line
 * per row, then prose. */
struct ct_help {
	const char *usage, *tail, *prose;
};

/*
 * The next option of argv that is the command's own (CT_R_OWN): returns
 * its row's index into t, -1 at the end. Shared rows are taken into a on
 * the way; --help prints h and exits 0; what is wrong exits 2.
 */
int ct_next_opt(int argc, char **argv, const struct ct_opt *t, unsigned mode,
		unsigned owner, const struct ct_help *h,
		struct ct_common_args *a);

/*
 * The event mask of --counters (declared with an optional argument), once
 * getopt has returned it: bare, every event; --counters=SET or
 * --counters SET, the set (counters.h, ct_counters_parse). Exits 2 on a
 * bad set, naming the valid words.
 */
unsigned ct_counters_option(int argc, char **argv);

/*
 * `contend validate lock|barrier`: exit statuses and the tally of rows.
 * A violation (two holders, an early departure) or a row that could not
 * run is CT_EXIT_VIOLATION; a row that ran out of time with nothing
 * violated so far is a liveness time-out, CT_EXIT_LIVENESS, reported with
 * what finished and which wait policy to use. Either way every listed row
 * runs: each runs in a child process (isolate.h), so threads stuck in a
 * timed-out row die with it.
 */
enum { CT_EXIT_VIOLATION = 1, CT_EXIT_LIVENESS = 3 };
#define CT_VALIDATE_EXIT_HELP                                              \
	"Exit status: 0 every row passed; 1 a violation (or a row that could\n" \
	"not run); 3 no violation, but some row hit --timeout before it\n"     \
	"finished (liveness: see its line for what finished and the policy\n" \
	"to use); 2 bad input.\n"

struct ct_vtally {
	unsigned rows, violated, timed_out, errors, capped;
};
/* The hint for a row that timed out with threads <= CPUs: other jobs on
 * a busy machine (1-minute load average above the CPUs) preempt waiters
 * just as oversubscription does. */
const char *ct_vtally_quiet_hint(int npus);
/* Print the summary line; return the exit status. */
int ct_vtally_finish(const struct ct_vtally *t);

/* The size of a row that spins with more threads than CPUs: it completes
 * in seconds, where the requested size could take hours (a preempted
 * waiter costs a scheduler slice per handoff). --no-cap runs it in full. */
#define CT_STR_(x) #x
#define CT_STR(x) CT_STR_(x)
#define CT_VALIDATE_LOCK_CAP 1000
#define CT_VALIDATE_BARRIER_CAP 32

#endif /* CT_COMMANDS_H */
