# Throughput vs threads (left) beside the share of hand-offs that stayed
# on the releaser's node (right), per lock: NUMA-aware locks trade
# fairness across nodes for locality; run with --vnodes N on a machine
# without NUMA. Medians with p25-p75 error bars.
if (!exists("dir")) dir = "plots/"
if (!exists("series")) series = ""
w = 960
h = 400
load dir."common.gp"
set multiplot layout 1, 2 title ftitle("Throughput and hand-off locality vs threads") noenhanced
set logscale x 2
set xlabel "threads"
set offsets graph 0.05, graph 0.05, 0, 0
set key top left noenhanced
set title "throughput"
set ylabel "Mops/s"
plot for [i=1:nseries] data \
	using (in_series(word(series, i), "threads")):(column("throughput_ops")/1e6):(column("throughput_ops_p25")/1e6):(column("throughput_ops_p75")/1e6) \
	with yerrorlines lw 2 pt 7 ps 0.6 title word(series, i)
set title "local hand-off share"
set ylabel "share of hand-offs to the releaser's node"
set yrange [0:1.05]
plot for [i=1:nseries] data \
	using (in_series(word(series, i), "threads")):(column("local_handoff_share")):(column("local_handoff_share_p25")):(column("local_handoff_share_p75")) \
	with yerrorlines lw 2 pt 7 ps 0.6 title word(series, i)
unset multiplot
