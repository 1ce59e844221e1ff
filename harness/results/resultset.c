/* SPDX-License-Identifier: BSD-2-Clause */
#include "resultset.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


const char *const ct_fp_machine_keys[] = {
	"cpu_model", "topology", "allowed_cpus", "smt", "virtualization",
	"memory", NULL,
};
const char *const ct_fp_env_keys[] = {
	"kernel", "compiler", "governor", NULL,
};

static void *grow(void *p, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return p;
	*cap = *cap * 2 + 64;
	if (*cap < need)
		*cap = need;
	p = realloc(p, *cap * size);
	if (!p)
		abort();
	return p;
}

static void add_doc(struct ct_rs *rs, cJSON *d)
{
	rs->docs = grow(rs->docs, &rs->capdocs, rs->ndocs + 1, sizeof(*rs->docs));
	rs->docs[rs->ndocs++] = d;
}

static void add_row(struct ct_rs *rs, const cJSON *d)
{
	if (rs->nrows == rs->caprows) {
		rs->caprows = rs->caprows * 2 + 64;
		rs->rows = realloc(rs->rows, rs->caprows * sizeof(*rs->rows));
		rs->run_of = realloc(rs->run_of,
				     rs->caprows * sizeof(*rs->run_of));
		if (!rs->rows || !rs->run_of)
			abort();
	}
	rs->run_of[rs->nrows] = rs->nruns - 1;
	rs->rows[rs->nrows++] = d;
}

static int new_run(struct ct_rs *rs, const cJSON *header, const char *path)
{
	if (rs->nruns == CT_RS_MAX_RUNS)
		return -1;
	rs->runs[rs->nruns++] = (struct ct_rs_run){ header, path, NAN };
	return 0;
}

/* One line: header, other metadata, or a data record. */
static int add_line(struct ct_rs *rs, char *line, const char *path)
{
	cJSON *d = cJSON_Parse(line);
	if (!d || !cJSON_IsObject(d)) {
		cJSON_Delete(d);
		rs->bad++;
		return 0;
	}
	add_doc(rs, d);
	const char *kind = ct_rs_str(d, "record");
	if (kind && !strcmp(kind, "header"))
		return new_run(rs, d, path);
	if (kind)
		return 0;
	if (!rs->nruns || rs->runs[rs->nruns - 1].path != path)
		if (new_run(rs, NULL, path))
			return -1;
	add_row(rs, d);
	return 0;
}

static int cmp_num(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/*
 * The c2c reference of each run: the header's c2c_ref, or for files
 * written before there was one, a low order statistic of every round
 * trip it measured (the header's probe, c2c records, each record's
 * c2c_ns). Interference - preemption, a vCPU moved, other load - only
 * adds to a round trip, so the fastest probes estimate the hardware's
 * floor: on a loaded 2-vCPU KVM guest the median of a run's probes ranged
 * from 417 to 768 ns between runs, the fastest from 103 to 142 ns. The
 * third fastest, not the fastest: a probe whose two vCPUs the host ran on
 * one core once reported 23 ns.
 */
static void c2c_refs(struct ct_rs *rs, unsigned first_run)
{
	double *v = malloc((rs->nrows + 1) * sizeof(double));
	for (unsigned r = first_run; r < rs->nruns; r++) {
		size_t n = 0;
		/* Since c2cref.h every header carries the reference its
		 * records were divided by: the same one here, or the plots
		 * and the tables disagree. Older files: estimate it. */
		double h = ct_rs_num(rs->runs[r].header, "c2c_ref");
		if (isfinite(h)) {
			rs->runs[r].c2c_ref = h;
			continue;
		}
		h = ct_rs_num(rs->runs[r].header, "c2c_ns");
		if (isfinite(h))
			v[n++] = h;
		for (size_t i = 0; i < rs->nrows; i++) {
			if (rs->run_of[i] != r)
				continue;
			const char *fam = ct_rs_str(rs->rows[i], "family");
			double x = ct_rs_num(rs->rows[i],
					     fam && !strcmp(fam, "c2c") ? "rtt_ns"
									: "c2c_ns");
			if (isfinite(x))
				v[n++] = x;
		}
		qsort(v, n, sizeof(double), cmp_num);
		rs->runs[r].c2c_ref = n ? v[n < 3 ? n - 1 : 2] : NAN;
	}
	free(v);
}

int ct_rs_load(struct ct_rs *rs, const char *path, char *err, size_t len)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		snprintf(err, len, "cannot read '%s': %s", path, strerror(errno));
		return -1;
	}
	char *keep = strdup(path); /* runs point at it */
	if (rs->npaths == CT_RS_MAX_RUNS) {
		snprintf(err, len, "more than %d files", CT_RS_MAX_RUNS);
		fclose(f);
		free(keep);
		return -1;
	}
	rs->paths[rs->npaths++] = keep;
	unsigned first_run = rs->nruns;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	rs->good_bytes = 0;
	rs->partial = false;
	while ((n = getline(&line, &cap, f)) > 0) {
		if (line[n - 1] != '\n') { /* cut short by a kill */
			rs->partial = true;
			break;
		}
		rs->good_bytes += (size_t)n;
		if (add_line(rs, line, keep)) {
			snprintf(err, len, "%s: more than %d runs", path,
				 CT_RS_MAX_RUNS);
			free(line);
			fclose(f);
			return -1;
		}
	}
	free(line);
	fclose(f);
	c2c_refs(rs, first_run);
	return 0;
}

void ct_rs_free(struct ct_rs *rs)
{
	for (size_t i = 0; i < rs->ndocs; i++)
		cJSON_Delete(rs->docs[i]);
	for (unsigned i = 0; i < rs->npaths; i++)
		free(rs->paths[i]);
	free(rs->docs);
	free(rs->rows);
	free(rs->run_of);
	memset(rs, 0, sizeof(*rs));
}

double ct_rs_num(const cJSON *o, const char *key)
{
	const cJSON *v = o ? cJSON_GetObjectItemCaseSensitive(o, key) : NULL;
	return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

const char *ct_rs_str(const cJSON *o, const char *key)
{
	const cJSON *v = o ? cJSON_GetObjectItemCaseSensitive(o, key) : NULL;
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

void ct_rec_from_json(struct ct_rec *r, const cJSON *o)
{
	const cJSON *v;
	cJSON_ArrayForEach(v, o) {
		if (r->n == CT_REC_MAX)
			return;
		if (cJSON_IsString(v)) {
			ct_rec_str(r, v->string, "%s", v->valuestring);
		} else if (cJSON_IsNumber(v)) {
			double d = v->valuedouble;
			if (d == floor(d) && fabs(d) < 9007199254740992.0)
				ct_rec_int(r, v->string, (long long)d);
			else
				ct_rec_num(r, v->string, d);
		} else if (cJSON_IsBool(v)) {
			ct_rec_int(r, v->string, cJSON_IsTrue(v));
		} else if (cJSON_IsNull(v)) {
			ct_rec_na(r, v->string);
		}
	}
}

unsigned ct_rs_families(const struct ct_rs *rs, const char **out,
			unsigned cap)
{
	unsigned n = 0;
	for (size_t i = 0; i < rs->nrows; i++) {
		const char *f = ct_rs_str(rs->rows[i], "family");
		unsigned j = 0;
		while (f && j < n && strcmp(out[j], f))
			j++;
		if (f && j == n && n < cap)
			out[n++] = f;
	}
	return n;
}

/* "algo=tas threads=2 ..." from the family's configuration fields. */
static void identity(const cJSON *o, const struct ct_family *fam, char *buf,
		     size_t len)
{
	size_t u = 0;
	buf[0] = 0;
	for (const char *const *k = fam->config; *k && u < len; k++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, *k);
		if (cJSON_IsString(v))
			u += (size_t)snprintf(buf + u, len - u, "%s%s=%s",
					      u ? " " : "", *k, v->valuestring);
		else if (cJSON_IsNumber(v))
			u += (size_t)snprintf(buf + u, len - u, "%s%s=%.10g",
					      u ? " " : "", *k, v->valuedouble);
	}
	const char *knobs = ct_rs_str(o, "knobs");
	if (knobs && *knobs && u < len)
		snprintf(buf + u, len - u, " [%s]", knobs);
}

static int cmp_group(const void *a, const void *b)
{
	return strcmp(((const struct ct_group *)a)->key,
		      ((const struct ct_group *)b)->key);
}

unsigned ct_rs_group(const struct ct_rs *rs, const struct ct_family *fam,
		     struct ct_group **out)
{
	struct ct_group *g = calloc(rs->nrows + 1, sizeof(*g));
	unsigned n = 0;
	char key[sizeof(g->key)];
	for (size_t i = 0; i < rs->nrows; i++) {
		const char *f = ct_rs_str(rs->rows[i], "family");
		if (!f || strcmp(f, fam->name))
			continue;
		identity(rs->rows[i], fam, key, sizeof(key));
		unsigned j = 0;
		while (j < n && strcmp(g[j].key, key))
			j++; /* linear: result sets hold hundreds of configs */
		if (j == n) {
			g[n].fam = fam;
			g[n].first = rs->rows[i];
			memcpy(g[n++].key, key, sizeof(key));
		}
		if (g[j].n == g[j].cap) {
			g[j].cap = g[j].cap * 2 + 8;
			g[j].rows = realloc(g[j].rows, g[j].cap * sizeof(unsigned));
		}
		g[j].rows[g[j].n++] = (unsigned)i;
	}
	qsort(g, n, sizeof(*g), cmp_group);
	*out = g;
	return n;
}

void ct_groups_free(struct ct_group *g, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		free(g[i].rows);
	free(g);
}

const struct ct_group *ct_group_find(const struct ct_group *g, unsigned n,
				     const char *key)
{
	struct ct_group k;
	snprintf(k.key, sizeof(k.key), "%s", key);
	return bsearch(&k, g, n, sizeof(*g), cmp_group);
}

void ct_rs_text(const cJSON *o, const char *key, char *buf, size_t len)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	if (cJSON_IsString(v))
		snprintf(buf, len, "%s", v->valuestring);
	else if (cJSON_IsNumber(v))
		snprintf(buf, len, "%.10g", v->valuedouble);
	else
		buf[0] = 0;
}

/* Do groups a and b differ in key (and, if same_name is set, share the
 * value of that field)? */
static bool differ(const struct ct_group *a, const struct ct_group *b,
		   const char *key, const char *same_name)
{
	char x[256], y[256];
	if (same_name) {
		ct_rs_text(a->first, same_name, x, sizeof(x));
		ct_rs_text(b->first, same_name, y, sizeof(y));
		if (strcmp(x, y))
			return false;
	}
	ct_rs_text(a->first, key, x, sizeof(x));
	ct_rs_text(b->first, key, y, sizeof(y));
	return strcmp(x, y) != 0;
}

/*
 * A field "varies" when two groups of the same algorithm differ in it:
 * a field fixed by the algorithm (a lock's wait policy "native") says
 * nothing the name does not.
 */
void ct_groups_varying(const struct ct_group *g, unsigned n, bool *vary)
{
	if (!n)
		return;
	const char *const *cfg = g[0].fam->config;
	const char *nf = ct_family_names_field(g[0].fam);
	for (unsigned i = 0;; i++) {
		const char *key = cfg[i] ? cfg[i] : "knobs";
		const char *same = nf && strcmp(key, nf) ? nf : NULL;
		vary[i] = false;
		for (unsigned a = 0; a < n && !vary[i]; a++)
			for (unsigned b = a + 1; b < n && !vary[i]; b++)
				vary[i] = differ(&g[a], &g[b], key, same);
		if (!cfg[i])
			break;
	}
}

static bool listed(const char *const *v, const char *s)
{
	for (; v && *v; v++)
		if (!strcmp(*v, s))
			return true;
	return false;
}

void ct_group_label(const struct ct_group *g, const bool *vary,
		    const char *const *skip, const char *sep, char *buf,
		    size_t len)
{
	const char *const *cfg = g->fam->config;
	size_t u = 0;
	unsigned i;
	buf[0] = 0;
	for (i = 0; cfg[i] && u < len; i++) {
		char v[256];
		if (!vary[i] || listed(skip, cfg[i]))
			continue;
		const cJSON *f = cJSON_GetObjectItemCaseSensitive(g->first, cfg[i]);
		ct_rs_text(g->first, cfg[i], v, sizeof(v));
		if (!*v) /* null here: the field does not apply to this group */
			continue;
		if (cJSON_IsString(f))
			u += (size_t)snprintf(buf + u, len - u, "%s%s",
					      u ? sep : "", v);
		else
			u += (size_t)snprintf(buf + u, len - u, "%s%s=%s",
					      u ? sep : "", cfg[i], v);
	}
	while (cfg[i])
		i++;
	const char *knobs = ct_rs_str(g->first, "knobs");
	if (vary[i] && knobs && u < len)
		snprintf(buf + u, len - u, "%s%s", u ? sep : "", knobs);
}

static void field_text(const struct ct_field *f, char *buf, size_t len)
{
	if (!f)
		snprintf(buf, len, "(absent)");
	else if (f->type == CT_V_STR)
		snprintf(buf, len, "%s", f->s);
	else if (f->type == CT_V_INT)
		snprintf(buf, len, "%lld", f->i);
	else if (f->type == CT_V_NUM)
		snprintf(buf, len, "%.10g", f->d);
	else
		snprintf(buf, len, "null");
}

unsigned ct_fp_diff(const struct ct_rec *a, const struct ct_rec *b,
		    const char *const *keys, char *buf, size_t len)
{
	unsigned n = 0;
	size_t u = 0;
	buf[0] = 0;
	for (; *keys; keys++) {
		char va[256], vb[256];
		field_text(ct_rec_get(a, *keys), va, sizeof(va));
		field_text(ct_rec_get(b, *keys), vb, sizeof(vb));
		if (!strcmp(va, vb))
			continue;
		n++;
		if (u < len)
			u += (size_t)snprintf(buf + u, len - u, "%s%s: '%s' vs '%s'",
					      u ? "; " : "", *keys, va, vb);
	}
	return n;
}
