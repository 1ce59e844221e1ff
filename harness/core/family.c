/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * family.c - looking up the family registry (family.h); the table itself
 * is harness/cmd/families.c.
 */
#include "family.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const struct ct_family *ct_family_find(const char *name)
{
	for (const struct ct_family *const *f = ct_families; *f; f++)
		if (!strcmp((*f)->name, name))
			return *f;
	return NULL;
}

const struct ct_opt *ct_family_key(const struct ct_family *f, const char *key)
{
	for (const struct ct_opt *k = f->keys; k->name; k++)
		if (ct_is_key(k) && !strcmp(k->name, key))
			return k;
	return NULL;
}

bool ct_family_takes(const struct ct_family *f, enum ct_opt_role role)
{
	for (const struct ct_opt *k = f->keys; k->name; k++)
		if (k->role == role && (k->flags & CT_OPT_BENCH))
			return true;
	return false;
}

const char *ct_family_names_field(const struct ct_family *f)
{
	for (const struct ct_opt *k = f->keys; k->name; k++)
		if (ct_is_key(k) && k->kind == CT_K_NAMES)
			return k->field;
	return NULL;
}

void ct_join(char *buf, size_t len, const char *const *v, const char *sep)
{
	size_t used = 0;
	buf[0] = 0;
	for (; *v && used < len; v++)
		used += (size_t)snprintf(buf + used, len - used, "%s%s",
					 used ? sep : "", *v);
}

void ct_family_list(char *buf, size_t len, bool want)
{
	const char *names[16];
	unsigned n = 0;
	for (const struct ct_family *const *f = ct_families; *f && n < 15; f++)
		if ((*f)->built == want)
			names[n++] = (*f)->name;
	names[n] = NULL;
	ct_join(buf, len, names, ", ");
}

void ct_family_key_list(const struct ct_family *f, char *buf, size_t len)
{
	const char *names[32];
	unsigned n = 0;
	for (const struct ct_opt *k = f->keys; k->name && n < 31; k++)
		if (ct_is_key(k))
			names[n++] = k->name;
	names[n] = NULL;
	ct_join(buf, len, names, ", ");
}
