/* SPDX-License-Identifier: BSD-2-Clause */
#include "results_io.h"

#include <stdio.h>
#include <string.h>

#include "harness/core/cli.h"

void ct_results_load(struct ct_rs *rs, char **paths, unsigned n,
		     const char *cmd)
{
	char err[600];
	memset(rs, 0, sizeof(*rs));
	if (!n)
		ct_usage_error("%s: give one or more result files (JSON Lines "
			       "from contend matrix, lock --out ..., c2c --out ...)",
			       cmd);
	for (unsigned i = 0; i < n; i++) {
		size_t before = rs->nrows;
		if (ct_rs_load(rs, paths[i], err, sizeof(err)))
			ct_usage_error("%s: %s", cmd, err);
		if (rs->nrows == before)
			ct_usage_error("%s: %s holds no result records (is it "
				       "JSON Lines?)", cmd, paths[i]);
	}
	if (rs->bad || rs->partial)
		fprintf(stderr, "contend: %s: %u malformed or cut-short lines "
			"ignored\n", cmd, rs->bad + rs->partial);
}

const struct ct_family *ct_results_family(const struct ct_rs *rs,
					  const char *want, const char *cmd)
{
	const char *names[17];
	char list[256];
	unsigned n = ct_rs_families(rs, names, 16);
	names[n] = NULL;
	ct_join(list, sizeof(list), names, ", ");
	const char *pick = want ? want : n == 1 ? names[0] : NULL;
	if (!pick)
		ct_usage_error("%s: the results hold several families; choose "
			       "one with --family (present: %s)", cmd, list);
	for (unsigned i = 0; i < n; i++) {
		const struct ct_family *f = ct_family_find(pick);
		if (!strcmp(names[i], pick) && f)
			return f;
	}
	ct_usage_error("%s: --family %s: not in the results (present: %s)", cmd,
		       pick, list);
}
