/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * compare_run.c - the two sides of `contend compare` (see compare_run.h).
 *
 * Everything temporary lives below one directory (mkdtemp): the per-run
 * spec, the runs' records, and each revision's git worktree with its own
 * build/. ct_compare_cleanup removes the worktrees (git worktree remove)
 * and the directory; it runs at exit, and SIGINT/SIGTERM/SIGHUP stop the
 * running child, clean up and then die of the same signal.
 */
#include "compare_run.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness/core/cli.h"
#include "harness/core/family.h"

static char tmpdir[PATH_MAX];    /* "" until created */
static char worktrees[2][PATH_MAX + 16];
static volatile sig_atomic_t got_signal, child;
static bool cleaning; /* ct_compare_cleanup is running: no re-entry */

static void on_signal(int sig)
{
	got_signal = sig;
	if (child > 0)
		kill((pid_t)child, SIGTERM);
}

/* Run argv (argv[0] looked up in PATH when it has no '/'), stdout to
 * out_path (NULL: inherited; "-": /dev/null), stderr to err_path (NULL:
 * inherited). Returns the exit status, 128 + signal, or -1 if it could
 * not start. An interrupt of ours ends this process after cleaning up. */
static int run_child(char *const *argv, const char *out_path,
		     const char *err_path)
{
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (!pid) {
		if (out_path) {
			int fd = open(strcmp(out_path, "-") ? out_path : "/dev/null",
				      O_WRONLY | O_CREAT | O_TRUNC, 0644);
			if (fd < 0 || dup2(fd, 1) < 0)
				_exit(126);
			close(fd);
		}
		if (err_path) {
			int fd = open(err_path, O_WRONLY | O_CREAT | O_APPEND, 0644);
			if (fd < 0 || dup2(fd, 2) < 0)
				_exit(126);
			close(fd);
		}
		execvp(argv[0], argv);
		_exit(127);
	}
	child = pid;
	int st = 0;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	child = 0;
	if (got_signal && !cleaning) {
		int sig = got_signal;
		ct_compare_cleanup(); /* its own children run to the end */
		signal(sig, SIG_DFL);
		raise(sig);
	}
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	return WEXITSTATUS(st);
}

/* The first line argv prints, into buf; its exit status. */
static int capture(char *const *argv, char *buf, size_t len)
{
	char path[PATH_MAX + 16];
	snprintf(path, sizeof(path), "%s/capture", tmpdir);
	int rc = run_child(argv, path, "/dev/null");
	FILE *f = fopen(path, "r");
	buf[0] = 0;
	if (f) {
		if (fgets(buf, (int)len, f))
			buf[strcspn(buf, "\n")] = 0;
		fclose(f);
	}
	unlink(path);
	return rc;
}

void ct_compare_cleanup(void)
{
	if (cleaning)
		return;
	cleaning = true;
	for (int i = 0; i < 2; i++)
		if (worktrees[i][0]) {
			char *rm[] = { "git", "worktree", "remove", "--force",
				       worktrees[i], NULL };
			worktrees[i][0] = 0; /* once, even if interrupted */
			run_child(rm, "-", "/dev/null");
		}
	if (tmpdir[0]) {
		char *rm[] = { "rm", "-rf", tmpdir, NULL };
		char *prune[] = { "git", "worktree", "prune", NULL };
		run_child(rm, NULL, NULL);
		run_child(prune, "-", "/dev/null");
		tmpdir[0] = 0;
	}
	cleaning = false;
}

static void make_tmpdir(void)
{
	const char *t = getenv("TMPDIR");
	snprintf(tmpdir, sizeof(tmpdir), "%s/contend-compare-XXXXXX",
		 t && *t ? t : "/tmp");
	if (!mkdtemp(tmpdir)) {
		tmpdir[0] = 0;
		ct_usage_error("compare: cannot create a temporary directory: %s",
			       strerror(errno));
	}
	atexit(ct_compare_cleanup);
	struct sigaction sa = { .sa_handler = on_signal };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

/* Exit 2 unless rev names a commit here; its full hash into sha. */
static void resolve_rev(const char *rev, char *sha, size_t len)
{
	char spec[512], shallow[16];
	char *inside[] = { "git", "rev-parse", "--is-inside-work-tree", NULL };
	if (capture(inside, shallow, sizeof(shallow)) || strcmp(shallow, "true"))
		ct_usage_error("compare: --rev %s needs a git checkout (run it "
			       "from the repository)", rev);
	snprintf(spec, sizeof(spec), "%s^{commit}", rev);
	char *parse[] = { "git", "rev-parse", "--verify", "--quiet", spec, NULL };
	if (!capture(parse, sha, len) && sha[0])
		return;
	char *sh[] = { "git", "rev-parse", "--is-shallow-repository", NULL };
	capture(sh, shallow, sizeof(shallow));
	if (!strcmp(shallow, "true"))
		ct_usage_error("compare: revision '%s' is not in this clone, "
			       "which is shallow: fetch it first (git fetch "
			       "--unshallow, or git fetch origin %s)", rev, rev);
	ct_usage_error("compare: '%s' names no commit of this repository "
		       "(a branch, tag or hash: git log --oneline)", rev);
}

/* Build rev in a worktree below tmpdir; its binary into s->path. */
static void build_rev(struct ct_compare_side *s, int i, bool quiet)
{
	char sha[128], log[PATH_MAX + 16], jobs[32];
	resolve_rev(s->rev, sha, sizeof(sha));
	snprintf(worktrees[i], sizeof(worktrees[i]), "%s/src-%c", tmpdir,
		 'a' + i);
	snprintf(log, sizeof(log), "%s/build-%c.log", tmpdir, 'a' + i);
	snprintf(s->desc, sizeof(s->desc), "rev %s (%.12s)", s->rev, sha);
	if (!quiet)
		fprintf(stderr, "compare: building %s in %s\n", s->desc,
			worktrees[i]);
	char *add[] = { "git", "worktree", "add", "--detach", "--quiet",
			worktrees[i], sha, NULL };
	if (run_child(add, log, log)) {
		worktrees[i][0] = 0;
		ct_usage_error("compare: git worktree add for %s failed (see "
			       "git worktree list)", s->desc);
	}
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	snprintf(jobs, sizeof(jobs), "-j%ld", n > 0 ? n : 1);
	char *make[] = { "make", "-C", worktrees[i], jobs, "BUILD=build",
			 "build/contend", NULL };
	if (run_child(make, log, log)) {
		char *tail[] = { "tail", "-n", "20", log, NULL };
		run_child(tail, "/dev/stderr", NULL);
		ct_usage_error("compare: building %s failed (the log's end is "
			       "above)", s->desc);
	}
	snprintf(s->path, sizeof(s->path), "%s/build/contend", worktrees[i]);
}

static void check_bin(struct ct_compare_side *s)
{
	if (access(s->bin, X_OK))
		ct_usage_error("compare: %s is not an executable contend binary "
			       "(%s); give a path, or --rev REV", s->bin,
			       strerror(errno));
	snprintf(s->path, sizeof(s->path), "%s", s->bin);
	snprintf(s->desc, sizeof(s->desc), "%s", s->bin);
}

/* "matrix SPEC": the spec as a file path. */
static void find_spec(const char *name, char *path, size_t len)
{
	struct stat st;
	snprintf(path, len, "%s", name);
	if (!stat(path, &st) && S_ISREG(st.st_mode))
		return;
	snprintf(path, len, "results/specs/%s", name);
	if (!stat(path, &st) && S_ISREG(st.st_mode))
		return;
	ct_usage_error("compare: matrix spec '%s' not found (a file, or a "
		       "name in results/specs/: quick, default, full)", name);
}

/*
 * The spec each run uses: SPEC with every `reps` line dropped and
 * `reps = 1` first, so that a run is one repetition of everything (the
 * pairs are the repetitions). Old and new binaries read it alike.
 */
static void write_run_spec(struct ct_compare_run *cr)
{
	char src[PATH_MAX], dst[PATH_MAX + 16], line[4096];
	find_spec(cr->cmd[1], src, sizeof(src));
	snprintf(dst, sizeof(dst), "%s/run.spec", tmpdir);
	FILE *in = fopen(src, "r"), *out = fopen(dst, "w");
	if (!in || !out)
		ct_usage_error("compare: %s: %s", in ? dst : src, strerror(errno));
	fprintf(out, "# %s with one repetition per run (contend compare)\n"
		"reps = 1\n", src);
	while (fgets(line, sizeof(line), in)) {
		const char *k = line + strspn(line, " \t");
		if (!strncmp(k, "reps", 4) && strchr(" \t=", k[4]))
			continue;
		fputs(line, out);
	}
	fclose(in);
	if (ferror(out) | fclose(out))
		ct_usage_error("compare: writing %s failed", dst);
	cr->cmd[1] = strdup(dst);
}

/* A family's command: it must take --reps 1 --quiet --format jsonl. */
static void check_family_cmd(struct ct_compare_run *cr)
{
	const struct ct_family *f = ct_family_find(cr->cmd[0]);
	if (!f || !f->built || !ct_family_takes(f, CT_R_REPS)) {
		char valid[512] = "matrix";
		for (const struct ct_family *const *g = ct_families; *g; g++)
			if ((*g)->built && ct_family_takes(*g, CT_R_REPS))
				snprintf(valid + strlen(valid),
					 sizeof(valid) - strlen(valid), ", %s",
					 (*g)->name);
		ct_usage_error("compare: after --, expected what to run: "
			       "'matrix SPEC' or a command with its options "
			       "(valid: %s); got '%s'", valid, cr->cmd[0]);
	}
	for (unsigned i = 1; i < cr->ncmd; i++) {
		static const char *const own[] = { "--reps", "--out", "--format",
						   "--quiet" };
		for (size_t k = 0; k < sizeof(own) / sizeof(*own); k++) {
			size_t n = strlen(own[k]);
			if (!strncmp(cr->cmd[i], own[k], n) &&
			    (!cr->cmd[i][n] || cr->cmd[i][n] == '='))
				ct_usage_error("compare: %s is compare's to set "
					       "(each run is --reps 1 --format "
					       "jsonl; use compare --pairs N)",
					       own[k]);
		}
	}
	cr->family = f->name;
}

void ct_compare_prepare(struct ct_compare_run *cr)
{
	if (!cr->ncmd)
		ct_usage_error("compare: nothing to run: add -- matrix SPEC, or "
			       "-- lock OPTIONS (see contend compare --help)");
	if (!strcmp(cr->cmd[0], "matrix")) {
		if (cr->ncmd != 2)
			ct_usage_error("compare: -- matrix takes exactly one "
				       "SPEC (got %u arguments)", cr->ncmd - 1);
		cr->family = "";
	} else {
		check_family_cmd(cr);
	}
	for (int i = 0; i < 2; i++)
		if (cr->side[i].bin)
			check_bin(&cr->side[i]);
	make_tmpdir();
	if (!strcmp(cr->cmd[0], "matrix"))
		write_run_spec(cr);
	for (int i = 0; i < 2; i++)
		if (!cr->side[i].bin)
			build_rev(&cr->side[i], i, cr->quiet);
}

/* One run of side i for pair p into a new file. */
static void run_side(struct ct_compare_run *cr, int i, unsigned p)
{
	const char *dir = cr->keep ? cr->keep : tmpdir;
	char *file = NULL, *argv[CT_MAX_LIST + 16];
	unsigned n = 0;
	if (asprintf(&file, "%s/%c-%03u.jsonl", dir, 'a' + i, p) < 0)
		ct_usage_error("compare: out of memory");
	unlink(file);
	argv[n++] = cr->side[i].path;
	for (unsigned k = 0; k < cr->ncmd && n < CT_MAX_LIST + 8; k++)
		argv[n++] = cr->cmd[k];
	if (cr->family[0]) {
		argv[n++] = "--reps";
		argv[n++] = "1";
		argv[n++] = "--format";
		argv[n++] = "jsonl";
	}
	argv[n++] = "--out";
	argv[n++] = file;
	argv[n++] = "--quiet";
	argv[n] = NULL;
	int rc = run_child(argv, "-", NULL);
	if (rc)
		ct_usage_error("compare: side %c (%s) failed (exit %d) running "
			       "%s %s ...", 'A' + i, cr->side[i].desc, rc,
			       cr->side[i].path, cr->cmd[0]);
	cr->files[i][p] = file;
}

void ct_compare_runs(struct ct_compare_run *cr)
{
	if (cr->keep && mkdir(cr->keep, 0755) && errno != EEXIST)
		ct_usage_error("compare: --keep %s: %s", cr->keep,
			       strerror(errno));
	for (unsigned p = 0; p < cr->pairs; p++) {
		int first = p % 2; /* A B, then B A: no side always goes first */
		if (!cr->quiet)
			fprintf(stderr, "compare: pair %u of %u (%s)\n", p + 1,
				cr->pairs, first ? "B A" : "A B");
		run_side(cr, first, p);
		run_side(cr, !first, p);
	}
}
