/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * regress_metric.c - which metrics `contend regress` compares, and where:
 * "lat_p50_ns@threads=1,handoff_ns".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regress.h"

static bool listed(const char *const *v, const char *s, const char **hit)
{
	for (; *v; v++)
		if (!strcmp(*v, s)) {
			*hit = *v;
			return true;
		}
	return false;
}

/* One "M[@FIELD=VALUE]" into m. */
static int parse_one(const struct ct_family *f, char *tok,
		     struct ct_metric_sel *m, char *err, size_t len)
{
	char valid[1024], *at = strchr(tok, '@'), *eq;
	memset(m, 0, sizeof(*m));
	if (at)
		*at++ = 0;
	if (!listed(f->metrics, tok, &m->name)) {
		ct_join(valid, sizeof(valid), f->metrics, ", ");
		snprintf(err, len, "unknown metric '%s' for %s (valid: %s)", tok,
			 f->name, valid);
		return -1;
	}
	if (!at)
		return 0;
	eq = strchr(at, '=');
	if (eq)
		*eq++ = 0;
	if (!eq || !*eq || !listed(f->config, at, &m->field)) {
		ct_join(valid, sizeof(valid), f->config, ", ");
		snprintf(err, len, "'%s@%s': expected METRIC@FIELD=VALUE with a "
			 "field of %s (valid: %s)", tok, at, f->name, valid);
		return -1;
	}
	snprintf(m->value, sizeof(m->value), "%s", eq);
	return 0;
}

int ct_regress_metrics(struct ct_regress_opts *o, const char *s, char *err,
		       size_t len)
{
	char *copy = strdup(s), *save = NULL;
	int rc = 0;
	o->nmetrics = 0;
	for (char *tok = strtok_r(copy, ",", &save); tok && !rc;
	     tok = strtok_r(NULL, ",", &save)) {
		if (o->nmetrics == CT_REGRESS_MAX_METRICS) {
			snprintf(err, len, "more than %d metrics",
				 CT_REGRESS_MAX_METRICS);
			rc = -1;
			break;
		}
		rc = parse_one(o->fam, tok, &o->metrics[o->nmetrics++], err, len);
	}
	if (!rc && !o->nmetrics) {
		snprintf(err, len, "no metric given");
		rc = -1;
	}
	free(copy);
	return rc;
}

bool ct_metric_applies(const struct ct_metric_sel *m, const cJSON *first)
{
	char v[256];
	if (!m->field)
		return true;
	ct_rs_text(first, m->field, v, sizeof(v));
	return !strcmp(v, m->value);
}

static const char *const higher_better[] = {
	"throughput_ops", "throughput_eps", "episodes_per_s", "jain",
	"share_min", NULL,
};

bool ct_metric_higher_better(const char *m)
{
	const char *hit;
	return listed(higher_better, m, &hit);
}

bool ct_metric_is_ns(const char *m)
{
	size_t n = strlen(m);
	return n > 3 && !strcmp(m + n - 3, "_ns");
}
