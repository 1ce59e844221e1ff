/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * procs.h - the benchmark's procedures and payloads, shared by LRPC and
 * every baseline transport so all of them do the same work per call.
 */
#ifndef CT_LRPC_PROCS_H
#define CT_LRPC_PROCS_H

#include <stddef.h>
#include <stdint.h>

#include "harness/core/cc.h"

extern const char *const ct_lrpc_proc_names[]; /* NULL-terminated */

/* Run procedure proc on buf (len argument bytes) in place; result length. */
size_t ct_lrpc_run_proc(unsigned proc, uint8_t *buf, size_t len);

/* Fill a payload from a seed (every byte written); checksum one (every
 * byte read). */
void ct_lrpc_payload_fill(uint8_t *p, size_t len, uint64_t seed);
uint32_t ct_lrpc_payload_sum(const uint8_t *p, size_t len);

#endif /* CT_LRPC_PROCS_H */
