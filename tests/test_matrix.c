/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Matrices end to end: spec errors stop before anything runs, the run
 * order is seeded and interleaved, a matrix killed with SIGKILL finishes
 * with --resume to exactly the complete set, and the regression gate
 * passes an A/A comparison of real runs while catching an injected
 * slowdown (CT_INJECT_DELAY_NS). Spawns the built binary ($CT_CONTEND).
 */
#include <criterion/criterion.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "support.h"
#include "harness/matrix/matrix.h"
#include "harness/results/resultset.h"

static char dir[64], got[1 << 16];

static void make_dir(void)
{
	snprintf(dir, sizeof(dir), "/tmp/ct-matrix-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
}

static void remove_dir(void)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	cr_expect_eq(system(cmd), 0);
}

TestSuite(matrix, .init = make_dir, .fini = remove_dir);

/* Absolute: the tests run it from their own directory. */
static const char *bin(void)
{
	static char path[4096];
	const char *b = getenv("CT_CONTEND");
	if (!path[0] && !realpath(b ? b : "build/contend", path))
		cr_assert_fail("no contend binary at %s", b ? b : "build/contend");
	return path;
}

/* Run `[ENV] contend ARGS` in the shell; output in got; exit status. */
static int run(const char *env, const char *fmt, ...)
{
	char args[2048], cmd[4096];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(args, sizeof(args), fmt, ap);
	va_end(ap);
	snprintf(cmd, sizeof(cmd), "cd %s && %s %s %s 2>&1", dir, env ? env : "",
		 bin(), args);
	return ct_test_capture(cmd, got, sizeof(got));
}

static void write_file(const char *name, const char *text)
{
	char path[128];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs(text, f);
	fclose(f);
}

static bool exists(const char *name)
{
	char path[128];
	struct stat st;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return stat(path, &st) == 0;
}

/* The spec must fail with exit 2, naming line and the expected text. */
static void bad_spec(const char *text, const char *where, const char *what)
{
	write_file("bad.spec", text);
	int rc = run(NULL, "matrix bad.spec --out r.jsonl");
	cr_expect_eq(rc, 2, "exit %d for:\n%s\n%s", rc, text, got);
	cr_expect(strstr(got, where) && strstr(got, what),
		  "want '%s' and '%s' in:\n%s", where, what, got);
	cr_expect(!exists("r.jsonl"), "a bad spec wrote results");
}

Test(matrix, spec_errors_name_the_line_and_the_choices, .timeout = 30)
{
	bad_spec("[lock]\nalgo = tas\nthread = 2\n", "bad.spec:3:",
		 "unknown key 'thread' in [lock] (valid: algo, threads");
	bad_spec("reps = 2\n[lock]\nalgo = tas, nosuch\n", "bad.spec:3:",
		 "unknown name 'nosuch' (valid: null, tas");
	bad_spec("[lock]\nalgo = tas\nthreads =\n", "bad.spec:3:",
		 "threads: empty axis");
	bad_spec("[lock]\ncs = 0,,100\n", "bad.spec:2:", "empty value");
	bad_spec("[locks]\n", "bad.spec:1:", "unknown family 'locks' (valid: lock");
	bad_spec("[lock]\nwait = sometimes\n", "bad.spec:2:",
		 "valid: spin, yield");
	bad_spec("[lock]\nplacement = cpus:4095\n", "bad.spec:2:",
		 "outside the allowed set");
	bad_spec("frobs = 1\n[lock]\n", "bad.spec:1:", "valid here: seed, reps");
	bad_spec("budget = 1s\n[lock]\nalgo = all\n", "bad.spec:1:",
		 "too small");
	cr_expect_eq(run(NULL, "matrix no-such-spec"), 2);
	cr_expect(strstr(got, "quick, default, full"), "%s", got);
}

Test(matrix, plan_is_seeded_and_interleaved, .timeout = 30)
{
	struct ct_topo t;
	static struct ct_spec s;
	struct ct_plan a, b, c;
	char err[256], path[128];
	cr_assert_eq(ct_topo_load(&t, "package:1 core:4 pu:1", NULL, err,
				  sizeof(err)), 0, "%s", err);
	write_file("p.spec", "reps = 3\n[lock]\nalgo = null, tas, mcs\n"
			     "threads = 1, ncpu\ncs = 0, 100ns\n");
	snprintf(path, sizeof(path), "%s/p.spec", dir);
	ct_spec_load(&s, path, &t);
	ct_plan_build(&a, &s, 1);
	ct_plan_build(&b, &s, 1);
	ct_plan_build(&c, &s, 2);
	cr_assert_eq(a.ncfg, 12);
	cr_assert_eq(a.nruns, 36);
	cr_expect_geq(ct_plan_find(&a, "lock algo=mcs threads=4 placement=compact "
				       "cs=100"), 0, "ncpu is 4 here");
	cr_expect(!memcmp(a.runs, b.runs, a.nruns * sizeof(*a.runs)),
		  "same seed, same order");
	cr_expect(memcmp(a.runs, c.runs, a.nruns * sizeof(*a.runs)),
		  "another seed, another order");
	for (unsigned r = 0; r < 3; r++) {
		bool seen[12] = { false };
		for (unsigned i = r * 12; i < (r + 1) * 12; i++) {
			cr_expect_eq(a.runs[i].rep, r, "rounds are interleaved");
			cr_expect(!seen[a.runs[i].cfg], "a round holds each once");
			seen[a.runs[i].cfg] = true;
		}
	}
	ct_plan_free(&a);
	ct_plan_free(&b);
	ct_plan_free(&c);
	ct_spec_free(&s);
	ct_topo_free(&t);
}

/* One thread: a two-thread run also probes c2c, which crawls when other
 * load takes a CPU. */
static const char small_spec[] =
	"seed = 3\nreps = 3\nduration = 20ms\nwarmup = 0\n"
	"[lock]\nalgo = null, tas\nthreads = 1\ncs = 0, 100ns\n";

/* Records in name, each (config, rep) counted; false on a duplicate. */
static unsigned count_runs(const char *name, bool *dup)
{
	struct ct_rs rs;
	char path[128], err[256], seen[64][160];
	unsigned n = 0;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	memset(&rs, 0, sizeof(rs));
	cr_assert_eq(ct_rs_load(&rs, path, err, sizeof(err)), 0, "%s", err);
	*dup = rs.partial || rs.bad;
	for (size_t i = 0; i < rs.nrows && n < 64; i++) {
		char key[160];
		snprintf(key, sizeof(key), "%s#%g", ct_rs_str(rs.rows[i], "config"),
			 ct_rs_num(rs.rows[i], "rep"));
		for (unsigned j = 0; j < n; j++)
			*dup |= !strcmp(seen[j], key);
		snprintf(seen[n++], sizeof(seen[0]), "%s", key);
	}
	ct_rs_free(&rs);
	return n;
}

static unsigned lines_in(const char *name)
{
	char path[128], line[8192];
	unsigned n = 0;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "r");
	while (f && fgets(line, sizeof(line), f))
		n++;
	if (f)
		fclose(f);
	return n;
}

/* Start a matrix in the background; kill -9 it once k records exist. */
static void kill_after(unsigned k)
{
	char out[128];
	const char *exe = bin();
	snprintf(out, sizeof(out), "%s/r.jsonl", dir);
	pid_t pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		cr_assert_eq(chdir(dir), 0);
		execl(exe, "contend", "matrix", "s.spec", "--out", out, "--quiet",
		      (char *)NULL);
		_exit(127);
	}
	for (unsigned ms = 0; lines_in("r.jsonl") < k + 1; ms += 2) { /* + header */
		cr_assert(ms < 30000 && !waitpid(pid, NULL, WNOHANG),
			  "the matrix ended or stalled before %u records", k);
		usleep(2000);
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

Test(matrix, killed_matrix_resumes_to_the_complete_set, .timeout = 60)
{
	bool dup;
	write_file("s.spec", small_spec);
	kill_after(4);
	unsigned before = count_runs("r.jsonl", &dup);
	cr_expect(before >= 4 && before < 12, "%u runs before the kill", before);
	/* a record cut short, as by a kill in the middle of a write */
	char path[128];
	snprintf(path, sizeof(path), "%s/r.jsonl", dir);
	FILE *f = fopen(path, "a");
	fputs("{\"family\":\"lock\",\"algo\":\"t", f);
	fclose(f);
	cr_expect_eq(run(NULL, "matrix s.spec --out r.jsonl"), 2,
		     "refuses to overwrite without --resume");
	cr_assert_eq(run(NULL, "matrix s.spec --out r.jsonl --resume"), 0, "%s",
		     got);
	cr_expect(strstr(got, "cut short"), "%s", got);
	cr_expect_null(strstr(got, "ETA"), "progress only on a terminal: %s", got);
	cr_expect_eq(count_runs("r.jsonl", &dup), 12, "%s", got);
	cr_expect(!dup, "a run twice or a broken line");
	write_file("t.spec", "reps = 2\n[lock]\nalgo = tas\n");
	cr_expect_eq(run(NULL, "matrix t.spec --out r.jsonl --resume"), 2);
	cr_expect(strstr(got, "different spec"), "%s", got);
}

Test(matrix, export_and_plot_read_matrix_output, .timeout = 60)
{
	write_file("s.spec", small_spec);
	cr_assert_eq(run(NULL, "matrix s.spec --out r.jsonl --quiet"), 0, "%s",
		     got);
	cr_assert_eq(run(NULL, "export r.jsonl"), 0, "%s", got);
	cr_expect(!strncmp(got, "family,series,series_idx,facet,algo,threads",
			   43), "%.200s", got);
	cr_expect(strstr(got, "throughput_ops_p25") &&
		  strstr(got, "throughput_ops_ideal"), "%.400s", got);
	if (system("command -v gnuplot >/dev/null 2>&1"))
		cr_skip_test("gnuplot is not installed");
	cr_assert_eq(run(NULL, "plot r.jsonl --out rep"), 0, "%s", got);
	/* cs varies: one figure per critical-section length */
	cr_expect(exists("rep/index.html") && exists("rep/lock_throughput-1.png") &&
		  exists("rep/lock_latency-2.svg") && exists("rep/data/lock.csv"),
		  "%s", got);
}

/* The gate on real runs, as CI uses it (a change must repeat in a second
 * run): A/A passes, an injected slowdown fails. */
Test(matrix, gate_passes_aa_and_catches_injected_delay, .timeout = 120)
{
	static const char gate[] = "--metrics lat_p50_ns,uncontended_ns";
	static const char *const runs[] = { "base", "aa", "aa2" };
	write_file("g.spec", "seed = 9\nreps = 5\nduration = 30ms\nwarmup = 10ms\n"
			     "[lock]\nalgo = null, tas, mcs\nthreads = 1\n");
	for (unsigned i = 0; i < 3; i++)
		cr_assert_eq(run(NULL, "matrix g.spec --out %s.jsonl --quiet",
				 runs[i]), 0, "%s", got);
	for (unsigned i = 0; i < 2; i++)
		cr_assert_eq(run("CT_INJECT_DELAY_NS=tas:100",
				 "matrix g.spec --out slow%u.jsonl --quiet", i),
			     0, "%s", got);
	cr_expect_eq(run(NULL, "regress base.jsonl aa.jsonl --confirm aa2.jsonl "
			       "%s", gate), 0, "%s", got);
	cr_expect(strstr(got, "0 regressed"), "%s", got);
	cr_expect_eq(run(NULL, "regress base.jsonl slow0.jsonl --confirm "
			       "slow1.jsonl %s", gate), 1, "%s", got);
	cr_expect(strstr(got, "REGRESSED  tas"), "%s", got);
	cr_expect_null(strstr(got, "REGRESSED  mcs"), "%s", got);
	cr_expect_eq(run(NULL, "regress base.jsonl slow0.jsonl --metrics nosuch"),
		     2);
	cr_expect(strstr(got, "valid: throughput_ops"), "%s", got);
}

/* The experiment families and --counters in a spec: checked like any key,
 * and each becomes the child's own option. */
Test(matrix, experiments_and_counters_in_a_spec, .timeout = 30)
{
	struct ct_topo t;
	static struct ct_spec s;
	struct ct_plan p;
	char err[256], path[128], buf[4096], line[1024], *argv[64];
	bad_spec("[lock]\ncounters = bogus\n", "bad.spec:2:",
		 "valid: all, hw, sw, none, cycles");
	bad_spec("[falseshare]\nexp = bogus\n", "bad.spec:2:",
		 "unknown name 'bogus' (valid: counters, lockdata");
	bad_spec("[litmus]\nlock = null\n", "bad.spec:2:", "(valid: tas, ttas");
	bad_spec("[litmus]\nduration = 1s\n", "bad.spec:2:",
		 "unknown key 'duration' in [litmus]");
	cr_assert_eq(ct_topo_load(&t, "package:1 core:4 pu:1", NULL, err,
				  sizeof(err)), 0, "%s", err);
	write_file("e.spec", "duration = 20ms\nwarmup = 0\n"
			     "[falseshare]\nexp = counters\nthreads = ncpu\n"
			     "counters = sw\n[litmus]\ntest = sb\n"
			     "trials = 2000\n");
	snprintf(path, sizeof(path), "%s/e.spec", dir);
	ct_spec_load(&s, path, &t);
	ct_plan_build(&p, &s, 1);
	cr_assert_eq(p.ncfg, 2);
	static const char *const want[] = {
		"contend falseshare --exp counters --threads 4 --placement "
		"compact --counters sw --reps 1 --quiet --duration 0.020000 "
		"--warmup 0.000000 --format jsonl",
		"contend litmus --test sb --placement compact --trials 2000 "
		"--format jsonl",
	};
	for (unsigned c = 0; c < 2; c++) {
		unsigned n = ct_plan_argv(&p, c, argv, 64, buf, sizeof(buf));
		size_t u = 0;
		for (unsigned i = 0; i < n; i++)
			u += (size_t)snprintf(line + u, sizeof(line) - u, "%s%s",
					      i ? " " : "", argv[i]);
		cr_expect_str_eq(line, want[c]);
	}
	ct_plan_free(&p);
	ct_spec_free(&s);
	ct_topo_free(&t);
}

/* Rows of CSV text (the header not counted). */
static unsigned csv_rows(const char *csv)
{
	unsigned n = 0;
	for (const char *p = strchr(csv, '\n'); p && p[1]; p = strchr(p + 1, '\n'))
		n++;
	return n;
}

Test(matrix, experiments_run_and_export, .timeout = 60)
{
	write_file("x.spec", "seed = 1\nreps = 2\nduration = 20ms\nwarmup = 0\n"
			     "[falseshare]\nexp = counters\nthreads = 1\n"
			     "counters = sw\n[litmus]\ntest = sb\n"
			     "trials = 2000\n");
	cr_assert_eq(run(NULL, "matrix x.spec --out r.jsonl --quiet"), 0, "%s",
		     got);
	cr_assert_eq(run(NULL, "export r.jsonl --family falseshare"), 0, "%s",
		     got);
	cr_expect(!strncmp(got, "family,series,series_idx,facet,exp,layout,"
				"kind,threads", 54), "%.300s", got);
	cr_expect(strstr(got, "slowdown_p25") && strstr(got, "ctx_switches_p75"),
		  "%.600s", got);
	cr_expect_eq(csv_rows(got), 6, "packed, line, pair x plain, atomic:\n%s",
		     got);
	cr_expect(strstr(got, "\nfalseshare,pair/plain,5,pair/plain,counters,"
			      "pair,plain,1,"), "%s", got);
	cr_assert_eq(run(NULL, "export r.jsonl --family litmus --level rep"), 0,
		     "%s", got);
	cr_expect(!strncmp(got, "family,test,variant,", 20), "%.300s", got);
	cr_expect_eq(csv_rows(got), 4 * 2, "4 variants x 2 reps:\n%s", got);
}

/* The problem family: a section per problem, its variants and knobs. */
Test(matrix, problem_spec_errors, .timeout = 30)
{
	bad_spec("[problem]\nproblem = dining\nvariant = door, sem\n",
		 "bad.spec:3:", "unknown name 'sem' (valid: naive, door, "
		 "ordered, asymmetric, waiter");
	bad_spec("[problem]\nproblem = dining\nproducers = 2\n", "bad.spec:3:",
		 "producers: not a knob of dining (valid: problem, variant");
	bad_spec("[problem]\nvariant = sem\n", "bad.spec:1:", "problem: missing");
	bad_spec("[problem]\nproblem = dining, bounded-buffer\n", "bad.spec:2:",
		 "one value per section");
	bad_spec("[problem]\nproblem = readers-writers\nread-fraction = 1.5\n",
		 "bad.spec:3:", "not a fraction in [0, 1]");
	bad_spec("[problem]\nproblem = dining\nthreads = 1\n", "bad.spec:3:",
		 "at least 2 philosophers");
	bad_spec("[problem]\nproblem = bounded-buffer\nmutex = nosuch\n",
		 "bad.spec:3:", "(valid: sem, tas");
	/* the command itself: --problem is the first word, which must agree */
	cr_expect_eq(run(NULL, "problem dining --problem readers-writers"), 2);
	cr_expect(strstr(got, "problem named twice"), "%s", got);
}

Test(matrix, problem_runs_and_exports, .timeout = 30)
{
	write_file("p.spec", "seed = 1\nreps = 1\nduration = 20ms\nwarmup = 0\n"
			     "[problem]\nproblem = bounded-buffer\n"
			     "variant = sem, condvar\nsize = 4\n"
			     "[problem]\nproblem = dining\nvariant = door\n"
			     "philosophers = 2, 3\nthink = 0\neat = 0\n"
			     "[problem]\nproblem = readers-writers\n"
			     "variant = phase-fair\nthreads = 2\n"
			     "read-fraction = 0.5\n");
	cr_assert_eq(run(NULL, "matrix p.spec --out r.jsonl --quiet"), 0, "%s",
		     got);
	cr_assert_eq(run(NULL, "export r.jsonl --family problem"), 0, "%s", got);
	const char *head = "family,series,series_idx,facet,problem,variant,"
			   "mutex,sem,sem_spin,wait,threads,placement,";
	cr_expect(!strncmp(got, head, strlen(head)), "%.300s", got);
	cr_expect(strstr(got, ",throughput_ops,throughput_ops_p25,") &&
		  strstr(got, ",hungry_p99_ns,") &&
		  strstr(got, ",write_wait_max_ns,"), "%.900s", got);
	cr_expect_eq(csv_rows(got), 2 + 2 + 1, "%s", got);
	cr_expect(strstr(got, "\nproblem,door/philosophers=3,") &&
		  strstr(got, ",dining/philosophers=3,dining,door,sem,posix,"),
		  "facet led by the problem:\n%s", got);
	cr_expect(strstr(got, ",bounded-buffer,bounded-buffer,condvar,-,-,"),
		  "%s", got);
}

/* Lines of name holding needle. */
static unsigned lines_with(const char *name, const char *needle)
{
	char path[128], line[8192];
	unsigned n = 0;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "r");
	cr_assert_not_null(f);
	while (fgets(line, sizeof(line), f))
		n += strstr(line, needle) != NULL;
	fclose(f);
	return n;
}

/* Issue 13, defect 11: --resume re-ran a failed run and appended a second
 * failure record with the same key, and every failure's text said "rep 0"
 * (the child's own count). */
Test(matrix, resume_keeps_failures_and_their_repetition, .timeout = 60)
{
	write_file("f.spec", "reps = 2\nduration = 20ms\nwarmup = 0\n"
			     "[problem]\nproblem = dining\nvariant = broken\n"
			     "philosophers = 2\n");
	cr_expect_eq(run(NULL, "matrix f.spec --out r.jsonl --quiet"), 1, "%s",
		     got);
	cr_expect_eq(lines_with("r.jsonl", "\"record\":\"failure\""), 2);
	cr_expect_eq(lines_with("r.jsonl", "\"rep\":1,"), 1);
	cr_expect_eq(lines_with("r.jsonl", "threads, rep 1:"), 1,
		     "the second repetition's text names it");
	cr_expect_eq(run(NULL, "matrix f.spec --out r.jsonl --quiet --resume"),
		     0, "%s", got);
	cr_expect_not_null(strstr(got, "not run again"), "%s", got);
	cr_expect_eq(lines_with("r.jsonl", "\"record\":\"failure\""), 2,
		     "resume appended a duplicate failure");
}

/* Issue 13, defect 11: a spec path that is not UTF-8 made the header
 * invalid JSON. */
Test(matrix, non_utf8_spec_path_gives_valid_json, .timeout = 60)
{
	write_file("f\xff.spec", "reps = 1\nduration = 20ms\nwarmup = 0\n"
				 "[problem]\nproblem = dining\n"
				 "philosophers = 2\n");
	cr_expect_eq(run(NULL, "matrix 'f\xff.spec' --out r.jsonl --quiet"), 0,
		     "%s", got);
	char path[128], line[8192];
	snprintf(path, sizeof(path), "%s/r.jsonl", dir);
	FILE *f = fopen(path, "r");
	cr_assert_not_null(f);
	unsigned n = 0;
	while (fgets(line, sizeof(line), f)) {
		cJSON *o = cJSON_Parse(line);
		cr_expect_not_null(o, "line %u is not JSON: %s", n + 1, line);
		if (n == 0 && o)
			cr_expect_str_eq(ct_rs_str(o, "matrix_spec"), "f\\xff.spec");
		cJSON_Delete(o);
		n++;
	}
	fclose(f);
	cr_expect_gt(n, 1);
}

/* [run]: the program is an axis of command lines after `--`; a program
 * that fails under a lock is recorded for that lock and the matrix goes
 * on; `contend summary` ranks the locks per program. */
Test(matrix, run_sections_run_programs_and_rank_locks, .timeout = 120)
{
	bad_spec("[run]\nlock = mcs\n", "bad.spec:1:", "needs program =");
	bad_spec("[run]\nprogram = /no/such/prog 2\n", "bad.spec:2:",
		 "'/no/such/prog' is not an executable program");
	bad_spec("[run]\nprogram = echo\nlower-better = maybe\n",
		 "bad.spec:3:", "valid: no, yes");
	write_file("a.spec", "seed = 3\nreps = 2\n"
			     "[run]\nprogram = echo t=0.5, echo t=0.25\n"
			     "lock = pthread-mutex, mcs\n"
			     "metric = t=([0-9.]+)\nlower-better = yes\n"
			     "[run broken]\nprogram = false\nlock = pthread-mutex\n"
			     "[run waits]\nprogram = echo t=1\nlock = pthread-mutex, mcs\n"
			     "wait = spin, yield\nmetric = t=([0-9.]+)\n");
	cr_expect_eq(run(NULL, "matrix a.spec --out r.jsonl --quiet"), 1, "%s",
		     got);
	cr_expect(strstr(got, "program=false lock=pthread-mutex") &&
		  strstr(got, "failed: exit status 1, recorded"), "%s", got);
	cr_expect_eq(lines_with("r.jsonl", "\"program\":\"echo t=0.5\""), 4);
	cr_expect_eq(lines_with("r.jsonl", "\"speed\":4,"), 4, "1/0.25");
	cr_expect_eq(lines_with("r.jsonl", "\"program\":\"false\""), 2);
	cr_expect_eq(lines_with("r.jsonl", "\"status\":\"failed\""), 2);
	cr_assert_eq(run(NULL, "summary r.jsonl"), 0, "%s", got);
	cr_expect(strstr(got, "# best lock per program") &&
		  strstr(got, "  echo t=0.25:") &&
		  strstr(got, "pthread-mutex failed 2 of 2 runs (failed)"),
		  "%s", got);
	/* one program at two waits: two rankings, never paired across */
	cr_expect(strstr(got, "  echo t=1 [wait=spin ") &&
		  strstr(got, "  echo t=1 [wait=yield "), "%s", got);
}
