/* SPDX-License-Identifier: BSD-2-Clause */
#include "lockfields.h"

const struct ct_lock_fields ct_lock_fields = {
	CT_LOCK_FIELDS(CT_FIELD_INIT, CT_FIELD_INIT, CT_FIELD_INIT)
};
