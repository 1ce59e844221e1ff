/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * xport_shm.c - baselines over shared memory created before fork():
 * eventfd signalling with the payload in a shared buffer, and a bare
 * futex ping-pong.
 */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <unistd.h>

#include "harness/core/futex.h"
#include "procs.h"
#include "xport.h"

/* The shared part of a channel; the payload follows it. */
struct shm_hdr {
	_Atomic uint32_t word; /* futex: 0 idle, 1 request, 2 reply, 3 close */
	uint32_t proc, len;
	uint8_t data[] ct_aligned(CT_PAD);
};

struct shm_ch {
	struct shm_hdr *shm;
	size_t bytes;
	int req, resp; /* eventfds (eventfd transport only) */
};

static int shm_map(struct ct_xport *x, struct shm_ch *ch)
{
	ch->bytes = sizeof(struct shm_hdr) + x->max_bytes;
	void *p = mmap(NULL, ch->bytes, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ch->shm = p == MAP_FAILED ? NULL : p;
	ch->req = ch->resp = -1;
	return ch->shm ? 0 : -1;
}

static void shm_close(void *chp)
{
	struct shm_ch *ch = chp;
	if (ch->shm) {
		/* Tell a server still waiting that this is the end. */
		atomic_store(&ch->shm->word, 3);
		ct_futex_wake(&ch->shm->word, 1, true);
		if (ch->req >= 0) {
			uint64_t one = 1;
			ct_write_full(ch->req, &one, sizeof(one));
		}
		munmap(ch->shm, ch->bytes);
	}
	if (ch->req >= 0)
		close(ch->req), close(ch->resp);
	ch->shm = NULL;
	ch->req = ch->resp = -1;
}

static void shm_side(void *chp)
{
	(void)chp; /* both sides keep everything */
}

/* ---- eventfd --------------------------------------------------------------- */

static int efd_open(struct ct_xport *x, void *chp)
{
	struct shm_ch *ch = chp;
	if (shm_map(x, ch))
		return -1;
	ch->req = eventfd(0, EFD_CLOEXEC);
	ch->resp = eventfd(0, EFD_CLOEXEC);
	return ch->req >= 0 && ch->resp >= 0 ? 0 : -1;
}

/* The eventfd read/write pairs order the buffer's accesses: each is a
 * system call on one kernel object, a full barrier either side. */
static void efd_serve(struct ct_xport *x, void *chp)
{
	struct shm_ch *ch = chp;
	struct shm_hdr *s = ch->shm;
	uint64_t v;
	while (!ct_read_full(ch->req, &v, sizeof(v)) &&
	       atomic_load_explicit(&s->word, memory_order_acquire) != 3) {
		uint32_t len = s->len <= x->max_bytes ? s->len : 0;
		s->len = (uint32_t)ct_lrpc_run_proc(s->proc, s->data, len);
		v = 1;
		if (ct_write_full(ch->resp, &v, sizeof(v)))
			break;
	}
}

static int efd_call(struct ct_xport *x, void *chp, unsigned proc,
		    const uint8_t *args, size_t len, uint8_t *res,
		    size_t *res_len)
{
	struct shm_ch *ch = chp;
	struct shm_hdr *s = ch->shm;
	uint64_t v = 1;
	s->proc = proc;
	s->len = (uint32_t)len;
	memcpy(s->data, args, len);
	if (ct_write_full(ch->req, &v, sizeof(v)) ||
	    ct_read_full(ch->resp, &v, sizeof(v)))
		return -1;
	*res_len = s->len <= x->max_bytes ? s->len : 0;
	memcpy(res, s->data, *res_len);
	return 0;
}

const struct ct_xport_ops ct_xport_eventfd = {
	.name = "eventfd", .copies = 1, .ch_size = sizeof(struct shm_ch),
	.open = efd_open, .client_side = shm_side, .server_side = shm_side,
	.serve = efd_serve, .call = efd_call, .close = shm_close,
};

/* ---- futex ping-pong --------------------------------------------------------- */

static int futex_open(struct ct_xport *x, void *chp)
{
	return shm_map(x, chp);
}

/* Wait until the word leaves `from`, return its new value. */
static uint32_t wait_change(_Atomic uint32_t *w, uint32_t from)
{
	uint32_t v;
	/* acquire: pairs with the other side's release store. */
	while ((v = atomic_load_explicit(w, memory_order_acquire)) == from)
		ct_futex_wait(w, from, 0, true);
	return v;
}

static void futex_serve(struct ct_xport *x, void *chp)
{
	struct shm_ch *ch = chp;
	_Atomic uint32_t *w = &ch->shm->word;
	uint32_t v = atomic_load(w);
	for (;;) {
		while (v != 1 && v != 3)
			v = wait_change(w, v);
		if (v == 3)
			return;
		atomic_store_explicit(w, 2, memory_order_release);
		ct_futex_wake(w, 1, true);
		v = 2;
	}
}

static int futex_call(struct ct_xport *x, void *chp, unsigned proc,
		      const uint8_t *args, size_t len, uint8_t *res,
		      size_t *res_len)
{
	struct shm_ch *ch = chp;
	_Atomic uint32_t *w = &ch->shm->word;
	atomic_store_explicit(w, 1, memory_order_release);
	ct_futex_wake(w, 1, true);
	wait_change(w, 1);
	atomic_store_explicit(w, 0, memory_order_relaxed);
	*res_len = 0;
	return 0;
}

const struct ct_xport_ops ct_xport_futex = {
	.name = "futex", .copies = 0, .ch_size = sizeof(struct shm_ch),
	.open = futex_open, .client_side = shm_side, .server_side = shm_side,
	.serve = futex_serve, .call = futex_call, .close = shm_close,
};
