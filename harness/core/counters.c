/* SPDX-License-Identifier: BSD-2-Clause */
#include "counters.h"

#include <errno.h>
#include <linux/perf_event.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cc.h"

struct ctr_event {
	uint32_t type;
	uint64_t config;
	const char *name;    /* record key of the total */
	const char *per_op;  /* record key of the per-operation rate, or NULL */
};

#define CTR_LLC_READ_MISS                                                     \
	(PERF_COUNT_HW_CACHE_LL | (PERF_COUNT_HW_CACHE_OP_READ << 8) |       \
	 (PERF_COUNT_HW_CACHE_RESULT_MISS << 16))

static const struct ctr_event events[CT_CTR_N] = {
	[CT_CTR_CYCLES] = { PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES,
			    "cycles", "cycles_per_op" },
	[CT_CTR_INSTRUCTIONS] = { PERF_TYPE_HARDWARE,
				  PERF_COUNT_HW_INSTRUCTIONS, "instructions",
				  NULL },
	[CT_CTR_CACHE_MISSES] = { PERF_TYPE_HARDWARE,
				  PERF_COUNT_HW_CACHE_MISSES, "cache_misses",
				  "cache_misses_per_op" },
	[CT_CTR_LLC_MISSES] = { PERF_TYPE_HW_CACHE, CTR_LLC_READ_MISS,
				"llc_misses", "llc_misses_per_op" },
	[CT_CTR_CTX_SWITCHES] = { PERF_TYPE_SOFTWARE,
				  PERF_COUNT_SW_CONTEXT_SWITCHES,
				  "ctx_switches", NULL },
	[CT_CTR_MIGRATIONS] = { PERF_TYPE_SOFTWARE,
				PERF_COUNT_SW_CPU_MIGRATIONS, "migrations",
				NULL },
	[CT_CTR_PAGE_FAULTS] = { PERF_TYPE_SOFTWARE,
				 PERF_COUNT_SW_PAGE_FAULTS, "page_faults",
				 NULL },
};

/* err value of an event whose start() never ran: not an errno. */
#define CT_CTR_NOT_STARTED (-1)

/* Testing hook (ct_counters_simulate_failure): set before threads start. */
static int sim_errno[2]; /* [0] software, [1] hardware */

void ct_counters_simulate_failure(int hw_errno, int sw_errno)
{
	sim_errno[1] = hw_errno;
	sim_errno[0] = sw_errno;
}

const char *ct_counter_name(enum ct_ctr e)
{
	return e < CT_CTR_N ? events[e].name : "?";
}

/* The sets first, then the events in enum order (tests check the order). */
const char *const ct_counters_choices[] = {
	"all", "hw", "sw", "none", "cycles", "instructions", "cache_misses",
	"llc_misses", "ctx_switches", "migrations", "page_faults", NULL,
};

static const unsigned choice_mask[] = { CT_CTR_ALL, CT_CTR_HW, CT_CTR_SW, 0 };

/* The mask one word of a --counters value stands for; false if none. */
static bool choice_word(const char *w, unsigned *mask)
{
	for (unsigned i = 0; ct_counters_choices[i]; i++) {
		if (strcmp(w, ct_counters_choices[i]))
			continue;
		*mask |= i < CT_ARRAY_SIZE(choice_mask) ?
				 choice_mask[i] :
				 CT_CTR_BIT(i - CT_ARRAY_SIZE(choice_mask));
		return true;
	}
	return false;
}

/* "all, hw, ..., page_faults" into buf. */
static void choice_list(char *buf, size_t len)
{
	size_t used = 0;
	buf[0] = 0;
	for (unsigned i = 0; ct_counters_choices[i] && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%s",
					 i ? ", " : "", ct_counters_choices[i]);
}

int ct_counters_parse(const char *s, unsigned *mask, char *err, size_t len)
{
	char copy[256], *save = NULL, valid[256];
	unsigned words = 0;
	snprintf(copy, sizeof(copy), "%s", s);
	*mask = 0;
	for (char *w = strtok_r(copy, ",", &save); w;
	     w = strtok_r(NULL, ",", &save), words++) {
		if (choice_word(w, mask))
			continue;
		choice_list(valid, sizeof(valid));
		snprintf(err, len, "unknown event or set '%s' (valid: %s; or a "
			 "comma list such as sw or cycles,ctx_switches)", w,
			 valid);
		return -1;
	}
	if (!words)
		snprintf(err, len, "empty list (valid: all, hw, sw, none or "
			 "event names)");
	return words ? 0 : -1;
}

static bool is_hw(enum ct_ctr e)
{
	return CT_CTR_BIT(e) & CT_CTR_HW;
}

static void paranoid_level(char *buf, size_t len)
{
	FILE *f = fopen("/proc/sys/kernel/perf_event_paranoid", "r");
	int level;
	if (f && fscanf(f, "%d", &level) == 1)
		snprintf(buf, len, "%d", level);
	else
		snprintf(buf, len, "?");
	if (f)
		fclose(f);
}

static const char *reason_hint(int e)
{
	switch (e) {
	case ENOENT:
	case ENODEV:
	case EOPNOTSUPP:
		return "no hardware PMU exposed, as in most VMs";
	case EACCES:
	case EPERM:
		return "not permitted: lower perf_event_paranoid or grant "
		       "CAP_PERFMON; a seccomp filter also says this";
	case ENOSYS:
		return "kernel without perf events, or the call is filtered";
	case EBUSY:
		return "never scheduled: the PMU's counters are taken";
	case EMFILE:
	case ENFILE:
		return "out of file descriptors";
	case EINVAL:
		return "event not supported by this PMU";
	default:
		return "perf_event_open failed";
	}
}

void ct_counters_reason(int e, char *buf, size_t len)
{
	char level[16];
	paranoid_level(level, sizeof(level));
	snprintf(buf, len, "unavailable: %s (%s; perf_event_paranoid=%s)",
		 strerror(e), reason_hint(e), level);
}

/* One perf event, disabled until start(). -1 with errno on failure. */
static int perf_open(enum ct_ctr e, enum ct_ctr_scope scope,
		     bool exclude_kernel)
{
	int sim = sim_errno[is_hw(e)];
	if (sim) {
		errno = sim;
		return -1;
	}
	struct perf_event_attr pe;
	memset(&pe, 0, sizeof(pe));
	pe.size = sizeof(pe);
	pe.type = events[e].type;
	pe.config = events[e].config;
	pe.disabled = 1;
	pe.inherit = scope == CT_CTR_PROCESS; /* threads created later */
	pe.exclude_kernel = exclude_kernel;
	pe.exclude_hv = 1;
	pe.read_format = PERF_FORMAT_TOTAL_TIME_ENABLED |
			 PERF_FORMAT_TOTAL_TIME_RUNNING;
	/* pid 0, cpu -1: the calling thread (and with inherit its children)
	 * on whatever CPU it runs. */
	return (int)syscall(SYS_perf_event_open, &pe, 0, -1, -1,
			    PERF_FLAG_FD_CLOEXEC);
}

/* se.nr_migrations of the calling thread (needs CONFIG_SCHED_DEBUG). */
static bool proc_migrations(uint64_t *out)
{
	FILE *f = fopen("/proc/thread-self/sched", "r");
	char line[256];
	bool found = false;
	while (f && !found && fgets(line, sizeof(line), f)) {
		unsigned long long v;
		const char *colon = strchr(line, ':');
		if (colon && !strncmp(line, "se.nr_migrations", 16) &&
		    sscanf(colon + 1, "%llu", &v) == 1) {
			*out = v;
			found = true;
		}
	}
	if (f)
		fclose(f);
	return found;
}

/* A software event perf refused: where else can we get it? */
static enum ct_ctr_src sw_fallback(enum ct_ctr e, enum ct_ctr_scope scope)
{
	uint64_t v;
	if (e == CT_CTR_CTX_SWITCHES || e == CT_CTR_PAGE_FAULTS)
		return CT_SRC_RUSAGE;
	if (e == CT_CTR_MIGRATIONS && scope == CT_CTR_THREAD &&
	    proc_migrations(&v))
		return CT_SRC_PROC;
	return CT_SRC_NONE;
}

static void open_one(struct ct_counters *c, enum ct_ctr e)
{
	int fd = perf_open(e, c->scope, false);
	/* perf_event_paranoid >= 2 forbids counting kernel mode. A hardware
	 * event still counts its user-mode part; a software event counted
	 * in user mode only reads 0 (context switches and migrations happen
	 * in the kernel), so it takes its fallback below instead. */
	if (fd < 0 && is_hw(e) && (errno == EACCES || errno == EPERM)) {
		fd = perf_open(e, c->scope, true);
		c->user_only[e] = fd >= 0;
	}
	c->fd[e] = fd;
	if (fd >= 0) {
		c->src[e] = CT_SRC_PERF;
		return;
	}
	c->err[e] = errno;
	c->src[e] = is_hw(e) ? CT_SRC_NONE : sw_fallback(e, c->scope);
}

unsigned ct_counters_open(struct ct_counters *c, unsigned mask,
			  enum ct_ctr_scope scope)
{
	unsigned n = 0;
	memset(c, 0, sizeof(*c));
	c->mask = mask & CT_CTR_ALL;
	c->scope = scope;
	for (unsigned e = 0; e < CT_CTR_N; e++) {
		c->fd[e] = -1;
		c->value[e] = NAN;
		if (!(c->mask & CT_CTR_BIT(e)))
			continue;
		open_one(c, e);
		n += c->src[e] != CT_SRC_NONE;
	}
	return n;
}

static void rusage_now(const struct ct_counters *c, struct rusage *ru)
{
	getrusage(c->scope == CT_CTR_THREAD ? RUSAGE_THREAD : RUSAGE_SELF, ru);
}

void ct_counters_start(struct ct_counters *c)
{
	rusage_now(c, &c->ru0);
	if (!proc_migrations(&c->migrations0))
		c->migrations0 = 0;
	for (unsigned e = 0; e < CT_CTR_N; e++) {
		if (c->fd[e] < 0)
			continue;
		ioctl(c->fd[e], PERF_EVENT_IOC_RESET, 0);
		ioctl(c->fd[e], PERF_EVENT_IOC_ENABLE, 0);
	}
}

/* Count of a perf event, extrapolated if it was multiplexed; NaN (with
 * err EBUSY) if it never got a hardware counter. */
static double perf_value(struct ct_counters *c, enum ct_ctr e)
{
	uint64_t v[3]; /* value, time enabled, time running */
	if (read(c->fd[e], v, sizeof(v)) != (ssize_t)sizeof(v)) {
		c->err[e] = errno ? errno : EIO;
		return NAN;
	}
	if (v[1] == 0) /* enabled for no time: nothing to count */
		return 0;
	if (v[2] == 0) {
		c->err[e] = EBUSY;
		return NAN;
	}
	if (v[2] < v[1]) {
		c->scaled[e] = true;
		return (double)v[0] * (double)v[1] / (double)v[2];
	}
	return (double)v[0];
}

static double fallback_value(const struct ct_counters *c, enum ct_ctr e,
			     const struct rusage *ru)
{
	uint64_t m;
	switch (e) {
	case CT_CTR_CTX_SWITCHES:
		return (double)(ru->ru_nvcsw + ru->ru_nivcsw -
				c->ru0.ru_nvcsw - c->ru0.ru_nivcsw);
	case CT_CTR_PAGE_FAULTS:
		return (double)(ru->ru_minflt + ru->ru_majflt -
				c->ru0.ru_minflt - c->ru0.ru_majflt);
	case CT_CTR_MIGRATIONS:
		return proc_migrations(&m) ? (double)(m - c->migrations0) : NAN;
	default:
		return NAN;
	}
}

void ct_counters_stop(struct ct_counters *c)
{
	struct rusage ru;
	for (unsigned e = 0; e < CT_CTR_N; e++)
		if (c->fd[e] >= 0)
			ioctl(c->fd[e], PERF_EVENT_IOC_DISABLE, 0);
	rusage_now(c, &ru);
	for (unsigned e = 0; e < CT_CTR_N; e++) {
		if (c->src[e] == CT_SRC_PERF)
			c->value[e] = perf_value(c, e);
		else if (c->src[e] != CT_SRC_NONE)
			c->value[e] = fallback_value(c, e, &ru);
		else
			c->value[e] = NAN;
	}
}

void ct_counters_close(struct ct_counters *c)
{
	for (unsigned e = 0; e < CT_CTR_N; e++) {
		if (c->fd[e] >= 0)
			close(c->fd[e]);
		c->fd[e] = -1;
	}
}

void ct_counters_zero(struct ct_counters *sum, unsigned mask)
{
	memset(sum, 0, sizeof(*sum));
	sum->mask = mask & CT_CTR_ALL;
	for (unsigned e = 0; e < CT_CTR_N; e++)
		sum->fd[e] = -1;
}

void ct_counters_add(struct ct_counters *sum, const struct ct_counters *c)
{
	for (unsigned e = 0; e < CT_CTR_N; e++) {
		if (!(sum->mask & CT_CTR_BIT(e)))
			continue;
		if (!(c->mask & CT_CTR_BIT(e))) {
			sum->value[e] = NAN;
			continue;
		}
		sum->value[e] += c->value[e]; /* NaN stays NaN */
		if (!sum->err[e])
			sum->err[e] = c->err[e];
		if (sum->src[e] == CT_SRC_NONE || c->src[e] != CT_SRC_PERF)
			sum->src[e] = c->src[e];
		sum->user_only[e] |= c->user_only[e];
		sum->scaled[e] |= c->scaled[e];
	}
	if (!sum->nadded++)
		sum->scope = c->scope;
}

void ct_counter_event_status(const struct ct_counters *c, enum ct_ctr e,
			     char *buf, size_t len)
{
	static const char *const src_name[] = {
		[CT_SRC_PERF] = "perf", [CT_SRC_RUSAGE] = "getrusage",
		[CT_SRC_PROC] = "procfs",
	};
	if (e >= CT_CTR_N || !(c->mask & CT_CTR_BIT(e)))
		snprintf(buf, len, "not requested");
	else if (!c->err[e] && !isfinite(c->value[e]))
		snprintf(buf, len, "unavailable: not counted (never started)");
	else if (!isfinite(c->value[e]) || c->src[e] == CT_SRC_NONE)
		ct_counters_reason(c->err[e], buf, len);
	else
		snprintf(buf, len, "%s%s%s", src_name[c->src[e]],
			 c->user_only[e] ? ", user-mode only" : "",
			 c->scaled[e] ? ", multiplexed (scaled)" : "");
}

/* Comma-separated names of the events of `set`, into buf. */
static void name_list(unsigned set, char *buf, size_t len)
{
	size_t used = 0;
	buf[0] = 0;
	for (unsigned e = 0; e < CT_CTR_N && used < len; e++)
		if (set & CT_CTR_BIT(e))
			used += (size_t)snprintf(buf + used, len - used, "%s%s",
						 used ? "," : "", events[e].name);
}

/* Status when every requested event of the class has a value. */
static void status_ok(const struct ct_counters *c, unsigned want,
		      unsigned fallback, int fb_err, char *buf, size_t len)
{
	bool user = false, scaled = false;
	char level[16], what[128], why[256];
	for (unsigned e = 0; e < CT_CTR_N; e++) {
		if (!(want & CT_CTR_BIT(e)))
			continue;
		user |= c->user_only[e];
		scaled |= c->scaled[e];
	}
	paranoid_level(level, sizeof(level));
	if (fallback) {
		name_list(fallback, what, sizeof(what));
		ct_counters_reason(fb_err, why, sizeof(why));
		snprintf(buf, len, "ok via getrusage/procfs for %s (perf %s)",
			 what, why);
	} else if (user) {
		snprintf(buf, len, "ok (user-mode only; perf_event_paranoid=%s)%s",
			 level, scaled ? " (multiplexed, scaled)" : "");
	} else {
		snprintf(buf, len, "ok%s", scaled ? " (multiplexed, scaled)" : "");
	}
}

void ct_counters_status(const struct ct_counters *c, bool hw, char *buf,
			size_t len)
{
	unsigned want = c->mask & (hw ? CT_CTR_HW : CT_CTR_SW);
	unsigned missing = 0, fallback = 0;
	int first_err = 0, fb_err = 0;
	if (!want) {
		snprintf(buf, len, "not requested");
		return;
	}
	for (unsigned e = 0; e < CT_CTR_N; e++) {
		if (!(want & CT_CTR_BIT(e)))
			continue;
		if (!isfinite(c->value[e])) {
			missing |= CT_CTR_BIT(e);
			if (!first_err)
				first_err = c->err[e] ? c->err[e]
						      : CT_CTR_NOT_STARTED;
		} else if (c->src[e] == CT_SRC_RUSAGE || c->src[e] == CT_SRC_PROC) {
			fallback |= CT_CTR_BIT(e);
			fb_err = fb_err ? fb_err : c->err[e];
		}
	}
	if (!missing) {
		status_ok(c, want, fallback, fb_err, buf, len);
		return;
	}
	char why[256], names[128];
	if (first_err == CT_CTR_NOT_STARTED)
		snprintf(why, sizeof(why), "unavailable: not counted (start() "
			 "never ran: a thread missed the measured window)");
	else
		ct_counters_reason(first_err, why, sizeof(why));
	if (missing == want) {
		snprintf(buf, len, "%s", why);
		return;
	}
	name_list(missing, names, sizeof(names));
	snprintf(buf, len, "partial: %s %s", names, why);
}

void ct_counters_record(struct ct_rec *rec, const struct ct_counters *c,
			double ops)
{
	char status[512];
	for (int hw = 1; hw >= 0; hw--) {
		ct_counters_status(c, hw, status, sizeof(status));
		ct_rec_str(rec, ct_counters_status_keys[!hw], "%s", status);
		for (unsigned e = 0; e < CT_CTR_N; e++) {
			if (!(c->mask & CT_CTR_BIT(e)) || is_hw(e) != hw)
				continue;
			ct_rec_num(rec, events[e].name, c->value[e]);
			if (events[e].per_op)
				ct_rec_num(rec, events[e].per_op,
					   ops > 0 ? c->value[e] / ops : NAN);
		}
		if (hw && (c->mask & CT_CTR_BIT(CT_CTR_CYCLES)) &&
		    (c->mask & CT_CTR_BIT(CT_CTR_INSTRUCTIONS)))
			ct_rec_num(rec, "ipc", c->value[CT_CTR_INSTRUCTIONS] /
						       c->value[CT_CTR_CYCLES]);
	}
}

static const struct ct_col counter_cols[] = {
	{ "cycles_per_op", "cyc/op", 8, "%.0f" },
	{ "cache_misses_per_op", "miss/op", 8, "%.2f" },
	{ "ctx_switches", "ctxsw", 7, "%.0f" },
	{ "migrations", "migr", 6, "%.0f" },
	{ NULL, NULL, 0, NULL },
};

const struct ct_col *ct_counters_columns(const struct ct_col *base,
					 unsigned mask, struct ct_col *buf,
					 size_t cap)
{
	size_t n = 0;
	if (!mask)
		return base;
	for (const struct ct_col *c = base; c->key && n + 1 < cap; c++)
		buf[n++] = *c;
	for (const struct ct_col *c = counter_cols; n < cap; c++) {
		buf[n++] = *c;
		if (!c->key) /* the terminator, copied */
			break;
	}
	buf[cap - 1] = (struct ct_col){ NULL, NULL, 0, NULL };
	return buf;
}

const char *const ct_counters_status_keys[] = { "hw_counters", "sw_counters",
						NULL };

void ct_counters_probe(struct ct_rec *fp, unsigned mask)
{
	struct ct_counters c;
	char buf[512];
	ct_counters_open(&c, mask, CT_CTR_THREAD);
	ct_counters_start(&c);
	ct_counters_stop(&c);
	for (int hw = 1; hw >= 0; hw--) {
		ct_counters_status(&c, hw, buf, sizeof(buf));
		ct_rec_str(fp, ct_counters_status_keys[!hw], "%s", buf);
	}
	ct_counters_close(&c);
}
