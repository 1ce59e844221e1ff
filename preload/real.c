/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * real.c - the glibc functions the interposer replaces, found with
 * dlsym(RTLD_NEXT): the pass-through mode calls them for everything, the
 * other modes for the mutexes they leave to glibc (recursive, error-checking,
 * robust, priority-inheriting/protecting, process-shared).
 *
 * dlsym returns each symbol's default version, the one a program linked
 * today binds to (on x86-64, pthread_cond_* @GLIBC_2.3.2, the condvars
 * whose layout matches pthread_cond_t; the 2.2.5 ones are the old ABI).
 */
#include <dlfcn.h>
#include <stdio.h>
#include <unistd.h>

#include "preload.h"

CT_PRE_HIDDEN struct ct_pre_real ct_pre_real;

static void *ct_pre_real_sym(const char *name)
{
	void *f = dlsym(RTLD_NEXT, name);

	if (!f) {
		/* No stdio locking worries: we are single-threaded at start
		 * or about to die anyway. */
		fprintf(stderr, "contend-preload: %s not found after this "
				"library (dlsym RTLD_NEXT): %s\n",
			name, dlerror());
		_exit(2);
	}
	return f;
}

#define CT_PRE_REAL(field, sym) \
	*(void **)&ct_pre_real.field = ct_pre_real_sym(sym)

void ct_pre_real_load(void)
{
	CT_PRE_REAL(mutex_init, "pthread_mutex_init");
	CT_PRE_REAL(mutex_destroy, "pthread_mutex_destroy");
	CT_PRE_REAL(mutex_lock, "pthread_mutex_lock");
	CT_PRE_REAL(mutex_trylock, "pthread_mutex_trylock");
	CT_PRE_REAL(mutex_timedlock, "pthread_mutex_timedlock");
	CT_PRE_REAL(mutex_unlock, "pthread_mutex_unlock");
	CT_PRE_REAL(cond_init, "pthread_cond_init");
	CT_PRE_REAL(cond_destroy, "pthread_cond_destroy");
	CT_PRE_REAL(cond_wait, "pthread_cond_wait");
	CT_PRE_REAL(cond_timedwait, "pthread_cond_timedwait");
	CT_PRE_REAL(cond_signal, "pthread_cond_signal");
	CT_PRE_REAL(cond_broadcast, "pthread_cond_broadcast");
	/* optional: only glibc >= 2.30 has them */
	*(void **)&ct_pre_real.mutex_clocklock =
		dlsym(RTLD_NEXT, "pthread_mutex_clocklock");
	*(void **)&ct_pre_real.cond_clockwait =
		dlsym(RTLD_NEXT, "pthread_cond_clockwait");
}
