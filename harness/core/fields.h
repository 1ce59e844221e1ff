/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fields.h - a family's record fields written once.
 *
 * A family lists its record's fields as one X-macro FIELDS(C, M, K) in
 * record order: C(name) names a configuration, M(name, "unit") is a
 * metric, K(name) is bookkeeping (identity, text, the counts behind a
 * metric). From it:
 *
 *   struct ct_lock_fields { FIELDS(CT_FIELD_CHARS, CT_FIELD_CHARS,
 *                                  CT_FIELD_CHARS) };       (the header)
 *   const struct ct_lock_fields ct_lock_fields = {
 *           FIELDS(CT_FIELD_INIT, CT_FIELD_INIT, CT_FIELD_INIT) };  (a .c)
 *   #define LF(name) ((const char *)ct_lock_fields.name)
 *
 * so a writer names a field as LF(throughput_ops): an unlisted name does
 * not compile, and the name is an address constant that static tables may
 * hold. The family table (harness/families/) turns the same X-macro into
 * its configuration, metric, unit and bookkeeping lists
 * (harness/families/common.h, CT_FIELD_NAME ...).
 */
#ifndef CT_FIELDS_H
#define CT_FIELDS_H

#define CT_FIELD_CHARS(name, ...) char name[sizeof(#name)];
#define CT_FIELD_INIT(name, ...) .name = #name,

#endif /* CT_FIELDS_H */
