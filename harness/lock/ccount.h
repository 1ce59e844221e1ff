/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ccount.h - the counting build of the lock family: include it FIRST in a
 * translation unit (before anything that includes a lock header), and
 * every C11 atomic the locks perform there reports to ct_cc_access()
 * after it has run, with the location, its kind and the value it read or
 * wrote (atomhook.h). coherence.c is the only includer: the model and the
 * deterministic scheduler behind `--count-transfers` and the tests. No
 * measured loop is ever compiled with it.
 */
#ifndef CT_CCOUNT_H
#define CT_CCOUNT_H

#define CT_ATOM_HOOK(p, kind, value) ct_cc_access((p), (kind), (value))
#include "atomhook.h"

/* After an atomic access of `p` by the calling thread. */
void ct_cc_access(const volatile void *p, enum ct_cc_kind kind, uint64_t value);

#endif /* CT_CCOUNT_H */
