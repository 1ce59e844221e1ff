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

const char *const *ct_lock_names(bool with_hidden)
{
	static const char *names[2][CT_ARRAY_SIZE(ct_lock_ops_table) + 1];
	const char **out = names[with_hidden];
	unsigned n = 0;
	for (unsigned i = 0; i < ct_lock_ops_count; i++)
		if (with_hidden || !(ct_lock_ops_table[i].flags & CT_LOCK_HIDDEN))
			out[n++] = ct_lock_ops_table[i].name;
	out[n] = NULL;
	return out;
}

const char *const *ct_lock_mutex_names(void)
{
	static const char *names[CT_ARRAY_SIZE(ct_lock_ops_table) + 1];
	unsigned n = 0;
	for (unsigned i = 0; i < ct_lock_ops_count; i++)
		if (!(ct_lock_ops_table[i].flags &
		      (CT_LOCK_HIDDEN | CT_LOCK_NOEXCL)))
			names[n++] = ct_lock_ops_table[i].name;
	names[n] = NULL;
	return names;
}
