/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * README "Setting up": scripts/install-deps.sh names, in one apt-get
 * command, every package the goals given still lack, and the Makefile stops
 * on it before it writes anything, with no other complaint. Missing
 * packages are simulated (CT_DEPS_MISSING), which also keeps the script
 * from installing anything, so these run as root or not, on any machine
 * that builds the suite.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

/* Runs cmd, returns its exit status; its output goes to out (len bytes). */
static int run(const char *cmd, char *out, size_t len)
{
	FILE *p = popen(cmd, "r");
	cr_assert(p, "popen %s", cmd);
	size_t n = fread(out, 1, len - 1, p);
	out[n] = 0;
	int st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* How many times s occurs in out. */
static int count(const char *out, const char *s)
{
	int n = 0;
	for (const char *p = strstr(out, s); p; p = strstr(p + 1, s))
		n++;
	return n;
}

Test(setup, stop_names_only_what_the_goal_lacks, .timeout = 30)
{
	char out[4096];
	int rc = run("CT_DEPS_MISSING='libcriterion-dev gnuplot-nox' "
		     "scripts/install-deps.sh test 2>&1",
		     out, sizeof(out));
	cr_assert_eq(rc, 2, "%s", out);
	cr_assert_str_eq(out,
			 "install-deps: missing packages: libcriterion-dev\n"
			 "install-deps: run as root:  apt-get update && "
			 "apt-get install -y --no-install-recommends libcriterion-dev\n");
}

Test(setup, goal_without_the_missing_packages_passes, .timeout = 30)
{
	char out[4096];
	int rc = run("CT_DEPS_MISSING='libcriterion-dev gnuplot-nox' "
		     "scripts/install-deps.sh bench 2>&1",
		     out, sizeof(out));
	cr_assert_eq(rc, 0, "%s", out);
	cr_assert_str_empty(out);
}

Test(setup, unknown_goal_names_the_valid_ones, .timeout = 30)
{
	char out[4096];
	int rc = run("scripts/install-deps.sh test bogus 2>&1", out, sizeof(out));
	cr_assert_eq(rc, 2, "%s", out);
	cr_assert(strstr(out, "unknown goal \"bogus\" (valid: build,test,bench,check,plots,deps)"),
		  "%s", out);
}

/* `make test plots` on a machine lacking make's, Criterion's and gnuplot's
 * packages: one stop, one command with all three, nothing written. */
Test(setup, make_stops_once_for_every_goal, .timeout = 60)
{
	char dir[64], cmd[512], out[8192];
	snprintf(dir, sizeof(dir), "/tmp/ct-setup-XXXXXX");
	cr_assert(mkdtemp(dir), "mkdtemp");
	snprintf(cmd, sizeof(cmd),
		 "env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL "
		 "CT_DEPS_MISSING='make libcriterion-dev gnuplot-nox' "
		 "make --no-print-directory BUILD=%s/build test plots 2>&1",
		 dir);
	int rc = run(cmd, out, sizeof(out));
	struct stat st;
	int wrote = stat(strcat(dir, "/build"), &st) == 0;
	*strrchr(dir, '/') = 0;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	cr_assert_eq(system(cmd), 0);
	cr_assert_eq(rc, 2, "%s", out);
	cr_assert_eq(count(out, "run as root:"), 1, "%s", out);
	cr_assert(strstr(out, "run as root:  apt-get update && apt-get install -y "
			      "--no-install-recommends make libcriterion-dev gnuplot-nox\n"),
		  "%s", out);
	cr_assert_null(strstr(out, "No such file"), "%s", out);
	cr_assert_not(wrote, "make wrote %s/build before stopping", dir);
}
