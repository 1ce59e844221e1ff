/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fingerprint.h - the environment a result was measured in, written as the
 * header of every result file: CPU, topology, allowed cpuset, SMT,
 * governor, virtualization, kernel, compiler, git revision, timer, memory
 * policy and PMU availability (with the reason when unavailable).
 */
#ifndef CT_FINGERPRINT_H
#define CT_FINGERPRINT_H

#include <stddef.h>

#include "record.h"
#include "topology.h"

/* Fill r with the header record ("record":"header", schema, ...). */
void ct_fingerprint(struct ct_rec *r, const struct ct_topo *t);

/* Keys worth showing above a table. NULL-terminated. */
extern const char *const ct_fingerprint_table_keys[];

/*
 * Complete a run's header and write it: with counters (an event mask, 0:
 * none) the status of counting those events here (hw_counters,
 * sw_counters); then the record to out->data and the table keys above
 * out->table (either may be NULL).
 */
void ct_fingerprint_write(struct ct_rec *r, struct ct_output *out,
			  unsigned counters);

/*
 * Can this process count hardware events? Returns 1 with "available", or 0
 * with the reason, e.g. "unavailable: No such file or directory (no
 * hardware PMU exposed; perf_event_paranoid=2)".
 */
int ct_pmu_probe(char *why, size_t len);

#endif /* CT_FINGERPRINT_H */
