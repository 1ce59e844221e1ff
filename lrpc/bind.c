/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * bind.c - binding to a server through its broker, the watch that turns a
 * dead server into an error in every waiting call, and the broker's small
 * requests (STATS, CHECK, SHUTDOWN).
 */
#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "harness/core/timing.h"
#include "client.h"
#include "harness/core/futex.h"

const char *const ct_lrpc_mode_names[] = { "spin", "hybrid", "block", NULL };

const char *ct_lrpc_strerror(int status)
{
	switch (status) {
	case CT_LRPC_OK: return "ok";
	case CT_LRPC_EBINDING: return "binding object rejected";
	case CT_LRPC_EPROC: return "procedure id out of range";
	case CT_LRPC_EASTACK: return "A-stack outside the procedure's or in use";
	case CT_LRPC_ESIZE: return "argument larger than the A-stack";
	case CT_LRPC_EDEAD: return "server died or closed the binding";
	default: return "protocol or system error";
	}
}

/*
 * The watch: blocks in poll() on the server's pidfd and the binding's
 * connection (costing nothing while the server lives). When either fires,
 * it marks every slot DEAD and wakes its sleeper, so a spinning caller sees
 * DEAD in the word it polls and a sleeping one is woken into it.
 */
static void *watch(void *arg)
{
	struct ct_lrpc_client *c = arg;
	struct pollfd pf[3] = { { c->stopfd, POLLIN, 0 },
				{ c->conn, POLLIN, 0 },
				{ c->pidfd, POLLIN, 0 } };
	while (poll(pf, c->pidfd >= 0 ? 3 : 2, -1) < 0 && errno == EINTR)
		;
	if (pf[0].revents)
		return NULL; /* unbind */
	atomic_store(&c->death_seen_ns, ct_clock_ns());
	for (unsigned i = 0; i < c->lay.nslots; i++) {
		struct ct_lrpc_slot *s = ct_lrpc_slot_at(c->base, &c->lay, i);
		atomic_fetch_or(&s->state, CT_LRPC_DEAD);
		ct_futex_wake(&s->state, 1, true);
	}
	return NULL;
}

static int start_watch(struct ct_lrpc_client *c, char *err, size_t errlen)
{
	struct ucred cred;
	socklen_t cl = sizeof(cred);
	if (getsockopt(c->conn, SOL_SOCKET, SO_PEERCRED, &cred, &cl)) {
		snprintf(err, errlen, "SO_PEERCRED: %s", strerror(errno));
		return -1;
	}
	c->server_pid = cred.pid;
	/* Without pidfds (Linux < 5.3) the connection's hang-up still works. */
	c->pidfd = (int)syscall(SYS_pidfd_open, cred.pid, 0);
	c->stopfd = eventfd(0, EFD_CLOEXEC);
	pthread_attr_t a;
	pthread_attr_init(&a);
	cpu_set_t any; /* not the binder's pinning: run wherever there is room */
	CPU_ZERO(&any);
	for (int i = 0; i < CPU_SETSIZE; i++)
		CPU_SET(i, &any);
	pthread_attr_setaffinity_np(&a, sizeof(any), &any);
	int rc = c->stopfd < 0 ? errno : pthread_create(&c->watch, &a, watch, c);
	pthread_attr_destroy(&a);
	if (rc) {
		snprintf(err, errlen, "watch thread: %s", strerror(rc));
		return -1;
	}
	return 0;
}

/* Learn the interface and the layout from the reply, map the memory. */
static int adopt(struct ct_lrpc_client *c, const struct ct_lrpc_reply *rp,
		 unsigned slots, int fd, char *err, size_t errlen)
{
	struct ct_lrpc_iface ifc = { .nprocs = rp->nprocs };
	if (rp->nprocs > CT_LRPC_MAX_PROCS) {
		snprintf(err, errlen, "bad interface in the bind reply");
		return -1;
	}
	for (unsigned p = 0; p < rp->nprocs; p++) {
		ifc.procs[p].arg_bytes = rp->procs[p].arg_bytes;
		ifc.procs[p].res_bytes = rp->procs[p].res_bytes;
		ifc.procs[p].nastacks = rp->procs[p].nastacks;
	}
	if (ct_lrpc_layout(&c->lay, &ifc, slots, rp->nthreads)) {
		snprintf(err, errlen, "bad interface in the bind reply");
		return -1;
	}
	if (ct_lrpc_region_map(fd, &c->lay, &c->base, err, errlen))
		return -1;
	struct ct_lock_cfg lc = CT_LOCK_CFG_DEFAULT;
	lc.wait.policy = CT_WAIT_YIELD;
	for (unsigned p = 0; p < rp->nprocs; p++)
		ct_lock_ttas_init(&ct_lrpc_queue_at(c->base, &c->lay, p)->lock, &lc);
	c->nprocs = rp->nprocs;
	memcpy(c->procs, rp->procs, sizeof(c->procs));
	c->obj = rp->binding;
	return 0;
}

struct ct_lrpc_client *ct_lrpc_bind(const struct ct_lrpc_bind_cfg *cfg,
				    char *err, size_t errlen)
{
	struct ct_lrpc_client *c = calloc(1, sizeof(*c));
	struct ct_lrpc_req rq = { .op = CT_LRPC_OP_BIND, .slots = cfg->slots,
				  .mode = cfg->mode,
				  .spin_window_ns = cfg->spin_window_ns };
	struct ct_lrpc_reply rp;
	snprintf(rq.iface, sizeof(rq.iface), "%s", cfg->iface);
	c->memfd = c->pidfd = c->stopfd = -1;
	c->mode = cfg->mode;
	c->spin_window_ticks = ct_ns_to_ticks((double)cfg->spin_window_ns);
	c->conn = ct_lrpc_connect(cfg->path, err, errlen);
	if (c->conn < 0)
		goto fail;
	if (ct_lrpc_send(c->conn, &rq, sizeof(rq), -1) ||
	    ct_lrpc_recv(c->conn, &rp, sizeof(rp), &c->memfd)) {
		snprintf(err, errlen, "bind: %s", strerror(errno));
		goto fail;
	}
	if (rp.status || c->memfd < 0) {
		snprintf(err, errlen, "bind refused: %.120s", rp.err);
		goto fail;
	}
	if (adopt(c, &rp, cfg->slots, c->memfd, err, errlen) ||
	    start_watch(c, err, errlen))
		goto fail;
	return c;
fail:
	ct_lrpc_unbind(c);
	return NULL;
}

void ct_lrpc_unbind(struct ct_lrpc_client *c)
{
	if (!c)
		return;
	if (c->stopfd >= 0) {
		uint64_t one = 1;
		if (write(c->stopfd, &one, sizeof(one)) == sizeof(one))
			pthread_join(c->watch, NULL);
		close(c->stopfd);
	}
	if (c->base)
		munmap(c->base, c->lay.size);
	if (c->conn >= 0)
		close(c->conn); /* the server reclaims the binding */
	if (c->memfd >= 0)
		close(c->memfd);
	if (c->pidfd >= 0)
		close(c->pidfd);
	free(c);
}

const struct ct_lrpc_binding *ct_lrpc_binding_of(const struct ct_lrpc_client *c)
{
	return &c->obj;
}

pid_t ct_lrpc_server_pid(const struct ct_lrpc_client *c)
{
	return c->server_pid;
}

int ct_lrpc_memfd(const struct ct_lrpc_client *c)
{
	return c->memfd;
}

int ct_lrpc_proc_id(const struct ct_lrpc_client *c, const char *name)
{
	for (unsigned p = 0; p < c->nprocs; p++)
		if (!strncmp(c->procs[p].name, name, CT_LRPC_NAME))
			return (int)p;
	return -1;
}

uint64_t ct_lrpc_death_seen_ns(const struct ct_lrpc_client *c)
{
	return atomic_load(&((struct ct_lrpc_client *)c)->death_seen_ns);
}

/* ---- the broker's small requests ------------------------------------------ */

int ct_lrpc_stats(const char *path, struct ct_lrpc_server_stats *out,
		  char *err, size_t errlen)
{
	struct ct_lrpc_req rq = { .op = CT_LRPC_OP_STATS };
	struct ct_lrpc_reply rp;
	if (ct_lrpc_ask(path, &rq, &rp, err, errlen))
		return -1;
	*out = rp.stats;
	return 0;
}

int ct_lrpc_shutdown(const char *path, char *err, size_t errlen)
{
	struct ct_lrpc_req rq = { .op = CT_LRPC_OP_SHUTDOWN };
	struct ct_lrpc_reply rp;
	return ct_lrpc_ask(path, &rq, &rp, err, errlen);
}

int ct_lrpc_check_binding(const char *path, const struct ct_lrpc_binding *b,
			  char *err, size_t errlen)
{
	struct ct_lrpc_req rq = { .op = CT_LRPC_OP_CHECK, .binding = *b };
	struct ct_lrpc_reply rp;
	if (ct_lrpc_ask(path, &rq, &rp, err, errlen))
		return CT_LRPC_EPROTO;
	return rp.status;
}
