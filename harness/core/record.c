/* SPDX-License-Identifier: BSD-2-Clause */
#include "record.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void ct_rec_reset(struct ct_rec *r)
{
	r->n = 0;
}

static struct ct_field *add(struct ct_rec *r, const char *key, enum ct_val t)
{
	if (r->n == CT_REC_MAX) {
		fprintf(stderr, "contend: internal error: record full at '%s'\n",
			key);
		abort();
	}
	struct ct_field *f = &r->f[r->n++];
	f->key = key;
	f->type = t;
	return f;
}

void ct_rec_str(struct ct_rec *r, const char *key, const char *fmt, ...)
{
	struct ct_field *f = add(r, key, CT_V_STR);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(f->s, sizeof(f->s), fmt, ap);
	va_end(ap);
}

void ct_rec_int(struct ct_rec *r, const char *key, long long v)
{
	add(r, key, CT_V_INT)->i = v;
}

void ct_rec_num(struct ct_rec *r, const char *key, double v)
{
	if (!isfinite(v)) {
		ct_rec_na(r, key);
		return;
	}
	add(r, key, CT_V_NUM)->d = v;
}

void ct_rec_na(struct ct_rec *r, const char *key)
{
	add(r, key, CT_V_NA);
}

void ct_rec_cpus(struct ct_rec *r, const int *cpus, unsigned n)
{
	char text[1024];
	size_t used = 0;
	unsigned distinct = 0;
	text[0] = 0;
	for (unsigned i = 0; i < n; i++) {
		if (used < sizeof(text))
			used += (size_t)snprintf(text + used, sizeof(text) - used,
						 i ? " %d" : "%d", cpus[i]);
		unsigned k = 0;
		while (k < i && cpus[k] != cpus[i])
			k++;
		distinct += k == i;
	}
	ct_rec_str(r, "cpus", "%s", text);
	ct_rec_int(r, "cpus_distinct", distinct);
}

void ct_rec_append(struct ct_rec *r, const struct ct_rec *src)
{
	for (unsigned i = 0; i < src->n; i++)
		*add(r, src->f[i].key, src->f[i].type) = src->f[i];
}

const struct ct_field *ct_rec_get(const struct ct_rec *r, const char *key)
{
	for (unsigned i = 0; i < r->n; i++)
		if (strcmp(r->f[i].key, key) == 0)
			return &r->f[i];
	return NULL;
}

double ct_rec_num_of(const struct ct_rec *r, const char *key)
{
	const struct ct_field *f = ct_rec_get(r, key);
	if (!f)
		return NAN;
	if (f->type == CT_V_NUM)
		return f->d;
	if (f->type == CT_V_INT)
		return (double)f->i;
	return NAN;
}

unsigned ct_recs_values(const struct ct_rec *recs, unsigned n,
			const char *key, double *v)
{
	unsigned k = 0;
	for (unsigned i = 0; i < n; i++) {
		double x = ct_rec_num_of(&recs[i], key);
		if (isfinite(x))
			v[k++] = x;
	}
	return k;
}

int ct_format_parse(const char *s, enum ct_format *out, char *err, size_t n)
{
	if (!strcmp(s, "table"))
		*out = CT_FMT_TABLE;
	else if (!strcmp(s, "csv"))
		*out = CT_FMT_CSV;
	else if (!strcmp(s, "jsonl") || !strcmp(s, "json"))
		*out = CT_FMT_JSONL;
	else {
		snprintf(err, n, "unknown format '%s' (valid: table, csv, jsonl)",
			 s);
		return -1;
	}
	return 0;
}

enum ct_format ct_format_for_path(const char *path)
{
	const char *dot = strrchr(path, '.');
	return dot && !strcmp(dot, ".csv") ? CT_FMT_CSV : CT_FMT_JSONL;
}

/* Size of an existing regular file at path; -1 if none (or not regular:
 * /dev/null, /dev/full and pipes are written as they are). */
static long long regular_size(const char *path)
{
	struct stat st;
	if (stat(path, &st) || !S_ISREG(st.st_mode))
		return -1;
	return (long long)st.st_size;
}

int ct_sink_open(struct ct_sink *s, enum ct_format fmt, const char *path,
		 enum ct_open_mode mode, char *err, size_t errlen)
{
	memset(s, 0, sizeof(*s));
	s->fmt = fmt;
	if (!path || !strcmp(path, "-")) {
		s->f = stdout;
		snprintf(s->name, sizeof(s->name), "standard output");
		return 0;
	}
	snprintf(s->name, sizeof(s->name), "'%s'", path);
	long long size = regular_size(path);
	if (size > 0 && mode == CT_OPEN_NEW) {
		snprintf(err, errlen, "'%s' exists and is not empty (--force "
			 "overwrites it, --append adds to it)", path);
		return -1;
	}
	if (size > 0 && mode == CT_OPEN_APPEND && fmt == CT_FMT_CSV) {
		snprintf(err, errlen, "cannot append to CSV '%s': its header "
			 "fixes the columns (append JSONL, or --force)", path);
		return -1;
	}
	s->f = fopen(path, mode == CT_OPEN_APPEND ? "a" : "w");
	if (!s->f) {
		snprintf(err, errlen, "cannot write '%s': %s", path,
			 strerror(errno));
		return -1;
	}
	/* Unbuffered: each record is one write, so a failed one is known at
	 * once and nothing of it is left in a buffer to be written later. */
	setvbuf(s->f, NULL, _IONBF, 0);
	s->good = mode == CT_OPEN_APPEND && size > 0 ? size : 0;
	s->own = true;
	return 0;
}

/* A write or close failed: keep what is whole, say so, stop. */
static _Noreturn void sink_failed(struct ct_sink *s, int e)
{
	if (s->own && s->f && ftruncate(fileno(s->f), (off_t)s->good) == 0)
		fprintf(stderr, "contend: cannot write %s: %s (kept its %lld "
			"bytes of whole records)\n", s->name, strerror(e),
			s->good);
	else
		fprintf(stderr, "contend: cannot write %s: %s\n", s->name,
			strerror(e));
	exit(1);
}

/* A growable line: each record is built whole, then written at once. */
struct line {
	char *p;
	size_t len, cap;
};

static void put(struct line *l, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void put(struct line *l, const char *fmt, ...)
{
	for (;;) {
		va_list ap;
		va_start(ap, fmt);
		int k = vsnprintf(l->p + l->len, l->cap - l->len, fmt, ap);
		va_end(ap);
		if (k >= 0 && (size_t)k < l->cap - l->len) {
			l->len += (size_t)k;
			return;
		}
		l->cap = l->cap * 2 + (size_t)k + 64;
		l->p = realloc(l->p, l->cap);
		if (!l->p)
			abort();
	}
}

/* Length of the well-formed UTF-8 sequence at s (RFC 3629: no overlong
 * forms, no surrogates, at most U+10FFFF), or 0. */
static unsigned utf8_len(const unsigned char *s)
{
	unsigned n = s[0] < 0x80 ? 1 : s[0] >= 0xc2 && s[0] <= 0xdf ? 2 :
		     s[0] >= 0xe0 && s[0] <= 0xef ? 3 :
		     s[0] >= 0xf0 && s[0] <= 0xf4 ? 4 : 0;
	for (unsigned i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	if ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] > 0x9f) ||
	    (s[0] == 0xf0 && s[1] < 0x90) || (s[0] == 0xf4 && s[1] > 0x8f))
		return 0;
	return n;
}

/* JSON must be UTF-8: a byte that is not part of a well-formed sequence
 * (a file name in another encoding) is written as the text \xHH. */
static void put_json_string(struct line *l, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	put(l, "\"");
	while (*s) {
		unsigned n = utf8_len(s);
		if (!n)
			put(l, "\\\\x%02x", *s), n = 1;
		else if (*s == '"' || *s == '\\')
			put(l, "\\%c", *s);
		else if (*s < 0x20)
			put(l, "\\u%04x", *s);
		else
			put(l, "%.*s", (int)n, (const char *)s);
		s += n;
	}
	put(l, "\"");
}

static void put_value(struct line *l, const struct ct_field *f, bool json)
{
	switch (f->type) {
	case CT_V_STR:
		if (json)
			put_json_string(l, f->s);
		else if (strpbrk(f->s, ",\"\n")) { /* RFC 4180: "" inside */
			put(l, "\"");
			for (const char *c = f->s; *c; c++)
				put(l, *c == '"' ? "\"\"" : "%c", *c);
			put(l, "\"");
		} else
			put(l, "%s", f->s);
		break;
	case CT_V_INT:
		put(l, "%lld", f->i);
		break;
	case CT_V_NUM:
		put(l, "%.10g", f->d);
		break;
	case CT_V_NA:
		put(l, json ? "null" : "NA");
		break;
	}
}

static void emit(struct ct_sink *s, struct line *l)
{
	errno = 0;
	/* an empty line has no buffer (fwrite(NULL) is UB) */
	bool ok = !l->len || fwrite(l->p, 1, l->len, s->f) == l->len;
	ok = !fflush(s->f) && ok;
	free(l->p);
	if (!ok)
		sink_failed(s, errno ? errno : EIO);
	s->good += (long long)l->len;
}

static void write_jsonl(struct ct_sink *s, const struct ct_rec *r)
{
	struct line l = { 0 };
	put(&l, "{");
	for (unsigned i = 0; i < r->n; i++) {
		put(&l, "%s", i ? "," : "");
		put_json_string(&l, r->f[i].key);
		put(&l, ":");
		put_value(&l, &r->f[i], true);
	}
	put(&l, "}\n");
	emit(s, &l);
}

static void write_csv(struct ct_sink *s, const struct ct_rec *r)
{
	struct line l = { 0 };
	if (!s->started) {
		s->csv_keys = *r;
		for (unsigned i = 0; i < r->n; i++)
			put(&l, "%s%s", i ? "," : "", r->f[i].key);
		put(&l, "\n");
		s->started = true;
	}
	/* Columns follow the first record; a missing key is NA. */
	for (unsigned i = 0; i < s->csv_keys.n; i++) {
		const struct ct_field *f = ct_rec_get(r, s->csv_keys.f[i].key);
		struct ct_field na = { .type = CT_V_NA };
		put(&l, "%s", i ? "," : "");
		put_value(&l, f ? f : &na, false);
	}
	put(&l, "\n");
	emit(s, &l);
}

static unsigned ncols(const struct ct_sink *s)
{
	unsigned n = 0;
	while (s->cols[n].key)
		n++;
	return n;
}

static bool is_spread(const struct ct_col *c)
{
	size_t n = strlen(c->key), k = strlen("_spread");
	return n >= k && !strcmp(c->key + n - k, "_spread");
}

/* One cell's text: "-" for NA or absent; a flagged spread gets the mark. */
static char *table_cell(const struct ct_col *c, const struct ct_field *f)
{
	char buf[256];
	if (!f || f->type == CT_V_NA)
		snprintf(buf, sizeof(buf), "-");
	else if (f->type == CT_V_STR)
		snprintf(buf, sizeof(buf), "%s", f->s);
	else if (f->type == CT_V_INT)
		snprintf(buf, sizeof(buf), "%lld", f->i);
	else
		snprintf(buf, sizeof(buf), c->fmt ? c->fmt : "%.4g", f->d);
	if (f && f->type == CT_V_NUM && is_spread(c) &&
	    f->d > CT_SPREAD_FLAG_PCT)
		strncat(buf, CT_SPREAD_MARK, sizeof(buf) - strlen(buf) - 1);
	char *text = strdup(buf);
	if (!text)
		abort();
	return text;
}

/* Rows are kept until the flush, when the widths are known. */
static void write_table(struct ct_sink *s, const struct ct_rec *r)
{
	unsigned nc = ncols(s);
	if (s->nrows == s->caprows) {
		s->caprows = s->caprows * 2 + 16;
		s->cells = realloc(s->cells, (size_t)s->caprows * nc * sizeof(char *));
		if (!s->cells)
			abort();
	}
	char **row = s->cells + (size_t)s->nrows++ * nc;
	for (unsigned i = 0; i < nc; i++)
		row[i] = table_cell(&s->cols[i], ct_rec_get(r, s->cols[i].key));
}

void ct_sink_flush(struct ct_sink *s)
{
	if (s->fmt != CT_FMT_TABLE || !s->cols || !s->nrows)
		return;
	unsigned nc = ncols(s);
	int *width = calloc(nc, sizeof(int));
	bool *marked = calloc(nc, sizeof(bool)), flagged = false;
	if (!width || !marked)
		abort();
	for (unsigned i = 0; i < nc; i++) {
		const struct ct_col *c = &s->cols[i];
		width[i] = (int)strlen(c->title) + (i > 0);
		width[i] = width[i] > c->width ? width[i] : c->width;
		for (unsigned j = 0; j < s->nrows; j++) {
			const char *t = s->cells[(size_t)j * nc + i];
			int w = (int)strlen(t) + (i > 0); /* a space between */
			width[i] = w > width[i] ? w : width[i];
			marked[i] |= is_spread(c) && strstr(t, CT_SPREAD_MARK);
		}
		flagged |= marked[i];
	}
	struct line l = { 0 };
	if (!s->started) {
		for (unsigned i = 0; i < nc; i++)
			put(&l, "%*s", width[i], s->cols[i].title);
		put(&l, "\n");
		s->started = true;
	}
	for (unsigned j = 0; j < s->nrows; j++) {
		for (unsigned i = 0; i < nc; i++) {
			char *t = s->cells[(size_t)j * nc + i];
			/* unmarked cells of a marked column: digits aligned */
			if (marked[i] && !strstr(t, CT_SPREAD_MARK))
				put(&l, "%*s ", width[i] - 1, t);
			else
				put(&l, "%*s", width[i], t);
			free(t);
		}
		put(&l, "\n");
	}
	if (flagged)
		put(&l, "# %s: spread over the repetitions (IQR / median) above "
			"%.0f%%: they disagree, so read that median with care "
			"(more --reps or a longer --duration)\n",
		    CT_SPREAD_MARK, CT_SPREAD_FLAG_PCT);
	s->nrows = 0;
	free(width), free(marked);
	emit(s, &l);
}

void ct_sink_header(struct ct_sink *s, const struct ct_rec *fp,
		    const char *const *table_keys)
{
	if (s->fmt == CT_FMT_JSONL) {
		write_jsonl(s, fp);
		return;
	}
	if (s->fmt != CT_FMT_TABLE || !table_keys)
		return;
	ct_sink_flush(s);
	struct line l = { 0 };
	for (const char *const *k = table_keys; *k; k++) {
		const struct ct_field *f = ct_rec_get(fp, *k);
		if (!f)
			continue;
		put(&l, "# %-18s ", f->key);
		if (f->type == CT_V_STR)
			put(&l, "%s\n", f->s); /* for people: no CSV quoting */
		else
			put_value(&l, f, false), put(&l, "\n");
	}
	emit(s, &l);
}

void ct_sink_write(struct ct_sink *s, const struct ct_rec *r)
{
	switch (s->fmt) {
	case CT_FMT_JSONL:
		write_jsonl(s, r);
		break;
	case CT_FMT_CSV:
		write_csv(s, r);
		break;
	case CT_FMT_TABLE:
		write_table(s, r);
		break;
	}
}

void ct_sink_close(struct ct_sink *s)
{
	ct_sink_flush(s);
	free(s->cells);
	s->cells = NULL;
	errno = 0;
	if (s->f && (s->own ? fclose(s->f) : fflush(s->f) || ferror(s->f))) {
		s->own = false; /* closed (or stdout): nothing to cut back */
		sink_failed(s, errno ? errno : EIO);
	}
	s->f = NULL;
}
