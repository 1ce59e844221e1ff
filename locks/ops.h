/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ops.h - the lock family as a table of function pointers.
 *
 * For problems/, for embedders, and for `--dispatch indirect`, which shows
 * what an indirect call costs next to the inlined per-row hot loops. Never
 * used inside a measured loop otherwise. The table (ops.c) and any other
 * user build the same void * adapters from locks/LIST with these macros:
 *
 *   #define LOCK(id, name, flags, try) \
 *           CT_LOCK_ADAPTERS(id) CT_LOCK_TRY_ADAPTER(id, try)
 *   #include "locks/LIST"
 *   #undef LOCK
 *   ... CT_LOCK_TRYOP(id, try) ... (flags) | CT_LOCK_TRYFLAG(try) ...
 *
 * CT_LOCK_ADAPTERS(id) defines static inline ct_lockop_<id>_{init,destroy,
 * ctx_init,acquire,release}; CT_LOCK_TRY_ADAPTER(id, TRY) adds
 * ct_lockop_<id>_trylock (NOTRY: nothing, the algorithm has none);
 * CT_LOCK_TRYOP(id, TRY|NOTRY) is that adapter's name or NULL.
 */
#ifndef CT_LOCK_OPS_H
#define CT_LOCK_OPS_H

#include <stdbool.h>
#include <stddef.h>

#include "all.h"

struct ct_lock_ops {
	const char *name; /* cli name */
	unsigned flags;   /* enum ct_lock_flags, CT_LOCK_TRY included */
	size_t lock_size, ctx_size;
	int (*init)(void *lock, const struct ct_lock_cfg *cfg);
	void (*destroy)(void *lock);
	void (*ctx_init)(void *lock, void *ctx, unsigned tid);
	void (*acquire)(void *lock, void *ctx);
	bool (*trylock)(void *lock, void *ctx); /* NULL when there is none */
	void (*release)(void *lock, void *ctx);
};

extern const struct ct_lock_ops ct_lock_ops_table[];
extern const unsigned ct_lock_ops_count;

/* The row whose cli name is `name` (hidden rows included), or NULL. */
const struct ct_lock_ops *ct_lock_ops_find(const char *name);

/* Names of the locks, in LIST order; hidden ones only when with_hidden.
 * NULL-terminated, static. */
const char *const *ct_lock_names(bool with_hidden);
/* The visible locks that exclude (all but null): what an experiment that
 * protects data with "a lock" (--lock) may use. NULL-terminated, static. */
const char *const *ct_lock_mutex_names(void);

#define CT_LOCK_ADAPTERS(id)                                                  \
	static inline int ct_lockop_##id##_init(void *l,                      \
						const struct ct_lock_cfg *cfg) \
	{                                                                     \
		return ct_lock_##id##_init(l, cfg);                           \
	}                                                                     \
	static inline void ct_lockop_##id##_destroy(void *l)                  \
	{                                                                     \
		ct_lock_##id##_destroy(l);                                    \
	}                                                                     \
	static inline void ct_lockop_##id##_ctx_init(void *l, void *c,        \
						     unsigned tid)            \
	{                                                                     \
		ct_lock_##id##_ctx_init(l, c, tid);                           \
	}                                                                     \
	static inline void ct_lockop_##id##_acquire(void *l, void *c)         \
	{                                                                     \
		ct_lock_##id##_acquire(l, c);                                 \
	}                                                                     \
	static inline void ct_lockop_##id##_release(void *l, void *c)         \
	{                                                                     \
		ct_lock_##id##_release(l, c);                                 \
	}

#define CT_LOCK_TRY_ADAPTER(id, try) CT_LOCK_TRY_ADAPTER_##try(id)
#define CT_LOCK_TRY_ADAPTER_NOTRY(id)
#define CT_LOCK_TRY_ADAPTER_TRY(id)                                           \
	static inline bool ct_lockop_##id##_trylock(void *l, void *c)         \
	{                                                                     \
		return ct_lock_##id##_trylock(l, c);                          \
	}

#define CT_LOCK_TRYOP(id, try) CT_LOCK_TRYOP_##try(id)
#define CT_LOCK_TRYOP_TRY(id) ct_lockop_##id##_trylock
#define CT_LOCK_TRYOP_NOTRY(id) NULL

#define CT_LOCK_TRYFLAG(try) CT_LOCK_TRYFLAG_##try
#define CT_LOCK_TRYFLAG_TRY CT_LOCK_TRY
#define CT_LOCK_TRYFLAG_NOTRY 0u

#endif /* CT_LOCK_OPS_H */
