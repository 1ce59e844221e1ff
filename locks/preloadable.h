/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * preloadable.h - which locks/LIST rows the interposer can run under a
 * program's mutexes: the one rule, shared by the library (preload/algos.c)
 * and by `contend run` / `contend validate run`, which check names before
 * starting anything.
 *
 * A row qualifies when it excludes, is ours and is visible (not null, not a
 * Concurrency Kit peer, not broken, not a baseline: pthread-mutex is the
 * pass-through) and either has a trylock or is CLH, whose trylock the
 * library emulates (preload/mutex.c). That leaves out Anderson: its slot
 * array bounds the number of threads that may ever wait, which a program
 * does not tell us.
 */
#ifndef CT_PRELOADABLE_H
#define CT_PRELOADABLE_H

#include <stdbool.h>
#include <string.h>

#include "locks/lock.h"

/* The pass-through row: glibc's own mutex, counted. */
#define CT_PRELOAD_PASSTHROUGH "pthread-mutex"

/* Does CLH-style node migration apply (the emulated trylock)? */
static inline bool ct_preload_migrates(const char *name)
{
	return !strcmp(name, "clh");
}

/* flags: enum ct_lock_flags, CT_LOCK_TRY included. */
static inline bool ct_preloadable(const char *name, unsigned flags)
{
	const unsigned unusable = CT_LOCK_NOEXCL | CT_LOCK_HIDDEN |
				  CT_LOCK_PEER | CT_LOCK_BASELINE;

	if (flags & unusable)
		return false;
	return (flags & CT_LOCK_TRY) || ct_preload_migrates(name);
}

#endif /* CT_PRELOADABLE_H */
