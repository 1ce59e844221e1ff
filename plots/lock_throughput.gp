# Throughput vs threads, one panel per lock: median with p25-p75 error
# bars, and the ideal linear scaling from the smallest thread count; every
# panel on the same y range.
if (!exists("dir")) dir = "plots/"
if (!exists("series")) series = ""
n = words(series)
cols = n < 3 ? n : (n < 7 ? 3 : 4)
cols = cols < 1 ? 1 : cols
rows = int(ceil(n * 1.0 / cols))
w = 320 * cols
h = 240 * rows + 50
load dir."common.gp"
# One y range for every panel (this facet's p25..p75 over all locks), so
# panels compare at a glance.
in_facet(c) = strcol("facet") eq facet ? column(c) / 1e6 : NaN
stats data using (in_facet("throughput_ops_p25")) nooutput
ylo = STATS_min > 0 ? STATS_min / 1.5 : 1e-6
stats data using (in_facet("throughput_ops_p75")) nooutput
yhi = STATS_max * 1.5
set yrange [ylo : yhi]
if (nxs > 0) { set xrange [(word(xs, 1) + 0) / 1.5 : (word(xs, nxs) + 0) * 1.5] }
set multiplot layout rows, cols title ftitle("Throughput vs threads (median, p25-p75; dashed: ideal scaling)") noenhanced
set logscale x 2
set logscale y 10
set format y "%g"
set ylabel "Mops/s"
set xlabel "threads"
set offsets graph 0.08, graph 0.08, 0, 0
unset key
do for [i=1:n] {
	s = word(series, i)
	set title s noenhanced
	plot data using (in_series(s, "threads")):(column("throughput_ops")/1e6):(column("throughput_ops_p25")/1e6):(column("throughput_ops_p75")/1e6) with yerrorlines lw 2 pt 7 ps 0.6 lc 1, \
	     data using (in_series(s, "threads")):(column("throughput_ops_ideal")/1e6) with lines dt 2 lc rgb "#888888"
}
unset multiplot
