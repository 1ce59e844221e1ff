/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * regress_base.c - `contend regress DIR CURRENT`: pick, among the baselines
 * in DIR (one per hardware class: baselines are only comparable as
 * measured on the hardware they were recorded on), the one whose header
 * names the same machine as CURRENT's.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "harness/core/cli.h"
#include "regress.h"

/* The header record of a JSON Lines file (the caller deletes it), or
 * NULL. */
static cJSON *read_header(const char *path)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	cJSON *o = NULL;
	if (f && getline(&line, &cap, f) > 0) {
		o = cJSON_Parse(line);
		const char *kind = o ? ct_rs_str(o, "record") : NULL;
		if (!kind || strcmp(kind, "header")) {
			cJSON_Delete(o);
			o = NULL;
		}
	}
	free(line);
	if (f)
		fclose(f);
	return o;
}

/* Does the header at path name the machine hc does? */
static bool same_machine(const char *path, const struct ct_rec *hc)
{
	cJSON *o = read_header(path);
	struct ct_rec hb;
	char diff[1024];
	ct_rec_reset(&hb);
	if (o) /* hb points into o: compare before deleting it */
		ct_rec_from_json(&hb, o);
	bool same = o && !ct_fp_diff(&hb, hc, ct_fp_machine_keys, diff,
				     sizeof(diff));
	cJSON_Delete(o);
	return same;
}

static int jsonl_only(const struct dirent *d)
{
	size_t n = strlen(d->d_name);
	return n > 6 && !strcmp(d->d_name + n - 6, ".jsonl");
}

char *ct_regress_pick_base(const char *dir, const struct ct_rs *cur,
			   bool *same_hw)
{
	struct ct_rec hc;
	char *pick = NULL;
	struct dirent **names;
	int n = scandir(dir, &names, jsonl_only, alphasort);
	if (n <= 0)
		ct_usage_error("regress: %s holds no baseline (*.jsonl); record "
			       "one with scripts/make-baseline", dir);
	ct_rec_reset(&hc);
	if (cur->nruns && cur->runs[0].header)
		ct_rec_from_json(&hc, cur->runs[0].header);
	*same_hw = false;
	for (int i = 0; i < n; i++) {
		char *path = NULL;
		if (asprintf(&path, "%s/%s", dir, names[i]->d_name) < 0)
			ct_usage_error("regress: out of memory");
		bool same = same_machine(path, &hc);
		if (!pick || (same && !*same_hw)) {
			free(pick);
			pick = path, path = NULL;
			*same_hw = same;
		}
		free(path);
		free(names[i]);
	}
	free(names);
	return pick;
}
