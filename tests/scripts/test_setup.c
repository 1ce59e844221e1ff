/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * README "Setting up" (tests/scripts/ checks the repository's own scripts):
 * scripts/install-deps.sh names, in one apt-get command, every package the
 * goals given still lack, and the Makefile stops on it before it writes
 * anything, with no other complaint. Missing packages are simulated
 * (CT_DEPS_MISSING), which also keeps the script from installing anything,
 * so these run as root or not, on any machine that builds the suite.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tests/support.h"

static char out[8192];

/* scripts/install-deps.sh GOALS with the packages MISSING simulated;
 * its output lands in out. */
static int install_deps(const char *missing, const char *goals)
{
	char cmd[512];
	snprintf(cmd, sizeof(cmd),
		 "CT_DEPS_MISSING='%s' scripts/install-deps.sh %s 2>&1", missing,
		 goals);
	return ct_test_capture(cmd, out, sizeof(out));
}

/* How many times s occurs in text. */
static int count(const char *text, const char *s)
{
	int n = 0;
	for (const char *p = strstr(text, s); p; p = strstr(p + 1, s))
		n++;
	return n;
}

Test(setup, stop_names_only_what_the_goal_lacks, .timeout = 30)
{
	int rc = install_deps("libcriterion-dev gnuplot-nox", "test");
	cr_assert_eq(rc, 2, "%s", out);
	cr_assert_str_eq(out,
			 "install-deps: missing packages: libcriterion-dev\n"
			 "install-deps: run as root:  apt-get update && "
			 "apt-get install -y --no-install-recommends libcriterion-dev\n");
}

Test(setup, goal_without_the_missing_packages_passes, .timeout = 30)
{
	int rc = install_deps("libcriterion-dev gnuplot-nox", "bench");
	cr_assert_eq(rc, 0, "%s", out);
	cr_assert_str_empty(out);
}

Test(setup, unknown_goal_names_the_valid_ones, .timeout = 30)
{
	int rc = install_deps("", "test bogus");
	cr_assert_eq(rc, 2, "%s", out);
	/* every goal of the script's table is named, whatever rows it has */
	cr_assert(strstr(out, "unknown goal \"bogus\" (valid: build,test,bench,"
			      "check,plots,deps"), "%s", out);
}

/* `make test plots` on a machine lacking make's, Criterion's and gnuplot's
 * packages: one stop, one command with all three, nothing written. */
Test(setup, make_stops_once_for_every_goal, .timeout = 60)
{
	char dir[64], cmd[512];
	snprintf(dir, sizeof(dir), "/tmp/ct-setup-XXXXXX");
	cr_assert(mkdtemp(dir), "mkdtemp");
	snprintf(cmd, sizeof(cmd),
		 "env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL "
		 "CT_DEPS_MISSING='make libcriterion-dev gnuplot-nox' "
		 "make --no-print-directory BUILD=%s/build test plots 2>&1",
		 dir);
	int rc = ct_test_capture(cmd, out, sizeof(out));
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
