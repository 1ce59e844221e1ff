/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * One problem run: the child sets the solution up and runs the team; the
 * parent watches (probfork.h).
 */
#include "probrun.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Slack on top of warm-up + duration before a run counts as hung: the
 * watchdog's stall detection normally ends a hung run long before. */
#define CT_PROB_LIMIT_SLACK_S 120

static int job_child(void *arg)
{
	struct ct_prob_job *j = arg;
	struct ct_prob_shared *shm = j->shm;
	char *err = shm->err;
	atomic_init(&j->failed, 0);
	if (ct_probsync_init(&j->sync, j->c, j->n, j->hook, j->hook_arg,
			     j->numa[0], err, sizeof(shm->err)))
		return -1;
	double duration = j->c->duration_s;
	if (ct_team_run(&shm->team, j->nthreads, j->cpus, j->numa, j->worker,
			j, duration > 0 ? j->c->warmup_s : 0, duration, 0, err,
			sizeof(shm->err)))
		return -1;
	if (atomic_load(&j->failed)) {
		snprintf(err, sizeof(shm->err),
			 "could not allocate per-thread contexts");
		return -1;
	}
	return 0;
}

static uint64_t job_progress(void *arg)
{
	struct ct_prob_job *j = arg;
	return j->progress(j);
}

static bool job_circular(void *arg)
{
	struct ct_prob_job *j = arg;
	return j->circular && j->circular(j);
}

/* Fork and watch; v->ok unless the run did not finish. 0, or -1. */
static int job_exec(struct ct_prob_job *j, struct ct_prob_verdict *v)
{
	const struct ct_prob_cfg *c = j->c;
	struct ct_prob_watch w = {
		.shm = j->shm, .child = job_child, .progress = job_progress,
		.circular = job_circular, .arg = j,
		.stall_s = c->stall_s > 0 ? c->stall_s : ct_prob_default_stall(c),
		.limit_s = c->timeout_s > 0 ? c->timeout_s :
			   c->warmup_s + c->duration_s + CT_PROB_LIMIT_SLACK_S,
	};
	if (ct_prob_fork_run(&w, &v->out)) {
		snprintf(v->why, sizeof(v->why), "%s", v->out.why);
		return -1;
	}
	v->ok = true;
	bool result = v->out.end == CT_END_DEADLOCK &&
		      (c->algo->flags & CT_PROB_DEADLOCKS);
	if (v->out.end != CT_END_DONE && !result)
		ct_prob_fail(v, "%s: %s", ct_prob_end_name(v->out.end),
			     v->out.why);
	return 0;
}

int ct_prob_job_go(struct ct_prob_job *j, size_t bytes, struct ct_rec *rec,
		   struct ct_prob_verdict *v)
{
	memset(v, 0, sizeof(*v));
	j->shm_bytes = bytes;
	j->shm = ct_prob_shm_alloc(bytes);
	if (!j->shm) {
		snprintf(v->why, sizeof(v->why), "cannot map %zu bytes", bytes);
		return -1;
	}
	if (j->mapped)
		j->mapped(j);
	int rc = job_exec(j, v);
	if (!rc)
		j->report(j, rec, v);
	ct_prob_shm_free(j->shm, bytes);
	j->shm = NULL;
	return rc;
}

void *const *ct_prob_worker_start(struct ct_prob_job *j, unsigned tid)
{
	void *const *ctx = ct_probsync_ctx(&j->sync, tid);
	if (!ctx)
		atomic_fetch_add(&j->failed, 1);
	unsigned phase = ct_team_wait_start(&j->shm->team);
	/* STOP at the gate with no measured window: the team could not be
	 * started in full. A thread that reaches the gate only after a normal
	 * run's stop (a tiny --duration, oversubscribed) still takes part: its
	 * loop ends at once, but a producer must still count itself out so
	 * that the last one sends the consumers' pills. measure_start_ns is
	 * written before the release store of MEASURE, which precedes STOP's,
	 * and the gate's acquire load saw STOP: the plain read is ordered. */
	if (atomic_load(&j->failed) ||
	    (phase == CT_PHASE_STOP && !j->shm->team.measure_start_ns))
		return NULL;
	return ctx;
}
