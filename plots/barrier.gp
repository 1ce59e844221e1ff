# Barrier episode latency vs threads, per algorithm (median, p25-p75).
# Drawn from the barrier family's export (see harness/matrix/family.c).
if (!exists("dir")) dir = "plots/"
if (!exists("series")) series = ""
load dir."common.gp"
set title ftitle("Barrier latency vs threads (median, p25-p75)") noenhanced
set logscale x 2
set logscale y 10
set format y "%g"
set xlabel "threads"
set ylabel "ns per episode (p50 latency)"
set offsets graph 0.05, graph 0.05, 0, 0
plot for [i=1:nseries] data \
	using (in_series(word(series, i), "threads")):(column("lat_p50_ns")):(column("lat_p50_ns_p25")):(column("lat_p50_ns_p75")) \
	with yerrorlines lw 2 pt 7 ps 0.6 title word(series, i)
