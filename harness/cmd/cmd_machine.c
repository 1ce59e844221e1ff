/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * `contend c2c`, `contend topo` and `contend list`: the machine and the
 * catalogue.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/barrier/barrierbench.h"
#include "harness/core/c2c.h"
#include "harness/core/c2cref.h"
#include "harness/core/cli.h"
#include "harness/families/c2c.h"
#include "commands.h"
#include "harness/core/fingerprint.h"
#include "harness/lock/lockbench.h"
#include "harness/problem/problem.h"
#include "harness/core/timing.h"

/* `contend topo`'s options. */
enum { TP_SYNTH, TP_ALLOWED, TP_PLACEMENT, TP_THREADS };
static const struct ct_opt topo_opts[] = {
	[TP_SYNTH] = { .name = "synthetic", .kind = CT_K_TEXT,
		       .meta = "'package:2 core:4 pu:2'", .flags = CT_OPT_BENCH,
		       .help = "an hwloc synthetic topology instead of this "
			       "machine's" },
	[TP_ALLOWED] = { .name = "allowed", .kind = CT_K_CPULIST,
			 .flags = CT_OPT_BENCH,
			 .help = "the CPUs allowed (default: the cgroup's and "
				 "affinity's)" },
	[TP_PLACEMENT] = CT_ROW_PLACEMENT(CT_OPT_BENCH),
	[TP_THREADS] = { .name = "threads", .kind = CT_K_COUNT, .min = 1,
			 .max = 4096, .flags = CT_OPT_BENCH,
			 .help = "show the CPU each of N threads gets" },
	CT_ROW_HELP,
	CT_OPT_END,
};

static const struct ct_col c2c_table[] = {
	{ "cpu_a", "cpu_a", 6, NULL },
	{ "cpu_b", "cpu_b", 6, NULL },
	{ "rtt_ns", "rtt_ns", 9, "%.1f" },
	{ "rtt_min_ns", "min_ns", 9, "%.1f" },
	{ "rtt_max_ns", "max_ns", 9, "%.1f" },
	{ "one_way_ns", "one_way", 9, "%.1f" },
	{ NULL, NULL, 0, NULL },
};

static const struct ct_help c2c_help = {
	"contend c2c", NULL,
	"Cache-line round trip between every pair of the CPUs (default: all\n"
	"allowed CPUs). rtt is the median over trials; max shows outliers\n"
	"such as a vCPU moved by the host.\n",
};

int ct_cmd_c2c(int argc, char **argv)
{
	const char *cpu_arg = NULL;
	unsigned trials = 7, rts = 20000;
	struct ct_common_args ca = { 0 };
	int k;
	optind = 1;
	while ((k = ct_next_opt(argc, argv, ct_c2c_opts, CT_OPT_BENCH, 0,
				&c2c_help, &ca)) != -1) {
		const struct ct_opt *r = &ct_c2c_opts[k];
		switch (k) {
		case CO_CPUS: cpu_arg = optarg; break;
		case CO_TRIALS: trials = (unsigned)ct_opt_count(r, optarg); break;
		case CO_ROUNDTRIPS: rts = (unsigned)ct_opt_count(r, optarg); break;
		}
	}
	struct ct_topo topo;
	ct_load_machine(&topo);
	int cpus[1024], n = 0;
	if (cpu_arg) {
		n = ct_parse_cpu_list(cpu_arg, cpus, 1024);
		if (n < 0)
			ct_usage_error("--cpus: malformed CPU list '%s' (e.g. 0,2,4-7)",
				       cpu_arg);
		for (int i = 0; i < n; i++)
			if (ct_topo_find(&topo, cpus[i]) < 0)
				ct_usage_error("--cpus: CPU %d is outside the "
					       "allowed set %s", cpus[i],
					       topo.allowed);
	} else {
		for (int i = 0; i < topo.npus && i < 1024; i++)
			cpus[n++] = topo.pus[i].os;
	}
	if (n < 2)
		ct_usage_error("--cpus: c2c needs at least two CPUs (allowed: %s)",
			       topo.allowed);
	struct ct_sink data, table;
	struct ct_output out;
	ct_output_open(&ca.out, c2c_table, &data, &table, &out);
	struct ct_rec fp;
	ct_rec_reset(&fp);
	ct_timer_calibrate();
	ct_fingerprint(&fp, &topo);
	/* The reference the other commands divide by: recorded here too,
	 * and (with $CONTEND_C2C_REF) measured here for the commands after. */
	ct_c2c_ref_header(&fp, ct_c2c_ref_get(&topo));
	if (out.data)
		ct_sink_header(out.data, &fp, NULL);
	if (out.table)
		ct_sink_header(out.table, &fp, ct_fingerprint_table_keys);
	int failed = 0;
	for (int i = 0; i < n; i++) {
		for (int j = i + 1; j < n; j++) {
			struct ct_c2c m;
			char err[256];
			if (ct_c2c_measure(cpus[i], cpus[j], trials, rts, &m, err,
					   sizeof(err))) {
				fprintf(stderr, "contend: c2c %d-%d: %s\n", cpus[i],
					cpus[j], err);
				failed = 1;
				continue;
			}
			struct ct_rec r;
			ct_rec_reset(&r);
			ct_rec_str(&r, "family", "c2c");
			ct_rec_int(&r, "cpu_a", m.cpu_a);
			ct_rec_int(&r, "cpu_b", m.cpu_b);
			ct_rec_int(&r, "numa_a", ct_topo_numa_of(&topo, m.cpu_a));
			ct_rec_int(&r, "numa_b", ct_topo_numa_of(&topo, m.cpu_b));
			ct_rec_num(&r, "rtt_ns", m.rtt_ns);
			ct_rec_num(&r, "rtt_min_ns", m.rtt_min_ns);
			ct_rec_num(&r, "rtt_max_ns", m.rtt_max_ns);
			ct_rec_num(&r, "one_way_ns", m.rtt_ns / 2);
			ct_rec_int(&r, "trials", m.trials);
			ct_rec_int(&r, "roundtrips", m.roundtrips);
			if (out.data)
				ct_sink_write(out.data, &r);
			if (out.table)
				ct_sink_write(out.table, &r);
		}
	}
	ct_output_close(&out);
	ct_topo_free(&topo);
	return failed;
}

static const struct ct_help topo_help = {
	"contend topo", NULL,
	"Print the topology contend sees and, with --threads, the CPU each\n"
	"thread gets under --placement (default compact).\n",
};

int ct_cmd_topo(int argc, char **argv)
{
	const char *synth = NULL, *allowed = NULL, *place = "compact";
	unsigned threads = 0;
	struct ct_common_args ca = { 0 };
	int o;
	optind = 1;
	while ((o = ct_next_opt(argc, argv, topo_opts, CT_OPT_BENCH, 0,
				&topo_help, &ca)) != -1) {
		switch (o) {
		case TP_SYNTH: synth = optarg; break;
		case TP_ALLOWED: allowed = optarg; break;
		case TP_PLACEMENT: place = optarg; break;
		case TP_THREADS: threads = (unsigned)ct_opt_count(&topo_opts[o], optarg); break;
		}
	}
	struct ct_topo t;
	struct ct_placement p;
	char err[512];
	if (ct_placement_parse(place, &p, err, sizeof(err)))
		ct_usage_error("--placement: %s", err);
	if (ct_topo_load(&t, synth, allowed, err, sizeof(err)))
		ct_usage_error("--synthetic/--allowed: %s", err);
	printf("topology:  %s\nallowed:   %s\n", t.summary, t.allowed);
	printf("%-6s %-6s %-8s %-5s\n", "cpu", "core", "package", "numa");
	for (int i = 0; i < t.npus; i++)
		printf("%-6d %-6d %-8d %-5d\n", t.pus[i].os, t.pus[i].core,
		       t.pus[i].package, t.pus[i].numa);
	if (threads) {
		int *cpus = calloc(threads, sizeof(int));
		ct_resolve_or_die(&t, &p, threads, cpus, NULL);
		printf("%s, %u threads:", p.text, threads);
		for (unsigned i = 0; i < threads; i++)
			printf(" %d", cpus[i]);
		printf("\n");
		free(cpus);
	}
	ct_topo_free(&t);
	return 0;
}

int ct_cmd_list(int argc, char **argv)
{
	static const char *const what[] = { "locks", "placements", "barriers",
					    "problems", "families", "family",
					    NULL };
	if (argc < 2) {
		printf("algorithms: locks, barriers, problems\n"
		       "placements: see `contend list placements`\n"
		       "families: see `contend list families`; one family's "
		       "options, fields and metrics: `contend list family "
		       "NAME`\n");
		return 0;
	}
	if (!strcmp(argv[1], "families") || !strcmp(argv[1], "family")) {
		if (!strcmp(argv[1], "family") && argc != 3)
			ct_usage_error("list family: expected one family name");
		return ct_list_families(argc - 1, argv + 1);
	}
	unsigned w = ct_parse_choice("list", argv[1], what);
	bool all = argc > 2 && !strcmp(argv[2], "--all");
	if (argc > 2 && !all)
		ct_usage_error("list: unknown option '%s' (valid: --all)", argv[2]);
	if (w == 0) {
		for (const char *const *n = ct_lock_names(all); *n; n++)
			printf("%s\n", *n);
	} else if (w == 2) {
		for (const char *const *n = ct_barrier_names(all); *n; n++)
			printf("%s\n", *n);
	} else if (w == 3) {
		ct_list_problems(all);
	} else {
		printf("compact\nscatter\nnuma:N\ncpus:LIST\n");
	}
	return 0;
}
