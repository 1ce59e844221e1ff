/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ops.c - the function-pointer table, generated from barriers/LIST.
 */
#include <string.h>

#include "inline.h"

const struct ct_barrier_ops ct_barrier_ops_table[CT_BARRIER_COUNT] = {
#define BARRIER(id, cli, fl)                                                  \
	[CT_BARRIER_IDX_##id] = {                                             \
		.name = cli,                                                  \
		.flags = (fl),                                                \
		.bar_size = sizeof(struct ct_barrier_##id),                   \
		.ctx_size = sizeof(struct ct_barrier_##id##_ctx),             \
		.init = ct_barrierop_##id##_init,                             \
		.destroy = ct_barrierop_##id##_destroy,                       \
		.ctx_init = ct_barrierop_##id##_ctx_init,                     \
		.wait = ct_barrierop_##id##_wait,                             \
		.remote_writes = ct_barrierop_##id##_remote_writes,           \
	},
#include "LIST"
#undef BARRIER
};

const unsigned ct_barrier_ops_count = CT_ARRAY_SIZE(ct_barrier_ops_table);

const struct ct_barrier_ops *ct_barrier_ops_find(const char *name)
{
	for (unsigned i = 0; i < ct_barrier_ops_count; i++)
		if (strcmp(ct_barrier_ops_table[i].name, name) == 0)
			return &ct_barrier_ops_table[i];
	return NULL;
}

const char *const *ct_barrier_names(bool with_hidden)
{
	static const char *names[2][CT_BARRIER_COUNT + 1];
	const char **out = names[with_hidden];
	unsigned n = 0;
	for (unsigned i = 0; i < CT_BARRIER_COUNT; i++)
		if (with_hidden ||
		    !(ct_barrier_ops_table[i].flags & CT_BARRIER_HIDDEN))
			out[n++] = ct_barrier_ops_table[i].name;
	out[n] = NULL;
	return names[with_hidden];
}
