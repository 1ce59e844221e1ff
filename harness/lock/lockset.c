/* SPDX-License-Identifier: BSD-2-Clause */
#include "lockset.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness/core/mem.h"

int ct_lockset_init(struct ct_lockset *s, const struct ct_lock_ops *ops,
		    unsigned nlocks, unsigned data_lines,
		    const struct ct_lock_cfg *cfg, int node, char *err,
		    size_t errlen)
{
	memset(s, 0, sizeof(*s));
	s->ops = ops;
	s->cfg = *cfg;
	s->nlocks = nlocks;
	s->node = node;
	s->lock_bytes = ct_pad_size(ops->lock_size);
	s->stride = s->lock_bytes + ct_pad_size((size_t)data_lines * CT_CACHE_LINE);
	s->mem_bytes = s->stride * nlocks;
	s->mem = ct_mem_alloc(s->mem_bytes, node);
	if (!s->mem) {
		snprintf(err, errlen, "cannot allocate %zu bytes for %u %s locks",
			 s->mem_bytes, nlocks, ops->name);
		return -1;
	}
	for (unsigned i = 0; i < nlocks; i++) {
		int rc = ops->init(ct_lockset_lock(s, i), cfg);
		if (rc) {
			snprintf(err, errlen, "%s: init failed: %s", ops->name,
				 strerror(-rc));
			s->nlocks = i;
			ct_lockset_destroy(s);
			return -1;
		}
	}
	return 0;
}

void ct_lockset_destroy(struct ct_lockset *s)
{
	for (unsigned i = 0; i < s->nlocks; i++)
		s->ops->destroy(ct_lockset_lock(s, i));
	ct_mem_free(s->mem, s->mem_bytes);
	s->mem = NULL;
}

int ct_lockctx_init(struct ct_lockctx *c, const struct ct_lockset *s,
		    unsigned tid)
{
	size_t one = ct_pad_size(s->ops->ctx_size);
	c->mem_bytes = one * s->nlocks;
	c->mem = ct_mem_alloc(c->mem_bytes, -1); /* the caller's node */
	c->ctx = calloc(s->nlocks, sizeof(void *));
	if (!c->mem || !c->ctx) {
		ct_lockctx_destroy(c);
		return -1;
	}
	for (unsigned i = 0; i < s->nlocks; i++) {
		c->ctx[i] = c->mem + i * one;
		s->ops->ctx_init(ct_lockset_lock(s, i), c->ctx[i], tid);
	}
	return 0;
}

void ct_lockctx_destroy(struct ct_lockctx *c)
{
	ct_mem_free(c->mem, c->mem_bytes);
	free(c->ctx);
	c->mem = NULL;
	c->ctx = NULL;
}
