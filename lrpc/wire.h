/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * wire.h - the broker protocol: one request, one reply, each a single
 * SOCK_SEQPACKET message; a BIND reply carries the binding's memfd as
 * SCM_RIGHTS ancillary data. The connection of a BIND stays open for the
 * binding's life: either side seeing it close knows the other is gone.
 */
#ifndef CT_LRPC_WIRE_H
#define CT_LRPC_WIRE_H

#include <stddef.h>
#include <stdint.h>

#include "lrpc.h"

enum ct_lrpc_op {
	CT_LRPC_OP_BIND = 1,
	CT_LRPC_OP_STATS,
	CT_LRPC_OP_SHUTDOWN,
	CT_LRPC_OP_CHECK, /* is this binding object still good? */
};

struct ct_lrpc_req {
	uint32_t op;
	uint32_t slots;
	uint32_t mode;
	uint32_t pad;
	uint64_t spin_window_ns;
	char iface[CT_LRPC_NAME];
	struct ct_lrpc_binding binding; /* CHECK */
};

/* A procedure as the client learns it: no entry point crosses over. */
struct ct_lrpc_proc_desc {
	char name[CT_LRPC_NAME];
	uint32_t arg_bytes, res_bytes, nastacks;
};

struct ct_lrpc_reply {
	int32_t status;
	uint32_t nthreads;
	uint32_t nprocs;
	uint32_t pad;
	struct ct_lrpc_binding binding;
	struct ct_lrpc_server_stats stats;
	struct ct_lrpc_proc_desc procs[CT_LRPC_MAX_PROCS];
	char err[128];
};

/* Send len bytes as one message, with fd attached if fd >= 0. */
int ct_lrpc_send(int sock, const void *buf, size_t len, int fd);
/* Receive one message of exactly len bytes; a passed fd lands in *fd (or
 * -1; extra fds are closed). 0, or -1 with errno set (EPIPE on EOF). */
int ct_lrpc_recv(int sock, void *buf, size_t len, int *fd);
/* Connect to a broker socket; -1 with the reason in err. */
int ct_lrpc_connect(const char *path, char *err, size_t errlen);
/* One request, one reply on a fresh connection (closed after). */
int ct_lrpc_ask(const char *path, const struct ct_lrpc_req *rq,
		struct ct_lrpc_reply *rp, char *err, size_t errlen);

#endif /* CT_LRPC_WIRE_H */
