/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * `contend list families` and `contend list family NAME`: what a family's
 * table (harness/families/) says, printed from the table itself - its
 * spec keys with their checks, defaults and record fields, the options
 * only its command takes, the fields that name a configuration and the
 * metrics with their units.
 */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "harness/core/cli.h"
#include "harness/core/family.h"

static const char *const kind_names[] = {
	[CT_K_NAMES] = "names", [CT_K_COUNTS] = "counts", [CT_K_NS] = "ns",
	[CT_K_SECONDS] = "seconds", [CT_K_COUNT] = "count",
	[CT_K_CHOICE] = "choice", [CT_K_PLACEMENT] = "placement",
	[CT_K_CPULIST] = "cpu list", [CT_K_LOCK] = "lock",
	[CT_K_MUTEX] = "mutex", [CT_K_FRACTION] = "fraction",
	[CT_K_TEXT] = "text", [CT_K_FLAG] = "flag", [CT_K_PROGRAM] = "program",
};

static void print_key(const struct ct_opt *k)
{
	char meta[256], range[64] = "";
	if (k->kind == CT_K_COUNT || k->kind == CT_K_COUNTS)
		snprintf(range, sizeof(range), " %llu..%llu",
			 (unsigned long long)k->min, (unsigned long long)k->max);
	const char *m = k->kind == CT_K_CHOICE ?
				ct_opt_meta(k, meta, sizeof(meta)) : NULL;
	printf("  %-18s %s%s%s%s%s%s  -> %s\n", k->name, kind_names[k->kind],
	       range, m ? " " : "", m ? m : "", k->dflt ? ", default " : "",
	       k->dflt ? k->dflt : "", k->field ? k->field : "knobs");
}

static void print_family(const struct ct_family *f)
{
	printf("family %s: `contend %s`%s; plots' x axis: %s\n", f->name,
	       f->name, f->built ? "" : " (not built)", f->x);
	printf("spec keys (kind, bounds or values, default -> record field):\n");
	for (const struct ct_opt *k = f->keys; k->name; k++)
		if (ct_is_key(k))
			print_key(k);
	printf("command only:");
	for (const struct ct_opt *k = f->keys; k->name; k++)
		if (!ct_is_key(k))
			printf(" --%s", k->name);
	printf("\nconfiguration fields:");
	for (const char *const *c = f->config; *c; c++)
		printf(" %s", *c);
	printf("\nmetrics:\n");
	for (unsigned i = 0; f->metrics[i]; i++)
		printf("  %-26s %s\n", f->metrics[i],
		       f->units && f->units[i] ? f->units[i] : "");
}

int ct_list_families(int argc, char **argv)
{
	if (argc < 2) {
		for (const struct ct_family *const *f = ct_families; *f; f++)
			printf("%s\n", (*f)->name);
		return 0;
	}
	const struct ct_family *f = ct_family_find(argv[1]);
	if (!f) {
		char valid[256];
		ct_family_list(valid, sizeof(valid), true);
		ct_usage_error("list family: unknown family '%s' (valid: %s)",
			       argv[1], valid);
	}
	print_family(f);
	return 0;
}
