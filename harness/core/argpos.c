/* SPDX-License-Identifier: BSD-2-Clause */
#include "argpos.h"

#include <string.h>

#include "cli.h"

/* Does the long option in arg ("--name" or "--name=v") take the next
 * argument as its value? */
static int takes_next(const char *arg, const struct option *opts)
{
	if (strchr(arg, '='))
		return 0;
	for (const struct option *o = opts; o->name; o++)
		if (!strcmp(arg + 2, o->name))
			return o->has_arg == required_argument;
	return 0;
}

unsigned ct_positionals(int *argc, char **argv, const struct option *opts,
			char **pos, unsigned cap)
{
	unsigned n = 0;
	int out = 1;
	bool rest = false;
	for (int i = 1; i < *argc; i++) {
		const char *a = argv[i];
		if (!rest && !strcmp(a, "--")) {
			rest = true;
			continue;
		}
		if (!rest && a[0] == '-' && a[1]) {
			argv[out++] = argv[i];
			if (!strncmp(a, "--", 2) && takes_next(a, opts) &&
			    i + 1 < *argc)
				argv[out++] = argv[++i];
			continue;
		}
		if (n == cap)
			ct_usage_error("%s: unexpected argument '%s'", argv[0], a);
		pos[n++] = argv[i];
	}
	argv[out] = NULL;
	*argc = out;
	return n;
}
