/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * `contend plot RESULTS...`: tidy CSVs, PNG + SVG figures drawn by the
 * gnuplot scripts in plots/ (which pick columns by name), and one
 * self-contained HTML report.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness/core/cc.h"
#include "harness/core/cli.h"
#include "harness/core/datadir.h"
#include "harness/core/opt.h"
#include "harness/families/common.h"
#include "harness/results/export.h"
#include "harness/results/report.h"
#include "commands.h"
#include "harness/results/results_io.h"

enum { PO_OUT, PO_SCRIPTS, PO_HELP };

static const struct ct_opt plot_opts[] = {
	[PO_OUT] = { .name = "out", .kind = CT_K_TEXT, .meta = "DIR",
		     .flags = CT_OPT_BENCH,
		     .help = "where the report goes (default results/report)" },
	[PO_SCRIPTS] = { .name = "scripts", .kind = CT_K_TEXT, .meta = "DIR",
			 .flags = CT_OPT_BENCH,
			 .help = "the gnuplot scripts (default: plots/ of the "
				 "source tree)" },
	[PO_HELP] = CT_ROW_HELP,
	CT_OPT_END,
};

struct figure {
	const char *family, *name, *title, *caption;
	const char *need; /* a column that must hold a value, or NULL */
};

/* plots/<name>.gp draws <name>.png / .svg from data/<family>.csv. */
static const struct figure figures[] = {
	{ "lock", "lock_throughput", "Throughput vs threads, per lock",
	  "Median over repetitions with p25-p75 error bars; dashed: ideal "
	  "linear scaling from the smallest thread count. Log2 x axis.",
	  "throughput_ops" },
	{ "lock", "lock_throughput_all", "Throughput vs threads, all locks",
	  "Medians with p25-p75 error bars, log-log.", "throughput_ops" },
	{ "lock", "lock_latency", "Acquire latency percentiles",
	  "p50 (with p25-p75 over repetitions), p90, p99 and p99.9 of the "
	  "sampled acquire latency, one panel per thread count.",
	  "lat_p50_ns" },
	{ "lock", "lock_handoff", "Handoff latency in c2c round trips",
	  "Release-to-acquire handoff between threads divided by c2c_ref, "
	  "the core-to-core round trip floor the runs measured; 0.5 is one "
	  "cache-line transfer.", "handoff_ns" },
	{ "lock", "lock_contention", "Contention triad",
	  "Per lock against threads: throughput; coherence transfers per "
	  "acquisition by design at the measured waiters at release; handoff "
	  "in c2c round trips. Medians with p25-p75.",
	  "transfers_per_acquire" },
	{ "lock", "lock_fairness", "Fairness",
	  "Jain's index over per-thread acquisitions: 1 is perfectly fair, "
	  "1/n means one thread got everything.", "jain" },
	{ "lock", "lock_locality", "Throughput and hand-off locality",
	  "Left: throughput; right: share of sampled hand-offs whose next "
	  "holder ran on the releaser's node (virtual under --vnodes).",
	  "local_handoff_share" },
	{ "c2c", "c2c_heatmap", "Core-to-core round trip",
	  "Median cache-line round trip between each pair of CPUs, ns.",
	  "rtt_ns" },
	{ "barrier", "barrier", "Barrier latency vs threads",
	  "Median episode latency with p25-p75 error bars.", "lat_p50_ns" },
	{ "problem", "problem", "Problem throughput",
	  "Median throughput per problem and variant with p25-p75.",
	  "throughput_ops" },
	{ "run", "run", "Real programs: speed relative to pthread-mutex",
	  "Per program, each lock's speed (the program's figure, 1/time for "
	  "times) over pthread-mutex's through the interposer: medians with "
	  "p25-p75; dashed: 1, the same speed.", "speed" },
	{ "lrpc", "lrpc", "LRPC latency vs argument size",
	  "Median call latency per transport with p25-p75, log2 x axis.",
	  "lat_p50_ns" },
};

static const char plot_prose[] =
	"Write DIR/data/FAMILY.csv (as contend export), PNG and SVG figures\n"
	"from the gnuplot scripts in plots/, and DIR/index.html, a\n"
	"self-contained report. DIR defaults to results/report.\n";

static void mkdir_p(const char *path)
{
	char buf[1024];
	snprintf(buf, sizeof(buf), "%s", path);
	for (char *p = buf + 1;; p++) {
		char c = *p;
		if (c && c != '/')
			continue;
		*p = 0;
		if (mkdir(buf, 0755) && errno != EEXIST)
			ct_usage_error("plot: cannot create %s: %s", buf,
				       strerror(errno));
		if (!c)
			return;
		*p = c;
	}
}

/* Run argv; its exit status (127: could not start). */
static int spawn(char *const argv[])
{
	pid_t pid = fork();
	if (pid == 0) {
		execvp(argv[0], argv);
		_exit(127);
	}
	int st;
	if (pid < 0 || waitpid(pid, &st, 0) < 0)
		return 127;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

static void check_gnuplot(void)
{
	char *argv[] = { "sh", "-c", "command -v gnuplot >/dev/null", NULL };
	if (spawn(argv))
		ct_usage_error("plot: gnuplot is not installed (as root: "
			       "scripts/install-deps.sh plot, or apt-get install "
			       "gnuplot-nox)");
}

/* Is row r in facet f (NULL: every facet)? */
static bool in_facet(const struct ct_rec *r, const char *f)
{
	const struct ct_field *x = ct_rec_get(r, "facet");
	return !f || (x && !strcmp(x->s, f));
}

/* "a b c": facet f's series, the words gnuplot iterates over. */
static void series_words(const struct ct_table *t, const char *f, char *buf,
			 size_t len)
{
	size_t u = 0;
	const char *last = "";
	buf[0] = 0;
	for (unsigned i = 0; i < t->n && u < len; i++) {
		const char *s = ct_rec_get(&t->row[i], "series")->s;
		if (!in_facet(&t->row[i], f) || !strcmp(s, last))
			continue;
		u += (size_t)snprintf(buf + u, len - u, "%s%s", u ? " " : "", s);
		last = s;
	}
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* "1 2 4": facet f's distinct x values, sorted; "mcs clh" for a string x
 * (the run family's locks), in row order. */
static void x_words(const struct ct_table *t, const char *f, char *buf,
		    size_t len)
{
	double *x = malloc((t->n + 1) * sizeof(double));
	size_t u = 0, n = 0;
	buf[0] = 0;
	for (unsigned i = 0; i < t->n; i++) {
		if (!in_facet(&t->row[i], f))
			continue;
		const struct ct_field *v = ct_rec_get(&t->row[i], t->fam->x);
		if (v && v->type == CT_V_STR) { /* categories, in row order */
			size_t at = 0, vl = strlen(v->s);
			while (at < u && !(!strncmp(buf + at, v->s, vl) &&
					   (buf[at + vl] == ' ' || !buf[at + vl])))
				at += strcspn(buf + at, " ") + 1;
			if (at >= u && u + 1 < len) {
				u += (size_t)snprintf(buf + u, len - u, "%s%s",
						      u ? " " : "", v->s);
				u = u < len ? u : len - 1; /* cut: stays in buf */
			}
		} else {
			x[n++] = ct_rec_num_of(&t->row[i], t->fam->x);
		}
	}
	qsort(x, n, sizeof(double), cmp_double);
	for (size_t i = 0; i < n && u < len; i++)
		if (isfinite(x[i]) && (!i || x[i] != x[i - 1]))
			u += (size_t)snprintf(buf + u, len - u, "%s%.10g",
					      u ? " " : "", x[i]);
	free(x);
}

/* Facets of t in row order, at most cap. */
static unsigned facet_list(const struct ct_table *t, const char **out,
			   unsigned cap)
{
	unsigned n = 0;
	for (unsigned i = 0; i < t->n; i++) {
		const char *f = ct_rec_get(&t->row[i], "facet")->s;
		unsigned j = 0;
		while (j < n && strcmp(out[j], f))
			j++;
		if (j == n && n < cap)
			out[n++] = f;
	}
	return n;
}

/* Does a row of facet f hold a value of column (NULL: yes)? */
static bool has_values(const struct ct_table *t, const char *f,
		       const char *column)
{
	for (unsigned i = 0; column && i < t->n; i++)
		if (in_facet(&t->row[i], f) &&
		    isfinite(ct_rec_num_of(&t->row[i], column)))
			return true;
	return !column;
}

struct plot_ctx {
	const char *out, *scripts;
	char data[600];
	char series[4096], xs[1024];
	const char *facet;   /* the facet being drawn */
	char name[96];       /* its output file name, without extension */
	struct ct_report_fig *fig;
	unsigned nfig, capfig;
	char skipped[CT_ARRAY_SIZE(figures)][160]; /* notes for the report */
	unsigned nskipped;
};

static int render(const struct plot_ctx *c, const struct figure *g,
		  const char *fmt)
{
	char vars[8192], script[600];
	snprintf(script, sizeof(script), "%s/%s.gp", c->scripts, g->name);
	snprintf(vars, sizeof(vars), "dir='%s/'; data='%s'; out='%s/%s.%s'; "
		 "fmt='%s'; series='%s'; xs='%s'; facet='%s'", c->scripts,
		 c->data, c->out, c->name, fmt, fmt, c->series, c->xs, c->facet);
	char *argv[] = { "gnuplot", "-e", vars, script, NULL };
	int rc = spawn(argv);
	if (rc)
		fprintf(stderr, "contend: plot: %s (%s) failed: gnuplot exit %d\n",
			c->name, fmt, rc);
	return rc;
}

static void write_csv(const struct ct_table *t, const char *path)
{
	struct ct_sink sink;
	char err[600];
	if (ct_sink_open(&sink, CT_FMT_CSV, path, CT_OPEN_FORCE, err,
			 sizeof(err)))
		ct_usage_error("plot: %s", err);
	ct_table_write(t, &sink);
	ct_sink_close(&sink);
}

/* The report's entry for figure g of the current facet; failed: why it
 * was not drawn, or "". */
static void add_fig(struct plot_ctx *c, const struct figure *g,
		    const char *failed)
{
	if (c->nfig == c->capfig) {
		c->capfig = c->capfig * 2 + 16;
		c->fig = realloc(c->fig, c->capfig * sizeof(*c->fig));
	}
	struct ct_report_fig *f = &c->fig[c->nfig++];
	bool all = !strcmp(c->facet, "all");
	snprintf(f->title, sizeof(f->title), "%s%s%s", g->title,
		 all ? "" : ": ", all ? "" : c->facet);
	snprintf(f->caption, sizeof(f->caption), "%s", g->caption);
	snprintf(f->png, sizeof(f->png), "%s/%s.png", c->out, c->name);
	snprintf(f->svg, sizeof(f->svg), "%s.svg", c->name);
	snprintf(f->failed, sizeof(f->failed), "%s", failed);
}

/* Figure g for every facet of t that has its data. Returns failures. */
static int draw(struct plot_ctx *c, const struct ct_table *t,
		const struct figure *g, const char **facets, unsigned nf)
{
	int failed = 0;
	for (unsigned k = 0; k < nf; k++) {
		c->facet = facets[k];
		if (!has_values(t, c->facet, g->need))
			continue;
		series_words(t, c->facet, c->series, sizeof(c->series));
		x_words(t, c->facet, c->xs, sizeof(c->xs));
		if (nf > 1)
			snprintf(c->name, sizeof(c->name), "%s-%u", g->name, k + 1);
		else
			snprintf(c->name, sizeof(c->name), "%s", g->name);
		int rc = render(c, g, "png");
		const char *fmt = "png";
		if (!rc)
			rc = render(c, g, "svg"), fmt = "svg";
		char why[256] = "";
		if (rc) {
			snprintf(why, sizeof(why), "gnuplot (%.40s.gp) exited %d "
				 "drawing %.96s.%s; its message is on the "
				 "stderr of contend plot", g->name, rc, c->name,
				 fmt);
			failed++;
		}
		add_fig(c, g, why);
	}
	return failed;
}

/* Every figure of t's family, one per facet. Returns failures. */
static int family_figures(struct plot_ctx *c, const struct ct_table *t)
{
	const char *facets[256];
	unsigned nf = facet_list(t, facets, 256);
	int failed = 0;
	snprintf(c->data, sizeof(c->data), "%s/data/%s.csv", c->out,
		 t->fam->name);
	write_csv(t, c->data);
	for (unsigned i = 0; i < CT_ARRAY_SIZE(figures); i++) {
		const struct figure *g = &figures[i];
		if (strcmp(g->family, t->fam->name))
			continue;
		if (!has_values(t, NULL, g->need)) {
			snprintf(c->skipped[c->nskipped++], sizeof(c->skipped[0]),
				 "%s: not drawn, no %s in the results", g->title,
				 g->need);
			continue;
		}
		failed += draw(c, t, g, facets, nf);
	}
	return failed;
}

static bool has_figures(const char *family)
{
	for (unsigned i = 0; i < CT_ARRAY_SIZE(figures); i++)
		if (!strcmp(figures[i].family, family))
			return true;
	return false;
}

int ct_cmd_plot(int argc, char **argv)
{
	struct plot_ctx c = { .out = "results/report" };
	char scripts[1024], *pos[CT_RS_MAX_RUNS], path[700], err[700];
	unsigned np = ct_opt_positionals(&argc, argv, plot_opts, CT_OPT_BENCH,
					 pos, CT_RS_MAX_RUNS);
	int k;
	optind = 1;
	while ((k = ct_opt_getopt(argc, argv, plot_opts, CT_OPT_BENCH,
				  0)) != -1) {
		switch (k) {
		case PO_OUT: c.out = optarg; break;
		case PO_SCRIPTS: c.scripts = optarg; break;
		case PO_HELP:
			ct_opt_help(stdout, "contend plot RESULTS.jsonl...",
				    NULL, plot_opts, CT_OPT_BENCH, 0, plot_prose);
			return 0;
		}
	}
	struct ct_rs rs;
	ct_results_load(&rs, pos, np, "plot");
	if (!c.scripts && ct_find_in_tree("plots", scripts, sizeof(scripts)))
		ct_usage_error("plot: no plots/ directory (tried %s); give "
			       "--scripts DIR", scripts);
	c.scripts = c.scripts ? c.scripts : scripts;
	if (strchr(c.out, '\'') || strchr(c.scripts, '\''))
		ct_usage_error("plot: paths with a quote (') cannot be passed "
			       "to gnuplot");
	check_gnuplot();
	snprintf(path, sizeof(path), "%s/data", c.out);
	mkdir_p(path);

	const char *fams[16], *notes[16 + CT_ARRAY_SIZE(figures)];
	unsigned nf = ct_rs_families(&rs, fams, 16), nt = 0, nn = 0;
	struct ct_table tables[16];
	int failed = 0;
	for (unsigned i = 0; i < nf; i++) {
		const struct ct_family *fam = ct_family_find(fams[i]);
		if (!fam || !has_figures(fams[i])) {
			notes[nn++] = "results of a family without figures were "
				      "left out";
			continue;
		}
		ct_aggregate(&rs, fam, &tables[nt]);
		failed += family_figures(&c, &tables[nt++]);
	}
	bool c2c = false, lock = false;
	for (unsigned i = 0; i < nf; i++)
		c2c |= !strcmp(fams[i], "c2c"), lock |= !strcmp(fams[i], "lock");
	if (lock && !c2c)
		notes[nn++] = "no c2c records, so no heat map: add a [c2c] "
			      "section to the spec or pass a `contend c2c --out` "
			      "file";
	for (unsigned i = 0; i < c.nskipped; i++)
		notes[nn++] = c.skipped[i];
	struct ct_report r = { &rs, pos, np, tables, nt, c.fig, c.nfig, notes, nn };
	snprintf(path, sizeof(path), "%s/index.html", c.out);
	if (ct_report_write(path, &r, err, sizeof(err)))
		ct_usage_error("plot: %s", err);
	printf("plot: %u figures (PNG + SVG) and %s\n", c.nfig - failed, path);
	if (failed)
		fprintf(stderr, "contend: plot: %d figure%s failed; listed as "
				"failed in %s\n", failed, failed == 1 ? "" : "s",
			path);
	free(c.fig);
	for (unsigned i = 0; i < nt; i++)
		ct_table_free(&tables[i]);
	ct_rs_free(&rs);
	return failed ? 1 : 0;
}
