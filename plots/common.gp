# plots/common.gp - loaded by every figure script.
#
# contend plot passes: dir (this directory, with a slash), data (a CSV
# from `contend export`), out (the file to write), fmt (png or svg),
# series (space-separated series labels of one facet), xs (its distinct x
# values) and facet (its name, "all" when the results have one). A script
# may set w and h (pixels) before loading this file.
# Columns are picked by header name only. By hand:
#   gnuplot -e "data='lock.csv'; out='t.png'; series='tas mcs'" \
#           plots/lock_throughput_all.gp
if (!exists("fmt")) fmt = "png"
if (!exists("series")) series = ""
if (!exists("xs")) xs = ""
if (!exists("facet")) facet = "all"
if (!exists("w")) w = 900
if (!exists("h")) h = 560
if (fmt eq "svg") {
	set terminal svg size w, h dynamic enhanced font "Sans,11" background rgb "white"
} else {
	set terminal pngcairo size w, h enhanced font "Sans,10" background rgb "white"
}
set output out
set datafile separator ","
set datafile missing "NA"
set datafile columnheaders
set grid back lc rgb "#dddddd"
set key outside right top noenhanced
set tics nomirror
set border 3
set style data linespoints
set bars small

if (!exists("xcol")) xcol = "threads"
# The row's value of column c when its series is s, else invalid.
in_series(s, c) = strcol("series") eq s ? column(c) : NaN
# Position of word s in series (0, 1, ...; invalid if absent): the x of a
# categorical plot, so a facet's series sit side by side.
idx_from(s, i) = i > nseries ? NaN : (word(series, i) eq s ? i - 1 : idx_from(s, i + 1))
idx(s) = idx_from(s, 1)
# That position for rows whose x column equals x, else invalid.
cat_x(x) = column(xcol) == x ? idx(strcol("series")) : NaN
# A title with the facet drawn, if there are several.
ftitle(t) = facet eq "all" ? t : t . " - " . facet
nseries = words(series)
nxs = words(xs)
# One x value: a range around it, not an empty one (a numeric x only: the
# run family's x is the lock's name).
if (nxs == 1 && xcol ne "lock") {
	if (word(xs, 1) + 0 > 0) {
		set xrange [(word(xs, 1) + 0) * 0.5 : (word(xs, 1) + 0) * 2]
	}
}
