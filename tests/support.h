/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * support.h - fixtures shared by the Criterion suites: this machine's
 * topology, and running the built `contend` binary.
 */
#ifndef CT_TEST_SUPPORT_H
#define CT_TEST_SUPPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "harness/core/topology.h"

/* This machine's topology, for .init = ct_test_load_topo / .fini. */
extern struct ct_topo ct_test_topo;
void ct_test_load_topo(void);
void ct_test_free_topo(void);
/* More threads than allowed CPUs? */
bool ct_test_oversubscribed(unsigned n);

/* Run a shell command, capture stdout+stderr into buf, return its exit
 * status (128 + signal if killed). */
int ct_test_capture(const char *cmd, char *buf, size_t len);

/* `contend ARGS`: $CT_CONTEND, else the contend beside this test binary.
 * Output lands in ct_test_out. */
extern char ct_test_out[1 << 16];
/* The contend binary ct_test_contend runs. */
const char *ct_test_contend_path(void);
int ct_test_contend(const char *args);
/* Expect exit status 2 and a message containing needle. */
void ct_test_expect_usage_error(const char *args, const char *needle);
/* ct_test_out is CSV: its header names every column of cols[0..ncols)
 * and `rows` data rows follow. */
void ct_test_expect_csv(const char *const *cols, unsigned ncols,
			unsigned rows);
/* Column col of data row `row` (0: the first after the header) of the
 * CSV text csv, unquoted, into out; false if there is none. */
bool ct_test_csv_field(const char *csv, unsigned row, const char *col,
		       char *out, size_t len);

#endif /* CT_TEST_SUPPORT_H */
