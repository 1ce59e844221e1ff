/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * LRPC faults and security: forged and stale binding objects, procedure
 * ids and A-stacks outside the binding, oversized arguments (all rejected
 * and counted by the server); a server that dies mid-call (the caller gets
 * an error within a bounded time, in every mode); a client that dies (its
 * binding and A-stacks are reclaimed); owner-only, sealed, per-binding
 * memory.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness/core/team.h"
#include "harness/core/timing.h"
#include "lrpc/client.h"
#include "lrpc/region.h"
#include "lrpc_fixture.h"

static struct lrpc_fx fx;

static void teardown(void)
{
	lrpc_fx_cleanup(&fx);
}

static int raw(struct ct_lrpc_client *c, uint64_t key, uint32_t proc,
	       int64_t off, uint32_t len)
{
	struct ct_lrpc_raw_call rc = { key, proc, off, len };
	return ct_lrpc_call_raw(c, 0, &rc);
}

Test(lrpc_security, hostile_calls_rejected_and_counted, .timeout = 30,
     .fini = teardown)
{
	lrpc_fx_start(&fx, 1, 2, 1024);
	struct ct_lrpc_client *c = lrpc_fx_bind(&fx, 1, CT_LRPC_SPIN);
	uint64_t key = ct_lrpc_binding_of(c)->key;
	cr_assert_eq(raw(c, key ^ 1, 0, CT_LRPC_PROPER_ASTACK, 0), CT_LRPC_EBINDING);
	cr_assert_eq(raw(c, 0, 0, CT_LRPC_PROPER_ASTACK, 0), CT_LRPC_EBINDING);
	cr_assert_eq(raw(c, key, 4, CT_LRPC_PROPER_ASTACK, 0), CT_LRPC_EPROC);
	cr_assert_eq(raw(c, key, UINT32_MAX, CT_LRPC_PROPER_ASTACK, 0), CT_LRPC_EPROC);
	/* A-stacks: before the region, far past it, misaligned, and the
	 * start of another procedure's A-stack (biginout's, named as add). */
	cr_assert_eq(raw(c, key, CT_LRPC_PROC_ADD, -4096, 8), CT_LRPC_EASTACK);
	cr_assert_eq(raw(c, key, CT_LRPC_PROC_ADD, 1ll << 40, 8), CT_LRPC_EASTACK);
	cr_assert_eq(raw(c, key, CT_LRPC_PROC_ADD, 0, 8), CT_LRPC_EASTACK);
	cr_assert_eq(raw(c, key, CT_LRPC_PROC_BIGIN, CT_LRPC_PROPER_ASTACK, 1025), CT_LRPC_ESIZE);
	cr_assert_eq(raw(c, key, CT_LRPC_PROC_ADD, CT_LRPC_PROPER_ASTACK, 8), 0); /* still works */
	struct ct_lrpc_server_stats s = lrpc_fx_stats(&fx);
	cr_assert_eq(s.rej_binding, 2);
	cr_assert_eq(s.rej_proc, 2);
	cr_assert_eq(s.rej_astack, 3);
	cr_assert_eq(s.rej_size, 1);
	cr_assert_eq(s.calls, 1);
	lrpc_fx_add(c, 0, 2, 3);
	ct_lrpc_unbind(c);
	lrpc_fx_stop(&fx);
}

/* Another procedure's A-stack, named by its exact offset: the server
 * checks which queue it belongs to, not just that it is in the region. */
Test(lrpc_security, astack_of_other_procedure_rejected, .timeout = 30,
     .fini = teardown)
{
	lrpc_fx_start(&fx, 1, 2, 1024);
	struct ct_lrpc_client *c = lrpc_fx_bind(&fx, 1, CT_LRPC_BLOCK);
	uint64_t key = ct_lrpc_binding_of(c)->key;
	struct ct_lrpc_iface ifc;
	struct ct_lrpc_layout l;
	ct_lrpc_bench_iface(&ifc, 1024, 2);
	cr_assert_eq(ct_lrpc_layout(&l, &ifc, 1, 1), 0);
	int64_t bigin = (int64_t)l.astack_base[CT_LRPC_PROC_BIGIN];
	cr_assert_eq(raw(c, key, CT_LRPC_PROC_ADD, bigin, 8), CT_LRPC_EASTACK);
	cr_assert_eq(raw(c, key, CT_LRPC_PROC_BIGIN, bigin, 8), 0);
	ct_lrpc_unbind(c);
}

Test(lrpc_security, memory_owner_only_sealed_per_binding, .timeout = 30,
     .fini = teardown)
{
	lrpc_fx_start(&fx, 1, 1, 256);
	struct ct_lrpc_client *a = lrpc_fx_bind(&fx, 1, CT_LRPC_BLOCK);
	struct ct_lrpc_client *b = lrpc_fx_bind(&fx, 1, CT_LRPC_BLOCK);
	struct stat sa, sb, sock;
	cr_assert_eq(fstat(ct_lrpc_memfd(a), &sa), 0);
	cr_assert_eq(fstat(ct_lrpc_memfd(b), &sb), 0);
	cr_assert_eq(sa.st_mode & 077, 0, "memfd mode %o", sa.st_mode);
	cr_assert_neq(sa.st_ino, sb.st_ino, "two bindings share memory");
	int seals = fcntl(ct_lrpc_memfd(a), F_GET_SEALS);
	cr_assert(seals & F_SEAL_SHRINK && seals & F_SEAL_GROW && seals & F_SEAL_SEAL);
	cr_assert_neq(ftruncate(ct_lrpc_memfd(a), 0), 0, "client shrank the memory");
	cr_assert_eq(stat(fx.path, &sock), 0);
	cr_assert_eq(sock.st_mode & 077, 0, "socket mode %o", sock.st_mode);
	cr_assert_neq(ct_lrpc_binding_of(a)->key, ct_lrpc_binding_of(b)->key);
	/* a's key presented on b's binding is a forgery there */
	struct ct_lrpc_raw_call rc = { ct_lrpc_binding_of(a)->key, 0, CT_LRPC_PROPER_ASTACK, 0 };
	cr_assert_eq(ct_lrpc_call_raw(b, 0, &rc), CT_LRPC_EBINDING);
	ct_lrpc_unbind(a);
	ct_lrpc_unbind(b);
}

/* A restarted server knows none of its predecessor's binding objects, and
 * calls on the old binding fail instead of hanging. */
Test(lrpc_faults, restart_invalidates_bindings, .timeout = 30, .fini = teardown)
{
	char err[256];
	lrpc_fx_start(&fx, 1, 1, 256);
	struct ct_lrpc_client *c = lrpc_fx_bind(&fx, 1, CT_LRPC_HYBRID);
	struct ct_lrpc_binding old = *ct_lrpc_binding_of(c);
	cr_assert_eq(ct_lrpc_check_binding(fx.path, &old, err, sizeof(err)), 0);
	lrpc_fx_kill(&fx);
	lrpc_fx_start(&fx, 1, 1, 256);
	cr_assert_eq(ct_lrpc_check_binding(fx.path, &old, err, sizeof(err)),
		     CT_LRPC_EBINDING);
	cr_assert_eq(lrpc_fx_stats(&fx).rej_stale_bind, 1);
	struct ct_lrpc_call_stats st = { 0 };
	size_t rlen;
	cr_assert_eq(ct_lrpc_call(c, 0, 0, NULL, 0, NULL, 0, &rlen, &st),
		     CT_LRPC_EDEAD);
	ct_lrpc_unbind(c);
	struct ct_lrpc_client *fresh = lrpc_fx_bind(&fx, 1, CT_LRPC_HYBRID);
	lrpc_fx_add(fresh, 0, 40, 2);
	ct_lrpc_unbind(fresh);
	lrpc_fx_stop(&fx);
}

struct pending {
	struct ct_lrpc_client *c;
	int status;
	_Atomic uint64_t returned_ns; /* read while the caller runs */
};

static void *call_once(void *arg)
{
	struct pending *p = arg;
	struct ct_lrpc_call_stats st = { 0 };
	size_t rlen;
	p->status = ct_lrpc_call(p->c, 0, 0, NULL, 0, NULL, 0, &rlen, &st);
	p->returned_ns = ct_clock_ns();
	return NULL;
}

ParameterizedTestParameters(lrpc_faults, server_dies_mid_call)
{
	static enum ct_lrpc_mode modes[] = { CT_LRPC_SPIN, CT_LRPC_HYBRID,
					     CT_LRPC_BLOCK };
	return cr_make_param_array(enum ct_lrpc_mode, modes, 3);
}

/* The server is stopped (SIGSTOP) so the call stays in flight, then
 * killed: the caller must get EDEAD, and within a bound (the watch is
 * woken by the pidfd, so this is scheduling latency, not a timeout). */
ParameterizedTest(enum ct_lrpc_mode *mode, lrpc_faults, server_dies_mid_call,
		  .timeout = 30, .fini = teardown)
{
	lrpc_fx_start(&fx, 1, 1, 256);
	struct pending p = { lrpc_fx_bind(&fx, 1, *mode), 1, 0 };
	lrpc_fx_add(p.c, 0, 1, 1);
	int st;
	kill(fx.pid, SIGSTOP); /* and wait until it has stopped */
	cr_assert_eq(waitpid(fx.pid, &st, WUNTRACED), fx.pid);
	cr_assert(WIFSTOPPED(st));
	pthread_t th;
	cr_assert_eq(pthread_create(&th, NULL, call_once, &p), 0);
	ct_sleep_s(0.05);
	uint64_t killed = ct_clock_ns();
	lrpc_fx_kill(&fx);
	pthread_join(th, NULL);
	cr_assert_eq(p.status, CT_LRPC_EDEAD, "%s", ct_lrpc_strerror(p.status));
	double ms = (double)(p.returned_ns - killed) / 1e6;
	cr_log_info("server death seen after %.3f ms", ms);
	cr_assert_lt(ms, 1000, "death took %.1f ms to notice", ms);
	cr_assert_neq(ct_lrpc_death_seen_ns(p.c), 0);
	ct_lrpc_unbind(p.c);
}

/*
 * Spin mode posts and answers with plain stores, so the watch's DEAD bit in
 * a slot can be overwritten: by a caller whose check of the watch's death
 * flag came just before the watch set it and whose CALL store came just
 * after the watch marked the slot, or by a server's last DONE. Replay the
 * first interleaving (hide the flag while the caller posts, then show it):
 * the spinning caller must still get EDEAD, and so must every later call.
 */
Test(lrpc_faults, spin_caller_survives_lost_dead_bit, .timeout = 30,
     .fini = teardown)
{
	lrpc_fx_start(&fx, 1, 1, 256);
	struct pending p = { lrpc_fx_bind(&fx, 1, CT_LRPC_SPIN), 1, 0 };
	struct ct_lrpc_slot *s = ct_lrpc_slot_at(p.c->base, &p.c->lay, 0);
	lrpc_fx_add(p.c, 0, 1, 1);
	lrpc_fx_kill(&fx);
	for (unsigned i = 0; i < 5000 && !(atomic_load(&s->state) & CT_LRPC_DEAD); i++)
		ct_sleep_s(0.001);
	cr_assert(atomic_load(&s->state) & CT_LRPC_DEAD, "the watch marked no slot");
	uint64_t seen = atomic_exchange(&p.c->death_seen_ns, 0);
	cr_assert_neq(seen, 0);
	pthread_t th;
	cr_assert_eq(pthread_create(&th, NULL, call_once, &p), 0);
	ct_sleep_s(0.02);
	cr_assert_eq(atomic_load(&s->state), CT_LRPC_CALL, "DEAD not overwritten");
	cr_assert_eq(p.returned_ns, 0, "the caller returned without the flag");
	atomic_store(&p.c->death_seen_ns, seen);
	pthread_join(th, NULL);
	cr_assert_eq(p.status, CT_LRPC_EDEAD, "%s", ct_lrpc_strerror(p.status));
	struct ct_lrpc_call_stats cs = { 0 };
	size_t rlen;
	atomic_store(&s->state, CT_LRPC_DONE); /* a server's last DONE */
	cr_assert_eq(ct_lrpc_call(p.c, 0, 0, NULL, 0, NULL, 0, &rlen, &cs),
		     CT_LRPC_EDEAD);
	ct_lrpc_unbind(p.c);
}

/* A client process that dies (SIGKILL, mid-binding) has its binding and
 * A-stacks reclaimed by the server. */
Test(lrpc_faults, client_death_reclaims_binding, .timeout = 30, .fini = teardown)
{
	lrpc_fx_start(&fx, 1, 1, 256);
	int go[2];
	cr_assert_eq(pipe(go), 0);
	pid_t kid = fork();
	if (!kid) {
		prctl(PR_SET_PDEATHSIG, SIGKILL); /* never outlive the test */
		struct ct_lrpc_bind_cfg b = { .path = fx.path, .iface = "bench",
					      .slots = 2, .mode = CT_LRPC_SPIN };
		char err[256];
		struct ct_lrpc_client *c = ct_lrpc_bind(&b, err, sizeof(err));
		char one = c != NULL;
		(void)!write(go[1], &one, 1);
		pause();
		_exit(0);
	}
	char one = 0;
	cr_assert_eq(read(go[0], &one, 1), 1);
	cr_assert_eq(one, 1, "child could not bind");
	cr_assert_eq(lrpc_fx_stats(&fx).bindings_live, 1);
	kill(kid, SIGKILL);
	waitpid(kid, NULL, 0);
	struct ct_lrpc_server_stats s;
	for (int i = 0; i < 2000; i++) {
		s = lrpc_fx_stats(&fx);
		if (!s.bindings_live)
			break;
		ct_sleep_s(0.001);
	}
	cr_assert_eq(s.bindings_live, 0, "binding of a dead client not reclaimed");
	cr_assert_eq(s.bindings_reclaimed, 1);
	lrpc_fx_stop(&fx);
}
