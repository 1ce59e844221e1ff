/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cli.h - argument parsing shared by every subcommand.
 *
 * Every parse_* function either returns a valid value or prints
 * "contend: <option>: <what is wrong> (<valid forms>)" and exits with
 * status 2 before anything has been measured or written.
 */
#ifndef CT_CLI_H
#define CT_CLI_H

/* The most entries a list option (--algo, --threads, ...) takes. */
#define CT_MAX_LIST 64

#include <stdbool.h>
#include <stdint.h>

#define CT_EXIT_USAGE 2

_Noreturn void ct_usage_error(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

/* Seconds: "2", "1.5s", "500ms", "250us". Must be > 0 unless allow_zero. */
double ct_parse_seconds(const char *opt, const char *s, bool allow_zero);
/* Nanoseconds: "100", "100ns", "2us", "1.5ms", "1s". >= 0. */
uint64_t ct_parse_ns(const char *opt, const char *s);
/* Counts: "1000", "10k", "2M", "1e6". In [min, max]. */
uint64_t ct_parse_count(const char *opt, const char *s, uint64_t min,
			uint64_t max);
/* Lists of counts: "1,2,4", "1-4", "1-16:x2" (doubling). Each in
 * [min, max]; returns how many were stored (at most cap). */
unsigned ct_parse_count_list(const char *opt, const char *s, unsigned *out,
			     unsigned cap, unsigned min, unsigned max);

/*
 * Split a comma-separated list of names, each of which must be one of
 * valid[0..nvalid). "all" expands to every entry of valid_all (NULL-
 * terminated). Returns the count stored in out (pointers into valid).
 */
unsigned ct_parse_names(const char *opt, const char *s,
			const char *const *valid, unsigned nvalid,
			const char *const *valid_all, const char **out,
			unsigned cap);

/* Index of s in choices (NULL-terminated) or exit 2 listing them. */
unsigned ct_parse_choice(const char *opt, const char *s,
			 const char *const *choices);


#include <getopt.h>

/*
 * getopt_long over a subcommand's argv (argv[0] is the subcommand).
 * Long options only. Exits 2 on an unknown option, a missing value or a
 * stray positional argument, naming the valid options.
 */
int ct_getopt(int argc, char **argv, const struct option *opts);

#endif /* CT_CLI_H */
