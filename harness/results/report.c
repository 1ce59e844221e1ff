/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * report.c - the HTML report (see report.h).
 */
#include "report.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_COLS 8

static const char style[] =
	"body{font-family:sans-serif;margin:2em;max-width:1200px;color:#222}"
	"table{border-collapse:collapse;margin:1em 0;font-size:90%}"
	"td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}"
	"th{background:#eee}td.k,th.k{text-align:left}"
	"td.diff{background:#fdd}small{color:#666}"
	"figure{margin:1.5em 0}img{max-width:100%;border:1px solid #ddd}"
	"figcaption{font-size:90%;color:#444}.note{color:#a60}";

/* Counts the images that decoded, for scripts/check-report. */
static const char check_script[] =
	"<script>window.addEventListener('load',function(){"
	"var i=document.images,k=0;for(var j=0;j<i.length;j++)"
	"if(i[j].complete&&i[j].naturalWidth>0)k++;"
	"document.body.setAttribute('data-images-ok',k+'/'+i.length);});"
	"</script>\n";

static void esc(FILE *f, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '&': fputs("&amp;", f); break;
		case '"': fputs("&quot;", f); break;
		default: fputc(*s, f);
		}
	}
}

static int base64_file(FILE *f, const char *path)
{
	static const char tab[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	FILE *in = fopen(path, "rb");
	unsigned char b[3];
	size_t n;
	if (!in)
		return -1;
	while ((n = fread(b, 1, 3, in)) > 0) {
		unsigned v = (unsigned)b[0] << 16 |
			     (n > 1 ? (unsigned)b[1] << 8 : 0) | (n > 2 ? b[2] : 0);
		fputc(tab[v >> 18 & 63], f);
		fputc(tab[v >> 12 & 63], f);
		fputc(n > 1 ? tab[v >> 6 & 63] : '=', f);
		fputc(n > 2 ? tab[v & 63] : '=', f);
	}
	fclose(in);
	return 0;
}

/* Environment: one column per run (the first MAX_COLS), cells that
 * differ from the first run highlighted. */
static void fingerprints(FILE *f, const struct ct_rs *rs)
{
	const cJSON *h[MAX_COLS], *k;
	unsigned n = 0;
	for (unsigned i = 0; i < rs->nruns && n < MAX_COLS; i++)
		if (rs->runs[i].header)
			h[n++] = rs->runs[i].header;
	fputs("<h2>Environment</h2>\n", f);
	if (!n) {
		fputs("<p class=note>No header records: the fingerprint is "
		      "unknown.</p>\n", f);
		return;
	}
	fputs("<table><tr><th class=k>key</th>", f);
	for (unsigned i = 0; i < n; i++)
		fprintf(f, "<th>run %u</th>", i + 1);
	fputs("</tr>\n", f);
	cJSON_ArrayForEach(k, h[0]) {
		char a[512], b[512];
		if (!strcmp(k->string, "record") || !strcmp(k->string, "schema"))
			continue;
		fputs("<tr><td class=k>", f);
		esc(f, k->string);
		fputs("</td>", f);
		ct_rs_text(h[0], k->string, a, sizeof(a));
		for (unsigned i = 0; i < n; i++) {
			ct_rs_text(h[i], k->string, b, sizeof(b));
			fputs(i && strcmp(a, b) ? "<td class=\"k diff\">"
						: "<td class=k>", f);
			esc(f, b);
			fputs("</td>", f);
		}
		fputs("</tr>\n", f);
	}
	fputs("</table>\n", f);
}

static int figure(FILE *f, const struct ct_report_fig *g)
{
	if (g->failed[0]) { /* listed, never dropped */
		fputs("<figure class=failed><p><b>FAILED: ", f);
		esc(f, g->title);
		fputs("</b>: ", f);
		esc(f, g->failed);
		fputs("</p></figure>\n", f);
		return 0;
	}
	fputs("<figure><img alt=\"", f);
	esc(f, g->title);
	fputs("\" src=\"data:image/png;base64,", f);
	if (base64_file(f, g->png))
		return -1;
	fputs("\"><figcaption><b>", f);
	esc(f, g->title);
	fputs("</b>. ", f);
	esc(f, g->caption);
	if (g->svg[0]) {
		fputs(" (<a href=\"", f);
		esc(f, g->svg);
		fputs("\">SVG</a>)", f);
	}
	fputs("</figcaption></figure>\n", f);
	return 0;
}

/* The metrics a family's summary table shows. */
static const char *const *summary_metrics(const struct ct_family *fam)
{
	static const char *const lock[] = {
		"throughput_ops", "lat_p50_ns", "lat_p99_ns", "handoff_ns",
		"handoff_c2c", "jain", "uncontended_ns", NULL,
	};
	static const char *const barrier[] = {
		"episodes_per_s", "lat_p50_ns", "lat_p99_ns", "lat_c2c",
		"remote_writes_per_thread", NULL,
	};
	if (!strcmp(fam->name, "lock"))
		return lock;
	if (!strcmp(fam->name, "barrier"))
		return barrier;
	return fam->metrics;
}

static void cell(FILE *f, const struct ct_rec *r, const char *m)
{
	char k25[96], k75[96];
	double v = ct_rec_num_of(r, m), scale = strstr(m, "_ops") ? 1e-6 : 1;
	snprintf(k25, sizeof(k25), "%s_p25", m);
	snprintf(k75, sizeof(k75), "%s_p75", m);
	if (!isfinite(v)) {
		fputs("<td>-</td>", f);
		return;
	}
	fprintf(f, "<td>%.4g<br><small>%.3g&ndash;%.3g</small></td>",
		v * scale, ct_rec_num_of(r, k25) * scale,
		ct_rec_num_of(r, k75) * scale);
}

static void summary(FILE *f, const struct ct_table *t)
{
	const char *const *m = summary_metrics(t->fam);
	fprintf(f, "<h3>%s</h3>\n<table><tr><th class=k>series</th><th>%s</th>"
		"<th>reps</th>", t->fam->name, t->fam->x);
	for (unsigned i = 0; m[i]; i++)
		fprintf(f, "<th>%s%s</th>", m[i],
			strstr(m[i], "_ops") ? " (M/s)" : "");
	fputs("</tr>\n", f);
	for (unsigned i = 0; i < t->n; i++) {
		const struct ct_rec *r = &t->row[i];
		const struct ct_field *s = ct_rec_get(r, "series");
		fputs("<tr><td class=k>", f);
		esc(f, s ? s->s : "");
		fprintf(f, "</td><td>%.10g</td><td>%.0f</td>",
			ct_rec_num_of(r, t->fam->x), ct_rec_num_of(r, "n"));
		for (unsigned j = 0; m[j]; j++)
			cell(f, r, m[j]);
		fputs("</tr>\n", f);
	}
	fputs("</table>\n<p><small>Each cell: median over repetitions, "
	      "p25&ndash;p75 below.</small></p>\n", f);
}

static void head(FILE *f, const struct ct_report *r)
{
	char date[32];
	time_t now = time(NULL);
	strftime(date, sizeof(date), "%Y-%m-%d %H:%M UTC", gmtime(&now));
	fprintf(f, "<!doctype html>\n<html lang=en><head><meta charset=utf-8>"
		"<title>contend report</title><style>%s</style></head>\n"
		"<body data-images-ok=pending>\n<h1>contend report</h1>\n"
		"<p>Generated %s from ", style, date);
	for (unsigned i = 0; i < r->ninputs; i++) {
		fputs(i ? ", <code>" : "<code>", f);
		esc(f, r->inputs[i]);
		fputs("</code>", f);
	}
	fprintf(f, ": %zu records in %u run%s.</p>\n", r->rs->nrows,
		r->rs->nruns, r->rs->nruns == 1 ? "" : "s");
	for (unsigned i = 0; i < r->nnotes; i++) {
		fputs("<p class=note>", f);
		esc(f, r->notes[i]);
		fputs("</p>\n", f);
	}
}

int ct_report_write(const char *path, const struct ct_report *r, char *err,
		    size_t len)
{
	FILE *f = fopen(path, "w");
	if (!f) {
		snprintf(err, len, "cannot write %s: %s", path, strerror(errno));
		return -1;
	}
	head(f, r);
	fputs("<h2>Figures</h2>\n", f);
	for (unsigned i = 0; i < r->nfig; i++) {
		if (figure(f, &r->fig[i])) {
			snprintf(err, len, "cannot read %s", r->fig[i].png);
			fclose(f);
			return -1;
		}
	}
	fputs("<h2>Summary</h2>\n", f);
	for (unsigned i = 0; i < r->ntables; i++)
		summary(f, &r->tables[i]);
	fingerprints(f, r->rs);
	fputs(check_script, f);
	fputs("</body></html>\n", f);
	if (fclose(f)) {
		snprintf(err, len, "cannot write %s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}
