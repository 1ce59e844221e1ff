/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * server.h - the server's private state: its bindings and their threads.
 * Nothing here is visible to a client.
 */
#ifndef CT_LRPC_SERVER_H
#define CT_LRPC_SERVER_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>

#include "region.h"

/* Counters of one server thread, summed for STATS (relaxed: statistics). */
struct ct_lrpc_tstats {
	_Atomic uint64_t calls, rej_binding, rej_proc, rej_astack, rej_size;
	_Atomic uint64_t sleeps, copy_in_bytes;
} ct_aligned(CT_PAD);

struct ct_lrpc_sbinding;

struct ct_lrpc_sthread {
	struct ct_lrpc_sbinding *b;
	unsigned idx;
	int cpu;
	uint8_t *scratch; /* defensive copy-in buffer */
	pthread_t th;
	struct ct_lrpc_tstats st;
};

struct ct_lrpc_sbinding {
	bool used;
	struct ct_lrpc_binding obj; /* the truth the client's copy is checked against */
	int conn;                   /* the BIND connection: EOF = client gone */
	uint8_t *base;
	struct ct_lrpc_layout lay;
	const struct ct_lrpc_iface *iface;
	enum ct_lrpc_mode mode;
	uint64_t spin_window_ticks;
	bool copy_in;
	atomic_bool stop;
	/* A-stacks a server thread is running a call on: a client naming one
	 * twice at once is rejected, not allowed to race with itself. */
	atomic_bool busy[CT_LRPC_MAX_PROCS][CT_LRPC_MAX_ASTACKS];
	unsigned nthreads;
	struct ct_lrpc_sthread th[CT_LRPC_MAX_SERVER_THREADS];
};

/* Start and stop a binding's threads (server_thread.c). */
int ct_lrpc_sbinding_start(struct ct_lrpc_sbinding *b, const int *cpus,
			   unsigned ncpus, char *err, size_t errlen);
void ct_lrpc_sbinding_stop(struct ct_lrpc_sbinding *b);
/* Add its threads' counters into s. */
void ct_lrpc_sbinding_sum(const struct ct_lrpc_sbinding *b,
			  struct ct_lrpc_server_stats *s);

#endif /* CT_LRPC_SERVER_H */
