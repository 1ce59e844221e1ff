/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_table.c - the table sink: columns as wide as their content, NA as
 * "-", one repetition's spread as "-", a spread above 50% marked with a
 * legend.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness/core/record.h"
#include "harness/core/stats.h"

static const struct ct_col cols[] = {
	{ "algo", "algo", 6, "%s" },
	{ "value", "val", 4, "%.2f" },
	{ "throughput_spread", "+-%", 5, "%.1f" },
	{ "other", "x", 3, "%.0f" },
	{ NULL, NULL, 0, NULL },
};

/* Write rows through a table sink into a file; its text into buf. */
static void render(const struct ct_rec *rows, unsigned n, char *buf,
		   size_t len)
{
	char path[] = "/tmp/contend-table-XXXXXX", err[256];
	int fd = mkstemp(path);
	cr_assert(fd >= 0);
	close(fd);
	struct ct_sink s;
	cr_assert_eq(ct_sink_open(&s, CT_FMT_TABLE, path, err, sizeof(err)), 0,
		     "%s", err);
	s.cols = cols;
	for (unsigned i = 0; i < n; i++)
		ct_sink_write(&s, &rows[i]);
	ct_sink_close(&s);
	FILE *f = fopen(path, "r");
	size_t k = fread(buf, 1, len - 1, f);
	buf[k] = 0;
	fclose(f);
	unlink(path);
}

static void row(struct ct_rec *r, const char *algo, double v, double spread,
		double other)
{
	ct_rec_reset(r);
	ct_rec_str(r, "algo", "%s", algo);
	ct_rec_num(r, "value", v);
	ct_rec_num(r, "throughput_spread", spread); /* NaN: NA */
	ct_rec_num(r, "other", other);
}

Test(table, wide_numbers_keep_a_space_between_columns, .timeout = 10)
{
	struct ct_rec r[2];
	char out[4096];
	row(&r[0], "a-long-name", 0.1381922, 2.8, 20114913276.0);
	row(&r[1], "b", 12345678.5, 17124, 1);
	render(r, 2, out, sizeof(out));
	char a[32], v[32], sp[32], o[32];
	const char *line = strchr(out, '\n') + 1;
	cr_assert_eq(sscanf(line, "%31s %31s %31s %31s", a, v, sp, o), 4, "%s", out);
	cr_expect(!strcmp(a, "a-long-name") && !strcmp(v, "0.14") &&
		  !strcmp(sp, "2.8") && !strcmp(o, "20114913276"), "%s", out);
	line = strchr(line, '\n') + 1;
	cr_assert_eq(sscanf(line, "%31s %31s %31s %31s", a, v, sp, o), 4, "%s", out);
	cr_expect(!strcmp(a, "b") && !strcmp(v, "12345678.50") &&
		  !strcmp(sp, "17124.0" CT_SPREAD_MARK) && !strcmp(o, "1"), "%s",
		  out);
	/* every line has the same length: the columns line up */
	size_t first = strcspn(out, "\n");
	for (char *p = out; *p && *p != '#'; p += strcspn(p, "\n") + 1)
		cr_expect_eq(strcspn(p, "\n"), first, "ragged:\n%s", out);
}

Test(table, na_and_single_repetition_spread_print_a_dash, .timeout = 10)
{
	double one = 42, spread;
	cr_expect_float_eq(ct_median_finite(&one, 1, &spread), 42, 1e-12);
	cr_expect(isnan(spread), "one repetition has no spread: %g", spread);
	struct ct_rec r;
	char out[4096];
	row(&r, "tas", NAN, spread, 3);
	render(&r, 1, out, sizeof(out));
	char a[16], v[16], sp[16], o[16];
	cr_assert_eq(sscanf(strchr(out, '\n') + 1, "%15s %15s %15s %15s", a, v,
			    sp, o), 4, "%s", out);
	cr_expect(!strcmp(a, "tas") && !strcmp(v, "-") && !strcmp(sp, "-") &&
		  !strcmp(o, "3"), "%s", out);
	cr_expect_null(strstr(out, "0.0"), "%s", out);
}

Test(table, large_spread_is_marked_with_a_legend, .timeout = 10)
{
	struct ct_rec r[3];
	char out[4096];
	row(&r[0], "calm", 1, 49.9, 1);
	row(&r[1], "noisy", 1, 50.1, 1);
	row(&r[2], "wild", 1, 17124, 1);
	render(r, 3, out, sizeof(out));
	cr_expect(strstr(out, " 49.9 "), "%s", out);
	cr_expect_null(strstr(out, "49.9" CT_SPREAD_MARK), "%s", out);
	cr_expect(strstr(out, " 50.1" CT_SPREAD_MARK), "%s", out);
	cr_expect(strstr(out, " 17124.0" CT_SPREAD_MARK), "%s", out);
	cr_expect(strstr(out, "\n# " CT_SPREAD_MARK ": spread"), "%s", out);

	row(&r[0], "calm", 1, 10, 1); /* no mark: no legend */
	render(r, 1, out, sizeof(out));
	cr_expect_null(strstr(out, "# "), "%s", out);
}
