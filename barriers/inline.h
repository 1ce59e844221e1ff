/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * inline.h - instantiate the void * adapters of every barriers/LIST row in
 * this translation unit, so a BARRIER() expansion can hand
 * ct_barrierop_<id>_wait as a constant to an always_inline loop template
 * and get the algorithm inlined (no indirect call in a measured loop).
 */
#ifndef CT_BARRIER_INLINE_H
#define CT_BARRIER_INLINE_H

#include "ops.h"

#define BARRIER(id, name, flags) CT_BARRIER_ADAPTERS(id)
#include "LIST"
#undef BARRIER

#endif /* CT_BARRIER_INLINE_H */
