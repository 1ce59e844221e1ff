/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * spec.h - matrix spec files (results/specs/): what `contend matrix` runs.
 *
 *   # comment
 *   seed = 42               global: seed, reps, duration, warmup,
 *   reps = 5                        budget, timeout
 *   duration = 100ms
 *   [lock]                  a section: one family's cross product
 *   algo = tas, mcs         keys are the family command's long options;
 *   threads = 1, ncpu       a comma list is an axis, one value a constant
 *   [lock yield]            another section (the label is for people)
 *   reps = 3                a section may override reps/duration/warmup
 *
 * Every value is checked, and canonicalized, when the spec is loaded: a
 * problem exits 2 naming the file, the line and the valid choices before
 * anything runs.
 */
#ifndef CT_SPEC_H
#define CT_SPEC_H

#include <stdint.h>

#include "harness/core/family.h"
#include "harness/core/topology.h"

#define CT_SPEC_MAX_SECTIONS 32
#define CT_SPEC_MAX_VALS 64

struct ct_axis {
	const struct ct_opt *key;
	unsigned line; /* 0: the family's default */
	unsigned n;
	char *v[CT_SPEC_MAX_VALS]; /* canonical values */
};

struct ct_section {
	const struct ct_family *fam;
	char label[64];
	unsigned line;
	unsigned naxes;
	struct ct_axis axis[24]; /* in the family's key order */
	unsigned reps;
	double duration_s, warmup_s; /* families run for a duration only */
};

struct ct_spec {
	char path[512];
	char name[64];     /* file name without directory */
	char hash[17];     /* FNV-1a 64 of the file, hex */
	uint64_t seed;
	bool has_seed;
	bool has_duration; /* some line set a duration */
	double budget_s;   /* 0: none */
	double timeout_s;  /* per run; 0: automatic */
	unsigned nsec;
	struct ct_section sec[CT_SPEC_MAX_SECTIONS];
};

/* Load and check path against topology t, or exit 2 with the reason. */
void ct_spec_load(struct ct_spec *s, const char *path, const struct ct_topo *t);
void ct_spec_free(struct ct_spec *s);

/* Runs per repetition round in section i (product of its axes). */
unsigned ct_section_configs(const struct ct_section *sec);

/* Check key a->key's comma list val into a's canonical values (used by
 * ct_spec_load). prefix names it in messages: "FILE:LINE: key". */
void ct_spec_check_axis(const struct ct_section *sec, struct ct_axis *a,
			const char *val, const char *prefix,
			const struct ct_topo *t);

/* s without leading and trailing white space (s is modified). */
char *ct_trim(char *s);

/*
 * Find a spec by name: an existing path as given, else NAME under
 * results/specs/ here or next to the binary's source tree. Returns 0 with
 * the path in out, or -1 listing what was tried in out.
 */
int ct_spec_find(const char *name, char *out, size_t len);

#endif /* CT_SPEC_H */
