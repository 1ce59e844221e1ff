/* SPDX-License-Identifier: BSD-2-Clause */
#include "probfork.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness/core/isolate.h"
#include "harness/core/timing.h"

/* How often the parent looks. */
#define POLL_S 0.002
/* A circular wait is a deadlock as soon as it holds still this long; any
 * other stall waits the full stall_s. */
#define CIRCULAR_S 0.05

void *ct_prob_shm_alloc(size_t size)
{
	return ct_shm_alloc(size);
}

void ct_prob_shm_free(void *p, size_t size)
{
	ct_shm_free(p, size);
}

const char *ct_prob_end_name(enum ct_prob_end e)
{
	static const char *const names[] = {
		[CT_END_DONE] = "done",         [CT_END_DEADLOCK] = "deadlock",
		[CT_END_STALLED] = "stalled",   [CT_END_LIMIT] = "time limit",
		[CT_END_FAILED] = "failed",
	};
	return names[e];
}

static _Noreturn void child_main(const struct ct_prob_watch *w, pid_t parent)
{
	/* Die with the parent (a test runner's timeout kills only it). */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(4);
	/* _exit: the parent's stdio buffers and atexit handlers are not ours. */
	_exit(w->child(w->arg) ? 3 : 0);
}

/* The child's exit status, as an outcome. */
static void reaped(const struct ct_prob_watch *w, int status,
		   struct ct_prob_outcome *o)
{
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		o->end = CT_END_DONE;
		return;
	}
	o->end = CT_END_FAILED;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 3)
		snprintf(o->why, sizeof(o->why), "%s", w->shm->err);
	else if (WIFEXITED(status))
		snprintf(o->why, sizeof(o->why), "child exited with status %d",
			 WEXITSTATUS(status));
	else
		snprintf(o->why, sizeof(o->why), "child killed by signal %d (%s)",
			 WTERMSIG(status), strsignal(WTERMSIG(status)));
}

static bool gate_open(const struct ct_prob_watch *w)
{
	return atomic_load_explicit(&w->shm->team.phase, memory_order_acquire) !=
	       CT_PHASE_SETUP;
}

/* Watch until the child exits or must be killed; returns the outcome's
 * end (CT_END_DONE also covers "exited", decided by the caller). */
static enum ct_prob_end watch(const struct ct_prob_watch *w, pid_t pid,
			      int *status, uint64_t *gate_ns)
{
	uint64_t start = ct_clock_ns(), last_change = start;
	uint64_t seen = w->progress(w->arg);
	*gate_ns = 0;
	for (;;) {
		if (waitpid(pid, status, WNOHANG) == pid)
			return CT_END_DONE;
		uint64_t now = ct_clock_ns(), p = w->progress(w->arg);
		if (!*gate_ns && gate_open(w))
			*gate_ns = last_change = now;
		if (p != seen || !*gate_ns)
			seen = p, last_change = now;
		double still = (double)(now - last_change) / 1e9;
		/* Progress unchanged across the look: no meal in between. */
		if (w->circular && still > CIRCULAR_S && w->circular(w->arg) &&
		    w->progress(w->arg) == p)
			return CT_END_DEADLOCK;
		if (still > w->stall_s)
			return CT_END_STALLED;
		if ((double)(now - start) > w->limit_s * 1e9)
			return CT_END_LIMIT;
		ct_sleep_s(POLL_S);
	}
}

int ct_prob_fork_run(const struct ct_prob_watch *w, struct ct_prob_outcome *o)
{
	memset(o, 0, sizeof(*o));
	fflush(NULL); /* nothing buffered may be written twice */
	pid_t parent = getpid(), pid = fork();
	if (pid < 0) {
		snprintf(o->why, sizeof(o->why), "fork: %s", strerror(errno));
		return -1;
	}
	if (pid == 0)
		child_main(w, parent);
	int status = 0;
	uint64_t gate_ns;
	o->end = watch(w, pid, &status, &gate_ns);
	uint64_t end_ns = ct_clock_ns();
	if (o->end != CT_END_DONE) {
		kill(pid, SIGKILL);
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		if (o->end == CT_END_LIMIT)
			snprintf(o->why, sizeof(o->why),
				 "killed after the %.0f s time limit", w->limit_s);
		else
			snprintf(o->why, sizeof(o->why),
				 "%s for %.2f s: killed",
				 o->end == CT_END_DEADLOCK ? "circular wait" :
							     "no progress",
				 o->end == CT_END_DEADLOCK ? CIRCULAR_S :
							     w->stall_s);
	} else {
		reaped(w, status, o);
	}
	o->seconds = gate_ns ? (double)(end_ns - gate_ns) / 1e9 : 0;
	return 0;
}
