/* SPDX-License-Identifier: BSD-2-Clause */
#include "lockfields.h"

#define CT_LF_NAME_(name, ...) [LF_##name] = #name,
const char *const ct_lock_field_names[LF_N] = {
	CT_LOCK_FIELDS(CT_LF_NAME_, CT_LF_NAME_, CT_LF_NAME_)
};
