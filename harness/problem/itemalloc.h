/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * itemalloc.h - the allocator bounded-buffer items come from (`--alloc`):
 * producers allocate, consumers free, so the allocator's cross-thread
 * free path is part of what is measured.
 *
 * jemalloc (the default) is called through its non-standard API,
 * mallocx/sdallocx: Debian's libjemalloc is unprefixed, and the build
 * links it after libc (scripts/configure.sh) so that plain malloc stays
 * glibc's for the rest of the process. glibc is malloc/free.
 */
#ifndef CT_ITEMALLOC_H
#define CT_ITEMALLOC_H

#include <stdbool.h>
#include <stddef.h>

struct ct_itemalloc {
	const char *name;
	void *(*alloc)(size_t size);
	void (*free)(void *p, size_t size); /* size: as allocated */
};

/* "jemalloc", "glibc", NULL (the --alloc choices; the first is the
 * default). */
extern const char *const ct_itemalloc_names[];
extern const struct ct_itemalloc ct_itemalloc_table[];

/* "jemalloc 5.3.0-..." / "glibc 2.36": what a record calls it. */
void ct_itemalloc_version(const struct ct_itemalloc *a, char *buf,
			  size_t len);

/* True if plain malloc is glibc's (or a sanitizer's), i.e. jemalloc did
 * not replace it: what makes --alloc glibc mean what it says. */
bool ct_itemalloc_malloc_is_libc(void);

#endif /* CT_ITEMALLOC_H */
