/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * mem.h - NUMA-placed, CT_PAD-aligned allocations for locks, queue nodes and
 * other shared structures. Uses libnuma where the kernel supports it, else
 * page-aligned anonymous memory (first touch decides placement).
 */
#ifndef CT_MEM_H
#define CT_MEM_H

#include <stdbool.h>
#include <stddef.h>

/* Zeroed, page-aligned (hence CT_PAD-aligned) memory on NUMA node `node`
 * (-1: the calling thread's local node). NULL on failure. */
void *ct_mem_alloc(size_t size, int node);
void ct_mem_free(void *p, size_t size);

/* Whether libnuma placement is in effect ("numa" or "first-touch"). */
const char *ct_mem_policy(void);

/*
 * Move the page holding p (already touched) to NUMA node `node`
 * (move_pages(2)). The node it is on afterwards, or -1 without libnuma
 * or when the kernel refused (the page stays where it was).
 */
int ct_mem_move(void *p, int node);
/* The NUMA node the (touched) page holding p is on; -1 if unknown. */
int ct_mem_node_of(const void *p);

/* Bytes in a page: the unit ct_mem_move moves. */
size_t ct_mem_page_size(void);

/* Round n up to a multiple of CT_PAD. */
static inline size_t ct_pad_size(size_t n)
{
	return (n + 127) & ~(size_t)127;
}

#endif /* CT_MEM_H */
