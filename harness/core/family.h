/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * family.h - a benchmark family as one declarative description: its
 * command's options (opt.h; the spec keys among them), the fields of its
 * records that name a configuration, and its metrics. The command parses
 * with it, the matrix checks specs with it, export, plot, summary and
 * regress read records with it.
 *
 * It describes the options and the result files, not the harness's
 * structs; each family's is harness/families/FAMILY.c. A new family
 * becomes runnable in a matrix once its `contend NAME` command takes
 * --format jsonl (and, when its table has those rows, --reps 1 --quiet
 * and --duration/--warmup in seconds).
 */
#ifndef CT_FAMILY_H
#define CT_FAMILY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "opt.h"

struct ct_section;

struct ct_family {
	const char *name;
	bool built; /* has a runnable `contend NAME` command in this build */
	/* Its command's options (opt.h); the rows flagged CT_OPT_KEY are the
	 * spec keys. The matrix passes --reps 1 --quiet when it has a
	 * CT_R_REPS row, --duration/--warmup (seconds) when CT_R_DURATION. */
	const struct ct_opt *keys;
	const char *const *(*names)(bool with_hidden); /* for CT_K_NAMES */
	const char *const *config;  /* record fields naming a configuration */
	const char *const *metrics; /* numeric fields, aggregated over reps */
	const char *const *units;   /* each metric's unit, or NULL: unknown */
	/* Numeric fields that are neither: identity and the counts behind a
	 * metric (NULL: not listed; the schema test then checks less). */
	const char *const *keep;
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

/* Every family, known or planned; NULL-terminated. */
extern const struct ct_family *const ct_families[];

/* The family called name, or NULL. */
const struct ct_family *ct_family_find(const char *name);
/* The spec key called key (a CT_OPT_KEY row), or NULL. */
const struct ct_opt *ct_family_key(const struct ct_family *f, const char *key);
/* Is k a spec key? */
static inline bool ct_is_key(const struct ct_opt *k)
{
	return k->flags & CT_OPT_KEY;
}
/* Does the family's command take the shared option of this role? */
bool ct_family_takes(const struct ct_family *f, enum ct_opt_role role);

/* The record field naming the algorithm ("algo"), or NULL. */
const char *ct_family_names_field(const struct ct_family *f);

/* v (NULL-terminated) joined by sep into buf. */
void ct_join(char *buf, size_t len, const char *const *v, const char *sep);

/* "a, b, c" of the families with built == want into buf. */
void ct_family_list(char *buf, size_t len, bool want);

/* Comma-separated spec keys of f into buf. */
void ct_family_key_list(const struct ct_family *f, char *buf, size_t len);

#endif /* CT_FAMILY_H */
