/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * record.h - one result record (ordered key/value fields) and the sinks
 * that write records as JSON Lines, tidy CSV or a readable table.
 *
 * Machine formats get one record per (configuration, repetition), written
 * with a single write and flushed, so a killed run loses at most the record
 * in flight. The table gets one summary row per configuration.
 * A value that could not be measured is NA: JSON null, CSV "NA", table "-";
 * never a zero that looks measured.
 */
#ifndef CT_RECORD_H
#define CT_RECORD_H

#include <stdbool.h>
#include <stdio.h>

#define CT_SCHEMA_VERSION 1
#define CT_REC_MAX 176 /* an export row: config + 3 columns per metric */

enum ct_val { CT_V_STR, CT_V_INT, CT_V_NUM, CT_V_NA };

struct ct_field {
	const char *key; /* a string literal: records keep the pointer */
	enum ct_val type;
	long long i;
	double d;
	char s[192];
};

struct ct_rec {
	unsigned n;
	struct ct_field f[CT_REC_MAX];
};

void ct_rec_reset(struct ct_rec *r);
void ct_rec_str(struct ct_rec *r, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void ct_rec_int(struct ct_rec *r, const char *key, long long v);
/* NaN or infinity are recorded as NA. */
void ct_rec_num(struct ct_rec *r, const char *key, double v);
void ct_rec_na(struct ct_rec *r, const char *key);
/* "cpus" ("0 1 0 1": the CPU of each of n threads) and "cpus_distinct". */
void ct_rec_cpus(struct ct_rec *r, const int *cpus, unsigned n);
/* Append every field of src. */
void ct_rec_append(struct ct_rec *r, const struct ct_rec *src);
const struct ct_field *ct_rec_get(const struct ct_rec *r, const char *key);
/* Numeric value of key, NaN if absent or NA. */
double ct_rec_num_of(const struct ct_rec *r, const char *key);
/* The finite values of key over recs[0..n) into v; how many. */
unsigned ct_recs_values(const struct ct_rec *recs, unsigned n,
			const char *key, double *v);

enum ct_format { CT_FMT_TABLE, CT_FMT_CSV, CT_FMT_JSONL };

/* "table", "csv", "jsonl" (alias "json"). 0, or -1 with the valid choices
 * in err. */
int ct_format_parse(const char *s, enum ct_format *out, char *err, size_t n);
/* Format implied by a file name's extension: .csv, else jsonl. */
enum ct_format ct_format_for_path(const char *path);

/*
 * A table column: record key, heading, printf format for numbers, and the
 * width it takes at least. The table is printed when the sink is flushed
 * or closed, each column as wide as its widest cell plus one space, so
 * numbers never run together. A column whose key ends in "_spread" holds
 * a spread over repetitions in % (IQR / median): above
 * CT_SPREAD_FLAG_PCT its cells get CT_SPREAD_MARK and the table a legend.
 */
#define CT_SPREAD_FLAG_PCT 50.0
#define CT_SPREAD_MARK "!"
struct ct_col {
	const char *key;
	const char *title;
	int width;
	const char *fmt; /* e.g. "%.1f"; strings use "%s" */
};

/* What --out does to an existing file that is not empty. */
enum ct_open_mode {
	CT_OPEN_NEW,    /* refuse it (results are not overwritten unasked) */
	CT_OPEN_FORCE,  /* truncate it (--force) */
	CT_OPEN_APPEND, /* add to it (--append; JSONL only) */
};

struct ct_sink {
	enum ct_format fmt;
	FILE *f;
	bool own; /* close f at the end */
	char name[256]; /* for messages: the path, or "standard output" */
	long long good; /* own file: bytes up to the last whole record */
	bool started; /* CSV header or table heading written */
	const struct ct_col *cols; /* table: columns, NULL-key terminated */
	struct ct_rec csv_keys; /* CSV: keys of the first record, in order */
	char **cells;  /* table: rows not yet printed, one string per column */
	unsigned nrows, caprows;
};

/*
 * Open a sink on path (NULL or "-": stdout). Fails (-1, message in err)
 * when the file cannot be created, or exists with content and mode is
 * CT_OPEN_NEW, or is CSV with content and mode is CT_OPEN_APPEND (its
 * header fixes the columns), before anything is measured.
 *
 * Every write is checked: a record that cannot be written whole (a full
 * disk, /dev/full, a closed output) ends the process with exit status 1
 * and a message naming the file, after cutting an owned file back to its
 * last whole record. Results are never lost silently, and nothing after
 * a lost record could be trusted to be complete.
 */
int ct_sink_open(struct ct_sink *s, enum ct_format fmt, const char *path,
		 enum ct_open_mode mode, char *err, size_t errlen);
/* JSONL: writes the header record (fingerprint). Table: prints a short
 * "# key: value" block of the given keys. CSV: nothing. */
void ct_sink_header(struct ct_sink *s, const struct ct_rec *fingerprint,
		    const char *const *table_keys);
void ct_sink_write(struct ct_sink *s, const struct ct_rec *r);
/* Table: print the rows written so far (with their heading and, if a
 * spread was flagged, its legend); before anything else goes to s->f.
 * Other formats: nothing. ct_sink_close flushes. */
void ct_sink_flush(struct ct_sink *s);
/* Flush, then close (an own file) or flush (stdout); a failure ends the
 * process as a failed write does. */
void ct_sink_close(struct ct_sink *s);

/* Where a family sends its output: per-repetition records to `data`, one
 * summary row per configuration to `table`; either may be NULL. */
struct ct_output {
	struct ct_sink *data;
	struct ct_sink *table;
};

#endif /* CT_RECORD_H */
