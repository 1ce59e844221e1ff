/* SPDX-License-Identifier: BSD-2-Clause */
#include "mem.h"

#include <numa.h>
#include <string.h>
#include <sys/mman.h>

static bool numa_ok(void)
{
	static int ok = -1; /* benign race: every caller computes the same */
	if (ok < 0)
		ok = numa_available() >= 0;
	return ok;
}

void *ct_mem_alloc(size_t size, int node)
{
	void *p;
	if (numa_ok()) {
		p = node < 0 ? numa_alloc_local(size) : numa_alloc_onnode(size, node);
	} else {
		p = mmap(NULL, size, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			p = NULL;
	}
	if (p)
		memset(p, 0, size); /* first touch: places the pages now */
	return p;
}

void ct_mem_free(void *p, size_t size)
{
	if (!p)
		return;
	if (numa_ok())
		numa_free(p, size);
	else
		munmap(p, size);
}

const char *ct_mem_policy(void)
{
	return numa_ok() ? "numa" : "first-touch";
}
