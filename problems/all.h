/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * all.h - every solution header, for expanding problems/LIST.
 */
#ifndef CT_PROBLEM_ALL_H
#define CT_PROBLEM_ALL_H

#include "problem.h"

#include "bb_sem.h"
#include "bb_condvar.h"
#include "rw_reader_pref.h"
#include "rw_writer_pref.h"
#include "rw_phase_fair.h"
#include "rw_pthread.h"
#include "dining_sticks.h"
#include "dining_waiter.h"

#endif /* CT_PROBLEM_ALL_H */
