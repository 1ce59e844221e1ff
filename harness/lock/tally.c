/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tally.c - see tally.h. The hook comes first: every lock header this
 * file includes is compiled with its atomics counted here.
 */
#define CT_ATOM_HOOK(p, kind, value) ((void)tally_now[(kind)]++)
#include "atomhook.h"

/* The calling thread's counts, by enum ct_cc_kind. */
static _Thread_local uint64_t tally_now[CT_CC_RMW + 1];

#include <string.h>

#include "locks/inline.h"
#include "tally.h"

struct tally_row {
	const char *name;
	struct ct_tally_fns fns;
};

#define LOCK(id, str, flags, try)                                             \
	{ str, { ct_lockop_##id##_acquire, ct_lockop_##id##_release } },
static const struct tally_row tally_rows[] = {
#include "locks/LIST"
};
#undef LOCK

const struct ct_tally_fns *ct_tally_find(const char *name)
{
	const struct ct_lock_ops *ops = ct_lock_ops_find(name);
	/* The peers' atomics are Concurrency Kit's and the baselines' are
	 * libc's: the hook never sees them. null has none: it counts 0. */
	if (!ops || ops->flags & (CT_LOCK_PEER | CT_LOCK_BASELINE))
		return NULL;
	for (size_t i = 0; i < CT_ARRAY_SIZE(tally_rows); i++)
		if (!strcmp(tally_rows[i].name, name))
			return &tally_rows[i].fns;
	return NULL;
}

struct ct_tally ct_tally_take(void)
{
	struct ct_tally t = { tally_now[CT_CC_READ], tally_now[CT_CC_WRITE],
			      tally_now[CT_CC_RMW] };
	memset(tally_now, 0, sizeof(tally_now));
	return t;
}
