/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * park.c - what harness/core/wait.h's park policy needs defined once: the
 * per-thread park counter and the hashed eventcounts that waits on shared
 * words without an eventcount of their own sleep on. It lives in the
 * library (locks/, barriers/ and problems/ all wait through wait.h), so
 * libcontend.a stands alone for embedders.
 */
#include <stdint.h>

#include "harness/core/wait.h"

_Thread_local uint64_t ct_wait_parks;

enum { CT_PARKQ_BUCKETS = 256 }; /* a power of two */

/* One bucket per CT_PAD: sleepers on different words do not false-share. */
static struct {
	struct ct_parkq q;
} ct_aligned(CT_PAD) ct_parkq_table[CT_PARKQ_BUCKETS];

struct ct_parkq *ct_parkq_of(const void *a)
{
	uintptr_t h = (uintptr_t)a >> 2;

	h ^= h >> 17;
	h *= 0x9E3779B97F4A7C15ull;
	return &ct_parkq_table[(h >> 32) & (CT_PARKQ_BUCKETS - 1)].q;
}
