/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cond.c - condition variables for the interposed mutexes.
 *
 * glibc's pthread_cond_wait releases and retakes the mutex through its own
 * internal functions, which no LD_PRELOAD can reach: on a mutex that is
 * really one of our locks it would corrupt both. So whenever a locks/
 * algorithm runs, the condvars are ours too (the pass-through mode keeps
 * glibc's). They work with any mutex, ours or left to glibc, because they
 * unlock and relock through ct_pre_mutex_{unlock,lock}.
 *
 * The design is a sequence-number futex, as in Rust's std futex Condvar:
 * the whole state lives inside the 48-byte pthread_cond_t, so zeroed
 * (PTHREAD_COND_INITIALIZER) condvars work and process-shared ones need no
 * side memory (they use shared futex operations).
 *
 * Invariant (no lost wake-up): a waiter reads `seq` while it still holds the
 * mutex and sleeps only while seq still has that value. A signaller that
 * changed the predicate under the mutex bumps seq after the waiter's read
 * (it took the mutex after the waiter released it), so either the kernel
 * sees the new value and the waiter does not sleep, or the waiter is already
 * queued on the futex and the wake finds it. Waiters queued on one futex are
 * woken oldest first at equal priority, and any waiter that read the old seq
 * queued before the bump (else the kernel's own check sends it back), so
 * signal() wakes one of the threads that were waiting when it was called.
 * `waiters` only lets signal() skip the syscall when nobody waits; the
 * seq_cst pair below (waiter: waiters++ then read seq; signaller: seq++ then
 * read waiters) guarantees that at least one side sees the other.
 * seq wraps at 2^32: a waiter that sleeps through exactly 2^32 signals
 * between its read and its futex call would miss one; accepted.
 */
#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "harness/core/futex.h"
#include "preload.h"

struct ct_pre_cond {
	atomic_uint seq;     /* the futex word: bumped by signal/broadcast */
	atomic_uint waiters; /* threads inside wait(); a hint for signal() */
	uint32_t clock;      /* clockid for timedwait: 0 = CLOCK_REALTIME */
	uint32_t shared;     /* process-shared: shared futex operations */
};
_Static_assert(sizeof(struct ct_pre_cond) <= sizeof(pthread_cond_t),
	       "our condvar fits in pthread_cond_t");
_Static_assert(CLOCK_REALTIME == 0, "a zeroed condvar waits on REALTIME");

static struct ct_pre_cond *ct_pre_cv(pthread_cond_t *c)
{
	return (struct ct_pre_cond *)(void *)c;
}

int ct_pre_futex_wait_abs(atomic_uint *word, unsigned val, clockid_t clock,
			  const struct timespec *abs, bool shared)
{
	int op = FUTEX_WAIT_BITSET | (shared ? 0 : FUTEX_PRIVATE_FLAG);

	if (abs && clock == CLOCK_REALTIME)
		op |= FUTEX_CLOCK_REALTIME;
	else if (abs && clock != CLOCK_MONOTONIC)
		return EINVAL;
	/* FUTEX_WAIT_BITSET takes an absolute time on the chosen clock. */
	long rc = syscall(SYS_futex, (uint32_t *)word, op, val, abs, NULL,
			  FUTEX_BITSET_MATCH_ANY);
	if (rc == 0 || errno == EAGAIN)
		return 0;
	return errno;
}

static bool ct_pre_cond_native(void)
{
	ct_pre_ensure_booted();
	return !ct_pre_conf.algo;
}

static int ct_pre_cond_wait_on(pthread_cond_t *c, pthread_mutex_t *m,
			       clockid_t clock, const struct timespec *abs)
{
	struct ct_pre_cond *cv = ct_pre_cv(c);
	struct ct_pre_thread *t = ct_pre_self();

	if (abs && (abs->tv_nsec < 0 || abs->tv_nsec >= 1000000000))
		return EINVAL;
	t->n.cond_waits++;
	/* seq_cst: the Dekker pair with signal() (see top). */
	atomic_fetch_add(&cv->waiters, 1);
	unsigned seq = atomic_load(&cv->seq);
	int rc = ct_pre_mutex_unlock(m);

	if (rc) {
		atomic_fetch_sub_explicit(&cv->waiters, 1, memory_order_relaxed);
		return rc;
	}
	rc = ct_pre_futex_wait_abs(&cv->seq, seq, clock, abs, cv->shared);
	/* relaxed: a hint; a stale count costs signal() a useless syscall. */
	atomic_fetch_sub_explicit(&cv->waiters, 1, memory_order_relaxed);
	ct_pre_mutex_lock(m);
	if (rc == ETIMEDOUT) {
		t->n.cond_timeouts++;
		return ETIMEDOUT;
	}
	return rc == EINVAL ? EINVAL : 0; /* EINTR: a spurious wake-up */
}

static void ct_pre_cond_wake(pthread_cond_t *c, int n)
{
	struct ct_pre_cond *cv = ct_pre_cv(c);

	/* seq_cst: the other half of the Dekker pair with wait(). */
	atomic_fetch_add(&cv->seq, 1);
	if (atomic_load(&cv->waiters))
		ct_futex_wake(&cv->seq, n, cv->shared);
}

CT_PRE_EXPORT int pthread_cond_init(pthread_cond_t *c,
				    const pthread_condattr_t *attr)
{
	if (ct_pre_cond_native())
		return ct_pre_real.cond_init(c, attr);
	struct ct_pre_cond *cv = ct_pre_cv(c);
	clockid_t clock = CLOCK_REALTIME;
	int pshared = PTHREAD_PROCESS_PRIVATE;

	if (attr) {
		pthread_condattr_getclock(attr, &clock);
		pthread_condattr_getpshared(attr, &pshared);
	}
	memset(c, 0, sizeof(*c));
	cv->clock = (uint32_t)clock;
	cv->shared = pshared == PTHREAD_PROCESS_SHARED;
	return 0;
}

CT_PRE_EXPORT int pthread_cond_destroy(pthread_cond_t *c)
{
	if (ct_pre_cond_native())
		return ct_pre_real.cond_destroy(c);
	return 0;
}

CT_PRE_EXPORT int pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m)
{
	if (ct_pre_cond_native()) {
		ct_pre_self()->n.cond_waits++;
		return ct_pre_real.cond_wait(c, m);
	}
	return ct_pre_cond_wait_on(c, m, CLOCK_REALTIME, NULL);
}

CT_PRE_EXPORT int pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m,
					 const struct timespec *abs)
{
	if (ct_pre_cond_native()) {
		ct_pre_self()->n.cond_waits++;
		return ct_pre_real.cond_timedwait(c, m, abs);
	}
	return ct_pre_cond_wait_on(c, m, (clockid_t)ct_pre_cv(c)->clock, abs);
}

CT_PRE_EXPORT int pthread_cond_clockwait(pthread_cond_t *c, pthread_mutex_t *m,
					 clockid_t clock,
					 const struct timespec *abs)
{
	if (ct_pre_cond_native()) {
		ct_pre_self()->n.cond_waits++;
		if (!ct_pre_real.cond_clockwait)
			return EINVAL;
		return ct_pre_real.cond_clockwait(c, m, clock, abs);
	}
	return ct_pre_cond_wait_on(c, m, clock, abs);
}

CT_PRE_EXPORT int pthread_cond_signal(pthread_cond_t *c)
{
	if (ct_pre_cond_native())
		return ct_pre_real.cond_signal(c);
	ct_pre_cond_wake(c, 1);
	return 0;
}

CT_PRE_EXPORT int pthread_cond_broadcast(pthread_cond_t *c)
{
	if (ct_pre_cond_native())
		return ct_pre_real.cond_broadcast(c);
	ct_pre_cond_wake(c, INT_MAX);
	return 0;
}
