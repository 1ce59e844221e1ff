/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * lrpcpeer.h - one benchmark run's server process and the client's handle
 * on it, for LRPC (spin, hybrid, block) and for every baseline transport
 * alike: fork the server, connect or bind, call, stop, and collect the
 * server's CPU time from its rusage.
 */
#ifndef CT_LRPCPEER_H
#define CT_LRPCPEER_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "lrpc/lrpc.h"
#include "lrpc/xport.h"

/* The modes `contend lrpc --mode` knows: LRPC's three, then ct_xports. */
extern const char *const ct_lrpc_all_modes[]; /* NULL-terminated */

struct ct_lrpc_peer_cfg {
	const char *mode;
	unsigned clients, threads;  /* server threads (LRPC; baselines: one
				     * per client channel) */
	const int *server_cpus;     /* threads entries (baselines: cycled) */
	int broker_cpu;             /* LRPC: where the server's broker runs */
	uint32_t max_bytes;         /* largest argument block */
	unsigned nastacks;          /* LRPC: A-stacks per procedure */
	uint64_t spin_window_ns;    /* hybrid */
	bool copy_in;               /* LRPC: defensive copy-in */
	unsigned bind_samples;      /* LRPC: extra bind/unbind pairs timed */
};

struct ct_lrpc_peer {
	const struct ct_lrpc_peer_cfg *cfg;
	int lrpc_mode;              /* enum ct_lrpc_mode, or -1: baseline */
	pid_t pid;
	char dir[64], path[108];    /* LRPC broker socket, in a 0700 dir */
	struct ct_lrpc_client *cl;
	struct ct_xport xp;
	double bind_us;             /* median of the timed binds; NaN if none */
	double server_cpu_s;        /* user + system of the server process */
};

/* True if name is LRPC's, with its mode in *m. */
bool ct_lrpc_mode_of(const char *name, enum ct_lrpc_mode *m);
/* Copies of the payload per direction for a mode. */
unsigned ct_lrpc_mode_copies(const char *mode, bool copy_in);

int ct_lrpc_peer_start(struct ct_lrpc_peer *p, const struct ct_lrpc_peer_cfg *c,
		       char *err, size_t errlen);
/* One call from client thread tid; a ct_lrpc_status (baselines: 0 or
 * CT_LRPC_EDEAD). */
int ct_lrpc_peer_call(struct ct_lrpc_peer *p, unsigned tid, unsigned proc,
		      const uint8_t *args, size_t len, uint8_t *res,
		      size_t *res_len, struct ct_lrpc_call_stats *st);
/* Unbind or close, stop the server (killing it after a grace period),
 * reap it. 0, or -1 if it had to be killed or died abnormally. */
int ct_lrpc_peer_stop(struct ct_lrpc_peer *p, char *err, size_t errlen);

#endif /* CT_LRPCPEER_H */
