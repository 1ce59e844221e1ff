/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * spec.c - load and check a matrix spec (format in spec.h).
 *
 * Values are checked with the same parsers the commands use (cli.h), given
 * "FILE:LINE: key" as the option name, so a bad value reads
 *   contend: results/specs/x:7: algo: unknown name 'foo' (valid: ...)
 * and exits 2 before anything has run.
 */
#include "spec.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness/core/cli.h"
#include "harness/core/datadir.h"

/* Time a run costs beyond warm-up + duration (exec, calibration, c2c and
 * uncontended probes): what a budget reserves per run. */
#define RUN_OVERHEAD_S 0.2
#define MIN_DURATION_S 0.01
#define MAX_RUNS 100000
#define MAX_RAW 24

static const char *const global_keys[] = {
	"seed", "reps", "duration", "warmup", "budget", "timeout", NULL,
};
enum { G_SEED, G_REPS, G_DURATION, G_WARMUP, G_BUDGET, G_TIMEOUT, G_N };

/* One "key = value" of a section, checked once the file is read. */
struct raw {
	unsigned line;
	char key[64];
	char val[1024];
};

struct loader {
	struct ct_spec *s;
	const struct ct_topo *topo;
	struct raw (*raw)[MAX_RAW]; /* per section */
	unsigned nraw[CT_SPEC_MAX_SECTIONS];
	unsigned global_line[G_N]; /* line of each global key, 0 if unset */
	unsigned reps;
	double duration_s, warmup_s;
	/* section overrides: 0 / negative = inherit */
	unsigned sec_reps[CT_SPEC_MAX_SECTIONS];
	double sec_dur[CT_SPEC_MAX_SECTIONS], sec_warm[CT_SPEC_MAX_SECTIONS];
};

static _Noreturn void spec_error(const struct ct_spec *s, unsigned line,
				 const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static _Noreturn void spec_error(const struct ct_spec *s, unsigned line,
				 const char *fmt, ...)
{
	char msg[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (line)
		ct_usage_error("%s:%u: %s", s->path, line, msg);
	ct_usage_error("%s: %s", s->path, msg);
}

static int index_of(const char *const *v, const char *s)
{
	for (int i = 0; v[i]; i++)
		if (!strcmp(v[i], s))
			return i;
	return -1;
}

/* Check one key's value list into axis a. line 0: the family default. */
static void check_axis(struct loader *l, struct ct_section *sec,
		       struct ct_axis *a, const char *val, unsigned line)
{
	char prefix[700];
	a->line = line;
	snprintf(prefix, sizeof(prefix), "%s:%u: %s%s", l->s->path,
		 line ? line : sec->line, a->key->name, line ? "" : " (default)");
	ct_spec_check_axis(sec, a, val, prefix, l->topo);
}

/* ---- lines --------------------------------------------------------------- */

static double parse_one_seconds(struct loader *l, unsigned line,
				const char *key, const char *val,
				bool allow_zero)
{
	char prefix[700];
	snprintf(prefix, sizeof(prefix), "%s:%u: %s", l->s->path, line, key);
	return ct_parse_seconds(prefix, val, allow_zero);
}

static uint64_t parse_one_count(struct loader *l, unsigned line,
				const char *key, const char *val, uint64_t min,
				uint64_t max)
{
	char prefix[700];
	snprintf(prefix, sizeof(prefix), "%s:%u: %s", l->s->path, line, key);
	return ct_parse_count(prefix, val, min, max);
}

static void global_line(struct loader *l, unsigned line, const char *key,
			const char *val)
{
	int i = index_of(global_keys, key);
	char valid[256];
	if (i < 0) {
		ct_join(valid, sizeof(valid), global_keys, ", ");
		spec_error(l->s, line, "unknown key '%s' before any [family] "
			   "section (valid here: %s)", key, valid);
	}
	if (l->global_line[i])
		spec_error(l->s, line, "'%s' is already set on line %u", key,
			   l->global_line[i]);
	l->global_line[i] = line;
	switch (i) {
	case G_SEED:
		l->s->seed = parse_one_count(l, line, key, val, 0, 1ull << 53);
		l->s->has_seed = true;
		break;
	case G_REPS:
		l->reps = (unsigned)parse_one_count(l, line, key, val, 1, 1000);
		break;
	case G_DURATION:
		l->duration_s = parse_one_seconds(l, line, key, val, false);
		l->s->has_duration = true;
		break;
	case G_WARMUP:
		l->warmup_s = parse_one_seconds(l, line, key, val, true);
		break;
	case G_BUDGET:
		l->s->budget_s = parse_one_seconds(l, line, key, val, false);
		break;
	case G_TIMEOUT:
		l->s->timeout_s = parse_one_seconds(l, line, key, val, false);
		break;
	}
}

static _Noreturn void unknown_key(struct loader *l, unsigned line,
				  const struct ct_section *sec,
				  const char *key)
{
	char valid[1024];
	ct_family_key_list(sec->fam, valid, sizeof(valid));
	spec_error(l->s, line, "unknown key '%s' in [%s] (valid: %s, reps%s)",
		   key, sec->fam->name, valid,
		   ct_family_takes(sec->fam, CT_R_DURATION) ? ", duration, warmup" : "");
}

/* reps / duration / warmup inside a section. false: not one of them. */
static bool section_runlen(struct loader *l, unsigned line, unsigned si,
			   const char *key, const char *val)
{
	const struct ct_section *sec = &l->s->sec[si];
	bool dur = !strcmp(key, "duration"), warm = !strcmp(key, "warmup");
	if (strcmp(key, "reps") && !dur && !warm)
		return false;
	if (!ct_family_takes(sec->fam, CT_R_DURATION) && (dur || warm))
		return false; /* the family's own key, if it has one */
	if (dur) {
		l->sec_dur[si] = parse_one_seconds(l, line, key, val, false);
		l->s->has_duration = true;
	} else if (warm) {
		l->sec_warm[si] = parse_one_seconds(l, line, key, val, true);
	} else {
		l->sec_reps[si] =
			(unsigned)parse_one_count(l, line, key, val, 1, 1000);
	}
	return true;
}

static void section_line(struct loader *l, unsigned line, const char *key,
			 const char *val)
{
	unsigned si = l->s->nsec - 1;
	struct ct_section *sec = &l->s->sec[si];
	for (unsigned i = 0; i < l->nraw[si]; i++)
		if (!strcmp(l->raw[si][i].key, key))
			spec_error(l->s, line, "'%s' is already set on line %u",
				   key, l->raw[si][i].line);
	if (section_runlen(l, line, si, key, val))
		val = ""; /* recorded for the duplicate check only */
	else if (!ct_family_key(sec->fam, key))
		unknown_key(l, line, sec, key);
	struct raw *r = &l->raw[si][l->nraw[si]++];
	r->line = line;
	snprintf(r->key, sizeof(r->key), "%s", key);
	snprintf(r->val, sizeof(r->val), "%s", val);
}

static void open_section(struct loader *l, unsigned line, char *head)
{
	char *name = ct_trim(head), *label = name + strcspn(name, " \t");
	char built[256], planned[256];
	if (*label)
		*label++ = 0;
	ct_family_list(built, sizeof(built), true);
	ct_family_list(planned, sizeof(planned), false);
	const struct ct_family *f = ct_family_find(name);
	if (!f)
		spec_error(l->s, line, "unknown family '%s' (valid: %s; planned: "
			   "%s)", name, built, planned);
	if (!f->built)
		spec_error(l->s, line, "family '%s' is not built into this "
			   "contend yet (runnable: %s)", name, built);
	if (l->s->nsec == CT_SPEC_MAX_SECTIONS)
		spec_error(l->s, line, "more than %d sections",
			   CT_SPEC_MAX_SECTIONS);
	struct ct_section *sec = &l->s->sec[l->s->nsec++];
	sec->fam = f;
	sec->line = line;
	snprintf(sec->label, sizeof(sec->label), "%s", ct_trim(label));
}

static void parse_line(struct loader *l, unsigned line, char *text)
{
	char *hash = strchr(text, '#');
	if (hash)
		*hash = 0;
	char *s = ct_trim(text);
	if (!*s)
		return;
	if (*s == '[') {
		char *end = strchr(s, ']');
		if (!end || end[1] || end == s + 1)
			spec_error(l->s, line, "malformed section '%s' (expected "
				   "[family] or [family label])", s);
		*end = 0;
		open_section(l, line, s + 1);
		return;
	}
	char *eq = strchr(s, '=');
	if (!eq)
		spec_error(l->s, line, "expected 'key = value' or '[family]', "
			   "got '%s'", s);
	*eq = 0;
	char *key = ct_trim(s), *val = ct_trim(eq + 1);
	if (!*key)
		spec_error(l->s, line, "missing key before '='");
	if (!l->s->nsec)
		global_line(l, line, key, val);
	else if (l->nraw[l->s->nsec - 1] == MAX_RAW)
		spec_error(l->s, line, "too many keys in one section");
	else
		section_line(l, line, key, val);
}

/* ---- sections -------------------------------------------------------------- */

static unsigned max_threads(const struct ct_section *sec)
{
	unsigned m = 1;
	for (unsigned i = 0; i < sec->naxes; i++) {
		const struct ct_axis *a = &sec->axis[i];
		if (strcmp(a->key->name, "threads"))
			continue;
		for (unsigned j = 0; j < a->n; j++)
			if ((unsigned)atoi(a->v[j]) > m)
				m = (unsigned)atoi(a->v[j]);
	}
	return m;
}

/* Every placement must host the section's largest thread count. */
static void check_hosting(struct loader *l, const struct ct_section *sec)
{
	unsigned n = max_threads(sec);
	int *cpus = calloc(n, sizeof(int));
	for (unsigned i = 0; i < sec->naxes; i++) {
		const struct ct_axis *a = &sec->axis[i];
		for (unsigned j = 0; a->key->kind == CT_K_PLACEMENT && j < a->n;
		     j++) {
			struct ct_placement p;
			char err[512];
			ct_placement_parse(a->v[j], &p, err, sizeof(err));
			if (ct_placement_resolve(l->topo, &p, n, cpus, err,
						 sizeof(err)))
				spec_error(l->s, a->line ? a->line : sec->line,
					   "placement: %s", err);
		}
	}
	free(cpus);
}

static void finish_section(struct loader *l, unsigned si)
{
	struct ct_section *sec = &l->s->sec[si];
	for (const struct ct_opt *k = sec->fam->keys; k->name; k++) {
		const struct raw *r = NULL;
		if (!ct_is_key(k))
			continue;
		for (unsigned i = 0; i < l->nraw[si]; i++)
			if (!strcmp(l->raw[si][i].key, k->name))
				r = &l->raw[si][i];
		if (!r && !k->dflt)
			continue;
		struct ct_axis *a = &sec->axis[sec->naxes++];
		a->key = k;
		check_axis(l, sec, a, r ? r->val : k->dflt, r ? r->line : 0);
	}
	if (sec->fam->check)
		sec->fam->check(sec, l->s->path);
	check_hosting(l, sec);
	sec->reps = l->sec_reps[si] ? l->sec_reps[si] : l->reps;
	sec->duration_s = l->sec_dur[si] > 0 ? l->sec_dur[si] : l->duration_s;
	sec->warmup_s = l->sec_warm[si] >= 0 ? l->sec_warm[si] : l->warmup_s;
}

unsigned ct_section_configs(const struct ct_section *sec)
{
	unsigned n = 1;
	for (unsigned i = 0; i < sec->naxes; i++)
		n *= sec->axis[i].n;
	return n;
}

/* A budget sets every duration-run section's duration: what is left after the
 * per-run overhead and warm-up, shared equally. */
static void apply_budget(struct loader *l)
{
	struct ct_spec *s = l->s;
	double runs = 0, timed = 0, warm = 0;
	if (s->budget_s <= 0)
		return;
	if (s->has_duration)
		spec_error(s, l->global_line[G_BUDGET], "budget and duration are "
			   "exclusive: a budget sets the duration");
	for (unsigned i = 0; i < s->nsec; i++) {
		double n = (double)ct_section_configs(&s->sec[i]) * s->sec[i].reps;
		runs += n;
		if (ct_family_takes(s->sec[i].fam, CT_R_DURATION))
			timed += n, warm += n * s->sec[i].warmup_s;
	}
	double d = timed ? (s->budget_s - runs * RUN_OVERHEAD_S - warm) / timed
			 : MIN_DURATION_S;
	if (d < MIN_DURATION_S)
		spec_error(s, l->global_line[G_BUDGET], "budget %gs is too small for "
			   "%.0f runs: it needs at least %.0fs (%gs per run "
			   "plus warm-up and %gs overhead)", s->budget_s, runs,
			   runs * RUN_OVERHEAD_S + warm + timed * MIN_DURATION_S,
			   MIN_DURATION_S, RUN_OVERHEAD_S);
	for (unsigned i = 0; i < s->nsec; i++)
		s->sec[i].duration_s = d;
}

static void check_size(struct loader *l)
{
	double runs = 0;
	for (unsigned i = 0; i < l->s->nsec; i++)
		runs += (double)ct_section_configs(&l->s->sec[i]) *
			l->s->sec[i].reps;
	if (runs > MAX_RUNS)
		spec_error(l->s, 0, "%.0f runs is more than the %d a matrix "
			   "may hold; split the spec", runs, MAX_RUNS);
}

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "r");
	if (!f)
		ct_usage_error("%s: cannot read: %s", path, strerror(errno));
	char *buf = NULL;
	size_t cap = 0;
	*len = 0;
	for (;;) {
		if (*len + 4096 + 1 > cap) {
			cap = cap * 2 + 8192;
			buf = realloc(buf, cap);
		}
		size_t k = fread(buf + *len, 1, cap - *len - 1, f);
		*len += k;
		if (!k)
			break;
	}
	fclose(f);
	buf[*len] = 0;
	return buf;
}

static void spec_hash(struct ct_spec *s, const char *text, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ull;
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)text[i]) * 0x100000001b3ull;
	snprintf(s->hash, sizeof(s->hash), "%016llx", (unsigned long long)h);
}

void ct_spec_load(struct ct_spec *s, const char *path, const struct ct_topo *t)
{
	struct loader l = { .s = s, .topo = t, .reps = 3, .duration_s = 1.0,
			    .warmup_s = 0.2 };
	size_t len;
	memset(s, 0, sizeof(*s));
	snprintf(s->path, sizeof(s->path), "%s", path);
	const char *base = strrchr(path, '/');
	snprintf(s->name, sizeof(s->name), "%s", base ? base + 1 : path);
	char *text = read_all(path, &len);
	spec_hash(s, text, len);
	l.raw = calloc(CT_SPEC_MAX_SECTIONS, sizeof(*l.raw));
	for (unsigned i = 0; i < CT_SPEC_MAX_SECTIONS; i++)
		l.sec_dur[i] = 0, l.sec_warm[i] = -1;
	unsigned line = 0;
	for (char *p = text, *nl; p && *p; p = nl ? nl + 1 : NULL) {
		nl = strchr(p, '\n');
		if (nl)
			*nl = 0;
		parse_line(&l, ++line, p);
	}
	if (!s->nsec)
		spec_error(s, 0, "no [family] section (runnable families: lock, "
			   "c2c), e.g.\n  [lock]\n  algo = tas, mcs\n  threads = 1, 2");
	for (unsigned i = 0; i < s->nsec; i++)
		finish_section(&l, i);
	check_size(&l);
	apply_budget(&l);
	free(l.raw);
	free(text);
}

void ct_spec_free(struct ct_spec *s)
{
	for (unsigned i = 0; i < s->nsec; i++)
		for (unsigned j = 0; j < s->sec[i].naxes; j++)
			for (unsigned k = 0; k < s->sec[i].axis[j].n; k++)
				free(s->sec[i].axis[j].v[k]);
	s->nsec = 0;
}

int ct_spec_find(const char *name, char *out, size_t len)
{
	char rel[600];
	if (access(name, R_OK) == 0 || strchr(name, '/')) {
		snprintf(out, len, "%s", name);
		return access(name, R_OK) == 0 ? 0 : -1;
	}
	snprintf(rel, sizeof(rel), "results/specs/%s", name);
	return ct_find_in_tree(rel, out, len);
}
