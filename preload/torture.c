/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * torture.c - build/contend-torture: a mutex and condition-variable torture
 * program that `contend validate run` runs under build/libcontend-preload.so
 * once per lock. It is an ordinary pthread program: it knows nothing of the
 * interposer except the handshake symbol, which it requires.
 *
 *   contend-torture [--threads N] [--iters N] [--timeout S]
 *
 * Checks, each failing with exit 1 and a line naming it:
 *   handshake  contend_preload_lock() exists and names $CONTEND_LOCK (exit 3
 *              if the interposer is not loaded at all);
 *   exclusion  threads increment plain counters under zero-initialised and
 *              pthread_mutex_init'ed mutexes, one lock in four taken by a
 *              trylock loop; an occupancy count inside the critical section
 *              must always read 1 and no increment is lost;
 *   nested     each thread holds 8 mutexes at once, then walks a chain of 64
 *              hand over hand (lock next, unlock previous);
 *   trylock    EBUSY on a held mutex, success on a free one;
 *   condvar    a bounded buffer (wait/signal/broadcast) and a two-thread
 *              ping-pong: a lost wake-up hangs, and the whole program runs
 *              under alarm(), so it fails in bounded time instead;
 *   timedwait  times out with ETIMEDOUT and the mutex held again;
 *   recursive  a recursive mutex (left to glibc) locks twice;
 *   fork       a child forked while other threads lock and unlock uses
 *              mutexes and a condvar and exits 0;
 *   churn      threads that lock and exit, many times over.
 * On success it prints `acquisitions_at_least=N`: the lock calls it made on
 * mutexes the interposer must run itself (checked against the stats file).
 */
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define NMUTEX 4
#define CHAIN 64
#define NESTED 8

static unsigned g_threads = 4;
static unsigned long g_iters = 20000;
static unsigned g_timeout = 60; /* seconds: alarm() for the whole run */
static atomic_ulong g_ours; /* lock calls on normal mutexes */

static pthread_mutex_t g_static[NMUTEX] = {
	PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER,
	PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER
};
static pthread_mutex_t g_inited[NMUTEX];
static unsigned long g_count[2][NMUTEX]; /* plain: the mutexes guard them */
static atomic_int g_inside[2][NMUTEX];
static atomic_int g_broken;

static pthread_mutex_t g_chain[CHAIN];
static unsigned long g_chain_cell[CHAIN];

static void fail(const char *check, const char *what)
{
	printf("torture: FAIL %s: %s\n", check, what);
	fflush(stdout);
	_exit(1);
}

static void lock(pthread_mutex_t *m)
{
	int rc = pthread_mutex_lock(m);

	if (rc)
		fail("lock", strerror(rc));
	atomic_fetch_add_explicit(&g_ours, 1, memory_order_relaxed);
}

static void unlock(pthread_mutex_t *m)
{
	int rc = pthread_mutex_unlock(m);

	if (rc)
		fail("unlock", strerror(rc));
}

static void check_handshake(void)
{
	const char *want = getenv("CONTEND_LOCK");
	const char *(*name)(void) =
		(const char *(*)(void))dlsym(RTLD_DEFAULT, "contend_preload_lock");

	if (!name) {
		printf("torture: FAIL handshake: libcontend-preload.so is not "
		       "loaded (no contend_preload_lock)\n");
		exit(3);
	}
	if (!want || strcmp(name(), want))
		fail("handshake", "the interposer runs another lock than "
				  "$CONTEND_LOCK");
}

/* ---- exclusion -------------------------------------------------------------- */
/* Lock m with trylock, yielding while it is busy: trylock's success must
 * exclude as lock's does (CLH's trylock is a CAS on the queue's tail). */
static void try_lock(pthread_mutex_t *m)
{
	int rc;

	while ((rc = pthread_mutex_trylock(m)) == EBUSY)
		sched_yield();
	if (rc)
		fail("exclusion", strerror(rc));
	atomic_fetch_add_explicit(&g_ours, 1, memory_order_relaxed);
}

static void guarded_add(unsigned set, unsigned i, bool by_try)
{
	pthread_mutex_t *m = set ? &g_inited[i] : &g_static[i];

	if (by_try)
		try_lock(m);
	else
		lock(m);
	/* relaxed: counts who is inside; the mutex orders the rest. */
	if (atomic_fetch_add_explicit(&g_inside[set][i], 1,
				      memory_order_relaxed) != 0)
		atomic_store(&g_broken, 1);
	unsigned long v = g_count[set][i];
	__asm__ __volatile__("" ::: "memory"); /* keep the read-modify-write */
	g_count[set][i] = v + 1;
	atomic_fetch_sub_explicit(&g_inside[set][i], 1, memory_order_relaxed);
	unlock(m);
}

static void *exclusion_worker(void *arg)
{
	unsigned seed = (unsigned)(uintptr_t)arg;

	for (unsigned long k = 0; k < g_iters; k++) {
		seed = seed * 1103515245u + 12345u;
		/* one in four by trylock, mixed with lock() on the same mutexes */
		guarded_add((seed >> 8) & 1, (seed >> 12) % NMUTEX,
			    ((seed >> 20) & 3) == 0);
	}
	return NULL;
}

/* ---- nested and hand-over-hand ---------------------------------------------- */
static void *nested_worker(void *arg)
{
	(void)arg;
	for (unsigned long k = 0; k < g_iters / 64 + 1; k++) {
		for (unsigned i = 0; i < NESTED; i++)
			lock(&g_chain[i]);
		for (unsigned i = 0; i < NESTED; i++)
			g_chain_cell[i]++;
		for (unsigned i = NESTED; i-- > 0;)
			unlock(&g_chain[i]);
		lock(&g_chain[0]);
		g_chain_cell[0]++;
		for (unsigned i = 1; i < CHAIN; i++) {
			lock(&g_chain[i]);
			g_chain_cell[i]++;
			unlock(&g_chain[i - 1]);
		}
		unlock(&g_chain[CHAIN - 1]);
	}
	return NULL;
}

/* ---- threads ------------------------------------------------------------------ */
static void run_team(void *(*fn)(void *), unsigned n)
{
	pthread_t t[64];

	for (unsigned i = 0; i < n; i++)
		if (pthread_create(&t[i], NULL, fn, (void *)(uintptr_t)(i + 1)))
			fail("threads", "pthread_create failed");
	for (unsigned i = 0; i < n; i++)
		pthread_join(t[i], NULL);
}

static void check_exclusion(void)
{
	unsigned long sum = 0;

	for (unsigned i = 0; i < NMUTEX; i++)
		if (pthread_mutex_init(&g_inited[i], NULL))
			fail("exclusion", "pthread_mutex_init failed");
	run_team(exclusion_worker, g_threads);
	for (unsigned s = 0; s < 2; s++)
		for (unsigned i = 0; i < NMUTEX; i++)
			sum += g_count[s][i];
	if (atomic_load(&g_broken))
		fail("exclusion", "two threads were inside one critical section");
	if (sum != g_threads * g_iters)
		fail("exclusion", "increments were lost");
}

static void check_nested(void)
{
	unsigned long rounds = g_threads * (g_iters / 64 + 1);

	run_team(nested_worker, g_threads);
	for (unsigned i = 0; i < CHAIN; i++)
		if (g_chain_cell[i] != rounds * (i < NESTED ? 2 : 1))
			fail("nested", "a chained cell lost an increment");
}

static void check_trylock(void)
{
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;

	if (pthread_mutex_trylock(&m))
		fail("trylock", "a free mutex was busy");
	atomic_fetch_add(&g_ours, 1);
	if (pthread_mutex_trylock(&m) != EBUSY)
		fail("trylock", "a held mutex was not EBUSY");
	unlock(&m);
	pthread_mutex_destroy(&m);
}

/* ---- condition variables ----------------------------------------------------- */
#define SLOTS 4
static pthread_mutex_t q_m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t q_nonempty = PTHREAD_COND_INITIALIZER;
static pthread_cond_t q_nonfull = PTHREAD_COND_INITIALIZER;
static unsigned long q_buf[SLOTS], q_head, q_tail, q_sum;

static void *producer(void *arg)
{
	for (unsigned long k = 1; k <= g_iters / 4; k++) {
		lock(&q_m);
		while (q_tail - q_head == SLOTS)
			pthread_cond_wait(&q_nonfull, &q_m);
		q_buf[q_tail++ % SLOTS] = k;
		pthread_cond_signal(&q_nonempty);
		unlock(&q_m);
	}
	return arg;
}

static void *consumer(void *arg)
{
	for (unsigned long k = 1; k <= g_iters / 4; k++) {
		lock(&q_m);
		while (q_tail == q_head)
			pthread_cond_wait(&q_nonempty, &q_m);
		q_sum += q_buf[q_head++ % SLOTS];
		/* broadcast half the time: both wake paths get exercised */
		if (k & 1)
			pthread_cond_broadcast(&q_nonfull);
		else
			pthread_cond_signal(&q_nonfull);
		unlock(&q_m);
	}
	return arg;
}

static pthread_mutex_t pp_m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t pp_c = PTHREAD_COND_INITIALIZER;
static unsigned long pp_turn;

static void *pingpong(void *arg)
{
	unsigned long me = (uintptr_t)arg & 1;

	for (unsigned long k = 0; k < g_iters / 10; k++) {
		lock(&pp_m);
		while (pp_turn % 2 != me)
			pthread_cond_wait(&pp_c, &pp_m);
		pp_turn++;
		pthread_cond_signal(&pp_c);
		unlock(&pp_m);
	}
	return NULL;
}

static void check_condvar(void)
{
	pthread_t p[2], c[2];
	unsigned long n = g_iters / 4;

	for (int i = 0; i < 2; i++) {
		pthread_create(&p[i], NULL, producer, NULL);
		pthread_create(&c[i], NULL, consumer, NULL);
	}
	for (int i = 0; i < 2; i++) {
		pthread_join(p[i], NULL);
		pthread_join(c[i], NULL);
	}
	if (q_sum != 2 * (n * (n + 1) / 2))
		fail("condvar", "the bounded buffer lost or duplicated items");
	run_team(pingpong, 2);
	if (pp_turn != 2 * (g_iters / 10))
		fail("condvar", "ping-pong lost turns");
}

static void check_timedwait(void)
{
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	pthread_cond_t c;
	pthread_condattr_t a;
	struct timespec t0, dl, t1;

	pthread_condattr_init(&a);
	pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
	pthread_cond_init(&c, &a);
	lock(&m);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	dl = t0;
	dl.tv_nsec += 50 * 1000 * 1000;
	if (dl.tv_nsec >= 1000000000) {
		dl.tv_sec++;
		dl.tv_nsec -= 1000000000;
	}
	/* (its relock is not counted: glibc's own condvar relocks through
	 * internal functions in the pass-through mode) */
	int rc = pthread_cond_timedwait(&c, &m, &dl);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (rc != ETIMEDOUT)
		fail("timedwait", "did not time out");
	if (t1.tv_sec < dl.tv_sec ||
	    (t1.tv_sec == dl.tv_sec && t1.tv_nsec < dl.tv_nsec))
		fail("timedwait", "returned before the deadline");
	if (pthread_mutex_trylock(&m) != EBUSY)
		fail("timedwait", "the mutex was not held again");
	unlock(&m);
	pthread_cond_destroy(&c);
	pthread_mutex_destroy(&m);
}

static void check_recursive(void)
{
	pthread_mutex_t m;
	pthread_mutexattr_t a;

	pthread_mutexattr_init(&a);
	pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_init(&m, &a);
	if (pthread_mutex_lock(&m) || pthread_mutex_lock(&m))
		fail("recursive", "relock failed");
	if (pthread_mutex_unlock(&m) || pthread_mutex_unlock(&m))
		fail("recursive", "unlock failed");
	pthread_mutex_destroy(&m);
}

/* ---- fork ---------------------------------------------------------------------- */
static atomic_int fork_stop;

static void *fork_spinner(void *arg)
{
	while (!atomic_load(&fork_stop))
		guarded_add(0, (unsigned)(uintptr_t)arg % NMUTEX, false);
	return NULL;
}

static int child_work(void)
{
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	pthread_t t;

	/* The child's copy of a mutex another thread may have held at fork
	 * time is unusable (POSIX); fresh mutexes and threads must work. */
	for (int i = 0; i < 1000; i++) {
		pthread_mutex_lock(&m);
		pthread_mutex_unlock(&m);
	}
	pp_turn = 0;
	if (pthread_create(&t, NULL, pingpong, (void *)1))
		return 1;
	pingpong((void *)0);
	pthread_join(t, NULL);
	return pp_turn == 2 * (g_iters / 10) ? 0 : 1;
}

static void check_fork(void)
{
	pthread_t t[2];
	int status;

	atomic_store(&fork_stop, 0);
	for (unsigned i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, fork_spinner, (void *)(uintptr_t)i);
	usleep(10000);
	pid_t pid = fork();
	if (pid < 0)
		fail("fork", strerror(errno));
	if (pid == 0)
		_exit(child_work());
	atomic_store(&fork_stop, 1);
	for (unsigned i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status))
		fail("fork", "the child failed or crashed");
}

/* ---- churn --------------------------------------------------------------------- */
static void *churn_worker(void *arg)
{
	guarded_add(1, (unsigned)(uintptr_t)arg % NMUTEX, false);
	return NULL;
}

static void check_churn(void)
{
	for (unsigned r = 0; r < 50; r++)
		run_team(churn_worker, g_threads);
}

static void on_alarm(int sig)
{
	static const char msg[] = "torture: FAIL timeout: a deadlock or a lost "
				  "wake-up (the run did not end in time)\n";
	(void)sig;
	if (write(1, msg, sizeof(msg) - 1) < 0)
		_exit(1);
	_exit(1);
}

static unsigned long arg_num(const char *flag, const char *v, unsigned long max)
{
	char *end;
	unsigned long n = strtoul(v ? v : "", &end, 10);

	if (!v || *end || n == 0 || n > max) {
		fprintf(stderr, "contend-torture: %s needs a number in 1..%lu\n",
			flag, max);
		exit(2);
	}
	return n;
}

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--threads"))
			g_threads = (unsigned)arg_num("--threads", argv[++i], 64);
		else if (!strcmp(argv[i], "--timeout"))
			g_timeout = (unsigned)arg_num("--timeout", argv[++i], 3600);
		else if (!strcmp(argv[i], "--iters"))
			g_iters = arg_num("--iters", argv[++i], 100000000);
		else {
			fprintf(stderr, "usage: contend-torture [--threads N] "
					"[--iters N] [--timeout S]\n");
			return 2;
		}
	}
	signal(SIGALRM, on_alarm);
	alarm(g_timeout);
	check_handshake();
	for (unsigned i = 0; i < CHAIN; i++)
		pthread_mutex_init(&g_chain[i], NULL);
	check_exclusion();
	check_nested();
	check_trylock();
	check_condvar();
	check_timedwait();
	check_recursive();
	check_fork();
	check_churn();
	printf("torture: ok lock=%s threads=%u iters=%lu\n"
	       "acquisitions_at_least=%lu\n",
	       getenv("CONTEND_LOCK"), g_threads, g_iters,
	       atomic_load(&g_ours));
	return 0;
}
