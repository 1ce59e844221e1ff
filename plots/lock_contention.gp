# The contention triad, per lock against threads: throughput (log-log),
# coherence transfers per acquisition by design at the measured waiters
# (transfers_per_acquire, harness/lock/contention.h), and handoff latency
# in c2c round trips. Medians; error bars p25-p75 over repetitions.
# Read together: a lock whose transfers grow with the waiters (ticket,
# TAS family) slows as threads are added; one whose transfers stay flat
# (MCS, CLH, Anderson) hands off in about the same round trips. Where
# threads exceed CPUs, a handoff waits for a preempted thread: the round
# trips jump while the transfers do not, so preemption, not traffic,
# dominates.
if (!exists("dir")) dir = "plots/"
if (!exists("series")) series = ""
w = 1500
h = 520
load dir."common.gp"
set multiplot layout 1, 3 title ftitle("Contention triad: throughput, transfers per acquisition, handoff") noenhanced
set logscale x 2
set xlabel "threads"
set offsets graph 0.05, graph 0.05, 0, 0
set key inside top right font ",8"

set logscale y 10
set format y "%g"
set ylabel "Mops/s"
set title "throughput"
plot for [i=1:nseries] data \
	using (in_series(word(series, i), "threads")):(column("throughput_ops")/1e6):(column("throughput_ops_p25")/1e6):(column("throughput_ops_p75")/1e6) \
	with yerrorlines lw 2 pt 7 ps 0.6 title word(series, i)

unset logscale y
set yrange [0:*]
set ylabel "cache-line transfers per acquisition (design)"
set title "transfers per acquisition"
unset key
plot for [i=1:nseries] data \
	using (in_series(word(series, i), "threads")):(column("transfers_per_acquire")):(column("transfers_per_acquire_p25")):(column("transfers_per_acquire_p75")) \
	with yerrorlines lw 2 pt 7 ps 0.6 title word(series, i)

# One thread, or no c2c reference: no handoff to draw; the reference
# line keeps the panel (and the figure) valid.
set logscale y 10
set yrange [0.1:*]
set ylabel "c2c round trips"
set title "handoff / c2c round trip"
plot for [i=1:nseries] data \
	using (in_series(word(series, i), "threads")):(column("handoff_ns")/column("c2c_ref")):(column("handoff_ns_p25")/column("c2c_ref")):(column("handoff_ns_p75")/column("c2c_ref")) \
	with yerrorlines lw 2 pt 7 ps 0.6 title word(series, i), \
	1 with lines dt 3 lc rgb "#555555" title "one round trip"
unset multiplot
