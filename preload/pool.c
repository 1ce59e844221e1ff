/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * pool.c - the interposer's memory: fixed-size, CT_PAD-aligned units carved
 * from mmap'd chunks and recycled through a free list, plus the internal
 * spinlock that guards pools and the thread registry.
 *
 * Why not malloc: the program's allocator may itself lock pthread mutexes
 * (jemalloc, tcmalloc), so allocating a lock state from inside
 * pthread_mutex_lock could recurse into us forever. Units are never unmapped:
 * a freed lock state or queue context may still be read by a racing
 * thread's relaxed hint (the CLH trylock emulation reads the tail node), so
 * the memory behind a unit must stay mapped; it is reused, not leaked.
 */
#include <sched.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "preload.h"

void ct_pre_spin_lock(struct ct_pre_spin *s)
{
	/* acquire: the guarded list must not be read before we own it. */
	while (atomic_exchange_explicit(&s->held, 1, memory_order_acquire)) {
		/* relaxed: only decides when to retry the exchange. Yield, not
		 * spin: the holder may be preempted on an oversubscribed CPU. */
		while (atomic_load_explicit(&s->held, memory_order_relaxed))
			sched_yield();
	}
}

void ct_pre_spin_unlock(struct ct_pre_spin *s)
{
	/* release: publishes the list updates to the next holder. */
	atomic_store_explicit(&s->held, 0, memory_order_release);
}

static void ct_pre_pool_grow(struct ct_pre_pool *p)
{
	size_t chunk = 64 * 1024;

	while (chunk < 8 * p->unit)
		chunk *= 2;
	void *mem = mmap(NULL, chunk, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED) {
		fprintf(stderr, "contend-preload: out of memory (mmap %zu bytes)\n",
			chunk);
		_exit(2);
	}
	/* page aligned, hence CT_PAD aligned; units are CT_PAD multiples */
	p->bump = mem;
	p->end = (char *)mem + chunk;
}

void *ct_pre_pool_get(struct ct_pre_pool *p)
{
	void *u;

	ct_pre_spin_lock(&p->lock);
	if (p->free) {
		u = p->free;
		p->free = *(void **)u;
	} else {
		if ((size_t)(p->end - p->bump) < p->unit)
			ct_pre_pool_grow(p);
		u = p->bump;
		p->bump += p->unit;
	}
	ct_pre_spin_unlock(&p->lock);
	return u;
}

void ct_pre_pool_put(struct ct_pre_pool *p, void *unit)
{
	ct_pre_spin_lock(&p->lock);
	*(void **)unit = p->free;
	p->free = unit;
	ct_pre_spin_unlock(&p->lock);
}
