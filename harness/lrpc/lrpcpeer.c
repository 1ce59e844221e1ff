/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * lrpcpeer.c - forking, binding to and reaping a benchmark server.
 *
 * fork() happens while the benchmarking process has a single thread (the
 * client team and the c2c threads are joined between runs), so the child
 * starts from a consistent heap.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lrpcpeer.h"
#include "harness/core/stats.h"
#include "harness/core/team.h"
#include "harness/core/timing.h"

#define STOP_GRACE_MS 5000

const char *const ct_lrpc_all_modes[] = {
	"spin", "hybrid", "block", "pipe", "socket", "eventfd", "msgrpc",
	"futex", NULL,
};

bool ct_lrpc_mode_of(const char *name, enum ct_lrpc_mode *m)
{
	for (unsigned i = 0; ct_lrpc_mode_names[i]; i++)
		if (!strcmp(name, ct_lrpc_mode_names[i])) {
			*m = (enum ct_lrpc_mode)i;
			return true;
		}
	return false;
}

unsigned ct_lrpc_mode_copies(const char *mode, bool copy_in)
{
	enum ct_lrpc_mode m;
	if (ct_lrpc_mode_of(mode, &m))
		return copy_in ? 2 : 1;
	return ct_xport_find(mode)->copies;
}

static void pin_self(int cpu)
{
	cpu_set_t set;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

/* ---- the server child ------------------------------------------------------- */

static _Noreturn void lrpc_child(const struct ct_lrpc_peer *p, int ready)
{
	const struct ct_lrpc_peer_cfg *c = p->cfg;
	struct ct_lrpc_server_cfg sc = { .path = p->path, .threads = c->threads,
					 .cpus = c->server_cpus,
					 .copy_in = c->copy_in,
					 .max_bindings = 4, .ready_fd = ready };
	char err[256];
	/* Off the server threads' CPUs: a broker queued behind a spinning
	 * server thread would add a scheduler tick to every bind. */
	pin_self(c->broker_cpu);
	ct_lrpc_bench_iface(&sc.iface, c->max_bytes, c->nastacks);
	if (ct_lrpc_serve(&sc, err, sizeof(err))) {
		fprintf(stderr, "contend: lrpc server: %s\n", err);
		_exit(1);
	}
	_exit(0);
}

struct xchild {
	struct ct_xport *x;
	unsigned ch;
	int cpu;
};

static void *xport_thread(void *arg)
{
	struct xchild *t = arg;
	pin_self(t->cpu);
	t->x->ops->serve(t->x, ct_xport_ch(t->x, t->ch));
	return NULL;
}

static _Noreturn void xport_child(struct ct_lrpc_peer *p, int ready)
{
	const struct ct_lrpc_peer_cfg *c = p->cfg;
	struct ct_xport *x = &p->xp;
	pthread_t th[CT_LRPC_MAX_SLOTS];
	struct xchild t[CT_LRPC_MAX_SLOTS];
	for (unsigned i = 0; i < x->nch; i++)
		x->ops->server_side(ct_xport_ch(x, i));
	for (unsigned i = 0; i < x->nch; i++) {
		t[i] = (struct xchild){ x, i, c->server_cpus[i % c->threads] };
		if (pthread_create(&th[i], NULL, xport_thread, &t[i]))
			_exit(1);
	}
	close(ready); /* EOF tells the parent we are serving */
	for (unsigned i = 0; i < x->nch; i++)
		pthread_join(th[i], NULL);
	_exit(0);
}

/* ---- the client side ---------------------------------------------------------- */

static int wait_ready(int fd, char *err, size_t errlen)
{
	struct pollfd pf = { fd, POLLIN, 0 };
	int rc = poll(&pf, 1, STOP_GRACE_MS);
	close(fd);
	if (rc != 1) {
		snprintf(err, errlen, "server did not start within %d ms",
			 STOP_GRACE_MS);
		return -1;
	}
	return 0;
}

static struct ct_lrpc_client *bind_once(struct ct_lrpc_peer *p, char *err,
					size_t errlen)
{
	struct ct_lrpc_bind_cfg b = { .path = p->path, .iface = "bench",
				      .slots = p->cfg->clients,
				      .mode = (enum ct_lrpc_mode)p->lrpc_mode,
				      .spin_window_ns = p->cfg->spin_window_ns };
	return ct_lrpc_bind(&b, err, errlen);
}

/* Bind cost, apart from call cost: the median of bind_samples
 * bind + unbind pairs, each timed up to a usable binding. */
static int time_binds(struct ct_lrpc_peer *p, char *err, size_t errlen)
{
	unsigned n = p->cfg->bind_samples;
	double v[64];
	n = n > CT_ARRAY_SIZE(v) ? CT_ARRAY_SIZE(v) : n;
	for (unsigned i = 0; i < n; i++) {
		uint64_t t0 = ct_clock_ns();
		struct ct_lrpc_client *cl = bind_once(p, err, errlen);
		v[i] = (double)(ct_clock_ns() - t0) / 1e3;
		if (!cl)
			return -1;
		ct_lrpc_unbind(cl);
	}
	struct ct_summary s;
	if (n) {
		ct_summarize(v, n, &s);
		p->bind_us = s.median;
	}
	return 0;
}

int ct_lrpc_peer_start(struct ct_lrpc_peer *p, const struct ct_lrpc_peer_cfg *c,
		       char *err, size_t errlen)
{
	enum ct_lrpc_mode m;
	memset(p, 0, sizeof(*p));
	p->cfg = c;
	p->lrpc_mode = ct_lrpc_mode_of(c->mode, &m) ? (int)m : -1;
	p->bind_us = NAN;
	p->pid = -1;
	if (p->lrpc_mode < 0 &&
	    ct_xport_open(&p->xp, ct_xport_find(c->mode), c->clients,
			  c->max_bytes)) {
		snprintf(err, errlen, "%s channels: %s", c->mode, strerror(errno));
		return -1;
	}
	if (p->lrpc_mode >= 0) {
		snprintf(p->dir, sizeof(p->dir), "/tmp/contend-lrpc-XXXXXX");
		if (!mkdtemp(p->dir)) { /* created 0700 */
			snprintf(err, errlen, "mkdtemp: %s", strerror(errno));
			return -1;
		}
		snprintf(p->path, sizeof(p->path), "%s/broker", p->dir);
	}
	int ready[2];
	if (pipe2(ready, O_CLOEXEC) || (p->pid = fork()) < 0) {
		snprintf(err, errlen, "starting the server: %s", strerror(errno));
		return -1;
	}
	if (p->pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL); /* die with the benchmark */
		close(ready[0]);
		if (p->lrpc_mode >= 0)
			lrpc_child(p, ready[1]);
		xport_child(p, ready[1]);
	}
	close(ready[1]);
	if (wait_ready(ready[0], err, errlen))
		return -1;
	if (p->lrpc_mode < 0) {
		for (unsigned i = 0; i < p->xp.nch; i++)
			p->xp.ops->client_side(ct_xport_ch(&p->xp, i));
		return 0;
	}
	if (time_binds(p, err, errlen))
		return -1;
	p->cl = bind_once(p, err, errlen);
	return p->cl ? 0 : -1;
}

int ct_lrpc_peer_call(struct ct_lrpc_peer *p, unsigned tid, unsigned proc,
		      const uint8_t *args, size_t len, uint8_t *res,
		      size_t *res_len, struct ct_lrpc_call_stats *st)
{
	if (p->cl)
		return ct_lrpc_call(p->cl, tid, proc, args, len, res,
				    p->cfg->max_bytes, res_len, st);
	st->calls++;
	return p->xp.ops->call(&p->xp, ct_xport_ch(&p->xp, tid), proc, args,
			       len, res, res_len) ? CT_LRPC_EDEAD : 0;
}

/* Reap the server, waiting at most the grace period before killing it. */
static int reap(struct ct_lrpc_peer *p, char *err, size_t errlen)
{
	struct rusage ru;
	int status = 0;
	pid_t got = 0;
	for (unsigned ms = 0; ms < STOP_GRACE_MS && !got; ms++) {
		got = wait4(p->pid, &status, WNOHANG, &ru);
		if (!got)
			ct_sleep_s(0.001);
	}
	bool killed = !got;
	if (killed) {
		kill(p->pid, SIGKILL);
		got = wait4(p->pid, &status, 0, &ru);
	}
	if (got != p->pid) {
		p->server_cpu_s = NAN;
		snprintf(err, errlen, "reaping the server: %s", strerror(errno));
		return -1;
	}
	p->server_cpu_s = (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
			  (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
	if (killed || !WIFEXITED(status) || WEXITSTATUS(status)) {
		snprintf(err, errlen, "server %s", killed ? "did not stop: killed" :
						   "exited abnormally");
		return -1;
	}
	return 0;
}

int ct_lrpc_peer_stop(struct ct_lrpc_peer *p, char *err, size_t errlen)
{
	char e2[128];
	ct_lrpc_unbind(p->cl);
	p->cl = NULL;
	if (p->lrpc_mode >= 0 && p->pid > 0)
		ct_lrpc_shutdown(p->path, e2, sizeof(e2));
	if (p->xp.ch)
		ct_xport_close(&p->xp);
	int rc = p->pid > 0 ? reap(p, err, errlen) : 0;
	if (p->dir[0]) {
		unlink(p->path);
		rmdir(p->dir);
		p->dir[0] = 0;
	}
	p->pid = -1;
	return rc;
}
