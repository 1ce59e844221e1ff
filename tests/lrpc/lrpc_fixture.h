/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * lrpc_fixture.h - a real LRPC server in a forked child process for the
 * LRPC suites, and the client calls they share.
 */
#ifndef CT_TEST_LRPC_FIXTURE_H
#define CT_TEST_LRPC_FIXTURE_H

#include <stdbool.h>
#include <sys/types.h>

#include "lrpc/lrpc.h"

struct lrpc_fx {
	char dir[64], path[108];
	pid_t pid;
};

/* Fork a server exporting the bench interface (threads server threads,
 * nastacks A-stacks per procedure, args up to max_bytes); wait until it
 * listens. A second call with the same fx->dir restarts on the same path. */
void lrpc_fx_start(struct lrpc_fx *fx, unsigned threads, unsigned nastacks,
		   unsigned max_bytes);
/* SIGKILL the server (if alive) and reap it. */
void lrpc_fx_kill(struct lrpc_fx *fx);
/* SHUTDOWN request, then reap; asserts it exited 0. */
void lrpc_fx_stop(struct lrpc_fx *fx);
void lrpc_fx_cleanup(struct lrpc_fx *fx);

struct ct_lrpc_client *lrpc_fx_bind(const struct lrpc_fx *fx, unsigned slots,
				    enum ct_lrpc_mode mode);
struct ct_lrpc_server_stats lrpc_fx_stats(const struct lrpc_fx *fx);

/* add(a, b) through c's slot; asserts the call succeeds and the sum. */
void lrpc_fx_add(struct ct_lrpc_client *c, unsigned slot, int32_t a,
		 int32_t b);

#endif
