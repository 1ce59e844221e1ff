/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The semaphores under the problems: POSIX sem_t and our futex semaphore
 * (problems/fsem.h), each as a counter of tokens, as a bound on how many
 * threads are inside (oversubscribed), as a ping-pong where every wait
 * must sleep and be woken, and as a binary semaphore guarding a plain
 * counter (the mutex role).
 */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "problems/sem.h"
#include "tests/helpers.h"

#define ROUNDS 20000
#define PINGS 5000 /* each a sleep and a wake-up: ~70 us on this VM */

static const unsigned kinds[] = { CT_SEM_POSIX, CT_SEM_FUTEX };

Test(problem_sem, counts_tokens, .timeout = 10)
{
	for (unsigned k = 0; k < 2; k++) {
		struct ct_sem *s = aligned_alloc(CT_PAD, sizeof(*s));
		cr_assert_eq(ct_sem_init(s, kinds[k], 3, 10), 0);
		for (unsigned i = 0; i < 3; i++)
			cr_assert(ct_sem_trywait(s), "kind %u token %u", k, i);
		cr_assert_not(ct_sem_trywait(s), "kind %u: a fourth token", k);
		cr_assert_eq(ct_sem_value(s), 0);
		ct_sem_post(s);
		ct_sem_post(s);
		cr_assert_eq(ct_sem_value(s), 2);
		ct_sem_wait(s);
		cr_assert_eq(ct_sem_value(s), 1);
		ct_sem_destroy(s);
		free(s);
	}
}

struct bounded {
	struct ct_sem sem;
	atomic_uint inside, worst;
	unsigned long plain; /* guarded when the semaphore is binary */
};

static void *bounded_main(void *arg)
{
	struct bounded *b = arg;
	for (unsigned i = 0; i < ROUNDS; i++) {
		ct_sem_wait(&b->sem);
		unsigned now = atomic_fetch_add(&b->inside, 1) + 1;
		unsigned w = atomic_load(&b->worst);
		while (now > w && !atomic_compare_exchange_weak(&b->worst, &w, now))
			;
		b->plain++;
		if (i % 64 == 0)
			sched_yield(); /* get preempted inside, now and then */
		atomic_fetch_sub(&b->inside, 1);
		ct_sem_post(&b->sem);
	}
	return NULL;
}

/* 6 threads (oversubscribed), `tokens` inside at most. */
static void bounded_run(unsigned kind, unsigned tokens, unsigned spin)
{
	struct bounded *b = aligned_alloc(CT_PAD, sizeof(*b));
	pthread_t th[6];
	cr_assert_eq(ct_sem_init(&b->sem, kind, tokens, spin), 0);
	atomic_init(&b->inside, 0);
	atomic_init(&b->worst, 0);
	b->plain = 0;
	for (unsigned i = 0; i < 6; i++)
		pthread_create(&th[i], NULL, bounded_main, b);
	for (unsigned i = 0; i < 6; i++)
		pthread_join(th[i], NULL);
	cr_assert_leq(atomic_load(&b->worst), tokens, "kind %u: %u inside, "
		      "%u tokens", kind, atomic_load(&b->worst), tokens);
	cr_assert_eq(ct_sem_value(&b->sem), tokens, "tokens lost or made");
	if (tokens == 1)
		cr_assert_eq(b->plain, 6ul * ROUNDS, "binary semaphore as a "
			     "mutex lost updates");
	ct_sem_destroy(&b->sem);
	free(b);
}

Test(problem_sem, bounds_the_threads_inside, .timeout = 60)
{
	for (unsigned k = 0; k < 2; k++) {
		bounded_run(kinds[k], 2, 100);
		bounded_run(kinds[k], 1, 0); /* binary, straight to sleep */
	}
}

struct pingpong {
	struct ct_sem ping, pong;
	unsigned long turn; /* handed back and forth by the semaphores */
	bool bad;
};

static void *pong_main(void *arg)
{
	struct pingpong *p = arg;
	for (unsigned i = 0; i < PINGS; i++) {
		ct_sem_wait(&p->ping);
		p->bad |= p->turn != 2ul * i + 1;
		p->turn++;
		ct_sem_post(&p->pong);
	}
	return NULL;
}

/* Every wait finds no token and (with spin 0) sleeps: lost wake-ups hang
 * (the timeout catches it), missing ordering shows in `turn`. */
Test(problem_sem, pingpong_sleeps_and_wakes, .timeout = 60)
{
	for (unsigned k = 0; k < 2; k++) {
		struct pingpong *p = aligned_alloc(CT_PAD, sizeof(*p));
		pthread_t th;
		cr_assert_eq(ct_sem_init(&p->ping, kinds[k], 0, 0), 0);
		cr_assert_eq(ct_sem_init(&p->pong, kinds[k], 0, 0), 0);
		p->turn = 0;
		p->bad = false;
		pthread_create(&th, NULL, pong_main, p);
		for (unsigned i = 0; i < PINGS; i++) {
			p->bad |= p->turn != 2ul * i;
			p->turn++;
			ct_sem_post(&p->ping);
			ct_sem_wait(&p->pong);
		}
		pthread_join(th, NULL);
		cr_assert_not(p->bad, "kind %u: a turn was seen out of order", k);
		cr_assert_eq(p->turn, 2ul * PINGS);
		free(p);
	}
}
