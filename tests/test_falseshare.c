/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * `contend falseshare`: every layout of every experiment runs and passes
 * its own result check (each counter, the protected data and the combined
 * count equal the operations done), the records carry what the plots
 * read, and bad input exits 2. Whether packed is slower than padded on
 * this machine is logged, not asserted: a preempted vCPU can invert it.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <numa.h>
#include <string.h>
#include <unistd.h>

#include "harness/core/cc.h"
#include "harness/core/counters.h"
#include "harness/expt/falseshare.h"
#include "harness/core/mem.h"
#include "locks/ops.h"
#include "tests/support.h"
#include "expt_helpers.h"
#include "helpers.h"

static void quick(struct ct_fs_cfg *c)
{
	ct_fs_defaults(c);
	c->duration_s = CT_TEST_TSAN ? 0.01 : 0.03;
	c->warmup_s = 0.005;
}

/* One layout at n threads; returns ns/op, asserting its check held. */
static double run_layout(const struct ct_fs_cfg *c, enum ct_fs_exp exp,
			 const char *layout, unsigned n, struct ct_rec *rec)
{
	int cpus[8], numa[8];
	expt_cpus(n, cpus, numa);
	ct_rec_reset(rec);
	int rc = ct_fs_run_one(c, exp, layout, n, cpus, numa, rec);
	const struct ct_field *err = ct_rec_get(rec, "error");
	cr_assert_eq(rc, 0, "%s/%s: rc %d, %s, check: %s",
		     ct_fs_exp_names[exp], layout, rc, err ? err->s : "",
		     ct_rec_get(rec, "check") ? ct_rec_get(rec, "check")->s : "?");
	double ns = ct_rec_num_of(rec, "ns_per_op");
	/* Every thread descheduled for the whole window (a busy host, a
	 * spinning lock holder preempted) counts nothing: NA, not a bug. */
	if (ct_rec_num_of(rec, "threads_missed") == n) {
		cr_log_info("%s/%s: no thread saw the measured window",
			    ct_fs_exp_names[exp], layout);
		return NAN;
	}
	cr_expect(ns > 0 && isfinite(ns), "%s/%s: ns_per_op %g",
		  ct_fs_exp_names[exp], layout, ns);
	return ns;
}

struct layout {
	enum ct_fs_exp exp;
	const char *name;
};

static const struct layout every[] = {
	{ CT_FS_COUNTERS, "packed" },	   { CT_FS_COUNTERS, "line" },
	{ CT_FS_COUNTERS, "pair" },	   { CT_FS_LOCKDATA, "packed" },
	{ CT_FS_LOCKDATA, "separate" },	   { CT_FS_REPLICATED, "shared" },
	{ CT_FS_REPLICATED, "per-node" },  { CT_FS_REPLICATED, "per-thread" },
	{ CT_FS_REPLICATED, "per-thread-packed" },
#ifdef CT_HAVE_CK
	{ CT_FS_QNODES, "packed" },	   { CT_FS_QNODES, "padded" },
#endif
};

Test(falseshare, every_layout_runs_and_checks, .timeout = 60)
{
	struct ct_fs_cfg c;
	struct ct_rec rec;
	quick(&c);
	for (unsigned i = 0; i < CT_ARRAY_SIZE(every); i++) {
		double ns = run_layout(&c, every[i].exp, every[i].name, 2, &rec);
		cr_log_info("%s/%s at 2 threads: %.2f ns/op",
			    ct_fs_exp_names[every[i].exp], every[i].name, ns);
		cr_expect_str_eq(ct_rec_get(&rec, "family")->s, "falseshare");
		cr_expect_str_eq(ct_rec_get(&rec, "check")->s, "ok");
	}
}

/* The lock-protected data stays exact with a lock that has contexts. */
Test(falseshare, lockdata_with_queue_lock_and_cs, .timeout = 30)
{
	struct ct_fs_cfg c;
	struct ct_rec rec;
	quick(&c);
	c.lock = "mcs";
	c.data_words = 3;
	c.cs_ns = 50;
	run_layout(&c, CT_FS_LOCKDATA, "packed", 2, &rec);
	cr_expect_eq(ct_rec_num_of(&rec, "spacing_bytes"), 16,
		     "mcs's 16-byte lock: data right after it");
	run_layout(&c, CT_FS_LOCKDATA, "separate", 2, &rec);
	cr_expect_eq(ct_rec_num_of(&rec, "spacing_bytes"), 128);
}

Test(falseshare, shards_per_layout, .timeout = 30)
{
	struct ct_fs_cfg c;
	struct ct_rec rec;
	quick(&c);
	c.read_every = 10; /* many combining reads: they must not disturb */
	run_layout(&c, CT_FS_REPLICATED, "shared", 2, &rec);
	cr_expect_eq(ct_rec_num_of(&rec, "shards"), 1);
	cr_expect_gt(ct_rec_num_of(&rec, "reads"), 0);
	run_layout(&c, CT_FS_REPLICATED, "per-thread", 2, &rec);
	cr_expect_eq(ct_rec_num_of(&rec, "shards"), 2);
	run_layout(&c, CT_FS_REPLICATED, "per-node", 2, &rec);
	cr_expect_geq(ct_rec_num_of(&rec, "shards"), 1);
}

/* shard_nodes of a per-node run on cpus with nodes numa[0..2). */
static void per_node_run(const int *cpus, const int *numa, struct ct_rec *rec)
{
	struct ct_fs_cfg c;
	quick(&c);
	ct_rec_reset(rec);
	cr_assert_eq(ct_fs_run_one(&c, CT_FS_REPLICATED, "per-node", 2, cpus,
				   numa, rec), 0);
	cr_expect_eq(ct_rec_num_of(rec, "spacing_bytes"),
		     (double)ct_mem_page_size(), "a page per shard");
}

/* Each per-node shard lies on the node of the threads it serves. */
Test(falseshare, per_node_shards_on_their_nodes, .timeout = 30)
{
	int cpus[2], numa[2], fake[2] = { 0, 1 };
	char want[32];
	struct ct_rec rec;
	if (strcmp(ct_mem_policy(), "numa"))
		cr_skip_test("no libnuma placement on this machine");
	expt_cpus(2, cpus, numa);
	per_node_run(cpus, numa, &rec);
	if (numa[1] == numa[0])
		snprintf(want, sizeof(want), "%d", numa[0]);
	else
		snprintf(want, sizeof(want), "%d %d", numa[0], numa[1]);
	cr_expect_str_eq(ct_rec_get(&rec, "shard_nodes")->s, want);
	/* Two nodes asked for: shard 1 goes to node 1 where it exists, and
	 * the record says where it stayed where it does not. */
	per_node_run(cpus, fake, &rec);
	cr_expect_eq(ct_rec_num_of(&rec, "shards"), 2);
	cr_expect_str_eq(ct_rec_get(&rec, "shard_nodes")->s,
			 numa_max_node() >= 1 ? "0 1" : "0 0");
}

Test(falseshare, lock_too_big_to_share_a_line_is_refused, .timeout = 10)
{
	struct ct_fs_cfg c;
	char why[512];
	ct_fs_defaults(&c);
	c.lock = "clh"; /* its dummy node makes it 256 bytes */
	cr_expect_not(ct_fs_exp_supported(CT_FS_LOCKDATA, &c, why, sizeof(why)));
	cr_expect(strstr(why, "cannot share"), "%s", why);
	c.lock = "ttas";
	/* As many words as fit beside ttas in one 64-byte line. */
	c.data_words = (unsigned)((64 - ct_lock_ops_find("ttas")->lock_size) / 8);
	cr_assert_gt(c.data_words, 0);
	cr_expect(ct_fs_exp_supported(CT_FS_LOCKDATA, &c, why, sizeof(why)),
		  "%s", why);
}

/* Counters attached: a status string and, without a PMU, NA misses. */
Test(falseshare, counters_attach_to_runs, .timeout = 30)
{
	struct ct_fs_cfg c;
	struct ct_rec rec;
	quick(&c);
	c.counters = CT_CTR_ALL;
	run_layout(&c, CT_FS_COUNTERS, "packed", 2, &rec);
	const struct ct_field *hw = ct_rec_get(&rec, "hw_counters");
	const struct ct_field *miss = ct_rec_get(&rec, "cache_misses_per_op");
	cr_assert(hw && miss, "counter fields missing");
	cr_log_info("hw_counters: %s", hw->s);
	if (!strncmp(hw->s, "unavailable", 11))
		cr_expect_eq(miss->type, CT_V_NA);
	else
		cr_expect(ct_rec_num_of(&rec, "cycles") > 0);
	const struct ct_field *sw = ct_rec_get(&rec, "sw_counters");
	if (ct_rec_num_of(&rec, "threads_missed") > 0) /* counted nothing */
		cr_expect(strstr(sw->s, "not counted"), "%s", sw->s);
	else
		cr_expect_geq(ct_rec_num_of(&rec, "ctx_switches"), 0, "%s", sw->s);
}

/* Logged for the reader (cr_log_info: Criterion 2.4 exits 1 after any
 * cr_log_warn, so a noisy host must not warn); asserted only as "both
 * ran": the slowdown itself is a benchmark (contend falseshare). */
Test(falseshare, packed_vs_padded_is_reported, .timeout = 30)
{
	struct ct_fs_cfg c;
	struct ct_rec rec;
	int cpus[2], numa[2];
	quick(&c);
	if (expt_cpus(2, cpus, numa) < 2)
		cr_skip_test("one CPU: nothing to share a line with");
	double best_packed = INFINITY, best_pair = INFINITY;
	for (unsigned rep = 0; rep < 3; rep++) {
		best_packed = fmin(best_packed, run_layout(&c, CT_FS_COUNTERS,
							   "packed", 2, &rec));
		best_pair = fmin(best_pair, run_layout(&c, CT_FS_COUNTERS,
						       "pair", 2, &rec));
	}
	cr_log_info("counters at 2 threads: packed %.2f ns/op, pair %.2f ns/op, "
		    "slowdown %.2fx", best_packed, best_pair,
		    best_packed / best_pair);
	if (best_packed <= best_pair)
		cr_log_info("packed was not slower than padded: a noisy "
			    "host or CPUs that share a cache tile?");
}

Test(falseshare, cli_bad_input_exits_2, .timeout = 30)
{
	cr_expect_eq(expt_run("falseshare --exp nosuch"), 2);
	cr_expect(strstr(expt_out, "counters, lockdata, qnodes, replicated"),
		  "%s", expt_out);
	cr_expect_eq(expt_run("falseshare --exp lockdata --lock clh"), 2);
	cr_expect(strstr(expt_out, "cannot share"), "%s", expt_out);
	cr_expect_eq(expt_run("falseshare --exp lockdata --lock null"), 2);
	cr_expect_eq(expt_run("falseshare --lock nosuch"), 2);
	cr_expect(strstr(expt_out, "ttas"), "%s", expt_out);
	cr_expect_eq(expt_run("falseshare --data-words 9"), 2);
	cr_expect_eq(expt_run("falseshare --threads 0"), 2);
	cr_expect_eq(expt_run("falseshare --read-every x"), 2);
	cr_expect_eq(expt_run("falseshare --format xml"), 2);
}

Test(falseshare, cli_csv_rows_and_columns, .timeout = 60)
{
	cr_assert_eq(expt_run("falseshare --exp counters --threads 2 "
			      "--duration 20ms --warmup 0 --reps 2 "
			      "--format csv --quiet"), 0, "%s", expt_out);
	char *nl = strchr(expt_out, '\n');
	cr_assert_not_null(nl);
	*nl = 0;
	static const char *const cols[] = { "family", "exp", "layout", "kind",
		"reference", "spacing_bytes", "threads", "rep",
		"throughput_ops", "ns_per_op", "slowdown", "check" };
	for (unsigned i = 0; i < CT_ARRAY_SIZE(cols); i++)
		cr_expect(strstr(expt_out, cols[i]), "column %s missing: %s",
			  cols[i], expt_out);
	unsigned rows = 0;
	for (char *p = nl + 1; (p = strchr(p, '\n')); p++)
		rows++;
	cr_expect_eq(rows, 3 * 2 * 2, "3 layouts x 2 kinds x 2 reps");
	cr_expect(strstr(nl + 1, "falseshare,counters,pair,plain,pair,128,2"),
		  "%s", nl + 1);
	cr_expect(strstr(nl + 1, "falseshare,counters,pair,atomic,pair,128,2"),
		  "%s", nl + 1);
}

/* counters comes in two kinds, plain stores and lock-prefixed adds, each
 * layout of each kind checked and each kind against its own padded
 * reference (so the reference rows read exactly 1). */
Test(falseshare, counters_plain_and_atomic_kinds, .timeout = 60)
{
	struct ct_fs_cfg c;
	struct ct_rec rec;
	int cpus[2], numa[2];
	quick(&c);
	expt_cpus(2, cpus, numa);
	static const char *const kinds[] = { "plain", "atomic" };
	static const char *const layouts[] = { "packed", "line", "pair" };
	for (unsigned k = 0; k < 2; k++) {
		for (unsigned l = 0; l < 3; l++) {
			ct_rec_reset(&rec);
			cr_assert_eq(ct_fs_run_kind(&c, CT_FS_COUNTERS, kinds[k],
						    layouts[l], 2, cpus, numa,
						    &rec), 0, "%s/%s: %s",
				     kinds[k], layouts[l],
				     ct_rec_get(&rec, "check") ?
					     ct_rec_get(&rec, "check")->s : "?");
			cr_expect_str_eq(ct_rec_get(&rec, "kind")->s, kinds[k]);
		}
	}
	ct_rec_reset(&rec);
	cr_expect_eq(ct_fs_run_kind(&c, CT_FS_COUNTERS, "neither", "packed", 2,
				    cpus, numa, &rec), -1);

	cr_assert_eq(expt_run("falseshare --exp counters --threads 2 "
			      "--duration 20ms --warmup 0 --reps 1 --quiet"), 0,
		     "%s", expt_out);
	for (unsigned k = 0; k < 2; k++) {
		char want[96];
		snprintf(want, sizeof(want), "pair %6s   2", kinds[k]);
		const char *row = strstr(expt_out, want);
		cr_expect(row && strstr(row, " 1.00x ") &&
			  strstr(row, " 1.00x ") < row + strcspn(row, "\n"),
			  "the %s reference against itself:\n%s", kinds[k],
			  expt_out);
	}
	/* only counters has kinds: the others print NA */
	cr_assert_eq(expt_run("falseshare --exp replicated --threads 1 "
			      "--duration 10ms --warmup 0 --reps 1 --format csv "
			      "--quiet"), 0, "%s", expt_out);
	cr_expect(strstr(expt_out, "falseshare,replicated,shared,NA,"), "%s",
		  expt_out);
}

Test(falseshare, cli_jsonl_header_and_table, .timeout = 60)
{
	char path[] = "/tmp/contend-fs-XXXXXX";
	int fd = mkstemp(path);
	cr_assert(fd >= 0);
	close(fd);
	cr_assert_eq(expt_run("falseshare --exp replicated --threads 2 "
			      "--duration 20ms --warmup 0 --reps 1 --counters "
			      "--out %s", path), 0, "%s", expt_out);
	cr_expect(strstr(expt_out, "slowdown") && strstr(expt_out, "per-thread") &&
		  strstr(expt_out, "# hw_counters"), "table:\n%s", expt_out);
	FILE *f = fopen(path, "r");
	char line[16384];
	cr_assert(fgets(line, sizeof(line), f));
	cr_expect(strstr(line, "\"record\":\"header\"") &&
		  strstr(line, "\"hw_counters\":"), "header: %s", line);
	unsigned n = 0;
	while (fgets(line, sizeof(line), f)) {
		n++;
		cr_expect(strstr(line, "\"family\":\"falseshare\"") &&
			  strstr(line, "\"sw_counters\":"), "%s", line);
	}
	cr_expect_eq(n, 4, "4 layouts at 2 threads");
	fclose(f);
	unlink(path);
}

/* A lock too big for its data's line: the message says how many words fit
 * that lock and which locks take the words asked for, worked out - the
 * README once showed ticket with 6 words, and the message used to suggest
 * ticket itself as "a smaller lock". */
Test(falseshare, lockdata_too_big_names_what_fits, .timeout = 30)
{
	ct_test_expect_usage_error("falseshare --exp lockdata --lock ticket "
				   "--data-words 6",
				   "--data-words 5 at most for ticket");
	const char *fit = strstr(ct_test_out, "locks that fit 6 words: ");
	cr_assert_not_null(fit, "%s", ct_test_out);
	char list[512];
	snprintf(list, sizeof(list), "%s", fit + strlen("locks that fit 6 words: "));
	list[strcspn(list, ")")] = 0;
	bool ticket = false, mcs = false;
	for (char *save, *t = strtok_r(list, ", ", &save); t;
	     t = strtok_r(NULL, ", ", &save))
		ticket |= !strcmp(t, "ticket"), mcs |= !strcmp(t, "mcs");
	cr_expect(!ticket && mcs, "%s", fit);
}
