/* SPDX-License-Identifier: BSD-2-Clause */
/* Shared helpers for the Criterion suites. */
#ifndef CT_TEST_HELPERS_H
#define CT_TEST_HELPERS_H

#include <stdint.h>
#include <stdlib.h>

/* Sanitizer builds (make check) divide iteration counts by CT_TEST_SCALE. */
static inline uint64_t ct_test_scaled(uint64_t n)
{
	const char *s = getenv("CT_TEST_SCALE");
	long k = s ? atol(s) : 1;
	return k > 1 ? n / (uint64_t)k : n;
}

#endif
