/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * region.c - layout, creation and mapping of a binding's shared memory.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "region.h"

static uint64_t pad_to(uint64_t n, uint64_t unit)
{
	return (n + unit - 1) / unit * unit;
}

int ct_lrpc_layout(struct ct_lrpc_layout *l, const struct ct_lrpc_iface *ifc,
		   unsigned nslots, unsigned nthreads)
{
	if (!nslots || nslots > CT_LRPC_MAX_SLOTS || !nthreads ||
	    nthreads > CT_LRPC_MAX_SERVER_THREADS || !ifc->nprocs ||
	    ifc->nprocs > CT_LRPC_MAX_PROCS)
		return -1;
	memset(l, 0, sizeof(*l));
	l->nslots = nslots;
	l->nthreads = nthreads;
	l->nprocs = ifc->nprocs;
	l->off_slots = 0;
	l->off_bells = l->off_slots + nslots * sizeof(struct ct_lrpc_slot);
	l->off_queues = l->off_bells + nthreads * sizeof(struct ct_lrpc_bell);
	uint64_t at = l->off_queues + ifc->nprocs * sizeof(struct ct_lrpc_queue);
	for (unsigned p = 0; p < ifc->nprocs; p++) {
		const struct ct_lrpc_proc *d = &ifc->procs[p];
		uint32_t big = d->arg_bytes > d->res_bytes ? d->arg_bytes :
							     d->res_bytes;
		if (!d->nastacks || d->nastacks > CT_LRPC_MAX_ASTACKS ||
		    big > CT_LRPC_MAX_BYTES)
			return -1;
		l->nastacks[p] = d->nastacks;
		/* Even a null call gets an A-stack: one padded unit. A power
		 * of two, so the server finds the index with a shift. */
		unsigned shift = 7; /* CT_PAD */
		while ((1ull << shift) < big)
			shift++;
		l->astack_shift[p] = (uint8_t)shift;
		l->astack_stride[p] = 1ull << shift;
		l->astack_base[p] = at;
		at += l->astack_stride[p] * d->nastacks;
	}
	l->size = pad_to(at, (uint64_t)sysconf(_SC_PAGESIZE));
	return 0;
}

int ct_lrpc_region_create(const struct ct_lrpc_layout *l, uint8_t **base,
			  char *err, size_t errlen)
{
	int fd = memfd_create("contend-lrpc", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (fd < 0) {
		snprintf(err, errlen, "memfd_create: %s", strerror(errno));
		return -1;
	}
	/* Owner-only, and its size fixed for good: a client that could
	 * shrink it would make the server fault on its next access. */
	if (fchmod(fd, S_IRUSR | S_IWUSR) || ftruncate(fd, (off_t)l->size) ||
	    fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL)) {
		snprintf(err, errlen, "memfd setup: %s", strerror(errno));
		close(fd);
		return -1;
	}
	void *p = mmap(NULL, l->size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED) {
		snprintf(err, errlen, "mmap: %s", strerror(errno));
		close(fd);
		return -1;
	}
	*base = p;
	return fd;
}

int ct_lrpc_region_map(int fd, const struct ct_lrpc_layout *l, uint8_t **base,
		       char *err, size_t errlen)
{
	struct stat st;
	if (fstat(fd, &st) || (uint64_t)st.st_size != l->size) {
		snprintf(err, errlen, "binding memory has the wrong size");
		return -1;
	}
	void *p = mmap(NULL, l->size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED) {
		snprintf(err, errlen, "mmap: %s", strerror(errno));
		return -1;
	}
	*base = p;
	return 0;
}

void ct_lrpc_region_init(uint8_t *base, const struct ct_lrpc_layout *l)
{
	for (unsigned p = 0; p < l->nprocs; p++) {
		struct ct_lrpc_queue *q = ct_lrpc_queue_at(base, l, p);
		q->nfree = l->nastacks[p];
		for (uint32_t i = 0; i < l->nastacks[p]; i++)
			q->free[i] = i;
	}
}
