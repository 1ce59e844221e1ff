/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fsem.h - our counting semaphore: spin a little, then sleep on a futex.
 *
 * Source: E. W. Dijkstra, "Cooperating Sequential Processes", EWD 123,
 * 1965 (P and V); the futex protocol follows glibc's new semaphore
 * (nptl/sem_waitcommon.c, T. Riegel 2014), which keeps the value and the
 * number of sleepers in one 64-bit word, and U. Drepper, "Futexes Are
 * Tricky", 2004.
 *
 * State: one 64-bit word, value in the low 32 bits (the futex word),
 * sleepers (threads registered to sleep, "nwaiters") in the high 32.
 *
 * Invariants:
 *  - value >= 0 is the number of tokens (below 2^32 - 1: a carry would
 *    reach nwaiters); wait() takes one by a CAS that
 *    decrements value only while it is > 0, post() adds one.
 *  - A thread sleeps only on the futex word with expected value 0, and
 *    only after registering in nwaiters. post() increments value and reads
 *    nwaiters in the same atomic RMW, so either it sees the registration
 *    (and wakes one sleeper), or the registration comes after the post in
 *    the word's modification order, in which case the registered thread
 *    reads value > 0 before sleeping, or the kernel's check of value == 0
 *    fails (EAGAIN). No wake-up is lost.
 *  - A woken thread may find the token taken by a thread that never slept
 *    (no hand-off): it sleeps again. Not FIFO, as POSIX's sem_t.
 *  - Registered threads deregister in the same CAS that takes their token,
 *    so nwaiters never counts a thread that has left wait().
 *
 * Memory orders: post() is a release RMW and a successful take an acquire
 * CAS, so everything before a post happens-before what follows the wait
 * that consumes its token. Registration is relaxed: it is an RMW on the
 * same word as post's increment, and the single modification order of
 * that word, not a fence, is what the argument above relies on.
 */
#ifndef CT_PROBLEM_FSEM_H
#define CT_PROBLEM_FSEM_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "harness/core/cc.h"
#include "harness/core/futex.h"

#define CT_FSEM_VALUE_MASK 0xffffffffull
#define CT_FSEM_WAITER (1ull << 32)

struct ct_fsem {
	_Atomic uint64_t state; /* nwaiters << 32 | value */
	uint32_t spin;          /* polls before registering to sleep */
};

/* The futex word: the value half of state. */
static inline uint32_t *ct_fsem_word(struct ct_fsem *s)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return (uint32_t *)&s->state;
#else
	return (uint32_t *)&s->state + 1;
#endif
}

static inline int ct_fsem_init(struct ct_fsem *s, unsigned value,
			       uint32_t spin)
{
	atomic_init(&s->state, value);
	s->spin = spin;
	return 0;
}

/*
 * Take a token if value > 0, subtracting `minus` from the whole word: 1,
 * or 1 + CT_FSEM_WAITER for a registered sleeper, which leaves the
 * sleepers' count in the same CAS. acquire: pairs with post's release.
 */
static inline bool ct_fsem_take(struct ct_fsem *s, uint64_t minus)
{
	uint64_t old = atomic_load_explicit(&s->state, memory_order_relaxed);

	while (old & CT_FSEM_VALUE_MASK)
		if (atomic_compare_exchange_weak_explicit(
			    &s->state, &old, old - minus, memory_order_acquire,
			    memory_order_relaxed))
			return true;
	return false;
}

static inline bool ct_fsem_trywait(struct ct_fsem *s)
{
	return ct_fsem_take(s, 1);
}

static inline void ct_fsem_sleep(struct ct_fsem *s)
{
	/* EAGAIN (value moved on) and EINTR both mean "look again". */
	ct_futex_wait(ct_fsem_word(s), 0, 0, false);
}

static inline void ct_fsem_wait(struct ct_fsem *s)
{
	if (ct_likely(ct_fsem_trywait(s)))
		return;
	for (uint32_t n = s->spin; n; n--) {
		ct_cpu_relax();
		if (ct_fsem_trywait(s))
			return;
	}
	/* relaxed: see "Memory orders" above. */
	atomic_fetch_add_explicit(&s->state, CT_FSEM_WAITER,
				  memory_order_relaxed);
	while (!ct_fsem_take(s, 1 + CT_FSEM_WAITER))
		ct_fsem_sleep(s);
}

static inline void ct_fsem_post(struct ct_fsem *s)
{
	/* release: publishes what came before to the token's taker. */
	uint64_t old = atomic_fetch_add_explicit(&s->state, 1,
						 memory_order_release);

	if (old >= CT_FSEM_WAITER)
		ct_futex_wake(ct_fsem_word(s), 1, false);
}

/* Tokens available now (a snapshot, for tests and diagnostics). */
static inline unsigned ct_fsem_value(struct ct_fsem *s)
{
	return (unsigned)(atomic_load(&s->state) & CT_FSEM_VALUE_MASK);
}

#endif /* CT_PROBLEM_FSEM_H */
