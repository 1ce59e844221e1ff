/* SPDX-License-Identifier: BSD-2-Clause */
#include "c2cref.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "c2c.h"
#include "cli.h"
#include "stats.h"

/* Probes of a reference, spaced apart so that one host hiccup moves one
 * probe, not the median: 9 x (5 trials of 5000 round trips) costs about
 * 0.1 s at 130 ns per round trip, 0.5 s at the 1.3 us a moved vCPU gives. */
enum { REF_PROBES = 9, REF_TRIALS = 5, REF_ROUNDTRIPS = 5000 };
static const struct timespec probe_gap = { 0, 5 * 1000 * 1000 };

static void measure(const struct ct_topo *t, struct ct_c2c_ref *ref)
{
	struct ct_placement compact = { .kind = CT_PLACE_COMPACT };
	int cpus[2];
	double v[REF_PROBES];
	char err[256];
	unsigned n = 0;
	snprintf(ref->source, sizeof(ref->source), "measured");
	ref->ns = ref->min_ns = ref->max_ns = ref->spread_pct = NAN;
	ref->cpu_a = ref->cpu_b = -1;
	if (t->npus < 2 || ct_placement_resolve(t, &compact, 2, cpus, err,
						sizeof(err)) ||
	    cpus[0] == cpus[1])
		return;
	ref->cpu_a = cpus[0], ref->cpu_b = cpus[1];
	for (unsigned i = 0; i < REF_PROBES; i++) {
		struct ct_c2c m;
		if (i)
			nanosleep(&probe_gap, NULL);
		if (!ct_c2c_measure(cpus[0], cpus[1], REF_TRIALS, REF_ROUNDTRIPS,
				    &m, err, sizeof(err)))
			v[n++] = m.rtt_ns;
	}
	ref->probes = n;
	if (!n)
		return;
	struct ct_summary s;
	ct_summarize(v, n, &s);
	ref->ns = s.median, ref->min_ns = s.min, ref->max_ns = s.max;
	ref->spread_pct = n > 1 ? 100 * s.rel_spread : NAN;
}

/* The fields a reference file holds, as a record. */
static void to_rec(const struct ct_c2c_ref *ref, const struct ct_topo *t,
		   struct ct_rec *r)
{
	ct_rec_reset(r);
	ct_rec_num(r, "c2c_ref", ref->ns);
	ct_rec_num(r, "c2c_ref_min_ns", ref->min_ns);
	ct_rec_num(r, "c2c_ref_max_ns", ref->max_ns);
	ct_rec_num(r, "c2c_ref_spread", ref->spread_pct);
	ct_rec_int(r, "c2c_ref_probes", ref->probes);
	if (ref->cpu_a >= 0)
		ct_rec_str(r, "c2c_ref_cpus", "%d-%d", ref->cpu_a, ref->cpu_b);
	else
		ct_rec_na(r, "c2c_ref_cpus");
	if (t) {
		ct_rec_str(r, "topology", "%s", t->summary);
		ct_rec_str(r, "allowed_cpus", "%s", t->allowed);
	}
}

int ct_c2c_ref_save(const struct ct_c2c_ref *ref, const struct ct_topo *t,
		    const char *path, char *err, size_t len)
{
	char tmp[1024];
	struct ct_rec r;
	struct ct_sink s;
	snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid());
	to_rec(ref, t, &r);
	if (ct_sink_open(&s, CT_FMT_JSONL, tmp, err, len))
		return -1;
	ct_sink_write(&s, &r);
	int bad = ferror(s.f);
	if (fclose(s.f) || bad || rename(tmp, path)) {
		snprintf(err, len, "cannot write '%s': %s", path,
			 strerror(errno ? errno : EIO));
		remove(tmp);
		return -1;
	}
	return 0;
}

static double num(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

static const char *str(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsString(v) ? v->valuestring : "";
}

/* Read path into ref. 1: read; 0: measured on another machine (a note on
 * stderr). Exits 2 when the file holds no reference. */
static int load(const char *path, const struct ct_topo *t,
		struct ct_c2c_ref *ref)
{
	char line[4096];
	FILE *f = fopen(path, "r");
	if (!f)
		ct_usage_error("$%s: cannot read '%s': %s", CT_C2C_REF_ENV, path,
			       strerror(errno));
	bool got = fgets(line, sizeof(line), f) != NULL;
	fclose(f);
	cJSON *o = got ? cJSON_Parse(line) : NULL;
	double ns = num(o, "c2c_ref");
	if (!o || !(ns > 0))
		ct_usage_error("$%s: '%s' holds no c2c reference (expected one "
			       "JSON line with a positive \"c2c_ref\", as contend "
			       "writes when the file does not exist)",
			       CT_C2C_REF_ENV, path);
	bool same = !strcmp(str(o, "topology"), t->summary) &&
		    !strcmp(str(o, "allowed_cpus"), t->allowed);
	if (same) {
		*ref = (struct ct_c2c_ref){ ns, num(o, "c2c_ref_min_ns"),
					    num(o, "c2c_ref_max_ns"),
					    num(o, "c2c_ref_spread"),
					    (unsigned)num(o, "c2c_ref_probes"),
					    -1, -1, "" };
		if (sscanf(str(o, "c2c_ref_cpus"), "%d-%d", &ref->cpu_a,
			   &ref->cpu_b) != 2)
			ref->cpu_a = ref->cpu_b = -1;
		snprintf(ref->source, sizeof(ref->source), "file %s", path);
	} else {
		fprintf(stderr, "contend: $%s: '%s' was measured on another "
				"machine or CPU set (%s; %s); measuring anew\n",
			CT_C2C_REF_ENV, path, str(o, "topology"),
			str(o, "allowed_cpus"));
	}
	cJSON_Delete(o);
	return same;
}

const struct ct_c2c_ref *ct_c2c_ref_get(const struct ct_topo *t)
{
	static struct ct_c2c_ref ref;
	static bool have;
	if (have)
		return &ref;
	have = true;
	const char *path = getenv(CT_C2C_REF_ENV);
	if (path && *path) {
		FILE *f = fopen(path, "r");
		if (f) {
			fclose(f);
			if (load(path, t, &ref))
				return &ref;
			measure(t, &ref);
			return &ref;
		}
	}
	measure(t, &ref);
	if (path && *path && isfinite(ref.ns)) {
		char err[1200];
		if (ct_c2c_ref_save(&ref, t, path, err, sizeof(err))) {
			fprintf(stderr, "contend: $%s: %s\n", CT_C2C_REF_ENV, err);
			exit(1);
		}
		snprintf(ref.source, sizeof(ref.source), "measured, saved to %s",
			 path);
	}
	return &ref;
}

void ct_c2c_ref_header(struct ct_rec *r, const struct ct_c2c_ref *ref)
{
	struct ct_rec f;
	to_rec(ref, NULL, &f);
	ct_rec_append(r, &f);
	ct_rec_str(r, "c2c_ref_source", "%s", ref->source);
}
