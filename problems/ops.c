/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ops.c - the tables of ops.h, generated from problems/LIST: a void *
 * adapter per operation and row (init from the row, the rest from its
 * base solution), then one table per problem.
 */
#include "ops.h"

#include "all.h"

/* init of row id, destroy of its base. */
#define CT_PROB_ADAPT(fam, id, base)                                          \
	static int fam##_##id##_init(void *o, const struct ct_problem_cfg *c) \
	{                                                                     \
		return ct_##fam##_##id##_init(o, c);                          \
	}                                                                     \
	static void fam##_##id##_destroy(void *o)                             \
	{                                                                     \
		ct_##fam##_##base##_destroy(o);                               \
	}

#define CT_PROB_ALGO(fam, id, base, cli, fl, text)                            \
	{                                                                     \
		.name = cli, .desc = text, .flags = (fl),                     \
		.size = sizeof(struct ct_##fam##_##base),                     \
		.nmutex = ct_##fam##_##base##_nmutex,                         \
		.init = fam##_##id##_init, .destroy = fam##_##id##_destroy,   \
	}

/* ---- adapters ------------------------------------------------------------ */

#define BBUF(id, base, cli, fl, text)                                         \
	CT_PROB_ADAPT(bb, id, base)                                           \
	static void bb_##id##_put(void *b, void *item, void *const *ctx)      \
	{                                                                     \
		ct_bb_##base##_put(b, item, ctx);                             \
	}                                                                     \
	static void *bb_##id##_get(void *b, void *const *ctx, uint64_t *pos)  \
	{                                                                     \
		return ct_bb_##base##_get(b, ctx, pos);                       \
	}
#define RW_ADAPT_OP(id, base, op)                                             \
	static void rw_##id##_##op(void *l, void *const *ctx)                 \
	{                                                                     \
		ct_rw_##base##_##op(l, ctx);                                  \
	}
#define RWLOCK(id, base, cli, fl, text)                                       \
	CT_PROB_ADAPT(rw, id, base)                                           \
	RW_ADAPT_OP(id, base, read_lock) RW_ADAPT_OP(id, base, read_unlock)   \
	RW_ADAPT_OP(id, base, write_lock) RW_ADAPT_OP(id, base, write_unlock)
#define DINING_ADAPT_OP(id, base, op)                                         \
	static void dining_##id##_##op(void *d, unsigned i, void *const *ctx) \
	{                                                                     \
		ct_dining_##base##_##op(d, i, ctx);                           \
	}
#define DINING(id, base, cli, fl, text)                                       \
	CT_PROB_ADAPT(dining, id, base)                                       \
	DINING_ADAPT_OP(id, base, pickup) DINING_ADAPT_OP(id, base, putdown)
#include "LIST"
#undef BBUF
#undef RWLOCK
#undef DINING

/* ---- tables: each expands its own family's rows ---------------------------- */

#define BBUF(id, base, cli, fl, text)                                         \
	{ CT_PROB_ALGO(bb, id, base, cli, fl, text), bb_##id##_put,           \
	  bb_##id##_get },
#define RWLOCK(id, base, cli, fl, text)
#define DINING(id, base, cli, fl, text)
const struct ct_bb_ops ct_bb_table[] = {
#include "LIST"
};
#undef BBUF
#undef RWLOCK

#define BBUF(id, base, cli, fl, text)
#define RWLOCK(id, base, cli, fl, text)                                       \
	{ CT_PROB_ALGO(rw, id, base, cli, fl, text), rw_##id##_read_lock,     \
	  rw_##id##_read_unlock, rw_##id##_write_lock,                        \
	  rw_##id##_write_unlock },
const struct ct_rw_ops ct_rw_table[] = {
#include "LIST"
};
#undef RWLOCK
#undef DINING

#define RWLOCK(id, base, cli, fl, text)
#define DINING(id, base, cli, fl, text)                                       \
	{ CT_PROB_ALGO(dining, id, base, cli, fl, text),                      \
	  dining_##id##_pickup, dining_##id##_putdown },
const struct ct_dining_ops ct_dining_table[] = {
#include "LIST"
};
#undef BBUF
#undef RWLOCK
#undef DINING

const unsigned ct_bb_count = CT_ARRAY_SIZE(ct_bb_table);
const unsigned ct_rw_count = CT_ARRAY_SIZE(ct_rw_table);
const unsigned ct_dining_count = CT_ARRAY_SIZE(ct_dining_table);
