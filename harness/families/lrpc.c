/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * lrpc.c - the lrpc family: `contend lrpc` options, fields and metrics.
 */
#include "lrpc.h"

#include "harness/lrpc/lrpcbench.h"
#include "harness/lrpc/lrpcpeer.h"
#include "lrpc/lrpc.h"
#include "lrpc/procs.h"

#define KB (CT_OPT_KEY | CT_OPT_BENCH)

/* `contend lrpc`: every mode, proc and size of one section run in one
 * command (side by side), so they are names/lists, not axes. */
const struct ct_opt ct_lrpc_opts[] = {
	[LR_MODE] = { .name = "mode", .kind = CT_K_NAMES, .dflt = "all",
		      .field = "mode", .flags = KB,
		      .help = "LRPC modes and baselines (default all: spin, "
			      "hybrid, block, pipe, socket, eventfd, msgrpc, "
			      "futex)" },
	[LR_PROC] = { .name = "proc", .kind = CT_K_CHOICE,
		      .choices = ct_lrpc_proc_names, .dflt = "null",
		      .field = "proc", .meta = "A,B|all", .flags = KB,
		      .help = "procedures: null, add, bigin, biginout "
			      "(default null)" },
	[LR_ARG_BYTES] = { .name = "arg-bytes", .kind = CT_K_COUNTS,
			   .min = 0, .max = CT_LRPC_MAX_BYTES, .dflt = "200",
			   .field = "arg_bytes", .meta = "200,4096|16-4096:x4",
			   .flags = KB,
			   .help = "bigin/biginout argument sizes (default "
				   "200)" },
	[LR_CLIENTS] = { .name = "clients", .kind = CT_K_COUNT, .min = 1,
			 .max = CT_LRPC_MAX_SLOTS, .field = "clients",
			 .flags = KB, .help = "client threads (default 1)" },
	[LR_SERVER_THREADS] = { .name = "server-threads", .kind = CT_K_COUNT,
				.min = 1, .max = CT_LRPC_MAX_SERVER_THREADS,
				.field = "server_threads", .flags = KB,
				.help = "server threads (default 1)" },
	[LR_ASTACKS] = { .name = "astacks", .kind = CT_K_COUNT, .min = 1,
			 .max = CT_LRPC_MAX_ASTACKS, .field = "astacks",
			 .flags = KB,
			 .help = "LRPC: A-stacks per procedure (default: "
				 "--clients)" },
	[LR_PLACEMENT] = CT_ROW_PLACEMENT(CT_OPT_BENCH),
	[LR_THINK] = { .name = "think", .kind = CT_K_NS, .field = "think_ns",
		       .flags = KB, .help = "a client's work between calls" },
	[LR_SPIN_WINDOW] = { .name = "spin-window", .kind = CT_K_NS,
			     .field = "spin_window_ns", .flags = KB,
			     .help = "hybrid: spin this long, then sleep "
				     "(default 20us)" },
	[LR_SWEEP] = { .name = "sweep", .kind = CT_K_FLAG,
		       .flags = CT_OPT_BENCH,
		       .help = "biginout at 16 B .. 64 KiB (x4), in place of "
			       "--proc and --arg-bytes" },
	[LR_SAME_CPU] = { .name = "same-cpu", .kind = CT_K_FLAG,
			  .flags = CT_OPT_BENCH,
			  .help = "both sides on one CPU (a uniprocessor)" },
	[LR_COPY_IN] = { .name = "copy-in", .kind = CT_K_FLAG,
			 .flags = CT_OPT_BENCH,
			 .help = "LRPC: the server copies arguments "
				 "defensively before it runs" },
	[LR_BINDS] = { .name = "binds", .kind = CT_K_COUNT, .min = 0,
		       .max = 64, .flags = CT_OPT_BENCH,
		       .help = "LRPC: bind/unbind pairs timed (default 10)" },
	CT_ROWS_DURATION("measured time per point (default 0.5s)",
			 "unmeasured time before it (default 100ms)"),
	/* at most CT_LRPCBENCH_MAX_REPS: the summary's medians */
	{ .name = "reps", .kind = CT_K_COUNT, .min = 1,
	  .max = CT_LRPCBENCH_MAX_REPS, .flags = CT_OPT_BENCH,
	  .role = CT_R_REPS,
	  .help = "repetitions, interleaved, order reversed on odd ones "
		  "(default 3)" },
	CT_ROWS_OUTPUT,
	CT_ROW_HELP,
	CT_OPT_END,
};
static const char *const lrpc_config[] = {
	"mode", "proc", "arg_bytes", "clients", "server_threads", "astacks",
	"placement", "copy_in", "think_ns", "spin_window_ns", NULL,
};
static const char *const lrpc_metrics[] = {
	"calls_per_s", "rtt_ns", "lat_p50_ns", "lat_p90_ns", "lat_p99_ns",
	"lat_p999_ns", "lat_max_ns", "lat_mean_ns", "client_cpu_ns_per_call",
	"server_cpu_ns_per_call", "blocked_share", "queue_contended_share",
	"bind_us", "c2c_ns", "rtt_c2c", "lat_c2c", NULL,
};

static const char *const *lrpc_modes(bool with_hidden)
{
	(void)with_hidden;
	return ct_lrpc_all_modes;
}

const struct ct_family ct_family_lrpc = {
	.name = "lrpc", .built = true, .keys = ct_lrpc_opts,
	.names = lrpc_modes, .config = lrpc_config, .metrics = lrpc_metrics,
	.x = "arg_bytes",
};
