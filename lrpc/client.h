/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * client.h - a client's binding: the mapped region, the binding object,
 * what it learned of the interface, and the watch on the server.
 */
#ifndef CT_LRPC_CLIENT_H
#define CT_LRPC_CLIENT_H

#include <pthread.h>

#include "region.h"
#include "wire.h"

struct ct_lrpc_client {
	uint8_t *base;
	struct ct_lrpc_layout lay;
	struct ct_lrpc_binding obj;
	enum ct_lrpc_mode mode;
	uint64_t spin_window_ticks;
	unsigned nprocs;
	struct ct_lrpc_proc_desc procs[CT_LRPC_MAX_PROCS];
	int conn;     /* BIND connection: closing it releases the binding */
	int memfd;
	pid_t server_pid;
	int pidfd;    /* the server process: readable once it has exited */
	int stopfd;   /* eventfd that ends the watch thread */
	pthread_t watch;
	_Atomic uint64_t death_seen_ns; /* CLOCK_MONOTONIC, 0 while alive */
};

#endif /* CT_LRPC_CLIENT_H */
