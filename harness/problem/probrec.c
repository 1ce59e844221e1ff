/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Record fields every problem writes: the configuration, histograms as
 * percentiles, the measured window and the validation verdict.
 */
#include "probrun.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "harness/core/timing.h"

double ct_prob_window_s(const struct ct_prob_shared *shm, uint64_t end_ns)
{
	const struct ct_team *t = &shm->team;
	uint64_t from = t->measure_start_ns, to = t->measure_end_ns;
	if (!from)
		return NAN;
	if (!to || (end_ns && end_ns < to))
		to = end_ns;
	return to > from ? (double)(to - from) / 1e9 : NAN;
}

void ct_prob_put_hist(struct ct_rec *rec, const char *const keys[5],
		      const struct ct_hist *h)
{
	static const double pct[4] = { 50, 99, 99.9, 100 };
	for (unsigned i = 0; i < 4; i++)
		if (keys[i])
			ct_rec_num(rec, keys[i],
				   h->count ? ct_ticks_to_ns((double)
					   ct_hist_percentile(h, pct[i])) : NAN);
	if (keys[4])
		ct_rec_num(rec, keys[4],
			   h->count ? ct_ticks_to_ns(ct_hist_mean(h)) : NAN);
}

void ct_prob_hist_add(struct ct_hist *dst, const struct ct_hist *src)
{
	if (src->count)
		ct_hist_merge(dst, src);
}

static const char *prob_wait_name(const struct ct_prob_cfg *c)
{
	bool spins = (c->algo->flags & CT_PROB_WAITS) ||
		     (ct_prob_uses_mutex(c) && strcmp(c->mutex, "sem"));
	if (!spins)
		return "native";
	return ct_wait_name(c->lock.wait.policy);
}

void ct_prob_put_config(struct ct_rec *rec, const struct ct_prob_cfg *c,
			const int *cpus, unsigned n)
{
	static const char *const sems[] = { "posix", "futex" };
	ct_rec_str(rec, "family", "problem");
	ct_rec_str(rec, "problem", "%s", ct_problems[c->problem].name);
	ct_rec_str(rec, "variant", "%s", c->algo->name);
	ct_rec_str(rec, "mutex", "%s", ct_prob_uses_mutex(c) ? c->mutex : "-");
	ct_rec_str(rec, "sem", "%s",
		   ct_prob_uses_sem(c) ? sems[c->sem_kind] : "-");
	if (ct_prob_uses_sem(c) && c->sem_kind == CT_SEM_FUTEX)
		ct_rec_int(rec, "sem_spin", c->sem_spin);
	else
		ct_rec_na(rec, "sem_spin");
	ct_rec_str(rec, "wait", "%s", prob_wait_name(c));
	ct_rec_int(rec, "threads", n);
	ct_rec_cpus(rec, cpus, n);
}

void ct_prob_put_verdict(struct ct_rec *rec, const struct ct_prob_verdict *v)
{
	ct_rec_str(rec, "end", "%s", ct_prob_end_name(v->out.end));
	ct_rec_str(rec, "check", "%s", v->ok ? "ok" : "FAIL");
	ct_rec_str(rec, "check_detail", "%s", v->why[0] ? v->why : "-");
}

void ct_prob_fail(struct ct_prob_verdict *v, const char *fmt, ...)
{
	size_t used = strlen(v->why);
	va_list ap;
	v->ok = false;
	if (used && used + 2 < sizeof(v->why))
		used += (size_t)snprintf(v->why + used, sizeof(v->why) - used,
					 "; ");
	va_start(ap, fmt);
	if (used < sizeof(v->why))
		vsnprintf(v->why + used, sizeof(v->why) - used, fmt, ap);
	va_end(ap);
}
