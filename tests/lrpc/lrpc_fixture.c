/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * lrpc_fixture.c - see lrpc_fixture.h.
 */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness/core/timing.h"
#include "lrpc_fixture.h"

void lrpc_fx_start(struct lrpc_fx *fx, unsigned threads, unsigned nastacks,
		   unsigned max_bytes)
{
	if (!fx->dir[0]) {
		snprintf(fx->dir, sizeof(fx->dir), "/tmp/ct-lrpc-test-XXXXXX");
		cr_assert_not_null(mkdtemp(fx->dir));
		snprintf(fx->path, sizeof(fx->path), "%s/broker", fx->dir);
	}
	ct_timer_calibrate();
	int ready[2];
	cr_assert_eq(pipe2(ready, O_CLOEXEC), 0);
	fx->pid = fork();
	cr_assert_geq(fx->pid, 0);
	if (!fx->pid) {
		prctl(PR_SET_PDEATHSIG, SIGKILL); /* never outlive the test */
		struct ct_lrpc_server_cfg cfg = { .path = fx->path,
						  .threads = threads,
						  .max_bindings = 8,
						  .ready_fd = ready[1] };
		char err[256];
		close(ready[0]);
		ct_lrpc_bench_iface(&cfg.iface, max_bytes, nastacks);
		_exit(ct_lrpc_serve(&cfg, err, sizeof(err)) ? 3 : 0);
	}
	close(ready[1]);
	struct pollfd pf = { ready[0], POLLIN, 0 };
	cr_assert_eq(poll(&pf, 1, 5000), 1, "server did not start");
	close(ready[0]);
}

void lrpc_fx_kill(struct lrpc_fx *fx)
{
	if (fx->pid > 0) {
		kill(fx->pid, SIGKILL);
		waitpid(fx->pid, NULL, 0);
	}
	fx->pid = -1;
}

void lrpc_fx_stop(struct lrpc_fx *fx)
{
	char err[256];
	int st = 0;
	cr_assert_eq(ct_lrpc_shutdown(fx->path, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(waitpid(fx->pid, &st, 0), fx->pid);
	cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0, "server status %d", st);
	fx->pid = -1;
}

void lrpc_fx_cleanup(struct lrpc_fx *fx)
{
	lrpc_fx_kill(fx);
	unlink(fx->path);
	rmdir(fx->dir);
}

struct ct_lrpc_client *lrpc_fx_bind(const struct lrpc_fx *fx, unsigned slots,
				    enum ct_lrpc_mode mode)
{
	struct ct_lrpc_bind_cfg b = { .path = fx->path, .iface = "bench",
				      .slots = slots, .mode = mode,
				      .spin_window_ns = 5000 };
	char err[256];
	struct ct_lrpc_client *c = ct_lrpc_bind(&b, err, sizeof(err));
	cr_assert_not_null(c, "bind: %s", err);
	return c;
}

struct ct_lrpc_server_stats lrpc_fx_stats(const struct lrpc_fx *fx)
{
	struct ct_lrpc_server_stats s;
	char err[256];
	cr_assert_eq(ct_lrpc_stats(fx->path, &s, err, sizeof(err)), 0, "%s", err);
	return s;
}

void lrpc_fx_add(struct ct_lrpc_client *c, unsigned slot, int32_t a, int32_t b)
{
	struct ct_lrpc_call_stats st = { 0 };
	int32_t args[2] = { a, b }, sum = 0;
	size_t rlen = 0;
	int rc = ct_lrpc_call(c, slot, CT_LRPC_PROC_ADD, args, sizeof(args),
			      &sum, sizeof(sum), &rlen, &st);
	cr_assert_eq(rc, 0, "add: %s", ct_lrpc_strerror(rc));
	cr_assert_eq(rlen, 4);
	cr_assert_eq(sum, a + b);
}
