/* SPDX-License-Identifier: BSD-2-Clause */
#include "support.h"

#include <criterion/criterion.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

struct ct_topo ct_test_topo;
char ct_test_out[1 << 16];

void ct_test_load_topo(void)
{
	char err[256];
	cr_assert_eq(ct_topo_load(&ct_test_topo, NULL, NULL, err, sizeof(err)),
		     0, "%s", err);
}

void ct_test_free_topo(void)
{
	ct_topo_free(&ct_test_topo);
}

bool ct_test_oversubscribed(unsigned n)
{
	return n > (unsigned)ct_test_topo.npus;
}

int ct_test_capture(const char *cmd, char *buf, size_t len)
{
	FILE *p = popen(cmd, "r");
	cr_assert_not_null(p);
	size_t n = fread(buf, 1, len - 1, p);
	buf[n] = 0;
	int st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

const char *ct_test_contend_path(void)
{
	static char path[1024];
	char self[1024];
	const char *bin = getenv("CT_CONTEND");
	ssize_t len = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (!bin && len > 0) {
		self[len] = 0;
		snprintf(path, sizeof(path), "%s/contend", dirname(self));
	} else {
		snprintf(path, sizeof(path), "%s", bin ? bin : "build/contend");
	}
	return path;
}

int ct_test_contend(const char *args)
{
	char cmd[3072];
	snprintf(cmd, sizeof(cmd), "%s %s 2>&1", ct_test_contend_path(), args);
	return ct_test_capture(cmd, ct_test_out, sizeof(ct_test_out));
}

void ct_test_expect_usage_error(const char *args, const char *needle)
{
	int rc = ct_test_contend(args);
	cr_expect_eq(rc, 2, "'%s' exited %d, output:\n%s", args, rc,
		     ct_test_out);
	cr_expect(strstr(ct_test_out, needle) != NULL,
		  "'%s': message lacks '%s':\n%s", args, needle, ct_test_out);
}

void ct_test_expect_csv(const char *const *cols, unsigned ncols,
			unsigned rows)
{
	char *nl = strchr(ct_test_out, '\n');
	cr_assert_not_null(nl);
	*nl = 0;
	for (unsigned i = 0; i < ncols; i++)
		cr_expect(strstr(ct_test_out, cols[i]), "column %s missing: %s",
			  cols[i], ct_test_out);
	unsigned n = 0;
	for (char *p = nl + 1; (p = strchr(p, '\n')); p++)
		n++;
	cr_expect_eq(n, rows, "expected %u data rows, got %u", rows, n);
}

/* Field i of the CSV line at p into out (a quoted field's "" is one "). */
static bool csv_nth(const char *p, unsigned i, char *out, size_t len)
{
	for (unsigned k = 0;; k++) {
		size_t o = 0;
		if (*p == '"') {
			for (p++;; p++) {
				if (!*p)
					return false;
				if (*p == '"' && p[1] != '"')
					break;
				p += *p == '"'; /* "" */
				if (k == i && o + 1 < len)
					out[o++] = *p;
			}
			p++;
		} else {
			for (; *p && *p != ',' && *p != '\n'; p++)
				if (k == i && o + 1 < len)
					out[o++] = *p;
		}
		if (k == i) {
			if (len)
				out[o] = 0;
			return true;
		}
		if (*p != ',')
			return false;
		p++;
	}
}

bool ct_test_csv_field(const char *csv, unsigned row, const char *col,
		       char *out, size_t len)
{
	char name[128] = "";
	unsigned i = 0;
	while (csv_nth(csv, i, name, sizeof(name)) && strcmp(name, col))
		i++;
	if (strcmp(name, col))
		return false;
	const char *line = csv;
	for (unsigned r = 0; r <= row && line; r++)
		if ((line = strchr(line, '\n')))
			line++;
	return line && *line && csv_nth(line, i, out, len);
}
