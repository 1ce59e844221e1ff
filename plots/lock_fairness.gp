# Fairness: Jain's index of per-thread acquisitions vs threads, per lock.
if (!exists("dir")) dir = "plots/"
if (!exists("series")) series = ""
load dir."common.gp"
set title ftitle("Fairness: Jain's index (median, p25-p75)") noenhanced
set logscale x 2
set xlabel "threads"
set ylabel "Jain's index"
set yrange [0:1.05]
set offsets graph 0.05, graph 0.05, 0, 0
plot for [i=1:nseries] data \
	using (in_series(word(series, i), "threads")):(column("jain")):(column("jain_p25")):(column("jain_p75")) \
	with yerrorlines lw 2 pt 7 ps 0.6 title word(series, i)
