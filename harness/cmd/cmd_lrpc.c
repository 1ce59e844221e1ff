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
#include "harness/core/family.h"
#include "commands.h"
#include "harness/core/fingerprint.h"
#include "harness/lrpc/lrpcbench.h"
#include "harness/lrpc/lrpcpeer.h"
#include "harness/core/timing.h"

enum {
	O_MODE = 4000, O_PROC, O_ARG_BYTES, O_SWEEP, O_CLIENTS, O_SERVERS,
	O_ASTACKS, O_PLACEMENT, O_SAME_CPU, O_WARMUP, O_DURATION, O_THINK,
	O_SPIN_WINDOW, O_COPY_IN, O_BINDS, O_REPS, O_FORMAT, O_OUT, O_QUIET,
	O_HELP,
};

static const char lrpc_help[] =
	"usage: contend lrpc [--mode spin,hybrid,block,pipe,socket,eventfd,msgrpc,futex|all]\n"
	"         [--proc null,add,bigin,biginout|all] [--arg-bytes 200[,N...]] [--sweep]\n"
	"         [--clients 1] [--server-threads 1] [--astacks N]\n"
	"         [--placement compact|scatter|numa:N|cpus:LIST] [--same-cpu]\n"
	"         [--duration 0.5s] [--warmup 0.1s] [--think NS] [--spin-window 20us]\n"
	"         [--copy-in] [--binds 10] [--reps 3]\n"
	"         [--format table|csv|jsonl] [--out FILE] " CT_OUT_MODE_HELP "\n"
	"         [--quiet]\n"
	"LRPC (Bershad et al. 1990) between this process and a forked server:\n"
	"spin (server threads poll on their own CPUs), hybrid (spin for\n"
	"--spin-window, then sleep on a futex), block (sleep at once). Baselines\n"
	"in the same run: pipe, UNIX socket, eventfd + shared buffer, message-\n"
	"copying RPC over a socket (msgrpc), and a bare futex ping-pong (null\n"
	"only). --arg-bytes sizes apply to bigin/biginout (up to 65536); --sweep\n"
	"is biginout at 16 B..64 KiB. Threads: clients first, then server threads,\n"
	"by --placement; --same-cpu puts both sides on one CPU (uniprocessor).\n"
	"Latency is per call (p50/p99/p99.9), xc2c = p50 / the c2c round trip\n"
	"of the client/server CPU pair measured in the same repetition.\n";

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
	return ct_parse_names("--proc", s, ct_lrpc_proc_names, 4,
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
	static const struct option opts[] = {
		{ "mode", 1, NULL, O_MODE }, { "proc", 1, NULL, O_PROC },
		{ "arg-bytes", 1, NULL, O_ARG_BYTES }, { "sweep", 0, NULL, O_SWEEP },
		{ "clients", 1, NULL, O_CLIENTS },
		{ "server-threads", 1, NULL, O_SERVERS },
		{ "astacks", 1, NULL, O_ASTACKS },
		{ "placement", 1, NULL, O_PLACEMENT },
		{ "same-cpu", 0, NULL, O_SAME_CPU }, { "warmup", 1, NULL, O_WARMUP },
		{ "duration", 1, NULL, O_DURATION }, { "think", 1, NULL, O_THINK },
		{ "spin-window", 1, NULL, O_SPIN_WINDOW },
		{ "copy-in", 0, NULL, O_COPY_IN }, { "binds", 1, NULL, O_BINDS },
		{ "reps", 1, NULL, O_REPS }, { "format", 1, NULL, O_FORMAT },
		{ "out", 1, NULL, O_OUT }, { "quiet", 0, NULL, O_QUIET },
		CT_OUT_MODE_LONGOPTS,
		{ "help", 0, NULL, O_HELP }, { NULL, 0, NULL, 0 },
	};
	struct ct_lrpcbench_cfg cfg;
	struct ct_out_opts out_opts = { 0 };
	bool quiet = false;
	int c;
	ct_lrpcbench_defaults(&cfg);
	optind = 1;
	while ((c = ct_getopt(argc, argv, opts)) != -1) {
		if (ct_out_mode_opt(c, &out_opts.mode))
			continue;
		switch (c) {
		case O_MODE: cfg.nmodes = parse_modes(optarg, cfg.modes); break;
		case O_PROC: cfg.nprocs = parse_procs(optarg, cfg.procs); break;
		case O_ARG_BYTES:
			cfg.nbytes = ct_parse_count_list("--arg-bytes", optarg, cfg.bytes,
							 CT_LRPCBENCH_MAX_LIST, 0,
							 CT_LRPC_MAX_BYTES);
			break;
		case O_SWEEP: set_sweep(&cfg); break;
		case O_CLIENTS: cfg.clients = (unsigned)ct_family_count("lrpc", "clients", optarg); break;
		case O_SERVERS: cfg.server_threads = (unsigned)ct_family_count("lrpc", "server-threads", optarg); break;
		case O_ASTACKS: cfg.astacks = (unsigned)ct_family_count("lrpc", "astacks", optarg); break;
		case O_PLACEMENT: parse_placement(optarg, &cfg.placement); break;
		case O_SAME_CPU: cfg.same_cpu = true; break;
		case O_WARMUP: cfg.warmup_s = ct_parse_seconds("--warmup", optarg, true); break;
		case O_DURATION: cfg.duration_s = ct_parse_seconds("--duration", optarg, false); break;
		case O_THINK: cfg.think_ns = ct_parse_ns("--think", optarg); break;
		case O_SPIN_WINDOW: cfg.spin_window_ns = ct_parse_ns("--spin-window", optarg); break;
		case O_COPY_IN: cfg.copy_in = true; break;
		case O_BINDS: cfg.bind_samples = (unsigned)ct_parse_count("--binds", optarg, 0, 64); break;
		case O_REPS: cfg.reps = (unsigned)ct_parse_count("--reps", optarg, 1, 100); break;
		case O_FORMAT: out_opts.format = optarg; break;
		case O_OUT: out_opts.path = optarg; break;
		case O_QUIET: quiet = true; break;
		case O_HELP: fputs(lrpc_help, stdout); return 0;
		}
	}
	struct ct_topo topo;
	ct_load_machine(&topo);
	unsigned n = cfg.clients + cfg.server_threads;
	if (!cfg.same_cpu)
		ct_check_placement(&topo, &cfg.placement, &n, 1);
	note_oversubscription(&cfg, &topo, quiet);
	cfg.progress = !quiet && isatty(2);
	struct ct_session ss;
	ct_session_open(&ss, &out_opts, ct_lrpcbench_table, &topo);
	return ct_session_close(&ss, &topo,
				ct_lrpcbench_run(&cfg, &topo, &ss.fp, &ss.out));
}
