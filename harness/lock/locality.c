/* SPDX-License-Identifier: BSD-2-Clause */
#include "locality.h"

#include "lockfields.h"

#include <math.h>
#include <stdio.h>

void ct_locality_record(struct ct_rec *rec, const struct ct_locality *sum,
			const struct ct_hist *lat, const int *node, unsigned n,
			unsigned vnodes)
{
	char text[1024];
	size_t used = 0;
	text[0] = 0;
	for (unsigned i = 0; i < n && used < sizeof(text); i++)
		used += (size_t)snprintf(text + used, sizeof(text) - used,
					 "%s%d", i ? " " : "", node[i]);
	ct_rec_int(rec, LF(vnodes), vnodes);
	ct_rec_str(rec, LF(nodes), "%s", text);
	ct_rec_int(rec, LF(local_handoff_samples), (long long)sum->handoffs);
	if (sum->handoffs)
		ct_rec_num(rec, LF(local_handoff_share),
			   (double)sum->local / (double)sum->handoffs);
	else
		ct_rec_na(rec, LF(local_handoff_share));
	uint64_t p50 = lat->count ? ct_hist_percentile(lat, 50) : 0;
	if (p50)
		ct_rec_num(rec, LF(starvation),
			   (double)ct_hist_percentile(lat, 100) / (double)p50);
	else
		ct_rec_na(rec, LF(starvation));
	ct_rec_int(rec, LF(parks), (long long)sum->parks);
}
