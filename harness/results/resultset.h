/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * resultset.h - read result files (JSON Lines, via cJSON) back for export,
 * plots, regress and matrix --resume.
 *
 * A file holds one or more runs: a header record ("record":"header", the
 * fingerprint) followed by data records, one per (configuration,
 * repetition). Concatenated files keep their runs apart, so values can
 * be normalized against references from their own run. Other records
 * ("record":"failure", ...) are kept out of the data.
 *
 * Folder harness/results/: reading result files, export, rankings, the
 * HTML report. It may include harness/core/ and harness/matrix/; it reads
 * records by their fields, never an engine's structs
 * (scripts/check-layout.sh).
 */
#ifndef CT_RESULTSET_H
#define CT_RESULTSET_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

#include "harness/core/family.h"
#include "harness/core/record.h"

#define CT_RS_MAX_RUNS 256

struct ct_rs_run {
	const cJSON *header; /* NULL: records before any header */
	const char *path;
	double c2c_ref; /* the header's c2c_ref (older files: estimated), or NaN */
};

struct ct_rs {
	cJSON **docs; /* every parsed line (owned) */
	size_t ndocs, capdocs;
	const cJSON **rows; /* data records */
	unsigned *run_of;   /* rows[i] belongs to runs[run_of[i]] */
	size_t nrows, caprows;
	struct ct_rs_run runs[CT_RS_MAX_RUNS];
	unsigned nruns;
	char *paths[CT_RS_MAX_RUNS]; /* the files loaded (owned) */
	unsigned npaths;
	size_t good_bytes; /* last file: bytes up to its last complete line */
	bool partial;      /* last file ends in a line cut short */
	unsigned bad;      /* malformed lines skipped */
};

/* Append path's runs to rs (zero rs first). 0, or -1 with err. */
int ct_rs_load(struct ct_rs *rs, const char *path, char *err, size_t len);
void ct_rs_free(struct ct_rs *rs);

/* A field's value: NaN / NULL when absent, null or of another type. */
double ct_rs_num(const cJSON *o, const char *key);
const char *ct_rs_str(const cJSON *o, const char *key);

/* A field's value as text: the string, the number (%.10g), "" if absent
 * or null. */
void ct_rs_text(const cJSON *o, const char *key, char *buf, size_t len);

/* The record as a ct_rec (keys point into o, which must outlive r). */
void ct_rec_from_json(struct ct_rec *r, const cJSON *o);

/* Families present in rs, in order of appearance; returns the count. */
unsigned ct_rs_families(const struct ct_rs *rs, const char **out,
			unsigned cap);

/* Records of one configuration, in file order. */
struct ct_group {
	const struct ct_family *fam;
	char key[768];      /* identity: "algo=tas threads=2 ..." */
	const cJSON *first; /* a representative record */
	unsigned n, cap;
	unsigned *rows;     /* indices into rs->rows */
};

/* Group family's records by configuration, sorted by key. Returns the
 * count; *out is allocated (ct_groups_free). */
unsigned ct_rs_group(const struct ct_rs *rs, const struct ct_family *fam,
		     struct ct_group **out);
void ct_groups_free(struct ct_group *g, unsigned n);
/* The group with key, or NULL. g sorted as ct_rs_group returns it. */
const struct ct_group *ct_group_find(const struct ct_group *g, unsigned n,
				     const char *key);

/* vary[i]: does config field i of the family differ between groups?
 * vary[number of fields]: do the knobs? */
void ct_groups_varying(const struct ct_group *g, unsigned n, bool *vary);

/* A short label from the varying fields, leaving out those in skip
 * (NULL-terminated, or NULL) and those null in g (they do not apply to
 * it: a lockdata lock in a counters experiment): "mcs", "mcs/scatter",
 * "tas/cs_ns=100". Empty when nothing is left. sep joins the parts. */
void ct_group_label(const struct ct_group *g, const bool *vary,
		    const char *const *skip, const char *sep, char *buf,
		    size_t len);

/* Fingerprint keys that must match for numbers to be comparable as is
 * (hardware), and ones worth flagging (software environment). */
extern const char *const ct_fp_machine_keys[];
extern const char *const ct_fp_env_keys[];

/* "key: a vs b; ..." for each of keys whose values differ; the count. */
unsigned ct_fp_diff(const struct ct_rec *a, const struct ct_rec *b,
		    const char *const *keys, char *buf, size_t len);

#endif /* CT_RESULTSET_H */
