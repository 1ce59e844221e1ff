/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * opt.h - a command's options as one declarative table.
 *
 * Each row is one option: its name (--NAME, and the matrix spec key when
 * it is CT_OPT_KEY), how its value is checked (kind, bounds, choices),
 * the record field that reports it, and its help. From that one table:
 * getopt's option list (ct_opt_getopt), every value's checks and error
 * messages (ct_opt_count, ct_opt_ns, ...), the --help text
 * (ct_opt_help), the matrix spec checker (family.h: a family's `keys`
 * are its command's rows flagged CT_OPT_KEY) and `contend list`. No
 * option name or bound is written anywhere else.
 *
 * A command's own rows come first, indexed by its enum (designated
 * initializers); the rows every measuring command shares (--format,
 * --out, --reps, ...) follow, marked by their role, and are taken by one
 * shared handler (harness/cmd/commands.h, ct_common_opt).
 */
#ifndef CT_OPT_H
#define CT_OPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* How a value is checked (and, in a spec, canonicalized). */
enum ct_key_kind {
	CT_K_NAMES,     /* algorithm names, "all"; validated by names() */
	CT_K_COUNTS,    /* thread counts: 1,2,4 | 1-16:x2 | ncpu | 2*ncpu */
	CT_K_NS,        /* a time in ns: 100, 2us */
	CT_K_SECONDS,   /* a time in s: 2, 500ms (0 only with CT_OPT_ZERO) */
	CT_K_COUNT,     /* a whole number in [min, max] */
	CT_K_CHOICE,    /* one of choices */
	CT_K_PLACEMENT, /* compact | scatter | numa:N | cpus:LIST */
	CT_K_CPULIST,   /* one value: a CPU list such as 0-3 */
	CT_K_LOCK,      /* a lock of locks/LIST that excludes (not null) */
	CT_K_MUTEX,     /* "sem" or a CT_K_LOCK lock (a problem's mutex role) */
	CT_K_FRACTION,  /* a number in [0, 1] */
	CT_K_TEXT,      /* free text, kept as written (no commas in a spec) */
	CT_K_FLAG,      /* no value: --NAME; in a spec, yes | no */
	CT_K_PROGRAM,   /* a program and its arguments, split at blanks,
			 * passed after `--` (contend run) */
};

/* Row flags. */
enum {
	CT_OPT_KEY = 1u << 0,      /* a matrix spec key of the family */
	CT_OPT_BENCH = 1u << 1,    /* taken by `contend FAMILY` */
	CT_OPT_VALIDATE = 1u << 2, /* taken by `contend validate FAMILY` */
	CT_OPT_OPTIONAL = 1u << 3, /* --NAME or --NAME=VALUE */
	CT_OPT_ZERO = 1u << 4,     /* CT_K_SECONDS: 0 is valid */
};
#define CT_OPT_BOTH (CT_OPT_BENCH | CT_OPT_VALIDATE)

/* What a shared row means to the shared handler; CT_R_OWN: the command's. */
enum ct_opt_role {
	CT_R_OWN, CT_R_HELP, CT_R_FORMAT, CT_R_OUT, CT_R_FORCE, CT_R_APPEND,
	CT_R_QUIET, CT_R_REPS, CT_R_DURATION, CT_R_WARMUP, CT_R_COUNTERS,
	CT_R_TIMEOUT,
};

struct ct_opt {
	const char *name;  /* --NAME; the spec key */
	enum ct_key_kind kind;
	uint64_t min, max; /* CT_K_COUNTS / CT_K_COUNT bounds */
	const char *const *choices; /* CT_K_CHOICE */
	const char *dflt;  /* a spec's value when a section leaves it out */
	const char *field; /* record field reporting it; NULL: none (the
			      matrix records it under "knobs") */
	const char *meta;  /* the value in help ("A,B|all"); NULL: from kind */
	const char *help;  /* one line for --help */
	unsigned flags;    /* CT_OPT_* */
	enum ct_opt_role role;
	unsigned owners;   /* the family's own subsets (a problem's knobs:
			      which problems); 0: every one */
};

/* Rows end with a NULL name. */
#define CT_OPT_END { .name = NULL }

/* Number of rows. */
unsigned ct_opt_count_rows(const struct ct_opt *t);
/* The row called name that the mode takes, or NULL. */
const struct ct_opt *ct_opt_find(const struct ct_opt *t, const char *name,
				 unsigned mode);

/*
 * getopt over argv (argv[0]: the command) with the rows of t that mode
 * (CT_OPT_BENCH / CT_OPT_VALIDATE) takes and whose owners include owner
 * (a bit; 0: any). Returns the row's index into t, -1 at the end; exits 2
 * on an unknown option, a missing value or a stray argument, naming the
 * valid options. optarg as getopt leaves it.
 */
int ct_opt_getopt(int argc, char **argv, const struct ct_opt *t,
		  unsigned mode, unsigned owner);

/*
 * The positional arguments (RESULTS files, a SPEC) among the options of
 * t that mode takes, moved into pos (argpos.h, ct_positionals): an
 * option with a required value keeps the argument after it.
 */
unsigned ct_opt_positionals(int *argc, char **argv, const struct ct_opt *t,
			    unsigned mode, char **pos, unsigned cap);

/* Values, checked against the row (exit 2 naming --NAME, or as when
 * given, and the valid forms). as: the option's text in messages; NULL:
 * "--NAME". */
uint64_t ct_opt_count(const struct ct_opt *o, const char *arg);
uint64_t ct_opt_count_as(const struct ct_opt *o, const char *as,
			 const char *arg);
uint64_t ct_opt_ns(const struct ct_opt *o, const char *arg);
uint64_t ct_opt_ns_as(const struct ct_opt *o, const char *as,
		      const char *arg);
double ct_opt_seconds(const struct ct_opt *o, const char *arg);
unsigned ct_opt_choice(const struct ct_opt *o, const char *arg);
/* A CT_K_COUNTS list within the row's bounds; returns how many. */
unsigned ct_opt_counts(const struct ct_opt *o, const char *arg,
		       unsigned *out, unsigned cap);

/* The value's shape in help: meta, or from the kind ("N", "NS", ...). */
const char *ct_opt_meta(const struct ct_opt *o, char *buf, size_t len);

/*
 * --help: "usage: contend CMD [--a A] [--b] ..." wrapped, then one line
 * per row that mode and owner take, then prose (may be NULL).
 */
void ct_opt_help(FILE *f, const char *usage, const char *tail,
		 const struct ct_opt *t, unsigned mode, unsigned owner,
		 const char *prose);

#endif /* CT_OPT_H */
