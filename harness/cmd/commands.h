/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * commands.h - the subcommands of `contend` and the option plumbing they
 * share (topology loading, placement, output sinks).
 */
#ifndef CT_COMMANDS_H
#define CT_COMMANDS_H

#include "harness/core/record.h"
#include "harness/core/topology.h"

struct ct_command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

extern const struct ct_command ct_commands[];

int ct_cmd_lock(int argc, char **argv);
int ct_cmd_validate(int argc, char **argv);
int ct_cmd_run(int argc, char **argv);
int ct_cmd_validate_run(int argc, char **argv);
int ct_cmd_c2c(int argc, char **argv);
int ct_cmd_topo(int argc, char **argv);
int ct_cmd_list(int argc, char **argv);

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
};

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
 * The event mask of --counters (declared with an optional argument), once
 * getopt has returned it: bare, every event; --counters=SET or
 * --counters SET, the set (counters.h, ct_counters_parse). Exits 2 on a
 * bad set, naming the valid words.
 */
#define CT_COUNTERS_HELP "[--counters[=all|hw|sw|none|EVENT,...]]"
unsigned ct_counters_option(int argc, char **argv);

#endif /* CT_COMMANDS_H */
