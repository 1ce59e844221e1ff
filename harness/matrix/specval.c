/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * specval.c - check and canonicalize a spec key's values with the
 * commands' own parsers (cli.h). The option name they are given is
 * "FILE:LINE: key", so their messages point into the spec.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "harness/core/cli.h"
#include "locks/ops.h"
#include "spec.h"

char *ct_trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	char *e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = 0;
	return s;
}

/* A section's CT_K_NAMES choices (a problem's variants: its own). */
static const char *const *names_of(const struct ct_section *sec, bool hidden)
{
	const struct ct_family *f = sec->fam;
	return f->section_names ? f->section_names(sec, hidden) : f->names(hidden);
}

/* "sem" or a lock that excludes: what a problem's mutex role takes. */
static const char *const *mutex_names(void)
{
	static const char *names[CT_MAX_LIST + 2];
	unsigned n = 0;
	names[n++] = "sem";
	for (const char *const *l = ct_lock_mutex_names(); *l && n <= CT_MAX_LIST;
	     l++)
		names[n++] = *l;
	names[n] = NULL;
	return names;
}

static const char *check_fraction(const char *prefix, const char *tok,
				  char *num, size_t len)
{
	char *end;
	errno = 0;
	double v = strtod(tok, &end);
	if (errno || end == tok || *end || !(v >= 0 && v <= 1))
		ct_usage_error("%s: '%s' is not a fraction in [0, 1] (e.g. 0.9)",
			       prefix, tok);
	snprintf(num, len, "%.9g", v);
	return num;
}

/* The forms a key accepts, for "empty axis" messages. */
static void describe(const struct ct_section *sec, const struct ct_opt *k,
		     char *buf, size_t len)
{
	switch (k->kind) {
	case CT_K_NAMES:
		ct_join(buf, len, names_of(sec, true), ", ");
		break;
	case CT_K_MUTEX:
		ct_join(buf, len, mutex_names(), ", ");
		break;
	case CT_K_FRACTION:
		snprintf(buf, len, "numbers from 0 to 1 such as 0.9");
		break;
	case CT_K_CHOICE:
		ct_join(buf, len, k->choices, ", ");
		break;
	case CT_K_COUNTS:
		snprintf(buf, len, "numbers such as 1,2,4 or 1-16:x2; ncpu and "
			 "2*ncpu stand for the allowed CPUs");
		break;
	case CT_K_NS:
		snprintf(buf, len, "times such as 0, 100ns, 2us");
		break;
	case CT_K_SECONDS:
		snprintf(buf, len, "durations such as 2, 500ms, 1m");
		break;
	case CT_K_COUNT:
		snprintf(buf, len, "whole numbers from %llu to %llu",
			 (unsigned long long)k->min, (unsigned long long)k->max);
		break;
	case CT_K_PLACEMENT:
		snprintf(buf, len, "compact, scatter, numa:N, cpus:LIST");
		break;
	case CT_K_CPULIST:
		snprintf(buf, len, "a CPU list such as 0-3,8");
		break;
	case CT_K_LOCK:
		ct_join(buf, len, ct_lock_mutex_names(), ", ");
		break;
	case CT_K_TEXT:
		snprintf(buf, len, "any text without commas");
		break;
	case CT_K_FLAG:
		snprintf(buf, len, "yes, no");
		break;
	case CT_K_PROGRAM:
		snprintf(buf, len, "a program and its arguments such as "
			 "scripts/apps/sysbench-mutex 2");
		break;
	}
}

/* Can the first word of a command line be executed (as execvp finds it)? */
static void check_program(const char *prefix, const char *cmdline)
{
	char prog[1024], path[2048];
	snprintf(prog, sizeof(prog), "%.*s", (int)strcspn(cmdline, " \t"),
		 cmdline);
	struct stat st;
	if (strchr(prog, '/')) {
		errno = 0;
		if (access(prog, X_OK) || stat(prog, &st) || !S_ISREG(st.st_mode))
			ct_usage_error("%s: '%s' is not an executable program "
				       "(%s)", prefix, prog, errno ?
				       strerror(errno) : "not a file");
		return;
	}
	const char *dirs = getenv("PATH");
	for (const char *d = dirs ? dirs : "/usr/bin:/bin"; *d;) {
		size_t n = strcspn(d, ":");
		snprintf(path, sizeof(path), "%.*s/%s", (int)n, d, prog);
		if (n && !access(path, X_OK) && !stat(path, &st) &&
		    S_ISREG(st.st_mode))
			return;
		d += n + (d[n] == ':');
	}
	ct_usage_error("%s: '%s' is not a program on PATH", prefix, prog);
}

static void add_value(struct ct_axis *a, const char *prefix, const char *v)
{
	for (unsigned i = 0; i < a->n; i++)
		if (!strcmp(a->v[i], v))
			return; /* "all, null" names null once */
	if (a->n == CT_SPEC_MAX_VALS)
		ct_usage_error("%s: more than %d values", prefix,
			       CT_SPEC_MAX_VALS);
	a->v[a->n++] = strdup(v);
}

/*
 * Split a comma list into tok[] (pointers into buf). A placement's
 * "cpus:0,2" keeps its commas: a token starting with a digit continues
 * the cpus: list before it.
 */
static unsigned split(const char *prefix, const char *val, char *buf,
		      size_t len, bool placement, char **tok, unsigned cap)
{
	unsigned n = 0;
	snprintf(buf, len, "%s", val);
	for (char *p = buf, *comma; p; p = comma ? comma + 1 : NULL) {
		comma = strchr(p, ',');
		if (comma)
			*comma = 0;
		char *t = ct_trim(p);
		if (!*t)
			ct_usage_error("%s: empty value in the list '%s'", prefix,
				       val);
		if (placement && n && isdigit((unsigned char)*t) &&
		    !strncmp(tok[n - 1], "cpus:", 5)) {
			/* rejoin in place: t lies after the previous token */
			char *e = tok[n - 1] + strlen(tok[n - 1]);
			*e = ',';
			memmove(e + 1, t, strlen(t) + 1);
			continue;
		}
		if (n == cap)
			ct_usage_error("%s: more than %u values", prefix, cap);
		tok[n++] = t;
	}
	return n;
}

/* Replace "ncpu" and "K*ncpu" by numbers. */
static void expand_ncpu(const char *s, int npus, char *out, size_t len)
{
	size_t o = 0;
	while (*s && o + 24 < len) {
		size_t d = strspn(s, "0123456789");
		if (d && !strncmp(s + d, "*ncpu", 5)) {
			o += (size_t)snprintf(out + o, len - o, "%ld",
					      atol(s) * npus);
			s += d + 5;
		} else if (!strncmp(s, "ncpu", 4)) {
			o += (size_t)snprintf(out + o, len - o, "%d", npus);
			s += 4;
		} else {
			out[o++] = *s++;
		}
	}
	out[o] = 0;
}

static void check_counts(struct ct_axis *a, const char *prefix,
			 const char *val, int npus)
{
	char buf[1024];
	unsigned v[CT_SPEC_MAX_VALS];
	expand_ncpu(val, npus, buf, sizeof(buf));
	unsigned n = ct_parse_count_list(prefix, buf, v, CT_SPEC_MAX_VALS,
					 (unsigned)a->key->min,
					 (unsigned)a->key->max);
	for (unsigned i = 0; i < n; i++) {
		char num[16];
		snprintf(num, sizeof(num), "%u", v[i]);
		add_value(a, prefix, num);
	}
}

static void check_placement(struct ct_axis *a, const char *prefix,
			    const char *tok)
{
	struct ct_placement p;
	char err[512];
	if (ct_placement_parse(tok, &p, err, sizeof(err)))
		ct_usage_error("%s: %s", prefix, err);
	add_value(a, prefix, p.text);
}

static void check_cpulist(struct ct_axis *a, const char *prefix,
			  const char *val, const struct ct_topo *t)
{
	int cpus[1024];
	int n = ct_parse_cpu_list(val, cpus, 1024);
	if (n < 0)
		ct_usage_error("%s: malformed CPU list '%s' (e.g. 0,2,4-7)",
			       prefix, val);
	for (int i = 0; i < n; i++)
		if (ct_topo_find(t, cpus[i]) < 0)
			ct_usage_error("%s: CPU %d is outside the allowed set %s",
				       prefix, cpus[i], t->allowed);
	add_value(a, prefix, val);
}

static void check_token(struct ct_axis *a, const char *prefix,
			const char *tok)
{
	const struct ct_opt *k = a->key;
	char num[32];
	switch (k->kind) {
	case CT_K_NS:
		snprintf(num, sizeof(num), "%llu",
			 (unsigned long long)ct_parse_ns(prefix, tok));
		add_value(a, prefix, num);
		break;
	case CT_K_SECONDS:
		snprintf(num, sizeof(num), "%.9g",
			 ct_parse_seconds(prefix, tok, false));
		add_value(a, prefix, num);
		break;
	case CT_K_COUNT:
		snprintf(num, sizeof(num), "%llu",
			 (unsigned long long)ct_parse_count(prefix, tok, k->min,
							    k->max));
		add_value(a, prefix, num);
		break;
	case CT_K_CHOICE:
		add_value(a, prefix,
			  k->choices[ct_parse_choice(prefix, tok, k->choices)]);
		break;
	case CT_K_LOCK:
		add_value(a, prefix, ct_lock_mutex_names()[ct_parse_choice(
					     prefix, tok, ct_lock_mutex_names())]);
		break;
	case CT_K_MUTEX:
		add_value(a, prefix, mutex_names()[ct_parse_choice(
					     prefix, tok, mutex_names())]);
		break;
	case CT_K_FRACTION:
		add_value(a, prefix, check_fraction(prefix, tok, num, sizeof(num)));
		break;
	case CT_K_PLACEMENT:
		check_placement(a, prefix, tok);
		break;
	case CT_K_FLAG: {
		static const char *const yes_no[] = { "no", "yes", NULL };
		add_value(a, prefix, yes_no[ct_parse_choice(prefix, tok, yes_no)]);
		break;
	}
	case CT_K_PROGRAM:
		check_program(prefix, tok);
		add_value(a, prefix, tok);
		break;
	case CT_K_TEXT:
		add_value(a, prefix, tok);
		break;
	default:
		break;
	}
}

void ct_spec_check_axis(const struct ct_section *sec, struct ct_axis *a,
			const char *val, const char *prefix,
			const struct ct_topo *t)
{
	char buf[1024], *tok[CT_SPEC_MAX_VALS + 1];
	const struct ct_opt *k = a->key;
	if (!*val) {
		describe(sec, k, buf, sizeof(buf));
		ct_usage_error("%s: empty axis (give at least one value: %s)",
			       prefix, buf);
	}
	if (k->kind == CT_K_CPULIST) {
		check_cpulist(a, prefix, val, t);
		return;
	}
	unsigned n = split(prefix, val, buf, sizeof(buf),
			   k->kind == CT_K_PLACEMENT, tok, CT_SPEC_MAX_VALS);
	char clean[1024];
	tok[n] = NULL;
	ct_join(clean, sizeof(clean), (const char *const *)tok, ",");
	if (k->kind == CT_K_NAMES) {
		const char *const *every = names_of(sec, true);
		const char *names[CT_SPEC_MAX_VALS];
		unsigned nevery = 0;
		while (every[nevery])
			nevery++;
		n = ct_parse_names(prefix, clean, every, nevery,
				   names_of(sec, false), names,
				   CT_SPEC_MAX_VALS);
		for (unsigned i = 0; i < n; i++)
			add_value(a, prefix, names[i]);
		return;
	}
	if (k->kind == CT_K_COUNTS) {
		check_counts(a, prefix, clean, t->npus);
		return;
	}
	for (unsigned i = 0; i < n; i++)
		check_token(a, prefix, tok[i]);
}
