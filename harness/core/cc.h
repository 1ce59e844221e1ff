/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cc.h - the small set of compiler and CPU helpers every family may include.
 *
 * Algorithms (locks/, barriers/, problems/, lrpc/) include only this header,
 * wait.h and timing.h from harness/; nothing else flows upward.
 *
 * Folder harness/core/: what every family shares - teams, topology and
 * placement, timing, histograms and statistics, records and sinks, the
 * fingerprint, counters, the c2c probe, memory, option tables (opt.h),
 * the family types (family.h, fields.h). It may include the algorithm
 * folders only (scripts/check-layout.sh).
 */
#ifndef CT_CC_H
#define CT_CC_H

#include <stddef.h>
#include <stdint.h>

/* Size of one coherence unit. */
#define CT_CACHE_LINE 64
/*
 * Padding unit for per-thread data that other threads must not share:
 * two lines, because Intel's adjacent-line prefetcher pulls cache lines in
 * 128-byte pairs and turns 64-byte padding into false sharing.
 */
#define CT_PAD 128

#define ct_aligned(n) __attribute__((aligned(n)))
#define ct_likely(x) __builtin_expect(!!(x), 1)
#define ct_unlikely(x) __builtin_expect(!!(x), 0)
#define ct_always_inline inline __attribute__((always_inline))
#define ct_noinline __attribute__((noinline))
#define ct_unused __attribute__((unused))

/* Compiler-only barrier: no instruction, forbids reordering across it. */
#define ct_compiler_barrier() __asm__ __volatile__("" ::: "memory")

/* Polite busy-wait hint: PAUSE on x86, YIELD on arm64. */
static ct_always_inline void ct_cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#elif defined(__aarch64__)
	__asm__ __volatile__("yield" ::: "memory");
#else
	ct_compiler_barrier();
#endif
}

/* xorshift64*: a per-thread PRNG cheap enough for hot loops (backoff jitter,
 * sampling decisions). State must be non-zero. */
static ct_always_inline uint64_t ct_rand64(uint64_t *state)
{
	uint64_t x = *state;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return x * 0x2545F4914F6CDD1DULL;
}

/*
 * CT_SELFTEST_WORK=N, a compile-time define (0, absent, in every normal
 * build): scripts/gate-selftest builds variants of one lock (locks/mcs.h)
 * whose uncontended acquire executes N LFENCEs per 8 acquisitions after
 * its exchange (the k-th acquire of a thread takes N/8 of them, plus one
 * when k mod 8 < N mod 8) - a real source change on the critical path for
 * the regression gate to find. LFENCE waits until every older instruction
 * has completed, so it cannot overlap the exchange; the issue that asked
 * for this gate measured one per acquire at +20% of mcs's uncontended
 * path. (Dependent additions, with or without a store of their sum before
 * the release's CAS, ran beside the locked instructions: a chain meant as
 * +10% measured +0.3%, 8 additions +2%.) gate-selftest calibrates N by
 * measurement. On other architectures a full fence stands in.
 */
#ifndef CT_SELFTEST_WORK
#define CT_SELFTEST_WORK 0
#endif
#if CT_SELFTEST_WORK
static _Thread_local unsigned ct_selftest_calls;
static ct_always_inline void ct_selftest_work(void)
{
	unsigned k = ct_selftest_calls++ % 8;
	unsigned n = CT_SELFTEST_WORK / 8 + (k < CT_SELFTEST_WORK % 8);

	for (unsigned i = 0; i < n; i++) {
#if defined(__x86_64__) || defined(__i386__)
		__asm__ __volatile__("lfence" ::: "memory");
#else
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
#endif
	}
}
#endif

#define CT_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif /* CT_CC_H */
