/* SPDX-License-Identifier: BSD-2-Clause */
#include "lockfields.h"

#define CT_LF_INIT_(name, ...) .name = #name,
const struct ct_lock_fields ct_lock_fields = {
	CT_LOCK_FIELDS(CT_LF_INIT_, CT_LF_INIT_, CT_LF_INIT_)
};
