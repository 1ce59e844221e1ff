/* SPDX-License-Identifier: BSD-2-Clause */
#include "opt.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "argpos.h"
#include "cli.h"

/* getopt's value for row i: well away from the characters. */
#define OPT_VAL0 1000

unsigned ct_opt_count_rows(const struct ct_opt *t)
{
	unsigned n = 0;
	while (t[n].name)
		n++;
	return n;
}

static bool takes(const struct ct_opt *o, unsigned mode, unsigned owner)
{
	return (!mode || (o->flags & mode)) &&
	       (!owner || !o->owners || (o->owners & owner));
}

const struct ct_opt *ct_opt_find(const struct ct_opt *t, const char *name,
				 unsigned mode)
{
	for (; t->name; t++)
		if (takes(t, mode, 0) && !strcmp(t->name, name))
			return t;
	return NULL;
}

/* getopt's list of the rows that mode and owner take (opts[128]). */
static void longopts(struct option *opts, const struct ct_opt *t,
		     unsigned mode, unsigned owner)
{
	unsigned n = 0;
	for (unsigned i = 0; t[i].name && n + 1 < 128; i++)
		if (takes(&t[i], mode, owner))
			opts[n++] = (struct option){
				t[i].name,
				t[i].kind == CT_K_FLAG ? no_argument :
				t[i].flags & CT_OPT_OPTIONAL ? optional_argument :
				required_argument,
				NULL, OPT_VAL0 + (int)i
			};
	opts[n] = (struct option){ NULL, 0, NULL, 0 };
}

int ct_opt_getopt(int argc, char **argv, const struct ct_opt *t,
		  unsigned mode, unsigned owner)
{
	struct option opts[128];
	longopts(opts, t, mode, owner);
	int c = ct_getopt(argc, argv, opts);
	return c == -1 ? -1 : c - OPT_VAL0;
}

unsigned ct_opt_positionals(int *argc, char **argv, const struct ct_opt *t,
			    unsigned mode, char **pos, unsigned cap)
{
	struct option opts[128];
	longopts(opts, t, mode, 0);
	return ct_positionals(argc, argv, opts, pos, cap);
}

static const char *opt_text(const struct ct_opt *o, const char *as,
			    char *buf, size_t len)
{
	if (as)
		return as;
	snprintf(buf, len, "--%s", o->name);
	return buf;
}

uint64_t ct_opt_count_as(const struct ct_opt *o, const char *as,
			 const char *arg)
{
	char b[80];
	return ct_parse_count(opt_text(o, as, b, sizeof(b)), arg, o->min, o->max);
}

uint64_t ct_opt_count(const struct ct_opt *o, const char *arg)
{
	return ct_opt_count_as(o, NULL, arg);
}

uint64_t ct_opt_ns_as(const struct ct_opt *o, const char *as, const char *arg)
{
	char b[80];
	return ct_parse_ns(opt_text(o, as, b, sizeof(b)), arg);
}

uint64_t ct_opt_ns(const struct ct_opt *o, const char *arg)
{
	return ct_opt_ns_as(o, NULL, arg);
}

double ct_opt_seconds(const struct ct_opt *o, const char *arg)
{
	char b[80];
	return ct_parse_seconds(opt_text(o, NULL, b, sizeof(b)), arg,
				o->flags & CT_OPT_ZERO);
}

unsigned ct_opt_choice(const struct ct_opt *o, const char *arg)
{
	char b[80];
	return ct_parse_choice(opt_text(o, NULL, b, sizeof(b)), arg, o->choices);
}

unsigned ct_opt_counts(const struct ct_opt *o, const char *arg,
		       unsigned *out, unsigned cap)
{
	char b[80];
	return ct_parse_count_list(opt_text(o, NULL, b, sizeof(b)), arg, out,
				   cap, (unsigned)o->min, (unsigned)o->max);
}

const char *ct_opt_meta(const struct ct_opt *o, char *buf, size_t len)
{
	static const char *const by_kind[] = {
		[CT_K_NAMES] = "A,B|all", [CT_K_COUNTS] = "1,2,4|1-16:x2",
		[CT_K_NS] = "NS", [CT_K_SECONDS] = "S", [CT_K_COUNT] = "N",
		[CT_K_PLACEMENT] = "compact|scatter|numa:N|cpus:LIST",
		[CT_K_CPULIST] = "LIST", [CT_K_LOCK] = "LOCK",
		[CT_K_MUTEX] = "sem|LOCK", [CT_K_FRACTION] = "F",
		[CT_K_TEXT] = "TEXT", [CT_K_PROGRAM] = "PROGRAM",
	};
	if (o->meta)
		return o->meta;
	if (o->kind == CT_K_FLAG)
		return NULL;
	if (o->kind == CT_K_CHOICE) {
		size_t used = 0;
		buf[0] = 0;
		for (const char *const *c = o->choices; *c && used < len; c++)
			used += (size_t)snprintf(buf + used, len - used, "%s%s",
						 c == o->choices ? "" : "|", *c);
		return buf;
	}
	return by_kind[o->kind];
}

/* "--name META" / "--name[=META]" / "--name" into buf. */
static const char *synopsis(const struct ct_opt *o, char *buf, size_t len)
{
	char mb[256];
	const char *m = ct_opt_meta(o, mb, sizeof(mb));
	if (!m)
		snprintf(buf, len, "--%s", o->name);
	else if (o->flags & CT_OPT_OPTIONAL)
		snprintf(buf, len, "--%s[=%s]", o->name, m);
	else
		snprintf(buf, len, "--%s %s", o->name, m);
	return buf;
}

/* text from column col, broken at blanks before column 79. */
static void wrap(FILE *f, const char *text, int col)
{
	int at = col;
	while (*text) {
		size_t w = strcspn(text, " ");
		if (at > col && at + 1 + (int)w > 78) {
			fprintf(f, "\n%*s", col, "");
			at = col;
		} else if (at > col) {
			fputc(' ', f);
			at++;
		}
		at += fprintf(f, "%.*s", (int)w, text);
		text += w;
		text += strspn(text, " ");
	}
	fputc('\n', f);
}

void ct_opt_help(FILE *f, const char *usage, const char *tail,
		 const struct ct_opt *t, unsigned mode, unsigned owner,
		 const char *prose)
{
	char s[320];
	int col = fprintf(f, "usage: %s", usage);
	for (const struct ct_opt *o = t; o->name; o++) {
		if (!takes(o, mode, owner) || o->role == CT_R_HELP)
			continue;
		synopsis(o, s, sizeof(s));
		int w = (int)strlen(s) + 3;
		if (col + w > 78)
			col = fprintf(f, "\n        ");
		col += fprintf(f, " [%s]", s);
	}
	if (tail)
		fprintf(f, "%s%s", col + (int)strlen(tail) > 78 ? "\n         " :
				    " ", tail);
	fputs("\n", f);
	for (const struct ct_opt *o = t; o->name; o++) {
		if (!takes(o, mode, owner) || !o->help)
			continue;
		synopsis(o, s, sizeof(s));
		if (strlen(s) > 26)
			fprintf(f, "  %s\n%30s", s, "");
		else
			fprintf(f, "  %-26s  ", s);
		wrap(f, o->help, 30);
	}
	if (prose)
		fputs(prose, f);
}
