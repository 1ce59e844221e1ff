/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ops.c - the function-pointer table, generated from locks/LIST.
 */
#include <string.h>

#include "ops.h"

#define LOCK(id, cli, flags, try) \
	CT_LOCK_ADAPTERS(id) CT_LOCK_TRY_ADAPTER(id, try)
#include "LIST"
#undef LOCK

const struct ct_lock_ops ct_lock_ops_table[] = {
#define LOCK(id, cli, fl, try)                                                \
	{                                                                     \
		.name = cli,                                                  \
		.flags = (fl) | CT_LOCK_TRYFLAG(try),                         \
		.lock_size = sizeof(struct ct_lock_##id),                     \
		.ctx_size = sizeof(struct ct_lock_##id##_ctx),                \
		.init = ct_lockop_##id##_init,                                \
		.destroy = ct_lockop_##id##_destroy,                          \
		.ctx_init = ct_lockop_##id##_ctx_init,                        \
		.acquire = ct_lockop_##id##_acquire,                          \
		.trylock = CT_LOCK_TRYOP(id, try),                            \
		.release = ct_lockop_##id##_release,                          \
	},
#include "LIST"
#undef LOCK
};

const unsigned ct_lock_ops_count = CT_ARRAY_SIZE(ct_lock_ops_table);

const struct ct_lock_ops *ct_lock_ops_find(const char *name)
{
	for (unsigned i = 0; i < ct_lock_ops_count; i++)
		if (strcmp(ct_lock_ops_table[i].name, name) == 0)
			return &ct_lock_ops_table[i];
	return NULL;
}
