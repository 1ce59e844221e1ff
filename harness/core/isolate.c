/* SPDX-License-Identifier: BSD-2-Clause */
#include "isolate.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "team.h"
#include "timing.h"

void *ct_shm_alloc(size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

void ct_shm_free(void *p, size_t size)
{
	if (p)
		munmap(p, size);
}

static _Noreturn void child(void (*fn)(void *), void *arg, pid_t parent)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent) /* the parent died before prctl */
		_exit(4);
	fn(arg);
	fflush(stdout);
	/* _exit: stuck threads die with us, atexit handlers are the parent's */
	_exit(0);
}

int ct_isolate(void (*fn)(void *arg), void *arg, double limit_s, char *why,
	       size_t whylen)
{
	fflush(NULL); /* nothing buffered may be written twice */
	pid_t parent = getpid(), pid = fork();
	if (pid < 0) {
		snprintf(why, whylen, "fork: %s", strerror(errno));
		return -1;
	}
	if (pid == 0)
		child(fn, arg, parent);
	uint64_t deadline = ct_clock_ns() + (uint64_t)(limit_s * 1e9);
	int status = 0;
	pid_t got;
	while ((got = waitpid(pid, &status, WNOHANG)) == 0 &&
	       ct_clock_ns() < deadline)
		ct_sleep_s(0.002);
	if (got == 0) {
		kill(pid, SIGKILL);
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		snprintf(why, whylen, "killed after %.0f s", limit_s);
		return -1;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (WIFEXITED(status))
		snprintf(why, whylen, "child exited with status %d",
			 WEXITSTATUS(status));
	else
		snprintf(why, whylen, "child killed by signal %d (%s)",
			 WTERMSIG(status), strsignal(WTERMSIG(status)));
	return -1;
}
