# Acquire latency percentiles per lock, one panel per thread count:
# p50 (median over repetitions, p25-p75 error bar), p90, p99, p99.9.
if (!exists("dir")) dir = "plots/"
if (!exists("series")) series = ""
n = words(xs)
w = 900
h = 330 * n + 40
load dir."common.gp"
set multiplot layout n, 1 title ftitle("Acquire latency percentiles (ns, log scale)") noenhanced
set logscale y 10
set format y "%g"
set ylabel "ns"
set xrange [-0.6:nseries - 0.4]
set xtics rotate by -30 noenhanced ()
do for [i=1:nseries] { set xtics add (word(series, i) i - 1) }
do for [j=1:n] {
	t = word(xs, j) + 0
	set title sprintf("%d thread%s", t, t == 1 ? "" : "s")
	plot data using (cat_x(t)):(column("lat_p50_ns")):(column("lat_p50_ns_p25")):(column("lat_p50_ns_p75")) with yerrorbars pt 7 ps 0.8 lw 2 title "p50", \
	     data using (cat_x(t)):(column("lat_p90_ns")) with points pt 5 ps 0.7 title "p90", \
	     data using (cat_x(t)):(column("lat_p99_ns")) with points pt 9 ps 0.9 title "p99", \
	     data using (cat_x(t)):(column("lat_p999_ns")) with points pt 11 ps 0.9 title "p99.9"
}
unset multiplot
