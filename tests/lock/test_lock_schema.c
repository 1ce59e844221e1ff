/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_lock_schema.c - the lock family's record schema (lockfields.h) and
 * the records `contend lock` writes agree: every metric export, report
 * and regress aggregate is in the records, and every numeric field of a
 * record is a configuration field, a metric, or bookkeeping named here.
 * A field added on one side only fails this test.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "harness/core/family.h"
#include "tests/support.h"

/* Numeric record fields that neither name a configuration nor are
 * aggregated: counts behind the metrics, and identity. */
static const char *const bookkeeping[] = {
	"rep", "ops", "duration_s", "lat_samples", "handoff_samples",
	"handoff_skew_dropped", "cpus_distinct", "lock_node",
	"local_handoff_samples", "c2c_ref", NULL,
};

static bool listed(const char *const *list, const char *name)
{
	for (; list && *list; list++)
		if (!strcmp(*list, name))
			return true;
	return false;
}

Test(lock_schema, records_and_family_table_agree, .timeout = 60)
{
	const struct ct_family *f = ct_family_find("lock");
	cr_assert_not_null(f);
	cr_assert_eq(ct_test_contend("lock --algo tas --threads 2 --duration 30ms "
				     "--warmup 0 --reps 1 --loop bare --format csv "
				     "--quiet"), 0, "%s", ct_test_out);
	static char head[8192], wrapped[8200]; /* ",a,b,...,z," */
	snprintf(head, sizeof(head), "%.*s", (int)strcspn(ct_test_out, "\n"),
		 ct_test_out);
	snprintf(wrapped, sizeof(wrapped), ",%s,", head);
	/* every metric is written (the PMU ones only with --counters) */
	for (const char *const *m = f->metrics; *m; m++) {
		char col[96];
		snprintf(col, sizeof(col), ",%s,", *m);
		bool pmu = strstr(*m, "per_op") && strcmp(*m, "ns_per_op") &&
			   strcmp(*m, "cpu_ns_per_op") &&
			   strcmp(*m, "bare_cpu_ns_per_op");
		if (pmu || !strcmp(*m, "ipc") || !strcmp(*m, "ctx_switches") ||
		    !strcmp(*m, "migrations") || !strcmp(*m, "page_faults") ||
		    !strcmp(*m, "miss_per_transfer"))
			continue;
		cr_expect(strstr(wrapped, col),
			  "metric %s is in the family table but not in the "
			  "records:\n%s", *m, head);
	}
	/* every numeric field is a config field, a metric or bookkeeping */
	char name[96], value[96];
	for (char *p = head; *p;) {
		size_t n = strcspn(p, ",");
		snprintf(name, sizeof(name), "%.*s", (int)n, p);
		p += n + (p[n] == ',');
		cr_assert(ct_test_csv_field(ct_test_out, 0, name, value,
					    sizeof(value)));
		char *end;
		strtod(value, &end);
		bool numeric = (*value && !*end) || !strcmp(value, "NA");
		if (!numeric)
			continue;
		cr_expect(listed(f->config, name) || listed(f->metrics, name) ||
				  listed(bookkeeping, name),
			  "record field %s is in no list of lockfields.h (config, "
			  "metrics) nor bookkeeping", name);
	}
}
