/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * apprun.c - one run of a program under one lock (see apprun.h).
 */
#include "apprun.h"

#include <cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <math.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness/core/timing.h"
#include "locks/ops.h"
#include "locks/preloadable.h"

/* Output read back for --metric: the last this many bytes. */
#define CT_APP_OUT_KEEP (1u << 20)

const char *ct_app_status_name(enum ct_app_status s)
{
	static const char *const names[] = {
		[CT_APP_OK] = "ok",
		[CT_APP_FAILED] = "failed",
		[CT_APP_CRASHED] = "crashed",
		[CT_APP_TIMEOUT] = "timeout",
		[CT_APP_NOPRELOAD] = "no-interposer",
		[CT_APP_NOMETRIC] = "no-metric",
		[CT_APP_ERROR] = "error",
	};
	return names[s];
}

const char *const *ct_app_lock_names(bool with_none)
{
	static const char *names[64];
	unsigned n = 0;

	names[n++] = CT_APP_NONE;
	names[n++] = CT_PRELOAD_PASSTHROUGH;
	for (unsigned i = 0; i < ct_lock_ops_count && n < 63; i++)
		if (ct_preloadable(ct_lock_ops_table[i].name,
				   ct_lock_ops_table[i].flags))
			names[n++] = ct_lock_ops_table[i].name;
	names[n] = NULL;
	return names + !with_none;
}

void ct_app_sibling(const char *file, char *out, size_t len)
{
	char exe[4096];
	const char *dir = getenv("CONTEND_PRELOAD_DIR");
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	if (!dir) {
		exe[n > 0 ? n : 0] = '\0';
		dir = n > 0 ? dirname(exe) : ".";
	}
	snprintf(out, len, "%s/%s", dir, file);
}

static double ct_app_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* In the child: environment, pinning, output; then exec. Never returns. */
static _Noreturn void ct_app_child(const struct ct_app_point *p,
				   const char *stats, const char *out)
{
	int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	setpgid(0, 0);
	if (fd < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
		_exit(126);
	close(fd);
	if (p->cpus && p->ncpus) {
		cpu_set_t set;

		CPU_ZERO(&set);
		for (unsigned i = 0; i < p->ncpus; i++)
			CPU_SET(p->cpus[i], &set);
		if (sched_setaffinity(0, sizeof(set), &set))
			_exit(126);
	}
	if (strcmp(p->lock, CT_APP_NONE)) {
		setenv("LD_PRELOAD", p->preload, 1);
		setenv("CONTEND_LOCK", p->lock, 1);
		setenv("CONTEND_WAIT", p->wait ? p->wait : "yield", 1);
		setenv("CONTEND_STATS", stats, 1);
	} else {
		unsetenv("CONTEND_LOCK");
	}
	execvp(p->argv[0], p->argv);
	fprintf(stderr, "contend run: cannot run %s: %s\n", p->argv[0],
		strerror(errno));
	_exit(127);
}

/* Wait for pid until the deadline; kill its group at the deadline and, in
 * any case, once it is gone (daemons a script left behind). */
static void ct_app_wait(pid_t pid, double deadline, struct ct_app_result *r)
{
	int status = 0;
	pid_t got;

	while ((got = waitpid(pid, &status, WNOHANG)) == 0 &&
	       ct_app_now() < deadline) {
		struct timespec nap = { 0, 2 * 1000 * 1000 };
		nanosleep(&nap, NULL);
	}
	if (got == 0) {
		kill(-pid, SIGKILL);
		waitpid(pid, &status, 0);
		r->status = CT_APP_TIMEOUT;
		snprintf(r->note, sizeof(r->note),
			 "killed at the time limit: a deadlock or too slow");
	} else if (WIFSIGNALED(status)) {
		r->status = CT_APP_CRASHED;
		r->code = WTERMSIG(status);
		snprintf(r->note, sizeof(r->note), "killed by signal %d (%s)",
			 r->code, strsignal(r->code));
	} else if (WEXITSTATUS(status)) {
		r->status = CT_APP_FAILED;
		r->code = WEXITSTATUS(status);
		snprintf(r->note, sizeof(r->note), "exit status %d", r->code);
	}
	kill(-pid, SIGKILL); /* the group's leftovers; ESRCH when none */
}

static uint64_t ct_app_u64(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsNumber(v) && v->valuedouble > 0 ? (uint64_t)v->valuedouble
						       : 0;
}

/* Sum the interposer's exit lines; false if no process started under our
 * lock. */
static bool ct_app_read_stats(const char *path, const char *lock,
			      struct ct_app_stats *st)
{
	FILE *f = fopen(path, "r");
	char line[2048];
	uint64_t busiest = 0;

	memset(st, 0, sizeof(*st));
	if (!f)
		return false;
	while (fgets(line, sizeof(line), f)) {
		cJSON *o = cJSON_Parse(line);
		const cJSON *l = cJSON_GetObjectItemCaseSensitive(o, "lock");

		const cJSON *ev = cJSON_GetObjectItemCaseSensitive(o, "event");
		bool named = cJSON_IsString(l) && !strcmp(l->valuestring, lock);

		st->started += named && cJSON_IsString(ev) &&
			       !strcmp(ev->valuestring, "start");
		if (named && cJSON_IsString(ev) &&
		    !strcmp(ev->valuestring, "exit")) {
			uint64_t acq = ct_app_u64(o, "acquisitions");

			st->lines++;
			st->acquisitions += acq;
			st->contended += ct_app_u64(o, "contended");
			st->try_busy += ct_app_u64(o, "try_busy");
			st->distinct_mutexes += ct_app_u64(o, "distinct_mutexes");
			st->distinct_known |= cJSON_IsNumber(
				cJSON_GetObjectItemCaseSensitive(
					o, "distinct_mutexes"));
			st->fallback_mutexes += ct_app_u64(o, "fallback_mutexes");
			st->fallback_ops += ct_app_u64(o, "fallback_ops");
			st->cond_waits += ct_app_u64(o, "cond_waits");
			st->threads += ct_app_u64(o, "threads");
			if (acq >= busiest) {
				busiest = acq;
				st->samples = ct_app_u64(o, "samples");
				st->wait_ns_p50 = ct_app_u64(o, "wait_ns_p50");
				st->wait_ns_p99 = ct_app_u64(o, "wait_ns_p99");
				st->hold_ns_p50 = ct_app_u64(o, "hold_ns_p50");
				st->hold_ns_p99 = ct_app_u64(o, "hold_ns_p99");
			}
		}
		cJSON_Delete(o);
	}
	fclose(f);
	return st->started > 0;
}

/* The first match of re in the output file's tail: its first group if it
 * has one, else the whole match, as a number. NaN when none. */
static double ct_app_read_metric(const char *path, const regex_t *re)
{
	FILE *f = fopen(path, "r");
	char *buf = malloc(CT_APP_OUT_KEEP + 1);
	double v = NAN;

	if (!f || !buf) {
		if (f)
			fclose(f);
		free(buf);
		return v;
	}
	if (fseek(f, 0, SEEK_END) == 0 && ftell(f) > (long)CT_APP_OUT_KEEP)
		fseek(f, -(long)CT_APP_OUT_KEEP, SEEK_END);
	else
		fseek(f, 0, SEEK_SET);
	size_t n = fread(buf, 1, CT_APP_OUT_KEEP, f);
	buf[n] = '\0';
	fclose(f);
	regmatch_t m[2];
	if (regexec(re, buf, 2, m, 0) == 0) {
		regmatch_t g = m[1].rm_so >= 0 ? m[1] : m[0];
		char *end;

		buf[g.rm_eo] = '\0';
		v = strtod(buf + g.rm_so, &end);
		if (end == buf + g.rm_so)
			v = NAN;
	}
	free(buf);
	return v;
}

/* Append the output's last line to the note: the program's own words on
 * why it failed. */
static void ct_app_last_line(const char *path, struct ct_app_result *r)
{
	FILE *f = fopen(path, "r");
	char line[256], last[256] = "";

	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		if (line[0] != '\n')
			snprintf(last, sizeof(last), "%s", line);
	fclose(f);
	last[strcspn(last, "\n")] = '\0';
	if (*last) {
		size_t used = strlen(r->note);
		snprintf(r->note + used, sizeof(r->note) - used, "; output: %s",
			 last);
	}
}

/* The classification once the program ran. */
static void ct_app_judge(const struct ct_app_point *p, const char *stats,
			 const char *out, struct ct_app_result *r)
{
	if (r->status != CT_APP_OK)
		return;
	if (strcmp(p->lock, CT_APP_NONE) &&
	    !ct_app_read_stats(stats, p->lock, &r->st)) {
		r->status = CT_APP_NOPRELOAD;
		snprintf(r->note, sizeof(r->note),
			 "no counters line for lock %s in CONTEND_STATS: the "
			 "interposer %s did not load or run", p->lock,
			 p->preload);
		return;
	}
	if (p->metric) {
		r->metric = ct_app_read_metric(out, p->metric);
		if (isnan(r->metric)) {
			r->status = CT_APP_NOMETRIC;
			snprintf(r->note, sizeof(r->note),
				 "--metric matched no number in the output");
		}
	}
}

int ct_app_run(const struct ct_app_point *p, struct ct_app_result *r)
{
	char dir[] = "/tmp/contend-run.XXXXXX", stats[64], out[64];

	memset(r, 0, sizeof(*r));
	r->metric = NAN;
	if (!mkdtemp(dir)) {
		r->status = CT_APP_ERROR;
		snprintf(r->note, sizeof(r->note), "mkdtemp %s: %s", dir,
			 strerror(errno));
		return -1;
	}
	snprintf(stats, sizeof(stats), "%s/stats.jsonl", dir);
	snprintf(out, sizeof(out), "%s/output", dir);
	fflush(NULL);
	double t0 = ct_app_now();
	pid_t pid = fork();
	if (pid < 0) {
		r->status = CT_APP_ERROR;
		snprintf(r->note, sizeof(r->note), "fork: %s", strerror(errno));
	} else {
		if (pid == 0)
			ct_app_child(p, stats, out);
		setpgid(pid, pid); /* also in the child: whoever runs first */
		ct_app_wait(pid, t0 + p->timeout_s, r);
		r->wall_s = ct_app_now() - t0;
		if (r->status == CT_APP_OK)
			ct_app_judge(p, stats, out, r);
		else if (r->status != CT_APP_TIMEOUT)
			ct_app_last_line(out, r);
	}
	unlink(stats);
	unlink(out);
	rmdir(dir);
	return r->status == CT_APP_ERROR ? -1 : 0;
}
