/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * mxrun.c - run a matrix plan: one child process per (configuration,
 * repetition), its records appended to the results file.
 *
 * Why a child per run rather than calling the family in-process: the
 * matrix stays family-agnostic (it only builds a command line), a hung or
 * crashing configuration is killed and recorded instead of taking the
 * matrix down, and every run starts from the same fresh process state, so
 * nothing a previous configuration left behind (heap layout, page cache,
 * a stuck thread) depends on the shuffled order. The cost, ~0.1 s per run
 * for exec and timer calibration, is small next to warm-up + duration.
 */
#include "matrix.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness/results/resultset.h"
#include "harness/core/timing.h"

struct child {
	char *out;
	size_t len, cap;
	char err[2048];
	int status;     /* exit status, -1 if killed */
	int sig;        /* terminating signal */
	bool timed_out;
};

static double mono_s(void)
{
	return (double)ct_clock_ns() / 1e9;
}

static _Noreturn void exec_child(const char *exe, char **argv, int out,
				 int err, pid_t parent)
{
	/* Die with the matrix: a killed matrix leaves no run behind. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(127);
	dup2(out, 1);
	dup2(err, 2);
	execv(exe, argv);
	fprintf(stderr, "cannot run %s: %s\n", exe, strerror(errno));
	_exit(127);
}

/* Read the child's stdout to EOF or the deadline, then kill it. */
static void collect(int fd, pid_t pid, double timeout_s, struct child *c)
{
	double end = mono_s() + timeout_s;
	for (;;) {
		int ms = (int)((end - mono_s()) * 1000);
		struct pollfd pfd = { fd, POLLIN, 0 };
		int k = ms > 0 ? poll(&pfd, 1, ms) : 0;
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			c->timed_out = k == 0;
			kill(pid, SIGKILL);
			return;
		}
		if (c->len + 4096 > c->cap) {
			c->cap = c->cap * 2 + 8192;
			c->out = realloc(c->out, c->cap);
		}
		ssize_t n = read(fd, c->out + c->len, c->cap - c->len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		c->len += (size_t)n;
	}
}

static void read_stderr(FILE *f, struct child *c)
{
	rewind(f);
	size_t n = fread(c->err, 1, sizeof(c->err) - 1, f);
	c->err[n] = 0;
	while (n && c->err[n - 1] == '\n')
		c->err[--n] = 0;
}

static int run_child(const char *exe, char **argv, double timeout_s,
		     struct child *c)
{
	int pfd[2];
	FILE *errf = tmpfile();
	memset(c, 0, sizeof(*c));
	/* close-on-exec: the child gets only its stdout and stderr */
	if (!errf || fcntl(fileno(errf), F_SETFD, FD_CLOEXEC) ||
	    pipe2(pfd, O_CLOEXEC)) {
		snprintf(c->err, sizeof(c->err), "pipe: %s", strerror(errno));
		if (errf)
			fclose(errf);
		return -1;
	}
	pid_t parent = getpid(), pid = fork();
	if (pid == 0) {
		close(pfd[0]);
		exec_child(exe, argv, pfd[1], fileno(errf), parent);
	}
	close(pfd[1]);
	if (pid > 0)
		collect(pfd[0], pid, timeout_s, c);
	close(pfd[0]);
	int st = 0;
	if (pid > 0)
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
	c->status = pid > 0 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	c->sig = pid > 0 && WIFSIGNALED(st) ? WTERMSIG(st) : 0;
	read_stderr(errf, c);
	fclose(errf);
	if (c->out)
		c->out[c->len] = 0;
	return pid > 0 ? 0 : -1;
}

/* ---- output ------------------------------------------------------------- */

static int write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Records collect in memory and reach the file in one write(2). */
struct chunk {
	char *buf;
	size_t len;
	struct ct_sink sink;
};

static void chunk_open(struct chunk *k)
{
	memset(k, 0, sizeof(*k));
	k->sink.fmt = CT_FMT_JSONL;
	k->sink.f = open_memstream(&k->buf, &k->len);
}

static int chunk_flush(struct chunk *k, int fd)
{
	fclose(k->sink.f);
	int rc = write_all(fd, k->buf, k->len);
	free(k->buf);
	return rc;
}

/* The child's data records, tagged with the matrix's fields. */
static unsigned tag_records(const struct ct_plan *p, const struct ct_run *r,
			    unsigned seq, char *out, struct chunk *k)
{
	const struct ct_config *c = &p->cfg[r->cfg];
	unsigned n = 0;
	for (char *line = out, *nl; line && *line; line = nl ? nl + 1 : NULL) {
		nl = strchr(line, '\n');
		if (nl)
			*nl = 0;
		cJSON *o = cJSON_Parse(line);
		if (!o || ct_rs_str(o, "record") || !cJSON_IsObject(o)) {
			cJSON_Delete(o);
			continue;
		}
		struct ct_rec rec;
		ct_rec_reset(&rec);
		ct_rec_from_json(&rec, o);
		struct ct_field *f = (struct ct_field *)ct_rec_get(&rec, "rep");
		if (f) { /* the child's is always 0 */
			f->type = CT_V_INT;
			f->i = r->rep;
		} else {
			ct_rec_int(&rec, "rep", r->rep);
		}
		ct_rec_str(&rec, "config", "%s", c->name);
		if (c->knobs[0])
			ct_rec_str(&rec, "knobs", "%s", c->knobs);
		ct_rec_int(&rec, "seq", seq);
		ct_sink_write(&k->sink, &rec);
		cJSON_Delete(o);
		n++;
	}
	return n;
}

static void failure_record(const struct ct_plan *p, const struct ct_run *r,
			   unsigned seq, const char *why, struct chunk *k)
{
	struct ct_rec rec;
	ct_rec_reset(&rec);
	ct_rec_str(&rec, "record", "failure");
	ct_rec_str(&rec, "config", "%s", p->cfg[r->cfg].name);
	ct_rec_int(&rec, "rep", r->rep);
	ct_rec_int(&rec, "seq", seq);
	ct_rec_str(&rec, "why", "%s", why);
	ct_sink_write(&k->sink, &rec);
}

/* The child ran one repetition, its own "rep 0": in what it says, that
 * is the matrix's repetition `rep`. */
static void own_rep(const char *msg, unsigned rep, char *buf, size_t len)
{
	size_t used = 0;
	buf[0] = 0;
	for (const char *p = msg; *p && used + 1 < len;) {
		if (!strncmp(p, "rep 0", 5) && !(p[5] >= '0' && p[5] <= '9')) {
			used += (size_t)snprintf(buf + used, len - used, "rep %u",
						 rep);
			p += 5;
		} else {
			buf[used++] = *p++;
			buf[used] = 0;
		}
	}
}

static void why_failed(const struct child *c, unsigned rep, char *buf,
		       size_t len)
{
	char own[sizeof(c->err) + 32];
	own_rep(c->err, rep, own, sizeof(own));
	const char *msg = c->err[0] ? own : "no records";
	if (c->timed_out)
		snprintf(buf, len, "timed out (killed)");
	else if (c->sig)
		snprintf(buf, len, "killed by signal %d: %.150s", c->sig, msg);
	else
		snprintf(buf, len, "exit %d: %.150s", c->status, msg);
}

/* ---- progress ----------------------------------------------------------- */

struct clock {
	double start, est_done, est_left;
};

static void eta_text(double s, char *buf, size_t len)
{
	if (s >= 60)
		snprintf(buf, len, "%dm%02ds", (int)(s / 60), (int)s % 60);
	else
		snprintf(buf, len, "%ds", (int)(s + 0.5));
}

static void progress(const struct ct_plan *p, const struct ct_run *r,
		     unsigned k, unsigned total, const struct clock *ck)
{
	double spent = mono_s() - ck->start;
	double rate = ck->est_done > 0 ? spent / ck->est_done : 1;
	char eta[32];
	eta_text(rate * ck->est_left, eta, sizeof(eta));
	fprintf(stderr, "\r[%u/%u] %.70s rep %u/%u  ETA %s\033[K", k, total,
		p->cfg[r->cfg].name, r->rep + 1, p->cfg[r->cfg].reps, eta);
}

/* ---- the run loop --------------------------------------------------------- */

/* The spec's timeout (else 60 s + 10 estimates), but never under a
 * section's own per-run `timeout` (run: the program's) + 30 s of start-up
 * and records: the command's own time-out record must get out first. */
static double run_timeout(const struct ct_plan *p, unsigned c)
{
	double t = p->spec->timeout_s > 0 ? p->spec->timeout_s
					  : 60 + 10 * ct_plan_run_estimate(p, c);
	const struct ct_config *cf = &p->cfg[c];
	const struct ct_section *sec = &p->spec->sec[cf->sec];
	for (unsigned a = 0; a < sec->naxes; a++)
		if (sec->axis[a].key->role == CT_R_TIMEOUT) {
			double own = atof(sec->axis[a].v[cf->idx[a]]) + 30;
			t = own > t ? own : t;
		}
	return t;
}

/* One run to its records. 0 ok, 1 failed (recorded), 2 rejected. */
static int run_one(const struct ct_plan *p, const struct ct_matrix_opts *o,
		   unsigned seq, int fd)
{
	const struct ct_run *r = &p->runs[seq];
	char *argv[64], buf[4096], why[256];
	struct child c;
	struct chunk k;
	ct_plan_argv(p, r->cfg, argv, 64, buf, sizeof(buf));
	int rc = run_child(o->exe ? o->exe : "/proc/self/exe", argv,
			   run_timeout(p, r->cfg), &c);
	if (!rc && c.status == 2) {
		fprintf(stderr, "\ncontend: matrix: %s was rejected:\n%s\n",
			p->cfg[r->cfg].name, c.err);
		free(c.out);
		return 2;
	}
	chunk_open(&k);
	const struct ct_family *fam = p->spec->sec[p->cfg[r->cfg].sec].fam;
	bool keep = !rc && (!c.status ||
			    (c.status == 1 && fam->fails_in_records));
	unsigned n = keep ? tag_records(p, r, seq, c.out, &k) : 0;
	if (!n) {
		why_failed(&c, r->rep, why, sizeof(why));
		failure_record(p, r, seq, why, &k);
		if (o->progress)
			fputc('\n', stderr);
		fprintf(stderr, "contend: matrix: %s rep %u failed: %s\n",
			p->cfg[r->cfg].name, r->rep, why);
	}
	bool failed = !n || (keep && c.status);
	if (n && failed) { /* its records say how (a program's crash) */
		if (o->progress)
			fputc('\n', stderr);
		fprintf(stderr, "contend: matrix: %s rep %u failed: exit status "
			"%d, recorded\n", p->cfg[r->cfg].name, r->rep, c.status);
	}
	free(c.out);
	if (chunk_flush(&k, fd)) {
		fprintf(stderr, "contend: matrix: cannot write %s: %s\n", o->out,
			strerror(errno));
		return 2;
	}
	return failed;
}

static void header_fields(const struct ct_plan *p, struct ct_rec *h)
{
	ct_rec_str(h, "matrix_spec", "%s", p->spec->path);
	ct_rec_str(h, "matrix_spec_hash", "%s", p->spec->hash);
	ct_rec_int(h, "matrix_seed", (long long)p->seed);
	ct_rec_str(h, "matrix_order", "seeded shuffle per repetition round");
	ct_rec_int(h, "matrix_configs", p->ncfg);
	ct_rec_int(h, "matrix_runs", p->nruns);
}

static void resume_marker(unsigned done, struct chunk *k)
{
	struct ct_rec rec;
	char date[32];
	time_t now = time(NULL);
	strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	ct_rec_reset(&rec);
	ct_rec_str(&rec, "record", "resume");
	ct_rec_str(&rec, "date", "%s", date);
	ct_rec_int(&rec, "runs_done", done);
	ct_sink_write(&k->sink, &rec);
}

static int open_out(const struct ct_plan *p, const struct ct_matrix_opts *o,
		    struct ct_rec *header, unsigned done)
{
	int fd = open(o->out, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	struct chunk k;
	if (fd < 0) {
		fprintf(stderr, "contend: matrix: cannot write %s: %s\n", o->out,
			strerror(errno));
		return -1;
	}
	chunk_open(&k);
	if (o->resume) {
		resume_marker(done, &k);
	} else {
		header_fields(p, header);
		ct_sink_write(&k.sink, header);
	}
	if (chunk_flush(&k, fd)) {
		close(fd);
		return -1;
	}
	return fd;
}

int ct_matrix_run(struct ct_plan *p, const struct ct_matrix_opts *o,
		  struct ct_rec *header)
{
	bool *done = calloc((size_t)p->ncfg * p->maxreps, sizeof(bool));
	unsigned skipped = o->resume ? ct_matrix_resume_done(o->out, p, done) : 0;
	struct clock ck = { mono_s(), 0, 0 };
	unsigned failed = 0, k = skipped;
	int rc = 0, fd = open_out(p, o, header, skipped);
	if (fd < 0) {
		free(done);
		return 2;
	}
	for (unsigned i = 0; i < p->nruns; i++)
		if (!done[p->runs[i].cfg * p->maxreps + p->runs[i].rep])
			ck.est_left += ct_plan_run_estimate(p, p->runs[i].cfg);
	for (unsigned i = 0; i < p->nruns && rc < 2; i++) {
		const struct ct_run *r = &p->runs[i];
		if (done[r->cfg * p->maxreps + r->rep])
			continue;
		if (o->progress)
			progress(p, r, ++k, p->nruns, &ck);
		rc = run_one(p, o, i, fd);
		failed += rc == 1;
		double est = ct_plan_run_estimate(p, r->cfg);
		ck.est_done += est;
		ck.est_left -= est;
	}
	close(fd);
	if (o->progress)
		fputs("\r\033[K", stderr);
	if (o->summary && rc < 2)
		fprintf(stderr, "matrix: %u runs (%u already done, %u failed) in "
			"%.0fs -> %s\n", p->nruns, skipped, failed,
			mono_s() - ck.start, o->out);
	free(done);
	return rc == 2 ? 2 : failed ? 1 : 0;
}
