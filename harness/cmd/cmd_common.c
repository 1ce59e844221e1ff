/* SPDX-License-Identifier: BSD-2-Clause */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/core/cli.h"
#include "commands.h"
#include "harness/core/timing.h"
#include "harness/core/fingerprint.h"
#include "harness/core/counters.h"

void ct_load_machine(struct ct_topo *t)
{
	char err[512];
	if (ct_topo_load(t, NULL, getenv("CT_ALLOWED_CPUS"), err, sizeof(err))) {
		fprintf(stderr, "contend: topology: %s\n", err);
		exit(1);
	}
}

void ct_resolve_or_die(const struct ct_topo *t, const struct ct_placement *p,
		       unsigned n, int *cpus, int *numa)
{
	char err[512];
	if (ct_placement_resolve(t, p, n, cpus, err, sizeof(err)))
		ct_usage_error("--placement: %s", err);
	for (unsigned i = 0; numa && i < n; i++)
		numa[i] = ct_topo_numa_of(t, cpus[i]);
}

void ct_check_placement(const struct ct_topo *t, const struct ct_placement *p,
			const unsigned *threads, unsigned n)
{
	unsigned maxn = 0;
	for (unsigned i = 0; i < n; i++)
		maxn = threads[i] > maxn ? threads[i] : maxn;
	int *cpus = calloc(maxn, sizeof(int));
	ct_resolve_or_die(t, p, maxn, cpus, NULL);
	free(cpus);
}

void ct_output_open(const struct ct_out_opts *o, const struct ct_col *cols,
		    struct ct_sink *data, struct ct_sink *table,
		    struct ct_output *out)
{
	char err[512];
	enum ct_format fmt = CT_FMT_TABLE;
	if (o->format && ct_format_parse(o->format, &fmt, err, sizeof(err)))
		ct_usage_error("--format: %s", err);
	if (o->path && !o->format)
		fmt = ct_format_for_path(o->path);
	if (o->path && fmt == CT_FMT_TABLE)
		ct_usage_error("--out: the table format is for the terminal; "
			       "write csv or jsonl to a file");
	out->data = out->table = NULL;
	if (o->path || fmt != CT_FMT_TABLE) {
		if (ct_sink_open(data, fmt, o->path, o->mode, err, sizeof(err)))
			ct_usage_error("--out: %s", err);
		out->data = data;
	}
	if (o->path || fmt == CT_FMT_TABLE) {
		ct_sink_open(table, CT_FMT_TABLE, NULL, CT_OPEN_NEW, err,
			     sizeof(err));
		table->cols = cols;
		out->table = table;
	}
}

void ct_output_close(struct ct_output *out)
{
	if (out->data)
		ct_sink_close(out->data);
	if (out->table)
		ct_sink_close(out->table);
}

unsigned ct_counters_option(int argc, char **argv)
{
	const char *v = optarg;
	unsigned mask;
	char err[512];
	/* "--counters sw" too: no command that takes --counters has
	 * positional arguments after its options, so a word that is not an
	 * option is this one's value (and the matrix passes it so). */
	if (!v && optind < argc && argv[optind][0] != '-')
		v = argv[optind++];
	if (!v)
		return CT_CTR_ALL;
	if (ct_counters_parse(v, &mask, err, sizeof(err)))
		ct_usage_error("--counters: %s", err);
	return mask;
}

void ct_session_open(struct ct_session *s, const struct ct_out_opts *o,
		     const struct ct_col *cols, const struct ct_topo *t)
{
	ct_output_open(o, cols, &s->data, &s->table, &s->out);
	ct_rec_reset(&s->fp);
	ct_timer_calibrate();
	ct_fingerprint(&s->fp, t);
}

int ct_session_close(struct ct_session *s, struct ct_topo *t, int rc)
{
	ct_output_close(&s->out);
	ct_topo_free(t);
	return rc;
}

int ct_vtally_finish(const struct ct_vtally *t)
{
	printf("# %u rows: %u ok, %u violated, %u liveness time-outs, %u could "
	       "not run",
	       t->rows, t->rows - t->violated - t->timed_out - t->errors,
	       t->violated, t->timed_out, t->errors);
	if (t->capped)
		printf("; %u oversubscribed spinning rows ran a capped size "
		       "(--no-cap: in full)", t->capped);
	printf("\n");
	fflush(stdout);
	if (t->violated || t->errors)
		return CT_EXIT_VIOLATION;
	return t->timed_out ? CT_EXIT_LIVENESS : 0;
}

bool ct_out_mode_opt(int c, enum ct_open_mode *mode)
{
	if (c != CT_O_FORCE && c != CT_O_APPEND)
		return false;
	enum ct_open_mode m = c == CT_O_FORCE ? CT_OPEN_FORCE : CT_OPEN_APPEND;
	if (*mode != CT_OPEN_NEW && *mode != m)
		ct_usage_error("--force and --append: choose one (overwrite, or "
			       "add to the file)");
	*mode = m;
	return true;
}

const char *ct_vtally_quiet_hint(int npus)
{
	static char hint[200];
	double load = ct_load_average();
	if (load <= npus)
		return "not oversubscribed: a deadlock or livelock?";
	snprintf(hint, sizeof(hint), "the machine is busy (load average %.1f "
		 "on %d CPUs): preempted waiters stall it; use --wait yield or "
		 "a quiet machine", load, npus);
	return hint;
}

int ct_next_opt(int argc, char **argv, const struct ct_opt *t, unsigned mode,
		unsigned owner, const struct ct_help *h,
		struct ct_common_args *a)
{
	int i;
	while ((i = ct_opt_getopt(argc, argv, t, mode, owner)) != -1) {
		const struct ct_opt *o = &t[i];
		switch (o->role) {
		case CT_R_OWN: return i;
		case CT_R_HELP:
			ct_opt_help(stdout, h->usage, h->tail, t, mode, owner,
				    h->prose);
			exit(0);
		case CT_R_FORMAT: a->out.format = optarg; break;
		case CT_R_OUT: a->out.path = optarg; break;
		case CT_R_FORCE: ct_out_mode_opt(CT_O_FORCE, &a->out.mode); break;
		case CT_R_APPEND: ct_out_mode_opt(CT_O_APPEND, &a->out.mode); break;
		case CT_R_QUIET: a->quiet = true; break;
		case CT_R_REPS: a->reps = (unsigned)ct_opt_count(o, optarg); break;
		case CT_R_DURATION: a->duration_s = ct_opt_seconds(o, optarg); break;
		case CT_R_WARMUP: a->warmup_s = ct_opt_seconds(o, optarg); break;
		case CT_R_TIMEOUT: a->timeout_s = ct_opt_seconds(o, optarg); break;
		case CT_R_COUNTERS: a->counters = ct_counters_option(argc, argv); break;
		}
	}
	return -1;
}
