/* SPDX-License-Identifier: BSD-2-Clause */
#include "mem.h"

#include <numa.h>
#include <numaif.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

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

/* move_pages(2) on the page of p: to node, or (node < 0) just ask. */
static int page_node(const void *p, int node)
{
	void *page = (void *)((uintptr_t)p & ~(uintptr_t)(ct_mem_page_size() - 1));
	int status = -1;
	if (!numa_ok() || numa_move_pages(0, 1, &page, node < 0 ? NULL : &node,
					  &status, MPOL_MF_MOVE))
		return -1;
	return status >= 0 ? status : -1; /* status: the node, or -errno */
}

int ct_mem_move(void *p, int node)
{
	return node < 0 ? ct_mem_node_of(p) : page_node(p, node);
}

int ct_mem_node_of(const void *p)
{
	return page_node(p, -1);
}

size_t ct_mem_page_size(void)
{
	static size_t size; /* benign race: every caller computes the same */
	if (!size)
		size = (size_t)sysconf(_SC_PAGESIZE);
	return size;
}
