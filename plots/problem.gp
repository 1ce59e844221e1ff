# Semaphore problems: throughput vs threads, a figure per problem (the
# facet leads with it), a line per variant (median, p25-p75). Drawn from
# the problem family's export; threads is every thread of the run
# (bounded-buffer: producers + consumers).
if (!exists("dir")) dir = "plots/"
if (!exists("series")) series = ""
load dir."common.gp"
set title ftitle("Problem throughput vs threads (median, p25-p75)") noenhanced
set logscale x 2
set format y "%g"
set xlabel "threads"
set ylabel "M items / ops / meals per s"
set offsets graph 0.05, graph 0.05, 0, 0
plot for [i=1:nseries] data \
	using (in_series(word(series, i), "threads")):(column("throughput_ops")/1e6):(column("throughput_ops_p25")/1e6):(column("throughput_ops_p75")/1e6) \
	with yerrorlines lw 2 pt 7 ps 0.6 title word(series, i)
