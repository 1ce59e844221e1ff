/* SPDX-License-Identifier: BSD-2-Clause */
#include "itemalloc.h"

#include <dlfcn.h>
#include <gnu/libc-version.h>
#include <jemalloc/jemalloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *je_item_alloc(size_t size)
{
	return mallocx(size, 0);
}

static void je_item_free(void *p, size_t size)
{
	sdallocx(p, size, 0); /* sized: skips the size lookup */
}

static void *libc_item_alloc(size_t size)
{
	return malloc(size);
}

static void libc_item_free(void *p, size_t size)
{
	(void)size;
	free(p);
}

const char *const ct_itemalloc_names[] = { "jemalloc", "glibc", NULL };

const struct ct_itemalloc ct_itemalloc_table[] = {
	{ "jemalloc", je_item_alloc, je_item_free },
	{ "glibc", libc_item_alloc, libc_item_free },
};

void ct_itemalloc_version(const struct ct_itemalloc *a, char *buf, size_t len)
{
	const char *v = NULL;
	size_t sz = sizeof(v);
	if (a->alloc == je_item_alloc) {
		if (mallctl("version", &v, &sz, NULL, 0))
			v = "?";
		snprintf(buf, len, "jemalloc %s", v);
		return;
	}
	snprintf(buf, len, "glibc %s", gnu_get_libc_version());
}

bool ct_itemalloc_malloc_is_libc(void)
{
	Dl_info info;
	void *m = dlsym(RTLD_DEFAULT, "malloc");
	return m && dladdr(m, &info) && info.dli_fname &&
	       !strstr(info.dli_fname, "jemalloc");
}
