/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * procs.c - the paper's four test procedures (Bershad et al., Table II):
 * Null, Add (two 4-byte arguments, one 4-byte result), BigIn (a large
 * argument, read in full) and BigInOut (a large argument read in full and
 * a result of the same size written in full). Every transport in the
 * benchmark runs these same functions, so they do the same work.
 */
#include <string.h>

#include "lrpc.h"
#include "procs.h"

static size_t proc_null(uint8_t *buf, size_t len)
{
	(void)buf, (void)len;
	return 0;
}

static size_t proc_add(uint8_t *buf, size_t len)
{
	int32_t a, b;
	if (len < 2 * sizeof(int32_t))
		return 0;
	memcpy(&a, buf, sizeof(a));
	memcpy(&b, buf + sizeof(a), sizeof(b));
	int32_t sum = (int32_t)((uint32_t)a + (uint32_t)b);
	memcpy(buf, &sum, sizeof(sum));
	return sizeof(sum);
}

static size_t proc_bigin(uint8_t *buf, size_t len)
{
	uint32_t sum = ct_lrpc_payload_sum(buf, len);
	memcpy(buf, &sum, sizeof(sum));
	return sizeof(sum);
}

/* Reads every byte and writes every byte: out[i] = ~in[i]. */
static size_t proc_biginout(uint8_t *buf, size_t len)
{
	size_t i = 0;
	for (; i + 8 <= len; i += 8) {
		uint64_t w;
		memcpy(&w, buf + i, 8);
		w = ~w;
		memcpy(buf + i, &w, 8);
	}
	for (; i < len; i++)
		buf[i] = (uint8_t)~buf[i];
	return len;
}

uint32_t ct_lrpc_payload_sum(const uint8_t *p, size_t len)
{
	/* Fletcher-style: order-sensitive, cheap, reads every byte. */
	uint32_t a = 1, b = 0;
	for (size_t i = 0; i < len; i++) {
		a += p[i];
		b += a;
	}
	return (b << 16) ^ a;
}

void ct_lrpc_payload_fill(uint8_t *p, size_t len, uint64_t seed)
{
	uint64_t x = seed * 0x9E3779B97F4A7C15ull + 1;
	size_t i = 0;
	for (; i + 8 <= len; i += 8, x += 0x9E3779B97F4A7C15ull)
		memcpy(p + i, &x, 8);
	for (; i < len; i++)
		p[i] = (uint8_t)(x >> (8 * (i & 7)));
}

static const ct_lrpc_entry entries[] = {
	[CT_LRPC_PROC_NULL] = proc_null,
	[CT_LRPC_PROC_ADD] = proc_add,
	[CT_LRPC_PROC_BIGIN] = proc_bigin,
	[CT_LRPC_PROC_BIGINOUT] = proc_biginout,
};

size_t ct_lrpc_run_proc(unsigned proc, uint8_t *buf, size_t len)
{
	return proc < CT_ARRAY_SIZE(entries) ? entries[proc](buf, len) : 0;
}

const char *const ct_lrpc_proc_names[] = { "null", "add", "bigin", "biginout",
					   NULL };

void ct_lrpc_bench_iface(struct ct_lrpc_iface *ifc, uint32_t max_bytes,
			 uint32_t nastacks)
{
	memset(ifc, 0, sizeof(*ifc));
	strcpy(ifc->name, "bench");
	ifc->nprocs = 4;
	const uint32_t arg[] = { 0, 8, max_bytes, max_bytes };
	const uint32_t res[] = { 0, 4, 4, max_bytes };
	for (unsigned p = 0; p < ifc->nprocs; p++) {
		struct ct_lrpc_proc *d = &ifc->procs[p];
		strcpy(d->name, ct_lrpc_proc_names[p]);
		d->entry = entries[p];
		d->arg_bytes = arg[p];
		d->res_bytes = res[p];
		d->nastacks = nastacks;
	}
}
