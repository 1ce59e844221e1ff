/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * algos.c - the locks/ algorithms the interposer can put under a program's
 * mutexes, built from locks/LIST like every other family (one adapter set
 * per row from locks/ops.h; no list of names of our own).
 *
 * A row is usable when it excludes, is ours and is visible (not null, not a
 * Concurrency Kit peer, not broken, not a baseline: pthread-mutex is the
 * pass-through, mutex.c) and either has a trylock or is CLH, whose missing
 * trylock mutex.c emulates. That leaves out Anderson: its slot array bounds
 * the number of threads that may ever wait, which a program does not tell us.
 */
#include <stdio.h>
#include <string.h>

#include "locks/ops.h"
#include "preload.h"

#define LOCK(id, name, flags, try) \
	CT_LOCK_ADAPTERS(id) CT_LOCK_TRY_ADAPTER(id, try)
#include "locks/LIST"
#undef LOCK

#define CT_PRE_UNUSABLE \
	(CT_LOCK_NOEXCL | CT_LOCK_HIDDEN | CT_LOCK_PEER | CT_LOCK_BASELINE)

static const struct ct_pre_algo ct_pre_rows[] = {
#define LOCK(id, nm, fl, try)                                                 \
	{ .name = nm,                                                         \
	  .flags = (fl) | CT_LOCK_TRYFLAG(try),                               \
	  .ctx_kind = !strcmp(nm, "clh") ? CT_PRE_CTX_MIGRATE : CT_PRE_CTX_OWN, \
	  .lock_size = sizeof(struct ct_lock_##id),                           \
	  .ctx_size = sizeof(struct ct_lock_##id##_ctx),                      \
	  .init = ct_lockop_##id##_init,                                      \
	  .ctx_init = ct_lockop_##id##_ctx_init,                              \
	  .acquire = ct_lockop_##id##_acquire,                                \
	  .trylock = CT_LOCK_TRYOP(id, try),                                  \
	  .release = ct_lockop_##id##_release },
#include "locks/LIST"
#undef LOCK
};

static bool ct_pre_usable(const struct ct_pre_algo *a)
{
	if (a->flags & CT_PRE_UNUSABLE)
		return false;
	if (!a->trylock && a->ctx_kind != CT_PRE_CTX_MIGRATE)
		return false;
	return a->lock_size <= CT_PRE_LOCK_MAX && a->ctx_size <= CT_PRE_CTX_MAX;
}

const struct ct_pre_algo *ct_pre_algo_find(const char *name)
{
	for (size_t i = 0; i < CT_ARRAY_SIZE(ct_pre_rows); i++)
		if (!strcmp(ct_pre_rows[i].name, name) &&
		    ct_pre_usable(&ct_pre_rows[i]))
			return &ct_pre_rows[i];
	return NULL;
}

void ct_pre_algo_names(char *buf, size_t len)
{
	size_t used = (size_t)snprintf(buf, len, "pthread-mutex");

	for (size_t i = 0; i < CT_ARRAY_SIZE(ct_pre_rows) && used < len; i++)
		if (ct_pre_usable(&ct_pre_rows[i]))
			used += (size_t)snprintf(buf + used, len - used, ",%s",
						 ct_pre_rows[i].name);
}
