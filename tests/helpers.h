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

/* GCC and clang (via __has_feature) both tell us about TSan. */
#if defined(__SANITIZE_THREAD__)
#define CT_TEST_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define CT_TEST_TSAN 1
#endif
#endif
#ifndef CT_TEST_TSAN
#define CT_TEST_TSAN 0
#endif

/* The broken lock and the multi-threaded null lock race by design: under
 * ThreadSanitizer they are skipped, not reported. */
#define CT_SKIP_DELIBERATE_RACE()                                          \
	do {                                                               \
		if (CT_TEST_TSAN)                                          \
			cr_skip_test("deliberate data race: TSan build");  \
	} while (0)

#endif
