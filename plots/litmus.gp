# Litmus outcomes per million trials: one bar per (test, variant). Blue:
# the outcome is allowed by the variant's C11 code (the machine may show
# it); red: forbidden (the bar must be absent, the label must say 0).
# Grey: the test's second outcome (milk: no milk; peterson: lost updates).
#
#   contend litmus --format csv > litmus.csv
#   gnuplot -e "data='litmus.csv'; out='litmus.png'" plots/litmus.gp
#
# Columns by header name: test, variant, weak_per_million, expect,
# weak_outcome, aux_per_million. Log scale: a zero has no bar, only "0".
if (!exists("dir")) dir = "plots/"
if (!exists("series")) series = ""
if (!exists("xs")) xs = ""
w = 1100
h = 560
load dir."common.gp"

set title "Litmus outcomes per million trials (contend litmus)" noenhanced
set ylabel "per million (log)"
set logscale y 10
set yrange [0.5:2e6]
set format y "10^{%L}"
set xtics rotate by -40 noenhanced
set style fill solid 0.7 border -1
set key inside right top noenhanced
set boxwidth 0.38
unset xlabel

label(t, v) = sprintf("%s %s", t, v)
pos(x) = x > 0 ? x : NaN
colour(e) = e eq "forbidden" ? 0xcc2222 : 0x3366cc

plot data using ($0 - 0.2):(pos(column("weak_per_million"))):(colour(strcol("expect"))):xticlabels(label(strcol("test"), strcol("variant"))) \
	with boxes lc rgb variable title "counted outcome (r1=r2=0 / both in CS / too much); red = forbidden", \
     data using ($0 + 0.2):(pos(column("aux_per_million"))) with boxes lc rgb "#999999" \
	title "other outcome (peterson: lost update, milk: no milk)", \
     data using ($0 - 0.2):(column("weak_per_million") > 0 ? column("weak_per_million") * 1.4 : 0.7):(sprintf("%.0f", column("weak_per_million"))) \
	with labels font ",8" notitle
