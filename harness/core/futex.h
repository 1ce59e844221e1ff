/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * futex.h - the one futex wrapper: sleep while a 32-bit word holds a value,
 * wake sleepers on it. Every family that blocks in the kernel uses this
 * (the futex lock, the futex semaphore, LRPC's doorbells and blocking
 * transports, the park wait policy).
 *
 * `shared` selects a process-shared futex (keyed by the page, for words in
 * a MAP_SHARED mapping between processes) instead of the cheaper private
 * one (keyed by address in this process).
 */
#ifndef CT_CORE_FUTEX_H
#define CT_CORE_FUTEX_H

#include <errno.h>
#include <linux/futex.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* Sleep while *word == val, at most timeout_ns (0: no limit). Returns 0 on
 * a wake or a changed value (EAGAIN), else ETIMEDOUT or EINTR: callers
 * always look at the word again. */
static inline int ct_futex_wait(void *word, uint32_t val, uint64_t timeout_ns,
				bool shared)
{
	struct timespec ts = { (time_t)(timeout_ns / 1000000000u),
			       (long)(timeout_ns % 1000000000u) };
	long rc = syscall(SYS_futex, (uint32_t *)word,
			  shared ? FUTEX_WAIT : FUTEX_WAIT_PRIVATE, val,
			  timeout_ns ? &ts : NULL, NULL, 0);
	if (rc == 0 || errno == EAGAIN)
		return 0;
	return errno;
}

/* Wake at most n sleepers on word. */
static inline void ct_futex_wake(void *word, int n, bool shared)
{
	syscall(SYS_futex, (uint32_t *)word,
		shared ? FUTEX_WAKE : FUTEX_WAKE_PRIVATE, n, NULL, NULL, 0);
}

#endif /* CT_CORE_FUTEX_H */
