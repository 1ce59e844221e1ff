/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * inline.h - instantiate the void * adapters of every locks/LIST row in
 * this translation unit, so a LOCK() expansion can hand them as constants
 * to an always_inline loop template and get the algorithm inlined.
 */
#ifndef CT_LOCKINLINE_H
#define CT_LOCKINLINE_H

#include "ops.h"

#define LOCK(id, name, flags, try) CT_LOCK_ADAPTERS(id) CT_LOCK_TRY_ADAPTER(id, try)
#include "LIST"
#undef LOCK

#endif /* CT_LOCKINLINE_H */
