/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The layering of README "Layout", checked by scripts/check-layout.sh: the
 * tree passes, and a tree with one forbidden include (an algorithm header
 * reaching into a family engine) or one folder with too many sources
 * fails, naming the offender.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

Test(layout, tree_follows_the_layering, .timeout = 60)
{
	char out[4096];
	int rc = run("scripts/check-layout.sh . 2>&1", out, sizeof(out));
	cr_assert_eq(rc, 0, "check-layout failed:\n%s", out);
	cr_assert(strstr(out, "includes follow the layering"), "%s", out);
}

/* A scratch tree (no git: the script falls back to find). */
static void scratch(char *dir, size_t len)
{
	snprintf(dir, len, "/tmp/ct-layout-XXXXXX");
	cr_assert(mkdtemp(dir), "mkdtemp");
}

Test(layout, forbidden_include_is_named, .timeout = 60)
{
	char dir[64], cmd[512], out[4096];
	scratch(dir, sizeof(dir));
	snprintf(cmd, sizeof(cmd),
		 "mkdir -p %s/locks %s/harness/lock && "
		 "printf '#include \"harness/core/cc.h\"\\n' > %s/locks/ok.h && "
		 "printf '#include \"harness/lock/lockbench.h\"\\n' > %s/locks/bad.h && "
		 "scripts/check-layout.sh %s 2>&1",
		 dir, dir, dir, dir, dir);
	int rc = run(cmd, out, sizeof(out));
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	cr_assert_eq(system(cmd), 0);
	cr_assert_eq(rc, 1, "%s", out);
	cr_assert(strstr(out, "locks/bad.h includes harness/lock/lockbench.h"),
		  "%s", out);
	cr_assert_null(strstr(out, "ok.h"), "%s", out);
}

Test(layout, crowded_folder_is_named, .timeout = 60)
{
	char dir[64], cmd[512], out[4096];
	scratch(dir, sizeof(dir));
	snprintf(cmd, sizeof(cmd),
		 "mkdir -p %s/harness/core && i=0; while [ $i -lt 21 ]; do "
		 ": > %s/harness/core/f$i.c; i=$((i + 1)); done && "
		 "scripts/check-layout.sh %s 2>&1", dir, dir, dir);
	int rc = run(cmd, out, sizeof(out));
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	cr_assert_eq(system(cmd), 0);
	cr_assert_eq(rc, 1, "%s", out);
	cr_assert(strstr(out, "harness/core holds 21 source files"), "%s", out);
}
