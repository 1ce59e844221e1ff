# Real programs on our locks (`contend run`): a figure per program, each
# lock's speed over pthread-mutex's through the interposer (1: the same;
# above 1: the program ran faster). Speed is the program's own figure
# turned so that higher is better (1/time for times). Bars: medians over
# repetitions; error bars: their p25-p75 over the same reference. The
# paired per-repetition intervals are in `contend run`'s table.
if (!exists("dir")) dir = "plots/"
xcol = "lock"
load dir."common.gp"
set title ftitle("Program speed relative to pthread-mutex (median, p25-p75)") noenhanced
ref = NaN
# The reference: this facet's pthread-mutex row (assigned while stats
# scans; every row counts 1 so the scan never comes up empty).
stats data using ((strcol("facet") eq facet && strcol("lock") eq "pthread-mutex") ? (ref = column("speed"), 1) : 1) nooutput
if (ref != ref || ref <= 0) {
	ref = 1
	set ylabel "speed (no pthread-mutex row: not normalized)"
} else {
	set ylabel "speed / pthread-mutex's"
}
# x: the lock's place among this facet's locks (xs, in run order).
xpos_from(s, i) = i > nxs ? NaN : (word(xs, i) eq s ? i - 1 : xpos_from(s, i + 1))
xpos(s) = xpos_from(s, 1)
bw = 0.8 / (nseries > 0 ? nseries : 1)
# Rows of series i only (others: invalid, not drawn).
xat(i) = strcol("series") eq word(series, i) ? xpos(strcol("lock")) - 0.4 + bw * (i - 0.5) : NaN
yat(i, c) = strcol("series") eq word(series, i) ? column(c) / ref : NaN
set xrange [-0.6 : (nxs > 0 ? nxs : 1) - 0.4]
set yrange [0 : *]
set xtics () rotate by -30 noenhanced
do for [k=1:nxs] { set xtics add (word(xs, k) k - 1) }
set style fill solid 0.45 border -1
set boxwidth bw
set arrow from graph 0, first 1 to graph 1, first 1 nohead dt 2 lc rgb "#555555"
# One series (the usual case): the title names it, the bars get the width.
if (nseries <= 1) { unset key } else { set key below noenhanced }
plot for [i=1:nseries] data \
	using (xat(i)):(yat(i, "speed")) \
	with boxes title word(series, i), \
     for [i=1:nseries] data \
	using (xat(i)):(yat(i, "speed")):(yat(i, "speed_p25")):(yat(i, "speed_p75")) \
	with yerrorbars lc rgb "#333333" pt 0 notitle
