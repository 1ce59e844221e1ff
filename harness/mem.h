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

/* Round n up to a multiple of CT_PAD. */
static inline size_t ct_pad_size(size_t n)
{
	return (n + 127) & ~(size_t)127;
}

#endif /* CT_MEM_H */
