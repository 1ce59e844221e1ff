/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_lock_basics.c - single-threaded contract checks for every row of
 * locks/LIST, through the ops table (so the table is tested too).
 * Mutual exclusion under contention is the validator's job, not this file's.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "locks/ops.h"

#define NCTX 4

static const char *const expected_names[] = {
	"null", "tas", "ttas", "backoff", "ticket", "ticket-pb", "anderson",
	"mcs", "cna", "c-tkt-mcs", "shfl", "malthus", "clh", "futex", "pthread-mutex",
	"pthread-spin", "broken",
#ifdef CT_HAVE_CK
	"ck-fas", "ck-cas", "ck-ticket", "ck-mcs", "ck-clh", "ck-anderson",
#endif
};

/* One lock and NCTX contexts of one row, 128-byte aligned as promised. */
struct fixture {
	const struct ct_lock_ops *ops;
	void *lock;
	void *ctx[NCTX];
};

static void *alloc_pad(size_t size)
{
	size_t rounded = (size + CT_PAD - 1) / CT_PAD * CT_PAD;
	void *p = aligned_alloc(CT_PAD, rounded);

	cr_assert_not_null(p);
	memset(p, 0xa5, rounded); /* init must not rely on zeroed memory */
	return p;
}

static void setup(struct fixture *f, const struct ct_lock_ops *ops,
		  unsigned max_threads)
{
	struct ct_lock_cfg cfg = CT_LOCK_CFG_DEFAULT;

	cfg.max_threads = max_threads;
	f->ops = ops;
	f->lock = alloc_pad(ops->lock_size);
	cr_assert_eq(ops->init(f->lock, &cfg), 0, "%s: init", ops->name);
	for (unsigned t = 0; t < NCTX; t++) {
		f->ctx[t] = alloc_pad(ops->ctx_size);
		ops->ctx_init(f->lock, f->ctx[t], t);
	}
}

static void teardown(struct fixture *f)
{
	f->ops->destroy(f->lock);
	for (unsigned t = 0; t < NCTX; t++)
		free(f->ctx[t]);
	free(f->lock);
}

static bool excludes(const struct ct_lock_ops *ops)
{
	return !(ops->flags & CT_LOCK_NOEXCL);
}

Test(lock_basics, table_lists_every_lock, .timeout = 10)
{
	cr_assert_eq(ct_lock_ops_count, CT_ARRAY_SIZE(expected_names));
	for (unsigned i = 0; i < CT_ARRAY_SIZE(expected_names); i++) {
		const struct ct_lock_ops *ops =
			ct_lock_ops_find(expected_names[i]);

		cr_assert_not_null(ops, "missing %s", expected_names[i]);
		cr_assert_str_eq(ops->name, expected_names[i]);
		cr_assert_eq(ops, &ct_lock_ops_table[i], "LIST order");
		cr_assert(ops->init && ops->destroy && ops->ctx_init &&
			  ops->acquire && ops->release);
		cr_assert_eq(!!(ops->flags & CT_LOCK_TRY), ops->trylock != NULL,
			     "%s: CT_LOCK_TRY vs trylock", ops->name);
		cr_assert(ops->lock_size > 0 && ops->ctx_size > 0);
	}
	cr_assert_null(ct_lock_ops_find("no-such-lock"));
	cr_assert_null(ct_lock_ops_find(""));
}

Test(lock_basics, flags_match_list, .timeout = 10)
{
	cr_assert(ct_lock_ops_find("null")->flags & CT_LOCK_NOEXCL);
	cr_assert(ct_lock_ops_find("broken")->flags & CT_LOCK_HIDDEN);
	cr_assert(ct_lock_ops_find("mcs")->flags & CT_LOCK_FIFO);
	cr_assert(ct_lock_ops_find("futex")->flags & CT_LOCK_PARKS);
	cr_assert(ct_lock_ops_find("pthread-mutex")->flags & CT_LOCK_BASELINE);
	cr_assert_null(ct_lock_ops_find("clh")->trylock);
	cr_assert_null(ct_lock_ops_find("anderson")->trylock);
	for (unsigned i = 0; i < ct_lock_ops_count; i++) {
		const struct ct_lock_ops *ops = &ct_lock_ops_table[i];

		cr_assert_eq(!!(ops->flags & CT_LOCK_PEER),
			     strncmp(ops->name, "ck-", 3) == 0, "%s",
			     ops->name);
	}
}

/*
 * 1000 acquire/release pairs by one thread, rotating over the contexts so
 * queue locks reuse and migrate nodes (CLH) and Anderson wraps its slots;
 * max_threads 3 checks a slot count that is not a power of two.
 */
static void acquire_release_all(unsigned max_threads, unsigned nctx)
{
	for (unsigned i = 0; i < ct_lock_ops_count; i++) {
		struct fixture f;

		setup(&f, &ct_lock_ops_table[i], max_threads);
		for (unsigned n = 0; n < 1000; n++) {
			void *c = f.ctx[n % nctx];

			f.ops->acquire(f.lock, c);
			f.ops->release(f.lock, c);
		}
		/* Released for real: anyone can take it now. */
		if (f.ops->trylock && excludes(f.ops)) {
			cr_assert(f.ops->trylock(f.lock, f.ctx[1]), "%s",
				  f.ops->name);
			f.ops->release(f.lock, f.ctx[1]);
		}
		teardown(&f);
	}
}

Test(lock_basics, acquire_release_1000, .timeout = 10)
{
	acquire_release_all(4, 1);
	acquire_release_all(4, NCTX);
}

Test(lock_basics, odd_max_threads, .timeout = 10)
{
	acquire_release_all(3, 3);
}

/*
 * trylock: succeeds on a free lock, fails from another context while held
 * (by trylock or by acquire), succeeds again after release. `broken` is
 * checked too: single-threaded there is no race, so its check-then-set
 * correctly sees the flag. pthread-mutex has default (NORMAL) attributes:
 * a trylock by the holding thread returns EBUSY, which is what we want.
 */
Test(lock_basics, trylock, .timeout = 10)
{
	for (unsigned i = 0; i < ct_lock_ops_count; i++) {
		const struct ct_lock_ops *ops = &ct_lock_ops_table[i];
		struct fixture f;

		if (!ops->trylock)
			continue;
		setup(&f, ops, 4);
		cr_assert(ops->trylock(f.lock, f.ctx[0]), "%s: free",
			  ops->name);
		if (excludes(ops))
			cr_assert_not(ops->trylock(f.lock, f.ctx[1]),
				      "%s: held by trylock", ops->name);
		ops->release(f.lock, f.ctx[0]);
		cr_assert(ops->trylock(f.lock, f.ctx[1]), "%s: again",
			  ops->name);
		ops->release(f.lock, f.ctx[1]);

		ops->acquire(f.lock, f.ctx[2]);
		if (excludes(ops))
			cr_assert_not(ops->trylock(f.lock, f.ctx[3]),
				      "%s: held by acquire", ops->name);
		ops->release(f.lock, f.ctx[2]);
		cr_assert(ops->trylock(f.lock, f.ctx[3]), "%s: after",
			  ops->name);
		ops->release(f.lock, f.ctx[3]);
		teardown(&f);
	}
}

Test(lock_basics, anderson_rejects_zero_threads, .timeout = 10)
{
	const struct ct_lock_ops *ops = ct_lock_ops_find("anderson");
	struct ct_lock_cfg cfg = CT_LOCK_CFG_DEFAULT;
	void *lock = alloc_pad(ops->lock_size);

	cfg.max_threads = 0;
	cr_assert_eq(ops->init(lock, &cfg), -EINVAL);
	free(lock);
}
