/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * lrpc.h - Lightweight Remote Procedure Call between two processes on one
 * machine, after Bershad, Anderson, Lazowska and Levy, "Lightweight Remote
 * Procedure Call", ACM TOCS 8(1), 1990.
 *
 * What maps to the paper:
 *   - a server exports an interface: a procedure descriptor list (entry,
 *     argument and result sizes, number of simultaneous calls);
 *   - a client binds through a broker (a UNIX socket that passes one memfd
 *     with SCM_RIGHTS) and receives a binding object; the memfd is created
 *     per binding, owner-only and size-sealed, so the memory is shared by
 *     exactly that client and server;
 *   - per procedure a queue of argument stacks (A-stacks) in that memory;
 *     the client stub copies arguments onto an A-stack, the server runs the
 *     procedure on them in place and writes results there: one copy each
 *     way (plus an optional defensive copy-in on the server);
 *   - the kernel's validation of the binding object, procedure id and
 *     A-stack is done by the server against its private copy of the
 *     binding before it touches anything;
 *   - "domain caching": in spin mode the server's threads idle on their own
 *     processors, polling, so a call is a cache-line transfer each way.
 *     Hybrid mode spins for a window, then sleeps on a futex; block mode
 *     sleeps at once (and works with both sides on one CPU).
 *
 * What does not: there is no kernel here, so the "domain switch" is a
 * hand-off between a client thread and a server thread through the
 * shared call slot, not a thread migrating into the server's domain.
 */
#ifndef CT_LRPC_H
#define CT_LRPC_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define CT_LRPC_MAX_PROCS 8
#define CT_LRPC_MAX_SLOTS 64      /* client threads per binding */
#define CT_LRPC_MAX_SERVER_THREADS 16
#define CT_LRPC_MAX_ASTACKS 64    /* simultaneous calls per procedure */
#define CT_LRPC_MAX_BYTES (64u << 10) /* largest argument or result */
#define CT_LRPC_NAME 32

/* Call status, as the client sees it (0 = ok). Negative: the call was not
 * run. The server counts every rejection by reason. */
enum ct_lrpc_status {
	CT_LRPC_OK = 0,
	CT_LRPC_EBINDING = -1, /* binding object forged, stale or revoked */
	CT_LRPC_EPROC = -2,    /* procedure id out of range */
	CT_LRPC_EASTACK = -3,  /* A-stack not one of this procedure's, or in use */
	CT_LRPC_ESIZE = -4,    /* argument length beyond the A-stack */
	CT_LRPC_EDEAD = -5,    /* the server died or closed the binding */
	CT_LRPC_EPROTO = -6,   /* broker protocol or system error */
};

const char *ct_lrpc_strerror(int status);

/* How a waiting side waits. */
enum ct_lrpc_mode { CT_LRPC_SPIN, CT_LRPC_HYBRID, CT_LRPC_BLOCK };
extern const char *const ct_lrpc_mode_names[]; /* NULL-terminated */

/* ---- the interface a server exports ------------------------------------- */

/*
 * A procedure runs on its A-stack in place: `buf` holds arg_len argument
 * bytes and has room for the descriptor's result size; it writes the
 * results there and returns their length.
 */
typedef size_t (*ct_lrpc_entry)(uint8_t *buf, size_t arg_len);

struct ct_lrpc_proc {
	char name[CT_LRPC_NAME];
	ct_lrpc_entry entry;  /* server side only; never sent to a client */
	uint32_t arg_bytes;   /* largest argument block */
	uint32_t res_bytes;   /* largest result block */
	uint32_t nastacks;    /* simultaneous calls (A-stacks in its queue) */
};

struct ct_lrpc_iface {
	char name[CT_LRPC_NAME];
	unsigned nprocs;
	struct ct_lrpc_proc procs[CT_LRPC_MAX_PROCS];
};

/* The paper's test interface: null, add, bigin, biginout (see procs.c),
 * with argument blocks up to max_bytes and nastacks A-stacks each. */
void ct_lrpc_bench_iface(struct ct_lrpc_iface *ifc, uint32_t max_bytes,
			 uint32_t nastacks);
enum { CT_LRPC_PROC_NULL, CT_LRPC_PROC_ADD, CT_LRPC_PROC_BIGIN,
       CT_LRPC_PROC_BIGINOUT };

/* ---- the binding object ------------------------------------------------- */

/* What the client holds. The key is 64 random bits chosen by the server
 * per binding; the epoch is random per server start, so a restarted
 * server rejects every binding object of its predecessor. */
struct ct_lrpc_binding {
	uint32_t id;
	uint32_t pad;
	uint64_t epoch;
	uint64_t key;
};

/* ---- server ----------------------------------------------------------- */

struct ct_lrpc_server_cfg {
	const char *path;       /* broker socket (created, owner-only) */
	struct ct_lrpc_iface iface;
	unsigned threads;       /* server threads per binding */
	const int *cpus;        /* their CPUs (threads entries), or NULL */
	bool copy_in;           /* defensive copy of arguments before running */
	unsigned max_bindings;  /* live bindings at once */
	int ready_fd;           /* >= 0: write one byte there once listening */
};

/* Server-wide counters, as reported to STATS requests. */
struct ct_lrpc_server_stats {
	uint64_t calls;           /* procedures run */
	uint64_t rej_binding, rej_proc, rej_astack, rej_size;
	uint64_t rej_stale_bind;  /* rebind attempts with an old binding */
	uint64_t bindings_live, bindings_total, bindings_reclaimed;
	uint64_t cpu_ns;          /* CPU time of all server threads so far */
	uint64_t sleeps;          /* times a server thread slept on a futex */
	uint64_t copy_in_bytes;   /* bytes copied defensively */
	int32_t pid;
	uint32_t pad;
};

/*
 * Run a server until a client sends SHUTDOWN or the process is killed.
 * Blocks the calling thread (it becomes the broker). Returns 0, or -1 with
 * the reason in err.
 */
int ct_lrpc_serve(const struct ct_lrpc_server_cfg *cfg, char *err,
		  size_t errlen);

/* ---- client ------------------------------------------------------------ */

struct ct_lrpc_client; /* one binding, shared by up to `slots` threads */

struct ct_lrpc_bind_cfg {
	const char *path;
	const char *iface;
	unsigned slots;           /* client threads that will call */
	enum ct_lrpc_mode mode;
	uint64_t spin_window_ns;  /* hybrid: spin this long, then sleep */
};

/* Bind (connect, BIND, receive memfd + binding, map it, start the server
 * watch). NULL with the reason in err. */
struct ct_lrpc_client *ct_lrpc_bind(const struct ct_lrpc_bind_cfg *cfg,
				    char *err, size_t errlen);
void ct_lrpc_unbind(struct ct_lrpc_client *c);

/* Per-thread call statistics, kept by the stub in client-private memory. */
struct ct_lrpc_call_stats {
	uint64_t calls, blocked;      /* blocked: the client slept on a futex */
	uint64_t astack_waits;        /* procedure's A-stack queue was empty */
	uint64_t queue_contended;     /* A-stack queue lock was held */
};

/*
 * The client stub: copy arg_len bytes of args onto an A-stack of proc,
 * hand the call to the server through `slot` (one slot per calling
 * thread), wait as the binding's mode says, copy the results into res
 * (room for res_cap bytes), set *res_len. Returns a ct_lrpc_status.
 */
int ct_lrpc_call(struct ct_lrpc_client *c, unsigned slot, unsigned proc,
		 const void *args, size_t arg_len, void *res, size_t res_cap,
		 size_t *res_len, struct ct_lrpc_call_stats *st);

/* The fields a hostile client controls, for the security tests. */
struct ct_lrpc_raw_call {
	uint64_t key;         /* binding key to present */
	uint32_t proc;
	int64_t astack_off;   /* offset of the A-stack in the region, or: */
#define CT_LRPC_PROPER_ASTACK INT64_MIN /* take one from proc's queue */
	uint32_t arg_len;
};
int ct_lrpc_call_raw(struct ct_lrpc_client *c, unsigned slot,
		     const struct ct_lrpc_raw_call *rc);

const struct ct_lrpc_binding *ct_lrpc_binding_of(const struct ct_lrpc_client *c);
pid_t ct_lrpc_server_pid(const struct ct_lrpc_client *c);
int ct_lrpc_memfd(const struct ct_lrpc_client *c);
/* Procedure id by name, or -1. */
int ct_lrpc_proc_id(const struct ct_lrpc_client *c, const char *name);
/* Nanoseconds from the server's death to the client noticing it (0 while
 * the server lives). */
uint64_t ct_lrpc_death_seen_ns(const struct ct_lrpc_client *c);

/* Broker requests on a fresh connection (no binding needed). */
int ct_lrpc_stats(const char *path, struct ct_lrpc_server_stats *out,
		  char *err, size_t errlen);
int ct_lrpc_shutdown(const char *path, char *err, size_t errlen);
/* Present an existing binding object to the server at path; returns 0 if
 * it still names a live binding, CT_LRPC_EBINDING if not. */
int ct_lrpc_check_binding(const char *path, const struct ct_lrpc_binding *b,
			  char *err, size_t errlen);

#endif /* CT_LRPC_H */
