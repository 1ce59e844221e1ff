/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * all.h - every barrier algorithm header, in barriers/LIST order.
 *
 * Include this before expanding barriers/LIST: each row names functions
 * declared here. ck.h is empty unless CT_HAVE_CK.
 */
#ifndef CT_BARRIER_ALL_H
#define CT_BARRIER_ALL_H

#include "barrier.h"

#include "centralized.h"
#include "combining.h"
#include "tournament.h"
#include "dissemination.h"
#include "mcs.h"
#include "pthread.h"
#include "broken.h"
#include "ck.h"

#endif /* CT_BARRIER_ALL_H */
