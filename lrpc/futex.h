/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * futex.h - process-shared futex wait and wake on a 32-bit word in a
 * MAP_SHARED mapping (no FUTEX_PRIVATE_FLAG: the two sides are different
 * processes, and the kernel keys the futex by the page, not the address).
 */
#ifndef CT_LRPC_FUTEX_H
#define CT_LRPC_FUTEX_H

#include <errno.h>
#include <linux/futex.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* Sleep while *word == val, at most timeout_ns (0: no limit). Returns 0 on a
 * wake or a changed value, ETIMEDOUT or EINTR otherwise. */
static inline int ct_futex_wait_shared(_Atomic uint32_t *word, uint32_t val,
				       uint64_t timeout_ns)
{
	struct timespec ts = { (time_t)(timeout_ns / 1000000000u),
			       (long)(timeout_ns % 1000000000u) };
	long rc = syscall(SYS_futex, (uint32_t *)word, FUTEX_WAIT, val,
			  timeout_ns ? &ts : NULL, NULL, 0);
	if (rc == 0 || errno == EAGAIN)
		return 0;
	return errno;
}

static inline void ct_futex_wake_shared(_Atomic uint32_t *word, int n)
{
	syscall(SYS_futex, (uint32_t *)word, FUTEX_WAKE, n, NULL, NULL, 0);
}

#endif /* CT_LRPC_FUTEX_H */
