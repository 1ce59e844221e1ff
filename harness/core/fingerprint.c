/* SPDX-License-Identifier: BSD-2-Clause */
#include "fingerprint.h"

#include <errno.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "counters.h"
#include "mem.h"
#include "timing.h"

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

#ifndef CT_GIT_REV
#define CT_GIT_REV "unknown"
#endif

const char *const ct_fingerprint_table_keys[] = {
	"cpu_model", "topology", "allowed_cpus", "virtualization", "kernel",
	"timer", "pmu", "git_rev", "c2c_ref", "c2c_ref_spread", "c2c_ref_cpus",
	"c2c_ref_source", "c2c_ns", "c2c_cpus", NULL
};

/* First line of a small file, trailing newline removed; `dflt` if absent. */
static void read_line(const char *path, char *buf, size_t len,
		      const char *dflt)
{
	FILE *f = fopen(path, "r");
	if (!f || !fgets(buf, (int)len, f))
		snprintf(buf, len, "%s", dflt);
	if (f)
		fclose(f);
	buf[strcspn(buf, "\n")] = 0;
}

static void cpu_model(char *buf, size_t len)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[512];
	snprintf(buf, len, "unknown");
	while (f && fgets(line, sizeof(line), f)) {
		char *colon = strchr(line, ':');
		if (colon && !strncmp(line, "model name", 10)) {
			snprintf(buf, len, "%s", colon + 2);
			buf[strcspn(buf, "\n")] = 0;
			break;
		}
	}
	if (f)
		fclose(f);
}

/* Hypervisor vendor from CPUID leaf 0x40000000, "none" on bare metal. */
static void virtualization(char *buf, size_t len)
{
	snprintf(buf, len, "unknown");
#if defined(__x86_64__) || defined(__i386__)
	unsigned a, b, c, d;
	if (!__get_cpuid(1, &a, &b, &c, &d))
		return;
	if (!(c & (1u << 31))) {
		snprintf(buf, len, "none");
		return;
	}
	char vendor[13] = { 0 };
	__cpuid(0x40000000, a, b, c, d);
	memcpy(vendor, &b, 4), memcpy(vendor + 4, &c, 4), memcpy(vendor + 8, &d, 4);
	const char *name = !strcmp(vendor, "KVMKVMKVM") ? "kvm" :
			   !strcmp(vendor, "Microsoft Hv") ? "hyper-v" :
			   !strcmp(vendor, "VMwareVMware") ? "vmware" :
			   !strcmp(vendor, "XenVMMXenVMM") ? "xen" :
							       vendor;
	snprintf(buf, len, "%s", name);
#endif
}

int ct_pmu_probe(char *why, size_t len)
{
	struct perf_event_attr pe;
	memset(&pe, 0, sizeof(pe));
	pe.type = PERF_TYPE_HARDWARE;
	pe.size = sizeof(pe);
	pe.config = PERF_COUNT_HW_CPU_CYCLES;
	pe.disabled = 1;
	pe.exclude_kernel = 1;
	pe.exclude_hv = 1;
	int fd = (int)syscall(SYS_perf_event_open, &pe, 0, -1, -1, 0);
	if (fd >= 0) {
		close(fd);
		snprintf(why, len, "available");
		return 1;
	}
	int e = errno;
	char paranoid[32];
	read_line("/proc/sys/kernel/perf_event_paranoid", paranoid,
		  sizeof(paranoid), "?");
	snprintf(why, len, "unavailable: %s (%sperf_event_paranoid=%s)",
		 strerror(e),
		 e == ENOENT || e == EOPNOTSUPP ? "no hardware PMU exposed; " : "",
		 paranoid);
	return 0;
}

void ct_fingerprint(struct ct_rec *r, const struct ct_topo *t)
{
	char buf[256];
	struct utsname u;
	time_t now = time(NULL);

	ct_rec_str(r, "record", "header");
	ct_rec_int(r, "schema", CT_SCHEMA_VERSION);
	ct_rec_str(r, "tool", "contend");
	ct_rec_str(r, "git_rev", "%s", CT_GIT_REV);
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	ct_rec_str(r, "date", "%s", buf);
	gethostname(buf, sizeof(buf));
	ct_rec_str(r, "host", "%s", buf);
	cpu_model(buf, sizeof(buf));
	ct_rec_str(r, "cpu_model", "%s", buf);
	ct_rec_str(r, "topology", "%s", t->summary);
	ct_rec_str(r, "allowed_cpus", "%s", t->allowed);
	read_line("/sys/devices/system/cpu/smt/active", buf, sizeof(buf), "?");
	ct_rec_str(r, "smt", "%s", !strcmp(buf, "1") ? "on" :
				   !strcmp(buf, "0") ? "off" : "unknown");
	read_line("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor", buf,
		  sizeof(buf), "none (no cpufreq)");
	ct_rec_str(r, "governor", "%s", buf);
	virtualization(buf, sizeof(buf));
	ct_rec_str(r, "virtualization", "%s", buf);
	uname(&u);
	ct_rec_str(r, "kernel", "%s %s %s", u.sysname, u.release, u.machine);
	ct_rec_str(r, "compiler", "%s", __VERSION__);
	ct_rec_str(r, "timer", "%s %.3f GHz, %.1f ns per read pair",
		   ct_timer.source, ct_timer.ticks_per_ns,
		   ct_ticks_to_ns((double)ct_timer.overhead));
	ct_rec_num(r, "timer_ghz", ct_timer.ticks_per_ns);
	ct_rec_str(r, "memory", "%s", ct_mem_policy());
	ct_pmu_probe(buf, sizeof(buf));
	ct_rec_str(r, "pmu", "%s", buf);
}

void ct_fingerprint_write(struct ct_rec *r, struct ct_output *out,
			  unsigned counters)
{
	if (counters)
		ct_counters_probe(r, counters);
	if (out->data)
		ct_sink_header(out->data, r, NULL);
	if (out->table) {
		ct_sink_header(out->table, r, ct_fingerprint_table_keys);
		ct_sink_header(out->table, r, ct_counters_status_keys);
	}
}
