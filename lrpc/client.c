/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * client.c - binding and the client stub: take an A-stack from the
 * procedure's queue, copy the arguments onto it, post the call in this
 * thread's slot, wait, copy the results off, give the A-stack back.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "harness/core/timing.h"
#include "client.h"
#include "harness/core/futex.h"
#include "wire.h"

/* ---- A-stack queues ------------------------------------------------------ */

/*
 * Where a calling thread gets an A-stack. When the procedure has at least
 * one A-stack per slot, slot i simply uses the i-th: nobody can be starved,
 * and the call path has no locked instruction besides the hand-off (each
 * costs 25-40 ns on the 2-vCPU VM we measure on, a third of a c2c round
 * trip). With fewer A-stacks than callers they come from the queue.
 */
static int64_t astack_get(struct ct_lrpc_client *c, unsigned slot,
			  unsigned proc, struct ct_lrpc_call_stats *st)
{
	if (c->lay.nastacks[proc] >= c->lay.nslots)
		return (int64_t)(c->lay.astack_base[proc] +
				 ((uint64_t)slot << c->lay.astack_shift[proc]));
	struct ct_lrpc_queue *q = ct_lrpc_queue_at(c->base, &c->lay, proc);
	for (;;) {
		if (!ct_lock_ttas_trylock(&q->lock, NULL)) {
			st->queue_contended++;
			ct_lock_ttas_acquire(&q->lock, NULL);
		}
		uint32_t idx = q->nfree ? q->free[--q->nfree] : UINT32_MAX;
		ct_lock_ttas_release(&q->lock, NULL);
		if (idx < c->lay.nastacks[proc])
			return (int64_t)(c->lay.astack_base[proc] +
					 idx * c->lay.astack_stride[proc]);
		/* All of proc's A-stacks are out: more callers than the
		 * interface's simultaneous calls. Wait for one to return. */
		st->astack_waits++;
		sched_yield();
	}
}

static void astack_put(struct ct_lrpc_client *c, unsigned proc, int64_t off)
{
	if (c->lay.nastacks[proc] >= c->lay.nslots)
		return; /* the slot's own */
	struct ct_lrpc_queue *q = ct_lrpc_queue_at(c->base, &c->lay, proc);
	uint32_t idx = (uint32_t)(((uint64_t)off - c->lay.astack_base[proc]) >>
				  c->lay.astack_shift[proc]);
	ct_lock_ttas_acquire(&q->lock, NULL);
	if (q->nfree < c->lay.nastacks[proc])
		q->free[q->nfree++] = idx;
	ct_lock_ttas_release(&q->lock, NULL);
}

/* ---- hand-off ---------------------------------------------------------- */

/* Wake the slot's server thread if it may be asleep. The seq_cst load
 * pairs with the server's seq_cst store of `sleeping` in doze(), after our
 * seq_cst exchange of CALL: at least one of us sees the other. */
static void ring(struct ct_lrpc_client *c, unsigned slot)
{
	struct ct_lrpc_bell *bell =
		ct_lrpc_bell_at(c->base, &c->lay, ct_lrpc_slot_server(&c->lay, slot));
	if (atomic_load(&bell->sleeping)) {
		atomic_fetch_add(&bell->seq, 1);
		ct_futex_wake(&bell->seq, 1, true);
	}
}

#define FINISHED (CT_LRPC_DONE | CT_LRPC_DEAD)

/* Sleep until DONE or DEAD: announce CWAIT first, so the server's exchange
 * to DONE sees it and wakes us. */
static uint32_t sleep_until_done(struct ct_lrpc_slot *s,
				 struct ct_lrpc_call_stats *st)
{
	uint32_t v = CT_LRPC_CALL;
	if (!atomic_compare_exchange_strong_explicit(
		    &s->state, &v, CT_LRPC_CALL | CT_LRPC_CWAIT,
		    memory_order_acquire, memory_order_acquire))
		return v; /* finished meanwhile */
	st->blocked++;
	for (;;) {
		ct_futex_wait(&s->state, CT_LRPC_CALL | CT_LRPC_CWAIT, 0, true);
		/* acquire: pairs with the server's release exchange. */
		v = atomic_load_explicit(&s->state, memory_order_acquire);
		if (v & FINISHED)
			return v;
	}
}

/* Has the watch seen the server die or drop the binding? The watch sets
 * death_seen_ns before it marks the slots, and this flag is never lost,
 * whereas a DEAD bit can be overwritten by a spin-mode post or DONE. */
static bool server_gone(const struct ct_lrpc_client *c)
{
	return atomic_load_explicit(&c->death_seen_ns, memory_order_relaxed);
}

static uint32_t wait_done(const struct ct_lrpc_client *c,
			  struct ct_lrpc_slot *s, struct ct_lrpc_call_stats *st)
{
	uint64_t start = c->mode == CT_LRPC_HYBRID ? ct_now() : 0;
	for (unsigned polls = 1;; polls++) {
		/* acquire: results and status are visible once DONE is. */
		uint32_t v = atomic_load_explicit(&s->state, memory_order_acquire);
		if (v & FINISHED)
			return v;
		if (c->mode == CT_LRPC_BLOCK ||
		    (c->mode == CT_LRPC_HYBRID && !(polls & 63) &&
		     ct_now() - start >= c->spin_window_ticks))
			return sleep_until_done(s, st);
		/* Spin mode may have overwritten the watch's DEAD bit. */
		if (ct_unlikely(!(polls & 1023)) && server_gone(c))
			return CT_LRPC_DEAD;
		ct_cpu_relax();
	}
}

/*
 * Post CALL over IDLE or the last call's DONE; false if the server is gone.
 *
 * Spin mode: nobody ever sleeps on this slot or the server's bell, so a
 * release store publishes the call's fields and arguments, and the call
 * path carries no locked instruction at all (each cost 25-40 ns on an
 * Intel KVM guest, a large share of a c2c round trip; on an AMD one we saw
 * no difference). The store may
 * overwrite a DEAD bit the watch set just now; wait_done() then learns it
 * from server_gone().
 *
 * Blocking modes: an exchange, seq_cst, because it is one side of the
 * Dekker pair with the server's doze() (see ring()), and because it
 * returns a DEAD the watch set instead of overwriting it.
 */
static bool post(struct ct_lrpc_client *c, struct ct_lrpc_slot *s)
{
	if (c->mode == CT_LRPC_SPIN) {
		if (ct_unlikely(server_gone(c)))
			return false;
		atomic_store_explicit(&s->state, CT_LRPC_CALL,
				      memory_order_release);
		return true;
	}
	uint32_t was = atomic_exchange(&s->state, CT_LRPC_CALL);
	if (ct_likely(!(was & CT_LRPC_DEAD)))
		return true;
	atomic_store_explicit(&s->state, was, memory_order_relaxed);
	return false;
}

/* Post the call already written into slot, wait, collect the status. */
static int post_and_wait(struct ct_lrpc_client *c, unsigned slot,
			 struct ct_lrpc_call_stats *st)
{
	struct ct_lrpc_slot *s = ct_lrpc_slot_at(c->base, &c->lay, slot);
	if (!post(c, s))
		return CT_LRPC_EDEAD;
	if (c->mode != CT_LRPC_SPIN)
		ring(c, slot);
	uint32_t v = wait_done(c, s, st);
	if (v & CT_LRPC_DEAD)
		return CT_LRPC_EDEAD;
	/* The slot stays DONE until the next call: no store here, so the
	 * server's polling does not pull the line back and forth between
	 * calls (a call costs one transfer each way, like c2c). */
	int status = s->status;
	st->calls++;
	return status;
}

static void fill_slot(struct ct_lrpc_client *c, unsigned slot, uint64_t key,
		      uint32_t proc, int64_t off, uint32_t len)
{
	struct ct_lrpc_slot *s = ct_lrpc_slot_at(c->base, &c->lay, slot);
	/* Store only what changed: while the server polls this line, every
	 * separate store can cost the line a round trip; usually only the
	 * state changes from call to call. */
	if (s->key != key)
		s->key = key;
	if (s->proc != proc)
		s->proc = proc;
	if (s->astack_off != off)
		s->astack_off = off;
	if (s->arg_len != len)
		s->arg_len = len;
}

int ct_lrpc_call(struct ct_lrpc_client *c, unsigned slot, unsigned proc,
		 const void *args, size_t arg_len, void *res, size_t res_cap,
		 size_t *res_len, struct ct_lrpc_call_stats *st)
{
	if (slot >= c->lay.nslots || proc >= c->lay.nprocs)
		return CT_LRPC_EPROC;
	if (arg_len > c->procs[proc].arg_bytes)
		return CT_LRPC_ESIZE;
	int64_t off = astack_get(c, slot, proc, st);
	uint8_t *astack = c->base + off;
	if (arg_len) /* null procedures may pass no buffer */
		memcpy(astack, args, arg_len); /* the one copy in */
	fill_slot(c, slot, c->obj.key, proc, off, (uint32_t)arg_len);
	int status = post_and_wait(c, slot, st);
	if (!status) {
		struct ct_lrpc_slot *s = ct_lrpc_slot_at(c->base, &c->lay, slot);
		size_t n = s->res_len;
		n = n < res_cap ? n : res_cap;
		n = n < c->lay.astack_stride[proc] ? n : c->lay.astack_stride[proc];
		if (n)
			memcpy(res, astack, n); /* the one copy out */
		*res_len = n;
	}
	astack_put(c, proc, off);
	return status;
}

int ct_lrpc_call_raw(struct ct_lrpc_client *c, unsigned slot,
		     const struct ct_lrpc_raw_call *rc)
{
	struct ct_lrpc_call_stats st = { 0 };
	unsigned qp = rc->proc < c->lay.nprocs ? rc->proc : 0;
	bool proper = rc->astack_off == CT_LRPC_PROPER_ASTACK;
	int64_t own = proper ? astack_get(c, slot, qp, &st) : rc->astack_off;
	fill_slot(c, slot, rc->key, rc->proc, own, rc->arg_len);
	int status = post_and_wait(c, slot, &st);
	if (proper)
		astack_put(c, qp, own);
	return status;
}
