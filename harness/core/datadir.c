/* SPDX-License-Identifier: BSD-2-Clause */
#include "datadir.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

int ct_find_in_tree(const char *rel, char *out, size_t len)
{
	static const char *const up[] = { "/..", "/../.." };
	char exe[512], tried[1024];
	size_t u = (size_t)snprintf(tried, sizeof(tried), "%s", rel);
	snprintf(out, len, "%s", rel);
	if (access(out, F_OK) == 0)
		return 0;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = 0;
		*strrchr(exe, '/') = 0;
		for (unsigned i = 0; i < 2; i++) {
			snprintf(out, len, "%s%s/%s", exe, up[i], rel);
			if (access(out, F_OK) == 0)
				return 0;
			if (u < sizeof(tried))
				u += (size_t)snprintf(tried + u, sizeof(tried) - u,
						      ", %s", out);
		}
	}
	snprintf(out, len, "%s", tried);
	return -1;
}
