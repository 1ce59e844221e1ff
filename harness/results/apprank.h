/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * apprank.h - "which lock helps this program?" from `contend run` records
 * (a run's own or a matrix's): per program, every lock's speed over
 * pthread-mutex's, paired by repetition, and the best lock against the
 * runner-up with the same judgement as lockrank.h: the median of the
 * paired ratios and its distribution-free 95% interval ("unresolved"
 * when it holds 1 or there are under 6 repetitions: then the range).
 * Speed is the record's `speed`: the program's figure with higher better.
 */
#ifndef CT_APPRANK_H
#define CT_APPRANK_H

#include <stdio.h>

#include "resultset.h"

/* Print the best lock per program of rs's run records to f. Returns the
 * number of programs summarized (0: no run records with a speed). */
unsigned ct_apprank_print(const struct ct_rs *rs, FILE *f);

#endif /* CT_APPRANK_H */
