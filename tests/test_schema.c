/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_schema.c - each family's table (harness/families/) and the records
 * its command writes agree: every metric export, report and regress
 * aggregate is in the records, and, where the table lists its bookkeeping
 * (`keep`), every numeric field of a record is a configuration field, a
 * metric or bookkeeping. A field added on one side only fails this test.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "harness/core/family.h"
#include "harness/families/common.h"
#include "tests/support.h"

/* A short run of each family in CSV, and the metrics it may leave out
 * (besides the PMU counters': written only with --counters). */
static const struct schema_case {
	const char *family, *args;
	const char *const *absent;
} cases[] = {
	{ "lock", "lock --algo tas --threads 2 --duration 30ms --warmup 0 "
		  "--reps 1 --loop bare --format csv --quiet",
	  (const char *const[]){ "miss_per_transfer", NULL } },
	{ "barrier", "barrier --algo centralized --threads 2 --episodes 2000 "
		     "--reps 1 --format csv --quiet", NULL },
	{ "c2c", "c2c --cpus 0,1 --trials 2 --roundtrips 1000 --format csv",
	  NULL },
	{ "falseshare", "falseshare --exp counters --threads 2 --duration 30ms "
			"--warmup 0 --reps 1 --format csv --quiet", NULL },
	{ "litmus", "litmus sb --trials 2000 --format csv --quiet", NULL },
	{ "problem", "problem bounded-buffer --variant all --duration 50ms "
		     "--warmup 0 --reps 1 --format csv --quiet", NULL },
	{ "problem", "problem readers-writers --threads 2 --duration 50ms "
		     "--warmup 0 --reps 1 --format csv --quiet", NULL },
	{ "problem", "problem dining --threads 3 --duration 50ms "
		     "--warmup 0 --reps 1 --format csv --quiet", NULL },
	{ "lrpc", "lrpc --mode spin,pipe --duration 50ms --warmup 10ms "
		  "--reps 1 --binds 2 --format csv --quiet", NULL },
	{ "run", "run --lock pthread-mutex,tas --reps 1 --format csv --quiet "
		 "-- build/contend-torture --threads 2 --iters 2000", NULL },
};

static const char *const counter_metrics[] = { CT_COUNTER_METRICS, NULL };

static bool listed(const char *const *list, const char *name)
{
	for (; list && *list; list++)
		if (!strcmp(*list, name))
			return true;
	return false;
}

/* Run c; append its CSV header to seen (",a,b,"); check its numeric
 * fields against the table's lists where it has them. */
static void run_case(const struct schema_case *c, const struct ct_family *f,
		     char *seen, size_t len)
{
	cr_assert_eq(ct_test_contend(c->args), 0, "%s: %s", c->args,
		     ct_test_out);
	static char head[8192];
	const char *csv = ct_test_out;
	while (*csv == '#') /* comment lines before the header */
		csv += strcspn(csv, "\n") + 1;
	snprintf(head, sizeof(head), "%.*s", (int)strcspn(csv, "\n"), csv);
	size_t used = strlen(seen);
	snprintf(seen + used, len - used, "%s,", head);
	if (!f->keep)
		return;
	char name[96], value[96];
	for (char *p = head; *p;) {
		size_t n = strcspn(p, ",");
		snprintf(name, sizeof(name), "%.*s", (int)n, p);
		p += n + (p[n] == ',');
		cr_assert(ct_test_csv_field(csv, 0, name, value, sizeof(value)));
		char *end;
		strtod(value, &end);
		bool numeric = (*value && !*end) || !strcmp(value, "NA");
		if (!numeric)
			continue;
		cr_expect(listed(f->config, name) || listed(f->metrics, name) ||
				  listed(f->keep, name),
			  "%s: record field %s is in none of the table's lists "
			  "(configuration, metrics, bookkeeping)", c->family, name);
	}
}

/* Every metric of f is in the records of one of its cases. */
static void check_family(const struct ct_family *f)
{
	static char seen[32768];
	unsigned ran = 0;
	const char *const *absent = NULL;
	snprintf(seen, sizeof(seen), ",");
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (!strcmp(cases[i].family, f->name)) {
			run_case(&cases[i], f, seen, sizeof(seen));
			absent = cases[i].absent;
			ran++;
		}
	cr_assert(ran, "%s: no schema case", f->name);
	for (const char *const *m = f->metrics; *m; m++) {
		char col[96];
		snprintf(col, sizeof(col), ",%s,", *m);
		if (listed(counter_metrics, *m) || listed(absent, *m))
			continue;
		cr_expect(strstr(seen, col), "%s: metric %s is in the family "
			  "table but not in the records:\n%s", f->name, *m, seen);
	}
}

Test(schema, records_and_family_tables_agree, .timeout = 120)
{
	for (const struct ct_family *const *f = ct_families; *f; f++)
		check_family(*f);
}
