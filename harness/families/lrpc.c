/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * lrpc.c - the lrpc family: `contend lrpc` options, fields and metrics.
 */
#include "common.h"

#include "harness/lrpc/lrpcpeer.h"

#define KB (CT_OPT_KEY | CT_OPT_BENCH)

/* `contend lrpc`: every mode, proc and size of one section run in one
 * command (side by side), so they are names/lists, not axes. */
static const char *const lrpc_procs[] = { "null", "add", "bigin", "biginout",
					  NULL };
static const struct ct_opt lrpc_keys[] = {
	{ .name = "mode", .kind = CT_K_NAMES, .dflt = "all", .field = "mode",
	  .flags = KB },
	{ .name = "proc", .kind = CT_K_CHOICE, .choices = lrpc_procs,
	  .dflt = "null", .field = "proc", .flags = KB },
	{ .name = "arg-bytes", .kind = CT_K_COUNTS, .max = CT_LRPC_MAX_BYTES,
	  .dflt = "200", .field = "arg_bytes", .flags = KB },
	{ .name = "clients", .kind = CT_K_COUNT, .min = 1, .max = CT_LRPC_MAX_SLOTS,
	  .field = "clients", .flags = KB },
	{ .name = "server-threads", .kind = CT_K_COUNT, .min = 1,
	  .max = CT_LRPC_MAX_SERVER_THREADS, .field = "server_threads", .flags = KB },
	{ .name = "astacks", .kind = CT_K_COUNT, .min = 1,
	  .max = CT_LRPC_MAX_ASTACKS, .field = "astacks", .flags = KB },
	CT_ROW_PLACEMENT(CT_OPT_BENCH),
	{ .name = "think", .kind = CT_K_NS, .field = "think_ns", .flags = KB },
	{ .name = "spin-window", .kind = CT_K_NS, .field = "spin_window_ns",
	  .flags = KB },
	CT_ROWS_DURATION("measured time per point", "unmeasured time before it"),
	CT_ROW_REPS,
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
	.name = "lrpc", .built = true, .keys = lrpc_keys, .names = lrpc_modes,
	.config = lrpc_config, .metrics = lrpc_metrics, .x = "arg_bytes",
};
