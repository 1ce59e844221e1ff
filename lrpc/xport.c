/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * xport.c - the baseline registry, channel arrays and the stream framing
 * that the pipe and socket transports share.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "lrpc.h"
#include "procs.h"
#include "xport.h"

/* Move the whole buffer through read() or write(), retrying short
 * transfers and EINTR; EOF counts as failure. */
static int full(int fd, uint8_t *p, size_t len, bool writing)
{
	while (len) {
		ssize_t n = writing ? write(fd, p, len) : read(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n, len -= (size_t)n;
	}
	return 0;
}

int ct_write_full(int fd, const void *buf, size_t len)
{
	return full(fd, (uint8_t *)buf, len, true);
}

int ct_read_full(int fd, void *buf, size_t len)
{
	return full(fd, buf, len, false);
}

/* ---- streams: pipe and socket --------------------------------------------- */

/* Client writes cw and reads cr; the server reads sr and writes sw. A
 * socketpair uses one fd per side for both directions. */
struct stream_ch {
	int cw, cr, sr, sw;
};

/* Header and payload in one writev: one system call per message. */
static int send_msg(int fd, uint32_t proc, const uint8_t *p, size_t len)
{
	struct ct_xport_hdr h = { proc, (uint32_t)len };
	struct iovec iov[2] = { { &h, sizeof(h) }, { (void *)p, len } };
	ssize_t n = writev(fd, iov, len ? 2 : 1);
	if (n < 0)
		return -1;
	size_t done = (size_t)n;
	if (done < sizeof(h))
		return -1; /* a header never splits in a pipe or a socketpair */
	return ct_write_full(fd, p + (done - sizeof(h)), len - (done - sizeof(h)));
}

static int recv_msg(int fd, struct ct_xport_hdr *h, uint8_t *p, size_t cap)
{
	if (ct_read_full(fd, h, sizeof(*h)) || h->len > cap)
		return -1;
	return ct_read_full(fd, p, h->len);
}

static void stream_serve(struct ct_xport *x, void *chp)
{
	struct stream_ch *ch = chp;
	uint8_t *buf = malloc(x->max_bytes);
	struct ct_xport_hdr h;
	while (buf && !recv_msg(ch->sr, &h, buf, x->max_bytes)) {
		size_t rlen = ct_lrpc_run_proc(h.proc, buf, h.len);
		if (send_msg(ch->sw, h.proc, buf, rlen))
			break;
	}
	free(buf);
}

static int stream_call(struct ct_xport *x, void *chp, unsigned proc,
		       const uint8_t *args, size_t len, uint8_t *res,
		       size_t *res_len)
{
	struct stream_ch *ch = chp;
	struct ct_xport_hdr h;
	if (send_msg(ch->cw, proc, args, len) ||
	    recv_msg(ch->cr, &h, res, x->max_bytes))
		return -1;
	*res_len = h.len;
	return 0;
}

static void close_pair(int *a, int *b)
{
	if (*a >= 0)
		close(*a);
	if (*b >= 0 && *b != *a)
		close(*b);
	*a = *b = -1;
}

static void stream_client_side(void *chp)
{
	struct stream_ch *ch = chp;
	close_pair(&ch->sr, &ch->sw);
}

static void stream_server_side(void *chp)
{
	struct stream_ch *ch = chp;
	close_pair(&ch->cw, &ch->cr);
}

static void stream_close(void *chp)
{
	stream_client_side(chp);
	stream_server_side(chp);
}

static int xpipe_open(struct ct_xport *x, void *chp)
{
	struct stream_ch *ch = chp;
	int up[2], down[2];
	if (pipe2(up, O_CLOEXEC))
		return -1;
	if (pipe2(down, O_CLOEXEC)) {
		close(up[0]), close(up[1]);
		return -1;
	}
	*ch = (struct stream_ch){ .cw = up[1], .sr = up[0], .sw = down[1],
				  .cr = down[0] };
	return 0;
}

static int xsocket_open(struct ct_xport *x, void *chp)
{
	struct stream_ch *ch = chp;
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
		return -1;
	*ch = (struct stream_ch){ .cw = sv[0], .cr = sv[0], .sr = sv[1],
				  .sw = sv[1] };
	return 0;
}

#define STREAM_OPS(id, nm, ncopies)                                       \
	static const struct ct_xport_ops id = {                            \
		.name = nm, .copies = ncopies,                             \
		.ch_size = sizeof(struct stream_ch), .open = id##_open,    \
		.client_side = stream_client_side,                         \
		.server_side = stream_server_side, .serve = stream_serve,  \
		.call = stream_call, .close = stream_close,                \
	}
STREAM_OPS(xpipe, "pipe", 2);
STREAM_OPS(xsocket, "socket", 2);

/* ---- msgrpc: marshal, kernel in, kernel out, unmarshal ------------------- */

/* A message is a header and the marshalled arguments in one buffer. */
static uint8_t *marshal(uint8_t *msg, uint32_t proc, const uint8_t *p,
			size_t len)
{
	struct ct_xport_hdr h = { proc, (uint32_t)len };
	memcpy(msg, &h, sizeof(h));
	memcpy(msg + sizeof(h), p, len); /* copy 1 */
	return msg;
}

static void msgrpc_serve(struct ct_xport *x, void *chp)
{
	struct stream_ch *ch = chp;
	uint8_t *msg = malloc(sizeof(struct ct_xport_hdr) + x->max_bytes);
	uint8_t *frame = malloc(x->max_bytes);
	struct ct_xport_hdr h;
	/* copy 3: kernel to msg; copy 4: msg to the server's frame */
	while (msg && frame &&
	       !recv_msg(ch->sr, &h, msg + sizeof(h), x->max_bytes)) {
		memcpy(frame, msg + sizeof(h), h.len);
		size_t rlen = ct_lrpc_run_proc(h.proc, frame, h.len);
		marshal(msg, h.proc, frame, rlen);
		if (ct_write_full(ch->sw, msg, sizeof(h) + rlen)) /* copy 2 */
			break;
	}
	free(msg);
	free(frame);
}

static int msgrpc_call(struct ct_xport *x, void *chp, unsigned proc,
		       const uint8_t *args, size_t len, uint8_t *res,
		       size_t *res_len)
{
	struct stream_ch *ch = chp;
	uint8_t msg[sizeof(struct ct_xport_hdr) + CT_LRPC_MAX_BYTES];
	struct ct_xport_hdr h;
	marshal(msg, proc, args, len);
	if (ct_write_full(ch->cw, msg, sizeof(h) + len) ||
	    recv_msg(ch->cr, &h, msg + sizeof(h), x->max_bytes))
		return -1;
	memcpy(res, msg + sizeof(h), h.len); /* unmarshal */
	*res_len = h.len;
	return 0;
}

static const struct ct_xport_ops msgrpc = {
	.name = "msgrpc", .copies = 4, .ch_size = sizeof(struct stream_ch),
	.open = xsocket_open, .client_side = stream_client_side,
	.server_side = stream_server_side, .serve = msgrpc_serve,
	.call = msgrpc_call, .close = stream_close,
};

/* ---- registry ----------------------------------------------------------- */

extern const struct ct_xport_ops ct_xport_eventfd, ct_xport_futex;

const struct ct_xport_ops *const ct_xports[] = {
	&xpipe, &xsocket, &ct_xport_eventfd, &msgrpc, &ct_xport_futex,
	NULL,
};

const struct ct_xport_ops *ct_xport_find(const char *name)
{
	for (const struct ct_xport_ops *const *o = ct_xports; *o; o++)
		if (!strcmp((*o)->name, name))
			return *o;
	return NULL;
}

void *ct_xport_ch(const struct ct_xport *x, unsigned i)
{
	return (uint8_t *)x->ch + (size_t)i * x->ops->ch_size;
}

int ct_xport_open(struct ct_xport *x, const struct ct_xport_ops *ops,
		  unsigned nch, size_t max_bytes)
{
	*x = (struct ct_xport){ ops, 0, max_bytes, calloc(nch, ops->ch_size) };
	if (!x->ch)
		return -1;
	for (; x->nch < nch; x->nch++)
		if (ops->open(x, ct_xport_ch(x, x->nch))) {
			ct_xport_close(x);
			return -1;
		}
	return 0;
}

void ct_xport_close(struct ct_xport *x)
{
	for (unsigned i = 0; i < x->nch; i++)
		x->ops->close(ct_xport_ch(x, i));
	free(x->ch);
	x->ch = NULL;
	x->nch = 0;
}
