/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * all.h - every lock algorithm header, in locks/LIST order.
 *
 * Include this before expanding locks/LIST: each row names functions
 * declared here. ck.h is empty unless CT_HAVE_CK.
 */
#ifndef CT_LOCK_ALL_H
#define CT_LOCK_ALL_H

#include "lock.h"

#include "null.h"
#include "tas.h"
#include "ttas.h"
#include "backoff.h"
#include "ticket.h"
#include "ticket_pb.h"
#include "anderson.h"
#include "mcs.h"
#include "cna.h"
#include "c_tkt_mcs.h"
#include "shfl.h"
#include "malthus.h"
#include "clh.h"
#include "futex.h"
#include "pthread_mutex.h"
#include "pthread_spin.h"
#include "broken.h"
#include "ck.h"

#endif /* CT_LOCK_ALL_H */
