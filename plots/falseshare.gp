# False sharing: the slowdown of each layout against its padded reference
# (ns/op / reference ns/op, same repetition) vs threads, one panel per
# experiment; the replicated counter as throughput vs threads. Points are
# the mean over repetitions (`smooth unique`); the table shows medians.
#
#   contend falseshare --format csv > fs.csv
#   gnuplot -e "data='fs.csv'; out='falseshare.png'" plots/falseshare.gp
#
# Columns are picked by header name: exp, layout, kind, threads, slowdown,
# throughput_ops. Loads common.gp (terminal, CSV, NA handling); set dir
# when not running from the repository root.
if (!exists("dir")) dir = "plots/"
if (!exists("series")) series = ""
if (!exists("xs")) xs = ""
w = 1000
h = 760
load dir."common.gp"

# Rows of experiment E, layout word(L, i), copied into $T as "i threads
# value" with each layout's rows together, so that `smooth unique` sees
# every layout as one unbroken run of points (rows of other layouts in
# between would cut it into pieces). C: the column, S: a scale factor.
# A counters layout is named with its kind ("plain:packed", "atomic:pair").
name(E) = E eq "counters" ? strcol("kind").":".strcol("layout") : strcol("layout")
collect = 'set table $T; do for [i=1:words(L)] { plot data using (i):(column("threads")):(column(C) * S) with table if (strcol("exp") eq E && name(E) eq word(L, i)) }; unset table'
draw = 'set datafile nocolumnheaders; set datafile separator whitespace; plot for [i=1:words(L)] $T using ($1 == i ? $2 : NaN):3 smooth unique with linespoints lw 2 pt 7 title word(L, i); set datafile columnheaders; set datafile separator ","'

set multiplot layout 2, 2 title "False sharing: packed vs padded (contend falseshare)" noenhanced
set logscale x 2
set xlabel "threads"
set offsets graph 0.05, graph 0.05, graph 0.05, 0
set key inside left top noenhanced
set ylabel "slowdown vs padded (x)"
set logscale y 2
set format y "%gx"
C = "slowdown"
S = 1

set title "per-thread counters 8 B, 64 B, 128 B apart: plain and atomic adds" noenhanced
E = "counters"; L = "plain:packed plain:line plain:pair atomic:packed atomic:line atomic:pair"
eval collect; eval draw

set title "lock word with its data vs separate" noenhanced
E = "lockdata"; L = "packed separate"
eval collect; eval draw

set title "MCS queue nodes 16 B vs 128 B apart" noenhanced
E = "qnodes"; L = "packed padded"
eval collect; eval draw

set title "replicated counter (Tornado-style shards)" noenhanced
unset logscale y
set format y "%g"
set yrange [0:*]
set ylabel "Mops/s, all threads"
E = "replicated"; L = "shared per-node per-thread-packed per-thread"
C = "throughput_ops"; S = 1e-6
eval collect; eval draw
unset multiplot
