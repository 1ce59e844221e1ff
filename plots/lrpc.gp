# LRPC call latency vs argument size, per transport (median, p25-p75).
# Drawn from the lrpc family's export (x: arg_bytes).
if (!exists("dir")) dir = "plots/"
if (!exists("series")) series = ""
xcol = "arg_bytes"
load dir."common.gp"
set title ftitle("LRPC latency vs argument size (median, p25-p75)") noenhanced
set logscale x 2
set logscale y 10
set format y "%g"
set xlabel "argument bytes"
set ylabel "ns per call (p50)"
set offsets graph 0.05, graph 0.05, 0, 0
# One argument size (the null call's 0 bytes): a linear axis around it.
if (nxs == 1) {
	x0 = word(xs, 1) + 0
	unset logscale x
	set xrange [x0 - 1 : x0 + 1]
	set xtics (x0)
}
plot for [i=1:nseries] data \
	using (in_series(word(series, i), "arg_bytes")):(column("lat_p50_ns")):(column("lat_p50_ns_p25")):(column("lat_p50_ns_p75")) \
	with yerrorlines lw 2 pt 7 ps 0.6 title word(series, i)
