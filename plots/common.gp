# plots/common.gp - loaded by every figure script.
#
# contend plot passes: dir (this directory, with a slash), data (a CSV
# from `contend export`), out (the file to write), fmt (png or svg),
# series (space-separated series labels), xs (space-separated distinct x
# values). A script may set w and h (pixels) before loading this file.
# Columns are picked by header name only. By hand:
#   gnuplot -e "data='lock.csv'; out='t.png'; series='tas mcs'" \
#           plots/lock_throughput_all.gp
if (!exists("fmt")) fmt = "png"
if (!exists("series")) series = ""
if (!exists("xs")) xs = ""
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

# The row's value of column c when its series is s, else invalid.
in_series(s, c) = strcol("series") eq s ? column(c) : NaN
# The row's value of column c when its x column equals x, else invalid.
at_x(x, c) = column(xcol) == x ? column(c) : NaN
if (!exists("xcol")) xcol = "threads"
nseries = words(series)
nxs = words(xs)
