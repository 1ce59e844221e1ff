/* SPDX-License-Identifier: BSD-2-Clause */
#include "cli.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ct_usage_error(const char *fmt, ...)
{
	va_list ap;
	fflush(stdout);
	fputs("contend: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(CT_EXIT_USAGE);
}

/* A number followed by one of the given suffixes (scale factors). */
struct unit {
	const char *suffix;
	double scale;
};

static bool parse_scaled(const char *s, const struct unit *units, double *out)
{
	char *end;
	if (!*s || strchr(" \t+", *s))
		return false;
	errno = 0;
	double v = strtod(s, &end);
	if (errno || end == s || !isfinite(v) || v < 0)
		return false;
	for (const struct unit *u = units; u->suffix; u++) {
		if (!strcmp(end, u->suffix)) {
			*out = v * u->scale;
			return true;
		}
	}
	return false;
}

double ct_parse_seconds(const char *opt, const char *s, bool allow_zero)
{
	static const struct unit units[] = {
		{ "", 1 }, { "s", 1 }, { "ms", 1e-3 }, { "us", 1e-6 },
		{ "m", 60 }, { NULL, 0 }
	};
	double v;
	if (parse_scaled(s, units, &v) && v > CT_MAX_SECONDS)
		ct_usage_error("%s: duration '%s' is %g s, above the maximum of "
			       "%d s (one day)", opt, s, v, CT_MAX_SECONDS);
	if (!parse_scaled(s, units, &v) || (!allow_zero && v == 0))
		ct_usage_error("%s: invalid duration '%s' (expected a %s "
			       "number with an optional unit: 2, 1.5s, 500ms, "
			       "250us, 1m; at most %d s)",
			       opt, s, allow_zero ? "non-negative" : "positive",
			       CT_MAX_SECONDS);
	return v;
}

uint64_t ct_parse_ns(const char *opt, const char *s)
{
	static const struct unit units[] = { { "", 1 },	     { "ns", 1 },
					     { "us", 1e3 },  { "ms", 1e6 },
					     { "s", 1e9 },   { NULL, 0 } };
	double v;
	if (!parse_scaled(s, units, &v) || v > 1e10)
		ct_usage_error("%s: invalid time '%s' (expected nanoseconds >= 0 "
			       "with an optional unit: 100, 100ns, 2us, 1ms; at "
			       "most 10s)",
			       opt, s);
	return (uint64_t)(v + 0.5);
}

uint64_t ct_parse_count(const char *opt, const char *s, uint64_t min,
			uint64_t max)
{
	static const struct unit units[] = { { "", 1 },	  { "k", 1e3 },
					     { "K", 1e3 },  { "M", 1e6 },
					     { "G", 1e9 },  { NULL, 0 } };
	double v;
	if (!parse_scaled(s, units, &v) || v != floor(v) || v < (double)min ||
	    v > (double)max)
		ct_usage_error("%s: invalid count '%s' (expected a whole number "
			       "from %llu to %llu, e.g. 1000, 10k, 2M, 1e6)",
			       opt, s, (unsigned long long)min,
			       (unsigned long long)max);
	return (uint64_t)v;
}

static _Noreturn void bad_list(const char *opt, const char *s, unsigned min,
			       unsigned max)
{
	ct_usage_error("%s: invalid list '%s' (expected numbers from %u to %u: "
		       "1,2,4 or a range 1-8 or a doubling range 1-16:x2)",
		       opt, s, min, max);
}

static bool parse_uint(const char *s, char **end, unsigned *v)
{
	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	unsigned long x = strtoul(s, end, 10);
	if (errno || x > 1u << 30)
		return false;
	*v = (unsigned)x;
	return true;
}

unsigned ct_parse_count_list(const char *opt, const char *s, unsigned *out,
			     unsigned cap, unsigned min, unsigned max)
{
	unsigned n = 0;
	const char *p = s;
	for (;;) {
		char *end;
		unsigned lo, hi, step = 0;
		if (!parse_uint(p, &end, &lo))
			bad_list(opt, s, min, max);
		hi = lo;
		if (*end == '-' && !parse_uint(end + 1, &end, &hi))
			bad_list(opt, s, min, max);
		if (*end == ':' && (end[1] != 'x' ||
				    !parse_uint(end + 2, &end, &step) || step < 2))
			bad_list(opt, s, min, max);
		if (lo > hi || lo < min || hi > max || (*end && *end != ','))
			bad_list(opt, s, min, max);
		for (unsigned v = lo; v <= hi; v = step ? v * step : v + 1) {
			if (n == cap)
				ct_usage_error("%s: more than %u values in '%s'",
					       opt, cap, s);
			for (unsigned k = 0; k < n; k++)
				if (out[k] == v)
					ct_usage_error("%s: %u is listed twice in "
						       "'%s' (each value runs "
						       "once)", opt, v, s);
			out[n++] = v;
			if (step && v == 0)
				break;
		}
		if (!*end)
			return n;
		p = end + 1;
	}
}

static void list_choices(char *buf, size_t len, const char *const *valid,
			 unsigned n)
{
	size_t used = 0;
	buf[0] = 0;
	for (unsigned i = 0; i < n && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%s",
					 i ? ", " : "", valid[i]);
}

unsigned ct_parse_names(const char *opt, const char *s,
			const char *const *valid, unsigned nvalid,
			const char *const *valid_all, const char **out,
			unsigned cap)
{
	unsigned n = 0;
	char *copy = strdup(s), *save = NULL;
	for (char *tok = strtok_r(copy, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (!strcmp(tok, "all") && valid_all) {
			for (const char *const *a = valid_all; *a && n < cap; a++)
				out[n++] = *a;
			continue;
		}
		unsigned i = 0;
		while (i < nvalid && strcmp(tok, valid[i]))
			i++;
		if (i == nvalid) {
			char choices[2048];
			list_choices(choices, sizeof(choices), valid, nvalid);
			ct_usage_error("%s: unknown name '%s' (valid: %s%s)", opt,
				       tok, choices, valid_all ? ", all" : "");
		}
		if (n == cap)
			ct_usage_error("%s: too many names in '%s'", opt, s);
		out[n++] = valid[i];
	}
	for (unsigned i = 0; i < n; i++)
		for (unsigned k = 0; k < i; k++)
			if (out[k] == out[i])
				ct_usage_error("%s: '%s' is listed twice in '%s' "
					       "(each name runs once)", opt,
					       out[i], s);
	free(copy);
	if (!n) {
		char choices[2048];
		list_choices(choices, sizeof(choices), valid, nvalid);
		ct_usage_error("%s: empty list (valid: %s%s)", opt, choices,
			       valid_all ? ", all" : "");
	}
	return n;
}

unsigned ct_parse_choice(const char *opt, const char *s,
			 const char *const *choices)
{
	unsigned n = 0;
	while (choices[n])
		n++;
	for (unsigned i = 0; i < n; i++)
		if (!strcmp(s, choices[i]))
			return i;
	char buf[1024];
	list_choices(buf, sizeof(buf), choices, n);
	ct_usage_error("%s: unknown value '%s' (valid: %s)", opt, s, buf);
}

static void list_options(char *buf, size_t len, const struct option *opts)
{
	size_t used = 0;
	buf[0] = 0;
	for (const struct option *o = opts; o->name && used < len; o++)
		used += (size_t)snprintf(buf + used, len - used, "%s--%s",
					 o == opts ? "" : ", ", o->name);
}

int ct_getopt(int argc, char **argv, const struct option *opts)
{
	char valid[2048];
	opterr = 0;
	int c = getopt_long(argc, argv, ":", opts, NULL);
	if (c == '?' || c == ':') {
		list_options(valid, sizeof(valid), opts);
		const char *bad = argv[optind - 1];
		if (c == ':')
			ct_usage_error("%s: option '%s' needs a value", argv[0], bad);
		ct_usage_error("%s: unknown option '%s' (valid: %s)", argv[0],
			       bad, valid);
	}
	if (c == -1 && optind < argc) {
		list_options(valid, sizeof(valid), opts);
		ct_usage_error("%s: unexpected argument '%s' (options: %s)",
			       argv[0], argv[optind], valid);
	}
	return c;
}
