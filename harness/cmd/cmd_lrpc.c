/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * `contend lrpc`: LRPC against the IPC a user would otherwise pick.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lrpc/procs.h"
#include "harness/core/cli.h"
#include "harness/families/lrpc.h"
#include "commands.h"
#include "harness/core/fingerprint.h"
#include "harness/lrpc/lrpcbench.h"
#include "harness/lrpc/lrpcpeer.h"
#include "harness/core/timing.h"

static const struct ct_help lrpc_help = {
	"contend lrpc", NULL,
	"LRPC (Bershad et al. 1990) between this process and a forked server:\n"
	"spin (server threads poll on their own CPUs), hybrid (spin for\n"
	"--spin-window, then sleep on a futex), block (sleep at once). Baselines\n"
	"in the same run: pipe, UNIX socket, eventfd + shared buffer, message-\n"
	"copying RPC over a socket (msgrpc), and a bare futex ping-pong (null\n"
	"only). --arg-bytes sizes apply to bigin/biginout (up to 65536); --sweep\n"
	"is biginout at 16 B..64 KiB. Threads: clients first, then server threads,\n"
	"by --placement; --same-cpu puts both sides on one CPU (uniprocessor).\n"
	"Latency is per call (p50/p99/p99.9), xc2c = p50 / the c2c round trip\n"
	"of the client/server CPU pair measured in the same repetition.\n",
};

static unsigned parse_modes(const char *s, const char **out)
{
	unsigned n = 0;
	while (ct_lrpc_all_modes[n])
		n++;
	return ct_parse_names("--mode", s, ct_lrpc_all_modes, n,
			      ct_lrpc_all_modes, out, CT_LRPCBENCH_MAX_LIST);
}

static unsigned parse_procs(const char *s, const char **out)
{
	unsigned n = 0;
	while (ct_lrpc_proc_names[n])
		n++;
	return ct_parse_names("--proc", s, ct_lrpc_proc_names, n,
			      ct_lrpc_proc_names, out, CT_LRPCBENCH_MAX_LIST);
}

static void set_sweep(struct ct_lrpcbench_cfg *c)
{
	c->nprocs = 0;
	c->procs[c->nprocs++] = "biginout";
	c->nbytes = 0;
	for (unsigned b = 16; b <= CT_LRPC_MAX_BYTES; b *= 4) /* .. 64 KiB */
		c->bytes[c->nbytes++] = b;
}

/* Spinning threads beyond the CPUs make every hand-off wait for a time
 * slice: legal, measured, but say so. */
static void note_oversubscription(const struct ct_lrpcbench_cfg *c,
				  const struct ct_topo *t, bool quiet)
{
	unsigned n = c->clients + c->server_threads;
	bool spins = false;
	for (unsigned i = 0; i < c->nmodes; i++)
		spins |= !strcmp(c->modes[i], "spin") || !strcmp(c->modes[i], "hybrid");
	if (!quiet && spins && (c->same_cpu || n > (unsigned)t->npus))
		fprintf(stderr,
			"contend: note: spinning modes with %s: a spinner holds "
			"its CPU until preempted, so those calls take scheduler "
			"time slices\n",
			c->same_cpu ? "both sides on one CPU" : "more threads than CPUs");
}

static void parse_placement(const char *s, struct ct_placement *p)
{
	char err[512];
	if (ct_placement_parse(s, p, err, sizeof(err)))
		ct_usage_error("--placement: %s", err);
}

int ct_cmd_lrpc(int argc, char **argv)
{
	struct ct_lrpcbench_cfg cfg;
	int i;
	ct_lrpcbench_defaults(&cfg);
	struct ct_common_args ca = { .reps = cfg.reps,
				     .duration_s = cfg.duration_s,
				     .warmup_s = cfg.warmup_s };
	optind = 1;
	/* In order: --sweep and --proc/--arg-bytes replace each other. */
	while ((i = ct_next_opt(argc, argv, ct_lrpc_opts, CT_OPT_BENCH, 0,
				&lrpc_help, &ca)) != -1) {
		const struct ct_opt *r = &ct_lrpc_opts[i];
		switch (i) {
		case LR_MODE: cfg.nmodes = parse_modes(optarg, cfg.modes); break;
		case LR_PROC: cfg.nprocs = parse_procs(optarg, cfg.procs); break;
		case LR_ARG_BYTES:
			cfg.nbytes = ct_opt_counts(r, optarg, cfg.bytes,
						   CT_LRPCBENCH_MAX_LIST);
			break;
		case LR_SWEEP: set_sweep(&cfg); break;
		case LR_CLIENTS:
			cfg.clients = (unsigned)ct_opt_count(r, optarg);
			break;
		case LR_SERVER_THREADS:
			cfg.server_threads = (unsigned)ct_opt_count(r, optarg);
			break;
		case LR_ASTACKS:
			cfg.astacks = (unsigned)ct_opt_count(r, optarg);
			break;
		case LR_PLACEMENT: parse_placement(optarg, &cfg.placement); break;
		case LR_SAME_CPU: cfg.same_cpu = true; break;
		case LR_THINK: cfg.think_ns = ct_opt_ns(r, optarg); break;
		case LR_SPIN_WINDOW:
			cfg.spin_window_ns = ct_opt_ns(r, optarg);
			break;
		case LR_COPY_IN: cfg.copy_in = true; break;
		case LR_BINDS:
			cfg.bind_samples = (unsigned)ct_opt_count(r, optarg);
			break;
		}
	}
	cfg.reps = ca.reps;
	cfg.duration_s = ca.duration_s;
	cfg.warmup_s = ca.warmup_s;
	struct ct_topo topo;
	ct_load_machine(&topo);
	unsigned n = cfg.clients + cfg.server_threads;
	if (!cfg.same_cpu)
		ct_check_placement(&topo, &cfg.placement, &n, 1);
	note_oversubscription(&cfg, &topo, ca.quiet);
	cfg.progress = !ca.quiet && isatty(2);
	struct ct_session ss;
	ct_session_open(&ss, &ca.out, ct_lrpcbench_table, &topo);
	return ct_session_close(&ss, &topo,
				ct_lrpcbench_run(&cfg, &topo, &ss.fp, &ss.out));
}
