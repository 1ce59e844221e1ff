/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ops.h - the barrier family as a table of function pointers.
 *
 * For setting barriers up by name (the harness allocates by size), for
 * problems/ and embedders. Never used inside a measured loop: there the
 * harness hands the inlined adapters of inline.h to a loop template. The
 * table (ops.c) and any other user build the same void * adapters from
 * barriers/LIST:
 *
 *   #define BARRIER(id, name, flags) CT_BARRIER_ADAPTERS(id)
 *   #include "barriers/LIST"
 *   #undef BARRIER
 *
 * CT_BARRIER_ADAPTERS(id) defines static inline ct_barrierop_<id>_{init,
 * destroy,ctx_init,wait,remote_writes}.
 */
#ifndef CT_BARRIER_OPS_H
#define CT_BARRIER_OPS_H

#include <stdbool.h>
#include <stddef.h>

#include "all.h"

/* CT_BARRIER_IDX_<id>: a row's position in LIST (and in the table). */
enum {
#define BARRIER(id, name, flags) CT_BARRIER_IDX_##id,
#include "LIST"
#undef BARRIER
	CT_BARRIER_COUNT
};

struct ct_barrier_ops {
	const char *name; /* cli name */
	unsigned flags;   /* enum ct_barrier_flags */
	size_t bar_size, ctx_size;
	int (*init)(void *bar, const struct ct_barrier_cfg *cfg);
	void (*destroy)(void *bar);
	void (*ctx_init)(void *bar, void *ctx, unsigned tid);
	void (*wait)(void *bar, void *ctx);
	uint64_t (*remote_writes)(const struct ct_barrier_cfg *cfg);
};

extern const struct ct_barrier_ops ct_barrier_ops_table[];
extern const unsigned ct_barrier_ops_count;

/* The row whose cli name is `name` (hidden rows included), or NULL. */
const struct ct_barrier_ops *ct_barrier_ops_find(const char *name);

/* Cli names in LIST order; hidden rows only when with_hidden.
 * NULL-terminated, static. */
const char *const *ct_barrier_names(bool with_hidden);

#define CT_BARRIER_ADAPTERS(id)                                               \
	static inline int ct_barrierop_##id##_init(                           \
		void *b, const struct ct_barrier_cfg *cfg)                    \
	{                                                                     \
		return ct_barrier_##id##_init(b, cfg);                        \
	}                                                                     \
	static inline void ct_barrierop_##id##_destroy(void *b)               \
	{                                                                     \
		ct_barrier_##id##_destroy(b);                                 \
	}                                                                     \
	static inline void ct_barrierop_##id##_ctx_init(void *b, void *c,     \
							unsigned tid)         \
	{                                                                     \
		ct_barrier_##id##_ctx_init(b, c, tid);                        \
	}                                                                     \
	static inline void ct_barrierop_##id##_wait(void *b, void *c)         \
	{                                                                     \
		ct_barrier_##id##_wait(b, c);                                 \
	}                                                                     \
	static inline uint64_t ct_barrierop_##id##_remote_writes(             \
		const struct ct_barrier_cfg *cfg)                             \
	{                                                                     \
		return ct_barrier_##id##_remote_writes(cfg);                  \
	}

#endif /* CT_BARRIER_OPS_H */
