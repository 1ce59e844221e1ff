/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * server_thread.c - a server thread of one binding: find posted calls in
 * its slots, validate them, run the procedure on the A-stack, hand the
 * result back; idle by spinning (the paper's domain caching), by spinning
 * for a window then sleeping, or by sleeping at once.
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/core/timing.h"
#include "harness/core/futex.h"
#include "server.h"

/* Client-controlled memory is read exactly once per field. */
#define READ_ONCE(x) (*(const volatile __typeof__(x) *)&(x))

/* Counters have one writer (their thread) and are read racily by the
 * broker: a relaxed load and store, no locked instruction on the hot path. */
#define relaxed_inc(p, n)                                                    \
	atomic_store_explicit(p, atomic_load_explicit(p, memory_order_relaxed) + \
				 (n), memory_order_relaxed)

/* Check a call's fields against the binding; 0 or a ct_lrpc_status. On
 * success *astack is the index of the A-stack it names, now marked busy. */
static int validate(struct ct_lrpc_sbinding *b, uint64_t key, uint32_t proc,
		    int64_t off, uint32_t len, int *astack)
{
	if (key != b->obj.key)
		return CT_LRPC_EBINDING;
	if (proc >= b->lay.nprocs)
		return CT_LRPC_EPROC;
	int i = ct_lrpc_astack_index(&b->lay, proc, off);
	if (i < 0)
		return CT_LRPC_EASTACK;
	if (len > b->iface->procs[proc].arg_bytes)
		return CT_LRPC_ESIZE;
	/* Two slots naming one A-stack: with one server thread they are served
	 * one after the other, with several the exchange decides. */
	if (b->nthreads == 1 ?
		    atomic_load_explicit(&b->busy[proc][i], memory_order_relaxed) :
		    atomic_exchange_explicit(&b->busy[proc][i], true,
					     memory_order_acquire))
		return CT_LRPC_EASTACK;
	*astack = i;
	return 0;
}

static void count_rejection(struct ct_lrpc_tstats *st, int status)
{
	_Atomic uint64_t *c = status == CT_LRPC_EBINDING ? &st->rej_binding :
			      status == CT_LRPC_EPROC	 ? &st->rej_proc :
			      status == CT_LRPC_EASTACK  ? &st->rej_astack :
							   &st->rej_size;
	relaxed_inc(c, 1);
}

/* Run proc on the A-stack at buf, in place or (copy_in) on a private copy
 * the client cannot change underneath it. */
static size_t run(struct ct_lrpc_sthread *t, uint32_t proc, uint8_t *buf,
		  uint32_t len)
{
	const struct ct_lrpc_proc *d = &t->b->iface->procs[proc];
	if (!t->b->copy_in)
		return d->entry(buf, len);
	memcpy(t->scratch, buf, len);
	size_t rlen = d->entry(t->scratch, len);
	memcpy(buf, t->scratch, rlen);
	relaxed_inc(&t->st.copy_in_bytes, len);
	return rlen;
}

static void serve(struct ct_lrpc_sthread *t, struct ct_lrpc_slot *s)
{
	struct ct_lrpc_sbinding *b = t->b;
	uint64_t key = READ_ONCE(s->key);
	uint32_t proc = READ_ONCE(s->proc), len = READ_ONCE(s->arg_len);
	int64_t off = READ_ONCE(s->astack_off);
	int astack = -1;
	int status = validate(b, key, proc, off, len, &astack);
	size_t rlen = 0;
	if (status) {
		count_rejection(&t->st, status);
	} else {
		rlen = run(t, proc, b->base + off, len);
		if (b->nthreads > 1)
			atomic_store_explicit(&b->busy[proc][astack], false,
					      memory_order_release);
		relaxed_inc(&t->st.calls, 1);
	}
	/* Store only what changed: the client polls this line, and every
	 * separate store to it can cost a round trip. */
	if (s->res_len != rlen)
		s->res_len = (uint32_t)rlen;
	if (s->status != status)
		s->status = status;
	/* release: results and status are visible before DONE. */
	if (b->mode == CT_LRPC_SPIN) {
		/* A spin-mode client never sleeps (never sets CWAIT), so a
		 * plain store: no locked instruction on the call path. */
		atomic_store_explicit(&s->state, CT_LRPC_DONE,
				      memory_order_release);
		return;
	}
	/* An exchange, not a store: it returns a CWAIT the client set just
	 * before, and then the client needs waking. */
	uint32_t old = atomic_exchange_explicit(&s->state, CT_LRPC_DONE,
						memory_order_release);
	if (old & CT_LRPC_CWAIT)
		ct_futex_wake(&s->state, 1, true);
}

/* Serve every posted call in this thread's slots; how many were. */
static unsigned scan(struct ct_lrpc_sthread *t)
{
	const struct ct_lrpc_layout *l = &t->b->lay;
	unsigned n = 0;
	for (unsigned i = t->idx; i < l->nslots; i += l->nthreads) {
		struct ct_lrpc_slot *s = ct_lrpc_slot_at(t->b->base, l, i);
		/* acquire: pairs with the client's release of CALL, so the
		 * call's fields and arguments are visible. */
		uint32_t st = atomic_load_explicit(&s->state,
						   memory_order_acquire);
		if ((st & CT_LRPC_CALL) && !(st & CT_LRPC_DONE)) {
			serve(t, s);
			n++;
		}
	}
	return n;
}

/* Is any of this thread's slots posted? seq_cst loads: see doze(). */
static bool any_posted(const struct ct_lrpc_sthread *t)
{
	const struct ct_lrpc_layout *l = &t->b->lay;
	for (unsigned i = t->idx; i < l->nslots; i += l->nthreads) {
		uint32_t st = atomic_load(&ct_lrpc_slot_at(t->b->base, l, i)->state);
		if ((st & CT_LRPC_CALL) && !(st & CT_LRPC_DONE))
			return true;
	}
	return false;
}

/*
 * Sleep until a client rings. Dekker-style with the client's post, all
 * seq_cst: we store `sleeping`, read `seq`, then look at the slots; the
 * client exchanges CALL in, then reads `sleeping`. In the single total
 * order either our look comes after its CALL (we see it and do not sleep)
 * or its read of `sleeping` comes after our store (it bumps seq and wakes
 * us; had it bumped before our read of seq, our look would see CALL).
 * So a call is never left posted with its server asleep. The timeout only
 * bounds how late a stop request is seen.
 */
static void doze(struct ct_lrpc_sthread *t)
{
	struct ct_lrpc_bell *bell = ct_lrpc_bell_at(t->b->base, &t->b->lay,
						    t->idx);
	atomic_store(&bell->sleeping, 1);
	uint32_t seq = atomic_load(&bell->seq);
	if (!any_posted(t) && !atomic_load(&t->b->stop)) {
		relaxed_inc(&t->st.sleeps, 1);
		ct_futex_wait(&bell->seq, seq, 100000000, true);
	}
	atomic_store_explicit(&bell->sleeping, 0, memory_order_relaxed);
}

static void pin(int cpu)
{
	if (cpu < 0)
		return;
	cpu_set_t set;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

static void *server_thread(void *arg)
{
	struct ct_lrpc_sthread *t = arg;
	struct ct_lrpc_sbinding *b = t->b;
	pin(t->cpu);
	uint64_t idle_since = 0;
	for (;;) {
		if (scan(t)) {
			idle_since = 0;
			continue;
		}
		/* Checked only when idle; relaxed is enough: the reclaimer
		 * joins this thread before it touches the binding. */
		if (atomic_load_explicit(&b->stop, memory_order_relaxed))
			break;
		if (b->mode == CT_LRPC_SPIN) {
			ct_cpu_relax();
			continue;
		}
		uint64_t now = ct_now();
		if (!idle_since)
			idle_since = now;
		if (b->mode == CT_LRPC_HYBRID &&
		    now - idle_since < b->spin_window_ticks) {
			ct_cpu_relax();
			continue;
		}
		doze(t);
		idle_since = 0;
	}
	return NULL;
}

int ct_lrpc_sbinding_start(struct ct_lrpc_sbinding *b, const int *cpus,
			   unsigned ncpus, char *err, size_t errlen)
{
	atomic_store(&b->stop, false);
	for (unsigned i = 0; i < b->nthreads; i++) {
		struct ct_lrpc_sthread *t = &b->th[i];
		memset(&t->st, 0, sizeof(t->st));
		t->b = b;
		t->idx = i;
		t->cpu = cpus && ncpus ? cpus[i % ncpus] : -1;
		t->scratch = b->copy_in ? malloc(CT_LRPC_MAX_BYTES) : NULL;
		int rc = pthread_create(&t->th, NULL, server_thread, t);
		if (rc) {
			snprintf(err, errlen, "server thread: %s", strerror(rc));
			b->nthreads = i;
			ct_lrpc_sbinding_stop(b);
			return -1;
		}
	}
	return 0;
}

void ct_lrpc_sbinding_stop(struct ct_lrpc_sbinding *b)
{
	atomic_store(&b->stop, true);
	for (unsigned i = 0; i < b->nthreads; i++) {
		struct ct_lrpc_bell *bell = ct_lrpc_bell_at(b->base, &b->lay, i);
		atomic_fetch_add(&bell->seq, 1);
		ct_futex_wake(&bell->seq, 1, true);
	}
	for (unsigned i = 0; i < b->nthreads; i++) {
		pthread_join(b->th[i].th, NULL);
		free(b->th[i].scratch);
		b->th[i].scratch = NULL;
	}
}

void ct_lrpc_sbinding_sum(const struct ct_lrpc_sbinding *b,
			  struct ct_lrpc_server_stats *s)
{
	for (unsigned i = 0; i < b->nthreads; i++) {
		const struct ct_lrpc_tstats *t = &b->th[i].st;
		s->calls += atomic_load_explicit(&t->calls, memory_order_relaxed);
		s->rej_binding += atomic_load_explicit(&t->rej_binding, memory_order_relaxed);
		s->rej_proc += atomic_load_explicit(&t->rej_proc, memory_order_relaxed);
		s->rej_astack += atomic_load_explicit(&t->rej_astack, memory_order_relaxed);
		s->rej_size += atomic_load_explicit(&t->rej_size, memory_order_relaxed);
		s->sleeps += atomic_load_explicit(&t->sleeps, memory_order_relaxed);
		s->copy_in_bytes += atomic_load_explicit(&t->copy_in_bytes, memory_order_relaxed);
	}
}
