/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * algos.c - the locks/ algorithms the interposer can put under a program's
 * mutexes, built from locks/LIST like every other family (one adapter set
 * per row from locks/ops.h; no list of names of our own).
 * Which rows qualify is preloadable.h's rule.
 */
#include <stdio.h>
#include <string.h>

#include "locks/ops.h"
#include "preload.h"
#include "locks/preloadable.h"

#define LOCK(id, name, flags, try) \
	CT_LOCK_ADAPTERS(id) CT_LOCK_TRY_ADAPTER(id, try)
#include "locks/LIST"
#undef LOCK

static const struct ct_pre_algo ct_pre_rows[] = {
#define LOCK(id, nm, fl, try)                                                 \
	{ .name = nm,                                                         \
	  .flags = (fl) | CT_LOCK_TRYFLAG(try),                               \
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
	return ct_preloadable(a->name, a->flags) &&
	       a->lock_size <= CT_PRE_LOCK_MAX && a->ctx_size <= CT_PRE_CTX_MAX;
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
	size_t used = (size_t)snprintf(buf, len, CT_PRELOAD_PASSTHROUGH);

	for (size_t i = 0; i < CT_ARRAY_SIZE(ct_pre_rows) && used < len; i++)
		if (ct_pre_usable(&ct_pre_rows[i]))
			used += (size_t)snprintf(buf + used, len - used, ",%s",
						 ct_pre_rows[i].name);
}
