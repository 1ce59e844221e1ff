/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * family.h - what the matrix, export, plot and regress commands know about
 * each benchmark family: the spec keys its command accepts (with how to
 * check a value before anything runs) and the schema of its result
 * records (which fields identify a configuration, which are measured).
 *
 * This is a description of the result files, not of the harness's
 * structs; the table (ct_families) is harness/cmd/families.c, where the
 * engines meet. A new family becomes runnable in a matrix by
 * filling in its row and setting `built` once its `contend NAME` command
 * takes --format jsonl (and, as flagged, --reps 1 --quiet and
 * --duration/--warmup in seconds).
 */
#ifndef CT_FAMILY_H
#define CT_FAMILY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* How a spec value is checked (and canonicalized) before anything runs. */
enum ct_key_kind {
	CT_K_NAMES,     /* algorithm names, "all"; validated by names() */
	CT_K_COUNTS,    /* thread counts: 1,2,4 | 1-16:x2 | ncpu | 2*ncpu */
	CT_K_NS,        /* a time in ns: 100, 2us */
	CT_K_SECONDS,   /* a time in s: 2, 500ms */
	CT_K_COUNT,     /* a whole number in [min, max] */
	CT_K_CHOICE,    /* one of choices */
	CT_K_PLACEMENT, /* compact | scatter | numa:N | cpus:LIST */
	CT_K_CPULIST,   /* one value: a CPU list such as 0-3 */
	CT_K_LOCK,      /* a lock of locks/LIST that excludes (not null) */
	CT_K_MUTEX,     /* "sem" or a CT_K_LOCK lock (a problem's mutex role) */
	CT_K_FRACTION,  /* a number in [0, 1] */
	CT_K_TEXT,      /* free text, kept as written (no commas) */
	CT_K_FLAG,      /* yes | no: the bare option --NAME when yes */
	CT_K_PROGRAM,   /* a program and its arguments, split at blanks,
			 * passed after `--` (contend run) */
};

struct ct_section;

struct ct_spec_key {
	const char *name;  /* spec key = the command's long option */
	enum ct_key_kind kind;
	uint64_t min, max; /* CT_K_COUNTS / CT_K_COUNT bounds */
	const char *const *choices; /* CT_K_CHOICE */
	const char *dflt;  /* value when a section leaves the key out */
	const char *field; /* record field reporting it; NULL: none, the
			      matrix records it under "knobs" */
};

struct ct_family {
	const char *name;
	bool built; /* has a runnable `contend NAME` command in this build */
	bool reps;     /* takes --reps 1 --quiet: one repetition per run */
	bool duration; /* takes --duration S --warmup S */
	const struct ct_spec_key *keys; /* NULL-name terminated */
	const char *const *(*names)(bool with_hidden); /* for CT_K_NAMES */
	const char *const *config;  /* record fields naming a configuration */
	const char *const *metrics; /* numeric fields, aggregated over reps */
	const char *x;              /* the plots' x axis field */
	/* Optional: the CT_K_NAMES choices given the section's earlier
	 * keys (a problem's variants), instead of names(). */
	const char *const *(*section_names)(const struct ct_section *sec,
					    bool with_hidden);
	/* Optional: checks across keys once the section's values are;
	 * exits 2 (ct_usage_error) naming path, line and valid choices. */
	void (*check)(const struct ct_section *sec, const char *path);
	/* Optional: a config field that always leads the plots' facet (a
	 * figure per problem), varying or not. */
	const char *facet;
	/* Its command exits 1 with records that say what failed (run: a
	 * program that crashed under a lock): the matrix keeps them. */
	bool fails_in_records;
};

/* Every family, known or planned; NULL-name terminated. */
extern const struct ct_family ct_families[];

/* The family called name, or NULL. */
const struct ct_family *ct_family_find(const char *name);
const struct ct_spec_key *ct_family_key(const struct ct_family *f,
					const char *key);

/* Option --KEY of `contend FAMILY` parsed within the bounds its
 * CT_K_COUNT key states: the one place those bounds are written, for the
 * command and the spec checker alike (exits 2 naming them). */
uint64_t ct_family_count(const char *family, const char *key, const char *arg);
/* The same, named opt_text in its error ("bounded-buffer --size"). */
uint64_t ct_family_count_as(const char *family, const char *key,
			    const char *opt_text, const char *arg);

/* The record field naming the algorithm ("algo"), or NULL. */
const char *ct_family_names_field(const struct ct_family *f);

/* v (NULL-terminated) joined by sep into buf. */
void ct_join(char *buf, size_t len, const char *const *v, const char *sep);

/* "a, b, c" of the families with built == want into buf. */
void ct_family_list(char *buf, size_t len, bool want);

/* Comma-separated spec keys of f into buf. */
void ct_family_key_list(const struct ct_family *f, char *buf, size_t len);

#endif /* CT_FAMILY_H */
