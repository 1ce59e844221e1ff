/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * atomhook.h - the lock family with every C11 atomic hooked. Define
 *
 *   CT_ATOM_HOOK(p, kind, value)  run after each atomic access of `p`:
 *                                 kind (enum ct_cc_kind), and the value
 *                                 (uint64_t) it read or wrote
 *
 * then include this FIRST in a translation unit (before anything that
 * includes a lock header): every lock compiled there calls the hook. Two
 * builds, one hook each: the counting build (ccount.h: a coherence model)
 * and the tally build (tally.c: per-thread counts). No measured loop is
 * ever compiled with it.
 *
 * The locks use only the *_explicit forms below (checked: a lock that
 * used another form would compile unhooked here and its count would be
 * short, which the exact-match tests catch). The operation itself is the
 * compiler's __atomic builtin, as GCC's <stdatomic.h> does.
 */
#ifndef CT_ATOMHOOK_H
#define CT_ATOMHOOK_H

#ifndef CT_ATOM_HOOK
#error "define CT_ATOM_HOOK(p, kind, value) before including atomhook.h"
#endif

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

/* An exchange, fetch_add/sub or compare-exchange (either outcome) is an
 * RMW; loads and stores are the rest. */
enum ct_cc_kind { CT_CC_READ, CT_CC_WRITE, CT_CC_RMW };

#define CT_CC_VAL(v) ((uint64_t)(uintptr_t)(v))

#undef atomic_load_explicit
#define atomic_load_explicit(P, MO) __extension__ ({                          \
	__auto_type ct_cc_p = (P);                                            \
	__typeof__((void)0, *ct_cc_p) ct_cc_v;                                \
	__atomic_load(ct_cc_p, &ct_cc_v, (MO));                               \
	CT_ATOM_HOOK(ct_cc_p, CT_CC_READ, CT_CC_VAL(ct_cc_v));                \
	ct_cc_v; })

#undef atomic_store_explicit
#define atomic_store_explicit(P, V, MO) __extension__ ({                      \
	__auto_type ct_cc_p = (P);                                            \
	__typeof__((void)0, *ct_cc_p) ct_cc_v = (V);                          \
	__atomic_store(ct_cc_p, &ct_cc_v, (MO));                              \
	CT_ATOM_HOOK(ct_cc_p, CT_CC_WRITE, CT_CC_VAL(ct_cc_v));               \
	(void)0; })

#undef atomic_exchange_explicit
#define atomic_exchange_explicit(P, V, MO) __extension__ ({                   \
	__auto_type ct_cc_p = (P);                                            \
	__typeof__((void)0, *ct_cc_p) ct_cc_v = (V), ct_cc_old;               \
	__atomic_exchange(ct_cc_p, &ct_cc_v, &ct_cc_old, (MO));               \
	CT_ATOM_HOOK(ct_cc_p, CT_CC_RMW, CT_CC_VAL(ct_cc_old));               \
	ct_cc_old; })

#define CT_CC_FETCH(OP, P, V, MO) __extension__ ({                            \
	__auto_type ct_cc_p = (P);                                            \
	__typeof__((void)0, *ct_cc_p) ct_cc_old = OP(ct_cc_p, (V), (MO));     \
	CT_ATOM_HOOK(ct_cc_p, CT_CC_RMW, CT_CC_VAL(ct_cc_old));               \
	ct_cc_old; })

#undef atomic_fetch_add_explicit
#define atomic_fetch_add_explicit(P, V, MO) CT_CC_FETCH(__atomic_fetch_add, P, V, MO)
#undef atomic_fetch_sub_explicit
#define atomic_fetch_sub_explicit(P, V, MO) CT_CC_FETCH(__atomic_fetch_sub, P, V, MO)

/* A failed compare-exchange also takes the line exclusive (x86 LOCK
 * CMPXCHG), so both outcomes are an RMW; the value is what it found. */
#define CT_CC_CAS(P, E, D, S, F) __extension__ ({                             \
	__auto_type ct_cc_p = (P);                                            \
	__auto_type ct_cc_e = (E);                                            \
	__typeof__((void)0, *ct_cc_p) ct_cc_d = (D);                          \
	bool ct_cc_ok = __atomic_compare_exchange(ct_cc_p, ct_cc_e, &ct_cc_d, \
						  0, (S), (F));               \
	CT_ATOM_HOOK(ct_cc_p, CT_CC_RMW, CT_CC_VAL(*ct_cc_e));                \
	ct_cc_ok; })

#undef atomic_compare_exchange_strong_explicit
#define atomic_compare_exchange_strong_explicit(P, E, D, S, F) CT_CC_CAS(P, E, D, S, F)
#undef atomic_compare_exchange_weak_explicit
#define atomic_compare_exchange_weak_explicit(P, E, D, S, F) CT_CC_CAS(P, E, D, S, F)

#endif /* CT_ATOMHOOK_H */
