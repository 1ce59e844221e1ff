/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * xport.h - the ordinary IPC a user would otherwise pick, as baselines for
 * LRPC: each carries the same procedures with the same payloads between a
 * client process and a server process, one channel per client thread and
 * one server thread per channel.
 *
 *   pipe     request and reply pipes; header + payload in one write
 *            (copies per direction: user->kernel->user = 2)
 *   socket   a UNIX stream socketpair, same framing (2 copies)
 *   eventfd  a shared buffer plus a request and a reply eventfd; the
 *            server runs the procedure in the shared buffer (1 copy)
 *   msgrpc   classic message RPC over a socketpair: the client stub
 *            marshals into a message, the kernel copies it in and out,
 *            the server stub unmarshals into its own frame: the four-copy
 *            path LRPC replaced (4 copies)
 *   futex    a bare futex ping-pong on a shared word: no payload, no
 *            checks; the floor under LRPC's block mode
 *
 * Life: open() in the parent before fork(); the child calls serve() for
 * each channel (in its own thread) until the client side closes; the
 * parent calls call() from client thread `ch` and close() at the end.
 */
#ifndef CT_LRPC_XPORT_H
#define CT_LRPC_XPORT_H

#include <stddef.h>
#include <stdint.h>

struct ct_xport {
	const struct ct_xport_ops *ops;
	unsigned nch;
	size_t max_bytes;
	void *ch;            /* the transport's channels, nch of them */
};

struct ct_xport_ops {
	const char *name;
	unsigned copies;     /* copies of the payload per direction */
	size_t ch_size;
	int (*open)(struct ct_xport *x, void *ch);
	/* After fork: each side closes the other's ends. */
	void (*client_side)(void *ch);
	void (*server_side)(void *ch);
	/* Server thread: serve until the client's end closes. */
	void (*serve)(struct ct_xport *x, void *ch);
	/* Client thread: one call; 0 or -1 (channel broken). */
	int (*call)(struct ct_xport *x, void *ch, unsigned proc,
		    const uint8_t *args, size_t len, uint8_t *res,
		    size_t *res_len);
	void (*close)(void *ch);
};

extern const struct ct_xport_ops *const ct_xports[]; /* NULL-terminated */
const struct ct_xport_ops *ct_xport_find(const char *name);

/* Allocate and open nch channels; -1 with errno on failure. */
int ct_xport_open(struct ct_xport *x, const struct ct_xport_ops *ops,
		  unsigned nch, size_t max_bytes);
void *ct_xport_ch(const struct ct_xport *x, unsigned i);
void ct_xport_close(struct ct_xport *x);

/* Streams: the whole buffer or -1 (EOF counts as failure). */
int ct_write_full(int fd, const void *buf, size_t len);
int ct_read_full(int fd, void *buf, size_t len);

/* The framing pipe and socket share: header, then payload. */
struct ct_xport_hdr {
	uint32_t proc;
	uint32_t len;
};

#endif /* CT_LRPC_XPORT_H */
