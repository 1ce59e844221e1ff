/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * server.c - the broker: the server's main thread listens on an owner-only
 * UNIX socket, creates a binding (memory, key, threads) per BIND, answers
 * STATS, CHECK and SHUTDOWN, and reclaims a binding when its client's
 * connection closes (the client exited or died: the kernel closes it).
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "harness/core/timing.h"
#include "server.h"
#include "wire.h"

#define REQUEST_TIMEOUT_MS 1000

struct server {
	const struct ct_lrpc_server_cfg *cfg;
	uint64_t epoch;
	unsigned nb;
	struct ct_lrpc_sbinding *b;
	struct ct_lrpc_server_stats retired; /* counters of reclaimed bindings */
	bool done;
};

static uint64_t random64(void)
{
	uint64_t x = 0;
	if (getrandom(&x, sizeof(x), 0) != sizeof(x))
		x = ct_clock_ns() * 0x9E3779B97F4A7C15ull ^ (uint64_t)getpid();
	return x;
}

static int listen_on(const char *path, char *err, size_t errlen)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	if (strlen(path) >= sizeof(a.sun_path)) {
		snprintf(err, errlen, "socket path too long: %s", path);
		return -1;
	}
	strcpy(a.sun_path, path);
	unlink(path);
	int s = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	/* Owner-only from birth: no window in which another user connects. */
	mode_t old = umask(077);
	int rc = s < 0 ? -1 : bind(s, (struct sockaddr *)&a, sizeof(a));
	umask(old);
	if (rc || listen(s, 64)) {
		snprintf(err, errlen, "listen on %s: %s", path, strerror(errno));
		if (s >= 0)
			close(s);
		return -1;
	}
	return s;
}

static void reply_error(int conn, struct ct_lrpc_reply *rp, int status,
			const char *why)
{
	rp->status = status;
	snprintf(rp->err, sizeof(rp->err), "%.120s", why);
	ct_lrpc_send(conn, rp, sizeof(*rp), -1);
}

static struct ct_lrpc_sbinding *free_binding(struct server *s)
{
	for (unsigned i = 0; i < s->nb; i++)
		if (!s->b[i].used)
			return &s->b[i];
	return NULL;
}

static void describe(const struct ct_lrpc_iface *ifc, struct ct_lrpc_reply *rp)
{
	rp->nprocs = ifc->nprocs;
	for (unsigned p = 0; p < ifc->nprocs; p++) {
		struct ct_lrpc_proc_desc *d = &rp->procs[p];
		memcpy(d->name, ifc->procs[p].name, sizeof(d->name));
		d->arg_bytes = ifc->procs[p].arg_bytes;
		d->res_bytes = ifc->procs[p].res_bytes;
		d->nastacks = ifc->procs[p].nastacks;
	}
}

/* BIND: the peer must be our user; one fresh memfd per binding. Returns
 * true if conn now belongs to a binding. */
static bool do_bind(struct server *s, int conn, const struct ct_lrpc_req *rq,
		    struct ct_lrpc_reply *rp)
{
	const struct ct_lrpc_server_cfg *cfg = s->cfg;
	struct ucred cred;
	socklen_t cl = sizeof(cred);
	char err[160];
	if (getsockopt(conn, SOL_SOCKET, SO_PEERCRED, &cred, &cl) ||
	    cred.uid != getuid()) {
		reply_error(conn, rp, CT_LRPC_EPROTO, "peer is not our user");
		return false;
	}
	if (strncmp(rq->iface, cfg->iface.name, CT_LRPC_NAME) ||
	    rq->mode > CT_LRPC_BLOCK) {
		reply_error(conn, rp, CT_LRPC_EPROTO, "no such interface or mode");
		return false;
	}
	struct ct_lrpc_sbinding *b = free_binding(s);
	if (!b) {
		reply_error(conn, rp, CT_LRPC_EPROTO, "too many bindings");
		return false;
	}
	memset(b, 0, sizeof(*b));
	b->nthreads = cfg->threads;
	b->iface = &cfg->iface;
	if (ct_lrpc_layout(&b->lay, &cfg->iface, rq->slots, cfg->threads)) {
		reply_error(conn, rp, CT_LRPC_EPROTO, "slot count out of range");
		return false;
	}
	int fd = ct_lrpc_region_create(&b->lay, &b->base, err, sizeof(err));
	if (fd < 0) {
		reply_error(conn, rp, CT_LRPC_EPROTO, err);
		return false;
	}
	ct_lrpc_region_init(b->base, &b->lay);
	b->obj = (struct ct_lrpc_binding){ .id = (uint32_t)(b - s->b),
					   .epoch = s->epoch,
					   .key = random64() };
	b->mode = (enum ct_lrpc_mode)rq->mode;
	b->spin_window_ticks = ct_ns_to_ticks((double)rq->spin_window_ns);
	b->copy_in = cfg->copy_in;
	b->conn = conn;
	if (ct_lrpc_sbinding_start(b, cfg->cpus, cfg->cpus ? cfg->threads : 0,
				   err, sizeof(err))) {
		munmap(b->base, b->lay.size);
		close(fd);
		reply_error(conn, rp, CT_LRPC_EPROTO, err);
		return false;
	}
	b->used = true;
	rp->status = 0;
	rp->nthreads = cfg->threads;
	rp->binding = b->obj;
	describe(&cfg->iface, rp);
	bool sent = !ct_lrpc_send(conn, rp, sizeof(*rp), fd);
	close(fd); /* the mapping keeps the memory; the client has its fd */
	if (!sent) { /* the client is already gone */
		ct_lrpc_sbinding_stop(b);
		munmap(b->base, b->lay.size);
		b->used = false;
		return false;
	}
	s->retired.bindings_total++;
	return true;
}

/* Stop the binding's threads, unmap its memory: its A-stacks are gone. */
static void reclaim(struct server *s, struct ct_lrpc_sbinding *b)
{
	ct_lrpc_sbinding_stop(b);
	ct_lrpc_sbinding_sum(b, &s->retired);
	munmap(b->base, b->lay.size);
	close(b->conn);
	b->used = false;
	s->retired.bindings_reclaimed++;
}

static void fill_stats(struct server *s, struct ct_lrpc_server_stats *st)
{
	*st = s->retired;
	for (unsigned i = 0; i < s->nb; i++)
		if (s->b[i].used) {
			ct_lrpc_sbinding_sum(&s->b[i], st);
			st->bindings_live++;
		}
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	st->cpu_ns = (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
	st->pid = (int32_t)getpid();
}

static bool binding_ok(struct server *s, const struct ct_lrpc_binding *o)
{
	return o->id < s->nb && s->b[o->id].used && o->epoch == s->epoch &&
	       o->key == s->b[o->id].obj.key;
}

/* One request on a new connection. */
static void handle(struct server *s, int conn)
{
	struct ct_lrpc_req rq;
	struct ct_lrpc_reply rp;
	memset(&rp, 0, sizeof(rp));
	struct pollfd p = { conn, POLLIN, 0 };
	if (poll(&p, 1, REQUEST_TIMEOUT_MS) != 1 ||
	    ct_lrpc_recv(conn, &rq, sizeof(rq), NULL)) {
		close(conn);
		return;
	}
	switch (rq.op) {
	case CT_LRPC_OP_BIND:
		if (do_bind(s, conn, &rq, &rp))
			return;
		break;
	case CT_LRPC_OP_STATS:
		fill_stats(s, &rp.stats);
		ct_lrpc_send(conn, &rp, sizeof(rp), -1);
		break;
	case CT_LRPC_OP_CHECK:
		rp.status = binding_ok(s, &rq.binding) ? 0 : CT_LRPC_EBINDING;
		s->retired.rej_stale_bind += rp.status != 0;
		ct_lrpc_send(conn, &rp, sizeof(rp), -1);
		break;
	case CT_LRPC_OP_SHUTDOWN:
		fill_stats(s, &rp.stats);
		ct_lrpc_send(conn, &rp, sizeof(rp), -1);
		s->done = true;
		break;
	default:
		reply_error(conn, &rp, CT_LRPC_EPROTO, "unknown request");
	}
	close(conn);
}

/* Poll the listener and every binding's connection; act on what fired. */
static int broker_step(struct server *s, int lsock)
{
	struct pollfd pf[1 + 64];
	struct ct_lrpc_sbinding *who[1 + 64];
	unsigned n = 0;
	pf[n++] = (struct pollfd){ lsock, POLLIN, 0 };
	for (unsigned i = 0; i < s->nb && n < CT_ARRAY_SIZE(pf); i++)
		if (s->b[i].used) {
			who[n] = &s->b[i];
			pf[n++] = (struct pollfd){ s->b[i].conn, POLLIN, 0 };
		}
	if (poll(pf, n, -1) < 0)
		return errno == EINTR ? 0 : -1;
	for (unsigned i = 1; i < n; i++)
		if (pf[i].revents) /* EOF, hang-up or stray data: done with it */
			reclaim(s, who[i]);
	if (pf[0].revents & POLLIN) {
		int conn = accept4(lsock, NULL, NULL, SOCK_CLOEXEC);
		if (conn >= 0)
			handle(s, conn);
	}
	return 0;
}

int ct_lrpc_serve(const struct ct_lrpc_server_cfg *cfg, char *err,
		  size_t errlen)
{
	if (!ct_timer.ns_per_tick)
		ct_timer_calibrate();
	struct server s = { .cfg = cfg, .epoch = random64(),
			    .nb = cfg->max_bindings ? cfg->max_bindings : 16 };
	if (s.nb > 64)
		s.nb = 64;
	s.b = calloc(s.nb, sizeof(*s.b));
	int lsock = listen_on(cfg->path, err, errlen);
	if (!s.b || lsock < 0) {
		free(s.b);
		return -1;
	}
	if (cfg->ready_fd >= 0) {
		char one = 1;
		/* A parent that went away does not stop the server. */
		(void)!write(cfg->ready_fd, &one, 1);
		close(cfg->ready_fd);
	}
	int rc = 0;
	while (!s.done && !rc)
		rc = broker_step(&s, lsock);
	if (rc)
		snprintf(err, errlen, "broker poll: %s", strerror(errno));
	for (unsigned i = 0; i < s.nb; i++)
		if (s.b[i].used)
			reclaim(&s, &s.b[i]);
	close(lsock);
	unlink(cfg->path);
	free(s.b);
	return rc;
}
