# Handoff latency as a multiple of the c2c round trip, per lock: median
# handoff (p25-p75 error bars) over c2c_ref, the round-trip floor the
# runs measured; one marker per thread count >= 2 (one thread has no
# handoff). Log y: a preempted lock holder costs thousands.
if (!exists("dir")) dir = "plots/"
if (!exists("series")) series = ""
load dir."common.gp"
set title ftitle("Handoff latency / c2c round trip (median, p25-p75)") noenhanced
set ylabel "c2c round trips"
set logscale y 10
set format y "%g"
set xrange [-0.6:nseries - 0.4]
set xtics rotate by -30 noenhanced ()
do for [i=1:nseries] { set xtics add (word(series, i) i - 1) }
set arrow from graph 0, first 0.5 to graph 1, first 0.5 nohead dt 2 lc rgb "#aa0000"
set arrow from graph 0, first 1 to graph 1, first 1 nohead dt 3 lc rgb "#555555"
set label "one line transfer" at graph 0.01, first 0.5 offset 0, 0.6 tc rgb "#aa0000" font ",8"
set label "one round trip" at graph 0.01, first 1 offset 0, 0.6 tc rgb "#555555" font ",8"
# Thread counts with a handoff: from the first above 1 (k0..nxs), each
# offset side by side.
k0 = word(xs, 1) + 0 > 1 ? 1 : 2
off(k) = nxs > k0 ? (k - k0 - (nxs - k0) / 2.0) * 0.6 / (nxs - k0 + 1) : 0
plot for [k=k0:nxs] data \
	using (cat_x(word(xs, k) + 0) + off(k)):(column("handoff_ns") / column("c2c_ref")):(column("handoff_ns_p25") / column("c2c_ref")):(column("handoff_ns_p75") / column("c2c_ref")) \
	with yerrorbars pt 7 ps 0.9 lw 2 title sprintf("%s threads", word(xs, k))
