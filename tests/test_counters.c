/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The counters layer: software events give plausible counts everywhere
 * (through perf or, when perf is refused, getrusage), hardware events are
 * either real or NA with the reason, never zeros; and a forced failure
 * takes exactly the path a machine without a PMU takes.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <string.h>
#include <sys/mman.h>

#include "harness/core/counters.h"
#include "harness/core/fingerprint.h"
#include "harness/core/team.h"
#include "expt_helpers.h"

enum { PAGES = 1024, SLEEPS = 20 };

/* PAGES fresh 4 KiB pages, touched once (no huge pages), and SLEEPS
 * short sleeps: as many page faults and about as many switches. */
static void workload(void)
{
	size_t len = (size_t)PAGES * 4096;
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	cr_assert_neq(p, MAP_FAILED);
	madvise(p, len, MADV_NOHUGEPAGE);
	for (size_t i = 0; i < len; i += 4096)
		p[i] = 1;
	munmap(p, len);
	for (unsigned i = 0; i < SLEEPS; i++)
		ct_sleep_s(200e-6);
}

static void no_simulation(void)
{
	ct_counters_simulate_failure(0, 0);
}

static void measure(struct ct_counters *c, enum ct_ctr_scope scope)
{
	ct_counters_open(c, CT_CTR_ALL, scope);
	ct_counters_start(c);
	workload();
	ct_counters_stop(c);
}

static void expect_plausible_software(const struct ct_counters *c)
{
	double cs = c->value[CT_CTR_CTX_SWITCHES];
	double pf = c->value[CT_CTR_PAGE_FAULTS];
	double mig = c->value[CT_CTR_MIGRATIONS];
	/* Most sleeps switch; one may not (a user in a chroot counted 19 of
	 * 20: scripts/check-bare-debian), so plausible, not exact. */
	cr_expect(cs >= SLEEPS * 3 / 4 && cs < 100 * SLEEPS,
		  "ctx_switches %.0f", cs);
	cr_expect(pf >= PAGES * 0.9 && pf < PAGES * 4, "page_faults %.0f", pf);
	cr_expect(isnan(mig) || mig >= 0, "migrations %.0f", mig);
}

Test(counters, software_events_are_plausible, .fini = no_simulation,
     .timeout = 30)
{
	struct ct_counters c;
	char status[512];
	measure(&c, CT_CTR_THREAD);
	expect_plausible_software(&c);
	ct_counters_status(&c, false, status, sizeof(status));
	cr_log_info("sw_counters: %s", status);
	cr_expect(!strncmp(status, "ok", 2), "software status: %s", status);
	ct_counters_close(&c);
}

/* Whatever this machine has, a hardware value is a count or NA. */
Test(counters, hardware_is_real_or_na_never_zero, .timeout = 30)
{
	struct ct_counters c;
	char pmu[256], status[512];
	bool have = ct_pmu_probe(pmu, sizeof(pmu));
	measure(&c, CT_CTR_THREAD);
	ct_counters_status(&c, true, status, sizeof(status));
	cr_log_info("pmu: %s; hw_counters: %s", pmu, status);
	double cycles = c.value[CT_CTR_CYCLES];
	if (have) {
		cr_expect(cycles > 0, "cycles %.0f with a PMU", cycles);
	} else {
		cr_expect(isnan(cycles), "cycles %.0f without a PMU", cycles);
		cr_expect(!strncmp(status, "unavailable: ", 13), "%s", status);
	}
	ct_counters_close(&c);
}

/* The path of a VM without a PMU, forced: NA, reason, errno, paranoid. */
Test(counters, forced_unavailable_records_na_and_reason,
     .fini = no_simulation, .timeout = 30)
{
	struct ct_counters c;
	struct ct_rec rec;
	char status[512];
	ct_counters_simulate_failure(ENOENT, 0);
	measure(&c, CT_CTR_THREAD);
	for (unsigned e = 0; e < CT_CTR_N; e++)
		if (CT_CTR_BIT(e) & CT_CTR_HW)
			cr_expect(isnan(c.value[e]), "%s = %.0f, not NA",
				  ct_counter_name(e), c.value[e]);
	expect_plausible_software(&c);
	ct_counters_status(&c, true, status, sizeof(status));
	cr_expect(strstr(status, "unavailable: No such file or directory") &&
		  strstr(status, "no hardware PMU") &&
		  strstr(status, "perf_event_paranoid="), "%s", status);

	ct_rec_reset(&rec);
	ct_counters_record(&rec, &c, 1000);
	static const char *const na[] = { "cycles", "instructions",
		"cache_misses", "llc_misses", "cycles_per_op",
		"cache_misses_per_op", "llc_misses_per_op", "ipc" };
	for (unsigned i = 0; i < CT_ARRAY_SIZE(na); i++) {
		const struct ct_field *f = ct_rec_get(&rec, na[i]);
		cr_assert_not_null(f, "%s missing", na[i]);
		cr_expect_eq(f->type, CT_V_NA, "%s is not NA", na[i]);
	}
	const struct ct_field *hw = ct_rec_get(&rec, "hw_counters");
	cr_assert_not_null(hw);
	cr_expect(!strncmp(hw->s, "unavailable: ", 13), "%s", hw->s);
	cr_expect(ct_rec_num_of(&rec, "page_faults") >= PAGES * 0.9);
	ct_counters_close(&c);
}

Test(counters, permission_reason_names_the_fix, .fini = no_simulation,
     .timeout = 30)
{
	struct ct_counters c;
	char status[512];
	ct_counters_simulate_failure(EACCES, 0);
	measure(&c, CT_CTR_THREAD);
	ct_counters_status(&c, true, status, sizeof(status));
	cr_expect(strstr(status, "Permission denied") &&
		  strstr(status, "perf_event_paranoid") &&
		  strstr(status, "CAP_PERFMON"), "%s", status);
	ct_counters_close(&c);
}

/* perf_event_open refused outright (seccomp, ENOSYS): getrusage steps in. */
Test(counters, software_falls_back_to_rusage, .fini = no_simulation,
     .timeout = 30)
{
	struct ct_counters c;
	char status[512];
	ct_counters_simulate_failure(ENOSYS, ENOSYS);
	measure(&c, CT_CTR_THREAD);
	cr_expect_eq(c.src[CT_CTR_CTX_SWITCHES], CT_SRC_RUSAGE);
	cr_expect_eq(c.src[CT_CTR_PAGE_FAULTS], CT_SRC_RUSAGE);
	expect_plausible_software(&c);
	ct_counters_status(&c, false, status, sizeof(status));
	cr_log_info("sw_counters with perf refused: %s", status);
	cr_expect(strstr(status, "getrusage") || strstr(status, "partial"),
		  "%s", status);
	ct_counters_close(&c);
}

/* Summing threads: an NA anywhere is NA in the sum, with its reason. */
Test(counters, sum_keeps_na_and_reason, .timeout = 10)
{
	struct ct_counters a, b, sum;
	char status[512];
	ct_counters_zero(&a, CT_CTR_ALL);
	ct_counters_zero(&b, CT_CTR_ALL);
	for (unsigned e = 0; e < CT_CTR_N; e++) {
		a.value[e] = 10, a.src[e] = CT_SRC_PERF;
		b.value[e] = 5, b.src[e] = CT_SRC_PERF;
	}
	b.value[CT_CTR_LLC_MISSES] = NAN;
	b.src[CT_CTR_LLC_MISSES] = CT_SRC_NONE;
	b.err[CT_CTR_LLC_MISSES] = EINVAL;
	ct_counters_zero(&sum, CT_CTR_ALL);
	ct_counters_add(&sum, &a);
	ct_counters_add(&sum, &b);
	cr_expect_eq(sum.value[CT_CTR_CYCLES], 15);
	cr_expect(isnan(sum.value[CT_CTR_LLC_MISSES]));
	ct_counters_status(&sum, true, status, sizeof(status));
	cr_expect(!strncmp(status, "partial: llc_misses unavailable: ", 33) &&
		  strstr(status, "Invalid argument"), "%s", status);
}

static void *sleeper(void *arg)
{
	(void)arg;
	for (unsigned i = 0; i < SLEEPS; i++)
		ct_sleep_s(200e-6);
	return NULL;
}

/* Process scope: a thread created after open() is counted too. */
Test(counters, process_scope_counts_later_threads, .timeout = 30)
{
	struct ct_counters c;
	pthread_t th;
	ct_counters_open(&c, CT_CTR_SW, CT_CTR_PROCESS);
	ct_counters_start(&c);
	cr_assert_eq(pthread_create(&th, NULL, sleeper, NULL), 0);
	pthread_join(th, NULL);
	ct_counters_stop(&c);
	double cs = c.value[CT_CTR_CTX_SWITCHES];
	cr_expect(cs >= SLEEPS, "process ctx_switches %.0f", cs);
	ct_counters_close(&c);
}

Test(counters, cli_lists_every_event_with_its_source, .timeout = 60)
{
	cr_assert_eq(expt_run("counters"), 0, "%s", expt_out);
	static const char *const names[] = { "cycles", "instructions",
		"cache_misses", "llc_misses", "ctx_switches", "migrations",
		"page_faults", "# hw_counters", "# sw_counters" };
	for (unsigned i = 0; i < CT_ARRAY_SIZE(names); i++)
		cr_expect(strstr(expt_out, names[i]), "%s missing:\n%s",
			  names[i], expt_out);
	cr_expect_eq(expt_run("counters --scope galaxy"), 2);
	cr_expect(strstr(expt_out, "valid: thread, process"), "%s", expt_out);
}
